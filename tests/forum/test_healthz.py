"""The liveness check a load balancer or uptime monitor asks."""


def test_healthz_answers_ok_with_the_database_checked(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_is_never_cached(client, db):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_needs_no_sign_in_and_sets_no_session(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
