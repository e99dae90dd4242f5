"""`manage.py recheck_spam`: ask the spam service again about comments it never answered for."""

import logging
from datetime import timedelta
from typing import Any

import akismet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models.functions import Coalesce
from django.utils import timezone

from forum.models import Comment, CommentStatus, SpamCheck
from forum.moderation.spam import ask_spam_service, spam_service

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    """Re-run the Akismet check for held comments still waiting for it (the service was down or
    slow when they were posted or edited).

    Safe to run from cron, as often as you like: it only reads comments still waiting, each
    answer is recorded by the same service as the first attempt (which ignores a comment that a
    moderator or another run has settled meanwhile), and a comment the service still does not
    answer for stays held and waiting for the next run. Comments younger than --older-than are
    left to the check their posting queued.
    """

    help = "Check again, with the spam service, held comments it has not answered for yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="SECONDS",
            help="Only comments posted or edited at least this long ago (default: 60).",
        )

    def handle(self, *args: str, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(seconds=options["older_than"])
        waiting = (
            Comment.objects.filter(spam_check=SpamCheck.WAITING, status=CommentStatus.PENDING)
            .annotate(last_written=Coalesce("edited_at", "created_at"))
            .filter(last_written__lte=cutoff)
            .order_by("last_written", "pk")
        )
        comment_ids = list(waiting.values_list("pk", flat=True))
        if not settings.AKISMET_API_KEY:
            if comment_ids:
                raise CommandError(
                    f"{len(comment_ids)} comments wait for the spam service, but AKISMET_API_KEY "
                    "is not set. Set it, or review them in the admin."
                )
            self.stdout.write("AKISMET_API_KEY is not set, so there is nothing to check.")
            return

        outcomes = {"spam": 0, "ham": 0, "error": 0, "skipped": 0}
        with spam_service() as client:
            if comment_ids and _service_answers(client, len(comment_ids)):
                for comment_id in comment_ids:
                    outcomes[ask_spam_service(comment_id, client)] += 1
            else:
                # Down: asking about each comment would only wait out each timeout in turn.
                outcomes["error"] = len(comment_ids)
        self.stdout.write(
            f"Checked {len(comment_ids)} comments waiting for the spam service: "
            f"{outcomes['spam']} spam (held for a moderator), {outcomes['ham']} not spam, "
            f"{outcomes['error']} still failing (held; checked again on the next run)"
            + (f", {outcomes['skipped']} settled meanwhile." if outcomes["skipped"] else ".")
        )
        if outcomes["error"]:
            self.stderr.write(
                f"The spam service did not answer for {outcomes['error']} comments; see the log."
            )


def _service_answers(client: akismet.SyncClient, waiting: int) -> bool:
    """Ask Akismet to verify the key first: False when it does not answer; a refused key stops
    the command with a plain message, since it would fail every check, run after run."""
    try:
        accepted = client.verify_key()
    except akismet.AkismetError as error:
        logger.warning("The spam service did not answer: %s", error)
        return False
    if not accepted:
        raise CommandError(
            f"Akismet does not accept AKISMET_API_KEY for SITE_URL {settings.SITE_URL}; "
            f"{waiting} comments stay held, waiting for the spam service."
        )
    return True
