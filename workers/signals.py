"""Workers tell later apps that a person's data changed, without importing them (the dependency runs
workers <- placements). Placements re-evaluate their rules on it."""

from django.dispatch import Signal

# sender: the service function; worker_ids: the workers whose data (record or documents) changed.
worker_data_changed = Signal()
