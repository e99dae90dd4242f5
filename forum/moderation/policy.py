"""The moderation policy: the one place that decides whether a comment is held, and why.

Services call these functions and apply the answer; the web forms, the admin and the API only
ever see the result. Thresholds come from settings (MODERATION_*), so they can be tuned without
touching code.

Order for a new or edited comment (DESIGN.md): suspension and rate limits refuse with a clear
error and save nothing; then the honeypot and local spam signals, the spam service and
pre-moderation can each hold it; otherwise it is published. A held comment is never dropped.
"""

import re
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone

from accounts.permissions import is_moderator
from core.errors import PersonalDataWarning, RateLimited
from forum.models import Comment, CommentStatus, FlagReason


class HoldCode(models.TextChoices):
    HONEYPOT = "honeypot", "A form field that people never see was filled in (typical of robots)."
    LINKS = "links", "More than 2 links from a member who is not yet trusted."
    DUPLICATE = "duplicate", "The same text was posted before."
    BURST = "burst", "Many posts in a few minutes."
    PREMODERATION = "premoderation", "One of the member's first comments."
    SPAM_CHECK = "spam_check", "Waiting for the spam service; it will be checked again."
    SPAM_SERVICE = "spam_service", "The spam service (Akismet) says it looks like spam."
    FLAGS = "flags", "Hidden after several members flagged it."


# Codes that mean "a machine suspects spam": a moderator sees them first in the queue.
SPAM_CODES = frozenset(
    {HoldCode.HONEYPOT, HoldCode.LINKS, HoldCode.DUPLICATE, HoldCode.BURST, HoldCode.SPAM_SERVICE}
)


@dataclass(frozen=True)
class Assessment:
    hold_codes: tuple[str, ...]
    needs_spam_service: bool


def describe(codes) -> str:
    """The reasons a comment is held, in words a moderator (and its author) can read."""
    labels = dict(HoldCode.choices)
    return " ".join(labels.get(code, code) for code in codes)


def _setting(name: str):
    return getattr(settings, f"MODERATION_{name}")


# -- Trust -------------------------------------------------------------------------------------


def approved_comment_count(author) -> int:
    return Comment.objects.filter(author=author, status=CommentStatus.PUBLISHED).count()


def is_trusted(author) -> bool:
    """Trusted members post with looser limits; moderators are always trusted."""
    if is_moderator(author):
        return True
    return approved_comment_count(author) >= _setting("TRUSTED_AFTER_APPROVED")


# -- Rate limits (kept in the cache, so with Redis they hold across app servers) ---------------

_WINDOWS = (("minute", 60), ("day", 86_400))


def _limits(trusted: bool) -> dict[str, int]:
    if trusted:
        return {"minute": _setting("TRUSTED_PER_MINUTE"), "day": _setting("TRUSTED_PER_DAY")}
    return {"minute": _setting("NEW_MEMBER_PER_MINUTE"), "day": _setting("NEW_MEMBER_PER_DAY")}


def _window_key(author_id: int, name: str, length: int, now: float) -> tuple[str, int]:
    start = int(now // length) * length
    return f"post-rate:{author_id}:{name}:{start}", start + length


def check_rate_limit(author) -> None:
    """Refuse (RateLimited) when the author has used up a window; say when to try again.

    Every window is checked: when several are used up, the member is told the longest wait,
    since trying again after a shorter one would only be refused again."""
    if is_moderator(author):
        return
    now = time.time()
    limits = _limits(is_trusted(author))
    used_up = []  # (seconds to wait, window name)
    for name, length in _WINDOWS:
        key, window_end = _window_key(author.pk, name, length, now)
        if (cache.get(key) or 0) >= limits[name]:
            used_up.append((max(int(window_end - now) + 1, 1), name))
    if used_up:
        wait, name = max(used_up)
        raise RateLimited(
            f"You have posted {limits[name]} times this {name}, which is the limit for now. "
            f"Please try again in {_human_wait(wait)}. Your text has not been lost.",
            retry_after=wait,
        )


def record_post(author) -> None:
    """Count a saved post against the author's windows."""
    now = time.time()
    for name, length in _WINDOWS:
        key, _ = _window_key(author.pk, name, length, now)
        cache.add(key, 0, timeout=length + 5)
        try:
            cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=length + 5)


