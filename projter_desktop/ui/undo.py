"""Undo and redo of what the facilitator does while running a workshop.

Each command calls ``services`` only and reports what changed through ``notify`` (the main
window's ``changed`` signal); it never touches a widget — the views refresh themselves
(as Spine Toolbox's commands do).

A command is *performed* once outside the stack (:meth:`WorkshopUndoStack.execute`, called
by ``ui.operations.perform``, the one change path), so that a refusal of the service
(``UserError``) reaches the caller and nothing is pushed; then it is pushed already done. When an undo or a redo is refused later (e.g. a ballot
cannot be withdrawn from a round closed since), the stack is put back where it was and
``failed`` carries the French message.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from projter_desktop.domain.plan import ActionKind
from projter_desktop.domain.workshop import CommentRecord, DecisionKind, ProposedAction, RoundRecord
from projter_desktop.services.changes import Changes
from projter_desktop.services.database import Database
from projter_desktop.services.errors import UserError
from projter_desktop.ui.icons import icon
from projter_desktop.ui.qt import QAction, QCoreApplication, QKeySequence, QUndoCommand, QUndoStack, Signal

# The services (and the ORM under them) are imported by the commands when they run: the
# main window installs the undo stack at start-up without them.
if TYPE_CHECKING:
    from projter_desktop.services import decisions, rounds

Notify = Callable[[Changes], None]


class ServiceCommand(QUndoCommand):
    """Base class: ``perform()`` does (and redoes) the change, ``revert()`` undoes it."""

    def __init__(self, db: Database, notify: Notify, text: str) -> None:
        super().__init__(text)
        self.db = db
        self.notify = notify
        self.error: UserError | None = None
        self._skip = False  # the next redo()/undo() call only moves the stack's index

    def perform(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        self._run(self.perform)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, work: Callable[[], Changes]) -> None:
        if self._skip:
            self._skip = False
            return
        try:
            changes = work()
        except UserError as exc:
            self.error = exc
            return
        except Exception as exc:  # noqa: BLE001 — busy database, disk full…: said, never silent
            from projter_desktop.ui.operations import failure_message

            self.error = UserError(failure_message(exc))
            return
        self.notify(changes)


class WorkshopUndoStack(QUndoStack):
    """One per main window; see the module docstring."""

    failed = Signal(str)

    def execute(self, command: ServiceCommand) -> Changes:
        """Perform ``command`` now (a failure propagates, nothing pushed), then push it; the
        caller broadcasts the returned changes (``ui.operations.perform`` does)."""
        changes = command.perform()
        command._skip = True
        self.push(command)
        return changes

    def _last_done(self) -> ServiceCommand | None:
        command = self.command(self.index() - 1) if self.index() > 0 else None
        return command if isinstance(command, ServiceCommand) else None

    def _next_to_redo(self) -> ServiceCommand | None:
        command = self.command(self.index()) if self.index() < self.count() else None
        return command if isinstance(command, ServiceCommand) else None

    def undo_checked(self) -> bool:
        command = self._last_done()
        if command is None:
            return False
        self.undo()
        if command.error is not None:
            message, command.error = str(command.error), None
            command._skip = True
            self.redo()  # back to where we were, without running anything
            self.failed.emit(message)
            return False
        return True

    def redo_checked(self) -> bool:
        command = self._next_to_redo()
        if command is None:
            return False
        self.redo()
        if command.error is not None:
            message, command.error = str(command.error), None
            command._skip = True
            self.undo()
            self.failed.emit(message)
            return False
        return True


# --------------------------------------------------------------------------- ballots


class RecordBallotCommand(ServiceCommand):
    """A voter's ballot; undo withdraws it (and the voter's line in the register)."""

    def __init__(self, db: Database, notify: Notify, workshop_uuid: str, round_uuid: str, attendee_uuid: str,
                 marks: Mapping[str, Any], voter_name: str) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Ballot of %1").replace("%1", voter_name))
        self.workshop_uuid = workshop_uuid
        self.round_uuid = round_uuid
        self.attendee_uuid = attendee_uuid
        self.marks = dict(marks)
        self.recorded: rounds.RecordedBallot | None = None

    def perform(self) -> Changes:
        from projter_desktop.services import rounds

        self.recorded = rounds.record_ballot(self.db, self.round_uuid, self.attendee_uuid, self.marks)
        return self.recorded.changes

    def revert(self) -> Changes:
        from projter_desktop.services import rounds

        assert self.recorded is not None
        return rounds.withdraw_ballot(self.db, self.recorded)



class SignRegisterCommand(ServiceCommand):
    """Secret round, émargement: a voter signs (their papers go into the urn); undo
    takes the signature back while the émargement is open."""

    def __init__(self, db: Database, notify: Notify, round_uuid: str, attendee_uuid: str, voter_name: str) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Signature of %1").replace("%1", voter_name))
        self.round_uuid = round_uuid
        self.attendee_uuid = attendee_uuid
        self.signature: Any = None

    def perform(self) -> Changes:
        from projter_desktop.services import urn

        self.signature = urn.sign(self.db, self.round_uuid, self.attendee_uuid)
        return self.signature.changes

    def revert(self) -> Changes:
        from projter_desktop.services import urn

        return urn.unsign(self.db, self.signature)


class CloseUrnCommand(ServiceCommand):
    """Secret round: end of the émargement, the counting of the papers begins; undo
    reopens the émargement while no paper has been entered."""

    def __init__(self, db: Database, notify: Notify, round_uuid: str) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Close the register"))
        self.round_uuid = round_uuid

    def perform(self) -> Changes:
        from projter_desktop.services import urn

        return urn.close_urn(self.db, self.round_uuid).changes

    def revert(self) -> Changes:
        from projter_desktop.services import urn

        return urn.reopen_urn(self.db, self.round_uuid)


class RecordPaperCommand(ServiceCommand):
    """Secret round, counting: one paper, with no voter; undo takes it out again."""

    def __init__(self, db: Database, notify: Notify, round_uuid: str, marks: Mapping[str, Any],
                 weight: float | None, number: int) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Paper %1").replace("%1", str(number)))
        self.round_uuid = round_uuid
        self.marks = dict(marks)
        self.weight = weight
        self.number = number
        self.paper: Any = None

    def perform(self) -> Changes:
        from projter_desktop.services import urn

        self.paper = urn.record_paper(self.db, self.round_uuid, self.marks, weight=self.weight)
        return self.paper.changes

    def revert(self) -> Changes:
        from projter_desktop.services import urn

        return urn.withdraw_paper(self.db, self.paper)


class CorrectBallotCommand(ServiceCommand):
    """A named ballot corrected after it was recorded (the correction goes into the
    round's history); undo puts the previous marks back and removes that history line."""

    def __init__(self, db: Database, notify: Notify, round_uuid: str, attendee_uuid: str,
                 marks: Mapping[str, Any], voter_name: str) -> None:
        super().__init__(db, notify,
                         QCoreApplication.translate("Undo", "Correction of the ballot of %1").replace("%1", voter_name))
        self.round_uuid = round_uuid
        self.attendee_uuid = attendee_uuid
        self.marks = dict(marks)
        self.result: rounds.CorrectedBallot | None = None

    def perform(self) -> Changes:
        from projter_desktop.services import rounds

        self.result = rounds.correct_ballot(self.db, self.round_uuid, self.attendee_uuid, self.marks)
        return self.result.changes

    def revert(self) -> Changes:
        from projter_desktop.services import rounds

        assert self.result is not None
        return rounds.restore_ballot_marks(self.db, self.result).changes


class RecordCountsCommand(ServiceCommand):
    """Counts typed for an analog round; undo puts the previous counts back."""

    def __init__(self, db: Database, notify: Notify, round_uuid: str, distributions: Mapping[str, Any],
                 voters: float | None, round_title: str) -> None:
        from projter_desktop.services import rounds

        super().__init__(db, notify, QCoreApplication.translate("Undo", "Counts of %1").replace("%1", round_title))
        self.round_uuid = round_uuid
        self.distributions = {k: v for k, v in distributions.items()}
        self.voters = voters
        workshop_uuid, record = rounds.get_round(db, round_uuid)
        self.workshop_uuid = workshop_uuid
        self.previous_counts = dict(record.counts)
        self.previous_voters = record.analog_voters
        self.check: rounds.CountsCheck | None = None

    def perform(self) -> Changes:
        from projter_desktop.services import rounds

        result, self.check = rounds.record_counts(self.db, self.round_uuid, self.distributions, voters=self.voters)
        return result.changes

    def revert(self) -> Changes:
        from projter_desktop.services import rounds

        self.check = None
        return rounds.restore_counts(self.db, self.round_uuid, self.previous_counts, self.previous_voters)


# --------------------------------------------------------------------------- rounds


class CreateRoundCommand(ServiceCommand):
    """A new round (opened at once if asked); undo deletes it while it holds no vote."""

    def __init__(self, db: Database, notify: Notify, workshop_uuid: str, orientation_uuid: str, *,
                 method: Any, mode: Any, options: Mapping[str, Any], action_uuids: list[str], title: str,
                 open_now: bool) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "New round"))
        self.workshop_uuid = workshop_uuid
        self.orientation_uuid = orientation_uuid
        self.kwargs = dict(method=method, mode=mode, options=dict(options), action_uuids=list(action_uuids),
                           title=title)
        self.open_now = open_now
        self.round_uuid = str(uuid_module.uuid4())
        self.record: RoundRecord | None = None

    def perform(self) -> Changes:
        from projter_desktop.services import rounds

        result = rounds.create_round(self.db, self.workshop_uuid, self.orientation_uuid, uuid=self.round_uuid,
                                     open_now=self.open_now, **self.kwargs)
        self.record = result.value
        self.setText(QCoreApplication.translate("Undo", "New round “%1”").replace("%1", result.value.title))
        return result.changes

    def revert(self) -> Changes:
        from projter_desktop.services import rounds

        return rounds.delete_round(self.db, self.round_uuid)


