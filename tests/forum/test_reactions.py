"""Reactions: "Helpful" and "Sending support" on a comment, with counts; one of each per member and
comment; never on one's own words; no downvote."""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services as account_services
from forum import services
from forum.models import Comment, CommentStatus, Reaction, ReactionKind, ThreadVisibility
from forum.moderation import decisions
from tests.forum.test_query_budgets import THREAD_BUDGET

_names = itertools.count(1)


@pytest.fixture
def reply(thread, other_member) -> Comment:
    """A reply by `other_member` in `member`'s thread."""
    return services.comment_create(author=other_member, thread=thread, body="Little and often.")


def react(client, comment: Comment, kind: str, reacted: str = "1"):
    return client.post(f"/comments/{comment.pk}/react/", {"kind": kind, "reacted": reacted})


def buttons(page, comment: Comment) -> list[tuple[str, str]]:
    """The reaction buttons inside one comment, in order: (the `reacted` value each sends, its
    aria-pressed)."""
    article = f"comment-{comment.pk}"
    found, inside = [], False
    for tag, attrs in page.tags:
        if tag == "article":
            inside = attrs.get("id") == article
        if inside and tag == "button" and "reaction-button" in attrs.get("class", ""):
            found.append((attrs["value"], attrs["aria-pressed"]))
    return found


def reaction_texts(page) -> list[str]:
    return page.texts_of("reaction-button")


# What each viewer sees --------------------------------------------------------------------------


def test_member_sees_both_reactions_on_anothers_comment_unpressed_with_counts(
    signed_in, page_of, thread, reply
):
    page = page_of(signed_in.get(thread.get_absolute_url()))

    assert reaction_texts(page) == ["Helpful · 0", "Sending support · 0"]
    assert buttons(page, reply) == [("1", "false"), ("1", "false")]


def test_no_buttons_on_ones_own_comment_but_its_counts_are_shown(
    client, page_of, thread, reply, member
):
    services.reaction_add(member=member, comment=reply, kind=ReactionKind.SUPPORT)
    client.force_login(reply.author)

    page = page_of(client.get(thread.get_absolute_url()))

    assert buttons(page, reply) == []
    assert page.texts_of("reaction-count") == ["Sending support · 1"]


def test_visitor_sees_counts_but_no_buttons(client, page_of, thread, reply, member, make_member):
    services.reaction_add(member=member, comment=reply, kind=ReactionKind.HELPFUL)
    services.reaction_add(member=make_member(), comment=reply, kind=ReactionKind.HELPFUL)
    services.reaction_add(member=member, comment=reply, kind=ReactionKind.SUPPORT)

    page = page_of(client.get(thread.get_absolute_url()))

    assert reaction_texts(page) == []
    assert page.texts_of("reaction-count") == ["Helpful · 2", "Sending support · 1"]


def test_a_comment_without_reactions_shows_a_visitor_no_zero_counts(client, page_of, thread, reply):
    page = page_of(client.get(thread.get_absolute_url()))

    assert page.texts_of("reaction-counts") == []


# Reacting ---------------------------------------------------------------------------------------


def test_member_marks_a_comment_helpful_and_returns_to_it_pressed(
    signed_in, page_of, thread, reply, member
):
    response = react(signed_in, reply, "helpful")

    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#comment-{reply.pk}"
    page = page_of(signed_in.get(response["Location"]))
    assert reaction_texts(page) == ["Helpful · 1", "Sending support · 0"]
    assert buttons(page, reply) == [("0", "true"), ("1", "false")]
    assert Reaction.objects.get().member == member


def test_a_second_press_of_the_same_form_changes_nothing(signed_in, reply):
    react(signed_in, reply, "support")
    react(signed_in, reply, "support")

    assert Reaction.objects.filter(comment=reply, kind=ReactionKind.SUPPORT).count() == 1


def test_one_member_may_give_each_kind_once(signed_in, page_of, thread, reply):
    react(signed_in, reply, "helpful")
    react(signed_in, reply, "support")

    page = page_of(signed_in.get(thread.get_absolute_url()))
    assert reaction_texts(page) == ["Helpful · 1", "Sending support · 1"]


def test_a_pressed_button_takes_the_reaction_back(signed_in, page_of, thread, reply):
    react(signed_in, reply, "helpful")
    page = page_of(signed_in.get(thread.get_absolute_url()))
    assert buttons(page, reply) == [("0", "true"), ("1", "false")], "pressed: sends take back"

    response = react(signed_in, reply, "helpful", reacted="0")

    assert response.status_code == 302
    assert not Reaction.objects.exists()
    assert reaction_texts(page_of(signed_in.get(thread.get_absolute_url())))[0] == "Helpful · 0"


def test_counts_add_up_across_members(client, page_of, thread, reply, make_member):
    for _ in range(3):
        client.force_login(make_member())
        react(client, reply, "support")

    page = page_of(client.get(thread.get_absolute_url()))
    assert "Helpful · 0 Sending support · 3" in page.text_of(f"comment-{reply.pk}")


