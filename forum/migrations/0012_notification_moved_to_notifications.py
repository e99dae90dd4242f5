"""Notifications are the notifications app's now (notifications/migrations/0001_initial.py):
forgotten here, in Django's state only; their table and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0011_auditentry_moved_to_audit"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
