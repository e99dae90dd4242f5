"""The privacy proof: in a community full of activity, walk every page a visitor or a member can
reach, and every API read, and find no member's email address anywhere but on that member's own
settings page and their own `me` (and allauth's pages of their own steps: OWN_EMAIL_MAY_APPEAR).

The pages are found by following links, not from a list, so a page added later is walked too."""

import json
from collections import deque
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from forum import services
from forum.models import Comment, FlagReason, NotificationKind, ThreadVisibility
from forum.moderation import appeals, decisions, flags
from notifications import services as notification_services
from notifications.services import email_notifications_set
from resources import services as resource_services
from resources.models import Region, Resource, ResourceKind, Topic
from tests.api.conftest import session_token
from tests.conftest import Page

# Where a member's own address must appear: their settings and their own `me`.
OWN_EMAIL_PAGES = {"/settings/", "/api/v1/me/"}
# allauth's pages that only the member in the middle of their own step can open may show that
# member's own address too: the page for changing it, confirming it is them before a sensitive
# change (password or emailed code), and the code pages that say where a code went. Exact paths,
# not prefixes; anybody else's address on any of them is still a leak.
OWN_EMAIL_MAY_APPEAR = OWN_EMAIL_PAGES | {
    "/accounts/email/",
    "/accounts/reauthenticate/",
    "/accounts/reauthenticate/code/",
    "/accounts/reauthenticate/code/confirm/",
    "/accounts/confirm-email/",
    "/accounts/login/code/confirm/",
    "/accounts/password/reset/confirm/",
}

# Not walked: the moderators' admin (staff see what their work needs), sign-out (a state change
# on POST, a confirmation page on GET), static files, the API's own documentation pages, and
# allauth's headless JSON endpoints (walked through the API below).
SKIPPED_PREFIXES = ("/admin/", "/static/", "/accounts/logout/", "/_allauth/", "/api/")
MAX_PAGES = 400
MAX_QUERIES_PER_PATH = 4  # filter and page links: a few of each page are enough
MAX_API_CALLS = 300


@pytest.fixture(autouse=True)
def _relaxed_throttles(settings):
    settings.API_THROTTLE_RATES = {"member": "100000/min", "anonymous": "100000/min"}


@pytest.fixture
def world(make_member, category, settings, django_capture_on_commit_callbacks):
    """Members with distinctive addresses, and something of everything around them."""

    def join(name: str, **fields) -> User:
        return make_member(
            name, email=f"{name.replace('_', '.')}.secret-7q@inbox-private.test", **fields
        )

    with django_capture_on_commit_callbacks(execute=True):
        alice = join("alice_mmn", role="mmn", region="uk")
        bob = join("bob_carer", role="carer", region="us")
        viewer = join("viewer_vic")
        sue = join("sue_suspended")
        leaving = join("leaving_lou")
        newcomer = join("newcomer_ned")
        moderator = join("volunteer_mo", role="other", is_staff=True)
        moderator.groups.add(Group.objects.get(name="Moderators"))
        for member in (alice, bob, viewer):
            email_notifications_set(member=member, choice="immediately")

        public = services.thread_create(
            author=alice,
            category=category,
            title="Grip aids that work for me",
            body="A foam tube on my pen. Any ideas, @viewer_vic?",
        )
        members_only = services.thread_create(
            author=alice,
            category=category,
            title="Between members: my IVIg dose",
            body="Only for members to read.",
            visibility=ThreadVisibility.MEMBERS,
        )
        services.thread_follow(member=viewer, thread=public)
        replies = [
            services.comment_create(author=bob, thread=public, body="Try a wide-grip spoon."),
            services.comment_create(author=viewer, thread=public, body="Thanks @alice_mmn!"),
            services.comment_create(author=sue, thread=public, body="Pacing helps me."),
            services.comment_create(author=leaving, thread=public, body="Goodbye, all."),
            services.comment_create(author=bob, thread=members_only, body="Mine is 2g/kg."),
        ]
        services.comment_edit(
            actor=bob, comment=replies[0], body="Try a wide-grip spoon, and a foam tube."
        )
        rejected = services.comment_create(author=newcomer, thread=public, body="Buy my cure.")
        decisions.comment_reject(moderator=moderator, comment=rejected, reason="Selling.")
        appeals.appeal_create(author=newcomer, comment=rejected, note="It was a joke.")
        hidden = services.comment_create(author=bob, thread=public, body="Rude words.")
        decisions.comment_hide(moderator=moderator, comment=hidden, reason="Be kind.")
        flags.flag_create(reporter=viewer, comment=replies[2], reason=FlagReason.OTHER)
        flags.flag_create(reporter=alice, comment=replies[2], reason=FlagReason.CRISIS)
        settings.MODERATION_PREMODERATE_FIRST = 5
        services.comment_create(author=join("held_hal"), thread=public, body="Held for review.")
        settings.MODERATION_PREMODERATE_FIRST = 0
        account_services.member_suspend(
            moderator=moderator,
            member=sue,
            until=timezone.now() + timedelta(days=7),
            reason="A cooling-off week.",
        )
        accepted = resource_services.suggestion_create(
            member=bob, name="Hand Therapy Circle", url="https://hands.example.org/", note="Kind."
        )
        resource_services.suggestion_accept(
            moderator=moderator,
            suggestion=accepted,
            resource=Resource(
                name="Hand Therapy Circle",
                slug="hand-therapy-circle",
                url=accepted.url,
                kind=ResourceKind.CHARITY,
                description="Occupational therapists sharing grip aids.",
            ),
            regions=[Region.objects.get(slug="uk")],
            topics=[Topic.objects.get(slug="daily-living")],
        )
        declined = resource_services.suggestion_create(
            member=viewer, name="Miracle Clinic", url="https://miracle.example.org/", note="?"
        )
        resource_services.suggestion_decline(
            moderator=moderator, suggestion=declined, reason="Sells treatments."
        )
        resource_services.suggestion_create(
            member=viewer, name="Grip Club", url="https://grip.example.org/", note="Waiting."
        )
        notification_services.notify(
            recipient=viewer,
            kind=NotificationKind.COMMENT_APPROVED,
            fixed_text="A test notification.",
            url=public.get_absolute_url(),
        )
        account_services.member_erase(member=leaving, keep_comments=True)

    members = list(User.objects.all())
    return {
        "members": members,
        "alice": alice,
        "viewer": viewer,
        "threads": [public, members_only],
        "comments": list(Comment.objects.all()),
        "erased_address": "leaving.lou.secret-7q@inbox-private.test",
    }


