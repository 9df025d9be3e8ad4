"""The walk over inputs: files, folders, standard input, archives and JSON Lines files.

:func:`iter_raw` yields, in a stable order, one item per document: a
:class:`RawDocument` (bytes read) or a failed :class:`Document` (not readable, refused,
unsupported). Folders are walked recursively in name order; archives and JSON Lines
files are streamed; nothing is written to disk.
"""

from __future__ import annotations

import io
import lzma
import os
import stat
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path
from typing import IO

from ..errors import ArchiveLimitError
from .decode import decode_raw
from .document import ARCHIVES, Document, RawDocument, ReadStats, failed, format_of, sha256_of, suffix_of
from .guard import ArchiveGuard, ArchiveStop, Member, Refusal
from .jsonl import iter_jsonl
from .options import SourceOptions
from .sevenzip import iter_7z
from .tars import iter_tar
from .zips import iter_zip

__all__ = ["count_documents", "input_size", "iter_documents", "iter_raw"]

Item = RawDocument | Document
_READ_ERRORS = (
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    zipfile.BadZipFile,
    tarfile.TarError,
    ValueError,
    RuntimeError,
)
_BINARY = frozenset({"docx", "pdf"})


def iter_raw(
    inputs: Iterable[str],
    options: SourceOptions | None = None,
    stats: ReadStats | None = None,
    *,
    stdin: IO[bytes] | None = None,
) -> Iterator[Item]:
    """One item per document of ``inputs`` (paths, or ``-`` for standard input), in order.

    A folder's documents get ids relative to it; a file given directly is known by its
    name; archive members are ``archive.zip!inner/path.txt``.
    """
    walker = _Walker(options or SourceOptions(), stats or ReadStats(), stdin)
    for path in inputs:
        yield from walker.input(path)


def iter_documents(
    inputs: Iterable[str], options: SourceOptions | None = None, stats: ReadStats | None = None
) -> Iterator[Document]:
    """Like :func:`iter_raw`, with every document decoded (failures included, with reasons)."""
    opts = options or SourceOptions()
    for item in iter_raw(inputs, opts, stats):
        yield decode_raw(item, opts.limits) if isinstance(item, RawDocument) else item


def input_size(inputs: Iterable[str]) -> int:
    """Total size in bytes of the files under ``inputs`` (for progress estimates)."""
    total = 0
    for path in inputs:
        p = Path(path)
        if path == "-":
            continue
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not _hidden(d)]
                for f in files:
                    try:
                        total += os.stat(os.path.join(root, f)).st_size
                    except OSError:
                        continue
        else:
            try:
                total += p.stat().st_size
            except OSError:
                continue
    return total


def _hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


