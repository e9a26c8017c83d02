"""Correcting a named ballot after it was recorded: the tally follows, the round's history
keeps the before/after, the inverse restores exactly, and every refusal leaves the
database as it was."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import rounds, urn, workshops
from projter_desktop.services.errors import NotFoundError, ReadOnlyError, UserError

TABLES = ("ballot", "mark", "voter_register", "ballot_correction")


def _snapshot(db) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """Every row of the ballot tables (what a refused call must leave untouched)."""
    conn = sqlite3.connect(db.path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
    finally:
        conn.close()


def _row(tally, action):  # type: ignore[no-untyped-def]
    return next(r for r in tally.rows if r.action == action).details


@pytest.fixture
def room(db, plan):  # type: ignore[no-untyped-def]
    """Five registered: p0, p1, p2 present, p3 excused with a proxy to p0, p4 absent;
    a named yes/no round on three actions, p0 (weight 2), p1 and p2 have voted."""
    orientation = list(plan.orientations())[0]
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier Anduze",
                                         scope=[orientation.uuid]).value
    p = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}").value.uuid for i in range(5)]
    for person in p[:3]:
        workshops.set_attendance(db, person, AttendanceStatus.PRESENT)
    workshops.set_attendance(db, p[3], AttendanceStatus.EXCUSED)
    workshops.give_proxy(db, p[3], p[0])
    record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                 action_uuids=[a.uuid for a in orientation.actions()][:3]).value
    rounds.open_round(db, record.uuid)
    a, b, c = record.action_uuids
    rounds.record_ballot(db, record.uuid, p[0], {a: "yes", b: "no"})
    rounds.record_ballot(db, record.uuid, p[1], {a: "no", b: "yes", c: "abstain"})
    rounds.record_ballot(db, record.uuid, p[2], {a: "no"})
    return db, workshop, record, p, (a, b, c)


def test_correction_changes_the_tally_and_only_that_voters_ballot(room):
    db, workshop, record, p, (a, b, c) = room
    before = rounds.tally_round(db, record.uuid)
    assert (_row(before, a)["yes"], _row(before, a)["no"]) == (2.0, 2.0)
    assert (_row(before, b)["yes"], _row(before, b)["no"]) == (1.0, 2.0)

    result = rounds.correct_ballot(db, record.uuid, p[1], {a: "yes", b: "yes"})

    after = rounds.tally_round(db, record.uuid)
    assert (_row(after, a)["yes"], _row(after, a)["no"]) == (3.0, 1.0)
    assert _row(after, a)["adopted"] is True
    assert (_row(after, b)["yes"], _row(after, b)["no"]) == (1.0, 2.0)
    assert _row(after, c)["cast"] == 0.0  # p1 no longer marks c
    # the round as loaded again: p1's ballot changed, the others' as typed
    _, stored = rounds.get_round(db, record.uuid)
    by_voter = {x.attendee_uuid: x for x in stored.ballots}
    assert by_voter[p[1]].marks == {a: "yes", b: "yes"}
    assert by_voter[p[0]].marks == {a: "yes", b: "no"} and by_voter[p[0]].weight == 2.0
    assert by_voter[p[2]].marks == {a: "no"}
    assert stored.voted == tuple(sorted(p[:3]))
    # the result describes the ballot as stored (same uuid and weight) and what changed
    assert result.records == (by_voter[p[1]],)
    assert result.ballot_uuids == (by_voter[p[1]].uuid,) and result.weight == 1.0
    assert result.changes == rounds.round_changes(workshop.uuid, record.uuid, ballots=True)


def test_correction_keeps_the_weight_of_a_proxy_holder(room):
    db, _workshop, record, p, (a, b, _c) = room
    rounds.correct_ballot(db, record.uuid, p[0], {a: "no", b: "no"})
    assert (_row(rounds.tally_round(db, record.uuid), a)["yes"], _row(rounds.tally_round(db, record.uuid), a)["no"]) \
        == (0.0, 4.0)
    _, stored = rounds.get_round(db, record.uuid)
    assert next(x for x in stored.ballots if x.attendee_uuid == p[0]).weight == 2.0


def test_history_holds_before_and_after_and_the_inverse_restores_exactly(room):
    db, _workshop, record, p, (a, b, c) = room
    start = _snapshot(db)
    _, loaded_before = rounds.get_round(db, record.uuid)
    t0 = datetime.now(UTC)
    first = rounds.correct_ballot(db, record.uuid, p[1], {a: "yes", b: "yes", c: "abstain"})
    second = rounds.correct_ballot(db, record.uuid, p[2], {a: "yes", c: "no"})

    history = rounds.round_corrections(db, record.uuid)
    assert [h.uuid for h in history] == [first.correction.uuid, second.correction.uuid]
    one, two = history
    assert (one.round_uuid, one.attendee_uuid, one.attendee_name) == (record.uuid, p[1], "Élu 1")
    assert one.previous_marks == {a: "no", b: "yes", c: "abstain"}
    assert one.marks == {a: "yes", b: "yes", c: "abstain"}
    assert (two.attendee_uuid, two.previous_marks, two.marks) == (p[2], {a: "no"}, {a: "yes", c: "no"})
    assert t0 <= one.corrected_at <= two.corrected_at <= datetime.now(UTC)
    assert one.corrected_at.tzinfo is not None
    assert history == (first.correction, second.correction)

    third = rounds.correct_ballot(db, record.uuid, p[1], {a: "no"})
    assert rounds.round_corrections(db, record.uuid)[-1].previous_marks == first.correction.marks
    # undo in reverse order gives back exactly the rows and the round as before
    restored_three = rounds.restore_ballot_marks(db, third)
    assert restored_three.records[0].marks == {a: "yes", b: "yes", c: "abstain"}
    restored_two = rounds.restore_ballot_marks(db, second)
    assert restored_two.correction is None and restored_two.records[0].marks == {a: "no"}
    rounds.restore_ballot_marks(db, first)
    assert rounds.round_corrections(db, record.uuid) == ()
    assert rounds.get_round(db, record.uuid)[1] == loaded_before
    after = _snapshot(db)
    assert after["ballot"] == start["ballot"] and after["voter_register"] == start["voter_register"]
    assert after["ballot_correction"] == []
    # marks: same (ballot, action, value) rows (the row ids of re-inserted marks may differ)
    assert sorted(r[1:] for r in after["mark"]) == sorted(r[1:] for r in start["mark"])


def test_restore_refuses_an_older_correction_and_a_changed_ballot(room):
    db, _workshop, record, p, (a, b, _c) = room
    first = rounds.correct_ballot(db, record.uuid, p[1], {a: "yes"})
    rounds.correct_ballot(db, record.uuid, p[1], {b: "no"})
    state = _snapshot(db)
    with pytest.raises(UserError, match="plus la dernière"):
        rounds.restore_ballot_marks(db, first)
    assert _snapshot(db) == state


def test_withdrawing_the_ballot_removes_its_corrections(room):
    db, _workshop, record, p, (a, _b, _c) = room
    _, stored = rounds.get_round(db, record.uuid)
    ballot = next(x for x in stored.ballots if x.attendee_uuid == p[2])
    rounds.correct_ballot(db, record.uuid, p[2], {a: "yes"})
    rounds.withdraw_ballot(db, rounds.RecordedBallot(record.uuid, p[2], (ballot.uuid,), 1.0))
    assert rounds.round_corrections(db, record.uuid) == ()
    assert p[2] not in rounds.get_round(db, record.uuid)[1].voted


def test_history_is_kept_read_only_when_the_round_closes(room):
    db, workshop, record, p, (a, _b, _c) = room
    done = rounds.correct_ballot(db, record.uuid, p[2], {a: "yes"})
    rounds.close_round(db, record.uuid)
    assert rounds.round_corrections(db, record.uuid) == (done.correction,)
    assert rounds.correction_counts(db, workshop.uuid) == {record.uuid: 1}
    state = _snapshot(db)
    with pytest.raises(UserError, match="clos"):
        rounds.restore_ballot_marks(db, done)
    assert _snapshot(db) == state


def _refused(db, record, attendee, marks, error, match):  # type: ignore[no-untyped-def]
    state = _snapshot(db)
    with pytest.raises(error, match=match):
        rounds.correct_ballot(db, record.uuid if hasattr(record, "uuid") else record, attendee, marks)
    assert _snapshot(db) == state


def test_refusals_leave_the_database_unchanged(room):
    db, workshop, record, p, (a, b, c) = room
    _refused(db, record, p[3], {a: "yes"}, UserError, "n'a pas voté")  # excused, voted through p0
    _refused(db, record, p[4], {a: "yes"}, UserError, "n'a pas voté")
    _refused(db, record, "no-such-voter", {a: "yes"}, UserError, "pas inscrit")
    _refused(db, "no-such-round", p[0], {a: "yes"}, NotFoundError, "n'existe pas")
    _refused(db, record, p[1], {a: "peut-être"}, UserError, "Correction refusée")
    _refused(db, record, p[1], {"not-in-round": "yes"}, UserError, "Correction refusée")
    _refused(db, record, p[1], {a: "no", b: "yes", c: "abstain"}, UserError, "identique")
    # a voter of another workshop
    other = workshops.create_workshop(db, plan_uuid=workshop.plan_uuid, title="Autre", scope=list(workshop.scope)).value
    stranger = workshops.add_attendee(db, other.uuid, name="Élu d'ailleurs").value.uuid
    _refused(db, record, stranger, {a: "yes"}, UserError, "pas inscrit")
    assert rounds.round_corrections(db, record.uuid) == ()
    # closed round
    rounds.close_round(db, record.uuid)
    _refused(db, record, p[1], {a: "yes"}, UserError, "clos")
    # closed workshop
    rounds.reopen_round(db, record.uuid)
    workshops.close_workshop(db, workshop.uuid)
    _refused(db, record, p[1], {a: "yes"}, ReadOnlyError, "clos")


def test_secret_and_analog_rounds_are_refused_with_where_to_go(room):
    db, workshop, _record, p, _actions = room
    orientation = workshop.scope[0]
    secret = rounds.create_round(db, workshop.uuid, orientation, method=Method.YES_NO, mode=RoundMode.SECRET).value
    rounds.open_round(db, secret.uuid)
    # a secret round takes no named ballot: p1 signs the register, the paper goes in with no voter
    with pytest.raises(UserError, match="secret.*émarge"):
        rounds.record_ballot(db, secret.uuid, p[1], {secret.action_uuids[0]: "yes"})
    urn.run_urn(db, secret.uuid, p[:3], [{secret.action_uuids[0]: "yes"}] * 4)  # p0 holds p3's proxy
    assert p[1] in rounds.round_progress(db, secret.uuid).voted
    _refused(db, secret, p[1], {secret.action_uuids[0]: "no"}, UserError, "secret.*Annuler.*nouveau")
    analog = rounds.create_round(db, workshop.uuid, orientation, method=Method.YES_NO, mode=RoundMode.ANALOG).value
    rounds.open_round(db, analog.uuid)
    _refused(db, analog, p[1], {analog.action_uuids[0]: "no"}, UserError, "décompte manuel.*totaux")
    assert rounds.round_corrections(db, secret.uuid) == ()


def test_minutes_say_how_many_ballots_were_corrected(room, tmp_path):
    import re

    from pypdf import PdfReader

    from projter_desktop.services import reports

    db, workshop, record, p, (a, b, _c) = room
    rounds.correct_ballot(db, record.uuid, p[1], {a: "yes"})
    rounds.correct_ballot(db, record.uuid, p[2], {b: "no"})
    workshops.close_workshop(db, workshop.uuid)
    assert reports.load_for_report(db, workshop.uuid).corrections == {record.uuid: 2}
    written = reports.write_minutes(db, workshop.uuid, tmp_path / "cr.pdf")
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(written.path).pages))
    assert "2 corrections de bulletin après saisie" in text
