"""The "Session" page: running a workshop in the room.

The facilitator picks a workshop, then steps orientation by orientation through its scope
(Previous / Next, PageUp / PageDown or Alt+← / Alt+→). For the orientation shown the page
lists its objectives and actions, its voting rounds (create, open, close, reveal or hide
the results), the ballot entry or the grid of counts of the selected round, who has not
voted yet, the live results, and for the selected action the decision with its
rationale, the comments, and the actions proposed during the workshop. Closing the
workshop freezes it (everything becomes read-only) and shows its fingerprint.

Every change goes through an undo command (``ui.undo``) that calls ``services`` and
broadcasts ``window.changed``; the page (and the projector) refresh from that signal.
Services are fast single transactions here, so they run on the UI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from projter_desktop import APP_NAME
from projter_desktop.domain.plan import Orientation, TerritorialPlan
from projter_desktop.domain.voting import Tally
from projter_desktop.domain.workshop import (
    RoundRecord,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    attendance_summary,
)
from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import UserError
from projter_desktop.ui import settings
from projter_desktop.ui.icons import icon
from projter_desktop.ui.live_label import LiveLabel
from projter_desktop.ui.operations import perform
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QFont,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QTabWidget,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from projter_desktop.ui.results_model import (
    ActionInfo,
    ResultsModel,
    decision_labels,
)
from projter_desktop.ui.session.action_panel import ActionPanelMixin
from projter_desktop.ui.session.analog_grid import AnalogGrid
from projter_desktop.ui.session.ballot_entry import BallotEntry
from projter_desktop.ui.session.correction import CorrectionDialog
from projter_desktop.ui.session.dialogs import ProposalDialog, RoundDialog
from projter_desktop.ui.session.projector import DebateTimer
from projter_desktop.ui.session.projector_state import ProjectorState, build_state
from projter_desktop.ui.session.round_panel import RoundPanelMixin
from projter_desktop.ui.turnout import attendance_text
from projter_desktop.ui.undo import (
    CreateRoundCommand,
    RecordBallotCommand,
    WorkshopUndoStack,
)
from projter_desktop.ui.wrapping import wrap_rows

# The services (and the ORM under them) are imported by the methods that call them: the
# main window starts without them, and builds this page when it is first shown.
if TYPE_CHECKING:
    from projter_desktop.services import rounds as round_service

QTreeWidget = QtWidgets.QTreeWidget
QTreeWidgetItem = QtWidgets.QTreeWidgetItem
QToolButton = QtWidgets.QToolButton
QSizePolicy = QtWidgets.QSizePolicy

UUID_ROLE = Qt.ItemDataRole.UserRole




class ResizedSplitter(QSplitter):
    """A splitter that says when it has been resized (after its own layout)."""

    resized = Signal()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.resized.emit()


class SessionPage(RoundPanelMixin, ActionPanelMixin, QWidget):
    """See the module docstring."""

    projectorStateChanged = Signal(object)  # ProjectorState

    def __init__(self, window, stack: WorkshopUndoStack,  # type: ignore[no-untyped-def]
                 timer: DebateTimer | None = None) -> None:
        super().__init__(window)
        self.setObjectName("sessionPage")
        self.window_ = window
        self.db = window.db
        self.stack = stack
        self.timer = timer if timer is not None else DebateTimer(self)
        self.workshop: Workshop | None = None
        self.plan: TerritorialPlan | None = None
        self.orientations: list[Orientation] = []
        self.action_infos: dict[str, ActionInfo] = {}
        self.step = 0
        self.round_uuid: str | None = None
        self.action_uuid: str | None = None
        self.tally: Tally | None = None
        self.progress: round_service.RoundProgress | None = None
        self._steps: dict[str, int] = {}
        self._loaded_decision: tuple[str | None, Any] = (None, object())
        self._refreshing = False
        self._pending: Changes | None = None  # notices received while hidden
        # round uuid -> (the round record tallied, its tally): a record is replaced, never
        # changed, when its round changes, so the same object means the same tally
        self._tallies: dict[str, tuple[RoundRecord, Tally]] = {}
        self.round_uuid_wanted: str | None = None  # a round being created: shown once it exists
        self.round_dialog: RoundDialog | None = None
        self.proposal_dialog: ProposalDialog | None = None
        self.correction_dialog: CorrectionDialog | None = None
        self._build()
        window.changed.connect(self._on_changed)
        self.reload_workshops()

    # ================================================================ building
    def _build(self) -> None:
        # -- top bar: workshop, status, timer, projector, close
        self.workshop_combo = QComboBox(self)
        self.workshop_combo.setObjectName("sessionWorkshop")
        self.workshop_combo.setAccessibleName(self.tr("Workshop run"))
        self.workshop_combo.setMinimumContentsLength(24)
        self.workshop_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.workshop_combo.currentIndexChanged.connect(self._on_workshop_chosen)
        workshop_caption = QLabel(self.tr("&Workshop:"), self)
        workshop_caption.setBuddy(self.workshop_combo)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("sessionStatus")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.timer_label = QLabel(self.timer.text(), self)
        self.timer_label.setObjectName("timerLabel")
        timer_font = QFont("DejaVu Sans Mono")
        timer_font.setPointSize(14)
        timer_font.setBold(True)
        self.timer_label.setFont(timer_font)
        self.timer_label.setAccessibleName(self.tr("Debate timer"))
        self.timer_button = QPushButton(self.tr("Start"), self)
        self.timer_button.setObjectName("timerStart")
        self.timer_button.setToolTip(self.tr("Start or pause the debate timer (also Space on the projector)"))
        self.timer_button.clicked.connect(self.timer.toggle)
        self.timer_reset = QPushButton(self.tr("Reset"), self)
        self.timer_reset.setObjectName("timerReset")
        self.timer_reset.clicked.connect(self.timer.reset)
        self.timer_minutes = QSpinBox(self)
        self.timer_minutes.setObjectName("timerMinutes")
        self.timer_minutes.setRange(1, 60)
        self.timer_minutes.setValue(self.timer.duration // 60)
        self.timer_minutes.setSuffix(self.tr(" min"))
        self.timer_minutes.setAccessibleName(self.tr("Length of the debate"))
        self.timer_minutes.valueChanged.connect(lambda minutes: self.timer.set_duration(minutes * 60))
        self.timer.changed.connect(self._on_timer)
        self.projector_button = QToolButton(self)
        self.projector_button.setObjectName("projectorButton")
        self.projector_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.close_button = QPushButton(icon("close_workshop"), self.tr("Close the wor&kshop…"), self)
        self.close_button.setObjectName("closeWorkshop")
        self.close_button.setToolTip(self.tr("Freeze the workshop: no change is possible afterwards; "
                                             "its content is fingerprinted for the minutes."))
        self.close_button.clicked.connect(self.close_workshop)

        top = QHBoxLayout()
        top.addWidget(workshop_caption)
        top.addWidget(self.workshop_combo, 3)  # the workshop's name takes the room there is
        top.addWidget(self.status_label, 2)
        top.addWidget(QLabel(self.tr("Timer:"), self))
        top.addWidget(self.timer_label)
        top.addWidget(self.timer_minutes)
        top.addWidget(self.timer_button)
        top.addWidget(self.timer_reset)
        top.addSpacing(12)
        top.addWidget(self.projector_button)
        top.addWidget(self.close_button)

        # -- navigation
        self.prev_button = QPushButton(icon("previous"), self.tr("Previous"), self)
        self.prev_button.setObjectName("previousOrientation")
        self.prev_button.setToolTip(self.tr("Previous orientation (PageUp, Alt+←)"))
        self.prev_button.clicked.connect(self.previous_step)
        self.next_button = QPushButton(icon("next"), self.tr("Next"), self)
        self.next_button.setObjectName("nextOrientation")
        self.next_button.setToolTip(self.tr("Next orientation (PageDown, Alt+→)"))
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.next_button.clicked.connect(self.next_step)
        self.step_label = QLabel(self)
        self.step_label.setObjectName("stepIndicator")
        step_font = self.step_label.font()
        step_font.setBold(True)
        self.step_label.setFont(step_font)
        self.orientation_label = QLabel(self)
        self.orientation_label.setObjectName("orientationTitle")
        self.orientation_label.setWordWrap(True)
        title_font = self.orientation_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.orientation_label.setFont(title_font)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.step_label)
        nav.addWidget(self.next_button)
        nav.addSpacing(12)
        nav.addWidget(self.orientation_label, 1)
        for keys in ("PgUp", "Alt+Left"):
            QShortcut(QKeySequence(keys), self, self.previous_step, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for keys in ("PgDown", "Alt+Right"):
            QShortcut(QKeySequence(keys), self, self.next_step, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # the projector's pages of actions or results (PgUp / PgDown change the orientation)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self.window_.projector.turn_page(step)
                      if getattr(self.window_, "projector", None) is not None else None,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        # -- left: actions, then decision / comments / proposals
        self.actions_tree = QTreeWidget(self)
        self.actions_tree.setObjectName("sessionActions")
        self.actions_tree.setAccessibleName(self.tr("Objectives and actions of the orientation"))
        self.actions_tree.setHeaderLabels([self.tr("Code"), self.tr("Action"), self.tr("Decision")])
        self.actions_tree.setRootIsDecorated(True)
        self.actions_tree.setAlternatingRowColors(True)
        self.actions_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.actions_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        wrap_rows(self.actions_tree, [1])  # titles on two lines rather than "…" with room beside them
        self.actions_tree.currentItemChanged.connect(self._on_action_selected)

        self.action_caption = QLabel(self)
        self.action_caption.setObjectName("actionCaption")
        self.action_caption.setWordWrap(True)
        self.decision_combo = QComboBox(self)
        self.decision_combo.setObjectName("decisionCombo")
        self.decision_combo.addItem(self.tr("— no decision —"), None)
        for kind, label in decision_labels().items():
            self.decision_combo.addItem(label, kind.value)
        self.rationale_edit = QPlainTextEdit(self)
        self.rationale_edit.setObjectName("rationaleEdit")
        self.rationale_edit.setPlaceholderText(self.tr("Why this decision (shown in the minutes)"))
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setMaximumHeight(80)
        self.decide_button = QPushButton(self.tr("Record the &decision"), self)
        self.decide_button.setObjectName("recordDecision")
        self.decide_button.setToolTip(self.tr("Record the decision (Ctrl+Enter in the rationale)"))
        self.decide_button.clicked.connect(self.record_decision)
        QShortcut(QKeySequence("Ctrl+Return"), self.rationale_edit, self.record_decision,
                  context=Qt.ShortcutContext.WidgetShortcut)
        decision_tab = QWidget(self)
        decision_form = QFormLayout(decision_tab)
        decision_form.addRow(self.action_caption)
        decision_form.addRow(self.tr("D&ecision:"), self.decision_combo)
        decision_form.addRow(self.tr("&Rationale:"), self.rationale_edit)
        decision_form.addRow("", self.decide_button)

        self.comments_caption = QLabel(self)
        self.comments_list = QListWidget(self)
        self.comments_list.setObjectName("commentsList")
        self.comments_list.setWordWrap(True)
        self.comment_edit = QLineEdit(self)
        self.comment_edit.setObjectName("commentEdit")
        self.comment_edit.setPlaceholderText(self.tr("A remark from the room, then Enter"))
        self.comment_edit.returnPressed.connect(self.add_comment)
        self.add_comment_button = QPushButton(self.tr("&Add"), self)
        self.add_comment_button.setObjectName("addComment")
        self.add_comment_button.clicked.connect(self.add_comment)
        self.delete_comment_button = QPushButton(icon("delete"), self.tr("Delete"), self)
        self.delete_comment_button.setObjectName("deleteComment")
        self.delete_comment_button.clicked.connect(self.delete_comment)
        comments_tab = QWidget(self)
        comments_layout = QVBoxLayout(comments_tab)
        comments_layout.addWidget(self.comments_caption)
        comments_layout.addWidget(self.comments_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.comment_edit, 1)
        row.addWidget(self.add_comment_button)
        row.addWidget(self.delete_comment_button)
        comments_layout.addLayout(row)

        self.proposals_list = QListWidget(self)
        self.proposals_list.setObjectName("proposalsList")
        self.proposals_list.setWordWrap(True)
        self.propose_button = QPushButton(icon("new"), self.tr("&Propose an action…"), self)
        self.propose_button.setObjectName("proposeAction")
        self.propose_button.clicked.connect(self.open_proposal_dialog)
        self.delete_proposal_button = QPushButton(icon("delete"), self.tr("Delete"), self)
        self.delete_proposal_button.setObjectName("deleteProposal")
        self.delete_proposal_button.clicked.connect(self.delete_proposal)
        proposals_tab = QWidget(self)
        proposals_layout = QVBoxLayout(proposals_tab)
        proposals_layout.addWidget(self.proposals_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.propose_button)
        row.addStretch(1)
        row.addWidget(self.delete_proposal_button)
        proposals_layout.addLayout(row)

        self.action_tabs = QTabWidget(self)
        self.action_tabs.setObjectName("actionTabs")
        self.action_tabs.addTab(decision_tab, self.tr("Decision"))
        self.action_tabs.addTab(comments_tab, self.tr("Comments"))
        self.action_tabs.addTab(proposals_tab, self.tr("Proposals"))
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.actions_tree)
        left.addWidget(self.action_tabs)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        self.actions_splitter = left

        # -- right: rounds, entry, results
        self.rounds_list = QListWidget(self)
        self.rounds_list.setObjectName("roundsList")
        self.rounds_list.setAccessibleName(self.tr("Voting rounds of the orientation"))
        self.rounds_list.setMaximumHeight(64)
        self.rounds_list.currentItemChanged.connect(self._on_round_selected)
        self.new_round_button = QPushButton(icon("new"), self.tr("&New round…"), self)
        self.new_round_button.setObjectName("newRound")
        self.new_round_button.clicked.connect(self.open_round_dialog)
        self.open_round_button = QPushButton(icon("vote.open"), self.tr("&Open"), self)
        self.open_round_button.setObjectName("openRound")
        self.open_round_button.clicked.connect(self.open_round)
        self.close_round_button = QPushButton(icon("vote.close"), self.tr("C&lose"), self)
        self.close_round_button.setObjectName("closeRound")
        self.close_round_button.setToolTip(self.tr("Close the round: no more votes; its results are revealed"))
        self.close_round_button.clicked.connect(self.close_round)
        self.reveal_button = QPushButton(self.tr("Re&veal the results"), self)
        self.reveal_button.setObjectName("revealResults")
        self.reveal_button.clicked.connect(self.toggle_results)
        self.delete_round_button = QPushButton(icon("delete"), self.tr("Delete"), self)
        self.delete_round_button.setObjectName("deleteRound")
        self.delete_round_button.setToolTip(self.tr("Delete a round that holds no vote"))
        self.delete_round_button.clicked.connect(self.delete_round)
        self.correct_button = QPushButton(icon("correct"), self.tr("Co&rrect a ballot…"), self)
        self.correct_button.setObjectName("correctBallot")
        self.correct_button.setToolTip(self.tr("Change the marks of a ballot already recorded in this named round "
                                               "(the round keeps the correction in its history)"))
        self.correct_button.clicked.connect(self.open_correction_dialog)
        round_buttons = QHBoxLayout()
        for button in (self.new_round_button, self.open_round_button, self.close_round_button, self.reveal_button,
                       self.correct_button, self.delete_round_button):
            round_buttons.addWidget(button)
        round_buttons.addStretch(1)
        self.round_info = QLabel(self)
        self.round_info.setObjectName("roundInfo")
        self.round_info.setWordWrap(True)
        info_font = self.round_info.font()
        info_font.setBold(True)
        self.round_info.setFont(info_font)

        # the turnout changes with every ballot: a line of its own that never re-lays out the page
        self.round_turnout = LiveLabel(self)
        self.round_turnout.setObjectName("roundTurnout")
        self.round_turnout.setFont(info_font)
        self.entry_placeholder = QLabel(self)
        self.entry_placeholder.setObjectName("entryPlaceholder")
        self.entry_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry_placeholder.setWordWrap(True)
        self.ballot_entry = BallotEntry(self)
        self.ballot_entry.submitted.connect(self._on_ballot)
        self.ballot_entry.signed.connect(self._on_signed)
        self.ballot_entry.paperSubmitted.connect(self._on_paper)
        self.ballot_entry.closeUrnRequested.connect(self.close_urn)
        self.analog_grid = AnalogGrid(self)
        self.analog_grid.submitted.connect(self._on_counts)
        self.entry_stack = QStackedWidget(self)
        self.entry_stack.setObjectName("entryStack")
        self.entry_stack.addWidget(self.entry_placeholder)
        self.entry_stack.addWidget(self.ballot_entry)
        self.entry_stack.addWidget(self.analog_grid)

        self.results_caption = LiveLabel(self)
        self.results_caption.setObjectName("resultsCaption")
        self.results_model = ResultsModel(self)
        self.results_view = QTableView(self)
        self.results_view.setObjectName("resultsView")
        self.results_view.setModel(self.results_model)
        self.results_view.setAccessibleName(self.tr("Results of the round"))
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_view.verticalHeader().hide()
        self.results_view.setAlternatingRowColors(True)
        results_header = self.results_view.horizontalHeader()
        results_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        results_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        results_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        results_header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        wrap_rows(self.results_view, [2])  # the action's title on two lines
        self.results_hidden_label = QLabel(self)
        self.results_hidden_label.setObjectName("resultsHidden")
        self.results_hidden_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results_hidden_label.setWordWrap(True)
        self.results_stack = QStackedWidget(self)
        self.results_stack.addWidget(self.results_hidden_label)
        self.results_stack.addWidget(self.results_view)
        self.results_notes = QLabel(self)
        self.results_notes.setObjectName("resultsNotes")
        self.results_notes.setWordWrap(True)
        results_box = self.results_box = QGroupBox(self.tr("Results"), self)
        results_layout = QVBoxLayout(results_box)
        results_layout.addWidget(self.results_caption)
        results_layout.addWidget(self.results_stack, 1)
        results_layout.addWidget(self.results_notes)

        entry_box = QGroupBox(self.tr("Votes"), self)
        entry_layout = QVBoxLayout(entry_box)
        entry_layout.addWidget(self.round_info)
        entry_layout.addWidget(self.round_turnout)
        entry_layout.addWidget(self.entry_stack, 1)

        right_top = QWidget(self)
        right_top_layout = QVBoxLayout(right_top)
        right_top_layout.setContentsMargins(0, 0, 0, 0)
        right_top_layout.addWidget(QLabel(self.tr("Voting rounds of this orientation:"), self))
        right_top_layout.addWidget(self.rounds_list)
        right_top_layout.addLayout(round_buttons)
        right_top_layout.addWidget(entry_box, 1)
        right = ResizedSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(right_top)
        right.addWidget(results_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([520, 200])
        self.right_splitter = right
        self._results_layout = "votes"  # who has the room on the right: "votes" or "results"

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 760])
        settings.remember_splitter(self.splitter, settings.SESSION_SPLITTER)
        settings.remember_splitter(left, settings.SESSION_ACTIONS_SPLITTER)
        right.splitterMoved.connect(self._remember_share)
        # the shares kept as the window changes (once its layout is done: a wrapped label is
        # taller while the column is still narrow)
        right.resized.connect(lambda: QTimer.singleShot(0, lambda: self._give_room(flush=False)))

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(line)
        layout.addLayout(nav)
        layout.addWidget(self.splitter, 1)
        self._on_timer()

    # ================================================================ workshops
    def reload_workshops(self) -> None:
        """Fill the workshop selector and show the workshop chosen (loaded again)."""
        self._fill_workshop_combo()
        self._on_workshop_chosen()

    def _fill_workshop_combo(self) -> None:
        """The workshop selector: workshops in progress first, then closed ones (read-only)."""
        from projter_desktop.services import workshops as workshop_service

        wanted = self.workshop.uuid if self.workshop else None
        summaries = workshop_service.list_workshops(self.db)
        open_ones = [s for s in summaries if s.status is not WorkshopStatus.CLOSED]
        closed = [s for s in summaries if s.status is WorkshopStatus.CLOSED]
        self.workshop_combo.blockSignals(True)
        self.workshop_combo.clear()
        for summary in open_ones:
            self.workshop_combo.addItem(icon("workshop"), summary.title, summary.uuid)
        for summary in closed:
            self.workshop_combo.addItem(icon("close_workshop"), self.tr("%1 (closed)").replace("%1", summary.title),
                                        summary.uuid)
        index = self.workshop_combo.findData(wanted) if wanted else -1
        if index < 0 and self.workshop_combo.count():
            index = 0
        self.workshop_combo.setCurrentIndex(index)
        self.workshop_combo.blockSignals(False)

    def set_workshop(self, workshop_uuid: str) -> None:
        """Show ``workshop_uuid`` (for other pages: "run this workshop")."""
        index = self.workshop_combo.findData(workshop_uuid)
        if index < 0:
            self.reload_workshops()
            index = self.workshop_combo.findData(workshop_uuid)
        if index >= 0:
            self.workshop_combo.setCurrentIndex(index)

    def _on_workshop_chosen(self, *_args: object) -> None:
        uuid = self.workshop_combo.currentData()
        previous = self.workshop.uuid if self.workshop else None
        if previous and previous != uuid:
            self._steps[previous] = self.step
        if uuid != previous:
            self.step = self._steps.get(uuid, 0) if uuid else 0
            self.round_uuid = None
            self.action_uuid = None
        self.refresh(uuid)

    # ================================================================ refresh
    def _on_changed(self, changes: Changes) -> None:
        """Refresh only what ``changes`` concerns (see ``services.changes``); a hidden page
        (and no projector showing it) keeps the notice and refreshes when shown."""
        if not (changes.plans or changes.workshops or changes.concerns(self.workshop.uuid if self.workshop else None)):
            return
        if not self._on_screen():
            self._pending = changes if self._pending is None else self._pending | changes
            return
        self._apply(changes)

    def _on_screen(self) -> bool:
        projector = getattr(self.window_, "projector", None)
        return self.isVisible() or bool(projector is not None and projector.is_shown())

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.flush_pending()

    def flush_pending(self) -> None:
        """Apply the notices kept while hidden (the projector is about to show this page)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._apply(pending)

    def _apply(self, changes: Changes) -> None:
        from projter_desktop.services import rounds as round_service

        current = self.workshop.uuid if self.workshop else None
        if changes.plans or changes.workshops:
            # the list of workshops; the one shown is loaded again only if it is concerned
            if changes.plans or changes.concerns(current) or current is None:
                self.plan = None if changes.plans else self.plan
                self.reload_workshops()
            else:
                self._fill_workshop_combo()
            return
        if self.workshop is None or not changes.concerns(current):
            return
        if changes.attendance or changes.actions or changes.notes:
            # attendance, decisions and comments: one load of the workshop, then the views
            self.refresh()
            return
        touched = changes.rounds | changes.ballots
        rounds = {r.uuid: r for r in self.workshop.rounds}
        local = changes.initiator
        if isinstance(local, RecordBallotCommand) and local.recorded is not None and local.round_uuid in rounds \
                and touched == {local.round_uuid}:
            # a ballot typed here: the round is known, add the ballot stored (no reload)
            recorded = local.recorded
            rounds[local.round_uuid] = rounds[local.round_uuid].with_ballots(recorded.records, recorded.attendee_uuid)
            touched = frozenset()
        elif isinstance(local, CreateRoundCommand) and local.record is not None and touched == {local.round_uuid}:
            rounds[local.round_uuid] = local.record  # the round created here, as the service returned it
            touched = frozenset()
        for round_uuid in touched:
            try:
                _workshop, record = round_service.get_round(self.db, round_uuid)
            except UserError:  # deleted
                rounds.pop(round_uuid, None)
            else:
                rounds[round_uuid] = record
        self.workshop = self.workshop.with_rounds(rounds.values())
        if self.round_uuid_wanted in rounds:
            self.round_uuid, self.round_uuid_wanted = self.round_uuid_wanted, None
        orientation = self.orientation()
        if changes.rounds:
            self._fill_rounds()
        elif self.round_uuid in changes.ballots:
            self._refresh_round()
        else:
            return  # the ballots of a round not shown
        if orientation is not None:
            self.emit_projector_state()

    def refresh(self, workshop_uuid: str | None = None) -> None:
        from projter_desktop.services import plans as plan_service
        from projter_desktop.services import workshops as workshop_service

        uuid = workshop_uuid if workshop_uuid is not None else (self.workshop.uuid if self.workshop else None)
        if not uuid:
            self.workshop, self.plan, self.orientations = None, None, []
        else:
            try:
                self.workshop = workshop_service.get_workshop(self.db, uuid)
            except UserError:
                self.workshop = None
        if self.workshop is not None and (self.plan is None or self.plan.info.uuid != self.workshop.plan_uuid):
            self.plan = plan_service.get_plan(self.db, self.workshop.plan_uuid)
            self.action_infos = {a.uuid: ActionInfo(a.code, a.title, a.kind.value) for a in self.plan.actions()}
        if self.workshop is not None and self.plan is not None:
            by_uuid = {o.uuid: o for o in self.plan.orientations()}
            self.orientations = [by_uuid[u] for u in self.workshop.scope if u in by_uuid]
        else:
            self.orientations = []
        self.step = max(0, min(self.step, len(self.orientations) - 1))
        self._refreshing = True
        try:
            self._refresh_header()
            self._refresh_orientation()
        finally:
            self._refreshing = False
        self.emit_projector_state()

    @property
    def read_only(self) -> bool:
        return self.workshop is None or self.workshop.is_closed

    def orientation(self) -> Orientation | None:
        return self.orientations[self.step] if self.orientations else None

    def current_round(self) -> RoundRecord | None:
        if self.workshop is None or not self.round_uuid:
            return None
        return self.workshop.round(self.round_uuid)

    def _orientation_rounds(self) -> list[RoundRecord]:
        orientation = self.orientation()
        if self.workshop is None or orientation is None:
            return []
        return [r for r in self.workshop.rounds if r.orientation_uuid == orientation.uuid]

    def _refresh_header(self) -> None:
        w = self.workshop
        if w is None:
            self.status_label.setText(self.tr("No workshop yet: create one on the Workshops page."))
            self.status_label.setToolTip("")
        elif w.is_closed:
            text = self.tr("Closed — read-only. Fingerprint: %1").replace("%1", (w.fingerprint or "")[:16] + "…")
            self.status_label.setText(text)  # no emoji: the fonts shipped have no lock glyph (a box was shown)
            self.status_label.setToolTip(self.tr("SHA-256 fingerprint: %1").replace("%1", w.fingerprint or ""))
        else:
            summary = attendance_summary(w.attendees, w.proxies, w.quorum, w.quorum_basis)
            state = self.tr("In preparation") if w.status is WorkshopStatus.PREPARATION else self.tr("In progress")
            text = self.tr("%1 · %2").replace("%1", state).replace("%2", attendance_text(summary.present,
                                                                                     summary.proxies))
            self.status_label.setText(text)
            self.status_label.setToolTip(text)
        self.close_button.setEnabled(not self.read_only)

    def _refresh_orientation(self) -> None:
        orientation = self.orientation()
        count = len(self.orientations)
        self.step_label.setText(self.tr("Orientation %1 / %2").replace("%1", str(self.step + 1 if count else 0))
                                .replace("%2", str(count)))
        self.prev_button.setEnabled(self.step > 0)
        self.next_button.setEnabled(self.step < count - 1)
        self.orientation_label.setText(f"{orientation.code}  {orientation.title}" if orientation else "")
        self._fill_actions_tree()
        self._fill_rounds()
        self._refresh_action_panel()
        self._fill_proposals()
        self.new_round_button.setEnabled(not self.read_only and orientation is not None)
        self.propose_button.setEnabled(not self.read_only and orientation is not None)

    # ================================================================ navigation
    def go_to_step(self, step: int) -> None:
        if not self.orientations:
            return
        step = max(0, min(step, len(self.orientations) - 1))
        if step == self.step:
            return
        self.step = step
        self.round_uuid = None
        self.action_uuid = None
        if self.workshop:
            self._steps[self.workshop.uuid] = step
        self._refresh_orientation()
        self.emit_projector_state()

    def next_step(self) -> None:
        self.go_to_step(self.step + 1)

    def previous_step(self) -> None:
        self.go_to_step(self.step - 1)

    # ================================================================ commands
    def _notify(self, changes: Changes) -> None:
        """Broadcast of undo/redo (the undo stack runs commands again later)."""
        self.window_.changed.emit(changes)

    def _execute(self, op: Any, **kwargs: Any) -> bool:
        """Every change of this page goes through the one change path."""
        return perform(self.window_, op, initiator=self, **kwargs)

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, APP_NAME, message)

    # -- closing
    def close_workshop(self) -> None:
        from projter_desktop.services import workshops as workshop_service

        w = self.workshop
        if w is None or w.is_closed:
            return
        open_rounds = sum(1 for r in w.rounds if r.status is RoundStatus.OPEN)
        text = self.tr("Close the workshop “%1”?").replace("%1", w.title)
        details = self.tr("Open rounds are closed and their results revealed (%1 open). The workshop is then frozen: "
                          "no vote, decision or comment can be changed, and this cannot be undone.") \
            .replace("%1", str(open_rounds))
        undecided = [f"{action.code} {action.title}" for orientation in self.orientations
                     for objective in orientation.objectives for action in objective.actions
                     if action.uuid not in {d.action_uuid for d in w.decisions}]
        if undecided:
            shown = "\n".join("• " + line for line in undecided[:10])
            if len(undecided) > 10:
                shown += "\n" + self.tr("… and %1 others").replace("%1", str(len(undecided) - 10))
            details += "\n\n" + self.tr("%1 actions of the workshop have no decision:").replace(
                "%1", str(len(undecided))) + "\n" + shown
        answer = QMessageBox.question(self, self.tr("Close the workshop"), text + "\n\n" + details,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def closed(workshop: Workshop) -> None:
            QMessageBox.information(self, self.tr("Workshop closed"),
                                    self.tr("The workshop is closed. Its fingerprint (printed in the minutes):\n%1")
                                    .replace("%1", workshop.fingerprint or ""))

        self.stack.clear()  # a closed workshop refuses every change: nothing left to undo
        self._execute(lambda: workshop_service.close_workshop(self.db, w.uuid), on_success=closed)

    # ================================================================ timer & projector
    def _on_timer(self) -> None:
        self.timer_label.setText(self.timer.text())
        self.timer_button.setText(self.tr("Pause") if self.timer.running else self.tr("Start"))
        if self.timer.expired:
            self.timer_label.setText(self.timer.text() + " ⏰")

    def projector_state(self) -> ProjectorState:
        progress = self.progress
        return build_state(
            self.workshop, orientations=self.orientations, step=self.step, record=self.current_round(),
            voted=len(progress.voted) if progress else None,
            present=len(progress.voted) + len(progress.not_voted) if progress else None,
            tally=self.tally, action_infos=self.action_infos, highlight_code=self._action_code(self.action_uuid))

    def emit_projector_state(self) -> None:
        self.projectorStateChanged.emit(self.projector_state())
