"""A zip without its central directory, read from the local file headers.

The central directory of a zip is its last part: a download cut anywhere — even at
99.9% — loses it, and :mod:`zipfile` then refuses the whole archive. Yet every member
before the cut is still there, behind its local header (``PK\\x03\\x04``, name, sizes).
:func:`iter_local` walks those headers from the start of the file:

* a member whose data is all there is read (stored or deflated; its CRC is checked);
* a member cut short is failed by name (``truncated``), and so is one this walk cannot
  read (another compression method, encrypted, size unknown and not deflated);
* at the end the archive itself is a failed document saying how many members were
  recovered: what followed the cut cannot even be named, so the archive must not look
  complete.

The local headers carry no file type: a symbolic link member is read as the small text
it stores (its target's path), never followed.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Generator
from dataclasses import dataclass
from typing import IO, cast

from ..errors import ArchiveLimitError
from .guard import ArchiveGuard, ArchiveStop, Member, Refusal, safe_member_name

__all__ = ["iter_local"]

_LOCAL = b"PK\x03\x04"
# sig, version, flags, method, time, date, crc, csize, usize, name length, extra length
_HEADER = struct.Struct("<IHHHHHIIIHH")
_STORED, _DEFLATED = 0, 8
_BLOCK = 64 * 1024


def iter_local(fileobj: IO[bytes], guard: ArchiveGuard, why: str) -> Generator[Member | Refusal, None, None]:
    """Members of a zip read from its local headers; ``why`` is the reason :mod:`zipfile`
    gave for refusing it (in the messages)."""
    try:
        fileobj.seek(0)
        if fileobj.read(4) != _LOCAL:
            yield Refusal(None, f"not a readable zip archive ({why})")
            return
        found = yield from _walk(fileobj, guard)
    except ArchiveStop as e:
        yield Refusal(None, str(e))
        return
    except (OSError, ValueError, EOFError, zlib.error) as e:
        found = -1
        why = f"{why}; {type(e).__name__}: {e}"
    members = "some members" if found < 0 else f"{found} members"
    yield Refusal(
        None,
        f"zip archive cut short or damaged, its central directory is unreadable ({why}): "
        f"{members} found by their local headers (each read or failed on its own), "
        "anything after them is lost",
    )


@dataclass(frozen=True, slots=True)
class _Header:
    """A local file header: the member's name, flags, method, sizes and where its data starts."""

    name: str
    flags: int
    method: int
    crc: int
    csize: int
    usize: int
    start: int

    @property
    def descriptor(self) -> bool:
        """Sizes and CRC follow the data (bit 3): unknown until the data is read."""
        return bool(self.flags & 0x8)


def _header(f: IO[bytes], pos: int) -> _Header | None:
    """The local header at ``pos``; ``None`` at the end of the headers (or of the file)."""
    f.seek(pos)
    head = f.read(_HEADER.size)
    if len(head) < _HEADER.size or head[:4] != _LOCAL:
        return None
    _, _, flags, method, _, _, crc, csize, usize, nlen, elen = _HEADER.unpack(head)
    raw_name = f.read(nlen)
    extra = f.read(elen)
    if len(raw_name) < nlen or len(extra) < elen:
        return None
    usize, csize = _zip64(extra, usize, csize)
    start = pos + _HEADER.size + nlen + elen
    return _Header(_decode_name(raw_name, flags), flags, method, crc, csize, usize, start)


def _walk(f: IO[bytes], guard: ArchiveGuard) -> Generator[Member | Refusal, None, int]:
    """Yield the members header after header; returns how many were found."""
    pos = 0
    found = 0
    while (h := _header(f, pos)) is not None:
        guard.count_member(h.name)
        pos = h.start + h.csize
        if h.name.endswith("/"):  # a folder entry
            continue
        refusal = _refusal(h) or _declared(h, guard)
        if refusal is not None:
            yield refusal
            if h.descriptor:  # the data's end cannot be found without reading it
                return found
            continue
        found += 1
        reader = _MemberReader(f, h)
        stream = cast(IO[bytes], io.BufferedReader(reader, _BLOCK))
        safe = safe_member_name(h.name)
        if safe is None:
            yield Refusal(h.name, "unsafe member name (absolute or with ..): not read")
        else:
            known = not h.descriptor
            yield Member(safe, h.usize if known else None, stream, h.csize if known else None)
        if h.descriptor:  # a data descriptor follows the data: find its end by reading it
            guard.drain(stream)
            pos = _after_descriptor(f, h.start + reader.consumed)
    return found


