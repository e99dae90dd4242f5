"""The posting policy's warning about contact details, with the live site's thresholds: an email
address or phone number in a reply, a new thread or an edit brings the form back with a warning,
the member's text and a post-it-anyway box tied to its label (offered only after a warning), and
nothing is saved until the member ticks it; then the post is saved, marked for moderators."""

import pytest

from forum.models import Comment, CommentStatus, Thread
from tests.forum.moderation.conftest import reply_url, textarea_text

pytestmark = pytest.mark.usefixtures("moderation_policy")


# -- Personal data: a warning, and a box to post it anyway -------------------------------------


CONTACT_DETAILS = {
    "email": ("Write to me at hannah.h@example.org any time.", "an email address"),
    "phone": ("Ring me on +44 7700 900123 after six.", "a phone number"),
}


def confirmation_box(page) -> dict | None:
    boxes = [
        attrs
        for tag, attrs in page.tags
        if tag == "input" and attrs.get("name") == "confirm_personal_data"
    ]
    return boxes[0] if boxes else None


@pytest.mark.parametrize(("body", "found"), CONTACT_DETAILS.values(), ids=CONTACT_DETAILS)
@pytest.mark.parametrize("action", ["reply", "new thread", "edit"])
def test_contact_details_bring_the_form_back_with_a_warning_and_a_post_it_anyway_box(
    signed_in, page_of, forum_state, established, open_thread, body, found, action
):
    own = Comment.objects.filter(author=established).first()
    url, data = {
        "reply": (reply_url(open_thread), {"body": body}),
        "new thread": ("/c/treatment/new/", {"title": "Anyone nearby?", "body": body}),
        "edit": (f"/comments/{own.pk}/edit/", {"body": body}),
    }[action]
    before = forum_state()

    response = signed_in.post(url, data)

    assert response.status_code == 400
    page = page_of(response)
    assert f"This looks like it contains {found}." in page.text
    assert "Everyone who reads the forum could see it." in page.text
    box = confirmation_box(page)
    assert box is not None and box["type"] == "checkbox"
    assert "Post it anyway: I understand everyone can read it." in page.text
    assert textarea_text(page) == body
    assert forum_state() == before


def test_before_any_warning_the_confirmation_is_not_offered(signed_in, page_of, open_thread):
    page = page_of(signed_in.get(open_thread.get_absolute_url()))

    assert confirmation_box(page)["type"] == "hidden"
    assert "Post it anyway" not in page.text


@pytest.mark.parametrize(("body", "found"), CONTACT_DETAILS.values(), ids=CONTACT_DETAILS)
def test_ticking_post_it_anyway_saves_the_reply_marked_for_moderators(
    signed_in, established, open_thread, body, found
):
    response = signed_in.post(reply_url(open_thread), {"body": body, "confirm_personal_data": "on"})

    assert response.status_code == 302
    comment = Comment.objects.get(body=body)
    assert comment.personal_data_confirmed is True
    assert comment.status == CommentStatus.PUBLISHED


def test_ticking_post_it_anyway_starts_the_thread(signed_in, established):
    body = CONTACT_DETAILS["phone"][0]

    response = signed_in.post(
        "/c/treatment/new/",
        {"title": "Anyone near Leeds?", "body": body, "confirm_personal_data": "on"},
    )

    assert response.status_code == 302
    assert Thread.objects.get(title="Anyone near Leeds?").comments.get().personal_data_confirmed


def test_warning_and_confirmation_label_are_tied_to_the_box(
    signed_in, page_of, established, open_thread
):
    page = page_of(signed_in.post(reply_url(open_thread), {"body": CONTACT_DETAILS["email"][0]}))

    labels = [attrs for tag, attrs in page.tags if tag == "label"]
    assert {"for": "id_confirm_personal_data"} in labels
    assert "Post it anyway: I understand everyone can read it." in page.text
