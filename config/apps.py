from django.contrib.admin.apps import AdminConfig


class ModeratorAdminConfig(AdminConfig):
    """Django's admin, whose default site (`admin.site`, where every `@admin.register` lands) is
    the one in config/admin.py that asks for two-factor authentication."""

    default_site = "config.admin.ModeratorAdminSite"
