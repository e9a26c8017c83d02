"""The Workshops page driven like a user: create a workshop by clicks, edit its preparation
(saved at once), reorder its scope, add participants with the keyboard only, mark them
P / E / A, give a proxy, watch the quorum line, import a file; a closed workshop is
read-only. Assertions go to the database (through the services) and to the screen."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, QEvent, QPoint, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QMessageBox, QTableView, QToolBar

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus
from projter_desktop.paths import resource
from projter_desktop.services import workshops as ws
from projter_desktop.ui import operations
from projter_desktop.ui.main_window import MainWindow
from projter_desktop.ui.participants_panel import AttendeeModel, ParticipantsPanel
from projter_desktop.ui.workshops_page import WorkshopListModel, WorkshopsPage


@pytest.fixture(autouse=True)
def synchronous():  # type: ignore[no-untyped-def]
    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)


@pytest.fixture
def window(qtbot, db):  # type: ignore[no-untyped-def]
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def page_of(win: MainWindow) -> WorkshopsPage:
    page = win.workshops_page  # type: ignore[attr-defined]
    assert isinstance(page, WorkshopsPage)
    return page


def click_tab(qtbot, tabs, index: int) -> None:  # type: ignore[no-untyped-def]
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def go_to_workshops(qtbot, win: MainWindow) -> WorkshopsPage:  # type: ignore[no-untyped-def]
    page = page_of(win)
    click_tab(qtbot, win.tabs, win.tabs.indexOf(page))
    return page


def click_row(qtbot, view, row: int, column: int = 0) -> None:  # type: ignore[no-untyped-def]
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_action(qtbot, bar: QToolBar, action) -> None:  # type: ignore[no-untyped-def]
    button = bar.widgetForAction(action)
    assert button is not None and button.isEnabled(), action.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_text(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a keyboard; accented letters arrive as key events carrying their text
    (QTest.keyClicks only knows ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def retype(qtbot, widget, text: str, finish=Qt.Key.Key_Tab) -> None:  # type: ignore[no-untyped-def]
    """Select the whole content of a field and type over it, as a user would."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if finish is not None:
        qtbot.keyClick(widget, finish)


def make_workshop(db, plan, **values):  # type: ignore[no-untyped-def]
    return ws.create_workshop(db, plan_uuid=plan.info.uuid, **{"title": "Atelier test", **values}).value


def open_in_page(qtbot, win: MainWindow, uuid: str, tab: int = 0) -> WorkshopsPage:  # type: ignore[no-untyped-def]
    """Select the workshop in the list and press Enter (then click the wanted tab)."""
    page = go_to_workshops(qtbot, win)
    page.reload()
    row = page.model.row_of(uuid)
    click_row(qtbot, page.table, row)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.currentIndex() == WorkshopsPage.DETAIL
    click_tab(qtbot, page.detail_tabs, tab)
    return page


# --------------------------------------------------------------------------- preparation


