import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from placements.models import Position
from regions.models import Village

# Each app adds its demo data here, in dependency order; every seeder is idempotent.
SEEDERS = [
    "accounts.demo.seed",
    "workers.demo.seed",
    "placements.demo.seed",
    "complaints.demo.seed",
    "outreach.demo.seed",
    "village.demo.seed",  # before the dashboards: its early warnings are counted there
    "dashboards.demo.seed",
    "accounts.demo.enrol_authenticators",
]


class Command(BaseCommand):
    help = "Create the demo offices, users and data (development only; idempotent)."

    def handle(self, *args, **options):
        # The demo users share a published password and API token: never on a real server.
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates users with the published demo "
                "password and API token, which must never exist on a production server. "
                "Set DEBUG=true only on a development machine."
            )
        # Services log every registration; hundreds of demo rows would bury the summary lines.
        loggers = [logging.getLogger(name) for name in ("workers", "complaints", "celery")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.WARNING)
        try:
            self._seed()
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)

    def _seed(self) -> None:
        if not Village.objects.exists():
            raise CommandError("No regions loaded: run `manage.py load_regions` first.")
        if not Position.objects.exists():
            raise CommandError("No policy data loaded: run `manage.py load_policies` first.")
        for path in SEEDERS:
            with transaction.atomic():
                import_string(path)(self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data ready"))
