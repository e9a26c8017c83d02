"""Fixtures shared by the GUI tests of the Session page."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from projter_desktop.ui import main_window as main_window_module
from projter_desktop.ui import operations
from projter_desktop.ui.session import install as install_session


@pytest.fixture
def synchronous_ops():  # type: ignore[no-untyped-def]
    """Work handed to ``run_op``/``perform(background=True)`` runs at once (deterministic)."""
    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)


@pytest.fixture
def session_window(qtbot, db, monkeypatch):  # type: ignore[no-untyped-def]
    """``open(width, height)``: the main window on ``db``, shown and active, on the Séance tab."""
    if install_session not in main_window_module.FEATURES:
        monkeypatch.setattr(main_window_module, "FEATURES", [*main_window_module.FEATURES, install_session])

    def open_window(width: int = 1280, height: int = 800):  # type: ignore[no-untyped-def]
        win = main_window_module.MainWindow(db)
        qtbot.addWidget(win)
        win.resize(width, height)
        win.show()
        qtbot.waitExposed(win)
        win.tabs.setCurrentWidget(win.session_page)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=2000)
        return win

    return open_window
