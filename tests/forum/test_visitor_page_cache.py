"""Visitors' pages come from the cache (core/pagecache.py), and every change shows on the very
next request: the cache only ever saves rendering, never shows a page out of date."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from accounts.services import member_erase, member_update_profile
from forum import services
from forum.models import Category, ThreadVisibility
from forum.moderation import decisions
from resources import selectors as resource_selectors


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def cached(visitor):
    """cached(url): the page as a visitor gets it, once rendered and once from the cache."""

    def fetch(url: str) -> str:
        first = visitor.get(url)
        assert first.status_code == 200
        second = visitor.get(url)
        assert second.content == first.content
        return second.content.decode()

    return fetch


def test_a_visitors_second_request_is_served_without_the_database(
    visitor, thread, django_assert_num_queries
):
    for url in ("/", thread.category.get_absolute_url(), thread.get_absolute_url()):
        first = visitor.get(url)
        with django_assert_num_queries(0):
            again = visitor.get(url)

        assert again.status_code == 200
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]


def test_visitors_pages_are_revalidated_and_vary_by_cookie(visitor, thread):
    for _ in ("rendered", "cached"):
        response = visitor.get(thread.get_absolute_url())

        assert response.status_code == 200
        assert "max-age=0" in response["Cache-Control"]
        assert "must-revalidate" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
        # A browser that has the page is told it has not changed, cached or not.
        unchanged = visitor.get(thread.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
        assert unchanged.status_code == 304


def test_a_members_page_is_private_and_never_cached(client, visitor, member, thread, make_reply):
    client.force_login(member)
    reply = make_reply(member, thread, "Waiting for review, seen only by me.")
    reply.status = "pending"
    reply.save(update_fields=["status"])

    page = client.get(thread.get_absolute_url())

    assert "Waiting for review, seen only by me." in page.content.decode()
    assert "private" in page["Cache-Control"]
    seen_by_visitor = visitor.get(thread.get_absolute_url()).content.decode()
    assert "Waiting for review" not in seen_by_visitor
    assert "Sign out" not in seen_by_visitor
    assert "Sign in to reply" in seen_by_visitor
    # And the visitor's copy is not what the member is then given.
    assert "Sign out" in client.get(thread.get_absolute_url()).content.decode()


def test_a_new_reply_shows_on_the_next_request(cached, visitor, other_member, thread):
    cached(thread.get_absolute_url())
    home_before = cached("/")
    category_before = cached(thread.category.get_absolute_url())

    services.comment_create(author=other_member, thread=thread, body="Gloves help with cold hands.")

    assert "Gloves help with cold hands." in visitor.get(thread.get_absolute_url()).content.decode()
    assert visitor.get("/").content.decode() != home_before
    assert visitor.get(thread.category.get_absolute_url()).content.decode() != category_before


def test_a_reply_posted_through_the_page_shows_to_visitors_at_once(
    cached, visitor, client, other_member, thread
):
    cached(thread.get_absolute_url())
    client.force_login(other_member)

    posted = client.post(
        f"{thread.get_absolute_url()}reply/", {"body": "Posted through the reply form."}
    )

    assert posted.status_code == 302
    assert (
        "Posted through the reply form." in visitor.get(thread.get_absolute_url()).content.decode()
    )


def test_a_new_thread_shows_in_its_category_and_on_home_at_once(
    cached, visitor, member, make_thread, category
):
    cached("/")
    cached(category.get_absolute_url())

    make_thread(member, title="Does anyone swim after infusions?")

    assert "Does anyone swim after infusions?" in visitor.get("/").content.decode()
    assert (
        "Does anyone swim after infusions?"
        in visitor.get(category.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("decision", ["hide", "reject"])
def test_a_comment_a_moderator_takes_down_disappears_at_once(
    decision, cached, visitor, moderator, other_member, thread, make_reply
):
    reply = make_reply(other_member, thread, "Buy my miracle cure today.")
    assert "miracle cure" in cached(thread.get_absolute_url())

    if decision == "hide":
        decisions.comment_hide(moderator=moderator, comment=reply, reason="Selling.")
    else:
        decisions.comment_reject(moderator=moderator, comment=reply, reason="Selling.")

    assert "miracle cure" not in visitor.get(thread.get_absolute_url()).content.decode()


def test_a_held_comment_stays_out_until_approved_then_shows_at_once(
    cached, visitor, moderator, other_member, thread, make_reply
):
    reply = make_reply(other_member, thread, "My first post, held for review.")
    reply.status = "pending"
    reply.save(update_fields=["status"])
    assert "held for review" not in cached(thread.get_absolute_url())

    decisions.comment_approve(moderator=moderator, comment=reply)

    assert "held for review" in visitor.get(thread.get_absolute_url()).content.decode()


def test_a_restored_comment_comes_back_at_once(
    cached, visitor, moderator, other_member, thread, make_reply
):
    reply = make_reply(other_member, thread, "Taken down by mistake.")
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Mistaken flag.")
    assert "Taken down by mistake." not in cached(thread.get_absolute_url())

    decisions.comment_restore(moderator=moderator, comment=reply)

    assert "Taken down by mistake." in visitor.get(thread.get_absolute_url()).content.decode()


def test_an_edit_and_a_deletion_show_at_once(cached, visitor, member, thread, make_reply):
    reply = make_reply(member, thread, "Infusions every three weeks.")
    assert "every three weeks" in cached(thread.get_absolute_url())

    services.comment_edit(actor=member, comment=reply, body="Infusions every four weeks now.")
    assert "every four weeks" in cached(thread.get_absolute_url())

    services.comment_delete(actor=member, comment=reply)
    page = visitor.get(thread.get_absolute_url()).content.decode()
    assert "every four weeks" not in page
    assert "Comment removed by its author." in page


def test_a_reaction_given_and_taken_back_shows_at_once(
    cached, visitor, member, other_member, thread
):
    opening = thread.comments.get(is_opening=True)
    before = cached(thread.get_absolute_url())
    assert "Helpful · 1" not in before

    services.reaction_add(member=other_member, comment=opening, kind="helpful")
    assert "Helpful · 1" in cached(thread.get_absolute_url())

    services.reaction_remove(member=other_member, comment=opening, kind="helpful")
    assert "Helpful · 1" not in visitor.get(thread.get_absolute_url()).content.decode()


def test_a_thread_made_members_only_is_closed_to_visitors_at_once(
    cached, visitor, member, thread, category
):
    assert thread.title in cached(thread.get_absolute_url())
    assert thread.title in cached(category.get_absolute_url())

    thread.visibility = ThreadVisibility.MEMBERS
    thread.save(update_fields=["visibility"])

    assert visitor.get(thread.get_absolute_url()).status_code == 403
    assert thread.title not in visitor.get(category.get_absolute_url()).content.decode()


def test_a_locked_or_moved_thread_shows_so_at_once(cached, visitor, moderator, thread):
    cached(thread.get_absolute_url())
    decisions.thread_set(moderator=moderator, thread=thread, action="lock")
    assert "This thread is locked." in cached(thread.get_absolute_url())

    elsewhere = Category.objects.exclude(pk=thread.category_id).first()
    decisions.thread_move(moderator=moderator, thread=thread, category=elsewhere)

    assert thread.title in visitor.get(elsewhere.get_absolute_url()).content.decode()
    assert elsewhere.name in visitor.get(thread.get_absolute_url()).content.decode()


def test_a_new_display_name_shows_on_every_page_at_once(cached, visitor, member, thread):
    assert "hannah_mmn" in cached(thread.get_absolute_url())
    assert "hannah_mmn" in cached(thread.category.get_absolute_url())

    member_update_profile(member=member, display_name="hannah_s")

    assert "hannah_s" in visitor.get(thread.get_absolute_url()).content.decode()
    assert "hannah_s" in visitor.get(thread.category.get_absolute_url()).content.decode()


def test_an_erased_members_words_leave_visitors_pages_at_once(
    cached, visitor, member, other_member, thread, make_reply
):
    make_reply(other_member, thread, "A reply from someone who then left.")
    services.reaction_add(member=other_member, comment=thread.comments.first(), kind="support")
    assert "carer_dave" in cached(thread.get_absolute_url())

    member_erase(member=other_member, keep_comments=False)

    page = visitor.get(thread.get_absolute_url()).content.decode()
    assert "carer_dave" not in page
    assert "someone who then left" not in page


def test_a_renamed_category_shows_on_every_page_at_once(cached, visitor, thread):
    category = thread.category
    assert category.name in cached("/")

    category.name = "Treatment and infusions"
    category.save()

    assert "Treatment and infusions" in visitor.get("/").content.decode()
    assert "Treatment and infusions" in visitor.get(thread.get_absolute_url()).content.decode()


def test_a_waiting_message_is_shown_not_a_cached_page(visitor, client, member):
    visitor.get("/")
    client.force_login(member)
    client.get("/")

    client.post("/accounts/logout/")
    after = client.get("/")

    assert "You have signed out." in after.content.decode()
    assert "You have signed out." not in client.get("/").content.decode()


def test_pages_with_other_query_parameters_are_not_cached(
    visitor, thread, django_assert_max_num_queries
):
    url = f"{thread.get_absolute_url()}?utm_source=newsletter"
    visitor.get(url)

    with django_assert_max_num_queries(10) as queries:
        visitor.get(url)

    assert len(queries) > 0


def test_the_cache_can_be_turned_off(settings, visitor, thread):
    settings.PAGE_CACHE_SECONDS = 0
    visitor.get(thread.get_absolute_url())
    type(thread).objects.filter(pk=thread.pk).update(title="Renamed without a signal")

    assert "Renamed without a signal" in visitor.get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_directory_entry_taken_off_the_categorys_topics_leaves_its_threads_at_once(
    request, reader, page_of, thread
):
    """The entries beside a thread are kept in each process (pagecache.kept), for members too."""
    browser, viewer = request.getfixturevalue("visitor"), AnonymousUser()
    if reader == "member":
        viewer = request.getfixturevalue("member")
        browser.force_login(viewer)

    def beside_the_thread() -> str:
        return " ".join(page_of(browser.get(thread.get_absolute_url())).texts_of("resource-list"))

    [shown, *_] = resource_selectors.for_category(category=thread.category, viewer=viewer)
    assert shown.name in beside_the_thread()
    assert shown.name in beside_the_thread()

    shown.topics.clear()

    assert shown.name not in beside_the_thread()
