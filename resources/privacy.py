"""What the directory holds of a member, for their rights (accounts.privacy): the resources they
suggested, in their data download, and gone when they erase their account."""

from core.export import when
from resources.models import ResourceSuggestion


def export_member(member) -> dict:
    """The member's suggestions for the directory and what became of them, in one query."""
    return {
        "resource_suggestions": [
            {
                "name": suggestion.name,
                "url": suggestion.url,
                "note": suggestion.note,
                "status": suggestion.status,
                "decision_reason": suggestion.decision_reason,
                "created_at": when(suggestion.created_at),
            }
            for suggestion in ResourceSuggestion.objects.filter(suggested_by=member).order_by("id")
        ],
    }


def erase_member(member, *, keep_comments: bool, new_name: str) -> None:
    """Suggestions go: a decided one is in the directory (or not) on its own merits."""
    ResourceSuggestion.objects.filter(suggested_by=member).delete()
