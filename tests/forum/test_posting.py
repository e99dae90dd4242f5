"""Writing in the forum: a new thread, a reply, editing and deleting one's own comment."""

import pytest
from django.utils import timezone

from forum import services
from forum.models import Comment, CommentRevision, CommentStatus, Thread
from forum.moderation import policy
from forum.services import posting


def messages_on(page) -> list[str]:
    return page.texts_of("message")


def test_member_sees_the_new_thread_form(signed_in, page_of, category):
    response = signed_in.get("/c/treatment/new/")

    assert response.status_code == 200
    page = page_of(response)
    assert "Start a thread in Treatment (IVIg, steroids, therapy)" in page.text
    names = {attrs.get("name") for tag, attrs in page.tags if tag in {"input", "textarea"}}
    assert {"title", "body", "csrfmiddlewaretoken"} <= names


def test_member_starts_a_thread_and_lands_on_it(signed_in, page_of, member, category):
    response = signed_in.post(
        "/c/treatment/new/",
        {"title": "Grip aids that actually help", "body": "I use a **foam** tube on my pen."},
    )

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.author == member
    assert thread.category == category
    assert thread.slug == "grip-aids-that-actually-help"
    assert thread.comment_count == 1
    [opening] = thread.comments.all()
    assert opening.body == "I use a **foam** tube on my pen."
    page = page_of(signed_in.get(response["Location"]))
    assert messages_on(page) == ["Your thread is posted."]
    assert "Grip aids that actually help" in page.texts_of("page-heading")[0]
    assert "I use a foam tube on my pen." in page.text_of(f"comment-{opening.pk}")


def test_new_thread_appears_first_in_its_category_and_on_the_front_page(
    signed_in, page_of, member, make_thread
):
    make_thread(member, title="An older thread")

    signed_in.post("/c/treatment/new/", {"title": "Brand new question", "body": "Hello all."})

    listing = page_of(signed_in.get("/c/treatment/"))
    assert [link["text"] for link in listing.links_within("thread-title")][0] == (
        "Brand new question"
    )
    home = page_of(signed_in.get("/"))
    treatment = next(t for t in home.texts_of("category-card") if t.startswith("Treatment"))
    assert "2 threads · 2 comments · Latest: Brand new question" in treatment


def test_thread_title_is_tidied_before_saving(signed_in, category):
    signed_in.post(
        "/c/treatment/new/", {"title": "  Too   many\tspaces  here ", "body": "Body text."}
    )

    assert Thread.objects.get().title == "Too many spaces here"


def test_member_replies_and_lands_on_their_reply(
    signed_in, page_of, other_member, make_thread, member
):
    thread = make_thread(other_member)
    before = Thread.objects.get(pk=thread.pk).last_activity_at

    response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": "Every four weeks."})

    reply = Comment.objects.get(thread=thread, author=member)
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#comment-{reply.pk}"
    thread.refresh_from_db()
    assert thread.comment_count == 2
    assert thread.last_activity_at > before
    page = page_of(signed_in.get(thread.get_absolute_url()))
    assert messages_on(page) == ["Your reply is posted."]
    assert "Every four weeks." in page.text_of(f"comment-{reply.pk}")
    assert "2 comments" in page.texts_of("page-heading")[0]


@pytest.mark.parametrize("existing_replies", [0, 1, 2, 3, 4])
def test_reply_redirects_to_the_page_that_shows_it(
    signed_in, page_of, settings, member, other_member, make_thread, make_reply, existing_replies
):
    settings.FORUM_COMMENTS_PER_PAGE = 2
    thread = make_thread(other_member)
    for number in range(existing_replies):
        make_reply(other_member, thread, f"Earlier reply {number}")

    response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": "My own reply."})

    reply = Comment.objects.get(author=member)
    position = existing_replies + 1  # 0-based: the opening comment is 0
    address, anchor = response["Location"].split("#")
    assert anchor == f"comment-{reply.pk}"
    assert ("?cursor=" in address) == (position >= 2), "page 1 needs no cursor"
    page = page_of(signed_in.get(address))
    assert f"comment-{reply.pk}" in page.ids
    assert "My own reply." in page.text_of(f"comment-{reply.pk}")


