"""The main window: menus, toolbar, status bar, and the pages of the application."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from projter_desktop import APP_NAME
from projter_desktop.services import plans as plan_service
from projter_desktop.services.changes import Changes
from projter_desktop.services.database import Database
from projter_desktop.services.errors import UserError
from projter_desktop.ui import settings
from projter_desktop.ui.consolidation_page import install as install_consolidation
from projter_desktop.ui.help_dialogs import install as install_help
from projter_desktop.ui.import_dialog import install as install_exchange
from projter_desktop.ui.icons import icon
from projter_desktop.ui.maintenance import install as install_maintenance
from projter_desktop.ui.operations import perform
from projter_desktop.ui.plan_browser import PlanBrowser
from projter_desktop.ui.print_support import install as install_print_support
from projter_desktop.ui.workshops_page import install as install_workshops
from projter_desktop.ui.session import install as install_session
from projter_desktop.ui.qt import (
    QAction,
    QComboBox,
    QFileDialog,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
    Signal,
)


#: ``install(window)`` functions of the feature modules, in the order of their pages.
FEATURES: list = [install_help, install_workshops, install_maintenance, install_session, install_print_support,
                  install_exchange, install_consolidation]


def default_size() -> tuple[int, int]:
    """1200×780, or less on a small screen: the whole window, frame included, fits the
    screen's available area (a 1366×768 laptop has about 730 pixels under its panel)."""
    from projter_desktop.ui.qt import QtGui

    width, height = 1200, 780
    screen = QtGui.QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - 16)
        height = min(height, available.height() - 48)  # title bar and frame
    return max(width, 800), max(height, 560)


