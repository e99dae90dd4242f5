"""The admin's curation pages as the tests in test_admin_*.py drive them: their addresses,
the form data a moderator sends, and readers for a change list's rows and actions."""

from resources.models import Region, Topic

RESOURCES = "/admin/resources/resource/"
SUGGESTIONS = "/admin/resources/resourcesuggestion/"


def pks(model, *slugs: str) -> list[int]:
    return list(model.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def entry_data(**fields) -> dict:
    """What a moderator types into an entry's form."""
    return {
        "name": "Leeds MMN peer group",
        "slug": "leeds-mmn-peer-group",
        "url": "https://leeds-mmn.example.org/",
        "kind": "charity",
        "regions": pks(Region, "uk"),
        "topics": pks(Topic, "treatment", "daily-living"),
        "description": "Monthly meetups for people with MMN in Yorkshire.",
        "is_published": "on",
        **fields,
    }


def accept_data(**fields) -> dict:
    return {"existing": "", **entry_data(), **fields}


def listed(response) -> list:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def action_names(response) -> list[str]:
    return [name for name, _ in response.context["action_form"].fields["action"].choices if name]
