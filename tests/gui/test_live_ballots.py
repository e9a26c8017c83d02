"""Fifty ballots typed with the keyboard on the Session page, as in the room: after each,
the database, the round the page holds, the turnout, the "not voted yet" list and the live
results (revealed) must all say the same thing.

The page no longer loads the workshop after a ballot: it adds the ballot it typed to the
round it holds. This test is what tells that shortcut from the truth in the database.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from projter_desktop.domain.voting import GRADES, Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import plans as plan_service
from projter_desktop.services import rounds as round_service
from projter_desktop.services import workshops as workshop_service
from projter_desktop.ui.results_model import ACTION_ROLE, ResultsModel

VOTERS = 50
ORIENTATION = "1.4"  # 9 actions


@pytest.fixture(autouse=True)
def _synchronous(synchronous_ops):  # type: ignore[no-untyped-def]
    return synchronous_ops


@pytest.fixture
def workshop(db):  # type: ignore[no-untyped-def]
    plan = plan_service.get_plan(db)
    orientation = next(o for o in plan.orientations() if o.code == ORIENTATION)
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier des 50",
                                         scope=[orientation.uuid]).value
    for i in range(1, VOTERS + 1):
        workshop_service.add_attendee(db, w.uuid, name=f"Delegue {i:02d}", commune="Ales",
                                      status=AttendanceStatus.PRESENT)
    return workshop_service.get_workshop(db, w.uuid)


@pytest.fixture
def window(session_window, workshop):  # type: ignore[no-untyped-def]
    return session_window(1366, 768)


def _key(qtbot, key) -> None:  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, key)


def _type(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        qtbot.keyClicks(widget, char)


def _new_named_mj_round(qtbot, page) -> str:  # type: ignore[no-untyped-def]
    """New round… : majority judgment, named, opened at once (the dialog's default)."""
    qtbot.mouseClick(page.new_round_button, Qt.MouseButton.LeftButton)
    dialog = page.round_dialog
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(Method.MAJORITY_JUDGMENT.value))
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(RoundMode.NAMED.value))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return page.round_uuid


def test_fifty_ballots_typed_one_after_the_other(qtbot, db, workshop, window):  # type: ignore[no-untyped-def]
    page = window.session_page
    round_uuid = _new_named_mj_round(qtbot, page)
    _w, record = round_service.get_round(db, round_uuid)
    assert record.method is Method.MAJORITY_JUDGMENT and record.mode is RoundMode.NAMED
    actions = record.action_uuids
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)  # live results, on screen too
    assert round_service.get_round(db, round_uuid)[1].results_hidden is False

    people = {a.name: a.uuid for a in workshop.attendees}
    names = sorted(people)
    random.Random(7).shuffle(names)
    rng = random.Random(11)
    typed: dict[str, dict[str, int]] = {}
    for count, name in enumerate(names, start=1):
        grades = {a: rng.randrange(len(GRADES)) for a in actions}
        page.ballot_entry.focus_voter()
        _type(qtbot, name)
        _key(qtbot, Qt.Key.Key_Return)  # the voter chosen: on to the first mark
        for action in actions:
            _type(qtbot, str(grades[action] + 1))  # keys 1…5, one per action
        _key(qtbot, Qt.Key.Key_Return)  # record
        typed[people[name]] = grades

        # the database holds this ballot, and every earlier one, as typed
        _w, stored = round_service.get_round(db, round_uuid)
        assert len(stored.ballots) == count
        assert {b.attendee_uuid: dict(b.marks) for b in stored.ballots} == typed
        assert sorted(stored.voted) == sorted(typed)
        # the page holds exactly what the database holds (no reload was done)
        assert page.current_round() == stored
        # what the room and the facilitator see
        assert page.round_turnout.text() == f"{count} voter{'' if count == 1 else 's'} of {VOTERS} present"
        remaining = [page.ballot_entry.candidates_list.item(i).text()
                     for i in range(page.ballot_entry.candidates_list.count())]
        assert len(remaining) == VOTERS - count and name not in remaining
        assert "recorded" in page.ballot_entry.status_label.text() and name in page.ballot_entry.status_label.text()
        tally = round_service.tally_round(db, round_uuid)
        model = page.results_model
        shown = [(model.data(model.index(r, ResultsModel.RANK)), model.data(model.index(r, ResultsModel.RESULT)),
                  model.data(model.index(r, ResultsModel.CODE), ACTION_ROLE)) for r in range(model.rowCount())]
        assert [(s[1], s[2]) for s in shown] == [(row.label, row.action) for row in tally.rows]
        assert tally.voters == count


