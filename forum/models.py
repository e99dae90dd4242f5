from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

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

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})


class ThreadStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting review"
    HIDDEN = "hidden", "Hidden by a moderator"


class Thread(models.Model):
    """A conversation. Its opening text is its first Comment, moderated like any other."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads"
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
            models.Index(fields=["author", "-created_at"], name="forum_thread_by_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", kwargs={"pk": self.pk, "slug": self.slug})


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Awaiting review"
    HIDDEN = "hidden", "Hidden by a moderator"
    REJECTED = "rejected", "Rejected by a moderator"
    REMOVED = "removed", "Removed by its author"


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    status = models.CharField(
        max_length=16, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED
    )
    held_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["thread", "status", "id"], name="forum_comment_in_thread"),
            models.Index(fields=["author", "-created_at"], name="forum_comment_by_author"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author_id} in thread {self.thread_id}"

    @property
    def is_removed(self) -> bool:
        return self.status == CommentStatus.REMOVED


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