def test_member_sees_the_edit_form_with_their_text(signed_in, page_of, member, thread):
    opening = thread.comments.get()

    response = signed_in.get(f"/comments/{opening.pk}/edit/")

    assert response.status_code == 200
    [textarea] = [attrs for tag, attrs in page_of(response).tags if tag == "textarea"]
    assert textarea["name"] == "body"
    assert "Mine are every three weeks." in response.content.decode()


def test_editing_keeps_the_earlier_text_as_a_revision(signed_in, page_of, member, thread):
    opening = thread.comments.get()

    response = signed_in.post(
        f"/comments/{opening.pk}/edit/", {"body": "Mine are every **four** weeks now."}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#comment-{opening.pk}"
    opening.refresh_from_db()
    assert opening.body == "Mine are every **four** weeks now."
    assert opening.edited_at is not None
    [revision] = CommentRevision.objects.filter(comment=opening)
    assert revision.body == "Mine are every three weeks."
    assert revision.created_at == opening.created_at
    page = page_of(signed_in.get(thread.get_absolute_url()))
    assert messages_on(page) == ["Your comment is updated."]
    text = page.text_of(f"comment-{opening.pk}")
    assert "Mine are every four weeks now." in text
    assert "three weeks" not in text
    assert "edited" in text


def test_every_edit_adds_a_revision(signed_in, member, thread):
    opening = thread.comments.get()

    signed_in.post(f"/comments/{opening.pk}/edit/", {"body": "Second version."})
    signed_in.post(f"/comments/{opening.pk}/edit/", {"body": "Third version."})

    assert list(
        CommentRevision.objects.filter(comment=opening)
        .order_by("pk")
        .values_list("body", flat=True)
    ) == ["Mine are every three weeks.", "Second version."]


def test_saving_an_unchanged_comment_records_no_revision(signed_in, page_of, member, thread):
    opening = thread.comments.get()

    response = signed_in.post(
        f"/comments/{opening.pk}/edit/", {"body": "Mine are every three weeks."}
    )

    assert response.status_code == 302
    assert not CommentRevision.objects.exists()
    opening.refresh_from_db()
    assert opening.edited_at is None


def test_earlier_text_is_visible_on_the_admin_comment_page(signed_in, admin_client, member, thread):
    opening = thread.comments.get()
    signed_in.post(f"/comments/{opening.pk}/edit/", {"body": "The new words."})

    response = admin_client.get(f"/admin/forum/comment/{opening.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Mine are every three weeks." in html
    assert "The new words." in html


def test_member_is_asked_to_confirm_a_delete(signed_in, page_of, member, thread):
    opening = thread.comments.get()

    response = signed_in.get(f"/comments/{opening.pk}/delete/")

    assert response.status_code == 200
    page = page_of(response)
    assert "Delete your comment?" in page.text
    assert "Mine are every three weeks." in page.text
    assert Comment.objects.get(pk=opening.pk).status == CommentStatus.PUBLISHED


@pytest.fixture
def thread_with_replies(member, other_member, make_thread, make_reply):
    thread = make_thread(other_member, title="Pacing on work days")
    mine = make_reply(member, thread, "I rest **every** hour, with a timer.")
    theirs = make_reply(other_member, thread, "Replying to hannah: a timer is clever.")
    return thread, mine, theirs


def test_deleting_leaves_a_placeholder_and_keeps_the_replies(
    signed_in, page_of, thread_with_replies
):
    thread, mine, theirs = thread_with_replies

    response = signed_in.post(f"/comments/{mine.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{mine.pk}")
    page = page_of(signed_in.get(thread.get_absolute_url()))
    assert messages_on(page) == ["Your comment is removed. A note in the thread says so."]
    assert page.text_of(f"comment-{mine.pk}") == "Comment removed by its author."
    assert "I rest every hour" not in page.text
    assert "Replying to hannah: a timer is clever." in page.text_of(f"comment-{theirs.pk}")


def test_deleting_erases_the_words_and_every_earlier_version(
    signed_in, member, thread_with_replies
):
    thread, mine, _ = thread_with_replies
    signed_in.post(f"/comments/{mine.pk}/edit/", {"body": "I rest every 45 minutes."})
    assert CommentRevision.objects.filter(comment=mine).exists()

    signed_in.post(f"/comments/{mine.pk}/delete/")

    mine.refresh_from_db()
    assert mine.status == CommentStatus.REMOVED
    assert mine.body == ""
    assert mine.body_html == ""
    assert not CommentRevision.objects.filter(comment=mine).exists()


def test_deleting_updates_the_counts(signed_in, page_of, thread_with_replies):
    thread, mine, _ = thread_with_replies
    assert Thread.objects.get(pk=thread.pk).comment_count == 3

    signed_in.post(f"/comments/{mine.pk}/delete/")

    assert Thread.objects.get(pk=thread.pk).comment_count == 2
    home = page_of(signed_in.get("/"))
    treatment = next(t for t in home.texts_of("category-card") if t.startswith("Treatment"))
    assert "1 thread · 2 comments" in treatment


def test_deleting_the_newest_reply_moves_latest_activity_back_to_the_one_before(
    client, member, other_member, make_thread, make_reply
):
    thread = make_thread(member)
    earlier = make_reply(other_member, thread, "Every three weeks here.")
    newest = make_reply(member, thread, "Thanks, that helps.")
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=newest.created_at)
    client.force_login(member)

    client.post(f"/comments/{newest.pk}/delete/")

    thread.refresh_from_db()
    assert thread.last_activity_at == earlier.created_at
    assert thread.comment_count == 2


def test_deleted_comment_offers_no_edit_or_delete(signed_in, page_of, thread_with_replies):
    thread, mine, _ = thread_with_replies
    signed_in.post(f"/comments/{mine.pk}/delete/")

    page = page_of(signed_in.get(thread.get_absolute_url()))

    hrefs = {link["href"] for link in page.links}
    assert f"/comments/{mine.pk}/edit/" not in hrefs
    assert f"/comments/{mine.pk}/delete/" not in hrefs


def test_deleting_twice_is_refused_and_counts_stay_right(signed_in, page_of, thread_with_replies):
    thread, mine, _ = thread_with_replies
    signed_in.post(f"/comments/{mine.pk}/delete/")

    response = signed_in.post(f"/comments/{mine.pk}/delete/")

    assert response.status_code == 403
    assert "This comment has been removed." in page_of(response).text
    assert Thread.objects.get(pk=thread.pk).comment_count == 2


def test_author_may_delete_the_opening_comment_and_the_thread_stays(
    signed_in, page_of, member, other_member, make_thread, make_reply
):
    thread = make_thread(member, title="Thread I regret", body="Too much about me.")
    reply = make_reply(other_member, thread, "Thanks for sharing.")
    opening = thread.comments.order_by("pk").first()

    signed_in.post(f"/comments/{opening.pk}/delete/")

    page = page_of(signed_in.get(thread.get_absolute_url()))
    assert page.text_of(f"comment-{opening.pk}") == "Comment removed by its author."
    assert "Too much about me." not in page.text
    assert "Thanks for sharing." in page.text_of(f"comment-{reply.pk}")


def test_edited_at_is_the_time_of_the_edit(signed_in, member, thread):
    opening = thread.comments.get()
    before = timezone.now()

    signed_in.post(f"/comments/{opening.pk}/edit/", {"body": "Changed."})

    opening.refresh_from_db()
    assert before <= opening.edited_at <= timezone.now()


# -- One render and one personal-data scan per post ---------------------------------------------


@pytest.fixture
def counted(monkeypatch):
    """How often posting renders Markdown and scans for contact details."""
    calls = {"render": 0, "scan": 0}
    render, scan = posting.render_markdown, policy.personal_data_found

    def counting_render(text):
        calls["render"] += 1
        return render(text)

    def counting_scan(text):
        calls["scan"] += 1
        return scan(text)

    monkeypatch.setattr(posting, "render_markdown", counting_render)
    monkeypatch.setattr(policy, "personal_data_found", counting_scan)
    return calls


def test_a_thread_a_reply_and_an_edit_are_each_rendered_once_and_scanned_once(
    counted, member, category
):
    thread = services.thread_create(
        author=member, category=category, title="Grip aids", body="A **foam** tube."
    )
    assert counted == {"render": 1, "scan": 1}

    reply = services.comment_create(author=member, thread=thread, body="And a wide pen.")
    assert counted == {"render": 2, "scan": 2}

    services.comment_edit(actor=member, comment=reply, body="And a wide, soft pen.")
    assert counted == {"render": 3, "scan": 3}
    assert Comment.objects.get(pk=reply.pk).body_html.strip() == "<p>And a wide, soft pen.</p>"
