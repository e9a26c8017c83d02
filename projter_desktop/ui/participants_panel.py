"""Participants of one workshop: fast keyboard entry, the reusable directory, attendance
(P / E / A keys), proxies and the live quorum line; import of participants from files.

Every change goes through ``services.workshops`` (or ``services.participants_import``) on
the one change path (``ui.operations.perform``; the file import on the worker thread with
its progress, ``background=True``) and is committed at once; the page hosting the panel
reloads the workshop once from the broadcast (``window.changed``) and gives it to ``set_workshop``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from projter_desktop.domain.workshop import (
    ROLES_FR,
    AttendanceStatus,
    Attendee,
    Workshop,
)
from projter_desktop.services import participants_import as import_service
from projter_desktop.services import workshops as workshop_service
from projter_desktop.services.changes import Changes, Result
from projter_desktop.services.database import Database
from projter_desktop.services.errors import InvalidFileError, UserError
from projter_desktop.ui.collation import sort_key, sorted_fr
from projter_desktop.ui.icons import icon
from projter_desktop.ui.operations import CancelToken, perform
from projter_desktop.ui.preparation import local_text
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QItemSelectionModel,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPushButton,
    Qt,
    QTableView,
    QtCore,
    QtGui,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_DIRECTORY_RESULTS = 50


def status_label(status: AttendanceStatus) -> str:
    translate = QCoreApplication.translate
    return {
        AttendanceStatus.EXPECTED: translate("Attendance", "Expected"),
        AttendanceStatus.PRESENT: translate("Attendance", "Present"),
        AttendanceStatus.EXCUSED: translate("Attendance", "Excused"),
        AttendanceStatus.ABSENT: translate("Attendance", "Absent"),
    }[AttendanceStatus(status)]


#: A tint behind the status cell, so that "Présent" and "Absent" differ at a glance and not
#: only by a small icon; translucent so that it reads on light and dark themes alike.
STATUS_TINTS = {
    AttendanceStatus.PRESENT: (46, 160, 67, 70),
    AttendanceStatus.EXCUSED: (210, 150, 20, 60),
    AttendanceStatus.ABSENT: (200, 60, 60, 55),
}

STATUS_ICONS = {
    AttendanceStatus.EXPECTED: "expected",
    AttendanceStatus.PRESENT: "present",
    AttendanceStatus.EXCUSED: "excused",
    AttendanceStatus.ABSENT: "absent",
}


def role_suggestions() -> list[str]:
    """The usual roles (``ROLES_FR``), in the language of the interface."""
    translate = QCoreApplication.translate
    translated = [
        translate("Roles", "Mayor"),
        translate("Roles", "Deputy mayor"),
        translate("Roles", "Community councillor"),
        translate("Roles", "Municipal councillor"),
        translate("Roles", "Vice-president"),
        translate("Roles", "Technical officer"),
        translate("Roles", "Partner"),
        translate("Roles", "Citizen"),
    ]
    assert len(translated) == len(ROLES_FR)  # one English source per French role of the domain
    return translated


def _weight_text(weight: float) -> str:
    return f"{weight:g}".replace(".", QtCore.QLocale().decimalPoint())


# --------------------------------------------------------------------------- model


class AttendeeModel(QAbstractTableModel):
    """The attendees of a workshop, with their attendance and proxies."""

    NAME, ROLE, COMMUNE, WEIGHT, STATUS, ARRIVAL, DEPARTURE, PROXY_TO, HOLDS = range(9)
    EDITABLE = {NAME: "name", ROLE: "role", COMMUNE: "commune", WEIGHT: "vote_weight"}

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._attendees: tuple[Attendee, ...] = ()
        self._gave_to: dict[str, str] = {}  # giver uuid -> holder uuid
        self._holds: dict[str, list[str]] = {}  # holder uuid -> giver uuids
        self._names: dict[str, str] = {}
        self._read_only = True
        #: ``editor(attendee_uuid, field, value) -> bool`` saves an edited cell.
        self.editor: Callable[[str, str, Any], bool] | None = None

    def set_workshop(self, workshop: Workshop | None) -> None:
        self.beginResetModel()
        self._attendees = tuple(sorted_fr(workshop.attendees, key=lambda a: a.name)) if workshop else ()
        self._names = {a.uuid: a.name for a in self._attendees}
        self._gave_to = {p.giver_uuid: p.holder_uuid for p in workshop.proxies} if workshop else {}
        self._holds = {}
        for giver, holder in self._gave_to.items():
            self._holds.setdefault(holder, []).append(giver)
        self._read_only = workshop is None or workshop.is_closed
        self.endResetModel()

    def attendee(self, row: int) -> Attendee:
        return self._attendees[row]

    def attendees(self) -> tuple[Attendee, ...]:
        return self._attendees

    def row_of(self, uuid: str) -> int:
        return next((i for i, a in enumerate(self._attendees) if a.uuid == uuid), -1)

    def proxy_holder(self, giver_uuid: str) -> str | None:
        return self._gave_to.get(giver_uuid)

    def held_by(self, holder_uuid: str) -> list[str]:
        return list(self._holds.get(holder_uuid, ()))

    # -- Qt ---------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._attendees)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 9

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        translate = QCoreApplication.translate
        return (
            translate("Attendees", "Name"), translate("Attendees", "Role"), translate("Attendees", "Commune"), translate("Attendees", "Weight"),
            translate("Attendees", "Attendance"), translate("Attendees", "Arrival"), translate("Attendees", "Departure"),
            translate("Attendees", "Proxy given to"), translate("Attendees", "Holds proxies of"),
        )[section]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._read_only and index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._attendees):
            return None
        a = self._attendees[index.row()]
        column = index.column()
        translate = QCoreApplication.translate
        if role == UUID_ROLE:
            return a.uuid
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return a.name
            if column == self.ROLE:
                return a.role
            if column == self.COMMUNE:
                return a.commune
            if column == self.WEIGHT:
                return _weight_text(a.vote_weight)
            if column == self.STATUS:
                return status_label(a.status)
            if column == self.ARRIVAL:
                return local_text(a.arrived_at, with_date=False)
            if column == self.DEPARTURE:
                return local_text(a.left_at, with_date=False)
            if column == self.PROXY_TO:
                holder = self._gave_to.get(a.uuid)
                return self._names.get(holder, "") if holder else ""
            if column == self.HOLDS:
                givers = self._holds.get(a.uuid, [])
                return ", ".join(self._names.get(g, "?") for g in givers)
        if role == Qt.ItemDataRole.EditRole:
            if column == self.WEIGHT:
                return float(a.vote_weight)
            if column in self.EDITABLE:
                return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.STATUS:
                return icon(STATUS_ICONS[a.status])
            if column == self.HOLDS and self._holds.get(a.uuid):
                return icon("proxy")
            if column == self.PROXY_TO and a.uuid in self._gave_to:
                return icon("proxy")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.ARRIVAL and a.arrived_at:
                return local_text(a.arrived_at)
            if column == self.DEPARTURE and a.left_at:
                return local_text(a.left_at)
            if column == self.HOLDS and self._holds.get(a.uuid):
                return translate("Attendees", "Votes for: %1").replace(
                    "%1", ", ".join(self._names.get(g, "?") for g in self._holds[a.uuid]))
            if column == self.WEIGHT:
                return translate("Attendees", "Vote weight (1 by default)")
        if role == Qt.ItemDataRole.BackgroundRole and column == self.STATUS and a.status in STATUS_TINTS:
            return QtGui.QColor(*STATUS_TINTS[a.status])
        if role == Qt.ItemDataRole.FontRole and column == self.STATUS and a.status is AttendanceStatus.PRESENT:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and a.status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED) \
                and column != self.STATUS:
            # the rows of those not in the room recede; the present ones stand out
            return QtWidgets.QApplication.palette().color(QtGui.QPalette.ColorGroup.Active,
                                                          QtGui.QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.WEIGHT, self.ARRIVAL, self.DEPARTURE):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.STATUS:
            return status_label(a.status)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        if self.editor is None or self._read_only:
            return False
        a = self._attendees[index.row()]
        return self.editor(a.uuid, self.EDITABLE[index.column()], value)


class WeightDelegate(QtWidgets.QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:  # noqa: N802
        editor = QtWidgets.QDoubleSpinBox(parent)
        editor.setRange(0.1, 1000)
        editor.setDecimals(2)
        editor.setSingleStep(0.5)
        return editor


class AttendeeTable(QTableView):
    """The table of attendees; P / E / A mark attendance, Delete removes."""

    statusKey = Signal(object)  # AttendanceStatus
    deletePressed = Signal()

    KEYS = {Qt.Key.Key_P: AttendanceStatus.PRESENT, Qt.Key.Key_E: AttendanceStatus.EXCUSED,
            Qt.Key.Key_A: AttendanceStatus.ABSENT}

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if plain and event.key() in self.KEYS and self.state() != QAbstractItemView.State.EditingState:
            self.statusKey.emit(self.KEYS[event.key()])
            event.accept()
            return
        if plain and event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.deletePressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


# --------------------------------------------------------------------------- proxy dialog


class ProxyDialog(QDialog):
    """Choose who votes for an absent attendee; the service's refusal is shown inline."""

    def __init__(self, giver: Attendee, candidates: list[tuple[Attendee, int]],
                 give: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._give = give
        self.setWindowTitle(self.tr("Give a proxy"))
        self.setObjectName("proxyDialog")
        intro = QLabel(self.tr("<b>%1</b> gives their vote to:").replace("%1", escape(giver.name)), self)
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("proxyFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or commune"))
        self.filter_edit.setAccessibleName(self.tr("Filter the possible proxy holders"))
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("proxyHolders")
        self.list.setAccessibleName(self.tr("Proxy holder"))
        for attendee, held in candidates:
            parts = [attendee.name]
            if attendee.commune:
                parts.append(attendee.commune)
            parts.append(status_label(attendee.status))
            if held:
                parts.append(self.tr("already holds %n proxy(ies)", "", held))
            item = QListWidgetItem(icon(STATUS_ICONS[attendee.status]), " — ".join(parts))
            item.setData(UUID_ROLE, attendee.uuid)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("proxyError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(
            "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a0a0; border-radius: 4px; padding: 6px; }")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Give the proxy"))
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self._try())
        self.filter_edit.textChanged.connect(self._filter)
        self.filter_edit.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(460, 380)
        self.filter_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                _move_visible(self.list, 1 if key == Qt.Key.Key_Down else -1)
                return True
        return super().eventFilter(watched, event)

    def _filter(self, text: str) -> None:
        from projter_desktop.domain.plan import matches

        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not matches(text, item.text()))
        current = self.list.currentItem()
        if current is None or current.isHidden():
            _move_visible(self.list, 1, from_start=True)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(UUID_ROLE)) if item is not None and not item.isHidden() else None

    def _try(self) -> None:
        holder = self.chosen()
        if holder is None:
            self._show_error(self.tr("Choose who will vote for this person."))
            return
        error = self._give(holder)
        if error:
            self._show_error(error)
            return
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def _move_visible(widget: QListWidget, step: int, from_start: bool = False) -> None:
    rows = [r for r in range(widget.count()) if not widget.item(r).isHidden()]
    if not rows:
        widget.setCurrentRow(-1)
        return
    current = widget.currentRow()
    if from_start or current not in rows:
        widget.setCurrentRow(rows[0] if step > 0 else rows[-1])
        return
    position = max(0, min(len(rows) - 1, rows.index(current) + step))
    widget.setCurrentRow(rows[position])


