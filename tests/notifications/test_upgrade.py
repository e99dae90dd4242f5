"""A site made before notifications had their own app upgrades in place: every notification stays
in the same table with the words its member read, and those that name a member become structure,
so renaming or erasing that member changes no other row from then on."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications.models import Notification

# The layout before the move: the forum kept notifications, as words.
BEFORE_THE_MOVE = [
    ("forum", "0011_auditentry_moved_to_audit"),
    ("resources", "0003_moderator_permissions"),
    ("notifications", None),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_notifications_saved_as_words_read_the_same_after_the_upgrade(
    make_member, make_thread, make_reply
):
    author = make_member("hannah_before")
    reader = make_member("reader_before")
    thread = make_thread(author, title="Grip aids that work")
    reply = make_reply(author, thread, "The foam handles help me.")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE[:2]).apps
    saved = old.get_model("forum", "Notification")
    words = {
        "reply": "hannah_before replied in \u201cGrip aids that work\u201d",
        "comment_rejected": (
            "A moderator rejected your comment in \u201cGrip aids that work\u201d. Reason: "
            "Selling a cure. If you think this is a mistake, you can appeal once."
        ),
        "crisis_support": "Someone in the community was worried.\n\nSamaritans: 116 123.",
        "suggestion_declined": (
            "Your suggestion \u201cCure Clinic\u201d was not added to the resource directory. "
            "The moderator's reason: We list charities only."
        ),
        "appeal_decided": "Words of a wording the forum never used.",
    }
    urls = {"reply": f"/comments/{reply.pk}/", "comment_rejected": thread.get_absolute_url()}
    ids = {
        kind: saved.objects.create(
            recipient_id=reader.pk, kind=kind, message=text, url=urls.get(kind, "")
        ).pk
        for kind, text in words.items()
    }
    assert ContentType.objects.filter(app_label="forum", model="notification").exists()

    call_command("migrate", verbosity=0)

    after = Notification.objects.in_bulk(ids.values())
    assert {kind: after[pk].text for kind, pk in ids.items()} == words
    heard = after[ids["reply"]]
    assert (heard.actor, heard.thread_id, heard.comment_id, heard.fixed_text) == (
        author,
        thread.pk,
        reply.pk,
        "",
    )
    rejected = after[ids["comment_rejected"]]
    assert (rejected.thread_id, rejected.title, rejected.reason) == (
        thread.pk,
        "Grip aids that work",
        "Selling a cure.",
    )
    # Words the forum fixed on purpose, or never wrote, stay as they were.
    assert after[ids["crisis_support"]].fixed_text == words["crisis_support"]
    assert after[ids["appeal_decided"]].fixed_text == words["appeal_decided"]
    assert Notification._meta.db_table == "forum_notification"
    assert ContentType.objects.filter(app_label="notifications", model="notification").exists()
    assert not ContentType.objects.filter(app_label="forum", model="notification").exists()

    author.display_name = "hannah_renamed"
    author.save()
    before = list(Notification.objects.values().order_by("pk"))

    assert Notification.objects.get(pk=ids["reply"]).text.startswith("hannah_renamed replied in")
    assert list(Notification.objects.values().order_by("pk")) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_back_and_forward_again_keeps_the_rows_and_one_content_type(member):
    Notification.objects.create(recipient=member, kind="reply", fixed_text="Kept through it all.")

    call_command("migrate", "forum", "0011_auditentry_moved_to_audit", verbosity=0)
    call_command("migrate", "resources", "0003_moderator_permissions", verbosity=0)
    call_command("migrate", "notifications", "zero", verbosity=0)
    call_command("migrate", verbosity=0)

    assert Notification.objects.get().text == "Kept through it all."
    assert ContentType.objects.filter(model="notification").count() == 1
