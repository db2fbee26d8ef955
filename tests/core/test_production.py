"""Production is the default: without the demo switch nothing demo-only is served, and a
missing or unsafe setting stops the start with one line that names it."""
import os
import subprocess
import sys

import httpx
import pytest

from app import create_app
from app.config_checks import ConfigError
from tests.gunicorn import serving
from tests.production import ROOT, flask, production_env, readme_production_variables
from tests.simulator import free_port

DEMO_ONLY_PATHS = ["/dev/sms", "/dev/courriels", "/_simulator/payer", "/_simulator/control/transactions"]


@pytest.fixture
def prod_env(pg_database, simulator, tmp_path):
    from tests.conftest import REDIS_URL

    return production_env(pg_database, REDIS_URL, str(tmp_path), simulator.url, free_port())


def test_start_without_the_demo_switch_or_settings_names_what_is_missing_in_one_line(tmp_path):
    env = {"PATH": os.environ["PATH"], "INSTANCE_PATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "PUBLIC_BASE_URL", "SMS_PROVIDER",
                 "MAIL_PROVIDER", "PAYGATE_AUTH_TOKEN"):
        assert name in lines[0]
    assert not os.path.exists(tmp_path / "secret_key"), "no secret is invented outside the demo"


@pytest.mark.parametrize("name", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "PUBLIC_BASE_URL",
                                  "SMS_PROVIDER", "AT_API_KEY", "MAIL_PROVIDER", "PAYGATE_AUTH_TOKEN"])
def test_each_setting_of_the_readme_is_needed(prod_env, name):
    names = [n for n in readme_production_variables() if n != name]
    env = production_env(prod_env["DATABASE_URL"], prod_env["REDIS_URL"], prod_env["INSTANCE_PATH"],
                         prod_env["AT_BASE_URL"].rsplit("/", 1)[0], 1, names=names)
    done = flask(env, "routes")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Karangou will not start:") and name in done.stderr


@pytest.mark.parametrize("setting, value, said", [
    ("PAYMENTS_SIMULATOR", True, "PAYMENTS_SIMULATOR=true is demo-only"),
    ("SMS_PROVIDER", "outbox", "SMS_PROVIDER=outbox is demo-only"),
    ("MAIL_PROVIDER", "outbox", "MAIL_PROVIDER=outbox is demo-only"),
    ("JOBS_INLINE", True, "JOBS_INLINE=true is demo-only"),
    ("RATELIMIT_STORAGE_URI", "memory://", "RATELIMIT_STORAGE_URI=memory:// is demo-only"),
    ("SQLALCHEMY_DATABASE_URI", "sqlite:///karangou.db", "DATABASE_URL must name PostgreSQL"),
])
def test_demo_behaviour_is_refused_outside_the_demo(prod_env, tmp_path, setting, value, said):
    config = {"DEMO": False, "SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": prod_env["DATABASE_URL"],
              "REDIS_URL": prod_env["REDIS_URL"], "MEDIA_ROOT": str(tmp_path / "media"),
              "PUBLIC_BASE_URL": "https://karangou.example", "SMS_PROVIDER": "africastalking",
              "AT_USERNAME": "karangou", "AT_API_KEY": "key", "MAIL_PROVIDER": "off",
              "PAYGATE_AUTH_TOKEN": "token", "INSTANCE_PATH": str(tmp_path / "instance")}
    create_app(config)  # the safe configuration starts
    with pytest.raises(ConfigError, match=said):
        create_app({**config, setting: value})


def test_the_readme_production_block_starts_an_instance_with_no_demo_surface(prod_env):
    assert "KARANGOU_DEMO" not in prod_env
    migrated = flask(prod_env, "db", "upgrade")
    assert migrated.returncode == 0, migrated.stderr
    routes = flask(prod_env, "routes")
    assert routes.returncode == 0, routes.stderr
    assert "/dev/" not in routes.stdout and "demo." not in routes.stdout
    with serving(prod_env, os.path.dirname(prod_env["MEDIA_ROOT"]), workers=2) as served:
        url = served.url
        assert httpx.get(url + "/", timeout=10).status_code == 200
        for path in DEMO_ONLY_PATHS:
            assert httpx.get(url + path, timeout=10).status_code == 404, path
        refused = httpx.post(url + "/_simulator/paygate/api/v1/pay", timeout=10,
                             json={"auth_token": "sim-paygate-token", "phone_number": "90000001", "amount": 500})
        assert refused.status_code in (404, 405)
        sign_in = httpx.get(url + "/connexion", timeout=10).text
        assert "simul" not in sign_in.lower()
