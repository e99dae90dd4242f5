"""The comment admin with its revisions, and the comment decisions it shares with the queue."""

from django.contrib import admin

from core.admin import (
    ModerationActionsMixin,
    PrivateLookupsRefusedMixin,
    ReadOnlyRecordsMixin,
)
from forum.admin.display import link_in_context
from forum.models import Comment, CommentRevision
from forum.moderation import decisions

COMMENT_FIELDS = [
    "thread",
    "author",
    "status",
    "held_reason",
    "hold_codes",
    "spam_check",
    "personal_data_confirmed",
    "created_at",
    "published_at",
    "edited_at",
    "reviewed_at",
    "reviewed_by",
    "body",
]


class CommentDecisionsMixin(ModerationActionsMixin):
    noun = ("comment", "comments")
    actions = ["approve_selected", "reject_selected", "hide_selected", "restore_selected"]

    def action_label(self, obj) -> str:
        return f"Comment {obj.pk} by {obj.author} ({obj.get_status_display().lower()})"

    def _decide(self, request, queryset, *, action, service, title, done, required, intro):
        def apply(comment, data):
            return service(moderator=request.user, comment=comment, reason=data["reason"])

        help_text = (
            "The member will read it, on the site and by email."
            if required
            else "Kept in the audit log."
        )
        return self.confirm_and_apply(
            request,
            queryset,
            action=action,
            title=title,
            done=done,
            apply=apply,
            form_kwargs={"reason_required": required, "reason_help": help_text},
            intro=intro,
        )

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="approve_selected",
            service=decisions.comment_approve,
            title="Approve these comments?",
            done="Approved",
            required=False,
            intro="Held comments are published; flagged ones stay as they are and their flags "
            "are dismissed. Approved comments count towards their author's trust.",
        )

    @admin.action(description="Reject selected comments", permissions=["change"])
    def reject_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="reject_selected",
            service=decisions.comment_reject,
            title="Reject these comments?",
            done="Rejected",
            required=True,
            intro="Rejected comments are never published. Their authors are told why and may "
            "appeal once.",
        )

    @admin.action(description="Hide selected comments", permissions=["change"])
    def hide_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="hide_selected",
            service=decisions.comment_hide,
            title="Hide these comments?",
            done="Hid",
            required=True,
            intro="Hidden comments leave a placeholder in their thread. Their authors are told "
            "why and may appeal once.",
        )

    @admin.action(description="Restore selected comments", permissions=["change"])
    def restore_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="restore_selected",
            service=decisions.comment_restore,
            title="Restore these comments?",
            done="Restored",
            required=False,
            intro="Hidden or rejected comments are published again; their open flags are "
            "dismissed.",
        )


class CommentRevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    readonly_fields = ["body", "created_at", "replaced_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(
    PrivateLookupsRefusedMixin, CommentDecisionsMixin, ReadOnlyRecordsMixin, admin.ModelAdmin
):
    list_display = ["id", "thread", "author", "status", "created_at", "edited_at"]
    list_filter = ["status", "thread__category", "created_at"]
    search_fields = ["body", "author__display_name", "thread__title"]
    list_select_related = ["thread", "author"]
    date_hierarchy = "created_at"
    fields = [*COMMENT_FIELDS, "in_context"]
    readonly_fields = ["in_context"]
    inlines = [CommentRevisionInline]
    ordering = ["-created_at"]

    @admin.display(description="in its thread")
    def in_context(self, comment):
        return link_in_context(comment)


# -- Threads -----------------------------------------------------------------------------------
