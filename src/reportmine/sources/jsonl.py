"""JSON Lines: one document per line, ``{"id": …, "text": …}`` (field names configurable).

Lines are read one at a time with a length bound; each record becomes a document with
the id ``file.jsonl!ID`` (the record's id field), or ``file.jsonl:LINE`` when it has none.
Records are parsed with :func:`json.loads` and nothing else: no evaluation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO

from .dated import date_of_value
from .document import Document, RawDocument, failed, sha256_of
from .options import SourceOptions

__all__ = ["iter_jsonl"]

_SKIP_BLOCK = 1024 * 1024


def iter_jsonl(
    stream: IO[bytes],
    prefix: str,
    source: str,
    options: SourceOptions,
    on_bytes: Callable[[int], None] | None = None,
    *,
    first_line: int = 1,
) -> Iterator[RawDocument | Document]:
    """The records of the JSON Lines ``stream``; ``prefix`` is the file's own id;
    ``first_line``: the number of the stream's first line (a split starting mid-file)."""
    limit = 2 * options.limits.max_doc_bytes + 64 * 1024
    lineno = first_line - 1
    got = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        got += len(line)
        if on_bytes is not None:
            on_bytes(len(line))
        if len(line) > limit and not line.endswith(b"\n"):
            got += _skip_line(stream, on_bytes)
            yield failed(
                f"{prefix}:{lineno}",
                source,
                f"line {lineno} is longer than {limit} bytes (limit --max-doc-size)",
            )
            continue
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        yield _record(line, lineno, prefix, source, options)


def _skip_line(stream: IO[bytes], on_bytes: Callable[[int], None] | None) -> int:
    skipped = 0
    while True:
        part = stream.readline(_SKIP_BLOCK)
        skipped += len(part)
        if on_bytes is not None:
            on_bytes(len(part))
        if not part or part.endswith(b"\n"):
            return skipped


def _record(
    line: bytes, lineno: int, prefix: str, source: str, options: SourceOptions
) -> RawDocument | Document:
    where = f"{prefix}:{lineno}"
    try:
        rec = json.loads(line)
    except (ValueError, RecursionError) as e:
        return failed(where, source, f"line {lineno}: invalid JSON ({str(e)[:200]})")
    if not isinstance(rec, dict):
        return failed(where, source, f"line {lineno}: not a JSON object")
    rid = rec.get(options.id_field)
    if isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid):
        where = f"{prefix}!{rid}"
    text = rec.get(options.text_field)
    if not isinstance(text, str):
        what = "no" if text is None else "a non-string"
        return failed(where, source, f"line {lineno}: {what} {options.text_field!r} field (see --text-field)")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return failed(where, source, f"line {lineno}: text has unpaired surrogate escapes")
    if len(data) > options.limits.max_doc_bytes:
        return failed(
            where,
            source,
            f"line {lineno}: text is larger than {options.limits.max_doc_bytes} bytes (limit --max-doc-size)",
            size=len(data),
        )
    date = date_of_value(rec.get(options.date_field)) if options.date_field else None
    return RawDocument(where, source, "utf-8", data, sha256_of(data), date, "field" if date else None)
