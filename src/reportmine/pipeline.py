"""The :class:`Pipeline`: lexicons, normalizer, extractors and segmenter, owned together.

Read top to bottom, one document goes: normalize → metadata → extractors → resolve
overlaps and flags → :class:`~reportmine.report.Report`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any, TypeVar

from .chars import SpanIndex, reference_date
from .config import PipelineConfig
from .errors import OptionError
from .extractors.base import Context, Extractor
from .extractors.dates import DateExtractor
from .extractors.documents import DocumentExtractor
from .extractors.enrich import Enricher, copy_with
from .extractors.entities.named import NamedEntityExtractor
from .extractors.entities.place_links import place_links
from .extractors.entities.places import PlaceExtractor, dateline_place
from .extractors.meta import MetaExtractor
from .extractors.number_kind import NumberExtractor, NumeralFinder, arabic_text
from .extractors.programs import ProgramExtractor
from .extractors.quantity.extractor import QuantityExtractor
from .lexicon import Lexicon
from .normalization.normalizer import Normalizer
from .records import DEFAULT_KINDS, ENTITY_KINDS, QUANTITY_KINDS, DocumentMeta, Fact
from .report import Report
from .segmentation import Segmenter, Token
from .text import Text

__all__ = ["Draft", "Pipeline", "default_pipeline", "extract"]

_T = TypeVar("_T")

# quantities inside these spans are part of a name or a date, not facts of their own
_NAME_KINDS = frozenset({"date", "document", "program", "place"})
#: a short text in both scripts that makes a new pipeline set up what it builds lazily
_WARM_UP = "2019年全縣投入扶貧資金3.5億元，带动贫困户1,200户脱贫。《关于印发的通知》“万企帮万村”行动"


@dataclass(frozen=True)
class Draft:
    """A document extracted with no learned field yet (:meth:`Pipeline.begin`): its
    report and, with topics on, the distinct sentences of its quantity facts (normalized)
    and the number of each such fact's sentence among them, for :meth:`Pipeline.finish`.
    (Read at once, not kept as the extraction's context: 64 contexts and their caches
    need not stay alive while a chunk is extracted.)"""

    report: Report
    sentence_of: dict[int, int] = field(default_factory=dict)
    sentences: list[str] = field(default_factory=list)


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
        kinds: fact kinds to extract (default: :data:`~reportmine.records.DEFAULT_KINDS`,
            every kind but the opt-in ``number``).
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
        if config is not None and not isinstance(config, PipelineConfig):
            raise OptionError(f"config must be a PipelineConfig, not {type(config).__name__}")
        if lexicon is not None and not isinstance(lexicon, Lexicon):
            raise OptionError(f"lexicon must be a Lexicon (see Lexicon.load), not {type(lexicon).__name__}")
        if config is None:
            config = keywords
        elif keywords != PipelineConfig():
            raise OptionError("give Pipeline a config or its options as keywords, not both")
        if lexicon is not None and config.lexicon_dirs:
            raise OptionError("give Pipeline a lexicon or a config with lexicon_dirs, not both")
        self.config = config
        self._own_lexicon = lexicon  # given, not made from the config: no recipe to pickle
        self.lexicon = lexicon if lexicon is not None else config.lexicon()
        self.normalizer = Normalizer(config.script, config.converter, config.repairs, lexicon=self.lexicon)
        self.kinds = frozenset(DEFAULT_KINDS if config.kinds is None else config.kinds)
        self._meta = MetaExtractor(self.lexicon)
        self._extractors: list[Extractor] = [
            cls(self.lexicon)
            for cls in (DateExtractor, DocumentExtractor, ProgramExtractor, QuantityExtractor, PlaceExtractor)
        ]
        # the opt-in number kind (issue 13) runs last and needs every other kind's facts
        self._numbers = "number" in self.kinds
        self._finder: NumeralFinder | None = None  # for to_arabic, made on first use
        if self._numbers:
            self._extractors.append(NumberExtractor(self.lexicon))
        self._segmenter = Segmenter(self.lexicon, config.segmenter)  # cheap: the backend loads on first use
        # issue 20: subjects are read on word boundaries (the segmenter's words around a figure)
        for ex in self._extractors:
            if isinstance(ex, QuantityExtractor):
                ex.use_words(self._segmenter.tag_words)
        # issue 14: organizations, persons and the actor of quantity facts
        self._entities = NamedEntityExtractor(self.lexicon) if self.kinds & ENTITY_KINDS else None
        # issue 15: the fields that make facts comparable and joinable (extractors/enrich.py).
        # (A bare relative date — 今年, 年初 — is no date fact, as FACTS.md says; one that dates
        # the month after it, 去年9月, gives that month its year, flagged ``relative``.)
        self._enricher = Enricher(self.lexicon)
        # issue 19: the quantity kinds to build facts of (None: all, for the number kind, which
        # drops the numbers under a fact of any kind; an actor depends on its own fact only)
        self._quantity_kinds = None if self._numbers else self.kinds & QUANTITY_KINDS

    @classmethod
    def from_config(cls, config: PipelineConfig, lexicon: Lexicon | None = None) -> Pipeline:
        """The pipeline ``config`` describes (with ``lexicon`` instead of its ``lexicon_dirs``)."""
        return cls(lexicon, config=config)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled by recipe: the config, rebuilt on the other side; the OpenCC and jieba
        objects never cross processes (``tests/test_pickling.py``). A pipeline given a
        :class:`Lexicon` object has no recipe: give the config ``lexicon_dirs`` instead."""
        if self._own_lexicon is not None:
            raise TypeError(
                "a Pipeline built with a Lexicon object cannot be pickled (sent to a worker process): "
                "build it from PipelineConfig(lexicon_dirs=[...]) instead"
            )
        return (Pipeline.from_config, (self.config,))

    def warm_up(self) -> None:
        """Set up now what the pipeline otherwise sets up on first use: OpenCC, the
        segmenter, the extractors' lazy tables and, with the ``place`` kind, the village
        table (read when a document first names a village: ≈0.8 s). A batch builds and warms
        its pipeline once before forking workers, which then inherit all of it instead of
        each reading it again (issue 19)."""
        self.extract(_WARM_UP)
        if "place" in self.kinds:
            from .extractors.entities.divisions import villages

            villages()

    def normalize(self, raw: str) -> Text:
        """Normalize ``raw`` with this pipeline's settings."""
        return self.normalizer(raw)

    def extract(
        self,
        text: str | Text,
        doc_id: str | None = None,
        *,
        doc_date: _dt.date | str | None = None,
    ) -> Report:
        """Extract every fact from one document.

        ``doc_date`` (a date, a datetime or an ISO string such as ``"2019-01-01"``)
        resolves dates written without a year; by default the date of the document's own
        dateline is used when it has one. ``doc_id`` must be a ``str``; a bad ``doc_id`` or
        ``doc_date`` raises :class:`~reportmine.errors.OptionError`. Many documents:
        :meth:`extract_many` (the same reports, the learned fields scored per chunk).
        """
        draft = self.begin(text, doc_id, doc_date=doc_date)
        if not (self.config.relevance or self.config.topics):
            return draft.report
        return self.finish([draft])[0]

    def begin(
        self, text: str | Text, doc_id: str | None = None, *, doc_date: _dt.date | str | None = None
    ) -> Draft:
        """The first part of :meth:`extract`: every fact, no learned field yet (scored by
        :meth:`finish`, for many documents at once)."""
        if doc_id is not None and not isinstance(doc_id, str):
            raise OptionError(f"doc_id must be a str, not {type(doc_id).__name__}")
        day = _doc_date(doc_date)
        t = text if isinstance(text, Text) else self.normalize(text)
        ctx = Context(t, doc_id, day)
        meta = self._meta.find(ctx)
        if ctx.doc_date is None and meta.date:
            ctx.doc_date = reference_date(meta.date)  # (a dateline's --MM-DD gives none)
        facts: list[Fact] = []
        for ex in self._extractors:
            if self._numbers or ex.kinds & self.kinds:
                facts.extend(self._find(ex, ctx))
        entities = self._add_entities(ctx, meta, facts)
        if self._numbers:
            facts = _unclaimed_numbers(facts)
        facts = _resolve([f for f in facts if f.kind in self.kinds], t, meta.captions)
        facts = self._enricher.enrich(facts, ctx, self._links(ctx, meta, facts, entities))
        if doc_id is not None:  # (the extractors set it from the context already)
            facts = [f if f.doc_id == doc_id else f.with_doc_id(doc_id) for f in facts]
        report = Report(doc_id, t, tuple(facts), meta)
        return Draft(report, *_fact_sentences(facts, ctx)) if self.config.topics else Draft(report)

    # -- reportmine.learn (issue 16): relevance and topics, scored per chunk of documents --
    def extract_many(
        self,
        texts: Iterable[str | Text],
        doc_ids: Iterable[str | None] | None = None,
        *,
        doc_dates: Iterable[_dt.date | str | None] | None = None,
        batch_size: int = 64,
    ) -> Iterator[Report]:
        """:meth:`extract` of each of ``texts`` (with ``doc_ids`` and ``doc_dates``, of the
        same length, when given), yielded in input order: the same reports, with the
        relevance and topics of ``batch_size`` documents scored in one pass (the numpy calls
        paid once per chunk, not per document: issue 16, session 8), like spaCy's
        ``nlp.pipe``. Lazy: reads ``batch_size`` texts ahead.

        >>> from reportmine.config import PipelineConfig
        >>> pipe = Pipeline(config=PipelineConfig(kinds={"count"}, relevance=True, topics=True))
        >>> texts = ["资助贫困学生1,200人", "中国女排以3比0战胜对手", ""]
        >>> reports = list(pipe.extract_many(texts, ["a", "b", "c"], batch_size=2))
        >>> [(r.doc_id, r.relevance > 0.5, [f.topic for f in r.facts]) for r in reports]
        [('a', True, ['教育']), ('b', False, []), ('c', False, [])]
        >>> alone = [pipe.extract(t, i) for t, i in zip(texts, "abc")]
        >>> [(r.facts, r.relevance) for r in reports] == [(r.facts, r.relevance) for r in alone]
        True
        """
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise OptionError(f"batch_size must be a positive int, not {batch_size!r}")
        for chunk in _batches(_rows(texts, doc_ids, doc_dates), batch_size):
            drafts = [self.begin(t, i, doc_date=d) for t, i, d in chunk]
            if self.config.relevance or self.config.topics:
                yield from self.finish(drafts)
            else:
                yield from (d.report for d in drafts)

    def finish(self, drafts: Sequence[Draft], relevance: Sequence[float] | None = None) -> list[Report]:
        """The reports of ``drafts`` (:meth:`begin`) with the learned fields the config
        asks for, scored for all of them at once (:func:`reportmine.learn.shipped.score_chunk`):
        each quantity fact's ``topic`` and ``topic_prob`` (of its sentence, normalized
        text: a traditional report gets its simplified twin's), each report's
        ``relevance`` (or the ``relevance`` given, already scored: ``--min-relevance``
        scores it before extracting)."""
        from .learn.shipped import score_chunk

        cfg = self.config
        sentences = [s for d in drafts for s in d.sentences] if cfg.topics else None
        texts = [d.report.text.normalized for d in drafts] if cfg.relevance and relevance is None else None
        probs, named = score_chunk(texts, sentences, cfg.relevance_model, cfg.topic_model)
        scores = [round(p, 4) for p in probs] if texts is not None else relevance
        out: list[Report] = []
        at = 0
        for k, d in enumerate(drafts):
            n = len(d.sentences)
            facts = _with_topics(d.report.facts, d.sentence_of, named[at : at + n])
            at += n
            rel = scores[k] if scores is not None else None
            out.append(dataclasses.replace(d.report, facts=facts, relevance=rel))
        return out

    def relevance_many(self, texts: Sequence[str | Text]) -> list[float]:
        """The relevance of each of ``texts`` (as :meth:`extract` stores it: rounded to 4
        places), scored in one pass and without extracting (``--min-relevance``: a
        document below is not extracted at all)."""
        from .learn.shipped import score_chunk

        normalized = [(t if isinstance(t, Text) else self.normalize(t)).normalized for t in texts]
        return [round(p, 4) for p in score_chunk(normalized, None, self.config.relevance_model)[0]]

    def outline(
        self, text: str | Text, doc_id: str | None = None, *, doc_date: _dt.date | str | None = None
    ) -> Report:
        """The document's metadata (headline, dateline …) without facts: what a batch
        records of a document skipped as not relevant."""
        t = text if isinstance(text, Text) else self.normalize(text)
        return Report(doc_id, t, (), self._meta.find(Context(t, doc_id, _doc_date(doc_date))))

    def to_arabic(self, text: str | Text) -> Text:
        """``text`` with its Chinese numerals in Arabic digits (see :func:`reportmine.to_arabic`):
        numerals inside this pipeline's quantity and date facts and those no fact claims."""
        t = text if isinstance(text, Text) else self.normalize(text)
        if self._finder is None:
            self._finder = NumeralFinder(self.lexicon)
        facts = [f for f in self.extract(t).facts if f.kind != "number"]
        return arabic_text(t, facts, self._finder)

    def _find(self, ex: Extractor, ctx: Context) -> Iterable[Fact]:
        """``ex``'s facts; the quantity extractor's of the kinds asked for only
        (:meth:`~.QuantityExtractor.find_kinds`: no subject, sentence or fact for another
        kind, issue 19) unless the number kind reads them all (a number under a count is no
        number)."""
        if self._quantity_kinds is not None and isinstance(ex, QuantityExtractor):
            return ex.find_kinds(ctx, self._quantity_kinds)
        return ex.find(ctx)

    # -- issue 14: entities and the links of quantity facts (one block: see docs/performance.md) --
    def _add_entities(self, ctx: Context, meta: DocumentMeta, facts: list[Fact]) -> list[Fact] | None:
        """The organization/person facts of the document (every kind: they name the actors),
        none inside a document, program or place name; those of the kinds asked for are
        added to ``facts``. None when no entity kind is on."""
        if self._entities is None:
            return None
        names = SpanIndex((f.start, f.end) for f in facts if f.kind in _NAME_KINDS - {"date"})
        found = self._entities.find(ctx, meta)
        entities = [e for e in found if not names.overlaps(e.start, e.end)] if names else list(found)
        facts += [e for e in entities if e.kind in self.kinds]
        return entities

    def _links(
        self, ctx: Context, meta: DocumentMeta, facts: list[Fact], entities: list[Fact] | None
    ) -> dict[int, dict[str, Any]]:
        """``{index: fields}``: each quantity fact's ``actor`` (with entities on) and ``place``
        (with the place kind), set by the enrich step with its own fields, so that a fact is
        built once with all its links (it was copied once per link). An actor and a place
        depend on their fact alone, so linking the resolved facts gives what linking them
        before :func:`_resolve` gave."""
        links: dict[int, dict[str, Any]] = {}
        if entities is not None:
            assert self._entities is not None
            for i, actor in self._entities.actors(ctx, facts, entities).items():
                links[i] = {"actor": actor}
        if "place" in self.kinds:  # each quantity fact's place
            date_end = meta.date_span[1] if meta.date_span else None
            found = place_links(ctx.text.original, facts, dateline_place(meta.place), date_end)
            for i, fields in found.items():
                links.setdefault(i, {}).update(fields)
        return links

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


