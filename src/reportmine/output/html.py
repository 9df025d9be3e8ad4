"""See the facts in a browser: one standalone HTML file for a document or a whole store.

* :func:`report_html` — one :class:`~reportmine.report.Report` (``reportmine show FILE
  --html OUT``);
* :func:`store_html` — a SQLite store (``reportmine report DB --html OUT``): totals,
  charts, failures, and a page per document reached by a searchable, paginated list.

The file needs no network: the stylesheet and the script (``output/assets/``) are
inlined, charts are inline SVG drawn here (:func:`bar_chart`). Each fact is a ``<mark>``
coloured by its kind (:mod:`.palette`) with ``data-kind``, ``data-value``, ``data-unit``,
``data-subject``, ``data-qualifier``, ``data-start``, ``data-end``; hovering shows its
value in a tooltip and every field in the side panel. Damaged (mojibake) ranges are
underlined, repairs (pinyin, line breaks …) dotted with before → after on hover. The
fact table sorts by any column.

Documents are embedded as JSON and rendered on demand (only the one shown is in the
DOM), so a large store stays responsive; the charts and totals are computed in SQL over
the whole store, and at most ``max_documents`` documents get a page (see
``docs/performance.md`` for the sizes measured).

A store holds facts, not texts: :func:`store_html` asks ``texts(doc_id, source)`` for a
document's text (the CLI re-reads the source file). Without it, or when the text does
not match the stored offsets any more, each fact is shown in its sentence instead
(``mode: sentences``). Columns are discovered with ``PRAGMA table_info``, so facts show
whatever fields the store has, and a chart of money by year, topic or place is drawn
only when such a column exists and is filled.
"""

from __future__ import annotations

import contextlib
import html
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..records import fact_columns
from .palette import KIND_COLOURS, colour

if TYPE_CHECKING:
    from ..report import Report
    from ..text import Text

__all__ = ["DEFAULT_MAX_DOCUMENTS", "bar_chart", "page_of", "report_html", "store_html"]

#: documents given a page in a store report (charts and totals always cover the whole store)
DEFAULT_MAX_DOCUMENTS = 10_000
#: the columns of the fact table, in order (each fact's other fields are in the side panel)
TABLE_COLUMNS: tuple[str, ...] = (
    "kind",
    "text",
    "value",
    "unit",
    "qualifier",
    "subject",
    "per",
    "start",
    "end",
)
#: a loader of document texts for :func:`store_html`: ``(doc_id, source) -> text or None``
TextLoader = Callable[[str, str], "str | Text | None"]
_SKIP = frozenset({"sentence"})  # in the side panel, the sentence is the text around the mark
_DROP = frozenset({"sentence", "doc_id", "seq"})


