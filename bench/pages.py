"""Page benchmark: the site's busiest pages under load, served as in production.

    python bench/pages.py                       # SQLite, bench/pages-bench.sqlite3
    python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/mmn_pages_bench
    python bench/pages.py --fresh               # generate the forum again

It fills a database of its own (2,000 members, 10,000 threads, 100,000 comments, fixed seed;
bench/generate.py), serves it with gunicorn (deploy/gunicorn.conf.py, 2 sync workers,
DJANGO_ENV=production, DEBUG off), loads each page with wrk (-t2 -c20, 15 s, best of two) for a
visitor and for a signed-in member, and prints per page: requests/s, p50 and p99, queries and
writes per request, the server's CPU time per request, and how busy the other processes on the
machine were meanwhile (a noisy run shows). Then, in one process, the median time of 200 requests
to each page (for a visitor served from the page cache, a member, and a visitor with the caches
off: what a page costs to draw again after a write), and each worker's memory. It asserts
nothing; bench/README.md keeps the figures.
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import prepare_database, refuse_unless_bench, setup_django  # noqa: E402
from bench.load import Server, rss_mb, wrk  # noqa: E402

DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'bench' / 'pages-bench.sqlite3'}"
HOST = "bench.invalid"
READER_EMAIL = "bench_reader@example.org"
FIFTY_TITLE = "Benchmark: a thread of fifty comments"
# A visitor (served from the visitors' page cache after the first request), a signed-in member,
# and, in one process only, a visitor with that cache off: what each visitor's page costs to
# render again after a write.
VIEWERS = ("visitor", "member", "uncached")


@dataclass
class Page:
    label: str
    path: str
    comments_per_page: int = 20  # the server's FORUM_COMMENTS_PER_PAGE for this page


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="The database to fill and serve (default: $BENCH_DATABASE_URL, or "
        "bench/pages-bench.sqlite3). Its name must contain 'bench'.",
    )
    parser.add_argument("--fresh", action="store_true", help="Empty the database first.")
    parser.add_argument("--duration", type=int, default=15, help="Seconds of load per page.")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=2, help="Runs per page; the best counts.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--in-process-only", action="store_true", help="Skip gunicorn and wrk: queries and times."
    )
    return parser.parse_args()


def _environment(url: str, static_root: Path) -> dict[str, str]:
    """What the servers (and this process) run with: deploy/env.example's production settings
    on loopback, with a cache every worker shares (Redis when it answers, else the database)."""
    env = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "MFA_SECRET_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DATABASE_URL": url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
    if _redis_answers(redis_url):
        # One prefix per database: pages and shared comments of another run's forum, under
        # the same ids, must never be served from this one's cache.
        database = re.sub(r"\W+", "-", url.rsplit("/", 1)[-1])
        env |= {"REDIS_URL": redis_url, "CACHE_KEY_PREFIX": f"bench-pages-{database}"}
    else:
        env["DATABASE_CACHE"] = "1"
    return env


def _redis_answers(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means: use the database cache
        return False
    return True


def _prepare(arguments) -> dict:
    """The generated forum, the fifty-comment thread and the signed-in reader; the pages."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate
    from core.pagination import cursor_after
    from forum import selectors
    from forum.models import Category, Comment, CommentStatus, Thread, ThreadStatus

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    added = generate(total_comments=100_000, members=2_000, comments_per_thread=10)
    if added:
        print(f"Generated {added:,} comments in {time.perf_counter() - started:.0f} s.")
    reader = _reader()
    fifty = Thread.objects.filter(title=FIFTY_TITLE).first() or _fifty_thread(reader)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    call_command("collectstatic", interactive=False, verbosity=0)

    busiest = max(Category.objects.all(), key=lambda c: c.threads.count())
    listed = list(
        selectors.visible_threads(AnonymousUser())
        .filter(category=busiest, status=ThreadStatus.PUBLISHED)
        .order_by(*selectors.THREAD_ORDER)
    )
    size = settings.FORUM_THREADS_PER_PAGE
    last_start = (len(listed) - 1) // size * size
    last = cursor_after(listed[last_start - 1], selectors.THREAD_ORDER)
    session = SessionStore()
    session[SESSION_KEY] = str(reader.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    session.create()
    published = Comment.objects.filter(thread=fifty, status=CommentStatus.PUBLISHED).count()
    return {
        "pages": [
            Page("home (categories)", "/"),
            Page("category page 1", busiest.get_absolute_url()),
            Page("category, last page", f"{busiest.get_absolute_url()}?cursor={last}"),
            Page(f"thread, {published} comments, 20 a page", fifty.get_absolute_url()),
            Page(f"thread, all {published} on one page", fifty.get_absolute_url(), 50),
        ],
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "reader": reader,
        "counts": (type(reader).objects.count(), Thread.objects.count(), Comment.objects.count()),
    }


def _reader():
    """A member with no special rights who signs in to read."""
    from accounts.models import User

    reader = User.objects.filter(email=READER_EMAIL).first()
    if reader is None:
        reader = User.objects.create_user(
            email=READER_EMAIL, password=secrets.token_urlsafe(), display_name="bench_reader"
        )
    return reader


def _fifty_thread(author):
    """One public thread of exactly fifty published comments, by many members."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from accounts.models import User
    from forum.models import Category, Comment, CommentStatus, Thread, ThreadStatus
    from forum.services import refresh_thread

    now = timezone.now()
    thread = Thread.objects.create(
        category=Category.objects.order_by("position").first(),
        title=FIFTY_TITLE,
        slug=slugify(FIFTY_TITLE),
        author=author,
        status=ThreadStatus.PUBLISHED,
        created_at=now,
        last_activity_at=now,
    )
    writers = list(User.objects.filter(display_name__startswith="bench_member_")[:25])
    Comment.objects.bulk_create(
        Comment(
            thread=thread,
            author=author if number == 0 else writers[number % len(writers)],
            is_opening=number == 0,
            body=f"Comment number {number + 1}: pacing helps, and so do the others here.",
            body_html=f"<p>Comment number {number + 1}: pacing helps, and so do the others "
            "here.</p>",
            status=CommentStatus.PUBLISHED,
            created_at=now,
            published_at=now,
        )
        for number in range(50)
    )
    with transaction.atomic():  # refresh_thread locks the thread's row
        return refresh_thread(thread.pk)


# -- In one process ------------------------------------------------------------------------------


def _in_process(pages: list[Page], cookie: str) -> dict[tuple[str, str], tuple[int, int, float]]:
    """For each page and viewer: queries, writes, and the median ms of 200 requests."""
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from core import pagecache

    found = {}
    for page in pages:
        # Visitors' cached copies were made at another page size (the address is the same).
        pagecache.changed()
        with override_settings(FORUM_COMMENTS_PER_PAGE=page.comments_per_page):
            for viewer in VIEWERS:
                client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https", secure=True)
                if viewer == "member":
                    name, value = cookie.split("=", 1)
                    client.cookies[name] = value
                assert settings.DEBUG is False
                # "uncached": what a visitor's page costs to render, after each write.
                cache_seconds = 0 if viewer == "uncached" else settings.PAGE_CACHE_SECONDS
                with override_settings(PAGE_CACHE_SECONDS=cache_seconds):
                    found[(page.label, viewer)] = _requests(client, page, viewer)
    return found


def _requests(client, page: Page, viewer: str) -> tuple[int, int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(page.path)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path)
    if response.status_code != 200:
        raise SystemExit(f"{page.path} answered {response.status_code} ({viewer})")
    # Read them now: every request empties Django's query log (request_started).
    count = len(queries)
    writes = sum(
        1
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    )
    times = []
    for _ in range(200):
        started = time.perf_counter()
        client.get(page.path)
        times.append((time.perf_counter() - started) * 1000)
    return count, writes, statistics.median(times)


# -- Under load ----------------------------------------------------------------------------------


def _under_load(prepared: dict, env: dict, arguments, log: Path) -> tuple[dict, list[float]]:
    from core import pagecache

    loads, rss = {}, []
    for per_page in sorted({page.comments_per_page for page in prepared["pages"]}):
        pagecache.changed()  # as in _in_process: the servers share the cache
        with Server(env, arguments.port, per_page, log) as server:
            for page in prepared["pages"]:
                if page.comments_per_page != per_page:
                    continue
                for viewer, cookie in (("visitor", None), ("member", prepared["cookie"])):
                    runs = [
                        wrk(
                            server,
                            page.path,
                            host=HOST,
                            cookie=cookie,
                            connections=arguments.connections,
                            duration=arguments.duration,
                        )
                        for _ in range(arguments.repeat)
                    ]
                    loads[(page.label, viewer)] = max(runs, key=lambda load: load.rps)
            rss = [rss_mb(pid) for pid in server.workers()]
    return loads, rss


def main() -> None:
    arguments = _arguments()
    refuse_unless_bench(arguments.database_url)
    if not arguments.in_process_only and shutil.which("wrk") is None:
        sys.exit("wrk is missing: install Debian's package (sudo apt install wrk), then run again.")
    prepare_database(arguments.database_url, fresh=arguments.fresh)
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = _environment(arguments.database_url, static_root)
    os.environ.update(env)
    setup_django(arguments.database_url)

    from django.db import connection

    prepared = _prepare(arguments)
    members, threads, comments = prepared["counts"]
    cache = "Redis" if "REDIS_URL" in env else "the database"
    print(
        f"Page benchmark on {connection.vendor} (cache: {cache}): {members:,} members, "
        f"{threads:,} threads, {comments:,} comments; {os.cpu_count()} CPUs"
    )
    measured = _in_process(prepared["pages"], prepared["cookie"])
    loads, rss = {}, []
    if not arguments.in_process_only:
        connection.close()
        log = Path(tempfile.gettempdir()) / "bench-pages-gunicorn.log"
        loads, rss = _under_load(prepared, env, arguments, log)
    shutil.rmtree(static_root, ignore_errors=True)

    print(
        f"\n{'page':38} {'viewer':8} {'rps':>7} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7} "
        f"{'writes':>6} {'cpu ms':>7} {'others':>6} {'1-proc ms':>9}"
    )
    for page in prepared["pages"]:
        for viewer in VIEWERS:
            queries, writes, median_ms = measured[(page.label, viewer)]
            load = loads.get((page.label, viewer))
            under_load = (
                f"{load.rps:7.1f} {load.p50_ms:7.1f} {load.p99_ms:7.1f}"
                if load
                else f"{'-':>7} {'-':>7} {'-':>7}"
            )
            tail = f"{load.cpu_ms:7.1f} {load.others:6.0%}" if load else f"{'-':>7} {'-':>6}"
            print(
                f"{page.label:38} {viewer:8} {under_load} {queries:7} {writes:6} {tail} "
                f"{median_ms:9.1f}"
            )
            if load and load.errors:
                print(f"  ! {load.errors} answers were not 2xx/3xx")
    if rss:
        print(f"\nMemory per worker after the load: {', '.join(f'{mb:.0f} MB' for mb in rss)}")


if __name__ == "__main__":
    main()