def test_create_a_workshop_by_clicks_and_edit_its_preparation(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    page = go_to_workshops(qtbot, window)
    assert page.empty_label.isVisible()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.new_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # no title yet
    type_text(qtbot, dialog.title_edit, "Atelier mobilités")
    qtbot.keyClicks(dialog.place_edit, "Salle du conseil")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    [summary] = ws.list_workshops(db)
    assert (summary.title, summary.place, summary.plan_uuid) == ("Atelier mobilités", "Salle du conseil", plan.info.uuid)
    assert page.currentIndex() == WorkshopsPage.DETAIL
    assert "Atelier mobilités" in page.heading.text()
    editor = page.editor
    assert editor.title_edit.hasFocus()
    assert editor.plan_label.text().startswith(plan.info.name)

    # each field is saved when editing finishes
    retype(qtbot, editor.title_edit, "Atelier mobilités — secteur nord")
    retype(qtbot, editor.place_edit, "Hôtel de communauté", Qt.Key.Key_Return)
    retype(qtbot, editor.communes_edit, "Alès, Lézan")
    retype(qtbot, editor.facilitators_edit, "C. Martin")
    workshop = ws.get_workshop(db, summary.uuid)
    assert workshop.title == "Atelier mobilités — secteur nord"
    assert workshop.place == "Hôtel de communauté"
    assert workshop.communes == ("Alès", "Lézan")
    assert "Lézan" in [c.name for c in ws.list_communes(db)]  # unknown commune added by the service
    assert workshop.facilitators == "C. Martin"
    assert "secteur nord" in page.heading.text()
    assert page.model.summary(page.model.row_of(summary.uuid)).title == "Atelier mobilités — secteur nord"
    assert window.statusBar().currentMessage() == "Saved."

    # date and time typed in local time, stored in UTC
    retype(qtbot, editor.when_edit.line_edit, "15/03/2026 18:30")
    assert editor.when_edit.text() == "15/03/2026 18:30"
    expected = QDateTime(QDate(2026, 3, 15), QTime(18, 30)).toSecsSinceEpoch()
    stored = ws.get_workshop(db, summary.uuid).starts_at
    assert stored is not None and stored.tzinfo is not None
    assert int(stored.timestamp()) == expected

    # combos and spin boxes are saved at once
    editor.method_combo.setFocus()
    target = editor.method_combo.findData(Method.DOTS.value)
    while editor.method_combo.currentIndex() != target:
        qtbot.keyClick(editor.method_combo, Qt.Key.Key_Down if editor.method_combo.currentIndex() < target else Qt.Key.Key_Up)
    retype(qtbot, editor.proxy_spin, "2", Qt.Key.Key_Return)
    retype(qtbot, editor.quorum_spin, "12", Qt.Key.Key_Return)
    workshop = ws.get_workshop(db, summary.uuid)
    assert (workshop.default_method, workshop.proxy_limit, workshop.quorum) == (Method.DOTS, 2, 12)

    # an invalid value: the service's French message inline, nothing saved
    retype(qtbot, editor.title_edit, "")
    assert editor.error_label.isVisible()
    assert editor.error_text() == "Le titre de l'atelier est obligatoire."
    assert ws.get_workshop(db, summary.uuid).title == "Atelier mobilités — secteur nord"
    retype(qtbot, editor.title_edit, "Atelier mobilités")
    assert not editor.error_label.isVisible()
    assert ws.get_workshop(db, summary.uuid).title == "Atelier mobilités"


def test_typing_is_saved_after_a_pause_and_when_leaving(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan)
    page = open_in_page(qtbot, window, workshop.uuid)
    editor = page.editor
    editor.place_edit.setFocus()
    type_text(qtbot, editor.place_edit, "Anduze")
    qtbot.waitUntil(lambda: ws.get_workshop(db, workshop.uuid).place == "Anduze", timeout=3000)  # no Enter, no Tab
    qtbot.keyClicks(editor.place_edit, ", mairie")
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)  # leave at once: nothing lost
    assert page.currentIndex() == WorkshopsPage.LIST
    assert ws.get_workshop(db, workshop.uuid).place == "Anduze, mairie"
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor.facilitators_edit.setFocus()
    qtbot.keyClicks(editor.facilitators_edit, "J. Roux")
    window.close()  # closing the window right after typing: nothing lost either
    assert ws.get_workshop(db, workshop.uuid).facilitators == "J. Roux"


def local(year: int, month: int, day: int, hour: int, minute: int) -> int:
    """Seconds since the epoch of a local date and time (what the database must hold)."""
    return QDateTime(QDate(year, month, day), QTime(hour, minute)).toSecsSinceEpoch()


def stored_seconds(db, uuid: str) -> int | None:  # type: ignore[no-untyped-def]
    stored = ws.get_workshop(db, uuid).starts_at
    assert stored is None or stored.tzinfo is not None  # UTC in the database
    return None if stored is None else int(stored.timestamp())


@pytest.fixture
def saves(monkeypatch):  # type: ignore[no-untyped-def]
    """The values each call of ``update_workshop`` was given (the editor's saves)."""
    calls: list[dict] = []
    original = ws.update_workshop

    def counting(db, uuid, **changes):  # type: ignore[no-untyped-def]
        calls.append(changes)
        return original(db, uuid, **changes)

    monkeypatch.setattr(ws, "update_workshop", counting)
    return calls


