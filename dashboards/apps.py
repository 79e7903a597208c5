from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from dashboards.tasks import summary_refresh_later
        from portal.exchange import import_finished

        import_finished.connect(
            summary_refresh_later, dispatch_uid="dashboards.refresh_after_import", weak=False
        )