def test_visitor_pressing_react_is_sent_to_sign_in_and_then_to_the_comment(client, reply):
    response = react(client, reply, "helpful")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/comments/{reply.pk}/"
    assert not Reaction.objects.exists()


def test_opening_the_react_address_leads_to_the_comment(signed_in, reply):
    response = signed_in.get(f"/comments/{reply.pk}/react/")

    assert response.status_code == 302
    assert response["Location"] == f"/comments/{reply.pk}/"
    assert not Reaction.objects.exists()


def test_no_reacting_to_ones_own_comment(client, reply):
    client.force_login(reply.author)

    response = react(client, reply, "helpful")

    assert response.status_code == 403
    assert "your own comment" in response.content.decode()
    assert not Reaction.objects.exists()


@pytest.mark.parametrize("kind", ["downvote", "", "HELPFUL"])
def test_only_the_two_kinds_exist(signed_in, reply, kind):
    response = react(signed_in, reply, kind)

    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_a_hidden_comment_takes_no_reactions(signed_in, reply, moderator):
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Off topic.")

    response = react(signed_in, reply, "support")

    assert response.status_code == 403
    assert not Reaction.objects.exists()


def test_a_comment_awaiting_review_cannot_be_reached_to_react(signed_in, thread, make_member):
    held = services.comment_create(author=make_member(), thread=thread, body="Waiting.")
    Comment.objects.filter(pk=held.pk).update(status=CommentStatus.PENDING)

    assert react(signed_in, held, "helpful").status_code == 404
    assert not Reaction.objects.exists()


def test_a_suspended_member_may_still_send_support(client, reply, make_member, moderator):
    """Reacting is not posting: no words, no name shown."""
    resting = make_member("resting_reader")
    account_services.member_suspend(
        moderator=moderator,
        member=resting,
        until=timezone.now() + timedelta(days=3),
        reason="Cooling off.",
    )
    client.force_login(resting)

    assert react(client, reply, "support").status_code == 302
    assert Reaction.objects.filter(member=resting).count() == 1


def test_a_member_may_take_back_a_reaction_after_the_comment_was_hidden(
    signed_in, member, reply, moderator
):
    services.reaction_add(member=member, comment=reply, kind=ReactionKind.HELPFUL)
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Off topic.")

    assert services.reaction_remove(member=member, comment=reply, kind=ReactionKind.HELPFUL)
    assert not Reaction.objects.exists()


def test_the_services_refuse_what_the_page_refuses(member, reply, thread):
    opening = thread.comments.get(is_opening=True)
    with pytest.raises(PermissionDenied):
        services.reaction_add(member=member, comment=opening, kind=ReactionKind.HELPFUL)
    with pytest.raises(ValidationError):
        services.reaction_add(member=member, comment=reply, kind="downvote")
    assert not Reaction.objects.exists()


def test_members_only_thread_reactions_are_shown_to_members_only(
    client, page_of, member, other_member, category
):
    private = services.thread_create(
        author=member,
        category=category,
        title="Telling my employer",
        body="Should I?",
        visibility=ThreadVisibility.MEMBERS,
    )
    answer = services.comment_create(author=other_member, thread=private, body="I did.")
    services.reaction_add(member=member, comment=answer, kind=ReactionKind.SUPPORT)

    assert "Sending support" not in client.get(private.get_absolute_url()).content.decode()
    client.force_login(member)
    assert "Sending support · 1" in page_of(client.get(private.get_absolute_url())).text


# Cost -------------------------------------------------------------------------------------------


@pytest.fixture(params=["visitor", "member"])
def viewer(request, client, make_member):
    if request.param == "member":
        client.force_login(make_member("reader_on_the_page"))
    return client


def add_reacted_comments(thread, count: int, make_member) -> None:
    for number in range(count):
        author = make_member(f"reacted{next(_names)}")
        comment = services.comment_create(author=author, thread=thread, body=f"Reply {number}")
        for giver in (thread.author, make_member(f"giver{next(_names)}")):
            services.reaction_add(member=giver, comment=comment, kind=ReactionKind.HELPFUL)
        services.reaction_add(member=thread.author, comment=comment, kind=ReactionKind.SUPPORT)


def test_thread_page_with_reactions_costs_the_same_at_5_and_50_comments(
    viewer, thread, make_member, settings, page_of, django_assert_max_num_queries
):
    settings.FORUM_COMMENTS_PER_PAGE = 50
    url = thread.get_absolute_url()

    def measure():
        with django_assert_max_num_queries(THREAD_BUDGET) as queries:
            response = viewer.get(url)
        assert response.status_code == 200
        return len(queries.captured_queries), page_of(response)

    add_reacted_comments(thread, 4, make_member)
    few, page = measure()
    assert len(page.texts_of("comment")) == 5
    add_reacted_comments(thread, 45, make_member)
    many, page = measure()

    assert len(page.texts_of("comment")) == 50
    shown = page.texts_of("reaction-button") or page.texts_of("reaction-count")
    assert "Helpful · 2" in shown
    assert many == few
