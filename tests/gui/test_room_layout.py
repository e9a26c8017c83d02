"""The Session page at 1366×768 as the facilitator leaves it: dividers dragged are kept for
the next start (and the share of the results for the next closed round), long titles wrap
instead of ending in "…" with room beside them; Présent and Absent differ at a glance."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication

from projter_desktop.domain.voting import GRADES, Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import plans as plan_service
from projter_desktop.services import rounds as round_service
from projter_desktop.services import workshops as workshop_service
from projter_desktop.ui.participants_panel import AttendeeModel

ORIENTATION = "3.2"  # 15 actions, some of the plan's longest titles


@pytest.fixture(autouse=True)
def _synchronous(synchronous_ops):  # type: ignore[no-untyped-def]
    return synchronous_ops


@pytest.fixture
def closed_round(db):  # type: ignore[no-untyped-def]
    """A workshop on 3.2 with a closed, revealed majority-judgment round of 8 voters."""
    plan = plan_service.get_plan(db)
    orientation = next(o for o in plan.orientations() if o.code == ORIENTATION)
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier", scope=[orientation.uuid]).value
    people = [workshop_service.add_attendee(db, w.uuid, name=f"Élu {i}", commune="Alès",
                                            status=AttendanceStatus.PRESENT).value for i in range(8)]
    record = round_service.create_round(db, w.uuid, orientation.uuid, method=Method.MAJORITY_JUDGMENT,
                                        mode=RoundMode.NAMED).value
    round_service.open_round(db, record.uuid)
    for voter, person in enumerate(people):
        round_service.record_ballot(db, record.uuid, person.uuid,
                                    {a: (voter + position) % len(GRADES) for position, a in
                                     enumerate(record.action_uuids)})
    round_service.close_round(db, record.uuid)
    return w.uuid, record.uuid


def _open(session_window, workshop_uuid: str):  # type: ignore[no-untyped-def]
    window = session_window(1366, 768)
    page = window.session_page
    page.set_workshop(workshop_uuid)
    for _ in range(3):
        QApplication.processEvents()
    assert page._results_layout == "results"
    return window, page


def _drag(qtbot, splitter, index: int, delta: int) -> None:  # type: ignore[no-untyped-def]
    """Drag the divider ``index`` of ``splitter`` by ``delta`` pixels, with the mouse."""
    handle = splitter.handle(index)
    start = handle.rect().center()
    vertical = splitter.orientation() == Qt.Orientation.Vertical
    end = start + (QPoint(0, delta) if vertical else QPoint(delta, 0))
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, end)
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=end)
    QApplication.processEvents()


def test_dividers_dragged_are_kept_for_the_next_window(qtbot, session_window, closed_round):  # type: ignore[no-untyped-def]
    window, page = _open(session_window, closed_round[0])
    left_before = page.splitter.sizes()[0]
    _drag(qtbot, page.splitter, 1, 180)
    left = page.splitter.sizes()[0]
    assert left > left_before + 100, (left_before, left)
    _drag(qtbot, page.actions_splitter, 1, -80)
    tree = page.actions_splitter.sizes()[0]
    window.close()

    _window, again = _open(session_window, closed_round[0])
    assert abs(again.splitter.sizes()[0] - left) <= 4, (again.splitter.sizes(), left)
    assert abs(again.actions_splitter.sizes()[0] - tree) <= 4, (again.actions_splitter.sizes(), tree)


def test_the_share_left_to_the_results_is_kept_for_closed_rounds(qtbot, session_window, closed_round):  # type: ignore[no-untyped-def]
    window, page = _open(session_window, closed_round[0])
    results_first = page.right_splitter.sizes()[1]
    _drag(qtbot, page.right_splitter, 1, 120)  # the facilitator wants more of the votes box
    results = page.right_splitter.sizes()[1]
    assert results < results_first - 60, (results_first, results)
    window.close()

    _window, again = _open(session_window, closed_round[0])
    for _ in range(3):
        QApplication.processEvents()
    assert abs(again.right_splitter.sizes()[1] - results) <= 6, (again.right_splitter.sizes(), results)


def test_the_results_keep_their_share_when_the_window_changes_size(qtbot, session_window, closed_round):  # type: ignore[no-untyped-def]
    window, page = _open(session_window, closed_round[0])
    top = page.right_splitter.sizes()[0]
    window.resize(1366, 600)
    qtbot.waitUntil(lambda: page.right_splitter.sizes()[0] <= top + 2, timeout=2000)
    window.resize(1366, 900)
    qtbot.waitUntil(lambda: sum(page.right_splitter.sizes()) > 500, timeout=2000)
    for _ in range(3):
        QApplication.processEvents()
    # the growth went to the results, the votes box stayed at its smallest
    assert page.right_splitter.sizes()[0] <= top + 2, (page.right_splitter.sizes(), top)


def test_long_titles_wrap_in_the_action_tree_and_the_results(session_window, closed_round):  # type: ignore[no-untyped-def]
    _window, page = _open(session_window, closed_round[0])
    tree = page.actions_tree
    line = QFontMetrics(tree.font()).lineSpacing()
    column = tree.header().sectionSize(1)
    long_items = []
    for i in range(tree.topLevelItemCount()):
        objective = tree.topLevelItem(i)
        for j in range(objective.childCount()):
            item = objective.child(j)
            if QFontMetrics(tree.font()).horizontalAdvance(item.text(1)) > column * 1.2:
                long_items.append(item)
    assert long_items, "no title longer than its column: the test proves nothing"
    for item in long_items:
        assert tree.visualItemRect(item).height() >= 2 * line, (item.text(1), tree.visualItemRect(item))
    view = page.results_view
    heights = [view.rowHeight(row) for row in range(page.results_model.rowCount())]
    assert max(heights) >= 2 * QFontMetrics(view.font()).lineSpacing(), heights


def test_present_and_absent_differ_by_more_than_an_icon(db):  # type: ignore[no-untyped-def]
    plan = plan_service.get_plan(db)
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier",
                                         scope=[plan.axes[0].orientations[0].uuid]).value
    for name, status in (("Ana", AttendanceStatus.PRESENT), ("Bob", AttendanceStatus.ABSENT),
                         ("Cléo", AttendanceStatus.EXCUSED), ("Dan", AttendanceStatus.EXPECTED)):
        workshop_service.add_attendee(db, w.uuid, name=name, commune="Alès", status=status)
    model = AttendeeModel()
    model.set_workshop(workshop_service.get_workshop(db, w.uuid))
    rows = {model.data(model.index(r, model.NAME)): r for r in range(model.rowCount())}

    def tint(name: str) -> QColor | None:
        return model.data(model.index(rows[name], model.STATUS), Qt.ItemDataRole.BackgroundRole)

    present, absent, excused = tint("Ana"), tint("Bob"), tint("Cléo")
    assert present is not None and absent is not None and excused is not None
    assert len({present.name(), absent.name(), excused.name()}) == 3
    assert tint("Dan") is None
    assert model.data(model.index(rows["Ana"], model.STATUS), Qt.ItemDataRole.FontRole).bold()
    # the rows of those not in the room recede
    assert model.data(model.index(rows["Bob"], model.NAME), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(rows["Ana"], model.NAME), Qt.ItemDataRole.ForegroundRole) is None


def test_a_round_chosen_while_the_page_is_hidden_shows_its_results_when_shown(qtbot, session_window,  # type: ignore[no-untyped-def]
                                                                              closed_round):
    """As when the Séance tab is first opened on a closed round: the results get the room
    once the page is laid out (a splitter kept the votes box at the height its wrapped
    labels had while the page was still narrow)."""
    window = session_window(1366, 768)
    page = window.session_page
    window.tabs.setCurrentWidget(window.workshops_page)
    page.set_workshop(closed_round[0])
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.results_view.isVisible(), timeout=2000)
    for _ in range(3):
        QApplication.processEvents()
    view = page.results_view
    row = view.rowHeight(0) or 24
    assert view.viewport().height() >= 6 * row, (view.viewport().height(), row, page.right_splitter.sizes())


def test_the_preparation_list_names_orientations_as_the_plan_does(session_window, closed_round, db):  # type: ignore[no-untyped-def]
    """The scope list showed the summary's other wording of some orientations (2.1 "…
    dispositifs novateurs, accélérateurs de Culture et d'émotions") where the Plan and Séance
    pages and the minutes say "… dans les domaines artistiques et culturels"."""
    from PySide6.QtWidgets import QListWidget

    plan = plan_service.get_plan(db)
    with_alt = [o for o in plan.orientations() if o.alt_title and o.alt_title != o.title]
    assert with_alt, "no orientation with another wording: the test proves nothing"
    window = session_window(1366, 768)
    window.tabs.setCurrentWidget(window.workshops_page)
    window.workshops_page.open_workshop(closed_round[0], 0)
    scope = window.workshops_page.findChild(QListWidget, "workshopScope")
    texts = {scope.item(i).text() for i in range(scope.count())}
    for orientation in with_alt:
        assert f"{orientation.code}  {orientation.title}" in texts
        assert f"{orientation.code}  {orientation.alt_title}" not in texts


def test_a_wrapped_title_takes_two_lines_at_most(session_window, closed_round):  # type: ignore[no-untyped-def]
    """Two lines then "…": the room keeps an overview of the 15 actions (one title of 3.2 needed
    four lines in the results at 1440 pixels)."""
    window, page = _open(session_window, closed_round[0])
    window.resize(1000, 768)
    for _ in range(3):
        QApplication.processEvents()
    line = QFontMetrics(page.results_view.font()).lineSpacing()
    heights = [page.results_view.rowHeight(row) for row in range(page.results_model.rowCount())]
    assert max(heights) >= 2 * line, heights
    assert max(heights) < 3 * line + 12, (heights, line)
    tree = page.actions_tree
    rows = [tree.visualItemRect(tree.topLevelItem(i).child(j)).height() for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())]
    assert max(rows) < 3 * line + 12, (rows, line)
