"""The ``TEXT=VALUE | TEXT=VALUE`` cells of the named-fact case tables (``tests/cases/*.tsv``).

The tables themselves (dates_*, programs_*, documents_* and meta_*) are read by ``_cases``
(format: ``tests/cases/README.md``). In their ``expected`` cells a fact is written
``TEXT=VALUE`` (TEXT exactly as in the input, VALUE the normalized value), several joined with
`` | ``; an empty cell (``-``) means no fact at all (a negative case). Tables are grouped by
where the cases came from (``_seeds``: sentences of the seed reports; ``_peoples_daily``:
patterns met in the People's Daily archives; ``_synthetic``: edge cases written for the rule;
``_traditional``: traditional-script input).
"""

from __future__ import annotations


def expected_pairs(cell: str) -> list[tuple[str, str]]:
    """``TEXT=VALUE | TEXT=VALUE`` → ``[(TEXT, VALUE), …]``; an empty cell → ``[]``."""
    if not cell:
        return []
    out = []
    for item in cell.split(" | "):
        text, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"expected TEXT=VALUE, got {item!r}")
        out.append((text.replace("\\|", "|"), value))
    return out
