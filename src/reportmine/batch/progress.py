"""The progress display of a batch on a terminal: rich's progress bar, or a plain line.

Only used when standard error is a terminal (:func:`reportmine.cli.extract.extract_inputs`
checks); in pipes and CI the batch prints nothing but its final summary. It is drawn with
`rich <https://github.com/Textualize/rich>`_ (extra ``reportmine[progress]``), else with a
plain ``\\r`` line of the same content. Rules:

* the percentage is documents done out of documents known (``37% 1234/3896``), counted
  before the run where that is cheap (files and folders of files); where it is not
  (archives, JSON Lines, standard input: their documents are known only as they are read)
  the display says so (``1234/?``) and shows counts, with the share of input bytes read
  (``input 45%``: within one large file too) instead of a percentage;
* the ETA comes from the documents' rate, and is ``ETA ?`` (none) rather than ``0:00``
  while it cannot be estimated, and at least a second while documents remain;
* it is one line, whatever the width: on a narrow terminal (40 columns) the bar shrinks
  and the less useful parts go; a part still too wide is cut, never wrapped;
* it redraws itself a few times a second (rich's refresh thread), so the elapsed time and
  the bytes read move during one long document too.

Ctrl-C is the caller's: :func:`~reportmine.batch.run_batch` raises
:class:`~reportmine.batch.BatchInterrupted`, carrying what was written.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..sources import ReadStats

__all__ = ["Progress", "human", "line_parts"]


def human(n: float) -> str:
    """``12345678`` → ``12.3M``; small numbers as they are.

    >>> human(999), human(12345), human(12345678)
    ('999', '12.3k', '12.3M')
    """
    for div, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= div:
            return f"{n / div:.1f}{unit}"
    return f"{n:.0f}"


def clock(seconds: float | None) -> str:
    """``m:ss`` or ``h:mm:ss``; ``?`` when unknown.

    >>> clock(42), clock(3725), clock(None)
    ('0:42', '1:02:05', '?')
    """
    if seconds is None:
        return "?"
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def terminal_width(stream: IO[str]) -> int:
    """The width of the terminal ``stream`` draws on (``COLUMNS``, else 80, when unknown)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, OSError, ValueError):
        return shutil.get_terminal_size().columns


def line_parts(
    done: int, total: int | None, failed: int, read: float | None, eta: float | None, width: int
) -> list[str]:
    """The texts of the display beside the bar, most useful first, as many as fit ``width``
    columns (the bar's are not in ``width``: see :func:`bar_width`).

    >>> line_parts(1234, 3896, 2, 0.4, 42.0, 40)
    ['32%', '1234/3896', 'ETA 0:42', '2 failed']
    >>> line_parts(1234, None, 0, 0.45, None, 40)
    ['1234/? docs', 'input 45%', '0 failed']
    """
    if total is not None:
        share = min(done / total, 1.0) if total else 1.0
        parts = [f"{share:.0%}", f"{done}/{total}", f"ETA {clock(eta)}", f"{failed} failed"]
    else:
        parts = [f"{done}/? docs"]
        if read is not None:
            parts.append(f"input {min(read, 1.0):.0%}")
        parts.append(f"{failed} failed")
    kept: list[str] = []
    used = -1  # a space before each part but the first
    for part in parts:
        if used + 1 + len(part) > width - 1:  # the last column stays free: no automatic wrap
            break
        kept.append(part)
        used += 1 + len(part)
    return kept or [parts[0][: max(width - 1, 1)]]


#: the narrowest bar worth drawing, and the widest
BAR_MIN, BAR_MAX = 5, 30


def bar_width(width: int, parts: list[str]) -> int:
    """Columns left for the bar beside ``parts`` (at most :data:`BAR_MAX`; 0, no bar, when
    fewer than :data:`BAR_MIN` remain).

    >>> bar_width(40, ["32%", "1234/3896", "ETA 0:42", "2 failed"]), bar_width(20, ["32%", "1234/3896"])
    (7, 5)
    """
    left = width - 1 - sum(len(p) + 1 for p in parts)  # the bar, then a space before each part
    return min(left, BAR_MAX) if left >= BAR_MIN else 0


