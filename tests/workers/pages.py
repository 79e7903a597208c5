"""Reading what a user sees: the text inside an element of a rendered page."""

import html
import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TextOf(HTMLParser):
    def __init__(self, element_id: str):
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.found = True
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(page, element_id: str) -> str | None:
    """The visible text of the element with this id (whitespace collapsed), or None if there is none."""
    content = page.content.decode() if hasattr(page, "content") else page
    parser = _TextOf(element_id)
    parser.feed(content)
    return " ".join("".join(parser.parts).split()) if parser.found else None


def text(page) -> str:
    """All of a page's text with tags removed and whitespace collapsed."""
    content = page.content.decode() if hasattr(page, "content") else page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def hrefs(page) -> list[str]:
    content = page.content.decode() if hasattr(page, "content") else page
    return [html.unescape(link) for link in re.findall(r'href="([^"]*)"', content)]