def _rows(
    texts: Iterable[str | Text],
    doc_ids: Iterable[str | None] | None,
    doc_dates: Iterable[_dt.date | str | None] | None,
) -> Iterator[tuple[str | Text, str | None, _dt.date | str | None]]:
    """``(text, doc_id, doc_date)`` of each text; ``doc_ids`` and ``doc_dates``, when given,
    of the same length as ``texts`` (a ``ValueError`` otherwise: ``zip(strict=True)``)."""
    columns: list[Iterable[Any]] = [texts]
    columns += [c for c in (doc_ids, doc_dates) if c is not None]
    for row in zip(*columns, strict=True):
        given = iter(row[1:])
        doc_id = next(given) if doc_ids is not None else None
        yield row[0], doc_id, next(given) if doc_dates is not None else None


def _batches(rows: Iterator[_T], size: int) -> Iterator[list[_T]]:
    """``rows`` in lists of ``size`` (the last one shorter)."""
    while chunk := list(islice(rows, size)):
        yield chunk


def _doc_date(value: object) -> _dt.date | None:
    """``doc_date`` as the day dates without a year are resolved against: a date, a datetime
    (its day) or an ISO string at any precision (rules: :func:`~reportmine.chars.reference_date`).

    >>> _doc_date("2019-01-01"), _doc_date(_dt.datetime(2019, 1, 1, 8, 30)), _doc_date("2019-10")
    (datetime.date(2019, 1, 1), datetime.date(2019, 1, 1), datetime.date(2019, 10, 1))
    """
    if value is not None and not isinstance(value, (str, _dt.date)):
        raise OptionError(f"doc_date must be a date, a datetime or an ISO string, not {type(value).__name__}")
    try:
        return reference_date(value)
    except ValueError:
        raise OptionError(f"doc_date is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}") from None


