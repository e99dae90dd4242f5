"""Every change to the resource directory: members' suggestions, moderators' curation, and the
results of link checks. Web views, the admin, the API and the management commands call these.

A moderator's change is checked through forum.permissions and written to the audit log; a
member whose suggestion is decided is told in a notification.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from audit.services import audit
from core.errors import ensure
from core.forms import clean_reason
from notifications.services import notify
from resources import permissions
from resources.models import (
    LinkStatus,
    Resource,
    ResourceAuditAction,
    ResourceNotificationKind,
    ResourceSuggestion,
    SuggestionStatus,
    Topic,
    url_key,
)

# A member with this many suggestions waiting is asked to wait for moderators before sending more.
MAX_WAITING_SUGGESTIONS = 5


def resource_with_link(url: str, *, other_than: Resource | None = None) -> Resource | None:
    """The entry that already has this link, however it is spelt ("http://www.mda.org" for
    "https://mda.org/"): the directory holds one entry per link."""
    entries = Resource.objects.filter(url_key=url_key(url))
    if other_than is not None and other_than.pk is not None:
        entries = entries.exclude(pk=other_than.pk)
    return entries.first()


def unique_slug(name: str) -> str:
    """An address in the directory made from `name`, numbered when another entry has it."""
    max_length = Resource._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 4].rstrip("-") or "resource"
    slug, number = base, 2
    while Resource.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _known_link_refusal(key: str, *, member=None) -> str | None:
    """Why a link cannot be suggested again: it is in the directory, or already waiting."""
    resource = Resource.objects.filter(url_key=key).first()
    if resource is not None:
        if resource.is_published:
            return f"The directory already has this link: \u201c{resource.name}\u201d."
        return "Moderators already know this link: it is in the directory, unpublished."
    waiting = ResourceSuggestion.objects.filter(url_key=key, status=SuggestionStatus.WAITING)
    if member is not None and waiting.filter(suggested_by=member).exists():
        return "You have already suggested this link; a moderator will look at it soon."
    if waiting.exists():
        return "Another member has already suggested this link; a moderator will look at it soon."
    return None


def suggestion_create(*, member, name: str, url: str, note: str) -> ResourceSuggestion:
    """Record a member's suggestion for moderators to decide. Refused (nothing saved) when the
    member may not post, when the link is already known, or when they have
    MAX_WAITING_SUGGESTIONS waiting."""
    ensure(permissions.suggest_resource_refusal(member))
    suggestion = ResourceSuggestion(
        suggested_by=member, name=name.strip(), url=url.strip(), note=note.strip()
    )
    suggestion.url_key = url_key(suggestion.url)
    suggestion.full_clean(exclude=["url_key"], validate_constraints=False)
    waiting = ResourceSuggestion.objects.filter(
        suggested_by=member, status=SuggestionStatus.WAITING
    ).count()
    if waiting >= MAX_WAITING_SUGGESTIONS:
        raise ValidationError(
            f"You have {waiting} suggestions waiting for a moderator. Please wait until they "
            "have been looked at before suggesting more."
        )
    refusal = _known_link_refusal(suggestion.url_key, member=member)
    if refusal:
        raise ValidationError({"url": refusal})
    try:
        with transaction.atomic():
            suggestion.save()
    except IntegrityError as error:
        # Two members suggesting the same link at the same moment: the second is told why.
        refusal = _known_link_refusal(suggestion.url_key, member=member)
        raise ValidationError({"url": refusal or "This link is already suggested."}) from error
    return suggestion


def _lock_waiting(suggestion: ResourceSuggestion) -> ResourceSuggestion:
    suggestion = (
        ResourceSuggestion.objects.select_for_update()
        .select_related("suggested_by")
        .get(pk=suggestion.pk)
    )
    if suggestion.status != SuggestionStatus.WAITING:
        raise ValidationError(
            f"This suggestion has already been decided ({suggestion.get_status_display()})."
        )
    return suggestion


def suggestion_accept(
    *, moderator, suggestion: ResourceSuggestion, resource: Resource, regions, topics
) -> Resource:
    """Accept a suggestion into the directory: `resource` is a new entry (not yet saved) made
    from it, or an existing entry the moderator has updated from it. The entry is saved and
    published, the decision audited, and the member told."""
    ensure(permissions.curation_refusal(moderator))
    with transaction.atomic():
        suggestion = _lock_waiting(suggestion)
        adding = resource._state.adding
        was_published = (
            adding or Resource.objects.filter(pk=resource.pk, is_published=True).exists()
        )
        resource.is_published = True
        resource = _save_resource(
            actor=moderator,
            resource=resource,
            regions=regions,
            topics=topics,
            reason=f"From a member's suggestion: {suggestion.name}",
        )
        if not was_published:
            audit(
                actor=moderator,
                action=ResourceAuditAction.RESOURCE_PUBLISH,
                target=resource,
                reason=f"Accepted a member's suggestion: {suggestion.name}",
            )
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.resource = resource
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = moderator
        suggestion.save()
        audit(
            actor=moderator,
            action=ResourceAuditAction.SUGGESTION_ACCEPT,
            target=suggestion,
            reason=f"{'Added' if adding else 'Updated'} {resource.name}",
        )
        notify(
            recipient=suggestion.suggested_by,
            kind=ResourceNotificationKind.SUGGESTION_ACCEPTED,
            title=suggestion.name,
            details={"entry": resource.name},
            url=resource.get_absolute_url(),
        )
    return resource


def suggestion_decline(*, moderator, suggestion: ResourceSuggestion, reason: str):
    """Decline a suggestion with a reason that the member reads on their suggestions page."""
    ensure(permissions.curation_refusal(moderator))
    reason = clean_reason(reason, "decline a suggestion")
    with transaction.atomic():
        suggestion = _lock_waiting(suggestion)
        suggestion.status = SuggestionStatus.DECLINED
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = moderator
        suggestion.decision_reason = reason
        suggestion.save()
        audit(
            actor=moderator,
            action=ResourceAuditAction.SUGGESTION_DECLINE,
            target=suggestion,
            reason=reason,
        )
        notify(
            recipient=suggestion.suggested_by,
            kind=ResourceNotificationKind.SUGGESTION_DECLINED,
            title=suggestion.name,
            reason=reason,
            url=f"{reverse('resources:suggest')}#suggestion-{suggestion.pk}",
        )
    return suggestion


def _save_resource(*, actor, resource: Resource, regions, topics, reason: str) -> Resource:
    adding = resource._state.adding
    key = url_key(resource.url)
    if not adding and key != resource.url_key:
        resource.forget_link_check()
    resource.url_key = key
    resource.updated_at = timezone.now()
    resource.full_clean(exclude=["regions", "topics"])
    if not regions:
        raise ValidationError({"regions": "Choose at least one region."})
    resource.save()
    resource.regions.set(regions)
    resource.topics.set(topics)
    audit(
        actor=actor,
        action=ResourceAuditAction.RESOURCE_ADD if adding else ResourceAuditAction.RESOURCE_EDIT,
        target=resource,
        reason=reason,
    )
    return resource


def resource_save(*, actor, resource: Resource, regions, topics, changed: list[str]) -> Resource:
    """Add or edit a directory entry from the admin. `changed` names the fields the moderator
    changed, for the audit log."""
    ensure(permissions.curation_refusal(actor))
    with transaction.atomic():
        what = ", ".join(changed) if changed else "nothing"
        return _save_resource(
            actor=actor,
            resource=resource,
            regions=regions,
            topics=topics,
            reason="" if resource._state.adding else f"Changed: {what}",
        )


def resource_set_published(
    *, actor, resource: Resource, published: bool, reason: str = ""
) -> Resource:
    """Show an entry to members, or take it out of the directory without losing it."""
    ensure(permissions.curation_refusal(actor))
    reason = clean_reason(reason, "publish or unpublish an entry", required=False)
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.is_published == published:
            return resource
        resource.is_published = published
        resource.updated_at = timezone.now()
        resource.save(update_fields=["is_published", "updated_at"])
        audit(
            actor=actor,
            action=ResourceAuditAction.RESOURCE_PUBLISH
            if published
            else ResourceAuditAction.RESOURCE_UNPUBLISH,
            target=resource,
            reason=reason,
        )
    return resource


def topic_set_categories(*, actor, topic: Topic, categories) -> Topic:
    """Say which forum categories show this topic's entries beside their threads."""
    ensure(permissions.curation_refusal(actor))
    with transaction.atomic():
        before = set(topic.categories.values_list("name", flat=True))
        topic.categories.set(categories)
        after = {category.name for category in categories}
        if before != after:
            audit(
                actor=actor,
                action=ResourceAuditAction.TOPIC_EDIT,
                target=topic,
                reason=f"Shown beside threads in: {', '.join(sorted(after)) or 'no category'}",
            )
    return topic


@dataclass(frozen=True)
class LinkCheck:
    """What one request to a resource's link found."""

    status: str  # a LinkStatus value
    checked_at: datetime
    status_code: int | None = None
    final_url: str = ""
    detail: str = ""


def link_check_record(*, resource_id: int, url: str, check: LinkCheck) -> None:
    """Store a check of `url` on its entry, unless a moderator has changed the entry's link
    since (the result would be about another address). A failed check never unpublishes or
    deletes anything: it marks the entry for moderators, and members see when it last worked."""
    fields = {
        "link_status": check.status,
        "link_status_code": check.status_code,
        "link_final_url": check.final_url[: Resource._meta.get_field("link_final_url").max_length],
        "link_detail": check.detail[: Resource._meta.get_field("link_detail").max_length],
        "link_checked_at": check.checked_at,
    }
    if check.status in (LinkStatus.OK, LinkStatus.REDIRECTED):
        fields["last_verified_at"] = check.checked_at
    Resource.objects.filter(pk=resource_id, url=url).update(**fields)
