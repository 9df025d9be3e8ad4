"""Typed fact records: one frozen, slotted dataclass per fact kind.

The JSON form (:meth:`Fact.to_dict`) follows ``docs/FACTS.md``: ``doc_id``,
``kind``, ``text``, ``start``, ``end``, ``value``, ``unit``, ``qualifier``,
``low``, ``high``, ``subject``, ``per``, ``sentence``, then the kind's own extra
fields. ``start``/``end`` index the ORIGINAL input in code points, so
``original[start:end] == text`` always holds.

This module imports nothing else from reportmine.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import operator
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

__all__ = [
    "DEFAULT_KINDS",
    "ENTITY_KINDS",
    "FACT_TYPES",
    "KINDS",
    "LINK_FIELDS",
    "QUALIFIERS",
    "QUANTITY_KINDS",
    "AreaFact",
    "CountFact",
    "DateFact",
    "DocumentFact",
    "DocumentMeta",
    "DurationFact",
    "EnergyFact",
    "Fact",
    "LengthFact",
    "MoneyFact",
    "NumberFact",
    "OrganizationFact",
    "PercentFact",
    "PersonFact",
    "PlaceFact",
    "PowerFact",
    "ProgramFact",
    "Qualifier",
    "VolumeFact",
    "WeightFact",
    "extra_fields",
    "fact_columns",
    "fact_from_dict",
    "json_number",
]

Qualifier = Literal["exact", "over", "under", "approx"]
QUALIFIERS: tuple[str, ...] = ("exact", "over", "under", "approx")
Value = int | float | str | None

CORE_FIELDS: tuple[str, ...] = (
    "doc_id",
    "kind",
    "text",
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "subject",
    "per",
    "sentence",
)
_CORE_AND_FLAGS: frozenset[str] = frozenset((*CORE_FIELDS, "flags"))
#: learned fields (issue 16): in the JSON form only when set


def json_number(x: Value) -> Value:
    """A value as the JSON form gives it: integral floats as ints (12000.0 -> 12000),
    other values as they are."""
    if isinstance(x, float) and math.isfinite(x) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact found in a report.

    ``text`` is the exact source text, ``start``/``end`` its offsets in the original
    input. ``value``/``unit`` are normalized (canonical unit, simplified script).
    ``flags`` carries machine-readable remarks such as ``"caption"`` (the fact sits in a
    photo caption), ``"inferred_year"`` or ``"overflow"`` (set by the batch writer on a
    value its output formats cannot hold; extraction makes no fact of a number beyond the
    float range).
    ``actor`` (quantity facts) is the organization or person the text names as the one who
    invested, donated, built, trained … (``北票市水务局投入资金100余万元`` → 北票市水务局).
    ``topic``/``topic_prob`` (quantities, when the pipeline is asked for topics): the field
    of work the sentence is about, from ``reportmine.learn``, and its probability; ``None`` otherwise.
    ``purpose`` (money) is what the text says the money is for (``用于修路的资金300万元`` →
    修路); null when the text gives none.
    """

    kind: ClassVar[str] = "fact"

    text: str
    start: int
    end: int
    value: Value
    unit: str | None = None
    qualifier: Qualifier = "exact"
    low: int | float | None = None
    high: int | float | None = None
    subject: str | None = None
    per: str | None = None
    sentence: str = ""
    doc_id: str | None = None
    flags: tuple[str, ...] = field(default=())
    # -- issue 14: links (appended; see docs/FACTS.md "Entity kinds")
    actor: str | None = None
    # -- issue 15: comparable values and links within the document (see FACTS.md) --
    value_base: int | float | None = None
    base_unit: str | None = None
    subject_key: str | None = None
    sentence_id: int | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    group: int | None = None
    group_role: Literal["from", "to"] | None = None  # (not `role`: the planned person kind has a role)
    # -- issue 14: the place a quantity fact is tied to (extractors/entities/place_links.py)
    place: str | None = None
    place_code: str | None = None
    # -- learned fields (reportmine.learn, issue 16): set by PipelineConfig(topics=True) ----
    #: the field of work the fact's sentence is about (产业, 就业 … 其他), quantities only
    topic: str | None = None
    #: the topic model's probability of ``topic``
    topic_prob: float | None = None
    # -- issue 20: what money is for (appended; see docs/FACTS.md)
    purpose: str | None = None

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}:{self.end} for {self.text!r}")
        if self.end - self.start != len(self.text):
            raise ValueError(f"span {self.start}:{self.end} does not fit text {self.text!r}")
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}")

    def to_dict(self) -> dict[str, Any]:
        """The FACTS.md JSON form: core fields in contract order, then the kind's extras."""
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": json_number(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "low": json_number(self.low),
            "high": json_number(self.high),
            "subject": self.subject,
            "per": self.per,
            "sentence": self.sentence,
        }
        out["flags"] = list(self.flags)
        for name in extra_fields(type(self)):
            v = getattr(self, name)
            out[name] = list(v) if isinstance(v, tuple) else v
        return out

    def with_doc_id(self, doc_id: str | None) -> Fact:
        """A copy of this fact carrying ``doc_id``."""
        return dataclasses.replace(self, doc_id=doc_id)


