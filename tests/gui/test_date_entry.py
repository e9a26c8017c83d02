"""The date and time typed in the preparation form (ui.date_entry.parse_date_time)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from projter_desktop.ui.date_entry import DateEntryError, parse_date_time

TODAY = date(2026, 12, 4)
CURRENT = datetime(2026, 12, 15, 20, 27)


@pytest.mark.parametrize(("text", "expected"), [
    ("15/01/2027 18:30", datetime(2027, 1, 15, 18, 30)),
    ("15/1/27 18h30", datetime(2027, 1, 15, 18, 30)),
    ("15/01/2027 à 18h", datetime(2027, 1, 15, 18, 0)),
    ("15/01/2027", datetime(2027, 1, 15, 20, 27)),  # the time is kept
    ("18h30", datetime(2026, 12, 15, 18, 30)),  # the date is kept
    ("18:30", datetime(2026, 12, 15, 18, 30)),
    ("3/2", datetime(2026, 2, 3, 20, 27)),
    ("2027-01-15 9h05", datetime(2027, 1, 15, 9, 5)),
    ("  ", None),
])
def test_what_people_type(text, expected):  # type: ignore[no-untyped-def]
    assert parse_date_time(text, CURRENT, TODAY) == expected


@pytest.mark.parametrize("text", ["31/02/2027", "15/13/2027", "25h", "18h75", "demain", "15/01/2027 18:30 extra",
                                  "1501202718"])
def test_invalid_entries_are_refused_not_changed(text):  # type: ignore[no-untyped-def]
    with pytest.raises(DateEntryError):
        parse_date_time(text, CURRENT, TODAY)


def test_time_alone_needs_a_date_and_date_alone_gets_midnight():
    with pytest.raises(DateEntryError):
        parse_date_time("18h30", None, TODAY)
    assert parse_date_time("15/01/2027", None, TODAY) == datetime(2027, 1, 15, 0, 0)
