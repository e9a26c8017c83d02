"""The French rules through the services: the chair (président(e) de séance) and the
casting vote of named rounds only, the quorum basis of the workshop and of its rounds,
the attendance frozen when a round closes."""

from __future__ import annotations

import json
import sqlite3

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode, RoundStatus
from projter_desktop.services import rounds, urn, workshops
from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import UserError


@pytest.fixture
def room(db, plan):  # type: ignore[no-untyped-def]
    """A workshop with four members present (the first one chairs) and one excused who gave
    a proxy to the second: 4 present, 1 represented."""
    orientation = list(plan.orientations())[0]
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Conseil", scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}", status=AttendanceStatus.PRESENT).value.uuid
              for i in range(4)]
    excused = workshops.add_attendee(db, workshop.uuid, name="Élue excusée", status=AttendanceStatus.EXCUSED).value.uuid
    workshops.give_proxy(db, excused, people[1])
    return db, workshop.uuid, orientation, people, excused


def _stored_config(db_path, round_uuid: str) -> dict:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db_path)
    try:
        return json.loads(conn.execute("SELECT config FROM voting_round WHERE uuid = ?", (round_uuid,)).fetchone()[0])
    finally:
        conn.close()


def _yes_no(db, workshop_uuid, orientation, mode=RoundMode.NAMED, **options):  # type: ignore[no-untyped-def]
    action = [a.uuid for a in orientation.actions()][0]
    record = rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO, mode=mode,
                                 options=options, action_uuids=[action]).value
    rounds.open_round(db, record.uuid)
    return record, action


# --------------------------------------------------------------------------- the chair


def test_set_chair_checks_the_attendee_and_says_what_changed(room, plan) -> None:  # type: ignore[no-untyped-def]
    db, workshop_uuid, orientation, people, _ = room
    other = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Autre").value.uuid
    stranger = workshops.add_attendee(db, other, name="Élu d'ailleurs").value.uuid
    for wrong in (stranger, "pas-un-identifiant"):
        with pytest.raises(UserError, match="président"):
            workshops.set_chair(db, workshop_uuid, wrong)
    assert workshops.get_workshop(db, workshop_uuid).chair is None

    done = workshops.set_chair(db, workshop_uuid, people[0])
    assert done.value.chair == people[0]
    assert done.changes == Changes(workshop_uuids=frozenset({workshop_uuid}), attendance=True)
    # a draft round with the chair's casting vote follows a new chair; a closed one does not
    draft = rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED).value
    closed, _ = _yes_no(db, workshop_uuid, orientation)
    rounds.close_round(db, closed.uuid)
    assert draft.config.casting_vote == closed.config.casting_vote == people[0]
    moved = workshops.set_chair(db, workshop_uuid, people[2])
    assert moved.changes == Changes(workshop_uuids=frozenset({workshop_uuid}), attendance=True,
                                    rounds=frozenset({draft.uuid}))
    assert rounds.get_round(db, draft.uuid)[1].config.casting_vote == people[2]
    assert rounds.get_round(db, closed.uuid)[1].config.casting_vote == people[0]
    nobody = workshops.set_chair(db, workshop_uuid, None)
    assert nobody.value.chair is None and nobody.changes.rounds == frozenset({draft.uuid})
    assert rounds.get_round(db, draft.uuid)[1].config.casting_vote is None


def test_create_and_update_workshop_check_chair_and_quorum_basis(room, plan) -> None:  # type: ignore[no-untyped-def]
    db, workshop_uuid, _orientation, people, _ = room
    with pytest.raises(UserError, match="président"):
        workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Sans inscrits", chair=people[0])
    with pytest.raises(UserError, match="Base du quorum"):
        workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Quorum ?", quorum_basis="votes_cast")
    made = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Statuts",
                                     quorum_basis="present_and_represented").value
    assert made.quorum_basis == "present_and_represented"
    with pytest.raises(UserError, match="Base du quorum"):
        workshops.update_workshop(db, workshop_uuid, quorum_basis="n'importe")
    with pytest.raises(UserError, match="président"):
        workshops.update_workshop(db, workshop_uuid, chair=made.uuid)
    updated = workshops.update_workshop(db, workshop_uuid, chair=people[3], quorum_basis="present_and_represented")
    assert (updated.value.chair, updated.value.quorum_basis) == (people[3], "present_and_represented")


