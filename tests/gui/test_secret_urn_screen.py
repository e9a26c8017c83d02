"""A secret round on the Session page, as a French urn: the facilitator types names at the
émargement (no marks asked), closes the register, then types the papers with no name (no
voter asked). The database and the screen must agree at each step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import plans as plan_service
from projter_desktop.services import rounds as round_service
from projter_desktop.services import workshops as workshop_service

ORIENTATION = "1.4"


@pytest.fixture(autouse=True)
def _synchronous(synchronous_ops):  # type: ignore[no-untyped-def]
    return synchronous_ops


@pytest.fixture
def workshop(db):  # type: ignore[no-untyped-def]
    plan = plan_service.get_plan(db)
    orientation = next(o for o in plan.orientations() if o.code == ORIENTATION)
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Urne", scope=[orientation.uuid]).value
    people = [workshop_service.add_attendee(db, w.uuid, name=name, status=AttendanceStatus.PRESENT).value
              for name in ("Anne Abel", "Bruno Brun", "Chloé Cade", "Denis Dor")]
    away = workshop_service.add_attendee(db, w.uuid, name="Émile Ey", status=AttendanceStatus.EXCUSED).value
    workshop_service.give_proxy(db, away.uuid, people[0].uuid)
    return workshop_service.get_workshop(db, w.uuid)


def _type(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        qtbot.keyClicks(widget, char)


def _enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_emargement_then_papers_with_no_name(qtbot, db, workshop, session_window, monkeypatch):  # type: ignore[no-untyped-def]
    window = session_window(1366, 768)
    page = window.session_page
    qtbot.mouseClick(page.new_round_button, Qt.MouseButton.LeftButton)
    dialog = page.round_dialog
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(Method.YES_NO.value))
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(RoundMode.SECRET.value))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    round_uuid = page.round_uuid
    entry = page.ballot_entry
    assert entry.phase == entry.REGISTER
    assert not entry.scroll.isVisible() and entry.urn_button.isVisible()  # no marks at the émargement

    for name in ("Anne", "Chl", "Bru"):
        entry.focus_voter()
        _type(qtbot, name)
        _enter(qtbot)  # signs at once
    _w, record = round_service.get_round(db, round_uuid)
    signed = {a.name for a in workshop.attendees if a.uuid in record.voted}
    assert signed == {"Anne Abel", "Chloé Cade", "Bruno Brun"}
    assert record.signed_voices == (1.0, 1.0, 1.0, 1.0) and record.ballots == ()  # Anne holds a proxy
    assert entry.register_note.text() == "3 voters have signed, 4 papers in the urn."
    remaining = [entry.candidates_list.item(i).text() for i in range(entry.candidates_list.count())]
    assert remaining == ["Denis Dor"]

    asked: list[str] = []

    def answer(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(entry.urn_button, Qt.MouseButton.LeftButton)
    assert asked and "1" in asked[0]  # Denis has not signed: said before the urn closes
    assert round_service.get_round(db, round_uuid)[1].urn_closed
    assert entry.phase == entry.PAPERS
    assert not entry.left_box.isVisible() and entry.scroll.isVisible()  # no voter to choose
    actions = record.action_uuids

    papers = ["y" * len(actions), "n" * len(actions), "y" * len(actions), "a" * len(actions)]
    for count, keys in enumerate(papers, start=1):
        entry.focus_voter()  # in the counting: the first action
        _type(qtbot, keys)
        _enter(qtbot)
        _w, stored = round_service.get_round(db, round_uuid)
        assert len(stored.ballots) == count and all(b.attendee_uuid is None for b in stored.ballots)
    yes = sum(1 for b in stored.ballots if b.marks.get(actions[0]) == "yes")
    assert yes == 2
    entry.focus_voter()
    _type(qtbot, "y" * len(actions))
    _enter(qtbot)  # a fifth paper for four voices: refused, said on screen
    assert len(round_service.get_round(db, round_uuid)[1].ballots) == 4
    assert "⚠" in entry.status_label.text()

    qtbot.mouseClick(page.close_round_button, Qt.MouseButton.LeftButton)
    _w, closed = round_service.get_round(db, round_uuid)
    assert closed.status.value == "closed"
    tally = round_service.tally_record(None, closed)
    assert tally.row(actions[0]).details["yes"] == 2 and tally.row(actions[0]).details["no"] == 1


def test_the_emargement_counts_the_papers_already_cast_on_phones(qtbot, db, workshop, session_window):  # type: ignore[no-untyped-def]
    """A voting card used on a phone during the émargement drops its paper at once: the
    register's note says so (it spoke of the signatures only)."""
    from projter_desktop.services import phone_votes, urn
    from projter_desktop.ui.operations import perform

    plan = plan_service.get_plan(db)
    orientation = next(o for o in plan.orientations() if o.code == ORIENTATION)
    record = round_service.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO,
                                        mode=RoundMode.SECRET).value
    round_service.open_round(db, record.uuid)
    for attendee in workshop.attendees[:2]:
        urn.sign(db, record.uuid, attendee.uuid)
    cards = phone_votes.issue_cards(db, workshop.uuid).cards
    window = session_window(1366, 768)
    page = window.session_page
    page.set_workshop(workshop.uuid)
    entry = page.ballot_entry
    assert entry.phase == entry.REGISTER
    assert entry.register_note.text() == "2 voters have signed, 3 papers in the urn."
    action = record.action_uuids[0]
    assert perform(window, lambda: phone_votes.submit(db, record.uuid, cards[0].code, {action: "yes"},
                                                      "submission-00000001-xxxxxxxx"))
    assert entry.register_note.text() == "2 voters have signed, 3 papers in the urn. 1 of them already cast on a phone."
    assert len(round_service.get_round(db, record.uuid)[1].ballots) == 1
