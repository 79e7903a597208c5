from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillageConfig(AppConfig):
    name = "village"
    verbose_name = _("Village desk")