def test_the_chair_and_a_casting_vote_holder_stay_invited(room) -> None:  # type: ignore[no-untyped-def]
    db, workshop_uuid, orientation, people, _ = room
    workshops.set_chair(db, workshop_uuid, people[0])
    with pytest.raises(UserError, match="préside"):
        workshops.remove_attendee(db, people[0])
    rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED)
    workshops.set_chair(db, workshop_uuid, people[2])  # the draft round follows the new chair
    workshops.remove_attendee(db, people[0])
    record = rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                 options={"casting_vote": people[3]}).value
    assert record.config.casting_vote == people[3]
    with pytest.raises(UserError, match="voix prépondérante"):
        workshops.remove_attendee(db, people[3])


# --------------------------------------------------------------------------- casting vote


@pytest.mark.parametrize("chair_mark, adopted", [("yes", True), ("no", False)])
def test_the_chairs_vote_breaks_a_tie_in_a_named_round(room, chair_mark: str, adopted: bool) -> None:  # type: ignore[no-untyped-def]
    db, workshop_uuid, orientation, people, _ = room
    workshops.set_chair(db, workshop_uuid, people[0])
    record, action = _yes_no(db, workshop_uuid, orientation)
    assert record.config.casting_vote == people[0] and record.config.majority == "absolute_expressed"
    other = "no" if chair_mark == "yes" else "yes"
    # no tie (the chair and people[1], who holds a proxy: 3 voices against 1): no casting vote
    for voter, mark in {people[0]: chair_mark, people[1]: chair_mark, people[2]: other}.items():
        rounds.record_ballot(db, record.uuid, voter, {action: mark})
    row = rounds.tally_round(db, record.uuid).rows[0]
    assert row.details["casting_vote_used"] is False and row.details["adopted"] is (chair_mark == "yes")

    tie, action = _yes_no(db, workshop_uuid, orientation)
    for voter, mark in {people[0]: chair_mark, people[2]: other, people[3]: "abstain"}.items():
        rounds.record_ballot(db, tie.uuid, voter, {action: mark})
    rounds.close_round(db, tie.uuid)
    row = rounds.tally_round(db, tie.uuid).rows[0]
    assert (row.details["yes"], row.details["no"]) == (1, 1)
    assert row.details["casting_vote_used"] is True and row.details["adopted"] is adopted


def test_without_the_casting_vote_a_tie_rejects(room) -> None:  # type: ignore[no-untyped-def]
    db, workshop_uuid, orientation, people, _ = room
    workshops.set_chair(db, workshop_uuid, people[0])
    record, action = _yes_no(db, workshop_uuid, orientation, casting_vote=False)
    assert record.config.casting_vote is None
    for voter, mark in {people[0]: "yes", people[2]: "no"}.items():
        rounds.record_ballot(db, record.uuid, voter, {action: mark})
    row = rounds.tally_round(db, record.uuid).rows[0]
    assert row.details["casting_vote_used"] is False and row.details["adopted"] is False


def test_never_a_casting_vote_in_a_secret_or_analog_round(room, db_path) -> None:  # type: ignore[no-untyped-def]
    db, workshop_uuid, orientation, people, _ = room
    workshops.set_chair(db, workshop_uuid, people[0])
    secret, action = _yes_no(db, workshop_uuid, orientation, mode=RoundMode.SECRET)
    assert secret.config.casting_vote is None
    assert _stored_config(db_path, secret.uuid)["casting_vote"] is None
    # the chair, people[2] and people[3] sign and drop one paper each: yes, no, abstain — a tie
    urn.run_urn(db, secret.uuid, [people[0], people[2], people[3]],
                [{action: "yes"}, {action: "no"}, {action: "abstain"}])
    rounds.close_round(db, secret.uuid)
    row = rounds.tally_round(db, secret.uuid).rows[0]
    assert (row.details["yes"], row.details["no"]) == (1, 1)
    assert row.details["casting_vote_used"] is False and row.details["adopted"] is False

    analog = rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.ANALOG).value
    assert analog.config.casting_vote is None
    for mode in (RoundMode.SECRET, RoundMode.ANALOG):
        with pytest.raises(UserError, match="scrutin secret"):
            rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO, mode=mode,
                                options={"casting_vote": people[0]})
    with pytest.raises(UserError, match="inscrite"):
        rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                            options={"casting_vote": "pas-un-identifiant"})


def test_new_rounds_get_the_french_defaults(room, db_path) -> None:  # type: ignore[no-untyped-def]
    db, workshop_uuid, orientation, people, _ = room
    borda = rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.BORDA, mode=RoundMode.NAMED).value
    assert (borda.config.borda_rule, borda.config.min_rated_share, borda.config.quorum_basis) == ("modified", 0.5, "present")
    assert borda.config.casting_vote is None  # not a yes/no round
    stored = _stored_config(db_path, borda.uuid)
    assert stored["borda_rule"] == "modified" and stored["quorum_basis"] == "present"
    old_code = rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO,
                                   options={"majority": "absolute"}).value
    assert old_code.config.majority == "absolute_cast"
    with pytest.raises(UserError, match="Paramètres du tour"):
        rounds.create_round(db, workshop_uuid, orientation.uuid, method=Method.YES_NO, options={"majority": "unknown"})


