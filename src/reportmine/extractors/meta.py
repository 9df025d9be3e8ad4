"""Document metadata: headline, publication date and source, bylines, captions.

Read from the text itself (tables ``sources.txt`` and ``bylines.txt``), in these steps of
:meth:`MetaExtractor.find`:

1. the header (``_read_header``): a line among the first 14 naming a source and a date
   (``辽宁日报 2020年08月05日``, ``2020-08-05 人民日报 第3版``) gives ``source`` and a full
   date; a ``来源：辽宁日报`` line before it gives ``source``;
2. the dateline (``_find_dateline``, ``_source_and_place``): ``本报北京10月1日电``,
   ``新华社北京9月30日电``, ``新华社北京2019年10月1日电``, ``本报讯`` give ``source`` (when the
   header has none) and ``place``;
3. the date (``_date``): a dateline's own full date (``新华社北京2019年10月1日电`` →
   ``2019-10-01``), else its month and day with the header's year (``2020-10-01``),
   ``--10-01`` without a header date, else the header's full date. A date in the body is no
   dateline (``据新华社电（记者周勉）1974年11月30日，…``: the dateline is ``新华社电``);
4. the leading lines (``_leading``, ``_headline``): the short lines before the body give the
   ``headline`` (a short kicker such as ``中宣部`` before a longer title goes to
   ``subheadlines``, with ``——…`` subtitles); captions, the header line, bylines
   (``本报记者 张 旭``, ``□ 路小飞``, a name alone on the first line) and labels
   (``核心提示``) are no titles;
5. later bylines (``_bylines_after``): ``（记者朱基钗）`` after a dateline, byline lines past
   the leading ones; then author notes (``(作者系…)``) and photo captions (see
   :mod:`reportmine.extractors.bylines`).
"""

from __future__ import annotations

import re
from functools import partial
from typing import NamedTuple

import regex

from ..chars import (
    CN_DIGIT_VALUE,
    CN_ONE_TO_NINE,
    CN_ZEROS,
    DAY_CN,
    DAY_DIGITS,
    MONTH_CN,
    MONTH_DIGITS,
    YEAR_DIGITS,
    alternation,
    alternation_re,
    valid_date,
)
from ..lexicon import Lexicon
from ..lexicon.tables import SOURCES, grouped
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
_MD = (
    rf"(?:(?P<m>{MONTH_DIGITS})月(?P<d>{DAY_DIGITS})日"
    rf"|(?P<mc>{MONTH_CN})月(?P<dc>{DAY_CN})日)"
)
# a dateline's date, with its year when written (新华社北京2019年10月1日电): a full date
# (二〇一九年十月一日 too: the year's Chinese digits are no part of the place)
_CN_YEAR_DIGITS = f"[{CN_ZEROS}{CN_ONE_TO_NINE}]"
_DL_DATE = rf"(?:(?:(?P<y>{YEAR_DIGITS})年|(?P<yc>[一二]{_CN_YEAR_DIGITS}{{3}})年)?{_MD})"
_FULL_DATE = (
    rf"(?P<date>(?P<y>{YEAR_DIGITS})(?:年(?P<fm>{MONTH_DIGITS})月(?P<fd>{DAY_DIGITS})日"
    rf"|(?P<sep>[\-/.])(?P<im>{MONTH_DIGITS})(?P=sep)(?P<id>{DAY_DIGITS})(?![0-9])))"
)
_EXTRA = r"(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*第\s*[0-9]+\s*版)?"


class _Header(NamedTuple):
    """What the header lines give: a full date (year, month, day), its span, the source."""

    date: tuple[int, int, int] | None
    span: tuple[int, int] | None
    source: str | None


