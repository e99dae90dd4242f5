"""The database reads a list's first rows in the list's order, rather than sorting everything
that matches: what keeps a busy category's page as quick for members as for visitors. SQLite's
planner chooses by the indexes alone (no statistics here), so its plan is checked; PostgreSQL's
depends on the table's size, which a test database does not have."""

import pytest
from django.db import connection

from forum import selectors


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(row[-1] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_a_members_category_list_is_read_in_order_not_sorted(member, category, thread):
    threads = (
        selectors.visible_threads(member)
        .filter(category=category)
        .order_by(*selectors.THREAD_ORDER)[:26]
    )

    found = plan(threads)

    assert "forum_thread_in_order" in found
    assert "TEMP B-TREE" not in found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_plans_a_query_a_connection_repeats_once(client, member, thread):
    """A page's queries are prepared after a few runs (server-side binding), so PostgreSQL
    stops planning them again on every request."""

    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {statement for (statement,) in cursor.fetchall()}

    client.force_login(member)  # a visitor's page would come from the cache
    before = prepared()
    for _ in range(6):
        assert client.get(thread.get_absolute_url()).status_code == 200

    assert any('FROM "forum_comment"' in statement for statement in prepared() - before)
