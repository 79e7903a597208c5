from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.selectors import heartbeat_latest


class Command(BaseCommand):
    help = "Exit non-zero unless a Celery worker recorded a heartbeat recently (container health check)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=300, help="seconds")

    def handle(self, *args, max_age: int, **options):
        beat = heartbeat_latest()
        if beat is None:
            raise CommandError("no worker heartbeat recorded yet")
        age = (timezone.now() - beat.seen_at).total_seconds()
        if age > max_age:
            raise CommandError(f"last worker heartbeat {age:.0f}s ago (limit {max_age}s)")
        self.stdout.write(f"last worker heartbeat {age:.0f}s ago")
