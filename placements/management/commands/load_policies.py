from django.core.management.base import BaseCommand

from accounts.channels import help_channels_load
from placements.reference import policies_load


class Command(BaseCommand):
    help = "Load countries (ISO 3166-1), positions and the country policies in force (idempotent)."

    def handle(self, *args, **options):
        created = policies_load()
        created["help channels"] = help_channels_load()
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"reference data loaded: {summary} created"))
