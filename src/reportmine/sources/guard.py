"""Archive safety: member names, links and the limits one archive may not exceed.

Archive readers yield :class:`Member` (a regular file whose bytes may be read) or
:class:`Refusal` (a member, or with ``name=None`` the rest of the archive, that is not
read, with the reason). Nothing is ever extracted to disk: links, devices and names
that are absolute or climb out with ``..`` are refused, not followed. An
:class:`ArchiveGuard` counts members and decompressed bytes and stops at the limits
(decompressed size, member count, compression ratio), so zip bombs cost no more than
the limits allow.

The ratio bounds the whole tree of an archive file, members of any size and nested
archives included: everything a file of ``size`` bytes decompresses to is at most
``max(ratio_floor, max_ratio × size)`` (with the defaults, a 42.7 KB zip may yield at
most 4.27 MB, whatever its members' sizes: 4,000 members of 1 KB compressing 1000:1 are
stopped at the 4,270th KB, not at 4 GB). Each member's own ratio is still checked past
``ratio_floor`` bytes, so a single bomb fails alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO

from ..errors import ArchiveLimitError
from .options import Limits

__all__ = ["ArchiveGuard", "ArchiveStop", "Member", "Refusal", "safe_member_name"]

_BLOCK = 256 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveStop(ArchiveLimitError):
    """A limit of the whole archive was reached: the remaining members are not read."""


@dataclass(frozen=True, slots=True)
class Member:
    """A regular file inside an archive; ``stream`` is valid until the reader moves on.

    ``size`` is the size the archive declares; ``compressed`` its compressed size when
    the format knows it per member (zip).
    """

    name: str
    size: int | None
    stream: IO[bytes]
    compressed: int | None = None


@dataclass(frozen=True, slots=True)
class Refusal:
    """A member that is not read (``name``), or the rest of the archive (``name is None``)."""

    name: str | None
    reason: str


def safe_member_name(name: str) -> str | None:
    """The member's path with ``/`` separators, or ``None`` when it is absolute or climbs with ``..``.

    >>> safe_member_name("a\\\\b/./c.txt"), safe_member_name("../etc/passwd"), safe_member_name("/x")
    ('a/b/c.txt', None, None)
    """
    n = name.replace("\\", "/")
    if n.startswith("/") or _DRIVE.match(n):
        return None
    parts = [p for p in n.split("/") if p not in ("", ".")]
    if ".." in parts or not parts:
        return None
    return "/".join(parts)


class ArchiveGuard:
    """Counts what one archive yields and raises when a limit is passed.

    ``raw`` is the archive's compressed input when the compression spans the whole
    stream (tar.gz): its position measures the compressed bytes consumed. Nested
    archives share the decompressed-bytes budget of the outermost one.
    """

    def __init__(
        self,
        limits: Limits,
        raw: IO[bytes] | None = None,
        parent: ArchiveGuard | None = None,
        size: int | None = None,
    ) -> None:
        """``size``: the archive file's size in bytes, when known (the tree's ratio budget)."""
        self.limits = limits
        self.raw = raw
        self._raw_start = _tell(raw)
        self._root: ArchiveGuard = parent._root if parent is not None else self
        self.depth: int = parent.depth + 1 if parent is not None else 1
        self.members = 0
        self.out = 0  # decompressed bytes of this archive
        self._total = 0  # decompressed bytes of the whole tree (on the root)
        # what the whole tree may decompress to (on the root; None: the file's size is unknown)
        self._budget = None if size is None else max(limits.ratio_floor, int(limits.max_ratio * size))
        self._size = size

    def counters(self) -> tuple[int, int, int]:
        """``(members, out, total)``: what this guard has counted so far (the tree's total
        on the root), for :meth:`resume` (a split starting inside a tar, :mod:`.splits`)."""
        return self.members, self.out, self._root._total

    def resume(self, members: int, out: int, total: int) -> None:
        """Continue counting from :meth:`counters` taken by an earlier reading of the
        same archive: the limits then stop at the same member as one whole pass."""
        self.members, self.out, self._root._total = members, out, total

    def count_member(self, name: str) -> None:
        """Count one more member; raises :class:`ArchiveStop` past ``max_members``."""
        self.members += 1
        if self.members > self.limits.max_members:
            raise ArchiveStop(
                f"more than {self.limits.max_members} members (limit --max-members); "
                f"members from {name!r} on are not read"
            )

    def check_declared(self, size: int | None, compressed: int | None) -> None:
        """Refuse a member whose declared sizes already show a bomb (raises :class:`ArchiveLimitError`)."""
        if size is None:
            return
        if (
            compressed is not None
            and size > self.limits.ratio_floor
            and size > self.limits.max_ratio * max(compressed, 1)
        ):
            raise ArchiveLimitError(
                f"compression ratio {size / max(compressed, 1):.0f}:1 is over the limit "
                f"{self.limits.max_ratio:g}:1 (limit --max-ratio; a zip bomb?)"
            )
        if self._root._total + size > self.limits.max_archive_bytes:
            raise ArchiveStop(self._total_message())
        budget = self._root._budget
        if budget is not None and self._root._total + size > budget:
            raise ArchiveStop(self._budget_message())

    def read(self, stream: IO[bytes], limit: int, compressed: int | None = None) -> bytes:
        """Read a whole member, at most ``limit`` bytes (raises :class:`ArchiveLimitError` beyond)."""
        parts: list[bytes] = []
        got = 0
        while True:
            block = stream.read(min(_BLOCK, limit + 1 - got))
            if not block:
                break
            got += len(block)
            self._add(len(block), got, compressed)
            if got > limit:
                raise ArchiveLimitError(
                    f"larger than {limit} bytes (limit --max-doc-size or --max-file-size)"
                )
            parts.append(block)
        return b"".join(parts)

    def drain(self, stream: IO[bytes], compressed: int | None = None) -> None:
        """Read and drop what is left of a member, still counting it against the limits."""
        got = 0
        while True:
            block = stream.read(_BLOCK)
            if not block:
                return
            got += len(block)
            self._add(len(block), got, compressed)

    def account(self, n: int, member_out: int, compressed: int | None = None) -> None:
        """Count ``n`` more decompressed bytes (``member_out`` so far in this member)."""
        self._add(n, member_out, compressed)

    def _add(self, n: int, member_out: int, compressed: int | None) -> None:
        self.out += n
        self._root._total += n
        if self._root._total > self.limits.max_archive_bytes:
            raise ArchiveStop(self._total_message())
        budget = self._root._budget
        if budget is not None and self._root._total > budget:  # many small members (issue 12.6)
            raise ArchiveStop(self._budget_message())
        if member_out > self.limits.ratio_floor and compressed is not None:
            if member_out > self.limits.max_ratio * max(compressed, 1):
                raise ArchiveLimitError(self._ratio_message(member_out / max(compressed, 1)))
        elif self.raw is not None and self.out > self.limits.ratio_floor:
            consumed = max(_tell(self.raw) - self._raw_start, 1)
            if self.out > self.limits.max_ratio * consumed:
                raise ArchiveStop(self._ratio_message(self.out / consumed))

    def _ratio_message(self, ratio: float) -> str:
        return (
            f"compression ratio {ratio:.0f}:1 is over the limit {self.limits.max_ratio:g}:1 "
            "(limit --max-ratio; a zip bomb?)"
        )

    def _budget_message(self) -> str:
        root = self._root
        return (
            f"compression ratio of the whole archive is over the limit {self.limits.max_ratio:g}:1: "
            f"its {root._size} bytes decompress to more than {root._budget} bytes (limit --max-ratio; "
            "a zip bomb?); the remaining members are not read"
        )

    def _total_message(self) -> str:
        return (
            f"the archive decompresses to more than {self.limits.max_archive_bytes} bytes "
            "(limit --max-archive-size); the remaining members are not read"
        )


def _tell(f: IO[bytes] | None) -> int:
    if f is None:
        return 0
    try:
        return int(f.tell())
    except (OSError, ValueError, AttributeError):
        return 0
