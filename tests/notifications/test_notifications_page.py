"""A member's notifications: listed newest first, marked read one by one or all at once, counted in
the header of every page for the price of one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import NotificationKind
from forum.moderation import decisions
from notifications import services as notification_services
from notifications import views
from notifications.models import Notification


def notify(
    member, message: str, url: str = "/t/1/somewhere/", kind=NotificationKind.COMMENT_APPROVED
):
    notification_services.notify(recipient=member, kind=kind, fixed_text=message, url=url)
    return Notification.objects.filter(recipient=member).first()


def header_link(page) -> str:
    """The header's notifications link as a member reads it (the parser spaces out inline tags)."""
    [link] = [link for link in page.links if link["href"] == "/notifications/"][:1]
    return link["text"].replace(" )", ")")


def listed(page) -> list[str]:
    return page.texts_of("notification-message")


def test_notifications_are_listed_newest_first_with_link_time_and_unread_mark(
    signed_in, page_of, member
):
    older = notify(member, "Your comment in “Pacing” is now published.", "/t/1/pacing/")
    newer = notify(member, "Your comment in “Grip aids” is now published.", "/t/2/grip-aids/")
    Notification.objects.filter(pk=older.pk).update(read_at=older.created_at)

    response = signed_in.get("/notifications/")

    assert response.status_code == 200
    page = page_of(response)
    assert listed(page) == [
        "Your comment in “Grip aids” is now published.",
        "Your comment in “Pacing” is now published.",
    ]
    assert "Unread" in page.text_of(f"notification-{newer.pk}")
    assert "Unread" not in page.text_of(f"notification-{older.pk}")
    hrefs = [link["href"] for link in page.links_within("notification")]
    assert hrefs == ["/t/2/grip-aids/", "/t/1/pacing/"]
    assert len([tag for tag, _ in page.tags if tag == "time"]) == 2, "when, for each"


def test_member_sees_only_their_own_notifications(signed_in, page_of, member, other_member):
    notify(other_member, "Not for Hannah.")

    page = page_of(signed_in.get("/notifications/"))

    assert listed(page) == []
    assert "You have no notifications yet." in page.text


def test_mark_all_as_read(signed_in, page_of, member, other_member):
    for number in range(3):
        notify(member, f"Message {number}")
    theirs = notify(other_member, "Theirs stays unread.")

    response = signed_in.post("/notifications/read/")

    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    page = page_of(signed_in.get("/notifications/"))
    assert "All your notifications are marked as read." in page.texts_of("message")
    assert "Unread" not in page.text
    assert "Mark all as read" not in page.text
    assert header_link(page) == "Notifications"


def test_mark_one_as_read_leaves_the_others_unread(signed_in, page_of, member):
    first = notify(member, "First")
    second = notify(member, "Second")

    response = signed_in.post(f"/notifications/{first.pk}/read/")

    assert response.status_code == 302
    assert response["Location"] == f"/notifications/#notification-{first.pk}"
    assert Notification.objects.get(pk=first.pk).read_at is not None
    assert Notification.objects.get(pk=second.pk).read_at is None
    page = page_of(signed_in.get("/notifications/"))
    assert header_link(page) == "Notifications (1 unread)"


def test_marking_someone_elses_notification_is_not_found(signed_in, other_member):
    theirs = notify(other_member, "Private to Dave.")

    response = signed_in.post(f"/notifications/{theirs.pk}/read/")

    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_marking_read_needs_a_post(signed_in, member):
    mine = notify(member, "Hello")

    assert signed_in.get(f"/notifications/{mine.pk}/read/").status_code == 405
    assert signed_in.get("/notifications/read/").status_code == 405
    assert Notification.objects.get(pk=mine.pk).read_at is None


def test_marking_read_never_sends_the_member_off_the_site(signed_in, member):
    mine = notify(member, "Hello")

    response = signed_in.post(f"/notifications/{mine.pk}/read/", {"next": "https://evil.example/"})

    assert response["Location"] == f"/notifications/#notification-{mine.pk}"