class MetaExtractor:
    """Reads :class:`~reportmine.records.DocumentMeta` from a document's text.

    :meth:`find` runs the steps of the module docstring: the header (:meth:`_read_header`), the
    dateline (:meth:`_find_dateline`) and the date (:meth:`_date`), the leading lines
    (:meth:`_leading`: headline, subheadlines, bylines), later bylines, notes and captions.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        words = grouped(lexicon, SOURCES)
        alt = {k: alternation(v) for k, v in words.items()}
        self._dateline = regex.compile(
            rf"(?<![\p{{Han}}])(?:据)?(?P<src>{alt['agency']})"
            rf"(?P<place>[\p{{Han}}、·]{{0,60}}?){_DL_DATE}?(?:电|讯)"
        )
        # a dateline starts at 据 or at an agency's name: search only there (see .scan)
        self._dateline_at = Prefiltered(self._dateline, alternation_re(["据", *words["agency"]]))
        source = rf"(?P<src>\p{{Han}}{{1,10}}?(?:{alt['suffix']}))"
        label = rf"(?:(?:{alt['label']})\s*[:：]\s*)?"
        source2 = rf"(?P<src2>\p{{Han}}{{1,10}}?(?:{alt['suffix']}))"
        self._header = regex.compile(
            rf"^{label}{source}?\s*{label}{_FULL_DATE}{_EXTRA}\s*{label}{source2}?{_EXTRA}$"
        )
        self._source_line = regex.compile(rf"^(?:{alt['label']})\s*[:：]\s*{source}$")
        # sentence punctuation no header line can hold (unless a table word has it)
        table_chars = set("".join(words["label"] + words["suffix"]))
        not_header = "".join(sorted(frozenset("，。、；！？,;!?“”") - table_chars))
        self._not_header = re.compile(f"[{re.escape(not_header)}]")  # (faster than a set test)
        self._bylines = BylineReader(lexicon)

    def find(self, ctx: Context) -> DocumentMeta:
        """The metadata of ``ctx``'s document: header, dateline, leading lines, later bylines."""
        s = ctx.s
        lines = _lines(s)
        head = lines[:_HEAD_LINES]
        header = self._read_header(head)
        dl = self._find_dateline(s)
        cues = self._bylines.may_have_captions(s)
        brackets = self._bylines.caption_brackets(s, cues)
        titles, bylines = self._leading(head, dl, header.span, brackets, cues)
        bylines += self._bylines_after(s, dl, lines[len(head) :])
        headline, subs = _headline(titles)
        date, date_span = self._date(ctx, dl, header)
        source, place = _source_and_place(header.source, dl)

        def orig(a: int, b: int) -> str:
            return ctx.span(a, b)[2]

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
            author_notes=tuple(orig(n.start, n.end) for n in self._bylines.notes(s)),
            captions=tuple(ctx.span(a, b)[:2] for a, b in self._bylines.captions(s, lines, brackets, cues)),
        )

    # -- 1. the header: source and full date -------------------------------------------------------

    def _read_header(self, head: list[Line]) -> _Header:
        """The first header line with a valid date (``辽宁日报 2020年08月05日``, ``2020-08-05 人民日报``),
        its source, else the source of a ``来源：人民网`` line before it."""
        source: str | None = None
        for ln in head:
            t = ln.text
            # only a line with no sentence punctuation and a year can be a header (most are not;
            # the punctuation test first: a body line fails it at its first comma)
            found = self._header_line(ln) if not self._not_header.search(t) and _YEAR.search(t) else None
            if found is not None:
                date, span, src = found
                return _Header(date, span, src or source)
            if source is None and ("：" in t or ":" in t):  # a source line holds a colon
                source = self._source_line_of(ln)
        return _Header(None, None, source)

    def _header_line(self, ln: Line) -> tuple[tuple[int, int, int], tuple[int, int], str | None] | None:
        """Date, date span and source of a header line: ``辽宁日报 2020年08月05日 星期三 第3版``,
        ``来源：人民日报 2020-08-05``."""
        m = self._header.match(ln.text)
        if not m:
            return None
        y = int(m["y"])
        mo, d = (int(m["fm"]), int(m["fd"])) if m["fm"] else (int(m["im"]), int(m["id"]))
        if not valid_date(y, mo, d):
            return None  # 2020年02月30日
        return (y, mo, d), (ln.start + m.start("date"), ln.start + m.end("date")), m["src"] or m["src2"]

    def _source_line_of(self, ln: Line) -> str | None:
        """The source a line names: ``来源：辽宁日报``, ``稿件来源: 人民网``."""
        sm = self._source_line.match(ln.text)
        return sm["src"] if sm else None

    # -- 2. the dateline ---------------------------------------------------------------------------

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
        """A body line: the dateline's, one over 60 characters or ending in 。, one over 30 with
        sentence punctuation (``…取得明显成效！群众收入持续增长``)."""
        if dl is not None and ln.start <= dl.start() < ln.end:
            return True
        t = ln.text
        if len(t) > _MAX_TITLE or t.endswith("。"):
            return True
        return bool(_SENT_END.search(t)) and len(t) > 30

    # -- 3. the date: from the dateline or the header ----------------------------------------------

    def _date(
        self, ctx: Context, dl: regex.Match[str] | None, header: _Header
    ) -> tuple[str | None, tuple[int, int] | None]:
        """The document date and its original span: the dateline's (``新华社北京2019年10月1日电``;
        ``本报北京10月1日电`` with the header's year, else ``--10-01``), or else the header's full
        date (also when the dateline's day does not exist: ``2月30日``)."""
        if dl is not None and (dl["m"] or dl["mc"]):
            date, span = _dateline_date(ctx, dl, header.date)
            if date is not None:
                return date, span
        if header.date is not None and header.span is not None:
            y, mo, d = header.date
            return f"{y:04d}-{mo:02d}-{d:02d}", ctx.span(*header.span)[:2]
        return None, None

    # -- 4. headline, subheadlines and bylines among the leading lines -----------------------------

    def _leading(
        self,
        head: list[Line],
        dl: regex.Match[str] | None,
        h_span: tuple[int, int] | None,
        brackets: list[tuple[int, int]],
        cues: bool = True,
    ) -> tuple[list[Line], list[Byline]]:
        """Title lines and bylines before the body (a dateline, a sentence, a long line).

        Captions, the header line, bylines (``本报记者 张 旭``) and labels (``核心提示``) are
        not titles; after titles, such a line ends them (a later short line is no title).
        """
        titles: list[Line] = []
        bylines: list[Byline] = []
        stop_titles = False
        for k, ln in enumerate(head):
            if self._caption_or_header(ln, brackets, h_span, cues):
                stop_titles = bool(titles)
                continue
            if self._is_body(ln, dl):
                break
            by = self._bylines.line_byline(ln, alone_ok=self._alone_ok(head, k, bool(titles), dl))
            if by is not None:
                bylines.append(by)
            if by is not None or self._bylines.is_label(ln.text):
                stop_titles = bool(titles)
            elif not stop_titles and len(ln.text) <= _MAX_TITLE:
                titles.append(ln)
        return titles, bylines

    def _caption_or_header(
        self, ln: Line, brackets: list[tuple[int, int]], h_span: tuple[int, int] | None, cues: bool = True
    ) -> bool:
        """A caption line (``…致富。 本报记者 张 旭 摄``), a line holding a credit bracket
        (``（见图，新华社记者李文摄）``) or the header line (``辽宁日报 2020年08月05日``).
        ``cues``: whether the text holds any caption cue (:meth:`.BylineReader.may_have_captions`)."""
        if any(a < ln.end and ln.start < b for a, b in brackets):
            return True
        if cues and self._bylines.line_captions([ln]):
            return True
        return h_span is not None and ln.start <= h_span[0] < ln.end

    def _alone_ok(self, head: list[Line], k: int, after_titles: bool, dl: regex.Match[str] | None) -> bool:
        """Whether a name alone on line ``k`` is a byline: before any title when the body follows
        (``耿文科`` then the text), or after a title among the first 7 lines."""
        if after_titles:
            return k <= _HEAD_LINES // 2
        return k + 1 >= len(head) or self._is_body(head[k + 1], dl)

    # -- 5. bylines further on ---------------------------------------------------------------------

    def _bylines_after(self, s: str, dl: regex.Match[str] | None, rest: list[Line]) -> list[Byline]:
        """The bracket after a dateline (``新华社北京9月30日电（记者朱基钗）``), then byline
        lines past the leading ones (compilations of several pieces, closing author lines)."""
        out: list[Byline] = []
        after = self._bylines.after_dateline(s, dl.end()) if dl is not None else None
        if after is not None:
            out.append(after)
        for ln in rest:
            by = self._bylines.line_byline(ln, alone_ok=False)
            if by is not None:
                out.append(by)
        return out