@dataclass(frozen=True, slots=True)
class CountFact(Fact):
    """A count with its measure word (户 人 名 个 …): 贫困户35户 → 35 户."""

    kind: ClassVar[str] = "count"


@dataclass(frozen=True, slots=True)
class MoneyFact(Fact):
    """An amount of money, multipliers folded in: 100余万元 → 1000000 元, over.

    ``currency`` is the ISO 4217 code of the unit (元 → CNY, 美元 → USD); CNY amounts are
    in yuan.
    """

    kind: ClassVar[str] = "money"
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class AreaFact(Fact):
    """An area in 亩, 平方米, 公顷 or 平方公里."""

    kind: ClassVar[str] = "area"


@dataclass(frozen=True, slots=True)
class LengthFact(Fact):
    """A length in 米 or 公里."""

    kind: ClassVar[str] = "length"


@dataclass(frozen=True, slots=True)
class WeightFact(Fact):
    """A weight in 吨, 公斤 or 斤."""

    kind: ClassVar[str] = "weight"


@dataclass(frozen=True, slots=True)
class VolumeFact(Fact):
    """A volume in 立方米 or 升."""

    kind: ClassVar[str] = "volume"


@dataclass(frozen=True, slots=True)
class PercentFact(Fact):
    """A percentage, in percent: 0.28% → 0.28; 三分之一 → 33.33…."""

    kind: ClassVar[str] = "percent"


@dataclass(frozen=True, slots=True)
class DurationFact(Fact):
    """A length of time in 年, 月, 天, 小时 or 周."""

    kind: ClassVar[str] = "duration"


@dataclass(frozen=True, slots=True)
class DateFact(Fact):
    """An absolute date, ISO 8601 at the precision written (2019, 2019-05, 2019-05-30)."""

    kind: ClassVar[str] = "date"


@dataclass(frozen=True, slots=True)
class ProgramFact(Fact):
    """A named program or campaign; ``value`` is the name, simplified, quotes dropped.

    ``category`` is the category word that follows the name (活动, 行动, 工程 …), if any.
    """

    kind: ClassVar[str] = "program"
    category: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentFact(Fact):
    """A policy-document title from 《…》; ``issuer`` is the body named right before it."""

    kind: ClassVar[str] = "document"
    issuer: str | None = None


# -- issue 13: power and energy (光伏扶贫), the opt-in plain number ---------------------------


@dataclass(frozen=True, slots=True)
class PowerFact(Fact):
    """Power (installed capacity) in 千瓦: 5兆瓦 → 5000 千瓦, 装机容量300kW → 300 千瓦."""

    kind: ClassVar[str] = "power"


@dataclass(frozen=True, slots=True)
class EnergyFact(Fact):
    """Energy in 千瓦时 (度 is 千瓦时): 年发电量100万度 → 1000000 千瓦时."""

    kind: ClassVar[str] = "energy"


@dataclass(frozen=True, slots=True)
class NumberFact(Fact):
    """A plain number no other kind claims (opt-in, not in :data:`DEFAULT_KINDS`):
    一百五十二 → 152, 负三十二 → -32, 肆佰陸拾 → 460; ``unit`` is ``None``."""

    kind: ClassVar[str] = "number"


# -- issue 14: entities -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrganizationFact(Fact):
    """An organization named in the text; ``value`` is its name, simplified, as written.

    ``org_type``: party, government, enterprise, cooperative, finance, school, health, media
    or other (大庆市委史志研究室 → party; 中粮集团 → enterprise).
    """

    kind: ClassVar[str] = "organization"
    org_type: str | None = None


