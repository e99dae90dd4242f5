"""`manage.py backup`: one file holding the whole database, safe to take while the site runs."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, create_backup, format_size


class Command(BaseCommand):
    """Back up the site's database (core/backup.py does the work and says what it guarantees).

    Safe to run from cron while the site serves. Prints a line per step and ends with the file's
    path and size; any failure is one clear error, with no file left behind.
    """

    help = (
        "Back up the database: SQLite through its online backup API, PostgreSQL through "
        "pg_dump. Default: backups/mmn-<engine>-<date>-<time> in the project folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="The file to write, or a folder to write a timestamped file in.",
        )

    def handle(self, *args: str, **options: Any) -> None:
        try:
            result = create_backup(output=options["output"], report=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {result.path} ({format_size(result.size)})")
        )
