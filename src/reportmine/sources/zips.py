"""Zip archives: members read one at a time through the central directory.

A zip whose central directory is missing or broken (a download cut anywhere, even at
99.9%: the directory is the last thing in the file) is read from its local file headers
instead (:mod:`.ziplocal`): every member whose data is all there is read, a member cut
short is failed by name, and the archive itself is recorded as failed, saying how many
members were recovered, since whatever followed the cut cannot even be named.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Generator
from typing import IO

from ..errors import ArchiveLimitError
from .guard import ArchiveGuard, ArchiveStop, Member, Refusal, safe_member_name
from .ziplocal import iter_local

__all__ = ["iter_zip", "zip_member_name"]

_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    zlib.error,
    NotImplementedError,
)


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; names stored in a legacy code page (GBK zips) are decoded as such."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return name


def iter_zip(fileobj: IO[bytes], guard: ArchiveGuard) -> Generator[Member | Refusal, None, None]:
    """Regular-file members of the zip in ``fileobj`` (seekable), or refusals."""
    try:
        zf = zipfile.ZipFile(fileobj)
    except _ERRORS as e:
        yield from iter_local(fileobj, guard, f"{type(e).__name__}: {e}")
        return
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            raw_name = zip_member_name(info)
            try:
                guard.count_member(raw_name)
            except ArchiveStop as e:
                yield Refusal(None, str(e))
                return
            name = safe_member_name(raw_name)
            if name is None:
                yield Refusal(raw_name, "unsafe member name (absolute or with ..): not read")
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                yield Refusal(name, "symbolic link: links are not followed")
                continue
            if stat.S_IFMT(mode) and not stat.S_ISREG(mode):
                yield Refusal(name, "device, FIFO or other special file: not read")
                continue
            if info.flag_bits & 0x1:
                yield Refusal(name, "encrypted member: not read")
                continue
            try:
                guard.check_declared(info.file_size, info.compress_size)
            except ArchiveStop as e:
                yield Refusal(None, str(e))
                return
            except ArchiveLimitError as e:
                yield Refusal(name, str(e))
                continue
            try:
                stream = zf.open(info)
            except _ERRORS as e:
                yield Refusal(name, f"corrupt member ({type(e).__name__}: {e})")
                continue
            with stream:
                yield Member(name, info.file_size, stream, info.compress_size)
