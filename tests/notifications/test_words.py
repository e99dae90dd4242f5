"""A notification's words are made when it is shown, from what it stores: the member who did it
is named as they are called now, so renaming or erasing them changes no other member's rows."""

from accounts import services as account_services
from forum import services
from notifications.models import Notification


def rows() -> list[dict]:
    return list(Notification.objects.values().order_by("pk"))


def replied(member, other_member, thread, capture) -> Notification:
    """`member` replies in `other_member`'s thread, which tells `other_member` (a follower)."""
    with capture(execute=True):
        services.comment_create(author=member, thread=thread, body="The foam handles help me.")
    return Notification.objects.get(recipient=other_member)


def test_a_renamed_member_is_named_anew_in_what_others_were_told(
    member, other_member, make_thread, django_capture_on_commit_callbacks
):
    thread = make_thread(other_member, title="Grip aids that work", body="Share yours.")
    heard = replied(member, other_member, thread, django_capture_on_commit_callbacks)
    assert heard.text == "hannah_mmn replied in \u201cGrip aids that work\u201d"
    before = rows()

    account_services.member_update_profile(member=member, display_name="hannah_b")

    assert Notification.objects.get(pk=heard.pk).text == (
        "hannah_b replied in \u201cGrip aids that work\u201d"
    )
    assert rows() == before


def test_an_erased_member_is_a_former_member_in_what_others_were_told_and_no_row_changes(
    member, other_member, make_thread, django_capture_on_commit_callbacks
):
    thread = make_thread(other_member, title="Grip aids that work", body="Share yours.")
    heard = replied(member, other_member, thread, django_capture_on_commit_callbacks)
    before = [row for row in rows() if row["recipient_id"] != member.pk]

    account_services.member_erase(member=member, keep_comments=True)

    assert Notification.objects.get(pk=heard.pk).text == (
        f"Former member {member.pk} replied in \u201cGrip aids that work\u201d"
    )
    assert rows() == before


def test_a_notification_of_a_kind_no_app_registers_still_shows_its_words(member):
    """An app removed from the site leaves its members' notifications readable."""
    gone = Notification.objects.create(recipient=member, kind="webinar_reminder", fixed_text="Hi.")

    assert (gone.text, gone.get_kind_display(), gone.kind_info.label) == (
        "Hi.",
        "webinar_reminder",
        "Webinar reminder",
    )