# -- pages: one document as plain data -----------------------------------------------------------
def page_of(
    doc_id: str,
    facts: Sequence[Mapping[str, Any]],
    text: str | Text | None = None,
    *,
    title: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A document's page data: its text with every fact at ``s``/``e`` (render offsets).

    With the original ``text`` (a ``str`` or a :class:`~reportmine.text.Text`, whose
    damaged ranges and repairs are marked too) facts sit at their own offsets; without it
    each distinct sentence becomes a line and facts are found in it left to right.

    >>> fact = {"kind": "count", "text": "35户", "start": 5, "end": 8, "sentence": "帮扶贫困户35户"}
    >>> p = page_of("a", [fact])
    >>> p["mode"], p["text"], p["facts"][0]["s"], p["facts"][0]["e"]
    ('sentences', '帮扶贫困户35户', 5, 8)
    """
    original, damaged, repairs = _text_parts(text)
    rows = [dict(f) for f in facts]
    page: dict[str, Any] = {"id": doc_id, "title": title or doc_id, **(extra or {})}
    if original is not None and all(_fits(original, f) for f in rows):
        for f in rows:
            f["s"], f["e"] = f["start"], f["end"]
        page.update(mode="text", text=original, damaged=damaged, repairs=repairs)
    else:
        page.update(mode="sentences", text=_sentence_view(rows), damaged=[], repairs=[])
    page["facts"] = [_compact(f) for f in rows]
    return page


def _compact(f: Mapping[str, Any]) -> dict[str, Any]:
    """A fact as the page embeds it: no empty field, no ``doc_id``, no ``sentence`` (the
    page's text holds it), which keeps a 4,000-document report at a third of its size."""
    return {k: v for k, v in f.items() if k not in _DROP and v is not None and v != [] and v != ""}


def _text_parts(text: str | Text | None) -> tuple[str | None, list[list[int]], list[dict[str, Any]]]:
    if text is None or isinstance(text, str):
        return text, [], []
    repairs = [
        {"s": r.start, "e": r.end, "step": r.step, "before": r.before, "after": r.after}
        for r in text.repairs
        if r.step != "mojibake" and r.end > r.start
    ]
    return text.original, [[s, e] for s, e in text.damaged], repairs


def _fits(original: str, f: Mapping[str, Any]) -> bool:
    s, e = f.get("start"), f.get("end")
    return isinstance(s, int) and isinstance(e, int) and original[s:e] == f.get("text")


def _sentence_view(rows: list[dict[str, Any]]) -> str:
    """Each fact's sentence once, a line each, every fact located in its line left to right
    (a fact not found in its sentence gets a line of its own, so it still has its mark)."""
    lines: list[str] = []
    where: dict[str, int] = {}  # sentence -> offset of its line
    cursor: dict[str, int] = {}  # sentence -> where the next search starts
    size = 0

    def add(line: str) -> int:
        nonlocal size
        lines.append(line)
        size += len(line) + 1
        return size - len(line) - 1

    for f in rows:
        text = str(f.get("text") or "")
        sentence = str(f.get("sentence") or text)
        if sentence not in where:
            where[sentence], cursor[sentence] = add(sentence), 0
        at = sentence.find(text, cursor[sentence])
        if at < 0:
            at = sentence.find(text)
        if at < 0 or not text:  # the stored sentence does not hold the fact's text
            f["s"] = add(text)
        else:
            f["s"] = where[sentence] + at
            cursor[sentence] = at + len(text)
        f["e"] = f["s"] + len(text)
    return "\n".join(lines)


# -- charts: inline SVG ---------------------------------------------------------------------------
def bar_chart(
    items: Sequence[tuple[str, float]], *, title: str, colours: Sequence[str] = (), width: int = 420
) -> str:
    """A horizontal bar chart as inline SVG (largest first, as given).

    >>> svg = bar_chart([("money", 3), ("count", 1)], title="facts by kind")
    >>> svg.startswith("<svg") and svg.count("<rect") == 2
    True
    """
    bar, gap, label_w, value_w = 18, 6, 120, 90
    height = len(items) * (bar + gap) + gap
    top = max((v for _, v in items), default=0) or 1
    span = width - label_w - value_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{html.escape(title)}</title>'
    ]
    for n, (label, value) in enumerate(items):
        y = gap + n * (bar + gap)
        w = max(1.0, span * value / top)
        fill = colours[n] if n < len(colours) else "#1565c0"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar - 4}" text-anchor="end" font-size="12">'
            f"{html.escape(_clip(label))}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="{fill}">'
            f"<title>{html.escape(label)}: {_fmt(value)}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar - 4}" font-size="12">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _clip(label: str, n: int = 10) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _fmt(v: float) -> str:
    """12 → 12; 3500000 → 350万; 1.2e9 → 12亿 (money reads better in 万/亿)."""
    if abs(v) >= 1e8:
        return f"{v / 1e8:.4g}亿"
    if abs(v) >= 1e4:
        return f"{v / 1e4:.4g}万"
    return f"{v:.4g}"


def _figure(title: str, items: Sequence[tuple[str, float]], colours: Sequence[str] = ()) -> str:
    chart = bar_chart(items, title=title, colours=colours)
    return f"<figure><figcaption>{html.escape(title)}</figcaption>{chart}</figure>"


# -- the page -------------------------------------------------------------------------------------
def _asset(name: str) -> str:
    return resources.files("reportmine.output").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def _json_script(data: Any) -> str:
    # '</script>' would end the element early, '<!--' change how it is parsed: every '<' is
    # written '\u003c' (it occurs only inside JSON strings, which decode it back)
    payload = json.dumps(data, ensure_ascii=False, default=str).replace("<", "\\u003c")
    return f'<script type="application/json" id="reportmine-data">{payload}</script>'


def _page(title: str, body: str, data: Mapping[str, Any]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_asset('report.css')}</style></head>"
        f'<body><main><h1>{html.escape(title)}</h1>{body}<section id="doc"></section></main>'
        '<aside><h2>Fact</h2><div id="panel" class="note">Hover or click a highlighted fact.</div></aside>'
        f'<div id="tip"></div>{_json_script(data)}<script>{_asset("report.js")}</script></body></html>\n'
    )


def _data(pages: list[dict[str, Any]], columns: Sequence[str]) -> dict[str, Any]:
    kinds = {f["kind"] for p in pages for f in p["facts"]}
    return {
        "colours": {**KIND_COLOURS, **{k: colour(k) for k in kinds}},
        "columns": [c for c in columns if c not in _SKIP],
        "documents": pages,
    }