def test_date_and_time_typed_as_people_write_them(qtbot, window, db, plan, saves) -> None:  # type: ignore[no-untyped-def]
    start = datetime.fromtimestamp(local(2026, 12, 15, 20, 27), UTC)
    workshop = make_workshop(db, plan, starts_at=start)
    editor = open_in_page(qtbot, window, workshop.uuid).editor
    field = editor.when_edit
    assert field.objectName() == "workshopWhen"
    assert field.text() == "15/12/2026 20:27"

    # the entry of the bug report: once typed and Enter, this very local time is stored
    retype(qtbot, field.line_edit, "15/01/2027 18:30", Qt.Key.Key_Return)
    assert field.text() == "15/01/2027 18:30"
    assert stored_seconds(db, workshop.uuid) == local(2027, 1, 15, 18, 30)
    assert len(saves) == 1  # once per committed change
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Tab)  # leaving the field changes nothing more
    assert len(saves) == 1 and not field.line_edit.hasFocus()

    # a time alone keeps the date; a date alone keeps the time; short years and "h"
    retype(qtbot, field.line_edit, "9h05", Qt.Key.Key_Return)
    assert field.text() == "15/01/2027 09:05"
    assert stored_seconds(db, workshop.uuid) == local(2027, 1, 15, 9, 5)
    retype(qtbot, field.line_edit, "3/2/27")  # Tab
    assert field.text() == "03/02/2027 09:05"
    assert stored_seconds(db, workshop.uuid) == local(2027, 2, 3, 9, 5)
    retype(qtbot, field.line_edit, "15/1/27 18h30", Qt.Key.Key_Return)
    assert stored_seconds(db, workshop.uuid) == local(2027, 1, 15, 18, 30)
    assert len(saves) == 4
    retype(qtbot, field.line_edit, "15/01/2027 18h30", Qt.Key.Key_Return)  # the same moment: nothing to save
    assert len(saves) == 4


def test_an_impossible_date_is_shown_invalid_and_not_saved(qtbot, window, db, plan, saves) -> None:  # type: ignore[no-untyped-def]
    start = datetime.fromtimestamp(local(2027, 1, 15, 18, 30), UTC)
    workshop = make_workshop(db, plan, starts_at=start)
    editor = open_in_page(qtbot, window, workshop.uuid).editor
    field = editor.when_edit
    retype(qtbot, field.line_edit, "31/02/2027", Qt.Key.Key_Return)
    # shown as invalid: red frame, a message under the field, the same in its tool tip and
    # accessible description; the text stays as typed, never turned into another date
    assert field.is_invalid() and field.line_edit.property("invalid") is True
    assert "#c62828" in field.line_edit.styleSheet()
    assert field.message_label.isVisible()
    assert field.message_label.text() == field.error_text() == "This day does not exist. Type e.g. 15/01/2027 18:30."
    assert field.error_text() in field.line_edit.toolTip()
    assert field.line_edit.accessibleDescription() == field.error_text()
    assert field.text() == "31/02/2027"
    assert stored_seconds(db, workshop.uuid) == local(2027, 1, 15, 18, 30)
    assert saves == []
    # leaving the field, or the page, saves nothing either
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Tab)
    editor.flush()
    qtbot.mouseClick(window.workshops_page.back_button, Qt.MouseButton.LeftButton)
    assert saves == [] and stored_seconds(db, workshop.uuid) == local(2027, 1, 15, 18, 30)

    # other invalid entries, then Escape gives back the stored value
    qtbot.keyClick(window.workshops_page.table, Qt.Key.Key_Return)
    for text in ("25h", "demain", "15/13/2027 18:30"):
        retype(qtbot, field.line_edit, text, Qt.Key.Key_Return)
        assert field.is_invalid() and field.text() == text, text
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Escape)
    assert not field.is_invalid() and not field.message_label.isVisible()
    assert field.text() == "15/01/2027 18:30"
    # a valid entry clears the red frame and is saved
    retype(qtbot, field.line_edit, "16/01/2027", Qt.Key.Key_Return)
    assert not field.is_invalid() and field.line_edit.styleSheet() == ""
    assert stored_seconds(db, workshop.uuid) == local(2027, 1, 16, 18, 30)
    assert len(saves) == 1


