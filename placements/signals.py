from django.dispatch import Signal

# Sent after an import wrote placements or documents (kwargs: created, updated). Dashboards refresh on it.
import_finished = Signal()
