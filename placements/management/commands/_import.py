"""Shared shape of the two import commands: open the file, show progress, print the report."""

import time
from collections.abc import Callable
from typing import ClassVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from portal.exchange import ImportReport, report_lines
from portal.sanitize import safe_csv_writer


class ImportCommand(BaseCommand):
    # Set by subclasses: a callable(handle=..., progress=..., dry_run=..., **extra), and one returning the
    # template's text.
    importer: ClassVar[Callable[..., ImportReport]]
    template: ClassVar[Callable[[], str]]

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="UTF-8 CSV file with a header row (exchange-format.md)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would be created, updated and rejected; write nothing",
        )
        parser.add_argument(
            "--template",
            action="store_true",
            help="print a CSV template (header, example row, allowed values)",
        )
        parser.add_argument("--report", help="also write the rejected rows to this CSV file")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="language of the report (id, en)"
        )

    def extra_options(self, options) -> dict:
        return {}

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            if options["template"]:
                self.stdout.write(type(self).template(), ending="")
                return
            if not options["file"]:
                raise CommandError("give the CSV file to import (or --template)")
            self._import(options)

    def _import(self, options) -> None:
        started = time.monotonic()

        def progress(done: int) -> None:
            self.stderr.write(f"  {done:,} rows read ({time.monotonic() - started:.0f}s)")

        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                report = type(self).importer(
                    handle=handle,
                    progress=progress,
                    dry_run=options["dry_run"],
                    **self.extra_options(options),
                )
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {options['file']}: {error}") from error
        for line in report_lines(report):
            self.stdout.write(line)
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8", newline="") as out:
                writer = safe_csv_writer(out)
                writer.writerow(["line", "column", "reason"])
                writer.writerows((e.line, e.column, e.message) for e in report.rejected)
        self.stdout.write(f"done in {time.monotonic() - started:.1f}s")
