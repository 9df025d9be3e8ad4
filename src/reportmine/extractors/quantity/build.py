"""Quantity fact records built once, without the per-fact cost of the dataclass ``__init__`` (issue 19).

A fact class of :mod:`reportmine.records` is a frozen slotted dataclass of some 25 fields;
its generated ``__init__`` takes keywords, sets each field through ``object.__setattr__``
looked up anew each time, then runs ``__post_init__``'s span checks. The quantity pass
builds thousands of facts per archive month, all from fields it has checked itself (its
spans come from :meth:`Context.span <reportmine.extractors.base.Context.span>`, its
qualifiers from the lexicon's table), so :class:`FactBuilder` sets the slots directly
through their descriptors, the fields the pass gives first, in order, then the defaults of
the others, and runs the class's ``__post_init__`` checks as the constructor does. The
result is equal to the constructor's, field for field (``tests/test_quantity_build.py``
checks it for every quantity class, the constructor being the reference):

>>> from reportmine.records import CountFact
>>> build = FactBuilder(CountFact)
>>> sentence = "全村贫困户35户。"
>>> f = build("35户", 5, 8, 35, "户", "exact", None, None, "贫困户", None, sentence, None, (), None)
>>> f == CountFact(text="35户", start=5, end=8, value=35, unit="户", subject="贫困户",
...                sentence=sentence)
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ...records import Fact, field_writers

__all__ = ["GIVEN", "FactBuilder"]

#: the fields the quantity pass gives, in the order :meth:`FactBuilder.__call__` takes them
GIVEN = (
    "text", "start", "end", "value", "unit", "qualifier", "low", "high", "subject", "per",
    "sentence", "doc_id", "flags", "purpose",
)


class FactBuilder:
    """Builds facts of one class from the :data:`GIVEN` fields, the others at their defaults."""

    __slots__ = ("_check", "_cls", "_given", "_rest")

    def __init__(self, cls: type[Fact]) -> None:
        fields = {f.name: f for f in dataclasses.fields(cls)}
        setters = field_writers(cls)
        self._cls = cls
        self._given = tuple(setters[n] for n in GIVEN)
        rest = []
        for name, f in fields.items():
            if name in GIVEN:
                continue
            if f.default is dataclasses.MISSING:
                # (every field after ``value`` has a default; a factory would need calling)
                raise TypeError(f"{cls.__name__}.{name} has no plain default")
            rest.append((setters[name], f.default))
        self._rest = tuple(rest)
        self._check: Callable[[Fact], None] = cls.__post_init__

    def __call__(self, *given: Any) -> Fact:
        """A fact of the class from the :data:`GIVEN` fields' values, in that order."""
        fact: Fact = object.__new__(self._cls)
        for set_, value in zip(self._given, given, strict=True):
            set_(fact, value)
        for set_, value in self._rest:
            set_(fact, value)
        self._check(fact)  # (the constructor's span and qualifier checks)
        return fact
