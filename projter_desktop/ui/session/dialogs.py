"""The Session page's dialogs: a new voting round, a proposed action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from projter_desktop.domain.plan import ActionKind, Orientation
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import (
    RoundMode,
    Workshop,
)
from projter_desktop.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)
from projter_desktop.ui.results_model import (
    grade_labels,
    majority_rule_labels,
    kind_label,
    kind_marker,
    method_label,
    mode_label,
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




class RoundDialog(QDialog):
    """Method, mode, options and actions of a new round."""

    def __init__(self, parent: QWidget, workshop: Workshop, orientation: Orientation) -> None:
        super().__init__(parent)
        self.setObjectName("roundDialog")
        self.setWindowTitle(self.tr("New voting round — %1").replace("%1", orientation.code))
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("roundTitle")
        self.title_edit.setPlaceholderText(self.tr("e.g. Priorities of orientation %1").replace("%1", orientation.code))
        self.method_combo = QComboBox(self)
        self.method_combo.setObjectName("roundMethod")
        for method in Method:
            self.method_combo.addItem(method_label(method), method.value)
        self.method_combo.setCurrentIndex(max(0, self.method_combo.findData(workshop.default_method.value)))
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("roundMode")
        for mode in RoundMode:
            self.mode_combo.addItem(mode_label(mode), mode.value)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(workshop.default_mode.value)))

        self.majority_combo = QComboBox(self)
        self.majority_combo.setObjectName("roundMajority")
        for rule, label in majority_rule_labels().items():
            self.majority_combo.addItem(label, rule)
        self.casting_check = QCheckBox(self.tr("Casting &vote of the chair in case of a tie"), self)
        self.casting_check.setObjectName("roundCastingVote")
        self.casting_check.setToolTip(self.tr(
            "CGCT, art. L2121-20: when yes and no are equal, the chair's vote decides, except in a secret ballot."))
        self.quorum_basis_combo = QComboBox(self)
        self.quorum_basis_combo.setObjectName("roundQuorumBasis")
        self.quorum_basis_combo.addItem(self.tr("Members present (proxies not counted, CGCT art. L2121-17)"), "present")
        self.quorum_basis_combo.addItem(self.tr("Members present or represented"), "present_and_represented")
        basis = getattr(workshop, "quorum_basis", "present")
        self.quorum_basis_combo.setCurrentIndex(max(0, self.quorum_basis_combo.findData(basis)))
        self.borda_combo = QComboBox(self)
        self.borda_combo.setObjectName("roundBordaRule")
        self.borda_combo.addItem(self.tr("Modified Borda: a ranking of k actions gives k points to its first"),
                                 "modified")
        self.borda_combo.addItem(self.tr("Classic Borda: n − r points, unranked 0"), "classic")
        self.share_spin = QSpinBox(self)
        self.share_spin.setObjectName("roundMinShare")
        self.share_spin.setRange(0, 100)
        self.share_spin.setSuffix(" %")
        self.share_spin.setValue(50)
        self.share_spin.setToolTip(self.tr("An action rated by fewer voters than this is ranked after the others: "
                                           "no action wins on one vote."))
        self.dots_spin = QSpinBox(self)
        self.dots_spin.setRange(1, 50)
        self.dots_spin.setValue(5)
        self.max_dots_spin = QSpinBox(self)
        self.max_dots_spin.setRange(0, 50)
        self.max_dots_spin.setSpecialValueText(self.tr("no limit"))
        self.score_min = QSpinBox(self)
        self.score_min.setRange(0, 99)
        self.score_max = QSpinBox(self)
        self.score_max.setRange(1, 100)
        self.score_max.setValue(5)
        self.ungraded_combo = QComboBox(self)
        self.ungraded_combo.addItem(self.tr("Count as “%1”").replace("%1", grade_labels()[-1]), "lowest")
        self.ungraded_combo.addItem(self.tr("Ignore"), "ignore")
        self.matrix_min = QSpinBox(self)
        self.matrix_min.setRange(0, 9)
        self.matrix_min.setValue(1)
        self.matrix_max = QSpinBox(self)
        self.matrix_max.setRange(1, 10)
        self.matrix_max.setValue(5)
        self.quorum_spin = QSpinBox(self)
        self.quorum_spin.setRange(0, 1000)
        self.quorum_spin.setValue(int(workshop.quorum))
        self.quorum_spin.setSpecialValueText(self.tr("none"))

        self.actions_list = QListWidget(self)
        self.actions_list.setObjectName("roundActions")
        for action in orientation.actions():
            item = QListWidgetItem(f"{kind_marker(action.kind)} {action.code} — {action.title}", self.actions_list)
            item.setData(UUID_ROLE, action.uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(f"{kind_label(action.kind)} — {action.title}")
        self.open_now = QCheckBox(self.tr("&Open the round now"), self)
        self.open_now.setObjectName("roundOpenNow")
        self.open_now.setChecked(True)
        # phone voting (issue 13): opt-in, on one chosen interface, never all of them
        self.phone_check = QCheckBox(self.tr("Vote on &phones (the room's local network, no internet)"), self)
        self.phone_check.setObjectName("roundPhones")
        self.phone_check.setToolTip(self.tr(
            "Participants vote from their phones: the projector shows a QR code and a short address; "
            "the laptop serves the round on the chosen network and stops when the round closes."))
        self.phone_host = QComboBox(self)
        self.phone_host.setObjectName("roundPhoneHost")
        self.phone_host.setAccessibleName(self.tr("Network interface for phone voting"))
        from projter_desktop.ui.session.phone_voting import network_addresses

        for address, label in network_addresses():
            self.phone_host.addItem(label, address)
        self.phone_host.setEnabled(False)
        self.phone_check.toggled.connect(self.phone_host.setEnabled)
        self.open_now.toggled.connect(self._update_phone)

        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Method:"), self.method_combo)
        form.addRow(self.tr("Mo&de:"), self.mode_combo)
        self._option_rows: dict[Method, list[QWidget]] = {
            Method.YES_NO: [self.majority_combo, self.casting_check],
            Method.DOTS: [self.dots_spin, self.max_dots_spin],
            Method.SCORE: [self.score_min, self.score_max, self.share_spin],
            Method.BORDA: [self.borda_combo],
            Method.MAJORITY_JUDGMENT: [self.ungraded_combo, self.share_spin],
            Method.IMPACT_FEASIBILITY: [self.matrix_min, self.matrix_max],
        }
        form.addRow(self.tr("Ma&jority:"), self.majority_combo)
        form.addRow("", self.casting_check)
        form.addRow(self.tr("&Points:"), self.borda_combo)
        form.addRow(self.tr("Dots per voter:"), self.dots_spin)
        form.addRow(self.tr("Most dots on one action:"), self.max_dots_spin)
        form.addRow(self.tr("Lowest score:"), self.score_min)
        form.addRow(self.tr("Highest score:"), self.score_max)
        form.addRow(self.tr("Actions not graded:"), self.ungraded_combo)
        form.addRow(self.tr("Rated by at least:"), self.share_spin)
        form.addRow(self.tr("Scale from:"), self.matrix_min)
        form.addRow(self.tr("Scale to:"), self.matrix_max)
        form.addRow(self.tr("&Quorum (members):"), self.quorum_spin)
        form.addRow(self.tr("Quorum &counted on:"), self.quorum_basis_combo)
        self.form = form
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.help.setObjectName("roundMethodHelp")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Create"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b91c1c; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.help)
        actions_label = QLabel(self.tr("&Actions voted on:"), self)
        actions_label.setBuddy(self.actions_list)
        layout.addWidget(actions_label)
        layout.addWidget(self.actions_list, 1)
        layout.addWidget(self.open_now)
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.phone_check)
        phone_row.addWidget(self.phone_host, 1)
        layout.addLayout(phone_row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.method_combo.currentIndexChanged.connect(self._update_options)
        self.mode_combo.currentIndexChanged.connect(self._update_options)
        self.ungraded_combo.currentIndexChanged.connect(self._update_options)
        self.has_chair = bool(getattr(workshop, "chair", None))
        self._update_options()
        self.resize(640, 640)

    def method(self) -> Method:
        return Method(self.method_combo.currentData())

    def _update_phone(self, *_args: object) -> None:
        """Phones vote in named and secret rounds opened now (a count by hand has no ballot)."""
        allowed = self.open_now.isChecked() and self.mode_combo.currentData() != RoundMode.ANALOG.value
        self.phone_check.setEnabled(allowed)
        if not allowed:
            self.phone_check.setChecked(False)

    def _update_options(self, *_args: object) -> None:
        current = self.method()
        visible = set()
        for method, widgets in self._option_rows.items():
            if method is current:
                visible.update(widgets)
        if current is Method.MAJORITY_JUDGMENT and self.ungraded_combo.currentData() == "lowest":
            visible.discard(self.share_spin)  # every present voter grades every action: moot
        for widgets in self._option_rows.values():
            for widget in widgets:
                self.form.setRowVisible(widget, widget in visible)
        self._update_phone()
        named = self.mode_combo.currentData() == RoundMode.NAMED.value
        self.casting_check.setEnabled(named and self.has_chair)
        self.casting_check.setChecked(named and self.has_chair)
        if not named:
            self.casting_check.setToolTip(self.tr("Never in a secret ballot nor in a count by hand (CGCT, art. L2121-20)."))
        elif not self.has_chair:
            self.casting_check.setToolTip(self.tr("Name the chair of the session in the preparation first."))
        else:
            self.casting_check.setToolTip(self.tr(
                "CGCT, art. L2121-20: when yes and no are equal, the chair's vote decides, except in a secret ballot."))
        descriptions = {
            Method.YES_NO: self.tr("Each voter says yes, no or abstain on each action."),
            Method.DOTS: self.tr("Each voter spreads a number of dots over the actions."),
            Method.SCORE: self.tr("Each voter gives each action a score; ranked by the mean."),
            Method.BORDA: self.tr("Each voter ranks the actions; points by rank (Borda)."),
            Method.MAJORITY_JUDGMENT: self.tr("Each voter gives each action a grade; ranked by the median grade."),
            Method.APPROVAL: self.tr("Each voter approves as many actions as they wish."),
            Method.IMPACT_FEASIBILITY: self.tr("Each voter scores impact and feasibility; four quadrants."),
        }
        self.help.setText(descriptions[current])

    def values(self) -> dict[str, Any]:
        method = self.method()
        options: dict[str, Any] = {"quorum": self.quorum_spin.value(),
                                   "quorum_basis": self.quorum_basis_combo.currentData()}
        if method is Method.YES_NO:
            options["majority"] = self.majority_combo.currentData()
            options["casting_vote"] = self.casting_check.isChecked()
        elif method is Method.BORDA:
            options["borda_rule"] = self.borda_combo.currentData()
        elif method is Method.DOTS:
            options["dots_per_voter"] = self.dots_spin.value()
            options["max_dots_per_action"] = self.max_dots_spin.value() or None
        elif method is Method.SCORE:
            options["score_min"], options["score_max"] = self.score_min.value(), self.score_max.value()
            options["min_rated_share"] = self.share_spin.value() / 100
        elif method is Method.MAJORITY_JUDGMENT:
            options["ungraded"] = self.ungraded_combo.currentData()
            options["min_rated_share"] = self.share_spin.value() / 100 if options["ungraded"] == "ignore" else 0.5
        elif method is Method.IMPACT_FEASIBILITY:
            options["matrix_min"], options["matrix_max"] = self.matrix_min.value(), self.matrix_max.value()
        actions = [self.actions_list.item(i).data(UUID_ROLE) for i in range(self.actions_list.count())
                   if self.actions_list.item(i).checkState() == Qt.CheckState.Checked]
        return {"method": method, "mode": RoundMode(self.mode_combo.currentData()), "options": options,
                "action_uuids": actions, "title": self.title_edit.text().strip(), "open_now": self.open_now.isChecked(),
                "phone_host": self.phone_host.currentData() if self.phone_check.isChecked() else None}

    def _accept(self) -> None:
        values = self.values()
        if not values["action_uuids"]:
            self.error_label.setText(self.tr("Tick at least one action."))
            return
        if values["method"] is Method.SCORE and self.score_min.value() >= self.score_max.value():
            self.error_label.setText(self.tr("The highest score must be above the lowest."))
            return
        if values["method"] is Method.IMPACT_FEASIBILITY and self.matrix_min.value() >= self.matrix_max.value():
            self.error_label.setText(self.tr("The top of the scale must be above its bottom."))
            return
        self.accept()


class ProposalDialog(QDialog):
    """An action proposed during the workshop, attached to an objective of the orientation."""

    def __init__(self, parent: QWidget, orientation: Orientation, objective_uuid: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalDialog")
        self.setWindowTitle(self.tr("Propose an action"))
        self.objective_combo = QComboBox(self)
        self.objective_combo.setObjectName("proposalObjective")
        for objective in orientation.objectives:
            self.objective_combo.addItem(f"{objective.code} — {objective.title}", objective.uuid)
        if objective_uuid:
            self.objective_combo.setCurrentIndex(max(0, self.objective_combo.findData(objective_uuid)))
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("proposalTitle")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("proposalKind")
        for kind in (ActionKind.COMPLEMENTARY, ActionKind.PRIORITISED):
            self.kind_combo.addItem(f"{kind_marker(kind)} {kind_label(kind)}", kind.value)
        self.proposer_edit = QLineEdit(self)
        self.proposer_edit.setObjectName("proposalProposer")
        self.proposer_edit.setPlaceholderText(self.tr("Name of the elected official (optional)"))
        form = QFormLayout()
        form.addRow(self.tr("&Objective:"), self.objective_combo)
        form.addRow(self.tr("&Action proposed:"), self.title_edit)
        form.addRow(self.tr("&Kind:"), self.kind_combo)
        form.addRow(self.tr("Proposed &by:"), self.proposer_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Propose"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b91c1c; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(620, 220)

    def values(self) -> dict[str, Any]:
        return {"objective_uuid": self.objective_combo.currentData(), "title": self.title_edit.text().strip(),
                "kind": ActionKind(self.kind_combo.currentData()), "proposer": self.proposer_edit.text().strip()}

    def _accept(self) -> None:
        if not self.title_edit.text().strip():
            self.error_label.setText(self.tr("Write the action proposed."))
            self.title_edit.setFocus()
            return
        self.accept()


# --------------------------------------------------------------------------- the page
