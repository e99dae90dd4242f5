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
# Erased members are renamed "Former member <n>" (a space no chosen name may have); no one may
# pose as one with a look-alike such as "Former-member-12".
_FORMER_MEMBER = "formermember"


# Words that claim a role on the site: no name may be built from one ("Moderator_Jane",
# "MMN.Admin", "Official-Support"), nor start or end with the strongest of them ("AdminJane").
_ROLE_WORDS = frozenset(
    {
        "admin",
        "administrator",
        "moderator",
        "mod",
        "mods",
        "staff",
        "official",
        "support",
        "team",
        "system",
        "sysop",
        "helpdesk",
    }
)
_ROLE_AFFIXES = ("admin", "moderator", "official")

# Japanese mixes these scripts in one name; any other mixture is a look-alike trick
# ("аdmin" with a Cyrillic а).
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "CJK": "CJK"}


def normalise_display_name(value: str) -> str:
    """NFKC-normalise and trim, so look-alike full-width letters cannot dodge the rules."""
    return unicodedata.normalize("NFKC", value or "").strip()


def display_name_key(value: str) -> str:
    """The form two names are compared in: "Émile" and "émile" are the same name everywhere,
    whatever the database's own idea of case."""
    return normalise_display_name(value).casefold()


def _scripts(name: str) -> set[str]:
    scripts = set()
    for character in name:
        if character.isalpha():
            script = unicodedata.name(character, "UNKNOWN").split(" ")[0]
            scripts.add(_SCRIPT_FAMILIES.get(script, script))
    return scripts


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
    if len(_scripts(name)) > 1:
        raise ValidationError(
            "Please use letters from one alphabet in your display name.", code="mixed_scripts"
        )
    folded = name.casefold()
    squashed = _SEPARATORS.sub("", folded)
    parts = set(_SEPARATORS.split(folded))
    if (
        squashed in _RESERVED_SQUASHED
        or squashed.startswith(_FORMER_MEMBER)
        or parts & _ROLE_WORDS
        or squashed.startswith(_ROLE_AFFIXES)
        or squashed.endswith(_ROLE_AFFIXES)
    ):
        raise ValidationError(
            "That display name is reserved, or sounds like a role on the site. "
            "Please choose another.",
            code="reserved",
        )
