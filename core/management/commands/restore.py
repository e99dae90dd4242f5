"""`manage.py restore PATH`: put a backup made by `manage.py backup` back in place of the data."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import (
    BackupError,
    check_backup,
    describe_database,
    format_size,
    restore_backup,
    site_database,
)


class Command(BaseCommand):
    """Replace everything in the site's database with a backup, after checking the file and
    asking for confirmation (core/backup.py does the work and says what it guarantees).

    All or nothing: a refused or failed restore leaves the live data as it was.
    """

    help = "Replace the database with a backup made by `manage.py backup`, then clear the cache."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file (.sqlite3 or .pgdump).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (for scripts).",
        )

    def handle(self, *args: str, **options: Any) -> None:
        try:
            backup = check_backup(options["path"])
            self.stdout.write(
                f"Checked {backup.path}: a {backup.engine.label} backup of this site, "
                f"{format_size(backup.size)}, made {backup.modified:%d %B %Y at %H:%M %Z}"
            )
            if options["interactive"]:
                self._confirm(backup.modified)
            restore_backup(backup, report=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Restore complete."))

    def _confirm(self, made) -> None:
        database = describe_database(site_database())
        question = (
            f"This replaces everything in {database} with the backup made "
            f"{made:%d %B %Y at %H:%M %Z}.\nEvery post, member and change since then is lost.\n"
            "Type 'yes' to continue, or anything else to cancel: "
        )
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError(
                "Restore cancelled; the database was not changed. (--noinput skips this question.)"
            )
