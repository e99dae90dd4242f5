"""The forum as JSON for the API. These check shape only; the services decide, exactly as for
the web's forms. What a viewer may see was decided by the selectors before anything reaches
here; a comment's words are left out wherever the web shows a placeholder instead."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.permissions import sees_moderated_content
from core.api.serializers import Flag, StrictSerializer, Text
from forum import permissions
from forum.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Category,
    Comment,
    CommentStatus,
    FlagReason,
    ReactionKind,
    Thread,
    ThreadStatus,
    ThreadVisibility,
)
from forum.moderation import policy


class AuthorSerializer(serializers.Serializer):
    """A member as others see them: their public name and role, never their email."""

    display_name = serializers.CharField()
    role = serializers.CharField(help_text="mmn, carer, clinician, other, or empty.")
    profile_url = serializers.CharField(source="get_absolute_url", help_text="Their web page.")


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "slug", "name", "description", "position", "moderators_only_posting"]


class ThreadSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = AuthorSerializer()
    status = serializers.ChoiceField(
        choices=ThreadStatus.choices,
        help_text="published; pending (awaiting review: only its author and moderators see it); "
        "hidden.",
    )
    status_label = serializers.CharField(source="get_status_display")
    visibility = serializers.ChoiceField(
        choices=ThreadVisibility.choices,
        help_text="public, or members (hidden from visitors and search engines).",
    )
    web_url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Thread
        fields = [
            "id",
            "title",
            "slug",
            "category",
            "author",
            "status",
            "status_label",
            "visibility",
            "is_pinned",
            "is_locked",
            "comment_count",
            "created_at",
            "last_activity_at",
            "web_url",
        ]


class ThreadDetailSerializer(ThreadSerializer):
    following = serializers.SerializerMethodField(help_text="Whether the caller follows it.")
    reply_refusal = serializers.SerializerMethodField(
        help_text="Why the caller may not reply (signed out, suspended, thread locked), or null."
    )

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "following", "reply_refusal"]

    def get_following(self, thread: Thread) -> bool:
        return bool(getattr(thread, "viewer_follows", False))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reply_refusal(self, thread: Thread) -> str | None:
        return permissions.reply_refusal(self.context["request"].user, thread)


class ReactionCountSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReactionKind.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()
    reacted = serializers.BooleanField(
        source="viewer_reacted", help_text="Whether the caller gave this reaction."
    )


class CommentSerializer(serializers.ModelSerializer):
    author = AuthorSerializer()
    reactions = ReactionCountSerializer(
        source="reaction_counts",
        many=True,
        help_text="Helpful and sending support: how many, and whether the caller gave each.",
    )
    can_react = serializers.SerializerMethodField()
    status = serializers.ChoiceField(
        choices=CommentStatus.choices,
        help_text="published; pending (awaiting review); hidden or rejected by a moderator; "
        "removed by its author. Only the author and moderators see a pending or rejected one; "
        "everyone else sees a hidden or removed one as a placeholder with no text.",
    )
    status_label = serializers.CharField(source="get_status_display")
    held_reason = serializers.SerializerMethodField(
        help_text="Why it is held, hidden or rejected: shown to its author and moderators only."
    )
    can_edit = serializers.SerializerMethodField()
    can_delete = serializers.SerializerMethodField()
    can_flag = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField(help_text="Its lasting address on the web.")

    class Meta:
        model = Comment
        fields = [
            "id",
            "thread",
            "author",
            "is_opening",
            "body",
            "body_html",
            "status",
            "status_label",
            "held_reason",
            "created_at",
            "edited_at",
            "can_edit",
            "can_delete",
            "can_flag",
            "reactions",
            "can_react",
            "web_url",
        ]
        extra_kwargs = {
            "body": {"help_text": "Markdown, as written. Empty for a placeholder."},
            "body_html": {"help_text": "Rendered and sanitised HTML. Empty for a placeholder."},
        }

    def _viewer(self):
        return self.context["request"].user

    @extend_schema_field(serializers.CharField())
    def get_held_reason(self, comment: Comment) -> str:
        viewer = self._viewer()
        if comment.author_id == viewer.pk or sees_moderated_content(viewer):
            return comment.held_reason
        return ""

    def get_can_edit(self, comment: Comment) -> bool:
        return permissions.can_edit_comment(self._viewer(), comment)

    def get_can_delete(self, comment: Comment) -> bool:
        return permissions.can_delete_comment(self._viewer(), comment)

    def get_can_flag(self, comment: Comment) -> bool:
        viewer = self._viewer()
        return permissions.can_flag(viewer, comment) and not getattr(
            comment, "viewer_flagged", False
        )

    def get_can_react(self, comment: Comment) -> bool:
        return permissions.can_react(self._viewer(), comment)

    def get_web_url(self, comment: Comment) -> str:
        return f"/comments/{comment.pk}/"


class PostingSerializer(StrictSerializer):
    confirm_personal_data = Flag(
        required=False,
        default=False,
        help_text="Send true to post text that looks like an email address or phone number, "
        "after a 400 with code personal_data.",
    )


class ThreadCreateSerializer(PostingSerializer):
    category = Text(help_text="The category's slug.")
    visibility = serializers.ChoiceField(
        choices=ThreadVisibility.choices,
        default=ThreadVisibility.PUBLIC,
        help_text="Who can read it: public (the default), or members only.",
    )
    title = Text(max_length=TITLE_MAX_LENGTH)
    body = Text(max_length=BODY_MAX_LENGTH, trim_whitespace=False, help_text="Markdown.")


class CommentWriteSerializer(PostingSerializer):
    body = Text(max_length=BODY_MAX_LENGTH, trim_whitespace=False, help_text="Markdown.")


class FlagCreateSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=FlagReason.choices)
    note = Text(required=False, allow_blank=True, default="", max_length=1000)


class FlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    comment = serializers.IntegerField(source="comment_id")
    reason = serializers.ChoiceField(choices=FlagReason.choices)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    message = serializers.SerializerMethodField()

    def get_message(self, flag) -> str:
        return policy.flag_thanks(flag.reason)


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class ReactionSerializer(serializers.Serializer):
    comment = serializers.IntegerField()
    reactions = ReactionCountSerializer(many=True)


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("thread", "A thread's title"), ("comment", "A comment's words")]
    )
    thread = ThreadSerializer()
    comment = serializers.IntegerField(
        source="comment.pk", allow_null=True, default=None, help_text="The comment, if a comment."
    )
    author = AuthorSerializer()
    created_at = serializers.DateTimeField()
    title_html = serializers.CharField(help_text="The thread's title, matches in <mark>.")
    snippet_html = serializers.CharField(help_text="Around the match, matches in <mark>.")
    web_url = serializers.CharField(source="url")
    score = serializers.FloatField(help_text="Higher is a better match.")


class SearchPageSerializer(serializers.Serializer):
    results = SearchHitSerializer(source="hits", many=True)
    page = serializers.IntegerField()
    next_page = serializers.IntegerField(allow_null=True)
    previous_page = serializers.IntegerField(allow_null=True)
