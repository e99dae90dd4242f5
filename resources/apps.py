from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resource directory"

    def ready(self) -> None:
        from audit import actions
        from resources.models import ResourceAuditAction

        actions.register(ResourceAuditAction)
