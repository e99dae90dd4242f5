"""The actions the audit log knows: each app registers its own TextChoices, so the log needs no
knowledge of the apps above it and a new app adds its actions without touching this one."""

from django.db import models

_registered: list[type[models.TextChoices]] = []


def register(actions: type[models.TextChoices]) -> None:
    """Make `actions` (an app's TextChoices) known to the log; registering twice is harmless."""
    if actions not in _registered:
        _registered.append(actions)


def choices() -> list[tuple[str, str]]:
    """Every registered action as (value, label): the choices of AuditEntry.action."""
    return [choice for actions in _registered for choice in actions.choices]
