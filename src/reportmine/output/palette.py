"""One colour per fact kind, shared by the terminal view and the HTML report.

Known kinds have fixed colours (money is always green, dates always blue); a kind this
table does not know (one added later, such as an entity kind) gets a stable colour from
its name, so every view of every store colours it the same way:

>>> colour("money")
'#2e7d32'
>>> colour("some_new_kind") == colour("some_new_kind")
True
"""

from __future__ import annotations

import zlib

__all__ = ["DAMAGED_COLOUR", "KIND_COLOURS", "colour"]

#: kind → colour (hex), readable as a background behind dark text and as a foreground
KIND_COLOURS: dict[str, str] = {
    "count": "#1565c0",
    "money": "#2e7d32",
    "area": "#8d6e63",
    "length": "#6d4c41",
    "weight": "#5d4037",
    "volume": "#00838f",
    "percent": "#ad1457",
    "duration": "#ef6c00",
    "date": "#283593",
    "program": "#6a1b9a",
    "document": "#c62828",
    "power": "#f9a825",
    "energy": "#9e9d24",
    "number": "#546e7a",
    "place": "#00695c",
    "organization": "#4527a0",
    "person": "#d84315",
}
#: colour of damaged (mojibake) ranges
DAMAGED_COLOUR = "#b71c1c"
_SPARE = ("#37474f", "#558b2f", "#0277bd", "#7b1fa2", "#bf360c", "#00897b", "#827717", "#3949ab")


def colour(kind: str) -> str:
    """The colour of ``kind``: its own for known kinds, a stable spare one otherwise."""
    known = KIND_COLOURS.get(kind)
    if known is not None:
        return known
    return _SPARE[zlib.crc32(kind.encode("utf-8")) % len(_SPARE)]
