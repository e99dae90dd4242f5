"""Who may do what in the forum (who is a moderator: accounts.permissions, whose names are
used here as the forum's own): the one rule set that the web, the admin and the API all ask.

Each `*_refusal` returns why not (a message a member can act on) or None; `can_*` turns that
into yes or no for templates choosing which buttons to show; `ensure` raises PermissionDenied
with the message, for services.
"""

from django.utils import formats

from accounts.permissions import is_moderator
from forum.models import Category, Comment, CommentStatus, Thread, ThreadStatus


def posting_refusal(user) -> str | None:
    if not user.is_authenticated:
        return "Please sign in to post."
    if not user.is_active:
        return "This account is closed."
    if user.is_suspended:
        until = formats.date_format(user.suspended_until, "j F Y")
        return f"Your account is suspended until {until}. You can still read the forum."
    return None


def thread_start_refusal(user, category: Category) -> str | None:
    refusal = posting_refusal(user)
    if refusal:
        return refusal
    if category.moderators_only_posting and not is_moderator(user):
        return "Only moderators can start threads in this category."
    return None


def reply_refusal(user, thread: Thread) -> str | None:
    refusal = posting_refusal(user)
    if refusal:
        return refusal
    if thread.is_locked:
        return "This thread is locked, so it takes no new replies."
    if thread.status != ThreadStatus.PUBLISHED and thread.author_id != user.pk:
        return "This thread is not open for replies."
    return None


def comment_change_refusal(user, comment: Comment) -> str | None:
    """Why `user` may not edit or delete `comment` (members change only their own words)."""
    if not user.is_authenticated:
        return "Please sign in."
    if comment.author_id != user.pk:
        return "You can only change your own comments."
    if comment.status == CommentStatus.REMOVED:
        return "This comment has been removed."
    if comment.status in {CommentStatus.HIDDEN, CommentStatus.REJECTED}:
        return "A moderator has acted on this comment, so it can no longer be changed."
    return None


def comment_edit_refusal(user, comment: Comment) -> str | None:
    refusal = comment_change_refusal(user, comment)
    if refusal:
        return refusal
    if comment.thread.is_locked:
        return "This thread is locked, so its comments can no longer be edited."
    return posting_refusal(user)


def can_start_thread(user, category: Category) -> bool:
    return thread_start_refusal(user, category) is None


def can_edit_comment(user, comment: Comment) -> bool:
    return comment_edit_refusal(user, comment) is None


def can_delete_comment(user, comment: Comment) -> bool:
    return comment_change_refusal(user, comment) is None


def moderation_refusal(user, comment: Comment | None = None) -> str | None:
    if not is_moderator(user):
        return "Only moderators can do that."
    if comment is not None and comment.author_id == user.pk:
        return "You cannot decide on your own comment; another moderator must."
    return None


def thread_tools_refusal(user, thread: Thread) -> str | None:
    """Why `user` may not lock, pin or move `thread` (any moderator may, their own threads too)."""
    return moderation_refusal(user)


def flag_refusal(user, comment: Comment) -> str | None:
    if not user.is_authenticated:
        return "Please sign in to flag a comment."
    if comment.author_id == user.pk:
        return "You cannot flag your own comment. You can edit or delete it instead."
    if comment.status != CommentStatus.PUBLISHED:
        return "This comment cannot be flagged: a moderator is already looking after it."
    return None


def can_flag(user, comment: Comment) -> bool:
    return flag_refusal(user, comment) is None


def can_appeal(user, comment: Comment) -> bool:
    """Whether to offer the appeal link: allowed, and not appealed yet (once per comment; a
    second try is refused by the service as a form error, so the member's text is kept)."""
    # hasattr: a missing reverse one-to-one raises AttributeError.
    return appeal_refusal(user, comment) is None and not hasattr(comment, "appeal")


def appeal_refusal(user, comment: Comment) -> str | None:
    if not user.is_authenticated or comment.author_id != user.pk:
        return "Only the comment's author can appeal."
    if comment.status not in {CommentStatus.REJECTED, CommentStatus.HIDDEN}:
        return "Only a rejected or hidden comment can be appealed."
    return None


def follow_refusal(user) -> str | None:
    """Following is reading, not posting: a suspended member may follow and unfollow."""
    if not user.is_authenticated:
        return "Please sign in to follow a thread."
    if not user.is_active:
        return "This account is closed."
    return None


def reaction_refusal(member, comment: Comment) -> str | None:
    """Why `member` may not react to `comment`, or None.

    A suspended member may react: a reaction carries no words and no name, so it cannot do what a
    suspension stops (posting in public), and sending support to others should not be taken from
    someone who may be struggling themselves. A closed account may not."""
    if not member.is_authenticated:
        return "Please sign in to react to a comment."
    if not member.is_active:
        return "This account is closed."
    if comment.author_id == member.pk:
        return "You cannot react to your own comment."
    if comment.status != CommentStatus.PUBLISHED or comment.thread.status != ThreadStatus.PUBLISHED:
        return "Only published comments can have reactions."
    return None


def can_react(member, comment: Comment) -> bool:
    return reaction_refusal(member, comment) is None
