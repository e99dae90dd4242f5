import itertools

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from accounts.models import User
from forum import services
from forum.models import Category

_numbers = itertools.count(1)
PASSWORD = "grip-aid-kitchen-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_member(db):
    def make(display_name: str | None = None, **fields) -> User:
        number = next(_numbers)
        display_name = display_name or f"member{number}"
        email = fields.pop("email", f"{display_name.lower()}@example.org")
        user = User.objects.create_user(
            email=email, password=PASSWORD, display_name=display_name, **fields
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def member(make_member) -> User:
    return make_member("hannah_mmn", role="mmn", region="uk")


@pytest.fixture
def other_member(make_member) -> User:
    return make_member("carer_dave", role="carer", region="us")


@pytest.fixture
def category(db) -> Category:
    return Category.objects.get(slug="treatment")


@pytest.fixture
def make_thread(category):
    def make(author: User, title: str = "How often are your IVIg infusions?", body: str = "Mine are every three weeks.", **kwargs):
        return services.thread_create(
            author=author, category=kwargs.pop("in_category", category), title=title, body=body
        )

    return make


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client
