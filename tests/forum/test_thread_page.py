"""Reading a thread: its comments in order, who wrote them and when, and its pages."""

import pytest
from django.utils import timezone

from forum import services
from forum.models import Comment, CommentStatus, Thread, ThreadStatus


def comment_ids(page) -> list[int]:
    return [
        int(i.removeprefix("comment-"))
        for i in page.ids
        if i.startswith("comment-") and i.removeprefix("comment-").isdigit()
    ]


@pytest.fixture
def conversation(member, other_member, make_thread, make_reply):
    """hannah_mmn asks, carer_dave answers, hannah_mmn thanks him."""
    thread = make_thread(
        member, title="Cold hands after IVIg?", body="Anyone else get **cold** hands?"
    )
    make_reply(other_member, thread, "Yes, every time. Gloves help.")
    make_reply(member, thread, "Thanks, I will try gloves.")
    return thread


def test_thread_page_shows_its_comments_in_order(client, page_of, conversation):
    response = client.get(conversation.get_absolute_url())

    assert response.status_code == 200
    page = page_of(response)
    comments = list(conversation.comments.order_by("pk"))
    assert comment_ids(page) == [comment.pk for comment in comments]
    assert "Anyone else get cold hands?" in page.text_of(f"comment-{comments[0].pk}")
    assert "Yes, every time. Gloves help." in page.text_of(f"comment-{comments[1].pk}")
    assert "Thanks, I will try gloves." in page.text_of(f"comment-{comments[2].pk}")


def test_each_comment_shows_author_role_and_time(client, page_of, conversation):
    page = page_of(client.get(conversation.get_absolute_url()))

    opening, answer, _ = conversation.comments.order_by("pk")
    opening_text = page.text_of(f"comment-{opening.pk}")
    answer_text = page.text_of(f"comment-{answer.pk}")
    assert opening_text.startswith("hannah_mmn Person with MMN")
    assert answer_text.startswith("carer_dave Carer or family")
    stamp = timezone.localtime(answer.created_at).strftime("%-d %b %Y, %H:%M")
    assert stamp in answer_text
    assert ("datetime", answer.created_at.isoformat()) in {
        item for tag, attrs in page.tags if tag == "time" for item in attrs.items()
    }
    assert {"/u/hannah_mmn/", "/u/carer_dave/"} <= {link["href"] for link in page.links}


def test_thread_page_renders_markdown(client, conversation):
    html = client.get(conversation.get_absolute_url()).content.decode()

    assert "<strong>cold</strong>" in html


def test_thread_heading_shows_title_category_author_and_comment_count(
    client, page_of, conversation
):
    page = page_of(client.get(conversation.get_absolute_url()))

    heading = page.texts_of("page-heading")[0]
    assert heading.startswith("Cold hands after IVIg?")
    assert "In Treatment (IVIg, steroids, therapy) · started by hannah_mmn · 3 comments" in heading


def test_edited_comment_is_marked_edited_and_others_are_not(client, page_of, member, conversation):
    opening, answer, thanks = conversation.comments.order_by("pk")
    services.comment_edit(actor=member, comment=thanks, body="Thanks, gloves worked!")

    page = page_of(client.get(conversation.get_absolute_url()))

    assert "edited" in page.text_of(f"comment-{thanks.pk}")
    assert "Thanks, gloves worked!" in page.text_of(f"comment-{thanks.pk}")
    assert "edited" not in page.text_of(f"comment-{opening.pk}")
    assert "edited" not in page.text_of(f"comment-{answer.pk}")


def test_member_sees_edit_and_delete_only_on_their_own_comments(signed_in, page_of, conversation):
    opening, answer, thanks = conversation.comments.order_by("pk")

    page = page_of(signed_in.get(conversation.get_absolute_url()))

    hrefs = {link["href"] for link in page.links}
    for own in (opening, thanks):
        assert f"/comments/{own.pk}/edit/" in hrefs
        assert f"/comments/{own.pk}/delete/" in hrefs
    assert f"/comments/{answer.pk}/edit/" not in hrefs
    assert f"/comments/{answer.pk}/delete/" not in hrefs


def test_visitor_is_invited_to_sign_in_instead_of_a_reply_form(client, page_of, conversation):
    response = client.get(conversation.get_absolute_url())

    page = page_of(response)
    assert "textarea" not in [tag for tag, _ in page.tags]
    assert f"/accounts/login/?next={conversation.get_absolute_url()}" in [
        link["href"] for link in page.links
    ]


