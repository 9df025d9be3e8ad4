"""7-Zip archives (needs the ``7z`` extra: py7zr), streamed member by member.

py7zr decompresses a whole archive in one call; a background thread runs it and hands
members over through a small bounded queue, so only a few members are held at a time.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import Generator, Iterator
from typing import IO, Any

from ..errors import MissingExtraError
from .guard import ArchiveGuard, ArchiveStop, Member, Refusal, safe_member_name

__all__ = ["iter_7z"]

_DONE = object()


class _Abort(Exception):
    """Raised inside py7zr's extraction to stop it."""


def iter_7z(fileobj: IO[bytes], guard: ArchiveGuard) -> Generator[Member | Refusal, None, None]:
    """Regular-file members of the 7z archive in ``fileobj``, or refusals."""
    try:
        import py7zr
    except ImportError:
        yield Refusal(None, str(MissingExtraError("reading .7z archives", "7z", "py7zr")))
        return
    try:
        z = py7zr.SevenZipFile(fileobj, "r")
    except Exception as e:  # py7zr raises many types on corrupt input
        yield Refusal(None, f"not a readable 7z archive ({type(e).__name__}: {e})")
        return
    with z:
        try:
            if z.needs_password():
                yield Refusal(None, "encrypted archive: not read")
                return
            infos = z.list()
        except Exception as e:
            yield Refusal(None, f"not a readable 7z archive ({type(e).__name__}: {e})")
            return
        wanted: dict[str, str] = {}
        for fi in infos:
            if fi.is_directory:
                continue
            try:
                guard.count_member(fi.filename)
            except ArchiveStop as e:
                yield Refusal(None, str(e))
                break
            name = safe_member_name(fi.filename)
            if name is None:
                yield Refusal(fi.filename, "unsafe member name (absolute or with ..): not read")
            elif fi.is_symlink:
                yield Refusal(name, "symbolic link: links are not followed")
            elif fi.uncompressed is not None and fi.uncompressed > _keep(guard):
                yield Refusal(
                    name, f"larger than {_keep(guard)} bytes (limit --max-doc-size or --max-file-size)"
                )
            else:
                wanted[fi.filename] = name
        if wanted:
            yield from _extract(z, wanted, guard, _size(fileobj))


def _keep(guard: ArchiveGuard) -> int:
    return max(guard.limits.max_doc_bytes, guard.limits.max_file_bytes)


def _size(f: IO[bytes]) -> int:
    try:
        pos = f.tell()
        end = f.seek(0, io.SEEK_END)
        f.seek(pos)
        return int(end)
    except (OSError, ValueError):
        return 0


class _Writer:
    """Receives one member from py7zr, keeping at most ``limit + 1`` bytes."""

    def __init__(self, name: str, sink: _Factory) -> None:
        self.name = name
        self.sink = sink
        self.buf = io.BytesIO()
        self.written = 0

    def write(self, s: bytes | bytearray) -> int:
        if self.sink.stop.is_set():
            raise _Abort
        self.written += len(s)
        self.sink.account(len(s))
        if self.buf.tell() <= self.sink.keep:
            self.buf.write(bytes(s[: self.sink.keep + 1 - self.buf.tell()]))
        return len(s)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.buf.tell()

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return self.written

    def close(self) -> None:
        self.sink.put((self.name, self.buf.getvalue(), self.written))


class _Factory:
    """py7zr's writer factory: members go to a bounded queue."""

    def __init__(self, wanted: dict[str, str], guard: ArchiveGuard, compressed: int) -> None:
        self.wanted = wanted
        self.limits = guard.limits
        self.keep = _keep(guard)
        self.compressed = compressed
        self.q: queue.Queue[Any] = queue.Queue(maxsize=4)
        self.stop = threading.Event()
        self.total = 0

    def create(self, filename: str) -> _Writer:
        return _Writer(filename, self)

    def account(self, n: int) -> None:
        """Count decompressed bytes; stop the extraction past the archive limits."""
        self.total += n
        lim = self.limits
        if self.total > lim.max_archive_bytes:
            self.put(
                ArchiveStop(
                    f"the archive decompresses to more than {lim.max_archive_bytes} bytes "
                    "(limit --max-archive-size); the remaining members are not read"
                )
            )
            raise _Abort
        if self.total > lim.ratio_floor and self.total > lim.max_ratio * max(self.compressed, 1):
            self.put(
                ArchiveStop(
                    f"compression ratio over the limit {lim.max_ratio:g}:1 (limit --max-ratio; a zip bomb?); "
                    "the remaining members are not read"
                )
            )
            raise _Abort

    def put(self, item: Any) -> None:
        while not self.stop.is_set():
            try:
                self.q.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        raise _Abort


def _extract(
    z: Any, wanted: dict[str, str], guard: ArchiveGuard, compressed: int
) -> Iterator[Member | Refusal]:
    factory = _Factory(wanted, guard, compressed)

    def run() -> None:
        try:
            z.extract(targets=list(wanted), factory=factory)
            factory.put(_DONE)
        except _Abort:
            pass
        except Exception as e:  # corrupt data
            with contextlib.suppress(_Abort):
                factory.put(e)

    t = threading.Thread(target=run, name="reportmine-7z", daemon=True)
    t.start()
    try:
        while True:
            item = factory.q.get()
            if item is _DONE:
                return
            if isinstance(item, ArchiveStop):
                yield Refusal(None, str(item))
                return
            if isinstance(item, Exception):
                yield Refusal(None, f"archive is corrupt ({type(item).__name__}: {item})")
                return
            filename, data, written = item
            name = wanted.get(filename)
            if name is None:
                continue
            yield Member(name, written, io.BytesIO(data))
    finally:
        factory.stop.set()
        t.join(timeout=5)
