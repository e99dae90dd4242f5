from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resource directory"

    def ready(self) -> None:
        from accounts import privacy
        from audit import actions
        from resources import privacy as resources_privacy
        from resources.models import ResourceAuditAction

        actions.register(ResourceAuditAction)
        privacy.register(
            "resources",
            export=resources_privacy.export_member,
            erase=resources_privacy.erase_member,
        )
