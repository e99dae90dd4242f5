from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app stands on and nothing depends on the apps: site-wide management commands
    (backup, restore), and in time the shared helpers of ../shared/DESIGN.md's `core/`."""

    name = "core"