def test_visitor_is_sent_to_sign_in(client):
    response = client.get("/notifications/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/notifications/"


def test_header_shows_the_unread_count_to_members_only(client, page_of, member):
    notify(member, "One")
    notify(member, "Two")

    visitor = page_of(client.get("/"))
    client.force_login(member)
    signed_in = page_of(client.get("/c/treatment/"))

    assert "/notifications/" not in [link["href"] for link in visitor.links]
    assert header_link(signed_in) == "Notifications (2 unread)"
    assert "Notifications (2)" in signed_in.text.replace(" unread", "").replace(" )", ")")


def test_header_without_unread_notifications_shows_no_count(signed_in, page_of, member):
    page = page_of(signed_in.get("/"))

    assert header_link(page) == "Notifications"


def test_rejection_and_hiding_notifications_give_the_moderators_reason(
    signed_in, page_of, member, moderator, thread, make_reply
):
    first = make_reply(member, thread, "Buy my supplement.")
    second = make_reply(member, thread, "Another thing.")
    decisions.comment_reject(moderator=moderator, comment=first, reason="Advertising.")
    decisions.comment_hide(moderator=moderator, comment=second, reason="Off topic, sorry.")

    page = page_of(signed_in.get("/notifications/"))

    [hidden, rejected] = listed(page)
    assert hidden.startswith("A moderator hid your comment in")
    assert "Reason: Off topic, sorry." in hidden
    assert rejected.startswith("A moderator rejected your comment in")
    assert "Reason: Advertising." in rejected
    assert header_link(page) == "Notifications (2 unread)"


def test_notifications_page_is_paged_newest_first(signed_in, page_of, member, monkeypatch):
    monkeypatch.setattr(views, "NOTIFICATIONS_PER_PAGE", 3)
    for number in range(7):
        notify(member, f"Message {number}")

    first = page_of(signed_in.get("/notifications/"))
    second = page_of(signed_in.get("/notifications/" + first.link("next")))
    third = page_of(signed_in.get("/notifications/" + second.link("next")))

    assert listed(first) == ["Message 6", "Message 5", "Message 4"]
    assert listed(second) == ["Message 3", "Message 2", "Message 1"]
    assert listed(third) == ["Message 0"]
    assert third.link("next") is None


# -- What the header costs -------------------------------------------------------------------------


@pytest.fixture
def queries_on():
    """The SQL a page runs: [sql, ...]."""

    def run(client, url: str) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    return run


def about_notifications(queries: list[str]) -> list[str]:
    return [sql for sql in queries if "forum_notification" in sql]


@pytest.mark.parametrize("where", ["/", "/c/treatment/", "thread", "/u/hannah_mmn/"])
def test_the_header_count_is_one_query_whatever_the_number_of_notifications(
    client, member, thread, queries_on, where, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # both visits draw the page from the database
    url = thread.get_absolute_url() if where == "thread" else where
    client.force_login(member)
    # One crisis-support message already: the banner's helplines cost one query of their own.
    notify(member, "Support is available", kind=NotificationKind.CRISIS_SUPPORT)
    few = queries_on(client, url)

    for number in range(40):
        notify(member, f"Message {number}", kind=NotificationKind.CRISIS_SUPPORT)
    many = queries_on(client, url)

    assert len(about_notifications(few)) == 1
    assert len(many) == len(few)
    client.logout()
    assert about_notifications(queries_on(client, url)) == [], "visitors have no notifications"


def test_notifications_page_costs_the_same_whatever_its_length(client, member, queries_on):
    client.force_login(member)
    notify(member, "Just one")
    few = queries_on(client, "/notifications/")

    for number in range(40):
        notify(member, f"Message {number}")
    many = queries_on(client, "/notifications/")

    assert len(many) == len(few) <= 5


def test_the_notifications_page_costs_the_same_with_3_or_30_notifications(
    client, member, queries_on
):
    client.force_login(member)
    for number in range(3):
        notify(member, f"Message {number}")
    with_three = len(queries_on(client, "/notifications/"))
    for number in range(3, 30):
        notify(member, f"Message {number}")

    assert len(queries_on(client, "/notifications/")) == with_three <= 6
