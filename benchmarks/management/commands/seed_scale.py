import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.scale import FULL, seed


class Command(BaseCommand):
    help = (
        "Generate benchmark data set-based (PostgreSQL): --workers N scales everything from performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=FULL["workers"])

    def handle(self, *args, workers: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL (DATABASE_URL)")
        call_command("load_regions", verbosity=0)
        call_command("load_policies", verbosity=0)
        started = time.monotonic()
        sizes = seed(scale=workers / FULL["workers"], progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"scale data {sizes} in {time.monotonic() - started:.0f}s"))
