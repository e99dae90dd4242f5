"""Full-text search indexes for forum.search, one kind per database.

SQLite: FTS5 tables over comment bodies and thread titles, "external content" (they read the
text from forum_comment and forum_thread, storing only the index), kept in step by triggers.
Status is not indexed: forum.search joins each match back to its row and applies the visibility
rules there, so approving, hiding or removing a comment never needs the index touched.

Beware: when a later migration makes SQLite rebuild forum_comment or forum_thread (most
AlterField and RemoveField operations do), the triggers go with the old table. Such a migration
must run FORWARD_SQLITE's triggers again (and a 'rebuild'); tests/forum/test_search.py fails
until it does.

PostgreSQL: a stored tsvector column on forum_comment (ranking reads the vector of every match,
so it is kept rather than recomputed) and an expression index on thread titles (short, and
left as a plain column so its length can still change), both GIN.
"""

from django.db import migrations

TOKENIZER = "porter unicode61 remove_diacritics 0"

FORWARD_SQLITE = [
    f"""CREATE VIRTUAL TABLE forum_comment_fts USING fts5(
        body, content='forum_comment', content_rowid='id', tokenize='{TOKENIZER}')""",
    "INSERT INTO forum_comment_fts(forum_comment_fts) VALUES ('rebuild')",
    """CREATE TRIGGER forum_comment_fts_insert AFTER INSERT ON forum_comment BEGIN
        INSERT INTO forum_comment_fts(rowid, body) VALUES (new.id, new.body);
    END""",
    """CREATE TRIGGER forum_comment_fts_delete AFTER DELETE ON forum_comment BEGIN
        INSERT INTO forum_comment_fts(forum_comment_fts, rowid, body)
        VALUES ('delete', old.id, old.body);
    END""",
    """CREATE TRIGGER forum_comment_fts_update AFTER UPDATE OF id, body ON forum_comment
    WHEN old.id IS NOT new.id OR old.body IS NOT new.body BEGIN
        INSERT INTO forum_comment_fts(forum_comment_fts, rowid, body)
        VALUES ('delete', old.id, old.body);
        INSERT INTO forum_comment_fts(rowid, body) VALUES (new.id, new.body);
    END""",
    f"""CREATE VIRTUAL TABLE forum_thread_fts USING fts5(
        title, content='forum_thread', content_rowid='id', tokenize='{TOKENIZER}')""",
    "INSERT INTO forum_thread_fts(forum_thread_fts) VALUES ('rebuild')",
    """CREATE TRIGGER forum_thread_fts_insert AFTER INSERT ON forum_thread BEGIN
        INSERT INTO forum_thread_fts(rowid, title) VALUES (new.id, new.title);
    END""",
    """CREATE TRIGGER forum_thread_fts_delete AFTER DELETE ON forum_thread BEGIN
        INSERT INTO forum_thread_fts(forum_thread_fts, rowid, title)
        VALUES ('delete', old.id, old.title);
    END""",
    """CREATE TRIGGER forum_thread_fts_update AFTER UPDATE OF id, title ON forum_thread
    WHEN old.id IS NOT new.id OR old.title IS NOT new.title BEGIN
        INSERT INTO forum_thread_fts(forum_thread_fts, rowid, title)
        VALUES ('delete', old.id, old.title);
        INSERT INTO forum_thread_fts(rowid, title) VALUES (new.id, new.title);
    END""",
]

REVERSE_SQLITE = [
    "DROP TRIGGER IF EXISTS forum_thread_fts_update",
    "DROP TRIGGER IF EXISTS forum_thread_fts_delete",
    "DROP TRIGGER IF EXISTS forum_thread_fts_insert",
    "DROP TABLE IF EXISTS forum_thread_fts",
    "DROP TRIGGER IF EXISTS forum_comment_fts_update",
    "DROP TRIGGER IF EXISTS forum_comment_fts_delete",
    "DROP TRIGGER IF EXISTS forum_comment_fts_insert",
    "DROP TABLE IF EXISTS forum_comment_fts",
]

FORWARD_POSTGRESQL = [
    """ALTER TABLE forum_comment ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, body)) STORED""",
    "CREATE INDEX forum_comment_search ON forum_comment USING gin (search_vector)",
    """CREATE INDEX forum_thread_search ON forum_thread
        USING gin (to_tsvector('english'::regconfig, title))""",
]

REVERSE_POSTGRESQL = [
    "DROP INDEX IF EXISTS forum_thread_search",
    "DROP INDEX IF EXISTS forum_comment_search",
    "ALTER TABLE forum_comment DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0009_visibility_reactions_email"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": FORWARD_SQLITE, "postgresql": FORWARD_POSTGRESQL}),
            _run({"sqlite": REVERSE_SQLITE, "postgresql": REVERSE_POSTGRESQL}),
        ),
    ]
