"""The Session page's round panel: the orientation's voting rounds, the ballot entry or
the grid of counts of the round selected, who has not voted yet, the live results, and the
round commands (new, open, close, reveal, correct a ballot, delete). A mixin of
:class:`~projter_desktop.ui.session.page.SessionPage` (the widgets are built by the page);
texts in the page's translation context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from projter_desktop.domain.workshop import (
    AttendanceStatus,
    RoundMode,
    RoundRecord,
    RoundStatus,
    attendance_figures,
    attendance_summary,
    voices,
)
from projter_desktop.services.errors import UserError
from projter_desktop.ui import settings
from projter_desktop.ui.collation import sorted_fr
from projter_desktop.ui.icons import icon
from projter_desktop.ui.operations import perform
from projter_desktop.ui.qt import (
    QCoreApplication,
    QEvent,
    QListWidgetItem,
    QMessageBox,
    Qt,
    QTimer,
    QtWidgets,
)
from projter_desktop.ui.results_model import (
    method_label,
    rule_text,
    mode_label,
    short_mode_label,
    status_label,
)
from projter_desktop.ui.session.ballot_entry import Candidate
from projter_desktop.ui.session.correction import CorrectionDialog
from projter_desktop.ui.session.dialogs import RoundDialog
from projter_desktop.ui.turnout import closed_round_text, turnout_text, voters_text
from projter_desktop.ui.undo import (
    CloseRoundCommand,
    CloseUrnCommand,
    CorrectBallotCommand,
    CreateRoundCommand,
    RecordBallotCommand,
    RecordCountsCommand,
    RecordPaperCommand,
    SetResultsHiddenCommand,
    SignRegisterCommand,
)

# The services (and the ORM under them) are imported by the methods that call them: the
# main window starts without them, and builds this page when it is first shown.
if TYPE_CHECKING:
    pass

QTreeWidget = QtWidgets.QTreeWidget
QTreeWidgetItem = QtWidgets.QTreeWidgetItem
QToolButton = QtWidgets.QToolButton
QSizePolicy = QtWidgets.QSizePolicy

UUID_ROLE = Qt.ItemDataRole.UserRole






class RoundPanelMixin:
    """Rounds, votes and results of :class:`SessionPage`."""

    # -- rounds --------------------------------------------------------------------------------
    def _fill_rounds(self) -> None:
        rounds = self._orientation_rounds()
        if self.round_uuid not in {r.uuid for r in rounds}:
            open_ones = [r for r in rounds if r.status is RoundStatus.OPEN]
            self.round_uuid = (open_ones or rounds or [None])[-1].uuid if rounds else None  # type: ignore[union-attr]
        self.rounds_list.blockSignals(True)
        self.rounds_list.clear()
        for record in rounds:
            text = QCoreApplication.translate("SessionPage", "Round %1 · %2 — %3, %4 — %5").replace("%1", str(record.number)).replace("%2", record.title) \
                .replace("%3", method_label(record.method)).replace("%4", short_mode_label(record.mode)) \
                .replace("%5", status_label(record.status))
            item = QListWidgetItem(text, self.rounds_list)
            item.setData(UUID_ROLE, record.uuid)
            item.setIcon(icon("vote.close" if record.status is RoundStatus.CLOSED else "vote.open"))
            if record.uuid == self.round_uuid:
                self.rounds_list.setCurrentItem(item)
        self.rounds_list.blockSignals(False)
        self._refresh_round()

    def _on_round_selected(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if current is None:
            return
        self.round_uuid = current.data(UUID_ROLE)
        self._refresh_round()
        self.emit_projector_state()

    def _refresh_round(self) -> None:
        self._refresh_round_panel()
        # while there is no table to show, the results box stays small and the votes get the room
        showing = self.results_stack.currentWidget() is self.results_view
        self.results_box.setMaximumHeight(16_777_215 if showing else 96)
        # A closed round has no votes to type: the results get the room without dragging the
        # divider (1.5 rows showed at 1366×768), and the votes get it back when a round is
        # open again. Only on a change of state: a divider moved meanwhile stays where it is.
        current = self.entry_stack.currentWidget()
        # a QStackedWidget is as tall as its tallest page (the ballot entry): bounded to the
        # one-line placeholder while that is shown
        wanted = "results" if showing and current is self.entry_placeholder else "votes"
        limit = current.sizeHint().height() + 8 if wanted == "results" else 16_777_215
        if self.entry_stack.maximumHeight() != limit:
            self.entry_stack.setMaximumHeight(limit)
        if wanted != self._results_layout:
            self._results_layout = wanted
            self._give_room()
            # once more when the new contents have their sizes (a splitter keeps a pane at
            # the minimum it had while it was being laid out)
            QTimer.singleShot(0, lambda: self._give_room(flush=False))

    def _give_room(self, flush: bool = True) -> None:
        """Share the right column between the votes and the results for the state of the
        round (``_results_layout``), in the proportion the user last left for that state;
        again each time the column is resized (``flush=False``: during a resize)."""
        if flush:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the new heights counted
        splitter = self.right_splitter
        total = sum(splitter.sizes()) or 720
        smallest = min(total // 2, splitter.widget(0).minimumSizeHint().height())
        if self._results_layout == "results":
            # the rounds list and the closed round's line at their smallest, the rest to the
            # results; a window made taller gives its growth to the results too
            top = max(smallest, round(total * (1 - settings.SESSION_RESULTS_SHARE.get())))
            splitter.setStretchFactor(0, 0)
        else:
            top = max(smallest, round(total * settings.SESSION_VOTES_SHARE.get()))
            splitter.setStretchFactor(0, 3)
        splitter.setSizes([top, total - top])

    def _remember_share(self, *_args: object) -> None:
        """The user dragged the divider: keep that share for rounds in the same state."""
        sizes = self.right_splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        if self._results_layout == "results":
            settings.SESSION_RESULTS_SHARE.set(round(sizes[1] / total, 3))
        else:
            settings.SESSION_VOTES_SHARE.set(round(sizes[0] / total, 3))

    def _refresh_round_panel(self) -> None:
        """From the workshop loaded (``self.workshop``): no database read here."""
        from projter_desktop.services import rounds as round_service

        record = self.current_round()
        workshop = self.workshop
        ro = self.read_only
        self.open_round_button.setEnabled(not ro and record is not None and record.status is RoundStatus.DRAFT)
        self.close_round_button.setEnabled(not ro and record is not None and record.status is RoundStatus.OPEN)
        self.reveal_button.setEnabled(not ro and record is not None and record.status is not RoundStatus.DRAFT)
        self.delete_round_button.setEnabled(not ro and record is not None and not record.ballots and not record.counts)
        self.correct_button.setEnabled(not ro and record is not None and record.status is RoundStatus.OPEN
                                       and record.mode is RoundMode.NAMED and bool(record.ballots))
        if record is not None and not record.results_hidden:
            self.reveal_button.setText(QCoreApplication.translate("SessionPage", "&Hide the results"))
        else:
            self.reveal_button.setText(QCoreApplication.translate("SessionPage", "Re&veal the results"))
        self.progress = None
        self.tally = None
        if record is None or workshop is None:
            self.round_info.setText(QCoreApplication.translate("SessionPage", "No voting round for this orientation yet.") if self.orientation() else "")
            self.round_turnout.setText("")
            self.round_turnout.setVisible(False)
            self.entry_placeholder.setText(QCoreApplication.translate("SessionPage", "Create a round (New round…) to vote on the actions of this orientation.")
                                           if not ro else QCoreApplication.translate("SessionPage", "This workshop is closed."))
            self.entry_stack.setCurrentWidget(self.entry_placeholder)
            self.results_caption.setText("")
            self.results_model.set_results(None)
            self.results_hidden_label.setText(QCoreApplication.translate("SessionPage", "No results yet."))
            self.results_stack.setCurrentWidget(self.results_hidden_label)
            self.results_notes.setText("")
            return

        present = [a for a in workshop.attendees if a.status is AttendanceStatus.PRESENT]
        info = QCoreApplication.translate("SessionPage", "Round %1 “%2” — %3, %4 — %5").replace("%1", str(record.number)).replace("%2", record.title) \
            .replace("%3", method_label(record.method)).replace("%4", mode_label(record.mode)) \
            .replace("%5", status_label(record.status))
        proxies = attendance_figures(workshop.attendees, workshop.proxies)[1]
        turnout = ""
        if record.mode is not RoundMode.ANALOG:
            self.progress = round_service.progress_of(record, workshop.attendees)
            turnout = turnout_text(len(self.progress.voted), len(present), proxies)
        self.round_info.setText(info)
        self.round_turnout.setText(turnout)
        self.round_turnout.setVisible(bool(turnout))

        # entry
        if record.status is RoundStatus.DRAFT:
            self.entry_placeholder.setText(QCoreApplication.translate("SessionPage", "This round is not open yet: press Open to start the vote."))
            self.entry_stack.setCurrentWidget(self.entry_placeholder)
        elif record.mode is RoundMode.ANALOG:
            expected = attendance_summary(workshop.attendees, workshop.proxies, workshop.quorum).voting_weight
            self.analog_grid.set_round(record, self.action_infos, expected,
                                       read_only=ro or record.status is not RoundStatus.OPEN)
            codes = {a: self.action_infos[a].code for a in record.action_uuids if a in self.action_infos}
            if record.counts and not self.analog_grid.dirty:
                check = round_service.check_counts(workshop, record, codes)
                self.analog_grid.show_warnings(check.warnings)
            self.entry_stack.setCurrentWidget(self.analog_grid)
        elif record.status is RoundStatus.OPEN:
            counted = voices(workshop.attendees, workshop.proxies)
            by_uuid = {a.uuid: a for a in workshop.attendees}
            candidates = []
            for uuid in (self.progress.not_voted if self.progress else ()):
                attendee = by_uuid[uuid]
                voice = counted.get(uuid)
                candidates.append(Candidate(uuid, attendee.name, " ".join(x for x in (attendee.commune, attendee.role) if x),
                                            1 + (len(voice.proxy_weights) if voice else 0)))
            self.ballot_entry.set_round(record, self.action_infos, candidates, read_only=ro)
            self.entry_stack.setCurrentWidget(self.ballot_entry)
        else:
            count = len(record.ballots)
            self.entry_placeholder.setText(closed_round_text(count))
            self.entry_stack.setCurrentWidget(self.entry_placeholder)

        # results
        if record.status is RoundStatus.DRAFT:
            self.results_caption.setText(method_label(record.method))
            self.results_hidden_label.setText(QCoreApplication.translate("SessionPage", "No vote yet."))
            self.results_stack.setCurrentWidget(self.results_hidden_label)
            self.results_model.set_results(None)
            self.results_notes.setText("")
            return
        hidden = record.results_hidden and record.status is not RoundStatus.CLOSED
        if hidden and record.mode is not RoundMode.ANALOG:
            # nobody sees the results yet: no tally while the ballots come in
            voters = float(sum(b.weight for b in record.ballots))
        else:
            cached = self._tallies.get(record.uuid)
            if cached is not None and cached[0] is record:
                self.tally = cached[1]  # the same round record: its tally cannot have changed
            else:
                try:
                    self.tally = round_service.tally_record(workshop, record)
                except (UserError, ValueError) as exc:
                    self.tally = None
                    self.results_notes.setText(str(exc))
                else:
                    self._tallies[record.uuid] = (record, self.tally)
            voters = self.tally.voters if self.tally else 0
        if record.mode is RoundMode.ANALOG:
            basis = QCoreApplication.translate("SessionPage", "counted by hand") + ", " \
                + voters_text(round(voters))
        else:
            basis = turnout
        method_text = method_label(record.method)
        if rule_text(record):
            method_text += " (" + rule_text(record) + ")"
        self.results_caption.setText(QCoreApplication.translate("SessionPage", "%1 — %2").replace("%1", method_text)
                                     .replace("%2", basis))
        if hidden:
            self.results_hidden_label.setText(QCoreApplication.translate("SessionPage", "Results are hidden. Reveal them (or close the round) to show "
                                                      "them here and on the projector."))
            self.results_stack.setCurrentWidget(self.results_hidden_label)
            self.results_model.set_results(None)
            self.results_notes.setText("")
        else:
            self.results_model.set_results(self.tally, {a: self.action_infos[a] for a in record.action_uuids
                                                        if a in self.action_infos})
            self.results_stack.setCurrentWidget(self.results_view)
            self.results_notes.setText("\n".join(self.tally.notes) if self.tally else "")

    # -- rounds
    def open_round_dialog(self) -> None:
        orientation = self.orientation()
        if self.read_only or orientation is None or self.workshop is None:
            return
        dialog = RoundDialog(self, self.workshop, orientation)
        self.round_dialog = dialog
        dialog.accepted.connect(lambda: self._create_round(dialog.values()))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def _create_round(self, values: Mapping[str, Any]) -> None:
        orientation = self.orientation()
        assert self.workshop is not None and orientation is not None
        values = dict(values)
        open_now = values.pop("open_now")
        phone_host = values.pop("phone_host", None)
        command = CreateRoundCommand(self.db, self._notify, self.workshop.uuid, orientation.uuid, open_now=open_now,
                                     **values)
        self.round_uuid_wanted = command.round_uuid
        if perform(self.window_, command, initiator=command):
            self._focus_entry()
            if phone_host:
                from projter_desktop.ui.session.phone_voting import start_phone_voting

                start_phone_voting(self, command.round_uuid, phone_host)

    def open_round(self) -> None:
        from projter_desktop.services import rounds as round_service

        record = self.current_round()
        if record is None or self.read_only:
            return
        if self._execute(lambda: round_service.open_round(self.db, record.uuid)):
            self._focus_entry()

    def _focus_entry(self) -> None:
        if self.entry_stack.currentWidget() is self.ballot_entry:
            self.ballot_entry.focus_voter()
        elif self.entry_stack.currentWidget() is self.analog_grid:
            self.analog_grid.focus_first()

    def close_round(self) -> None:
        record = self.current_round()
        if record is None or self.read_only or record.status is not RoundStatus.OPEN:
            return
        question = self._missing_votes_question(record)
        if question:
            answer = QMessageBox.question(self, QCoreApplication.translate("SessionPage", "Close the round"), question,
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._execute(CloseRoundCommand(self.db, self._notify, record))

    def _missing_votes_question(self, record: RoundRecord) -> str:
        """What to ask before closing ``record`` while votes are missing ("" when none is):
        the present voters who have not voted (named round), or the papers of the urn not
        counted yet (secret round; no name). A secret round still in its émargement is
        refused by the service; an analog round has no voter to wait for."""
        translate = QCoreApplication.translate
        if self.workshop is None or record.mode is RoundMode.ANALOG:
            return ""
        if record.mode is RoundMode.SECRET:
            if not record.urn_closed:
                return ""
            entered, papers = len(record.ballots), len(record.signed_voices)
            if entered >= papers:
                return ""
            return translate("SessionPage", "Only %1 of the %2 papers in the urn have been counted.\n\n"
                             "Close round %3 anyway? The papers not entered will not count.") \
                .replace("%1", str(entered)).replace("%2", str(papers)).replace("%3", str(record.number))
        voted = set(record.voted)
        missing = [a.name for a in self.workshop.attendees
                   if a.status is AttendanceStatus.PRESENT and a.uuid not in voted]
        if not missing:
            return ""
        return translate("SessionPage", "%1 present voters have not voted: %2.\n\nClose round %3 anyway? "
                         "They will not be able to vote in it afterwards.") \
            .replace("%1", str(len(missing))).replace("%2", name_list(missing)).replace("%3", str(record.number))

    def toggle_results(self) -> None:
        record = self.current_round()
        if record is None or self.read_only:
            return
        self._execute(SetResultsHiddenCommand(self.db, self._notify, record, not record.results_hidden))

    def delete_round(self) -> None:
        from projter_desktop.services import rounds as round_service

        record = self.current_round()
        if record is None or self.read_only:
            return
        answer = QMessageBox.question(self, QCoreApplication.translate("SessionPage", "Delete the round"),
                                      QCoreApplication.translate("SessionPage", "Delete round %1 “%2”? It holds no vote.").replace("%1", str(record.number))
                                      .replace("%2", record.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._execute(lambda: round_service.delete_round(self.db, record.uuid))

    # -- votes
    def _on_ballot(self, attendee_uuid: str, marks: dict) -> None:
        record = self.current_round()
        if record is None or self.workshop is None:
            return
        attendee = self.workshop.attendee(attendee_uuid)
        name = attendee.name if attendee else "?"
        command = RecordBallotCommand(self.db, self._notify, self.workshop.uuid, record.uuid, attendee_uuid, marks, name)
        # the command is the initiator: this page then adds the ballot without reading it back
        perform(self.window_, command, initiator=command,
                on_success=lambda _command: self.ballot_entry.ballot_recorded(name),
                on_failure=self.ballot_entry.show_error)

    def _on_signed(self, attendee_uuid: str) -> None:
        """Secret round, émargement: the voter signs the register."""
        record = self.current_round()
        if record is None or self.workshop is None:
            return
        attendee = self.workshop.attendee(attendee_uuid)
        name = attendee.name if attendee else "?"
        command = SignRegisterCommand(self.db, self._notify, record.uuid, attendee_uuid, name)
        perform(self.window_, command, initiator=self,
                on_success=lambda done: self.ballot_entry.signature_recorded(name, len(done.signature.voices)),
                on_failure=self.ballot_entry.show_error)

    def close_urn(self) -> None:
        """Secret round: end of the émargement (asked first: nobody can vote afterwards)."""
        record = self.current_round()
        if record is None or self.read_only or record.mode is not RoundMode.SECRET or record.urn_closed \
                or record.status is not RoundStatus.OPEN or self.workshop is None:
            return
        present = [a for a in self.workshop.attendees if a.status is AttendanceStatus.PRESENT]
        missing = len(present) - len(record.voted)
        text = QCoreApplication.translate("SessionPage", "Close the register of round %1? %2 papers are in the urn.") \
            .replace("%1", str(record.number)).replace("%2", str(len(record.signed_voices)))
        if missing > 0:
            text += "\n" + QCoreApplication.translate("SessionPage", "%1 present voters have not signed: they will not "
                                                      "be able to vote in this round.").replace("%1", str(missing))
        answer = QMessageBox.question(self, QCoreApplication.translate("SessionPage", "Close the register"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._execute(CloseUrnCommand(self.db, self._notify, record.uuid), on_success=lambda _c: self._focus_entry(),
                      on_failure=self.ballot_entry.show_error)

    def _on_paper(self, marks: dict, weight: float | None) -> None:
        """Secret round, counting: one paper, with no voter."""
        record = self.current_round()
        if record is None:
            return
        number = len(record.ballots) + 1
        command = RecordPaperCommand(self.db, self._notify, record.uuid, marks, weight, number)
        perform(self.window_, command, initiator=self,
                on_success=lambda _done: self.ballot_entry.paper_recorded(number),
                on_failure=self.ballot_entry.show_error)

    def open_correction_dialog(self) -> None:
        from projter_desktop.services import rounds as round_service

        record = self.current_round()
        if record is None or self.workshop is None or self.read_only or not self.correct_button.isEnabled():
            return
        history = round_service.round_corrections(self.db, record.uuid)
        dialog = CorrectionDialog(self, self.workshop, record, self.action_infos, history)
        self.correction_dialog = dialog
        dialog.corrected.connect(lambda uuid, marks: self._correct(dialog, uuid, marks))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        dialog.entry.focus_voter()

    def _correct(self, dialog: CorrectionDialog, attendee_uuid: str, marks: dict) -> None:
        record = dialog.record
        attendee = self.workshop.attendee(attendee_uuid) if self.workshop else None
        name = attendee.name if attendee else "?"
        command = CorrectBallotCommand(self.db, self._notify, record.uuid, attendee_uuid, marks, name)

        def saved(_command: CorrectBallotCommand) -> None:
            dialog.accept()
            self.ballot_entry.show_message(QCoreApplication.translate("SessionPage", "Ballot of %1 corrected (kept in the round's history).").replace("%1", name))

        perform(self.window_, command, initiator=self, on_success=saved, on_failure=dialog.show_error)

    def _on_counts(self, distributions: dict, voters: float | None) -> None:
        record = self.current_round()
        if record is None:
            return
        try:
            command = RecordCountsCommand(self.db, self._notify, record.uuid, distributions, voters,
                                          QCoreApplication.translate("SessionPage", "round %1").replace("%1", str(record.number)))
        except UserError as exc:
            self.analog_grid.show_error(str(exc))
            return
        self._execute(command, on_success=lambda done: self.analog_grid.counts_recorded(
            done.check.warnings if done.check else ()), on_failure=self.analog_grid.show_error)


def name_list(names: list[str], limit: int = 10) -> str:
    """``names`` in French order, the first ``limit`` of them then "and N others"."""
    ordered = sorted_fr(names)
    if len(ordered) <= limit:
        return ", ".join(ordered)
    return QCoreApplication.translate("SessionPage", "%1 and %2 others").replace("%1", ", ".join(ordered[:limit])) \
        .replace("%2", str(len(ordered) - limit))
