"""allauth.mfa's code forms, with labels that say which code, and the phone's number pad.

MFA_FORMS in config/settings.py points allauth at these; allauth still checks every code.
"""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms

APP_CODE_LABEL = "Code from your authenticator app"
SIGN_IN_CODE_HELP = (
    "Six digits. If you do not have your phone, type one of your recovery codes instead. "
    "Spaces do not matter."
)
SETUP_CODE_HELP = "The six digits the app shows for MMN Community. Spaces do not matter."


def _code_field(field: forms.Field, help_text: str) -> None:
    field.label = APP_CODE_LABEL
    field.help_text = help_text
    # A number pad on phones: larger keys, and no letters to get past.
    field.widget.attrs = {
        "autocomplete": "one-time-code",
        "inputmode": "numeric",
        "autocapitalize": "off",
        "spellcheck": "false",
    }


class SignInCodeForm(AuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], SIGN_IN_CODE_HELP)


class ConfirmCodeForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], SIGN_IN_CODE_HELP)


class SetUpAppForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], SETUP_CODE_HELP)