def _declared(h: _Header, guard: ArchiveGuard) -> Refusal | None:
    """A refusal when the declared sizes already show a bomb (:class:`ArchiveStop` propagates)."""
    if h.descriptor:
        return None
    try:
        guard.check_declared(h.usize, h.csize)
    except ArchiveStop:
        raise
    except ArchiveLimitError as e:
        return Refusal(safe_member_name(h.name) or h.name, str(e))
    return None


def _refusal(h: _Header) -> Refusal | None:
    """A refusal for a member this walk cannot read."""
    if h.flags & 0x1:
        return Refusal(h.name, "encrypted member: not read")
    if h.method not in (_STORED, _DEFLATED):
        return Refusal(h.name, f"compression method {h.method} cannot be read without the central directory")
    if h.descriptor and h.method == _STORED:
        return Refusal(h.name, "stored member of unknown size: cannot be read without the central directory")
    return None


def _zip64(extra: bytes, usize: int, csize: int) -> tuple[int, int]:
    """The sizes, from the zip64 extra field when the header holds 0xFFFFFFFF."""
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, i)
        if tag == 0x0001:
            body = extra[i + 4 : i + 4 + size]
            vals = [struct.unpack_from("<Q", body, j)[0] for j in range(0, len(body) - 7, 8)]
            if usize == 0xFFFFFFFF and vals:
                usize = vals.pop(0)
            if csize == 0xFFFFFFFF and vals:
                csize = vals.pop(0)
            break
        i += 4 + size
    return usize, csize


def _decode_name(raw: bytes, flags: int) -> str:
    """A member name: UTF-8 when flagged (or valid), else GB18030 (Chinese zip tools), else cp437."""
    if flags & 0x800:
        return raw.decode("utf-8", "surrogateescape")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("cp437")


def _after_descriptor(f: IO[bytes], end: int) -> int:
    """Where the next header starts after a data descriptor (12 to 24 bytes, signature optional)."""
    f.seek(end)
    tail = f.read(32)
    for sig in (_LOCAL, b"PK\x01\x02"):
        i = tail.find(sig, 12)
        if i >= 0:
            return end + i
    return end + len(tail) + 1  # nothing follows: the walk ends


class _MemberReader(io.RawIOBase):
    """The data of one member (stored or deflated), read lazily from the archive file;
    raises :class:`EOFError` when the file ends first, :class:`zlib.error` on a CRC mismatch."""

    def __init__(self, f: IO[bytes], h: _Header) -> None:
        super().__init__()
        self._f = f
        self._pos = h.start
        # compressed bytes not read yet (None: until the deflate stream ends)
        self._left: int | None = None if h.descriptor else h.csize
        self._inflate = zlib.decompressobj(-15) if h.method == _DEFLATED else None
        self._crc_want: int | None = None if h.descriptor else h.crc
        self._crc = 0
        self._done = False
        self.consumed = 0  # compressed bytes of this member

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = len(buffer)
        while not self._done:
            data = self._stored(n) if self._inflate is None else self._inflated(n)
            if data:
                self._crc = zlib.crc32(data, self._crc)
                buffer[: len(data)] = data
                return len(data)
        if self._crc_want is not None and self._crc != self._crc_want:
            self._crc_want = None  # said once
            raise zlib.error("CRC check failed: the member's data is damaged")
        return 0

    def _raw(self, n: int) -> bytes:
        want = n if self._left is None else min(n, self._left)
        if want == 0:
            return b""
        self._f.seek(self._pos)
        block = self._f.read(want)
        if not block:
            raise EOFError("the archive ends inside this member (truncated)")
        self._pos += len(block)
        if self._left is not None:
            self._left -= len(block)
        return block

    def _stored(self, n: int) -> bytes:
        block = self._raw(n)
        self.consumed += len(block)
        self._done = not block
        return block

    def _inflated(self, n: int) -> bytes:
        d = self._inflate
        assert d is not None
        if d.unconsumed_tail:
            out = d.decompress(d.unconsumed_tail, n)
        else:
            block = self._raw(_BLOCK)
            if not block:  # all declared bytes read and the stream did not end
                raise EOFError("the member's compressed data ends early (truncated)")
            self.consumed += len(block)
            out = d.decompress(block, n)
        if d.eof:  # the deflate stream ended: what came after it is not this member's
            self.consumed -= len(d.unused_data)
            self._done = True
        return out
