"""The :class:`Pipeline`: lexicons, normalizer, extractors and segmenter, owned together.

Read top to bottom, one document goes: normalize → metadata → extractors → resolve
overlaps and flags → :class:`~reportmine.report.Report`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Iterable
from functools import lru_cache

from .chars import SpanIndex
from .config import PipelineConfig
from .errors import OptionError
from .extractors.base import Context, Extractor
from .extractors.dates import DateExtractor
from .extractors.documents import DocumentExtractor
from .extractors.meta import MetaExtractor
from .extractors.programs import ProgramExtractor
from .extractors.quantity.extractor import QuantityExtractor
from .lexicon import Lexicon
from .normalization.normalizer import Normalizer
from .records import KINDS, QUANTITY_KINDS, Fact
from .report import Report
from .segmentation import Segmenter, Token
from .text import Text

__all__ = ["Pipeline", "default_pipeline", "extract"]

# quantities inside these spans are part of a name or a date, not facts of their own
_NAME_KINDS = frozenset({"date", "document", "program"})


class Pipeline:
    """Everything needed to extract facts, built once and reused for many documents.

    Args:
        lexicon: domain tables (default: the shipped ones plus the config's
            ``lexicon_dirs``, :meth:`PipelineConfig.lexicon`).
        config: every other choice, as one :class:`~reportmine.config.PipelineConfig`
            (the recipe worker processes rebuild the pipeline from); or, instead, these
            keywords, which make the config:
        script: ``"auto"``, ``"simplified"`` or ``"traditional"`` (see :class:`Normalizer`).
        converter: OpenCC config for traditional text (``t2s``, ``tw2s``, ``hk2s``).
        repairs: repair steps to run (default: all).
        kinds: fact kinds to extract (default: all of :data:`~reportmine.records.KINDS`).
        segmenter: word segmentation backend: ``auto`` (rjieba when installed), ``jieba``, ``rjieba``.

    A pipeline holds no global state; make as many as you like. It is safe to use from
    one thread at a time; worker processes each build their own from its :attr:`config`.

    >>> from reportmine import Pipeline
    >>> from reportmine.config import PipelineConfig
    >>> pipe = Pipeline(config=PipelineConfig(kinds={"money"}))
    >>> [f.text for f in pipe.extract("帮扶贫困户35户，投入资金100余万元").facts]
    ['100余万元']
    >>> pipe.config == Pipeline(kinds={"money"}).config
    True
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        config: PipelineConfig | None = None,
        script: str = "auto",
        converter: str = "t2s",
        repairs: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        segmenter: str = "auto",
    ) -> None:
        keywords = PipelineConfig(script, converter, kinds, segmenter=segmenter, repairs=repairs)
        if config is None:
            config = keywords
        elif keywords != PipelineConfig():
            raise OptionError("give Pipeline a config or its options as keywords, not both")
        if lexicon is not None and config.lexicon_dirs:
            raise OptionError("give Pipeline a lexicon or a config with lexicon_dirs, not both")
        self.config = config
        self.lexicon = lexicon if lexicon is not None else config.lexicon()
        self.normalizer = Normalizer(config.script, config.converter, config.repairs, lexicon=self.lexicon)
        self.kinds = frozenset(KINDS if config.kinds is None else config.kinds)
        self._meta = MetaExtractor(self.lexicon)
        self._extractors: list[Extractor] = [
            cls(self.lexicon)
            for cls in (DateExtractor, DocumentExtractor, ProgramExtractor, QuantityExtractor)
        ]
        self._segmenter = Segmenter(self.lexicon, config.segmenter)  # cheap: the backend loads on first use

    @classmethod
    def from_config(cls, config: PipelineConfig, lexicon: Lexicon | None = None) -> Pipeline:
        """The pipeline ``config`` describes (with ``lexicon`` instead of its ``lexicon_dirs``)."""
        return cls(lexicon, config=config)

    def normalize(self, raw: str) -> Text:
        """Normalize ``raw`` with this pipeline's settings."""
        return self.normalizer(raw)

    def extract(
        self,
        text: str | Text,
        doc_id: str | None = None,
        *,
        doc_date: _dt.date | None = None,
    ) -> Report:
        """Extract every fact from one document.

        ``doc_date`` resolves dates written without a year; by default the date of the
        document's own dateline is used when it has one.
        """
        t = text if isinstance(text, Text) else self.normalize(text)
        ctx = Context(t, doc_id, doc_date)
        meta = self._meta.find(ctx)
        if ctx.doc_date is None and meta.date:
            ctx.doc_date = _iso_to_date(meta.date)
        facts: list[Fact] = []
        for ex in self._extractors:
            if ex.kinds & self.kinds:
                facts.extend(f for f in ex.find(ctx) if f.kind in self.kinds)
        facts = _resolve(facts, t, meta.captions)
        if doc_id is not None:  # (the extractors set it from the context already)
            facts = [f if f.doc_id == doc_id else f.with_doc_id(doc_id) for f in facts]
        # -- reportmine.learn (issue 16): relevance and topics, when asked for --
        relevance = self._relevance(t) if self.config.relevance else None
        if self.config.topics:
            facts = _with_topics(facts, ctx, self.config.topic_model)
        return Report(doc_id, t, tuple(facts), meta, relevance)

    def _relevance(self, t: Text) -> float:
        """The relevance model's probability for the normalized text (model read once)."""
        from .learn.shipped import relevance

        return round(relevance(t.normalized, self.config.relevance_model), 4)

    def segment(
        self, text: str | Text, *, pos: bool = False, facts: bool | Iterable[Fact] = True
    ) -> list[Token]:
        """Tokens that tile the original text (see :mod:`reportmine.segmentation`).

        ``facts=True`` extracts the facts first and makes each one a single token; pass
        ``False`` for plain word segmentation, or the facts to keep whole.
        """
        t = text if isinstance(text, Text) else self.normalize(text)
        keep: Iterable[Fact] = (
            self.extract(t).facts if facts is True else () if facts is False else facts
        )
        return self._segmenter.segment(t, pos=pos, facts=keep)


