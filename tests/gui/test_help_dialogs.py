"""Help menu: shortcuts list, About, first-run welcome, language choice."""

from __future__ import annotations

import pytest

from projter_desktop.services import workshops
from projter_desktop.ui import help_dialogs, settings
from projter_desktop.ui.main_window import MainWindow
from projter_desktop.ui.operations import set_synchronous
from projter_desktop.ui.qt import QMessageBox, Qt


@pytest.fixture
def window(qtbot, db):
    win = MainWindow(db)
    qtbot.addWidget(win)
    return win


def test_shortcuts_dialog_lists_the_window_actions(window, qtbot):
    rows = dict(help_dialogs.shortcut_rows(window))
    assert rows["Import a plan"] == "Ctrl+I"
    assert rows["Keyboard shortcuts"] == "F1"
    dialog = help_dialogs.ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    shown = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert shown == {**rows, **dict(help_dialogs.context_rows())}
    # the keys of the room, which are not menu actions, are listed too
    assert shown["Participants: mark present / excused / absent"] == "P, E, A"
    assert shown["Projector: full screen on / off"] == "F11, Esc"
    assert shown["Projector: previous / next page"] == "← / →"
    assert shown["Ballot entry: mark an action and go to the next"] == "1–5 or the first letter of the choice"


def test_about_names_version_data_folder_and_licences(window, qtbot, isolated_environment):
    dialog = help_dialogs.AboutDialog(window, str(window.db.path))
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert str(isolated_environment) in text and str(window.db.path) in text
    assert "ReportLab" in text and "LGPL" in text


def test_welcome_loads_the_demo_once(window, qtbot, monkeypatch):
    set_synchronous(True)
    try:
        def click_demo(dialog):
            button = next(b for b in dialog.findChildren(help_dialogs.QPushButton) if b.objectName() == "welcomeDemo")
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            return dialog.result()

        monkeypatch.setattr(help_dialogs.WelcomeDialog, "exec", click_demo)
        help_dialogs.maybe_welcome(window)
        listed = workshops.list_workshops(window.db)
        assert len(listed) == 1 and listed[0].attendees == 30
        assert settings.WELCOME_SHOWN.get() is True
        help_dialogs.maybe_welcome(window)  # never twice
        assert len(workshops.list_workshops(window.db)) == 1
    finally:
        set_synchronous(False)


def test_language_choice_is_saved(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    english = next(a for a in window.menu_language.actions() if a.data() == "en")
    english.trigger()
    assert settings.LANGUAGE.get() == "en"
