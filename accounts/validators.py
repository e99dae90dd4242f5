"""The rules for a public display name, in one place for sign-up, settings, admin and API."""

import re
import unicodedata

from django.core.exceptions import ValidationError

DISPLAY_NAME_MIN = 3
DISPLAY_NAME_MAX = 30

# Letters and digits of any script, with dots, dashes and underscores between them: names work in
# a URL (/u/<name>/) and in an @mention without quoting.
_DISPLAY_NAME_PATTERN = re.compile(r"^[^\W_](?:[\w.-]*[^\W_])?$")

# Names that would let someone pass as the site or its volunteers, or collide with system words.
RESERVED_DISPLAY_NAMES = frozenset(
    {
        "admin",
        "administrator",
        "admins",
        "moderator",
        "moderators",
        "mod",
        "mods",
        "staff",
        "support",
        "system",
        "root",
        "sysop",
        "official",
        "team",
        "help",
        "helpdesk",
        "security",
        "webmaster",
        "postmaster",
        "hostmaster",
        "abuse",
        "noreply",
        "no-reply",
        "anonymous",
        "former-member",
        "formermember",
        "deleted",
        "removed",
        "null",
        "none",
        "undefined",
        "mmn",
        "mmn-community",
        "community",
        "everyone",
        "here",
        "api",
        "settings",
        "accounts",
    }
)


_SEPARATORS = re.compile(r"[._-]")
# Compared without separators, so "mmn_community" and "No.Reply" are caught like "mmn-community".
_RESERVED_SQUASHED = frozenset(_SEPARATORS.sub("", name) for name in RESERVED_DISPLAY_NAMES)
# Erased members are renamed "Former-member-<n>": no one may pose as one, or take the name first.
_FORMER_MEMBER = "formermember"


def normalise_display_name(value: str) -> str:
    """NFKC-normalise and trim, so look-alike full-width letters cannot dodge the rules."""
    return unicodedata.normalize("NFKC", value or "").strip()


def validate_display_name(value: str) -> None:
    name = normalise_display_name(value)
    if len(name) < DISPLAY_NAME_MIN or len(name) > DISPLAY_NAME_MAX:
        raise ValidationError(
            f"Display names are {DISPLAY_NAME_MIN} to {DISPLAY_NAME_MAX} characters long.",
            code="length",
        )
    if not _DISPLAY_NAME_PATTERN.match(name):
        raise ValidationError(
            "Use letters and numbers, with dots, dashes or underscores between them "
            "(no spaces), for example jo_carer or Sam.K.",
            code="characters",
        )
    squashed = _SEPARATORS.sub("", name.casefold())
    if squashed in _RESERVED_SQUASHED or squashed.startswith(_FORMER_MEMBER):
        raise ValidationError(
            "That display name is reserved. Please choose another.", code="reserved"
        )
