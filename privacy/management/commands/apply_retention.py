from django.core.management.base import BaseCommand

from privacy.services import RetentionReport, retention_apply


def report_lines(report: RetentionReport) -> list[str]:
    """One line per kind: what was done (or would be), the period and its cutoff, what a hold kept."""
    verb = {"ANONYMISE": ("would anonymise", "anonymised"), "DELETE": ("would delete", "deleted")}
    lines = []
    for result in report.results:
        would, did = verb[result.action.value]
        line = (
            f"{result.kind.value}: {would if report.dry_run else did} {result.count} "
            f"(older than {result.days} days, before {result.cutoff:%Y-%m-%d})"
        )
        if result.held:
            line += f"; {result.held} kept under legal hold"
        if result.skipped:
            line += f"; skipped: {result.skipped}"
        lines.append(line)
    return lines


class Command(BaseCommand):
    help = "Apply the retention rules now (privacy/retention.py); --dry-run only counts what is due."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what is due, change nothing")

    def handle(self, *args, dry_run: bool, **options):
        report = retention_apply(dry_run=dry_run)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        for line in report_lines(report):
            self.stdout.write(line)