def _dateline_date(
    ctx: Context, dl: regex.Match[str], h_date: tuple[int, int, int] | None
) -> tuple[str | None, tuple[int, int] | None]:
    """The date of a dateline with a month and day and its original span: its own year when
    written (``新华社北京2019年10月1日电`` → ``2019-10-01``), else the header's year when that
    makes a valid date (``9月30日`` → ``2020-09-30``), else ``--09-30``; none for a day that
    does not exist (``2019年2月30日``, ``2月30日``)."""
    mo = int(dl["m"]) if dl["m"] else chinese_number(dl["mc"])
    d = int(dl["d"]) if dl["d"] else chinese_number(dl["dc"])
    own = _dateline_year(dl)
    year = own if own is not None else h_date[0] if h_date is not None else None
    if not valid_date(None, mo, d) or (own is not None and not valid_date(year, mo, d)):
        return None, None
    a = next(dl.start(g) for g in ("y", "yc", "m", "mc") if dl[g])  # the year's, else the month's
    b = dl.end("d") if dl["d"] else dl.end("dc")
    span = ctx.span(a, b + 1)[:2]
    if year is not None and valid_date(year, mo, d):
        return f"{year:04d}-{mo:02d}-{d:02d}", span
    return f"--{mo:02d}-{d:02d}", span


