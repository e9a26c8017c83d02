"""Phone voting from the Session page: the round dialog's opt-in, the room server on the
chosen interface, the QR code on the projector, phone ballots (real HTTP) arriving on the
UI thread through the one change path, mixed with a typed ballot, and the server stopped
when the round closes."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode, RoundStatus
from projter_desktop.services import phone_votes
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
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier téléphones",
                                         scope=[orientation.uuid]).value
    for i in range(1, 7):
        workshop_service.add_attendee(db, w.uuid, name=f"Délégué {i}", status=AttendanceStatus.PRESENT)
    return workshop_service.get_workshop(db, w.uuid)


def _phone_vote(url: str, code: str, fields: dict[str, str]) -> str:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{url}c/{code}", timeout=10).read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    body = {"csrf": csrf, "code": code, **fields}
    review = opener.open(f"{url}relire", urllib.parse.urlencode(body).encode(), timeout=10).read().decode()
    submission = re.search(r'name="submission" value="([^"]+)"', review).group(1)  # type: ignore[union-attr]
    body["submission"] = submission
    return html.unescape(opener.open(f"{url}voter", urllib.parse.urlencode(body).encode(), timeout=10).read().decode())


def test_phones_vote_in_a_named_round_seen_live(qtbot, db, workshop, session_window, tmp_path):  # type: ignore[no-untyped-def]
    window = session_window(1366, 768)
    page = window.session_page
    qtbot.mouseClick(page.new_round_button, Qt.MouseButton.LeftButton)
    dialog = page.round_dialog
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(Method.YES_NO.value))
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(RoundMode.NAMED.value))
    assert not dialog.phone_host.isEnabled()  # opt-in
    dialog.phone_check.setChecked(True)
    dialog.phone_host.setCurrentIndex(dialog.phone_host.findData("127.0.0.1"))
    assert dialog.values()["phone_host"] == "127.0.0.1"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    controller = window.phone_voting
    try:
        assert controller.server is not None and controller.round_uuid == page.round_uuid
        url = controller.url
        assert url.startswith("http://127.0.0.1:")
        assert controller.slips is not None and controller.slips.read_bytes().startswith(b"%PDF")
        # the projector shows the QR code and the address
        projector = window.projector.ensure_window()
        assert projector.phone_url == url and projector.phone_qr is not None and projector.phone_qr.width() > 100
        assert controller.status_label.isVisible() and url.removesuffix("/") in controller.status_label.text()
        round_uuid = page.round_uuid
        _w, record = round_service.get_round(db, round_uuid)
        people = workshop.attendees
        # codes for the phones (issued again: the slips' codes are not kept in clear)
        codes = {c.attendee_uuid: c.code for c in phone_votes.issue_named_codes(db, workshop.uuid).named}
        receipt = _phone_vote(url, codes[people[0].uuid], {"m0": "yes", "m1": "no"})
        assert "Vote enregistré" in receipt
        qtbot.waitUntil(lambda: page.round_turnout.text().startswith("1 voter"), timeout=5000)
        _phone_vote(url, codes[people[1].uuid], {"m0": "no"})
        qtbot.waitUntil(lambda: page.round_turnout.text().startswith("2 voters"), timeout=5000)
        # a typed ballot in the same round
        round_service.record_ballot(db, round_uuid, people[2].uuid, {record.action_uuids[0]: "abstain"})
        _phone_vote(url, codes[people[3].uuid], {"m0": "blank"})
        qtbot.waitUntil(lambda: page.round_turnout.text().startswith("4 voters"), timeout=5000)
        stored = {b.attendee_uuid: b.marks for b in round_service.get_round(db, round_uuid)[1].ballots}
        a, b = record.action_uuids[:2]
        assert stored == {people[0].uuid: {a: "yes", b: "no"}, people[1].uuid: {a: "no"},
                          people[2].uuid: {a: "abstain"}, people[3].uuid: {a: "blank"}}
        # closing the round stops the server
        page.close_round_button.setEnabled(True)
        page._execute(lambda: round_service.close_round(db, round_uuid).changes)
        assert round_service.get_round(db, round_uuid)[1].status is RoundStatus.CLOSED
        qtbot.waitUntil(lambda: controller.server is None, timeout=5000)
        assert projector.phone_url is None
        assert not controller.status_label.isVisible()
    finally:
        controller.stop()


def _open_round(db, workshop, method: Method, actions: int):  # type: ignore[no-untyped-def]
    """A named round of ``method`` on the first ``actions`` actions, opened by the services."""
    plan = plan_service.get_plan(db)
    orientation = next(o for o in plan.orientations() if o.code == ORIENTATION)
    return round_service.create_round(db, workshop.uuid, orientation.uuid, method=method, mode=RoundMode.NAMED,
                                      action_uuids=[a.uuid for a in orientation.actions()][:actions],
                                      open_now=True).value


def test_view_menu_serves_the_open_round_again_and_stops(qtbot, db, workshop, session_window, monkeypatch):  # type: ignore[no-untyped-def]
    """After a restart of the app the round is still open: View → Vote on phones… serves it
    again on the chosen network; the same action stops it."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    record = _open_round(db, workshop, Method.MAJORITY_JUDGMENT, 3)
    window = session_window(1366, 768)
    page = window.session_page
    page.round_uuid = record.uuid
    page.reload_workshops() if page.current_round() is None else None
    assert page.current_round() is not None and page.current_round().uuid == record.uuid
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda _parent, _title, _label, items, *_args: (next(i for i in items if i.startswith("127.0.0.1")), True)))
    action = window.phone_action
    assert not action.isChecked()
    action.trigger()
    controller = window.phone_voting
    try:
        assert controller.server is not None and controller.round_uuid == record.uuid and action.isChecked()
        codes = {c.attendee_uuid: c.code for c in phone_votes.issue_named_codes(db, workshop.uuid).named}
        assert "Vote enregistré" in _phone_vote(controller.url, codes[workshop.attendees[0].uuid],
                                                {"m0": "0", "m1": "4", "m2": "2"})
        assert round_service.get_round(db, record.uuid)[1].ballots[0].marks == {
            record.action_uuids[0]: 0, record.action_uuids[1]: 4, record.action_uuids[2]: 2}
        monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
        action.trigger()
        assert controller.server is None and not action.isChecked()
    finally:
        controller.stop()


