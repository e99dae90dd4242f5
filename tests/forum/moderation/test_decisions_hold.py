"""Decisions that must hold: who may decide, what a thread shows, what an edit may slip by."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum import services
from forum.models import AppealOutcome, CommentStatus, FlagReason
from forum.moderation import appeals, decisions, flags
from tests.forum.moderation.admin_actions import confirm, messages_of

COMMENTS = "/admin/forum/comment/"


def test_deleting_a_held_opening_keeps_the_thread_out_of_view(
    moderation_policy, client, make_member, category
):
    newcomer = make_member("new_poster")
    thread = services.thread_create(
        author=newcomer, category=category, title="Cheap IVIg here", body="Visit my shop."
    )
    opening = thread.comments.get()
    assert opening.status == CommentStatus.PENDING

    services.comment_delete(actor=newcomer, comment=opening)

    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Cheap IVIg here" not in client.get(category.get_absolute_url()).content.decode()


def test_holding_an_edit_of_an_opening_keeps_the_thread_and_its_replies_in_view(
    moderation_policy, client, make_member, member, make_thread, make_reply, settings
):
    settings.MODERATION_PREMODERATE_FIRST = 0
    thread = make_thread(member, body="Which grip aids help you?")
    make_reply(make_member("helpful_ann"), thread, "A foam tube on my pen.")
    opening = thread.comments.get(is_opening=True)
    links = " ".join(f"https://shop{n}.example.com" for n in range(3))

    services.comment_edit(actor=member, comment=opening, body=f"Buy here: {links}")

    opening.refresh_from_db()
    assert opening.status == CommentStatus.PENDING
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert "A foam tube on my pen." in response.content.decode()
    assert "Buy here" not in response.content.decode()


def test_an_edit_by_a_member_not_yet_trusted_waits_for_a_moderator(
    moderation_policy, make_member, member, make_thread, moderator
):
    newcomer = make_member("first_timer")
    thread = make_thread(moderator)
    reply = services.comment_create(author=newcomer, thread=thread, body="Hello, all.")
    decisions.comment_approve(moderator=moderator, comment=reply)

    edited = services.comment_edit(actor=newcomer, comment=reply, body="Hello! See my site.")

    assert edited.status == CommentStatus.PENDING
    assert "first comments" in edited.held_reason


def test_a_moderator_cannot_decide_on_their_own_comment(
    client, moderator, member, make_thread, make_reply
):
    thread = make_thread(member)
    own = make_reply(moderator, thread, "Please remember this is peer support.")
    flags.flag_create(reporter=member, comment=own, reason=FlagReason.OTHER)
    client.force_login(moderator)

    response = confirm(client, COMMENTS, "hide_selected", [own], reason="Testing myself.")

    assert any(
        "You cannot decide on your own comment; another moderator must." in message
        for message in messages_of(response)
    )
    own.refresh_from_db()
    assert own.status == CommentStatus.PUBLISHED


def test_only_a_moderator_other_than_the_one_appealed_decides_and_no_one_swaps_the_decision(
    moderator, second_moderator, member, other_member, make_thread, make_reply
):
    thread = make_thread(other_member)
    reply = make_reply(member, thread, "My honest experience with steroids.")
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Reads like advice.")
    appeal = appeals.appeal_create(author=member, comment=reply, note="It was my story.")

    with pytest.raises(ValidationError, match="decide the appeal instead"):
        decisions.comment_reject(moderator=second_moderator, comment=reply, reason="Swap it.")
    with pytest.raises(PermissionDenied, match="another moderator must decide"):
        appeals.appeal_decide(moderator=moderator, appeal=appeal, overturn=False, reason="No.")

    appeals.appeal_decide(
        moderator=second_moderator, appeal=appeal, overturn=True, reason="Clearly personal."
    )
    reply.refresh_from_db()
    assert reply.status == CommentStatus.PUBLISHED


def test_restoring_a_comment_settles_its_waiting_appeal(
    moderator, second_moderator, member, other_member, make_thread, make_reply
):
    thread = make_thread(other_member)
    reply = make_reply(member, thread, "My experience.")
    decisions.comment_reject(moderator=moderator, comment=reply, reason="Unclear.")
    appeal = appeals.appeal_create(author=member, comment=reply, note="Please look again.")

    decisions.comment_restore(moderator=second_moderator, comment=reply, reason="Fine after all.")

    appeal.refresh_from_db()
    assert appeal.outcome == AppealOutcome.OVERTURNED


def test_a_moderator_can_confirm_the_hide_of_a_comment_the_flags_hid(
    moderator, make_member, member, make_thread, make_reply, settings
):
    settings.MODERATION_FLAGS_TO_HIDE = 2
    reply = make_reply(member, make_thread(make_member("thread_starter")), "Rude words.")
    for name in ("reader_one", "reader_two"):
        flags.flag_create(reporter=make_member(name), comment=reply, reason=FlagReason.HARASSMENT)
    reply.refresh_from_db()
    assert reply.status == CommentStatus.HIDDEN

    decisions.comment_hide(moderator=moderator, comment=reply, reason="Harassment.")

    reply.refresh_from_db()
    assert reply.held_reason == "Harassment."
    assert not reply.flags.filter(resolution="open").exists()


def test_links_in_a_new_threads_title_count_like_links_in_its_text(
    moderation_policy, make_member, category, settings
):
    settings.MODERATION_PREMODERATE_FIRST = 0
    thread = services.thread_create(
        author=make_member("link_poster"),
        category=category,
        title="Deals at www.a.example and www.b.example",
        body="And https://c.example too.",
    )

    assert thread.comments.get().status == CommentStatus.PENDING
    assert "More than 2 links" in thread.comments.get().held_reason


def test_contact_details_in_a_thread_title_bring_the_warning(signed_in, category, forum_state):
    before = forum_state()

    response = signed_in.post(
        f"/c/{category.slug}/new/",
        {"title": "Call me on 07700 900123", "body": "About IVIg at home."},
    )

    assert response.status_code == 400
    assert "looks like it contains a phone number" in response.content.decode()
    assert forum_state() == before


def test_a_comments_lasting_address_finds_its_page(
    client, member, make_thread, make_reply, settings
):
    settings.FORUM_COMMENTS_PER_PAGE = 2
    thread = make_thread(member)
    replies = [make_reply(member, thread, f"Update number {n}.") for n in range(4)]

    response = client.get(f"/comments/{replies[-1].pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith(thread.get_absolute_url() + "?cursor=")
    assert response["Location"].endswith(f"#comment-{replies[-1].pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Update number 3." in page


def test_an_appeal_waits_in_the_review_queue_with_the_members_note(
    client, page_of, moderator, second_moderator, member, other_member, make_thread, make_reply
):
    reply = make_reply(member, make_thread(other_member), "My own experience with IVIg.")
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Reads like advice.")
    appeal = appeals.appeal_create(author=member, comment=reply, note="It was only my story.")
    client.force_login(second_moderator)

    page = page_of(client.get("/admin/forum/reviewitem/", {"waiting": "appealed"}))

    assert "Reads like advice." in page.text
    assert "Appealed by its author: \u201cIt was only my story.\u201d" in page.text
    assert f"/admin/forum/appeal/?id={appeal.pk}" in {link["href"] for link in page.links}
    appeals.appeal_decide(
        moderator=second_moderator, appeal=appeal, overturn=True, reason="Personal story."
    )
    assert client.get("/admin/forum/reviewitem/").context["cl"].result_count == 0