class CloseRoundCommand(ServiceCommand):
    """Close a round (its results are revealed); undo reopens it as it was."""

    def __init__(self, db: Database, notify: Notify, record: RoundRecord) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Close “%1”").replace("%1", record.title))
        self.round_uuid = record.uuid
        self.was_hidden = record.results_hidden

    def perform(self) -> Changes:
        from projter_desktop.services import rounds

        return rounds.close_round(self.db, self.round_uuid, reveal=True).changes

    def revert(self) -> Changes:
        from projter_desktop.services import rounds

        changes = rounds.reopen_round(self.db, self.round_uuid).changes
        if self.was_hidden:
            changes = changes | rounds.set_results_hidden(self.db, self.round_uuid, True).changes
        return changes


class SetResultsHiddenCommand(ServiceCommand):
    def __init__(self, db: Database, notify: Notify, record: RoundRecord, hidden: bool) -> None:
        if hidden:
            text = QCoreApplication.translate("Undo", "Hide the results of “%1”")
        else:
            text = QCoreApplication.translate("Undo", "Reveal the results of “%1”")
        super().__init__(db, notify, text.replace("%1", record.title))
        self.round_uuid = record.uuid
        self.hidden = hidden

    def perform(self) -> Changes:
        from projter_desktop.services import rounds

        return rounds.set_results_hidden(self.db, self.round_uuid, self.hidden).changes

    def revert(self) -> Changes:
        from projter_desktop.services import rounds

        return rounds.set_results_hidden(self.db, self.round_uuid, not self.hidden).changes


