"""Send the daily digests. Run once a day by the scheduler (cron, a systemd timer)."""

from django.core.management.base import BaseCommand, CommandError

from notifications.services import digests_send


class Command(BaseCommand):
    help = (
        "Email each member who chose a daily digest their new notifications, one email each. "
        "Safe to run again: what was sent is not sent twice."
    )

    def handle(self, *args, **options) -> None:
        run = digests_send()
        self.stdout.write(f"Sent {run.sent} digest{'' if run.sent == 1 else 's'}.")
        if run.failed:
            # A non-zero exit, so the scheduler reports it; the next run tries these again.
            raise CommandError(f"{run.failed} could not be sent (see the log).")