def test_date_picked_in_the_calendar_keeps_the_time(qtbot, window, db, plan, saves) -> None:  # type: ignore[no-untyped-def]
    start = datetime.fromtimestamp(local(2027, 1, 15, 18, 30), UTC)
    workshop = make_workshop(db, plan, starts_at=start)
    editor = open_in_page(qtbot, window, workshop.uuid).editor
    field = editor.when_edit

    # with the mouse: the button opens the calendar on the workshop's day; a click picks
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)
    popup = field.calendar_popup()
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    assert calendar.selectedDate() == QDate(2027, 1, 15)
    view = calendar.findChild(QTableView)
    assert view is not None
    model = view.model()
    [cell] = [view.visualRect(model.index(row, column)).center()  # 20 January (the month starts on a Friday)
              for row in range(model.rowCount()) for column in range(model.columnCount())
              if str(model.index(row, column).data()) == "20"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert not popup.isVisible()
    assert field.text() == "20/01/2027 18:30"
    assert stored_seconds(db, workshop.uuid) == local(2027, 1, 20, 18, 30)
    assert len(saves) == 1

    # with the keyboard: Alt+Down opens it, the arrows move, Enter picks, Escape closes
    field.setFocus()
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert popup.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert field.text() == "20/01/2027 18:30" and len(saves) == 1
    qtbot.keyClick(field.line_edit, Qt.Key.Key_F4)
    assert popup.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    qtbot.keyClick(view, Qt.Key.Key_Down)  # a week later
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.text() == "27/01/2027 18:30"
    assert stored_seconds(db, workshop.uuid) == local(2027, 1, 27, 18, 30)
    assert len(saves) == 2
    qtbot.waitUntil(field.line_edit.hasFocus)  # back in the field


def test_a_typed_date_is_saved_when_the_window_closes(qtbot, window, db, plan, saves) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan)
    field = open_in_page(qtbot, window, workshop.uuid).editor.when_edit
    retype(qtbot, field.line_edit, "15/01/2027 18:30", None)  # neither Enter nor Tab
    assert saves == []
    window.close()
    assert stored_seconds(db, workshop.uuid) == local(2027, 1, 15, 18, 30)
    assert len(saves) == 1


def test_date_label_is_the_buddy_of_the_field(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan)
    editor = open_in_page(qtbot, window, workshop.uuid).editor
    field = editor.when_edit
    assert field.accessibleName() == field.line_edit.accessibleName() == "Date and time of the workshop"
    [label] = [lb for lb in editor.findChildren(QLabel) if lb.buddy() is field]
    assert label.text() == "&Date and time:"
    qtbot.keyClick(editor, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # the label's mnemonic
    qtbot.waitUntil(field.line_edit.hasFocus)
    # a workshop without a date shows an empty field saying so
    assert field.text() == "" and field.line_edit.placeholderText() == "Not set"
    editor.title_edit.setFocus()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Tab)
    assert field.line_edit.hasFocus()
    qtbot.keyClick(field.line_edit, Qt.Key.Key_Tab)  # the calendar button is reached with Alt+Down, not Tab
    assert editor.place_edit.hasFocus()


