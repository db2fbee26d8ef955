"""/healthz answers without the database; /readyz says whether this node can serve, and why not."""
import json

from tests.ops.conftest import DEAD_REDIS


def test_healthz_answers_ok_and_is_never_stored(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"ok": True}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_answers_while_redis_is_down(other_app):
    client = other_app(REDIS_URL=DEAD_REDIS).test_client()
    assert client.get("/healthz").status_code == 200


def test_readyz_is_ready_when_database_redis_and_storage_work(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["ready"] is True
    assert answer["database"]["ok"] and answer["redis"]["ok"] and answer["storage"]["ok"]
    assert set(answer["queues"]) == {"default", "transcode"}
    assert answer["queues"]["default"] == {"depth": 0, "oldest_s": 0}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_and_names_redis_when_redis_is_down(other_app, pg_database):
    app = other_app(REDIS_URL=DEAD_REDIS)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    answer = response.get_json()
    assert answer["ready"] is False
    assert answer["redis"] == {"ok": False, "error": "ConnectionError"}
    assert answer["database"]["ok"] is True and answer["storage"]["ok"] is True
    assert "queues" not in answer


def test_readyz_tells_no_address_password_or_path(other_app, pg_database):
    app = other_app(REDIS_URL="redis://:hunter2@127.0.0.1:9/0")
    text = json.dumps(app.test_client().get("/readyz").get_json())
    for secret in ("hunter2", "127.0.0.1", "redis://", "postgresql", pg_database.rsplit("/", 1)[1],
                   app.config["MEDIA_ROOT"], "test-secret"):
        assert secret not in text


def test_readyz_is_503_when_the_media_storage_cannot_be_written(other_app, tmp_path):
    app = other_app()
    probe_folder = f"{app.config['MEDIA_ROOT']}/.probe"
    with open(probe_folder, "w") as f:  # a file where the probe wants its folder
        f.write("in the way")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["storage"]["ok"] is False
    assert response.get_json()["storage"]["error"].startswith("FileExistsError")


def test_probes_are_not_rate_limited(client):
    answers = {client.get("/healthz").status_code for _ in range(200)}
    assert answers == {200}
