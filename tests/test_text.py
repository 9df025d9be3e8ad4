"""The offset map: :class:`Alignment` (unit and property tests) and :class:`Text`."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportmine.text import Alignment, Repair, Text

EXAMPLES = settings(max_examples=int(os.environ.get("REPORTMINE_HYPOTHESIS_EXAMPLES", "150")), deadline=None)


# -- unit tests ---------------------------------------------------------------------------------
def test_from_edits_deletion_and_replacement() -> None:
    # "ab(x)cd" -> delete "(x)", replace "d" by "DD"
    a = Alignment.from_edits(7, [(2, 5, ""), (6, 7, "DD")])
    assert a.target_len == 5  # "abcDD"
    assert [a.to_source(i) for i in range(6)] == [0, 1, 5, 6, 6, 7]
    assert a.span_to_source(1, 3) == (1, 6)  # "bc" spans the deleted "(x)"
    assert a.char_span(3) == (6, 7) and a.char_span(4) == (6, 7)
    assert a.from_source(3) == 2  # a deleted position maps to the next kept one
    assert a.span_from_source(2, 5) == (2, 2)  # all deleted
    assert a.span_from_source(1, 7) == (1, 5)


def test_insertions_map_to_an_empty_source_span() -> None:
    a = Alignment.from_edits(4, [(2, 2, "XY")])  # "ab" + "XY" + "cd"
    assert a.target_len == 6
    assert a.char_span(2) == (2, 2)
    assert a.span_to_source(2, 4) == (2, 2)
    assert a.span_to_source(1, 5) == (1, 3)
    assert a.from_source(2) == 2


def test_linear_runs_merge() -> None:
    a = Alignment([(0, 2, 0, 2), (2, 5, 2, 5), (5, 6, 6, 7)], 7, 6)
    assert len(a) == 2
    assert a.segments() == [(0, 5, 0, 5, True), (5, 6, 6, 7, True)]


def test_equal_length_block_is_not_linear() -> None:
    a = Alignment([(0, 2, 0, 2, False)], 2, 2)
    assert a.char_span(1) == (0, 2)


@pytest.mark.parametrize(
    ("segments", "source_len", "target_len"),
    [
        ([(0, 2, 0, 2), (3, 4, 2, 3)], 3, 4),  # a hole in the target
        ([(0, 2, 2, 4), (2, 4, 0, 2)], 4, 4),  # backwards in the source
        ([(0, 2, 0, 5)], 4, 2),  # past the source
        ([(0, 2, 0, 2)], 2, 3),  # does not cover the target
        ([(0, 2, 0, 3, True)], 3, 2),  # linear with sides of different length
    ],
)
def test_bad_segments_raise(segments: list[tuple[int, ...]], source_len: int, target_len: int) -> None:
    with pytest.raises(ValueError):
        Alignment(segments, source_len, target_len)  # type: ignore[arg-type]


def test_out_of_range_positions_raise() -> None:
    a = Alignment.from_edits(3, [(1, 2, "")])
    for bad in (lambda: a.to_source(3), lambda: a.span_to_source(1, 5), lambda: a.from_source(4)):
        with pytest.raises(IndexError):
            bad()
    with pytest.raises(ValueError):
        Alignment.from_edits(3, [(1, 2, ""), (0, 1, "")])


def test_text_without_map_is_identity() -> None:
    t = Text("abc")
    assert t.is_identity and t.alignment is None
    assert t.span_to_original(0, 3) == (0, 3)
    assert t.original_slice(1, 2) == (1, 2, "b")
    with pytest.raises(IndexError):
        t.to_original(4)
    with pytest.raises(ValueError):
        Text("abc", "ab")


def test_text_damaged_ranges_in_both_offsets() -> None:
    a = Alignment.from_edits(8, [(0, 2, "")])
    t = Text("  ab??cd", "ab??cd", a, damaged=[(4, 6)], repairs=[Repair("mojibake", 4, 6, "??", "??")])
    assert t.damaged_normalized == ((2, 4),)
    assert t.is_damaged(3, 5) and not t.is_damaged(0, 2)
    assert t.damaged_chars == 2
    assert t.repairs_of("mojibake")[0].to_dict()["before"] == "??"
    with pytest.raises(ValueError):
        Text("ab", damaged=[(1, 5)])


# -- properties ---------------------------------------------------------------------------------
@st.composite
def edit_lists(draw: st.DrawFn, n: int, alphabet: str) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping edits on a string of length ``n``."""
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=8)))
    edits = []
    for k in range(0, len(cuts) - 1, 2):
        rep = draw(st.text(alphabet=alphabet, max_size=3))
        edits.append((cuts[k], cuts[k + 1], rep))
    return edits


