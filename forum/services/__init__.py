"""Every change to the forum goes through these functions: web views, the admin and the API alike.

Each runs in one transaction, checks permission through forum.permissions, applies the policy in
forum.moderation, and raises PermissionDenied or ValidationError (with a message for the member)
before anything is saved.
"""

from forum.services.comments import (
    clean_body,
    clean_title,
    comment_create,
    comment_delete,
    comment_edit,
    refresh_thread,
    thread_create,
)
from forum.services.follows import thread_follow, thread_unfollow
from forum.services.moderation import (
    appeal_create,
    appeal_decide,
    apply_spam_verdict,
    comment_approve,
    comment_hide,
    comment_reject,
    comment_restore,
    flag_create,
    member_suspend,
    member_unsuspend,
    thread_move,
    thread_set,
)
from forum.services.reactions import reaction_add, reaction_remove
from forum.services.records import notifications_mark_read, notify

__all__ = [
    "appeal_create",
    "appeal_decide",
    "apply_spam_verdict",
    "clean_body",
    "clean_title",
    "comment_approve",
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_hide",
    "comment_reject",
    "comment_restore",
    "flag_create",
    "member_suspend",
    "member_unsuspend",
    "notifications_mark_read",
    "notify",
    "reaction_add",
    "reaction_remove",
    "refresh_thread",
    "thread_create",
    "thread_follow",
    "thread_move",
    "thread_set",
    "thread_unfollow",
]
