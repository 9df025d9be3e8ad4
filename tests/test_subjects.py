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
