"""`manage.py load_demo_content`: a small, believable community for a development or demo site."""

import secrets
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Region, Role, User
from accounts.permissions import MODERATORS_GROUP, is_moderator
from core import pagecache
from forum import services
from forum.demo_content import (
    MEMBERS,
    MODERATOR_BIO,
    MODERATOR_DISPLAY_NAME,
    MODERATOR_EMAIL,
    THREADS,
)
from forum.models import Category, Comment, CommentStatus, Thread
from forum.moderation import decisions, policy

DEMO_APPROVAL_REASON = "Demo content"


class Command(BaseCommand):
    """Load the demo members, threads and replies in forum/demo_content.py, and a demo moderator.

    Guarantees:
    - all or nothing: everything runs in one transaction, and nothing is printed until it commits;
    - idempotent: when any demo member's email address exists, no content is added again;
    - with --if-empty, nothing at all happens if the forum already has a thread;
    - every post goes through forum.services under the live moderation policy, so it is
      validated, rendered, assessed and counted exactly as a member's would be; only its
      timestamps are moved afterwards (see _backdate);
    - the result is a fully published forum: what the policy holds for a moderator (each
      member's first comments, and the spam service's check when AKISMET_API_KEY is set) the
      demo moderator approves at once through decisions.comment_approve, with the reason "Demo
      content", as a volunteer would on a live site; the invented posts are never sent to
      Akismet. A demo post held for anything else (links, a duplicate, a burst) is a mistake in
      forum/demo_content.py and stops the load;
    - the demo moderator (staff, in the Moderators group, not a superuser) gets a generated
      password that is printed once, when the account is created, and never again.
      The admin asks for two-factor authentication, which the moderator sets up on their first
      visit: an authenticator app is theirs to scan, so none is made for them.
    """

    help = "Load demo members, threads and replies, and a demo moderator account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the forum already has any thread (what `make run` uses).",
        )

    def handle(self, *args: str, **options: Any) -> None:
        with transaction.atomic():
            if options["if_empty"] and Thread.objects.exists():
                self.stdout.write("The forum already has threads; demo content not loaded.")
                return
            moderator, message = _ensure_moderator()
            messages = [message]
            if User.objects.filter(email__in=[member.email for member in MEMBERS]).exists():
                messages.append("Demo content is already loaded; nothing added.")
            else:
                messages.extend(_load_members_and_threads(moderator))
                # The demo's back-dated times are written with update(), which no signal sees.
                pagecache.changed()
        # Printed only after the commit, so a password is never shown for a rolled-back account.
        for message in messages:
            self.stdout.write(message)


def _ensure_moderator() -> tuple[User, str]:
    """The demo moderator, and what to print about the account."""
    moderator = User.objects.filter(email__iexact=MODERATOR_EMAIL).first()
    if moderator is not None:
        return moderator, (
            f"The demo moderator account {MODERATOR_EMAIL} already exists; its password is not "
            f"shown again. To set a new one: python manage.py changepassword {MODERATOR_EMAIL}"
        )
    _refuse_taken_display_names([MODERATOR_DISPLAY_NAME])
    password = secrets.token_urlsafe(12)
    moderator = _create_member(
        email=MODERATOR_EMAIL,
        password=password,
        display_name=MODERATOR_DISPLAY_NAME,
        role=Role.OTHER,
        region=Region.UK,
        bio=MODERATOR_BIO,
        joined=timezone.now(),
        is_staff=True,
    )
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return moderator, (
        f"Demo moderator: {MODERATOR_EMAIL} / {password} (shown once; sign in at /admin/)\n"
        "The admin opens to moderators with two-factor authentication: on the first visit it "
        "asks you to set up an authenticator app, at /accounts/2fa/totp/activate/."
    )


