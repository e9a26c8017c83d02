"""Start-up of the GUI: QApplication, translations, database, main window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from projter_desktop import APP_ID, APP_NAME, ORGANIZATION, __version__

_collector_paused = _collector_resumed = False


def _pause_collector_until_the_event_loop() -> None:
    """No cyclic garbage collection while the application starts, once per process.

    The start-up makes some 140,000 objects that live as long as the app (modules,
    classes, Qt wrappers, the plan): the collector would scan them again and again while
    they are made, for nothing (about a tenth of the start-up CPU time), and at every full
    collection afterwards. When the event loop first runs, they are moved out of its
    reach for good (``gc.freeze``: a permanent generation that no collection scans) and
    collection resumes for everything made afterwards.
    """
    global _collector_paused
    if _collector_paused or not gc.isenabled():
        return
    _collector_paused = True
    gc.disable()


def _resume_collector() -> None:
    global _collector_resumed
    if _collector_paused and not _collector_resumed:
        _collector_resumed = True
        gc.freeze()
        gc.enable()


def create_application(argv: list[str] | None = None, language: str | None = None):  # type: ignore[no-untyped-def]
    """The QApplication with names, style and translations set (reused when it exists)."""
    _pause_collector_until_the_event_loop()
    from projter_desktop.ui import settings
    from projter_desktop.ui.i18n import install_translations
    from projter_desktop.ui.qt import QApplication, QCoreApplication

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_ID)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationDisplayName(APP_NAME)
    # The application icon (title bars, task bar, Alt+Tab): the SVG, plus its PNG renderings
    # for crisp small sizes. The desktop file name ties Wayland windows to the installed
    # projter-desktop.desktop entry (packaging/linux).
    from projter_desktop.paths import resource
    from projter_desktop.ui.qt import QIcon

    app_icon = QIcon(str(resource("icons", "projter.svg")))
    for png in sorted(resource("icons", "hicolor").glob("*/apps/projter-desktop.png")):
        app_icon.addFile(str(png))
    app.setWindowIcon(app_icon)
    app.setDesktopFileName(APP_ID)
    install_translations(app, language or settings.LANGUAGE.get())
    from projter_desktop.ui.qt import QTimer

    QTimer.singleShot(0, _resume_collector)  # the first turn of the event loop: start-up done
    return app


def run_gui(db_path: str | Path | None = None, language: str | None = None,
            import_files: list[Path] | None = None) -> int:
    """Open the GUI: instance lock, quick check (offering the newest backup when the file is
    damaged), migrations, start-up backup, main window, first-run welcome."""
    app = create_application(language=language)
    from projter_desktop.ui.startup import close_database_for_gui, open_database_for_gui

    db = open_database_for_gui(db_path)
    if db is None:
        return 1  # the reason was shown in a dialog
    from projter_desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    window.show()
    from projter_desktop.ui.help_dialogs import maybe_welcome

    if import_files:  # opened with .projter files: show their import preview at once
        from projter_desktop.ui.qt import QTimer

        QTimer.singleShot(0, lambda: window.exchange.import_files(list(import_files)))
    else:
        maybe_welcome(window)
    try:
        return app.exec()
    finally:
        close_database_for_gui(window.db)  # window.db: a restore may have replaced it
