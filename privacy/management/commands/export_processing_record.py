from django.core.management.base import BaseCommand
from django.utils import translation

from privacy.record import processing_record_markdown


class Command(BaseCommand):
    help = "Write the record of processing activities (privacy/processing.py) as Markdown to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=["id", "en"], default="id")

    def handle(self, *args, language: str, **options):
        with translation.override(language):
            self.stdout.write(processing_record_markdown(), ending="")
