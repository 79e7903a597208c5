import time

from django.core.management.base import BaseCommand

from regions.services import historic_districts_load, regions_load


class Command(BaseCommand):
    help = (
        "Load or update Kemendagri regions (2025 decree, 2138/2025 as amended by 2430/2025): provinces, "
        "regencies, districts, villages; and the district codes of earlier decrees that a NIK may carry."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        report = regions_load(progress=self.stdout.write)
        historic = historic_districts_load(progress=self.stdout.write)
        elapsed = time.monotonic() - started
        verdict = (
            "regions updated" if report.changed or historic else "regions already up to date, nothing changed"
        )
        self.stdout.write(self.style.SUCCESS(f"{verdict} in {elapsed:.1f}s"))
