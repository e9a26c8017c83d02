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


# -- the widget ---------------------------------------------------------------------------------

from PySide6.QtCore import QDate, QDateTime, Qt, QTime  # noqa: E402
from PySide6.QtWidgets import QTableView  # noqa: E402

from projter_desktop.ui.date_entry import DateTimeEntry  # noqa: E402

NO_DATE = QDateTime(QDate(2000, 1, 1), QTime(0, 0))


@pytest.fixture
def entry(qtbot):  # type: ignore[no-untyped-def]
    widget = DateTimeEntry()
    qtbot.addWidget(widget)
    widget.setMinimumDateTime(NO_DATE)
    widget.setDateTime(QDateTime(QDate(2026, 12, 15), QTime(20, 27, 45)))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def retype(qtbot, entry: DateTimeEntry, text: str) -> None:  # type: ignore[no-untyped-def]
    entry.setFocus()
    qtbot.keyClick(entry.line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(entry.line_edit, text)
    else:
        qtbot.keyClick(entry.line_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(entry.line_edit, Qt.Key.Key_Return)


def test_signal_only_for_a_valid_different_committed_value(qtbot, entry) -> None:  # type: ignore[no-untyped-def]
    changed: list[QDateTime] = []
    entry.dateTimeChanged.connect(changed.append)
    assert entry.text() == "15/12/2026 20:27"  # seconds dropped
    entry.setDateTime(QDateTime(QDate(2027, 3, 1), QTime(9, 0)))  # programmatic: no signal
    assert changed == [] and entry.text() == "01/03/2027 09:00"
    entry.setFocus()
    qtbot.keyClicks(entry.line_edit, "x")  # typing alone commits nothing
    assert changed == [] and entry.is_edited()
    retype(qtbot, entry, "1/3/2027 9h")  # the same value, written otherwise
    assert changed == [] and entry.text() == "01/03/2027 09:00" and not entry.is_edited()
    retype(qtbot, entry, "31/02/2027")
    assert changed == [] and entry.is_invalid()
    assert entry.dateTime() == QDateTime(QDate(2027, 3, 1), QTime(9, 0))
    retype(qtbot, entry, "2027-01-15 18:30")
    assert changed == [QDateTime(QDate(2027, 1, 15), QTime(18, 30))]
    assert entry.text() == "15/01/2027 18:30" and not entry.is_invalid()


def test_empty_means_no_date_when_allowed(qtbot, entry) -> None:  # type: ignore[no-untyped-def]
    changed: list[QDateTime] = []
    entry.dateTimeChanged.connect(changed.append)
    retype(qtbot, entry, "")
    assert changed == [NO_DATE] and entry.dateTime() == NO_DATE and entry.text() == ""
    retype(qtbot, entry, "18h30")  # a time needs a date
    assert entry.is_invalid() and entry.error_text() == "A time alone needs a date: type e.g. 15/01/2027 18:30."
    retype(qtbot, entry, "1/1/1999")  # before the "no date" value
    assert entry.is_invalid() and entry.dateTime() == NO_DATE
    required = DateTimeEntry()  # without a minimum, a date is needed
    qtbot.addWidget(required)
    required.setDateTime(QDateTime(QDate(2027, 1, 15), QTime(18, 30)))
    required.line_edit.clear()
    assert not required.commit() and required.error_text() == "A date is needed, e.g. 15/01/2027 18:30."
    assert required.dateTime() == QDateTime(QDate(2027, 1, 15), QTime(18, 30))


def test_escape_gives_back_the_value_and_the_message_is_french(qtbot, entry) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.ui.i18n import install_translations
    from projter_desktop.ui.qt import QApplication

    try:
        install_translations(QApplication.instance(), "fr")
        french = DateTimeEntry()
        qtbot.addWidget(french)
        french.setDateTime(QDateTime(QDate(2027, 1, 15), QTime(18, 30)))
        french.show()
        french.line_edit.setText("31/02/2027")
        assert not french.commit()
        assert french.error_text() == "Ce jour n'existe pas. Tapez par exemple 15/01/2027 18:30."
        assert french.calendar_button.accessibleName() == "Ouvrir le calendrier"
    finally:
        install_translations(QApplication.instance(), "en")
    retype(qtbot, entry, "25h")
    assert entry.message_label.isVisible() and entry.text() == "25h"
    qtbot.keyClick(entry.line_edit, Qt.Key.Key_Escape)
    assert not entry.is_invalid() and not entry.message_label.isVisible() and entry.text() == "15/12/2026 20:27"


def test_calendar_pick_keeps_the_time(qtbot, entry) -> None:  # type: ignore[no-untyped-def]
    changed: list[QDateTime] = []
    entry.dateTimeChanged.connect(changed.append)
    entry.setFocus()
    qtbot.keyClick(entry.line_edit, Qt.Key.Key_F4)
    popup = entry.calendar_popup()
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2026, 12, 15)
    popup.calendar.setSelectedDate(QDate(2026, 12, 24))
    qtbot.keyClick(popup.calendar.findChild(QTableView), Qt.Key.Key_Return)  # Enter picks
    assert not popup.isVisible()
    assert changed == [QDateTime(QDate(2026, 12, 24), QTime(20, 27))]
