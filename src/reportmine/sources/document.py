"""What sources yield: :class:`RawDocument` (bytes not decoded yet) and :class:`Document`.

A source reads inputs and yields one item per document, in input order: a
:class:`RawDocument` when the bytes were read (decoding happens later, possibly in a
worker process, see :func:`reportmine.sources.decode.decode_raw`), or an already
failed :class:`Document` when reading itself failed (over a limit, corrupt archive
member, link refused …). Either way every input is accounted for.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field
from typing import IO

__all__ = [
    "FORMATS",
    "Document",
    "RawDocument",
    "ReadStats",
    "format_of",
    "sha256_of",
]

#: suffix → format. ``text`` is decoded by encoding detection; containers are
#: ``jsonl`` (one document per line), ``zip``, ``tar`` and ``7z``.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    "": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".zip": "zip",
    ".tar": "tar",
    ".tgz": "tar",
    ".tar.gz": "tar",
    ".tbz2": "tar",
    ".tar.bz2": "tar",
    ".txz": "tar",
    ".tar.xz": "tar",
    ".7z": "7z",
}
CONTAINERS = frozenset({"jsonl", "zip", "tar", "7z"})
ARCHIVES = frozenset({"zip", "tar", "7z"})


def format_of(name: str) -> str | None:
    """The format of a file by its name (``None``: unsupported type).

    >>> format_of("a/b.TAR.GZ"), format_of("x.txt"), format_of("README"), format_of("x.doc")
    ('tar', 'text', 'text', None)
    """
    if not isinstance(name, str):
        raise TypeError(f"format_of() takes a file name (str), not {type(name).__name__}")
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if "." not in base.lstrip("."):
        return "text"
    stem, _, last = base.rpartition(".")
    double = "." + stem.rpartition(".")[2] + "." + last if "." in stem else None
    if double is not None and double in FORMATS:
        return FORMATS[double]
    return FORMATS.get("." + last)


def suffix_of(name: str) -> str:
    """The (last) suffix of ``name``, lowercased, for messages."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return "." + base.rpartition(".")[2] if "." in base.lstrip(".") else ""


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document's bytes, read but not decoded.

    ``id`` is stable and readable: the path relative to the input root, with
    ``archive.zip!inner/path.txt`` for archive members and ``file.jsonl!ID`` for JSON Lines
    records. ``source`` is the file the bytes came from (as the input was given).
    ``format`` says how to decode: ``text``, ``html``, ``docx``, ``pdf``, or ``utf-8``
    (text taken from a JSON Lines record, stored as UTF-8). ``date`` is the document's
    date when the input gives it (ISO 8601; ``date_source``: ``field`` for a JSON Lines
    field, ``file name``, ``option``): it travels with the bytes into the worker.
    """

    id: str
    source: str
    format: str
    data: bytes
    sha256: str
    date: str | None = None
    date_source: str | None = None

    @property
    def size(self) -> int:
        """Size of the raw bytes."""
        return len(self.data)


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded document, or a failed one (``text is None`` and ``error`` says why).

    ``text`` is the document's ORIGINAL text: decoded with its line ends as they are,
    so fact offsets index it. ``encoding`` is the detected encoding (``utf-8``,
    ``utf-8-sig``, ``utf-16``, ``gb18030``, ``big5`` …) or the container format
    (``docx``, ``pdf``). ``sha256`` is of the raw bytes (empty when they were never read).
    """

    id: str
    source: str
    sha256: str = ""
    format: str = "text"
    encoding: str | None = None
    text: str | None = None
    error: str | None = None
    size: int = 0

    @property
    def ok(self) -> bool:
        """True when the document was read and decoded."""
        return self.error is None and self.text is not None


def failed(
    doc_id: str, source: str, reason: str, *, sha256: str = "", fmt: str = "text", size: int = 0
) -> Document:
    """A failed :class:`Document`."""
    return Document(doc_id, source, sha256, fmt, None, None, reason, size)


@dataclass
class ReadStats:
    """How far a source has read, for progress display (owned by the caller).

    ``bytes_total`` is the size of the input files when known; ``bytes_done`` counts
    the input files finished; ``current`` is the file being read (its position counts
    too: compressed bytes for archives).
    """

    bytes_total: int | None = None
    bytes_done: int = 0
    current: IO[bytes] | None = field(default=None, repr=False)

    def position(self) -> int:
        """Bytes of input consumed so far."""
        pos = self.bytes_done
        if self.current is not None:
            with contextlib.suppress(OSError, ValueError):
                pos += self.current.tell()
        return pos
