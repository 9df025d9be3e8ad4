"""The previous figure's subject in the quantity pass, known or read only when asked (issue 19).

A pass for some kinds only (``Pipeline(kinds={"money"})``) still reads every figure, since
each one decides how the next reads, but builds no fact of another kind: such a figure's
subject is a :class:`LaterSubject`, worked out only when a later figure takes it over (a
change: 贫困发生率由26.3%降至0.5%; a comparison: 投入资金5000万元，同比增长6.5%; a pair:
贫困户42户96人). Most figures are never asked, and their subject costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extractor import QuantityExtractor
    from .found import Found as _Found

__all__ = ["LATER_DEPTH", "NO_SUBJECT", "Known", "LaterSubject", "PrevSubject"]


class Known:
    """A figure's subject, known (the figure's fact was built)."""

    __slots__ = ("value",)

    def __init__(self, value: str | None) -> None:
        self.value = value

    def get(self) -> str | None:
        """The subject."""
        return self.value


NO_SUBJECT = Known(None)
LATER_DEPTH = 32  # unread subjects waiting on each other before the oldest is read (no deep recursion)


class LaterSubject:
    """The subject of a figure whose fact is not built (a kind not asked for, issue 19),
    worked out on the first :meth:`get`: only a later figure that takes it over asks
    (贫困人口由3000人减少到500人 in a money-only pass asks nothing; 投入资金5000万元，同比增长
    6.5% in a percent-only pass asks the money figure's). A chain of unread subjects is
    cut once it is :data:`LATER_DEPTH` long (its newest link read then, which reads the
    links behind it), so reading one never recurses deeper than that (a change chain of
    thousands of percentages)."""

    __slots__ = ("_args", "_depth", "_q", "_value")
    _depth: int

    def __init__(
        self, q: QuantityExtractor, s: str, f: _Found, floor: int, prev: _Found | None, before: PrevSubject
    ) -> None:
        if isinstance(before, LaterSubject) and before._args is not None and before._depth >= LATER_DEPTH:
            before = Known(before.get())
        depth = before._depth + 1 if isinstance(before, LaterSubject) and before._args is not None else 0
        self._q = q
        self._args: tuple[str, _Found, int, _Found | None, PrevSubject] | None
        self._args = (s, f, floor, prev, before)
        self._depth = depth
        self._value: str | None = None

    def get(self) -> str | None:
        """The subject, worked out once (as :meth:`QuantityExtractor._subject_at` would)."""
        if self._args is not None:
            s, f, floor, prev, before = self._args
            self._value = self._q._subject_at(s, f, floor, prev, before)[0]
            self._args = None  # read: the chain behind it can go
        return self._value


PrevSubject = Known | LaterSubject  # the previous figure's subject: known, or read when asked

