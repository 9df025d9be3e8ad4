"""reportmine: typed, traceable facts from Chinese-language assistance reports.

>>> import reportmine
>>> report = reportmine.extract("贫困户35户、73人已全部脱贫")
>>> [(f.kind, f.value, f.unit) for f in report.facts]  # doctest: +SKIP
[('count', 35, '户'), ('count', 73, '人')]

Nothing heavy happens at import: OpenCC, jieba and the lexicons load on first use.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    ArchiveLimitError,
    InputError,
    LexiconError,
    MissingExtraError,
    OptionError,
    ReportmineError,
    StoreError,
)
from .records import (
    KINDS,
    AreaFact,
    CountFact,
    DateFact,
    DocumentFact,
    DocumentMeta,
    DurationFact,
    Fact,
    LengthFact,
    MoneyFact,
    PercentFact,
    ProgramFact,
    VolumeFact,
    WeightFact,
)

if TYPE_CHECKING:
    from .config import PipelineConfig
    from .extractors.numbers import parse_number
    from .lexicon import Lexicon
    from .output.dataset import read_documents
    from .output.export import read_facts
    from .pipeline import Pipeline
    from .report import Report
    from .segmentation import Token
    from .text import Text

__all__ = [
    "KINDS",
    "ArchiveLimitError",
    "AreaFact",
    "CountFact",
    "DateFact",
    "DocumentFact",
    "DocumentMeta",
    "DurationFact",
    "Fact",
    "InputError",
    "LengthFact",
    "Lexicon",
    "LexiconError",
    "MissingExtraError",
    "MoneyFact",
    "OptionError",
    "PercentFact",
    "Pipeline",
    "PipelineConfig",
    "ProgramFact",
    "Report",
    "ReportmineError",
    "StoreError",
    "Text",
    "Token",
    "VolumeFact",
    "WeightFact",
    "__version__",
    "extract",
    "normalize",
    "parse_number",
    "read_documents",
    "read_facts",
    "segment",
    "to_arabic",
]

_LAZY = {
    "Lexicon": ("lexicon", "Lexicon"),
    "Pipeline": ("pipeline", "Pipeline"),
    "PipelineConfig": ("config", "PipelineConfig"),
    "Report": ("report", "Report"),
    "read_facts": ("output.export", "read_facts"),
    "read_documents": ("output.dataset", "read_documents"),  # issue 18
    "parse_number": ("extractors.numbers", "parse_number"),
    "Token": ("segmentation", "Token"),
    "Text": ("text", "Text"),
}


# ``reportmine.extract`` and ``reportmine.normalize`` are functions only: the stages live in
# ``reportmine.extractors`` and ``reportmine.normalization`` (the normalizer is light to
# import: OpenCC opens on first use).
from .normalization import normalize  # noqa: E402


def extract(
    text: str | Text, doc_id: str | None = None, *, doc_date: datetime.date | str | None = None
) -> Report:
    """Extract facts from ``text`` with the default pipeline (built lazily on first call).

    See :meth:`reportmine.pipeline.Pipeline.extract`.
    """
    from .pipeline import extract as _extract

    return _extract(text, doc_id, doc_date=doc_date)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{mod}", __name__), attr)
    raise AttributeError(f"module 'reportmine' has no attribute {name!r}")


def to_arabic(text: str | Text) -> Text:
    """``text`` with its Chinese numerals written in Arabic digits, offsets mapped.

    Like cn2an's ``transform``, but names and idioms stay as written and the result is a
    :class:`Text`: ``.normalized`` is the new text, ``.original`` the input, and
    ``span_to_original`` maps any span of the new text back to the input (issue 13).

    >>> import reportmine
    >>> t = reportmine.to_arabic("全村一百五十二户，仇一军说十分普遍，一波三折，增长百分之八十")
    >>> t.normalized
    '全村152户，仇一军说十分普遍，一波三折，增长80%'
    >>> t.original[slice(*t.span_to_original(2, 6))]
    '一百五十二户'
    >>> reportmine.to_arabic("二〇一九年十月一日，负三十二，肆佰陸拾").normalized
    '2019年10月1日，-32，460'
    """
    from .pipeline import default_pipeline

    return default_pipeline().to_arabic(text)


def segment(text: str, *, pos: bool = False) -> list[Token]:
    """Segment ``text`` with the default pipeline; tokens tile the original text."""
    from .pipeline import default_pipeline

    return default_pipeline().segment(text, pos=pos)
