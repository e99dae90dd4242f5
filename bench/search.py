"""Search benchmark: 50 representative queries through forum.search, on the demo content and then
on a generated forum of 100,000 comments. Prints the median and 95th percentile; asserts nothing.

    python bench/search.py                         # SQLite, bench/bench.sqlite3
    python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/mmn_bench
    python bench/search.py --fresh                 # start again from an empty database

It writes 100,000 comments, so it runs only on a database whose name contains "bench" (the
PostgreSQL one is created if missing), never on the development database. See bench/README.md.
"""

import argparse
import io
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import prepare_database, refuse_unless_bench, setup_django  # noqa: E402

DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"

# What members look for: single common words, rarer ones, the start of a word (typed by tired
# hands), several words, questions in plain English, capitals and misspellings, words nobody
# wrote, and the second page of a common word.
QUERIES: list[tuple[str, int]] = [
    ("IVIg", 1),
    ("fatigue", 1),
    ("grip", 1),
    ("cramps", 1),
    ("neurologist", 1),
    ("infusion", 1),
    ("weakness", 1),
    ("hand", 1),
    ("steroids", 1),
    ("twitching", 1),
    ("plasmapheresis", 1),
    ("eculizumab", 1),
    ("rituximab", 1),
    ("fasciculations", 1),
    ("lumbar puncture", 1),
    ("anti-GM1", 1),
    ("conduction block", 1),
    ("wrist drop", 1),
    ("infu", 1),
    ("neurol", 1),
    ("fatig", 1),
    ("immuno", 1),
    ("physio", 1),
    ("cram", 1),
    ("IVIg fatigue", 1),
    ("grip weakness hand", 1),
    ("infusion nurse", 1),
    ("cold weather cramps", 1),
    ("opening jars", 1),
    ("voice typing", 1),
    ("splint wrist", 1),
    ("headache after ivig", 1),
    ("how long does ivig take to work", 1),
    ("has anyone had cramps after their infusion", 1),
    ("what did your neurologist say about the EMG", 1),
    ("tips for typing with weak fingers", 1),
    ("is it normal to feel tired after treatment", 1),
    ("misdiagnosed with MND", 1),
    ("SCIg at home", 1),
    ("IVIG", 1),
    ("Fatigue", 1),
    ("neurologst", 1),
    ("infusions weekly", 1),
    ("employer work adjustments", 1),
    ("kitchen gadgets", 1),
    ("pacing", 1),
    ("zebrafish", 1),
    ("chemotherapy hair", 1),
    ("IVIg", 2),
    ("fatigue", 3),
]
assert len(QUERIES) == 50


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="The database to fill and measure (default: $BENCH_DATABASE_URL, or "
        "bench/bench.sqlite3). Its name must contain 'bench'.",
    )
    parser.add_argument("--comments", type=int, default=100_000, help="Comments to generate up to.")
    parser.add_argument(
        "--runs", type=int, default=3, help="Runs of each query; its median counts."
    )
    parser.add_argument("--fresh", action="store_true", help="Empty the database first.")
    return parser.parse_args()


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least `share` of the values are within."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def _measure(viewer, runs: int) -> tuple[list[float], list[tuple[float, str, int]]]:
    from forum.search import search

    for query, page in QUERIES:  # warm the caches: every query once, untimed
        search(viewer=viewer, query=query, page=page)
    timings, detail = [], []
    for query, page in QUERIES:
        runs_ms = []
        for _ in range(runs):
            started = time.perf_counter()
            results = search(viewer=viewer, query=query, page=page)
            runs_ms.append((time.perf_counter() - started) * 1000)
        timings.append(statistics.median(runs_ms))
        label = query if page == 1 else f"{query} (page {page})"
        detail.append((timings[-1], label, len(results.hits)))
    return timings, detail


def _report(label: str, runs: int) -> None:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from forum.models import Comment, Thread

    member = User.objects.filter(is_staff=False, is_active=True).order_by("pk").first()
    print(
        f"{label}: {Thread.objects.count():,} threads, {Comment.objects.count():,} comments "
        f"(50 queries, median of {runs} runs each)"
    )
    for name, viewer in (("visitor", AnonymousUser()), ("member", member)):
        timings, detail = _measure(viewer, runs)
        slowest = ", ".join(
            f"{query!r} {ms:.1f} ms" for ms, query, _ in sorted(detail, reverse=True)[:3]
        )
        print(
            f"  {name:8} median {statistics.median(timings):7.2f} ms   "
            f"p95 {_percentile(timings, 0.95):7.2f} ms   slowest: {slowest}"
        )


def main() -> None:
    arguments = _arguments()
    refuse_unless_bench(arguments.database_url)
    prepare_database(arguments.database_url, fresh=arguments.fresh)
    setup_django(arguments.database_url)

    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate, generated_members

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version
    else:
        version = f"{connection.pg_version // 10_000}.{connection.pg_version % 10_000}"
    print(f"Search benchmark on {connection.vendor} {version}: {connection.settings_dict['NAME']}")
    call_command("load_demo_content", "--if-empty", stdout=io.StringIO())
    if not generated_members():
        _report("Demo content", arguments.runs)
    else:
        print("Demo content: already mixed with generated content; --fresh measures it alone.")
    started = time.perf_counter()
    added = generate(total_comments=arguments.comments)
    if added:
        print(f"Generated {added:,} comments in {time.perf_counter() - started:.1f} s.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    _report("Generated forum", arguments.runs)


if __name__ == "__main__":
    main()
