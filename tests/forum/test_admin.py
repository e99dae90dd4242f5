"""The forum in the admin: lists with search and filters, revisions, and who may see what."""

import pytest

from forum import services
from forum.models import Category, Comment, Thread, ThreadStatus


def results(response) -> list:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.fixture
def forum(member, other_member, make_thread, make_reply):
    """Two threads in two categories, one hidden, with a reply each."""
    ivig = make_thread(member, title="IVIg side effects: headaches", body="Headaches after day 2.")
    diagnosis = make_thread(
        other_member,
        title="Waiting for nerve conduction results",
        body="Two months so far.",
        in_category=Category.objects.get(slug="diagnosis"),
    )
    Thread.objects.filter(pk=diagnosis.pk).update(status=ThreadStatus.HIDDEN)
    make_reply(other_member, ivig, "Drink plenty of water the day before.")
    return {"ivig": ivig, "diagnosis": Thread.objects.get(pk=diagnosis.pk)}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/forum/category/",
        "/admin/forum/thread/",
        "/admin/forum/comment/",
        "/admin/accounts/user/",
    ],
)
def test_superuser_sees_every_changelist(admin_client, forum, url):
    assert admin_client.get(url).status_code == 200


def test_superuser_sees_categories_in_the_admin(admin_client, db):
    names = [category.name for category in results(admin_client.get("/admin/forum/category/"))]

    assert "Treatment (IVIg, steroids, therapy)" in names
    assert len(names) == 8


def test_superuser_searches_categories(admin_client, db):
    found = results(admin_client.get("/admin/forum/category/", {"q": "SCIg"}))

    assert [category.slug for category in found] == ["treatment"]


def test_superuser_searches_threads_by_title(admin_client, forum):
    found = results(admin_client.get("/admin/forum/thread/", {"q": "headaches"}))

    assert found == [forum["ivig"]]


def test_superuser_searches_threads_by_author_display_name(admin_client, forum):
    found = results(admin_client.get("/admin/forum/thread/", {"q": "carer_dave"}))

    assert found == [forum["diagnosis"]]


@pytest.mark.parametrize("parameter", ["status", "status__exact"])
def test_superuser_filters_threads_by_status(admin_client, forum, parameter):
    hidden = results(admin_client.get("/admin/forum/thread/", {parameter: "hidden"}))
    published = results(admin_client.get("/admin/forum/thread/", {parameter: "published"}))

    assert hidden == [forum["diagnosis"]]
    assert published == [forum["ivig"]]


def test_superuser_filters_threads_by_category(admin_client, forum):
    diagnosis = Category.objects.get(slug="diagnosis")

    found = results(admin_client.get("/admin/forum/thread/", {"category__id__exact": diagnosis.pk}))

    assert found == [forum["diagnosis"]]


def test_superuser_searches_comments_by_text(admin_client, forum):
    found = results(admin_client.get("/admin/forum/comment/", {"q": "plenty of water"}))

    assert [comment.body for comment in found] == ["Drink plenty of water the day before."]


def test_superuser_filters_comments_by_status(admin_client, forum, member):
    opening = forum["ivig"].comments.order_by("pk").first()
    services.comment_delete(actor=member, comment=opening)

    removed = results(admin_client.get("/admin/forum/comment/", {"status__exact": "removed"}))

    assert removed == [Comment.objects.get(pk=opening.pk)]


def test_comment_change_page_lists_its_revisions(admin_client, member, thread):
    opening = thread.comments.get()
    services.comment_edit(actor=member, comment=opening, body="Second words.")
    services.comment_edit(actor=member, comment=opening, body="Third words.")

    response = admin_client.get(f"/admin/forum/comment/{opening.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    comment, revisions = html.split("Comment revisions", 1)
    assert "Third words." in comment
    assert "Second words." in revisions
    assert "Mine are every three weeks." in revisions
    assert "Third words." not in revisions


def test_moderator_views_thread_and_comment_lists(moderator_client, forum):
    threads = results(moderator_client.get("/admin/forum/thread/"))
    comments = results(moderator_client.get("/admin/forum/comment/"))

    assert set(threads) == {forum["ivig"], forum["diagnosis"]}
    assert len(comments) == 3


def test_moderator_opens_a_comment_with_its_revisions(moderator_client, member, thread):
    opening = thread.comments.get()
    services.comment_edit(actor=member, comment=opening, body="Second words.")

    response = moderator_client.get(f"/admin/forum/comment/{opening.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Mine are every three weeks." in html
    assert member.email not in html


def test_moderator_opens_a_thread_without_seeing_the_authors_email(moderator_client, member, forum):
    response = moderator_client.get(f"/admin/forum/thread/{forum['ivig'].pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "hannah_mmn" in html
    assert "@example.org" not in html


def test_moderator_cannot_filter_threads_by_author_email(moderator_client, forum):
    response = moderator_client.get("/admin/forum/thread/", {"author__email__startswith": "hannah"})

    assert response.status_code == 400


def test_moderator_cannot_change_categories(moderator_client, category):
    response = moderator_client.get(f"/admin/forum/category/{category.pk}/change/")

    assert response.status_code == 200
    assert 'name="name"' not in response.content.decode(), "view only"
    assert moderator_client.get("/admin/forum/category/add/").status_code == 403


def test_staff_outside_the_moderators_group_sees_no_forum_models(client, make_member, forum):
    client.force_login(make_member("backoffice_sam", is_staff=True))

    assert client.get("/admin/forum/thread/").status_code == 403
    assert client.get("/admin/forum/comment/").status_code == 403


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/forum/thread/", "/admin/forum/comment/", "/admin/accounts/user/"]
)
def test_non_staff_member_is_redirected_from_the_admin(signed_in, url):
    response = signed_in.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_visitor_is_redirected_from_the_admin(client, db):
    response = client.get("/admin/forum/comment/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_revision_list_is_read_only(admin_client, member, thread):
    opening = thread.comments.get()
    services.comment_edit(actor=member, comment=opening, body="Second words.")

    html = admin_client.get(f"/admin/forum/comment/{opening.pk}/change/").content.decode()

    assert "Mine are every three weeks." in html.split("Comment revisions", 1)[1]
    assert 'name="revisions-0-body"' not in html
    assert 'name="revisions-0-DELETE"' not in html
    assert 'name="revisions-MAX_NUM_FORMS" value="0"' in html, "none can be added"
