"""Posting the forum does not allow gets a clear message or status, and nothing is saved:
replies and edits in locked threads, changing someone else's comment, forms without their
CSRF token, visitors (sent to sign in), suspended members, and members starting threads in
a moderators-only category."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forum.models import Category, Comment, Thread

NEW_THREAD = "/c/treatment/new/"


# Locked threads and other members' comments ------------------------------------------------------


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


# CSRF and visitors -------------------------------------------------------------------------------


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


# Suspended members -------------------------------------------------------------------------------


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


# Moderators-only categories ----------------------------------------------------------------------


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