def test_new_workshop_dialog_reads_the_typed_date(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    page = go_to_workshops(qtbot, window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.new_dialog
    assert dialog.when_edit.objectName() == "newWorkshopWhen"
    type_text(qtbot, dialog.title_edit, "Atelier daté")
    retype(qtbot, dialog.when_edit.line_edit, "31/02/2027", None)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # invalid: not created
    assert dialog.isVisible() and dialog.when_edit.is_invalid()
    assert ws.list_workshops(db) == []
    retype(qtbot, dialog.when_edit.line_edit, "15/01/2027 18h30", None)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [summary] = ws.list_workshops(db)
    assert stored_seconds(db, summary.uuid) == local(2027, 1, 15, 18, 30)


def test_scope_checklist_reorder_and_untick(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan)
    all_orientations = [o.uuid for o in plan.orientations()]
    assert ws.get_workshop(db, workshop.uuid).scope == tuple(all_orientations)
    page = open_in_page(qtbot, window, workshop.uuid)
    editor = page.editor
    scope = editor.scope_list
    assert scope.count() == len(all_orientations)
    assert editor.scope_count.text() == f"{len(all_orientations)} of {len(all_orientations)} orientations ticked"

    click_row_list = scope.visualItemRect(scope.item(0)).center()
    qtbot.mouseClick(scope.viewport(), Qt.MouseButton.LeftButton, pos=click_row_list + QPoint(40, 0))
    assert scope.currentRow() == 0
    assert not editor.up_button.isEnabled()
    qtbot.keyClick(scope, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # Alt+Down moves the orientation
    expected = [all_orientations[1], all_orientations[0], *all_orientations[2:]]
    assert list(ws.get_workshop(db, workshop.uuid).scope) == expected
    assert scope.currentRow() == 1
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    expected = [all_orientations[1], all_orientations[2], all_orientations[0], *all_orientations[3:]]
    assert list(ws.get_workshop(db, workshop.uuid).scope) == expected
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert list(ws.get_workshop(db, workshop.uuid).scope) == all_orientations

    # untick the current orientation with the space bar
    scope.setFocus()
    qtbot.keyClick(scope, Qt.Key.Key_Space)
    assert list(ws.get_workshop(db, workshop.uuid).scope) == all_orientations[1:]
    assert editor.scope_count.text() == f"{len(all_orientations) - 1} of {len(all_orientations)} orientations ticked"
    qtbot.mouseClick(editor.none_button, Qt.MouseButton.LeftButton)
    assert ws.get_workshop(db, workshop.uuid).scope == ()
    qtbot.mouseClick(editor.all_button, Qt.MouseButton.LeftButton)
    assert len(ws.get_workshop(db, workshop.uuid).scope) == len(all_orientations)


# --------------------------------------------------------------------------- participants


def test_participants_keyboard_entry_attendance_proxy_and_quorum(qtbot, window, db, plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan, quorum=2, proxy_limit=1)
    page = open_in_page(qtbot, window, workshop.uuid, tab=1)
    panel: ParticipantsPanel = page.participants
    assert panel.name_edit.hasFocus()
    assert panel.quorum_label.text() == "0 present, 0 proxy(ies), 0 voter(s) — quorum 2 not reached"

    # three people with the keyboard only: Tab between fields, Enter adds and comes back to the name
    qtbot.keyClicks(panel.name_edit, "Dupont Marie")
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "may")  # completed from the suggested roles
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert panel.commune_edit.hasFocus()
    qtbot.keyClicks(panel.commune_edit, "Anduze")
    qtbot.keyClick(panel.commune_edit, Qt.Key.Key_Return)
    assert panel.name_edit.hasFocus() and panel.name_edit.text() == ""
    qtbot.keyClicks(panel.name_edit, "Martin Paul")
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
    assert panel.name_edit.hasFocus()
    qtbot.keyClicks(panel.name_edit, "Roux Jean")
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert panel.weight_spin.hasFocus()
    qtbot.keyClick(panel.weight_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.weight_spin, "2")
    qtbot.keyClick(panel.weight_spin, Qt.Key.Key_Return)
    assert panel.name_edit.hasFocus()

    attendees = ws.get_workshop(db, workshop.uuid).attendees
    assert [(a.name, a.role, a.commune, a.vote_weight) for a in attendees] == [
        ("Dupont Marie", "Mayor", "Anduze", 1.0), ("Martin Paul", "", "", 1.0), ("Roux Jean", "", "", 2.0)]
    assert panel.model.rowCount() == 3
    assert panel.model.index(2, AttendeeModel.WEIGHT).data() == "2"

    # roll call: P, E, A on the selected row; the selection moves down after each key
    click_row(qtbot, panel.table, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_P)
    qtbot.keyClick(panel.table, Qt.Key.Key_E)
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    attendees = ws.get_workshop(db, workshop.uuid).attendees
    assert [a.status for a in attendees] == [AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT]
    assert attendees[0].arrived_at is not None and attendees[1].arrived_at is None
    assert [panel.model.index(r, AttendeeModel.STATUS).data() for r in range(3)] == ["Present", "Excused", "Absent"]
    assert panel.model.index(0, AttendeeModel.ARRIVAL).data() != ""
    assert panel.quorum_label.text() == "1 present, 0 proxy(ies), 1 voter(s) — quorum 2 not reached"

    # Martin Paul (excused) gives a proxy to Dupont Marie: the quorum is reached
    click_row(qtbot, panel.table, 1)
    click_action(qtbot, panel.actions_bar, panel.act_proxy)
    dialog = panel.proxy_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.currentItem().text().startswith("Dupont Marie")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert panel.proxy_dialog is None  # accepted and closed
    proxies = ws.get_workshop(db, workshop.uuid).proxies
    assert [(p.giver_uuid, p.holder_uuid) for p in proxies] == [(attendees[1].uuid, attendees[0].uuid)]
    # 2 voters, but a proxy does not count toward the quorum (CGCT L2121-17): 1 member present
    assert panel.quorum_label.text() == "1 present, 1 proxy(ies), 2 voter(s) — quorum 2 not reached"
    assert panel.model.index(0, AttendeeModel.HOLDS).data() == "Martin Paul"  # the holder is marked with text
    assert panel.model.index(1, AttendeeModel.PROXY_TO).data() == "Dupont Marie"

    # the limit is one proxy per holder: the service's refusal is shown in the dialog
    click_row(qtbot, panel.table, 2)
    click_action(qtbot, panel.actions_bar, panel.act_proxy)
    dialog = panel.proxy_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.filter_edit, "dupont")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.text() == \
        "Dupont Marie porte déjà 1 procuration(s) : la limite de cet atelier est 1."
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)
    assert panel.proxy_dialog is None
    assert len(ws.get_workshop(db, workshop.uuid).proxies) == 1

    # revoke the proxy of Martin Paul: asked first, naming both; "No" keeps it
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a: asked.append(text) or answers.pop(0))
    click_row(qtbot, panel.table, 1)
    click_action(qtbot, panel.actions_bar, panel.act_revoke)
    assert len(ws.get_workshop(db, workshop.uuid).proxies) == 1
    assert "Martin Paul" in asked[0] and "Dupont Marie" in asked[0]
    click_action(qtbot, panel.actions_bar, panel.act_revoke)
    assert ws.get_workshop(db, workshop.uuid).proxies == ()
    assert panel.quorum_label.text() == "1 present, 0 proxy(ies), 1 voter(s) — quorum 2 not reached"

    # Roux Jean finally arrives (button), leaves later (A): times recorded by the service
    click_row(qtbot, panel.table, 2)
    click_action(qtbot, panel.actions_bar, panel.act_present)
    assert panel.quorum_label.text() == "2 present, 0 proxy(ies), 2 voter(s) — quorum 2 reached"
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    roux = ws.get_workshop(db, workshop.uuid).attendees[2]
    assert roux.arrived_at is not None and roux.left_at is not None
    # the workshop list counts the people
    assert page.model.summary(page.model.row_of(workshop.uuid)).attendees == 3


