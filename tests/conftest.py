import itertools
import re
import time
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client as DjangoClient
from django.test import RequestFactory

from accounts.models import User
from forum import services
from forum.models import Category, Comment, CommentRevision, Thread

# What the Moderators group may do, as the migrations grant it: what the admin's tools need and
# nothing more (tests/moderation/test_admin_access.py holds the group to exactly this).
MODERATOR_PERMISSIONS = {
    "accounts.view_user",
    "accounts.change_user",
    "forum.view_category",
    "forum.view_thread",
    "forum.change_thread",
    "forum.view_comment",
    "forum.change_comment",
    "forum.view_commentrevision",
    "forum.view_reviewitem",
    "forum.change_reviewitem",
    "forum.view_flag",
    "forum.view_appeal",
    "forum.change_appeal",
    "audit.view_auditentry",
    "resources.view_resource",
    "resources.add_resource",
    "resources.change_resource",
    "resources.view_resourcesuggestion",
    "resources.change_resourcesuggestion",
    "resources.view_topic",
    "resources.change_topic",
    "resources.view_region",
}

_numbers = itertools.count(1)
PASSWORD = "grip-aid-kitchen-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """The real hasher is slow on purpose; tests need what it does, not what it costs."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The moderation policy with its checks relaxed, so tests about posting, pages and counts can
# write freely. Tests of the policy itself ask for the `moderation_policy` fixture instead.
RELAXED_POLICY = {
    "MODERATION_PREMODERATE_FIRST": 0,
    "MODERATION_NEW_MEMBER_PER_MINUTE": 10_000,
    "MODERATION_NEW_MEMBER_PER_DAY": 10_000,
    "MODERATION_TRUSTED_PER_MINUTE": 10_000,
    "MODERATION_TRUSTED_PER_DAY": 10_000,
    "MODERATION_BURST_PER_10_MINUTES": 10_000,
    "MODERATION_DUPLICATE_WINDOW_DAYS": 0,
    "MODERATION_UNTRUSTED_MAX_LINKS": 10_000,
    "AKISMET_API_KEY": "",
}


@pytest.fixture(autouse=True)
def _relaxed_moderation(request, settings):
    if "moderation_policy" in request.fixturenames:
        return
    for name, value in RELAXED_POLICY.items():
        setattr(settings, name, value)


@pytest.fixture
def moderation_policy(settings):
    """The policy as configured for the live site (config/settings.py), for tests of it."""
    return settings


