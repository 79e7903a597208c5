from placements.imports import placements_import, placements_template
from placements.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Import placements.csv (exchange-format.md): rejected rows are reported, the rest loaded."
    importer = staticmethod(placements_import)
    template = staticmethod(placements_template)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--source", default="import", help="name of the source system (keys external_id)")

    def extra_options(self, options) -> dict:
        return {"source": options["source"]}
