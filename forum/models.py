from django.conf import settings
from django.db import models
from django.utils import timezone

from core import pagecache
from core.forms import REASON_MAX_LENGTH
from core.links import address

TITLE_MIN_LENGTH = 5
TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 20_000


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    moderators_only_posting = models.BooleanField(
        default=False, help_text="Only moderators may start threads here (announcements)."
    )
    # What the home page shows of the category, kept by the services that keep a thread's
    # comment_count (forum.services.locks.refresh_category, recounted from the rows): for
    # visitors, its published public threads; for members, its published threads.
    visitor_thread_count = models.PositiveIntegerField(default=0, editable=False)
    visitor_comment_count = models.PositiveIntegerField(default=0, editable=False)
    visitor_latest_thread = models.ForeignKey(
        "Thread", on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    member_thread_count = models.PositiveIntegerField(default=0, editable=False)
    member_comment_count = models.PositiveIntegerField(default=0, editable=False)
    member_latest_thread = models.ForeignKey(
        "Thread", on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return address("forum:category", self.slug)


class ThreadStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting review"
    HIDDEN = "hidden", "Hidden by a moderator"


class ThreadVisibility(models.TextChoices):
    PUBLIC = "public", "Everyone, including visitors and search engines"
    MEMBERS = "members", "Signed-in members only"


class Thread(models.Model):
    """A conversation. Its opening text is its first Comment, moderated like any other."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads"
    )
    visibility = models.CharField(
        max_length=16,
        choices=ThreadVisibility.choices,
        default=ThreadVisibility.PUBLIC,
        help_text="A members-only thread, its comments and its authors' names are hidden from "
        "visitors and search engines.",
    )
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=ThreadStatus.choices, default=ThreadStatus.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    comment_count = models.PositiveIntegerField(
        default=0, help_text="Published comments, the opening one included. Kept by the services."
    )

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at", "-id"]
        indexes = [
            models.Index(
                fields=["category", "status", "-is_pinned", "-last_activity_at", "-id"],
                name="forum_thread_listing",
            ),
            # A member's list holds their own unpublished threads too (status published OR
            # author me), which the index above cannot give in order: this one can, so the
            # database reads a category's first rows in order instead of sorting all of them.
            models.Index(
                fields=["category", "-is_pinned", "-last_activity_at", "-id"],
                name="forum_thread_in_order",
            ),
            models.Index(fields=["author", "-created_at"], name="forum_thread_by_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("forum:thread", self.pk, self.slug)


def thread_page(thread_id: int) -> str:
    """The part of the site (core.pagecache) that holds a thread's page: its comments, their
    reactions and the thread's own fields are shown there."""
    return f"thread:{thread_id}"


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting review"
    HIDDEN = "hidden", "Hidden by a moderator"
    REJECTED = "rejected", "Rejected by a moderator"
    REMOVED = "removed", "Removed by its author"


class SpamCheck(models.TextChoices):
    NOT_NEEDED = "not_needed", "Not needed"
    WAITING = "waiting", "Waiting for the spam service"
    PASSED = "passed", "Passed"
    SPAM = "spam", "Spam service says spam"


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    is_opening = models.BooleanField(default=False, help_text="The thread's first comment.")
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    status = models.CharField(
        max_length=16, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED
    )
    hold_codes = models.JSONField(
        default=list, blank=True, help_text="Why forum.moderation held it (codes)."
    )
    held_reason = models.CharField(
        max_length=REASON_MAX_LENGTH,
        blank=True,
        help_text="Why it is held or was acted on, in words.",
    )
    spam_check = models.CharField(
        max_length=16, choices=SpamCheck.choices, default=SpamCheck.NOT_NEEDED
    )
    spam_check_ip = models.GenericIPAddressField(
        null=True, blank=True, help_text="Sent to the spam service; erased once it has answered."
    )
    personal_data_confirmed = models.BooleanField(
        default=False,
        help_text="Its author was warned it looks like an email address or phone number, and "
        "posted anyway. A moderator should look at it.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a moderator last decided on it."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["thread", "status", "id"], name="forum_comment_in_thread"),
            models.Index(fields=["author", "-created_at"], name="forum_comment_by_author"),
            models.Index(fields=["status", "created_at"], name="forum_comment_by_status"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author_id} in thread {self.thread_id}"


class ReviewItem(Comment):
    """A comment as the admin's review queue shows it: a proxy, so the queue has its own page and
    permissions in the admin. forum.selectors.waiting_comments decides which are waiting."""

    class Meta:
        proxy = True
        verbose_name = "review queue item"
        verbose_name_plural = "review queue"


class CommentRevision(models.Model):
    """An earlier body of an edited comment, kept so an edit never silently rewrites history."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(
        default=timezone.now, help_text="When this text was written (first posted or last edited)."
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "-replaced_at"]

    def __str__(self) -> str:
        return f"Revision of comment {self.comment_id} replaced {self.replaced_at:%Y-%m-%d %H:%M}"


class FlagReason(models.TextChoices):
    SPAM = "spam", "Spam"
    HARASSMENT = "harassment", "Harassment or abuse"
    MISINFORMATION = "misinformation", "Medical misinformation"
    PROMOTION = "promotion", "Selling or promoting treatments"
    CRISIS = "crisis", "Self-harm or crisis"
    OTHER = "other", "Something else"


class FlagResolution(models.TextChoices):
    OPEN = "open", "Open"
    UPHELD = "upheld", "Upheld: a moderator acted"
    DISMISSED = "dismissed", "Dismissed: the comment stays"


class Flag(models.Model):
    """A member's report of a comment. One per member and comment, ever."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags_raised"
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolution = models.CharField(
        max_length=16, choices=FlagResolution.choices, default=FlagResolution.OPEN
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                name="forum_flag_once_per_member",
                violation_error_message="You have already flagged this comment.",
            )
        ]
        indexes = [models.Index(fields=["resolution", "comment"], name="forum_flag_open")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on comment {self.comment_id}"


class Follow(models.Model):
    """A member following a thread: each new reply in it becomes a notification for them."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "thread"],
                name="forum_follow_once_per_member",
                violation_error_message="You already follow this thread.",
            )
        ]
        # The unique constraint's index serves "what a member follows"; this one, "who follows
        # this thread", asked on every first publication of a reply.
        indexes = [models.Index(fields=["thread", "member"], name="forum_follow_by_thread")]

    def __str__(self) -> str:
        return f"Member {self.member_id} follows thread {self.thread_id}"


class AppealOutcome(models.TextChoices):
    WAITING = "waiting", "Waiting for a moderator"
    UPHELD = "upheld", "Decision upheld"
    OVERTURNED = "overturned", "Decision overturned: comment restored"


class Appeal(models.Model):
    """A member's one request to look again at a rejected or hidden comment of theirs."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="appeal")
    appealed_decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The moderator whose decision is appealed; they may not decide the appeal.",
    )
    note = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        max_length=16, choices=AppealOutcome.choices, default=AppealOutcome.WAITING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Appeal on comment {self.comment_id} ({self.get_outcome_display()})"


class AuditAction(models.TextChoices):
    """What the forum's moderators do, as the audit log names it (registered in apps.py)."""

    APPROVE = "approve", "Approved a comment"
    REJECT = "reject", "Rejected a comment"
    HIDE = "hide", "Hid a comment"
    RESTORE = "restore", "Restored a comment"
    LOCK = "lock", "Locked a thread"
    UNLOCK = "unlock", "Unlocked a thread"
    PIN = "pin", "Pinned a thread"
    UNPIN = "unpin", "Unpinned a thread"
    MOVE = "move", "Moved a thread"
    APPEAL_UPHOLD = "appeal_uphold", "Upheld a decision on appeal"
    APPEAL_OVERTURN = "appeal_overturn", "Overturned a decision on appeal"


class NotificationKind(models.TextChoices):
    """What the forum tells members (forum.notification_kinds gives their words)."""

    COMMENT_APPROVED = "comment_approved", "Comment approved"
    COMMENT_REJECTED = "comment_rejected", "Comment rejected"
    COMMENT_HIDDEN = "comment_hidden", "Comment hidden"
    COMMENT_RESTORED = "comment_restored", "Comment restored"
    APPEAL_DECIDED = "appeal_decided", "Appeal decided"
    CRISIS_SUPPORT = "crisis_support", "Support is available"
    MENTION = "mention", "You were mentioned"
    REPLY = "reply", "New reply in a thread you follow"


def reaction_page(reaction) -> str:
    """The part of the site (core.pagecache) a reaction is counted on: its thread's page, or
    every page when its comment is not at hand (a bulk delete), rather than a query a row."""
    if type(reaction).comment.field.is_cached(reaction):
        return thread_page(reaction.comment.thread_id)
    return pagecache.ALL


class ReactionKind(models.TextChoices):
    # Support, not judgement: there is no downvote.
    HELPFUL = "helpful", "Helpful"
    SUPPORT = "support", "Sending support"


class Reaction(models.Model):
    """A member's "helpful" or "sending support" on a comment: one of each per member."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "member", "kind"],
                name="forum_reaction_once_per_member_and_kind",
                violation_error_message="You have already reacted this way.",
            )
        ]
        indexes = [models.Index(fields=["comment", "kind"], name="forum_reaction_counts")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on comment {self.comment_id} by {self.member_id}"
