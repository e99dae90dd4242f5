"""Changes to a member's account: joining, suspension by a moderator, and the privacy rights
(export, erasure)."""

from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import permissions, privacy
from accounts.models import AccountAuditAction, AccountNotificationKind, Region, Role, User
from audit.services import audit, audit_relabel
from core.errors import ensure
from core.export import when
from core.forms import clean_reason
from notifications.services import notify

EXPORT_FORMAT = 1
ERASED_EMAIL_DOMAIN = "erased.invalid"  # .invalid can never be delivered to (RFC 2606)


def member_apply_signup_details(*, user: User, display_name: str, role: str, region: str) -> None:
    """Fill in a new member's public details and record the texts they agreed to, and when.

    The sign-up form only validates when both the guidelines and the health-data consent boxes
    are ticked, so reaching here means the member agreed to the current version of each.
    """
    now = timezone.now()
    user.display_name = display_name
    user.role = role
    user.region = region
    user.terms_version = settings.TERMS_VERSION
    user.terms_accepted_at = now
    user.health_data_consent_version = settings.HEALTH_DATA_CONSENT_VERSION
    user.health_data_consent_at = now


# -- Export --------------------------------------------------------------------------------------


def member_update_profile(*, member: User, **changes) -> User:
    """Change a member's public details (display name, role, region, bio) under the same rules as
    sign-up: display names normalised, checked for reserved and look-alike forms, and unique
    however they are written. Refused for a closed account; a suspended member may still edit
    their own profile. Raises ValidationError naming the field, and saves nothing, when any
    change is not allowed."""
    if not member.is_authenticated or not member.is_active:
        raise PermissionDenied("This account is closed.")
    allowed = {"display_name", "role", "region", "bio"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            member = User.objects.select_for_update().get(pk=member.pk)
            for field, value in changes.items():
                setattr(member, field, value)
            member.full_clean(exclude=["password", "email"])
            member.save()
    except IntegrityError as error:
        # Another member took the same name between the check and the save.
        raise ValidationError(
            {"display_name": "That display name is taken. Please choose another."}
        ) from error
    return member


def member_suspend(*, moderator, member, until, reason: str):
    """Stop a member posting until `until`; they can still read. A reason is required."""
    ensure(permissions.moderator_refusal(moderator))
    reason = clean_reason(reason, "suspend a member")
    if until <= timezone.now():
        raise ValidationError({"until": "The end of a suspension must be in the future."})
    if member.pk == moderator.pk or member.is_staff or member.is_superuser:
        raise PermissionDenied("Moderators and staff cannot be suspended here.")
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        member.suspended_until = until
        member.suspension_reason = reason
        member.save(update_fields=["suspended_until", "suspension_reason"])
        audit(actor=moderator, action=AccountAuditAction.SUSPEND, target=member, reason=reason)
        notify(
            recipient=member,
            kind=AccountNotificationKind.SUSPENDED,
            reason=reason,
            details={"until": until.isoformat()},
        )
    return member


def member_unsuspend(*, moderator, member, reason: str = ""):
    ensure(permissions.moderator_refusal(moderator))
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        if member.suspended_until is None:
            return member
        member.suspended_until = None
        member.suspension_reason = ""
        member.save(update_fields=["suspended_until", "suspension_reason"])
        audit(actor=moderator, action=AccountAuditAction.UNSUSPEND, target=member, reason=reason)
    return member


def member_export(*, member) -> dict:
    """Everything the member has given us, as JSON-ready values, in a fixed number of queries
    however much they have written: their profile here, then each app's sections
    (accounts.privacy)."""
    if not member.is_authenticated:
        raise PermissionDenied("Please sign in to download your data.")
    if not member.is_active:
        raise PermissionDenied("This account is closed.")
    return {
        "format": EXPORT_FORMAT,
        "exported_at": when(timezone.now()),
        "profile": {
            "email": member.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=member).order_by("id")
            ],
            "display_name": member.display_name,
            "role": member.role,
            "region": member.region,
            "bio": member.bio,
            "email_notifications": member.email_notifications,
            "date_joined": when(member.date_joined),
            "suspended_until": when(member.suspended_until),
            "suspension_reason": member.suspension_reason,
            "consents": {
                "terms_version": member.terms_version,
                "terms_accepted_at": when(member.terms_accepted_at),
                "health_data_consent_version": member.health_data_consent_version,
                "health_data_consent_at": when(member.health_data_consent_at),
            },
        },
        **privacy.export_sections(member),
    }


