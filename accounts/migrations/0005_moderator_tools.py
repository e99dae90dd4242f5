"""The Moderators group gets what the admin's moderation tools need, and nothing else.

"change" on comments, the review queue, threads, appeals and members lets a moderator run the
admin actions (approve, reject, lock, move, suspend, decide an appeal...), each of which calls a
service that checks and audits it; the admin shows every record itself read-only. Flags and the
audit log are for reading only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("accounts", "user", ["view", "change"]),
    ("forum", "category", ["view"]),
    ("forum", "thread", ["view", "change"]),
    ("forum", "comment", ["view", "change"]),
    ("forum", "commentrevision", ["view"]),
    ("forum", "reviewitem", ["view", "change"]),
    ("forum", "flag", ["view"]),
    ("forum", "appeal", ["view", "change"]),
    ("forum", "auditentry", ["view"]),
]

# What accounts/0002 gave the group, for going back.
EARLIER_PERMISSIONS = [
    ("accounts", "user", ["view"]),
    ("forum", "category", ["view"]),
    ("forum", "thread", ["view", "change"]),
    ("forum", "comment", ["view", "change"]),
    ("forum", "commentrevision", ["view"]),
]


def _set_permissions(apps, spec):
    # Permissions are normally created after all migrations; make sure they exist now (the review
    # queue's proxy model has its own).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.set(
        Permission.objects.get(
            content_type__app_label=app, content_type__model=model, codename=f"{action}_{model}"
        )
        for app, model, actions in spec
        for action in actions
    )


def grant(apps, schema_editor):
    _set_permissions(apps, MODERATOR_PERMISSIONS)


def revert(apps, schema_editor):
    _set_permissions(apps, EARLIER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_display_name_key"),
        ("forum", "0004_reviewitem"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revert)]
