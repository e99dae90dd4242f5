"""The flag and appeal admins."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from core.admin import (
    ModerationActionsMixin,
    PrivateLookupsRefusedMixin,
    ReadOnlyRecordsMixin,
    WaitingFirstFilter,
)
from forum.admin.display import comment_in_context_url, excerpt
from forum.models import Appeal, AppealOutcome, Flag
from forum.moderation import appeals


@admin.register(Flag)
class FlagAdmin(PrivateLookupsRefusedMixin, ReadOnlyRecordsMixin, admin.ModelAdmin):
    list_display = [
        "flagged_comment",
        "reason",
        "note",
        "reporter",
        "created_at",
        "resolution",
        "resolved_by",
    ]
    list_filter = ["reason", "resolution", "created_at"]
    list_select_related = ["reporter", "resolved_by"]
    search_fields = ["note", "reporter__display_name"]
    fields = [
        "flagged_comment",
        "reason",
        "note",
        "reporter",
        "created_at",
        "resolution",
        "resolved_at",
        "resolved_by",
    ]
    readonly_fields = ["flagged_comment"]
    ordering = ["-created_at", "-id"]
    actions = None

    @admin.display(description="comment")
    def flagged_comment(self, flag):
        url = reverse("admin:forum_comment_change", args=[flag.comment_id])
        return format_html('<a href="{}">Comment {}</a>', url, flag.comment_id)


class AppealOutcomeFilter(WaitingFirstFilter):
    field, status_choices, waiting = "outcome", AppealOutcome, AppealOutcome.WAITING


@admin.register(Appeal)
class AppealAdmin(
    PrivateLookupsRefusedMixin, ModerationActionsMixin, ReadOnlyRecordsMixin, admin.ModelAdmin
):
    list_display = [
        "appealed_comment",
        "comment_status",
        "decision_appealed",
        "note",
        "created_at",
        "outcome",
        "decided_by",
    ]
    list_display_links = None
    list_filter = [AppealOutcomeFilter]
    list_select_related = [
        "comment__thread",
        "comment__author",
        "comment__reviewed_by",
        "decided_by",
    ]
    search_fields = ["note", "comment__author__display_name"]
    fields = [
        "appealed_comment",
        "comment_status",
        "decision_appealed",
        "note",
        "created_at",
        "outcome",
        "decided_at",
        "decided_by",
        "decision_reason",
    ]
    readonly_fields = ["appealed_comment", "comment_status", "decision_appealed"]
    ordering = ["created_at", "id"]
    noun = ("appeal", "appeals")
    actions = ["uphold_selected", "overturn_selected"]

    def action_label(self, obj) -> str:
        return f"Appeal by {obj.comment.author} on comment {obj.comment_id}"

    @admin.display(description="comment")
    def appealed_comment(self, appeal):
        comment = appeal.comment
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">in \u201c{}\u201d</a>',
            reverse("admin:forum_comment_change", args=[comment.pk]),
            excerpt(comment),
            comment_in_context_url(comment),
            comment.thread.title,
        )

    @admin.display(description="status now")
    def comment_status(self, appeal):
        return appeal.comment.get_status_display()

    @admin.display(description="decision appealed")
    def decision_appealed(self, appeal):
        comment = appeal.comment
        who = comment.reviewed_by or "Automatically"
        return format_html("<strong>{}</strong>: {}", who, comment.held_reason or "(no reason)")

    def _decide(self, request, queryset, *, action: str, overturn: bool, title: str, done: str):
        def apply(appeal, data):
            return appeals.appeal_decide(
                moderator=request.user, appeal=appeal, overturn=overturn, reason=data["reason"]
            )

        return self.confirm_and_apply(
            request,
            queryset,
            action=action,
            title=title,
            done=done,
            apply=apply,
            form_kwargs={
                "reason_required": True,
                "reason_help": "The member will read it, on the site and by email.",
            },
            intro="An appeal is decided by a moderator other than the one who acted.",
        )

    @admin.action(
        description="Uphold the decision (the comment stays as it is)", permissions=["change"]
    )
    def uphold_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="uphold_selected",
            overturn=False,
            title="Uphold these decisions?",
            done="Decided",
        )

    @admin.action(description="Overturn the decision (publish the comment)", permissions=["change"])
    def overturn_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="overturn_selected",
            overturn=True,
            title="Overturn these decisions and publish the comments?",
            done="Decided",
        )
