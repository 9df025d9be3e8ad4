"""Turning a :class:`RawDocument` into a :class:`Document`: decode, or say why not.

:func:`decode_raw` never raises for bad input: every problem (undecodable, empty,
binary, missing extra, damaged file) becomes a failed document with the reason. It is
pure, so batch workers run it in parallel.
"""

from __future__ import annotations

from ..errors import InputError, MissingExtraError, OptionError
from .document import Document, RawDocument
from .docx import docx_to_text
from .encoding import decode_text
from .html import html_charset, html_to_text
from .options import Limits
from .pdf import pdf_to_text

__all__ = ["decode_raw"]


def decode_raw(raw: RawDocument, limits: Limits | None = None) -> Document:
    """The decoded document, or a failed one naming the reason (:class:`TypeError` for
    anything but a :class:`RawDocument`; a :class:`Document` is returned as it is)."""
    if isinstance(raw, Document):
        return raw
    if not isinstance(raw, RawDocument):
        raise TypeError(f"decode_raw() takes a RawDocument, not {type(raw).__name__}")
    if limits is not None and not isinstance(limits, Limits):
        raise OptionError(f"limits must be Limits, not {type(limits).__name__}")
    lim = limits if limits is not None else Limits()
    try:
        text, encoding = _decode(raw, lim)
    except (InputError, MissingExtraError) as e:
        return Document(raw.id, raw.source, raw.sha256, raw.format, None, None, str(e), raw.size)
    except (MemoryError, RecursionError) as e:
        why = f"too large or too deeply nested to decode ({type(e).__name__})"
        return Document(raw.id, raw.source, raw.sha256, raw.format, None, None, why, raw.size)
    if not text.strip():
        why = "empty document (no text layer?)" if raw.format == "pdf" else "empty document"
        return Document(raw.id, raw.source, raw.sha256, raw.format, encoding, None, why, raw.size)
    return Document(raw.id, raw.source, raw.sha256, raw.format, encoding, text, None, raw.size)


def _decode(raw: RawDocument, limits: Limits) -> tuple[str, str]:
    fmt = raw.format
    if not raw.data:
        raise InputError("empty document (0 bytes)")
    if fmt == "text":
        return decode_text(raw.data)
    if fmt == "utf-8":
        try:
            return raw.data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:  # a RawDocument built by hand: still no exception
            raise InputError(f"invalid UTF-8 at byte {e.start} ({e.reason})") from None
    if fmt == "html":
        page, encoding = html_charset(raw.data)
        return _bounded(html_to_text(page), limits), encoding
    if fmt == "docx":
        return _bounded(docx_to_text(raw.data, limits), limits), "docx"
    if fmt == "pdf":
        return _bounded(pdf_to_text(raw.data), limits), "pdf"
    raise InputError(f"unsupported format {fmt!r}")


def _bounded(text: str, limits: Limits) -> str:
    if len(text) > limits.max_doc_bytes or len(text.encode("utf-8", "surrogatepass")) > limits.max_doc_bytes:
        raise InputError(f"its text is larger than {limits.max_doc_bytes} bytes (limit --max-doc-size)")
    return text
