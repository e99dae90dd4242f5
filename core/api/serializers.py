"""Serializers that check shape strictly: an unknown field, or a number where text belongs, is a
400 that says so, never silently ignored or converted."""

from rest_framework import serializers


class Text(serializers.CharField):
    """Text, and only text: DRF's CharField would take the number 0 as "0"."""

    default_error_messages = {"invalid": "Must be text."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Flag(serializers.BooleanField):
    """true or false, and only those: DRF's BooleanField would also take "yes", 1 or "on"."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo in a field name is not silently dropped."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class ErrorDetail(serializers.Serializer):
    code = serializers.CharField(help_text="What went wrong, for the app to act on.")
    message = serializers.CharField(help_text="What went wrong, in words for the member.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="For each field that was wrong, what was wrong with it.",
    )


class Error(serializers.Serializer):
    error = ErrorDetail()
