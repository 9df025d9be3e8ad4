"""Pipelines and configs pickle by recipe (issue 18: what a cluster sends its workers)."""

from __future__ import annotations

import pickle

import pytest

from reportmine import Pipeline
from reportmine.config import PipelineConfig
from reportmine.lexicon import Lexicon


def test_config_pickles_as_its_fields() -> None:
    cfg = PipelineConfig("traditional", "tw2s", ["date", "money"], repairs=["width"])
    data = pickle.dumps(cfg)
    assert pickle.loads(data) == cfg
    assert b"opencc" not in data.lower() and len(data) < 600


def test_pipeline_pickles_by_recipe_not_its_opencc_object() -> None:
    pipe = Pipeline(kinds={"money"})
    pipe.extract("全縣投入扶貧資金3.5億元")  # OpenCC and the segmenter set up
    data = pickle.dumps(pipe)
    assert len(data) < 1000  # the config, not the lexicon, OpenCC or jieba
    back = pickle.loads(data)
    assert back.config == pipe.config and back is not pipe
    assert [f.text for f in back.extract("投入资金100余万元").facts] == ["100余万元"]


def test_a_pipeline_given_a_lexicon_object_says_it_has_no_recipe() -> None:
    pipe = Pipeline(Lexicon.load(), config=PipelineConfig(kinds=["money"]))
    with pytest.raises(TypeError, match="lexicon_dirs"):
        pickle.dumps(pipe)
