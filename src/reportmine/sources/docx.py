"""Word ``.docx`` files (needs the ``docx`` extra: python-docx): paragraphs and tables in order.

A .docx is a zip: its declared sizes are checked against the limits before python-docx
opens it. Table rows become lines with cells separated by tabs.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import ArchiveLimitError, InputError, MissingExtraError
from .options import Limits

__all__ = ["docx_to_text"]


def docx_to_text(data: bytes, limits: Limits) -> str:
    """The text of a .docx file; raises :class:`InputError` or :class:`MissingExtraError`."""
    try:
        import docx
        from docx.table import Table
    except ImportError:
        raise MissingExtraError("reading .docx files", "docx", "python-docx") from None
    _check_zip(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx and lxml raise many types on damaged files
        raise InputError(f"not a readable .docx file ({type(e).__name__}: {e})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend("\t".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
                    info.compress_size, 1
                ):
                    raise ArchiveLimitError(
                        f"member {info.filename!r} has a compression ratio over the limit "
                        f"{limits.max_ratio:g}:1 "
                        "(limit --max-ratio; a zip bomb?)"
                    )
            if total > limits.max_archive_bytes:
                raise ArchiveLimitError(
                    f"decompresses to more than {limits.max_archive_bytes} bytes (limit --max-archive-size)"
                )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"not a readable .docx file ({type(e).__name__}: {e})") from None
