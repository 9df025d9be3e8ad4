"""HTML: the visible text of a page (stdlib :mod:`html.parser`, no extra needed).

Script, style and other invisible elements are dropped; block elements start new
lines; runs of white space collapse as a browser shows them (kept inside ``<pre>``);
character references are resolved. The result is the document's original text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .encoding import decode_text

__all__ = ["html_charset", "html_to_text"]

_INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object"}
)
_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
)
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_SPACE = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5hkscs",
}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCK and tag not in _VOID:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.parts.append(data if self.pre else _SPACE.sub(" ", data))


def html_to_text(html: str) -> str:
    """The visible text of ``html``: one line per block, spaces collapsed, ends stripped."""
    p = _Visible()
    try:
        p.feed(html)
        p.close()
    except AssertionError:  # html.parser on a marked section it does not know: <![A>
        p = _Visible()  # read the page again with those marks as text
        p.feed(html.replace("<![", "&lt;!["))
        p.close()
    lines = (line.strip(" ") for line in "".join(p.parts).split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def html_charset(data: bytes) -> tuple[str, str]:
    """Decode an HTML file: its BOM, its ``<meta charset>``, or encoding detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _CHARSET.search(data[:4096])
        if m:
            name = m.group(1).decode("ascii").lower()
            codec = _ALIASES.get(name, name)
            try:
                return data.decode(codec), codec
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_text(data)
