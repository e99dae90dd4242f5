"""Changes to a member's account: joining, and the privacy rights (export, erasure)."""

from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Prefetch, Value, When
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import AccountAuditAction, Region, Role, User
from audit.models import AuditEntry
from audit.services import audit
from forum.models import (
    Appeal,
    AppealOutcome,
    Comment,
    CommentRevision,
    CommentStatus,
    Flag,
    Follow,
    Notification,
    Reaction,
    SpamCheck,
    Thread,
)
from forum.services import refresh_thread
from forum.services.follows import reply_notifications_rename
from resources.models import ResourceSuggestion

EXPORT_FORMAT = 1
ERASED_EMAIL_DOMAIN = "erased.invalid"  # .invalid can never be delivered to (RFC 2606)
REMOVED_THREAD_TITLE = "Removed by its author"


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


def _when(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def member_export(*, member) -> dict:
    """Everything the member has given us, as JSON-ready values, in a fixed number of queries
    however much they have written. Only their own: not other members' comments in their threads,
    nor who flagged their comments."""
    if not member.is_authenticated:
        raise PermissionDenied("Please sign in to download your data.")
    if not member.is_active:
        raise PermissionDenied("This account is closed.")
    threads = Thread.objects.filter(author=member).select_related("category").order_by("id")
    comments = (
        Comment.objects.filter(author=member)
        .select_related("thread")
        .prefetch_related(
            Prefetch("revisions", queryset=CommentRevision.objects.order_by("created_at", "id"))
        )
        .order_by("id")
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _when(timezone.now()),
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
            "date_joined": _when(member.date_joined),
            "suspended_until": _when(member.suspended_until),
            "suspension_reason": member.suspension_reason,
            "consents": {
                "terms_version": member.terms_version,
                "terms_accepted_at": _when(member.terms_accepted_at),
                "health_data_consent_version": member.health_data_consent_version,
                "health_data_consent_at": _when(member.health_data_consent_at),
            },
        },
        "threads": [
            {
                "id": thread.pk,
                "title": thread.title,
                "category": thread.category.name,
                "created_at": _when(thread.created_at),
                "status": thread.status,
            }
            for thread in threads
        ],
        "comments": [
            {
                "id": comment.pk,
                "thread": {"id": comment.thread_id, "title": comment.thread.title},
                "body": comment.body,
                "status": comment.status,
                "created_at": _when(comment.created_at),
                "edited_at": _when(comment.edited_at),
                "revisions": [
                    {"body": revision.body, "created_at": _when(revision.created_at)}
                    for revision in comment.revisions.all()
                ],
            }
            for comment in comments
        ],
        "flags": [
            {
                "comment_id": flag.comment_id,
                "reason": flag.reason,
                "note": flag.note,
                "created_at": _when(flag.created_at),
                "resolution": flag.resolution,
            }
            for flag in Flag.objects.filter(reporter=member).order_by("id")
        ],
        "appeals": [
            {
                "comment_id": appeal.comment_id,
                "note": appeal.note,
                "created_at": _when(appeal.created_at),
                "outcome": appeal.outcome,
                "decided_at": _when(appeal.decided_at),
                "decision_reason": appeal.decision_reason,
            }
            for appeal in Appeal.objects.filter(comment__author=member).order_by("id")
        ],
        "follows": [
            {
                "thread": {"id": follow.thread_id, "title": follow.thread.title},
                "since": _when(follow.created_at),
            }
            for follow in Follow.objects.filter(member=member)
            .select_related("thread")
            .order_by("id")
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "message": notification.message,
                "url": notification.url,
                "created_at": _when(notification.created_at),
                "read_at": _when(notification.read_at),
            }
            for notification in Notification.objects.filter(recipient=member).order_by("id")
        ],
        "reactions": [
            {
                "comment_id": reaction.comment_id,
                "kind": reaction.kind,
                "created_at": _when(reaction.created_at),
            }
            for reaction in Reaction.objects.filter(member=member).order_by("id")
        ],
        "resource_suggestions": [
            {
                "name": suggestion.name,
                "url": suggestion.url,
                "note": suggestion.note,
                "status": suggestion.status,
                "decision_reason": suggestion.decision_reason,
                "created_at": _when(suggestion.created_at),
            }
            for suggestion in ResourceSuggestion.objects.filter(suggested_by=member).order_by("id")
        ],
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
    suggestions and waiting appeals go. Every session and app token of theirs ends after commit
    (and, the password being unusable, none would authenticate anyway). The audit entry says that
    it happened, never what was erased. The caller should sign the current request out."""
    if not member.is_authenticated:
        raise PermissionDenied("Please sign in to delete your account.")
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        refusal = _erase_refusal(member)
        if refusal:
            raise PermissionDenied(refusal)
        old_name = member.display_name
        new_name = erased_display_name(member.pk)
        _erase_contributions(member, keep_comments=keep_comments)
        Notification.objects.filter(recipient=member).delete()
        Follow.objects.filter(member=member).delete()
        ResourceSuggestion.objects.filter(suggested_by=member).delete()
        EmailAddress.objects.filter(user=member).delete()
        Authenticator.objects.filter(user=member).delete()
        reply_notifications_rename(old_name=old_name, new_name=new_name)
        _relabel_records(User, [member.pk], new_name)
        _anonymise(member, new_name)
        audit(
            actor=member,
            action=AccountAuditAction.ERASE,
            target=member,
            reason="comments kept" if keep_comments else "comments removed",
        )
        member_pk = member.pk
        transaction.on_commit(lambda: _end_sessions(member_pk))


def _erase_contributions(member: User, *, keep_comments: bool) -> None:
    comments = Comment.objects.filter(author=member)
    # Earlier versions may hold exactly what the member later edited out.
    CommentRevision.objects.filter(comment__author=member).delete()
    Appeal.objects.filter(comment__author=member, outcome=AppealOutcome.WAITING).delete()
    if keep_comments:
        comments.update(spam_check_ip=None)
        return
    thread_ids = set(comments.values_list("thread_id", flat=True))
    # As forum.services.comment_delete leaves a comment its author deleted, so the thread shows
    # the usual placeholder; in one statement, whatever state each comment was in.
    comments.update(
        body="",
        body_html="",
        status=CommentStatus.REMOVED,
        personal_data_confirmed=False,
        spam_check=Case(
            When(spam_check=SpamCheck.WAITING, then=Value(SpamCheck.NOT_NEEDED)),
            default=F("spam_check"),
        ),
        spam_check_ip=None,
    )
    started = Thread.objects.filter(author=member)
    started_ids = list(started.values_list("pk", flat=True))
    # Other members' notifications quote a thread's title ("X replied in “<title>”"): a
    # removed thread's title goes from them too.
    for title in set(started.values_list("title", flat=True)):
        quoted, removed = f"\u201c{title}\u201d", f"\u201c{REMOVED_THREAD_TITLE}\u201d"
        Notification.objects.filter(message__contains=quoted).update(
            message=Replace("message", Value(quoted), Value(removed))
        )
    # Old addresses keep working: the thread page redirects a stale slug to the current one.
    started.update(title=REMOVED_THREAD_TITLE, slug=slugify(REMOVED_THREAD_TITLE))
    _relabel_records(Thread, started_ids, REMOVED_THREAD_TITLE)
    for thread_id in sorted(thread_ids | set(started_ids)):
        refresh_thread(thread_id)


def _relabel_records(model, pks: list[int], label: str) -> None:
    """Records name their target as it was called then; an erased name or title must not
    outlive what it named. What happened, and why, stays."""
    if not pks:
        return
    ids = [str(pk) for pk in pks]
    AuditEntry.objects.filter(target_type=model._meta.model_name, target_id__in=ids).update(
        target_label=label
    )
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).update(object_repr=label)


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
