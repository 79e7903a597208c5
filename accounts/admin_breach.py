"""The breach-scoping report as an admin page, for administrators only (the same rows as the command)."""

import datetime
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.breach import COLUMNS, access_report
from accounts.roles import Role
from accounts.scoping import user_roles
from portal.sanitize import safe_csv_writer


class AccessReportForm(forms.Form):
    since = forms.DateField(label=_("from"))
    until = forms.DateField(label=_("until"))
    user = forms.CharField(label=_("user"), required=False, max_length=150)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data


def access_report_view(request, admin_site):
    if Role.ADMIN not in user_roles(request.user):
        raise PermissionDenied
    form = AccessReportForm(request.GET or None)
    rows = None
    if form.is_valid():
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(form.cleaned_data["since"], datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            form.cleaned_data["until"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        rows = access_report(since=start, until=end, username=form.cleaned_data["user"] or None)
        if request.GET.get("format") == "csv":
            out = io.StringIO()
            writer = safe_csv_writer(out)
            writer.writerow(COLUMNS)
            writer.writerows(row.cells() for row in rows)
            response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="access-report.csv"'
            return response
    context = {
        **admin_site.each_context(request),
        "title": _("Access report (breach scoping)"),
        "form": form,
        "rows": rows,
        "persons": sorted({r.person for r in rows if r.person}) if rows is not None else [],
    }
    return TemplateResponse(request, "admin/accounts/access_report.html", context)