def test_correct_a_ballot_then_undo(qtbot, db, workshop, window):  # type: ignore[no-untyped-def]
    page = window.session_page
    round_uuid = _new_named_mj_round(qtbot, page)
    assert not page.correct_button.isEnabled()  # nothing to correct yet
    actions = round_service.get_round(db, round_uuid)[1].action_uuids
    for name in ("Delegue 01", "Delegue 02"):
        page.ballot_entry.focus_voter()
        _type(qtbot, name)
        _key(qtbot, Qt.Key.Key_Return)
        _type(qtbot, "1" * len(actions))  # "Très prioritaire" everywhere
        _key(qtbot, Qt.Key.Key_Return)
    assert page.correct_button.isEnabled()
    voter = next(a.uuid for a in workshop.attendees if a.name == "Delegue 02")

    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    correction = page.correction_dialog
    assert correction is not None and correction.isVisible()
    entry = correction.entry
    correction.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is correction, timeout=2000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.voter_edit, timeout=2000)
    _type(qtbot, "Delegue 02")
    _key(qtbot, Qt.Key.Key_Return)
    assert entry.marks() == {a: 0 for a in actions}  # the marks recorded, shown
    _type(qtbot, "5")  # the first action: "À rejeter" instead
    _key(qtbot, Qt.Key.Key_Return)
    assert not correction.isVisible()

    _w, stored = round_service.get_round(db, round_uuid)
    ballots = {b.attendee_uuid: dict(b.marks) for b in stored.ballots}
    assert ballots[voter] == {**{a: 0 for a in actions}, actions[0]: 4}
    assert all(v == 0 for v in ballots[next(u for u in ballots if u != voter)].values())  # the other untouched
    history = round_service.round_corrections(db, round_uuid)
    assert [(h.attendee_uuid, dict(h.previous_marks)[actions[0]], dict(h.marks)[actions[0]]) for h in history] \
        == [(voter, 0, 4)]
    assert page.current_round() == stored
    assert "corrected" in page.ballot_entry.status_label.text()

    window.act_undo.trigger()
    _w, restored = round_service.get_round(db, round_uuid)
    assert {b.attendee_uuid: dict(b.marks) for b in restored.ballots}[voter] == {a: 0 for a in actions}
    assert round_service.round_corrections(db, round_uuid) == ()
    assert page.current_round() == restored