# -- Erasure -------------------------------------------------------------------------------------


def erased_display_name(member_pk: int) -> str:
    """The name an erased account goes by. No member can choose it (names have no spaces), and
    accounts.validators refuses look-alikes such as "Former-member-12"."""
    return f"Former member {member_pk}"


def _erase_refusal(member) -> str | None:
    if not member.is_active:
        return "This account is already closed."
    if member.is_superuser:
        # Locked, so two superusers closing their accounts at once cannot both be "not the last".
        others = (
            User.objects.select_for_update()
            .filter(is_superuser=True, is_active=True)
            .exclude(pk=member.pk)
        )
        if not list(others.values_list("pk", flat=True)):
            return "The last superuser cannot delete their account."
    return None


def member_erase(*, member, keep_comments: bool) -> None:
    """Close the member's account for good and erase what identifies them, in one transaction.

    Email, display name (now "Former member <id>"), bio, role, region, consents, suspension,
    password and staff rights are wiped, and the email address is free to join again. Their
    comments either stay, signed by the anonymised account (their earlier versions erased), or
    are removed like an author's own deletion, with the titles of the threads they started. Flags
    they raised and decided appeals stay as moderation records; their notifications, follows,
    suggestions and waiting appeals go (each app's part: accounts.privacy). Every session and
    app token of theirs ends after commit (and, the password being unusable, none would
    authenticate anyway). The audit entry says that
    it happened, never what was erased. The caller should sign the current request out."""
    if not member.is_authenticated:
        raise PermissionDenied("Please sign in to delete your account.")
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        refusal = _erase_refusal(member)
        if refusal:
            raise PermissionDenied(refusal)
        new_name = erased_display_name(member.pk)
        for hooks in privacy.registered():
            hooks.erase(member, keep_comments=keep_comments, new_name=new_name)
        EmailAddress.objects.filter(user=member).delete()
        Authenticator.objects.filter(user=member).delete()
        audit_relabel(User, [member.pk], new_name)
        _anonymise(member, new_name)
        audit(
            actor=member,
            action=AccountAuditAction.ERASE,
            target=member,
            reason="comments kept" if keep_comments else "comments removed",
        )
        member_pk = member.pk
        transaction.on_commit(lambda: _end_sessions(member_pk))


def _anonymise(member: User, new_name: str) -> None:
    member.email = f"erased-{member.pk}@{ERASED_EMAIL_DOMAIN}"
    # Saved without full_clean: the validators rightly refuse this name from anyone choosing it.
    # User.save() derives display_name_key from it, as for every name.
    member.display_name = new_name
    member.bio = ""
    # "Other", not the field's default: "Person with MMN" would state a health fact about nobody.
    member.role = Role.OTHER
    member.region = Region.NOT_SAID
    member.suspended_until = None
    member.suspension_reason = ""
    member.terms_version = ""
    member.terms_accepted_at = None
    member.health_data_consent_version = ""
    member.health_data_consent_at = None
    member.set_unusable_password()
    member.is_active = False
    member.is_staff = False
    member.is_superuser = False
    member.last_login = None
    member.save()
    member.groups.clear()
    member.user_permissions.clear()


def _end_sessions(member_pk: int) -> None:
    """Delete every stored session (a browser's, or an app's session token) signed in as the
    member, through the configured store so a cached copy goes too. A store with no table to
    search (signed cookies, cache only) is covered by the unusable password: Django refuses a
    session whose password hash no longer matches."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return
    signed_in_as = str(member_pk)
    for session in store_class.get_model_class().objects.iterator():
        if session.get_decoded().get(SESSION_KEY) == signed_in_as:
            store_class(session.session_key).delete()
