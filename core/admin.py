"""What every app's admin shares: action confirmation pages that ask for a reason and call a
service per object, the refusal of private-field filters, read-only records, waiting-first
status filters."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.template.response import TemplateResponse

from core.errors import moderator_message
from core.forms import REASON_MAX_LENGTH


def plural(count: int, singular: str, many: str) -> str:
    return f"{count} {singular if count == 1 else many}"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=REASON_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, reason_required: bool = False, reason_help: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        field.label = "Reason" if reason_required else "Reason (optional)"
        field.help_text = reason_help or "Kept in the audit log."
        field.error_messages["required"] = "Please give a reason: it is kept in the audit log."


class ModerationActionsMixin:
    """Admin actions that confirm on a page of their own (like Django's delete confirmation), ask
    for a reason, then call a service for each selected object and report each outcome."""

    confirmation_template = "admin/moderation/confirm_action.html"
    noun = ("item", "items")

    def action_label(self, obj) -> str:
        return str(obj)

    def action_objects(self, ids: list[str]) -> QuerySet:
        # The objects as they are now, not as the list showed them: one another moderator has
        # decided meanwhile must still reach its service, which explains the refusal.
        select = self.list_select_related
        objects = self.model._default_manager.filter(pk__in=ids)
        if isinstance(select, list | tuple):
            objects = objects.select_related(*select)
        return objects.order_by("pk")

    def confirm_and_apply(
        self,
        request,
        queryset: QuerySet,
        *,
        action: str,
        title: str,
        done: str,
        apply: Callable[[object, dict], object],
        form_class: type[ReasonForm] = ReasonForm,
        form_kwargs: dict | None = None,
        intro: str = "",
    ):
        form_kwargs = form_kwargs or {}
        if request.POST.get("confirm") == "yes":
            objects = list(self.action_objects(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)))
            form = form_class(request.POST, **form_kwargs)
            if form.is_valid():
                self._apply_each(request, objects, apply, form.cleaned_data, done)
                return None
        else:
            objects = list(queryset)
            form = form_class(**form_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.model._meta,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "objects": [(obj.pk, self.action_label(obj)) for obj in objects],
            "form": form,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.confirmation_template, context)

    def _apply_each(self, request, objects, apply, data: dict, done: str) -> None:
        succeeded = 0
        for obj in objects:
            refusal = _refusal(apply, obj, data)
            if refusal:
                self.message_user(request, f"{self.action_label(obj)}: {refusal}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{done} {plural(succeeded, *self.noun)}.", messages.SUCCESS)
        else:
            self.message_user(request, "Nothing was changed.", messages.WARNING)


def _refusal(apply, obj, data: dict) -> str | None:
    """Call the service; None if it acted, else its message for the moderator."""
    try:
        apply(obj, data)
    except (ObjectDoesNotExist, ValidationError, PermissionDenied) as error:
        return moderator_message(error)
    return None


# Fields a moderator must not filter by: a changelist filter such as ?spam_check_ip__startswith=10.
# or ?author__email__startswith=a would let them read a member's address a character at a time
# from the result count, even though no page shows it.
PRIVATE_LOOKUP_FIELDS = frozenset({"email", "spam_check_ip"})


def private_lookup_refused(lookup: str, request) -> bool:
    """True when `lookup` touches an email or IP address anywhere along its path and the request
    is not a superuser's."""
    if request is not None and request.user.is_superuser:
        return False
    return not PRIVATE_LOOKUP_FIELDS.isdisjoint(lookup.split(LOOKUP_SEP))


class PrivateLookupsRefusedMixin:
    """For every ModelAdmin whose records reach a member: refuse (400) filters on their email or
    IP address to anyone but a superuser."""

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        if private_lookup_refused(lookup, request):
            return False
        return super().lookup_allowed(lookup, value, request)


class ReadOnlyRecordsMixin:
    """Records are changed by the actions (services) alone; their pages are for reading."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Without an object this asks "may use the actions"; a record's own page stays read-only.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)


class WaitingFirstFilter(admin.SimpleListFilter):
    """A status filter that shows the waiting records unless asked otherwise: they are what a
    moderator comes for. Subclasses name the field, its choices and the waiting value."""

    field: str
    status_choices: type
    waiting: str

    def __init__(self, *args, **kwargs):
        self.title = self.parameter_name = self.field
        super().__init__(*args, **kwargs)

    def lookups(self, request, model_admin):
        return [*self.status_choices.choices, ("all", "All")]

    def _chosen(self) -> str:
        return self.value() or self.waiting

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self._chosen() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self._chosen() == "all":
            return queryset
        return queryset.filter(**{self.field: self._chosen()})
