"""Keyboard-first entry of ballots (named and secret rounds) and of counts (analog rounds).

Ballots — :class:`BallotEntry`
    Type a few letters of the voter's name (the list below shows the present attendees
    who have not voted yet, accents and case ignored; ↑/↓ choose), Enter. Then one key per
    action: a digit (or the first letter of the choice) picks the value and moves to the
    next action; Delete clears. Enter records the ballot and brings the cursor back to the
    voter field. In a secret round the ballot is not linked to the voter: only the register
    says that the voter has voted.

Counts — :class:`AnalogGrid`
    One row per action, one column per value (yes/no/abstain, the five grades, …). Typing
    a count moves to the next cell by itself as soon as the count cannot get longer (a
    count cannot exceed the number of voters; "0" is complete), otherwise Enter or Tab
    moves on; an empty cell counts 0; ↑/↓ move between rows, Backspace in an empty cell
    goes back. For yes/no rounds the *Yes* column is by default what remains (voters
    minus no and abstentions), as in a show of hands where one asks "who is against? who
    abstains?". With 6 voters, a yes/no round of 15 actions takes 2 keys per action plus
    Enter on the last cell to record: 31 keystrokes. Counts that exceed the voters are
    still recorded; the warnings of the check are shown above the grid.

Both widgets only *emit* what was typed (``submitted``); the run screen calls the
services through undo commands and tells them the outcome.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from projter_desktop.domain.plan import fold
from projter_desktop.domain.voting import Method, RoundConfig
from projter_desktop.domain.workshop import RoundMode, RoundRecord
from projter_desktop.ui.results_model import ActionInfo, grade_labels, kind_marker, yes_no_labels
from projter_desktop.ui.live_label import LiveLabel
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QCoreApplication,
    QFontMetrics,
    QEvent,
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPushButton,
    Qt,
    QtCore,
    QtGui,
    QtWidgets,
    QVBoxLayout,
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


# --------------------------------------------------------------------------- ballots


@dataclass(frozen=True)
class Candidate:
    """A present attendee who has not voted yet."""

    uuid: str
    name: str
    detail: str = ""  # commune, role
    voices: int = 1  # own voice + proxies held


class _MarkRow:
    def __init__(self, action_uuid: str, fields: list[QWidget], method: Method) -> None:
        self.action_uuid = action_uuid
        self.fields = fields
        self.method = method

    def mark(self) -> Any:
        if self.method is Method.IMPACT_FEASIBILITY:
            values = [_field_value(f) for f in self.fields]
            if all(v is None for v in values):
                return None
            if any(v is None for v in values):
                raise ValueError("incomplete")
            return (values[0], values[1])
        return _field_value(self.fields[0])

    def clear(self) -> None:
        for f in self.fields:
            if isinstance(f, ChoiceField):
                f.clear()
            elif isinstance(f, CountField):
                f.clear()


def _field_value(widget: QWidget) -> Any:
    if isinstance(widget, ChoiceField):
        return widget.value()
    if isinstance(widget, CountField):
        return widget.value()
    return None


class BallotEntry(QWidget):
    """Ballots of a named or secret round (see the module docstring)."""

    submitted = Signal(str, object)  # attendee uuid, marks {action uuid: mark}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ballotEntry")
        self.record: RoundRecord | None = None
        self.candidates: list[Candidate] = []
        self.voter: Candidate | None = None
        self.rows: list[_MarkRow] = []
        self.fields: list[QWidget] = []
        self._signature: tuple = ()
        self.read_only = False

        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("ballotModeNote")
        self.mode_label.setWordWrap(True)

        self.voter_edit = QLineEdit(self)
        self.voter_edit.setObjectName("voterEdit")
        self.voter_edit.setPlaceholderText(self.tr("Type a name, then Enter"))
        self.voter_edit.setAccessibleName(self.tr("Voter"))
        self.voter_edit.setClearButtonEnabled(True)
        self.voter_edit.textEdited.connect(self._on_voter_typed)
        self.voter_edit.installEventFilter(self)
        voter_caption = QLabel(self.tr("&Voter:"), self)
        voter_caption.setBuddy(self.voter_edit)

        self.candidates_label = LiveLabel(self)
        self.candidates_label.setObjectName("notVotedCaption")
        self.candidates_list = QListWidget(self)
        self.candidates_list.setObjectName("notVotedList")
        self.candidates_list.setAccessibleName(self.tr("Present voters who have not voted yet"))
        self.candidates_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.candidates_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.candidates_list.itemClicked.connect(lambda item: self._pick_item(item))
        self.candidates_list.itemActivated.connect(lambda item: self._pick_item(item))

        self.chosen_label = LiveLabel(self)
        self.chosen_label.setObjectName("chosenVoter")
        font = self.chosen_label.font()
        font.setBold(True)
        self.chosen_label.setFont(font)

        self.legend_label = QLabel(self)
        self.legend_label.setObjectName("ballotLegend")
        self.legend_label.setWordWrap(True)

        self.rows_widget = QWidget(self)
        self.rows_layout = QGridLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(4, 4, 4, 4)
        self.rows_layout.setHorizontalSpacing(8)
        self.rows_layout.setVerticalSpacing(2)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.rows_widget)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("ballotStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Ballot entry messages"))
        self.record_button = QPushButton(self.tr("&Record the ballot (Enter)"), self)
        self.record_button.setObjectName("recordBallot")
        self.record_button.clicked.connect(self.submit)
        self.clear_button = QPushButton(self.tr("Clear (Esc)"), self)
        self.clear_button.setObjectName("clearBallot")
        self.clear_button.clicked.connect(self.reset)

        left = QVBoxLayout()
        left.addWidget(voter_caption)
        left.addWidget(self.voter_edit)
        left.addWidget(self.candidates_label)
        left.addWidget(self.candidates_list, 1)
        left_box = QWidget(self)
        left_box.setLayout(left)
        left_box.setMaximumWidth(210)
        left.setContentsMargins(0, 0, 0, 0)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.chosen_label)
        right.addWidget(self.legend_label)
        right.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.record_button)
        right.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.mode_label)
        body = QHBoxLayout()
        body.addWidget(left_box)
        body.addLayout(right, 1)
        outer.addLayout(body, 1)
        self._show_voter()

    # -- content ------------------------------------------------------------------------------
    def set_round(self, record: RoundRecord, actions: Mapping[str, ActionInfo], candidates: Sequence[Candidate],
                  *, read_only: bool = False) -> None:
        """Show ``record``; rows are rebuilt only when the round itself changes (typing is kept)."""
        signature = (record.uuid, record.method, record.mode, record.action_uuids, record.config)
        self.record = record
        if signature != self._signature:
            self._signature = signature
            self._build_rows(record, actions)
            self.voter = None
            self.voter_edit.clear()
            self.status_label.clear()
        if record.mode is RoundMode.SECRET:
            self.mode_label.setText(self.tr("Secret ballot: the ballot is stored without any link to the voter; "
                                       "only the register says who has voted. Enter records."))
        else:
            self.mode_label.setText(self.tr("Named vote: each ballot is recorded with the voter's name. "
                                            "One key per action, "
                                       "Delete clears, Enter records."))
        self.candidates = list(candidates)
        if self.voter is not None and self.voter.uuid not in {c.uuid for c in self.candidates}:
            self.voter = None
            self.voter_edit.clear()
        self._filter_candidates()
        self._show_voter()
        self.set_read_only(read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (self.voter_edit, self.record_button, self.clear_button, self.rows_widget):
            widget.setEnabled(not read_only)

    def _build_rows(self, record: RoundRecord, actions: Mapping[str, ActionInfo]) -> None:
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows, self.fields = [], []
        config = record.config
        method = record.method
        legend = ""
        n = len(record.action_uuids)
        for row_index, action_uuid in enumerate(record.action_uuids):
            info = actions.get(action_uuid, ActionInfo(action_uuid[:8], ""))
            code = QLabel(f"{kind_marker(info.kind)} {info.code}", self.rows_widget)
            code.setToolTip(info.title)
            code.setMinimumWidth(code.sizeHint().width())
            title = QLabel(info.title, self.rows_widget)
            title.setToolTip(info.title)
            title.setMinimumWidth(40)
            title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            fields: list[QWidget] = []
            if method is Method.YES_NO:
                labels = yes_no_labels()
                yes_no = _choices([(k, labels[k]) for k in ("yes", "no", "abstain")])
                fields.append(ChoiceField(yes_no, self.rows_widget,
                                          label_width=80))
            elif method is Method.MAJORITY_JUDGMENT:
                fields.append(ChoiceField(_choices(list(enumerate(grade_labels())), None), self.rows_widget,
                                          label_width=96))
            elif method is Method.APPROVAL:
                approval = _choices([(True, self.tr("Approved")), (False, self.tr("Not approved"))], ["1", "0"])
                fields.append(ChoiceField(approval,
                                          self.rows_widget))
            elif method is Method.SCORE:
                if _single_key_scale(config.score_min, config.score_max):
                    fields.append(ChoiceField(_scale_choices(config.score_min, config.score_max), self.rows_widget,
                                              label_width=24))
                else:
                    fields.append(CountField(self.rows_widget, cap=config.score_max, enter_advances=False))
            elif method is Method.IMPACT_FEASIBILITY:
                for _part in ("impact", "feasibility"):
                    if _single_key_scale(config.matrix_min, config.matrix_max):
                        scale = _scale_choices(config.matrix_min, config.matrix_max)
                        fields.append(ChoiceField(scale, self.rows_widget,
                                                  label_width=24))
                    else:
                        fields.append(CountField(self.rows_widget, cap=config.matrix_max, enter_advances=False))
            elif method is Method.DOTS:
                fields.append(CountField(self.rows_widget, cap=config.max_dots_per_action or config.dots_per_voter,
                                         enter_advances=False))
            elif method is Method.BORDA:
                fields.append(CountField(self.rows_widget, cap=n, enter_advances=False))
            for position, f in enumerate(fields):
                f.setAccessibleName(f"{info.code} {info.title}")
                if method is Method.IMPACT_FEASIBILITY:
                    f.setToolTip(self.tr("Impact") if position == 0 else self.tr("Feasibility"))
            self.rows_layout.addWidget(code, row_index, 0)
            self.rows_layout.addWidget(title, row_index, 1)
            for column, f in enumerate(fields, start=2):
                self.rows_layout.addWidget(f, row_index, column)
            self.rows.append(_MarkRow(action_uuid, fields, method))
            self.fields.extend(fields)
        self.rows_layout.setColumnStretch(1, 1)
        self.rows_layout.setRowStretch(len(record.action_uuids), 1)
        for index, f in enumerate(self.fields):
            if isinstance(f, ChoiceField):
                f.committed.connect(lambda i=index: self._focus_field(i + 1))
            elif isinstance(f, CountField):
                f.advance.connect(lambda i=index: self._focus_field(i + 1))
                f.back.connect(lambda i=index: self._focus_field(max(0, i - 1)))
                f.moved.connect(lambda rows, i=index: self._focus_field(max(0, i + rows)))
        for before, after in zip([self.voter_edit, *self.fields], [*self.fields, self.record_button]):
            QWidget.setTabOrder(before, after)
        if method is Method.YES_NO:
            legend = "   ".join(f"{c.keys[0]} = {c.label}" for c in _choices(
                [(k, v) for k, v in yes_no_labels().items()]))
        elif method is Method.MAJORITY_JUDGMENT:
            legend = "   ".join(f"{i} = {label}" for i, label in enumerate(grade_labels(), start=1))
        elif method is Method.APPROVAL:
            legend = self.tr("1 = approved   0 = not approved")
        elif method is Method.SCORE:
            legend = self.tr("Type the score (%1 to %2).").replace("%1", str(config.score_min)) \
                .replace("%2", str(config.score_max))
        elif method is Method.IMPACT_FEASIBILITY:
            legend = self.tr("Impact, then feasibility (%1 to %2).").replace("%1", str(config.matrix_min)) \
                .replace("%2", str(config.matrix_max))
        elif method is Method.DOTS:
            legend = self.tr("Number of dots per action (%1 per voter).").replace("%1", str(config.dots_per_voter))
        elif method is Method.BORDA:
            legend = self.tr("Rank of each action: 1 = first choice (1 to %1).").replace("%1", str(n))
        self.legend_label.setText(legend)
        self.legend_label.setToolTip(
            self.tr("One key per action moves to the next one; Delete clears a mark; Enter records."))

    # -- voter ------------------------------------------------------------------------------
    def _on_voter_typed(self, _text: str) -> None:
        self.voter = None
        self._filter_candidates()
        self._show_voter()

    def _filter_candidates(self) -> None:
        """Candidates matching every typed word (accents and case ignored), best matches first:
        names starting with what was typed, then names with a word starting so, then the rest."""
        words = fold(self.voter_edit.text()).split() if self.voter is None else []
        self.candidates_list.clear()
        ranked = []
        for position, candidate in enumerate(self.candidates):
            name = fold(candidate.name)
            haystack = f"{name} {fold(candidate.detail)}"
            if not all(w in haystack for w in words):
                continue
            name_words = name.replace("-", " ").split()
            if words and name.startswith(" ".join(words)):
                quality = 0
            elif all(any(n.startswith(w) for n in name_words) for w in words):
                quality = 1
            else:
                quality = 2
            ranked.append((quality, position, candidate))
        for _quality, _position, candidate in sorted(ranked, key=lambda r: (r[0], r[1])):
            text = candidate.name
            if candidate.voices > 1:
                text += "  " + self.tr("(+%1 proxy)").replace("%1", str(candidate.voices - 1))
            item = QListWidgetItem(text, self.candidates_list)
            item.setData(Qt.ItemDataRole.UserRole, candidate.uuid)
            item.setToolTip(candidate.detail)
        if self.candidates_list.count():
            chosen = [i for i in range(self.candidates_list.count())
                      if self.voter is not None
                      and self.candidates_list.item(i).data(Qt.ItemDataRole.UserRole) == self.voter.uuid]
            self.candidates_list.setCurrentRow(chosen[0] if chosen else 0)
        self.candidates_label.setText(self.tr("Not voted yet: %1").replace("%1", str(len(self.candidates))))

    def _pick_item(self, item: QListWidgetItem | None) -> bool:
        if item is None or self.read_only:
            return False
        uuid = item.data(Qt.ItemDataRole.UserRole)
        candidate = next((c for c in self.candidates if c.uuid == uuid), None)
        if candidate is None:
            return False
        self.voter = candidate
        self.voter_edit.setText(candidate.name)
        self._filter_candidates()
        self._show_voter()
        self.status_label.clear()
        self._focus_field(0)
        return True

    def _show_voter(self) -> None:
        if self.voter is None:
            self.chosen_label.setText(self.tr("No voter chosen yet."))
        else:
            text = self.tr("Ballot of %1").replace("%1", self.voter.name)
            if self.voter.voices > 1:
                text += " — " + self.tr("%1 voices (proxy included)").replace("%1", str(self.voter.voices))
            self.chosen_label.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.voter_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.candidates_list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.candidates_list.count():
                    self.candidates_list.setCurrentRow(row)
                return True
            if key in _ENTER:
                if self.voter is not None:
                    self._focus_field(0)
                elif not self._pick_item(self.candidates_list.currentItem()):
                    message = self.tr("No present voter who has not voted matches “%1”.")
                    self._say(message.replace("%1", self.voter_edit.text()),
                              error=True)
                return True
            if key == Qt.Key.Key_Escape:
                self.reset()
                return True
        return super().eventFilter(watched, event)

    # -- fields -----------------------------------------------------------------------------
    def _focus_field(self, index: int) -> None:
        if index < len(self.fields):
            self.fields[index].setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll.ensureWidgetVisible(self.fields[index])
        else:
            self.record_button.setFocus(Qt.FocusReason.TabFocusReason)

    def focus_voter(self) -> None:
        self.voter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.voter_edit.selectAll()

    def marks(self) -> dict[str, Any]:
        marks: dict[str, Any] = {}
        for row in self.rows:
            try:
                value = row.mark()
            except ValueError:
                raise ValueError(row.action_uuid) from None
            if value is not None:
                marks[row.action_uuid] = value
        return marks

    def marked_count(self) -> int:
        return sum(1 for row in self.rows if any(_field_value(f) is not None for f in row.fields))

    # -- actions ------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.read_only or self.record is None:
            return
        typed = self.candidates_list.currentItem() if self.voter_edit.text() else None
        if self.voter is None and not self._pick_item(typed):
            self._say(self.tr("Choose the voter first."), error=True)
            self.focus_voter()
            return
        assert self.voter is not None
        try:
            marks = self.marks()
        except ValueError as exc:
            index = next(i for i, r in enumerate(self.rows) if r.action_uuid == str(exc))
            self._say(self.tr("Give both impact and feasibility, or neither."), error=True)
            self.rows[index].fields[0].setFocus()
            return
        self.submitted.emit(self.voter.uuid, marks)

    def ballot_recorded(self, voter_name: str) -> None:
        """Called once the ballot is stored: clear, and back to the voter field."""
        for row in self.rows:
            row.clear()
        self.voter = None
        self.voter_edit.clear()
        self._filter_candidates()
        self._show_voter()
        if self.record is not None and self.record.mode is RoundMode.SECRET:
            self._say(self.tr("Ballot recorded. Register: %1 has voted (the ballot is not linked to the name).")
                      .replace("%1", voter_name))
        else:
            self._say(self.tr("Ballot of %1 recorded.").replace("%1", voter_name))
        self.focus_voter()

    def show_error(self, message: str) -> None:
        self._say(message, error=True)

    def reset(self) -> None:
        for row in self.rows:
            row.clear()
        self.voter = None
        self.voter_edit.clear()
        self._filter_candidates()
        self._show_voter()
        self.status_label.clear()
        self.focus_voter()

    def _say(self, message: str, *, error: bool = False) -> None:
        self.status_label.setText(("⚠ " if error else "✓ ") + message)
        style = "color: #b91c1c; font-weight: bold;" if error else "color: #166534;"
        if self.status_label.styleSheet() != style:  # a new style sheet re-polishes the label: only on change
            self.status_label.setStyleSheet(style)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in _ENTER:
            self.submit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.reset()
            return
        super().keyPressEvent(event)


# --------------------------------------------------------------------------- analog counts


@dataclass(frozen=True)
class Column:
    path: tuple[Any, ...]  # ("yes",) or ("impact", 3)
    header: str
    tip: str = ""


def analog_columns(config: RoundConfig, n_actions: int) -> list[Column]:
    method = config.method
    if method is Method.YES_NO:
        labels = yes_no_labels()
        return [Column((k,), labels[k]) for k in ("yes", "no", "abstain")]
    if method is Method.DOTS:
        return [Column(("dots",), QCoreApplication.translate("BallotEntry", "Dots"))]
    if method is Method.APPROVAL:
        return [Column(("approved",), QCoreApplication.translate("BallotEntry", "Approvals"))]
    if method is Method.SCORE:
        tip = QCoreApplication.translate("BallotEntry", "Number of voters who gave %1")
        return [Column((v,), str(v), tip.replace("%1", str(v))) for v in range(config.score_min, config.score_max + 1)]
    if method is Method.BORDA:
        header = QCoreApplication.translate("BallotEntry", "#%1")
        tip = QCoreApplication.translate("BallotEntry", "Number of voters who ranked it %1")
        return [Column((r,), header.replace("%1", str(r)), tip.replace("%1", str(r))) for r in range(1, n_actions + 1)]
    if method is Method.MAJORITY_JUDGMENT:
        return [Column((g,), label, label) for g, label in enumerate(grade_labels())]
    if method is Method.IMPACT_FEASIBILITY:
        scale = range(config.matrix_min, config.matrix_max + 1)
        impact = QCoreApplication.translate("BallotEntry", "Impact\n%1")
        feasibility = QCoreApplication.translate("BallotEntry", "Feasib.\n%1")
        return ([Column(("impact", v), impact.replace("%1", str(v))) for v in scale]
                + [Column(("feasibility", v), feasibility.replace("%1", str(v))) for v in scale])
    raise AssertionError(method)


def _lookup(distribution: Mapping[Any, Any], path: tuple[Any, ...]) -> float | None:
    node: Any = distribution
    for key in path:
        if not isinstance(node, Mapping):
            return None
        found = None
        for k, v in node.items():
            if str(k) == str(key):
                found = v
                break
        if found is None:
            return None
        node = found
    try:
        return float(node)
    except (TypeError, ValueError):
        return None


class _HeaderedScroll(QScrollArea):
    """A scroll area whose column headers stay in view, aligned on the widgets of the first row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QWidget(self)
        self.header.setObjectName("analogHeader")
        self.pairs: list[tuple[QLabel, QWidget]] = []
        self.header_height = 0

    def set_header(self, pairs: list[tuple[QLabel, QWidget]]) -> None:
        for label, _ in self.pairs:
            label.deleteLater()
        self.pairs = pairs
        for label, _ in pairs:
            label.setParent(self.header)
            label.show()
        self.header_height = max(QtGui.QFontMetrics(label.font()).lineSpacing() * 2 + 4 for label, _ in pairs)
        self.setViewportMargins(0, self.header_height, 0, 0)
        self.place_header()

    def place_header(self) -> None:
        viewport = self.viewport()
        self.header.setGeometry(viewport.x(), viewport.y() - self.header_height, viewport.width(), self.header_height)
        for label, reference in self.pairs:
            x = reference.mapTo(viewport, QtCore.QPoint(0, 0)).x()
            label.setGeometry(x, 0, reference.width(), self.header_height)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.place_header()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.place_header()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.Move):
            QtCore.QTimer.singleShot(0, self.place_header)
        return super().eventFilter(watched, event)


