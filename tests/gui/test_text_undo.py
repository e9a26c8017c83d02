"""Ctrl+Z / Ctrl+Y in a text field undo the typing of that field; elsewhere they undo the
application's last command. A comment is added once, however often Enter is pressed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from projter_desktop.services import plans as plan_service
from projter_desktop.services import workshops as workshop_service

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _synchronous(synchronous_ops):  # type: ignore[no-untyped-def]
    return synchronous_ops


@pytest.fixture
def workshop(db):  # type: ignore[no-untyped-def]
    plan = plan_service.get_plan(db)
    scope = [next(o for o in plan.orientations() if o.code == "1.4").uuid]
    return workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier", scope=scope).value


def _comments(db, workshop):  # type: ignore[no-untyped-def]
    return [c.text for c in workshop_service.get_workshop(db, workshop.uuid).comments]


def test_text_field_undo_then_application_undo(qtbot, db, workshop, session_window):  # type: ignore[no-untyped-def]
    window = session_window()
    page = window.session_page
    page.action_tabs.setCurrentIndex(1)
    edit = page.comment_edit
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)

    # Enter saves the comment once, the field is emptied; Enter again adds nothing
    qtbot.keyClicks(edit, "Premier avis")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert _comments(db, workshop) == ["Premier avis"]
    assert edit.text() == ""
    # Ctrl+Z in the emptied field does not bring the saved comment back to be added again
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert _comments(db, workshop) == ["Premier avis"]

    # typing, then Ctrl+Z in the field: the typing is undone, the database is unchanged
    edit.clear()
    qtbot.keyClicks(edit, "Second")
    qtbot.keyClicks(edit, " avis")
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert edit.text() != "Second avis" and "Second avis".startswith(edit.text())
    assert _comments(db, workshop) == ["Premier avis"]
    qtbot.keyClick(edit, Qt.Key.Key_Y, CTRL)  # redo, in the field too
    assert edit.text() == "Second avis"
    assert _comments(db, workshop) == ["Premier avis"]

    # elsewhere, Ctrl+Z undoes the application's last command (the comment added)
    page.rounds_list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.rounds_list)
    qtbot.keyClick(page.rounds_list, Qt.Key.Key_Z, CTRL)
    assert _comments(db, workshop) == []
    assert edit.text() == "Second avis"  # the field kept its text
    qtbot.keyClick(page.rounds_list, Qt.Key.Key_Y, CTRL)
    assert _comments(db, workshop) == ["Premier avis"]


def test_plain_text_field_keeps_its_own_undo(qtbot, db, workshop, session_window):  # type: ignore[no-untyped-def]
    window = session_window()
    page = window.session_page
    page.action_tabs.setCurrentIndex(1)
    qtbot.keyClicks(page.comment_edit, "Un avis")
    qtbot.keyClick(page.comment_edit, Qt.Key.Key_Return)
    assert _comments(db, workshop) == ["Un avis"]
    page.action_tabs.setCurrentIndex(0)
    edit = page.rationale_edit
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    qtbot.keyClicks(edit, "Motif")
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert edit.toPlainText() == ""
    assert _comments(db, workshop) == ["Un avis"]  # the application's undo was not run
    assert window.undo_stack.canUndo()