def secrets_of(world) -> dict[str, list[str]]:
    """Each member's address (as stored now, and the erased member's old one), with the part
    before the @ on its own, which is distinctive enough to catch a partial leak."""
    found: dict[str, list[str]] = {}
    for member in world["members"]:
        if member.is_active:  # an erased account's stand-in address is nobody's
            found[member.email] = [member.email.lower(), member.email.split("@")[0].lower()]
    address = world["erased_address"]
    found[address] = [address, address.split("@")[0]]
    return found


def _same_site(base: str, href: str | None) -> str | None:
    if not href or href.startswith(("mailto:", "tel:", "#", "javascript:")):
        return None
    parts = urlsplit(urljoin(f"http://testserver{base}", href))
    if parts.scheme not in {"http", "https"} or parts.netloc != "testserver":
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def crawl(client: Client, start: list[str]) -> Iterator[tuple[str, str]]:
    """Every page reachable from `start` by following same-site links and redirects, as
    (address, everything in the answer), breadth first and bounded."""
    queue = deque(start)
    seen: set[str] = set()
    queries_per_path: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        path = urlsplit(url).path
        if "?" in url:
            if queries_per_path.get(path, 0) >= MAX_QUERIES_PER_PATH:
                continue
            queries_per_path[path] = queries_per_path.get(path, 0) + 1
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode(errors="replace")
        yield url, body + "\n" + "\n".join(f"{k}: {v}" for k, v in response.items())
        links = [response.get("Location")] if response.has_header("Location") else []
        if "html" in response.get("Content-Type", ""):
            links += [link["href"] for link in Page(body).links]
            links += [
                attrs.get("action")
                for tag, attrs in Page(body).tags
                if tag == "form" and attrs.get("method", "get").lower() == "get"
            ]
        for href in links:
            target = _same_site(url, href)
            if target and target not in seen:
                queue.append(target)


def api_reads(world) -> list[str]:
    """Every API read there is, for each thread, comment and directory entry of the world."""
    urls = [
        "/api/v1/categories/",
        "/api/v1/threads/",
        "/api/v1/threads/?q=grip",
        "/api/v1/resources/",
        "/api/v1/notifications/",
        "/api/v1/resource-suggestions/",
        "/api/v1/me/",
    ]
    for thread in world["threads"]:
        urls += [f"/api/v1/threads/{thread.pk}/", f"/api/v1/threads/{thread.pk}/comments/"]
    urls += [f"/api/v1/comments/{comment.pk}/" for comment in world["comments"]]
    urls += [f"/api/v1/categories/{slug}/" for slug in ("treatment", "symptoms")]
    urls += [f"/api/v1/resources/{r.slug}/" for r in Resource.objects.filter(is_published=True)[:5]]
    urls.append("/api/v1/resources/hand-therapy-circle/")
    return urls


