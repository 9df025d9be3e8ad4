"""Splits: the inputs cut into pieces that workers of any engine read on their own.

:func:`plan_splits` walks the inputs once, exactly as :func:`~reportmine.sources.iter_raw`
does, and cuts the stream of documents into :class:`Split` s of about ``target_bytes``
of raw document bytes each, at file, archive-member and JSON Lines line boundaries.
:func:`iter_split` yields exactly the items one pass gives for that stretch: the same
ids, ordinals (``split.first_ordinal`` on), sha256, failures and limits. A split is a
small frozen dataclass of paths, ranges and options: picklable, engine-neutral, and
nothing is unpacked to disk.

How each kind of input is cut:

* plain files (``报告.txt``, ``.docx`` …): whole files, several to a split;
* a JSON Lines file: byte ranges that start at a line boundary, with the number of the
  first line (``file.jsonl:1201`` ids stay the same), read with a seek;
* a tar (``.tar``, ``.tar.gz``/``.tgz``, ``.tar.bz2``, ``.tar.xz``): a range of its
  documents that starts at a member's header, by its offset in the uncompressed stream
  (``TarInfo.offset``, a :class:`~reportmine.sources.tars.TarStart`), with the counts
  of the whole-archive limits (``--max-archive-size``, the ratio of the whole tree,
  ``--max-members``) the planner's walk had reached there. A plain ``.tar`` is entered
  with a seek; a compressed one cannot be entered in the middle of its stream, so the
  part before is decompressed and dropped, its headers not parsed (the cost is in
  ``docs/cluster.md``). When a split starts inside a member (a nested archive or JSON
  Lines member of several documents), it starts at that member and skips its first
  documents;
* any other archive (``.zip``, ``.7z``) or a member of one: a range of the archive's
  documents. A split reads the archive from its start and skips the documents before
  its range, so the whole-archive limits stop at the same document as in one pass.

Whatever depends on the whole run is settled by the planner: ids repeated across
inputs (``a.txt``, ``a.txt#2``) are stored in the split as renames, the ordinals as the
split's first one, and the limits of the whole archive by the planner's own walk.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, cast

from ..errors import OptionError
from .document import Document, RawDocument, ReadStats, failed, format_of
from .files import FileUnit, Inputs, _Walker, input_paths, settle
from .ids import UniqueIds, escape_id
from .jsonl import iter_jsonl
from .options import SourceOptions
from .tars import TarStart

__all__ = ["DEFAULT_SPLIT_BYTES", "Piece", "Split", "iter_split", "iter_splits", "plan_splits"]

Item = RawDocument | Document

#: raw document bytes per split by default (a few MB of text: the engine's overhead per
#: task stays small beside the extraction, and an archive is not cut too often)
DEFAULT_SPLIT_BYTES = 8 * 1024 * 1024
_BLOCK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Piece:
    """Documents of one file (``path`` absolute; ``doc_id`` and ``source`` as the walk
    names it): those at positions ``start``..``stop`` of its walk, or
    for a JSON Lines file read by range (``offset`` not ``None``) the lines in bytes
    ``offset``..``end`` (``None``: to the end), numbered from ``first_line``. A tar
    piece has ``tar`` (the member its reading starts at; ``None``: the archive's start)
    and ``skip``, the documents of that member before ``start``."""

    path: str
    doc_id: str
    source: str
    top: bool
    start: int = 0
    stop: int = 0
    offset: int | None = None
    end: int | None = None
    first_line: int = 1
    tar: TarStart | None = None
    skip: int = 0


@dataclass(frozen=True, slots=True)
class Split:
    """One stretch of the document stream: ``count`` documents from ``first_ordinal`` on,
    read from ``pieces`` (a :class:`Piece`, or a document that failed before any file
    was opened, such as a folder that cannot be listed). ``renames`` gives the settled id
    of the documents (by position in the split) whose id repeats an earlier one."""

    index: int
    first_ordinal: int
    count: int
    size: int
    pieces: tuple[Piece | Document, ...]
    options: SourceOptions = field(default_factory=SourceOptions)
    renames: tuple[tuple[int, str], ...] = ()

    @property
    def name(self) -> str:
        """The split's name, in input order when sorted (``part-000012``)."""
        return f"part-{self.index:06d}"


def plan_splits(
    inputs: Inputs,
    target_bytes: int = DEFAULT_SPLIT_BYTES,
    options: SourceOptions | None = None,
    stats: ReadStats | None = None,
) -> list[Split]:
    """The splits of ``inputs`` (paths, as :func:`~reportmine.sources.iter_raw` takes
    them; not ``-``), each of about ``target_bytes`` of raw document bytes.

    Raises :class:`~reportmine.errors.OptionError` for standard input or an input that
    is a pipe (a split is read again by a worker: it must be a file).
    """
    return list(iter_splits(inputs, target_bytes, options, stats))


def iter_splits(
    inputs: Inputs,
    target_bytes: int = DEFAULT_SPLIT_BYTES,
    options: SourceOptions | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Split]:
    """:func:`plan_splits` as a stream: each split as soon as the walk has passed it (an
    engine can start working on the first splits while the rest are planned)."""
    paths = input_paths(inputs)
    if isinstance(target_bytes, bool) or not isinstance(target_bytes, int) or target_bytes < 1:
        raise OptionError(f"target_bytes must be a positive number of bytes, not {target_bytes!r}")
    if options is not None and not isinstance(options, SourceOptions):
        raise OptionError(f"options must be SourceOptions, not {type(options).__name__}")
    if "-" in paths:
        raise OptionError("standard input (-) cannot be split: give files")
    opts = options or SourceOptions()
    walker = _Walker(opts, stats or ReadStats(), None)
    planner = _Planner(opts, target_bytes)
    walker.tar_marks = planner.tar_member
    ids = UniqueIds()
    try:
        for path in paths:
            for unit in walker.units(path, root_named=len(paths) > 1):
                if isinstance(unit, Document):
                    planner.add(unit, settle(unit, ids.take(escape_id(unit.id))).id, None)
                    planner.document(unit)
                    yield from planner.take()
                else:
                    yield from _plan_file(walker, planner, ids, unit)
        planner.finish()
        yield from planner.take()
    finally:
        ids.close()


def _plan_file(walker: _Walker, planner: _Planner, ids: UniqueIds, unit: FileUnit) -> Iterator[Split]:
    """Walk one file and give its documents to ``planner``, with their positions; the
    splits closed meanwhile."""
    regular = stat.S_ISREG(unit.st.st_mode)
    if unit.top and not regular:
        raise OptionError(f"{unit.source}: not a regular file (a pipe?): a split must be read again")
    by_range = regular and format_of(unit.path.name) == "jsonl"
    planner.open(unit, by_range)
    try:
        for item in walker.file(unit.path, unit.doc_id, unit.source, unit.st, top=unit.top):
            current = walker.stats.current
            pos = current.tell() if by_range and current is not None else None
            planner.add(item, settle(item, ids.take(escape_id(item.id))).id, pos)
            yield from planner.take()
    finally:
        planner.close_file()
    yield from planner.take()


class _Planner:
    """Collects documents into splits, cutting files where a split is full."""

    def __init__(self, options: SourceOptions, target: int) -> None:
        self.options = options
        self.target = target
        self._ready: list[Split] = []
        self._index = 0
        self.ordinal = 0
        self._pieces: list[Piece | Document] = []
        self._renames: list[tuple[int, str]] = []
        self._count = 0
        self._size = 0
        self._first = 0
        # the file being walked: its unit, whether by byte range, the open piece's start
        self._unit: FileUnit | None = None
        self._by_range = False
        self._start = 0  # position of the open piece's first document in the file's walk
        self._offset = 0  # its byte offset (by range)
        self._line = 1  # the number of the line at that offset (by range)
        self._seen = 0  # documents of the file so far
        self._lines: _LineCounter | None = None
        # tar: the last member's start and the walk position of its first document; the
        # open piece's start member and the documents of it before the piece
        self._mark: tuple[TarStart, int] | None = None
        self._tar: TarStart | None = None
        self._skip = 0

    def tar_member(self, start: TarStart) -> None:
        """A member of the tar being walked begins (``start``: its header's offset and the
        counts before it); its first document, if any, is the next one added."""
        self._mark = (start, self._seen)

    def _tar_piece_start(self) -> None:
        """The open piece begins with the next document: the member it is in, if a tar's."""
        if self._mark is None:
            self._tar, self._skip = None, 0
        else:
            self._tar, self._skip = self._mark[0], self._start - self._mark[1]

    def take(self) -> list[Split]:
        """The splits closed since the last call."""
        ready, self._ready = self._ready, []
        return ready

    def add(self, item: Item, settled_id: str, pos: int | None) -> None:
        """Count one document (``settled_id``: its id after :func:`settle`; ``pos``: the
        byte offset after it, for a file read by range)."""
        if self._unit is not None and self._seen == self._start:  # a piece's first document
            self._tar_piece_start()
        if settled_id != escape_id(item.id):
            self._renames.append((self._count, settled_id))
        self._count += 1
        self.ordinal += 1
        self._size += max(item.size, 1)
        if self._unit is None:
            return
        self._seen += 1
        if self._size >= self.target:
            self._close_piece(pos)
            self._close_split()
            self._start = self._seen
            if pos is not None and self._lines is not None:
                self._offset, self._line = pos, self._lines.before(pos) + 1

    def document(self, doc: Document) -> None:
        """A failed document outside any file (the walk gave it directly)."""
        self._pieces.append(doc)
        if self._size >= self.target:
            self._close_split()

    def open(self, unit: FileUnit, by_range: bool) -> None:
        """Start the pieces of the file ``unit``."""
        self._unit, self._by_range = unit, by_range
        self._start = self._seen = self._offset = 0
        self._line = 1
        self._lines = _LineCounter(str(unit.path)) if by_range else None
        self._mark, self._tar, self._skip = None, None, 0

    def close_file(self) -> None:
        """Close the file's last piece."""
        self._close_piece(None)
        if self._lines is not None:
            self._lines.close()
        self._unit, self._lines, self._mark = None, None, None

    def _close_piece(self, end: int | None) -> None:
        u = self._unit
        if u is None or self._seen == self._start:  # no document in this piece
            return
        where = os.path.abspath(u.path)  # workers may run in another folder; ids keep the given form
        if self._by_range:
            piece = Piece(
                where, u.doc_id, u.source, u.top, offset=self._offset, end=end, first_line=self._line
            )
        else:
            piece = Piece(
                where, u.doc_id, u.source, u.top, self._start, self._seen, tar=self._tar, skip=self._skip
            )
        self._pieces.append(piece)

    def _close_split(self) -> None:
        if self._count == 0 and not self._pieces:
            return
        pieces, renames = tuple(self._pieces), tuple(self._renames)
        self._ready.append(
            Split(self._index, self._first, self._count, self._size, pieces, self.options, renames)
        )
        self._index += 1
        self._first = self.ordinal
        self._pieces, self._renames = [], []
        self._count = self._size = 0

    def finish(self) -> None:
        """Close the last split."""
        self._close_split()


class _LineCounter:
    """Counts the newlines of a file up to increasing offsets (one read of the file)."""

    def __init__(self, path: str) -> None:
        self._f: IO[bytes] | None = None
        self._path = path
        self._pos = 0
        self._seen = 0

    def before(self, offset: int) -> int:
        """Newlines before byte ``offset`` (offsets asked in increasing order)."""
        if self._f is None:
            self._f = open(self._path, "rb")  # noqa: SIM115 - closed by close()
        while self._pos < offset:
            block = self._f.read(min(_BLOCK, offset - self._pos))
            if not block:
                break
            self._seen += block.count(b"\n")
            self._pos += len(block)
        return self._seen

    def close(self) -> None:
        if self._f is not None:
            self._f.close()


# -- reading a split ------------------------------------------------------------------------
def iter_split(split: Split, stats: ReadStats | None = None) -> Iterator[Item]:
    """The items of ``split``, as one pass over the inputs gives them (ids settled);
    the ``n``-th has the ordinal ``split.first_ordinal + n``."""
    if not isinstance(split, Split):
        raise OptionError(f"iter_split() takes a Split (see plan_splits), not {type(split).__name__}")
    walker = _Walker(split.options, stats or ReadStats(), None)
    renames = dict(split.renames)
    n = 0
    for piece in split.pieces:
        for item in _piece_items(walker, piece):
            yield settle(item, renames.get(n) or escape_id(item.id))
            n += 1


def _piece_items(walker: _Walker, piece: Piece | Document) -> Iterator[Item]:
    if isinstance(piece, Document):
        yield piece
    elif piece.offset is not None:
        yield from _jsonl_range(walker, piece)
    else:
        yield from _member_range(walker, piece)


def _member_range(walker: _Walker, piece: Piece) -> Iterator[Item]:
    """Documents ``start``..``stop`` of a file's walk: a tar from the member ``piece.tar``
    on (its counts of the limits carried over), any other file from its start (so the
    limits of the whole archive count what comes before), up to ``stop``."""
    path = Path(piece.path)
    try:
        st = path.stat()
    except OSError as e:  # gone since the plan: each of its documents fails
        for _ in range(piece.stop - piece.start):
            yield failed(piece.doc_id, piece.source, f"cannot read file: {e.strerror or e}")
        return
    walker.tar_start = piece.tar
    try:
        walk = cast(
            Generator[Item, None, None], walker.file(path, piece.doc_id, piece.source, st, top=piece.top)
        )
        with contextlib.closing(walk):
            first = piece.skip if piece.tar is not None else piece.start
            yield from islice(walk, first, first + piece.stop - piece.start)
    finally:
        walker.tar_start = None


def _jsonl_range(walker: _Walker, piece: Piece) -> Iterator[Item]:
    """The records of a JSON Lines file in bytes ``offset``..``end``, read with a seek."""
    try:
        f = open(piece.path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        yield failed(piece.doc_id, piece.source, f"cannot read file: {e.strerror or e}", fmt="jsonl")
        return
    with f:
        try:
            f.seek(piece.offset or 0)
            stream = cast(IO[bytes], _Range(f, piece.end))
            first = piece.first_line
            yield from iter_jsonl(stream, piece.doc_id, piece.source, walker.options, first_line=first)
        except OSError as e:
            yield failed(piece.doc_id, piece.source, f"cannot read file: {e.strerror or e}", fmt="jsonl")


class _Range(io.RawIOBase):
    """The lines of ``f`` up to byte ``end`` (``None``: the end of the file)."""

    def __init__(self, f: IO[bytes], end: int | None) -> None:
        super().__init__()
        self._f = f
        self._end = end

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> bytes:
        if self._end is None:
            return self._f.readline(-1 if size is None else size)
        left = self._end - self._f.tell()
        if left <= 0:
            return b""
        want = left if size is None or size < 0 else min(size, left)
        return self._f.readline(want)