def test_rows_kept_for_a_round_of_the_same_kind_take_its_actions(qtbot, db, workshop, window):  # type: ignore[no-untyped-def]
    """Two rounds of the same method and size: the ballot rows are relabelled, not rebuilt;
    a ballot typed in the second round must carry the second round's actions."""
    page = window.session_page
    orientation_actions = [a.uuid for a in next(o for o in page.orientations).actions()]
    first = round_service.create_round(db, workshop.uuid, page.orientation().uuid, method=Method.MAJORITY_JUDGMENT,
                                       mode=RoundMode.NAMED, action_uuids=orientation_actions[:4], open_now=True).value
    second = round_service.create_round(db, workshop.uuid, page.orientation().uuid, method=Method.MAJORITY_JUDGMENT,
                                        mode=RoundMode.NAMED, action_uuids=orientation_actions[4:8], open_now=True).value
    window.changed.emit(round_service.round_changes(workshop.uuid, first.uuid))  # as another laptop's import would
    window.changed.emit(round_service.round_changes(workshop.uuid, second.uuid))
    for record in (first, second):
        row = next(i for i in range(page.rounds_list.count())
                   if page.rounds_list.item(i).data(Qt.ItemDataRole.UserRole) == record.uuid)
        page.rounds_list.setCurrentRow(row)
        assert page.round_uuid == record.uuid
        assert [r.action_uuid for r in page.ballot_entry.rows] == list(record.action_uuids)
    infos = page.action_infos
    assert [code.text().split()[-1] for code, _title in page.ballot_entry._row_labels] == \
        [infos[a].code for a in second.action_uuids]
    page.ballot_entry.focus_voter()
    _type(qtbot, "Delegue 03")
    _key(qtbot, Qt.Key.Key_Return)
    _type(qtbot, "1234")
    _key(qtbot, Qt.Key.Key_Return)
    _w, stored = round_service.get_round(db, second.uuid)
    assert [dict(b.marks) for b in stored.ballots] == [dict(zip(second.action_uuids, range(4)))]
    assert round_service.get_round(db, first.uuid)[1].ballots == ()


def test_after_a_ballot_the_voters_list_loses_one_row_and_keeps_the_others(qtbot, db, workshop, window):  # type: ignore[no-untyped-def]
    """The "not voted yet" list is not rebuilt after each ballot (60 rows rebuilt twice were a
    fifth of the time of a ballot): the voter's row goes, the other rows stay the same items."""
    from shiboken6 import getCppPointer

    page = window.session_page
    round_uuid = _new_named_mj_round(qtbot, page)
    actions = round_service.get_round(db, round_uuid)[1].action_uuids
    entry = page.ballot_entry
    entry.focus_voter()
    _type(qtbot, "Delegue 07")
    _key(qtbot, Qt.Key.Key_Return)  # the voter chosen: the whole list is shown again
    before = {entry.candidates_list.item(i).text(): getCppPointer(entry.candidates_list.item(i))[0]
              for i in range(entry.candidates_list.count())}
    assert len(before) == VOTERS
    _type(qtbot, "2" * len(actions))
    _key(qtbot, Qt.Key.Key_Return)
    assert len(round_service.get_round(db, round_uuid)[1].ballots) == 1
    after = {entry.candidates_list.item(i).text(): getCppPointer(entry.candidates_list.item(i))[0]
             for i in range(entry.candidates_list.count())}
    assert set(before) - set(after) == {"Delegue 07"}
    assert all(after[name] == before[name] for name in after)  # the same items, not rebuilt
    assert entry.candidates_list.currentRow() == 0


def test_a_closed_round_gives_the_results_the_room(qtbot, db, workshop, window, monkeypatch):  # type: ignore[no-untyped-def]
    """At 1366×768, once the round is closed the results table shows at least 6 rows without
    dragging the divider (1.5 rows showed before)."""
    from PySide6.QtWidgets import QMessageBox

    page = window.session_page
    round_uuid = _new_named_mj_round(qtbot, page)
    actions = round_service.get_round(db, round_uuid)[1].action_uuids
    page.ballot_entry.focus_voter()
    _type(qtbot, "Delegue 01")
    _key(qtbot, Qt.Key.Key_Return)
    _type(qtbot, "1" * len(actions))
    _key(qtbot, Qt.Key.Key_Return)
    open_results = page.results_box.height()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.close_round_button, Qt.MouseButton.LeftButton)
    assert round_service.get_round(db, round_uuid)[1].status.value == "closed"
    QApplication.processEvents()
    view = page.results_view
    row = view.rowHeight(0) or 24
    assert view.viewport().height() >= 6 * row, (view.viewport().height(), row)
    assert page.results_box.height() > 2 * open_results
