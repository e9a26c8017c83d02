"""The Session page, driven like a facilitator in the room: step through the orientations,
create and open rounds, type ballots and counts with the keyboard, reveal and close, decide,
comment, propose, undo and redo, close the workshop. Every step is checked in the database
(through the services) and on the screen."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QMessageBox

from projter_desktop.domain.plan import ActionKind
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, DecisionKind, RoundMode, RoundStatus, WorkshopStatus
from projter_desktop.services import decisions as decision_service
from projter_desktop.services import plans as plan_service
from projter_desktop.services import rounds as round_service
from projter_desktop.services import workshops as workshop_service
from projter_desktop.services.errors import ReadOnlyError, UserError
from projter_desktop.ui import main_window as main_window_module
from projter_desktop.ui.results_model import ActionInfo, ResultsModel
from projter_desktop.ui.session import SessionPage
from projter_desktop.ui.session import install as install_session

PEOPLE = [
    ("Max Roustan", "Alès", AttendanceStatus.PRESENT),
    ("Élodie Brun", "Saint-Christol-lez-Alès", AttendanceStatus.PRESENT),
    ("Jean Michel", "Anduze", AttendanceStatus.PRESENT),
    ("Christophe Rivenq", "Saint-Privat-des-Vieux", AttendanceStatus.PRESENT),
    ("Hélène Meunier", "Vézénobres", AttendanceStatus.PRESENT),
    ("Paul Ageron", "Salindres", AttendanceStatus.ABSENT),  # gives a proxy to Max Roustan
]
SCOPE = ("1.4", "2.1", "3.2")  # 9, 10 and 15 actions


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _synchronous(synchronous_ops):  # type: ignore[no-untyped-def]
    return synchronous_ops


@pytest.fixture
def workshop(db):  # type: ignore[no-untyped-def]
    plan = plan_service.get_plan(db)
    by_code = {o.code: o for o in plan.orientations()}
    w = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier Cévennes",
                                         scope=[by_code[c].uuid for c in SCOPE]).value
    people = {}
    for name, commune, status in PEOPLE:
        people[name] = workshop_service.add_attendee(db, w.uuid, name=name, commune=commune, status=status).value
    workshop_service.give_proxy(db, people["Paul Ageron"].uuid, people["Max Roustan"].uuid)
    return workshop_service.get_workshop(db, w.uuid)


@pytest.fixture
def window(session_window, workshop):  # type: ignore[no-untyped-def]
    win = session_window(1280, 800)
    yield win
    if getattr(win, "projector", None) is not None:
        win.projector.close()


@pytest.fixture
def messages(monkeypatch):  # type: ignore[no-untyped-def]
    """Message boxes answered "Yes" and recorded instead of shown."""
    shown: list[tuple[str, str]] = []

    def record(kind, answer=QMessageBox.StandardButton.Ok):  # type: ignore[no-untyped-def]
        def box(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, f"{title}\n{text}"))
            return answer
        return box

    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(("exec", self.text())) or 0)
    return shown


# --------------------------------------------------------------------------- helpers


class Keyboard:
    """Types into whatever widget has the focus, and counts the keystrokes."""

    KEYS = {"\n": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def type(self, text: str) -> None:
        for char in text:
            widget = QApplication.focusWidget()
            assert widget is not None, "nothing has the keyboard focus"
            if char in self.KEYS:
                self.qtbot.keyClick(widget, self.KEYS[char])
            else:
                self.qtbot.keyClicks(widget, char)
            self.count += 1

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        widget = QApplication.focusWidget()
        assert widget is not None
        self.qtbot.keyClick(widget, key, modifier)
        self.count += 1


def type_text(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """qtbot.keyClicks, also for the accented letters QTest cannot map to a key."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def page_of(win) -> SessionPage:  # type: ignore[no-untyped-def]
    return win.session_page


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    if isinstance(widget, QCheckBox):  # click on the box itself, not on the empty end of a stretched row
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_action(qtbot, page: SessionPage, code: str) -> None:  # type: ignore[no-untyped-def]
    tree = page.actions_tree
    for i in range(tree.topLevelItemCount()):
        parent = tree.topLevelItem(i)
        for j in range(parent.childCount()):
            item = parent.child(j)
            if item.text(0).endswith(" " + code):
                tree.scrollToItem(item)
                rect = tree.visualItemRect(item)
                qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                assert page.action_uuid == item.data(0, Qt.ItemDataRole.UserRole)
                return
    raise AssertionError(f"action {code} not shown")


def go_to(qtbot, page: SessionPage, code: str) -> None:  # type: ignore[no-untyped-def]
    while not page.orientation_label.text().startswith(code + " "):
        click(qtbot, page.next_button)


