"""The audit log moves out of the forum app into its own: the table (forum_auditentry) and its
rows stay where they are; only Django's record of whose model it is changes, and the content type
follows, so the Moderators group keeps its permission to read the log."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import audit.actions


def _move_content_type(apps, source: str, destination: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    moving = ContentType.objects.filter(app_label=source, model="auditentry")
    if not moving.exists():
        return
    # A migrate run in steps may have made an empty one at the destination meanwhile (Django
    # creates content types after each run): the one that carries the group's permissions wins.
    ContentType.objects.filter(app_label=destination, model="auditentry").delete()
    moving.update(app_label=destination)


def content_type_to_audit(apps, schema_editor):
    _move_content_type(apps, "forum", "audit")


def content_type_to_forum(apps, schema_editor):
    _move_content_type(apps, "audit", "forum")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table is the forum's, and the Moderators group's permissions on it are granted here.
        ("forum", "0010_search"),
        ("accounts", "0005_moderator_tools"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("action", models.CharField(choices=audit.actions.choices, max_length=32)),
                        ("target_type", models.CharField(max_length=32)),
                        ("target_id", models.CharField(max_length=64)),
                        (
                            "target_label",
                            models.CharField(
                                help_text="What the target was called then.", max_length=200
                            ),
                        ),
                        ("reason", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "actor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="audit_entries",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "audit entries",
                        "db_table": "forum_auditentry",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["target_type", "target_id"], name="forum_audit_target"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_audit, content_type_to_forum),
    ]
