"""What people type for a date and time ("15/01/2027 18:30", "15/1/27 18h30", "15/01/2027",
"18h30"), read into a local datetime. Pure Python: the widget shows the result or says the
entry is invalid, and never changes it into another date."""

from __future__ import annotations

import re
from datetime import date, datetime, time

_TIME = re.compile(r"^(\d{1,2})\s*(?:[h:H.]\s*(\d{2})?)?$")
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class DateEntryError(ValueError):
    """The text is not a date and time (the message says why, in English for tr())."""


def parse_date_time(text: str, current: datetime | None, today: date) -> datetime | None:
    """``text`` as a naive local datetime; ``None`` for an empty text (no date).

    A date alone keeps the time of ``current`` (00:00 without one); a time alone keeps the
    date of ``current`` (an error without one); a date without a year takes the year of
    ``current`` or of ``today``; two-digit years are 20xx. Raises :class:`DateEntryError`.
    """
    words = " ".join(text.replace(" à ", " ").split())
    if not words:
        return None
    parts = words.split(" ")
    if len(parts) > 2:
        raise DateEntryError("not a date")
    day: date | None = None
    moment: time | None = None
    for part in parts:
        if day is None and (_DATE.match(part) or _ISO.match(part)):
            day = _date(part, current, today)
        elif moment is None and _TIME.match(part) and (len(parts) == 2 or not part.isdigit() or len(part) <= 2):
            moment = _time(part)
        else:
            raise DateEntryError("not a date")
    if day is None:
        if current is None:
            raise DateEntryError("no date")
        day = current.date()
    if moment is None:
        moment = current.time().replace(second=0, microsecond=0) if current is not None else time(0, 0)
    return datetime.combine(day, moment)


def _date(part: str, current: datetime | None, today: date) -> date:
    iso = _ISO.match(part)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        match = _DATE.match(part)
        assert match is not None
        day, month = int(match.group(1)), int(match.group(2))
        written = match.group(3)
        if written is None:
            year = (current.date() if current is not None else today).year
        else:
            year = int(written) + (2000 if len(written) == 2 else 0)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateEntryError("no such day") from None


def _time(part: str) -> time:
    match = _TIME.match(part)
    assert match is not None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise DateEntryError("no such time")
    return time(hour, minute)
