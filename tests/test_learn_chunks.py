"""Issue 16, session 8: relevance and topics scored per chunk of documents.

``Pipeline.extract_many`` and the batch's ``process_chunk`` score a chunk's leads and fact
sentences in one pass; every value must equal ``Pipeline.extract``'s for the document
alone, as stored (rounded to 4 places) — and, by construction, before rounding too (each
text's sums run over its own n-grams: ``NgramIndex.sums``). A failing document fails
alone; ``--min-relevance`` scores the chunk's relevance before extracting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportmine import Pipeline
from reportmine.batch.runner import process_chunk, process_item
from reportmine.config import PipelineConfig
from reportmine.learn.shipped import score_chunk
from reportmine.sources import Document, Limits

pytest.importorskip("numpy")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))

#: relevance and topics, each alone and together; the rest-reading relevance model too
CONFIGS = {
    "both": PipelineConfig(relevance=True, topics=True),
    "relevance": PipelineConfig(relevance=True),
    "topics": PipelineConfig(topics=True),
    "rest+topics": PipelineConfig(relevance=True, topics=True, relevance_model="relevance-rest"),
    "rest": PipelineConfig(relevance_model="relevance-rest"),
}

#: pieces of documents: assistance work and not, both scripts, no facts, blank
PIECES = [
    "脱贫攻坚：驻村工作队帮助贫困户发展产业，全村35户贫困户全部脱贫摘帽。",
    "資助貧困學生1.2萬人，新建鄉村學校20所。",
    "新建通村公路120公里，投入扶贫资金3.5亿元。",
    "中国女排以3比0战胜对手，夺得世界杯冠军。",
    "本报北京1月5日电（记者王明）",
    "今年以来，易地扶貧搬遷安置群眾2,300戶，人均增收1,200元。",
    "",
    "\n\n  ",
    "天气晴。",
    "合作社流转土地300亩，带动农户42户增收；开展技能培训5期，转移就业800人。",
]


def _stored(reports: Any) -> list[tuple[Any, ...]]:
    """What the store keeps of the learned fields: each report's id, relevance and facts."""
    return [(r.doc_id, r.relevance, r.facts) for r in reports]


@pytest.fixture(scope="module")
def pipes() -> dict[str, Pipeline]:
    return {name: Pipeline(config=cfg) for name, cfg in CONFIGS.items()}


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    import opencc

    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    return texts + [opencc.OpenCC("s2t").convert(t) for t in texts]


@pytest.mark.parametrize("name", list(CONFIGS))
def test_seeds_chunked_equal_per_document(
    pipes: dict[str, Pipeline], seed_texts: list[str], name: str
) -> None:
    pipe = pipes[name]
    ids = [f"d{i}" for i in range(len(seed_texts))]
    alone = [pipe.extract(t, i) for t, i in zip(seed_texts, ids, strict=True)]
    for size in (1, 7, 64):
        assert _stored(pipe.extract_many(seed_texts, ids, batch_size=size)) == _stored(alone)
    if pipe.config.topics:
        assert any(f.topic for r in alone for f in r.facts)
    if pipe.config.relevance:
        assert all(r.relevance is not None for r in alone)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    docs=st.lists(st.lists(st.sampled_from(PIECES), max_size=4).map("\n".join), max_size=9),
    size=st.integers(1, 5),
    name=st.sampled_from(list(CONFIGS)),
)
def test_mixed_texts_chunked_equal_per_document(
    pipes: dict[str, Pipeline], docs: list[str], size: int, name: str
) -> None:
    pipe = pipes[name]
    alone = [pipe.extract(t) for t in docs]
    assert _stored(pipe.extract_many(docs, batch_size=size)) == _stored(alone)


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.sampled_from(PIECES), max_size=6),
    sentences=st.lists(st.sampled_from(PIECES), max_size=6),
    rest=st.booleans(),
)
def test_scores_alone_equal_scores_in_a_chunk_bit_for_bit(
    texts: list[str], sentences: list[str], rest: bool
) -> None:
    """Before rounding: a text alone, in a chunk, with or without the other model."""
    model = "relevance-rest" if rest else None
    probs, found = score_chunk(texts, sentences, model)
    assert probs == [score_chunk([t], None, model)[0][0] for t in texts]
    assert probs == score_chunk(texts, None, model)[0]
    assert found == [score_chunk(None, [s])[1][0] for s in sentences]
    assert found == score_chunk(None, sentences)[1]


def test_extract_many_options() -> None:
    pipe = Pipeline(config=PipelineConfig(kinds={"count"}, topics=True))
    assert list(pipe.extract_many([])) == []
    dated = list(pipe.extract_many(["3月1日帮扶贫困户35户"], ["a"], doc_dates=["2019-01-01"]))
    assert dated[0].doc_id == "a" and dated[0].facts[0].topic
    with pytest.raises(ValueError):
        list(pipe.extract_many(["a", "b"], ["only one"]))
    with pytest.raises(Exception, match="batch_size"):
        list(pipe.extract_many(["a"], batch_size=0))


