from django import forms
from django.core.cache import cache

from accounts import selectors
from accounts.models import EmailNotifications, Region, Role, User
from accounts.validators import (
    DISPLAY_NAME_MAX,
    display_name_key,
    normalise_display_name,
    validate_display_name,
)

BIO_MAX_LENGTH = User._meta.get_field("bio").max_length
# Wrong passwords allowed when closing an account, per member, in a window of seconds: a session
# left open must not become a way to guess the password.
DELETE_MAX_ATTEMPTS = 5
DELETE_ATTEMPTS_WINDOW = 15 * 60

DISPLAY_NAME_HELP = (
    "Shown on everything you post. A nickname is fine; it need not be your real name."
)


def clean_display_name(value: str, *, member=None) -> str:
    """The sign-up rules for a display name, also when a member changes theirs (`member`: their
    current name is not "taken")."""
    name = normalise_display_name(value)
    validate_display_name(name)
    if selectors.display_name_taken(name, exclude=member):
        raise forms.ValidationError("That display name is taken. Please choose another.")
    return name


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks beyond email and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        max_length=DISPLAY_NAME_MAX,
        help_text=DISPLAY_NAME_HELP,
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
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user) -> None:
        """allauth calls this after saving; the details were stored by the adapter already."""


# -- Settings ------------------------------------------------------------------------------------


class ProfileForm(forms.Form):
    """The public details a member can change on /settings/ (accounts.services.member_update_profile
    decides)."""

    display_name = forms.CharField(
        max_length=DISPLAY_NAME_MAX,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    role = forms.ChoiceField(label="I am", choices=Role.choices, widget=forms.RadioSelect)
    region = forms.ChoiceField(
        label="Where I live",
        choices=Region.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Helps members point you to services near you.",
    )
    bio = forms.CharField(
        label="About you",
        required=False,
        max_length=BIO_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            f"Shown on your public profile; at most {BIO_MAX_LENGTH:,} characters. Everyone can "
            "read it, so share only what you are happy for anyone to know."
        ),
    )

    def __init__(self, *args, member, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "display_name": member.display_name,
                "role": member.role,
                "region": member.region,
                "bio": member.bio,
            },
        )
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"], member=self.member)


EMAIL_CHOICES = [
    (
        EmailNotifications.IMMEDIATELY,
        "At once: one email for each notification, as it happens",
    ),
    (
        EmailNotifications.DAILY,
        "A daily digest: at most one email a day listing what is new, none on a quiet day",
    ),
    (
        EmailNotifications.NEVER,
        "Never: no notification emails; I will look under Notifications on the site",
    ),
]


class EmailNotificationsForm(forms.Form):
    email_notifications = forms.ChoiceField(
        label="Email me about replies, mentions and moderators' decisions",
        choices=EMAIL_CHOICES,
        widget=forms.RadioSelect,
        help_text=(
            "Whatever you choose, we email you at once if a moderator suspends your account, "
            "because it changes what you can do. Offers of crisis support are only ever shown "
            "on the site, never emailed."
        ),
    )


class DeleteAccountForm(forms.Form):
    """What closing an account asks: what happens to the member's comments, that they
    understand, and proof it is them (the password, or for an account that signs in by emailed
    code, their display name typed out)."""

    comments = forms.ChoiceField(
        label="Your comments",
        choices=[
            (
                "keep",
                "Keep my comments in their conversations, signed \u201cFormer member\u201d "
                "instead of my name",
            ),
            (
                "remove",
                "Remove the words of all my comments; each leaves a note saying it was removed, "
                "and threads I started lose their titles",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what happens to your comments."},
    )
    understood = forms.BooleanField(
        label="I understand this cannot be undone.",
        error_messages={"required": "Please tick the box to show you understand."},
    )

    def __init__(self, *args, member, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        if member.has_usable_password():
            self.fields["password"] = forms.CharField(
                label="Your password",
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                help_text="To be sure it is you.",
            )
        else:
            self.fields["display_name"] = forms.CharField(
                label="Type your display name",
                help_text=f"To be sure it is you: type {member.display_name}",
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        attempts_key = f"account-delete-attempts:{self.member.pk}"
        if cache.get(attempts_key, 0) >= DELETE_MAX_ATTEMPTS:
            raise forms.ValidationError(
                "Too many wrong passwords. Please wait 15 minutes and try again."
            )
        if not self.member.check_password(password):
            cache.add(attempts_key, 0, timeout=DELETE_ATTEMPTS_WINDOW)
            cache.incr(attempts_key)
            raise forms.ValidationError("That is not your password. Please try again.")
        return password

    def clean_display_name(self) -> str:
        typed = self.cleaned_data["display_name"]
        if display_name_key(typed) != self.member.display_name_key:
            raise forms.ValidationError(
                f"That is not your display name. Please type {self.member.display_name}"
            )
        return typed
