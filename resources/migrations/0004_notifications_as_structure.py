"""The directory's notifications saved as words become structure (as
forum/migrations/0013_notifications_as_structure.py does for the forum's): the suggestion's name,
the entry it became, the moderator's reason. A row that does not match keeps its words."""

import re

from django.db import migrations

PATTERNS = {
    "suggestion_accepted": re.compile(
        "Thank you: your suggestion \u201c(?P<title>.*)\u201d is now in the resource directory "
        "as \u201c(?P<entry>.*)\u201d\\."
    ),
    "suggestion_declined": re.compile(
        "Your suggestion \u201c(?P<title>.*)\u201d was not added to the resource directory\\. "
        "The moderator's reason: (?P<reason>.*)",
        re.S,
    ),
}


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    changed = []
    for notification in Notification.objects.filter(kind__in=list(PATTERNS)).exclude(
        fixed_text=""
    ):
        match = PATTERNS[notification.kind].fullmatch(notification.fixed_text)
        if match is None:
            continue
        groups = match.groupdict()
        notification.title = groups["title"][:300]
        notification.reason = groups.get("reason", "")
        if "entry" in groups:
            notification.details = {"entry": groups["entry"]}
        notification.fixed_text = ""
        changed.append(notification)
    Notification.objects.bulk_update(changed, ["fixed_text", "title", "reason", "details"])


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0003_moderator_permissions"),
        ("notifications", "0002_notifications_as_structure"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
