"""The text layer of ``.pdf`` files (needs the ``pdf`` extra: pypdf), page after page.

Scanned PDFs without a text layer give no text and are recorded as empty.
"""

from __future__ import annotations

import io
import re

from ..errors import InputError, MissingExtraError

__all__ = ["pdf_to_text"]

# pypdf puts Python object ids in some messages (IndirectObject(2, 0, 140472791393616)):
# dropped, so the same file always fails with the same reason
_OBJECT_ID = re.compile(r", \d{9,}\)|\b0x[0-9a-fA-F]{8,}\b")


def pdf_to_text(data: bytes) -> str:
    """The text layer of a PDF, pages separated by a line break."""
    try:
        import pypdf
    except ImportError:
        raise MissingExtraError("reading .pdf files", "pdf", "pypdf") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("encrypted PDF: not read")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except InputError:
        raise
    except Exception as e:  # pypdf raises many types on damaged files
        why = _OBJECT_ID.sub(lambda m: ")" if m.group().endswith(")") else "", str(e))
        raise InputError(f"not a readable PDF ({type(e).__name__}: {why})") from None
