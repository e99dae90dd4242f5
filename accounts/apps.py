from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from accounts.mfa import record_totp_activation
        from accounts.models import AccountAuditAction
        from audit import actions

        actions.register(AccountAuditAction)

        authenticator_added.connect(record_totp_activation, dispatch_uid="accounts.mfa.activation")