def test_commune_completion_and_cell_editing(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan)
    page = open_in_page(qtbot, window, workshop.uuid, tab=1)
    panel = page.participants
    qtbot.keyClicks(panel.name_edit, "Dupont Marie")
    panel.commune_edit.setFocus()
    qtbot.keyClicks(panel.commune_edit, "andu")  # the seed communes are suggested
    popup = panel.commune_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # one Enter completes and adds
    [attendee] = ws.get_workshop(db, workshop.uuid).attendees
    assert (attendee.name, attendee.commune) == ("Dupont Marie", "Anduze")
    window.activateWindow()  # the offscreen platform leaves the closed popup "active"
    qtbot.waitUntil(window.isActiveWindow)

    # F2 edits a cell; the change goes through the service
    click_row(qtbot, panel.table, 0, AttendeeModel.ROLE)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(window.focusWidget(), QLineEdit))
    editor = window.focusWidget()
    qtbot.keyClicks(editor, "Maire")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.get_workshop(db, workshop.uuid).attendees[0].role == "Maire")
    qtbot.waitUntil(lambda: panel.model.index(0, AttendeeModel.ROLE).data() == "Maire")
    # an invalid value is refused with the service's message, inline
    click_row(qtbot, panel.table, 0, AttendeeModel.NAME)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(window.focusWidget(), QLineEdit))
    editor = window.focusWidget()
    assert editor.text() == "Dupont Marie"
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.error_text() == "Le nom du participant est obligatoire.")
    assert ws.get_workshop(db, workshop.uuid).attendees[0].name == "Dupont Marie"


def test_add_from_directory_and_refuse_a_duplicate(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan)
    ws.add_participant(db, "Blanc Léa", "Conseillère municipale", "Euzet")
    ws.add_participant(db, "Blanchard Yves", "Maire", "Alès")
    page = open_in_page(qtbot, window, workshop.uuid, tab=1)
    panel = page.participants
    panel.directory_edit.setFocus()
    qtbot.keyClicks(panel.directory_edit, "blanc")
    assert panel.directory_list.isVisible() and panel.directory_list.count() == 2
    qtbot.keyClick(panel.directory_edit, Qt.Key.Key_Down)  # the second one
    qtbot.keyClick(panel.directory_edit, Qt.Key.Key_Return)
    assert [a.name for a in ws.get_workshop(db, workshop.uuid).attendees] == ["Blanchard Yves"]
    assert panel.directory_edit.hasFocus() and panel.directory_edit.text() == ""
    qtbot.keyClicks(panel.directory_edit, "euzet")
    qtbot.keyClick(panel.directory_edit, Qt.Key.Key_Return)
    assert [a.name for a in ws.get_workshop(db, workshop.uuid).attendees] == ["Blanchard Yves", "Blanc Léa"]
    qtbot.keyClicks(panel.directory_edit, "blanc")
    assert all("(already invited)" in panel.directory_list.item(r).text() for r in range(2))

    # typing a name already invited (same person from the directory) is refused with the service's message
    panel.name_edit.setFocus()
    qtbot.keyClicks(panel.name_edit, "   ")
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
    assert len(ws.get_workshop(db, workshop.uuid).attendees) == 2  # blank name: nothing happens


