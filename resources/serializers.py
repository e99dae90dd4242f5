"""The resource directory as JSON for the API."""

from rest_framework import serializers

from core.api.serializers import StrictSerializer, Text
from resources.models import (
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    URL_MAX_LENGTH,
    LinkStatus,
    Resource,
    ResourceKind,
    ResourceSuggestion,
    SuggestionStatus,
)


class ResourceSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    link_status = serializers.ChoiceField(
        choices=LinkStatus.choices,
        help_text="What the last check of the link found; `broken` and `timed_out` mean members "
        "are told it did not work.",
    )
    web_url = serializers.CharField(source="get_absolute_url", help_text="Its page on the web.")

    class Meta:
        model = Resource
        fields = [
            "slug",
            "name",
            "url",
            "kind",
            "kind_label",
            "regions",
            "topics",
            "description",
            "link_status",
            "link_checked_at",
            "last_verified_at",
            "web_url",
        ]


class SuggestionCreateSerializer(StrictSerializer):
    name = Text(max_length=NAME_MAX_LENGTH)
    url = Text(max_length=URL_MAX_LENGTH, help_text="An http or https address.")
    note = Text(max_length=NOTE_MAX_LENGTH, help_text="Why it is useful, for the moderators.")


class SuggestionSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=SuggestionStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    resource = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The directory entry it became, once accepted.",
    )
    decision_reason = serializers.CharField(help_text="Why it was declined, if it was.")

    class Meta:
        model = ResourceSuggestion
        fields = [
            "id",
            "name",
            "url",
            "note",
            "status",
            "status_label",
            "resource",
            "decision_reason",
            "created_at",
            "decided_at",
        ]
