import time

from django.core.management.base import BaseCommand, CommandError

from placements.models import Flag, FlagStatus
from placements.rules import RULES
from placements.rules.engine import sweep
from placements.services import rule_runs_record


class Command(BaseCommand):
    help = "Run the non-procedural placement rules over every placement now (the sweep), with progress."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rule", action="append", dest="rules", metavar="CODE", help="only this rule (repeatable)"
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="ids per step (default: each rule over the whole table)",
        )

    def handle(self, *args, rules=None, batch_size: int | None, **options):
        unknown = [code for code in rules or [] if code not in RULES]
        if unknown:
            raise CommandError(f"unknown rule {', '.join(unknown)}; known: {', '.join(RULES)}")
        codes = rules or list(RULES)
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"  batch {done}/{total} ({time.monotonic() - started:.0f}s)")

        sweep(rules=codes, batch_size=batch_size, progress=progress)
        rule_runs_record(codes=codes)
        open_flags = Flag.objects.filter(rule__in=codes).exclude(status=FlagStatus.RESOLVED).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(codes)} rules evaluated in {time.monotonic() - started:.1f}s; {open_flags} flags not resolved"
            )
        )