class MainWindow(QMainWindow):
    """Hosts the pages (plan browser, workshops, …) and broadcasts what services changed."""

    changed = Signal(object)  # Changes

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME}")
        self.resize(*default_size())

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        #: Pages not built yet (see :meth:`add_lazy_page`): attribute -> (placeholder, build).
        self._lazy_pages: dict[str, tuple[QWidget, Callable[[], QWidget]]] = {}
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.plan_browser = PlanBrowser(self)
        self.add_page(self.plan_browser, "plan", self.tr("&Plan"))

        self.plan_combo = QComboBox(self)
        self.plan_combo.setObjectName("planSwitcher")
        self.plan_combo.setAccessibleName(self.tr("Territorial plan"))
        self.plan_combo.setToolTip(self.tr("Territorial plan shown"))
        self.plan_combo.setMinimumContentsLength(30)
        self.plan_combo.currentIndexChanged.connect(self._on_plan_chosen)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.status_db = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_db)
        self.status_db.setText(self.tr("Database: %1").replace("%1", str(db.path)))
        self.changed.connect(self._on_changed)
        self._select_plan_after_reload: str | None = None
        self.reload_plans()
        self._install_features()
        self._restore_geometry()

    def _install_features(self) -> None:
        """Each feature module adds its pages, menu entries and actions through ``install``."""
        for install in FEATURES:
            install(self)

    # -- building ---------------------------------------------------------------------
    def add_page(self, widget: QWidget, icon_name: str, title: str) -> int:
        return self.tabs.addTab(widget, icon(icon_name), title)

    # -- pages built on first use -----------------------------------------------------------
    def add_lazy_page(self, attribute: str, build: Callable[[], QWidget], icon_name: str, title: str) -> int:
        """Add a tab whose page ``build()`` makes the first time the tab is shown or
        ``window.<attribute>`` is used (a menu action, another page, a test); until then an
        empty placeholder holds the tab, so the window opens without building the page."""
        placeholder = QWidget(self.tabs)
        placeholder.setObjectName(f"{attribute}Placeholder")
        self._lazy_pages[attribute] = (placeholder, build)
        return self.add_page(placeholder, icon_name, title)

    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        for attribute, (placeholder, _build) in list(self._lazy_pages.items()):
            if placeholder is widget:
                self._build_page(attribute)
                return

    def _build_page(self, attribute: str) -> QWidget:
        """Build a lazy page and put it in its tab, in place of its placeholder."""
        placeholder, build = self._lazy_pages.pop(attribute)
        try:
            page = build()
        except BaseException:
            self._lazy_pages[attribute] = (placeholder, build)
            raise
        setattr(self, attribute, page)
        index = self.tabs.indexOf(placeholder)
        current = self.tabs.currentIndex() == index
        blocked = self.tabs.blockSignals(True)  # the same tab stays current: nothing to tell
        try:
            # insert first, then remove the placeholder: no other page is shown meanwhile
            self.tabs.insertTab(index, page, self.tabs.tabIcon(index), self.tabs.tabText(index))
            self.tabs.setTabToolTip(index, self.tabs.tabToolTip(index + 1))
            self.tabs.setTabWhatsThis(index, self.tabs.tabWhatsThis(index + 1))
            if current:
                self.tabs.setCurrentIndex(index)
            self.tabs.removeTab(index + 1)
        finally:
            self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        return page

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not found the usual way: the pages not built yet
        lazy = self.__dict__.get("_lazy_pages")
        if lazy is not None and name in lazy:
            return self._build_page(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _action(self, icon_name: str | None, text: str, slot, shortcut=None, tip: str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(icon(icon_name) if icon_name else QAction().icon(), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.act_import_plan = self._action("import", self.tr("&Import a plan…"), self.import_plan, "Ctrl+I",
                                            self.tr("Load a territorial plan from a CSV, XLSX or JSON file"))
        self.act_export_plan = self._action("export", self.tr("&Export the plan…"), self.export_plan, "Ctrl+E",
                                            self.tr("Save the plan shown as CSV, XLSX or JSON"))
        self.act_quit = self._action("quit", self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.act_about = self._action("about", self.tr("&About Projter"), self.show_about)
        self.act_find = self._action("search", self.tr("&Find in the plan"), self._focus_filter, QKeySequence.StandardKey.Find)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu(self.tr("&File"))
        self.menu_file.addAction(self.act_import_plan)
        self.menu_file.addAction(self.act_export_plan)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_edit = bar.addMenu(self.tr("&Edit"))
        self.menu_edit.addAction(self.act_find)
        self.menu_view = bar.addMenu(self.tr("&View"))
        self.menu_help = bar.addMenu(self.tr("&Help"))
        self.menu_help.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.tr("Main toolbar"), self)
        self.toolbar.setObjectName("mainToolbar")
        self.addToolBar(self.toolbar)
        self.toolbar.addAction(self.act_import_plan)
        self.toolbar.addAction(self.act_export_plan)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(QLabel(self.tr("Plan:") + " ", self))
        self.toolbar.addWidget(self.plan_combo)
        self.menu_view.addAction(self.toolbar.toggleViewAction())

    # -- plans --------------------------------------------------------------------------
    def reload_plans(self) -> None:
        wanted = self._select_plan_after_reload or self.current_plan_uuid() or settings.CURRENT_PLAN.get()
        self._select_plan_after_reload = None
        summaries = plan_service.list_plans(self.db)
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for s in summaries:
            label = f"{s.name} {s.version_label}".strip()
            self.plan_combo.addItem(icon("plan"), label, s.uuid)
        index = max(0, self.plan_combo.findData(wanted))
        self.plan_combo.setCurrentIndex(index if summaries else -1)
        self.plan_combo.setEnabled(len(summaries) > 1)
        self.plan_combo.blockSignals(False)
        self._on_plan_chosen()

    def current_plan_uuid(self) -> str | None:
        data = self.plan_combo.currentData()
        return str(data) if data else None

    def _on_plan_chosen(self, *_args: object) -> None:
        plan_uuid = self.current_plan_uuid()
        plan = plan_service.get_plan(self.db, plan_uuid) if plan_uuid else None
        self.plan_browser.set_plan(plan)
        self.act_export_plan.setEnabled(plan is not None)
        if plan_uuid:
            settings.CURRENT_PLAN.set(plan_uuid)
            counts = plan.counts() if plan else {}
            self.statusBar().showMessage(
                self.tr("%1 — %2 actions").replace("%1", plan.info.name if plan else "").replace("%2", str(counts.get("actions", 0))),
                5000,
            )

    def _focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.plan_browser)
        self.plan_browser.filter_edit.setFocus()
        self.plan_browser.filter_edit.selectAll()

    def import_plan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a territorial plan"), str(Path.home()),
            self.tr("Plan files (*.csv *.xlsx *.json);;All files (*)"))
        if not path:
            return
        db = self.db

        def import_() -> Any:
            result = plan_service.import_plan(db, path)
            self._select_plan_after_reload = result.value.uuid  # the broadcast reloads the plans
            return result

        # a refused file shows its message over what is wrong, line by line (perform's box)
        perform(self, import_, initiator=self, on_success=lambda summary: self.statusBar().showMessage(
            self.tr("Plan “%1” imported: %2 actions.").replace("%1", summary.name).replace("%2", str(summary.actions)),
            8000))

    def export_plan(self) -> None:
        plan_uuid = self.current_plan_uuid()
        if not plan_uuid:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the plan"), str(Path.home() / "plan.xlsx"),
            self.tr("Excel workbook (*.xlsx);;CSV for Excel (*.csv);;JSON (*.json)"))
        if not path:
            return
        try:
            written = plan_service.export_plan(self.db, plan_uuid, path)
        except UserError as exc:
            self.show_error(self.tr("The plan could not be exported."), str(exc))
            return
        self.statusBar().showMessage(self.tr("Plan exported to %1").replace("%1", str(written)), 8000)

    # -- changes broadcast -----------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.plans:
            self.reload_plans()

    # -- dialogs ------------------------------------------------------------------------
    def show_error(self, message: str, details: str | None = None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setInformativeText(details)
        box.exec()

    def show_about(self) -> None:
        from projter_desktop.ui.help_dialogs import AboutDialog

        AboutDialog(self, str(self.db.path)).exec()

    # -- geometry ------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = settings.MAIN_GEOMETRY.get()
        if geometry:
            self.restoreGeometry(geometry)
        state = settings.MAIN_STATE.get()
        if state:
            self.restoreState(state)
        self.plan_browser.restore_state()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        settings.MAIN_GEOMETRY.set(self.saveGeometry())
        settings.MAIN_STATE.set(self.saveState())
        self.plan_browser.save_state()
        super().closeEvent(event)
