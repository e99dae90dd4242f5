"""A member whose comment a moderator rejected or hid reads why, and may appeal once."""

import pytest

from forum.models import Appeal, AppealOutcome, Comment, CommentStatus
from forum.moderation import appeals, decisions, flags

REASON = "Names a clinic and its prices: please keep to experiences, not adverts."


@pytest.fixture
def reply(make_reply, other_member, thread) -> Comment:
    return make_reply(other_member, thread, "The clinic on King Street does it cheaper.")


@pytest.fixture(params=["rejected", "hidden"])
def decided(request, reply, moderator) -> Comment:
    """`other_member`'s reply after a moderator rejected it, or hid it."""
    act = decisions.comment_reject if request.param == "rejected" else decisions.comment_hide
    return act(moderator=moderator, comment=reply, reason=REASON)


@pytest.fixture
def author(client, other_member):
    client.force_login(other_member)
    return client


def appeal_url(comment: Comment) -> str:
    return f"/comments/{comment.pk}/appeal/"


def test_author_reads_the_moderators_reason_and_can_appeal(author, page_of, thread, decided):
    page = page_of(author.get(thread.get_absolute_url()))

    text = page.text_of(f"comment-{decided.pk}")
    assert f"Reason: {REASON}" in text
    assert "The clinic on King Street does it cheaper." in text
    assert {"href": appeal_url(decided), "text": "Appeal this decision"}.items() <= next(
        link for link in page.links if link["href"] == appeal_url(decided)
    ).items()


def test_others_never_see_a_rejected_comment_and_see_a_placeholder_for_a_hidden_one(
    client, page_of, member, thread, decided
):
    client.force_login(member)
    page = page_of(client.get(thread.get_absolute_url()))

    assert "King Street" not in page.text
    assert REASON not in page.text
    assert appeal_url(decided) not in [link["href"] for link in page.links]
    if decided.status == CommentStatus.HIDDEN:
        assert page.text_of(f"comment-{decided.pk}") == "Comment hidden by a moderator."
    else:
        assert f"comment-{decided.pk}" not in page.ids


def test_appeal_page_asks_for_a_note_and_shows_the_decision(author, page_of, decided):
    response = author.get(appeal_url(decided))

    assert response.status_code == 200
    page = page_of(response)
    assert "Appeal a moderator's decision" in page.text
    assert REASON in page.text
    assert "The clinic on King Street does it cheaper." in page.text
    assert [attrs["name"] for tag, attrs in page.tags if tag == "textarea"] == ["note"]
    assert "Why should the decision be looked at again?" in page.text


def test_author_appeals_once_and_the_thread_says_it_is_sent(
    author, page_of, thread, decided, moderator
):
    response = author.post(appeal_url(decided), {"note": "I was sharing a tip, not selling."})

    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{decided.pk}")
    appeal = Appeal.objects.get()
    assert (appeal.comment, appeal.note, appeal.outcome) == (
        decided,
        "I was sharing a tip, not selling.",
        AppealOutcome.WAITING,
    )
    page = page_of(author.get(response["Location"]))
    assert "Your appeal is sent." in page.texts_of("message")[0]
    text = page.text_of(f"comment-{decided.pk}")
    assert "Appeal sent" in text
    assert "Appeal this decision" not in text


def test_appeal_without_a_note_is_asked_for_one(author, page_of, decided):
    response = author.post(appeal_url(decided), {"note": "   "})

    assert response.status_code == 400
    assert "Please say why the decision should be looked at again." in page_of(response).text
    assert not Appeal.objects.exists()


def test_a_second_appeal_is_refused_clearly_and_the_first_stands(author, page_of, decided):
    author.post(appeal_url(decided), {"note": "First try."})

    status_page = page_of(author.get(appeal_url(decided)))
    response = author.post(appeal_url(decided), {"note": "Second try."})

    assert "Appeal sent" in status_page.text
    assert "First try." in status_page.text
    assert "textarea" not in [tag for tag, _ in status_page.tags]
    assert response.status_code == 400
    page = page_of(response)
    assert "You have already appealed this decision." in page.text
    assert page.text_of("id_note") == "Second try.", "the text is given back, not lost"
    assert list(Appeal.objects.values_list("note", flat=True)) == ["First try."]


@pytest.mark.parametrize("overturn", [False, True])
def test_author_reads_the_outcome_of_their_appeal(
    author, page_of, thread, decided, second_moderator, overturn
):
    author.post(appeal_url(decided), {"note": "Please look again."})
    appeals.appeal_decide(
        moderator=second_moderator,
        appeal=Appeal.objects.get(),
        overturn=overturn,
        reason="Checked with the guidelines.",
    )

    thread_page = page_of(author.get(thread.get_absolute_url()))
    appeal_page = page_of(author.get(appeal_url(decided)))

    if overturn:
        assert "Decision overturned: comment restored" in appeal_page.text
        assert "Reason:" not in thread_page.text_of(f"comment-{decided.pk}")
    else:
        text = thread_page.text_of(f"comment-{decided.pk}")
        assert "Your appeal was decided: Decision upheld. Checked with the guidelines." in text
        assert "Appeal this decision" not in text
    assert "Checked with the guidelines." in appeal_page.text


def test_only_the_author_may_appeal(client, page_of, member, reply, moderator):
    hidden = decisions.comment_hide(moderator=moderator, comment=reply, reason=REASON)
    client.force_login(member)

    response = client.post(appeal_url(hidden), {"note": "Not mine, but still."})

    assert response.status_code == 403
    assert "Only the comment's author can appeal." in page_of(response).text
    assert not Appeal.objects.exists()


def test_someone_elses_rejected_comment_is_not_found(client, member, reply, moderator):
    rejected = decisions.comment_reject(moderator=moderator, comment=reply, reason=REASON)
    client.force_login(member)

    assert client.get(appeal_url(rejected)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_published_comment_cannot_be_appealed(author, page_of, reply, method):
    response = getattr(author, method)(appeal_url(reply), {"note": "Just in case."})

    assert response.status_code == 403
    assert "Only a rejected or hidden comment can be appealed." in page_of(response).text
    if method == "post":
        assert page_of(response).text_of("id_note") == "Just in case."
    assert not Appeal.objects.exists()


def test_visitor_is_sent_to_sign_in(client, decided):
    response = client.get(appeal_url(decided))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={appeal_url(decided)}"


def test_a_comment_hidden_by_flags_shows_its_author_it_is_pending_review(
    author, page_of, thread, reply, make_member, settings
):
    for number in range(settings.MODERATION_FLAGS_TO_HIDE):
        flags.flag_create(
            reporter=make_member(f"worried{number}"), comment=reply, reason="harassment"
        )

    text = page_of(author.get(thread.get_absolute_url())).text_of(f"comment-{reply.pk}")

    assert "Hidden pending review" in text
    assert "The clinic on King Street does it cheaper." in text
