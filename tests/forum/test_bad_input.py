"""What goes wrong gets a clear message or status, and nothing is saved, not even in part."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forum.models import Category, Comment, Thread

NEW_THREAD = "/c/treatment/new/"


def errors_on(page) -> str:
    return " ".join(page.texts_of("errorlist"))


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "A body.", "Please give the thread a title."),
        ("      ", "A body.", "Please give the thread a title."),
        ("IVIg", "A body.", "Please give the thread a title of at least 5 characters."),
        ("x" * 151, "A body.", "Ensure this value has at most 150 characters (it has 151)."),
        ("A perfectly good title", "", "Please write something before posting."),
        ("A perfectly good title", " \n\t \r\n ", "Please write something before posting."),
        (
            "A perfectly good title",
            "x" * 20_001,
            "Ensure this value has at most 20000 characters (it has 20001).",
        ),
        ("", "", "Please give the thread a title."),
    ],
    ids=[
        "empty title",
        "blank title",
        "short title",
        "long title",
        "empty body",
        "blank body",
        "long body",
        "both empty",
    ],
)
def test_new_thread_with_bad_title_or_body_is_refused_and_saves_nothing(
    signed_in, page_of, forum_state, title, body, message
):
    before = forum_state()

    response = signed_in.post(NEW_THREAD, {"title": title, "body": body})

    assert response.status_code == 400
    page = page_of(response)
    assert message in errors_on(page)
    assert forum_state() == before
    [textarea] = [attrs for tag, attrs in page.tags if tag == "textarea"]
    assert textarea["name"] == "body", "the form comes back to be corrected"


def test_new_thread_keeps_what_was_typed_when_refused(signed_in):
    response = signed_in.post(NEW_THREAD, {"title": "IVIg", "body": "My long careful story."})

    html = response.content.decode()
    assert 'value="IVIg"' in html
    assert "My long careful story." in html


def test_new_thread_with_a_valid_title_but_empty_body_creates_neither(signed_in, forum_state):
    before = forum_state()

    signed_in.post(NEW_THREAD, {"title": "A question about IVIg", "body": "   "})

    assert forum_state() == before
    assert not Thread.objects.exists()
    assert not Comment.objects.exists()


def test_new_thread_post_without_any_fields_says_what_is_missing(signed_in, page_of, forum_state):
    before = forum_state()

    response = signed_in.post(NEW_THREAD, {})

    assert response.status_code == 400
    errors = errors_on(page_of(response))
    assert "Please give the thread a title." in errors
    assert "Please write something before posting." in errors
    assert forum_state() == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Please write something before posting."),
        ("  \n  ", "Please write something before posting."),
        ("\x01\x02\x03", "Please write something before posting."),
        ("x" * 20_001, "Ensure this value has at most 20000 characters (it has 20001)."),
        ("![a photo](https://example.org/p.jpg)", "Nothing in this would show on the page."),
        ("[note]: https://example.org", "Nothing in this would show on the page."),
    ],
    ids=["empty", "blank", "control characters", "long", "only an image", "only a link label"],
)
def test_bad_reply_is_refused_and_saves_nothing(
    signed_in, page_of, forum_state, other_member, make_thread, body, message
):
    thread = make_thread(other_member)
    before = forum_state()

    response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": body})

    assert response.status_code == 400
    assert message in errors_on(page_of(response))
    assert forum_state() == before


def test_reply_post_without_any_fields_says_what_is_missing(
    signed_in, page_of, forum_state, other_member, make_thread
):
    thread = make_thread(other_member)
    before = forum_state()

    response = signed_in.post(thread.get_absolute_url() + "reply/", {})

    assert response.status_code == 400
    assert "Please write something before posting." in errors_on(page_of(response))
    assert forum_state() == before


@pytest.mark.parametrize("body", ["", "   ", "x" * 20_001], ids=["empty", "blank", "long"])
def test_bad_edit_is_refused_and_keeps_the_comment_as_it_was(
    signed_in, page_of, forum_state, member, thread, body
):
    opening = thread.comments.get()
    before = forum_state()

    response = signed_in.post(f"/comments/{opening.pk}/edit/", {"body": body})

    assert response.status_code == 400
    assert errors_on(page_of(response))
    assert forum_state() == before


@pytest.mark.parametrize(
    "url",
    [
        "/c/no-such-category/",
        "/c/no-such-category/new/",
        "/t/987654/no-such-thread/",
        "/t/987654/no-such-thread/reply/",
        "/comments/987654/edit/",
        "/comments/987654/delete/",
        "/u/no_such_member/",
    ],
)
def test_unknown_things_are_404_for_a_member(signed_in, page_of, url):
    response = signed_in.get(url)

    assert response.status_code == 404
    assert "We could not find that page." in page_of(response).text


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/c/no-such-category/new/", {"title": "A fine title", "body": "A fine body."}),
        ("/t/987654/no-such-thread/reply/", {"body": "A fine body."}),
        ("/comments/987654/edit/", {"body": "A fine body."}),
        ("/comments/987654/delete/", {}),
    ],
)
def test_posting_to_unknown_things_is_404_and_saves_nothing(
    signed_in, forum_state, thread, url, data
):
    before = forum_state()

    assert signed_in.post(url, data).status_code == 404
    assert forum_state() == before


def test_reply_to_a_locked_thread_is_refused(
    signed_in, page_of, forum_state, other_member, make_thread
):
    thread = make_thread(other_member)
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    before = forum_state()

    response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": "Let me in!"})

    assert response.status_code == 403
    assert "This thread is locked, so it takes no new replies." in page_of(response).text
    assert forum_state() == before


def test_editing_in_a_locked_thread_is_refused(signed_in, page_of, forum_state, member, thread):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    opening = thread.comments.get()
    before = forum_state()

    response = signed_in.post(f"/comments/{opening.pk}/edit/", {"body": "Sneaky change"})

    assert response.status_code == 403
    assert "This thread is locked, so its comments can no longer be edited." in (
        page_of(response).text
    )
    assert forum_state() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_someone_elses_comment_is_forbidden(
    client, page_of, forum_state, other_member, thread, method
):
    opening = thread.comments.get()
    client.force_login(other_member)
    before = forum_state()

    response = getattr(client, method)(f"/comments/{opening.pk}/edit/", {"body": "Hijacked"})

    assert response.status_code == 403
    assert "You can only change your own comments." in page_of(response).text
    assert forum_state() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_someone_elses_comment_is_forbidden(
    client, page_of, forum_state, other_member, thread, method
):
    opening = thread.comments.get()
    client.force_login(other_member)
    before = forum_state()

    response = getattr(client, method)(f"/comments/{opening.pk}/delete/")

    assert response.status_code == 403
    assert "You can only change your own comments." in page_of(response).text
    assert forum_state() == before


@pytest.fixture
def csrf_client(member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


@pytest.mark.parametrize("action", ["new thread", "reply", "edit", "delete"])
def test_form_posted_without_its_csrf_token_is_refused(
    csrf_client, page_of, forum_state, thread, action
):
    opening = thread.comments.get()
    url, data = {
        "new thread": (NEW_THREAD, {"title": "A fine title", "body": "A fine body."}),
        "reply": (thread.get_absolute_url() + "reply/", {"body": "A fine reply."}),
        "edit": (f"/comments/{opening.pk}/edit/", {"body": "A fine edit."}),
        "delete": (f"/comments/{opening.pk}/delete/", {}),
    }[action]
    before = forum_state()

    response = csrf_client.post(url, data)

    assert response.status_code == 403
    page = page_of(response)
    assert "Your form expired" in page.text
    assert "nothing was saved" in page.text
    assert forum_state() == before


def test_form_posted_with_its_csrf_token_is_accepted(csrf_client, thread):
    """The other half of the CSRF test: the same client succeeds with the token."""
    csrf_client.get(thread.get_absolute_url())
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.post(
        thread.get_absolute_url() + "reply/", {"body": "With token.", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Comment.objects.filter(body="With token.").exists()


@pytest.mark.parametrize("action", ["reply", "new thread", "edit", "delete"])
def test_visitor_posting_is_sent_to_sign_in_and_nothing_is_saved(
    client, forum_state, thread, action
):
    opening = thread.comments.get()
    url, data = {
        "reply": (thread.get_absolute_url() + "reply/", {"body": "Anonymous words."}),
        "new thread": (NEW_THREAD, {"title": "Anonymous thread", "body": "Anonymous words."}),
        "edit": (f"/comments/{opening.pk}/edit/", {"body": "Anonymous words."}),
        "delete": (f"/comments/{opening.pk}/delete/", {}),
    }[action]
    before = forum_state()

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert forum_state() == before


@pytest.fixture
def suspended(member):
    member.suspended_until = timezone.now() + timedelta(days=10)
    member.save()
    return member


def suspension_notice(member) -> str:
    until = timezone.localtime(member.suspended_until)
    return f"Your account is suspended until {until.day} {until:%B %Y}."


def test_suspended_member_cannot_start_a_thread(signed_in, page_of, forum_state, suspended):
    before = forum_state()

    response = signed_in.post(NEW_THREAD, {"title": "A fine title", "body": "A fine body."})

    assert response.status_code == 403
    assert suspension_notice(suspended) in page_of(response).text
    assert "You can still read the forum." in page_of(response).text
    assert forum_state() == before


def test_suspended_member_cannot_reply(
    signed_in, page_of, forum_state, suspended, other_member, make_thread
):
    thread = make_thread(other_member)
    before = forum_state()

    response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": "A fine reply."})

    assert response.status_code == 403
    assert suspension_notice(suspended) in page_of(response).text
    assert forum_state() == before


def test_suspended_member_cannot_edit(signed_in, page_of, forum_state, member, thread):
    opening = thread.comments.get()
    member.suspended_until = timezone.now() + timedelta(days=10)
    member.save()
    before = forum_state()

    response = signed_in.post(f"/comments/{opening.pk}/edit/", {"body": "Changed."})

    assert response.status_code == 403
    assert suspension_notice(member) in page_of(response).text
    assert forum_state() == before


def test_suspended_member_reads_the_thread_with_the_reason_instead_of_a_form(
    signed_in, page_of, suspended, other_member, make_thread
):
    thread = make_thread(other_member)

    page = page_of(signed_in.get(thread.get_absolute_url()))

    assert suspension_notice(suspended) in page.text
    assert "textarea" not in [tag for tag, _ in page.tags]


def test_suspension_that_has_ended_no_longer_stops_posting(signed_in, member, category):
    member.suspended_until = timezone.now() - timedelta(minutes=1)
    member.save()

    response = signed_in.post(NEW_THREAD, {"title": "Back again", "body": "Hello."})

    assert response.status_code == 302
    assert Thread.objects.filter(title="Back again").exists()


@pytest.fixture
def announcements(db) -> Category:
    return Category.objects.create(
        name="Announcements", slug="announcements", moderators_only_posting=True
    )


def test_member_cannot_start_a_thread_in_a_moderators_only_category(
    signed_in, page_of, forum_state, announcements
):
    before = forum_state()

    refused_form = signed_in.get("/c/announcements/new/")
    response = signed_in.post(
        "/c/announcements/new/", {"title": "My announcement", "body": "Hello."}
    )

    assert refused_form.status_code == 403
    assert response.status_code == 403
    assert "Only moderators can start threads in this category." in page_of(response).text
    assert forum_state() == before
    listing = page_of(signed_in.get("/c/announcements/"))
    assert "/c/announcements/new/" not in [link["href"] for link in listing.links]


def test_moderator_starts_a_thread_in_a_moderators_only_category(client, moderator, announcements):
    client.force_login(moderator)

    response = client.post(
        "/c/announcements/new/", {"title": "Welcome to the forum", "body": "Read the guidelines."}
    )

    assert response.status_code == 302
    assert Thread.objects.get().category == announcements


def test_member_may_reply_in_a_moderators_only_category(
    signed_in, moderator, make_thread, announcements
):
    thread = make_thread(moderator, title="Welcome to the forum", in_category=announcements)

    response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": "Thank you!"})

    assert response.status_code == 302
    assert Thread.objects.get(pk=thread.pk).comment_count == 2


def test_wrong_http_method_is_refused(signed_in, thread):
    opening = thread.comments.get()

    assert signed_in.put(f"/comments/{opening.pk}/edit/").status_code == 405
    assert signed_in.delete(f"/comments/{opening.pk}/delete/").status_code == 405
