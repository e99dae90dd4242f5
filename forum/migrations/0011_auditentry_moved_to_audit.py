"""The audit log is the audit app's now (audit/migrations/0001_initial.py): forgotten here, in
Django's state only; its table and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0010_search"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
    ]