def _unclaimed_numbers(facts: list[Fact]) -> list[Fact]:
    """Drop the ``number`` facts that overlap a fact of another kind (issue 13): 三户 is a
    count, 二〇一九年 a date, “两不愁三保障” a program, whether or not those kinds were asked for."""
    claimed = SpanIndex((f.start, f.end) for f in facts if f.kind != "number")
    return [f for f in facts if f.kind != "number" or not claimed.overlaps(f.start, f.end)]


def _resolve(facts: list[Fact], text: Text, captions: Iterable[tuple[int, int]]) -> list[Fact]:
    """Drop facts in damaged text and quantities inside names/dates; flag caption facts; sort."""
    # span indexes, not scans: a hostile document has many facts AND many spans
    damaged = SpanIndex(text.damaged)
    name_spans = [(f.start, f.end, f.kind) for f in facts if f.kind in _NAME_KINDS]
    names = SpanIndex((a, b) for a, b, _ in name_spans)
    # (issue 14) a place only inside a program or document title is no entity of its own
    titles = SpanIndex((a, b) for a, b, kind in name_spans if kind in ("document", "program"))
    caps = SpanIndex(captions)
    # (asked once, not once per fact: an index's truth is a Python-level __len__ call)
    in_damaged, in_names = _asker(damaged, damaged.overlaps), _asker(names, names.contains)
    in_titles, in_caption = _asker(titles, titles.contains), _asker(caps, caps.contains)
    out: list[Fact] = []
    seen: set[tuple[str, int, int]] = set()
    for f in facts:
        kind, start, end = f.kind, f.start, f.end
        if in_damaged is not None and in_damaged(start, end):
            continue
        if in_names is not None and kind in QUANTITY_KINDS and in_names(start, end):
            continue
        if in_titles is not None and kind == "place" and in_titles(start, end):
            continue
        key = (kind, start, end)
        if key in seen:
            continue
        seen.add(key)
        if in_caption is not None and "caption" not in f.flags and in_caption(start, end):
            f = copy_with(f, {"flags": (*f.flags, "caption")})  # (no __init__ checks again: issue 19)
        out.append(f)
    out.sort(key=_ORDER)
    return out