# --------------------------------------------------------------------------- decisions


class SetDecisionCommand(ServiceCommand):
    """The facilitator's decision on an action; undo restores the one it replaced."""

    def __init__(self, db: Database, notify: Notify, workshop_uuid: str, action_uuid: str,
                 decision: DecisionKind | None, rationale: str, action_code: str) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Decision on %1").replace("%1", action_code))
        self.workshop_uuid = workshop_uuid
        self.action_uuid = action_uuid
        self.decision = decision
        self.rationale = rationale
        self.change: decisions.DecisionChange | None = None

    def perform(self) -> Changes:
        from projter_desktop.services import decisions

        self.change = decisions.set_decision(self.db, self.workshop_uuid, self.action_uuid, self.decision,
                                             self.rationale)
        return self.change.changes

    def revert(self) -> Changes:
        from projter_desktop.services import decisions

        assert self.change is not None
        return decisions.restore_decision(self.db, self.change)


class AddCommentCommand(ServiceCommand):
    def __init__(self, db: Database, notify: Notify, workshop_uuid: str, text: str, *,
                 action_uuid: str | None, orientation_uuid: str | None, label: str) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Comment on %1").replace("%1", label))
        self.workshop_uuid = workshop_uuid
        self.text = text
        self.action_uuid = action_uuid
        self.orientation_uuid = orientation_uuid
        self.comment_uuid = str(uuid_module.uuid4())

    def perform(self) -> Changes:
        from projter_desktop.services import decisions

        return decisions.add_comment(self.db, self.workshop_uuid, self.text, action_uuid=self.action_uuid,
                                     orientation_uuid=self.orientation_uuid, uuid=self.comment_uuid).changes

    def revert(self) -> Changes:
        from projter_desktop.services import decisions

        return decisions.delete_comment(self.db, self.comment_uuid)


