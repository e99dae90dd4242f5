"""Background work as production runs it: django-tasks-db's database backend and its worker.

The worker runs in these tests as `manage.py db_worker --batch` (every queued task, then exit).
It opens and closes its own transactions, so these tests commit for real (transaction=True, as
RECIPES.md says PostgreSQL needs); serialized_rollback restores the seeded categories and groups.
"""

import io
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from forum.models import Comment, CommentStatus, SpamCheck
from forum.moderation import decisions
from notifications.services import email_notifications_set
from tests.forum.moderation.fake_akismet import fake_akismet

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_tasks(settings):
    """What DJANGO_ENV=production configures: tasks wait in the database for a worker."""
    settings.TASKS = DATABASE_BACKEND


def run_worker() -> str:
    """Run every queued task once and return the worker's log. The worker installs its own
    signal handlers for a graceful shutdown; pytest's are put back afterwards."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {number: signal.getsignal(number) for number in signals}
    out = io.StringIO()
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
    return out.getvalue()


@transactional
def test_an_email_to_a_member_waits_in_the_database_until_the_worker_sends_it(
    database_tasks, make_thread, member, moderator, make_reply
):
    email_notifications_set(member=member, choice="immediately")  # the default is daily
    reply = make_reply(member, make_thread(moderator), "Buy my book on curing MMN.")

    decisions.comment_reject(moderator=moderator, comment=reply, reason="Selling a product.")

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "notifications.tasks.send_notification_email"
    assert queued.status == "READY"
    assert mail.outbox == []

    run_worker()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [member.email]
    assert email.subject == "[MMN Community] Your comment was rejected"
    assert "Selling a product." in email.body
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


@transactional
@pytest.mark.parametrize(
    ("answer", "status", "spam_check"),
    [
        ("ham", CommentStatus.PUBLISHED, SpamCheck.PASSED),
        ("spam", CommentStatus.PENDING, SpamCheck.SPAM),
        ("error", CommentStatus.PENDING, SpamCheck.WAITING),
    ],
)
def test_the_worker_runs_the_spam_check_a_post_queued(
    database_tasks,
    moderation_policy,
    monkeypatch,
    make_thread,
    moderator,
    member,
    client,
    answer,
    status,
    spam_check,
):
    moderation_policy.MODERATION_PREMODERATE_FIRST = 0
    thread = make_thread(moderator)
    with fake_akismet(moderation_policy, monkeypatch) as akismet_service:
        akismet_service.answer = answer
        client.force_login(member)
        response = client.post(f"{thread.get_absolute_url()}reply/", {"body": "Hello from Wales"})
        assert response.status_code == 302
        comment = Comment.objects.get(author=member)
        assert (comment.status, comment.spam_check) == (
            CommentStatus.PENDING,
            SpamCheck.WAITING,
        )
        assert akismet_service.comment_checks == [], "nothing is asked inside the request"

        run_worker()

    assert len(akismet_service.comment_checks) == 1
    comment.refresh_from_db()
    assert (comment.status, comment.spam_check) == (status, spam_check)
    task = DBTaskResult.objects.get(task_path="forum.moderation.spam.check_spam")
    # A failing service is an answer the task records (the comment waits for recheck_spam),
    # not a crash for the worker.
    assert (task.status, task.return_value) == ("SUCCESSFUL", answer)
