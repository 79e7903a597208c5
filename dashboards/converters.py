from regions.codes import CODE_RE

COUNTRY = "indonesia"


class RegionConverter:
    """A dotted Kemendagri code in the URL, or `indonesia` for the whole country (code '')."""

    regex = rf"{COUNTRY}|{CODE_RE.pattern.strip('^$')}"

    def to_python(self, value: str) -> str:
        return "" if value == COUNTRY else value

    def to_url(self, value: str) -> str:
        return value or COUNTRY