class Progress:
    """The progress of one batch on the terminal ``stream``.

    Args:
        stream: where to draw (a terminal).
        total: how many documents the inputs hold, when known before the run.
        stats: the reader's :class:`~reportmine.sources.ReadStats` (bytes read, of how many).
        width: columns to fit (default: the terminal's).
        hz: redraws a second at most.
        plain: draw the plain line even when rich is installed.
    """

    def __init__(
        self,
        stream: IO[str],
        *,
        total: int | None = None,
        stats: ReadStats | None = None,
        width: int | None = None,
        hz: float = 4.0,
        plain: bool = False,
    ) -> None:
        self.stream = stream
        self.total = total
        self.stats = stats
        self.width = width or terminal_width(stream)
        self.start = time.monotonic()
        self.done = self.failed = 0
        self._view: _View = _plain_or_rich(self, hz, plain)

    def read_share(self) -> float | None:
        """The share of the input bytes read so far (``None`` when their size is unknown)."""
        stats = self.stats
        if stats is None or not stats.bytes_total:
            return None
        return stats.position() / stats.bytes_total

    def eta(self) -> float | None:
        """Seconds left, from the documents' rate so far; ``None`` while it cannot be told
        (no total, nothing done yet) — never 0 while work remains."""
        if self.total is None or self.done <= 0 or self.done >= self.total:
            return None if self.total is None or self.done < self.total else 0.0
        elapsed = time.monotonic() - self.start
        return max(elapsed / self.done * (self.total - self.done), 1.0)

    def layout(self) -> tuple[int, list[str]]:
        """The display now: the bar's width (0: none) and the texts beside it
        (:func:`line_parts`), together one line of :attr:`width` columns at most. The
        texts come first; the bar takes what is left (a bar only when the total is known)."""
        # more documents than counted (a folder that grew meanwhile): the total was wrong
        total = self.total if self.total is None or self.done <= self.total else None
        room = self.width - (BAR_MIN + 1 if total is not None else 0)
        parts = line_parts(self.done, total, self.failed, self.read_share(), self.eta(), room)
        return (bar_width(self.width, parts) if total is not None else 0), parts

    def update(self, docs: int, failed: int) -> None:
        """Documents done so far (``failed`` of them, resumed ones included)."""
        self.done, self.failed = docs, failed
        self._view.show()

    def close(self) -> None:
        """Erase the display."""
        self._view.close()


class _View:
    """How the display is drawn."""

    def show(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def _plain_or_rich(p: Progress, hz: float, plain: bool) -> _View:
    if not plain:
        try:
            return _RichView(p, hz)
        except ImportError:  # reportmine[progress] not installed: the plain line
            pass
    return _PlainView(p, hz)


class _PlainView(_View):
    """One ``\\r`` line, redrawn at most ``hz`` times a second."""

    def __init__(self, p: Progress, hz: float) -> None:
        self.p = p
        self.interval = 1.0 / hz
        self._last = -1e9
        self._drawn = 0

    def show(self) -> None:
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        self._last = now
        n, parts = self.p.layout()
        if n and self.p.total:
            fill = round(n * min(self.p.done / self.p.total, 1.0))
            parts = ["#" * fill + "-" * (n - fill), *parts]
        line = " ".join(parts)[: self.p.width - 1]
        self.p.stream.write("\r" + line + " " * max(self._drawn - len(line), 0))
        self.p.stream.flush()
        self._drawn = len(line)

    def close(self) -> None:
        if self._drawn:
            self.p.stream.write("\r" + " " * self._drawn + "\r")
            self.p.stream.flush()
            self._drawn = 0


class _RichView(_View):
    """rich's :class:`rich.progress.Progress`: its bar and one text column, on one line."""

    def __init__(self, p: Progress, hz: float) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, ProgressColumn
        from rich.progress import Progress as Bar
        from rich.table import Column
        from rich.text import Text

        class Sized(BarColumn):
            """rich's bar, as wide as :meth:`Progress.layout` leaves (none when 0)."""

            def render(self, task: Any) -> Any:
                self.bar_width = p.layout()[0]
                return super().render(task) if self.bar_width else Text("")

        class Parts(ProgressColumn):
            """The texts of :meth:`Progress.layout`, read at every redraw."""

            def render(self, task: Any) -> Text:
                return Text(" ".join(p.layout()[1]), no_wrap=True, overflow="ellipsis")

        self.p = p
        one_line = Column(no_wrap=True, overflow="ellipsis")
        console = Console(file=p.stream, width=p.width, force_terminal=True, highlight=False)
        self.bar = Bar(
            Sized(table_column=Column(no_wrap=True)),
            Parts(table_column=one_line),
            console=console,
            transient=True,  # erased at the end: the summary line follows
            refresh_per_second=hz,
            expand=False,
            # `reportmine extract in > facts.jsonl` on a terminal: stdout is the output, never
            # rich's to route through the display
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.bar.add_task("documents", total=p.total)
        self.bar.start()

    def show(self) -> None:
        self.bar.update(self.task, completed=self.p.done)

    def close(self) -> None:
        self.bar.stop()