# --------------------------------------------------------------------------- quorum basis


@pytest.mark.parametrize("basis, reached", [("present", False), ("present_and_represented", True)])
def test_quorum_basis_with_a_proxy(room, basis: str, reached: bool) -> None:  # type: ignore[no-untyped-def]
    """Quorum 5: 4 members present and 1 represented. Counted on the members present
    (CGCT L2121-17) it is not reached; counted with the represented, it is."""
    db, workshop_uuid, orientation, people, _ = room
    workshops.update_workshop(db, workshop_uuid, quorum=5, quorum_basis=basis)
    summary = workshops.attendance(db, workshop_uuid)
    assert (summary.quorum_basis, summary.quorum_reached) == (basis, reached)
    assert summary.quorum_count == (4 if basis == "present" else 5)
    record, action = _yes_no(db, workshop_uuid, orientation, quorum=5)
    assert record.config.quorum_basis == basis  # the workshop's basis is the round's default
    for voter in people:
        rounds.record_ballot(db, record.uuid, voter, {action: "yes"})  # 5 voices (a proxy held)
    live = rounds.tally_round(db, record.uuid)  # open: the live attendance
    assert (live.quorum_basis, live.quorum_reached, live.rows[0].details["adopted"]) == (basis, reached, reached)
    closed = rounds.close_round(db, record.uuid).value
    assert (closed.present_members, closed.represented_members) == (4, 1)
    assert rounds.tally_round(db, record.uuid).quorum_reached is reached
    # votes cast: the weight of the ballots (5) whatever the attendance
    cast, action = _yes_no(db, workshop_uuid, orientation, quorum=5, quorum_basis="votes_cast")
    rounds.record_ballot(db, cast.uuid, people[1], {action: "yes"})
    assert rounds.tally_round(db, cast.uuid).quorum_reached is False


def test_the_attendance_is_frozen_when_a_round_closes(room) -> None:  # type: ignore[no-untyped-def]
    db, workshop_uuid, orientation, people, excused = room
    workshops.update_workshop(db, workshop_uuid, quorum=4)
    record, action = _yes_no(db, workshop_uuid, orientation, quorum=4)
    for voter in people:
        rounds.record_ballot(db, record.uuid, voter, {action: "yes"})
    rounds.close_round(db, record.uuid)
    before = rounds.tally_round(db, record.uuid)
    assert before.quorum_reached and before.quorum_count == 4
    for voter in people[1:]:  # three leave: the closed round keeps the attendance it was voted with
        workshops.set_attendance(db, voter, AttendanceStatus.ABSENT)
    after = rounds.tally_round(db, record.uuid)
    assert after == before
    workshop = workshops.get_workshop(db, workshop_uuid)
    assert rounds.tally_record(workshop, workshop.round(record.uuid)) == before
    # an open round is judged on who is there now (1 present): the quorum is lost
    still_open, action = _yes_no(db, workshop_uuid, orientation, quorum=4)
    rounds.record_ballot(db, still_open.uuid, people[0], {action: "yes"})
    assert rounds.tally_round(db, still_open.uuid).quorum_reached is False
    # closing the workshop closes the open round and freezes its attendance too
    closed = workshops.close_workshop(db, workshop_uuid).value
    frozen = closed.round(still_open.uuid)
    assert frozen.status is RoundStatus.CLOSED and (frozen.present_members, frozen.represented_members) == (1, 0)
    assert workshops.verify_fingerprint(closed)
    assert rounds.tally_record(closed, frozen).quorum_count == 1


def test_demo_workshop_has_a_chair_and_new_codes(db) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.services import demo

    uuid = demo.create_demo_workshop(db, seed=1, close=True, participants=14)
    workshop = workshops.get_workshop(db, uuid)
    chair = workshop.attendee(workshop.chair or "")
    assert chair is not None and chair.status is AttendanceStatus.PRESENT
    yes_no = [r for r in workshop.rounds if r.method is Method.YES_NO]
    assert {r.config.majority for r in yes_no} <= {"absolute_expressed", "two_thirds_expressed"}
    assert all(r.config.casting_vote == (chair.uuid if r.mode is RoundMode.NAMED else None) for r in yes_no)
    assert any(r.mode is RoundMode.NAMED for r in yes_no) and any(r.mode is RoundMode.SECRET for r in yes_no)
    assert all(r.present_members is not None for r in workshop.rounds)
    assert workshops.verify_fingerprint(workshop)
