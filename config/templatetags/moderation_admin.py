"""What is waiting for moderators, for the top of the admin index."""

from django import template
from django.utils.timesince import timesince

from forum.models import Appeal, AppealOutcome
from forum.selectors import queue_summary
from resources.selectors import curation_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_waiting(context) -> dict | None:
    """The queue's size and the age of its oldest item, and the number of waiting appeals, for
    a user who may see them; the directory's waiting suggestions and failed links when there
    are any (an empty line for a quiet directory would only be noise); None for anyone else."""
    user = context["request"].user
    sees_queue = user.has_perm("forum.view_reviewitem")
    sees_appeals = user.has_perm("forum.view_appeal")
    sees_suggestions = user.has_perm("resources.view_resourcesuggestion")
    sees_resources = user.has_perm("resources.view_resource")
    waiting = {}
    if sees_queue:
        summary = queue_summary()
        waiting["queue"] = summary["count"]
        waiting["oldest"] = timesince(summary["oldest"], depth=1) if summary["oldest"] else ""
    if sees_appeals:
        waiting["appeals"] = Appeal.objects.filter(outcome=AppealOutcome.WAITING).count()
    if sees_suggestions or sees_resources:
        curation = curation_summary()
        if sees_suggestions and curation["suggestions"]:
            waiting["suggestions"] = curation["suggestions"]
        if sees_resources and curation["links"]:
            waiting["broken_links"] = curation["links"]
    return waiting or None
