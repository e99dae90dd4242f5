"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium every test here is skipped, unless REQUIRE_BROWSER=1 (CI) makes a
missing browser a failure.
"""

import os
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import BrowserContext

from forum import services
from tests.conftest import MODERATOR_PERMISSIONS

# Playwright's sync API runs an event loop in the test thread; the ORM calls beside it are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).parent
NO_BROWSER = (
    f"Real-browser tests need Debian's Chromium at {CHROMIUM}. "
    "Enable them with `apt-get install -y chromium` (never `playwright install`). "
    "CI sets REQUIRE_BROWSER=1, which turns this skip into a failure."
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests here `e2e`, and run them after all the others.

    Once Playwright's sync API has started, it leaves an event loop marked as running in this
    thread for the rest of the session, so Django (through asgiref) hands any later test a
    different database connection object, one without the rows that serialized rollback needs.
    """
    browser_tests = [item for item in items if HERE in item.path.parents]
    # A test elsewhere using a fixture called `page` or `browser` (even a parameter of that
    # name) becomes a Playwright test: pytest then groups it with these, in the middle of the
    # run, and the flush after each browser test empties the tables later tests rely on.
    strays = [
        item.nodeid
        for item in items
        if HERE not in item.path.parents and "browser_name" in getattr(item, "fixturenames", ())
    ]
    if strays:
        raise pytest.UsageError(
            "Only tests/e2e may use Playwright's fixtures (rename the fixture or parameter): "
            + ", ".join(strays[:5])
        )
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    others = [item for item in items if HERE not in item.path.parents]
    items[:] = others + browser_tests


@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    """Runs before the browser is launched, so a missing one gives our message, not Playwright's."""
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(NO_BROWSER, pytrace=False)
    pytest.skip(NO_BROWSER)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    return {
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _categories(live_server, transactional_db) -> None:
    """Every test here talks to the live server, with the forum's categories and the curated
    resource directory in place.

    A live-server test flushes the database when it ends, taking the categories the data
    migration made with it, so each test seeds them again through those same migrations.
    Serialized rollback cannot do this here: with Playwright running, the test gets another
    connection object than the one holding the serialized rows (see above).
    """
    seed = import_module("forum.migrations.0002_seed_categories")
    seed.create_categories(apps, schema_editor=None)
    import_module("resources.migrations.0002_curated_directory").load(apps, schema_editor=None)


@pytest.fixture
def moderators_group(_categories) -> None:
    """The live server's flush takes the Moderators group with it: make it again, with the
    permissions the migrations grant it (MODERATOR_PERMISSIONS, which
    tests/moderation/test_admin_access.py holds the migrated group to)."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in (label.split(".") for label in MODERATOR_PERMISSIONS)
    )


@pytest.fixture
def site(live_server) -> str:
    return live_server.url


@pytest.fixture
def sign_in(client, settings, site):
    """Give a browser context the session cookie of a signed-in member (no form to fill)."""

    def sign_in(context: BrowserContext, user) -> None:
        client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": site}])

    return sign_in


# What stretches a page: a link in running text, a link in a list, and lines with no spaces.
REPLY = (
    "The [OT leaflet on grip aids](https://example.org/grip-aids) helped me most.\n\n"
    "- [Jar openers](https://example.org/jar-openers)\n"
    "- Foam tubing for cutlery\n\n"
    "https://example.org/a-very-long-address/that-has-no-spaces-at-all/so-it-must-wrap-somewhere\n\n"
    "```\n"
    "infusion_log_2026-11-03:dose=2g/kg;duration=5h;grip_left=weak;grip_right=fair;fatigue=high\n"
    "```"
)


@pytest.fixture
def conversation(member, other_member, make_thread):
    """A thread by `member` with a reply from `other_member` (see REPLY above)."""
    thread = make_thread(
        member, title="Grip aids that actually help", body="I use a foam tube on my pen."
    )
    services.comment_create(author=other_member, thread=thread, body=REPLY)
    return thread