# --------------------------------------------------------------------------- panel


def _each(uuids: list[str], change: Callable[[str], Any]) -> Result[tuple[list[Any], str | None]]:
    """``change(uuid)`` for each uuid, stopping at the first refusal: what was done stays
    done and is broadcast; the refusal is said after. A refusal of the first one is the
    refusal of the whole (nothing changed)."""
    done: list[Any] = []
    changes = Changes()
    error: str | None = None
    for uuid in uuids:
        try:
            outcome = change(uuid)
        except UserError as exc:
            if not done:
                raise
            error = str(exc)
            break
        if isinstance(outcome, Changes):
            done.append(uuid)
            changes = changes | outcome
        else:
            done.append(getattr(outcome.value, "name", uuid))
            changes = changes | outcome.changes
    return Result((done, error), changes)


class ParticipantsPanel(QWidget):
    """Changes go through ``perform`` on ``window`` (the main window); emits ``message(str)``
    for the status bar."""

    message = Signal(str)

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.db: Database = window.db
        self._workshop: Workshop | None = None
        self.proxy_dialog: ProxyDialog | None = None
        self._build()
        self.set_workshop(None)

    # -- building ---------------------------------------------------------------------
    def _build(self) -> None:
        # one-line entry of a new person
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("entryName")
        self.name_edit.setPlaceholderText(self.tr("Name — Enter adds"))
        self.name_edit.setAccessibleName(self.tr("Name of the new participant"))
        self.name_edit.setToolTip(self.tr("Type the name, then Tab to the other fields or Enter to add the person."))
        self.name_edit.setMaxLength(workshop_service.MAX_NAME)
        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("entryRole")
        self.role_combo.setEditable(True)
        self.role_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role_combo.addItem("")
        self.role_combo.addItems(role_suggestions())
        self.role_combo.lineEdit().setPlaceholderText(self.tr("Role"))
        self.role_combo.setAccessibleName(self.tr("Role of the new participant"))
        self.role_combo.setMinimumContentsLength(14)
        self.role_combo.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.commune_edit = QLineEdit(self)
        self.commune_edit.setObjectName("entryCommune")
        self.commune_edit.setPlaceholderText(self.tr("Commune"))
        self.commune_edit.setAccessibleName(self.tr("Commune of the new participant"))
        self.commune_model = QtCore.QStringListModel(self)
        self.commune_completer = QtWidgets.QCompleter(self.commune_model, self.commune_edit)
        self.commune_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.commune_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.commune_edit.setCompleter(self.commune_completer)
        self.weight_spin = QtWidgets.QDoubleSpinBox(self)
        self.weight_spin.setObjectName("entryWeight")
        self.weight_spin.setRange(0.1, 1000)
        self.weight_spin.setDecimals(2)
        self.weight_spin.setSingleStep(0.5)
        self.weight_spin.setValue(1)
        self.weight_spin.setAccessibleName(self.tr("Vote weight of the new participant"))
        self.weight_spin.setToolTip(self.tr("Vote weight (1 by default)"))
        self.add_button = QPushButton(icon("new"), self.tr("&Add"), self)
        self.add_button.setObjectName("entryAdd")
        self.add_button.setToolTip(self.tr("Add this person to the workshop (Enter)"))
        self.add_button.clicked.connect(self.add_from_entry)
        for edit in (self.name_edit, self.commune_edit, self.role_combo.lineEdit()):
            edit.returnPressed.connect(self.add_from_entry)
        self.weight_spin.installEventFilter(self)

        # search in the directory
        self.directory_edit = QLineEdit(self)
        self.directory_edit.setObjectName("directorySearch")
        self.directory_edit.setPlaceholderText(self.tr("Find someone in the directory (name, role, commune)…"))
        self.directory_edit.setAccessibleName(self.tr("Search the directory of participants"))
        self.directory_edit.setToolTip(self.tr("People met in earlier workshops. ↓ to choose, Enter to add."))
        self.directory_edit.setClearButtonEnabled(True)
        self.directory_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.directory_edit.textChanged.connect(self._search_directory)
        self.directory_edit.returnPressed.connect(self.add_from_directory)
        self.directory_edit.installEventFilter(self)
        self.directory_list = QListWidget(self)
        self.directory_list.setObjectName("directoryResults")
        self.directory_list.setAccessibleName(self.tr("People found in the directory"))
        self.directory_list.itemActivated.connect(lambda _item: self.add_from_directory())
        self.directory_list.hide()

        # actions on the selection
        self.actions_bar = QtWidgets.QToolBar(self)
        self.actions_bar.setObjectName("attendanceActions")
        self.actions_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.actions_bar.setIconSize(QtCore.QSize(18, 18))
        self.act_present = self._action("present", self.tr("Present"), self.tr("Mark the selected people present (P)"),
                                        lambda: self.mark(AttendanceStatus.PRESENT))
        self.act_excused = self._action("excused", self.tr("Excused"), self.tr("Mark the selected people excused (E)"),
                                        lambda: self.mark(AttendanceStatus.EXCUSED))
        self.act_absent = self._action("absent", self.tr("Absent"), self.tr("Mark the selected people absent (A)"),
                                       lambda: self.mark(AttendanceStatus.ABSENT))
        self.actions_bar.addSeparator()
        self.act_proxy = self._action("proxy", self.tr("Give proxy…"),
                                      self.tr("The selected person, not present, gives their vote to someone present"),
                                      self.give_proxy)
        self.act_revoke = self._action(None, self.tr("Revoke proxy"), self.tr("Cancel the proxy given by the selected person"),
                                       self.revoke_proxy)
        self.actions_bar.addSeparator()
        self.act_remove = self._action("delete", self.tr("Remove…"),
                                       self.tr("Remove the selected people from the workshop (Del)"), self.remove_selected)
        spacer = QWidget(self.actions_bar)
        spacer.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred)
        self.actions_bar.addWidget(spacer)
        self.import_button = QtWidgets.QToolButton(self)
        self.import_button.setObjectName("importParticipants")
        self.import_button.setText(self.tr("&Import…"))
        self.import_button.setIcon(icon("import"))
        self.import_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.import_button.setToolTip(self.tr("Import participants from a CSV or Excel file"))
        self.import_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.import_button.clicked.connect(self.import_participants)
        menu = QtWidgets.QMenu(self.import_button)
        self.act_import_people = menu.addAction(icon("import"), self.tr("Import participants…"), self.import_participants)
        self.act_import_communes = menu.addAction(icon("import"), self.tr("Import communes…"), self.import_communes)
        menu.addSeparator()
        self.act_template = menu.addAction(icon("export"), self.tr("Save a blank participants file…"), self.save_template)
        self.import_button.setMenu(menu)

        # table
        self.model = AttendeeModel(self)
        self.model.editor = self._edit_cell
        self.table = AttendeeTable(self)
        self.table.setObjectName("attendeesTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Participants of the workshop"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setItemDelegateForColumn(AttendeeModel.WEIGHT, WeightDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(48)
        for column, width in ((AttendeeModel.NAME, 220), (AttendeeModel.ROLE, 200), (AttendeeModel.COMMUNE, 150),
                              (AttendeeModel.WEIGHT, 60), (AttendeeModel.STATUS, 105), (AttendeeModel.ARRIVAL, 64),
                              (AttendeeModel.DEPARTURE, 74), (AttendeeModel.PROXY_TO, 180)):
            self.table.setColumnWidth(column, width)
        self.table.statusKey.connect(lambda status: self.mark(status, advance=True))
        self.table.deletePressed.connect(self.remove_selected)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (self.act_present, self.act_excused, self.act_absent, None, self.act_proxy, self.act_revoke,
                       None, self.act_remove):
            if action is None:
                action = QtGui.QAction(self.table)
                action.setSeparator(True)
            self.table.addAction(action)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())

        # attendance summary
        self.quorum_icon = QLabel(self)
        self.quorum_label = QLabel(self)
        self.quorum_label.setObjectName("quorumLabel")
        self.quorum_label.setAccessibleName(self.tr("Attendance and quorum"))
        font = self.quorum_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.quorum_label.setFont(font)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("attendanceCounts")

        self.error_label = QLabel(self)
        self.error_label.setObjectName("participantsError")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Error"))
        self.error_label.setStyleSheet(
            "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a0a0; border-radius: 4px; padding: 6px; }")
        self.error_label.hide()

        # layout
        entry = QHBoxLayout()
        entry.addWidget(self.name_edit, 3)
        entry.addWidget(self.role_combo, 2)
        entry.addWidget(self.commune_edit, 2)
        weight_label = QLabel(self.tr("Wei&ght:"), self)
        weight_label.setBuddy(self.weight_spin)
        entry.addWidget(weight_label)
        entry.addWidget(self.weight_spin)
        entry.addWidget(self.add_button)
        entry_box = QtWidgets.QGroupBox(self.tr("Add a person"), self)
        entry_layout = QVBoxLayout(entry_box)
        entry_layout.addLayout(entry)
        entry_layout.addWidget(self.directory_edit)
        entry_layout.addWidget(self.directory_list)

        self.actions_bar.addWidget(self.import_button)

        summary = QHBoxLayout()
        summary.addWidget(self.quorum_icon)
        summary.addWidget(self.quorum_label, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(entry_box)
        layout.addWidget(self.error_label)
        layout.addLayout(summary)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.actions_bar)
        layout.addWidget(self.table, 1)

        order = [self.name_edit, self.role_combo, self.commune_edit, self.weight_spin, self.add_button,
                 self.directory_edit, self.directory_list, self.table, self.actions_bar]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self._edit_widgets: list[QWidget] = [
            self.name_edit, self.role_combo, self.commune_edit, self.weight_spin, self.add_button,
            self.directory_edit, self.directory_list, self.import_button,
        ]

    def _action(self, icon_name: str | None, text: str, tip: str, slot: Callable[[], None]) -> QtGui.QAction:
        action = self.actions_bar.addAction(icon(icon_name) if icon_name else QtGui.QIcon(), text)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if watched is self.weight_spin and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_from_entry()
                return True
            if watched is self.directory_edit and key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.directory_list.isVisible():
                _move_visible(self.directory_list, 1 if key == Qt.Key.Key_Down else -1)
                return True
        return super().eventFilter(watched, event)

    # -- public -----------------------------------------------------------------------
    def workshop(self) -> Workshop | None:
        return self._workshop

    def set_workshop(self, workshop: Workshop | None) -> None:
        same = self._workshop is not None and workshop is not None and workshop.uuid == self._workshop.uuid
        if same and workshop == self._workshop:
            return
        selected = self.selected_uuids() if same else []
        current = self._current_uuid() if same else None
        scroll = self.table.verticalScrollBar().value()
        if not same:
            self._clear_error()
            self.directory_edit.clear()
        self._workshop = workshop
        self.model.set_workshop(workshop)
        if same:
            self._reselect(selected, current)
            self.table.verticalScrollBar().setValue(scroll)
        read_only = workshop is None or workshop.is_closed
        for widget in self._edit_widgets:
            widget.setEnabled(not read_only)
        self.setEnabled(workshop is not None)
        self.commune_model.setStringList(sorted_fr(c.name for c in workshop_service.list_communes(self.db)))
        self._update_summary()
        self._update_buttons()

    def is_read_only(self) -> bool:
        return self._workshop is None or self._workshop.is_closed

    def selected_uuids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.attendee(r).uuid for r in rows if r < self.model.rowCount()]

    def select_uuid(self, uuid: str) -> None:
        self._reselect([uuid], uuid)

    def focus_entry(self) -> None:
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- adding people ----------------------------------------------------------------
    def add_from_entry(self) -> None:
        if self.is_read_only() or self._workshop is None:
            return
        name = self.name_edit.text().strip()
        if not name:
            if self.role_combo.currentText().strip() or self.commune_edit.text().strip():
                self._show_error(self.tr("Type the name of the person first."))
            self.name_edit.setFocus()
            return
        workshop_uuid, role = self._workshop.uuid, self.role_combo.currentText().strip()
        commune, weight = self.commune_edit.text().strip(), self.weight_spin.value()

        def added(attendee: Attendee) -> None:
            self.name_edit.clear()
            self.role_combo.setCurrentIndex(0)
            self.role_combo.setEditText("")
            self.commune_edit.clear()
            self.weight_spin.setValue(1)
            self.name_edit.setFocus()
            self._after_change(self.tr("%1 added.").replace("%1", attendee.name), select=attendee.uuid)

        def refused(message: str) -> None:
            self._show_error(message)
            self.name_edit.setFocus()
            self.name_edit.selectAll()

        self._perform(lambda: workshop_service.add_attendee(
            self.db, workshop_uuid, name=name, role=role, commune=commune, vote_weight=weight), added, refused)

    def _search_directory(self, text: str) -> None:
        self.directory_list.clear()
        if not text.strip() or self._workshop is None:
            self.directory_list.hide()
            return
        invited = {a.participant_uuid for a in self._workshop.attendees}
        found = sorted_fr(workshop_service.list_participants(self.db, text), key=lambda p: p.name)
        for participant in found[:MAX_DIRECTORY_RESULTS]:
            details = ", ".join(p for p in (participant.role, participant.commune) if p)
            label = participant.name + (f" — {details}" if details else "")
            item = QListWidgetItem(icon("participant"), label)
            item.setData(UUID_ROLE, participant.uuid)
            if participant.uuid in invited:
                item.setText(label + "  " + self.tr("(already invited)"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            self.directory_list.addItem(item)
        if not found:
            item = QListWidgetItem(self.tr("Nobody found. Type the name above to add a new person."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.directory_list.addItem(item)
        rows = min(self.directory_list.count(), 5)
        self.directory_list.setFixedHeight(
            rows * max(self.directory_list.sizeHintForRow(0), 18) + 2 * self.directory_list.frameWidth() + 4)
        self.directory_list.show()
        first = next((r for r in range(self.directory_list.count())
                      if self.directory_list.item(r).flags() & Qt.ItemFlag.ItemIsEnabled), -1)
        self.directory_list.setCurrentRow(first)

    def add_from_directory(self) -> None:
        if self.is_read_only() or self._workshop is None:
            return
        item = self.directory_list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled or item.data(UUID_ROLE) is None:
            return
        workshop_uuid, participant_uuid = self._workshop.uuid, str(item.data(UUID_ROLE))

        def added(attendee: Attendee) -> None:
            self.directory_edit.clear()
            self.directory_edit.setFocus()
            self._after_change(self.tr("%1 added from the directory.").replace("%1", attendee.name),
                               select=attendee.uuid)

        self._perform(lambda: workshop_service.add_attendee(self.db, workshop_uuid, participant_uuid=participant_uuid),
                      added)

    # -- attendance -------------------------------------------------------------------
    def mark(self, status: AttendanceStatus, advance: bool = False) -> None:
        uuids = self.selected_uuids()
        if self.is_read_only() or not uuids:
            return
        next_uuid = None
        if advance and len(uuids) == 1:
            row = self.model.row_of(uuids[0])
            if 0 <= row < self.model.rowCount() - 1:
                next_uuid = self.model.attendee(row + 1).uuid

        def marked(outcome: tuple[list[str], str | None]) -> None:
            names, error = outcome
            who = ", ".join(names) if len(names) <= 3 else self.tr("%n people", "", len(names))
            self._after_change(self.tr("%1 marked %2.").replace("%1", who).replace("%2", status_label(status).lower()))
            if error is not None:
                self._show_error(error)
            elif next_uuid:
                self.select_uuid(next_uuid)

        self._perform(lambda: _each(uuids, lambda uuid: workshop_service.set_attendance(self.db, uuid, status)),
                      marked)

    def give_proxy(self) -> None:
        uuids = self.selected_uuids()
        if self.is_read_only() or len(uuids) != 1 or self._workshop is None:
            return
        giver = self._workshop.attendee(uuids[0])
        assert giver is not None
        held: dict[str, int] = {}
        for proxy in self._workshop.proxies:
            held[proxy.holder_uuid] = held.get(proxy.holder_uuid, 0) + 1
        givers = {p.giver_uuid for p in self._workshop.proxies}
        candidates = [
            (a, held.get(a.uuid, 0)) for a in self._workshop.attendees
            if a.uuid != giver.uuid and a.uuid not in givers
            and a.status in (AttendanceStatus.PRESENT, AttendanceStatus.EXPECTED)
        ]
        # present people first, those holding fewer proxies first
        candidates.sort(key=lambda c: (c[0].status is not AttendanceStatus.PRESENT, c[1], sort_key(c[0].name)))

        def give(holder_uuid: str) -> str | None:
            refusals: list[str] = []

            def given(workshop: Workshop) -> None:
                holder = workshop.attendee(holder_uuid)
                self._after_change(self.tr("%1 gives a proxy to %2.").replace("%1", giver.name)
                                   .replace("%2", holder.name if holder else ""))

            self._perform(lambda: workshop_service.give_proxy(self.db, giver.uuid, holder_uuid), given,
                          refusals.append)
            return refusals[0] if refusals else None

        dialog = ProxyDialog(giver, candidates, give, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _r: setattr(self, "proxy_dialog", None))
        self.proxy_dialog = dialog
        dialog.open()

    def revoke_proxy(self) -> None:
        uuids = self.selected_uuids()
        if self.is_read_only() or len(uuids) != 1 or self._workshop is None:
            return
        holder_uuid = self.model.proxy_holder(uuids[0])
        if holder_uuid is None:
            return
        giver, holder = self._workshop.attendee(uuids[0]), self._workshop.attendee(holder_uuid)
        # a revocation changes how many voices someone carries in the next rounds: asked, "No" by default
        answer = QMessageBox.question(
            self, self.tr("Revoke the proxy"),
            self.tr("Revoke the proxy given by %1 to %2?\n%2 will no longer vote for %1.")
            .replace("%1", giver.name if giver else "").replace("%2", holder.name if holder else ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def revoked(workshop: Workshop) -> None:
            giver = workshop.attendee(uuids[0])
            self._after_change(self.tr("Proxy of %1 revoked.").replace("%1", giver.name if giver else ""))

        self._perform(lambda: workshop_service.revoke_proxy(self.db, uuids[0]), revoked)

    def remove_selected(self) -> None:
        uuids = self.selected_uuids()
        if self.is_read_only() or not uuids or self._workshop is None:
            return
        names = [a.name for a in self._workshop.attendees if a.uuid in uuids]
        question = (self.tr("Remove %1 from this workshop?").replace("%1", names[0]) if len(names) == 1
                    else self.tr("Remove %n people from this workshop?", "", len(names)))
        answer = QMessageBox.question(
            self, self.tr("Remove participants"),
            question + "\n" + self.tr("They stay in the directory of participants."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        def removed(outcome: tuple[list[Any], str | None]) -> None:
            done, error = outcome
            self._after_change(self.tr("%n participant(s) removed.", "", len(done)))
            if error is not None:
                self._show_error(error)

        self._perform(lambda: _each(uuids, lambda uuid: workshop_service.remove_attendee(self.db, uuid)), removed)

    def _edit_cell(self, attendee_uuid: str, field: str, value: Any) -> bool:
        """Saved once the view has committed the edit (the broadcast resets the model, which
        must not happen inside ``setData``); a refusal shows inline and the cell keeps its
        value."""
        if self.is_read_only():
            return False

        def update() -> Any:
            try:
                return workshop_service.update_attendee(self.db, attendee_uuid, **{field: value})
            except ValueError as exc:  # a value the service cannot read: refused like the others
                raise UserError(str(exc)) from exc

        QtCore.QTimer.singleShot(0, lambda: self._perform(
            update, lambda attendee: self._after_change(self.tr("%1 updated.").replace("%1", attendee.name))))
        return True

    # -- files --------------------------------------------------------------------------
    def import_participants(self) -> None:
        if self.is_read_only() or self._workshop is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import participants"), str(Path.home()),
            self.tr("Spreadsheets (*.csv *.xlsx);;All files (*)"))
        if not path:
            return
        workshop_uuid = self._workshop.uuid

        def work(token: CancelToken) -> Any:
            return import_service.import_participants(self.db, path, workshop_uuid,
                                                      progress=lambda done, total: token.report(done, total))

        perform(self.window_, work, background=True, progress_label=self.tr("Importing participants…"),
                progress_parent=self, initiator=self, on_success=self._imported, on_error=self._import_failed,
                on_cancel=lambda: self.message.emit(self.tr("Import cancelled: nothing was imported.")))

    def _imported(self, report: Any) -> None:
        text = self.tr("%1 people read: %2 invited, %3 new in the directory.").replace("%1", str(report.rows)) \
            .replace("%2", str(report.invited)).replace("%3", str(report.added_to_directory))
        self._after_change(text)
        details: list[str] = []
        if report.already_invited:
            details.append(self.tr("Already invited, skipped: %1").replace("%1", ", ".join(report.already_invited)))
        if report.ignored_columns:
            details.append(self.tr("Columns ignored: %1").replace("%1", ", ".join(report.ignored_columns)))
        if details:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Import of participants"), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setInformativeText("\n\n".join(details))
            box.exec()

    def _import_failed(self, message: str, error: BaseException) -> None:
        if isinstance(error, InvalidFileError):
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import of participants"), message,
                              QMessageBox.StandardButton.Ok, self)
            box.setInformativeText(error.details)
            box.exec()
            return
        self._show_error(message)

    def import_communes(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import communes"), str(Path.home()),
            self.tr("Spreadsheets (*.csv *.xlsx);;All files (*)"))
        if not path:
            return
        def refused(message: str, error: BaseException) -> None:
            if isinstance(error, InvalidFileError):
                box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import of communes"), message,
                                  QMessageBox.StandardButton.Ok, self)
                box.setInformativeText(error.details)
                box.exec()
                return
            self._show_error(message)

        def imported(report: Any) -> None:
            self.message.emit(self.tr("Communes: %1 added, %2 completed.").replace("%1", str(report.added))
                              .replace("%2", str(report.updated)))

        perform(self.window_, lambda: import_service.import_communes(self.db, path), initiator=self,
                on_success=imported, on_error=refused)

    def save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save a blank participants file"), str(Path.home() / "participants.csv"),
            self.tr("CSV for Excel (*.csv)"))
        if not path:
            return
        try:
            written = import_service.save_participants_template(path)
        except UserError as exc:
            self._show_error(str(exc))
            return
        self.message.emit(self.tr("Template saved to %1").replace("%1", str(written)))

    # -- internals ----------------------------------------------------------------------
    def _perform(self, op: Callable[[], Any], on_success: Callable[[Any], None],
                 on_failure: Callable[[str], None] | None = None) -> bool:
        """``op`` (a service call) on the one change path; a refusal shows inline."""
        return perform(self.window_, op, initiator=self, on_success=on_success,
                       on_failure=on_failure if on_failure is not None else self._show_error)

    def _after_change(self, text: str, select: str | None = None) -> None:
        """After a change of this panel, broadcast (the page has reloaded the workshop)."""
        self._clear_error()
        if select:
            self.select_uuid(select)
        self.message.emit(text)

    def _current_uuid(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.attendee(index.row()).uuid if index.isValid() else None

    def _reselect(self, uuids: list[str], current: str | None) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for uuid in uuids:
            row = self.model.row_of(uuid)
            if row >= 0:
                selection.select(self.model.index(row, 0), flags)
        if current:
            row = self.model.row_of(current)
            if row >= 0:
                index = self.model.index(row, 0)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                if current not in uuids:
                    selection.select(index, flags)
                self.table.scrollTo(index)

    def _update_summary(self) -> None:
        if self._workshop is None:
            self.quorum_label.clear()
            self.counts_label.clear()
            self.quorum_icon.clear()
            return
        summary = workshop_service.attendance(self.db, self._workshop.uuid)
        parts = [self.tr("%n present", "", summary.present), self.tr("%n proxy(ies)", "", summary.proxies),
                 self.tr("%n voter(s)", "", summary.voters)]
        text = ", ".join(parts)
        quorum = int(summary.quorum) if float(summary.quorum).is_integer() else summary.quorum
        if summary.quorum > 0:
            if summary.quorum_reached:
                state = self.tr("quorum %1 reached").replace("%1", str(quorum))
            else:
                state = self.tr("quorum %1 not reached").replace("%1", str(quorum))
            text += " — " + state
            icon_name = "present" if summary.quorum_reached else "warning"
        else:
            text += " — " + self.tr("no quorum set")
            icon_name = "proxy" if summary.proxies else "participant"
        self.quorum_label.setText(text)
        self.quorum_icon.setPixmap(icon(icon_name).pixmap(22, 22))
        self.counts_label.setText(
            self.tr("%n invited", "", summary.invited) + " · "
            + ", ".join((self.tr("%n expected", "", summary.expected), self.tr("%n excused", "", summary.excused),
                         self.tr("%n absent", "", summary.absent))))

    def _update_buttons(self) -> None:
        uuids = self.selected_uuids()
        editable = not self.is_read_only()
        for action in (self.act_present, self.act_excused, self.act_absent, self.act_remove):
            action.setEnabled(editable and bool(uuids))
        one = uuids[0] if len(uuids) == 1 else None
        gave = one is not None and self.model.proxy_holder(one) is not None
        attendee = self._workshop.attendee(one) if (one and self._workshop) else None
        present = attendee is not None and attendee.status is AttendanceStatus.PRESENT
        self.act_proxy.setEnabled(editable and attendee is not None and not gave and not present)
        self.act_proxy.setToolTip(
            self.tr("A person who is present votes in person: no proxy.") if present
            else self.tr("The selected person, not present, gives their vote to someone present"))
        self.act_revoke.setEnabled(editable and gave)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.message.emit(message)

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def error_text(self) -> str:
        return self.error_label.text()