class _Walker:
    """Walks the inputs with one set of options; all state lives here, per call."""

    def __init__(self, options: SourceOptions, stats: ReadStats, stdin: IO[bytes] | None) -> None:
        self.options = options
        self.limits = options.limits
        self.stats = stats
        self.stdin = stdin
        self.include = tuple(p.lower() for p in options.include)
        self.exclude = tuple(p.lower() for p in options.exclude)

    # -- selection ----------------------------------------------------------------
    def wanted(self, rel: str) -> bool:
        """Whether a file or member at relative path ``rel`` is read."""
        parts = rel.split("/")
        if any(_hidden(p) for p in parts):
            return False
        low = rel.lower()
        base = parts[-1].lower()
        if any(fnmatchcase(low, p) or fnmatchcase(base, p) for p in self.exclude):
            return False
        if self.include and format_of(rel) not in ARCHIVES:
            return any(fnmatchcase(low, p) or fnmatchcase(base, p) for p in self.include)
        return True

    def limit(self, fmt: str) -> int:
        return self.limits.max_file_bytes if fmt in _BINARY else self.limits.max_doc_bytes

    # -- inputs -------------------------------------------------------------------
    def input(self, path: str) -> Iterator[Item]:
        if path == "-":
            yield from self.standard_input()
            return
        p = Path(path)
        try:
            st = p.stat()
        except OSError as e:
            yield failed(path, path, f"cannot read input: {e.strerror or e}")
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.folder(p)
        else:
            yield from self.file(p, p.name, path, st, top=True)

    def standard_input(self) -> Iterator[Item]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        data = stream.read(self.limits.max_doc_bytes + 1)
        if len(data) > self.limits.max_doc_bytes:
            yield failed("-", "-", f"larger than {self.limits.max_doc_bytes} bytes (limit --max-doc-size)")
            return
        yield RawDocument("-", "-", "text", data, sha256_of(data))

    def folder(self, root: Path) -> Iterator[Item]:
        for rel, full in _walk(root):
            if not self.wanted(rel):
                continue
            try:
                st = full.stat()
            except OSError as e:
                yield failed(rel, str(full), f"cannot read file: {e.strerror or e}")
                continue
            yield from self.file(full, rel, str(full), st, top=False)

    def file(self, path: Path, doc_id: str, source: str, st: os.stat_result, *, top: bool) -> Iterator[Item]:
        """One file; only a file named as an input may be a pipe (``<(cmd)``), never one in a folder."""
        fmt = format_of(path.name)
        try:
            if fmt is None:
                yield failed(
                    doc_id, source, f"unsupported file type {suffix_of(path.name)!r}", size=st.st_size
                )
                return
            regular = stat.S_ISREG(st.st_mode)
            if not regular and (not top or fmt not in ("text", "tar", "jsonl")):
                yield failed(doc_id, source, "not a regular file (FIFO, device or socket): not read", fmt=fmt)
                return
            if fmt not in ARCHIVES and fmt != "jsonl" and regular and st.st_size > self.limit(fmt):
                yield failed(
                    doc_id,
                    source,
                    f"larger than {self.limit(fmt)} bytes (limit {_limit_flag(fmt)})",
                    fmt=fmt,
                    size=st.st_size,
                )
                return
            try:
                f = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is done
            except OSError as e:
                yield failed(doc_id, source, f"cannot read file: {e.strerror or e}", fmt=fmt)
                return
            self.stats.current = f
            try:
                if fmt in ARCHIVES:
                    yield from self.archive(fmt, f, doc_id, source, None)
                elif fmt == "jsonl":
                    yield from iter_jsonl(f, doc_id, source, self.options)
                else:
                    data = f.read(self.limit(fmt) + 1)
                    if len(data) > self.limit(fmt):
                        yield failed(
                            doc_id,
                            source,
                            f"larger than {self.limit(fmt)} bytes (limit {_limit_flag(fmt)})",
                            fmt=fmt,
                        )
                    else:
                        yield RawDocument(doc_id, source, fmt, data, sha256_of(data))
            except OSError as e:
                yield failed(doc_id, source, f"cannot read file: {e.strerror or e}", fmt=fmt)
            finally:
                self.stats.current = None
                f.close()
        finally:
            self.stats.bytes_done += st.st_size if stat.S_ISREG(st.st_mode) else 0

    # -- archives -----------------------------------------------------------------
    def archive(
        self, fmt: str, fileobj: IO[bytes], doc_id: str, source: str, parent: ArchiveGuard | None
    ) -> Iterator[Item]:
        guard = ArchiveGuard(self.limits, fileobj if fmt == "tar" else None, parent)
        reader = {"zip": iter_zip, "tar": iter_tar, "7z": iter_7z}[fmt]
        members = reader(fileobj, guard)
        try:
            for item in members:
                if isinstance(item, Refusal):
                    where = doc_id if item.name is None else f"{doc_id}!{item.name}"
                    yield failed(where, source, item.reason, fmt=fmt if item.name is None else "text")
                    continue
                if not self.wanted(item.name):
                    continue
                try:
                    yield from self.member(item, f"{doc_id}!{item.name}", source, guard)
                except ArchiveStop as e:
                    yield failed(doc_id, source, f"{e} (stopped in {item.name!r})", fmt=fmt)
                    return
        finally:
            members.close()

    def member(self, m: Member, doc_id: str, source: str, guard: ArchiveGuard) -> Iterator[Item]:
        fmt = format_of(m.name)
        if fmt is None:
            yield failed(doc_id, source, f"unsupported file type {suffix_of(m.name)!r}", size=m.size or 0)
            return
        try:
            if fmt in ARCHIVES:
                if guard.depth >= self.limits.max_depth:
                    yield failed(
                        doc_id, source, f"archive nested more than {self.limits.max_depth} deep: not read"
                    )
                    return
                if fmt == "tar":
                    yield from self.archive(fmt, m.stream, doc_id, source, guard)
                else:
                    data = guard.read(m.stream, self.limits.max_file_bytes, m.compressed)
                    yield from self.archive(fmt, io.BytesIO(data), doc_id, source, guard)
                return
            if fmt == "jsonl":
                counted = [0]

                def count(n: int) -> None:
                    counted[0] += n
                    guard.account(n, counted[0], m.compressed)

                yield from iter_jsonl(m.stream, doc_id, source, self.options, count)
                return
            limit = self.limit(fmt)
            if m.size is not None and m.size > limit:
                yield failed(
                    doc_id,
                    source,
                    f"larger than {limit} bytes (limit {_limit_flag(fmt)})",
                    fmt=fmt,
                    size=m.size,
                )
                return
            data = guard.read(m.stream, limit, m.compressed)
        except ArchiveStop:
            raise
        except ArchiveLimitError as e:
            yield failed(doc_id, source, str(e), fmt=fmt, size=m.size or 0)
            return
        except _READ_ERRORS as e:
            yield failed(
                doc_id, source, f"corrupt or truncated archive member ({type(e).__name__}: {e})", fmt=fmt
            )
            return
        yield RawDocument(doc_id, source, fmt, data, sha256_of(data))


def _limit_flag(fmt: str) -> str:
    return "--max-file-size" if fmt in _BINARY else "--max-doc-size"


def _walk(root: Path, prefix: str = "") -> Iterator[tuple[str, Path]]:
    """``(relative posix path, path)`` of the files under ``root``, in name order.

    Hidden entries are skipped; symbolic links to folders are not followed (no loops).
    """
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        if _hidden(e.name):
            continue
        if e.is_dir(follow_symlinks=False):
            yield from _walk(Path(e.path), prefix + e.name + "/")
        else:
            yield prefix + e.name, Path(e.path)


# -- counting, for the progress display (issue 12: a percentage of documents, not bytes) -----
def count_documents(inputs: Iterable[str], options: SourceOptions | None = None) -> int | None:
    """How many documents ``inputs`` hold, when that is known without reading them: every
    input a file or a folder, none of them an archive or a JSON Lines file (whose documents
    are known only as they are read) nor standard input; else ``None``. Each file counts
    once, read or failed (an unsupported type is a failed row too), as :func:`iter_raw`
    yields it."""
    from .document import CONTAINERS

    walker = _Walker(options or SourceOptions(), ReadStats(), None)
    n = 0
    for path in inputs:
        if path == "-":
            return None
        p = Path(path)
        names = (rel for rel, _ in _walk(p) if walker.wanted(rel)) if p.is_dir() else iter([p.name])
        for name in names:
            if format_of(name) in CONTAINERS:
                return None
            n += 1
    return n
