"""Members flag a comment for the moderators: once each, with a reason. Enough flags hide it until
a moderator looks; a self-harm or crisis flag alerts every moderator at once and offers the
comment's author crisis helplines."""

import pytest
from django.core.exceptions import PermissionDenied

from forum.models import Comment, CommentStatus, Flag, FlagReason, NotificationKind
from forum.moderation import decisions, flags
from notifications.models import Notification


@pytest.fixture
def reply(make_reply, other_member, thread) -> Comment:
    """A published reply by `other_member` in `member`'s thread."""
    return make_reply(other_member, thread, "Have you tried a foam grip on the kettle?")


def flag_url(comment: Comment) -> str:
    return f"/comments/{comment.pk}/flag/"


def flag_links(page) -> list[dict]:
    return [link for link in page.links if link["href"].endswith("/flag/")]


def test_flag_page_offers_the_six_reasons_as_radio_buttons_under_a_legend(
    signed_in, page_of, reply
):
    response = signed_in.get(flag_url(reply))

    assert response.status_code == 200
    page = page_of(response)
    tags = [tag for tag, _ in page.tags]
    assert "fieldset" in tags and "legend" in tags
    assert "Why should a moderator look at this comment?" in page.text
    radios = [attrs for tag, attrs in page.tags if tag == "input" and attrs.get("type") == "radio"]
    assert [radio["value"] for radio in radios] == FlagReason.values
    labelled = {attrs["for"] for tag, attrs in page.tags if tag == "label" and "for" in attrs}
    assert {radio["id"] for radio in radios} <= labelled
    for words in (
        "Spam",
        "Harassment or abuse",
        "Medical misinformation",
        "Selling or promoting treatments",
        "Self-harm or crisis",
        "Something else",
    ):
        assert words in page.text
    assert "Anything else a moderator should know? (optional)" in page.text
    assert "Have you tried a foam grip on the kettle?" in page.text, "what is being flagged"