class DeleteCommentCommand(ServiceCommand):
    def __init__(self, db: Database, notify: Notify, workshop_uuid: str, comment: CommentRecord) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Delete a comment"))
        self.workshop_uuid = workshop_uuid
        self.comment = comment

    def perform(self) -> Changes:
        from projter_desktop.services import decisions

        return decisions.delete_comment(self.db, self.comment.uuid)

    def revert(self) -> Changes:
        from projter_desktop.services import decisions

        c = self.comment
        return decisions.add_comment(self.db, self.workshop_uuid, c.text, action_uuid=c.action_uuid,
                                     orientation_uuid=c.orientation_uuid, author=c.author, uuid=c.uuid).changes


class ProposeActionCommand(ServiceCommand):
    def __init__(self, db: Database, notify: Notify, workshop_uuid: str, objective_uuid: str, title: str, *,
                 kind: ActionKind, proposer: str) -> None:
        super().__init__(db, notify, QCoreApplication.translate("Undo", "Proposal “%1”").replace("%1", title[:40]))
        self.workshop_uuid = workshop_uuid
        self.objective_uuid = objective_uuid
        self.title = title
        self.kind = kind
        self.proposer = proposer
        self.proposal_uuid = str(uuid_module.uuid4())

    def perform(self) -> Changes:
        from projter_desktop.services import decisions

        return decisions.propose_action(self.db, self.workshop_uuid, self.objective_uuid, self.title, kind=self.kind,
                                        proposer=self.proposer, uuid=self.proposal_uuid).changes

    def revert(self) -> Changes:
        from projter_desktop.services import decisions

        return decisions.delete_proposal(self.db, self.proposal_uuid)


class DeleteProposalCommand(ServiceCommand):
    def __init__(self, db: Database, notify: Notify, workshop_uuid: str, proposal: ProposedAction) -> None:
        text = QCoreApplication.translate("Undo", "Delete the proposal “%1”").replace("%1", proposal.title[:40])
        super().__init__(db, notify, text)
        self.workshop_uuid = workshop_uuid
        self.proposal = proposal

    def perform(self) -> Changes:
        from projter_desktop.services import decisions

        return decisions.delete_proposal(self.db, self.proposal.uuid)

    def revert(self) -> Changes:
        from projter_desktop.services import decisions

        p = self.proposal
        return decisions.propose_action(self.db, self.workshop_uuid, p.objective_uuid, p.title, kind=ActionKind(p.kind),
                                        proposer=p.proposer, uuid=p.uuid).changes