def _iso_to_date(iso: str) -> _dt.date | None:
    parts = iso.split("-")
    try:
        if len(parts) == 3 and parts[0]:
            return _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return None


def _resolve(facts: list[Fact], text: Text, captions: Iterable[tuple[int, int]]) -> list[Fact]:
    """Drop facts in damaged text and quantities inside names/dates; flag caption facts; sort."""
    # span indexes, not scans: a hostile document has many facts AND many spans
    damaged = SpanIndex(text.damaged)
    names = SpanIndex((f.start, f.end) for f in facts if f.kind in _NAME_KINDS)
    caps = SpanIndex(captions)
    out: list[Fact] = []
    seen: set[tuple[str, int, int]] = set()
    for f in facts:
        if damaged and damaged.overlaps(f.start, f.end):
            continue
        if names and f.kind in QUANTITY_KINDS and names.contains(f.start, f.end):
            continue
        key = (f.kind, f.start, f.end)
        if key in seen:
            continue
        seen.add(key)
        if caps and "caption" not in f.flags and caps.contains(f.start, f.end):
            f = dataclasses.replace(f, flags=(*f.flags, "caption"))
        out.append(f)
    out.sort(key=lambda f: (f.start, f.end, f.kind))
    return out


def _with_topics(facts: list[Fact], ctx: Context, model_path: str | None) -> list[Fact]:
    """Each quantity fact with the topic of its sentence, read in simplified script (the
    normalized sentence, so a traditional report gets the topics of its simplified twin)."""
    from .learn.shipped import topic

    t = ctx.text
    seen: dict[tuple[int, int], tuple[str, float]] = {}
    out: list[Fact] = []
    for f in facts:
        if f.kind not in QUANTITY_KINDS:
            out.append(f)
            continue
        span = ctx.sentence_span(t.span_from_original(f.start, f.end)[0])
        if span not in seen:  # facts of one sentence share its topic
            seen[span] = topic(t.normalized[span[0] : span[1]], model_path)
        name, p = seen[span]
        out.append(dataclasses.replace(f, topic=name, topic_prob=round(p, 4)))
    return out


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The shared default :class:`Pipeline`, built on first use."""
    return Pipeline()


def extract(text: str | Text, doc_id: str | None = None, *, doc_date: _dt.date | None = None) -> Report:
    """Extract facts from ``text`` with the default pipeline (built lazily on first call)."""
    return default_pipeline().extract(text, doc_id, doc_date=doc_date)
