"""Driving the admin's actions as a moderator does: choose an action, then confirm its page."""


def confirmation_page(client, url: str, action: str, objects):
    """Choose an action for `objects` on the list page, as the Go button does."""
    ids = [str(obj.pk) for obj in objects]
    return client.post(url, {"action": action, "_selected_action": ids, "index": "0"})


def confirm(client, url: str, action: str, objects, **fields):
    """Choose the action, then submit its confirmation page with `fields`."""
    assert confirmation_page(client, url, action, objects).status_code == 200
    ids = [str(obj.pk) for obj in objects]
    data = {"action": action, "_selected_action": ids, "confirm": "yes", **fields}
    return client.post(url, data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
