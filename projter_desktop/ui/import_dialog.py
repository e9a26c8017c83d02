"""Exchange between laptops in the GUI: export workshops, import ``.projter`` files (with a
preview), trusted devices.

``install(window)`` adds File › Export workshops…, File › Import workshops…, File › Import
a folder…, Settings › Trusted devices…, and accepts ``.projter`` files dropped on the
main window.

Importing is two steps, both off the UI thread with a cancellable progress dialog:

1. the files are read and checked and compared with the database (``sync.preview_imports``:
   nothing is written); the :class:`ImportDialog` then shows, per workshop, what the import
   would do (new, updated, identical, conflict), the totals per kind of record, the files
   refused and why, and, for a file from an unknown computer, a checkbox to approve it with
   its fingerprint shown; each conflict gets a choice (keep mine, take theirs, keep both);
2. Apply merges the accepted files in one transaction (``sync.apply_imports``): cancelling
   leaves the database unchanged. A summary is shown at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from projter_desktop.services.errors import UserError
from projter_desktop.ui.icons import icon
from projter_desktop.ui.operations import Cancelled, perform, run_op
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QAction,
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QModelIndex,
    QObject,
    QPushButton,
    Qt,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

# services.sync (signatures, the export format, the ORM) is imported by the actions and
# dialogs that use it, not when the main window starts.
if TYPE_CHECKING:
    from projter_desktop.services import sync


def outcome_label(outcome: sync.Outcome) -> str:
    from projter_desktop.services import sync

    translate = QCoreApplication.translate
    return {
        sync.Outcome.ADDED: translate("ImportDialog", "New"),
        sync.Outcome.UPDATED: translate("ImportDialog", "Updated"),
        sync.Outcome.IDENTICAL: translate("ImportDialog", "Identical"),
        sync.Outcome.CONFLICT: translate("ImportDialog", "Conflict"),
    }[outcome]


def device_status_label(status: sync.DeviceStatus) -> str:
    from projter_desktop.services import sync

    translate = QCoreApplication.translate
    return {
        sync.DeviceStatus.SELF: translate("ImportDialog", "this computer"),
        sync.DeviceStatus.TRUSTED: translate("ImportDialog", "trusted computer"),
        sync.DeviceStatus.UNKNOWN: translate("ImportDialog", "unknown computer"),
        sync.DeviceStatus.REVOKED: translate("ImportDialog", "revoked computer: refused"),
        sync.DeviceStatus.KEY_CHANGED: translate("ImportDialog", "computer with another key: refused"),
    }[status]


def kind_label(kind: str) -> str:
    translate = QCoreApplication.translate
    return {
        "plans": translate("ImportDialog", "Plans"),
        "participants": translate("ImportDialog", "Directory"),
        "workshops": translate("ImportDialog", "Workshops"),
        "attendees": translate("ImportDialog", "Attendees"),
        "proxies": translate("ImportDialog", "Proxies"),
        "rounds": translate("ImportDialog", "Voting rounds"),
        "ballots": translate("ImportDialog", "Ballots"),
        "counts": translate("ImportDialog", "Hand counts"),
        "decisions": translate("ImportDialog", "Decisions"),
        "comments": translate("ImportDialog", "Comments"),
        "proposals": translate("ImportDialog", "Proposals"),
    }[kind]


RESOLUTIONS = ("mine", "theirs", "copy")


def resolution_label(resolution: str) -> str:
    translate = QCoreApplication.translate
    return {
        "mine": translate("ImportDialog", "Keep mine"),
        "theirs": translate("ImportDialog", "Take theirs"),
        "copy": translate("ImportDialog", "Keep both (copy)"),
    }[resolution]


# --------------------------------------------------------------------------- models


class PreviewModel(QAbstractTableModel):
    """One row per workshop of the previewed files."""

    FILE, WORKSHOP, DATE, STATUS, OUTCOME, RESOLUTION = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[sync.ImportPreview, sync.WorkshopPreview]] = []
        self.resolutions: dict[str, str] = {}
        self.waiting: frozenset[str] = frozenset()

    def set_previews(self, previews: list[sync.ImportPreview], waiting: frozenset[str] = frozenset()) -> None:
        """``waiting``: device uuids not approved yet; their workshops are listed, greyed."""
        from projter_desktop.services import sync

        self.beginResetModel()
        self.waiting = waiting
        self._rows = [(p, w) for p in previews for w in p.workshops]
        self.resolutions = {w.uuid: self.resolutions.get(w.uuid, "mine") for _p, w in self._rows
                            if w.outcome is sync.Outcome.CONFLICT}
        self.endResetModel()

    def row(self, index: int) -> tuple[sync.ImportPreview, sync.WorkshopPreview]:
        return self._rows[index]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("File"), self.tr("Workshop"), self.tr("Date"), self.tr("Status in the file"),
                self.tr("Import"), self.tr("Your choice"))[section]

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        from projter_desktop.services import sync

        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()][0].device.uuid in self.waiting:
            return Qt.ItemFlag.ItemIsSelectable
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.RESOLUTION and self._rows[index.row()][1].outcome is sync.Outcome.CONFLICT:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        from projter_desktop.services import sync

        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        preview, w = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.FILE:
                return preview.file_name
            if column == self.WORKSHOP:
                return w.title
            if column == self.DATE:
                return w.starts_at.astimezone().strftime("%d/%m/%Y") if w.starts_at else ""
            if column == self.STATUS:
                return workshop_status(w.their_status)
            if column == self.OUTCOME:
                if preview.device.uuid in self.waiting:
                    return self.tr("Computer to approve")
                return outcome_label(w.outcome)
            if column == self.RESOLUTION:
                if w.outcome is not sync.Outcome.CONFLICT:
                    return ""
                choice = self.resolutions.get(w.uuid, "mine")
                return choice if role == Qt.ItemDataRole.EditRole else resolution_label(choice)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.OUTCOME and w.reason:
                return w.reason
            if column == self.WORKSHOP:
                return self.tr("Fingerprint in the file: %1").replace("%1", w.their_fingerprint)
        if role == Qt.ItemDataRole.DecorationRole and column == self.OUTCOME:
            return icon({sync.Outcome.ADDED: "new", sync.Outcome.UPDATED: "import", sync.Outcome.IDENTICAL: "present",
                         sync.Outcome.CONFLICT: "warning"}[w.outcome])
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        from projter_desktop.services import sync

        if not index.isValid() or index.column() != self.RESOLUTION or role != Qt.ItemDataRole.EditRole:
            return False
        w = self._rows[index.row()][1]
        if w.outcome is not sync.Outcome.CONFLICT or value not in RESOLUTIONS:
            return False
        self.resolutions[w.uuid] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True


def workshop_status(status: Any) -> str:
    from projter_desktop.domain.workshop import WorkshopStatus

    translate = QCoreApplication.translate
    return {
        WorkshopStatus.PREPARATION: translate("ImportDialog", "In preparation"),
        WorkshopStatus.RUNNING: translate("ImportDialog", "Running"),
        WorkshopStatus.CLOSED: translate("ImportDialog", "Closed"),
    }[WorkshopStatus(status)]


class CountsModel(QAbstractTableModel):
    """Totals per kind of record over the files that would be imported."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, sync.KindCounts]] = []

    def set_previews(self, previews: list[sync.ImportPreview]) -> None:
        from projter_desktop.services import sync

        self.beginResetModel()
        totals = {k: sync.KindCounts() for k in sync.KINDS}
        for p in previews:
            for k in sync.KINDS:
                totals[k].add(p.counts[k])
        self._rows = [(k, totals[k]) for k in sync.KINDS if totals[k].total]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Records"), self.tr("New"), self.tr("Updated"), self.tr("Identical"), self.tr("In conflict"))[section]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, counts = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return kind_label(kind)
            return str((counts.added, counts.updated, counts.identical, counts.conflicts)[index.column() - 1])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# --------------------------------------------------------------------------- dialog


