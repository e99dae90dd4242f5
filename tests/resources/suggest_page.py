"""The suggestion page at /resources/suggest/ as the tests in test_suggest_*.py use it: its
address, a good suggestion, and readers for what the form and the member's list show."""

from resources import services
from resources.models import ResourceSuggestion

URL = "/resources/suggest/"
GOOD = {
    "name": "Hand Therapy Circle",
    "url": "https://hand-therapy.example.org/",
    "note": "Occupational therapists who showed me grip aids.",
}


def suggest(member, **fields) -> ResourceSuggestion:
    return services.suggestion_create(member=member, **{**GOOD, **fields})


def form_values(page) -> dict[str, str]:
    """What the form shows in each field."""
    values = {
        attrs["name"]: attrs.get("value", "")
        for tag, attrs in page.tags
        if tag == "input" and attrs.get("name") in ("name", "url")
    }
    if "id_note" in page.ids:
        values["note"] = page.text_of("id_note")
    return values


def suggestions_shown(page) -> list[str]:
    return page.texts_of("suggestion")
