"""The spaCy component and tokenizer (extra ``reportmine[spacy]``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402

import reportmine  # noqa: E402
from conftest import read_seed, seed_paths  # noqa: E402
from reportmine.spacy import DATA_KEY, load  # noqa: E402

TEXTS = [
    "全村建档立卡贫困户35户、73人已全部脱贫，2019年5月30日开展“万企帮万村”行动，投入资金100余万元。",
    "貧困戶35 戶、73 人已全部脫貧，駐村聯(lián)戶工作紮實。\r\n\r\n全村總面積64552.3 畝。",
    "",
    "   \n",
    "没有数字的一句话。",
]


def _facts(doc: Doc, key: str = "reportmine") -> list[tuple[str, int, int]]:
    return [(s.label_, s.start_char, s.end_char) for s in doc.spans[key]]


def _expected(text: str) -> list[tuple[str, int, int]]:
    return [(f.kind, f.start, f.end) for f in reportmine.extract(text).facts]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return load()


@pytest.fixture(scope="module")
def blank_zh() -> spacy.language.Language:
    nlp = spacy.blank("zh")
    nlp.add_pipe("reportmine")
    return nlp


def test_entry_point_is_found_by_plain_spacy() -> None:
    code = (
        "import json, spacy\n"
        "nlp = spacy.blank('zh')\n"
        "nlp.add_pipe('reportmine')\n"
        f"doc = nlp({TEXTS[0]!r})\n"
        "print(json.dumps([(s.label_, s.start_char, s.end_char) for s in doc.spans['reportmine']]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert [tuple(x) for x in json.loads(out.stdout)] == _expected(TEXTS[0])


def _docs() -> list[tuple[str, str]]:
    return [(f"text{i}", t) for i, t in enumerate(TEXTS)] + [(p.name[:3], read_seed(p)) for p in seed_paths()]


@pytest.mark.parametrize(("name", "text"), _docs(), ids=[n for n, _ in _docs()])
def test_spans_equal_the_facts_of_extract(
    nlp: spacy.language.Language, blank_zh: spacy.language.Language, name: str, text: str
) -> None:
    expected = _expected(text)
    for pipeline in (nlp, blank_zh):
        doc = pipeline(text)
        assert doc.text == text
        assert _facts(doc) == expected
        report = doc._.report
        assert [(f.kind, f.start, f.end) for f in report.facts] == expected
        assert report.text.original == text
        for span, fact in zip(doc.spans["reportmine"], report.facts, strict=True):
            assert span._.fact == fact
            assert span.text == fact.text


def test_tokenizer_is_reportmine_segmentation(nlp: spacy.language.Language) -> None:
    text = TEXTS[1]
    doc = nlp.make_doc(text)
    tokens = reportmine.segment(text)
    # a lone space after a word becomes that token's trailing whitespace in spaCy
    words = [t.text for t in tokens if t.text != " "]
    assert [t.text for t in doc] == words
    assert "".join(t.text_with_ws for t in doc) == text
    assert "35 戶" in words  # the count fact 35 戶 is one token, its removed space inside


def test_displacy_renders_the_spans(nlp: spacy.language.Language) -> None:
    from spacy import displacy

    html = displacy.render(nlp(TEXTS[0]), style="span", options={"spans_key": "reportmine"})
    assert "100余万元" in html and "money" in html


def test_n_process_2_gives_the_same_result_as_1(nlp: spacy.language.Language) -> None:
    texts = [t for _, t in _docs()]

    def summary(docs: list[Doc]) -> list[object]:
        return [([t.text for t in d], _facts(d), d._.report.facts) for d in docs]

    one = summary(list(nlp.pipe(texts, n_process=1)))
    two = summary(list(nlp.pipe(texts, n_process=2, batch_size=2)))
    assert one == two


def test_to_disk_and_spacy_load_round_trip(nlp: spacy.language.Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    assert again.pipe_names == ["reportmine"]
    assert type(again.tokenizer) is type(nlp.tokenizer)
    for text in TEXTS[:2]:
        a, b = nlp(text), again(text)
        assert [t.text for t in a] == [t.text for t in b]
        assert _facts(a) == _facts(b)


def test_docs_keep_their_facts_through_bytes(nlp: spacy.language.Language) -> None:
    doc = nlp(TEXTS[0])
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _facts(back) == _facts(doc)
    assert back._.report.facts == doc._.report.facts
    assert [s._.fact for s in back.spans["reportmine"]] == list(doc._.report.facts)


def test_component_settings(tmp_path: Path) -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("reportmine", config={"kinds": ["date"], "spans_key": "dates"})
    doc = nlp(TEXTS[0])
    assert [s.label_ for s in doc.spans["dates"]] == ["date"]
    assert "reportmine" not in doc.spans


def test_component_reuses_the_facts_its_tokenizer_found(nlp: spacy.language.Language) -> None:
    doc = nlp.make_doc(TEXTS[0])
    assert DATA_KEY in doc.user_data  # the tokenizer extracted while segmenting
    doc.user_data[DATA_KEY]["facts"] = doc.user_data[DATA_KEY]["facts"][:1]
    assert len(nlp.get_pipe("reportmine")(doc).spans["reportmine"]) == 1


# -- the config keys are PipelineConfig's fields ----------------------------------------------
def test_config_keys_map_onto_pipeline_config(tmp_path: Path) -> None:
    from dataclasses import fields

    from reportmine.config import PipelineConfig

    names = {f.name for f in fields(PipelineConfig)}
    component = spacy.blank("zh").add_pipe("reportmine")
    assert set(component.config.to_dict()) == names
    assert component.config == PipelineConfig()
    nlp = load(kinds=["money", "count"], repairs=["width"], segmenter="jieba")
    assert set(json.loads(nlp.tokenizer.to_bytes())) == names | {"facts"}
    assert nlp.tokenizer.config == nlp.get_pipe("reportmine").config == PipelineConfig(
        kinds=["count", "money"], repairs=["width"], segmenter="jieba"
    )
    assert pickle_roundtrip(nlp.get_pipe("reportmine")).config == nlp.get_pipe("reportmine").config


def pickle_roundtrip(obj: object) -> Any:
    import pickle

    return pickle.loads(pickle.dumps(obj))


def test_a_bad_config_key_value_raises_option_error() -> None:
    from reportmine import OptionError

    with pytest.raises(OptionError, match="unknown fact kinds"):
        spacy.blank("zh").add_pipe("reportmine", config={"kinds": ["counts"]})
    with pytest.raises(OptionError, match="script must be one of"):
        load(script="latin")


def test_lexicon_dirs_reach_the_component_and_the_tokenizer(tmp_path: Path) -> None:
    (tmp_path / "measure_words.txt").write_text("孔 孔 - not=子|雀|径|洞\n", encoding="utf-8")
    text = "修建窑洞12孔"
    assert _facts(load()(text)) == []
    nlp = load(lexicon_dirs=[str(tmp_path)])
    doc = nlp(text)
    assert _facts(doc) == [("count", 4, 7)] and "12孔" in [t.text for t in doc]
    blank = spacy.blank("zh")
    blank.add_pipe("reportmine", config={"lexicon_dirs": [str(tmp_path)]})
    assert _facts(blank(text)) == [("count", 4, 7)]


def test_load_takes_a_config_or_keywords_not_both() -> None:
    from reportmine import OptionError, PipelineConfig
    from reportmine.spacy import load

    text = "投入资金100余万元，带动贫困户35户"
    by_config = load(PipelineConfig(kinds=["money"]))(text)
    by_keywords = load(kinds=["money"])(text)
    assert [s.text for s in by_config.spans["reportmine"]] == ["100余万元"]
    assert [s.text for s in by_keywords.spans["reportmine"]] == ["100余万元"]
    with pytest.raises(OptionError):
        load(PipelineConfig(), kinds=["money"])
    with pytest.raises(OptionError):
        load(kinds=["counts"])
