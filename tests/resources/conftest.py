import itertools

import pytest

from resources import services
from resources.models import Region, Resource, ResourceKind, ResourceSuggestion, Topic, url_key
from tests.resources.detail_page import SLUG

_numbers = itertools.count(1)


@pytest.fixture
def make_resource(db):
    """A directory entry. The curated entries from the data migration are there as well; tests
    that count entries filter by what they made."""

    def make(
        name: str | None = None,
        *,
        kind: str = ResourceKind.CHARITY,
        regions: tuple[str, ...] = ("uk",),
        topics: tuple[str, ...] = ("treatment",),
        url: str | None = None,
        description: str = "Support for people living with MMN.",
        is_published: bool = True,
        **fields,
    ) -> Resource:
        number = next(_numbers)
        name = name or f"Test resource {number}"
        url = url or f"https://resource-{number}.example.org/"
        resource = Resource.objects.create(
            name=name,
            slug=fields.pop("slug", f"test-resource-{number}"),
            url=url,
            url_key=url_key(url),
            kind=kind,
            description=description,
            is_published=is_published,
            **fields,
        )
        resource.regions.set(Region.objects.filter(slug__in=regions))
        resource.topics.set(Topic.objects.filter(slug__in=topics))
        return resource

    return make


# Shared by the test_admin_*.py and test_detail_*.py files.

# -- Suggestions, for test_admin_suggestions.py and test_admin_access_topics_and_index.py


@pytest.fixture
def suggest(member):
    def make(
        name: str = "Leeds MMN peer group",
        url: str = "https://leeds-mmn.example.org/",
        by=None,
    ) -> ResourceSuggestion:
        return services.suggestion_create(
            member=by or member, name=name, url=url, note="They meet monthly; very welcoming."
        )

    return make


@pytest.fixture
def suggestion(suggest) -> ResourceSuggestion:
    return suggest()


# -- An entry and its viewers, for test_detail_entry.py and test_detail_conversations.py


@pytest.fixture
def resource(make_resource):
    """An entry on a topic that no forum category shows, so only mentions list threads."""
    return make_resource(
        "Infusion Helpers Network",
        slug=SLUG,
        kind=ResourceKind.CHARITY,
        regions=("uk", "global"),
        topics=("crisis",),
        url="https://www.infusion-helpers.example.org/guide/",
        description="Volunteers who sit with you through a long infusion.",
    )


@pytest.fixture
def as_viewer(client, member, other_member, moderator):
    def sign_in(viewer: str):
        if viewer != "anonymous":
            client.force_login({"member": member, "other": other_member, "mod": moderator}[viewer])
        return client

    return sign_in
