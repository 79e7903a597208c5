from django import template
from django.utils.translation import get_language

from accounts.models import Office
from accounts.selectors import help_channels_shown

register = template.Library()


@register.inclusion_tag("_partials/help_channels.html")
def help_channels(
    *, office: Office | None = None, office_id: int | None = None, compact: bool = False
) -> dict:
    """Where to get help: the official channels (cached, no query per channel) and, when the page knows it,
    the office that handles the person's case."""
    if office is None and office_id:
        office = Office.objects.filter(pk=office_id).first()
    return {
        "channels": help_channels_shown(),
        "office": office,
        "compact": compact,
        "english": (get_language() or "").startswith("en"),
    }
