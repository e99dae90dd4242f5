"""A crisis flag alerts every moderator at once, each in an email of their own, so none sees
another's address."""

from forum.models import FlagReason


def test_crisis_flag_emails_each_moderator_separately_so_none_sees_the_others_address(
    signed_in,
    other_member,
    thread,
    make_reply,
    moderator,
    second_moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    reply = make_reply(other_member, thread, "I can't see the point of carrying on.")

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            f"/comments/{reply.pk}/flag/", {"reason": FlagReason.CRISIS, "note": "Worried."}
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 2
    for email in mailoutbox:
        assert len(email.recipients()) == 1
        assert email.cc == [] and email.bcc == []
        assert "crisis" in email.subject.lower()
        assert f"#comment-{reply.pk}" in email.body
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [moderator.email, second_moderator.email]
    )