def create_round(qtbot, page: SessionPage, method_text: str, mode_text: str, title: str = "") -> str:  # type: ignore[no-untyped-def]
    """New round… → choose method and mode by typing in the combos → Create (opened at once)."""
    click(qtbot, page.new_round_button)
    dialog = page.round_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.method_combo.setFocus()
    qtbot.keyClicks(dialog.method_combo, method_text)
    dialog.mode_combo.setFocus()
    qtbot.keyClicks(dialog.mode_combo, mode_text)
    if title:
        type_text(qtbot, dialog.title_edit, title)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert not dialog.isVisible()
    assert page.round_uuid
    return page.round_uuid


def workshop_now(db, workshop):  # type: ignore[no-untyped-def]
    return workshop_service.get_workshop(db, workshop.uuid)


def attendee(workshop, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in workshop.attendees if a.name == name)


def list_texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


# --------------------------------------------------------------------------- tests


def test_steps_orientation_by_orientation(qtbot, window, db):
    page = page_of(window)
    assert page.step_label.text() == "Orientation 1 / 3"
    assert page.orientation_label.text().startswith("1.4 ")
    assert not page.prev_button.isEnabled()
    codes = [page.actions_tree.topLevelItem(0).child(j).text(0) for j in range(page.actions_tree.topLevelItem(0).childCount())]
    assert codes[0] == "★ 1.4.a.P1"  # the kind is a shape, not a colour
    assert any(c.startswith("☆ ") for c in codes)

    click(qtbot, page.next_button)
    assert page.step_label.text() == "Orientation 2 / 3"
    assert page.orientation_label.text().startswith("2.1 ")

    page.actions_tree.setFocus()
    qtbot.keyClick(page.actions_tree, Qt.Key.Key_PageDown)
    assert page.step_label.text() == "Orientation 3 / 3"
    assert page.orientation_label.text().startswith("3.2 ")
    assert not page.next_button.isEnabled()
    page.rounds_list.setFocus()
    qtbot.keyClick(page.rounds_list, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.step_label.text() == "Orientation 2 / 3"
    qtbot.keyClick(page.rounds_list, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.rounds_list, Qt.Key.Key_PageUp)
    assert page.step_label.text() == "Orientation 2 / 3"


def test_named_majority_judgment_round(qtbot, window, db, workshop, messages):
    page = page_of(window)
    keys = Keyboard(qtbot)
    round_uuid = create_round(qtbot, page, "Maj", "Named", "Priorités tourisme")
    record = workshop_now(db, workshop).round(round_uuid)
    assert record.method is Method.MAJORITY_JUDGMENT and record.mode is RoundMode.NAMED
    assert record.status is RoundStatus.OPEN and len(record.action_uuids) == 9
    assert workshop_now(db, workshop).status is WorkshopStatus.RUNNING
    entry = page.ballot_entry
    assert page.entry_stack.currentWidget() is entry
    assert QApplication.focusWidget() is entry.voter_edit
    assert len(list_texts(entry.candidates_list)) == 5
    assert "Max Roustan  (+1 proxy)" in list_texts(entry.candidates_list)
    assert "0 voters of 5 present" in page.round_turnout.text()

    # Max Roustan (holds Paul Ageron's proxy): "max", Enter, nine grades, Enter
    keys.type("max\n")
    assert "Max Roustan" in entry.chosen_label.text() and "2 voices" in entry.chosen_label.text()
    keys.type("112233451\n")
    assert "Ballot of Max Roustan recorded." in entry.status_label.text()
    assert QApplication.focusWidget() is entry.voter_edit  # back to the voter field
    w = workshop_now(db, workshop)
    ballot = w.round(round_uuid).ballots[0]
    max_ = attendee(w, "Max Roustan")
    assert ballot.attendee_uuid == max_.uuid and ballot.weight == 2.0
    actions = w.round(round_uuid).action_uuids
    assert [ballot.marks[a] for a in actions] == [0, 0, 1, 1, 2, 2, 3, 4, 0]

    # Élodie Brun: accents need not be typed; a partial ballot leaves actions ungraded
    keys.type("elo\n")
    keys.type("2222\n")
    # Jean Michel picked with ↓ in the list; "p" and "u" are the first letters of grades
    keys.type("j")
    keys.type("\n")
    keys.type("pppuuu111\n")
    w = workshop_now(db, workshop)
    assert len(w.round(round_uuid).ballots) == 3
    elodie = next(b for b in w.round(round_uuid).ballots if b.attendee_uuid == attendee(w, "Élodie Brun").uuid)
    assert elodie.marks == {a: 1 for a in actions[:4]}
    jean = next(b for b in w.round(round_uuid).ballots if b.attendee_uuid == attendee(w, "Jean Michel").uuid)
    assert [jean.marks[a] for a in actions] == [1, 1, 1, 2, 2, 2, 0, 0, 0]
    assert "3 voters of 5 present" in page.round_turnout.text()
    assert sorted(list_texts(entry.candidates_list)) == ["Christophe Rivenq", "Hélène Meunier"]

    # someone who already voted is not offered again
    keys.type("max\n")
    assert "No present voter" in entry.status_label.text()
    entry.voter_edit.clear()

    # results are hidden until revealed
    assert page.results_stack.currentWidget() is page.results_hidden_label
    assert page.results_model.rowCount() == 0
    click(qtbot, page.reveal_button)
    assert not workshop_now(db, workshop).round(round_uuid).results_hidden
    assert page.results_stack.currentWidget() is page.results_view
    model = page.results_model
    assert model.rowCount() == 9
    ranks = [model.index(r, 0).data() for r in range(9)]
    assert ranks[0].startswith("1")
    tally = round_service.tally_round(db, round_uuid)
    for row, result in enumerate(tally.rows):
        expected = f"{result.rank} (tie)" if result.tied else str(result.rank)
        assert model.index(row, 0).data() == expected
        assert model.index(row, 3).data() == result.label
    assert any(r.tied for r in tally.rows) == any("(tie)" in r for r in ranks)
    assert "Majority judgment" in page.results_caption.text()
    # one turnout wording: the caption says what the turnout line says
    assert page.results_caption.text().endswith(" — " + page.round_turnout.text())
    assert page.round_turnout.text().startswith("3 voters of 5 present")

    # close the round
    click(qtbot, page.close_round_button)
    record = workshop_now(db, workshop).round(round_uuid)
    assert record.status is RoundStatus.CLOSED and not record.results_hidden
    assert "closed" in page.round_info.text()
    assert page.entry_stack.currentWidget() is page.entry_placeholder
    assert page.entry_placeholder.text() == "This round is closed: 3 ballots."
    assert not page.close_round_button.isEnabled()


def _secret_round(qtbot, page, keys) -> str:  # type: ignore[no-untyped-def]
    go_to(qtbot, page, "2.1")
    round_uuid = create_round(qtbot, page, "Yes", "Sec")
    entry = page.ballot_entry
    assert "émargement" in entry.mode_label.text().lower() or "register" in entry.mode_label.text()
    for who in ("hel", "max", "chri", "jean"):  # émargement: a name and Enter, no marks
        keys.type(who + "\n")
        assert "has voted" in entry.status_label.text()
    qtbot.mouseClick(entry.urn_button, Qt.MouseButton.LeftButton)  # "Yes" (messages fixture)
    assert entry.phase == entry.PAPERS
    # the papers out of the urn, with no name: Max held a proxy, so five papers
    for marks in ("1212121212", "2222222222", "1111111111", "1112223331", "1111111111"):
        keys.type(marks + "\n")
        assert "recorded" in entry.status_label.text()
    return round_uuid


def test_secret_yes_no_round_cannot_be_linked_to_voters(qtbot, window, db, workshop, messages):
    page = page_of(window)
    keys = Keyboard(qtbot)
    round_uuid = _secret_round(qtbot, page, keys)
    w = workshop_now(db, workshop)
    record = w.round(round_uuid)
    assert record.mode is RoundMode.SECRET and len(record.action_uuids) == 10
    assert len(record.ballots) == 5  # Max votes for himself and for Paul Ageron: two unlinked ballots
    assert all(b.attendee_uuid is None for b in record.ballots)
    assert {attendee(w, n).uuid for n in ("Hélène Meunier", "Max Roustan", "Christophe Rivenq", "Jean Michel")} \
        == set(record.voted)
    assert list_texts(page.ballot_entry.candidates_list) == ["Élodie Brun"]

    # the raw file: nothing links a ballot to a person
    db_path = str(db.path)
    with sqlite3.connect(db_path) as raw:
        round_id = raw.execute("SELECT id FROM voting_round WHERE uuid = ?", (round_uuid,)).fetchone()[0]
        columns = [row[1] for row in raw.execute("PRAGMA table_info(ballot)")]
        rows = raw.execute(f"SELECT {', '.join(columns)} FROM ballot WHERE round_id = ?", (round_id,)).fetchall()
        assert len(rows) == 5
        ballots = [dict(zip(columns, row)) for row in rows]
        assert all(b["attendee_id"] is None for b in ballots)
        time_columns = [c for c in columns if c.endswith("_at") or "time" in c or "date" in c]
        for column in time_columns:
            assert all(b[column] is None for b in ballots), column
        # ballot ids are random 62-bit numbers, not a counter in the order of the register
        ids = [b["id"] for b in ballots]
        assert all(i > 2**40 for i in ids)
        assert sorted(ids) != list(range(min(ids), min(ids) + len(ids)))
        register_columns = [row[1] for row in raw.execute("PRAGMA table_info(voter_register)")]
        assert not [c for c in register_columns if c.endswith("_at") or "time" in c or "date" in c]
        mark_columns = [row[1] for row in raw.execute("PRAGMA table_info(mark)")]
        assert not [c for c in mark_columns if c.endswith("_at") or "time" in c or "date" in c]


def test_secret_ballot_marks_do_not_reveal_the_casting_order(qtbot, window, db, workshop, messages):
    page = page_of(window)
    round_uuid = _secret_round(qtbot, page, Keyboard(qtbot))
    with sqlite3.connect(str(db.path)) as raw:
        round_id = raw.execute("SELECT id FROM voting_round WHERE uuid = ?", (round_uuid,)).fetchone()[0]
        mark_ids = [row[0] for row in raw.execute(
            "SELECT mark.id FROM mark JOIN ballot ON ballot.id = mark.ballot_id WHERE ballot.round_id = ?", (round_id,))]
        first_ballot = raw.execute(
            "SELECT mark.ballot_id FROM mark JOIN ballot ON ballot.id = mark.ballot_id WHERE ballot.round_id = ? "
            "ORDER BY mark.id LIMIT 1", (round_id,)).fetchone()[0]
        first_voter = raw.execute(
            "SELECT attendee.name FROM voter_register JOIN attendee ON attendee.id = voter_register.attendee_id "
            "WHERE voter_register.round_id = ? ORDER BY voter_register.id LIMIT 1", (round_id,)).fetchone()[0]
        first_marks = [json_value for (json_value,) in raw.execute(
            "SELECT value FROM mark WHERE ballot_id = ? ORDER BY action_id", (first_ballot,))]
    # Mark and register ids are random, like ballot ids: neither row order tells the casting order.
    with sqlite3.connect(str(db.path)) as raw:
        register_ids = [row[0] for row in raw.execute("SELECT id FROM voter_register WHERE round_id = ?", (round_id,))]
    assert first_voter and len(first_marks) == 10
    assert all(i > 2**40 for i in mark_ids)
    assert len(register_ids) >= 3 and all(i > 2**40 for i in register_ids)


def test_analog_yes_no_round_typed_in_two_keys_per_action(qtbot, window, db, workshop, messages):
    page = page_of(window)
    go_to(qtbot, page, "3.2")
    round_uuid = create_round(qtbot, page, "Yes", "Cou")
    grid = page.analog_grid
    assert page.entry_stack.currentWidget() is grid
    record = workshop_now(db, workshop).round(round_uuid)
    assert record.mode is RoundMode.ANALOG and len(record.action_uuids) == 15
    assert grid.voters_field.text() == "6"  # 5 present + 1 proxy
    assert QApplication.focusWidget() is grid.cells[0][1]  # first "No" cell: Yes is what remains

    # show of hands: "who is against? who abstains?" for each of the 15 actions, then Enter
    against = [0, 1, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 1, 6]
    abstain = [0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]
    keys = Keyboard(qtbot)
    keys.type("".join(f"{n}{a}" for n, a in zip(against, abstain)))
    assert QApplication.focusWidget() is grid.record_button
    keys.type("\n")
    print(f"\nkeystrokes for a 15-action analog yes/no round: {keys.count}")
    assert keys.count <= 2 * 15 + 3
    record = workshop_now(db, workshop).round(round_uuid)
    assert record.analog_voters == 6
    for action, n, a in zip(record.action_uuids, against, abstain):
        assert {k: float(v) for k, v in record.counts[action].items()} == {"yes": 6 - n - a, "no": n, "abstain": a}
    assert "Counts recorded." in grid.status_label.text()
    assert grid.warnings_label.isHidden()

    # reveal: the last action (6 against) is last; several actions tie with 6 yes and 0 no
    click(qtbot, page.reveal_button)
    model = page.results_model
    assert model.rowCount() == 15
    assert model.index(0, 0).data() == "1 (tie)"
    assert model.index(14, 1).data().endswith(" " + page.action_infos[record.action_uuids[14]].code)
    assert "0 oui / 6 non" in model.index(14, 3).data()

    # counts above the voters are kept, with a warning said in words
    grid.cells[0][1].setFocus()
    keys.type("9")  # 9 against with 6 voters: typed anyway (the cursor moves on), then recorded
    grid.record_button.setFocus()
    keys.type("\n")
    record = workshop_now(db, workshop).round(round_uuid)
    assert float(record.counts[record.action_uuids[0]]["no"]) == 9
    assert grid.warnings_label.isVisible()
    assert "check them" in grid.warnings_label.text() and "9 voix pour 6 possibles" in grid.warnings_label.text()
    assert "⚠" in grid.totals[0].text()

    # undo puts the previous counts back
    page.rounds_list.setFocus()
    qtbot.keyClick(page.rounds_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    record = workshop_now(db, workshop).round(round_uuid)
    assert float(record.counts[record.action_uuids[0]]["no"]) == 0
    assert grid.cells[0][1].text() == "0"
    assert grid.warnings_label.isHidden()


def test_analog_majority_judgment_grid_and_keyboard_moves(qtbot, window, db, workshop, messages):
    page = page_of(window)
    round_uuid = create_round(qtbot, page, "Maj", "Cou")
    grid = page.analog_grid
    assert not grid.remainder_check.isVisible()
    assert [c.header for c in grid.columns] == ["Top priority", "Priority", "Useful", "Of little use", "To abandon"]
    assert QApplication.focusWidget() is grid.cells[0][0]
    keys = Keyboard(qtbot)
    keys.type("21210")  # five grades of the first action
    assert QApplication.focusWidget() is grid.cells[1][0]
    keys.key(Qt.Key.Key_Backspace)  # back to the last cell of the first row
    assert QApplication.focusWidget() is grid.cells[0][4]
    keys.key(Qt.Key.Key_Down)
    assert QApplication.focusWidget() is grid.cells[1][4]
    grid.cells[1][0].setFocus()
    keys.type("\n\n3")  # Enter on an empty cell leaves it at 0; 3 of 6 voters is complete
    assert QApplication.focusWidget() is grid.cells[1][3]
    grid.record_button.setFocus()
    keys.type("\n")
    record = workshop_now(db, workshop).round(round_uuid)
    first, second = record.action_uuids[:2]
    assert {int(k): v for k, v in record.counts[first].items()} == {0: 2, 1: 1, 2: 2, 3: 1, 4: 0}
    assert {int(k): v for k, v in record.counts[second].items()} == {0: 0, 1: 0, 2: 3, 3: 0, 4: 0}


def test_decision_comment_proposal_and_undo_redo(qtbot, window, db, workshop, messages):
    page = page_of(window)
    click_action(qtbot, page, "1.4.a.P2")
    action_uuid = page.action_uuid
    assert "1.4.a.P2" in page.action_caption.text()

    # decide with a rationale
    page.decision_combo.setFocus()
    qtbot.keyClick(page.decision_combo, Qt.Key.Key_Down)
    qtbot.keyClick(page.decision_combo, Qt.Key.Key_Down)
    assert page.decision_combo.currentText() == "Priority 2"
    qtbot.keyClicks(page.rationale_edit, "Soutenue par les communes du nord")
    click(qtbot, page.decide_button)
    decision = next(d for d in workshop_now(db, workshop).decisions if d.action_uuid == action_uuid)
    assert decision.decision is DecisionKind.PRIORITY_2 and decision.rationale == "Soutenue par les communes du nord"
    assert page.actions_tree.currentItem().text(2) == "Priority 2"

    # change it, then undo and redo with the keyboard
    qtbot.keyClicks(page.decision_combo, "Aband")
    assert page.decision_combo.currentText() == "Abandoned"
    click(qtbot, page.decide_button)
    assert next(d for d in workshop_now(db, workshop).decisions if d.action_uuid == action_uuid).decision \
        is DecisionKind.ABANDONED
    page.actions_tree.setFocus()
    qtbot.keyClick(page.actions_tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    decision = next(d for d in workshop_now(db, workshop).decisions if d.action_uuid == action_uuid)
    assert decision.decision is DecisionKind.PRIORITY_2 and decision.rationale == "Soutenue par les communes du nord"
    assert page.decision_combo.currentText() == "Priority 2"
    qtbot.keyClick(page.actions_tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [d for d in workshop_now(db, workshop).decisions if d.action_uuid == action_uuid] == []
    assert page.decision_combo.currentIndex() == 0 and page.actions_tree.currentItem().text(2) == ""
    qtbot.keyClick(page.actions_tree, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert next(d for d in workshop_now(db, workshop).decisions if d.action_uuid == action_uuid).decision \
        is DecisionKind.PRIORITY_2
    window.menu_edit.aboutToShow.emit()  # the Edit menu names the command when it opens
    assert window.act_undo.text().startswith("&Undo Decision on 1.4.a.P2")

    # a comment on the action
    page.action_tabs.setCurrentIndex(1)
    qtbot.keyClicks(page.comment_edit, "Attention au calendrier des travaux")
    qtbot.keyClick(page.comment_edit, Qt.Key.Key_Return)
    comments = workshop_now(db, workshop).comments
    assert [(c.text, c.action_uuid) for c in comments] == [("Attention au calendrier des travaux", action_uuid)]
    assert list_texts(page.comments_list) == ["Attention au calendrier des travaux"]
    assert page.comment_edit.text() == ""
    window.act_undo.trigger()
    assert workshop_now(db, workshop).comments == ()
    window.act_redo.trigger()
    assert [c.text for c in workshop_now(db, workshop).comments] == ["Attention au calendrier des travaux"]

    # propose an action attached to an objective of the orientation
    page.action_tabs.setCurrentIndex(2)
    click(qtbot, page.propose_button)
    dialog = page.proposal_dialog
    assert dialog.isVisible()
    type_text(qtbot, dialog.title_edit, "Créer une navette des gorges du Gardon")
    qtbot.keyClicks(dialog.proposer_edit, "Jean Michel")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    proposals = workshop_now(db, workshop).proposals
    assert len(proposals) == 1
    orientation = page.orientation()
    assert proposals[0].objective_uuid == orientation.objectives[0].uuid
    assert proposals[0].title == "Créer une navette des gorges du Gardon" and proposals[0].proposer == "Jean Michel"
    assert proposals[0].kind == ActionKind.COMPLEMENTARY.value
    assert list_texts(page.proposals_list) == ["☆ 1.4.a — Créer une navette des gorges du Gardon (proposed by Jean Michel)"]
    window.act_undo.trigger()
    assert workshop_now(db, workshop).proposals == ()
    assert page.proposals_list.count() == 0
    window.act_redo.trigger()
    assert len(workshop_now(db, workshop).proposals) == 1


def test_undo_redo_a_ballot(qtbot, window, db, workshop, messages):
    page = page_of(window)
    round_uuid = create_round(qtbot, page, "Maj", "Named")
    keys = Keyboard(qtbot)
    keys.type("hel\n123451234\n")
    w = workshop_now(db, workshop)
    helene = attendee(w, "Hélène Meunier")
    assert [b.attendee_uuid for b in w.round(round_uuid).ballots] == [helene.uuid]
    assert "Hélène Meunier" not in list_texts(page.ballot_entry.candidates_list)
    window.menu_edit.aboutToShow.emit()
    assert window.act_undo.text() == "&Undo Ballot of Hélène Meunier"

    window.act_undo.trigger()
    w = workshop_now(db, workshop)
    assert w.round(round_uuid).ballots == () and w.round(round_uuid).voted == ()
    assert "Hélène Meunier" in list_texts(page.ballot_entry.candidates_list)
    assert "0 voters of 5 present" in page.round_turnout.text()

    window.act_redo.trigger()
    w = workshop_now(db, workshop)
    ballots = w.round(round_uuid).ballots
    assert [b.attendee_uuid for b in ballots] == [helene.uuid]
    assert [ballots[0].marks[a] for a in w.round(round_uuid).action_uuids] == [0, 1, 2, 3, 4, 0, 1, 2, 3]

    # once the round is closed the ballot can no longer be withdrawn: undo says so, nothing changes
    click(qtbot, page.close_round_button)
    window.act_undo.trigger()  # undoes the closing
    assert workshop_now(db, workshop).round(round_uuid).status is RoundStatus.OPEN
    assert workshop_now(db, workshop).round(round_uuid).results_hidden
    window.act_redo.trigger()  # closes again
    assert workshop_now(db, workshop).round(round_uuid).status is RoundStatus.CLOSED
    window.act_undo.trigger()
    window.act_undo.trigger()  # the ballot
    assert len(workshop_now(db, workshop).round(round_uuid).ballots) == 0


def test_close_round_refuses_undo_of_ballot(qtbot, window, db, workshop, messages):
    page = page_of(window)
    round_uuid = create_round(qtbot, page, "Maj", "Named")
    Keyboard(qtbot).type("jean\n111111111\n")
    round_service.close_round(db, round_uuid)  # closed elsewhere (e.g. from the command line)
    window.act_undo.trigger()
    assert len(workshop_now(db, workshop).round(round_uuid).ballots) == 1
    assert messages[-1] == ("exec", "This cannot be undone now.")
    assert window.undo_stack.index() == window.undo_stack.count()  # the stack is back where it was


def test_close_the_workshop(qtbot, window, db, workshop, messages):
    page = page_of(window)
    round_uuid = create_round(qtbot, page, "Maj", "Named")
    Keyboard(qtbot).type("max\n123\n")
    click(qtbot, page.close_button)
    assert messages[0][0] == "question" and "no grade" in messages[0][1]  # the partial ballot asked first
    assert messages[1][0] == "question" and "Close the workshop" in messages[1][1]
    w = workshop_now(db, workshop)
    assert w.status is WorkshopStatus.CLOSED and w.fingerprint and workshop_service.verify_fingerprint(w)
    assert w.round(round_uuid).status is RoundStatus.CLOSED
    assert messages[-1][0] == "information" and w.fingerprint in messages[-1][1]
    assert w.fingerprint[:16] in page.status_label.text()
    assert page.workshop_combo.currentText() == "Atelier Cévennes (closed)"
    assert not window.undo_stack.canUndo()

    # everything is read-only on screen...
    for widget in (page.close_button, page.new_round_button, page.open_round_button, page.close_round_button,
                   page.reveal_button, page.delete_round_button, page.decision_combo, page.rationale_edit,
                   page.decide_button, page.comment_edit, page.add_comment_button, page.propose_button):
        assert not widget.isEnabled(), widget.objectName()
    assert page.results_stack.currentWidget() is page.results_view  # closing revealed the results
    click(qtbot, page.next_button)  # browsing stays possible
    assert page.step_label.text() == "Orientation 2 / 3"

    # ...and the services refuse every change
    action = page.orientation().objectives[0].actions[0].uuid
    with pytest.raises(ReadOnlyError):
        decision_service.set_decision(db, workshop.uuid, action, DecisionKind.PRIORITY_1, "")
    with pytest.raises(ReadOnlyError):
        round_service.record_ballot(db, round_uuid, attendee(w, "Jean Michel").uuid, {})
    with pytest.raises(UserError):
        decision_service.add_comment(db, workshop.uuid, "trop tard")


def test_round_dialog_options_and_draft_rounds(qtbot, window, db, workshop, messages):
    page = page_of(window)
    click(qtbot, page.new_round_button)
    dialog = page.round_dialog
    dialog.method_combo.setFocus()
    qtbot.keyClicks(dialog.method_combo, "Dot")
    assert dialog.method() is Method.DOTS
    assert dialog.dots_spin.isVisibleTo(dialog) and not dialog.majority_combo.isVisibleTo(dialog)
    dialog.dots_spin.selectAll()
    qtbot.keyClicks(dialog.dots_spin, "3")
    # untick the two last actions with the keyboard
    dialog.actions_list.setFocus()
    for row in (7, 8):
        dialog.actions_list.setCurrentRow(row)
        qtbot.keyClick(dialog.actions_list, Qt.Key.Key_Space)
    click(qtbot, dialog.open_now)  # keep it as a draft
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    record = workshop_now(db, workshop).round(page.round_uuid)
    assert record.method is Method.DOTS and record.config.dots_per_voter == 3
    assert len(record.action_uuids) == 7 and record.status is RoundStatus.DRAFT
    assert page.entry_stack.currentWidget() is page.entry_placeholder
    click(qtbot, page.open_round_button)
    assert workshop_now(db, workshop).round(record.uuid).status is RoundStatus.OPEN
    keys = Keyboard(qtbot)
    keys.type("chri\n21")  # two dots, one dot
    assert "Dots" in page.ballot_entry.legend_label.text() or "dots" in page.ballot_entry.legend_label.text()
    keys.type("\n")
    ballot = workshop_now(db, workshop).round(record.uuid).ballots[0]
    assert [ballot.marks.get(a) for a in record.action_uuids[:2]] == [2, 1]
    # too many dots: refused in plain words, the typing is kept
    keys.type("jean\n3")
    keys.type("3\n")
    assert "Bulletin refusé" in page.ballot_entry.status_label.text()
    assert len(workshop_now(db, workshop).round(record.uuid).ballots) == 1

    # a draft round can be deleted
    click(qtbot, page.new_round_button)
    click(qtbot, page.round_dialog.open_now)
    click(qtbot, page.round_dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    draft = page.round_uuid
    click(qtbot, page.delete_round_button)
    assert workshop_now(db, workshop).round(draft) is None


def test_results_model_is_a_valid_qt_model(qtmodeltester, db, workshop):
    plan = plan_service.get_plan(db)
    orientation = next(o for o in plan.orientations() if o.uuid == workshop.scope[0])
    record = round_service.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO,
                                        mode=RoundMode.ANALOG).value
    round_service.open_round(db, record.uuid)
    counts = {a: {"yes": 3, "no": 1, "abstain": 0} for a in record.action_uuids}
    counts[record.action_uuids[0]] = {"yes": 5, "no": 0, "abstain": 0}
    round_service.record_counts(db, record.uuid, counts, voters=6)
    tally = round_service.tally_round(db, record.uuid)
    infos = {a.uuid: ActionInfo(a.code, a.title, a.kind.value) for a in orientation.actions()}
    model = ResultsModel()
    model.set_results(tally, infos)
    qtmodeltester.check(model)
    assert model.rowCount() == len(record.action_uuids)
    assert model.index(0, 0).data() == "1"
    assert model.index(1, 0).data() == "2 (tie)"
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "Tied with another action: same rank."
    assert model.index(0, 1).data() == f"★ {infos[record.action_uuids[0]].code}"
    assert model.index(0, 3).data().startswith("5 oui / 0 non")
    model.set_results(None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_mouse_only_ballot(qtbot, window, db, workshop, messages):
    """Everything the keyboard does can be done with the mouse."""
    page = page_of(window)
    round_uuid = create_round(qtbot, page, "Yes", "Named")
    entry = page.ballot_entry
    item = entry.candidates_list.findItems("Jean Michel", Qt.MatchFlag.MatchStartsWith)[0]
    rect = entry.candidates_list.visualItemRect(item)
    qtbot.mouseClick(entry.candidates_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert entry.voter is not None and entry.voter.name == "Jean Michel"
    first = entry.fields[0]
    qtbot.mouseClick(first.buttons[1], Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # "No"
    click(qtbot, entry.record_button)
    w = workshop_now(db, workshop)
    ballot = w.round(round_uuid).ballots[0]
    assert ballot.marks == {w.round(round_uuid).action_uuids[0]: "no"}


def test_no_workshop_yet(qtbot, db, monkeypatch):
    if install_session not in main_window_module.FEATURES:
        monkeypatch.setattr(main_window_module, "FEATURES", [*main_window_module.FEATURES, install_session])
    win = main_window_module.MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    page = page_of(win)
    assert page.workshop_combo.count() == 0
    assert "No workshop yet" in page.status_label.text()
    for widget in (page.close_button, page.new_round_button, page.prev_button, page.next_button, page.propose_button):
        assert not widget.isEnabled()
    assert page.projector_state().message == "No workshop"


def test_switching_workshops_keeps_each_ones_step(qtbot, window, db, workshop):
    page = page_of(window)
    plan = plan_service.get_plan(db)
    other = workshop_service.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier Salindres",
                                             scope=[next(plan.orientations()).uuid])
    window.changed.emit(other.changes)  # as the Workshops page does after creating one
    titles = [page.workshop_combo.itemText(i) for i in range(page.workshop_combo.count())]
    assert sorted(titles) == ["Atelier Cévennes", "Atelier Salindres"]
    assert page.workshop.uuid == workshop.uuid  # the one shown stays shown
    click(qtbot, page.next_button)
    assert page.step_label.text() == "Orientation 2 / 3"
    towards, back = ((Qt.Key.Key_Down, Qt.Key.Key_Up) if titles.index("Atelier Salindres") > titles.index("Atelier Cévennes")
                     else (Qt.Key.Key_Up, Qt.Key.Key_Down))
    page.workshop_combo.setFocus()
    qtbot.keyClick(page.workshop_combo, towards)
    assert page.workshop.uuid == other.value.uuid and page.step_label.text() == "Orientation 1 / 1"
    qtbot.keyClick(page.workshop_combo, back)
    assert page.workshop.uuid == workshop.uuid and page.step_label.text() == "Orientation 2 / 3"
    page.set_workshop(other.value.uuid)
    assert page.workshop_combo.currentText() == "Atelier Salindres"


def test_the_default_window_fits_a_1366x768_screen(qtbot, db, monkeypatch):  # type: ignore[no-untyped-def]
    """With no saved geometry the main window fits the available area of a 768-pixel-high
    screen (1200×780 did not)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QGuiApplication

    from projter_desktop.ui import main_window as main_window_module

    screen = QGuiApplication.primaryScreen()
    monkeypatch.setattr(type(screen), "availableGeometry", lambda _self: QRect(0, 0, 1366, 738))
    assert main_window_module.default_size() == (1200, 690)
    win = main_window_module.MainWindow(db)
    qtbot.addWidget(win)
    assert win.height() <= 738 - 48 and win.width() <= 1366
