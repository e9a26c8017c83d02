"""The Workshops page: the list of workshops and, for the selected one, its preparation
and its participants (attendance, proxies, quorum).

``install(window)`` adds the page's tab (the page is built when first shown or used),
the File › New workshop… action (Ctrl+N) and loads the seed communes into an empty
database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

from projter_desktop.domain.workshop import Workshop, WorkshopStatus, WorkshopSummary
from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import UserError
from projter_desktop.ui.icons import icon
from projter_desktop.ui.operations import perform
from projter_desktop.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QAction,
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QItemSelectionModel,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMessageBox,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPushButton,
    QShortcut,
    QStackedWidget,
    Qt,
    QTableView,
    QTabWidget,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

UUID_ROLE = Qt.ItemDataRole.UserRole + 1


def workshop_status_label(status: WorkshopStatus) -> str:
    translate = QCoreApplication.translate
    return {
        WorkshopStatus.PREPARATION: translate("Workshops", "In preparation"),
        WorkshopStatus.RUNNING: translate("Workshops", "Running"),
        WorkshopStatus.CLOSED: translate("Workshops", "Closed"),
    }[WorkshopStatus(status)]


STATUS_ICONS = {WorkshopStatus.PREPARATION: "workshop", WorkshopStatus.RUNNING: "run",
                WorkshopStatus.CLOSED: "close_workshop"}


class WorkshopListModel(QAbstractTableModel):
    """The workshops (``WorkshopSummary``), newest first as the service gives them."""

    TITLE, DATE, PLACE, STATUS, ATTENDEES, ROUNDS = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WorkshopSummary] = []

    def set_workshops(self, workshops: list[WorkshopSummary]) -> None:
        self.beginResetModel()
        self._rows = list(workshops)
        self.endResetModel()

    def summary(self, row: int) -> WorkshopSummary:
        return self._rows[row]

    def row_of(self, uuid: str | None) -> int:
        return next((i for i, w in enumerate(self._rows) if w.uuid == uuid), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        translate = QCoreApplication.translate
        if role == Qt.ItemDataRole.DisplayRole:
            return (translate("Workshops", "Title"), translate("Workshops", "Date"), translate("Workshops", "Place"),
                    translate("Workshops", "Status"), translate("Workshops", "People"), translate("Workshops", "Rounds"))[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (None, translate("Workshops", "Local time"), None, None, translate("Workshops", "People invited"),
                    translate("Workshops", "Voting rounds"))[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        from projter_desktop.ui.preparation import local_text

        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        w = self._rows[index.row()]
        column = index.column()
        if role == UUID_ROLE:
            return w.uuid
        if role == Qt.ItemDataRole.DisplayRole:
            return (w.title, local_text(w.starts_at), w.place, workshop_status_label(w.status),
                    str(w.attendees), str(w.rounds))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATUS:
            return icon(STATUS_ICONS[w.status])
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return w.title
        if role == Qt.ItemDataRole.ToolTipRole and column == self.PLACE:
            return w.place or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ATTENDEES, self.ROUNDS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class NewWorkshopDialog(QDialog):
    """Title, date and time, place and plan of a new workshop, created through ``perform``
    on ``window``; the service's refusal shows inline."""

    created = Signal(object)  # the Workshop created (already broadcast on window.changed)

    def __init__(self, window: Any, plan_uuid: str | None, parent: QWidget | None = None) -> None:
        from projter_desktop.services import plans as plan_service
        from projter_desktop.services import workshops as workshop_service
        from projter_desktop.ui.date_entry import DateTimeEntry
        from projter_desktop.ui.preparation import NO_DATE, to_qdatetime

        super().__init__(parent)
        self.window_ = window
        self.db = db = window.db
        self.setObjectName("newWorkshopDialog")
        self.setWindowTitle(self.tr("New workshop"))
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("newWorkshopTitle")
        self.title_edit.setMaxLength(workshop_service.MAX_TITLE)
        self.title_edit.setPlaceholderText(self.tr("e.g. Mobility workshop — north sector"))
        self.title_edit.setAccessibleName(self.tr("Title of the workshop"))
        self.when_edit = DateTimeEntry(self)
        self.when_edit.setObjectName("newWorkshopWhen")
        self.when_edit.setMinimumDateTime(NO_DATE)
        self.when_edit.setSpecialValueText(self.tr("Not set"))
        next_hour = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
        self.when_edit.setDateTime(to_qdatetime(next_hour))
        self.when_edit.setAccessibleName(self.tr("Date and time of the workshop"))
        self.place_edit = QLineEdit(self)
        self.place_edit.setObjectName("newWorkshopPlace")
        self.place_edit.setAccessibleName(self.tr("Place"))
        self.plan_combo = QComboBox(self)
        self.plan_combo.setObjectName("newWorkshopPlan")
        self.plan_combo.setAccessibleName(self.tr("Territorial plan"))
        for summary in plan_service.list_plans(db):
            self.plan_combo.addItem(icon("plan"), f"{summary.name} {summary.version_label}".strip(), summary.uuid)
        self.plan_combo.setCurrentIndex(max(0, self.plan_combo.findData(plan_uuid)))
        self.plan_combo.setEnabled(self.plan_combo.count() > 1)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("newWorkshopError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(
            "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a0a0; border-radius: 4px; padding: 6px; }")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        self.title_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))

        form = QFormLayout()
        for text, widget in ((self.tr("&Title:"), self.title_edit), (self.tr("&Date and time:"), self.when_edit),
                             (self.tr("P&lace:"), self.place_edit), (self.tr("Pla&n:"), self.plan_combo)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        hint = QLabel(self.tr("Everything can be changed later; every change is saved at once."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid)")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        if self.plan_combo.count() == 0:
            self._show_error(self.tr("No territorial plan is loaded: import one first (File › Import a plan…)."))
        self.title_edit.setFocus()

    def _create(self) -> None:
        from projter_desktop.services import workshops as workshop_service
        from projter_desktop.ui.preparation import from_qdatetime

        plan_uuid = self.plan_combo.currentData()
        if not plan_uuid:
            self._show_error(self.tr("No territorial plan is loaded: import one first (File › Import a plan…)."))
            return
        if not self.when_edit.commit():  # a date typed and not yet read (Enter on another field)
            self.when_edit.setFocus()
            return
        title, starts_at, place = self.title_edit.text(), from_qdatetime(self.when_edit.dateTime()), self.place_edit.text()

        def created(workshop: Workshop) -> None:
            self.created.emit(workshop)
            self.accept()

        perform(self.window_, lambda: workshop_service.create_workshop(
                    self.db, plan_uuid=str(plan_uuid), title=title, starts_at=starts_at, place=place),
                initiator=self, on_success=created, on_failure=self._show_error)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


class WorkshopsPage(QStackedWidget):
    """Two sub-pages: the list of workshops (full width), and the opened workshop with its
    preparation and its participants (full width too: a 1280×800 laptop is the norm)."""

    currentWorkshopChanged = Signal(object)  # uuid of the selected workshop, or None
    workshopOpened = Signal(str)

    LIST, DETAIL = 0, 1

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.db = window.db
        self.new_dialog: NewWorkshopDialog | None = None
        self._selected: str | None = None
        self._opened: Workshop | None = None
        self._stale = False  # a change came while the page was hidden
        self._build_list()
        self._build_detail()
        self.setCurrentIndex(self.LIST)
        self.reload()

    # -- building ---------------------------------------------------------------------
    def _build_list(self) -> None:
        self.model = WorkshopListModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("workshopsTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Workshops"))
        self.table.setToolTip(self.tr("Enter or double-click opens the workshop; Ins creates one; Del deletes it."))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WorkshopListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((WorkshopListModel.DATE, 150), (WorkshopListModel.PLACE, 260),
                              (WorkshopListModel.STATUS, 150), (WorkshopListModel.ATTENDEES, 80),
                              (WorkshopListModel.ROUNDS, 80)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.doubleClicked.connect(lambda _index: self.open_current())

        self.new_button = QPushButton(icon("new"), self.tr("&New…"), self)
        self.new_button.setObjectName("newWorkshop")
        self.new_button.setToolTip(self.tr("Create a workshop (Ins, Ctrl+N)"))
        self.new_button.clicked.connect(self.new_workshop)
        self.open_button = QPushButton(icon("open"), self.tr("&Open"), self)
        self.open_button.setObjectName("openWorkshop")
        self.open_button.setToolTip(self.tr("Open the selected workshop (Enter)"))
        self.open_button.clicked.connect(self.open_current)
        self.delete_button = QPushButton(icon("delete"), self.tr("&Delete…"), self)
        self.delete_button.setObjectName("deleteWorkshop")
        self.delete_button.setToolTip(self.tr("Delete the selected workshop (Del)"))
        self.delete_button.clicked.connect(self.delete_current)
        for key, slot in (("Ins", self.new_workshop), ("Del", self.delete_current),
                          ("Return", self.open_current), ("Enter", self.open_current)):
            shortcut = QShortcut(QKeySequence(key), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("workshopsCount")
        self.empty_label = QLabel(self.tr("No workshop yet. Create the first one with “New…” (Ins or Ctrl+N)."), self)
        self.empty_label.setObjectName("workshopsEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(mid); font-size: 12pt; padding: 12px")

        title = QLabel(self.tr("Workshops"), self)
        title.setBuddy(self.table)
        title.setStyleSheet("font-size: 15pt; font-weight: 600")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        top.addWidget(self.delete_button)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        QWidget.setTabOrder(self.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.delete_button)
        self.addWidget(page)

    def _build_detail(self) -> None:
        from projter_desktop.ui.participants_panel import ParticipantsPanel
        from projter_desktop.ui.preparation import PreparationEditor

        self.back_button = QPushButton(icon("previous"), self.tr("All workshops"), self)
        self.back_button.setObjectName("backToWorkshops")
        self.back_button.setToolTip(self.tr("Back to the list of workshops (Alt+Left)"))
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(self.show_list)
        self.heading = QLabel(self)
        self.heading.setObjectName("workshopHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.banner_frame = QtWidgets.QFrame(self)
        self.banner_frame.setObjectName("closedBannerFrame")
        self.banner_frame.setStyleSheet(
            "#closedBannerFrame { background: #fff4d6; border: 1px solid #e3c26b; border-radius: 4px; }"
            " QLabel { color: #5a4100; }")
        lock = QLabel(self.banner_frame)
        lock.setPixmap(icon("close_workshop", "#5a4100").pixmap(24, 24))
        self.banner = QLabel(self.banner_frame)
        self.banner.setObjectName("closedBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setAccessibleName(self.tr("This workshop is closed"))
        banner_layout = QHBoxLayout(self.banner_frame)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        banner_layout.addWidget(lock, 0, Qt.AlignmentFlag.AlignTop)
        banner_layout.addWidget(self.banner, 1)
        self.banner_frame.hide()

        self.editor = PreparationEditor(self.window_, self)
        self.editor.setObjectName("preparationEditor")
        self.participants = ParticipantsPanel(self.window_, self)
        self.participants.setObjectName("participantsPanel")
        scroll = QtWidgets.QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(self.editor)
        self.detail_tabs = QTabWidget(self)
        self.detail_tabs.setObjectName("workshopTabs")
        self.detail_tabs.addTab(scroll, icon("settings"), self.tr("Preparation"))
        self.detail_tabs.addTab(self.participants, icon("participant"), self.tr("Participants and attendance"))
        for index in range(self.detail_tabs.count()):
            self.detail_tabs.setTabToolTip(index, self.tr("Ctrl+Tab: next tab, Ctrl+Shift+Tab: previous tab"))
        for widget in (self.editor, self.participants):
            widget.message.connect(self._show_message)

        top = QHBoxLayout()
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(8)
        top.addWidget(self.heading, 1)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.banner_frame)
        layout.addWidget(self.detail_tabs, 1)
        self.addWidget(page)

    # -- list -----------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Reload the list (keeping the selection) and the opened workshop."""
        from projter_desktop.services import workshops as workshop_service

        wanted = select or self._selected
        workshops = workshop_service.list_workshops(self.db)
        blocked = self.table.selectionModel().blockSignals(True)
        try:
            self.model.set_workshops(workshops)
            row = self.model.row_of(wanted)
            if row < 0 and workshops:
                row = 0
            if row >= 0:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self.table.selectionModel().blockSignals(blocked)
        self.table.viewport().update()
        self.count_label.setText(self.tr("%n workshop(s)", "", len(workshops)))
        self.empty_label.setVisible(not workshops)
        self._set_selected(self.model.summary(row).uuid if row >= 0 else None)
        if self._opened is not None:
            self._load_opened(self._opened.uuid)

    def current_workshop_uuid(self) -> str | None:
        """The workshop opened, or else the one selected in the list."""
        return self._opened.uuid if self._opened is not None else self._selected

    def opened_workshop(self) -> Workshop | None:
        return self._opened

    def select_workshop(self, uuid: str) -> bool:
        row = self.model.row_of(uuid)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._set_selected(self.model.summary(current.row()).uuid if current.isValid() else None)

    def _set_selected(self, uuid: str | None) -> None:
        row = self.model.row_of(uuid)
        summary = self.model.summary(row) if row >= 0 else None
        self.open_button.setEnabled(summary is not None)
        self.delete_button.setEnabled(summary is not None and summary.status is not WorkshopStatus.CLOSED)
        if uuid != self._selected:
            self._selected = uuid
            self.currentWorkshopChanged.emit(uuid)

    def show_list(self) -> None:
        self.editor.flush()
        if self._opened is not None:
            self.select_workshop(self._opened.uuid)
        self._opened = None
        self.editor.set_workshop(None)
        self.participants.set_workshop(None)
        self.setCurrentIndex(self.LIST)
        self.table.setFocus()

    # -- the opened workshop ------------------------------------------------------------
    def open_workshop(self, uuid: str, tab: int | None = None) -> bool:
        self.select_workshop(uuid)
        if not self._load_opened(uuid, force=True):
            return False
        if tab is not None:
            self.detail_tabs.setCurrentIndex(tab)
        self.setCurrentIndex(self.DETAIL)
        if self.detail_tabs.currentWidget() is self.participants:
            if self.participants.is_read_only():
                self.participants.table.setFocus()
            else:
                self.participants.focus_entry()
        elif self.editor.is_read_only():
            self.detail_tabs.setFocus()
        else:
            self.editor.focus_first()
        self.workshopOpened.emit(uuid)
        return True

    def open_current(self) -> None:
        if self._selected is not None:
            self.open_workshop(self._selected)

    def _load_opened(self, uuid: str, force: bool = False) -> bool:
        from projter_desktop.services import workshops as workshop_service

        try:
            workshop = workshop_service.get_workshop(self.db, uuid)
        except UserError:
            if self._opened is not None and self._opened.uuid == uuid:
                self.show_list()  # deleted meanwhile
            return False
        same = self._opened is not None and self._opened.uuid == uuid
        self._opened = workshop
        if same and not force:
            self.editor.refresh(workshop)
        else:
            self.editor.set_workshop(workshop)
        self.participants.set_workshop(workshop)
        self._update_heading(workshop)
        return True

    def _update_heading(self, workshop: Workshop) -> None:
        from projter_desktop.ui.preparation import local_text

        when = local_text(workshop.starts_at)
        details = " · ".join(escape(p) for p in (when, workshop.place, workshop_status_label(workshop.status)) if p)
        self.heading.setText(f"<span style='font-size:15pt; font-weight:600'>{escape(workshop.title)}</span>"
                             f"<br><span style='color:palette(mid)'>{details}</span>")
        if workshop.is_closed:
            self.banner.setText(
                self.tr("Closed on %1 — fingerprint %2. Nothing can be changed any more.")
                .replace("%1", local_text(workshop.closed_at)).replace("%2", workshop.fingerprint or "—"))
            self.banner.setToolTip(self.tr("The fingerprint (SHA-256) is printed in the minutes and travels in the export file."))
            self.banner_frame.show()
        else:
            self.banner_frame.hide()

    # -- actions --------------------------------------------------------------------------
    def new_workshop(self) -> None:
        if self.new_dialog is not None:
            self.new_dialog.raise_()
            return
        plan_uuid = self.window_.current_plan_uuid() if hasattr(self.window_, "current_plan_uuid") else None
        dialog = NewWorkshopDialog(self.window_, plan_uuid, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.created.connect(self._created)
        dialog.finished.connect(lambda _r: setattr(self, "new_dialog", None))
        self.new_dialog = dialog
        dialog.open()

    def _created(self, workshop: Workshop) -> None:
        """After the broadcast (the list already holds the new workshop): open it."""
        self.editor.flush()
        self._opened = None
        self.open_workshop(workshop.uuid, tab=0)
        self._show_message(self.tr("Workshop “%1” created.").replace("%1", workshop.title))

    def delete_current(self) -> None:
        from projter_desktop.services import workshops as workshop_service

        row = self.model.row_of(self._selected)
        if row < 0:
            return
        summary = self.model.summary(row)
        if summary.status is WorkshopStatus.CLOSED:
            self._show_message(self.tr("A closed workshop cannot be deleted."))
            return
        details = self.tr("%n person(s) invited", "", summary.attendees) + ", " + \
            self.tr("%n voting round(s)", "", summary.rounds) + "."
        answer = QMessageBox.question(
            self, self.tr("Delete the workshop"),
            self.tr("Delete the workshop “%1”?").replace("%1", summary.title) + "\n" + details + "\n"
            + self.tr("This cannot be undone. The people stay in the directory."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        perform(self.window_, lambda: workshop_service.delete_workshop(self.db, summary.uuid), initiator=self,
                on_success=lambda _changes: self._show_message(
                    self.tr("Workshop “%1” deleted.").replace("%1", summary.title)),
                on_failure=lambda message: QMessageBox.warning(self, self.tr("Delete the workshop"), message))

    # -- changes --------------------------------------------------------------------------
    def on_changed(self, changes: Changes) -> None:
        """The list (titles, status, attendees and rounds counted) and the workshop opened:
        reloaded when a change concerns them — at once when shown, else when next shown.
        Ballots, decisions and comments change nothing here."""
        if not (changes.plans or changes.workshops or changes.participants or changes.attendance or changes.rounds
                or changes.closed):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def _show_message(self, text: str) -> None:
        status = getattr(self.window_, "statusBar", None)
        if callable(status):
            status().showMessage(text, 5000)


def install(window: Any) -> None:
    """Add the Workshops tab and File → New workshop to the main window. The page is built
    when its tab is first shown or ``window.workshops_page`` first used."""
    from projter_desktop.services import participants_import as import_service

    perform(window, lambda: import_service.ensure_seed_communes(window.db))

    def build() -> WorkshopsPage:
        page = WorkshopsPage(window)
        page.setObjectName("workshopsPage")
        window.changed.connect(page.on_changed)
        return page

    window.add_lazy_page("workshops_page", build, "workshop", QCoreApplication.translate("WorkshopsPage", "&Workshops"))

    action = QAction(icon("new"), QCoreApplication.translate("WorkshopsPage", "&New workshop…"), window)
    action.setObjectName("actionNewWorkshop")
    action.setShortcut(QKeySequence("Ctrl+N"))
    action.setStatusTip(QCoreApplication.translate("WorkshopsPage", "Create a workshop: title, date, place, plan"))
    action.setToolTip(QCoreApplication.translate("WorkshopsPage", "New workshop (Ctrl+N)"))

    def new_workshop() -> None:
        page = window.workshops_page
        window.tabs.setCurrentWidget(page)
        page.new_workshop()

    action.triggered.connect(new_workshop)
    first = window.menu_file.actions()[0] if window.menu_file.actions() else None
    if first is not None:
        window.menu_file.insertAction(first, action)
        window.menu_file.insertSeparator(first)
    else:
        window.menu_file.addAction(action)
    window.act_new_workshop = action
