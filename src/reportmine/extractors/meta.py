"""Document metadata: headline, publication date and source, bylines, captions.

Read from the text itself (tables ``sources.txt`` and ``bylines.txt``):

- a header line naming a source and a date (``辽宁日报 2020年08月05日``, ``来源：…``) gives
  ``source`` and a full ``date``;
- a dateline (``本报北京10月1日电``, ``新华社北京9月30日电``, ``本报讯``) gives ``source``,
  ``place`` and the month and day; the year comes from a header date when there is one,
  otherwise the date stays ``--MM-DD``;
- the leading short lines before the body give the ``headline`` (a short kicker line such
  as ``中宣部`` before a longer title goes to ``subheadlines``, with ``——…`` subtitles);
- bylines (``本报记者 张 旭``, ``□ 路小飞``, a name alone on the first line, ``（记者朱基钗）``
  after a dateline), author notes (``(作者系…)``) and photo captions (see
  :mod:`reportmine.extractors.bylines`).
"""

from __future__ import annotations

import re

import regex

from ..chars import DAY_CN, DAY_DIGITS, MONTH_CN, MONTH_DIGITS, YEAR_DIGITS, alternation, valid_date
from ..lexicon import Lexicon
from ..lexicon_tables import SOURCES, grouped
from ..records import DocumentMeta
from .base import Context
from .bylines import Byline, BylineReader, Line
from .dates import chinese_number
from .scan import Prefiltered

__all__ = ["MetaExtractor"]

_HEAD_LINES = 14  # header lines are looked for among the first lines only
_MAX_TITLE = 60
_KICKER = 6
_SENT_END = regex.compile(r"[。！？!?；;]\s*[”’」』)）]*\s*$|[。！？!?]")
_LINES = re.compile(r"[^\r\n]+")
_YEAR = re.compile(YEAR_DIGITS)  # a header line holds a full date
_COLON = re.compile(r"[:：]")  # a source line holds a label and a colon
_MD = (
    rf"(?:(?P<m>{MONTH_DIGITS})月(?P<d>{DAY_DIGITS})日"
    rf"|(?P<mc>{MONTH_CN})月(?P<dc>{DAY_CN})日)"
)
_FULL_DATE = (
    rf"(?P<date>(?P<y>{YEAR_DIGITS})(?:年(?P<fm>{MONTH_DIGITS})月(?P<fd>{DAY_DIGITS})日"
    rf"|(?P<sep>[\-/.])(?P<im>{MONTH_DIGITS})(?P=sep)(?P<id>{DAY_DIGITS})(?![0-9])))"
)
_EXTRA = r"(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*第\s*[0-9]+\s*版)?"
_alternation = alternation  # (the shared helpers under their old names)
_valid = valid_date