# --------------------------------------------------------------------------- installation


class _StackAction(QAction):
    """Edit → Undo / Redo, whose text names the command ("Undo Ballot of …")."""

    def __init__(self, action_icon, plain: str, named: str, keys: str, parent) -> None:  # type: ignore[no-untyped-def]
        super().__init__(action_icon, plain, parent)
        self._plain, self._named, self._keys = plain, named, keys
        self._command = ""
        self._lazy = False

    def show_command(self, text: str) -> None:
        """Remember the command's name; the action shows it when the Edit menu opens.

        Setting an action's text or tooltip makes every toolbar holding it lay itself out
        again, and the whole window is then repainted: after every ballot, that was most
        of the time between Enter and the ballot shown as recorded."""
        self._command = text
        if not self._lazy:
            self.refresh_text()

    def attach_menu(self, menu) -> None:  # type: ignore[no-untyped-def]
        """From now on, the text is updated when ``menu`` is about to show."""
        self._lazy = True
        menu.aboutToShow.connect(self.refresh_text)

    def refresh_text(self) -> None:
        text = self._named.replace("%1", self._command) if self._command else self._plain
        if text != self.text():
            self.setText(text)
            self.setToolTip(text.replace("&", "") + f" ({self._keys})")


def install_undo(window) -> WorkshopUndoStack:  # type: ignore[no-untyped-def]
    """The window's undo stack, with Edit → Undo / Redo (Ctrl+Z, Ctrl+Shift+Z); idempotent."""
    existing = getattr(window, "undo_stack", None)
    if isinstance(existing, WorkshopUndoStack):
        return existing
    stack = WorkshopUndoStack(window)
    window.undo_stack = stack

    undo_action = _StackAction(icon("undo"), QCoreApplication.translate("Undo", "&Undo"),
                               QCoreApplication.translate("Undo", "&Undo %1"), "Ctrl+Z", window)
    undo_action.setObjectName("actionUndo")
    undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    undo_action.triggered.connect(stack.undo_checked)
    redo_action = _StackAction(icon("redo"), QCoreApplication.translate("Undo", "&Redo"),
                               QCoreApplication.translate("Undo", "&Redo %1"), "Ctrl+Shift+Z", window)
    redo_action.setObjectName("actionRedo")
    redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo_action.triggered.connect(stack.redo_checked)
    # bound methods of the actions: Qt drops these connections when either side is deleted
    stack.canUndoChanged.connect(undo_action.setEnabled)
    stack.canRedoChanged.connect(redo_action.setEnabled)
    stack.undoTextChanged.connect(undo_action.show_command)
    stack.redoTextChanged.connect(redo_action.show_command)
    undo_action.setEnabled(False)
    redo_action.setEnabled(False)
    undo_action.show_command("")
    redo_action.show_command("")
    undo_action.attach_menu(window.menu_edit)
    redo_action.attach_menu(window.menu_edit)

    first = window.menu_edit.actions()[0] if window.menu_edit.actions() else None
    window.menu_edit.insertAction(first, undo_action)
    window.menu_edit.insertAction(first, redo_action)
    if first is not None:
        window.menu_edit.insertSeparator(first)
    window.toolbar.addSeparator()
    window.toolbar.addAction(undo_action)
    window.toolbar.addAction(redo_action)
    window.act_undo = undo_action
    window.act_redo = redo_action
    stack.failed.connect(
        lambda message: window.show_error(QCoreApplication.translate("Undo", "This cannot be undone now."), message))
    return stack
