import time

from django.core.management.base import BaseCommand

from regions.services import regions_load


class Command(BaseCommand):
    help = "Load or update Kemendagri regions (2025 decree): provinces, regencies, districts, villages."

    def handle(self, *args, **options):
        started = time.monotonic()
        report = regions_load(progress=self.stdout.write)
        elapsed = time.monotonic() - started
        verdict = "regions updated" if report.changed else "regions already up to date, nothing changed"
        self.stdout.write(self.style.SUCCESS(f"{verdict} in {elapsed:.1f}s"))
