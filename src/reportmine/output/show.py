"""See the facts of one document in a terminal: the text highlighted by kind, a legend, a table.

:func:`render_report` draws a :class:`~reportmine.report.Report` with `rich
<https://rich.readthedocs.io>`_ (``pip install 'reportmine[show]'``):

* the ORIGINAL text, each fact coloured by its kind (:mod:`.palette`), damaged
  (mojibake) ranges underlined;
* a legend: each kind found, in its colour, with its count;
* a table of the facts: ``#``, kind, text, value, unit, qualifier, subject, per.

Without colour (``color=False``: the ``NO_COLOR`` variable is set, or the output is not
a terminal, see :func:`wants_colour`) every fact is bracketed and numbered like its
table row, so a pipe or a log keeps the highlighting: 贫困户35户 → 贫困户[35户]#1.
Long lines wrap at ``width`` (a narrow terminal wraps the table's cells too).

Rich is imported inside the functions, so ``import reportmine.output`` never loads it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection, Sequence
from typing import IO, TYPE_CHECKING, Any

from ..records import Fact
from .palette import DAMAGED_COLOUR, colour

if TYPE_CHECKING:
    from ..report import Report

__all__ = ["NARROW", "TABLE_FIELDS", "bracketed", "render_report", "show_report", "wants_colour"]

#: the fact table's columns after ``#`` and ``kind``
TABLE_FIELDS: tuple[str, ...] = ("text", "value", "unit", "qualifier", "subject", "per")


def wants_colour(stream: IO[str], environ: dict[str, str] | None = None) -> bool:
    """Colour only for a terminal, and never when ``NO_COLOR`` is set (https://no-color.org).

    >>> import io
    >>> wants_colour(io.StringIO())
    False
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def bracketed(original: str, facts: Sequence[Fact]) -> str:
    """The text with every fact in brackets, numbered like its table row (no colour needed).

    >>> from reportmine.records import CountFact
    >>> bracketed("帮扶贫困户35户。", [CountFact("35户", 5, 8, 35, "户")])
    '帮扶贫困户[35户]#1。'
    """
    inserts: list[tuple[int, int, str]] = []  # (position, order, string): closes before opens
    for n, f in enumerate(facts, 1):
        inserts.append((f.start, 1, "["))
        inserts.append((f.end, 0, f"]#{n}"))
    inserts.sort(key=lambda t: (t[0], t[1]))
    out: list[str] = []
    pos = 0
    for at, _, s in inserts:
        out.append(original[pos:at])
        out.append(s)
        pos = at
    out.append(original[pos:])
    return "".join(out)


def _filtered(report: Report, kinds: Collection[str] | None) -> tuple[Fact, ...]:
    return tuple(f for f in report.facts if kinds is None or f.kind in kinds)


def _cell(v: Any) -> str:
    return "" if v is None else str(v)


def _styled_text(report: Report, facts: Sequence[Fact]) -> Any:
    """The original text as a rich ``Text``, facts on their kind's colour, damage underlined."""
    from rich.text import Text as RichText

    t = RichText(report.text.original)
    for s, e in report.text.damaged:  # 锟斤拷 and other mojibake the normalizer found
        t.stylize(f"underline {DAMAGED_COLOUR}", s, e)
    for f in facts:
        t.stylize(f"bold white on {colour(f.kind)}", f.start, f.end)
    return t


def _legend(facts: Sequence[Fact], colour_on: bool) -> Any:
    from rich.text import Text as RichText

    counts: dict[str, int] = {}
    for f in facts:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    legend = RichText("facts: " if counts else "no facts")
    for i, (kind, n) in enumerate(counts.items()):
        if i:
            legend.append("  ")
        legend.append(f" {kind} " if colour_on else kind, style=f"bold white on {colour(kind)}")
        legend.append(f" {n}")
    return legend


def _table(facts: Sequence[Fact]) -> Any:
    from rich.table import Table

    table = Table(show_lines=False, expand=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    for name in TABLE_FIELDS:
        table.add_column(name, overflow="fold", no_wrap=name in ("unit", "qualifier"))
    for n, f in enumerate(facts, 1):
        table.add_row(
            str(n),
            f"[{colour(f.kind)}]{f.kind}[/]",
            *(_cell(getattr(f, name)) for name in TABLE_FIELDS),
        )
    return table


#: below this width the facts are listed one a line instead of in a table
NARROW = 80


def _compact(facts: Sequence[Fact]) -> Any:
    """The fact list of a narrow terminal, one fact a line: ``#1 money 120万元 = 1200000 元 exact
    subject=资金``."""
    from rich.text import Text as RichText

    out = RichText()
    for n, f in enumerate(facts, 1):
        out.append(f"#{n} ")
        out.append(f.kind, style=f"bold {colour(f.kind)}")
        out.append(f" {f.text} = {_cell(f.value)}")
        if f.unit:
            out.append(f" {f.unit}")
        out.append(f" {f.qualifier}")
        for name in ("subject", "per"):
            v = getattr(f, name)
            if v:
                out.append(f" {name}={v}")
        out.append("\n")
    out.rstrip()
    return out


def render_report(
    report: Report,
    *,
    kinds: Collection[str] | None = None,
    width: int = 100,
    color: bool = False,
) -> str:
    """The terminal view of ``report`` as a string: text, legend, fact table.

    ``kinds`` keeps only those kinds; ``color`` adds ANSI colours, else facts are bracketed.
    Narrower than :data:`NARROW` columns, the table becomes a list, one fact a line.

    >>> import reportmine
    >>> print(render_report(reportmine.extract("投入资金120万元。"), width=60))
    投入资金[120万元]#1。
    <BLANKLINE>
    facts: money 1
    #1 money 120万元 = 1200000 元 exact subject=资金
    <BLANKLINE>
    """
    try:
        from rich.console import Console
    except ImportError as e:  # pragma: no cover - depends on the environment
        from ..errors import MissingExtraError

        raise MissingExtraError("reportmine show", "show", "rich") from e

    facts = _filtered(report, kinds)
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=max(20, width),
        force_terminal=color,
        no_color=not color,
        color_system="truecolor" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    if color:
        console.print(_styled_text(report, facts))
    else:
        console.print(bracketed(report.text.original, facts), markup=False)
    console.print()
    console.print(_legend(facts, color))
    if facts:
        console.print(_table(facts) if width >= NARROW else _compact(facts))
    return buf.getvalue()


def show_report(
    report: Report,
    out: IO[str],
    *,
    kinds: Collection[str] | None = None,
    width: int | None = None,
    color: bool | None = None,
) -> None:
    """Write the terminal view of ``report`` to ``out``: coloured on a terminal without
    ``NO_COLOR`` (see :func:`wants_colour`), bracketed otherwise; ``width`` defaults to the
    terminal's (``COLUMNS``), 100 when unknown."""
    if color is None:
        color = wants_colour(out)
    if width is None:
        width = _terminal_width(out)
    out.write(render_report(report, kinds=kinds, width=width, color=color))
    out.flush()


def _terminal_width(out: IO[str]) -> int:
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit():
        return int(cols)
    try:
        return os.get_terminal_size(out.fileno()).columns
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return 100
