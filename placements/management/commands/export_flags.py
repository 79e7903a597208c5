import io
import json

from django.core.management.base import BaseCommand

from placements.flag_export import EXPORT_COLUMNS, csv_cells, export_rows, exported_flags
from portal.sanitize import safe_csv_writer


def _csv_line(cells: list) -> str:
    buffer = io.StringIO()
    safe_csv_writer(buffer).writerow(cells)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Write open and reviewed flags per exchange-format.md (no NIK, no name) to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, format: str, **options):
        rows = export_rows(exported_flags())
        if format == "csv":
            self.stdout.write(_csv_line(EXPORT_COLUMNS), ending="")
            for row in rows:
                self.stdout.write(_csv_line(csv_cells(row)), ending="")
            return
        self.stdout.write("[", ending="")
        for n, row in enumerate(rows):
            self.stdout.write(
                ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False, sort_keys=True), ending=""
            )
        self.stdout.write("\n]")
