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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import IO, NamedTuple

from ..errors import ArchiveLimitError, OptionError
from .decode import decode_raw
from .document import ARCHIVES, Document, RawDocument, ReadStats, failed, format_of, sha256_of, suffix_of
from .guard import ArchiveGuard, ArchiveStop, Member, Refusal
from .ids import UniqueIds, escape_id
from .jsonl import iter_jsonl
from .options import SourceOptions
from .sevenzip import iter_7z
from .tars import TarStart, iter_tar
from .zips import iter_zip

__all__ = [
    "FileUnit",
    "Inputs",
    "count_documents",
    "input_paths",
    "input_size",
    "iter_documents",
    "iter_raw",
    "settle",
]

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


#: one input path, or several (a ``str`` or path is ONE input, never its characters)
Inputs = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def input_paths(inputs: Inputs) -> list[str]:
    """The input paths of ``inputs`` as strings: a ``str`` or path-like is one input.

    >>> input_paths("reports/"), input_paths(["a", "b"])
    (['reports/'], ['a', 'b'])

    Raises :class:`~reportmine.errors.OptionError` for anything else (bytes, numbers,
    ``None``, a list holding one of those).
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    elif isinstance(inputs, (bytes, bytearray)) or not isinstance(inputs, Iterable):
        raise OptionError(f"inputs must be a path or a list of paths, not {type(inputs).__name__}")
    paths: list[str] = []
    for p in inputs:
        path = os.fspath(p) if isinstance(p, os.PathLike) else p
        if not isinstance(path, str):
            raise OptionError(f"an input must be a path (str or Path), not {type(path).__name__}: {path!r}")
        paths.append(path)
    return paths


def iter_raw(
    inputs: Inputs,
    options: SourceOptions | None = None,
    stats: ReadStats | None = None,
    *,
    stdin: IO[bytes] | None = None,
) -> Iterator[Item]:
    """One item per document of ``inputs`` (a path, or a list of paths; ``-`` for standard
    input), in order.

    A folder's documents get ids relative to it (``report.txt``); when several inputs are
    given, relative to its parent (``county1/report.txt``), so two folders with the same
    file names give distinct ids. A file given directly is known by its name; archive
    members are ``archive.zip!inner/path.txt``, JSON Lines records ``file.jsonl!ID``. Ids
    are unique by construction: a repeat takes ``#2``, ``#3`` …, and names that are not
    UTF-8 are escaped (:mod:`reportmine.sources.ids`).
    """
    paths = input_paths(inputs)
    if options is not None and not isinstance(options, SourceOptions):
        raise OptionError(f"options must be SourceOptions, not {type(options).__name__}")
    walker = _Walker(options or SourceOptions(), stats or ReadStats(), stdin)
    ids = UniqueIds()
    try:
        for path in paths:
            for item in walker.input(path, root_named=len(paths) > 1):
                yield _final(item, ids)
    finally:
        ids.close()


def _final(item: Item, ids: UniqueIds) -> Item:
    """``item`` with its id escaped and unique, its source and reason escaped."""
    return settle(item, ids.take(escape_id(item.id)))


def settle(item: Item, doc_id: str) -> Item:
    """``item`` with the settled (escaped, unique) ``doc_id``, its source and reason escaped."""
    source = escape_id(item.source)
    if isinstance(item, RawDocument):
        if doc_id == item.id and source == item.source:
            return item
        return replace(item, id=doc_id, source=source)
    # a reason only has to be storable, not reversible: lone surrogates as \udcNN
    error = item.error.encode("utf-8", "backslashreplace").decode() if item.error is not None else None
    if doc_id == item.id and source == item.source and error == item.error:
        return item
    return replace(item, id=doc_id, source=source, error=error)


def iter_documents(
    inputs: Inputs, options: SourceOptions | None = None, stats: ReadStats | None = None
) -> Iterator[Document]:
    """Like :func:`iter_raw`, with every document decoded (failures included, with reasons)."""
    opts = options or SourceOptions()
    for item in iter_raw(inputs, opts, stats):
        yield decode_raw(item, opts.limits) if isinstance(item, RawDocument) else item


def input_size(inputs: Inputs) -> int:
    """Total size in bytes of the files under ``inputs`` (for progress estimates)."""
    total = 0
    for path in input_paths(inputs):
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


class FileUnit(NamedTuple):
    """One file the walk reads: its path, id (before escaping), source and ``stat``;
    ``top``: named as an input (only then may it be a pipe)."""

    path: Path
    doc_id: str
    source: str
    st: os.stat_result
    top: bool


class _Walker:
    """Walks the inputs with one set of options; all state lives here, per call."""

    def __init__(self, options: SourceOptions, stats: ReadStats, stdin: IO[bytes] | None) -> None:
        self.options = options
        self.limits = options.limits
        self.stats = stats
        self.stdin = stdin
        self.include = tuple(p.lower() for p in options.include)
        self.exclude = tuple(p.lower() for p in options.exclude)
        # a split's reading of a tar (.splits): the member to start at, and who is told
        # where each member of an outermost tar starts (the planner)
        self.tar_start: TarStart | None = None
        self.tar_marks: Callable[[TarStart], None] | None = None

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
    def input(self, path: str, *, root_named: bool = False) -> Iterator[Item]:
        """The documents of one input; ``root_named``: a folder's ids start with its name."""
        if path == "-":
            yield from self.standard_input()
            return
        for unit in self.units(path, root_named=root_named):
            if isinstance(unit, Document):
                yield unit
            else:
                yield from self.file(unit.path, unit.doc_id, unit.source, unit.st, top=unit.top)

    def units(self, path: str, *, root_named: bool) -> Iterator[Document | FileUnit]:
        """The files of one input (a folder's, in name order, or the input itself), each a
        :class:`FileUnit` to read with :meth:`file`, or a failed document (an input, a
        folder or a file that cannot be read): the walk :func:`iter_raw` and the split
        planner (:mod:`.splits`) share."""
        p = Path(path)
        try:
            st = p.stat()
        except OSError as e:
            yield failed(path, path, f"cannot read input: {e.strerror or e}")
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.folder(p, _root_name(path) + "/" if root_named else "", path)
        else:
            yield FileUnit(p, p.name, path, st, top=True)

    def standard_input(self) -> Iterator[Item]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        data = stream.read(self.limits.max_doc_bytes + 1)
        if len(data) > self.limits.max_doc_bytes:
            yield failed("-", "-", f"larger than {self.limits.max_doc_bytes} bytes (limit --max-doc-size)")
            return
        yield RawDocument("-", "-", "text", data, sha256_of(data))

    def folder(self, root: Path, prefix: str, given: str) -> Iterator[Document | FileUnit]:
        """The files under ``root``; a folder that cannot be listed is a failed document
        (its id ends with ``/``; the input folder itself is known as given)."""
        for rel, full, error in _walk(root, prefix):
            if error is not None:
                yield failed(rel or given, str(full), f"cannot list folder: {error}", fmt="folder")
                continue
            if not self.wanted(rel):
                continue
            try:
                st = full.stat()
            except OSError as e:
                yield failed(rel, str(full), f"cannot read file: {e.strerror or e}")
                continue
            yield FileUnit(full, rel, str(full), st, top=False)

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
                    yield from self.archive(fmt, f, doc_id, source, None, st.st_size if regular else None)
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
        self,
        fmt: str,
        fileobj: IO[bytes],
        doc_id: str,
        source: str,
        parent: ArchiveGuard | None,
        size: int | None = None,
    ) -> Iterator[Item]:
        """The members of an archive; ``size``: the archive file's size (its ratio budget)."""
        guard = ArchiveGuard(self.limits, fileobj if fmt == "tar" else None, parent, size)
        if fmt == "tar" and parent is None:  # where a split may start (.splits)
            members = iter_tar(fileobj, guard, self.tar_start, self.tar_marks)
        else:
            members = {"zip": iter_zip, "tar": iter_tar, "7z": iter_7z}[fmt](fileobj, guard)
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


def _root_name(path: str) -> str:
    """The name an input folder gives its documents' ids when several inputs are given.

    >>> _root_name("data/county1/"), _root_name("county2")
    ('county1', 'county2')
    """
    return Path(os.path.abspath(path)).name or path


def _walk(root: Path, prefix: str = "") -> Iterator[tuple[str, Path, str | None]]:
    """``(relative posix path, path, None)`` of the files under ``root``, in name order, and
    ``(folder path + "/", path, reason)`` for a folder that cannot be listed (no permission,
    removed during the run).

    Hidden entries are skipped; symbolic links to folders are not followed (no loops).
    """
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        yield prefix, root, err.strerror or str(err)
        return
    for entry in entries:
        if _hidden(entry.name):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:  # removed since it was listed: the file read below says so
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), prefix + entry.name + "/")
        else:
            yield prefix + entry.name, Path(entry.path), None


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
        names = (
            (rel for rel, _, err in _walk(p) if err is not None or walker.wanted(rel))
            if p.is_dir()
            else iter([p.name])
        )
        for name in names:
            if format_of(name) in CONTAINERS:
                return None
            n += 1
    return n