def _load_members_and_threads(moderator: User) -> list[str]:
    now = timezone.now()
    if not is_moderator(moderator):
        raise CommandError(
            f"{MODERATOR_EMAIL} is not an active staff member of the {MODERATORS_GROUP} group, "
            "so it cannot approve the demo posts. Nothing was loaded."
        )
    _refuse_taken_display_names([member.display_name for member in MEMBERS])
    slugs = {demo.category for demo in THREADS}
    categories = Category.objects.in_bulk(list(slugs), field_name="slug")
    if missing := slugs - categories.keys():
        raise CommandError(
            f"Categories missing: {', '.join(sorted(missing))}. Run `manage.py migrate` first."
        )

    # One password per run, never shown: the demo members are there to be read, not signed in as.
    password = secrets.token_urlsafe(16)
    members = {
        member.display_name: _create_member(
            email=member.email,
            password=password,
            display_name=member.display_name,
            role=member.role,
            region=member.region,
            bio=member.bio,
            joined=now - timedelta(days=member.joined_days_ago),
        )
        for member in MEMBERS
    }
    # Rate limits count a post when it commits (policy.record_post runs on commit), and the
    # whole load is one commit, so they never slow it: the demo stands for months of posting.
    # The burst and duplicate checks look at when posts were written, which _backdate moves to
    # the story's times after each thread.
    comments = 0
    for demo in THREADS:
        thread = services.thread_create(
            author=members[demo.author],
            category=categories[demo.category],
            title=demo.title,
            body=demo.body,
        )
        _publish(moderator, thread.comments.get(is_opening=True))
        thread.refresh_from_db()  # published now, so open to replies
        written_at = [now - timedelta(days=demo.days_ago)]
        for reply in demo.replies:
            _publish(
                moderator,
                services.comment_create(
                    author=members[reply.author], thread=thread, body=reply.body
                ),
            )
            written_at.append(written_at[-1] + timedelta(hours=reply.hours_later))
        _backdate(thread, written_at)
        comments += len(written_at)
    return [
        f"Loaded demo content: {len(members)} members, {len(THREADS)} threads, "
        f"{comments} comments (opening posts included).",
        "Demo members share no password; use the moderator account or sign up.",
    ]


# What the policy holds a demo post for that the demo moderator may approve. Anything else means
# the demo text itself looks like spam, and should be fixed rather than waved through.
_APPROVABLE_HOLDS = {policy.HoldCode.PREMODERATION, policy.HoldCode.SPAM_CHECK}


def _publish(moderator: User, comment: Comment) -> None:
    """Approve a demo post that the policy held for a moderator, as a volunteer would."""
    if comment.status == CommentStatus.PUBLISHED:
        return
    if comment.status != CommentStatus.PENDING or not set(comment.hold_codes) <= _APPROVABLE_HOLDS:
        raise CommandError(
            f"A demo post in \u201c{comment.thread.title}\u201d by {comment.author.display_name} "
            f"was held: {comment.held_reason} Fix forum/demo_content.py. Nothing was loaded."
        )
    decisions.comment_approve(moderator=moderator, comment=comment, reason=DEMO_APPROVAL_REASON)


def _create_member(
    *,
    email: str,
    password: str,
    display_name: str,
    role: str,
    region: str,
    bio: str,
    joined: datetime,
    **extra: Any,
) -> User:
    """An account as sign-up would leave it: consent recorded, email address verified."""
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        role=role,
        region=region,
        bio=bio,
        date_joined=joined,
        terms_version=settings.TERMS_VERSION,
        terms_accepted_at=joined,
        health_data_consent_version=settings.HEALTH_DATA_CONSENT_VERSION,
        health_data_consent_at=joined,
        **extra,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _refuse_taken_display_names(names: list[str]) -> None:
    """Stop with a clear message, rather than a constraint traceback, on a site with members."""
    taken = (
        User.objects.annotate(folded=Lower("display_name"))
        .filter(folded__in=[name.lower() for name in names])
        .values_list("display_name", flat=True)
    )
    if taken:
        raise CommandError(
            f"Display names already taken: {', '.join(sorted(taken))}. Nothing was loaded."
        )


def _backdate(thread: Thread, written_at: list[datetime]) -> None:
    """Give a demo thread's posts the times its story says they were written.

    The services stamp every post with the moment it is saved, so without this the whole demo
    would read as written in the same second, and the home page's latest activity and each
    category's ordering would mean nothing. Only timestamps move: counts and statuses stay as the
    services left them, and last activity is taken from the published comments, as they keep it.
    Every demo post is published when it is written, so a later recount of the thread (a reply,
    a moderator's action) keeps the story's times.
    """
    comment_ids = thread.comments.order_by("id").values_list("id", flat=True)
    for comment_id, when in zip(comment_ids, written_at, strict=True):
        Comment.objects.filter(pk=comment_id).update(created_at=when, published_at=when)
    latest = thread.comments.filter(status=CommentStatus.PUBLISHED).aggregate(
        latest=Max("created_at")
    )["latest"]
    Thread.objects.filter(pk=thread.pk).update(created_at=written_at[0], last_activity_at=latest)