@dataclass(frozen=True, slots=True)
class PersonFact(Fact):
    """A person named in the text; ``value`` is the name, simplified, spaces dropped.

    ``role`` is the title written with the name (主任, 第一书记, 记者 …); ``org`` the
    organization written with it (市委史志研究室董善禮主任 → 董善礼, 主任, 市委史志研究室).
    """

    kind: ClassVar[str] = "person"
    role: str | None = None
    org: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceFact(Fact):
    """A place, simplified as written: 胡吉吐莫鎮 → 胡吉吐莫镇, level town, parent 杜尔伯特县.

    ``level`` is province, city, county, town, village, group (组/屯) or other; ``parent``
    the value of the enclosing place when written together (chains, 的, lists); ``code`` the
    12-digit statistical division code when the document leaves one choice.
    """

    kind: ClassVar[str] = "place"
    level: str | None = None
    parent: str | None = None
    code: str | None = None


FACT_TYPES: dict[str, type[Fact]] = {
    cls.kind: cls
    for cls in (
        CountFact,
        MoneyFact,
        AreaFact,
        LengthFact,
        WeightFact,
        VolumeFact,
        PercentFact,
        DurationFact,
        DateFact,
        ProgramFact,
        DocumentFact,
        # issue 13 (appended: the column order of every output follows this order)
        PowerFact,
        EnergyFact,
        NumberFact,
        OrganizationFact,
        PersonFact,
        PlaceFact,
    )
}
KINDS: tuple[str, ...] = tuple(FACT_TYPES)
#: The kinds extracted when none are chosen: every kind but the opt-in ``number``.
DEFAULT_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k != "number")
_EXTRA_FIELDS: dict[type[Fact], tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if f.name not in _CORE_AND_FLAGS)
    for cls in FACT_TYPES.values()
}
QUANTITY_KINDS: frozenset[str] = frozenset(
    {"count", "money", "area", "length", "weight", "volume", "percent", "duration", "power", "energy"}
)
# (QUANTITY_KINDS are the kinds of the quantity extractor, with a unit and a subject: power and
# energy are; the plain ``number`` is not — it has no unit and its own extractor)
ENTITY_KINDS: frozenset[str] = frozenset({"organization", "person"})
LINK_FIELDS: tuple[str, ...] = ("actor", "place", "place_code", "purpose")
"""The fields of every fact that link it to an entity (issue 14) or to what it is for (issue 20:
``purpose``); null when no text gives one."""


def extra_fields(cls: type[Fact]) -> tuple[str, ...]:
    """The fields a fact type has beyond the FACTS.md core and ``flags`` (``category`` …),
    in declaration order."""
    names = _EXTRA_FIELDS.get(cls)
    if names is None:  # a fact type of someone else's
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in _CORE_AND_FLAGS)
    return names


def fact_columns() -> tuple[str, ...]:
    """Every field of the JSON form: the FACTS.md fields, ``flags``, then each kind's own fields.

    The column order of every tabular output (``Report.to_frame``, CSV, Parquet, SQLite).
    """
    cols = [*CORE_FIELDS]
    for cls in FACT_TYPES.values():
        for f in dataclasses.fields(cls):
            if f.name not in cols:
                cols.append(f.name)
    return tuple(cols)


