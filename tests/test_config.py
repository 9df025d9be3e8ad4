"""PipelineConfig: one checked, picklable recipe for a Pipeline, used by the pipeline, the
batch runner (as the former PipelineOptions) and the command line."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from reportmine import OptionError, Pipeline
from reportmine.config import PipelineConfig
from reportmine.lexicon import Lexicon
from reportmine.normalization import CONVERTERS, REPAIR_STEPS, SCRIPTS
from reportmine.records import KINDS
from reportmine.segmentation import BACKENDS


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"script": "latin"}, "script must be one of"),
        ({"converter": "s2t"}, "converter must be one of"),
        ({"kinds": ["counts"]}, "unknown fact kinds ['counts']"),
        ({"kinds": "money"}, "not the string 'money'"),
        ({"repairs": ["spelling"]}, "unknown repair steps ['spelling']"),
        ({"segmenter": "thulac"}, "backend must be one of"),
        ({"lexicon_dirs": "my_lexicons"}, "not the single path"),
    ],
)
def test_a_bad_value_raises_option_error_naming_the_choices(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(OptionError) as info:
        PipelineConfig(**kwargs)  # type: ignore[arg-type]
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


def test_every_choice_the_library_has_is_accepted() -> None:
    for script in SCRIPTS:
        for converter in CONVERTERS:
            assert PipelineConfig(script, converter).script == script
    for backend in BACKENDS:
        assert PipelineConfig(segmenter=backend).segmenter == backend
    assert PipelineConfig(kinds=KINDS).kinds == tuple(sorted(KINDS))
    assert PipelineConfig(repairs=REPAIR_STEPS).repairs == tuple(sorted(REPAIR_STEPS))
    assert PipelineConfig(repairs=()).repairs == ()  # no repair at all, not "all"


def test_equal_choices_make_equal_hashable_picklable_configs(tmp_path: Path) -> None:
    a = PipelineConfig("traditional", "tw2s", {"money", "count"}, lexicon_dirs=[tmp_path], repairs=["width"])
    b = PipelineConfig("traditional", "tw2s", ("count", "money", "count"), lexicon_dirs=(str(tmp_path),),
                       repairs=("width",))  # fmt: skip
    assert a == b and hash(a) == hash(b)
    assert a.kinds == ("count", "money") and a.lexicon_dirs == (str(tmp_path),)
    back = pickle.loads(pickle.dumps(a))
    assert back == a and hash(back) == hash(a)
    with pytest.raises(AttributeError):
        a.script = "auto"  # type: ignore[misc]


def test_dict_form_round_trips_and_refuses_unknown_keys() -> None:
    c = PipelineConfig("simplified", kinds=["date"], segmenter="jieba", lexicon_dirs=["x"], repairs=[])
    d = c.to_dict()
    assert d == {
        "script": "simplified",
        "converter": "t2s",
        "kinds": ["date"],
        "segmenter": "jieba",
        "lexicon_dirs": ["x"],
        "repairs": [],
        "relevance": False,
        "topics": False,
        "min_relevance": None,
        "relevance_model": None,
        "topic_model": None,
    }
    assert PipelineConfig.from_dict(d) == c
    assert PipelineConfig.from_dict({}) == PipelineConfig()
    with pytest.raises(OptionError, match="unknown pipeline settings"):
        PipelineConfig.from_dict({"scripts": "auto"})


def test_learn_settings_are_checked() -> None:
    # issue 16: a threshold turns relevance on; a model file turns its task on
    assert PipelineConfig(min_relevance=0.5).relevance is True
    assert PipelineConfig(topic_model="my.model").topics is True
    with pytest.raises(OptionError, match="min_relevance must be a probability"):
        PipelineConfig(min_relevance=1.5)


def test_the_batch_runner_name_is_the_same_class() -> None:
    from reportmine.batch import BatchOptions, PipelineOptions

    assert PipelineOptions is PipelineConfig
    # its fields by position, as before
    assert PipelineOptions("auto", "t2s", ("count",)) == PipelineConfig(kinds=["count"])
    assert BatchOptions().pipeline == PipelineConfig()


# -- the pipeline it builds ---------------------------------------------------------------------
TEXT = "帮扶贫困户35户，投入资金100余万元，修建窑洞12孔"


def _facts(pipe: Pipeline) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in pipe.extract(TEXT).facts]


def test_pipeline_keywords_and_config_build_the_same_pipeline() -> None:
    by_keywords = Pipeline(kinds={"money"}, script="simplified")
    by_config = Pipeline(config=PipelineConfig("simplified", kinds=["money"]))
    assert by_keywords.config == by_config.config == Pipeline.from_config(by_config.config).config
    assert _facts(by_keywords) == _facts(by_config) == [("money", "100余万元")]
    assert Pipeline().config == PipelineConfig()
    assert by_config.kinds == frozenset({"money"}) and by_config.normalizer.script == "simplified"


def test_pipeline_takes_a_config_or_keywords_not_both() -> None:
    with pytest.raises(OptionError, match="not both"):
        Pipeline(config=PipelineConfig(), kinds={"money"})


def _measure_word(tmp_path: Path) -> Path:
    d = tmp_path / "my_lexicons"
    d.mkdir()
    row = "孔    孔    -    not=子|雀|径|洞"
    (d / "measure_words.txt").write_text(f"# my additions\n{row}\n", encoding="utf-8")
    return d


def test_lexicon_dirs_are_loaded_on_top_of_the_shipped_tables(tmp_path: Path) -> None:
    d = _measure_word(tmp_path)
    config = PipelineConfig(kinds=["count"], lexicon_dirs=[d])
    assert ("count", "12孔") not in _facts(Pipeline(kinds=["count"]))
    assert ("count", "12孔") in _facts(config.build())
    assert ("count", "12孔") in _facts(Pipeline(config=config))
    assert len(config.lexicon().rows("measure_words")) == len(Lexicon.load().rows("measure_words")) + 1


def test_a_lexicon_and_lexicon_dirs_are_not_given_together(tmp_path: Path) -> None:
    config = PipelineConfig(lexicon_dirs=[_measure_word(tmp_path)])
    with pytest.raises(OptionError, match="not both"):
        Pipeline(Lexicon.load(), config=config)
    (tmp_path / "other").mkdir()
    mine = Lexicon.load([_measure_word(tmp_path / "other")])
    assert Pipeline.from_config(PipelineConfig(kinds=["count"]), mine).lexicon is mine
