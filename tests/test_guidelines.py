"""The guidelines page members agree to at sign-up."""


def test_guidelines_show_the_consent_version_members_agree_to(client, db, settings):
    response = client.get("/guidelines/")

    assert response.status_code == 200
    assert f"version {settings.HEALTH_DATA_CONSENT_VERSION} of the consent" in (
        response.content.decode()
    )
