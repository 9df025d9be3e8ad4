"""The result of extracting one document: :class:`Report`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .records import DocumentMeta, Fact, ProgramFact
from .text import Text

if TYPE_CHECKING:
    import pandas

__all__ = ["Report"]


@dataclass(frozen=True)
class Report:
    """Facts found in one document, with its normalized :class:`Text` and metadata.

    Facts are sorted by ``(start, end, kind)`` and carry ORIGINAL offsets.
    """

    doc_id: str | None
    text: Text
    facts: tuple[Fact, ...] = ()
    meta: DocumentMeta = field(default_factory=DocumentMeta)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def of_kind(self, *kinds: str) -> tuple[Fact, ...]:
        """The facts of the given kinds, in order."""
        return tuple(f for f in self.facts if f.kind in kinds)

    @property
    def programs(self) -> dict[str, tuple[ProgramFact, ...]]:
        """Program mentions grouped under one canonical name each (first mention first)."""
        groups: dict[str, list[ProgramFact]] = {}
        for f in self.facts:
            if isinstance(f, ProgramFact):
                groups.setdefault(_program_key(f), []).append(f)
        return {k: tuple(v) for k, v in groups.items()}

    def to_dicts(self) -> list[dict[str, Any]]:
        """The facts in their FACTS.md JSON form."""
        return [f.to_dict() for f in self.facts]

    def to_frame(self) -> pandas.DataFrame:
        """The facts as a pandas DataFrame, one row per fact (needs ``reportmine[pandas]``)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            from .errors import MissingExtraError

            raise MissingExtraError("Report.to_frame()", "pandas", "pandas") from e
        from .records import CORE_FIELDS

        rows = self.to_dicts()
        return pd.DataFrame(rows, columns=list(CORE_FIELDS) if not rows else None)


def _program_key(f: ProgramFact) -> str:
    return str(f.value)
