"""A member's right to take away everything they gave us: the export holds their profile, threads,
comments with their earlier versions, flags, appeals, follows, notifications and resource
suggestions as plain JSON, leaves out other members' words, addresses and flags, costs the same
queries however much they wrote, and is refused to a visitor."""

import json
from datetime import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts import services as account_services
from accounts.models import User
from forum import services
from forum.models import FlagReason, NotificationKind
from forum.moderation import flags
from notifications import services as notification_services
from resources import services as resource_services

# -- Export ----------------------------------------------------------------------------------------


def test_export_holds_everything_the_member_gave_as_json(member, history, settings):
    exported = account_services.member_export(member=member)

    assert json.loads(json.dumps(exported)) == exported, "plain JSON values only"
    assert exported["format"] == 1
    assert datetime.fromisoformat(exported["exported_at"])
    profile = exported["profile"]
    assert profile["email"] == "hannah_mmn@example.org"
    assert profile["email_addresses"] == [
        {"email": "hannah_mmn@example.org", "verified": True, "primary": True}
    ]
    assert (profile["display_name"], profile["role"], profile["region"]) == (
        "hannah_mmn",
        "mmn",
        "uk",
    )
    assert datetime.fromisoformat(profile["date_joined"]) == member.date_joined
    assert set(profile["consents"]) == {
        "terms_version",
        "terms_accepted_at",
        "health_data_consent_version",
        "health_data_consent_at",
    }

    own_thread = history["own_thread"]
    assert exported["threads"] == [
        {
            "id": own_thread.pk,
            "title": "Grip aids that work for me",
            "category": own_thread.category.name,
            "created_at": own_thread.created_at.isoformat(),
            "status": "published",
        }
    ]
    bodies = [comment["body"] for comment in exported["comments"]]
    assert bodies == [
        "A foam tube on my pen.",
        "I rest after each infusion.",
        "My neurologist is Dr Example at St Elsewhere.",
    ]
    edited = exported["comments"][1]
    assert edited["thread"] == {
        "id": history["their_thread"].pk,
        "title": "Carers: how do you cope?",
    }
    assert edited["edited_at"] is not None
    assert [revision["body"] for revision in edited["revisions"]] == [
        "I rest after every infusion."
    ]
    assert exported["comments"][2]["status"] == "rejected"

    assert exported["flags"] == [
        {
            "comment_id": history["answer"].pk,
            "reason": "other",
            "note": "Looks off-topic to me.",
            "created_at": history["flag"].created_at.isoformat(),
            "resolution": "open",
        }
    ]
    [appeal] = exported["appeals"]
    assert (appeal["comment_id"], appeal["note"], appeal["outcome"]) == (
        history["rejected"].pk,
        "It was a compliment.",
        "waiting",
    )
    assert [follow["thread"]["title"] for follow in exported["follows"]] == [
        "Grip aids that work for me",
        "Carers: how do you cope?",
    ]
    assert {n["kind"] for n in exported["notifications"]} == {"comment_rejected"}
    [suggestion] = exported["resource_suggestions"]
    assert suggestion["name"] == "Grip aids shop"
    assert suggestion["url"] == "https://grip-aids.example.org/"
    assert suggestion["status"] == "waiting"


def test_export_leaves_out_other_members_words_addresses_and_flags(member, other_member, history):
    dumped = json.dumps(account_services.member_export(member=member))

    assert other_member.email not in dumped
    assert "Dave's private thoughts on pens." not in dumped, "others' replies in her thread"
    assert "Dave's secret note." not in dumped, "who flagged her comment is private"
    assert "spam" not in dumped
    assert "jane_volunteer" not in dumped


def test_export_costs_the_same_queries_however_much_the_member_wrote(
    make_member, other_member, make_thread, make_reply, django_assert_num_queries
):
    def member_with(count: int) -> User:
        writer = make_member()
        target = make_thread(other_member, title=f"Thread for {writer.display_name}")
        for number in range(count):
            thread = make_thread(writer, title=f"My question number {number}")
            reply = make_reply(writer, target, f"Reply number {number}")
            services.comment_edit(actor=writer, comment=reply, body=f"Reply number {number}!")
            other_reply = make_reply(other_member, thread, f"Answer number {number}")
            flags.flag_create(reporter=writer, comment=other_reply, reason=FlagReason.OTHER)
            services.reaction_add(member=writer, comment=other_reply, kind="helpful")
            notification_services.notify(
                recipient=writer, kind=NotificationKind.REPLY, fixed_text="Hello"
            )
            resource_services.suggestion_create(
                member=writer,
                name=f"Helpful site {number}",
                url=f"https://help-{writer.pk}-{number}.example.org/",
                note="Useful.",
            )
        return writer

    small, large = member_with(1), member_with(4)

    with django_assert_num_queries(10):
        small_export = account_services.member_export(member=small)
    with django_assert_num_queries(10):
        large_export = account_services.member_export(member=large)
    assert len(small_export["comments"]) == 2
    assert len(large_export["comments"]) == 8
    assert len(large_export["reactions"]) == 4
    assert len(large_export["comments"][1]["revisions"]) == 1
    assert len(large_export["flags"]) == len(large_export["resource_suggestions"]) == 4


def test_visitor_has_nothing_to_export(db):
    with pytest.raises(PermissionDenied, match="Please sign in"):
        account_services.member_export(member=AnonymousUser())
