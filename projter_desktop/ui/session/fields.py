"""The entry fields of the Session page: one value among a few picked with one key
(``ChoiceField``), a whole number typed with digits (``CountField``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from projter_desktop.domain.plan import fold
from projter_desktop.ui.qt import (
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    Qt,
    QtGui,
    QtWidgets,
    QWidget,
    Signal,
)

QScrollArea = QtWidgets.QScrollArea
QToolButton = QtWidgets.QToolButton
QSizePolicy = QtWidgets.QSizePolicy
QIntValidator = QtGui.QIntValidator

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)




def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- fields


class CountField(QLineEdit):
    """A whole number typed with digits; moves on by itself when it cannot get longer.

    ``cap`` is the largest sensible value (None: unknown, no automatic move). ``advance``
    asks the owner to move to the next field, ``back`` to the previous one (Backspace in an
    empty field), ``moved(rows)`` to the same column ``rows`` rows away (↑/↓).
    """

    advance = Signal()
    back = Signal()
    moved = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, cap: int | None = None, enter_advances: bool = True) -> None:
        super().__init__(parent)
        self.cap = cap
        self.enter_advances = enter_advances
        self.auto_advance = True
        self.setValidator(QIntValidator(0, 999_999, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setFixedWidth(56)
        self.textEdited.connect(self._on_edited)

    def value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text else None

    def set_value(self, value: int | float | None) -> None:
        self.setText("" if value is None else _number(value))

    def _on_edited(self, text: str) -> None:
        if not (self.auto_advance and text):
            return
        if text.startswith("0") or (self.cap is not None and int(text) * 10 > self.cap):
            self.advance.emit()

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        self.selectAll()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = event.key()
        if key in _ENTER and self.enter_advances and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.advance.emit()
            return
        if key == Qt.Key.Key_Backspace and not self.text():
            self.back.emit()
            return
        if key == Qt.Key.Key_Up:
            self.moved.emit(-1)
            return
        if key == Qt.Key.Key_Down:
            self.moved.emit(1)
            return
        super().keyPressEvent(event)
        if key in _ENTER:
            event.ignore()  # let the owner record


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str
    keys: tuple[str, ...]  # characters that pick this choice


def _choices(values: Sequence[tuple[Any, str]], digits: Sequence[str] | None = None) -> list[Choice]:
    """Choices keyed by digits (1, 2, … unless given) and by unambiguous first letters."""
    digits = list(digits) if digits is not None else [str(i) for i in range(1, len(values) + 1)]
    firsts = [fold(label)[:1] for _, label in values]
    out = []
    for (value, label), digit, first in zip(values, digits, firsts):
        keys = [digit]
        if first.isalpha() and firsts.count(first) == 1:
            keys.append(first)
        out.append(Choice(value, label, tuple(keys)))
    return out


class ChoiceField(QFrame):
    """One value among a few, picked with one key (or a click); moves on after a key."""

    committed = Signal()  # a key picked a value: move to the next field
    changed = Signal()

    def __init__(self, choices: Sequence[Choice], parent: QWidget | None = None, *, label_width: int = 120) -> None:
        super().__init__(parent)
        self.setObjectName("choiceField")
        self.choices = list(choices)
        self._value_index: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 1, 3, 1)
        layout.setSpacing(2)
        self.buttons: list[QToolButton] = []
        for index, choice in enumerate(self.choices):
            button = QToolButton(self)
            button.setText(choice.keys[0])
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{choice.keys[0]} — {choice.label}")
            button.setAccessibleName(choice.label)
            button.setAutoRaise(False)
            button.setMinimumWidth(26)
            button.clicked.connect(lambda _checked=False, i=index: self._pick(i, by_key=False))
            layout.addWidget(button)
            self.buttons.append(button)
        self.value_label = QLabel(self)
        self.value_label.setText(self.tr("—"))
        # A fixed size: a new text then asks for no layout (clearing the marks after each
        # ballot would otherwise lay out every row, and the page, again).
        bold = self.value_label.font()
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max([metrics.horizontalAdvance(c.label) for c in self.choices] + [metrics.horizontalAdvance("—")])
        self.value_label.setFixedSize(max(label_width, widest + 8), self.value_label.sizeHint().height())
        layout.addWidget(self.value_label)
        self._restyle(False)

    def value(self) -> Any:
        return None if self._value_index is None else self.choices[self._value_index].value

    def value_text(self) -> str:
        return "" if self._value_index is None else self.choices[self._value_index].label

    def set_value(self, value: Any) -> None:
        index = next((i for i, c in enumerate(self.choices) if c.value == value), None)
        self._set_index(index)

    def clear(self) -> None:
        self._set_index(None)

    def _set_index(self, index: int | None) -> None:
        self._value_index = index
        for i, button in enumerate(self.buttons):
            button.setChecked(i == index)
        self.value_label.setText(self.value_text() or self.tr("—"))
        self.setAccessibleDescription(self.value_text() or self.tr("no mark"))
        self.changed.emit()

    def _pick(self, index: int, *, by_key: bool) -> None:
        self._set_index(index)
        if by_key:
            self.committed.emit()
        else:
            self.setFocus(Qt.FocusReason.MouseFocusReason)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        text = fold(event.text())
        key = event.key()
        if text and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            for index, choice in enumerate(self.choices):
                if text in choice.keys:
                    self._pick(index, by_key=True)
                    return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            return
        if key == Qt.Key.Key_Space:
            self.committed.emit()  # leave it as it is and move on
            return
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            step = 1 if key == Qt.Key.Key_Right else -1
            current = -1 if self._value_index is None else self._value_index
            self._set_index(max(0, min(len(self.choices) - 1, current + step)))
            return
        if key == Qt.Key.Key_Down:
            self.focusNextChild()
            return
        if key == Qt.Key.Key_Up:
            self.focusPreviousChild()
            return
        event.ignore()  # Enter and the rest go to the owner

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        self._restyle(True)

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusOutEvent(event)
        self._restyle(False)

    def _restyle(self, focused: bool) -> None:
        colour = "palette(highlight)" if focused else "transparent"
        self.setStyleSheet(f"QFrame#choiceField {{ border: 2px solid {colour}; border-radius: 4px; }}")
        font = self.value_label.font()
        font.setBold(focused)
        self.value_label.setFont(font)


def _scale_choices(low: int, high: int) -> list[Choice]:
    return [Choice(v, str(v), (str(v),)) for v in range(low, high + 1)]


def _single_key_scale(low: int, high: int) -> bool:
    return 0 <= low and high <= 9