def test_personal_code_shown_on_screen(qtbot, db, workshop, session_window, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    record = _open_round(db, workshop, Method.YES_NO, 2)
    window = session_window(1366, 768)
    assert not window.personal_code_action.isEnabled()
    controller = window.phone_voting
    controller.start(db, record.uuid, "127.0.0.1", port=0)
    try:
        assert window.personal_code_action.isEnabled()
        old = phone_votes.issue_named_codes(db, workshop.uuid, [workshop.attendees[4].uuid]).named[0].code
        monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *_a, **_k: ("Délégué 5", True)))
        from projter_desktop.ui.session.phone_voting import show_personal_code

        dialog = show_personal_code(window)
        assert dialog is not None and dialog.code != old
        assert "Vote enregistré" in _phone_vote(controller.url, dialog.code, {"m0": "yes"})
        stored = round_service.get_round(db, record.uuid)[1].ballots
        assert [b.attendee_uuid for b in stored] == [workshop.attendees[4].uuid]
        with pytest.raises(urllib.error.HTTPError) as refused:  # the replaced code no longer opens a ballot
            _phone_vote(controller.url, old, {"m0": "no"})
        assert refused.value.code == 403
        dialog.close()
    finally:
        controller.stop()
    assert not window.personal_code_action.isEnabled()


def test_another_database_stops_the_server(qtbot, db, workshop, session_window, tmp_path):  # type: ignore[no-untyped-def]
    from projter_desktop.services.changes import Changes
    from projter_desktop.services.database import open_app_database

    record = _open_round(db, workshop, Method.YES_NO, 2)
    window = session_window(1366, 768)
    controller = window.phone_voting
    controller.start(db, record.uuid, "127.0.0.1", port=0)
    try:
        window.changed.emit(Changes(attendance=True, workshop_uuids=frozenset({workshop.uuid})))
        assert controller.server is not None  # a change elsewhere: still serving
        real, other = window.db, open_app_database(tmp_path / "other.sqlite3")
        window.db = other  # another file opened
        try:
            window.changed.emit(Changes.everything())
            assert controller.server is None
        finally:
            window.db = real
            window.changed.emit(Changes.everything())
            other.close()
    finally:
        controller.stop()
