"""What is waiting for moderators, for the top of the admin index."""

from django import template
from django.utils.timesince import timesince

from forum.models import Appeal, AppealOutcome
from forum.selectors import queue_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_waiting(context) -> dict | None:
    """The queue's size and the age of its oldest item, and the number of waiting appeals, for
    a user who may see them; None for anyone else."""
    user = context["request"].user
    sees_queue = user.has_perm("forum.view_reviewitem")
    sees_appeals = user.has_perm("forum.view_appeal")
    if not (sees_queue or sees_appeals):
        return None
    waiting = {}
    if sees_queue:
        summary = queue_summary()
        waiting["queue"] = summary["count"]
        waiting["oldest"] = timesince(summary["oldest"], depth=1) if summary["oldest"] else ""
    if sees_appeals:
        waiting["appeals"] = Appeal.objects.filter(outcome=AppealOutcome.WAITING).count()
    return waiting
