"""Crisis support reads its helplines from the directory: moderators keep the numbers current in
one place, and the moderation messages follow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import FlagReason, NotificationKind
from forum.moderation import flags
from notifications.models import Notification
from resources import services as resource_services
from resources.models import Resource, ResourceKind


@pytest.fixture
def flag_as_crisis(make_reply, thread, other_member, member):
    """`member` flags a reply of `other_member` as self-harm or crisis; returns the author's
    crisis-support notification."""

    def flag() -> Notification:
        reply = make_reply(other_member, thread, "I can't see the point of any of this any more.")
        flags.flag_create(reporter=member, comment=reply, reason=FlagReason.CRISIS)
        return Notification.objects.get(
            recipient=other_member, kind=NotificationKind.CRISIS_SUPPORT
        )

    return flag


def test_crisis_message_lists_the_published_helplines_of_the_directory(flag_as_crisis):
    message = flag_as_crisis().text

    for helpline in Resource.objects.filter(kind=ResourceKind.HELPLINE):
        assert f"{helpline.name}: {helpline.description}" in message
    assert "999 in the UK, 911 in the US, 112 in the EU" in message


def test_an_unpublished_helpline_is_no_longer_offered(flag_as_crisis, moderator):
    samaritans = Resource.objects.get(slug="samaritans")
    resource_services.resource_set_published(
        actor=moderator, resource=samaritans, published=False, reason="Number changed"
    )

    assert "Samaritans" not in flag_as_crisis().text


def test_a_helpline_moderators_add_is_offered(flag_as_crisis, make_resource):
    make_resource(
        "Mind Infoline",
        kind=ResourceKind.HELPLINE,
        topics=("mental-health",),
        description="Mental health information and support in England and Wales: 0300 123 3393.",
    )

    assert "Mind Infoline: Mental health information" in flag_as_crisis().text


def test_helplines_of_the_members_region_come_first(flag_as_crisis, other_member):
    other_member.region = "us"
    other_member.save()

    message = flag_as_crisis().text

    assert message.index("988 Suicide & Crisis Lifeline") < message.index("Samaritans")


def test_crisis_banner_links_each_helpline_and_the_whole_list(
    client, page_of, flag_as_crisis, other_member
):
    flag_as_crisis()
    client.force_login(other_member)

    page = page_of(client.get("/"))

    banner_links = {link["text"]: link["href"] for link in page.links}
    assert banner_links["Samaritans"] == "https://www.samaritans.org/"
    assert banner_links["All helplines in our directory"] == "/resources/?kind=helpline"
    assert "call 116 123" in page.texts_of("crisis-support")[0]


def test_the_crisis_banner_costs_nothing_for_members_without_a_crisis_message(
    client, member, thread
):
    """The helplines are read only for the banner; other pages make no query for them."""
    client.force_login(member)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200

    assert not [q["sql"] for q in queries.captured_queries if "resources_resource" in q["sql"]]


def test_with_every_helpline_unpublished_the_member_is_still_given_numbers(
    client, page_of, flag_as_crisis, other_member, moderator
):
    for helpline in Resource.objects.filter(kind=ResourceKind.HELPLINE):
        resource_services.resource_set_published(
            actor=moderator, resource=helpline, published=False
        )

    message = flag_as_crisis().text
    client.force_login(other_member)
    banner = page_of(client.get("/")).texts_of("crisis-support")[0]

    for text in (message, banner):
        assert "call 116 123" in text
        assert "call or text 988" in text
