"""`manage.py access_report --since DATE --until DATE [--user NAME] [--format csv]`: breach scoping."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.breach import COLUMNS, access_report
from portal.sanitize import safe_csv_writer


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Whose person records were read or changed, by whom, when and why (access log + change history)."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="first day (YYYY-MM-DD), inclusive")
        parser.add_argument("--until", required=True, help="last day (YYYY-MM-DD), inclusive")
        parser.add_argument("--user", default=None, help="only this account (user name)")
        parser.add_argument("--format", choices=["text", "csv"], default="text")

    def handle(self, *args, **options):
        since, until = _day(options["since"]), _day(options["until"])
        if until < since:
            raise CommandError("--until is before --since")
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        rows = access_report(since=start, until=end, username=options["user"])
        if options["format"] == "csv":
            writer = safe_csv_writer(self.stdout)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow(row.cells())
            return
        for row in rows:
            self.stdout.write("\t".join(row.cells()))
        persons = sorted({row.person for row in rows if row.person})
        self.stdout.write(f"{len(rows)} rows; {len(persons)} persons: {', '.join(persons)}")
