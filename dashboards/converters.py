from django.urls import converters, register_converter

from regions.codes import CODE_RE

COUNTRY = "indonesia"


class RegionConverter:
    """A dotted Kemendagri code in the URL, or `indonesia` for the whole country (code '')."""

    # Grouped, so that the schema's `^...$` anchors both alternatives.
    regex = rf"(?:{COUNTRY}|{CODE_RE.pattern.strip('^$')})"

    def to_python(self, value: str) -> str:
        return "" if value == COUNTRY else value

    def to_url(self, value: str) -> str:
        return value or COUNTRY


def register_region_converter() -> None:
    """`<region:code>` in URL patterns; both URL modules call this, the first call registers it."""
    if "region" not in converters.get_converters():
        register_converter(RegionConverter, "region")