class MetaExtractor:
    """Reads :class:`~reportmine.records.DocumentMeta` from a document's text."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        words = grouped(lexicon, SOURCES)
        alt = {k: _alternation(v) for k, v in words.items()}
        self._dateline = regex.compile(
            rf"(?<![\p{{Han}}])(?:据)?(?P<src>{alt['agency']})"
            rf"(?P<place>[\p{{Han}}、·]{{0,60}}?){_MD}?(?:电|讯)"
        )
        # a dateline starts at 据 or at an agency's name: search only there (see .scan)
        starts = "|".join(re.escape(w) for w in sorted({"据", *words["agency"]}, key=len, reverse=True))
        self._dateline_at = Prefiltered(self._dateline, re.compile(starts))
        source = rf"(?P<src>\p{{Han}}{{1,10}}?(?:{alt['suffix']}))"
        label = rf"(?:(?:{alt['label']})\s*[:：]\s*)?"
        source2 = rf"(?P<src2>\p{{Han}}{{1,10}}?(?:{alt['suffix']}))"
        self._header = regex.compile(
            rf"^{label}{source}?\s*{label}{_FULL_DATE}{_EXTRA}\s*{label}{source2}?{_EXTRA}$"
        )
        self._source_line = regex.compile(rf"^(?:{alt['label']})\s*[:：]\s*{source}$")
        # sentence punctuation no header line can hold (unless a table word has it)
        table_chars = set("".join(words["label"] + words["suffix"]))
        self._not_header = frozenset("，。、；！？,;!?“”") - table_chars
        self._bylines = BylineReader(lexicon)

    def find(self, ctx: Context) -> DocumentMeta:
        """The metadata of ``ctx``'s document."""
        s = ctx.s
        lines = _lines(s)
        head = lines[:_HEAD_LINES]

        # 1. header date and source
        h_date: tuple[int, int, int] | None = None
        h_span: tuple[int, int] | None = None
        source: str | None = None
        for ln in head:
            t = ln.text
            # a header holds a year and no sentence punctuation: only such lines are tried
            m = self._header.match(t) if _YEAR.search(t) and self._not_header.isdisjoint(t) else None
            if m:
                y = int(m["y"])
                mo, d = (int(m["fm"]), int(m["fd"])) if m["fm"] else (int(m["im"]), int(m["id"]))
                if _valid(y, mo, d):
                    h_date = (y, mo, d)
                    h_span = (ln.start + m.start("date"), ln.start + m.end("date"))
                    source = m["src"] or m["src2"] or source
                    break
            sm = self._source_line.match(ln.text) if source is None and _COLON.search(ln.text) else None
            if sm:
                source = sm["src"]

        # 2. dateline
        place: str | None = None
        date: str | None = None
        date_span: tuple[int, int] | None = None
        dl = self._find_dateline(s)
        byline_after: Byline | None = None
        if dl is not None:
            if source is None:
                source = dl["src"]
            place = dl["place"] or None
            if dl["m"] or dl["mc"]:
                mo = int(dl["m"]) if dl["m"] else chinese_number(dl["mc"])
                d = int(dl["d"]) if dl["d"] else chinese_number(dl["dc"])
                a = dl.start("m") if dl["m"] else dl.start("mc")
                b = dl.end("d") if dl["d"] else dl.end("dc")
                date_span = ctx.span(a, b + 1)[:2]
                if h_date is not None and _valid(h_date[0], mo, d):
                    date = f"{h_date[0]:04d}-{mo:02d}-{d:02d}"
                else:
                    date = f"--{mo:02d}-{d:02d}"
            byline_after = self._bylines.after_dateline(s, dl.end())
        if date is None and h_date is not None and h_span is not None:
            date = f"{h_date[0]:04d}-{h_date[1]:02d}-{h_date[2]:02d}"
            date_span = ctx.span(*h_span)[:2]

        # 3. headline, subheadlines and bylines among the leading lines
        titles: list[Line] = []
        bylines: list[Byline] = []
        stop_titles = False
        brackets = self._bylines.caption_brackets(s)
        for k, ln in enumerate(head):
            # a caption line, or a line holding a credit bracket (见图，新华社记者李文摄)
            caption = any(a < ln.end and ln.start < b for a, b in brackets) or bool(
                self._bylines.line_captions([ln])
            )
            if caption or (h_span is not None and ln.start <= h_span[0] < ln.end):
                stop_titles = bool(titles)
                continue
            body = self._is_body(ln, dl)
            if body:
                break
            nxt_body = k + 1 >= len(head) or self._is_body(head[k + 1], dl)
            alone = (not titles and nxt_body) or (bool(titles) and k <= _HEAD_LINES // 2)
            by = self._bylines.line_byline(ln, alone_ok=alone)
            if by is not None:
                bylines.append(by)
                stop_titles = bool(titles)
                continue
            if self._bylines.is_label(ln.text):
                stop_titles = bool(titles)
                continue
            if not stop_titles and len(ln.text) <= _MAX_TITLE:
                titles.append(ln)
        if byline_after is not None:
            bylines.append(byline_after)
        # later bylines (compilations of several pieces, closing author lines)
        for ln in lines[len(head) :]:
            by = self._bylines.line_byline(ln, alone_ok=False)
            if by is not None:
                bylines.append(by)
        notes = self._bylines.notes(s)

        headline: Line | None = None
        subs: list[Line] = []
        if titles:
            main = 1 if len(titles) > 1 and len(titles[0].text) <= _KICKER < len(titles[1].text) else 0
            headline = titles[main]
            subs = [t for t in titles if t is not headline]

        def orig(a: int, b: int) -> str:
            return ctx.span(a, b)[2]

        caps = self._bylines.captions(s, lines, brackets)
        return DocumentMeta(
            headline=orig(headline.start, headline.end) if headline else None,
            headline_span=ctx.span(headline.start, headline.end)[:2] if headline else None,
            subheadlines=tuple(orig(t.start, t.end) for t in subs),
            date=date,
            date_span=date_span,
            source=source,
            place=place,
            bylines=tuple(orig(b.start, b.end) for b in bylines),
            byline_spans=tuple(ctx.span(b.start, b.end)[:2] for b in bylines),
            authors=tuple(dict.fromkeys(n for b in bylines for n in b.names)),
            author_notes=tuple(orig(n.start, n.end) for n in notes),
            captions=tuple(ctx.span(a, b)[:2] for a, b in caps),
        )

    def _find_dateline(self, s: str) -> regex.Match[str] | None:
        """The first dateline with a date, else the first without one."""
        first: regex.Match[str] | None = None
        for m in self._dateline_at.finditer(s):
            if m["m"] or m["mc"]:
                return m
            if first is None:
                first = m
        return first

    @staticmethod
    def _is_body(ln: Line, dl: regex.Match[str] | None) -> bool:
        if dl is not None and ln.start <= dl.start() < ln.end:
            return True
        t = ln.text
        if len(t) > _MAX_TITLE or t.endswith("。"):
            return True
        return bool(_SENT_END.search(t)) and len(t) > 30


def _lines(s: str) -> list[Line]:
    out = []
    if s.count("\r") != s.count("\r\n"):  # a lone \r ends a line too
        pieces = [(m.start(), m.group()) for m in _LINES.finditer(s)]
    else:  # the same pieces, cut by the much faster str.split (a \r only ever before \n)
        pieces = []
        pos = 0
        for raw in s.split("\n"):
            piece = raw[:-1] if raw.endswith("\r") else raw
            if piece:
                pieces.append((pos, piece))
            pos += len(raw) + 1
    for start, raw in pieces:
        text = raw.strip()  # str.strip drops what str.isspace calls white space
        if text:
            a = start + len(raw) - len(raw.lstrip())
            out.append(Line(a, a + len(text), text))
    return out
