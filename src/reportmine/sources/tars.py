"""Tar archives (``.tar``, ``.tar.gz``/``.tgz``, ``.tar.bz2``, ``.tar.xz``), streamed.

The archive is read in stream mode, member after member, without seeking and without
keeping the list of members seen: memory stays flat on archives of any size. A tar cut
short fails as an archive (after its whole members are read), also when the cut falls
exactly between two members: :mod:`tarfile` ends quietly there, so the end-of-archive
marker is checked.

A reading may start at a member (a split of the archive, :mod:`.splits`): given a
:class:`TarStart` taken while an earlier reading passed that member, the stream is
decompressed and dropped up to the member's header (a plain ``.tar`` is seeked) and read
from there, without parsing the headers before it; the guard and the member count go on
from the counts of that earlier reading, so limits and messages are those of one pass.
"""

from __future__ import annotations

import lzma
import tarfile
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import IO, cast

from ..errors import ArchiveLimitError
from .guard import ArchiveGuard, ArchiveStop, Member, Refusal, safe_member_name

__all__ = ["TarStart", "iter_tar"]

_SKIP_BLOCK = 1024 * 1024
# magic numbers of the compressions tarfile's stream mode detects (gzip, bzip2, xz)
_COMPRESSED = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


@dataclass(frozen=True, slots=True)
class TarStart:
    """Where a member's header starts in the uncompressed tar stream (``offset``) and what
    one pass has counted before it: ``seen`` members (folders included) and the guard's
    :meth:`~.guard.ArchiveGuard.counters` (``members``, ``out``, ``total``)."""

    offset: int
    seen: int
    members: int
    out: int
    total: int


def _opener(start: TarStart | None) -> type[tarfile.TarFile]:
    """The TarFile class to open with: plain, or one whose first header is read at
    ``start.offset`` of the uncompressed stream (what comes before is dropped unparsed)."""
    if start is None or start.offset == 0:
        return tarfile.TarFile
    offset = start.offset

    class _FromOffset(tarfile.TarFile):
        _skipped = False

        def next(self) -> tarfile.TarInfo | None:
            if not self._skipped:
                self._skipped = True
                _skip(cast(IO[bytes], self.fileobj), offset)  # tarfile's _Stream
                self.offset = offset
            return super().next()

    return _FromOffset


def _skip(stream: IO[bytes], offset: int) -> None:
    """Decompress and drop the stream up to ``offset`` (tarfile's stream reads the
    compressed file in the same blocks as one pass, so the guard's ratio sees the same
    compressed positions)."""
    pos = stream.tell()
    while pos < offset:
        got = len(stream.read(min(_SKIP_BLOCK, offset - pos)))
        if got == 0:
            raise EOFError(f"archive ends before offset {offset}")
        pos += got


def _seek_plain(fileobj: IO[bytes], start: TarStart | None) -> TarStart | None:
    """A plain (uncompressed) tar is entered with a real seek; the start then is 0 of what
    tarfile reads. Compressed ones are left to :func:`_skip` (returns ``start`` unchanged)."""
    if start is None or start.offset == 0:
        return start
    at = fileobj.tell()
    head = fileobj.read(6)
    if any(head.startswith(m) for m in _COMPRESSED):
        fileobj.seek(at)
        return start
    fileobj.seek(at + start.offset)
    return TarStart(0, start.seen, start.members, start.out, start.total)


_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)


def iter_tar(
    fileobj: IO[bytes],
    guard: ArchiveGuard,
    start: TarStart | None = None,
    on_member: Callable[[TarStart], None] | None = None,
) -> Generator[Member | Refusal, None, None]:
    """Regular-file members of the tar in ``fileobj`` (compression detected), or refusals.

    ``start``: begin at that member (``fileobj`` seekable, at the archive's start);
    ``on_member`` is told each member's :class:`TarStart` before anything of it is yielded.
    """
    seen = 0 if start is None else start.seen
    tf = _open(fileobj, guard, start)
    if isinstance(tf, Refusal):
        yield tf
        return
    with tf:
        while True:
            try:
                m = tf.next()
            except ArchiveLimitError as e:  # raised by the guard while skipping
                yield Refusal(None, str(e))
                return
            except _ERRORS as e:
                yield Refusal(None, f"archive is corrupt or truncated after {seen} members ({_why(e)})")
                return
            if m is None:
                if seen and not _end_marker_read(tf):
                    yield Refusal(
                        None,
                        f"archive is truncated after {seen} members: it ends without the "
                        "end-of-archive marker, so members may be missing",
                    )
                return
            tf.members = []  # type: ignore[attr-defined]  # stream mode would otherwise keep every header
            if on_member is not None:
                on_member(TarStart(m.offset, seen, *guard.counters()))
            seen += 1
            if m.isdir():
                continue
            try:
                guard.count_member(m.name)
            except ArchiveStop as e:
                yield Refusal(None, str(e))
                return
            name = safe_member_name(m.name)
            if name is None:
                yield Refusal(m.name, "unsafe member name (absolute or with ..): not read")
                continue
            refusal = _refused(m, name)
            if refusal is not None:
                yield refusal
                continue
            try:
                guard.check_declared(m.size, None)
            except ArchiveStop as e:
                yield Refusal(None, str(e))
                return
            f = tf.extractfile(m)
            if f is None:  # pragma: no cover - regular files always have data
                continue
            yield Member(name, m.size, f)
            try:
                guard.drain(f)  # whatever the reader left, counted against the limits
            except ArchiveLimitError as e:
                yield Refusal(None, str(e))
                return
            except _ERRORS:
                why = f"archive is corrupt or truncated at {name!r}: the remaining members are not read"
                yield Refusal(None, why)
                return


def _refused(m: tarfile.TarInfo, name: str) -> Refusal | None:
    """Why member ``m`` (``name``: its safe name) is not read: a link or a special file;
    ``None`` for a regular file."""
    if m.issym() or m.islnk():
        kind = "symbolic link" if m.issym() else "hard link"
        return Refusal(name, f"{kind} to {m.linkname!r}: links are not followed")
    if not m.isreg():
        return Refusal(name, "device, FIFO or other special file: not read")
    return None


def _open(fileobj: IO[bytes], guard: ArchiveGuard, start: TarStart | None) -> tarfile.TarFile | Refusal:
    """The tar in ``fileobj`` opened in stream mode, at ``start`` (the guard's counts
    carried over from there), or the refusal of an unreadable one."""
    try:
        if start is not None:
            guard.resume(start.members, start.out, start.total)
        return _opener(_seek_plain(fileobj, start)).open(fileobj=fileobj, mode="r|*")
    except (*_ERRORS, TypeError) as e:  # TypeError: a gzip header cut short (tarfile's ord(b""))
        return Refusal(None, f"not a readable tar archive ({_why(e)})")


def _end_marker_read(tf: tarfile.TarFile) -> bool:
    """Whether the tar ended at its end-of-archive marker (zero blocks, then padding or a
    second zero block still to come), not at the end of the file: a tar cut exactly at a
    header boundary otherwise ends silently, its last members lost (the hostile set)."""
    try:
        return tf.fileobj.read(1) != b""
    except (*_ERRORS, TypeError):
        return False


def _why(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
