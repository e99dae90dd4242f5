"""How a member's data download writes its values, the same in every app's sections."""


def when(moment) -> str | None:
    """A moment as the data download writes it: ISO 8601, or null."""
    return moment.isoformat() if moment is not None else None
