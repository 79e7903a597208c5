"""A list page's filters, drawn as Django's admin draws them, without a template variable per choice.

Django renders `admin/filter.html` for each filter, resolving three template variables and a filter per
choice; with a few hundred choices (regions, agencies, countries) that was a large part of a list page's time
(P5 in benchmarks/README.md). Here the choices of the default template are joined in Python and the template
renders the rest; the HTML is the same, character for character (tests/accounts/test_admin_filter_list.py).
A filter with its own template keeps Django's way.
"""

from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.template.base import render_value_in_context
from django.template.context import Context
from django.template.loader import get_template
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.safestring import mark_safe

DJANGO_TEMPLATE = "admin/filter.html"
TEMPLATE = "admin/filter_joined.html"  # Django's template, its loop over the choices replaced by `choices`


def list_filter(cl, spec) -> str:
    """What `{% admin_list_filter cl spec %}` renders."""
    if spec.template != DJANGO_TEMPLATE:
        return admin_list_filter(cl, spec)
    context = Context(autoescape=True)
    items = [
        '\n    <li{}>\n    <a href="{}">{}</a></li>\n  '.format(
            ' class="selected"' if choice["selected"] else "",
            escape(iri_to_uri(choice["query_string"])),
            render_value_in_context(choice["display"], context),
        )
        for choice in spec.choices(cl)
    ]
    choices = mark_safe("".join(items))  # noqa: S308 - each part escaped above
    return get_template(TEMPLATE).render({"title": spec.title, "choices": choices, "spec": spec})
