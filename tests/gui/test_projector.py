"""The projector window: follows the run screen, hides results until they are revealed,
runs a debate timer, leaves full screen with Esc, remembers its screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication
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
    assert state.round_text.startswith("Round 1 · Yes / no / abstain (absolute majority of the votes expressed) · open")
    assert state.votes_text == "4 voters of 4 present"
    assert state.results is None and state.results_hidden_text
    assert len(state.actions) == 10  # the actions, not the results

    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    state = projector.state
    assert state.results is not None and len(state.results) == 10
    assert all(r.rank_text == "1 (tie)" for r in state.results)  # every action got 3 yes / 1 no: all tied, said in words
    assert state.results[0].label.startswith("3 oui / 1 non")
    assert [share for share, _colour in state.results[0].segments] == [0.75, 0.25, 0.0, 0.0]  # yes, no, abst., blank
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
    assert projector.row_pixels >= 24 * 800 / 1080 and projector.hidden_rows == 0  # 10 actions fit, large
    projector.resize(1920, 1080)  # a usual projector
    image = projector.grab().toImage()
    assert projector.row_pixels >= 32 and projector.hidden_rows == 0
    light = sum(1 for x in range(0, 1920, 4) for y in range(60, 200, 4) if QColor(image.pixel(x, y)).lightness() > 200)
    assert light > 100  # light text is drawn

    many = ProjectorState(orientation_code="3.2", orientation_title="Quinze actions",
                          actions=projector.state.actions * 4, highlight_code="2.1.a.P9")
    projector.set_state(many)
    projector.grab()
    assert projector.row_pixels >= 24 * 1080 / 1080
    assert projector.hidden_rows > 0 and projector.layout.page_count > 1  # never unreadably small: pages
    assert any(r.code == "2.1.a.P9" for r in projector.layout.rows)  # the page of the action discussed


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


# --------------------------------------------------------------------------- readable from the back


def _longest_results(db) -> tuple:  # type: ignore[no-untyped-def]
    """Orientation 3.2 of the demo plan (15 actions, long titles, three of them starting alike)
    as tied results with a long verdict."""
    from projter_desktop.ui.session.projector import ProjectorResult

    plan = plan_service.get_plan(db)
    actions = [a for o in plan.orientations() if o.code == "3.2" for a in o.actions()]
    assert len(actions) == 15
    return tuple(ProjectorResult(f"{1 + i // 2 * 2} (ex æquo)", a.code, a.title,
                                 "Prioritaire, + 62 % mieux", ((0.62, 3), (0.38, 1)))
                 for i, a in enumerate(actions))


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768), (1920, 1080)])
def test_titles_and_verdicts_are_never_cut(qtbot, db, size):
    from projter_desktop.ui.session.projector import MIN_ROW_PIXELS

    results = _longest_results(db)
    projector = ProjectorWindow(DebateTimer())
    qtbot.addWidget(projector)
    projector.resize(*size)
    projector.set_state(ProjectorState(workshop_title="Atelier", orientation_code="3.2",
                                       orientation_title="Favoriser l'accès aux services publics",
                                       round_text="Tour 1 · Jugement majoritaire · clos", results=results))
    projector.grab()
    layout = projector.layout
    assert layout is not None and layout.rows
    assert layout.pixel_size >= MIN_ROW_PIXELS * size[1] / 1080 - 0.5  # 24 px at 1080p, proportionally below
    if size[1] == 1080:
        assert layout.pixel_size >= 24
    font = QFont()
    font.setPixelSize(layout.pixel_size)
    fm = QFontMetricsF(font)
    small = QFont()
    small.setPixelSize(layout.small_pixel_size)
    sfm = QFontMetricsF(small)
    for row in layout.rows:
        result = results[row.index]
        assert " ".join(row.title_lines) == " ".join(result.title.split())  # whole, nothing elided
        assert all("…" not in line for line in row.title_lines)
        assert all(fm.horizontalAdvance(line) <= layout.title_w + 0.5 for line in row.title_lines)
        # at 1024×768 the 230-character title cannot take two lines even at 17 px under its
        # code: it takes a third rather than being cut; everywhere else two lines at most
        assert 1 <= len(row.title_lines) <= (3 if size == (1024, 768) and len(result.title) > 200 else 2)
        assert " ".join(row.label_lines) == result.label  # the verdict, whole
        assert all(sfm.horizontalAdvance(line) <= layout.label_w + 0.5 for line in row.label_lines)
        assert row.rank_lines[-1] == "(ex æquo)"  # ties are written
    shown = [layout.rows[i] for i in range(len(layout.rows))]
    assert [r.index for r in shown] == list(range(len(shown)))  # the first page: the best ranks
    assert layout.hidden == len(results) - len(shown)
    assert layout.rows[-1].y + layout.rows[-1].height <= layout.indicator_y + 2
    # the rows starting alike ("Créer …", "Mettre en place …") are told apart by their full titles
    titles = [" ".join(r.title_lines) for r in shown]
    assert len(set(titles)) == len(titles)


def test_more_actions_take_pages_and_the_longest_title_is_still_whole(qtbot, db):
    from projter_desktop.ui.session.projector import layout_rows

    plan = plan_service.get_plan(db)
    longest = max((a for o in plan.orientations() for a in o.actions()), key=lambda a: len(a.title))
    actions = tuple(ProjectorAction(f"{longest.code}.{i}", longest.title) for i in range(20))
    layout = layout_rows(actions, 960, 500, 768)
    assert layout.page_count > 1 and layout.rows and layout.page == 0  # pages, never an unreadably small type
    assert layout.pixel_size >= 17
    assert sorted(r.index for page in layout.pages for r in page) == list(range(20))  # every action on a page
    for page in layout.pages:
        assert page[-1].y + page[-1].height <= layout.indicator_y + 2  # above "Page 1 / n"
        for row in page:
            assert " ".join(row.title_lines) == " ".join(longest.title.split())  # 386 characters: wrapped, not cut
    last = layout_rows(actions, 960, 500, 768, page=99)
    assert last.page == last.page_count - 1 and last.rows == last.pages[-1]
    projector = ProjectorWindow(DebateTimer())
    qtbot.addWidget(projector)
    projector.resize(1024, 768)
    projector.set_state(ProjectorState(orientation_code="3.1", orientation_title="Une", actions=actions))
    projector.grab()
    assert projector.hidden_rows == projector.layout.hidden == 20 - len(projector.layout.rows) > 0


def test_results_pages_keep_the_best_ranks_first_and_the_discussed_action_is_shown(qtbot, db):
    from projter_desktop.ui.session.projector import layout_rows

    results = _longest_results(db)
    layout = layout_rows(results, 1800, 850, 1080, highlight_code=results[-1].code)
    assert layout.page == 0 and [r.index for r in layout.rows] == list(range(len(layout.rows)))  # best first
    assert [r.index for page in layout.pages for r in page] == list(range(len(results)))  # in order, all
    assert len(layout.pages[-1]) > 1  # evened out: no lone last row
    actions = tuple(ProjectorAction(r.code, r.title) for r in results)
    around = layout_rows(actions, 1800, 450, 1080, highlight_code=actions[-1].code)
    assert around.page == around.page_count - 1 > 0 and around.rows[-1].index == len(actions) - 1


# ---------------------------------------------------------------- pages at 1024×768 (issue 12)


def _revealed_state(db, method: Method):  # type: ignore[no-untyped-def]
    """Orientation 3.2 (15 actions) with the longest title of the plan given to its first
    action, voted by 5 members and revealed, as the Session page would send it."""
    from projter_desktop.ui.results_model import ActionInfo
    from projter_desktop.ui.session.projector_state import build_state

    plan = plan_service.get_plan(db)
    orientation = next(o for o in plan.orientations() if o.code == "3.2")
    longest = max(plan.actions(), key=lambda a: len(a.title))
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier de concertation du Gardon",
                                         scope=[orientation.uuid]).value
    people = [workshop_service.add_attendee(db, w.uuid, name=f"Élu {i}", status=AttendanceStatus.PRESENT).value
              for i in range(5)]
    record = round_service.create_round(db, w.uuid, orientation.uuid, method=method, mode=RoundMode.NAMED,
                                        open_now=True).value
    for n, person in enumerate(people):
        if method is Method.MAJORITY_JUDGMENT:
            marks = {a: min(4, i // 4 + n % 3) for i, a in enumerate(record.action_uuids)}
        else:
            marks = {a: ("yes" if (i + n) % 3 else "no") for i, a in enumerate(record.action_uuids)}
        round_service.record_ballot(db, record.uuid, person.uuid, marks)
    round_service.set_results_hidden(db, record.uuid, False)
    _w, revealed = round_service.get_round(db, record.uuid)
    workshop = workshop_service.get_workshop(db, w.uuid)
    infos = {a.uuid: ActionInfo(a.code, a.title, a.kind.value) for a in plan.actions()}
    first = next(iter(orientation.actions()))
    infos[first.uuid] = ActionInfo(first.code, longest.title, first.kind.value)
    state = build_state(workshop, orientations=[orientation], step=0, record=revealed, voted=5, present=5,
                        tally=round_service.tally_record(workshop, revealed), action_infos=infos)
    assert state.results is not None and len(state.results) == 15
    return state, longest.title


def _render(qtbot, state, size, name: str):  # type: ignore[no-untyped-def]
    """The projector at ``size``, every page grabbed (saved as PNGs when PROJTER_SHOTS names
    a folder, to look at them); the layouts of the pages."""
    import os

    projector = ProjectorWindow(DebateTimer())
    qtbot.addWidget(projector)
    projector.resize(*size)
    projector.set_state(state)
    layouts = []
    while True:
        image = projector.grab().toImage()
        layouts.append(projector.layout)
        if os.environ.get("PROJTER_SHOTS"):
            image.save(os.path.join(os.environ["PROJTER_SHOTS"], f"{name}-{size[0]}x{size[1]}-p{len(layouts)}.png"))
        if not projector.turn_page(1):
            break
    return projector, layouts


def _assert_whole(layout, items) -> None:  # type: ignore[no-untyped-def]
    font = QFont()
    font.setPixelSize(layout.pixel_size)
    fm = QFontMetricsF(font)
    small = QFont()
    small.setPixelSize(layout.small_pixel_size)
    sfm = QFontMetricsF(small)
    for row in layout.rows:
        item = items[row.index]
        assert " ".join(row.title_lines) == " ".join(item.title.split()), item.code  # whole, nothing elided
        assert all(fm.horizontalAdvance(line) <= layout.title_w + 0.5 for line in row.title_lines)
        label = item.label if hasattr(item, "label") else item.decision
        assert " ".join(row.label_lines) == " ".join(label.split())  # the verdict, whole
        assert all(sfm.horizontalAdvance(line) <= layout.label_w + 0.5 for line in row.label_lines)
        assert all("…" not in line for line in (*row.title_lines, *row.label_lines))
        assert layout.rows[-1].y + layout.rows[-1].height <= layout.indicator_y + 2


@pytest.mark.parametrize("method", [Method.MAJORITY_JUDGMENT, Method.YES_NO])
def test_pages_of_results_at_1024x768_show_every_title_whole(qtbot, db, method):
    state, longest = _revealed_state(db, method)
    projector, layouts = _render(qtbot, state, (1024, 768), method.value)
    first = layouts[0]
    assert first.page_count > 1 and projector.page_text(first) == "Page 1 / %d" % first.page_count
    assert len(layouts) == first.page_count and [lay.page for lay in layouts] == list(range(first.page_count))
    shown = [row.index for lay in layouts for row in lay.rows]
    assert sorted(shown) == list(range(15))  # all 15 actions across the pages, each once
    assert first.pixel_size >= 24 * 768 / 1080 - 0.5
    for layout in layouts:
        _assert_whole(layout, state.results)
    assert any(" ".join(row.title_lines) == " ".join(longest.split()) for lay in layouts for row in lay.rows)
    assert not projector.turn_page(1) and projector.layout.page == first.page_count - 1  # no page after the last
    while projector.turn_page(-1):
        projector.grab()
    projector.grab()
    assert projector.layout.page == 0
    # the actions before the vote paginate the same way, each title whole
    before = ProjectorState(orientation_code="3.2", orientation_title=state.orientation_title, actions=tuple(
        ProjectorAction(r.code, r.title) for r in state.results))
    projector, layouts = _render(qtbot, before, (1024, 768), "actions")
    assert sorted(row.index for lay in layouts for row in lay.rows) == list(range(15))
    for layout in layouts:
        _assert_whole(layout, before.actions)


def test_the_smallest_title_at_1080p_is_24_px_at_least(qtbot, db):
    state, _longest = _revealed_state(db, Method.MAJORITY_JUDGMENT)
    _projector, layouts = _render(qtbot, state, (1920, 1080), "mj")
    assert all(lay.pixel_size >= 24 for lay in layouts)
    for layout in layouts:
        _assert_whole(layout, state.results)


def test_pages_turn_with_the_arrows_and_from_the_session_page(qtbot, window):
    projector = open_projector(qtbot, window)
    projector.resize(1024, 768)
    actions = tuple(ProjectorAction(f"3.2.a.P{i}", "Mettre en place un titre très long " * 4, True) for i in range(15))
    projector.set_state(ProjectorState(orientation_code="3.2", orientation_title="Quinze", actions=actions))
    projector.grab()
    count = projector.layout.page_count
    assert count > 1 and projector.layout.page == 0
    qtbot.keyClick(projector, Qt.Key.Key_Right)
    projector.grab()
    assert projector.layout.page == 1
    qtbot.keyClick(projector, Qt.Key.Key_Left)
    projector.grab()
    assert projector.layout.page == 0
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page = window.session_page
    step = page.step
    qtbot.keyClick(page.actions_tree, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    projector.grab()
    assert projector.layout.page == 1 and page.step == step  # the orientation stays
    qtbot.keyClick(page.actions_tree, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    projector.grab()
    assert projector.layout.page == 0
