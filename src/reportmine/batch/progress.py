"""A one-line progress display on a terminal (documents, chars/s, failures, ETA).

Only used when standard error is a terminal; in pipes and CI the batch prints nothing
but its final summary.
"""

from __future__ import annotations

import time
from typing import IO

__all__ = ["Progress", "human"]


def human(n: float) -> str:
    """``12345678`` → ``12.3M``; small numbers as they are.

    >>> human(999), human(12345), human(12345678)
    ('999', '12.3k', '12.3M')
    """
    for div, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= div:
            return f"{n / div:.1f}{unit}"
    return f"{n:.0f}"


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class Progress:
    """Redraws one status line on ``stream`` at most ``hz`` times a second."""

    def __init__(self, stream: IO[str], *, hz: float = 4.0) -> None:
        self.stream = stream
        self.interval = 1.0 / hz
        self.start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def update(
        self,
        docs: int,
        failed: int,
        chars: int,
        done_bytes: int,
        total_bytes: int | None,
        *,
        force: bool = False,
    ) -> None:
        """Show the counts; the ETA comes from the share of input bytes read."""
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        line = f"{human(docs)} docs, {human(chars / elapsed)} chars/s, {failed} failed"
        if total_bytes and 0 < done_bytes <= total_bytes:
            share = done_bytes / total_bytes
            line += f", {share:.0%}"
            if share > 0.01:
                line += f", ETA {_clock(elapsed / share - elapsed)}"
        self._draw(line)

    def _draw(self, line: str) -> None:
        pad = max(self._width - len(line), 0)
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()
        self._width = len(line)

    def close(self) -> None:
        """Erase the status line."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
