"""The result of extracting one document: :class:`Report`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
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

    Facts are sorted by ``(start, end, kind)`` and carry ORIGINAL offsets. ``relevance``
    is the probability that the document reports assistance work (``reportmine.learn``;
    ``None`` unless the pipeline was asked for it: ``PipelineConfig(relevance=True)``).
    """

    doc_id: str | None
    text: Text
    facts: tuple[Fact, ...] = ()
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    relevance: float | None = None

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def of_kind(self, *kinds: str) -> tuple[Fact, ...]:
        """The facts of the given kinds, in order."""
        return tuple(f for f in self.facts if f.kind in kinds)

    @property
    def programs(self) -> dict[str, tuple[ProgramFact, ...]]:
        """Program mentions grouped under one canonical name each, in order of first mention.

        Mentions are the same program when their names agree once the category word (活动,
        行动 …, from the mention itself or from another mention in the report), quote marks,
        spaces and list punctuation are set aside: “四帮助一宣传” and “四帮助一宣传”活动, or
        “三基建设” and “三基”建设. The canonical name is the most frequent value of the group
        (the longest on a tie, so the one with its category word).
        """
        progs = [f for f in self.facts if isinstance(f, ProgramFact)]
        cats = sorted({f.category for f in progs if f.category}, key=len, reverse=True)
        groups: dict[str, list[ProgramFact]] = {}
        for f in progs:
            groups.setdefault(_program_key(f, cats), []).append(f)
        out: dict[str, list[ProgramFact]] = {}
        for mentions in groups.values():
            out.setdefault(_canonical(mentions), []).extend(mentions)
        return {k: tuple(v) for k, v in out.items()}

    def document_fields(self, date: str | None = None, date_source: str | None = None) -> dict[str, Any]:
        """The store's document columns (:data:`~reportmine.results.DOCUMENT_FIELDS` but
        ``text``): ``date`` (ISO 8601) if the input gave one (``date_source`` says where),
        else the dateline's date when it has a year; and what :attr:`meta` found."""
        meta = self.meta
        if date is None and meta.date and not meta.date.startswith("-"):
            date, date_source = meta.date, "dateline"
        return {
            "headline": meta.headline,
            "doc_date": date,
            "doc_date_source": date_source if date else None,
            "outlet": meta.source,
            "place": meta.place,
            "bylines": "\n".join(meta.bylines) or None,
            "authors": "\n".join(meta.authors) or None,
        }

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
        from .records import fact_columns

        # the same columns, in the same order, whatever kinds the report holds
        return pd.DataFrame.from_records(self.to_dicts(), columns=list(fact_columns()))


_SQUASH = str.maketrans("", "", "“”‘’「」『』\"'《》〈〉·・、，,- \u3000\t")


def _program_key(f: ProgramFact, categories: Sequence[str] = ()) -> str:
    """What two mentions of one program share: the name without category, quotes, spaces."""
    name = str(f.value).translate(_SQUASH)
    for c in (f.category, *categories):
        if c and name.endswith(c) and len(name) > len(c):
            return name[: -len(c)]
    return name


def _canonical(mentions: Sequence[ProgramFact]) -> str:
    counts = Counter(str(f.value) for f in mentions)
    return max(counts, key=lambda v: (counts[v], len(v)))
