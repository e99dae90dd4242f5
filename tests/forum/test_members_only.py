"""Members-only threads: their author chooses; visitors never see the thread, its comments or the
names of those who took part, anywhere; search engines are told not to index them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from forum import search, selectors, services
from forum.models import Thread, ThreadStatus, ThreadVisibility
from resources.models import Region, Resource, ResourceKind, url_key

SECRET_TITLE = "Telling my employer about IVIg days"
SECRET_BODY = "I am not sure whether to tell my manager about my diagnosis."
SECRET_REPLY = "I told HR first and asked them to keep it quiet."
NOINDEX = ("meta", {"name": "robots", "content": "noindex"})


@pytest.fixture
def replier(make_member):
    return make_member("quiet_replier", role="mmn", region="uk")


@pytest.fixture
def private_thread(member, replier, category) -> Thread:
    """A members-only thread by `member` with a reply from `replier`, whose only thread this is."""
    thread = services.thread_create(
        author=member,
        category=category,
        title=SECRET_TITLE,
        body=SECRET_BODY,
        visibility=ThreadVisibility.MEMBERS,
    )
    services.comment_create(author=replier, thread=thread, body=SECRET_REPLY)
    return thread


def assert_nothing_of_it(page) -> None:
    """Nothing that would tell a visitor what the thread is about or who took part."""
    for words in (SECRET_TITLE, SECRET_BODY, SECRET_REPLY, "quiet_replier"):
        assert words not in page.text
    assert not any(link["href"].startswith("/t/") for link in page.links if link["href"])


# Visitors -------------------------------------------------------------------------------------


def test_visitor_opening_a_members_only_thread_is_asked_to_sign_in_and_told_nothing_of_it(
    client, page_of, private_thread
):
    url = private_thread.get_absolute_url()

    response = client.get(url)

    assert response.status_code == 403
    page = page_of(response)
    assert "This conversation is for members: sign in to read it" in page.text
    assert_nothing_of_it(page)
    assert "hannah_mmn" not in page.text
    hrefs = [link["href"] for link in page.links]
    assert f"/accounts/login/?next={url}" in hrefs, "signing in comes straight back"
    assert any(href.startswith("/accounts/signup/") for href in hrefs)
    assert NOINDEX in page.tags
    assert response["X-Robots-Tag"] == "noindex"


def test_visitor_with_a_wrong_slug_is_not_redirected_to_the_title_bearing_address(
    client, page_of, private_thread
):
    response = client.get(f"/t/{private_thread.pk}/anything/")

    assert response.status_code == 403
    assert "Location" not in response
    assert private_thread.slug not in response.content.decode()


def test_visitor_following_a_comments_lasting_address_in_a_members_only_thread_is_asked_to_sign_in(
    client, page_of, private_thread
):
    reply = private_thread.comments.get(is_opening=False)

    response = client.get(f"/comments/{reply.pk}/")

    assert response.status_code == 403
    page = page_of(response)
    assert "sign in to read it" in page.text
    assert_nothing_of_it(page)


def test_a_members_only_thread_still_awaiting_review_is_simply_not_found(
    client, member, category, settings
):
    settings.MODERATION_PREMODERATE_FIRST = 10
    held = services.thread_create(
        author=member,
        category=category,
        title=SECRET_TITLE,
        body=SECRET_BODY,
        visibility=ThreadVisibility.MEMBERS,
    )
    assert held.status == ThreadStatus.PENDING

    assert client.get(held.get_absolute_url()).status_code == 404


def test_visitor_sees_no_members_only_thread_on_the_front_page(
    client, page_of, private_thread, category
):
    page = page_of(client.get("/"))

    assert_nothing_of_it(page)
    [card] = [text for text in page.texts_of("category-card") if text.startswith(category.name)]
    assert "0 threads · 0 comments" in card
    assert "No threads yet" in card


def test_front_page_shows_a_visitor_the_latest_public_thread_instead(
    client, page_of, member, make_thread, private_thread, category
):
    make_thread(member, title="Pacing on infusion week")
    Thread.objects.filter(pk=private_thread.pk).update(last_activity_at=private_thread.created_at)

    [card] = [
        text for text in page_of(client.get("/")).texts_of("category-card") if category.name in text
    ]

    assert "Latest: Pacing on infusion week" in card
    assert "1 thread · 1 comment" in card
    assert SECRET_TITLE not in card


def test_visitor_sees_no_members_only_thread_in_its_category(
    client, page_of, private_thread, category
):
    page = page_of(client.get(category.get_absolute_url()))

    assert_nothing_of_it(page)
    assert "No threads yet" in page.text


def test_visitor_sees_no_members_only_thread_on_its_authors_profile(
    client, page_of, member, private_thread
):
    page = page_of(client.get(member.get_absolute_url()))

    assert_nothing_of_it(page)
    assert "has not started a thread yet" in page.text


def test_visitor_searching_for_its_words_finds_nothing_a_member_finds(
    client, page_of, other_member, private_thread
):
    queries = ("employer", "manager", "quiet")
    for query in queries:
        assert_nothing_of_it(page_of(client.get("/search/", {"q": query})))

    client.force_login(other_member)
    for query in queries:
        assert private_thread.title in page_of(client.get("/search/", {"q": query})).text


def test_visitor_listing_threads_through_the_shared_selector_finds_none(private_thread):
    """The REST API's thread list reads this selector; its `q` asks forum.search first."""
    visitor = AnonymousUser()
    for query in ("employer", "quiet"):
        assert private_thread.pk not in search.matching_thread_ids(viewer=visitor, query=query)
    page = selectors.threads_page(viewer=visitor, category=None, only=None, cursor=None, size=20)
    assert private_thread not in page.items
    assert not selectors.visible_comments(visitor).filter(thread=private_thread).exists()


