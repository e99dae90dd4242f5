"""Compare display names by a stored key (NFKC, case-folded) rather than the database's own
case-insensitivity, which on SQLite folds ASCII letters only."""

import unicodedata

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.only("pk", "display_name").iterator():
        key = unicodedata.normalize("NFKC", user.display_name).strip().casefold()
        User.objects.filter(pk=user.pk).update(display_name_key=key)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_moderation")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="display_name_key",
            field=models.CharField(editable=False, max_length=50, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="display_name_key",
            field=models.CharField(
                editable=False,
                error_messages={"unique": "That display name is taken. Please choose another."},
                help_text="The display name as names are compared (normalised, case-folded).",
                max_length=50,
                unique=True,
            ),
        ),
        migrations.RemoveConstraint(
            model_name="user",
            name="accounts_user_display_name_ci_unique",
        ),
    ]
