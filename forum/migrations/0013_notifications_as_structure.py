"""The forum's notifications saved as words become structure, so their words are made when shown
(a renamed or erased member's name is never left behind in someone else's notification).

Each row whose words match, in full, what the forum wrote for its kind is converted: a reply or
mention gets its comment's author as the actor; every one gets its thread's id (from its link)
and title, and the moderator's reason. A row that does not match keeps its words, shown as they
are. Crisis support keeps its words by design (the helplines of that moment).

Tasks queued under the forum's old module names are pointed at their new homes, so a spam check
or a crisis alert waiting in the queue across the upgrade still runs."""

import re

from django.db import migrations

Q = "\u201c(?P<title>.*)\u201d"
PATTERNS = {
    "comment_approved": re.compile(rf"Your comment in {Q} is now published\."),
    "comment_restored": re.compile(rf"Your comment in {Q} is visible again\."),
    "comment_rejected": re.compile(
        rf"A moderator rejected your comment in {Q}\. Reason: (?P<reason>.*) "
        r"If you think this is a mistake, you can appeal once\.",
        re.S,
    ),
    "comment_hidden": re.compile(
        rf"A moderator hid your comment in {Q}\. Reason: (?P<reason>.*) "
        r"If you think this is a mistake, you can appeal once\.",
        re.S,
    ),
    "appeal_decided": re.compile(
        r"Your appeal was decided: your comment (?P<outcome>is published again|stays as it was)\. "
        r"Reason: (?P<reason>.*)",
        re.S,
    ),
    "reply": re.compile(rf"\S+ replied in {Q}"),
    "mention": re.compile(rf"\S+ mentioned you in {Q}"),
}
THREAD_URL = re.compile(r"^/t/(\d+)/")
COMMENT_URL = re.compile(r"^/comments/(\d+)/")
MOVED_TASKS = {
    "forum.tasks.check_spam": "forum.moderation.spam.check_spam",
    "forum.tasks.alert_moderators_of_crisis": "forum.moderation.flags.alert_moderators_of_crisis",
    "forum.tasks.send_notification_email": "notifications.tasks.send_notification_email",
}
BATCH = 1000
FIELDS = ["fixed_text", "actor_id", "thread_id", "comment_id", "title", "reason", "details"]


def _structure(notification, comments) -> bool:
    match = PATTERNS[notification.kind].fullmatch(notification.fixed_text)
    if match is None:
        return False
    groups = match.groupdict()
    comment_link = COMMENT_URL.match(notification.url)
    thread_link = THREAD_URL.match(notification.url)
    if notification.kind in {"reply", "mention"}:
        comment = comments.get(int(comment_link.group(1))) if comment_link else None
        if comment is None:
            return False  # the comment is gone: nobody to name, so keep the words
        notification.actor_id = comment.author_id
        notification.thread_id = comment.thread_id
        notification.comment_id = comment.pk
    elif thread_link:
        notification.thread_id = int(thread_link.group(1))
    notification.title = groups.get("title", "")[:300]
    notification.reason = groups.get("reason", "")
    if "outcome" in groups:
        notification.details = {"overturned": groups["outcome"] == "is published again"}
    notification.fixed_text = ""
    return True


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Comment = apps.get_model("forum", "Comment")
    legacy = Notification.objects.filter(kind__in=list(PATTERNS)).exclude(fixed_text="")
    ids = list(legacy.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(Notification.objects.filter(pk__in=ids[start : start + BATCH]))
        wanted = {
            int(link.group(1))
            for item in batch
            if (link := COMMENT_URL.match(item.url)) and item.kind in {"reply", "mention"}
        }
        comments = Comment.objects.in_bulk(wanted)
        changed = [item for item in batch if _structure(item, comments)]
        Notification.objects.bulk_update(changed, FIELDS)

    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED_TASKS.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0012_notification_moved_to_notifications"),
        ("notifications", "0002_notifications_as_structure"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    # Back: structured rows are shown by the code that reads them; nothing to undo in the data.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