class ImportDialog(QDialog):
    """The preview of an import; Apply runs it."""

    def __init__(self, window: Any, batch: sync.BatchPreview, parent: QWidget | None = None) -> None:
        from projter_desktop.services import sync

        super().__init__(parent or window)
        self.window_ = window
        self.batch = batch
        self.summary: sync.ImportSummary | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import workshops"))
        self.resize(980, 640)
        layout = QVBoxLayout(self)

        self.intro = QLabel(self)
        self.intro.setObjectName("importIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        self.devices_box = QGroupBox(self.tr("Computers that made these files"), self)
        devices_layout = QVBoxLayout(self.devices_box)
        self.trust_boxes: dict[str, QCheckBox] = {}
        for device, status in batch.devices.values():
            files = sum(1 for p in batch.previews if p.device.uuid == device.uuid)
            if status is sync.DeviceStatus.UNKNOWN:
                box = QCheckBox(self.tr("Trust the computer “%1” (fingerprint %2) — %3 file(s)")
                                .replace("%1", device.name).replace("%2", device.fingerprint).replace("%3", str(files)),
                                self.devices_box)
                box.setObjectName(f"trust-{device.uuid}")
                box.setToolTip(self.tr("Compare this fingerprint with the one shown in Settings › Trusted devices on "
                                       "that computer before approving it. Files of a computer you do not approve "
                                       "are not imported."))
                box.toggled.connect(self._update)
                self.trust_boxes[device.uuid] = box
                devices_layout.addWidget(box)
            else:
                label = QLabel(f"{device.name} — {device.fingerprint} — {device_status_label(status)}", self.devices_box)
                if not status.accepted:
                    label.setStyleSheet("color: #b91c1c;")
                devices_layout.addWidget(label)
        layout.addWidget(self.devices_box)

        tabs = QTabWidget(self)
        self.tabs = tabs
        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("importPreviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(PreviewModel.WORKSHOP, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Workshops in the files"))
        tabs.addTab(self.table, self.tr("Workshops"))
        self.counts_model = CountsModel(self)
        self.counts = QTableView(self)
        self.counts.setObjectName("importCountsTable")
        self.counts.setModel(self.counts_model)
        self.counts.verticalHeader().setVisible(False)
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tabs.addTab(self.counts, self.tr("Records"))
        self.refused = QListWidget(self)
        self.refused.setObjectName("importRefusedList")
        self.refused.setWordWrap(True)
        for r in batch.refused:
            item = QListWidgetItem(icon("warning"), f"{r.path.name} — {r.message}", self.refused)
            item.setToolTip(r.details or r.message)
        for p in batch.previews:
            if not p.device_status.accepted and p.device_status is not sync.DeviceStatus.UNKNOWN:
                QListWidgetItem(icon("warning"), f"{p.file_name} — {device_status_label(p.device_status)}", self.refused)
        self.refused_tab = tabs.addTab(self.refused, self.tr("Refused files (%1)").replace("%1", str(self.refused.count())))
        layout.addWidget(tabs, 1)

        self.note = QLabel(self)
        self.note.setObjectName("importNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(self.tr("&Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("importApply")
        self.apply_button.setIcon(icon("import"))
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    # -- state ----------------------------------------------------------------------------
    def accepted_previews(self) -> list[sync.ImportPreview]:
        """The files that Apply would import: known or approved computers only."""
        from projter_desktop.services import sync

        out = []
        for p in self.batch.previews:
            if p.device_status.accepted:
                out.append(p)
            elif p.device_status is sync.DeviceStatus.UNKNOWN and self.trust_boxes[p.device.uuid].isChecked():
                out.append(p)
        return out

    def trusted_uuids(self) -> set[str]:
        return {uuid for uuid, box in self.trust_boxes.items() if box.isChecked()}

    def resolution_combo(self, workshop_uuid: str) -> QComboBox | None:
        return self.findChild(QComboBox, f"resolution-{workshop_uuid}")

    def _update(self) -> None:
        from projter_desktop.services import sync

        previews = self.accepted_previews()
        readable = [p for p in self.batch.previews
                    if p.device_status.accepted or p.device_status is sync.DeviceStatus.UNKNOWN]
        waiting = frozenset(p.device.uuid for p in readable if p not in previews)
        self.model.set_previews(readable, waiting)
        self.counts_model.set_previews(previews)
        for row in range(self.model.rowCount()):
            p, w = self.model.row(row)
            if w.outcome is sync.Outcome.CONFLICT and p.device.uuid not in waiting:
                combo = QComboBox(self.table)
                combo.setObjectName(f"resolution-{w.uuid}")
                combo.setAccessibleName(self.tr("Choice for the conflict on “%1”").replace("%1", w.title))
                for value in RESOLUTIONS:
                    combo.addItem(resolution_label(value), value)
                combo.setCurrentIndex(RESOLUTIONS.index(self.model.resolutions.get(w.uuid, "mine")))
                index = self.model.index(row, PreviewModel.RESOLUTION)
                combo.currentIndexChanged.connect(
                    lambda _i, c=combo, ix=index: self.model.setData(ix, c.currentData()))
                self.table.setIndexWidget(index, combo)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(PreviewModel.WORKSHOP, QHeaderView.ResizeMode.Stretch)
        waiting = [p for p in self.batch.previews if p.device_status is sync.DeviceStatus.UNKNOWN
                   and not self.trust_boxes[p.device.uuid].isChecked()]
        changes = sum(1 for p in previews for w in p.workshops if w.outcome is not sync.Outcome.IDENTICAL)
        self.intro.setText(self.tr("%1 file(s) read and checked, %2 refused. Nothing has been imported yet: "
                                   "check what would change, then Apply.")
                           .replace("%1", str(len(self.batch.previews))).replace("%2", str(len(self.batch.refused))))
        notes = []
        if waiting:
            notes.append(self.tr("%1 file(s) from a computer you have not approved will not be imported.")
                         .replace("%1", str(len(waiting))))
        if previews and not changes:
            notes.append(self.tr("Everything in these files is already in the database."))
        conflicts = sum(1 for p in previews for w in p.workshops if w.outcome is sync.Outcome.CONFLICT)
        if conflicts:
            notes.append(self.tr("%1 closed workshop(s) differ from yours: choose for each what to keep.")
                         .replace("%1", str(conflicts)))
        self.note.setText(" ".join(notes))
        self.apply_button.setEnabled(bool(previews))

    # -- apply ----------------------------------------------------------------------------
    def apply(self) -> None:
        from projter_desktop.services import sync

        previews = self.accepted_previews()
        if not previews:
            return
        db = self.window_.db
        resolutions = dict(self.model.resolutions)
        trusted = self.trusted_uuids()
        batch = sync.BatchPreview(tuple(previews), self.batch.refused)
        self.apply_button.setEnabled(False)

        def work(token):  # type: ignore[no-untyped-def]
            return sync.apply_imports(db, batch, resolutions, trusted, progress=token.report)

        perform(self.window_, work, background=True, progress_label=self.tr("Importing workshops…"),
                progress_parent=self, initiator=self, on_success=self._applied, on_failure=self._failed,
                on_cancel=self._cancelled)

    def _applied(self, summary: sync.ImportSummary) -> None:
        """After the broadcast of what the import changed."""
        self.summary = summary
        if summary.changed:
            _warm_consolidation(self.window_)
        totals = summary.total("workshops")
        ballots = summary.total("ballots")
        QMessageBox.information(self, self.tr("Import finished"), self.tr(
            "%1 workshop(s) added, %2 updated, %3 identical or kept; %4 ballot(s) added.")
            .replace("%1", str(totals.added)).replace("%2", str(totals.updated))
            .replace("%3", str(totals.identical)).replace("%4", str(ballots.added)))
        self.accept()

    def _cancelled(self) -> None:
        self.apply_button.setEnabled(True)
        QMessageBox.information(self, self.tr("Import cancelled"),
                                self.tr("The import was cancelled: nothing has been imported."))

    def _failed(self, message: str) -> None:
        self.apply_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("Import refused"), message + "\n\n" + self.tr("Nothing has been imported."))


