"""spaCy integration (``pip install 'reportmine[spacy]'``): a component and a tokenizer.

* The component factory ``reportmine`` is registered through the ``spacy_factories``
  entry point, so any Chinese pipeline can add it::

      nlp = spacy.blank("zh")
      nlp.add_pipe("reportmine")
      doc = nlp(text)
      doc.spans["reportmine"]          # one span per fact, labelled by kind
      for span in doc.spans["reportmine"]:
          span._.fact              # the Fact record of each span
      doc._.report                     # the whole Report

* With ``set_ents=True`` (a setting of the component and of :func:`load`) the facts are
  also ``doc.ents``, so displacy's ``ent`` style shows them; :func:`displacy_options`
  gives it one colour per kind (the colours of ``reportmine show`` and the HTML report)::

      nlp = reportmine.spacy.load(set_ents=True)
      doc = nlp(text)
      displacy.render(doc, style="ent", options=reportmine.spacy.displacy_options())

  Entities cannot overlap: among overlapping facts the longest is kept (the first on a
  tie, :func:`spacy.util.filter_spans`), and entities already set by another component
  (an NER model) win over facts; ``doc.spans`` always has every fact.

* :func:`load` builds a blank ``zh`` pipeline whose tokenizer is reportmine's
  segmenter (``doc.text == text``; every fact is whole tokens) plus the component.
  The tokenizer is registered as ``reportmine.Tokenizer.v1`` (``spacy_tokenizers``
  entry point), so ``nlp.to_disk()`` / ``spacy.load()`` round-trip.

Both take the fields of :class:`~reportmine.config.PipelineConfig` as their config keys
(``script``, ``converter``, ``kinds``, ``segmenter``, ``lexicon_dirs``, ``repairs``), plus
``facts`` (tokenizer: extract while tokenizing) and ``spans_key`` (component); they keep
that config, not a pipeline, and build the pipeline from it on first use.

What a doc carries is plain data in ``doc.user_data["reportmine"]`` (facts in their
FACTS.md JSON form, the normalized text and its alignment, the metadata), so docs
survive ``Doc.to_bytes`` and ``nlp.pipe(..., n_process=2)``; ``span._.fact`` and
``doc._.report`` rebuild the records from it on access.

Importing this module imports spaCy (without it: :class:`~reportmine.errors.MissingExtraError`
naming the ``spacy`` extra); ``import reportmine`` never does.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from .errors import MissingExtraError, OptionError

try:
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import registry
    from spacy.vocab import Vocab
except ModuleNotFoundError as _missing:  # spaCy absent: say which extra brings it
    if (_missing.name or "spacy").partition(".")[0] != "spacy":
        raise  # a dependency of an installed spaCy is missing: its own error says which
    raise MissingExtraError("reportmine.spacy", "spacy", "spacy") from _missing

from .config import PipelineConfig
from .pipeline import Pipeline
from .records import DocumentMeta, Fact, fact_from_dict
from .report import Report
from .segmentation import Token
from .text import Alignment, Repair, Text

__all__ = [
    "DATA_KEY",
    "ReportmineComponent",
    "ReportmineTokenizer",
    "create_tokenizer",
    "displacy_options",
    "load",
    "make_component",
]

#: key of reportmine's data in ``doc.user_data``
DATA_KEY = "reportmine"
_FORMAT = 1


# -- settings shared by the tokenizer and the component ---------------------------------------
# Their spaCy config keys are the fields of PipelineConfig (script, converter, kinds,
# segmenter, lexicon_dirs, repairs), plus ``facts`` (tokenizer) and ``spans_key`` (component).
# spaCy reads each factory's own parameter list, so only the two factories spell them out;
# the classes take a PipelineConfig.


_LEARN_SETTINGS = frozenset({"relevance", "topics", "min_relevance", "relevance_model", "topic_model"})


def _key(config: PipelineConfig) -> list[Any]:
    """What decides the facts found (the segmenter backend does not)."""
    d = config.to_dict()
    return [d["script"], d["converter"], d["kinds"], d["lexicon_dirs"], d["repairs"]]


class _PipelineOwner:
    """Builds its :class:`Pipeline` lazily from its :class:`PipelineConfig`; pickles as
    that config only."""

    config: PipelineConfig
    _pipeline: Pipeline | None

    @property
    def pipeline(self) -> Pipeline:
        """The reportmine :class:`~reportmine.pipeline.Pipeline` in use (built on first use)."""
        if self._pipeline is None:
            self._pipeline = Pipeline.from_config(self.config)
        return self._pipeline

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_pipeline"] = None  # OpenCC and jieba objects do not pickle; rebuilt on use
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        register_extensions()


# -- the tokenizer ----------------------------------------------------------------------------
class ReportmineTokenizer(_PipelineOwner):
    """A spaCy tokenizer that segments with reportmine: ``doc.text == text``, facts whole.

    With ``facts=True`` (default) the facts are extracted while tokenizing, stored in the
    doc and reused by the ``reportmine`` component when its settings match.
    """

    def __init__(self, vocab: Vocab, config: PipelineConfig | None = None, *, facts: bool = True) -> None:
        self.vocab = vocab
        self.config = config if config is not None else PipelineConfig()
        self.facts = facts
        self._pipeline = None
        register_extensions()

    def __call__(self, text: str) -> Doc:
        """Tokenize ``text`` into a :class:`~spacy.tokens.Doc`."""
        pipe = self.pipeline
        t = pipe.normalize(text)
        report = pipe.extract(t) if self.facts else None
        tokens = pipe.segment(t, facts=report.facts if report is not None else False)
        words, spaces = _words_and_spaces(tokens)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if report is not None:
            doc.user_data[DATA_KEY] = _report_data(report, self.config)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize a stream of texts."""
        for text in texts:
            yield self(text)

    def _cfg(self) -> dict[str, Any]:
        return {**self.config.to_dict(), "facts": self.facts}

    def _load_cfg(self, cfg: dict[str, Any]) -> None:
        facts = bool(cfg.pop("facts", True))
        self.config = PipelineConfig.from_dict(cfg)
        self.facts = facts
        self._pipeline = None

    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        """Serialize the settings."""
        return json.dumps(self._cfg(), ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> ReportmineTokenizer:
        """Load settings written by :meth:`to_bytes`."""
        self._load_cfg(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        """Write the settings to ``path/cfg.json``."""
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "cfg.json").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> ReportmineTokenizer:
        """Read settings written by :meth:`to_disk`."""
        return self.from_bytes((Path(path) / "cfg.json").read_bytes())


@registry.tokenizers("reportmine.Tokenizer.v1")  # type: ignore[untyped-decorator]
def create_tokenizer(
    script: str = "auto",
    converter: str = "t2s",
    kinds: list[str] | None = None,
    segmenter: str = "auto",
    lexicon_dirs: list[str] = [],  # noqa: B006 - spaCy config defaults are read, never mutated
    repairs: list[str] | None = None,
    facts: bool = True,
) -> Any:
    """The ``reportmine.Tokenizer.v1`` registered function: ``nlp -> ReportmineTokenizer``."""

    config = PipelineConfig(
        script, converter, kinds, segmenter=segmenter, lexicon_dirs=lexicon_dirs, repairs=repairs
    )

    def make(nlp: Language) -> ReportmineTokenizer:
        return ReportmineTokenizer(nlp.vocab, config, facts=facts)

    return make


def _words_and_spaces(tokens: Sequence[Token]) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags: a single space after a word becomes its flag."""
    words: list[str] = []
    spaces: list[bool] = []
    for t in tokens:
        if t.text == " " and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            continue
        words.append(t.text)
        spaces.append(False)
    return words, spaces


# -- the component ----------------------------------------------------------------------------
class ReportmineComponent(_PipelineOwner):
    """Puts reportmine's facts into ``doc.spans[spans_key]``, labelled by kind."""

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "reportmine",
        config: PipelineConfig | None = None,
        *,
        spans_key: str = "reportmine",
        set_ents: bool = False,
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.set_ents = set_ents
        self.config = config if config is not None else PipelineConfig()
        self._pipeline = None
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        """Extract the facts of ``doc`` (or reuse those its tokenizer found) and add the spans."""
        data = self._found(doc)
        if data is None:
            data = _report_data(self.pipeline.extract(doc.text), self.config)
        return self._add(doc, data)

    def _found(self, doc: Doc) -> dict[str, Any] | None:
        """The facts the tokenizer stored in ``doc`` with this component's settings, if any."""
        data = doc.user_data.get(DATA_KEY)
        if not isinstance(data, dict) or data.get("settings") != _key(self.config) \
                or data.get("format") != _FORMAT:
            return None
        return data

    def _add(self, doc: Doc, data: dict[str, Any]) -> Doc:
        """Add the spans of the facts of ``data`` to ``doc``."""
        spans: list[Span] = []
        index: list[list[int]] = []
        for i, f in enumerate(data["facts"]):
            span = doc.char_span(f["start"], f["end"], label=f["kind"], alignment_mode="expand")
            if span is None:  # pragma: no cover - expand mode finds a span for any non-empty range
                continue
            spans.append(span)
            index.append([span.start, span.end, i])
        data = {**data, "spans": {**data.get("spans", {}), self.spans_key: index}}
        doc.user_data[DATA_KEY] = data
        doc.spans[self.spans_key] = spans
        if self.set_ents:
            _add_ents(doc, spans)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of docs, ``batch_size`` at a time: the docs whose facts the
        tokenizer did not find are extracted by :meth:`Pipeline.extract_many
        <reportmine.pipeline.Pipeline.extract_many>` (relevance and topics scored per batch)."""
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            found = [self._found(doc) for doc in batch]
            todo = [doc.text for doc, data in zip(batch, found, strict=True) if data is None]
            reports = self.pipeline.extract_many(todo, batch_size=max(len(todo), 1))
            for doc, data in zip(batch, found, strict=True):
                yield self._add(doc, data if data is not None else _report_data(next(reports), self.config))


@Language.factory(
    "reportmine",
    default_config={
        "script": "auto",
        "converter": "t2s",
        "kinds": None,
        "segmenter": "auto",
        "lexicon_dirs": [],
        "repairs": None,
        "spans_key": "reportmine",
        "set_ents": False,
    },
)
def make_component(
    nlp: Language,
    name: str,
    script: str,
    converter: str,
    kinds: list[str] | None,
    segmenter: str,
    lexicon_dirs: list[str],
    repairs: list[str] | None,
    spans_key: str,
    set_ents: bool,
) -> ReportmineComponent:
    """The ``reportmine`` component factory (``nlp.add_pipe("reportmine")``)."""
    config = PipelineConfig(
        script, converter, kinds, segmenter=segmenter, lexicon_dirs=lexicon_dirs, repairs=repairs
    )
    return ReportmineComponent(nlp, name, config, spans_key=spans_key, set_ents=set_ents)


def _add_ents(doc: Doc, spans: Sequence[Span]) -> None:
    """Facts as ``doc.ents``: the longest of overlapping facts (``filter_spans``), none over
    an entity another component set (贫困户35户 with an NER ``CARDINAL`` on 35: the NER wins)."""
    from spacy.util import filter_spans

    taken = [False] * len(doc)
    for e in doc.ents:
        taken[e.start : e.end] = [True] * (e.end - e.start)
    kept = [s for s in filter_spans(spans) if not any(taken[s.start : s.end])]
    doc.ents = [*doc.ents, *kept]


def displacy_options(kinds: Iterable[str] | None = None) -> dict[str, Any]:
    """displacy's ``ent`` options: the fact kinds (all by default) and a colour for each.

    >>> from spacy import displacy
    >>> nlp = load(set_ents=True)
    >>> doc = nlp("投入资金120万元，帮扶贫困户35户。")
    >>> [(e.text, e.label_) for e in doc.ents]
    [('120万元', 'money'), ('35户', 'count')]
    >>> html = displacy.render(doc, style="ent", options=displacy_options(), page=False)
    >>> "money" in html and "#2e7d32" in html
    True
    """
    from .output.palette import colour
    from .records import KINDS

    chosen = list(KINDS if kinds is None else kinds)
    return {"ents": chosen, "colors": {k: colour(k) for k in chosen}}


def load(
    config: PipelineConfig | None = None, /, *, set_ents: bool = False, **settings: Any
) -> Language:
    """A blank ``zh`` pipeline with reportmine's tokenizer and the ``reportmine`` component.

    Give a :class:`~reportmine.config.PipelineConfig`, or its fields as keywords
    (``load(kinds=["money"])``); they are checked as ``PipelineConfig`` checks them.
    ``set_ents=True`` also sets the facts as ``doc.ents`` (see :func:`displacy_options`).
    """
    if config is None:
        config = PipelineConfig(**settings)
    elif settings:
        raise OptionError("give a PipelineConfig or keyword settings, not both")
    # the factories take the extraction settings; relevance and topics (reportmine.learn,
    # issue 16) are not offered by the spaCy component
    settings = {k: v for k, v in config.to_dict().items() if k not in _LEARN_SETTINGS}
    nlp = spacy.blank(
        "zh", config={"nlp": {"tokenizer": {"@tokenizers": "reportmine.Tokenizer.v1", **settings}}}
    )
    nlp.add_pipe("reportmine", config={**settings, "set_ents": set_ents})
    return nlp


# -- what a doc carries -----------------------------------------------------------------------
def _report_data(report: Report, config: PipelineConfig) -> dict[str, Any]:
    t = report.text
    align = t.alignment
    return {
        "format": _FORMAT,
        "settings": _key(config),
        "doc_id": report.doc_id,
        "normalized": None if t.normalized == t.original and align is None else t.normalized,
        "alignment": None if align is None else [list(s) for s in align.segments()],
        "script": t.script,
        "repairs": [r.to_dict() for r in t.repairs],
        "damaged": [list(d) for d in t.damaged],
        "facts": [f.to_dict() for f in report.facts],
        "meta": report.meta.to_dict(),
    }


def _tuples(v: Any) -> Any:
    return tuple(_tuples(x) for x in v) if isinstance(v, list) else v


def _report_from_data(original: str, data: dict[str, Any]) -> Report:
    norm = data["normalized"]
    segs = data["alignment"]
    align = None if segs is None else Alignment([tuple(s) for s in segs], len(original), len(norm))
    text = Text(
        original,
        norm,
        align,
        script=data["script"],
        repairs=[Repair(**r) for r in data["repairs"]],
        damaged=[tuple(d) for d in data["damaged"]],
    )
    names = {f.name for f in dataclasses.fields(DocumentMeta)}
    meta = DocumentMeta(**{k: _tuples(v) for k, v in data["meta"].items() if k in names})
    facts = tuple(fact_from_dict(d) for d in data["facts"])
    return Report(data["doc_id"], text, facts, meta)


def _get_report(doc: Doc) -> Report | None:
    data = doc.user_data.get(DATA_KEY)
    if not isinstance(data, dict):
        return None
    return _report_from_data(doc.text, data)


def _get_fact(span: Span) -> Fact | None:
    data = span.doc.user_data.get(DATA_KEY)
    if not isinstance(data, dict):
        return None
    facts = data["facts"]
    for index in data.get("spans", {}).values():
        for s, e, i in index:
            if s == span.start and e == span.end and facts[i]["kind"] == span.label_:
                return fact_from_dict(facts[i])
    return None


def register_extensions() -> None:
    """Register ``Doc._.report`` and ``Span._.fact`` (idempotent; done by every entry point)."""
    if Doc.get_extension("report") != (None, None, _get_report, None):
        Doc.set_extension("report", getter=_get_report, force=True)
    if Span.get_extension("fact") != (None, None, _get_fact, None):
        Span.set_extension("fact", getter=_get_fact, force=True)
