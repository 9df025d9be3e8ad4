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
    from .export import read_facts
    from .extract.numbers import parse_number
    from .lexicon import Lexicon
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
    "read_facts",
    "segment",
]

_LAZY = {
    "Lexicon": ("lexicon", "Lexicon"),
    "Pipeline": ("pipeline", "Pipeline"),
    "Report": ("report", "Report"),
    "read_facts": ("export", "read_facts"),
    "parse_number": ("extract.numbers", "parse_number"),
    "Token": ("segmentation", "Token"),
    "Text": ("text", "Text"),
}


# The subpackage ``reportmine.extract`` and the module ``reportmine.normalize`` share their
# names with the functions ``reportmine.extract()`` and ``reportmine.normalize()``. Importing a
# submodule binds it on its parent, so both are imported here first (they are light: no OpenCC,
# jieba or lexicons are loaded) and the functions defined after them win; later imports of
# ``reportmine.extract.*`` or ``from reportmine.normalize import Normalizer`` find the modules
# in ``sys.modules``.
from . import extract as _extract_pkg  # noqa: E402
from . import normalize as _normalize_mod  # noqa: E402

del _extract_pkg


normalize = _normalize_mod.normalize  # the function, not the module, as reportmine.normalize


def extract(text: str | Text, doc_id: str | None = None, *, doc_date: datetime.date | None = None) -> Report:
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


def segment(text: str, *, pos: bool = False) -> list[Token]:
    """Segment ``text`` with the default pipeline; tokens tile the original text."""
    from .pipeline import default_pipeline

    return default_pipeline().segment(text, pos=pos)