def _apply(s: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for a, b, rep in edits:
        out += [s[pos:a], rep]
        pos = b
    return "".join([*out, s[pos:]])


def _check_monotone(a: Alignment) -> None:
    prev = 0
    for i in range(a.target_len + 1):
        o = a.to_source(i)
        assert prev <= o <= a.source_len
        prev = o
    for i in range(a.target_len):
        s, e = a.char_span(i)
        assert 0 <= s <= e <= a.source_len


@EXAMPLES
@given(st.integers(0, 30).flatmap(lambda n: st.tuples(st.just(n), edit_lists(n, "XYZ"))))
def test_from_edits_tracks_every_kept_character(case: tuple[int, list[tuple[int, int, str]]]) -> None:
    n, edits = case
    src = "".join(chr(0x4E00 + k) for k in range(n))  # distinct characters: each knows its origin
    out = _apply(src, edits)
    a = Alignment.from_edits(n, edits)
    assert a.target_len == len(out)
    _check_monotone(a)
    for i, ch in enumerate(out):
        if ch >= "\u4e00":
            k = ord(ch) - 0x4E00
            s, e = a.char_span(i)
            assert s <= k < e
            assert a.span_from_source(k, k + 1)[0] <= i < a.span_from_source(k, k + 1)[1]
    for i in range(len(out) + 1):
        for j in range(i, min(len(out), i + 4) + 1):
            s, e = a.span_to_source(i, j)
            assert 0 <= s <= e <= n
            fs, fe = a.span_from_source(s, e)
            kept = [k for k in range(i, j) if a.char_span(k)[0] < a.char_span(k)[1]]
            if kept:  # the round trip covers every character that is not an insertion
                assert fs <= kept[0] and kept[-1] < fe


@EXAMPLES
@given(
    st.integers(0, 25).flatmap(
        lambda n: st.tuples(
            st.just(n), edit_lists(n, "\u4e00\u4e01\u4e02XY"), st.randoms(use_true_random=False)
        )
    )
)
def test_compose_equals_applying_both_edit_lists(
    case: tuple[int, list[tuple[int, int, str]], object],
) -> None:
    n, edits1, rnd = case
    src = "".join(chr(0x5000 + k) for k in range(n))
    mid = _apply(src, edits1)
    cuts = sorted(rnd.randint(0, len(mid)) for _ in range(rnd.randint(0, 6)))  # type: ignore[attr-defined]
    edits2 = [(cuts[k], cuts[k + 1], "Q" * rnd.randint(0, 2)) for k in range(0, len(cuts) - 1, 2)]  # type: ignore[attr-defined]
    out = _apply(mid, edits2)
    inner = Alignment.from_edits(n, edits1)
    outer = Alignment.from_edits(len(mid), edits2)
    both = outer.compose(inner)
    assert (both.source_len, both.target_len) == (n, len(out))
    _check_monotone(both)
    for i, ch in enumerate(out):
        if "\u5000" <= ch < "\u6000":  # a character of the source, kept through both steps
            k = ord(ch) - 0x5000
            s, e = both.char_span(i)
            assert s <= k < e
    with pytest.raises(ValueError):
        Alignment.from_edits(len(mid) + 1, []).compose(inner)  # maps that do not chain
