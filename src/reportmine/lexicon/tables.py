"""The format of every shipped lexicon table, declared once.

The header of ``lexicons/NAME.txt`` explains a table's syntax to a person; the
:class:`~reportmine.lexicon.Table` spec below is the one place in code that reads it.
:meth:`Lexicon.load <reportmine.lexicon.Lexicon.load>` checks each table against its spec
(:data:`TABLES`), and consumers read typed rows by name::

    for unit in lexicon.table(UNITS):      # 亩  area  亩  1  畝  not=均
        unit.form, unit.kind, unit.factor  # '亩', 'area', Decimal('1')

Most tables are ``KIND WORD`` lists (:func:`kind_words`; :func:`grouped` collects their
words by kind); the others have a row type of their own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .base import (
    Char,
    Entry,
    Flags,
    Int,
    Lexicon,
    Number,
    OneOf,
    Options,
    Table,
    Text,
    TextList,
)

__all__ = [
    "ACTOR_VERBS",
    "BASE_UNITS",
    "BYLINES",
    "CHAR_FREQ",
    "CURRENCIES",
    "DATE_WORDS",
    "DOCUMENT_ISSUERS",
    "DOCUMENT_TYPES",
    "DOMAIN_TERMS",
    "MEASURE_WORDS",
    "MONEY_CUES",
    "MONEY_WORDS",
    "NUMBER_PHRASES",
    "NUMBER_WORDS",
    "ORG_TYPES",
    "ORG_WORDS",
    "PEOPLE_NOUNS",
    "PERSON_WORDS",
    "PER_WORDS",
    "PLACE_CUES",
    "PROGRAM_CATEGORIES",
    "PROGRAM_CUES",
    "QUALIFIERS",
    "SOURCES",
    "SUBJECT_KEYS",
    "SUBJECT_ROLES",
    "SUBJECT_WORDS",
    "SURNAMES",
    "TABLES",
    "UNITS",
    "UNIT_KINDS",
    "YEAR_LENGTHS",
    "BaseUnit",
    "CharCount",
    "Currency",
    "DateWord",
    "DomainTerm",
    "KindWord",
    "MeasureWord",
    "NumberPhrase",
    "PerWord",
    "ProgramCategory",
    "Qualifier",
    "SubjectKey",
    "SubjectWord",
    "UnitRow",
    "Word",
    "grouped",
    "kind_words",
]

# a unit form: no space and none of the characters the options use (# | = ,)
_FORM = r"[^\s#|=,]+"
_FORM_WHAT = "a form (no spaces, #, |, = or commas)"
_HAN_WORD = r"\p{Han}.*"  # (document types and program categories: the text is Chinese)
_HAN_WHAT = "a word starting with a Han character"


# -- KIND WORD lists ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KindWord(Entry):
    """A ``KIND WORD`` row: ``role 本报记者`` (bylines.txt), ``verb 印发`` (document_issuers.txt)."""

    kind: str
    word: str


def kind_words(name: str, kinds: Sequence[str]) -> Table[KindWord]:
    """The spec of a ``KIND WORD`` table whose kinds are ``kinds``."""
    return Table(name, KindWord, (OneOf("kind", kinds), Text("word")))


def grouped(lexicon: Lexicon, spec: Table[KindWord]) -> dict[str, list[str]]:
    """The words of a ``KIND WORD`` table by kind, in table order (every kind, maybe no word)."""
    kinds = spec.columns[0]
    assert isinstance(kinds, OneOf)
    out: dict[str, list[str]] = {k: [] for k in kinds.values}
    for e in lexicon.table(spec):
        out[e.kind].append(e.word)
    return out


BYLINES = kind_words("bylines", ("role", "title", "credit", "mark", "note", "label", "org"))
SOURCES = kind_words("sources", ("agency", "suffix", "label"))
DOCUMENT_ISSUERS = kind_words("document_issuers", ("verb", "adverb", "org", "name", "stop"))
PROGRAM_CUES = kind_words(
    "program_cues",
    ("suffix", "after", "stop", "block", "title", "generic", "lead", "speech", "clause", "before"),
)
YEAR_LENGTHS = kind_words(
    "year_lengths",
    ("date_before", "date_after", "length_before", "length_after", "span_before", "span_after"),
)
PLACE_CUES = kind_words(
    "place_cues",
    ("generic", "stop", "after", "weak", "org", "not_org", "list_head", "list_not", "list_not_first"),
)
MONEY_CUES = kind_words(
    "money_cues",
    ("counted", "people_end", "currency_end", "currency", "kuai_noun", "kuai_after", "kuai_cue",
     "pay_verb", "pay_not"),  # issue 13: 我出两万
)
# issue 13: words and idioms whose numerals are no number (the number kind, to_arabic)
NUMBER_WORDS = kind_words("number_words", ("idiom", "word", "name"))
# nouns whose bare amount is a count (947万贫困群众, 贫困人口由9899万…): issue 13
PEOPLE_NOUNS = kind_words("people_nouns", ("people", "households", "link"))


# -- one-column word lists ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word(Entry):
    """A row of one word: ``资金`` (money_words.txt), ``办法`` (document_types.txt)."""

    word: str


MONEY_WORDS = Table("money_words", Word, (Text("word"),))
DOCUMENT_TYPES = Table("document_types", Word, (Text("word", form=_HAN_WORD, what=_HAN_WHAT),))


# -- tables with a row type of their own ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CharCount(Entry):
    """A row of char_freq.txt: ``的 12345``."""

    char: str
    count: int


CHAR_FREQ = Table("char_freq", CharCount, (Char("character"), Int("count", minimum=0)))


@dataclass(frozen=True, slots=True)
class DateWord(Entry):
    """A row of date_words.txt: ``year_suffix 年末``, ``relative 去年 year -1``."""

    kind: str
    word: str
    unit: str | None
    offset: int | None


def _relative_has_unit(e: DateWord) -> str | None:
    """A ``relative`` word has a unit and an offset; no other kind has them."""
    if e.kind == "relative":
        return None if e.offset is not None else "expected: relative WORD year|month|day OFFSET"
    return None if e.unit is None else f"expected: {e.kind} WORD"


DATE_WORDS = Table(
    "date_words",
    DateWord,
    (
        OneOf(
            "kind",
            ("year_suffix", "month_suffix", "relative", "suffix_block"),
            # the N年 words of dates were kinds of this table before year_lengths.txt held them
            moved={
                "not_before": "year_lengths.txt as date_before",
                "not_after": "year_lengths.txt as date_after",
            },
        ),
        Text("word"),
        OneOf("unit", ("year", "month", "day"), optional=True),
        Int("offset", optional=True),
    ),
    check=_relative_has_unit,
)


@dataclass(frozen=True, slots=True)
class DomainTerm(Entry):
    """A row of domain_terms.txt (jieba's ``word [freq] [tag]``): ``精准扶贫 2000 vn``."""

    word: str
    freq: int | None
    tag: str | None


DOMAIN_TERMS = Table(
    "domain_terms",
    DomainTerm,
    (
        Text("word"),
        # 0 is refused: jieba treats it as "always split" through a process-wide table
        Int("freq", minimum=1, optional=True),
        Text("tag", form="[a-z]{1,4}", what="a part-of-speech tag (a-z, 1-4 letters)", optional=True),
    ),
)


UNIT_KINDS = ("area", "length", "weight", "volume", "money", "percent", "duration", "power", "energy")


@dataclass(frozen=True, slots=True)
class UnitRow(Entry):
    """A row of units.txt: ``平方公里  area  平方公里  1  -  -``."""

    form: str
    kind: str
    canonical: str
    factor: Decimal
    traditional: tuple[str, ...]
    options: Mapping[str, tuple[str, ...]]


UNITS = Table(
    "units",
    UnitRow,
    (
        Text("form", form=_FORM, what=_FORM_WHAT),
        OneOf("kind", UNIT_KINDS),
        Text("canonical"),
        Number("factor"),
        TextList("traditional", form=_FORM, what=_FORM_WHAT),
        Options("options", flags=("arabic",), lists=("not", "then", "cue"), optional=True),
    ),
)


@dataclass(frozen=True, slots=True)
class MeasureWord(Entry):
    """A row of measure_words.txt: ``户  户  戶  not=籍|口|外|型``."""

    form: str
    canonical: str
    traditional: tuple[str, ...]
    options: Mapping[str, tuple[str, ...]]


MEASURE_WORDS = Table(
    "measure_words",
    MeasureWord,
    (
        Text("form", form=_FORM, what=_FORM_WHAT),
        Text("canonical"),
        TextList("traditional", form=_FORM, what=_FORM_WHAT),
        Options("options", flags=("arabic", "noun", "place"), lists=("not", "then"), optional=True),
    ),
)


@dataclass(frozen=True, slots=True)
class Qualifier(Entry):
    """A row of qualifiers.txt: ``约 approx pre``."""

    word: str
    qualifier: str
    position: str


QUALIFIERS = Table(
    "qualifiers",
    Qualifier,
    (
        Text("word"),
        OneOf("qualifier", ("over", "under", "approx", "exact")),
        OneOf("position", ("pre", "post", "clause")),
    ),
)


@dataclass(frozen=True, slots=True)
class PerWord(Entry):
    """A row of per_words.txt: ``人均 人``."""

    word: str
    per: str


PER_WORDS = Table("per_words", PerWord, (Text("word"), Text("per")))


@dataclass(frozen=True, slots=True)
class NumberPhrase(Entry):
    """A row of number_phrases.txt: ``两个维护 phrase``, ``第 prefix``."""

    text: str
    type: str


NUMBER_PHRASES = Table(
    "number_phrases", NumberPhrase, (Text("text"), OneOf("type", ("phrase", "prefix", "prefix1")))
)


SUBJECT_ROLES = ("verb", "func", "pre", "prep", "motion", "word")


@dataclass(frozen=True, slots=True)
class SubjectWord(Entry):
    """A row of subject_words.txt: ``修建 verb``, ``赴 motion``."""

    word: str
    role: str


def _word_holds_motion(rows: Sequence[SubjectWord]) -> Iterator[tuple[SubjectWord, str]]:
    """A ``word`` row holds a motion word (行为 holds 行): that is why it is listed."""
    motions = [r.word for r in rows if r.role == "motion"]
    for r in rows:
        if r.role == "word" and not any(m in r.word for m in motions):
            yield r, f"{r.word!r} holds no motion word"


SUBJECT_WORDS = Table(
    "subject_words",
    SubjectWord,
    (Text("word"), OneOf("role", SUBJECT_ROLES)),
    check_rows=_word_holds_motion,
)


@dataclass(frozen=True, slots=True)
class ProgramCategory(Entry):
    """A row of program_categories.txt: ``活动 phrase inner``."""

    word: str
    flags: frozenset[str]


PROGRAM_CATEGORIES = Table(
    "program_categories",
    ProgramCategory,
    (Text("word", form=_HAN_WORD, what=_HAN_WHAT), Flags("flag", ("phrase", "inner"))),
)


# -- issue 14: entities and actor links ---------------------------------------------------------

ORG_TYPES: tuple[str, ...] = (
    "party", "government", "enterprise", "cooperative", "finance", "school", "health", "media", "other",
)  # fmt: skip
"""The ``org_type`` values: the suffix kinds of ``org_words.txt``."""
ORG_WORDS = kind_words(
    "org_words", (*ORG_TYPES, "trap", "name", "head", "level", "province", "pronoun", "stop", "generic")
)
PERSON_WORDS = kind_words("person_words", ("title", "standing", "kin", "speech", "end", "not"))
SURNAMES = Table("surnames", Word, (Text("word", form=_HAN_WORD, what=_HAN_WHAT),))
ACTOR_VERBS = kind_words("actor_verbs", ("verb", "skip", "reach", "break"))
# -- issue 15: comparable values (currencies, base units) and subject keys --------------------


@dataclass(frozen=True, slots=True)
class Currency(Entry):
    """A row of currencies.txt: ``美元 USD``."""

    unit: str
    currency: str


CURRENCIES = Table(
    "currencies",
    Currency,
    (Text("unit"), Text("currency", form="[A-Z]{3}", what="an ISO 4217 code (three capitals)")),
)


@dataclass(frozen=True, slots=True)
class BaseUnit(Entry):
    """A row of base_units.txt: ``亩 area 平方米 10000/15``; ``ratio`` is the factor, exact."""

    unit: str
    kind: str
    base: str
    factor: str

    @property
    def ratio(self) -> Fraction:
        """The factor as an exact fraction (``10000/15`` → Fraction(2000, 3))."""
        num, _, den = self.factor.partition("/")
        return Fraction(num) / Fraction(den or 1)


def _one_base_per_kind(rows: Sequence[BaseUnit]) -> Iterator[tuple[BaseUnit, str]]:
    """Every row of one kind names the same base unit (money: its own unit), so sums add up."""
    first: dict[str, BaseUnit] = {}
    for r in rows:
        if r.kind == "money":
            if r.base != r.unit:
                yield r, f"money is never converted: the base of {r.unit!r} is {r.unit!r}"
            continue
        seen = first.setdefault(r.kind, r)
        if seen.base != r.base:
            yield r, f"base {r.base!r} differs from {seen.base!r} (line {seen.row.line}) for {r.kind}"


BASE_UNITS = Table(
    "base_units",
    BaseUnit,
    (
        Text("unit"),
        Text("kind", form="[a-z_]+", what="a fact kind (area, length …)"),
        Text("base"),
        Text(
            "factor",
            form=r"[0-9]+(\.[0-9]+)?(/[0-9]+(\.[0-9]+)?)?",
            what="a number or a fraction (10000/15)",
        ),
    ),
    check_rows=_one_base_per_kind,
)


@dataclass(frozen=True, slots=True)
class SubjectKey(Entry):
    """A row of subject_keys.txt: ``建档立卡贫困户 贫困户``."""

    subject: str
    key: str


SUBJECT_KEYS = Table("subject_keys", SubjectKey, (Text("subject"), Text("key")))


TABLES: tuple[Table[Any], ...] = (
    BYLINES,
    CHAR_FREQ,
    DATE_WORDS,
    DOCUMENT_ISSUERS,
    DOCUMENT_TYPES,
    DOMAIN_TERMS,
    MEASURE_WORDS,
    MONEY_CUES,
    MONEY_WORDS,
    NUMBER_PHRASES,
    NUMBER_WORDS,
    PEOPLE_NOUNS,
    PER_WORDS,
    PROGRAM_CATEGORIES,
    PROGRAM_CUES,
    PLACE_CUES,
    QUALIFIERS,
    SOURCES,
    SUBJECT_WORDS,
    UNITS,
    YEAR_LENGTHS,
    ORG_WORDS,
    PERSON_WORDS,
    SURNAMES,
    ACTOR_VERBS,
    # issue 15
    BASE_UNITS,
    CURRENCIES,
    SUBJECT_KEYS,
)
"""Every shipped table's spec: :meth:`Lexicon.check <reportmine.lexicon.Lexicon.check>` reads them all."""