def test_member_gets_a_reply_form(signed_in, page_of, conversation):
    page = page_of(signed_in.get(conversation.get_absolute_url()))

    forms = [attrs for tag, attrs in page.tags if tag == "form"]
    [form] = [attrs for attrs in forms if "reply" in attrs.get("action", "")]
    assert form["action"] == conversation.get_absolute_url() + "reply/"
    assert ("textarea", "body") in [(tag, attrs.get("name")) for tag, attrs in page.tags]


def test_locked_thread_says_so_and_offers_no_reply_form(signed_in, page_of, conversation):
    Thread.objects.filter(pk=conversation.pk).update(is_locked=True)

    page = page_of(signed_in.get(conversation.get_absolute_url()))

    assert "This thread is locked." in page.text
    assert "This thread is locked, so it takes no new replies." in page.text
    assert "textarea" not in [tag for tag, _ in page.tags]


def test_thread_address_with_an_old_slug_redirects_permanently(client, conversation):
    response = client.get(f"/t/{conversation.pk}/an-old-title/")

    assert response.status_code == 301
    assert response["Location"] == conversation.get_absolute_url()


def test_unknown_thread_is_404(client, page_of, db):
    response = client.get("/t/987654/no-such-thread/")

    assert response.status_code == 404
    assert "We could not find that page." in page_of(response).text


def test_hidden_thread_is_404_for_everyone_but_its_author(
    client, other_member, member, conversation
):
    Thread.objects.filter(pk=conversation.pk).update(status=ThreadStatus.HIDDEN)

    assert client.get(conversation.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    assert client.get(conversation.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(conversation.get_absolute_url()).status_code == 200


def test_a_reply_in_a_hidden_thread_is_404_by_its_own_address_but_to_the_threads_author(
    client, other_member, member, conversation
):
    reply = conversation.comments.order_by("pk")[1]  # carer_dave's, in hannah_mmn's thread
    Thread.objects.filter(pk=conversation.pk).update(status=ThreadStatus.HIDDEN)
    addresses = [f"/comments/{reply.pk}/", f"/comments/{reply.pk}/flag/"]

    assert client.get(addresses[0]).status_code == 404  # a visitor (flagging asks to sign in)
    assert client.get(f"/api/v1/comments/{reply.pk}/").status_code == 404
    client.force_login(other_member)
    assert [client.get(address).status_code for address in addresses] == [404, 404]
    client.force_login(member)
    assert client.get(addresses[0]).status_code == 302
    assert client.get(addresses[1]).status_code == 200


def test_comment_hidden_by_a_moderator_keeps_its_place_without_its_words(
    client, page_of, conversation
):
    answer = conversation.comments.order_by("pk")[1]
    Comment.objects.filter(pk=answer.pk).update(status=CommentStatus.HIDDEN)

    page = page_of(client.get(conversation.get_absolute_url()))

    assert answer.pk in comment_ids(page)
    assert page.text_of(f"comment-{answer.pk}") == "Comment hidden by a moderator."
    assert "Gloves help" not in page.text
    assert "carer_dave" not in page.text


def test_comment_pages_walk_every_comment_once_in_order(
    client, page_of, settings, member, make_thread, make_reply
):
    settings.FORUM_COMMENTS_PER_PAGE = 2
    thread = make_thread(member, body="Comment number 0")
    for number in range(1, 5):
        make_reply(member, thread, f"Comment number {number}")

    seen, url = [], thread.get_absolute_url()
    while url:
        page = page_of(client.get(url))
        seen.append([text.split("Comment number ")[1][0] for text in page.texts_of("comment-body")])
        url = thread.get_absolute_url() + page.link("next") if page.link("next") else None

    assert seen == [["0", "1"], ["2", "3"], ["4"]]


def test_garbled_comment_cursor_is_a_400_page_that_explains(client, page_of, conversation):
    response = client.get(conversation.get_absolute_url(), {"cursor": "WyJhZnRlciIsIFtudWxsXV0"})

    assert response.status_code == 400
    assert "That page link is not valid. Go back to the first page." in page_of(response).text


def test_screen_reader_outline_has_a_heading_per_comment_and_a_way_to_the_reply_box(
    signed_in, conversation
):
    html = signed_in.get(conversation.get_absolute_url()).content.decode()

    assert '<h2 id="comments-heading"' in html
    comments = Comment.objects.filter(thread=conversation)
    for comment in comments:
        assert f'<h3 id="comment-{comment.pk}-by"' in html
    assert '<a href="#reply-heading">Jump to the reply box</a>' in html


def test_headings_inside_a_comment_sit_below_the_comment_heading(signed_in, member, make_thread):
    thread = make_thread(member, body="# Day one\n\nInfusion went well.")

    html = signed_in.get(thread.get_absolute_url()).content.decode()

    assert "<h4>Day one</h4>" in html
    assert "<h1>Day one</h1>" not in html
