from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What every app stands on and nothing depends on the apps: site-wide management commands
    (backup, restore), and in time the shared helpers of ../shared/DESIGN.md's `core/`."""

    name = "core"

    def ready(self) -> None:
        from core import pagecache

        # A migration may change any row (and a deploy brings new templates): visitors' pages
        # start again.
        post_migrate.connect(pagecache.migrated, dispatch_uid="pagecache-migrate")
        request_started.connect(pagecache.request_started, dispatch_uid="pagecache-request")
        request_finished.connect(pagecache.request_finished, dispatch_uid="pagecache-request")
