"""The category and thread admins, with the thread tools (lock, pin, move)."""

from django import forms
from django.contrib import admin

from core.admin import (
    ModerationActionsMixin,
    PrivateLookupsRefusedMixin,
    ReadOnlyRecordsMixin,
    ReasonForm,
)
from forum.models import AuditAction, Category, Thread
from forum.moderation import decisions


class MoveForm(ReasonForm):
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("position", "name"), label="Move to"
    )
    field_order = ["category", "reason"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "moderators_only_posting"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Thread)
class ThreadAdmin(
    PrivateLookupsRefusedMixin, ModerationActionsMixin, ReadOnlyRecordsMixin, admin.ModelAdmin
):
    list_display = [
        "title",
        "category",
        "author",
        "status",
        "is_pinned",
        "is_locked",
        "comment_count",
        "last_activity_at",
    ]
    list_filter = ["status", "category", "is_pinned", "is_locked", "created_at"]
    search_fields = ["title", "author__display_name"]
    list_select_related = ["category", "author"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "category",
        "author",
        "status",
        "is_pinned",
        "is_locked",
        "created_at",
        "last_activity_at",
        "comment_count",
        "slug",
    ]
    ordering = ["-last_activity_at"]
    noun = ("thread", "threads")
    actions = [
        "lock_selected",
        "unlock_selected",
        "pin_selected",
        "unpin_selected",
        "move_selected",
    ]

    def action_label(self, obj) -> str:
        return f"\u201c{obj.title}\u201d in {obj.category}"

    def _set(self, request, queryset, *, action: str, tool: str, title: str, done: str):
        def apply(thread, data):
            return decisions.thread_set(
                moderator=request.user, thread=thread, action=tool, reason=data["reason"]
            )

        return self.confirm_and_apply(
            request, queryset, action=action, title=title, done=done, apply=apply
        )

    @admin.action(description="Lock selected threads", permissions=["change"])
    def lock_selected(self, request, queryset):
        return self._set(
            request,
            queryset,
            action="lock_selected",
            tool=AuditAction.LOCK,
            title="Lock these threads?",
            done="Locked",
        )

    @admin.action(description="Unlock selected threads", permissions=["change"])
    def unlock_selected(self, request, queryset):
        return self._set(
            request,
            queryset,
            action="unlock_selected",
            tool=AuditAction.UNLOCK,
            title="Unlock these threads?",
            done="Unlocked",
        )

    @admin.action(description="Pin selected threads", permissions=["change"])
    def pin_selected(self, request, queryset):
        return self._set(
            request,
            queryset,
            action="pin_selected",
            tool=AuditAction.PIN,
            title="Pin these threads?",
            done="Pinned",
        )

    @admin.action(description="Unpin selected threads", permissions=["change"])
    def unpin_selected(self, request, queryset):
        return self._set(
            request,
            queryset,
            action="unpin_selected",
            tool=AuditAction.UNPIN,
            title="Unpin these threads?",
            done="Unpinned",
        )

    @admin.action(description="Move selected threads to another category", permissions=["change"])
    def move_selected(self, request, queryset):
        def apply(thread, data):
            return decisions.thread_move(
                moderator=request.user,
                thread=thread,
                category=data["category"],
                reason=data["reason"],
            )

        return self.confirm_and_apply(
            request,
            queryset,
            action="move_selected",
            title="Move these threads?",
            done="Moved",
            apply=apply,
            form_class=MoveForm,
        )


# -- Flags, appeals and the audit log ----------------------------------------------------------
