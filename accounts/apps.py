from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from accounts import privacy
        from accounts.mfa import record_totp_activation
        from accounts.models import AccountAuditAction, User
        from accounts.notification_kinds import KINDS
        from audit import actions
        from core import pagecache
        from notifications import kinds
        from notifications import privacy as notifications_privacy

        actions.register(AccountAuditAction)
        kinds.register(*KINDS)
        # The notifications app sits below accounts, so accounts registers its part for it.
        privacy.register(
            "notifications",
            export=notifications_privacy.export_member,
            erase=notifications_privacy.erase_member,
        )

        # Members' names and roles are on every page; signing in changes neither.
        pagecache.shown_in(User, unless_only={"last_login"})
        authenticator_added.connect(record_totp_activation, dispatch_uid="accounts.mfa.activation")