class AnalogGrid(QWidget):
    """Counts of an analog round (see the module docstring)."""

    submitted = Signal(object, object)  # distributions {action uuid: distribution}, voters (float | None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analogGrid")
        self.record: RoundRecord | None = None
        self.columns: list[Column] = []
        self.cells: list[list[CountField]] = []  # [row][column]
        self.totals: list[QLabel] = []
        self.action_uuids: list[str] = []
        self._signature: tuple = ()
        self.dirty = False
        self.read_only = False
        self.expected_voters = 0.0

        self.help_label = QLabel(self.tr("Type each count: the cursor moves on by itself when the count is complete, "
                                    "otherwise press Enter or Tab. Empty = 0. Enter on the last cell records."), self)
        self.help_label.setWordWrap(True)
        self.voters_field = CountField(self, cap=None)
        self.voters_field.setObjectName("analogVoters")
        self.voters_field.setAccessibleName(self.tr("Number of voters"))
        self.voters_field.auto_advance = False
        self.voters_field.textEdited.connect(self._on_edited)
        self.voters_field.advance.connect(lambda: self._focus(0, 0))
        voters_caption = QLabel(self.tr("Number of &voters:"), self)
        voters_caption.setBuddy(self.voters_field)
        self.expected_label = QLabel(self)
        self.remainder_check = QCheckBox(self.tr("&Yes = voters − no − abstentions"), self)
        self.remainder_check.setObjectName("analogRemainder")
        self.remainder_check.setChecked(True)
        self.remainder_check.setToolTip(self.tr("In a show of hands, count who is against and who abstains; "
                                           "the others voted yes."))
        self.remainder_check.toggled.connect(self._on_remainder_toggled)

        self.warnings_label = QLabel(self)
        self.warnings_label.setObjectName("analogWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label.setStyleSheet("QLabel { background: #fff4e5; color: #7a2e00; border: 2px solid #d97706; "
                                          "border-radius: 4px; padding: 6px; font-weight: bold; }")
        self.warnings_label.hide()

        self.grid_widget = QWidget(self)
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(4, 2, 4, 4)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.scroll = _HeaderedScroll(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid_widget)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_widget.installEventFilter(self.scroll)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("analogStatus")
        self.status_label.setWordWrap(True)
        self.record_button = QPushButton(self.tr("&Record the counts (Enter)"), self)
        self.record_button.setObjectName("recordCounts")
        self.record_button.clicked.connect(self.submit)

        top = QHBoxLayout()
        top.addWidget(voters_caption)
        top.addWidget(self.voters_field)
        top.addWidget(self.expected_label)
        top.addSpacing(16)
        top.addWidget(self.remainder_check)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.help_label)
        layout.addLayout(top)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)

    # -- content ------------------------------------------------------------------------------
    def set_round(self, record: RoundRecord, actions: Mapping[str, ActionInfo], expected_voters: float,
                  *, read_only: bool = False) -> None:
        signature = (record.uuid, record.method, record.action_uuids, record.config)
        self.record = record
        self.expected_voters = expected_voters
        self.expected_label.setText(self.tr("(%1 present and represented)").replace("%1", _number(expected_voters)))
        rebuilt = signature != self._signature
        if rebuilt:
            self._signature = signature
            self._build(record, actions)
            self.warnings_label.hide()
            self.status_label.clear()
            self.dirty = False
        if not self.dirty:
            self._load(record)
        self.set_read_only(read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (self.voters_field, self.remainder_check, self.record_button, self.grid_widget):
            widget.setEnabled(not read_only)

    def _build(self, record: RoundRecord, actions: Mapping[str, ActionInfo]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.action_uuids = list(record.action_uuids)
        self.columns = analog_columns(record.config, len(self.action_uuids))
        self.cells, self.totals = [], []
        bold = QFont()
        bold.setBold(True)
        headers = [self.tr("Code"), self.tr("Action")] + [c.header for c in self.columns] + [self.tr("Total")]
        header_labels = []
        for column, text in enumerate(headers):
            label = QLabel(text)
            label.setFont(bold)
            label.setWordWrap(True)
            is_count = 2 <= column < 2 + len(self.columns)
            label.setAlignment(Qt.AlignmentFlag.AlignBottom
                               | (Qt.AlignmentFlag.AlignRight if is_count else Qt.AlignmentFlag.AlignLeft))
            if 2 <= column < 2 + len(self.columns):
                label.setToolTip(self.columns[column - 2].tip or text)
            header_labels.append(label)
        # wide enough for the longest word of the column's header ("Abstention", "À abandonner"…)
        metrics = QtGui.QFontMetrics(bold)
        widths = [max(56, max(metrics.horizontalAdvance(word) for word in (c.header.split() or [""])) + 12)
                  for c in self.columns]
        for row, action_uuid in enumerate(self.action_uuids, start=1):
            info = actions.get(action_uuid, ActionInfo(action_uuid[:8], ""))
            code = QLabel(f"{kind_marker(info.kind)} {info.code}", self.grid_widget)
            title = QLabel(info.title, self.grid_widget)
            title.setToolTip(info.title)
            title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            title.setMinimumWidth(80)
            self.grid.addWidget(code, row, 0)
            self.grid.addWidget(title, row, 1)
            cells = []
            for column, spec in enumerate(self.columns):
                cell = CountField(self.grid_widget)
                cell.setFixedWidth(widths[column])
                cell.setObjectName(f"count_{row - 1}_{column}")
                cell.setAccessibleName(f"{info.code} — {spec.header.replace(chr(10), ' ')}")
                cell.setToolTip(f"{info.code} — {spec.header.replace(chr(10), ' ')}")
                cell.textEdited.connect(self._on_edited)
                self.grid.addWidget(cell, row, column + 2)
                cells.append(cell)
            total = QLabel(self.grid_widget)
            total.setMinimumWidth(60)
            self.grid.addWidget(total, row, len(self.columns) + 2)
            self.cells.append(cells)
            self.totals.append(total)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(len(self.action_uuids) + 1, 1)
        if self.cells:
            first_row = [self.grid.itemAtPosition(1, c).widget() for c in range(len(self.columns) + 3)]
            self.scroll.set_header(list(zip(header_labels, first_row)))
        for r, cells in enumerate(self.cells):
            for c, cell in enumerate(cells):
                cell.advance.connect(lambda r=r, c=c: self._next(r, c, 1))
                cell.back.connect(lambda r=r, c=c: self._next(r, c, -1))
                cell.moved.connect(lambda rows, r=r, c=c: self._focus(r + rows, c, clamp=True))
        self._apply_remainder_mode()

    def _remainder_active(self) -> bool:
        return (self.record is not None and self.record.method is Method.YES_NO
                and self.remainder_check.isChecked())

    def _apply_remainder_mode(self) -> None:
        is_yes_no = self.record is not None and self.record.method is Method.YES_NO
        self.remainder_check.setVisible(is_yes_no)
        active = self._remainder_active()
        for cells in self.cells:
            if is_yes_no:
                yes = cells[0]
                yes.setReadOnly(active)
                yes.setFocusPolicy(Qt.FocusPolicy.NoFocus if active else Qt.FocusPolicy.StrongFocus)
                yes.setStyleSheet("QLineEdit { background: palette(window); font-style: italic; }" if active else "")
                yes.setToolTip(self.tr("Computed: voters minus no and abstentions") if active else yes.accessibleName())
        cells = [cell for r in range(len(self.cells)) for cell in self._editable(r)]
        order = [self.voters_field, *cells, self.record_button]
        for before, after in zip(order, order[1:]):
            QWidget.setTabOrder(before, after)
        self._recompute()

    def _editable(self, row: int) -> list[CountField]:
        cells = self.cells[row]
        return cells[1:] if self._remainder_active() else list(cells)

    def _on_remainder_toggled(self, _checked: bool) -> None:
        self._apply_remainder_mode()

    def _load(self, record: RoundRecord) -> None:
        voters = record.analog_voters if record.analog_voters is not None else self.expected_voters
        self.voters_field.set_value(voters)
        consistent = True
        for row, action_uuid in enumerate(self.action_uuids):
            distribution = record.counts.get(action_uuid)
            for column, spec in enumerate(self.columns):
                value = _lookup(distribution, spec.path) if distribution is not None else None
                self.cells[row][column].set_value(value)
            if record.method is Method.YES_NO and distribution is not None:
                yes, no, abstain = (_lookup(distribution, (k,)) or 0 for k in ("yes", "no", "abstain"))
                consistent = consistent and yes == max(0.0, voters - no - abstain)
        if record.method is Method.YES_NO and record.counts:
            self.remainder_check.blockSignals(True)
            self.remainder_check.setChecked(consistent)
            self.remainder_check.blockSignals(False)
            self._apply_remainder_mode()
        self._recompute()

    def _voters(self) -> int | None:
        return self.voters_field.value()

    def _cap(self) -> int | None:
        voters = self._voters()
        if voters is None or self.record is None:
            return None
        config = self.record.config
        if config.method is Method.DOTS:
            return voters * (config.max_dots_per_action or config.dots_per_voter)
        return voters

    def _on_edited(self, _text: str = "") -> None:
        self.dirty = True
        self._recompute()

    def _recompute(self) -> None:
        cap = self._cap()
        voters = self._voters()
        remainder = self._remainder_active()
        for row, cells in enumerate(self.cells):
            for cell in cells:
                cell.cap = cap
            if remainder:
                others = sum(c.value() or 0 for c in cells[1:])
                cells[0].set_value(max(0, (voters or 0) - others) if voters is not None else None)
            total = self._row_total(row)
            over = cap is not None and total > cap
            text = "= " + _number(total)
            if over:
                text = "⚠ " + text
            self.totals[row].setText(text)
            self.totals[row].setToolTip(self.tr("More than the number of voters") if over else "")
            self.totals[row].setStyleSheet("color: #b45309; font-weight: bold;" if over else "")

    def _row_total(self, row: int) -> float:
        cells = self.cells[row]
        if self.record is not None and self.record.method is Method.IMPACT_FEASIBILITY:
            half = len(cells) // 2
            return max(sum(c.value() or 0 for c in cells[:half]), sum(c.value() or 0 for c in cells[half:]))
        return float(sum(c.value() or 0 for c in cells))

    # -- keyboard ------------------------------------------------------------------------------
    def _next(self, row: int, column: int, step: int) -> None:
        order = [(r, self.cells[r].index(cell)) for r in range(len(self.cells)) for cell in self._editable(r)]
        try:
            position = order.index((row, column))
        except ValueError:
            position = 0
        target = position + step
        if target < 0:
            self.voters_field.setFocus(Qt.FocusReason.BacktabFocusReason)
        elif target >= len(order):
            self.record_button.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self._focus(*order[target])

    def _focus(self, row: int, column: int, *, clamp: bool = False) -> None:
        if not self.cells:
            return
        if clamp:
            row = max(0, min(len(self.cells) - 1, row))
        if not 0 <= row < len(self.cells):
            return
        cell = self.cells[row][column]
        if cell.focusPolicy() == Qt.FocusPolicy.NoFocus:
            editable = self._editable(row)
            if not editable:
                return
            cell = editable[0]
        cell.setFocus(Qt.FocusReason.TabFocusReason)
        self.scroll.ensureWidgetVisible(cell)

    def focus_first(self) -> None:
        if self.cells:
            self._focus(0, 1 if self._remainder_active() else 0)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in _ENTER:
            self.submit()
            return
        super().keyPressEvent(event)

    # -- recording ------------------------------------------------------------------------------
    def distributions(self) -> dict[str, Any]:
        voters = self._voters()
        out: dict[str, Any] = {}
        for row, action_uuid in enumerate(self.action_uuids):
            distribution: dict[Any, Any] = {}
            for column, spec in enumerate(self.columns):
                value = self.cells[row][column].value() or 0
                if len(spec.path) == 1:
                    distribution[spec.path[0]] = value
                else:
                    distribution.setdefault(spec.path[0], {})[spec.path[1]] = value
            if self._remainder_active():
                distribution["yes"] = max(0, (voters or 0) - distribution["no"] - distribution["abstain"])
            out[action_uuid] = distribution
        return out

    def submit(self) -> None:
        if self.read_only or self.record is None:
            return
        voters = self._voters()
        if self._remainder_active() and voters is None:
            self._say(self.tr("Give the number of voters: the yes are computed from it."), error=True)
            self.voters_field.setFocus()
            return
        self.submitted.emit(self.distributions(), float(voters) if voters is not None else None)

    def counts_recorded(self, warnings: Sequence[str]) -> None:
        self.dirty = False
        self.show_warnings(warnings)
        if warnings:
            self._say(self.tr("Counts recorded, with warnings (see above)."))
        else:
            self._say(self.tr("Counts recorded."))

    def show_warnings(self, warnings: Sequence[str]) -> None:
        if warnings:
            lines = "\n".join(f"• {w}" for w in warnings)
            self.warnings_label.setText("⚠ " + self.tr("The counts are recorded, but check them:") + "\n" + lines)
            self.warnings_label.show()
        else:
            self.warnings_label.hide()
            self.warnings_label.clear()

    def show_error(self, message: str) -> None:
        self._say(message, error=True)

    def _say(self, message: str, *, error: bool = False) -> None:
        self.status_label.setText(("⚠ " if error else "✓ ") + message)
        self.status_label.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "color: #166534;")
