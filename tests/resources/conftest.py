import itertools

import pytest

from resources.models import Region, Resource, ResourceKind, Topic, url_key

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