def fact_from_dict(d: dict[str, Any]) -> Fact:
    """Rebuild a fact from its :meth:`Fact.to_dict` form (unknown keys are ignored)."""
    cls = FACT_TYPES[d["kind"]]
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs = {k: v for k, v in d.items() if k in names}
    if "flags" in kwargs:
        kwargs["flags"] = tuple(kwargs["flags"] or ())
    return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Document-level metadata read from the text itself.

    Spans are ``(start, end)`` in ORIGINAL offsets; texts (``headline``, ``subheadlines``,
    ``bylines``, ``author_notes``) are original text as written. ``date`` is ISO 8601 at
    the precision the header or dateline gives (``2020-08-05``, or ``--10-01`` when a
    dateline such as 本报北京10月1日电 names no year); ``date_span`` is where it is written.
    ``source`` (本报, 新华社, 辽宁日报) and ``place`` (北京) are simplified. ``authors`` are
    the names in the bylines, simplified, inner spaces removed (本报记者 张 旭 → 张旭).
    ``captions`` are photo captions (``…摄``): facts inside them carry the flag ``caption``.
    """

    headline: str | None = None
    headline_span: tuple[int, int] | None = None
    subheadlines: tuple[str, ...] = ()
    date: str | None = None
    date_span: tuple[int, int] | None = None
    source: str | None = None
    place: str | None = None
    bylines: tuple[str, ...] = ()
    byline_spans: tuple[tuple[int, int], ...] = ()
    authors: tuple[str, ...] = ()
    author_notes: tuple[str, ...] = ()
    captions: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (tuples as lists)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, tuple):
                v = [list(x) if isinstance(x, tuple) else x for x in v]
            out[f.name] = v
        return out


# -- issue 19: facts built without the per-field cost of a frozen dataclass's __init__ --------


#: a field's name, reader and writer (:func:`field_slots`)
FieldSlot = tuple[str, Callable[[Any], Any], Callable[[Any, Any], None]]


def field_slots(cls: type) -> tuple[FieldSlot, ...]:
    """Each dataclass field of ``cls`` with its reader and writer: the class's slot
    descriptors (a frozen dataclass's ``object.__setattr__`` by name costs twice as much),
    or by name for a subclass without slots. The one way facts are built or copied without
    their ``__init__``: :func:`_fast_init` here, the quantity pass's ``FactBuilder``,
    ``enrich.copy_with``.

    >>> [name for name, _, _ in field_slots(Fact)][:3]
    ['text', 'start', 'end']
    """
    got = _SLOTS.get(cls)
    if got is None:
        out: list[FieldSlot] = []
        for f in dataclasses.fields(cls):
            slot = next((c.__dict__[f.name] for c in cls.__mro__ if f.name in c.__dict__), None)
            if isinstance(slot, types.MemberDescriptorType):
                out.append((f.name, slot.__get__, slot.__set__))
            else:  # (a subclass without slots)
                out.append((f.name, operator.attrgetter(f.name), functools.partial(_set_named, f.name)))
        got = _SLOTS[cls] = tuple(out)
    return got


_SLOTS: dict[type, tuple[FieldSlot, ...]] = {}  # (a cache: classes are few and fixed)


def field_writers(cls: type) -> dict[str, Callable[[Any, Any], None]]:
    """The writer of each field of ``cls`` by name (:func:`field_slots`'s, as a mapping)."""
    got = _WRITERS.get(cls)
    if got is None:
        got = _WRITERS[cls] = {name: put for name, _, put in field_slots(cls)}
    return got


_WRITERS: dict[type, dict[str, Callable[[Any, Any], None]]] = {}


def _set_named(name: str, obj: Any, value: Any) -> None:
    object.__setattr__(obj, name, value)


def _fast_init(cls: type) -> None:
    """Give the frozen fact class ``cls`` an ``__init__`` that sets each slot through its
    descriptor, with the same signature, defaults and checks (``__post_init__``).

    A frozen dataclass's own ``__init__`` sets every field through ``object.__setattr__``,
    a name lookup each: 7.5 µs for a fact of 27 fields, most of them defaults, against
    3 µs this way; a report has hundreds of facts. The dataclass's ``__init__`` is kept
    as ``_dataclass_init`` (the reference ``tests/test_fast_paths.py`` compares with).
    """
    fields = dataclasses.fields(cls)
    if any(f.default_factory is not dataclasses.MISSING or not f.init for f in fields):
        return  # (none today: a field made per fact keeps the dataclass's own __init__)
    env: dict[str, Any] = {}
    params, body = ["self"], []
    for k, (f, (_, _, put)) in enumerate(zip(fields, field_slots(cls), strict=True)):
        env[f"_set{k}"] = put  # the slot's descriptor
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            env[f"_default{k}"] = f.default
            params.append(f"{f.name}=_default{k}")
        body.append(f"    _set{k}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    exec(f"def __init__({', '.join(params)}):\n" + "\n".join(body), env)  # (field names only)
    init = env["__init__"]
    original = cls.__init__  # type: ignore[misc]
    init.__annotations__ = dict(original.__annotations__)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = original.__doc__
    cls._dataclass_init = original  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]


# the fact classes of this module (not Fact.__subclasses__(): that also lists the classes the
# class statements made before @dataclass(slots=True) replaced each with a slotted copy)
for _cls in [c for c in list(globals().values()) if isinstance(c, type) and issubclass(c, Fact)]:
    _fast_init(_cls)
