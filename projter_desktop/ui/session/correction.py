"""Correcting a named ballot after it was recorded (a mark typed wrong, noticed later).

The facilitator picks a voter who has voted; the ballot shows that voter's marks as
recorded; the corrected ballot is saved with Enter through the change path (undoable), and
the round's history keeps the correction (voter, marks before and after, time). The
corrections already made in the round are listed under the ballot. Secret rounds cannot be
corrected: their ballots are not linked to anyone (the service says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from projter_desktop.ui.collation import sort_key
from projter_desktop.domain.workshop import BallotCorrection, RoundRecord, Workshop
from projter_desktop.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from projter_desktop.ui.results_model import ActionInfo
from projter_desktop.ui.session.ballot_entry import BallotEntry, Candidate


class CorrectionDialog(QDialog):
    """See the module docstring. Emits ``corrected(attendee uuid, marks)``; the page
    performs the change and closes the dialog when it is saved."""

    corrected = Signal(str, object)

    def __init__(self, parent: QWidget, workshop: Workshop, record: RoundRecord, actions: Mapping[str, ActionInfo],
                 history: Sequence[BallotCorrection]) -> None:
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.setWindowTitle(self.tr("Correct a ballot — round %1").replace("%1", str(record.number)))
        self.record = record
        self.marks_of = {b.attendee_uuid: dict(b.marks) for b in record.ballots if b.attendee_uuid}
        names = {a.uuid: a for a in workshop.attendees}
        voters = [Candidate(uuid, names[uuid].name, " ".join(x for x in (names[uuid].commune, names[uuid].role) if x))
                  for uuid in self.marks_of if uuid in names]
        voters.sort(key=lambda c: sort_key(c.name))  # Éloïse among the E, not after Zoé
        intro = QLabel(self.tr("Choose the voter whose ballot was typed wrong: the ballot shows the marks "
                               "recorded. Change them, then Enter saves the correction (Ctrl+Z undoes it). "
                               "The round keeps every correction in its history."), self)
        intro.setWordWrap(True)
        self.entry = BallotEntry(self)
        self.entry.candidates_caption = self.tr("Voted: %1")
        self.entry.set_round(record, actions, voters)
        self.entry.record_button.setText(self.tr("&Save the correction (Enter)"))
        self.entry.voterChosen.connect(lambda uuid: self.entry.load_marks(self.marks_of.get(uuid, {})))
        self.entry.submitted.connect(self.corrected.emit)
        self.history = QListWidget(self)
        self.history.setObjectName("correctionHistory")
        self.history.setAccessibleName(self.tr("Corrections already made in this round"))
        self.history.setMaximumHeight(90)
        for line in history:
            when = line.corrected_at.astimezone().strftime("%H:%M") if line.corrected_at else ""
            self.history.addItem(self.tr("%1 — ballot of %2 corrected").replace("%1", when)
                                 .replace("%2", line.attendee_name))
        if not history:
            self.history.addItem(self.tr("No correction yet in this round."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.entry, 1)
        layout.addWidget(QLabel(self.tr("History of the round:"), self))
        layout.addWidget(self.history)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def show_error(self, message: str) -> None:
        self.entry.show_error(message)

    def marks(self) -> dict[str, Any]:
        return self.entry.marks()
