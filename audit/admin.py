from django.contrib import admin

from audit.models import AuditEntry
from core.admin import PrivateLookupsRefusedMixin, ReadOnlyRecordsMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(PrivateLookupsRefusedMixin, ReadOnlyRecordsMixin, admin.ModelAdmin):
    """The audit log. Nobody, superusers included, adds, changes or deletes entries here."""

    list_display = ["created_at", "actor", "action", "target", "reason"]
    list_filter = [("actor", admin.RelatedOnlyFieldListFilter), "action"]
    date_hierarchy = "created_at"
    search_fields = ["target_label", "reason"]
    list_select_related = ["actor"]
    fields = ["created_at", "actor", "action", "target_type", "target_id", "target_label", "reason"]
    actions = None

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="target", ordering="target_label")
    def target(self, entry):
        return f"{entry.target_type} {entry.target_id}: {entry.target_label}"
