"""Every change members make to the forum goes through these functions: web views, the admin and
the API alike. Moderators' decisions are in forum.moderation (decisions, flags, appeals, spam).

Each runs in one transaction, checks permission through forum.permissions, applies the policy in
forum.moderation.policy, and raises PermissionDenied or ValidationError (with a message for the
member) before anything is saved.
"""

from forum.services.follows import thread_follow, thread_unfollow
from forum.services.locks import refresh_thread
from forum.services.posting import (
    comment_create,
    comment_delete,
    comment_edit,
    thread_create,
)
from forum.services.reactions import reaction_add, reaction_remove

__all__ = [
    "comment_create",
    "comment_delete",
    "comment_edit",
    "reaction_add",
    "reaction_remove",
    "refresh_thread",
    "thread_create",
    "thread_follow",
    "thread_unfollow",
]
