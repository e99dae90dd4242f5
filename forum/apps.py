from importlib import import_module

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from core import pagecache


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from accounts import privacy
        from audit import actions
        from forum import models
        from forum import privacy as forum_privacy
        from forum.notification_kinds import KINDS
        from notifications import kinds

        actions.register(models.AuditAction)
        kinds.register(*KINDS)
        privacy.register(
            "forum", export=forum_privacy.export_member, erase=forum_privacy.erase_member
        )
        post_migrate.connect(restore_search_triggers, sender=self)
        # What visitors' cached pages show of the forum: categories on every page; a thread, its
        # comments and their reactions on the thread's page and in the lists. Flags, appeals,
        # follows and earlier versions are only on members' and moderators' pages.
        pagecache.shown_in(models.Category)
        pagecache.shown_in(models.Thread, lambda thread: models.thread_page(thread.pk))
        for comment in (models.Comment, models.ReviewItem):
            pagecache.shown_in(comment, lambda comment: models.thread_page(comment.thread_id))
        pagecache.shown_in(models.Reaction, models.reaction_page)


def restore_search_triggers(using: str = "default", **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table (most field changes
    do), which would silently stop the search index following new comments and titles. After
    every migrate, put back any that are missing (as forum/migrations/0010_search.py made them)
    and rebuild the index they had stopped keeping."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    search = import_module("forum.migrations.0010_search")
    triggers = [sql for sql in search.FORWARD_SQLITE if sql.lstrip().startswith("CREATE TRIGGER")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for _, name in cursor.fetchall()}
        if not {"forum_comment_fts", "forum_thread_fts"} <= present:
            return  # search is not migrated in (or has been migrated out)
        missing = [sql for sql in triggers if sql.split()[2] not in present]
        for sql in missing:
            cursor.execute(sql)
        if missing:
            for table in ("forum_comment_fts", "forum_thread_fts"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
