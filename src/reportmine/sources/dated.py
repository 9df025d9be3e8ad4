"""A document's date from where archives keep it: its file or member name, a JSON Lines field.

Rules (each gives an ISO 8601 date at the precision found, or ``None``):

- :func:`date_of_name`: the LAST date written in a document id (so a member's own name
  wins over its folders and archive): ``20191001-01-01.txt`` and
  ``2019年10月/20191001/…`` → ``2019-10-01``; ``2019/10/01/a.txt`` and ``2019-10-01.html`` →
  ``2019-10-01``. A ``pattern`` of the caller's (``--date-pattern``) replaces the built-in
  ones: a regular expression with named groups ``year`` and ``month`` and, optionally,
  ``day`` (``(?P<year>\\d{4})_(?P<month>\\d\\d)`` → ``2019-10``);
- :func:`date_of_value`: a JSON Lines field's value, an ISO date or date-time
  (``2019-10-01``, ``2019-10-01T08:00:00+08:00``, ``2019/10/1``) or ``20191001``.

Only real calendar dates count: ``20190230`` is none.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..errors import OptionError

__all__ = ["DEFAULT_PATTERNS", "check_pattern", "date_of_name", "date_of_value", "iso_date"]

_YEAR = r"(?P<year>(?:19|20)\d\d)"
#: the built-in patterns of dates in names: 20191001, 2019-10-01 / 2019_10_01 / 2019.10.01, 2019/10/01
DEFAULT_PATTERNS: tuple[str, ...] = (
    rf"(?<!\d){_YEAR}(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?!\d)",
    rf"(?<!\d){_YEAR}[-_./](?P<month>0?[1-9]|1[0-2])[-_./](?P<day>0?[1-9]|[12]\d|3[01])(?!\d)",
)
_DEFAULT = tuple(re.compile(p) for p in DEFAULT_PATTERNS)


def check_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled; :class:`OptionError` unless it is a regular expression with
    the named groups ``year`` and ``month``."""
    try:
        rx = re.compile(pattern)
    except re.error as e:
        raise OptionError(f"--date-pattern is not a regular expression: {e}") from None
    missing = {"year", "month"} - set(rx.groupindex)
    if missing:
        raise OptionError(f"--date-pattern needs the named groups (?P<year>…) and (?P<month>…): {pattern!r}")
    return rx


def iso_date(year: int, month: int, day: int | None = None) -> str | None:
    """``2019-10-01`` (``2019-10`` without a day), or ``None`` when no such date exists."""
    try:
        d = _dt.date(year, month, day or 1)
    except ValueError:
        return None
    return d.isoformat() if day else d.isoformat()[:7]


def date_of_name(name: str, pattern: str | re.Pattern[str] | None = None) -> str | None:
    """The last date written in ``name`` (a document id or path), ISO 8601.

    >>> date_of_name("peoples-daily-2019-10.tar.gz!2019年10月/20191001/20191001-01-01.txt")
    '2019-10-01'
    >>> date_of_name("news/2019/10/1/a.txt"), date_of_name("report-20190230.txt")
    ('2019-10-01', None)
    >>> date_of_name("x/2019_10-a.txt", r"(?P<year>\\d{4})_(?P<month>\\d\\d)")
    '2019-10'
    """
    patterns = (
        _DEFAULT if pattern is None else (check_pattern(pattern) if isinstance(pattern, str) else pattern,)
    )
    best: tuple[int, str] | None = None
    for rx in patterns:
        for m in rx.finditer(name):
            groups = m.groupdict()
            day = groups.get("day")
            iso = iso_date(int(groups["year"]), int(groups["month"]), int(day) if day else None)
            if iso is not None and (best is None or m.start() >= best[0]):
                best = (m.start(), iso)
    return best[1] if best is not None else None


def date_of_value(value: object) -> str | None:
    """A JSON Lines date field's value as an ISO date, or ``None``.

    >>> date_of_value("2019-10-01T08:00:00+08:00"), date_of_value("2019/10/1"), date_of_value(20191001)
    ('2019-10-01', '2019-10-01', '2019-10-01')
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    s = str(value).strip()
    m = re.match(r"((?:19|20)\d\d)[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)", s) or re.fullmatch(
        r"((?:19|20)\d\d)(\d\d)(\d\d)", s
    )
    if m is None:
        return None
    return iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
