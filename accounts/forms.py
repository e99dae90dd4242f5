from django import forms

from accounts import selectors
from accounts.models import Region, Role
from accounts.validators import DISPLAY_NAME_MAX, normalise_display_name, validate_display_name


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks beyond email and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        max_length=DISPLAY_NAME_MAX,
        help_text=(
            "Shown on everything you post. A nickname is fine; it need not be your real name."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    role = forms.ChoiceField(label="I am", choices=Role.choices, initial=Role.PERSON_WITH_MMN)
    region = forms.ChoiceField(
        label="Where I live",
        choices=Region.choices,
        required=False,
        help_text="Helps members point you to services near you.",
    )
    accept_terms = forms.BooleanField(
        label="I agree to the community guidelines.",
        # A plain string, not a lazy one: allauth copies it into its headless API's
        # specification, which must be plain JSON.
        help_text='<a href="/guidelines/">Read the community guidelines</a>.',
        error_messages={"required": "Please agree to the community guidelines to join."},
    )
    consent_health_data = forms.BooleanField(
        label=(
            "I understand that what I post may reveal health information about me or someone I "
            "care for, and I consent to this community holding it so that it can be shown to other "
            "members. I can delete my posts at any time."
        ),
        error_messages={
            "required": "We can only hold health-related posts with your explicit consent."
        },
    )

    field_order = [
        "email",
        "display_name",
        "password1",
        "password2",
        "role",
        "region",
        "accept_terms",
        "consent_health_data",
    ]

    def clean_display_name(self) -> str:
        name = normalise_display_name(self.cleaned_data["display_name"])
        validate_display_name(name)
        if selectors.display_name_taken(name):
            raise forms.ValidationError("That display name is taken. Please choose another.")
        return name

    def signup(self, request, user) -> None:
        """allauth calls this after saving; the details were stored by the adapter already."""
