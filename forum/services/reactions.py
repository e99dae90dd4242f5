"""Reactions that fit a support community: "helpful" and "sending support" on a comment.

There is no downvote, and no names are shown: a reaction is a count, one of each kind per member
and comment. Adding and taking back are two idempotent calls rather than one toggle, so a second
press from a shaky hand (or a form sent twice) leaves what the member asked for, not its opposite.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import ensure
from forum import permissions
from forum.models import Comment, Reaction, ReactionKind
from forum.services.locks import comment_for_update


def _clean_kind(kind: str) -> str:
    if kind not in ReactionKind.values:
        choices = ", ".join(f"\u201c{value}\u201d" for value in ReactionKind.values)
        raise ValidationError({"kind": f"A reaction is one of {choices}."})
    return kind


def reaction_add(*, member, comment: Comment, kind: str) -> Reaction:
    """Give `kind` to `comment` as `member`; giving it again changes nothing. Checked against the
    comment as it is now (locked), so a comment hidden a moment ago takes no new reactions."""
    kind = _clean_kind(kind)
    ensure(permissions.reaction_refusal(member, comment))
    with transaction.atomic():
        comment = comment_for_update(member, comment.pk, permissions.reaction_refusal)
        reaction, _ = Reaction.objects.get_or_create(comment=comment, member=member, kind=kind)
    return reaction


def reaction_remove(*, member, comment: Comment, kind: str) -> bool:
    """Take back `member`'s `kind` on `comment`. Always allowed for a member's own reaction,
    whatever happened to the comment since. True if there was one to take back."""
    kind = _clean_kind(kind)
    if not member.is_authenticated:
        ensure("Please sign in to react to a comment.")
    taken = Reaction.objects.filter(comment=comment, member=member, kind=kind).first()
    if taken is None:
        return False
    taken.comment = comment  # so the page it was counted on is known (core.pagecache)
    taken.delete()
    return True
