"""The JSON Schema of fact records, generated from the record dataclasses.

``reportmine schema`` prints :func:`fact_schema`; the exporters take their columns
from :func:`fact_columns`, so a field added to :mod:`reportmine.records` shows up
everywhere without edits here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from ..records import CORE_FIELDS, FACT_TYPES, Fact, fact_columns

__all__ = ["SCHEMA_ID", "fact_columns", "fact_schema", "field_types"]

SCHEMA_ID = "https://reportmine.invalid/schema/fact.json"

_SCALARS: dict[Any, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


def field_types(cls: type[Fact]) -> dict[str, dict[str, Any]]:
    """JSON Schema of each field of ``cls`` (from its type hints), in JSON-form order."""
    hints = typing.get_type_hints(cls)
    names = [*CORE_FIELDS] + [f.name for f in dataclasses.fields(cls) if f.name not in CORE_FIELDS]
    return {name: {"const": cls.kind} if name == "kind" else _schema_of(hints[name]) for name in names}


def _schema_of(tp: Any) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp in _SCALARS:
        return {"type": _SCALARS[tp]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        parts = [_schema_of(a) for a in args]
        if all(set(p) == {"type"} for p in parts):
            flat: list[str] = []
            for p in parts:
                flat.append(p["type"])
            return {"type": flat}
        return {"anyOf": parts}
    if origin in (tuple, list):
        item = args[0] if args else Any
        return {"type": "array", "items": _schema_of(item) if item is not Any else {}}
    raise TypeError(f"no JSON Schema for type {tp!r}")


def fact_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) that every exported fact record validates against."""
    variants = []
    for kind, cls in FACT_TYPES.items():
        props = field_types(cls)
        props["start"] = {"type": "integer", "minimum": 0}
        props["end"] = {"type": "integer", "minimum": 0}
        variants.append(
            {
                "title": f"{kind} fact",
                "description": " ".join((cls.__doc__ or "").split()),
                "type": "object",
                "properties": props,
                # issue 16: the learned fields may be absent (records written before them)
                "required": [p for p in props if p not in ("topic", "topic_prob")],
                "additionalProperties": False,
            }
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "reportmine fact record",
        "description": (
            "One fact found in a report (docs/FACTS.md). `text` is original[start:end] of the "
            "document `doc_id`; `value`/`unit` are normalized."
        ),
        "oneOf": variants,
    }