def _api_links(value) -> Iterator[str]:
    """Addresses of other API reads inside an answer (the cursor pages' next and previous)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _api_links(item)
    elif isinstance(value, list):
        for item in value:
            yield from _api_links(item)
    elif isinstance(value, str) and "/api/v1/" in value:
        parts = urlsplit(value)
        if parts.netloc in {"", "testserver"} and parts.path.startswith("/api/v1/"):
            yield f"{parts.path}?{parts.query}" if parts.query else parts.path


def walk_api(token: str | None, start: list[str]) -> Iterator[tuple[str, str]]:
    client = Client()
    headers = {"X-Session-Token": token} if token else {}
    queue, seen = deque(start), set()
    while queue and len(seen) < MAX_API_CALLS:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, headers=headers)
        assert response.status_code < 500, url
        body = response.content.decode(errors="replace")
        yield url, body
        if "json" in response.get("Content-Type", "") and response.content:
            queue.extend(link for link in _api_links(json.loads(body)) if link not in seen)


def web_start(world) -> list[str]:
    names = [member.display_name for member in world["members"]]
    return [
        "/",
        "/guidelines/",
        "/resources/",
        "/resources/suggest/",
        "/notifications/",
        "/settings/",
        "/search/?q=grip",
        "/search/?q=alice_mmn",
        *[f"/comments/{comment.pk}/" for comment in world["comments"]],
        *[f"/u/{name}/" for name in names],
    ]


def leaks(pages, world, *, own: User | None) -> list[tuple[str, str]]:
    """(address, whose email) for every answer that shows an address it must not; and each
    allowed page of the member's own must show it."""
    found = []
    for url, text in pages:
        lowered = text.lower()
        for email, needles in secrets_of(world).items():
            if not any(needle in lowered for needle in needles):
                continue
            path = urlsplit(url).path
            if own is not None and email == own.email and path in OWN_EMAIL_MAY_APPEAR:
                continue
            found.append((url, email))
    return found


def test_an_anonymous_visitor_never_sees_a_members_email_on_any_page_or_api_answer(client, world):
    pages = list(crawl(client, web_start(world)))
    api = list(walk_api(None, api_reads(world)))

    visited = {url for url, _ in pages}
    assert {"/", "/guidelines/", "/resources/"} <= visited
    assert any(url.startswith("/t/") for url in visited), "threads were reached by links"
    assert any(url.startswith("/c/") for url in visited), "categories were reached by links"
    assert leaks(pages + api, world, own=None) == []


def test_a_member_sees_only_their_own_email_and_only_on_their_settings_and_me(client, world):
    viewer = world["viewer"]
    client.force_login(viewer)

    pages = list(crawl(client, web_start(world)))
    api = list(walk_api(session_token(viewer), api_reads(world)))

    visited = {url for url, _ in pages}
    assert any(url.startswith("/t/") for url in visited)
    assert "/notifications/" in visited
    assert leaks(pages + api, world, own=viewer) == []
    answers = dict(pages + api)
    for url in OWN_EMAIL_PAGES:
        assert viewer.email in answers[url], f"{url} shows the member their own address"


def test_each_member_sees_their_own_email_on_settings_and_me_and_nobody_elses(world):
    for member in (world["alice"], world["viewer"]):
        client = Client()
        client.force_login(member)
        settings_page = client.get("/settings/").content.decode()
        me = Client().get("/api/v1/me/", headers={"X-Session-Token": session_token(member)})

        assert member.email in settings_page
        assert json.loads(me.content)["email"] == member.email
        others = [m.email for m in world["members"] if m.pk != member.pk]
        assert not [email for email in others if email in settings_page + me.content.decode()]


def test_the_crawl_finds_an_email_where_one_is_shown(client, world, settings):
    """The proof's own check: an address put on a page is caught, so a green run means
    something."""
    alice = world["alice"]
    account_services.member_update_profile(member=alice, bio=f"Write to me: {alice.email}")

    pages = list(crawl(client, ["/u/alice_mmn/"]))

    assert ("/u/alice_mmn/", alice.email) in leaks(pages, world, own=None)


def test_the_own_address_allowance_covers_only_the_member_themselves_on_those_pages(world):
    """The proof's own check of its one exception: the member's own address on their own
    re-authentication page is fine; another member's there, or their own anywhere else, is not."""
    viewer, alice = world["viewer"], world["alice"]
    code_page = "/accounts/reauthenticate/code/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    pages = [
        (code_page, f"We sent a code to {viewer.email}."),
        ("/accounts/email/", f"Your addresses: {alice.email}"),
        ("/notifications/", f"Signed in as {viewer.email}"),
    ]

    assert leaks(pages, world, own=viewer) == [
        ("/accounts/email/", alice.email),
        ("/notifications/", viewer.email),
    ]


def test_every_email_of_the_journey_goes_to_one_member_and_shows_no_other_address(
    world, mailoutbox
):
    assert mailoutbox, "the journey sent notification emails"
    for email in mailoutbox:
        [recipient] = email.recipients()
        others = [
            address
            for address, needles in secrets_of(world).items()
            if address != recipient and any(needle in email.body.lower() for needle in needles)
        ]
        assert others == [], (email.subject, others)
