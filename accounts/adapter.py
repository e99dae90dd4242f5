from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from accounts.services import member_apply_signup_details
from core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # allauth's limits per address count the visitor, not the proxy in front of the site.
        return client_ip(request) or super().get_client_ip(request)

    def save_user(self, request, user, form, commit=True):
        # The display name is unique and required, so it is set before the first save.
        data = form.cleaned_data
        member_apply_signup_details(
            user=user,
            display_name=data["display_name"],
            role=data["role"],
            region=data.get("region", ""),
        )
        return super().save_user(request, user, form, commit=commit)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "That code did not work. Codes change every 30 seconds: type the one your "
            "authenticator app shows now."
        ),
    }

    def encrypt(self, text: str) -> str:
        """Authenticator secrets are stored encrypted (settings.MFA_SECRET_KEY): a copy of the
        database alone does not give anyone a member's codes."""
        return Fernet(settings.MFA_SECRET_KEY).encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return Fernet(settings.MFA_SECRET_KEY).decrypt(encrypted_text.encode()).decode()
        except InvalidToken:
            # A secret stored before encryption began; it is encrypted when next set up.
            return encrypted_text

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # The admin closes to a moderator without two-factor authentication: they keep it on.
        # An administrator can remove a lost authenticator in the admin.
        if authenticator.user.is_staff and authenticator.type == Authenticator.Type.TOTP:
            return False
        return super().can_delete_authenticator(authenticator)
