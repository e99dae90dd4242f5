from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resource directory"

    def ready(self) -> None:
        from accounts import privacy
        from audit import actions
        from forum.moderation import flags
        from notifications import kinds
        from resources import privacy as resources_privacy
        from resources import selectors
        from resources.models import ResourceAuditAction
        from resources.notification_kinds import KINDS

        actions.register(ResourceAuditAction)
        kinds.register(*KINDS)
        # Crisis messages offer the directory's published helplines.
        flags.crisis_helplines_from(selectors.helplines)
        privacy.register(
            "resources",
            export=resources_privacy.export_member,
            erase=resources_privacy.erase_member,
        )
