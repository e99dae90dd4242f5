"""Members' pages share what is the same for every viewer (a category's rows, a thread's
published comments: core.pagecache.shared_fragments), and still show every change at once."""

import pytest

from accounts.services import member_update_profile
from forum import services
from forum.moderation import decisions
from tests.conftest import Client


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


@pytest.fixture
def reader(make_member) -> Client:
    client = Client()
    client.force_login(make_member("reader_ro"))
    return client


@pytest.fixture
def second_reader(make_member) -> Client:
    client = Client()
    client.force_login(make_member("reader_two"))
    return client


def test_a_thread_and_its_category_are_drawn_once_for_all_members(
    reader, second_reader, thread, make_reply, other_member
):
    make_reply(other_member, thread, "Gloves help.")
    for url, shared in (
        (thread.get_absolute_url(), "forum/_comment.html"),
        (thread.category.get_absolute_url(), "forum/_thread_row.html"),
    ):
        first = reader.get(url)
        second = second_reader.get(url)

        assert shared in rendered(first)
        assert shared not in rendered(second)
        assert "reader_two" in second.content.decode(), "the page is still the member's own"


def test_a_member_sees_an_edit_at_once(reader, member, thread, make_reply):
    reply = make_reply(member, thread, "Infusions on Tuesdays.")
    assert "on Tuesdays" in reader.get(thread.get_absolute_url()).content.decode()

    services.comment_edit(actor=member, comment=reply, body="Infusions on Fridays now.")

    page = reader.get(thread.get_absolute_url()).content.decode()
    assert "on Fridays now" in page
    assert "on Tuesdays" not in page


def test_a_member_never_sees_the_words_of_a_comment_taken_down_since(
    reader, client, member, moderator, other_member, thread, make_reply
):
    reply = make_reply(other_member, thread, "Buy my miracle cure today.")
    assert "miracle cure" in reader.get(thread.get_absolute_url()).content.decode()

    decisions.comment_hide(moderator=moderator, comment=reply, reason="Selling.")

    page = reader.get(thread.get_absolute_url()).content.decode()
    assert "miracle cure" not in page
    assert "Comment hidden by a moderator." in page
    client.force_login(other_member)
    assert "miracle cure" in client.get(thread.get_absolute_url()).content.decode()


def test_a_member_sees_a_new_reply_and_a_new_name_in_the_lists_at_once(
    reader, member, other_member, thread
):
    before = reader.get(thread.category.get_absolute_url()).content.decode()
    assert "1 comment" in before

    services.comment_create(author=other_member, thread=thread, body="Same here.")
    member_update_profile(member=member, display_name="hannah_s")

    after = reader.get(thread.category.get_absolute_url()).content.decode()
    assert "2 comments" in after
    assert "hannah_s" in after
    assert "hannah_s" in reader.get(thread.get_absolute_url()).content.decode()


def test_with_the_cache_off_every_page_draws_its_own(settings, reader, second_reader, thread):
    settings.PAGE_CACHE_SECONDS = 0
    reader.get(thread.get_absolute_url())

    assert "forum/_comment.html" in rendered(second_reader.get(thread.get_absolute_url()))


def test_each_member_sees_their_own_reactions_and_flags_on_a_shared_comment(
    reader, second_reader, page_of, other_member, thread, make_reply
):
    reply = make_reply(other_member, thread, "Little and often.")
    reader.get(thread.get_absolute_url())
    second_reader.get(thread.get_absolute_url())
    second_reader.post(f"/comments/{reply.pk}/react/?kind=support", {"reacted": "1"})
    second_reader.post(f"/comments/{reply.pk}/flag/", {"reason": "spam", "note": ""})

    def pressed_and_flag(client) -> tuple[list[str], str]:
        page = page_of(client.get(thread.get_absolute_url()))
        comment = page.text_of(f"comment-{reply.pk}")
        pressed = [
            attrs["formaction"]
            for tag, attrs in page.tags
            if tag == "button" and attrs.get("aria-pressed") == "true"
        ]
        return pressed, comment

    mine, my_comment = pressed_and_flag(second_reader)
    theirs, their_comment = pressed_and_flag(reader)
    assert mine == [f"/comments/{reply.pk}/react/?kind=support"]
    assert "You flagged this comment" in my_comment
    assert theirs == []
    assert "You flagged this comment" not in their_comment
    assert "Sending support · 1" in their_comment


def test_a_reaction_button_sends_the_pages_one_form_to_its_own_address(
    reader, page_of, other_member, thread, make_reply
):
    reply = make_reply(other_member, thread, "Little and often.")
    page = page_of(reader.get(thread.get_absolute_url()))
    [form] = [
        attrs for tag, attrs in page.tags if tag == "form" and attrs.get("id") == "reaction-form"
    ]
    [helpful] = [
        attrs
        for tag, attrs in page.tags
        if tag == "button"
        and attrs.get("formaction", "").startswith(f"/comments/{reply.pk}/")
        and "kind=helpful" in attrs["formaction"]
    ]
    assert form["method"] == "post"
    assert helpful["form"] == "reaction-form"

    response = reader.post(helpful["formaction"], {helpful["name"]: helpful["value"]})

    assert response.status_code == 302
    assert "Helpful · 1" in page_of(reader.get(response["Location"])).text_of(f"comment-{reply.pk}")
