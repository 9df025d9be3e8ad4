"""Place facts: the case table tests/cases/places_*.tsv, codes, links, and script invariance."""

from __future__ import annotations

import pytest

from _cases import params
from reportmine.extractors.entities.divisions import divisions, short_forms
from reportmine.extractors.entities.place_links import DATELINE_FLAG
from reportmine.pipeline import Pipeline
from reportmine.records import PlaceFact


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(kinds={"place", "count", "money"})


COLUMNS = ("text", "expected", "note")


def _expected(cell: str) -> list[tuple[str, str, str | None]]:
    out = []
    for item in filter(None, (x.strip() for x in cell.split("|"))):
        value, level, parent = item.split()
        out.append((value, level, None if parent == "~" else parent))
    return out


@pytest.mark.parametrize(COLUMNS, params("places_*.tsv", COLUMNS, optional=["note"]))
def test_place_cases(pipe: Pipeline, text: str, expected: str, note: str) -> None:
    report = pipe.extract(text)
    got = [(f.value, f.level, f.parent) for f in report.facts if isinstance(f, PlaceFact)]
    assert got == _expected(expected), note
    for f in report.facts:
        assert text[f.start : f.end] == f.text


def test_codes_in_a_chain(pipe: Pipeline) -> None:
    places = [f for f in pipe.extract("辽宁省朝阳市朝阳县西营子乡川心店村").facts if isinstance(f, PlaceFact)]
    assert [p.code for p in places] == [
        "210000000000",
        "211300000000",
        "211321000000",
        "211321224000",
        "211321224201",
    ]


def test_an_ambiguous_name_gets_no_code_alone(pipe: Pipeline) -> None:
    (p,) = [f for f in pipe.extract("我们到了朝阳区。").facts if isinstance(f, PlaceFact)]
    assert p.code is None  # 朝阳区 of Beijing or of Changchun
    (q,) = [f for f in pipe.extract("我们到了北京市朝阳区。").facts if isinstance(f, PlaceFact)][1:]
    assert q.code == "110105000000"
    assert len({d.code for d, _ in divisions().forms["朝阳"]}) > 1


def test_short_forms() -> None:
    assert short_forms("杜尔伯特蒙古族自治县", "county") == ["杜尔伯特县", "杜尔伯特"]
    assert short_forms("阿坝藏族羌族自治州", "city") == ["阿坝州", "阿坝"]


def test_quantity_facts_take_the_place_of_their_sentence(pipe: Pipeline) -> None:
    r = pipe.extract("交城县西营镇东营村有贫困户38户。全县投入资金100万元。")
    (c,) = r.of_kind("count")
    assert c.place == "西营镇" or c.place == "东营村"
    (m,) = r.of_kind("money")
    assert m.place is None


def test_dateline_place_is_flagged(pipe: Pipeline) -> None:
    r = pipe.extract("本报北京5月3日电  今年帮扶贫困户35户。")
    (c,) = r.of_kind("count")
    assert c.place == "北京" and DATELINE_FLAG in c.flags


def test_places_off(pipe: Pipeline) -> None:
    r = Pipeline(kinds={"count"}).extract("交城县贫困户38户")
    assert [f.place for f in r.facts] == [None]


def test_both_scripts_give_the_same_places(pipe: Pipeline) -> None:
    from pathlib import Path

    import opencc

    conv = opencc.OpenCC("s2t")
    seeds = sorted((Path(__file__).resolve().parents[1] / "corpus" / "seeds").glob("*.txt"))
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        simp = [
            (f.value, f.level, f.parent, f.code) for f in pipe.extract(text).facts if isinstance(f, PlaceFact)
        ]
        trad = [
            (f.value, f.level, f.parent, f.code)
            for f in pipe.extract(conv.convert(text)).facts
            if isinstance(f, PlaceFact)
        ]
        assert simp == trad, path.name


LINK_COLUMNS = ("source", "text", "fact", "expected", "note")


def _link_outcomes(pipe: Pipeline) -> list[tuple[str, str | None, str, str]]:
    """``(expected, got, where, xfail)`` for every row of tests/cases/links_place.tsv."""
    from _cases import load

    out = []
    for row in load("links_place.tsv", LINK_COLUMNS, optional=["note"]):
        report = pipe.extract(row["text"])
        (fact,) = [f for f in report.facts if f.text == row["fact"]][:1]
        got = None if DATELINE_FLAG in fact.flags else fact.place
        out.append((row["expected"], got, row.id, row.xfail))
    return out


def test_links_are_mostly_right_and_never_made_up() -> None:
    pipe = Pipeline()  # every kind: the quantity facts of the table and the places
    outcomes = _link_outcomes(pipe)
    assert len(outcomes) >= 150
    right = sum((exp or None) == got for exp, got, _, _ in outcomes)
    made_up = [
        f"{where}: {got}" for exp, got, where, xfail in outcomes if not exp and got is not None and not xfail
    ]
    assert right / len(outcomes) >= 0.85, (right, len(outcomes))
    assert not made_up, made_up
    # a row marked as a known gap must still fail (strict): remove the mark once it passes
    fixed = [where for exp, got, where, xfail in outcomes if xfail and (exp or None) == got]
    assert not fixed, fixed


@pytest.mark.slow
def test_archive_articles_give_the_same_places_in_both_scripts(pipe: Pipeline, corpora: list[object]) -> None:
    """50 People's Daily articles that name places, converted to traditional (OpenCC s2t)."""
    import itertools

    import opencc

    from conftest import iter_corpora_articles

    conv = opencc.OpenCC("s2t")
    with_places = (
        (name, text) for name, text in iter_corpora_articles() if any(c in text for c in "省县乡镇村")
    )
    checked = 0
    for name, text in itertools.islice(with_places, 0, None, 20):
        simp = [
            (f.value, f.level, f.parent, f.code) for f in pipe.extract(text).facts if isinstance(f, PlaceFact)
        ]
        trad = [
            (f.value, f.level, f.parent, f.code)
            for f in pipe.extract(conv.convert(text)).facts
            if isinstance(f, PlaceFact)
        ]
        assert simp == trad, name
        checked += 1
        if checked == 50:
            break
    assert checked == 50


def test_the_scan_finds_every_form_a_brute_force_finds() -> None:
    """The anchored scan (level characters, bare names near names) against a plain scan of
    every suffixed form, on the seeds."""
    from pathlib import Path

    from reportmine.extractors.entities.places import _END_CHARS, _Matcher

    table = divisions()
    matcher = _Matcher(table)
    suffixed = {f for f in table.forms if f[-1] in _END_CHARS and len(f) >= 2}
    longest = max(map(len, suffixed))
    for path in sorted((Path(__file__).resolve().parents[1] / "corpus" / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        got = set(matcher.spans(text))
        for i in range(len(text)):
            for n in range(longest, 1, -1):
                if text[i : i + n] in suffixed:
                    assert any(a <= i and i + n <= b for a, b in got), (path.name, text[i : i + n])
                    break