def _dateline_year(dl: regex.Match[str]) -> int | None:
    """The year a dateline writes: ``2019年`` → 2019, ``二〇一九年`` → 2019, else ``None``."""
    if dl["y"]:
        return int(dl["y"])
    if dl["yc"]:
        return int("".join(str(CN_DIGIT_VALUE[c]) for c in dl["yc"]))
    return None


def _source_and_place(h_source: str | None, dl: regex.Match[str] | None) -> tuple[str | None, str | None]:
    """The header's source, else the dateline's (``新华社``); the dateline's place (``北京``)."""
    if dl is None:
        return h_source, None
    return (dl["src"] if h_source is None else h_source), (dl["place"] or None)


def _headline(titles: list[Line]) -> tuple[Line | None, list[Line]]:
    """The headline among the title lines, and the others (subheadlines): the first, unless it
    is a short kicker before a longer title (``中宣部`` then the title) — then the second."""
    if not titles:
        return None, []
    main = 1 if len(titles) > 1 and len(titles[0].text) <= _KICKER < len(titles[1].text) else 0
    headline = titles[main]
    return headline, [t for t in titles if t is not headline]


def _lines(s: str) -> list[Line]:
    """The non-blank lines of ``s``, white space trimmed (``str.strip``: what ``str.isspace``
    calls white space), with their offsets; ``\n``, ``\r\n`` and a lone ``\r`` end a line."""
    if "\r" in s and s.count("\r") != s.count("\r\n"):  # a lone \r ends a line too
        out = []
        for m in _LINES.finditer(s):
            raw = m.group()
            text = raw.strip()
            if text:
                a = m.start() + len(raw) - len(raw.lstrip())
                out.append(Line(a, a + len(text), text))
        return out
    # the same lines, cut by the much faster str.split (a \r only ever before \n: stripped)
    out = []
    pos = 0
    line = _new_line
    for raw in s.split("\n"):
        if raw:
            text = raw.strip()
            if text:
                a = pos + raw.find(text)  # where the text starts: after the leading white space
                out.append(line((a, a + len(text), text)))
        pos += len(raw) + 1
    return out


#: ``Line(start, end, text)`` from one tuple, built in C (issue 19: the named tuple's own
#: ``__new__`` is a Python function, called for every line of every document)
_new_line = partial(tuple.__new__, Line)
