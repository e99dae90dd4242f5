from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.validators import (
    DISPLAY_NAME_MAX,
    display_name_key,
    normalise_display_name,
    validate_display_name,
)
from core.links import address
from notifications.preferences import EmailNotifications


class AccountAuditAction(models.TextChoices):
    """What is done to a member's account, as the audit log names it (registered in apps.py)."""

    ERASE = "erase", "Erased an account"
    SUSPEND = "suspend", "Suspended a member"
    UNSUSPEND = "unsuspend", "Lifted a suspension"


class AccountNotificationKind(models.TextChoices):
    """What members are told about their own account (accounts.notification_kinds: the words)."""

    SUSPENDED = "suspended", "Account suspended"


class Role(models.TextChoices):
    PERSON_WITH_MMN = "mmn", "Person with MMN"
    CARER = "carer", "Carer or family"
    CLINICIAN = "clinician", "Clinician"
    OTHER = "other", "Other"


class Region(models.TextChoices):
    NOT_SAID = "", "Prefer not to say"
    UK = "uk", "United Kingdom"
    US = "us", "United States"
    EU = "eu", "Europe"
    OTHER = "other", "Elsewhere"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create_user(email, password, **fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A member. The email address is private; the display name is what everyone else sees."""

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=DISPLAY_NAME_MAX + 20,  # erased members get "Former member <n>"
        validators=[validate_display_name],
        help_text="Shown beside everything you post. It does not need to be your real name.",
    )
    display_name_key = models.CharField(
        max_length=DISPLAY_NAME_MAX + 20,
        unique=True,
        editable=False,
        error_messages={"unique": "That display name is taken. Please choose another."},
        help_text="The display name as names are compared (normalised, case-folded).",
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PERSON_WITH_MMN)
    region = models.CharField(max_length=8, choices=Region.choices, blank=True, default="")
    bio = models.TextField(blank=True, max_length=1000)
    email_notifications = models.CharField(
        max_length=16,
        choices=EmailNotifications.choices,
        default=EmailNotifications.DAILY,
        help_text="How notifications reach the member by email.",
    )
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.TextField(blank=True)
    terms_version = models.CharField(max_length=20, blank=True)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    health_data_consent_version = models.CharField(max_length=20, blank=True)
    health_data_consent_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the moderators' admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message="An account with that email address already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        super().clean()
        # Store the form the rules were checked on, and the key names are compared by, so the
        # uniqueness check catches "Émile"/"émile" and full-width look-alikes ("ｈａｎｎａｈ").
        self.display_name = normalise_display_name(self.display_name)
        self.display_name_key = display_name_key(self.display_name)

    def validate_unique(self, exclude=None) -> None:
        # Forms leave the key out (it is not editable); check it anyway, and report a clash
        # against the field the member typed.
        try:
            super().validate_unique(exclude=set(exclude or ()) - {"display_name_key"})
        except ValidationError as error:
            errors = error.update_error_dict({})
            if "display_name_key" in errors:
                errors.setdefault("display_name", []).extend(errors.pop("display_name_key"))
            raise ValidationError(errors) from None

    def save(self, *args, **kwargs) -> None:
        # The key always follows the name, whichever path saved it.
        self.display_name_key = display_name_key(self.display_name)
        if kwargs.get("update_fields") is not None and "display_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "display_name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return address("accounts:profile", self.display_name)

    def get_short_name(self) -> str:
        # What the admin greets a moderator with; the email address stays out of sight.
        return self.display_name

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()
