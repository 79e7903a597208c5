"""Admin plumbing shared by every register: what a page may not do, and how a refused service call shows."""

from django.contrib import messages
from django.shortcuts import redirect

from portal.errors import ApplicationError


def admin_error(model_admin, request, error: ApplicationError, form=None) -> None:
    """Show a service's refusal: its message on top and, given the form, each field's message on its field."""
    model_admin.message_user(request, error.message, messages.ERROR)
    if form is None:
        return
    for name, errors in error.fields.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


class ServiceErrorsMixin:
    """A service refusing the add or change form's save: the admin's transaction has been rolled back, so
    nothing was saved; the officer sees why, on the same page, instead of a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except ApplicationError as error:
            admin_error(self, request, error)
            return redirect(request.get_full_path())


# The signatures take `obj=None` so one mixin serves model admins and inlines alike.
class NoAddMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AppendOnlyMixin(NoDeleteMixin):
    """Rows are added, never rewritten or removed (histories, logs)."""

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyMixin(NoAddMixin, AppendOnlyMixin):
    """Shown, never entered, changed or removed here."""
