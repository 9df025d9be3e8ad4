"""Options of the sources: which files to take and the safety :class:`Limits`."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..errors import OptionError

__all__ = ["Limits", "SourceOptions", "parse_size"]

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class Limits:
    """Safety limits; a document or archive over one is recorded as failed, with the reason.

    Attributes:
        max_doc_bytes: a text document (plain text or HTML file, archive member, JSON Lines
            record), in bytes; also the most text a .docx or .pdf may yield (UTF-8 bytes).
        max_file_bytes: a binary document (.docx, .pdf) or a nested archive read into memory.
        max_archive_bytes: everything one archive decompresses to (nested archives included).
        max_members: members of one archive; the rest are not read.
        max_ratio: decompressed/compressed size of an archive member (zip) or stream (tar),
            checked once more than ``ratio_floor`` bytes came out (zip bombs).
        max_depth: archives nested inside archives.
    """

    max_doc_bytes: int = 10 * MiB
    max_file_bytes: int = 100 * MiB
    max_archive_bytes: int = 4 * GiB
    max_members: int = 1_000_000
    max_ratio: float = 100.0
    ratio_floor: int = 1 * MiB
    max_depth: int = 3

    def __post_init__(self) -> None:
        for name in (
            "max_doc_bytes",
            "max_file_bytes",
            "max_archive_bytes",
            "max_members",
            "ratio_floor",
            "max_depth",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise OptionError(f"{name} must be a whole number, not {value!r}")
            if value < 0:
                raise OptionError(f"{name} must not be negative")
        ratio = self.max_ratio
        # nan compares false with everything: it would switch the check off (issue 12.6)
        if not isinstance(ratio, (int, float)) or isinstance(ratio, bool) or not 0 < ratio < math.inf:
            raise OptionError(f"max_ratio must be a finite number above 0, not {ratio!r}")


@dataclass(frozen=True)
class SourceOptions:
    """How sources pick and read documents.

    ``include``/``exclude`` are glob patterns matched against a file's or archive
    member's path (relative to its input root or archive) and against its base name.
    Archives are always searched (unless excluded) and the patterns apply to their
    members. Hidden files (``.name``) and ``__MACOSX`` folders are skipped.
    ``text_field``/``id_field`` name the fields of JSON Lines records; ``date_field`` the
    field holding a record's date (see :mod:`reportmine.sources.dated`).
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: str = "id"
    limits: Limits = field(default_factory=Limits)
    date_field: str | None = None


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": KiB, "m": MiB, "g": GiB, "t": 1024 * GiB}


def parse_size(s: str) -> int:
    """Bytes in a size such as ``20M``, ``1.5GiB``, ``4096`` (binary multiples).

    >>> parse_size("10M"), parse_size("2g"), parse_size("512")
    (10485760, 2147483648, 512)
    """
    if not isinstance(s, str):
        raise OptionError(f"a size must be a string such as '20M', not {type(s).__name__}")
    m = _SIZE.fullmatch(s)
    if not m:
        raise OptionError(f"not a size: {s!r} (use e.g. 500K, 20M, 2G)")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])