def _asker(index: SpanIndex, question: Callable[[int, int], bool]) -> Callable[[int, int], bool] | None:
    """``question`` (a method of ``index``), or None when ``index`` holds no span."""
    return question if index else None


_ORDER = operator.attrgetter("start", "end", "kind")  # the facts' order: text order, then kind


def _fact_sentences(facts: Sequence[Fact], ctx: Context) -> tuple[dict[int, int], list[str]]:
    """The distinct sentences of the quantity facts (normalized: simplified script), and
    for each such fact's index the number of its sentence among them: facts share
    sentences, and the sentence of a ``sentence_id`` is looked up once."""
    t = ctx.text
    spans: dict[int, tuple[int, int]] = {}
    of_id: dict[int, tuple[int, int]] = {}  # sentence_id -> normalized span: one lookup a sentence
    for i, f in enumerate(facts):
        if f.kind not in QUANTITY_KINDS:
            continue
        span = of_id.get(f.sentence_id) if f.sentence_id is not None else None
        if span is None:
            span = ctx.sentence_span(t.span_from_original(f.start, f.end)[0])
            if f.sentence_id is not None:
                of_id[f.sentence_id] = span
        spans[i] = span
    number = {span: k for k, span in enumerate(dict.fromkeys(spans.values()))}
    return {i: number[span] for i, span in spans.items()}, [t.normalized[a:b] for a, b in number]


def _with_topics(
    facts: tuple[Fact, ...], sentence_of: dict[int, int], named: list[tuple[str, float]]
) -> tuple[Fact, ...]:
    """``facts``, each quantity fact with the topic (``named``) of its sentence."""
    if not sentence_of:
        return facts
    out = list(facts)
    for i, k in sentence_of.items():
        name, p = named[k]
        out[i] = _with_topic(facts[i], name, round(p, 4))
    return tuple(out)


def _with_topic(f: Fact, topic: str, prob: float) -> Fact:
    """``f`` with its topic: :func:`~.extractors.enrich.copy_with`, no ``__init__`` checks
    again (the fact passed them; a topic name and a probability need none): the checks made
    copying the facts cost as much as scoring their sentences."""
    return copy_with(f, {"topic": topic, "topic_prob": prob})


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The shared default :class:`Pipeline`, built on first use."""
    return Pipeline()


def extract(text: str | Text, doc_id: str | None = None, *, doc_date: _dt.date | str | None = None) -> Report:
    """Extract facts from ``text`` with the default pipeline (built lazily on first call)."""
    return default_pipeline().extract(text, doc_id, doc_date=doc_date)
