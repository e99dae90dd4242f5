"""The kinds of notification: each app registers its own from its AppConfig.ready(), with the
words a notification of that kind is shown in, so notifications need no knowledge of the apps
above them and a new app adds its kinds without touching this one.

A notification stores what happened (its kind, who did it, to what, with what reason); its words
are made from those when it is shown, so renaming a member, or erasing one, changes no other
member's notifications."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Emailed(StrEnum):
    """When a kind of notification is emailed."""

    AS_CHOSEN = "as_chosen"  # by the member's choice: at once, in the daily digest, or never
    ALWAYS = "always"  # at once, whatever the member chose
    NEVER = "never"  # only ever shown on the site


@dataclass(frozen=True)
class Kind:
    value: str
    label: str
    # The words of one notification of this kind; None: the words it was given when made.
    text: Callable | None = None
    # The subject of its email; empty: the label.
    email_subject: str = ""
    emailed: Emailed = Emailed.AS_CHOSEN
    # What the link to its page says.
    link_label: str = "Go to the page"
    # Shown at the top of every page until read (crisis support).
    prominent: bool = False


_registered: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Make kinds known; registering the same kind again replaces it (harmless)."""
    for kind in kinds:
        _registered[kind.value] = kind


def get(value: str) -> Kind:
    """The registered kind, or a plain one for a kind no app registers any more."""
    return _registered.get(value) or Kind(value=value, label=value.replace("_", " ").capitalize())


def choices() -> list[tuple[str, str]]:
    """Every registered kind as (value, label): the choices of Notification.kind."""
    return [(kind.value, kind.label) for kind in _registered.values()]


def values(*, emailed: Emailed | None = None, prominent: bool | None = None) -> list[str]:
    """The registered kinds' values, those emailed so or prominent only when asked."""
    return [
        kind.value
        for kind in _registered.values()
        if (emailed is None or kind.emailed == emailed)
        and (prominent is None or kind.prominent == prominent)
    ]
