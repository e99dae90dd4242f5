"""Notifications move out of the forum app into their own: the table (forum_notification) and
its rows stay where they are; only Django's record of whose model it is changes, and the content
type follows (audit/migrations/0001_initial.py moved the audit log the same way)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import notifications.kinds


def _move_content_type(apps, source: str, destination: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    moving = ContentType.objects.filter(app_label=source, model="notification")
    if not moving.exists():
        return
    ContentType.objects.filter(app_label=destination, model="notification").delete()
    moving.update(app_label=destination)


def content_type_to_notifications(apps, schema_editor):
    _move_content_type(apps, "forum", "notifications")


def content_type_to_forum(apps, schema_editor):
    _move_content_type(apps, "notifications", "forum")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table is the forum's until forum/migrations/0012 lets it go.
        ("forum", "0011_auditentry_moved_to_audit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(choices=notifications.kinds.choices, max_length=32),
                        ),
                        ("message", models.TextField()),
                        ("url", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "emailed_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="When it was emailed, on its own or in a daily digest.",
                                null=True,
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "forum_notification",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["recipient", "read_at"], name="forum_notification_unread"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_notifications, content_type_to_forum),
    ]
