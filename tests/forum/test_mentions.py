"""`@display-name` in a comment tells that member once, when the comment is first published."""

import pytest

from accounts import services as account_services
from accounts.models import User
from forum import services
from forum.models import NotificationKind
from forum.moderation import decisions
from notifications.models import Notification
from notifications.services import email_notifications_set


@pytest.fixture
def announce(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the announcements) of whatever the block does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def mentions_of(member) -> list[Notification]:
    return list(Notification.objects.filter(recipient=member, kind=NotificationKind.MENTION))


def test_a_mentioned_member_is_told_who_mentioned_them_where_with_a_link_to_the_comment(
    member, other_member, thread, make_reply, announce, signed_in, page_of
):
    with announce():
        reply = make_reply(other_member, thread, "I think @hannah_mmn knows about IVIg.")

    [mention] = mentions_of(member)
    assert mention.text == f"carer_dave mentioned you in \u201c{thread.title}\u201d"
    assert mention.url == f"/comments/{reply.pk}/"
    page = page_of(signed_in.get("/notifications/"))
    assert mention.text in page.text
    assert "You were mentioned" in page.text


def test_names_match_whatever_their_case(make_member, member, thread, make_reply, announce):
    emile = make_member("\u00c9mile", email="emile@example.org")

    with announce():
        make_reply(member, thread, "Ask @\u00e9MILE, or @CARER_DAVE if he is here.")

    assert len(mentions_of(emile)) == 1


def test_a_name_mentioned_twice_tells_once(member, other_member, thread, make_reply, announce):
    with announce():
        make_reply(member, thread, "@carer_dave hello. And again, @Carer_Dave!")

    assert len(mentions_of(other_member)) == 1


def test_a_name_at_the_end_of_a_sentence_is_still_a_mention(
    make_member, member, thread, make_reply, announce
):
    sam = make_member("Sam.K")

    with announce():
        make_reply(member, thread, "Thank you, @Sam.K.")

    assert len(mentions_of(sam)) == 1


def test_email_addresses_and_unknown_names_mention_nobody(
    member, other_member, thread, make_reply, announce
):
    with announce():
        services.comment_create(
            author=member,
            thread=thread,
            body="Write to carer_dave@example.org or ask @nobody_here.",
            personal_data_confirmed=True,
        )

    assert mentions_of(other_member) == []
    assert not Notification.objects.filter(kind=NotificationKind.MENTION).exists()


def test_mentioning_yourself_tells_nobody(member, thread, make_reply, announce):
    with announce():
        make_reply(member, thread, "Note to self, @hannah_mmn: rest.")

    assert mentions_of(member) == []


def test_closed_accounts_are_not_told(make_member, member, thread, make_reply, announce):
    gone = make_member("gone_gus")
    User.objects.filter(pk=gone.pk).update(is_active=False)

    with announce():
        make_reply(member, thread, "Where is @gone_gus?")

    assert mentions_of(gone) == []


def test_a_follower_who_is_mentioned_gets_only_the_mention(
    member, other_member, thread, make_reply, announce
):
    services.thread_follow(member=other_member, thread=thread)

    with announce():
        make_reply(member, thread, "@carer_dave what do you think?")

    kinds = list(Notification.objects.filter(recipient=other_member).values_list("kind", flat=True))
    assert kinds == [NotificationKind.MENTION]


def test_other_followers_still_hear_of_the_reply(
    member, other_member, make_member, thread, make_reply, announce
):
    follower = make_member("follower_fay")
    services.thread_follow(member=follower, thread=thread)

    with announce():
        make_reply(other_member, thread, "@hannah_mmn try a foam grip.")

    assert [n.kind for n in Notification.objects.filter(recipient=follower)] == ["reply"]
    assert [n.kind for n in Notification.objects.filter(recipient=member)] == ["mention"]


def test_at_most_ten_names_in_one_comment_are_told(
    make_member, member, thread, make_reply, announce
):
    named = [make_member(f"named_{number:02}") for number in range(12)]

    with announce():
        make_reply(member, thread, " ".join(f"@{person.display_name}" for person in named))

    told = set(
        Notification.objects.filter(kind=NotificationKind.MENTION).values_list(
            "recipient__display_name", flat=True
        )
    )
    assert told == {person.display_name for person in named[:10]}


def test_a_thread_opening_can_mention_someone(member, other_member, make_thread, announce):
    with announce():
        make_thread(member, title="Hello from Leeds", body="Hi @carer_dave, here I am.")

    [mention] = mentions_of(other_member)
    assert mention.text == "hannah_mmn mentioned you in \u201cHello from Leeds\u201d"


def test_a_held_comment_mentions_nobody_until_approved_and_an_edit_never_again(
    moderation_policy, make_member, other_member, moderator, make_thread, announce
):
    thread = make_thread(moderator)
    newcomer = make_member("new_nell")
    with announce():
        held = services.comment_create(author=newcomer, thread=thread, body="Hi @carer_dave.")
    assert held.status == "pending"
    assert mentions_of(other_member) == []

    with announce():
        decisions.comment_approve(moderator=moderator, comment=held)
    assert len(mentions_of(other_member)) == 1

    with announce():
        services.comment_edit(actor=newcomer, comment=held, body="Hi again @carer_dave.")
    assert len(mentions_of(other_member)) == 1


def test_a_mention_is_emailed_at_once_to_a_member_who_asked(
    member, other_member, thread, make_reply, announce, mailoutbox
):
    email_notifications_set(member=member, choice="immediately")

    with announce():
        make_reply(other_member, thread, "@hannah_mmn have a look.")

    [email] = mailoutbox
    assert email.to == [member.email]
    assert email.subject == "[MMN Community] You were mentioned"


def test_an_erased_authors_name_leaves_the_mentions_they_made(
    member, other_member, thread, make_reply, announce
):
    with announce():
        make_reply(other_member, thread, "@hannah_mmn hello.")

    account_services.member_erase(member=other_member, keep_comments=True)

    [mention] = mentions_of(member)
    assert mention.text == (
        f"Former member {other_member.pk} mentioned you in \u201c{thread.title}\u201d"
    )
