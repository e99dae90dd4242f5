"""Reads for the resource directory, with what members may see built in: only published entries,
and only the forum threads the viewer may read."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from accounts.permissions import sees_moderated_content
from forum import selectors as forum_selectors
from forum.models import Category, Comment, CommentStatus, Thread
from resources.models import (
    KIND_HEADINGS,
    LINK_NEEDS_ATTENTION,
    Region,
    Resource,
    ResourceKind,
    ResourceSuggestion,
    SuggestionStatus,
    Topic,
)

# Beside a thread, the entries that explain first: health services and clinical references,
# then charities, then research; helplines have their own place in the crisis message.
SIDEBAR_KIND_ORDER = (
    ResourceKind.GOVERNMENT,
    ResourceKind.CLINICAL_INFO,
    ResourceKind.CHARITY,
    ResourceKind.RESEARCH,
    ResourceKind.HELPLINE,
)
# A member's own region (accounts.Region) and the directory's region that serves it.
MEMBER_REGION = {"uk": "uk", "us": "us", "eu": "eu"}


def published() -> QuerySet[Resource]:
    return Resource.objects.filter(is_published=True)


def _with_labels(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """Regions and topics in two queries, whatever the number of entries."""
    return resources.prefetch_related(
        Prefetch("regions", queryset=Region.objects.order_by("position")),
        Prefetch("topics", queryset=Topic.objects.order_by("position")),
    )


def _serves_region(region: str) -> Q:
    """Entries for a region include the worldwide ones: they serve that region too."""
    slugs = {region, Region.GLOBAL}
    return Q(Exists(Region.objects.filter(resources=OuterRef("pk"), slug__in=slugs)))


def _region_first(region: str | None) -> list:
    """An ordering that puts entries serving `region` itself first; none without a region (a
    constant would read as a column position to PostgreSQL)."""
    if not region:
        return []
    serves = Case(
        When(Exists(Region.objects.filter(resources=OuterRef("pk"), slug=region)), then=1),
        default=0,
        output_field=IntegerField(),
    )
    return [serves.desc()]


def _kind_rank(order: Iterable[str]) -> Case:
    return Case(
        *(When(kind=kind, then=rank) for rank, kind in enumerate(order)),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class DirectoryGroup:
    kind: str
    heading: str
    resources: list[Resource]


def directory(
    *, region: str = "", kind: str = "", topic: str = "", words: Iterable[str] = ()
) -> list[DirectoryGroup]:
    """Published entries grouped by kind (in ResourceKind's order), filtered, and searched: each
    word must appear in the name, the description or the address. Three queries in all."""
    resources = published()
    if region:
        resources = resources.filter(_serves_region(region))
    if kind:
        resources = resources.filter(kind=kind)
    if topic:
        resources = resources.filter(
            Exists(Topic.objects.filter(resources=OuterRef("pk"), slug=topic))
        )
    for word in words:
        resources = resources.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(url_key__icontains=word)
        )
    resources = _with_labels(resources.order_by(_kind_rank(ResourceKind.values), Lower("name")))
    groups: dict[str, list[Resource]] = {}
    for resource in resources:
        groups.setdefault(resource.kind, []).append(resource)
    return [
        DirectoryGroup(kind=kind, heading=KIND_HEADINGS[kind], resources=groups[kind])
        for kind in ResourceKind.values
        if kind in groups
    ]


def regions() -> list[Region]:
    return list(Region.objects.all())


def topics() -> list[Topic]:
    return list(Topic.objects.all())


def resource_for_viewer(*, slug: str, viewer) -> Resource:
    """A published entry; moderators also see unpublished ones (to check them). 404 otherwise."""
    resources = Resource.objects.all() if sees_moderated_content(viewer) else published()
    return get_object_or_404(_with_labels(resources), slug=slug)


def _mentions(resource: Resource) -> Q:
    """A comment mentions an entry when it links to it (its address, with or without scheme and
    www.) or to its page in the directory, or names it in full."""
    return (
        Q(body__icontains=resource.url_key)
        | Q(body__icontains=resource.get_absolute_url())
        | Q(body__icontains=resource.name)
    )


def threads_mentioning(*, resource: Resource, viewer, limit: int = 10) -> list[Thread]:
    """Threads the viewer may read with a published comment that mentions the entry, latest
    activity first. Held, hidden and rejected comments never count, so they cannot give away
    what they said."""
    mentioning = Comment.objects.filter(
        _mentions(resource), thread=OuterRef("pk"), status=CommentStatus.PUBLISHED
    )
    return list(
        forum_selectors.visible_threads(viewer)
        .filter(Exists(mentioning))
        .select_related("category")
        .order_by("-last_activity_at", "-id")[:limit]
    )


def threads_in_topics(
    *, resource: Resource, viewer, exclude: Iterable[Thread] = (), limit: int = 5
) -> list[Thread]:
    """Recent threads in the categories that show this entry's topics."""
    categories = Category.objects.filter(
        resource_topics__in=[topic.pk for topic in resource.topics.all()]
    )
    return list(
        forum_selectors.visible_threads(viewer)
        .filter(category__in=categories)
        .exclude(pk__in=[thread.pk for thread in exclude])
        .select_related("category")
        .order_by("-last_activity_at", "-id")[:limit]
    )


def for_category(*, category: Category, viewer, limit: int = 3) -> list[Resource]:
    """Up to `limit` published entries on the topics this category shows, the ones serving the
    viewer's own region first. One query."""
    region = MEMBER_REGION.get(getattr(viewer, "region", "") or "")
    return list(
        published()
        .filter(Exists(Topic.objects.filter(resources=OuterRef("pk"), categories=category)))
        .exclude(kind=ResourceKind.HELPLINE)
        .order_by(*_region_first(region), _kind_rank(SIDEBAR_KIND_ORDER), Lower("name"))[:limit]
    )


def helplines(*, viewer=None) -> list[Resource]:
    """The published helplines, the ones serving the viewer's region first. One query."""
    region = MEMBER_REGION.get(getattr(viewer, "region", "") or "")
    return list(
        published()
        .filter(kind=ResourceKind.HELPLINE)
        .order_by(*_region_first(region), Lower("name"))
    )


def member_suggestions(member) -> list[ResourceSuggestion]:
    """The member's own suggestions, newest first, with the entries accepted ones became."""
    return list(
        ResourceSuggestion.objects.filter(suggested_by=member)
        .select_related("resource")
        .order_by("-created_at", "-id")
    )


def curation_summary() -> dict:
    """For the top of the admin: suggestions waiting, and links that failed their last check."""
    return {
        "suggestions": ResourceSuggestion.objects.filter(status=SuggestionStatus.WAITING).count(),
        # Unpublished entries are not checked again, so they would never leave this count.
        "links": published().filter(link_status__in=LINK_NEEDS_ATTENTION).count(),
    }


def links_to_check(*, slugs: Iterable[str] | None = None) -> list[tuple[int, str, str]]:
    """(id, url, slug) of every published entry, by name: what `check_resource_links` requests.
    `slugs` narrows it to those entries."""
    resources = published()
    if slugs is not None:
        resources = resources.filter(slug__in=slugs)
    return list(resources.order_by(Lower("name"), "pk").values_list("pk", "url", "slug"))
