"""Reading what a visitor sees: the text of a rendered page, or of one element of it."""

import html
import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _content(page) -> str:
    return page.content.decode() if hasattr(page, "content") else page


def _collapse(value: str) -> str:
    return " ".join(value.split())


class _Collector(HTMLParser):
    """Collects the text inside elements matching `wanted(tag, attrs)`, one string per element."""

    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.depth = 0
        self.found: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
        elif self.wanted(tag, dict(attrs)):
            self.found.append([])
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1].append(data)


def _texts(page, wanted) -> list[str]:
    parser = _Collector(wanted)
    parser.feed(_content(page))
    return [_collapse("".join(parts)) for parts in parser.found]


def text(page) -> str:
    """All of a page's text with tags removed and whitespace collapsed."""
    return _collapse(html.unescape(re.sub(r"<[^>]+>", " ", _content(page))))


def text_of(page, element_id: str) -> str | None:
    """The text of the element with this id, or None when the page has no such element."""
    texts = _texts(page, lambda tag, attrs: attrs.get("id") == element_id)
    return texts[0] if texts else None


def texts_of_class(page, css_class: str) -> list[str]:
    """The text of every element carrying this class (e.g. each search result card)."""
    return _texts(page, lambda tag, attrs: css_class in (attrs.get("class") or "").split())


def hrefs(page) -> list[str]:
    return [html.unescape(link) for link in re.findall(r'href="([^"]*)"', _content(page))]
