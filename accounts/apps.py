from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self) -> None:
        import accounts.schema  # noqa: F401 - registers the OpenAPI scheme of API tokens
        from accounts.middleware import stamp_sign_in
        from accounts.roles import sync_role_groups

        # After every app has migrated (sender=self is the last app to register its signal).
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts.stamp_sign_in")
