"""Update the directory from a CSV file shaped like resources/data/resources.csv."""

from django.core.management.base import BaseCommand, CommandError

from resources import importing


class Command(BaseCommand):
    help = (
        "Create or update directory entries from a CSV file (columns: "
        f"{', '.join(importing.COLUMNS)}), matched by slug. Running it twice changes nothing "
        "the second time. Bad rows are reported by line and skipped; the good rows are imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, UTF-8, with the column names on line 1.")

    def handle(self, *args, file: str, **options):
        try:
            report = importing.import_records(importing.read_file(file))
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from error
        for line, problem in report.problems:
            self.stderr.write(self.style.ERROR(f"line {line}: {problem}; not imported"))
        self.stdout.write(
            f"Created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, skipped {len(report.problems)}."
        )
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} row{'s' if len(report.problems) != 1 else ''} "
                "not imported (see above); every other row was."
            )
