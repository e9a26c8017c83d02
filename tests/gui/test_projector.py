"""The projector window: follows the run screen, hides results until they are revealed,
runs a debate timer, leaves full screen with Esc, remembers its screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import plans as plan_service
from projter_desktop.services import rounds as round_service
from projter_desktop.services import workshops as workshop_service
from projter_desktop.ui import main_window as main_window_module
from projter_desktop.ui import operations, settings
from projter_desktop.ui.session.projector import DebateTimer, ProjectorAction, ProjectorState, ProjectorWindow
from projter_desktop.ui.session import install as install_session


@pytest.fixture(autouse=True)
def synchronous():  # type: ignore[no-untyped-def]
    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)


@pytest.fixture
def workshop(db):  # type: ignore[no-untyped-def]
    plan = plan_service.get_plan(db)
    by_code = {o.code: o for o in plan.orientations()}
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier du Gardon",
                                         scope=[by_code["2.1"].uuid, by_code["3.3"].uuid]).value
    for name in ("Anne Vidal", "Bruno Roux", "Claire Fabre", "Denis Pagès"):
        workshop_service.add_attendee(db, w.uuid, name=name, status=AttendanceStatus.PRESENT)
    return workshop_service.get_workshop(db, w.uuid)


@pytest.fixture
def window(qtbot, db, workshop, monkeypatch):  # type: ignore[no-untyped-def]
    if install_session not in main_window_module.FEATURES:
        monkeypatch.setattr(main_window_module, "FEATURES", [*main_window_module.FEATURES, install_session])
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    win = main_window_module.MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.tabs.setCurrentWidget(win.session_page)
    yield win
    win.projector.close()


def open_projector(qtbot, win) -> ProjectorWindow:  # type: ignore[no-untyped-def]
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=2000)
    qtbot.keyClick(win.session_page.actions_tree, Qt.Key.Key_F5)
    projector = win.projector.projector
    assert projector is not None
    qtbot.waitExposed(projector)
    return projector


def test_projector_follows_the_run_screen(qtbot, window):
    page = window.session_page
    projector = open_projector(qtbot, window)
    assert window.projector.action.isChecked()
    assert len(QGuiApplication.screens()) == 1 and not projector.isFullScreen()  # one screen: an ordinary window
    state = projector.state
    assert state.workshop_title == "Atelier du Gardon" and state.step_text == "Orientation 1 / 2"
    assert state.orientation_code == "2.1"
    assert [a.code for a in state.actions][:2] == ["2.1.a.P1", "2.1.a.P2"]
    assert state.actions[0].prioritised and not all(a.prioritised for a in state.actions)
    assert state.highlight_code == "2.1.a.P1"

    page.rounds_list.setFocus()
    qtbot.keyClick(page.rounds_list, Qt.Key.Key_PageDown)
    assert projector.state.orientation_code == "3.3" and projector.state.step_text == "Orientation 2 / 2"
    assert projector.state.orientation_title.startswith("Renforcer l'équité territoriale")

    # the facilitator selects another action: the projector highlights it
    tree = page.actions_tree
    item = tree.topLevelItem(0).child(2)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert projector.state.highlight_code == item.text(0).split()[-1]

    # F5 again hides it; closing it unticks the menu entry
    qtbot.keyClick(tree, Qt.Key.Key_F5)
    assert not projector.isVisible() and not window.projector.action.isChecked()
    window.projector.action.trigger()
    assert projector.isVisible()
    projector.close()
    assert not window.projector.action.isChecked()


def test_results_only_when_revealed(qtbot, window, db, workshop):
    page = window.session_page
    projector = open_projector(qtbot, window)
    orientation = page.orientation()
    result = round_service.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED)
    round_service.open_round(db, result.value.uuid)
    window.changed.emit(result.changes)  # as if another page had created it
    record = result.value
    people = workshop_service.get_workshop(db, workshop.uuid).attendees
    for person, mark in zip(people, ("yes", "yes", "no", "yes")):
        round_service.record_ballot(db, record.uuid, person.uuid, {a: mark for a in record.action_uuids})
    window.changed.emit(result.changes)
    state = projector.state
    assert state.round_text.startswith("Round 1 · Yes / no / abstain · open")
    assert state.votes_text == "4 votes / 4"
    assert state.results is None and state.results_hidden_text
    assert len(state.actions) == 10  # the actions, not the results

    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    state = projector.state
    assert state.results is not None and len(state.results) == 10
    assert all(r.rank_text == "1 (tie)" for r in state.results)  # every action got 3 yes / 1 no: all tied, said in words
    assert state.results[0].label.startswith("3 oui / 1 non")
    assert [share for share, _colour in state.results[0].segments] == [0.75, 0.25, 0.0]
    assert [label for label, _ in state.legend] == ["Yes", "No", "Abstain"]

    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)  # hide again
    assert projector.state.results is None

    qtbot.mouseClick(page.close_round_button, Qt.MouseButton.LeftButton)  # closing reveals
    assert projector.state.results is not None and "closed" in projector.state.round_text


def test_projector_is_dark_large_and_readable(qtbot):
    projector = ProjectorWindow(DebateTimer())
    qtbot.addWidget(projector)
    projector.resize(1280, 800)
    projector.set_state(ProjectorState(
        workshop_title="Atelier", step_text="Orientation 1 / 3", orientation_code="2.1",
        orientation_title="Poursuivre la voie de l'excellence dans les domaines artistiques et culturels",
        actions=tuple(ProjectorAction(
            f"2.1.a.P{i}", f"Action numéro {i} avec un titre assez long pour être coupé", i % 2 == 0) for i in range(10)),
        round_text="Round 1 · Majority judgment · open", votes_text="3 votes / 4"))
    projector.show()
    qtbot.waitExposed(projector)
    image = projector.grab().toImage()
    assert QColor(image.pixel(5, 5)).lightness() < 40  # dark background
    assert projector.row_points >= 24 and projector.hidden_rows == 0  # 10 actions fit, large
    projector.resize(1920, 1080)  # a usual projector
    image = projector.grab().toImage()
    assert projector.row_points == 28 and projector.hidden_rows == 0
    light = sum(1 for x in range(0, 1920, 4) for y in range(60, 200, 4) if QColor(image.pixel(x, y)).lightness() > 200)
    assert light > 100  # light text is drawn

    many = ProjectorState(orientation_code="3.2", orientation_title="Quinze actions",
                          actions=projector.state.actions * 4, highlight_code="2.1.a.P9")
    projector.set_state(many)
    projector.grab()
    assert projector.row_points >= projector.MIN_ROW_POINTS
    assert projector.hidden_rows > 0  # never unreadably small: the rest is said ("… and n more")


def test_debate_timer(qtbot, window):
    page = window.session_page
    timer = page.timer
    assert page.timer_label.text() == "03:00"
    qtbot.mouseClick(page.timer_button, Qt.MouseButton.LeftButton)
    assert timer.running and page.timer_button.text() == "Pause"
    for _ in range(5):
        timer.tick()
    assert page.timer_label.text() == "02:55"
    qtbot.mouseClick(page.timer_button, Qt.MouseButton.LeftButton)
    assert not timer.running
    timer.tick()  # a stray tick while paused changes the remaining time only through tick(); pause stops the clock
    qtbot.mouseClick(page.timer_reset, Qt.MouseButton.LeftButton)
    assert page.timer_label.text() == "03:00"

    # a real second elapses on the clock
    page.timer_minutes.setValue(1)
    assert timer.text() == "01:00"
    timer.start()
    qtbot.waitUntil(lambda: timer.remaining == 59, timeout=2500)
    timer.pause()

    # the room's keyboard on the projector: Space starts, R resets, + adds a minute
    projector = open_projector(qtbot, window)
    qtbot.keyClick(projector, Qt.Key.Key_Space)
    assert timer.running
    qtbot.keyClick(projector, Qt.Key.Key_R)
    assert not timer.running and timer.text() == "01:00"
    qtbot.keyClick(projector, Qt.Key.Key_Plus)
    assert timer.text() == "02:00"
    timer.set_duration(12)
    timer.start()
    for _ in range(12):
        timer.tick()
    assert timer.expired and not timer.running and "⏰" in page.timer_label.text()
    projector.grab()  # paints "Time's up" without error


def test_escape_leaves_full_screen_and_the_screen_is_remembered(qtbot, window):
    projector = open_projector(qtbot, window)
    window.projector.show_projector(full_screen=True)
    qtbot.waitUntil(projector.isFullScreen, timeout=2000)
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not projector.isFullScreen(), timeout=2000)
    assert projector.isVisible()
    qtbot.keyClick(projector, Qt.Key.Key_F11)
    qtbot.waitUntil(projector.isFullScreen, timeout=2000)

    controller = window.projector
    controller._fill_screen_menu()
    screen_actions = controller.screen_menu.actions()
    assert len(screen_actions) == len(QGuiApplication.screens())
    assert screen_actions[0].isChecked()
    screen_actions[0].trigger()
    assert settings.PROJECTOR_SCREEN.get() == QGuiApplication.screens()[0].name()
    assert controller.chosen_screen() is QGuiApplication.screens()[0]


def test_projector_closes_with_the_main_window(qtbot, window):
    projector = open_projector(qtbot, window)
    assert projector.isVisible()
    window.close()
    assert window.projector.projector is None or not window.projector.projector.isVisible()