def _warm_consolidation(window: Any) -> None:
    """Tally the imported closed workshops in the background (silently), so that the
    Consolidation page opens at once afterwards."""
    from projter_desktop.services import consolidation

    db = window.db
    run_op(window, lambda _token: consolidation.warm_cache(db), lambda _count: None, lambda _exc: None)


# --------------------------------------------------------------------------- export dialog


class ExportDialog(QDialog):
    """Choose the workshops to export (all checked at first)."""

    def __init__(self, window: Any) -> None:
        from projter_desktop.services import workshops as workshop_service

        super().__init__(window)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export workshops"))
        self.resize(560, 460)
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Workshops to put in the export file (to bring to the office or to another laptop):"), self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget(self)
        self.list.setObjectName("exportWorkshopList")
        for summary in workshop_service.list_workshops(window.db):
            date = summary.starts_at.astimezone().strftime("%d/%m/%Y") if summary.starts_at else ""
            item = QListWidgetItem(f"{date}  {summary.title}  ({workshop_status(summary.status)})".strip(), self.list)
            item.setData(Qt.ItemDataRole.UserRole, summary.uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        every = QPushButton(self.tr("Check &all"), self)
        every.clicked.connect(lambda: self._check_all(True))
        none = QPushButton(self.tr("&Uncheck all"), self)
        none.clicked.connect(lambda: self._check_all(False))
        row.addWidget(every)
        row.addWidget(none)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


# --------------------------------------------------------------------------- trusted devices


class DevicesDialog(QDialog):
    """This computer's name and fingerprint; the other computers, to approve or revoke."""

    def __init__(self, window: Any) -> None:
        from projter_desktop.services import sync

        super().__init__(window)
        self.window_ = window
        self.setObjectName("devicesDialog")
        self.setWindowTitle(self.tr("Trusted devices"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        me = sync.this_device()
        mine = QLabel(self.tr("This computer: <b>%1</b><br>Fingerprint to give to the office: <b>%2</b>")
                      .replace("%1", _html(me.name)).replace("%2", me.fingerprint), self)
        mine.setObjectName("thisDevice")
        mine.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(mine)
        self.list = QListWidget(self)
        self.list.setObjectName("deviceList")
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.trust_button = QPushButton(icon("present"), self.tr("&Approve"), self)
        self.trust_button.setObjectName("deviceTrust")
        self.trust_button.clicked.connect(self._trust)
        self.revoke_button = QPushButton(icon("absent"), self.tr("&Revoke"), self)
        self.revoke_button.setObjectName("deviceRevoke")
        self.revoke_button.clicked.connect(self._revoke)
        row.addWidget(self.trust_button)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        close = QPushButton(self.tr("&Close"), self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(self._selected)
        self.reload()
        window.changed.connect(self._on_changed)  # the list follows the broadcast, not its own calls
        self.finished.connect(lambda _result: window.changed.disconnect(self._on_changed))

    def _on_changed(self, changes: Any) -> None:
        if changes.devices:
            self.reload()

    def reload(self) -> None:
        from projter_desktop.services import sync

        self.list.clear()
        for d in sync.list_devices(self.window_.db):
            text = self.tr("%1 — fingerprint %2 — %3 — %4 import(s)").replace("%1", d.name).replace(
                "%2", d.fingerprint).replace("%3", device_status_label(d.status)).replace("%4", str(d.imports))
            item = QListWidgetItem(icon("present" if d.trusted else "absent"), text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, d.uuid)
        if not self.list.count():
            QListWidgetItem(self.tr("No other computer yet: they appear here when you import their files."), self.list)
        self._selected()

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _selected(self, *_args: object) -> None:
        has = self._current() is not None
        self.trust_button.setEnabled(has)
        self.revoke_button.setEnabled(has)

    def _trust(self) -> None:
        from projter_desktop.services import sync

        uuid, db = self._current(), self.window_.db
        if uuid is not None:
            self._act(lambda: sync.trust_device(db, uuid))

    def _revoke(self) -> None:
        from projter_desktop.services import sync

        uuid, db = self._current(), self.window_.db
        if uuid is None:
            return
        if QMessageBox.question(self, self.tr("Revoke this computer?"), self.tr(
                "Files made by this computer will be refused from now on (what was already imported stays). "
                "Revoke it?")) != QMessageBox.StandardButton.Yes:
            return
        self._act(lambda: sync.revoke_device(db, uuid))

    def _act(self, op: Any) -> None:
        """``op`` (a service call) on the one change path."""
        perform(self.window_, op, initiator=self,
                on_failure=lambda message: QMessageBox.warning(self, self.windowTitle(), message))


def _html(text: str) -> str:
    from html import escape

    return escape(text)


# --------------------------------------------------------------------------- entry points


class Exchange(QObject):
    """The actions and the drop target installed on the main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("exchange")
        self.window = window
        self.dialog: ImportDialog | None = None
        self.act_export = QAction(icon("export"), self.tr("E&xport workshops…"), window)
        self.act_export.setObjectName("actionExportWorkshops")
        self.act_export.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.act_export.setStatusTip(self.tr("Write workshops to a signed .projter file for the office"))
        self.act_export.triggered.connect(self.export)
        self.act_import = QAction(icon("import"), self.tr("I&mport workshops…"), window)
        self.act_import.setObjectName("actionImportWorkshops")
        self.act_import.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.act_import.setStatusTip(self.tr("Import .projter files from other laptops (you see what changes first)"))
        self.act_import.triggered.connect(self.choose_files)
        self.act_import_folder = QAction(icon("open"), self.tr("Import a &folder of exports…"), window)
        self.act_import_folder.setObjectName("actionImportFolder")
        self.act_import_folder.setStatusTip(self.tr("Import every .projter file of a folder (USB key…)"))
        self.act_import_folder.triggered.connect(self.choose_folder)
        self.act_devices = QAction(icon("settings"), self.tr("&Trusted devices…"), window)
        self.act_devices.setObjectName("actionTrustedDevices")
        self.act_devices.setStatusTip(self.tr("This computer's fingerprint; approve or revoke other computers"))
        self.act_devices.triggered.connect(self.devices)

        menu = window.menu_file
        quit_action = getattr(window, "act_quit", None)
        anchor = quit_action if quit_action in menu.actions() else None
        for action in (self.act_export, self.act_import, self.act_import_folder):
            if anchor is not None:
                menu.insertAction(anchor, action)
            else:
                menu.addAction(action)
        if anchor is not None:
            menu.insertSeparator(anchor)
        settings_menu = getattr(window, "menu_settings", None)
        if settings_menu is None:
            settings_menu = window.menuBar().addMenu(self.tr("&Settings"))
            settings_menu.setObjectName("menuSettings")
            help_menu = getattr(window, "menu_help", None)
            if help_menu is not None:  # keep Help last
                window.menuBar().insertMenu(help_menu.menuAction(), settings_menu)
            window.menu_settings = settings_menu
        settings_menu.addAction(self.act_devices)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # -- drag and drop -------------------------------------------------------------------
    @staticmethod
    def dropped_files(event: Any) -> list[Path]:
        from projter_desktop.services import sync

        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [p for p in paths if p.suffix.lower() == sync.SUFFIX or p.is_dir()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self.dropped_files(event):
                event.acceptProposedAction()
                return True
        if watched is self.window and event.type() == QEvent.Type.Drop:
            files = self.dropped_files(event)
            if files:
                event.acceptProposedAction()
                self.import_files(files)
                return True
        return super().eventFilter(watched, event)

    # -- actions ---------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Import workshops"), str(Path.home()),
                                                self.tr("Projter exports (*.projter);;All files (*)"))
        if paths:
            self.import_files([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Import a folder of exports"), str(Path.home()))
        if folder:
            self.import_files([Path(folder)])

    def import_files(self, paths: list[Path]) -> None:
        from projter_desktop.services import sync

        db = self.window.db

        def work(token):  # type: ignore[no-untyped-def]
            return sync.preview_imports(db, paths, progress=token.report)

        run_op(self.window, work, self._previewed, self._preview_failed, progress_label=self.tr("Reading the files…"))

    def _previewed(self, batch: sync.BatchPreview) -> None:
        if not batch.previews and not batch.refused:
            QMessageBox.information(self.window, self.tr("Import workshops"),
                                    self.tr("No .projter file was found there."))
            return
        self.dialog = ImportDialog(self.window, batch)
        self.dialog.open()

    def _preview_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, UserError):
            QMessageBox.warning(self.window, self.tr("Import workshops"), str(exc))
            return
        raise exc

    def export(self) -> None:
        from projter_desktop.services import sync
        from projter_desktop.services import workshops as workshop_service

        if not workshop_service.list_workshops(self.window.db):
            QMessageBox.information(self.window, self.tr("Export workshops"), self.tr("There is no workshop to export."))
            return
        chooser = ExportDialog(self.window)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        uuids = chooser.chosen()
        if not uuids:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export workshops"),
                                              str(Path.home() / "ateliers.projter"),
                                              self.tr("Projter exports (*.projter)"))
        if not path:
            return
        db = self.window.db

        def done(result: sync.ExportResult) -> None:
            where = str(result.path)
            if len(result.files) > 1:  # more workshops than one file may hold: several files
                where = self.tr("%n files (import them together):", "", len(result.files)) + "\n" + "\n".join(
                    str(file) for file in result.files)
            self.window.statusBar().showMessage(
                self.tr("%1 workshop(s) exported to %2").replace("%1", str(result.workshops)).replace("%2", where),
                10000)
            QMessageBox.information(self.window, self.tr("Export workshops"), self.tr(
                "%1 workshop(s) exported to %2.\n\nSigned by this computer, “%3”, fingerprint %4.")
                .replace("%1", str(result.workshops)).replace("%2", where)
                .replace("%3", result.device_name).replace("%4", result.device_fingerprint))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                QMessageBox.warning(self.window, self.tr("Export workshops"), str(exc))
                return
            raise exc

        run_op(self.window, lambda _token: sync.export_workshops(db, uuids, path), done, failed,
               progress_label=self.tr("Exporting…"))

    def devices(self) -> None:
        DevicesDialog(self.window).exec()


def install(window: Any) -> Exchange:
    """Add the exchange actions (export, import, trusted devices) and the drop target."""
    window.exchange = Exchange(window)
    return window.exchange
