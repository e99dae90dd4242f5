from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log: who did what, to what, why and when. Below the apps that act; each
    registers the actions it writes (audit.actions.register) in its own AppConfig.ready()."""

    name = "audit"
    verbose_name = "Audit log"