def test_remove_participant_with_delete_key(qtbot, window, db, plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan)
    for name in ("Un", "Deux"):
        ws.add_attendee(db, workshop.uuid, name=name)
    asked: list[str] = []

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    page = open_in_page(qtbot, window, workshop.uuid, tab=1)
    model = page.participants.model
    assert [model.attendee(r).name for r in range(model.rowCount())] == ["Deux", "Un"]  # French order
    click_row(qtbot, page.participants.table, 1)
    qtbot.keyClick(page.participants.table, Qt.Key.Key_Delete)
    assert asked and "Un" in asked[0]
    assert [a.name for a in ws.get_workshop(db, workshop.uuid).attendees] == ["Deux"]
    assert "Un" in [p.name for p in ws.list_participants(db)]  # still in the directory


def test_import_participants_file_into_the_workshop(qtbot, window, db, plan, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan)
    template = resource("templates", "participants-modele.csv")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(template), ""))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())) or 0)
    page = open_in_page(qtbot, window, workshop.uuid, tab=1)
    panel = page.participants
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    names = [a.name for a in ws.get_workshop(db, workshop.uuid).attendees]
    assert names == ["Exemple Camille", "Modèle Dominique"]
    assert panel.model.rowCount() == 2
    assert shown == []  # nothing to report
    # the same file again: everybody skipped, and the user is told who
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert len(ws.get_workshop(db, workshop.uuid).attendees) == 2
    assert shown and "Exemple Camille, Modèle Dominique" in shown[-1][1]

    # a bad file: refused with the precise French reason, nothing imported
    bad = tmp_path / "liste.csv"
    bad.write_text("nom;poids\nNouveau;beaucoup\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert shown[-1] == ("Le fichier « liste.csv » a été refusé ; rien n'a été importé.",
                         "liste.csv, ligne 2, colonne « poids » : « beaucoup » n'est pas un nombre (exemples : 1 ; 1,5 ; 2).")
    assert len(ws.get_workshop(db, workshop.uuid).attendees) == 2


# --------------------------------------------------------------------------- list, closed workshop


def test_closed_workshop_is_read_only(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan, title="Atelier clos")
    attendee = ws.add_attendee(db, workshop.uuid, name="Dupont Marie").value
    closed = ws.close_workshop(db, workshop.uuid).value
    page = open_in_page(qtbot, window, workshop.uuid)
    assert page.banner.isVisible()
    assert "Closed on" in page.banner.text() and closed.fingerprint in page.banner.text()
    editor = page.editor
    for widget in (editor.title_edit, editor.when_edit, editor.place_edit, editor.communes_edit,
                   editor.facilitators_edit, editor.method_combo, editor.mode_combo, editor.proxy_spin,
                   editor.quorum_spin, editor.quorum_basis_combo, editor.chair_combo, editor.scope_list,
                   editor.up_button, editor.down_button,
                   editor.all_button, editor.none_button):
        assert not widget.isEnabled(), widget.objectName()
    click_tab(qtbot, page.detail_tabs, 1)
    panel = page.participants
    for widget in (panel.name_edit, panel.role_combo, panel.commune_edit, panel.weight_spin, panel.add_button,
                   panel.directory_edit, panel.import_button):
        assert not widget.isEnabled()
    click_row(qtbot, panel.table, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_P)
    assert not panel.act_present.isEnabled() and not panel.act_proxy.isEnabled()
    assert ws.get_workshop(db, workshop.uuid).attendee(attendee.uuid).status is AttendanceStatus.EXPECTED
    assert not panel.model.flags(panel.model.index(0, AttendeeModel.NAME)) & Qt.ItemFlag.ItemIsEditable
    # back in the list, a closed workshop cannot be deleted
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert page.model.index(page.model.row_of(workshop.uuid), WorkshopListModel.STATUS).data() == "Closed"
    assert not page.delete_button.isEnabled()