def test_member_flags_a_comment_and_is_thanked(signed_in, page_of, member, reply):
    response = signed_in.post(
        flag_url(reply), {"reason": FlagReason.MISINFORMATION, "note": "Claims IVIg cures MMN."}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{reply.pk}")
    flag = Flag.objects.get()
    assert (flag.comment, flag.reporter, flag.reason, flag.note) == (
        reply,
        member,
        FlagReason.MISINFORMATION,
        "Claims IVIg cures MMN.",
    )
    page = page_of(signed_in.get(response["Location"]))
    assert "Thank you for flagging this comment. A moderator will look at it." in (
        page.texts_of("message")
    )
    assert "You flagged this comment" in page.text_of(f"comment-{reply.pk}")
    assert not flag_links(page)


def test_flag_link_is_offered_to_signed_in_members_on_others_comments_only(
    client, page_of, member, other_member, thread, reply
):
    opening = thread.comments.get(is_opening=True)

    client.force_login(member)
    as_author_of_opening = flag_links(page_of(client.get(thread.get_absolute_url())))
    client.force_login(other_member)
    as_author_of_reply = flag_links(page_of(client.get(thread.get_absolute_url())))
    client.logout()
    as_visitor = flag_links(page_of(client.get(thread.get_absolute_url())))

    assert [link["href"] for link in as_author_of_opening] == [flag_url(reply)]
    assert [link["text"] for link in as_author_of_opening] == ["Flag the comment by carer_dave"]
    assert [link["href"] for link in as_author_of_reply] == [flag_url(opening)]
    assert as_visitor == []


def test_flagging_twice_is_answered_clearly_and_saves_nothing_more(
    signed_in, page_of, member, reply
):
    signed_in.post(flag_url(reply), {"reason": FlagReason.SPAM})

    again = page_of(signed_in.get(flag_url(reply)))
    response = signed_in.post(flag_url(reply), {"reason": FlagReason.OTHER, "note": "And again."})

    assert "You have already flagged this comment." in again.text
    assert not [tag for tag, attrs in again.tags if tag == "form" and not attrs.get("action")]
    assert response.status_code == 400
    page = page_of(response)
    assert "You have already flagged this comment. Thank you." in page.text
    assert page.text_of("id_note") == "And again.", "the note is given back, not lost"
    assert Flag.objects.count() == 1
    assert Flag.objects.get().reason == FlagReason.SPAM


def test_flag_without_a_reason_asks_for_one_and_keeps_the_note(signed_in, page_of, reply):
    response = signed_in.post(flag_url(reply), {"note": "Something is off here."})

    assert response.status_code == 400
    page = page_of(response)
    assert "Please choose a reason." in page.text
    assert page.text_of("id_note") == "Something is off here."
    assert not Flag.objects.exists()


def test_member_cannot_flag_their_own_comment(client, page_of, other_member, reply):
    client.force_login(other_member)

    page_response = client.get(flag_url(reply))
    post_response = client.post(flag_url(reply), {"reason": FlagReason.SPAM})

    for response in (page_response, post_response):
        assert response.status_code == 403
        assert "You cannot flag your own comment. You can edit or delete it instead." in (
            page_of(response).text
        )
    assert not Flag.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_visitor_who_flags_is_sent_to_sign_in(client, reply, method):
    data = {"reason": FlagReason.SPAM} if method == "post" else None
    response = getattr(client, method)(flag_url(reply), data)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={flag_url(reply)}"
    assert not Flag.objects.exists()


def test_flagging_a_comment_that_does_not_exist_is_not_found(signed_in, page_of):
    response = signed_in.post("/comments/999999/flag/", {"reason": FlagReason.SPAM})

    assert response.status_code == 404
    assert "Page not found" in page_of(response).text


def test_flagging_a_comment_the_member_cannot_see_is_not_found(signed_in, reply):
    Comment.objects.filter(pk=reply.pk).update(status=CommentStatus.PENDING)

    assert signed_in.get(flag_url(reply)).status_code == 404
    assert not Flag.objects.exists()


@pytest.fixture
def flaggers(make_member, settings):
    return [make_member(f"flagger{n}") for n in range(settings.MODERATION_FLAGS_TO_HIDE)]


def flag_as(client, members, comment, reason=FlagReason.HARASSMENT):
    for flagger in members:
        client.force_login(flagger)
        assert client.post(flag_url(comment), {"reason": reason}).status_code == 302


def test_enough_distinct_flags_hide_the_comment_pending_review(
    client, page_of, settings, member, other_member, thread, reply, flaggers
):
    assert settings.MODERATION_FLAGS_TO_HIDE == 3
    flag_as(client, flaggers[:2], reply)
    assert Comment.objects.get(pk=reply.pk).status == CommentStatus.PUBLISHED, "two are not enough"

    flag_as(client, flaggers[2:], reply)

    assert Comment.objects.get(pk=reply.pk).status == CommentStatus.HIDDEN
    client.force_login(member)
    others_view = page_of(client.get(thread.get_absolute_url()))
    assert others_view.text_of(f"comment-{reply.pk}") == (
        "Comment hidden while a moderator reviews it."
    )
    assert "foam grip" not in others_view.text
    assert "1 comment" in others_view.texts_of("page-heading")[0]
    client.logout()
    assert "foam grip" not in page_of(client.get(thread.get_absolute_url())).text

    client.force_login(other_member)
    authors_view = page_of(client.get(thread.get_absolute_url())).text_of(f"comment-{reply.pk}")
    assert "Have you tried a foam grip on the kettle?" in authors_view
    assert "Hidden pending review" in authors_view
    assert "Several members flagged this comment" in authors_view


def test_crisis_flag_emails_every_moderator_at_once(
    signed_in,
    reply,
    moderator,
    second_moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            flag_url(reply), {"reason": FlagReason.CRISIS, "note": "They sound desperate."}
        )

    assert response.status_code == 302
    # One message each (test_crisis_alerts.py): no moderator sees another's address.
    assert sorted(address for email in mailoutbox for address in email.to) == sorted(
        [moderator.email, second_moderator.email]
    )
    for email in mailoutbox:
        assert "crisis" in email.subject.lower()
        assert "They sound desperate." in email.body
        assert f"#comment-{reply.pk}" in email.body


def test_crisis_flag_thanks_the_member_who_flagged_and_says_what_to_do_in_danger(
    signed_in, page_of, reply
):
    response = signed_in.post(flag_url(reply), {"reason": FlagReason.CRISIS}, follow=True)

    [message] = page_of(response).texts_of("message")
    assert "Our moderators have been alerted" in message
    assert "999 in the UK, 911 in the US, 112 in the EU" in message


# From the resource directory's curated helplines (resources/data/resources.csv).
HELPLINES = ("Samaritans", "call 116 123", "call or text to 988", "999 in the UK", "911 in the US")


def test_crisis_flag_shows_its_author_the_helplines_on_their_next_page_and_notifications(
    client, page_of, member, other_member, reply, thread
):
    client.force_login(member)
    client.post(flag_url(reply), {"reason": FlagReason.CRISIS})
    notification = Notification.objects.get(recipient=other_member)
    assert notification.kind == NotificationKind.CRISIS_SUPPORT

    client.force_login(other_member)
    home = page_of(client.get("/"))
    banner = home.texts_of("crisis-support")[0]
    assert banner.startswith("Support is available")
    for helpline in HELPLINES:
        assert helpline in banner
    assert "Notifications (1 unread)" in [link["text"].replace(" )", ")") for link in home.links]
    listed = page_of(client.get("/notifications/")).text_of(f"notification-{notification.pk}")
    for helpline in HELPLINES:
        assert helpline in listed
    assert member.display_name not in listed, "who flagged it is never said"

    response = client.post(
        f"/notifications/{notification.pk}/read/", {"next": thread.get_absolute_url()}
    )

    assert response["Location"] == thread.get_absolute_url()
    assert page_of(client.get(thread.get_absolute_url())).texts_of("crisis-support") == []


def test_crisis_banner_is_shown_to_nobody_else(client, page_of, member, reply):
    client.force_login(member)
    client.post(flag_url(reply), {"reason": FlagReason.CRISIS})

    assert page_of(client.get("/")).texts_of("crisis-support") == []


def test_flagging_is_through_the_same_service_as_everywhere(signed_in, member, reply):
    """A flag from the web is the service's flag: the once-only rule holds across interfaces."""
    flags.flag_create(reporter=member, comment=reply, reason=FlagReason.SPAM)

    response = signed_in.post(flag_url(reply), {"reason": FlagReason.SPAM})

    assert response.status_code == 400
    assert Flag.objects.count() == 1


def test_a_hidden_comment_cannot_be_flagged_and_its_words_are_not_shown(
    signed_in, page_of, reply, moderator
):
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Unkind.")

    response = signed_in.get(flag_url(reply))

    assert response.status_code == 403
    page = page_of(response)
    assert "foam grip" not in page.text
    assert "a moderator is already looking after it" in page.text


def test_a_flag_is_checked_against_the_comment_as_it_is_when_it_is_saved(member, reply, moderator):
    """The member's page showed the reply published; a moderator hid it before the flag was
    sent. The flag is refused on the comment as it is now, and nothing is saved."""
    as_the_member_saw_it = Comment.objects.get(pk=reply.pk)
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Unkind.")

    with pytest.raises(PermissionDenied, match="a moderator is already looking after it"):
        flags.flag_create(
            reporter=member, comment=as_the_member_saw_it, reason=FlagReason.HARASSMENT
        )

    assert not Flag.objects.exists()
