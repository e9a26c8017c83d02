"""Guards of the risky actions of the Session page, answered like a facilitator would
(the real message boxes, Enter / Esc / a click): closing a round with votes missing,
closing the workshop, a majority-judgment ballot with an action left without a grade."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, DecisionKind, RoundMode, RoundStatus, WorkshopStatus
from projter_desktop.services import decisions as decision_service
from projter_desktop.services import plans as plan_service
from projter_desktop.services import rounds as round_service
from projter_desktop.services import urn as urn_service
from projter_desktop.services import workshops as workshop_service
from projter_desktop.ui.session.round_panel import name_list

PEOPLE = ["Zoë Vidal", "Éloïse Brun", "Max Roustan", "Émile Durand"]


@pytest.fixture(autouse=True)
def _synchronous(synchronous_ops):  # type: ignore[no-untyped-def]
    return synchronous_ops


@pytest.fixture
def workshop(db):  # type: ignore[no-untyped-def]
    plan = plan_service.get_plan(db)
    by_code = {o.code: o for o in plan.orientations()}
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier gardes",
                                         scope=[by_code["1.4"].uuid, by_code["2.1"].uuid]).value
    for name in PEOPLE:
        workshop_service.add_attendee(db, w.uuid, name=name, status=AttendanceStatus.PRESENT)
    workshop_service.add_attendee(db, w.uuid, name="Paul Absent", status=AttendanceStatus.ABSENT)
    return workshop_service.get_workshop(db, w.uuid)


def _round(db, window, workshop, method: Method, mode: RoundMode = RoundMode.NAMED):  # type: ignore[no-untyped-def]
    page = window.session_page
    result = round_service.create_round(db, workshop.uuid, page.orientation().uuid, method=method, mode=mode)
    round_service.open_round(db, result.value.uuid)
    page.refresh()
    page.round_uuid = result.value.uuid
    page._fill_rounds()
    return round_service.get_round(db, result.value.uuid)[1]


class Boxes:
    """Answers the next message box as a user would, and remembers what it said."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.seen: list[dict] = []

    def answer(self, how) -> None:  # type: ignore[no-untyped-def]
        """``how``: a key (pressed on the box) or a StandardButton (clicked)."""

        def poll() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(10, poll)
                return
            self.seen.append({"text": box.text(), "default": box.defaultButton() and box.standardButton(
                box.defaultButton())})
            if isinstance(how, Qt.Key):
                self.qtbot.keyClick(box, how)
            else:
                self.qtbot.mouseClick(box.button(how), Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, poll)


