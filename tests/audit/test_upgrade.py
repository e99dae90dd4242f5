"""A site made before the audit log had its own app upgrades in place: its entries stay in the same
table, the Moderators group can still read them, and the old admin address leads to the new one."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import AccountAuditAction
from audit.models import AuditEntry
from forum.models import AuditAction
from resources.models import ResourceAuditAction

# The layout before the move: the forum's last migration then, and no audit app.
BEFORE_THE_MOVE = [("forum", "0010_search"), ("audit", None)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_entries_written_before_the_move_are_there_after_it(make_member, make_thread):
    moderator = make_member("volunteer_before", is_staff=True)
    thread = make_thread(make_member("author_before"))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state([BEFORE_THE_MOVE[0]]).apps
    old_entry = old.get_model("forum", "AuditEntry")
    old_entry.objects.create(
        actor_id=moderator.pk,
        action="lock",
        target_type="thread",
        target_id=str(thread.pk),
        target_label=thread.title,
        reason="Heated; a pause.",
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="forum", model="auditentry").exists()

    call_command("migrate", verbosity=0)

    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id, entry.reason) == (
        moderator,
        AuditAction.LOCK,
        str(thread.pk),
        "Heated; a pause.",
    )
    assert entry.get_action_display() == "Locked a thread"
    assert AuditEntry._meta.db_table == "forum_auditentry"
    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(
        content_type__app_label="audit", codename="view_auditentry"
    ).exists()


def test_the_audit_log_s_old_admin_address_leads_to_the_new_one(moderator_client):
    response = moderator_client.get("/admin/forum/auditentry/?action__exact=lock")

    assert response.status_code == 302
    assert response["Location"] == "/admin/audit/auditentry/?action__exact=lock"
    assert moderator_client.get(response["Location"]).status_code == 200


def test_every_app_s_actions_are_named_in_the_log(db):
    labels = dict(AuditEntry._meta.get_field("action").choices)

    assert labels == {
        **dict(AuditAction.choices),
        **dict(ResourceAuditAction.choices),
        **dict(AccountAuditAction.choices),
    }
    assert len(labels) == 21


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_back_in_two_steps_and_forward_again_keeps_one_content_type():
    """Django makes content types after each migrate; back to the forum first, then the audit
    app undone, then forward: the log's permissions stay on one content type."""
    call_command("migrate", "forum", "0010_search", verbosity=0)
    call_command("migrate", "audit", "zero", verbosity=0)
    call_command("migrate", verbosity=0)

    assert list(
        ContentType.objects.filter(model="auditentry").values_list("app_label", flat=True)
    ) == ["audit"]
    assert (
        Group.objects.get(name="Moderators")
        .permissions.filter(content_type__app_label="audit", codename="view_auditentry")
        .exists()
    )