# -- the batch's chunk path ----------------------------------------------------------------
CHUNK_TEXTS = [PIECES[0], PIECES[3], PIECES[1] + PIECES[2], "", PIECES[9], PIECES[4] + PIECES[3]]


def _chunk() -> list[tuple[int, Any]]:
    docs = [Document(f"doc{i}.txt", "src", text=t, sha256=str(i)) for i, t in enumerate(CHUNK_TEXTS)]
    docs.insert(2, Document("bad.txt", "src", error="not readable: test"))
    return list(enumerate(docs))


def _view(results: Any) -> list[tuple[Any, ...]]:
    return [(r.id, r.ord, r.status, r.error, r.relevance, list(r.facts), r.document) for r in results]


@pytest.mark.parametrize("floor", [None, 0.5])
@pytest.mark.parametrize("name", ["both", "topics", "rest+topics"])
def test_process_chunk_equals_process_item(name: str, floor: float | None) -> None:
    cfg = CONFIGS[name]
    if floor is not None:
        cfg = PipelineConfig.from_dict({**cfg.to_dict(), "min_relevance": floor})
    pipe = Pipeline(config=cfg)
    chunk, limits = _chunk(), Limits()
    chunked = process_chunk(pipe, chunk, limits)
    assert _view(chunked) == _view([process_item(pipe, o, it, limits) for o, it in chunk])
    statuses = {r.status for r in chunked}
    assert "failed" in statuses and "done" in statuses
    if floor is not None:
        assert "skipped" in statuses


def test_min_relevance_skips_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document below --min-relevance is never extracted, yet recorded with its
    relevance and metadata."""
    pipe = Pipeline(config=PipelineConfig(topics=True, min_relevance=0.5))
    begun: list[str | None] = []
    real = pipe.begin

    def spy(text: Any, doc_id: str | None = None, **kw: Any) -> Any:
        begun.append(doc_id)
        return real(text, doc_id, **kw)

    monkeypatch.setattr(pipe, "begin", spy)
    results = process_chunk(pipe, _chunk(), Limits())
    skipped = [r for r in results if r.status == "skipped"]
    assert skipped and all(r.relevance is not None and r.relevance < 0.5 for r in skipped)
    assert not {r.id for r in skipped} & set(begun)
    assert {r.id for r in results if r.status == "done"} == set(begun)
    assert any(r.document and r.document.get("place") for r in skipped)  # the dateline, read


def test_a_failing_document_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = Pipeline(config=PipelineConfig(relevance=True, topics=True))
    limits = Limits()
    good = process_chunk(pipe, _chunk(), limits)
    real_begin, real_finish = pipe.begin, pipe.finish

    def begin(text: Any, doc_id: str | None = None, **kw: Any) -> Any:
        if doc_id == "doc1.txt":
            raise RuntimeError("an extractor bug")
        return real_begin(text, doc_id, **kw)

    def finish(drafts: Any, relevance: Any = None) -> Any:
        if any(d.report.doc_id == "doc4.txt" for d in drafts):
            raise ValueError("a scoring bug")
        return real_finish(drafts, relevance)

    monkeypatch.setattr(pipe, "begin", begin)
    monkeypatch.setattr(pipe, "finish", finish)
    results = process_chunk(pipe, _chunk(), limits)
    failed = {r.id: r.error for r in results if r.status == "failed"}
    assert failed == {
        "bad.txt": "not readable: test",
        "doc1.txt": "extraction failed (RuntimeError: an extractor bug)",
        "doc4.txt": "extraction failed (ValueError: a scoring bug)",
    }
    rest = [(a, b) for a, b in zip(_view(good), _view(results), strict=True) if a[0] not in failed]
    assert rest and all(a == b for a, b in rest)


def test_spacy_component_pipe_scores_per_batch() -> None:
    """The spaCy component's ``pipe`` extracts a batch through ``extract_many``: the same
    facts (topics included) as one doc at a time."""
    spacy = pytest.importorskip("spacy")
    from reportmine.spacy import DATA_KEY, ReportmineComponent

    nlp = spacy.blank("zh")
    component = ReportmineComponent(nlp, config=PipelineConfig(kinds={"count", "money"}, topics=True))
    texts = [PIECES[0], PIECES[3], "", PIECES[9], PIECES[1]]
    piped = list(component.pipe((nlp.make_doc(t) for t in texts), batch_size=2))
    alone = [component(nlp.make_doc(t)) for t in texts]
    facts = [d.user_data[DATA_KEY]["facts"] for d in piped]
    assert facts == [d.user_data[DATA_KEY]["facts"] for d in alone]
    assert any(f.get("topic") for doc in facts for f in doc)