def report_html(report: Report, *, title: str | None = None, kinds: Iterable[str] | None = None) -> str:
    """One document's facts as a standalone HTML page (``kinds``: only those).

    >>> import reportmine
    >>> page = report_html(reportmine.extract("投入资金120万元。", "a.txt"))
    >>> page.startswith("<!DOCTYPE html>") and '"kind": "money"' in page
    True
    """
    wanted = None if kinds is None else set(kinds)
    facts = [f.to_dict() for f in report.facts if wanted is None or f.kind in wanted]
    doc_id = report.doc_id or "document"
    page = page_of(doc_id, facts, report.text, title=report.meta.headline or doc_id)
    kinds_found: dict[str, int] = {}
    for f in facts:
        kinds_found[f["kind"]] = kinds_found.get(f["kind"], 0) + 1
    chart = _charts([("facts by kind", sorted(kinds_found.items(), key=lambda kv: -kv[1]), True)])
    return _page(title or f"reportmine · {doc_id}", chart, _data([page], _columns(facts)))


def _columns(facts: Sequence[Mapping[str, Any]]) -> list[str]:
    seen = [c for c in fact_columns() if any(f.get(c) not in (None, "", []) for f in facts)]
    rest = [c for f in facts for c in f if c not in seen and c not in ("s", "e", "doc_id", "seq")]
    return [*TABLE_COLUMNS, *(c for c in dict.fromkeys([*seen, *rest]) if c not in TABLE_COLUMNS)]


def _charts(charts: Sequence[tuple[str, Sequence[tuple[str, float]], bool]]) -> str:
    figs = [
        _figure(title, items, [colour(k) for k, _ in items] if by_kind else ())
        for title, items, by_kind in charts
        if items
    ]
    return f'<section class="charts">{"".join(figs)}</section>' if figs else ""


# -- a store ---------------------------------------------------------------------------------------
class _StoreReader:
    """Reads a store whatever its version: tables and columns found at run time."""

    def __init__(self, path: str | Path) -> None:
        p = Path(path)
        if not p.is_file():
            raise StoreError(f"{path}: no such store")
        try:
            self.db = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
            self.db.row_factory = sqlite3.Row
            self.docs = self.columns("documents")
            self.facts = self.columns("facts")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{path}: not a reportmine store ({e})") from None
        if not self.docs or not self.facts:
            raise StoreError(f"{path}: not a reportmine store (no documents or facts table)")

    def columns(self, table: str) -> list[str]:
        return [r[1] for r in self.db.execute(f"PRAGMA table_info({table})")]

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    def fact_dicts(self, doc_id: str) -> list[dict[str, Any]]:
        order = " ORDER BY seq" if "seq" in self.facts else ""
        out = []
        for r in self.rows(f"SELECT * FROM facts WHERE doc_id = ?{order}", doc_id):
            d = dict(r)
            for key in ("flags", "extra"):
                if isinstance(d.get(key), str):
                    with contextlib.suppress(ValueError):  # a column of another writer: kept as text
                        d[key] = json.loads(d[key])
            extra = d.pop("extra", None)
            if isinstance(extra, dict):  # the kind's own fields (category, issuer …) as fields
                d.update({k: v for k, v in extra.items() if k not in d})
            out.append(d)
        return out

    def _where(self, column: str) -> tuple[str, str] | None:
        """``(key expression, extra join)`` of a column of the facts, of the documents, or of
        another table keyed by ``doc_id`` (a ``topics`` table: a document under each of its
        topics); ``None`` when no table has it. ``year`` is the year of the document date."""
        if column == "year":
            date = next((c for c in ("doc_date", "date") if c in self.docs), None)
            return None if date is None else (f"substr(d.{date}, 1, 4)", "")
        # the first table whose column is filled: a store of issue 16 has ``facts.topic``, null
        # unless topics were asked for, and a user's table keyed by doc_id may hold them
        if column in self.facts and self._filled("facts", column):
            return f"f.{column}", ""
        if column in self.docs and self._filled("documents", column):
            return f"d.{column}", ""
        for (table,) in self.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            if table not in ("facts", "documents") and {"doc_id", column} <= set(self.columns(table)):
                return f't."{column}"', f' JOIN "{table}" t ON t.doc_id = f.doc_id'
        return None

    def _filled(self, table: str, column: str) -> bool:
        """True when some row of ``table`` has ``column`` set."""
        sql = f'SELECT 1 FROM "{table}" WHERE "{column}" IS NOT NULL AND "{column}" != \'\' LIMIT 1'
        return bool(self.rows(sql))

    def money_by(self, column: str) -> list[tuple[str, float]]:
        """Money (yuan) summed by ``column`` (see :meth:`_where`), the 20 largest, if filled."""
        where = self._where(column)
        if where is None:
            return []
        key, join = where
        value = "value_base" if "value_base" in self.facts else "value"
        money = f"f.kind = 'money' AND typeof(f.{value}) IN ('integer', 'real')"
        if "unit" in self.facts:
            money += " AND (f.unit IS NULL OR f.unit = '元')"
        sql = (
            f"SELECT {key} AS k, SUM(f.{value}) AS v FROM facts f JOIN documents d ON d.id = f.doc_id{join} "
            f"WHERE {money} AND {key} IS NOT NULL AND {key} != '' GROUP BY k ORDER BY v DESC LIMIT 20"
        )
        return [(str(r["k"]), float(r["v"])) for r in self.rows(sql)]


