"""Other projects' public number and date test specs, read by reportmine: right/total per source.

    python benchmarks/bench_specs.py PATH... [--show-wrong N] [--traditional]

Each PATH is an unpacked package (an sdist or an installed package folder); the spec files
are found in it by name and read with ``ast`` (never imported or run). Nothing of them is
committed here. Sources, with what their licences are and how to get them through the
package registries' ordinary clients:

- ``cn2an`` (MIT; PyPI sdist or installed package): ``cn2an_test.py`` (the ``strict``,
  ``normal``, ``smart`` and ``direct`` tables: Chinese numeral → value; the bare error list:
  no number), ``an2cn_test.py`` (value → its Chinese forms, read backwards: lower case,
  financial capitals, the 元整 form when it is exact to the fen, digit by digit),
  ``transform_test.py`` (text → text with Arabic numerals);
- ``chinese2digits`` (Apache-2.0; PyPI sdist): ``test.py`` (text → the list of numbers in it);
- ``dateparser`` (BSD-3-Clause; PyPI sdist): ``tests/test_date_parser.py`` and
  ``tests/test_search.py``, the cases in Chinese (Han script, no kana) whose expectation is a
  calendar date.

Microsoft Recognizers-Text publishes its Specs only in its source repository: neither the npm
packages (``@microsoft/recognizers-text-number`` holds only built JavaScript) nor the PyPI
sdists (``recognizers-text-number`` …) carry them, so that source is not measured here.

Mapping rules (reportmine with every fact kind but the entity kinds, and the opt-in ``number``
kind on):

1. *A value case* (a whole string → one number): right when one fact covers the whole
   string (leading and trailing spaces and punctuation aside; ``元整``/``圆整``/``元正`` after a
   money amount belong to it) and its value equals the expected one (relative 1e-9). A
   percent fact matches both forms of writing a share: 5 (%) is 5 or 0.05. A money fact's
   value is in 元; an ordinal (第三, flag ``ordinal``) is its number.
2. *A no-number case*: right when no fact covers the whole string.
3. *A text case* (text → the numbers in it, in order: chinese2digits' ``digitsStringList``,
   or the Arabic numbers of cn2an's transformed text): the facts' values in text order —
   a date fact gives its year, month and day, a range its two ends, a quantity its value
   or its value in the base unit (两千米: 2 公里 or 2000 米), a percent its value or
   value/100 — equal the expected list. For cn2an's ``an2cn``
   direction (Arabic text → Chinese), the Chinese text is the input and the Arabic one the
   expectation.
4. *A date case* (dateparser): right when a date fact lies in the string and its value
   (YYYY-MM-DD) is the expected calendar date; a time of day is outside reportmine's kinds
   and not compared; cases whose expectation depends on a parser setting (``order=``,
   ``settings=``) or on today's date are left out.

``--traditional`` runs every case again converted to traditional script (by OpenCC, when the
``opencc`` module is installed) and reports it as a source of its own.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportmine import Pipeline
from reportmine.records import KINDS, Fact

_ENTITY_KINDS = frozenset(("organization", "person", "place"))
_EDGE = " \t\u3000，。、；：！？,.;:!?"
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ARABIC = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Case:
    """One spec case: ``kind`` is ``value``, ``none``, ``text`` or ``date``."""

    source: str
    kind: str
    text: str
    expected: object  # a number, a list of numbers, or an ISO date


# -- reading the spec files ------------------------------------------------------------------------


def _literal(node: ast.AST) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def _self_assigns(tree: ast.AST) -> Iterator[tuple[str, object]]:
    """``self.NAME = <literal>`` assignments of a test's setUp, in order."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                yield t.attr, _literal(node.value)


def read_cn2an(folder: Path) -> Iterator[Case]:
    """cn2an's own tests: numerals → values, errors, an2cn read backwards, transform."""
    for path in sorted(folder.rglob("cn2an_test.py")):
        tables = dict(_self_assigns(ast.parse(path.read_text("utf-8"))))
        for name in ("strict_data_dict", "normal_data_dict", "smart_data_dict"):
            table = tables.get(name)
            if isinstance(table, dict):
                for text, value in table.items():
                    yield Case("cn2an", "value", text, value)
        direct = tables.get("direct_data_dict")
        if isinstance(direct, dict):
            for text, digits in direct.items():
                yield Case("cn2an", "value", text, float(digits))
        errors = tables.get("error_normal_datas")
        if isinstance(errors, list):
            for text in errors:
                if text:
                    yield Case("cn2an", "none", text, None)
    for path in sorted(folder.rglob("an2cn_test.py")):
        tables = dict(_self_assigns(ast.parse(path.read_text("utf-8"))))
        data = tables.get("input_data")
        if isinstance(data, dict):
            yield from _an2cn_cases(data)
    for path in sorted(folder.rglob("transform_test.py")):
        yield from _transform_cases(ast.parse(path.read_text("utf-8")))


