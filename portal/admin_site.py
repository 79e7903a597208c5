"""The staff admin's site: Django's, with the app list built only on the pages that show it.

Django builds the list of every register the user may open (a permission check per model) for every admin
page, for the navigation sidebar. The sidebar is off here: officers start from the workbench on the admin
home, which lists the registers, and each page has its breadcrumbs. A list page of 50 rows then spends its
time on its rows (P5 in benchmarks/README.md).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject


class PortalAdminSite(admin.AdminSite):
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        # Read where iterated (the home page, the app pages), not where merely passed into a context.
        return SimpleLazyObject(lambda: super(PortalAdminSite, self).get_app_list(request, app_label))


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
