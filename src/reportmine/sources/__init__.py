"""Sources: files, folders, archives and JSON Lines → a stream of documents.

>>> from reportmine.sources import iter_documents
>>> for doc in iter_documents(["reports/", "more.zip"]):  # doctest: +SKIP
...     print(doc.id, doc.encoding, doc.error or len(doc.text))

Readers, one module each: :mod:`.files` (files, folders, stdin; the walk),
:mod:`.zips`, :mod:`.tars`, :mod:`.sevenzip` (archives, with :mod:`.guard` limits),
:mod:`.jsonl`, :mod:`.html`, :mod:`.docx`, :mod:`.pdf`, and :mod:`.encoding` (plain
text). Documents are streamed: nothing is unpacked to disk and archives are read member
by member. A document that cannot be read is yielded as a failed :class:`Document`
naming the reason; the stream goes on. :mod:`.splits` cuts the same stream into
picklable :class:`Split` s (:func:`plan_splits`) that workers read on their own
(:func:`iter_split`), for engines such as Dask.
"""

from __future__ import annotations

from .decode import decode_raw
from .document import FORMATS, Document, RawDocument, ReadStats, format_of
from .encoding import decode_text
from .files import count_documents, input_size, iter_documents, iter_raw
from .options import Limits, SourceOptions, parse_size
from .splits import Split, iter_split, plan_splits

__all__ = [
    "FORMATS",
    "Document",
    "Limits",
    "RawDocument",
    "ReadStats",
    "SourceOptions",
    "Split",
    "count_documents",
    "decode_raw",
    "decode_text",
    "format_of",
    "input_size",
    "iter_documents",
    "iter_raw",
    "iter_split",
    "parse_size",
    "plan_splits",
]
