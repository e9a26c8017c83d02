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


# -- the widget -------------------------------------------------------------------------------
# Qt is imported below the pure parser on purpose: ``parse_date_time`` stays importable and
# testable on its own, the widget lives next to the only code that decides what a text means.

from projter_desktop.ui.icons import ICON_NAMES, icon  # noqa: E402
from projter_desktop.ui.qt import (  # noqa: E402
    QEvent,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    Qt,
    QtCore,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

# How a committed value is shown (day first, four-digit year, 24-hour clock), whatever the
# locale: it is also what the parser reads back.
DISPLAY_FORMAT = "dd/MM/yyyy HH:mm"
_INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; border-radius: 3px; background: #fdecea; }"


def _to_python(value: QtCore.QDateTime) -> datetime:
    day, moment = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), moment.hour(), moment.minute())


def _to_qt(value: datetime) -> QtCore.QDateTime:
    return QtCore.QDateTime(QtCore.QDate(value.year, value.month, value.day), QtCore.QTime(value.hour, value.minute))


class _Line(QLineEdit):
    """The text part: Escape gives back the committed value, Alt+Down / F4 opens the calendar."""

    escaped = Signal()
    calendarRequested = Signal()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.calendarRequested.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.isModified():
            self.escaped.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class CalendarPopup(QtWidgets.QFrame):
    """A month calendar in a popup window: Enter or a click picks the day, Escape closes."""

    picked = Signal(QtCore.QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("dateTimeEntryPopup")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.calendar = QtWidgets.QCalendarWidget(self)
        self.calendar.setObjectName("dateTimeEntryCalendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QtWidgets.QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName(self.tr("Calendar: arrows choose a day, Enter picks it, Escape closes"))
        self.calendar.activated.connect(self._pick)  # Enter, double click
        self.calendar.clicked.connect(self._pick)  # one click
        self.calendar.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def open_at(self, anchor: QWidget, day: QtCore.QDate) -> None:
        self.calendar.setSelectedDate(day)
        self.adjustSize()
        below = anchor.mapToGlobal(QtCore.QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry() if anchor.screen() is not None else None
        size = self.sizeHint()
        x, y = below.x(), below.y()
        if screen is not None:
            if y + size.height() > screen.bottom():  # no room below: above
                y = anchor.mapToGlobal(QtCore.QPoint(0, 0)).y() - size.height()
            x = max(screen.left(), min(x, screen.right() - size.width()))
        self.move(x, y)
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _pick(self, day: QtCore.QDate) -> None:
        self.close()
        self.picked.emit(day)

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.close()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateTimeEntry(QWidget):
    """A date and time typed as people write it ("15/01/2027 18:30", "15/1/27 18h30",
    "15/01/2027" keeps the time, "18h30" keeps the date, ISO), with a calendar button.

    The text is read when it is committed (Enter, leaving the field, or :meth:`commit`):
    a valid entry is shown normalised ("15/01/2027 18:30"); an invalid one stays as typed,
    framed in red with a message under it (also the field's tool tip and accessible
    description) and the value does not change. ``dateTimeChanged`` is emitted only when a
    committed value differs from the previous one — never by :meth:`setDateTime`.

    Values are local ``QDateTime``\\s, as ``QDateTimeEdit``: with a minimum set
    (:meth:`setMinimumDateTime`), the minimum means "no date" (an empty field, which the
    user may also type) and :meth:`dateTime` returns it.
    """

    dateTimeChanged = Signal(QtCore.QDateTime)  # noqa: N815 (Qt naming)
    # the user typed in the field (not yet committed)
    textEdited = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: QtCore.QDateTime | None = None  # None: no date
        self._minimum: QtCore.QDateTime | None = None
        self._error = ""
        self._popup: CalendarPopup | None = None

        self.line_edit = _Line(self)
        self.line_edit.setObjectName("dateTimeEntryText")
        self.line_edit.setPlaceholderText(self.tr("dd/mm/yyyy hh:mm"))
        self.line_edit.editingFinished.connect(self.commit)
        self.line_edit.textEdited.connect(self.textEdited)
        self.line_edit.escaped.connect(self.revert)
        self.line_edit.calendarRequested.connect(self.open_calendar)

        self.calendar_button = QtWidgets.QToolButton(self)
        self.calendar_button.setObjectName("dateTimeEntryCalendarButton")
        if "calendar" in ICON_NAMES:
            self.calendar_button.setIcon(icon("calendar"))
        else:  # the arrow of a combo box, as QDateTimeEdit's calendar popup
            self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down / F4 from the field
        self.calendar_button.setToolTip(self.tr("Pick a day in the calendar (Alt+Down)"))
        self.calendar_button.setAccessibleName(self.tr("Open the calendar"))
        self.calendar_button.clicked.connect(self.open_calendar)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("dateTimeEntryMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("QLabel { color: #b71c1c; }")
        self.message_label.setAccessibleName(self.tr("Error"))
        self.message_label.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line_edit, 1)
        row.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        self.setFocusProxy(self.line_edit)
        self.setFocusPolicy(self.line_edit.focusPolicy())
        self._help = self.tr("Local time. Type e.g. 15/01/2027 18:30, 15/1/27 18h30, a date alone (the time is "
                             "kept) or a time alone (the date is kept); or pick a day in the calendar (Alt+Down).")
        self._show()

    # -- the API of QDateTimeEdit that the forms use ---------------------------------------
    def dateTime(self) -> QtCore.QDateTime:  # noqa: N802
        """The committed value (the minimum when there is no date)."""
        if self._value is None:
            return QtCore.QDateTime(self._minimum) if self._minimum is not None else QtCore.QDateTime()
        return QtCore.QDateTime(self._value)

    def setDateTime(self, value: QtCore.QDateTime) -> None:  # noqa: N802
        """Show ``value`` (programmatic: no signal; a pending invalid entry is dropped)."""
        self._value = self._normal(value)
        self._set_error("")
        self._show()

    def setMinimumDateTime(self, value: QtCore.QDateTime) -> None:  # noqa: N802
        """Values at or before ``value`` mean "no date"; an empty field is then allowed."""
        self._minimum = QtCore.QDateTime(value)
        self._value = self._normal(self._value) if self._value is not None else None
        self._show()

    def setSpecialValueText(self, text: str) -> None:  # noqa: N802
        """What an empty field says (the placeholder)."""
        self.line_edit.setPlaceholderText(text)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.line_edit.setAccessibleName(name)

    def setToolTip(self, text: str) -> None:  # noqa: N802
        self._help = text
        self._update_tooltip()

    def text(self) -> str:
        return self.line_edit.text()

    def error_text(self) -> str:
        """The message shown under the field, "" when the entry is valid."""
        return self._error

    def is_invalid(self) -> bool:
        return bool(self._error)

    def is_edited(self) -> bool:
        """The text differs from the committed value (typing not yet committed)."""
        return self.line_edit.text() != self._display()

    # -- committing --------------------------------------------------------------------------
    def commit(self) -> bool:
        """Read the text: True when it is a date (shown normalised, ``dateTimeChanged`` if
        it differs), False when invalid (shown so, the value unchanged)."""
        text = self.line_edit.text()
        current = _to_python(self._value) if self._value is not None else None
        try:
            parsed = parse_date_time(text, current, date.today())
        except DateEntryError as error:
            self._set_error(self._message(str(error)))
            return False
        if parsed is None:
            if self._minimum is None:
                self._set_error(self.tr("A date is needed, e.g. 15/01/2027 18:30."))
                return False
            new = None
        else:
            new = _to_qt(parsed)
            if not new.isValid() or _to_python(new) != parsed:  # e.g. a time skipped by the change to summer time
                self._set_error(self.tr("This time does not exist on that day (change of time). Type another time."))
                return False
            if self._minimum is not None and new <= self._minimum:
                self._set_error(self.tr("This date is too early. Type e.g. 15/01/2027 18:30."))
                return False
        self._set_error("")
        self._set_value(new)
        return True

    def revert(self) -> None:
        """Give back the committed value (Escape while typing)."""
        self._set_error("")
        self._show()

    def open_calendar(self) -> None:
        """The calendar popup on the committed day (or the typed one when it is valid)."""
        if self.is_edited():
            self.commit()
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.picked.connect(self._pick_day)
        if self._minimum is not None:
            self._popup.calendar.setMinimumDate(self._minimum.date().addDays(1))
        day = self._value.date() if self._value is not None else QtCore.QDate.currentDate()
        self._popup.open_at(self.line_edit, day)

    def calendar_popup(self) -> CalendarPopup | None:
        return self._popup

    def _pick_day(self, day: QtCore.QDate) -> None:
        moment = self._value.time() if self._value is not None else QtCore.QTime(0, 0)
        self._set_error("")
        self._set_value(QtCore.QDateTime(day, moment))
        self.line_edit.setFocus(Qt.FocusReason.PopupFocusReason)

    # -- inside ------------------------------------------------------------------------------
    def _normal(self, value: QtCore.QDateTime | None) -> QtCore.QDateTime | None:
        if value is None or not value.isValid() or (self._minimum is not None and value <= self._minimum):
            return None
        day, moment = value.date(), value.time()
        return QtCore.QDateTime(day, QtCore.QTime(moment.hour(), moment.minute()))

    def _set_value(self, value: QtCore.QDateTime | None) -> None:
        old = self._value
        self._value = value
        self._show()
        if value != old:
            self.dateTimeChanged.emit(self.dateTime())

    def _display(self) -> str:
        return self._value.toString(DISPLAY_FORMAT) if self._value is not None else ""

    def _show(self) -> None:
        self.line_edit.setText(self._display())
        self.line_edit.setModified(False)

    def _message(self, reason: str) -> str:
        return {
            "no such day": self.tr("This day does not exist. Type e.g. 15/01/2027 18:30."),
            "no such time": self.tr("This time does not exist. Type e.g. 18:30 or 18h30."),
            "no date": self.tr("A time alone needs a date: type e.g. 15/01/2027 18:30."),
        }.get(reason, self.tr("Not a date. Type e.g. 15/01/2027 18:30, 15/1/27 18h30 or 18h30."))

    def _set_error(self, message: str) -> None:
        self._error = message
        self.line_edit.setProperty("invalid", bool(message))
        self.line_edit.setStyleSheet(_INVALID_STYLE if message else "")
        self.line_edit.setAccessibleDescription(message)
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        tip = f"{self._error}\n{self._help}" if self._error else self._help
        self.line_edit.setToolTip(tip)
        super().setToolTip(tip)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if event.type() == QEvent.Type.EnabledChange and not self.isEnabled() and self.is_edited():
            self.revert()  # a field that becomes read-only shows the stored value
        super().changeEvent(event)