def test_visitor_sees_no_members_only_thread_among_those_mentioning_a_resource(
    client, page_of, member, replier, make_thread, make_reply
):
    resource = Resource.objects.create(
        name="Workplace Rights Line",
        slug="workplace-rights-line",
        url="https://rights.example.org/",
        url_key=url_key("https://rights.example.org/"),
        kind=ResourceKind.HELPLINE,
        description="Advice on telling an employer about a long-term condition.",
    )
    resource.regions.set(Region.objects.filter(slug="uk"))
    public = make_thread(replier, title="Good advice lines")
    make_reply(member, public, "Workplace Rights Line helped me.")
    private = services.thread_create(
        author=member,
        category=public.category,
        title=SECRET_TITLE,
        body="I rang the Workplace Rights Line about it.",
        visibility=ThreadVisibility.MEMBERS,
    )

    page = page_of(client.get(resource.get_absolute_url()))

    assert "Good advice lines" in [link["text"] for link in page.links]
    assert private.get_absolute_url() not in [link["href"] for link in page.links]
    assert SECRET_TITLE not in page.text
    client.force_login(replier)
    member_page = page_of(client.get(resource.get_absolute_url()))
    assert private.get_absolute_url() in [link["href"] for link in member_page.links]


# Members ----------------------------------------------------------------------------------------


def test_a_member_reads_a_members_only_thread_with_a_badge_and_noindex(
    client, page_of, other_member, private_thread
):
    client.force_login(other_member)

    response = client.get(private_thread.get_absolute_url())

    assert response.status_code == 200
    page = page_of(response)
    assert SECRET_TITLE in page.text
    assert SECRET_REPLY in page.text
    assert "quiet_replier" in page.text
    assert "Members only" in page.texts_of("badge")
    assert NOINDEX in page.tags
    assert response["X-Robots-Tag"] == "noindex"


def test_a_public_thread_is_open_to_indexing(client, page_of, thread):
    response = client.get(thread.get_absolute_url())

    page = page_of(response)
    assert NOINDEX not in page.tags
    assert "X-Robots-Tag" not in response
    assert "Members only" not in page.texts_of("badge")


def test_a_member_sees_members_only_threads_everywhere_a_visitor_does_not(
    client, page_of, other_member, member, private_thread, category
):
    client.force_login(other_member)

    home = page_of(client.get("/"))
    listing = page_of(client.get(category.get_absolute_url()))
    profile = page_of(client.get(member.get_absolute_url()))

    [card] = [text for text in home.texts_of("category-card") if text.startswith(category.name)]
    assert f"Latest: {SECRET_TITLE}" in card
    assert "1 thread · 2 comments" in card
    [row] = listing.texts_of("thread-row")
    assert SECRET_TITLE in row
    assert "Members only" in row
    assert SECRET_TITLE in profile.text


def test_a_member_can_follow_a_comments_lasting_address_in_a_members_only_thread(
    client, other_member, private_thread
):
    reply = private_thread.comments.get(is_opening=False)
    client.force_login(other_member)

    response = client.get(f"/comments/{reply.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"{private_thread.get_absolute_url()}#comment-{reply.pk}"


# Choosing it ------------------------------------------------------------------------------------


def test_new_thread_form_offers_the_choice_with_public_chosen(signed_in, page_of, category):
    page = page_of(signed_in.get(f"/c/{category.slug}/new/"))

    radios = {
        attrs["value"]: attrs
        for tag, attrs in page.tags
        if tag == "input" and attrs.get("name") == "visibility"
    }
    assert set(radios) == {"public", "members"}
    assert "checked" in radios["public"]
    assert "checked" not in radios["members"]
    assert "Who can read this thread?" in page.text
    assert "Members only: only signed-in members can read it" in page.text


def test_member_starts_a_members_only_thread_through_the_form(signed_in, category):
    response = signed_in.post(
        f"/c/{category.slug}/new/",
        {"title": SECRET_TITLE, "body": SECRET_BODY, "visibility": "members"},
    )

    assert response.status_code == 302
    assert Thread.objects.get().visibility == ThreadVisibility.MEMBERS


def test_a_thread_sent_without_a_choice_is_public(signed_in, category):
    signed_in.post(f"/c/{category.slug}/new/", {"title": SECRET_TITLE, "body": SECRET_BODY})

    assert Thread.objects.get().visibility == ThreadVisibility.PUBLIC


def test_an_unknown_choice_is_refused_and_the_text_kept(signed_in, page_of, category):
    response = signed_in.post(
        f"/c/{category.slug}/new/",
        {"title": SECRET_TITLE, "body": SECRET_BODY, "visibility": "friends"},
    )

    assert response.status_code == 400
    assert not Thread.objects.exists()
    assert SECRET_BODY in response.content.decode()


def test_the_service_refuses_an_unknown_visibility_and_saves_nothing(member, category):
    with pytest.raises(ValidationError) as error:
        services.thread_create(
            author=member, category=category, title=SECRET_TITLE, body="x y", visibility="friends"
        )

    assert "visibility" in error.value.message_dict
    assert not Thread.objects.exists()
