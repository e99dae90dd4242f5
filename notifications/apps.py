from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What members are told, on the site and by email. Below the apps that tell: each registers
    its kinds (notifications.kinds.register) in its own AppConfig.ready()."""

    name = "notifications"
    verbose_name = "Notifications"