def _no_box(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("no question expected")
    monkeypatch.setattr(QMessageBox, "question", fail)


def _status(db, round_uuid):  # type: ignore[no-untyped-def]
    return round_service.get_round(db, round_uuid)[1].status


def test_closing_a_round_with_voters_missing_names_them(qtbot, db, workshop, session_window, monkeypatch):  # type: ignore[no-untyped-def]
    window = session_window()
    page = window.session_page
    record = _round(db, window, workshop, Method.YES_NO)
    people = {a.name: a.uuid for a in workshop.attendees}
    for name in ("Max Roustan", "Zoë Vidal"):
        round_service.record_ballot(db, record.uuid, people[name], {a: "yes" for a in record.action_uuids})
    page.refresh()
    boxes = Boxes(qtbot)

    boxes.answer(Qt.Key.Key_Return)  # Enter: the default button, "No"
    qtbot.mouseClick(page.close_round_button, Qt.MouseButton.LeftButton)
    assert boxes.seen[0]["default"] == QMessageBox.StandardButton.No
    text = boxes.seen[0]["text"]
    assert "2 present voters have not voted: Éloïse Brun, Émile Durand." in text
    assert "Max" not in text and "Zoë" not in text and "Paul" not in text  # voted, or absent
    assert _status(db, record.uuid) is RoundStatus.OPEN

    boxes.answer(Qt.Key.Key_Escape)
    qtbot.mouseClick(page.close_round_button, Qt.MouseButton.LeftButton)
    assert _status(db, record.uuid) is RoundStatus.OPEN

    boxes.answer(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.close_round_button, Qt.MouseButton.LeftButton)
    assert _status(db, record.uuid) is RoundStatus.CLOSED
    assert "closed" in page.round_info.text()


def test_closing_a_round_everyone_voted_asks_nothing(qtbot, db, workshop, session_window, monkeypatch):  # type: ignore[no-untyped-def]
    window = session_window()
    page = window.session_page
    record = _round(db, window, workshop, Method.YES_NO)
    for attendee in workshop.attendees:
        if attendee.status is AttendanceStatus.PRESENT:
            round_service.record_ballot(db, record.uuid, attendee.uuid, {a: "no" for a in record.action_uuids})
    page.refresh()
    _no_box(monkeypatch)
    qtbot.mouseClick(page.close_round_button, Qt.MouseButton.LeftButton)
    assert _status(db, record.uuid) is RoundStatus.CLOSED


def test_closing_a_secret_round_with_papers_not_counted_names_no_one(qtbot, db, workshop, session_window):  # type: ignore[no-untyped-def]
    window = session_window()
    page = window.session_page
    record = _round(db, window, workshop, Method.YES_NO, RoundMode.SECRET)
    for attendee in workshop.attendees:
        if attendee.status is AttendanceStatus.PRESENT:
            urn_service.sign(db, record.uuid, attendee.uuid)
    urn_service.close_urn(db, record.uuid)
    urn_service.record_paper(db, record.uuid, {a: "yes" for a in record.action_uuids})
    page.refresh()
    boxes = Boxes(qtbot)
    boxes.answer(Qt.Key.Key_Return)
    qtbot.mouseClick(page.close_round_button, Qt.MouseButton.LeftButton)
    text = boxes.seen[0]["text"]
    assert "Only 1 of the 4 papers in the urn have been counted." in text
    assert not any(name in text for name in PEOPLE)
    assert boxes.seen[0]["default"] == QMessageBox.StandardButton.No
    assert _status(db, record.uuid) is RoundStatus.OPEN


def test_name_list_stops_at_ten():
    names = [f"Élu {n}" for n in range(12, 0, -1)]
    assert name_list(names) == "Élu 1, Élu 2, Élu 3, Élu 4, Élu 5, Élu 6, Élu 7, Élu 8, Élu 9, Élu 10 and 2 others"
    assert name_list(["Zoë", "Éloïse"]) == "Éloïse, Zoë"


def test_closing_the_workshop_lists_the_actions_without_decision(qtbot, db, workshop, session_window):  # type: ignore[no-untyped-def]
    window = session_window()
    page = window.session_page
    actions = [a for o in page.orientations for a in o.actions()]
    for action in actions[1:]:
        decision_service.set_decision(db, workshop.uuid, action.uuid, DecisionKind.PRIORITY_1, "")
    page.refresh()
    boxes = Boxes(qtbot)
    boxes.answer(Qt.Key.Key_Return)  # Enter: the default button, "Cancel"
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert boxes.seen[0]["default"] == QMessageBox.StandardButton.Cancel
    assert "1 actions of the workshop have no decision:" in boxes.seen[0]["text"]
    assert f"• {actions[0].code} {actions[0].title}" in boxes.seen[0]["text"]
    assert workshop_service.get_workshop(db, workshop.uuid).status is not WorkshopStatus.CLOSED

    boxes.answer(QMessageBox.StandardButton.Yes)
    boxes.answer(QMessageBox.StandardButton.Ok)  # "the workshop is closed"
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert workshop_service.get_workshop(db, workshop.uuid).status is WorkshopStatus.CLOSED


def test_closing_the_workshop_says_and_others_beyond_ten(qtbot, db, workshop, session_window):  # type: ignore[no-untyped-def]
    window = session_window()
    page = window.session_page
    count = sum(1 for o in page.orientations for _a in o.actions())
    assert count > 10
    boxes = Boxes(qtbot)
    boxes.answer(Qt.Key.Key_Escape)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    text = boxes.seen[0]["text"]
    assert f"{count} actions of the workshop have no decision:" in text
    assert text.count("• ") == 10 and f"… and {count - 10} others" in text
    assert workshop_service.get_workshop(db, workshop.uuid).status is not WorkshopStatus.CLOSED


def test_majority_judgment_ballot_with_a_skipped_action_asks_once(qtbot, db, workshop, session_window):  # type: ignore[no-untyped-def]
    window = session_window()
    page = window.session_page
    record = _round(db, window, workshop, Method.MAJORITY_JUDGMENT)
    entry = page.ballot_entry
    assert page.entry_stack.currentWidget() is entry
    n = len(record.action_uuids)
    entry.focus_voter()
    qtbot.keyClicks(entry.voter_edit, "max")
    qtbot.keyClick(entry.voter_edit, Qt.Key.Key_Return)
    for key in "11":
        qtbot.keyClicks(QApplication.focusWidget(), key)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # the third action is skipped
    for _ in range(n - 3):
        qtbot.keyClicks(QApplication.focusWidget(), "2")
    boxes = Boxes(qtbot)
    boxes.answer(Qt.Key.Key_Escape)  # Esc: back to the action skipped
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    third = entry.rows[2].fields[0]
    assert boxes.seen[0]["default"] == QMessageBox.StandardButton.Yes
    assert boxes.seen[0]["text"].startswith(f"Action {third.accessibleName()} has no grade: it will count as "
                                            "“To abandon”.")
    assert round_service.get_round(db, record.uuid)[1].ballots == ()
    qtbot.waitUntil(lambda: window.focusWidget() is third, timeout=2000)  # the window's focus
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is third, timeout=2000)

    qtbot.keyClick(third, Qt.Key.Key_Delete)  # still ungraded; Enter then Enter records it so
    boxes.answer(Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert len(boxes.seen) == 2
    ballots = round_service.get_round(db, record.uuid)[1].ballots
    assert len(ballots) == 1 and record.action_uuids[2] not in ballots[0].marks and len(ballots[0].marks) == n - 1

    # a ballot with every action graded is recorded without a question
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.voter_edit, timeout=2000)
    qtbot.keyClicks(entry.voter_edit, "zoe")
    qtbot.keyClick(entry.voter_edit, Qt.Key.Key_Return)
    for _ in range(n):
        qtbot.keyClicks(QApplication.focusWidget(), "3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert len(boxes.seen) == 2
    assert len(round_service.get_round(db, record.uuid)[1].ballots) == 2
