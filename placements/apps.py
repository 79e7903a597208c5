from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        from placements.services import refresh_flags_later
        from workers.signals import worker_data_changed

        def on_worker_data_changed(sender, worker_ids, **kwargs):
            refresh_flags_later(worker_ids=worker_ids)

        worker_data_changed.connect(
            on_worker_data_changed, dispatch_uid="placements.refresh_on_worker_change", weak=False
        )
