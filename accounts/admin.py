from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.models import User


class MemberCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "display_name"]


class MemberChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Members as moderators need them. The email address is shown to superusers only."""

    add_form = MemberCreationForm
    form = MemberChangeForm
    ordering = ["display_name"]
    list_display = ["display_name", "role", "region", "date_joined", "suspended_until", "is_staff"]
    list_filter = ["role", "region", "is_staff", "is_active", "date_joined"]
    search_fields = ["display_name"]
    readonly_fields = [
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
        ("Standing", {"fields": ["is_active", "suspended_until"]}),
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

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # Without this a moderator could filter the changelist by ?email__startswith=... and read
        # addresses letter by letter from the result count.
        if lookup.split("__")[0] == "email" and not (request and request.user.is_superuser):
            return False
        return super().lookup_allowed(lookup, value, request)
