"""Facts as ``doc.ents`` (``set_ents=True``) for displacy's ``ent`` style."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="reportmine[spacy] not installed")

import reportmine.spacy as rs  # noqa: E402

TEXT = "2020年，全村投入资金120万元，帮扶贫困户35户。"


def test_ents_are_off_by_default_and_spans_always_there() -> None:
    doc = rs.load()(TEXT)
    assert not doc.ents and len(doc.spans["reportmine"]) == 3


def test_ents_hold_the_facts_with_their_kinds() -> None:
    doc = rs.load(set_ents=True)(TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("2020年", "date"),
        ("120万元", "money"),
        ("35户", "count"),
    ]
    assert doc.ents[1]._.fact.value == 1200000


def test_overlapping_facts_keep_the_longest_and_other_entities_win(tmp_path: Path) -> None:
    nlp = rs.load(set_ents=True)
    doc = nlp.make_doc(TEXT)
    doc.ents = [doc.char_span(0, 5, label="DATE", alignment_mode="expand")]  # an NER ran first
    doc = nlp.get_pipe("reportmine")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("2020年", "DATE"),
        ("120万元", "money"),
        ("35户", "count"),
    ]
    spans = doc.spans["reportmine"]
    overlapping = [spans[0], doc.char_span(0, 3, label="number", alignment_mode="expand")]
    doc2 = nlp.make_doc(TEXT)
    rs._add_ents(doc2, [s for s in overlapping if s is not None])
    assert len(doc2.ents) == 1


def test_the_setting_survives_to_disk(tmp_path: Path) -> None:
    rs.load(set_ents=True).to_disk(tmp_path / "nlp")
    doc = spacy.load(tmp_path / "nlp")(TEXT)
    assert len(doc.ents) == 3


def test_displacy_renders_a_colour_per_kind() -> None:
    from spacy import displacy

    html = displacy.render(
        rs.load(set_ents=True)(TEXT), style="ent", options=rs.displacy_options(), page=False
    )
    opts = rs.displacy_options(["money", "count"])
    assert opts["colors"]["money"] in html and opts["colors"]["count"] in html
