from placements.management.commands._import import ImportCommand
from workers.imports import documents_import, documents_template


class Command(ImportCommand):
    help = "Import documents.csv (exchange-format.md): rejected rows are reported, the rest loaded."
    importer = staticmethod(documents_import)
    template = staticmethod(documents_template)
