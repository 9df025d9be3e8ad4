"""Decoding plain text: UTF-8 (with or without BOM), UTF-16/32 (BOM), GB18030/GBK, Big5.

:func:`decode_text` returns the text exactly as the bytes say, line ends untouched, and
the encoding it used; it raises :class:`~reportmine.errors.InputError` with the reason
for binary data, damaged UTF-8 and bytes no supported encoding reads. Legacy Chinese
encodings are told apart by charset-normalizer.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

__all__ = ["LEGACY_ENCODINGS", "decode_text"]

#: encodings tried, in this order of preference, when the bytes are not UTF-8
LEGACY_ENCODINGS: tuple[str, ...] = ("gb18030", "big5", "cp950")

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# control characters that do not occur in text (everything below 0x20 except \t \n \v \f \r \x1a \x1b)
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1a\x1b")
_SNIFF = 64 * 1024
_MIN_DETECT = 16
_PRIVATE = re.compile("[\ue000-\uf8ff]")


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of ``data``; raises :class:`InputError` when it is not text.

    A byte-order mark decides; otherwise UTF-8 is tried strictly, then GB18030 and Big5.
    The BOM itself is not part of the text (encoding ``utf-8-sig``/``utf-16``/``utf-32``).
    Anything but bytes raises :class:`TypeError`.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_text() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as e:
                raise InputError(f"invalid {name.upper()} at byte {e.start + len(bom)}") from None
    head = data[:_SNIFF]
    if b"\x00" in head:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise InputError("binary content (NUL bytes), not text")
    if head and sum(head.count(c) for c in _CONTROL) > len(head) // 100:
        raise InputError("binary content (control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if _mostly_utf8(data):
            raise InputError(
                f"invalid UTF-8 at byte {e.start} ({e.reason}); the file is otherwise UTF-8"
            ) from None
    return _legacy(data)


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with some damage (not a legacy encoding)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good >= 4 * bad


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: NULs only in every other byte (ASCII-heavy text)."""
    if len(data) % 2:
        return None
    head = data[: _SNIFF - _SNIFF % 2]
    odd = head[1::2].count(0)
    even = head[0::2].count(0)
    for codec, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if others == 0 and zeros >= len(head) // 8:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if not any(c in text for c in "\x00\x01\x02\x03\x04\x05\x06\x07\x08"):
                return text, codec
    return None


def _legacy(data: bytes) -> tuple[str, str]:
    """GB18030 or Big5, whichever reads the bytes (charset-normalizer breaks ties)."""
    readable: list[tuple[str, str]] = []
    for enc in LEGACY_ENCODINGS:
        try:
            readable.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not readable:
        raise InputError("undecodable: not UTF-8, UTF-16, GB18030 or Big5 text")
    # a reading that lands in the private use area is a wrong guess
    plausible = [r for r in readable if not _PRIVATE.search(r[0])]
    readable = plausible or readable
    names = [enc for _, enc in readable]
    # too few bytes to tell the two apart: keep the order of preference (GB18030 first)
    if len(readable) > 1 and len(data) >= _MIN_DETECT and not (set(names) <= {"big5", "cp950"}):
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 256 * 1024], cp_isolation=names, preemptive_behaviour=False).best()
        if best is not None and best.encoding in names:
            readable.sort(key=lambda r: r[1] != best.encoding)
    text, enc = readable[0]
    return text, "big5" if enc == "cp950" else enc
