"""The API side of members-only threads, reactions and email preferences: the same rules as the
web pages, through the same services."""

import pytest

from forum import search
from forum.models import Reaction


@pytest.fixture
def members_thread(member_api):
    answer = member_api.post(
        "threads/",
        {
            "category": "living-with-mmn",
            "title": "Just between us: bad days",
            "body": "Some days my hands barely work.",
            "visibility": "members",
        },
    )
    assert answer.status == 201, answer
    return answer.json


def test_a_member_starts_a_members_only_thread(members_thread):
    assert members_thread["visibility"] == "members"


def test_a_visitor_is_asked_to_sign_in_for_a_members_only_thread_and_learns_nothing(
    anonymous_api, members_thread
):
    pk = members_thread["id"]
    for path in (f"threads/{pk}/", f"threads/{pk}/comments/"):
        answer = anonymous_api.get(path)
        assert answer.status == 401
        assert answer.error["message"] == "This conversation is for members: sign in to read it."
        assert "bad days" not in str(answer.json)
    listed = anonymous_api.get("threads/").json["results"]
    assert pk not in [thread["id"] for thread in listed]


def test_another_member_reads_a_members_only_thread(other_api, members_thread):
    answer = other_api.get(f"threads/{members_thread['id']}/")

    assert answer.status == 200
    assert answer.json["title"] == "Just between us: bad days"


def test_an_unknown_visibility_is_a_field_error(member_api):
    answer = member_api.post(
        "threads/",
        {"category": "treatment", "title": "Hello everyone", "body": "Hi.", "visibility": "secret"},
    )

    assert answer.status == 400
    assert "visibility" in answer.error["fields"]


def test_reactions_are_given_once_counted_and_taken_back(member_api, other_api, thread):
    opening = member_api.get(f"threads/{thread.pk}/comments/").json["results"][0]["id"]

    first = other_api.put(f"comments/{opening}/reactions/support/")
    again = other_api.put(f"comments/{opening}/reactions/support/")

    assert first.status == again.status == 200
    counts = {r["kind"]: (r["count"], r["reacted"]) for r in again.json["reactions"]}
    assert counts == {"helpful": (0, False), "support": (1, True)}
    assert Reaction.objects.count() == 1
    seen_by_author = member_api.get(f"comments/{opening}/").json
    assert {r["kind"]: r["count"] for r in seen_by_author["reactions"]}["support"] == 1
    assert seen_by_author["can_react"] is False, "not on one's own comment"

    taken_back = other_api.delete(f"comments/{opening}/reactions/support/")
    assert {r["kind"]: r["count"] for r in taken_back.json["reactions"]}["support"] == 0


@pytest.mark.parametrize(
    ("who", "kind", "status"),
    [("member", "helpful", 403), ("other", "downvote", 400), ("anonymous", "helpful", 401)],
    ids=["own-comment", "no-downvotes", "visitor"],
)
def test_reactions_refused_with_the_right_status(
    who, kind, status, member_api, other_api, anonymous_api, thread
):
    opening = member_api.get(f"threads/{thread.pk}/comments/").json["results"][0]["id"]
    api = {"member": member_api, "other": other_api, "anonymous": anonymous_api}[who]

    answer = api.put(f"comments/{opening}/reactions/{kind}/")

    assert answer.status == status
    assert not Reaction.objects.exists()


def test_me_changes_how_notifications_are_emailed(member_api, member):
    answer = member_api.patch("me/", {"email_notifications": "never"})

    assert answer.status == 200
    assert answer.json["email_notifications"] == "never"
    member.refresh_from_db()
    assert member.email_notifications == "never"
    assert member_api.patch("me/", {"email_notifications": "hourly"}).status == 400


def test_search_finds_threads_and_comments_ranked_with_marked_snippets(
    anonymous_api, member, make_thread
):
    make_thread(member, title="Grip aids for jars", body="A rubber jar opener helps me most.")

    answer = anonymous_api.get("search/", {"q": "jar opener"})

    assert answer.status == 200
    [hit] = answer.json["results"]
    assert hit["kind"] == "comment"
    assert "<mark>jar</mark>" in hit["snippet_html"]
    assert hit["thread"]["title"] == "Grip aids for jars"
    assert "email" not in str(hit)


def test_the_thread_list_q_uses_the_same_search(anonymous_api, member, make_thread):
    wanted = make_thread(member, title="Cold hands in winter", body="Gloves with grips.")
    make_thread(member, title="Infusion days", body="Long chair, good book.")

    found = anonymous_api.get("threads/", {"q": "gloves"}).json["results"]

    assert [thread["id"] for thread in found] == [wanted.pk]


def test_the_thread_list_q_lists_matches_search_would_not_rank(
    anonymous_api, monkeypatch, member, make_thread
):
    """Search ranks only the newest few matches of a common word; the thread list shows every
    thread that matches, by latest activity."""
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 1)
    threads = [make_thread(member, title=f"Gloves, pair {n}", body="Grips.") for n in range(3)]

    found = anonymous_api.get("threads/", {"q": "gloves"}).json["results"]

    assert {thread["id"] for thread in found} == {thread.pk for thread in threads}


@pytest.mark.parametrize("path", ["search/", "threads/"])
def test_an_absurd_search_is_a_field_error(anonymous_api, path):
    answer = anonymous_api.get(path, {"q": "!!! ??? ..."})

    assert answer.status == 400
    assert "q" in answer.error["fields"]
