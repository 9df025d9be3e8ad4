"""Subjects of quantity facts, driven by the tables ``tests/cases/subjects_*.tsv``.

Each table (format: ``tests/cases/README.md``) has the columns ``text fact subject note
xfail``: ``text`` a sentence, ``fact`` the text of one quantity fact in it (the first fact
with that text is checked), ``subject`` the subject it must have, exactly, in simplified
script — alternatives that are equally right separated by ``/``, ``-`` for none. The rows of
``subjects_seeds.tsv`` and ``subjects_peoples_daily.tsv`` were judged by hand on sentences of
the seed reports and of a fixed random sample of People's Daily articles before the subject
rules were tuned; ``subjects_constructions.tsv`` has one row per rule; the
``subjects_traditional.tsv`` rows are OpenCC s2t variants of the others.
"""

from __future__ import annotations

from typing import Any

import pytest

from _cases import Row, load
from reportmine.pipeline import Pipeline
from reportmine.records import QUANTITY_KINDS

COLUMNS = ("text", "fact", "subject", "note")


def _case(row: Row) -> Any:
    script = "traditional" if "traditional" in row.table else "auto"
    allowed = tuple(row["subject"].split("/")) if row["subject"] else ()
    return row.param(row["text"], row["fact"], allowed, script)


ROWS = load("subjects_*.tsv", COLUMNS, optional=["note"])
PARAMS = [_case(r) for r in ROWS]


@pytest.fixture(scope="module")
def pipelines() -> dict[str, Pipeline]:
    return {
        "auto": Pipeline(kinds=QUANTITY_KINDS),
        "traditional": Pipeline(kinds=QUANTITY_KINDS, script="traditional"),
    }


@pytest.mark.parametrize(("text", "fact", "allowed", "script"), PARAMS)
def test_subject_table(
    pipelines: dict[str, Pipeline], text: str, fact: str, allowed: tuple[str, ...], script: str
) -> None:
    facts = [f for f in pipelines[script].extract(text).facts if f.kind in QUANTITY_KINDS]
    found = [f for f in facts if f.text == fact]
    assert found, (fact, [f.text for f in facts])
    subject = found[0].subject
    if allowed:
        assert subject in allowed, (fact, subject, allowed)
    else:
        assert subject is None, (fact, subject)


def test_subject_tables_are_big_enough() -> None:
    # issue 20 asks for at least 300 rows from the seeds and the archives, in both scripts
    assert len(ROWS) >= 300
    assert {r.table for r in ROWS} >= {
        "subjects_seeds.tsv",
        "subjects_peoples_daily.tsv",
        "subjects_traditional.tsv",
    }


@pytest.mark.parametrize(
    ("text", "fact", "purpose"),
    [
        ("用于修路的资金达300万元", "300万元", "修路"),
        ("省教育厅投入110万元用于岳家沟村建设保护地小区", "110万元", "岳家沟村建设保护地小区"),
        ("该县投入资金500万元", "500万元", None),
        ("贫困户共有35户", "35户", None),  # only money has a purpose
    ],
)
def test_purpose(pipelines: dict[str, Pipeline], text: str, fact: str, purpose: str | None) -> None:
    f = next(f for f in pipelines["auto"].extract(text).facts if f.text == fact)
    assert f.purpose == purpose
    # the JSON form always has the field (null when the text gives none), like actor
    assert f.to_dict()["purpose"] == purpose


def test_subjects_without_words_still_work() -> None:
    # the quantity extractor alone (no word tagger from a pipeline) finds subjects on characters
    from reportmine.extractors.base import Context
    from reportmine.extractors.quantity.extractor import QuantityExtractor
    from reportmine.lexicon import Lexicon
    from reportmine.text import Text

    q = QuantityExtractor(Lexicon.load())
    facts = list(q.find(Context(Text("全村共有耕地12203亩"))))
    assert [f.subject for f in facts] == ["耕地"]


def _quantity_extractor(pipeline: Pipeline) -> Any:
    from reportmine.extractors.quantity.extractor import QuantityExtractor

    return next(e for e in pipeline._extractors if isinstance(e, QuantityExtractor))


def test_time_before_quick_check_matches_the_search(pipelines: dict[str, Pipeline]) -> None:
    # speed path (issue 20): time_before looks at the last character before searching; the
    # reference is the plain search of _TIME_BEFORE, at every position of every table text
    from reportmine.extractors.quantity.subjects import _TIME_BEFORE

    finder = _quantity_extractor(pipelines["auto"]).subjects
    for row in ROWS:
        s = pipelines["auto"].normalize(row["text"]).normalized
        for i in range(len(s) + 1):
            m = _TIME_BEFORE.search(s, max(0, i - 14), i)
            assert finder.time_before(s, i) == (m.start() if m is not None else i), (s, i)


def test_word_tags_kept_by_content_match_a_fresh_cut(pipelines: dict[str, Pipeline]) -> None:
    # speed path (issue 20): the tags of a clause piece are kept by its content; the reference
    # cuts every piece afresh
    words = _quantity_extractor(pipelines["auto"]).words
    assert words is not None
    for row in ROWS[:80]:
        s = pipelines["auto"].normalize(row["text"]).normalized
        for a in range(0, len(s), 7):
            b = min(len(s), a + 12)
            fresh, i = [], a
            for w, tag in words.tagger(s[a:b]):
                fresh.append((i, i + len(w), tag))
                i += len(w)
            assert words.words(s, a, b) == fresh
            assert words.words(s, a, b) == fresh  # again, from what was kept
