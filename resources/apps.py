from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resource directory"

    def ready(self) -> None:
        from accounts import privacy
        from audit import actions
        from core import pagecache
        from forum.moderation import flags
        from notifications import kinds
        from resources import privacy as resources_privacy
        from resources import selectors
        from resources.models import Region, Resource, ResourceAuditAction, Topic
        from resources.notification_kinds import KINDS

        actions.register(ResourceAuditAction)
        # A thread's page lists the directory's entries on its category's topic.
        for model in (Resource, Topic, Region):
            pagecache.shown_in(model)
        kinds.register(*KINDS)
        # Crisis messages offer the directory's published helplines.
        flags.crisis_helplines_from(selectors.helplines)
        privacy.register(
            "resources",
            export=resources_privacy.export_member,
            erase=resources_privacy.erase_member,
        )
