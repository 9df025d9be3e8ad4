"""reportmine: typed, traceable facts from Chinese-language assistance reports.

>>> import reportmine
>>> report = reportmine.extract("贫困户35户、73人已全部脱贫")
>>> [(f.kind, f.value, f.unit) for f in report.facts]  # doctest: +SKIP
[('count', 35, '户'), ('count', 73, '人')]

Nothing heavy happens at import: OpenCC, jieba and the lexicons load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    ArchiveLimitError,
    InputError,
    LexiconError,
    MissingExtraError,
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
    from .lexicon import Lexicon
    from .normalize import normalize
    from .export import read_facts
    from .pipeline import Pipeline, extract
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
    "PercentFact",
    "Pipeline",
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
    "read_facts",
    "segment",
]

_LAZY = {
    "Lexicon": ("lexicon", "Lexicon"),
    "normalize": ("normalize", "normalize"),
    "Pipeline": ("pipeline", "Pipeline"),
    "extract": ("pipeline", "extract"),
    "Report": ("report", "Report"),
    "read_facts": ("export", "read_facts"),
    "Token": ("segmentation", "Token"),
    "Text": ("text", "Text"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{mod}", __name__), attr)
    raise AttributeError(f"module 'reportmine' has no attribute {name!r}")


def segment(text: str, *, pos: bool = False) -> list[Token]:
    """Segment ``text`` with the default pipeline; tokens tile the original text."""
    from .pipeline import default_pipeline

    return default_pipeline().segment(text, pos=pos)
