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

**Never a silent loss** (issue 15): when the change fails (database busy beyond the timeout,
disk full, I/O error, read-only…), the screen calls ``show_error`` and the status says in
red that the ballot (the paper, the signature) was *not* recorded, why, and that it is
still in the entry: nothing is cleared, Enter tries again. Should the run screen report
nothing at all (an error escaping its handler), the entry says so itself: "not recorded".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from projter_desktop.domain.plan import fold
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import RoundMode, RoundRecord
from projter_desktop.ui.collation import sorted_fr
from projter_desktop.ui.live_label import LiveLabel
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QEvent,
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
from projter_desktop.ui.results_model import (
    ActionInfo,
    blank_label,
    grade_labels,
    kind_marker,
    yes_no_labels,
)

QScrollArea = QtWidgets.QScrollArea
QToolButton = QtWidgets.QToolButton
QSizePolicy = QtWidgets.QSizePolicy
QIntValidator = QtGui.QIntValidator

from projter_desktop.ui.session.fields import (
    _ENTER,
    ChoiceField,
    CountField,
    _choices,
    _scale_choices,
    _single_key_scale,
)

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
    voterChosen = Signal(str)  # attendee uuid: the voter was picked (the marks may be loaded)
    signed = Signal(str)  # secret round, émargement: attendee uuid
    paperSubmitted = Signal(object, object)  # secret round, dépouillement: marks, weight (None: the only one)
    closeUrnRequested = Signal()

    #: what the entry takes: a named ballot (voter + marks), a signature of the register
    #: (secret round, émargement) or a paper (secret round, dépouillement: marks, no voter)
    BALLOT, REGISTER, PAPERS = "ballot", "register", "papers"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ballotEntry")
        self.record: RoundRecord | None = None
        self.candidates: list[Candidate] = []
        self.voter: Candidate | None = None
        self.rows: list[_MarkRow] = []
        self.fields: list[QWidget] = []
        self._signature: tuple = ()
        # the caption of the voters list ("%1": how many); "Not voted yet: %1" when empty
        self.candidates_caption = ""
        self.read_only = False
        self.phase = self.BALLOT
        self._candidate_rows: list[tuple[str, str, str]] = []  # what candidates_list shows
        # what was just sent to be recorded (e.g. "Ballot of Anne Abel"), until the screen
        # reports the outcome (``ballot_recorded`` …, or ``show_error``); see :meth:`_send`
        self._pending: str | None = None

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
        self.weight_combo = QtWidgets.QComboBox(self)
        self.weight_combo.setObjectName("paperWeight")
        self.weight_combo.setAccessibleName(self.tr("Weight of the paper"))
        self.urn_button = QPushButton(self.tr("Close the register and count the &papers"), self)
        self.urn_button.setObjectName("closeUrn")
        self.urn_button.setToolTip(self.tr("End of the émargement: nobody can vote any more, the papers are then "
                                           "taken out of the urn and entered one by one, with no name."))
        self.urn_button.clicked.connect(self.closeUrnRequested)
        self.register_note = QLabel(self)
        self.register_note.setObjectName("registerNote")
        self.register_note.setWordWrap(True)
        self.register_note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        left = QVBoxLayout()
        left.addWidget(voter_caption)
        left.addWidget(self.voter_edit)
        left.addWidget(self.candidates_label)
        left.addWidget(self.candidates_list, 1)
        left_box = QWidget(self)
        left_box.setLayout(left)
        left_box.setMaximumWidth(210)
        left.setContentsMargins(0, 0, 0, 0)
        self.left_box = left_box

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.chosen_label)
        right.addWidget(self.legend_label)
        right.addWidget(self.scroll, 1)
        right.addWidget(self.register_note, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.weight_combo)
        buttons.addWidget(self.urn_button)
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
            previous, self._signature = self._signature, signature
            if previous and previous[1:3] == signature[1:3] and previous[4] == signature[4] \
                    and len(previous[3]) == len(signature[3]):
                self._relabel_rows(record, actions)  # same kind of ballot: the rows are kept, relabelled
            else:
                self._build_rows(record, actions)
            self.voter = None
            self.voter_edit.clear()
            self.status_label.clear()
        phase = self.BALLOT if record.mode is not RoundMode.SECRET else (
            self.PAPERS if record.urn_closed else self.REGISTER)
        if phase != self.phase:
            self.phase = phase
            self.voter = None
            self.voter_edit.clear()
            self.status_label.clear()
            for row in self.rows:
                row.clear()
        self._show_phase(record)
        if phase == self.REGISTER:
            self.mode_label.setText(self.tr("Secret ballot — émargement: each voter puts their papers in the urn "
                                            "(one per voice, proxies included) and signs. Type the name, Enter. "
                                            "No ballot is typed now: the papers are counted once the register "
                                            "is closed."))
        elif phase == self.PAPERS:
            self.mode_label.setText(self.tr("Secret ballot — counting: take the papers out of the urn and enter "
                                            "them one by one. No name is asked: nothing ties a paper to a voter. "
                                            "One key per action, Enter records the paper."))
        else:
            self.mode_label.setText(self.tr("Named vote: each ballot is recorded with the voter's name. "
                                            "One key per action, "
                                       "Delete clears, Enter records."))
        self.candidates = sorted_fr(candidates, key=lambda c: c.name)
        if self.voter is not None and self.voter.uuid not in {c.uuid for c in self.candidates}:
            self.voter = None
            self.voter_edit.clear()
        self._filter_candidates()
        self._show_voter()
        self.set_read_only(read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (self.voter_edit, self.record_button, self.clear_button, self.rows_widget, self.urn_button,
                       self.weight_combo):
            widget.setEnabled(not read_only)

    def _show_phase(self, record: RoundRecord) -> None:
        """Show the parts of the entry the phase uses: the voter side for ballots and the
        register, the marks for ballots and papers."""
        register, papers = self.phase == self.REGISTER, self.phase == self.PAPERS
        self.left_box.setVisible(not papers)
        for widget in (self.legend_label, self.scroll, self.record_button, self.clear_button):
            widget.setVisible(not register)
        self.register_note.setVisible(register)
        self.urn_button.setVisible(register)
        classes = sorted(set(record.signed_voices))
        self.weight_combo.setVisible(papers and len(classes) > 1)
        if papers and len(classes) > 1:
            wanted = [_weight(w) for w in classes]
            if [self.weight_combo.itemText(i) for i in range(self.weight_combo.count())] != wanted:
                self.weight_combo.clear()
                for w in classes:
                    self.weight_combo.addItem(_weight(w), w)
        signed, entered = len(record.signed_voices), len(record.ballots)
        if register:
            self.record_button.setText(self.tr("&Record the ballot (Enter)"))
            note = self.tr("%1 voters have signed, %2 papers in the urn.").replace("%1", str(len(record.voted))) \
                .replace("%2", str(signed))
            if entered:  # voting cards used on phones during the émargement: their papers are in
                note += " " + self.tr("%n of them already cast on a phone.", "", entered)
            self.register_note.setText(note)
            self.urn_button.setEnabled(not self.read_only and bool(record.voted))
        elif papers:
            self.record_button.setText(self.tr("&Record the paper (Enter)"))
            self.chosen_label.setText(self.tr("Paper %1 of %2").replace("%1", str(min(entered + 1, signed)))
                                      .replace("%2", str(signed)) if entered < signed
                                      else self.tr("Every paper has been counted (%1).").replace("%1", str(signed)))
        else:
            self.record_button.setText(self.tr("&Record the ballot (Enter)"))

    def _relabel_rows(self, record: RoundRecord, actions: Mapping[str, ActionInfo]) -> None:
        """The rows of a round of the same method, configuration and size as the last one,
        given the new round's actions (building 15 rows of fields again took most of the
        time of opening a round)."""
        for row, (code, title), action_uuid in zip(self.rows, self._row_labels, record.action_uuids):
            info = actions.get(action_uuid, ActionInfo(action_uuid[:8], ""))
            code.setText(f"{kind_marker(info.kind)} {info.code}")
            code.setToolTip(info.title)
            code.setMinimumWidth(code.sizeHint().width())
            title.setText(info.title)
            row.action_uuid = action_uuid
            row.clear()
            for f in row.fields:
                f.setAccessibleName(f"{info.code} {info.title}")

    def _build_rows(self, record: RoundRecord, actions: Mapping[str, ActionInfo]) -> None:
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows, self.fields = [], []
        self._row_labels: list[tuple[QLabel, QLabel]] = []
        config = record.config
        method = record.method
        legend = ""
        n = len(record.action_uuids)
        for row_index, action_uuid in enumerate(record.action_uuids):
            info = actions.get(action_uuid, ActionInfo(action_uuid[:8], ""))
            code = QLabel(f"{kind_marker(info.kind)} {info.code}", self.rows_widget)
            code.setToolTip(info.title)
            code.setMinimumWidth(code.sizeHint().width())
            title = LiveLabel(self.rows_widget)  # ends in "…" where it is cut (whole in the tooltip)
            title.setText(info.title)
            title.setMinimumWidth(40)
            fields: list[QWidget] = []
            if method is Method.YES_NO:
                labels = {**yes_no_labels(), "blank": blank_label()}
                yes_no = _choices([(k, labels[k]) for k in ("yes", "no", "abstain", "blank")])
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
            self._row_labels.append((code, title))
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
                [(k, v) for k, v in {**yes_no_labels(), "blank": blank_label()}.items()]))
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
        rows = []
        for _quality, _position, candidate in sorted(ranked, key=lambda r: (r[0], r[1])):
            text = candidate.name
            if candidate.voices > 1:
                text += "  " + self.tr("(+%1 proxy)").replace("%1", str(candidate.voices - 1))
            rows.append((candidate.uuid, text, candidate.detail))
        self._show_candidate_rows(rows)
        if self.candidates_list.count():
            chosen = [i for i, row in enumerate(rows) if self.voter is not None and row[0] == self.voter.uuid]
            wanted = chosen[0] if chosen else 0
            if self.candidates_list.currentRow() != wanted:
                self.candidates_list.setCurrentRow(wanted)
        caption = self.candidates_caption or self.tr("Not voted yet: %1")
        self.candidates_label.setText(caption.replace("%1", str(len(self.candidates))))

    def _show_candidate_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """Make the list show ``rows`` (uuid, text, tool tip), touching only what changed:
        after a ballot the list is the same minus the voter, one row taken out instead of
        sixty rebuilt (rebuilding was a fifth of the time of a ballot)."""
        shown = self._candidate_rows
        if rows == shown:
            return
        if len(rows) == len(shown) - 1:
            gone = next((i for i, (a, b) in enumerate(zip(shown, rows)) if a != b), len(rows))
            if shown[:gone] + shown[gone + 1:] == rows:
                self.candidates_list.takeItem(gone)
                self._candidate_rows = rows
                return
        self.candidates_list.clear()
        for uuid, text, tip in rows:
            item = QListWidgetItem(text, self.candidates_list)
            item.setData(Qt.ItemDataRole.UserRole, uuid)
            item.setToolTip(tip)
        self._candidate_rows = rows

    def _pick_item(self, item: QListWidgetItem | None) -> bool:
        if item is None or self.read_only:
            return False
        uuid = item.data(Qt.ItemDataRole.UserRole)
        candidate = next((c for c in self.candidates if c.uuid == uuid), None)
        if candidate is None:
            return False
        if self.phase == self.REGISTER:
            self._send(self.tr("The signature of %1").replace("%1", candidate.name),
                       lambda: self.signed.emit(candidate.uuid))
            return True
        self.voter = candidate
        self.voter_edit.setText(candidate.name)
        self._filter_candidates()
        self._show_voter()
        self.status_label.clear()
        self.voterChosen.emit(candidate.uuid)
        self._focus_field(0)
        return True

    def _show_voter(self) -> None:
        if self.phase == self.PAPERS:
            return  # the caption counts the papers (set by _show_phase)
        if self.phase == self.REGISTER:
            self.chosen_label.setText(self.tr("Émargement: who puts their papers in the urn?"))
            return
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
        if self.phase == self.PAPERS:
            self._focus_field(0)
            return
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

    def load_marks(self, marks: Mapping[str, Any]) -> None:
        """Show ``marks`` (action uuid → mark) in the rows: a ballot being corrected."""
        for row in self.rows:
            row.clear()
            value = marks.get(row.action_uuid)
            if value is None:
                continue
            values = tuple(value) if row.method is Method.IMPACT_FEASIBILITY else (value,)
            for field, part in zip(row.fields, values):
                field.set_value(part)

    def marked_count(self) -> int:
        return sum(1 for row in self.rows if any(_field_value(f) is not None for f in row.fields))

    # -- actions ------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.read_only or self.record is None:
            return
        if self.phase == self.REGISTER:
            return
        if self.phase == self.PAPERS:
            try:
                marks = self.marks()
            except ValueError:
                self._say(self.tr("Give both impact and feasibility, or neither."), error=True)
                return
            weight = self.weight_combo.currentData() if self.weight_combo.isVisible() else None
            if not self._confirm_skipped():
                return
            number = len(self.record.ballots) + 1
            self._send(self.tr("Paper %1").replace("%1", str(number)), lambda: self.paperSubmitted.emit(marks, weight))
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
        if not self._confirm_skipped():
            return
        voter = self.voter
        self._send(self.tr("Ballot of %1").replace("%1", voter.name), lambda: self.submitted.emit(voter.uuid, marks))

    def _send(self, what: str, emit: Any) -> None:
        """Emit (``emit()``) what was typed, to be recorded; the screen answers at once
        (``ballot_recorded``, ``paper_recorded``, ``signature_recorded`` or ``show_error``).
        If it answered nothing, the change was not made: said, and the entry is kept."""
        self._pending = what
        try:
            emit()
        finally:
            if self._pending is not None and self.isVisible():
                self.show_error(self.tr("Unexpected error (see the log)."))
            self._pending = None

    def _confirm_skipped(self) -> bool:
        """Majority judgment where an ungraded action counts as the lowest grade: a ballot
        with a skipped action is recorded only once the facilitator says so (Enter records,
        Esc goes back to the first action skipped)."""
        record = self.record
        if record is None or record.method is not Method.MAJORITY_JUDGMENT \
                or getattr(record.config, "ungraded", "lowest") != "lowest":
            return True
        skipped = [row for row in self.rows if all(_field_value(f) is None for f in row.fields)]
        if not skipped:
            return True
        lowest = grade_labels()[-1]
        if len(skipped) == 1:
            text = self.tr("Action %1 has no grade: it will count as “%2”. Record anyway?") \
                .replace("%1", skipped[0].fields[0].accessibleName()).replace("%2", lowest)
        else:
            codes = ", ".join(row.fields[0].accessibleName().split(" ", 1)[0] for row in skipped)
            text = self.tr("%1 actions have no grade (%2): they will count as “%3”. Record anyway?") \
                .replace("%1", str(len(skipped))).replace("%2", codes).replace("%3", lowest)
        answer = QtWidgets.QMessageBox.question(
            self, self.tr("Action without a grade"), text,
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.Yes)
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            return True
        field = skipped[0].fields[0]
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(field)
        # once the window is active again (closing the box gives the focus back to where it was)
        QtCore.QTimer.singleShot(0, lambda: field.setFocus(Qt.FocusReason.OtherFocusReason))
        return False

    def ballot_recorded(self, voter_name: str) -> None:
        """Called once the ballot is stored: clear, and back to the voter field."""
        self._pending = None
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

    def signature_recorded(self, name: str, voices: int) -> None:
        """A voter signed the register: clear the name, say it, back to the name field."""
        self._pending = None
        self.voter = None
        self.voter_edit.clear()
        self._filter_candidates()
        self._say(self.tr("%1 has voted (%2 papers in the urn).").replace("%1", name).replace("%2", str(voices))
                  if voices > 1 else self.tr("%1 has voted.").replace("%1", name))
        self.voter_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def paper_recorded(self, number: int) -> None:
        """A paper was counted: clear the marks, back to the first action."""
        self._pending = None
        for row in self.rows:
            row.clear()
        self._say(self.tr("Paper %1 recorded.").replace("%1", str(number)))
        self._focus_field(0)

    def show_error(self, message: str) -> None:
        """A refusal or a failure. Right after a ballot, a paper or a signature was sent,
        the status says it was NOT recorded and is still in the entry (nothing is cleared:
        Enter tries again)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            message = self.tr("%1 was NOT recorded: %2 It is still in the entry: correct it, or press Enter "
                              "to try again.").replace("%1", pending).replace("%2", message)
        self._say(message, error=True)

    def show_message(self, message: str) -> None:
        self._say(message)

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


def _weight(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")