def _an2cn_cases(data: dict[object, object]) -> Iterator[Case]:
    seen: set[str] = set()
    for value, forms in data.items():
        if not isinstance(value, (int, float)) or not isinstance(forms, list):
            continue
        for i, text in enumerate(forms):
            exact_fen = round(value * 100) == value * 100
            if not isinstance(text, str) or text in seen or (i == 2 and not exact_fen):
                continue  # 零元整 for 0.00005: the 元整 form rounds to the fen
            seen.add(text)
            yield Case("cn2an", "value", text, value)


def _transform_cases(tree: ast.AST) -> Iterator[Case]:
    tables = dict(_self_assigns(tree))
    strict = tables.get("strict_data_dict")
    if isinstance(strict, dict):  # Arabic text → Chinese text, both ways: the Chinese one is read
        for arabic, chinese in strict.items():
            yield Case("cn2an", "text", chinese, _numbers_of(arabic))
    smart = tables.get("smart_data_dict")
    if isinstance(smart, dict):
        for text, arabic in smart.items():
            yield Case("cn2an", "text", text, _numbers_of(arabic))


def _numbers_of(text: str) -> list[float]:
    """The Arabic numbers of a transformed text, in order (2001年3月4日 → 2001, 3, 4; 1/2 → 0.5;
    8% → 8; 1-2个月 → 1, 2: a hyphen between digits is no minus sign)."""
    out: list[float] = []
    for m in re.finditer(r"(?<![\d.])(-?)(\d+(?:\.\d+)?)(?:/(\d+))?", text):
        sign, num, den = m.groups()
        if sign and m.start() and text[m.start() - 1].isdigit():
            sign = ""
        v = float(num) / float(den) if den else float(num)
        out.append(-v if sign else v)
    return out


def read_chinese2digits(folder: Path) -> Iterator[Case]:
    """chinese2digits' ``test.py``: ``takeNumberFromString(text)`` → ``digitsStringList``."""
    for path in sorted(folder.rglob("test.py")):
        if "chinese2digits" not in str(path):
            continue
        text: str | None = None
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "takeNumberFromString":
                first = _literal(node.args[0]) if node.args else None
                text = first if isinstance(first, str) else None
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "assertEqual":
                if text is None or len(node.args) != 2 or "digitsStringList" not in ast.unparse(node.args[0]):
                    continue
                digits = _literal(node.args[1])
                if isinstance(digits, list):
                    values = [_c2d_value(d) for d in digits if isinstance(d, str)]
                    yield Case("chinese2digits", "text", text, values)


def _c2d_value(d: str) -> float:
    """'0.05' → 0.05, '4%' → 0.04, '2345/432' → 5.428…"""
    if d.endswith("%"):
        return float(d[:-1]) / 100
    if "/" in d:
        a, b = d.split("/")
        return float(a) / float(b)
    return float(d)


def read_dateparser(folder: Path) -> Iterator[Case]:
    """dateparser's Chinese cases whose expectation is a calendar date."""
    for path in sorted(folder.rglob("test_date_parser.py")) + sorted(folder.rglob("test_search.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            yield from _date_param(node)
            yield from _date_pairs(node)


def _date_of(node: ast.AST) -> str | None:
    """``datetime(2016, 3, 20, …)`` → ``2016-03-20``."""
    if not isinstance(node, ast.Call) or not ast.unparse(node.func).endswith("datetime"):
        return None
    parts = [_literal(a) for a in node.args[:3]]
    if len(parts) != 3 or not all(isinstance(p, int) for p in parts):
        return None
    y, m, d = parts
    assert isinstance(y, int) and isinstance(m, int) and isinstance(d, int)
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def _chinese(text: object) -> bool:
    return isinstance(text, str) and bool(_HAN.search(text)) and not _KANA.search(text)


def _date_param(node: ast.AST) -> Iterator[Case]:
    """``param("2016年3月20日 21時40分", datetime(2016, 3, 20, 21, 40))`` (no parser setting)."""
    if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "param" and len(node.args) == 2):
        return
    if node.keywords:
        return  # order="MDY", settings=…: a setting decides the date
    text, date = _literal(node.args[0]), _date_of(node.args[1])
    if _chinese(text) and date is not None:
        assert isinstance(text, str)
        yield Case("dateparser", "date", text, date)


def _date_pairs(node: ast.AST) -> Iterator[Case]:
    """``text="…", expected=[("…", datetime(…))]`` of search_dates with no setting."""
    if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "param"):
        return
    kw = {k.arg: k.value for k in node.keywords}
    if "settings" in kw or "text" not in kw or "expected" not in kw:
        return
    expected = kw["expected"]
    if not isinstance(expected, ast.List):
        return
    for item in expected.elts:
        if isinstance(item, ast.Tuple) and len(item.elts) == 2:
            text, date = _literal(item.elts[0]), _date_of(item.elts[1])
            if _chinese(text) and date is not None and re.search(r"\d{4}\s*年", str(text)):
                assert isinstance(text, str)
                yield Case("dateparser", "date", text, date)


READERS = {"cn2an": read_cn2an, "chinese2digits": read_chinese2digits, "dateparser": read_dateparser}


