"""The Session page's action panel: the orientation's objectives and actions, the
decision on the action selected with its rationale, its comments, and the actions proposed
during the workshop. A mixin of :class:`~projter_desktop.ui.session.page.SessionPage`
(the widgets are built by the page); texts in the page's translation context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from projter_desktop.domain.workshop import (
    DecisionKind,
)
from projter_desktop.ui.icons import icon
from projter_desktop.ui.qt import (
    QCoreApplication,
    QListWidgetItem,
    Qt,
    QtWidgets,
)
from projter_desktop.ui.results_model import (
    decision_labels,
    kind_label,
    kind_marker,
)
from projter_desktop.ui.session.dialogs import ProposalDialog
from projter_desktop.ui.undo import (
    AddCommentCommand,
    DeleteCommentCommand,
    DeleteProposalCommand,
    ProposeActionCommand,
    SetDecisionCommand,
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






class ActionPanelMixin:
    """Actions tree, decision, comments and proposals of :class:`SessionPage`."""

    # -- actions tree -------------------------------------------------------------------------
    def _fill_actions_tree(self) -> None:
        orientation = self.orientation()
        decisions = {d.action_uuid: d for d in self.workshop.decisions} if self.workshop else {}
        labels = decision_labels()
        tree = self.actions_tree
        tree.blockSignals(True)
        tree.clear()
        current_item = None
        first_action = None
        if orientation is not None:
            for objective in orientation.objectives:
                parent = QTreeWidgetItem(tree, [objective.code, objective.title, ""])
                parent.setIcon(0, icon("objective"))
                parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                parent.setToolTip(1, objective.title)
                for action in objective.actions:
                    decision = decisions.get(action.uuid)
                    item = QTreeWidgetItem(parent, [f"{kind_marker(action.kind)} {action.code}", action.title,
                                                    labels[decision.decision] if decision else ""])
                    item.setData(0, UUID_ROLE, action.uuid)
                    item.setToolTip(0, kind_label(action.kind))
                    item.setToolTip(1, action.title)
                    if decision and decision.rationale:
                        item.setToolTip(2, decision.rationale)
                    if action.uuid == self.action_uuid:
                        current_item = item
                    first_action = first_action or item
                parent.setExpanded(True)
        if current_item is None:
            self.action_uuid = first_action.data(0, UUID_ROLE) if first_action else None
            current_item = first_action
        if current_item is not None:
            tree.setCurrentItem(current_item)
        tree.blockSignals(False)

    def _on_action_selected(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        uuid = current.data(0, UUID_ROLE) if current is not None else None
        if not uuid:
            return
        self.action_uuid = uuid
        self._refresh_action_panel()
        self.emit_projector_state()

    def _action_code(self, action_uuid: str | None) -> str:
        info = self.action_infos.get(action_uuid or "")
        return info.code if info else ""

    def _refresh_action_panel(self) -> None:
        uuid = self.action_uuid
        info = self.action_infos.get(uuid or "")
        if info is not None:
            self.action_caption.setText(f"<b>{kind_marker(info.kind)} {info.code}</b> — {info.title}")
        else:
            self.action_caption.setText(QCoreApplication.translate("SessionPage", "Select an action in the list."))
        decision = next((d for d in self.workshop.decisions if d.action_uuid == uuid), None) if self.workshop else None
        key = (uuid, (decision.decision, decision.rationale) if decision else None)
        if key != self._loaded_decision:
            self._loaded_decision = key
            self.decision_combo.setCurrentIndex(
                max(0, self.decision_combo.findData(decision.decision.value)) if decision else 0)
            self.rationale_edit.setPlainText(decision.rationale if decision else "")
        can_edit = not self.read_only and info is not None
        for widget in (self.decision_combo, self.rationale_edit, self.decide_button):
            widget.setEnabled(can_edit)
        # comments of the selected action (or of the orientation when none is selected)
        orientation = self.orientation()
        self.comments_list.clear()
        if self.workshop is not None:
            if uuid:
                comments = [c for c in self.workshop.comments if c.action_uuid == uuid]
                self.comments_caption.setText(QCoreApplication.translate("SessionPage", "Comments on %1:").replace("%1", info.code if info else ""))
            else:
                comments = [c for c in self.workshop.comments
                            if c.action_uuid is None and orientation and c.orientation_uuid == orientation.uuid]
                self.comments_caption.setText(QCoreApplication.translate("SessionPage", "Comments on the orientation:"))
            for comment in comments:
                text = comment.text + (f" — {comment.author}" if comment.author else "")
                item = QListWidgetItem(text, self.comments_list)
                item.setData(UUID_ROLE, comment.uuid)
        self.comment_edit.setEnabled(not self.read_only)
        self.add_comment_button.setEnabled(not self.read_only)
        self.delete_comment_button.setEnabled(not self.read_only and self.comments_list.count() > 0)

    def _fill_proposals(self) -> None:
        orientation = self.orientation()
        self.proposals_list.clear()
        if self.workshop is None or orientation is None:
            self.delete_proposal_button.setEnabled(False)
            return
        objectives = {o.uuid: o for o in orientation.objectives}
        for proposal in self.workshop.proposals:
            objective = objectives.get(proposal.objective_uuid)
            if objective is None:
                continue
            text = f"{kind_marker(proposal.kind)} {objective.code} — {proposal.title}"
            if proposal.proposer:
                text += " " + QCoreApplication.translate("SessionPage", "(proposed by %1)").replace("%1", proposal.proposer)
            item = QListWidgetItem(text, self.proposals_list)
            item.setData(UUID_ROLE, proposal.uuid)
            item.setToolTip(kind_label(proposal.kind))
        count = self.proposals_list.count()
        self.action_tabs.setTabText(2, QCoreApplication.translate("SessionPage", "Proposals (%1)").replace("%1", str(count)) if count else QCoreApplication.translate("SessionPage", "Proposals"))
        self.delete_proposal_button.setEnabled(not self.read_only and count > 0)

    # -- decisions, comments, proposals
    def record_decision(self) -> None:
        if self.read_only or self.workshop is None or not self.action_uuid:
            return
        value = self.decision_combo.currentData()
        decision = DecisionKind(value) if value else None
        rationale = self.rationale_edit.toPlainText().strip()
        self._execute(SetDecisionCommand(self.db, self._notify, self.workshop.uuid, self.action_uuid, decision, rationale,
                                         self._action_code(self.action_uuid)))

    def add_comment(self) -> None:
        text = self.comment_edit.text().strip()
        if self.read_only or self.workshop is None or not text:
            return
        orientation = self.orientation()
        label = self._action_code(self.action_uuid) or (orientation.code if orientation else "")
        command = AddCommentCommand(self.db, self._notify, self.workshop.uuid, text, action_uuid=self.action_uuid,
                                    orientation_uuid=orientation.uuid if orientation else None, label=label)
        if self._execute(command):
            # setText, not clear(): it also empties the field's undo history, so that Ctrl+Z
            # in the field cannot bring back a comment already saved (to be added twice)
            self.comment_edit.setText("")

    def delete_comment(self) -> None:
        item = self.comments_list.currentItem() or (self.comments_list.item(self.comments_list.count() - 1)
                                                    if self.comments_list.count() else None)
        if item is None or self.read_only or self.workshop is None:
            return
        comment = next((c for c in self.workshop.comments if c.uuid == item.data(UUID_ROLE)), None)
        if comment is not None:
            self._execute(DeleteCommentCommand(self.db, self._notify, self.workshop.uuid, comment))

    def open_proposal_dialog(self) -> None:
        orientation = self.orientation()
        if self.read_only or orientation is None:
            return
        objective_uuid = next((o.uuid for o in orientation.objectives
                               if any(a.uuid == self.action_uuid for a in o.actions)), None)
        dialog = ProposalDialog(self, orientation, objective_uuid)
        self.proposal_dialog = dialog
        dialog.accepted.connect(lambda: self._propose(dialog.values()))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def _propose(self, values: Mapping[str, Any]) -> None:
        if self.workshop is None:
            return
        command = ProposeActionCommand(self.db, self._notify, self.workshop.uuid, values["objective_uuid"], values["title"],
                                       kind=values["kind"], proposer=values["proposer"])
        if self._execute(command):
            self.action_tabs.setCurrentIndex(2)

    def delete_proposal(self) -> None:
        item = self.proposals_list.currentItem()
        if item is None or self.read_only or self.workshop is None:
            return
        proposal = next((p for p in self.workshop.proposals if p.uuid == item.data(UUID_ROLE)), None)
        if proposal is not None:
            self._execute(DeleteProposalCommand(self.db, self._notify, self.workshop.uuid, proposal))