@pytest.fixture
def make_member(db):
    """make_member(name, **fields). Staff get an authenticator app (see `add_totp`), as the admin
    demands; pass two_factor=True or False to choose for anyone."""

    def make(display_name: str | None = None, two_factor: bool | None = None, **fields) -> User:
        number = next(_numbers)
        display_name = display_name or f"member{number}"
        email = fields.pop("email", f"{display_name.lower()}@example.org")
        user = User.objects.create_user(
            email=email, password=PASSWORD, display_name=display_name, **fields
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if user.is_staff if two_factor is None else two_factor:
            add_totp(user)
        return user

    return make


@pytest.fixture
def member(make_member) -> User:
    return make_member("hannah_mmn", role="mmn", region="uk")


@pytest.fixture
def other_member(make_member) -> User:
    return make_member("carer_dave", role="carer", region="us")


@pytest.fixture
def make_moderator(make_member):
    """A volunteer: staff, in the Moderators group that migration accounts/0002 creates."""

    def make(display_name: str, two_factor: bool = True) -> User:
        user = make_member(display_name, two_factor=two_factor, role="other", is_staff=True)
        user.groups.add(Group.objects.get(name="Moderators"))
        return user

    return make


@pytest.fixture
def moderator(make_moderator) -> User:
    return make_moderator("jane_volunteer")


@pytest.fixture
def second_moderator(make_moderator) -> User:
    """A colleague of `moderator`, for decisions another moderator must make."""
    return make_moderator("tom_volunteer")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


# -- Two-factor authentication ---------------------------------------------------------------------
# The admin opens only to staff with an authenticator app whose session used it (config/admin.py).
# Staff made by the fixtures above have the app, and `client.force_login` leaves the session as
# allauth's sign-in would, code step included, so tests of the admin need not sign in by hand.


def add_totp(user: User) -> Authenticator:
    """Activate an authenticator app for `user`, through allauth's own activation."""
    return TOTP.activate(user, generate_totp_secret()).instance


def totp_code(user: User, steps_from_now: int = 0) -> str:
    """The code `user`'s authenticator app shows now (or `steps_from_now` 30-second steps away)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code_for(decrypt(authenticator.data["secret"]), steps_from_now)


def totp_code_for(secret: str, steps_from_now: int = 0) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + steps_from_now
    return format_hotp_value(hotp_value(secret, counter))


def record_sign_in(client: DjangoClient, user: User) -> None:
    """Write into `client`'s session the steps allauth records when `user` signs in: the
    password, then the authenticator app when they have one."""
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if app is not None:
        record_authentication(request, user, "mfa", id=app.pk, type=app.type)
    request.session.save()


class Client(DjangoClient):
    """Django's test client, whose force_login signs in as allauth would (`record_sign_in`)."""

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        record_sign_in(self, user)


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def admin_client(admin_user) -> Client:
    """pytest-django's admin_client, signed in with our `force_login`."""
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def admin_user(make_member) -> User:
    """pytest-django's admin_user, with the display name our user model requires."""
    return make_member("site_owner", email="owner@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def category(db) -> Category:
    return Category.objects.get(slug="treatment")


@pytest.fixture
def make_thread(category):
    def make(
        author: User,
        title: str = "How often are your IVIg infusions?",
        body: str = "Mine are every three weeks.",
        in_category: Category | None = None,
    ) -> Thread:
        return services.thread_create(
            author=author, category=in_category or category, title=title, body=body
        )

    return make


@pytest.fixture
def make_reply(db):
    def make(author: User, thread: Thread, body: str = "Same here, every three weeks.") -> Comment:
        return services.comment_create(author=author, thread=thread, body=body)

    return make


@pytest.fixture
def thread(make_thread, member) -> Thread:
    return make_thread(member)


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def forum_state(db) -> Callable[[], dict]:
    """Every thread, comment and revision as plain values: compare two calls to prove that a
    refused request saved nothing, not even in part."""

    def state() -> dict:
        return {
            "threads": list(Thread.objects.order_by("pk").values()),
            "comments": list(Comment.objects.order_by("pk").values()),
            "revisions": list(CommentRevision.objects.order_by("pk").values()),
        }

    return state


_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


def _normal(text: str) -> str:
    return " ".join(text.split())


class Page(HTMLParser):
    """A response body as a browser reads it, so tests look at elements, not at substrings.

    .tags      every start tag in order, as (tag, {attribute: value})
    .links     every <a>: {"href", "rel", "text", "classes"}, classes being those of the link and
               of every element around it
    .ids       element ids in document order
    .text      all the text, whitespace collapsed; text_of(id) the text inside one element,
               texts_of(css_class) the text inside each element with that class
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.links: list[dict] = []
        self.ids: list[str] = []
        self._pieces: list[str] = []
        self._by_id: dict[str, list[str]] = {}
        self._by_class: dict[str, list[list[str]]] = {}
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self._link: dict | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attrs))
        if tag in _VOID_TAGS:
            if "id" in attrs:
                self.ids.append(attrs["id"])
            return
        buffer: list[str] = []
        self._open.append((tag, attrs, buffer))
        if "id" in attrs:
            self.ids.append(attrs["id"])
            self._by_id[attrs["id"]] = buffer
        for css_class in attrs.get("class", "").split():
            self._by_class.setdefault(css_class, []).append(buffer)
        if tag == "a":
            classes = {c for _, a, _ in self._open for c in a.get("class", "").split()}
            self._link = {
                "href": attrs.get("href"),
                "rel": attrs.get("rel", ""),
                "text": "",
                "classes": classes,
                "_buffer": buffer,
            }
            self.links.append(self._link)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self._link["text"] = _normal(" ".join(self._link.pop("_buffer")))
            self._link = None
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        self._pieces.append(data)
        for _, _, buffer in self._open:
            buffer.append(data)

    @property
    def text(self) -> str:
        return _normal(" ".join(self._pieces))

    def text_of(self, element_id: str) -> str:
        return _normal(" ".join(self._by_id[element_id]))

    def texts_of(self, css_class: str) -> list[str]:
        return [_normal(" ".join(buffer)) for buffer in self._by_class.get(css_class, [])]

    def links_within(self, css_class: str) -> list[dict]:
        return [link for link in self.links if css_class in link["classes"]]

    def link(self, rel: str) -> str | None:
        """The href of the link with this rel (the pager's "next", "prev"), or None."""
        hrefs = [link["href"] for link in self.links if rel in link["rel"].split()]
        return hrefs[0] if hrefs else None


@pytest.fixture
def page_of() -> Callable[..., Page]:
    """page_of(response): the parsed page (see Page)."""
    return lambda response: Page(response.content.decode())


_SCRIPTABLE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "base"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}
_DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):")
# The site's own scripts: progressive enhancements, each loaded from a file, never inline.
SITE_SCRIPTS = ("/static/js/drafts.js",)


def _squash(value: str) -> str:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    return re.sub(r"[\x00-\x20]", "", value).lower()


@pytest.fixture
def assert_no_active_content() -> Callable[..., None]:
    """Fail if a page could run script: a <script> or other active tag, an on* handler on any
    tag, a javascript:/vbscript:/data: URL, or a script URL hidden in a style attribute.

    The site's only JavaScript is its own files (SITE_SCRIPTS, the posting pages' drafts), so
    any other <script is an injection. The admin ships its own: pass
    trusted_scripts=("/static/admin/", "/admin/jsi18n/") to allow exactly those."""

    def check(html: str, *, trusted_scripts: tuple[str, ...] = ()) -> None:
        trusted = SITE_SCRIPTS + trusted_scripts
        tags = Page(html).tags
        if not trusted_scripts:
            # Every "<script" in the page is one of the site's own, as a browser would parse it.
            ours = [a for t, a in tags if t == "script" and a.get("src", "").startswith(trusted)]
            assert html.lower().count("<script") == len(ours)
        for tag, attrs in tags:
            if tag == "meta":
                assert "http-equiv" not in attrs, (tag, attrs)
                continue
            if tag == "script" and attrs.get("src", "").startswith(trusted):
                continue
            assert tag not in _SCRIPTABLE_TAGS, (tag, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (tag, attrs)
                if name in _URL_ATTRIBUTES:
                    assert not _DANGEROUS_SCHEME.match(_squash(value)), (tag, attrs)
                if name == "style":
                    assert "javascript:" not in _squash(value), (tag, attrs)
                    assert "expression(" not in _squash(value), (tag, attrs)

    return check
