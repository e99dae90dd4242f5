"""The public profile at /u/<display-name>/, and the rule that an email address is never shown."""

import pytest
from django.utils import timezone

from forum.models import Category, ThreadStatus


def test_profile_shows_public_details_and_recent_threads(client, member, make_thread):
    make_thread(member, title="Grip aids that actually help")
    make_thread(
        member,
        title="Hello from Leeds",
        in_category=Category.objects.get(slug="introductions"),
    )

    response = client.get("/u/hannah_mmn/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>hannah_mmn</h1>" in html
    assert "Person with MMN" in html
    assert "United Kingdom" in html
    assert "Member since" in html
    assert member.date_joined.strftime("%B %Y") in html
    assert "Grip aids that actually help" in html
    assert "Hello from Leeds" in html
    assert "in Introductions" in html
    assert html.index("Hello from Leeds") < html.index("Grip aids that actually help"), (
        "newest first"
    )


def test_profile_of_member_without_threads_says_so(client, other_member):
    html = client.get("/u/carer_dave/").content.decode()

    assert "Carer or family" in html
    assert "carer_dave has not started a thread yet." in html


def test_profile_address_in_other_case_redirects_to_the_canonical_one(client, member):
    response = client.get("/u/HANNAH_mmn/")

    assert response.status_code == 301
    assert response["Location"] == "/u/hannah_mmn/"


def test_profile_of_a_name_in_another_script_opens_at_its_own_address(client, make_member):
    jurgen = make_member("Jürgen-Ødegård", email="jurgen@example.org")

    response = client.get(jurgen.get_absolute_url())

    assert jurgen.get_absolute_url() == "/u/J%C3%BCrgen-%C3%98deg%C3%A5rd/"
    assert response.status_code == 200
    assert "<h1>Jürgen-Ødegård</h1>" in response.content.decode()


def test_profile_of_unknown_member_is_404(client, member):
    response = client.get("/u/nobody_here/")

    assert response.status_code == 404
    assert "We could not find that page." in response.content.decode()


def test_profile_of_closed_account_is_404(client, member):
    member.is_active = False
    member.save()

    assert client.get("/u/hannah_mmn/").status_code == 404


def test_profile_does_not_list_a_thread_others_cannot_see(client, member, make_thread):
    hidden = make_thread(member, title="Hidden by the moderators")
    hidden.status = ThreadStatus.HIDDEN
    hidden.save()

    html = client.get("/u/hannah_mmn/").content.decode()

    assert "Hidden by the moderators" not in html


def test_profile_shows_the_bio_as_text(client, member):
    member.bio = "Diagnosed 2019.\nIVIg every 3 weeks & <b>loving</b> my grip aids."
    member.save()

    html = client.get("/u/hannah_mmn/").content.decode()

    assert "Diagnosed 2019.<br>IVIg every 3 weeks &amp; &lt;b&gt;loving&lt;/b&gt;" in html


@pytest.fixture
def busy_forum(member, other_member, make_thread, make_reply):
    """hannah_mmn started a thread, carer_dave replied, and both appear on every forum page."""
    thread = make_thread(member, title="Tips for infusion days")
    make_reply(other_member, thread, "A warm blanket and a good audiobook.")
    make_reply(member, thread, "Thank you, the blanket is a great idea.")
    return thread


# Each page, and something on it that shows it rendered the members' posts.
FORUM_PAGES = [
    ("/", "Tips for infusion days"),
    ("/c/treatment/", "hannah_mmn"),
    ("{thread}", "carer_dave"),
    ("/u/hannah_mmn/", "Tips for infusion days"),
    ("/u/carer_dave/", "carer_dave"),
]


@pytest.mark.parametrize("viewer", ["visitor", "another member"])
@pytest.mark.parametrize(("url", "shown"), FORUM_PAGES)
def test_email_addresses_never_appear_on_public_pages(
    client, busy_forum, make_member, member, other_member, viewer, url, shown
):
    if viewer == "another member":
        client.force_login(make_member("curious_cat"))

    response = client.get(url.format(thread=busy_forum.get_absolute_url()))

    assert response.status_code == 200
    html = response.content.decode()
    assert shown in html
    assert member.email.lower() not in html.lower()
    assert other_member.email.lower() not in html.lower()
    assert "@example.org" not in html.lower()


def test_suspended_members_profile_still_shows_without_their_email(client, member):
    member.suspended_until = timezone.now() + timezone.timedelta(days=7)
    member.save()

    html = client.get("/u/hannah_mmn/").content.decode()

    assert "hannah_mmn" in html
    assert member.email not in html
