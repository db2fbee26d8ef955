"""Karangou configured the production way for the tests: exactly the README's variables, no demo switch."""
import os
import re
import subprocess
import sys
import uuid

from app.simulator import client_settings
from tests.simulator import ROOT

README = os.path.join(ROOT, "README.md")


def readme_production_variables():
    """The names the README's production block exports, in its order."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    block = re.search(r"## Production set-up\n.*?```sh\n(.*?)```", text, re.S).group(1)
    names = []
    for line in block.splitlines():
        if line.startswith("export "):
            names += re.findall(r"(?:^export |\s)([A-Z][A-Z0-9_]*)=", line.split("#", 1)[0])
    return names


def production_env(database_url, redis_url, folder, simulator_url, smtp_port, names=None):
    """Exactly the README's production variables, each given a value that works on loopback,
    plus the providers' base URLs pointed at the simulator (production keeps their defaults)."""
    working = {
        "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": uuid.uuid4().hex * 2,
        "MEDIA_ROOT": os.path.join(folder, "media"), "PUBLIC_BASE_URL": "http://127.0.0.1:9",
        "COOKIE_SECURE": "true", "URL_SCHEME": "https", "TRUSTED_PROXIES": "1",
        "SMS_PROVIDER": "africastalking", "MAIL_PROVIDER": "smtp", "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port), "MAIL_USE_TLS": "false", "MAIL_FROM": "nouvelles@karangou.example",
        "RQ_QUEUE": f"karangou-prod-{uuid.uuid4().hex[:8]}", "AT_SENDER_ID": "KARANGOU",
        **client_settings(simulator_url),
    }
    names = readme_production_variables() if names is None else names
    missing = [name for name in names if name not in working]
    assert not missing, f"no test value for {missing}"
    env = {name: working[name] for name in names}
    env.update({key: value for key, value in client_settings(simulator_url).items() if key.endswith("_BASE_URL")})
    env.update(PATH=os.environ["PATH"], INSTANCE_PATH=os.path.join(folder, "instance"), FLASK_APP="wsgi")
    return env


def flask(env, *args):
    return subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