def test_delete_workshop_with_del_key_after_confirmation(qtbot, window, db, plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    keep = make_workshop(db, plan, title="À garder", starts_at=datetime(2026, 1, 1, 9, tzinfo=UTC))
    gone = make_workshop(db, plan, title="À supprimer", starts_at=datetime(2026, 2, 1, 9, tzinfo=UTC))
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page = go_to_workshops(qtbot, window)
    page.reload()
    assert page.model.rowCount() == 2
    click_row(qtbot, page.table, page.model.row_of(gone.uuid))
    qtbot.keyClick(page.table, Qt.Key.Key_Insert)  # Ins: new workshop
    assert page.new_dialog is not None
    qtbot.keyClick(page.new_dialog.title_edit, Qt.Key.Key_Escape)
    assert page.new_dialog is None and len(ws.list_workshops(db)) == 2
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # "No"
    assert len(ws.list_workshops(db)) == 2
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # "Yes"
    assert [w.uuid for w in ws.list_workshops(db)] == [keep.uuid]
    assert page.model.rowCount() == 1
    assert page.count_label.text() == "1 workshop(s)"


def test_new_workshop_from_the_file_menu_with_ctrl_n(qtbot, window, db) -> None:  # type: ignore[no-untyped-def]
    action = window.act_new_workshop  # type: ignore[attr-defined]
    assert action in window.menu_file.actions()
    assert action.shortcut().toString() == "Ctrl+N"
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = page_of(window)
    assert window.tabs.currentWidget() is page
    dialog = page.new_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.title_edit, "Atelier express")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert [w.title for w in ws.list_workshops(db)] == ["Atelier express"]


def test_seed_communes_loaded_at_install(window, db) -> None:  # type: ignore[no-untyped-def]
    names = [c.name for c in ws.list_communes(db)]
    assert "Alès" in names and "Saint-Jean-du-Gard" in names


def test_models_pass_the_model_tester(qtmodeltester, db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop = make_workshop(db, plan, starts_at=datetime(2026, 3, 1, 17, tzinfo=UTC), place="Alès")
    a = ws.add_attendee(db, workshop.uuid, name="Dupont Marie", role="Maire").value
    b = ws.add_attendee(db, workshop.uuid, name="Martin Paul").value
    ws.set_attendance(db, a.uuid, AttendanceStatus.PRESENT)
    ws.give_proxy(db, b.uuid, a.uuid)
    attendees = AttendeeModel()
    attendees.set_workshop(ws.get_workshop(db, workshop.uuid))
    qtmodeltester.check(attendees)
    workshops = WorkshopListModel()
    workshops.set_workshops(ws.list_workshops(db))
    qtmodeltester.check(workshops)


def test_chair_and_quorum_basis_chosen_by_keyboard(qtbot, window, db, plan) -> None:  # type: ignore[no-untyped-def]
    """The chair (président de séance) and what the quorum counts are chosen in the form,
    saved at once, and the chair's list follows the attendees, in French order."""
    workshop = make_workshop(db, plan, title="Atelier du conseil")
    for name in ("Zoë Vidal", "Éloïse Arnaud", "Bruno Martin"):
        ws.add_attendee(db, workshop.uuid, name=name)
    page = open_in_page(qtbot, window, workshop.uuid)
    editor = page.editor
    chair = editor.chair_combo
    assert [chair.itemText(i) for i in range(chair.count())] == ["— nobody —", "Bruno Martin", "Éloïse Arnaud",
                                                                  "Zoë Vidal"]
    assert chair.currentIndex() == 0 and ws.get_workshop(db, workshop.uuid).chair is None
    chair.setFocus()
    qtbot.keyClick(chair, Qt.Key.Key_Down)
    qtbot.keyClick(chair, Qt.Key.Key_Down)  # Éloïse Arnaud
    stored = ws.get_workshop(db, workshop.uuid)
    assert stored.chair == next(a.uuid for a in stored.attendees if a.name == "Éloïse Arnaud")

    basis = editor.quorum_basis_combo
    assert basis.currentData() == "present"  # CGCT L2121-17 for a new workshop
    basis.setFocus()
    qtbot.keyClick(basis, Qt.Key.Key_Down)
    assert ws.get_workshop(db, workshop.uuid).quorum_basis == "present_and_represented"

    ws.add_attendee(db, workshop.uuid, name="Anne Abel")  # added elsewhere: the list follows
    page.editor.refresh(ws.get_workshop(db, workshop.uuid))
    assert chair.itemText(1) == "Anne Abel" and chair.currentText() == "Éloïse Arnaud"
