"""Moderators curate the directory: add and edit entries (publishing and unpublishing them),
decide suggestions, and say which categories show which topics. Deleting an entry is left to
superusers; moderators unpublish instead, so nothing curated is lost by a slip."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("resource", ["view", "add", "change"]),
    ("resourcesuggestion", ["view", "change"]),
    ("topic", ["view", "change"]),
    ("region", ["view"]),
]


def _permissions(apps):
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label="resources",
            content_type__model=model,
            codename=f"{action}_{model}",
        )
        for model, actions in PERMISSIONS
        for action in actions
    ]


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Moderators")
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Moderators").first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_curated_directory"),
        ("accounts", "0005_moderator_tools"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
