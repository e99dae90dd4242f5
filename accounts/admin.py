from datetime import datetime, time

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from core.admin import ModerationActionsMixin, PrivateLookupsRefusedMixin, ReasonForm


class MemberCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "display_name"]


class MemberChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class SuspensionForm(ReasonForm):
    until = forms.DateField(
        label="Suspended until the end of",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    field_order = ["until", "reason"]

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(
                "That date has passed: a suspension must end today or later."
            )
        return until


def end_of_day(day) -> datetime:
    """The last moment of `day`: a suspension "until 3 May" includes 3 May."""
    return timezone.make_aware(datetime.combine(day, time.max))


class SuspendedFilter(admin.SimpleListFilter):
    title = "suspension"
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", "Suspended now")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(suspended_until__gt=timezone.now())
        return queryset


@admin.register(User)
class UserAdmin(PrivateLookupsRefusedMixin, ModerationActionsMixin, DjangoUserAdmin):
    """Members as moderators need them. The email address is shown to superusers only; a
    member's standing changes only through the suspension actions, which audit it."""

    add_form = MemberCreationForm
    form = MemberChangeForm
    actions = ["suspend_selected", "unsuspend_selected"]
    noun = ("member", "members")
    ordering = ["display_name"]
    list_display = ["display_name", "role", "region", "date_joined", "suspended_until", "is_staff"]
    list_filter = [SuspendedFilter, "role", "region", "is_staff", "is_active", "date_joined"]
    search_fields = ["display_name"]
    readonly_fields = [
        "suspended_until",
        "suspension_reason",
        "date_joined",
        "last_login",
        "updated_at",
        "terms_version",
        "terms_accepted_at",
        "health_data_consent_version",
        "health_data_consent_at",
    ]
    fieldsets = [
        (None, {"fields": ["display_name", "role", "region", "bio"]}),
        ("Standing", {"fields": ["is_active", "suspended_until", "suspension_reason"]}),
        (
            "Consent",
            {
                "fields": [
                    "terms_version",
                    "terms_accepted_at",
                    "health_data_consent_version",
                    "health_data_consent_at",
                ]
            },
        ),
        ("Dates", {"fields": ["date_joined", "last_login", "updated_at"]}),
    ]
    superuser_fieldsets = [
        ("Sign-in", {"fields": ["email", "password"]}),
        ("Permissions", {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "display_name", "usable_password", "password1", "password2"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if request.user.is_superuser:
            return self.superuser_fieldsets + self.fieldsets
        return self.fieldsets

    def get_search_fields(self, request):
        if request.user.is_superuser:
            return ["display_name", "email"]
        return self.search_fields

    def has_change_permission(self, request, obj=None) -> bool:
        # Moderators hold "change" to suspend and lift suspensions; a member's own details (and
        # password) are theirs and a superuser's to change, so moderators read the page only.
        if obj is not None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description="Suspend selected members", permissions=["change"])
    def suspend_selected(self, request, queryset):
        def apply(member, data):
            return account_services.member_suspend(
                moderator=request.user,
                member=member,
                until=end_of_day(data["until"]),
                reason=data["reason"],
            )

        return self.confirm_and_apply(
            request,
            queryset,
            action="suspend_selected",
            title="Suspend these members?",
            done="Suspended",
            apply=apply,
            form_class=SuspensionForm,
            form_kwargs={
                "reason_required": True,
                "reason_help": "The member will read it, on the site and by email.",
            },
            intro="Suspended members can still read the forum, but cannot post until the end of "
            "the day you choose.",
        )

    @admin.action(description="Lift the suspension of selected members", permissions=["change"])
    def unsuspend_selected(self, request, queryset):
        def apply(member, data):
            return account_services.member_unsuspend(
                moderator=request.user, member=member, reason=data["reason"]
            )

        return self.confirm_and_apply(
            request,
            queryset,
            action="unsuspend_selected",
            title="Lift these suspensions?",
            done="Lifted the suspension of",
            apply=apply,
        )
