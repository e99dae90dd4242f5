"""Notifications as JSON for the API."""

from rest_framework import serializers

from notifications import kinds
from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    # Every app has registered its kinds by the time the API's modules are imported (ready()).
    kind = serializers.ChoiceField(choices=kinds.choices())
    kind_label = serializers.CharField(source="get_kind_display")
    message = serializers.CharField(source="text")
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "message", "url", "created_at", "read_at", "is_read"]

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class MarkedReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(help_text="How many notifications changed.")