def _human_wait(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    if seconds < 5400:
        return f"{round(seconds / 60)} minutes"
    return f"{round(seconds / 3600)} hours"


# -- Personal data ------------------------------------------------------------------------------

# Possessive, and only from the start of a run of address characters: the plain pattern
# backtracked from every position, seconds of CPU on a 20,000-character post of one long word.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.-]+")
# A phone number: an optional country code (+44), a first block of 2-5 digits, maybe in brackets
# (020, 07700, (555)), then 6-8 more digits in blocks of 3-4, each after at most one space, dot
# or dash: "+44 7700 900123", "(555) 123-4567", "020 7946 0958". Dates ("2021-04-15",
# "15/04/2021") and doses ("2000-2400 mg", "0.4 g/kg") never fit: their later blocks are too
# short or too few, or they use slashes; and a match may not start or end inside a longer number.
_PHONE = re.compile(
    r"""
    (?<![\w+/.-])              # not inside a word, a longer number, a date or a decimal
    (?:\+\d{1,3}[ .-]?)?        # country code
    (?:\(\d{2,5}\)|\d{2,5})     # first block
    (?:[ .-]?\d{3,4}){2}        # the rest: 6-8 digits
    (?![\w/]|[.-]\d)           # and no more digits after
    """,
    re.VERBOSE,
)


def personal_data_found(text: str) -> list[str]:
    """What in `text` looks like contact details: ["an email address", "a phone number"]."""
    found = []
    if _EMAIL.search(text):
        found.append("an email address")
    if _PHONE.search(text):
        found.append("a phone number")
    return found


def check_personal_data(body: str, *, confirmed: bool) -> bool:
    """Warn before posting contact details; a confirmed post goes through, marked for review:
    True when it holds some (the one scan of a post)."""
    found = personal_data_found(body)
    if found and not confirmed:
        raise PersonalDataWarning(
            {
                "body": f"This looks like it contains {' and '.join(found)}. Everyone who reads "
                "the forum could see it. Remove it, or tick the box to post it anyway."
            },
            code="personal_data",
        )
    return bool(found)


# -- Spam signals and pre-moderation -------------------------------------------------------------

_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _normal(body: str) -> str:
    return " ".join(body.casefold().split())


def _is_duplicate(author, body: str, exclude_id: int | None) -> bool:
    since = timezone.now() - timedelta(days=_setting("DUPLICATE_WINDOW_DAYS"))
    recent = Comment.objects.filter(author=author, created_at__gte=since).exclude(
        status=CommentStatus.REMOVED
    )
    if exclude_id:
        recent = recent.exclude(pk=exclude_id)
    target = _normal(body)
    return any(_normal(other) == target for other in recent.values_list("body", flat=True)[:200])


def _is_burst(author) -> bool:
    since = timezone.now() - timedelta(minutes=10)
    return Comment.objects.filter(author=author, created_at__gte=since).count() >= _setting(
        "BURST_PER_10_MINUTES"
    )


def assess(*, author, body: str, honeypot: str = "", editing: Comment | None = None) -> Assessment:
    """Decide whether a new comment (or a new text for `editing`) is held, and why."""
    if is_moderator(author):
        return Assessment(hold_codes=(), needs_spam_service=False)
    trusted = is_trusted(author)
    codes: list[str] = []
    if honeypot.strip():
        codes.append(HoldCode.HONEYPOT)
    if not trusted and len(_LINK.findall(body)) > _setting("UNTRUSTED_MAX_LINKS"):
        codes.append(HoldCode.LINKS)
    if _is_duplicate(author, body, exclude_id=editing.pk if editing else None):
        codes.append(HoldCode.DUPLICATE)
    if editing is None and _is_burst(author):
        codes.append(HoldCode.BURST)
    # Edits too: until a member has N approved comments, nothing they write goes up unseen.
    if approved_comment_count(author) < _setting("PREMODERATE_FIRST"):
        codes.append(HoldCode.PREMODERATION)
    if editing is not None and editing.status == CommentStatus.PENDING:
        # Editing a held comment keeps it held for what held it in the first place.
        codes.extend(c for c in editing.hold_codes if c not in codes and c != HoldCode.SPAM_CHECK)
    return Assessment(
        hold_codes=tuple(str(code) for code in codes),
        needs_spam_service=bool(settings.AKISMET_API_KEY),
    )


# -- Flags -----------------------------------------------------------------------------------------


def hides_after_flags(open_flag_count: int) -> bool:
    return open_flag_count >= _setting("FLAGS_TO_HIDE")


# Shown to the author of a comment flagged as self-harm or crisis, with the helplines from the
# resource directory, so moderators keep the numbers current in one place.
CRISIS_SUPPORT_INTRO = (
    "Someone in the community was worried by something you wrote and asked our moderators to "
    "check in. If you are struggling, you do not have to face it alone."
)
EMERGENCY_NUMBERS = "999 in the UK, 911 in the US, 112 in the EU"
EMERGENCY_ADVICE = (
    f"If you are in danger now, call your local emergency number ({EMERGENCY_NUMBERS})."
)
# Said when the directory has no published helpline (all unpublished while a number is checked):
# a member in crisis is never left with emergency numbers alone.
FALLBACK_HELPLINES = (
    "In the UK and Ireland, Samaritans listen any time: call 116 123 free. In the US, call or "
    "text 988."
)


def flag_thanks(reason: str) -> str:
    """What the member who flagged a comment is told, on the site and through the API alike."""
    if reason == FlagReason.CRISIS:
        return (
            "Thank you for looking out for them. Our moderators have been alerted and will look "
            "at it as soon as they can. If someone is in danger right now, call the emergency "
            f"services ({EMERGENCY_NUMBERS})."
        )
    return "Thank you for flagging this comment. A moderator will look at it."


def crisis_support_message(helplines) -> str:
    """The crisis-support notification's text: the intro, each published helpline with what it
    offers (its description carries the number), and the emergency numbers."""
    lines = [CRISIS_SUPPORT_INTRO]
    lines += [f"{helpline.name}: {helpline.description}" for helpline in helplines] or [
        FALLBACK_HELPLINES
    ]
    lines.append(EMERGENCY_ADVICE)
    return "\n\n".join(lines)
