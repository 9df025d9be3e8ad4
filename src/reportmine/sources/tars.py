"""Tar archives (``.tar``, ``.tar.gz``/``.tgz``, ``.tar.bz2``, ``.tar.xz``), streamed.

The archive is read in stream mode, member after member, without seeking and without
keeping the list of members seen: memory stays flat on archives of any size. A tar cut
short fails as an archive (after its whole members are read), also when the cut falls
exactly between two members: :mod:`tarfile` ends quietly there, so the end-of-archive
marker is checked.
"""

from __future__ import annotations

import lzma
import tarfile
import zlib
from collections.abc import Generator
from typing import IO

from ..errors import ArchiveLimitError
from .guard import ArchiveGuard, ArchiveStop, Member, Refusal, safe_member_name

__all__ = ["iter_tar"]

_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)


def iter_tar(fileobj: IO[bytes], guard: ArchiveGuard) -> Generator[Member | Refusal, None, None]:
    """Regular-file members of the tar in ``fileobj`` (compression detected), or refusals."""
    try:
        tf = tarfile.open(fileobj=fileobj, mode="r|*")  # noqa: SIM115 - closed by the with below
    except (*_ERRORS, TypeError) as e:  # TypeError: a gzip header cut short (tarfile's ord(b""))
        yield Refusal(None, f"not a readable tar archive ({_why(e)})")
        return
    seen = 0
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
            if m.issym() or m.islnk():
                kind = "symbolic link" if m.issym() else "hard link"
                yield Refusal(name, f"{kind} to {m.linkname!r}: links are not followed")
                continue
            if not m.isreg():
                yield Refusal(name, "device, FIFO or other special file: not read")
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