def read_specs(paths: list[Path]) -> list[Case]:
    """Every case found under ``paths``, duplicates (same source, kind and text) once."""
    seen: set[tuple[str, str, str]] = set()
    cases: list[Case] = []
    for path in paths:
        for reader in READERS.values():
            for case in reader(path):
                key = (case.source, case.kind, case.text)
                if key not in seen:
                    seen.add(key)
                    cases.append(case)
    return cases


# -- judging ---------------------------------------------------------------------------------------


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _matches(f: Fact, expected: float) -> bool:
    value = getattr(f, "value", None)
    if not isinstance(value, (int, float)):
        return False
    if f.kind == "percent":
        return _close(value, expected) or _close(value / 100, expected)
    return _close(value, expected)


def _values(f: Fact) -> list[list[float]]:
    """The readings of a fact in a text case: a date's parts; a range's two ends (约2.5亿年~6500万年
    → 250000000, 65000000); a percent as v or v/100; a quantity in its unit or its base unit
    (两千米: 2 公里 or 2000 米)."""
    value = getattr(f, "value", None)
    if f.kind == "date" and isinstance(value, str):
        return [[float(p) for p in value.split("-") if p.isdigit()]]
    if not isinstance(value, (int, float)):
        return [[]]
    low, high = getattr(f, "low", None), getattr(f, "high", None)
    ends = [[low, high]] if low is not None and high is not None and low != high else []
    if f.kind == "percent":
        return [[value], [value / 100], *ends]
    base = getattr(f, "value_base", None)
    return [[value], *([[base]] if isinstance(base, (int, float)) and base != value else []), *ends]


def judge(pipe: Pipeline, case: Case) -> bool:
    """Whether reportmine gets ``case`` right, by the rules of the module docstring."""
    text = case.text
    facts = [f for f in pipe.extract(text).facts if f.kind not in _ENTITY_KINDS]
    if case.kind in ("value", "none"):
        body = text.strip(_EDGE)
        a = text.index(body) if body else 0
        whole = [f for f in facts if f.start <= a and _covers(text, f, a + len(body))]
        if case.kind == "none":
            return not whole
        assert isinstance(case.expected, (int, float))
        return any(_matches(f, float(case.expected)) for f in whole)
    if case.kind == "date":
        return any(f.kind == "date" and getattr(f, "value", None) == case.expected for f in facts)
    assert isinstance(case.expected, list)
    return _sequence_matches(sorted(facts, key=lambda f: f.start), [float(x) for x in case.expected])


def _covers(text: str, f: Fact, end: int) -> bool:
    """The fact reaches ``end``, or only 元整/圆整/元正 (a money amount's close) is left."""
    return f.end >= end or (f.kind == "money" and text[f.end : end] in ("整", "正"))


def _sequence_matches(facts: list[Fact], expected: list[float]) -> bool:
    got: list[list[float]] = [[]]
    for f in facts:
        got = [g + v for g in got for v in _values(f)][:64]
    return any(len(g) == len(expected) and all(map(_close, g, expected)) for g in got)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", type=Path, help="unpacked packages holding the spec files")
    ap.add_argument("--show-wrong", type=int, default=0, metavar="N", help="list N wrong cases per source")
    ap.add_argument("--traditional", action="store_true", help="also every case in traditional script")
    args = ap.parse_args(argv)
    cases = read_specs(args.paths)
    if not cases:
        print("no spec files found under", *args.paths, file=sys.stderr)
        return 1
    if args.traditional:
        cases += _traditional(cases)
    pipe = Pipeline(kinds=[k for k in KINDS if k not in _ENTITY_KINDS])
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    wrong: dict[str, list[Case]] = {}
    for case in cases:
        ok = judge(pipe, case)
        total[case.source] = total.get(case.source, 0) + 1
        right[case.source] = right.get(case.source, 0) + ok
        if not ok:
            wrong.setdefault(case.source, []).append(case)
    for source in total:
        print(f"{source:24} {right[source]:4}/{total[source]:<4} {right[source] / total[source]:.3f}")
    all_right, all_total = sum(right.values()), sum(total.values())
    print(f"{'ALL':24} {all_right:4}/{all_total:<4} {all_right / all_total:.3f}")
    for source, cs in wrong.items():
        for case in cs[: args.show_wrong]:
            facts = [(f.kind, f.text, getattr(f, "value", None)) for f in pipe.extract(case.text).facts]
            print(f"  {source} {case.kind} {case.text!r} expected {case.expected!r} got {facts}")
    return 0


def _traditional(cases: list[Case]) -> list[Case]:
    try:
        import opencc  # type: ignore[import-not-found]
    except ImportError:
        print("--traditional: the opencc module is not installed; skipped", file=sys.stderr)
        return []
    conv = opencc.OpenCC("s2t")
    out = []
    for c in cases:
        t = conv.convert(c.text)
        if t != c.text:
            out.append(Case(c.source + " (traditional)", c.kind, t, c.expected))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
