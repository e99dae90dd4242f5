"""`manage.py check_resource_links`: does every published link in the directory still open?"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resources import linkcheck, selectors, services
from resources.models import LINK_NEEDS_ATTENTION, LinkStatus
from resources.services import LinkCheck

# The summary's rows, in this order, with the word each status has in the output.
LABELS = {
    LinkStatus.OK: "ok",
    LinkStatus.REDIRECTED: "redirected",
    LinkStatus.BROKEN: "broken",
    LinkStatus.TIMED_OUT: "timed out",
    LinkStatus.TURNED_AWAY: "turned away",
}


class Command(BaseCommand):
    """Request every published entry's link (several at once, following redirects) and record
    what each answered, with when it last worked.

    Safe to run from cron: it changes nothing but the link fields. A broken or silent link stays
    published and is never deleted; it is marked for moderators, who decide (the site may only be
    down for the day, or may turn away robots). The exit code is 0 whatever the links answered:
    this is a report, and a failed link is not a failed run.
    """

    help = "Check that every published resource's link still opens, and record what it answered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--timeout",
            type=float,
            default=linkcheck.DEFAULT_TIMEOUT,
            metavar="SECONDS",
            help="Give each link this long to answer, redirects included (default: 10).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=linkcheck.DEFAULT_CONCURRENCY,
            metavar="N",
            help="Check this many links at once (default: 8).",
        )
        parser.add_argument(
            "--slug",
            action="append",
            dest="slugs",
            metavar="SLUG",
            help="Check only the entry with this slug; repeat it to check several.",
        )

    def handle(self, *args: str, **options: Any) -> None:
        timeout, concurrency, slugs = options["timeout"], options["concurrency"], options["slugs"]
        if concurrency < 1:
            raise CommandError(f"--concurrency must be at least 1, not {concurrency}.")
        if not timeout > 0:
            raise CommandError(f"--timeout must be a number of seconds above 0, not {timeout:g}.")
        links = selectors.links_to_check(slugs=slugs)
        if slugs is not None:
            unknown = sorted(set(slugs) - {slug for _, _, slug in links})
            if unknown:
                raise CommandError(f"No published resource has the slug: {', '.join(unknown)}.")
        if not links:
            self.stdout.write("No published resources to check.")
            return

        slugs_by_id = {pk: slug for pk, _, slug in links}
        urls_by_id = {pk: url for pk, url, _ in links}

        def progress(done: int, total: int, resource_id: int, url: str, check: LinkCheck) -> None:
            self._write_progress(done, total, slugs_by_id[resource_id], check)

        started = time.monotonic()
        results = linkcheck.check_links(
            [(pk, url) for pk, url, _ in links],
            timeout=timeout,
            concurrency=concurrency,
            on_result=progress,
        )
        # Recorded once the event loop has finished: the ORM must not be called from inside it.
        for resource_id, check in results:
            services.link_check_record(
                resource_id=resource_id, url=urls_by_id[resource_id], check=check
            )
        self._write_summary(
            [(slugs_by_id[pk], check) for pk, check in results],
            elapsed=time.monotonic() - started,
            timeout=timeout,
            concurrency=concurrency,
        )

    def _styled(self, status: str, text: str) -> str:
        style = {
            LinkStatus.OK: self.style.SUCCESS,
            LinkStatus.BROKEN: self.style.ERROR,
            LinkStatus.TIMED_OUT: self.style.WARNING,
            LinkStatus.TURNED_AWAY: self.style.WARNING,
        }.get(status)
        return style(text) if style else text

    def _write_progress(self, done: int, total: int, slug: str, check: LinkCheck) -> None:
        counter = f"[{done:>{len(str(total))}}/{total}]"
        code = check.status_code or "-"
        line = f"{counter} {self._styled(check.status, f'{LABELS[check.status]:<12}')}{code:>3}"
        line += f"  {slug}" + (f"  ({check.detail})" if check.detail else "")
        self.stdout.write(line)
        # Progress is only worth showing as it happens, also when the output is piped to a log.
        self.stdout.flush()

    def _write_summary(
        self,
        results: list[tuple[str, LinkCheck]],
        *,
        elapsed: float,
        timeout: float,
        concurrency: int,
    ) -> None:
        counts = dict.fromkeys(LABELS, 0)
        for _, check in results:
            counts[check.status] += 1
        self.stdout.write(
            f"\nChecked {len(results)} link{'' if len(results) == 1 else 's'} in {elapsed:.1f} s "
            f"({concurrency} at a time, {timeout:g} s each at most).\n"
        )
        self.stdout.write(f"  {'status':<12}{'links':>6}")
        for status, label in LABELS.items():
            self.stdout.write(f"  {self._styled(status, f'{label:<12}')}{counts[status]:>6}")
        self.stdout.write(f"  {'total':<12}{len(results):>6}")

        attention = [
            (slug, check) for slug, check in results if check.status in LINK_NEEDS_ATTENTION
        ]
        if not attention:
            self.stdout.write(self.style.SUCCESS("\nEvery link answered."))
            return
        self.stdout.write(f"\nNeed attention ({len(attention)}):")
        width = max(len(slug) for slug, _ in attention)
        for slug, check in attention:
            self.stdout.write(f"  {slug:<{width}}  {self._styled(check.status, check.detail)}")
        self.stdout.write(
            "They stay published; moderators see them in the admin under Link status."
        )
