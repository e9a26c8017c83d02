"""Help menu: keyboard shortcuts, About (version, data folder, licences), first-run welcome,
and the interface language."""

from __future__ import annotations

from html import escape

from projter_desktop import APP_NAME, __version__
from projter_desktop.paths import user_data_dir
from projter_desktop.ui import settings
from projter_desktop.ui.icons import icon
from projter_desktop.ui.qt import (
    QAction,
    QActionGroup,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequence,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

#: Bundled third-party parts and their licences, shown in About.
LICENCES: tuple[tuple[str, str], ...] = (
    ("Qt 6 / PySide6", "LGPL v3"),
    ("SQLAlchemy", "MIT"),
    ("Alembic", "MIT"),
    ("ReportLab", "BSD"),
    ("QtAwesome (Font Awesome, Material Design Icons)", "MIT; SIL OFL 1.1; Apache 2.0"),
    ("platformdirs", "MIT"),
    ("openpyxl", "MIT"),
    ("cryptography", "Apache 2.0 / BSD"),
    ("jsonschema", "MIT"),
    ("DejaVu fonts", "Bitstream Vera / public domain"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(action, shortcut) for every action of the window that has a shortcut."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        sequences = [s for s in action.shortcuts() if not s.isEmpty()]
        if not sequences or not action.text():
            continue
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)
        rows.setdefault(_plain(action.text()).rstrip("…").strip(), keys)
    return sorted(rows.items(), key=lambda item: item[0].casefold())


def context_rows() -> list[tuple[str, str]]:
    """(what, keys) of the keys that work in one place only (the lists and entries of the
    Session and Participants pages, the projector window): they are not menu actions."""
    return [
        (QCoreApplication.translate("Shortcuts", "Participants: mark present / excused / absent"), "P, E, A"),
        (QCoreApplication.translate("Shortcuts", "Session: previous / next orientation"), QCoreApplication.translate("Shortcuts", "PgUp / PgDown, Alt+← / Alt+→")),
        (QCoreApplication.translate("Shortcuts", "Session: previous / next page of the projector"), "Ctrl+PgUp / Ctrl+PgDown"),
        (QCoreApplication.translate("Shortcuts", "Ballot entry: choose the voter (secret round: sign the register)"),
         QCoreApplication.translate("Shortcuts", "a few letters of the name, Enter")),
        (QCoreApplication.translate("Shortcuts", "Ballot entry: mark an action and go to the next"),
         QCoreApplication.translate("Shortcuts", "1–5 or the first letter of the choice")),
        (QCoreApplication.translate("Shortcuts", "Ballot entry: clear a mark"), QCoreApplication.translate("Shortcuts", "Del")),
        (QCoreApplication.translate("Shortcuts", "Ballot entry: record the ballot or the paper"), QCoreApplication.translate("Shortcuts", "Enter")),
        (QCoreApplication.translate("Shortcuts", "Ballot entry: start the ballot again"), QCoreApplication.translate("Shortcuts", "Esc")),
        (QCoreApplication.translate("Shortcuts", "Projector: full screen on / off"), "F11, Esc"),
        (QCoreApplication.translate("Shortcuts", "Projector: start / pause the timer"), QCoreApplication.translate("Shortcuts", "Space")),
        (QCoreApplication.translate("Shortcuts", "Projector: reset the timer / one minute more or less"), "R, +, −"),
        (QCoreApplication.translate("Shortcuts", "Projector: previous / next page"), "← / →"),
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(560, 520)
        rows = shortcut_rows(window) + context_rows()
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        note = QLabel(self.tr("Every action is also reachable from the menus with Alt and the underlined letter."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(buttons)


def about_html(db_path: str) -> str:
    translate = QCoreApplication.translate
    intro = translate("About", "Offline consultation workshops on the Projet de Territoire.")
    data_folder = translate("About", "Data folder:")
    database = translate("About", "Database:")
    bundled = translate("About", "Bundled software and licences")
    plan_data = translate("About", "Plan data: Alès Agglomération, Projet de Territoire, version of 26/06/2018.")
    licences = "".join(f"<tr><td>{escape(name)}</td><td>{escape(licence)}</td></tr>" for name, licence in LICENCES)
    return (
        f"<h2>{APP_NAME} {escape(__version__)}</h2><p>{escape(intro)}</p>"
        f"<p><b>{escape(data_folder)}</b> {escape(str(user_data_dir()))}<br>"
        f"<b>{escape(database)}</b> {escape(db_path)}</p>"
        f"<h3>{escape(bundled)}</h3><table cellpadding='3'>{licences}</table><p>{escape(plan_data)}</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, window: QWidget, db_path: str) -> None:
        super().__init__(window)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Projter"))
        self.resize(560, 520)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(about_html(db_path))
        self.browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


class WelcomeDialog(QDialog):
    """First run: offer the demo workshop or an empty start."""

    DEMO = 2
    EMPTY = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to Projter"))
        self.setWindowIcon(icon("app"))
        text = QLabel(self.tr(
            "<h2>Welcome</h2><p>Projter helps you run consultation workshops on the Projet de Territoire: "
            "prepare the participants, vote on the actions orientation by orientation, record the decisions and "
            "print the minutes — without any network.</p>"
            "<p>The Alès Agglomération 2018 plan is already loaded. Would you like to explore a complete "
            "demonstration workshop first?</p>"), self)
        text.setWordWrap(True)
        demo = QPushButton(icon("workshop"), self.tr("Load the &demonstration workshop"), self)
        demo.setObjectName("welcomeDemo")
        empty = QPushButton(icon("new"), self.tr("Start &empty"), self)
        empty.setObjectName("welcomeEmpty")
        demo.setDefault(True)
        demo.clicked.connect(lambda: self.done(self.DEMO))
        empty.clicked.connect(lambda: self.done(self.EMPTY))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(demo)
        layout.addWidget(empty)
        self.setMinimumWidth(520)


def maybe_welcome(window) -> None:  # type: ignore[no-untyped-def]
    """Show the welcome dialog once, on a database without any workshop."""
    if settings.WELCOME_SHOWN.get():
        return  # every start but the first: nothing more to import nor read before the window shows
    from projter_desktop.services import demo, workshops

    if workshops.list_workshops(window.db):
        return
    settings.WELCOME_SHOWN.set(True)
    choice = WelcomeDialog(window).exec()
    if choice == WelcomeDialog.DEMO:
        from projter_desktop.services.changes import Changes, Result
        from projter_desktop.ui.operations import CancelToken, perform

        db = window.db

        def create(_token: CancelToken) -> Result[str]:
            uuid = demo.create_demo_workshop(db, participants=30)
            return Result(uuid, Changes(workshops=True, participants=True, workshop_uuids=frozenset({uuid})))

        perform(window, create, background=True,
                progress_label=QCoreApplication.translate("HelpMenu", "Creating the demonstration workshop…"),
                on_success=lambda _uuid: window.statusBar().showMessage(
                    QCoreApplication.translate("HelpMenu", "Demonstration workshop loaded."), 8000))


def install(window) -> None:  # type: ignore[no-untyped-def]
    shortcuts = QAction(icon("keyboard"), QCoreApplication.translate("HelpMenu", "&Keyboard shortcuts"), window)
    shortcuts.setShortcut(QKeySequence("F1"))
    shortcuts.triggered.connect(lambda: ShortcutsDialog(window).exec())
    window.menu_help.insertAction(window.act_about, shortcuts)

    menu = window.menu_view.addMenu(QCoreApplication.translate("HelpMenu", "&Language"))
    group = QActionGroup(window)
    current = settings.LANGUAGE.get()
    for code, label in (("fr", "Français"), ("en", "English")):
        action = QAction(label, window, checkable=True)
        action.setChecked(code == current)
        action.setData(code)
        group.addAction(action)
        menu.addAction(action)

    def choose(action: QAction) -> None:
        code = str(action.data())
        if code == settings.LANGUAGE.get():
            return
        settings.LANGUAGE.set(code)
        QMessageBox.information(window, APP_NAME, QCoreApplication.translate("HelpMenu", "The language will change the next time Projter starts."))

    group.triggered.connect(choose)
    window.act_shortcuts = shortcuts
    window.menu_language = menu

