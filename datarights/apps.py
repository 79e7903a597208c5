from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatarightsConfig(AppConfig):
    name = "datarights"
    verbose_name = _("Data rights")