def _summary(reader: _StoreReader, shown: int) -> str:
    total, done, failed = reader.rows(
        "SELECT count(*), sum(status = 'done'), sum(status = 'failed') FROM documents"
    )[0]
    facts = reader.rows("SELECT count(*) FROM facts")[0][0]
    note = f" (the first {shown} have a page)" if shown < total else ""
    return (
        f'<p id="totals">{total} documents{note}: {done or 0} done, {failed or 0} failed; {facts} facts.</p>'
    )


def _failures(reader: _StoreReader) -> str:
    if "status" not in reader.docs:
        return ""
    rows = reader.rows(
        "SELECT id, source, error FROM documents WHERE status = 'failed' ORDER BY ord LIMIT 1000"
    )
    if not rows:
        return '<h2>Failures</h2><p id="failures">none</p>'
    body = "".join(
        f"<tr><td>{html.escape(str(r['id']))}</td><td>{html.escape(str(r['source']))}</td>"
        f"<td>{html.escape(str(r['error'] or ''))}</td></tr>"
        for r in rows
    )
    return (
        '<h2>Failures</h2><table id="failures" class="sortable-table"><thead><tr>'
        '<th class="sortable">id</th><th class="sortable">source</th><th class="sortable">error</th>'
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


#: documents columns a page does not list under its title (bookkeeping, or shown otherwise)
_DOC_HIDDEN = frozenset({"id", "ord", "source", "sha256", "status", "facts", "version", "time", "headline"})


def _store_pages(reader: _StoreReader, texts: TextLoader | None, limit: int) -> list[dict[str, Any]]:
    """A page per document, in input order; its other columns (format, encoding, and what
    newer stores add: doc_date, outlet, place …) listed under ``meta``."""
    order = " ORDER BY ord" if "ord" in reader.docs else ""
    pages = []
    for r in reader.rows(f"SELECT * FROM documents{order} LIMIT ?", limit):
        row = dict(r)
        doc_id, source = str(row["id"]), str(row.get("source") or "")
        facts = reader.fact_dicts(doc_id)
        text = texts(doc_id, source) if texts is not None and row.get("status") == "done" else None
        meta = {k: v for k, v in row.items() if k not in _DOC_HIDDEN and v not in (None, "", 0)}
        extra = {"source": source, "status": row.get("status"), "meta": meta}
        title = str(row.get("headline") or doc_id)
        pages.append(page_of(doc_id, facts, text, title=title, extra=extra))
    return pages


def store_html(
    path: str | Path,
    *,
    texts: TextLoader | None = None,
    max_documents: int = DEFAULT_MAX_DOCUMENTS,
    title: str | None = None,
) -> str:
    """The HTML report of a store: totals, charts, failures, a searchable page per document.

    ``texts(doc_id, source)`` gives a document's original text (or ``None``: its facts are
    shown in their sentences). A missing or foreign file raises
    :class:`~reportmine.errors.StoreError`.
    """
    reader = _StoreReader(path)
    try:
        kinds = [
            (str(k), float(n))
            for k, n in reader.rows("SELECT kind, count(*) FROM facts GROUP BY kind ORDER BY 2 DESC")
        ]
        charts = _charts(
            [
                ("facts by kind", kinds, True),
                ("money by year (yuan)", sorted(reader.money_by("year")), False),
                ("money by topic (yuan)", reader.money_by("topic"), False),
                ("money by place (yuan)", reader.money_by("place"), False),
            ]
        )
        pages = _store_pages(reader, texts, max_documents)
        body = (
            _summary(reader, len(pages))
            + charts
            + _failures(reader)
            + '<h2>Documents</h2><input id="search" type="search" placeholder="search id, headline, source">'
            ' <span id="hits" class="note"></span><ul id="doclist"></ul>'
            '<button id="more" type="button">more</button>'
        )
        columns = _columns([f for p in pages for f in p["facts"]])
    finally:
        reader.db.close()
    return _page(title or f"reportmine · {Path(path).name}", body, _data(pages, columns))
