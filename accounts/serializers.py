"""A member's own account as JSON: the one answer of the API that carries their email."""

from rest_framework import serializers

from accounts import permissions
from accounts.models import EmailNotifications, Region, Role, User
from accounts.validators import DISPLAY_NAME_MAX
from core.api.serializers import StrictSerializer, Text


class MeSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    region = serializers.ChoiceField(choices=Region.choices, allow_blank=True)
    email_notifications = serializers.ChoiceField(choices=EmailNotifications.choices)
    profile_url = serializers.CharField(source="get_absolute_url", help_text="Their web page.")
    is_moderator = serializers.SerializerMethodField()
    is_suspended = serializers.BooleanField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "role",
            "region",
            "bio",
            "email_notifications",
            "profile_url",
            "date_joined",
            "is_moderator",
            "is_suspended",
            "suspended_until",
            "suspension_reason",
        ]
        extra_kwargs = {"email": {"help_text": "Private: shown here and nowhere else."}}

    def get_is_moderator(self, user: User) -> bool:
        return permissions.is_moderator(user)


class MeUpdateSerializer(StrictSerializer):
    display_name = Text(required=False, max_length=DISPLAY_NAME_MAX)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    region = serializers.ChoiceField(choices=Region.choices, required=False, allow_blank=True)
    bio = Text(required=False, allow_blank=True, max_length=1000, trim_whitespace=False)
    email_notifications = serializers.ChoiceField(
        choices=EmailNotifications.choices,
        required=False,
        help_text="How notifications reach the member by email.",
    )


class EraseSerializer(StrictSerializer):
    comments = serializers.ChoiceField(
        choices=[
            ("keep", "Keep my comments, anonymised, so threads still make sense"),
            ("remove", "Remove my comments' words"),
        ],
        help_text='What becomes of the member\'s comments: kept under "Former member N", or '
        "their words removed (a placeholder keeps each one's place).",
    )


class ExportSerializer(serializers.Serializer):
    """The member's data, as accounts.services.member_export gives it."""

    format = serializers.IntegerField()
    exported_at = serializers.DateTimeField()
    profile = serializers.DictField()
    threads = serializers.ListField(child=serializers.DictField())
    comments = serializers.ListField(child=serializers.DictField())
    flags = serializers.ListField(child=serializers.DictField())
    appeals = serializers.ListField(child=serializers.DictField())
    follows = serializers.ListField(child=serializers.DictField())
    reactions = serializers.ListField(child=serializers.DictField())
    notifications = serializers.ListField(child=serializers.DictField())
    resource_suggestions = serializers.ListField(child=serializers.DictField())
