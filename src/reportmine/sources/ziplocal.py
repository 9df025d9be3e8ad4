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


def _walk(f: IO[bytes], guard: ArchiveGuard) -> Generator[Member | Refusal, None, int]:
    """Yield the members header after header; returns how many were read."""
    pos = 0
    found = 0
    while True:
        f.seek(pos)
        head = f.read(_HEADER.size)
        if len(head) < _HEADER.size or head[:4] != _LOCAL:
            return found
        _, _, flags, method, _, _, crc, csize, usize, nlen, elen = _HEADER.unpack(head)
        raw_name = f.read(nlen)
        extra = f.read(elen)
        if len(raw_name) < nlen or len(extra) < elen:
            return found
        start = pos + _HEADER.size + nlen + elen
        usize, csize = _zip64(extra, usize, csize)
        name = _decode_name(raw_name, flags)
        guard.count_member(name)
        descriptor = bool(flags & 0x8)
        sizes = None if descriptor else (csize, usize)
        if name.endswith("/"):
            pos = start + csize
            continue
        refusal = _refusal(name, flags, method, descriptor)
        if refusal is not None:
            yield refusal
            if descriptor:  # the data's end cannot be found without reading it
                return found
            pos = start + csize
            continue
        safe = safe_member_name(name)
        if sizes is not None:
            try:
                guard.check_declared(usize, csize)
            except ArchiveStop:
                raise
            except ArchiveLimitError as e:
                yield Refusal(safe or name, str(e))
                pos = start + csize
                continue
        f.seek(start)
        reader = _MemberReader(f, method, sizes[0] if sizes else None, None if descriptor else crc)
        stream = cast(IO[bytes], io.BufferedReader(reader, _BLOCK))
        if safe is None:
            yield Refusal(name, "unsafe member name (absolute or with ..): not read")
        else:
            yield Member(safe, sizes[1] if sizes else None, stream, sizes[0] if sizes else None)
        found += 1
        if sizes is not None:
            pos = start + csize
            continue
        guard.drain(stream)  # a data descriptor follows the data: find its end by reading it
        pos = _after_descriptor(f, start + reader.consumed)


def _refusal(name: str, flags: int, method: int, descriptor: bool) -> Refusal | None:
    if flags & 0x1:
        return Refusal(name, "encrypted member: not read")
    if method not in (_STORED, _DEFLATED):
        return Refusal(name, f"compression method {method} cannot be read without the central directory")
    if descriptor and method == _STORED:
        return Refusal(name, "stored member of unknown size: cannot be read without the central directory")
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

    def __init__(self, f: IO[bytes], method: int, csize: int | None, crc: int | None) -> None:
        super().__init__()
        self._f = f
        self._pos = f.tell()
        self._left = csize  # compressed bytes not read yet (None: until the deflate stream ends)
        self._inflate = zlib.decompressobj(-15) if method == _DEFLATED else None
        self._crc_want = crc
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
