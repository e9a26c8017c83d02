"""Workshop use cases through the services, asserting on what the database then holds."""

from __future__ import annotations

import json
import sqlite3

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, DecisionKind, RoundMode, RoundStatus, WorkshopStatus
from projter_desktop.services import decisions, rounds, urn, workshops
from projter_desktop.services.errors import ReadOnlyError, UserError


@pytest.fixture
def setup(db, plan):
    orientations = list(plan.orientations())
    workshop = workshops.create_workshop(
        db, plan_uuid=plan.info.uuid, title="  Atelier   Anduze ", communes=["Anduze", "anduze", "Alès"],
        scope=[orientations[2].uuid, orientations[0].uuid], quorum=3,
    ).value
    people = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}", role="Maire", commune="Anduze").value
              for i in range(5)]
    return db, plan, workshop, people, orientations


def test_create_workshop_cleans_and_keeps_scope_order(setup):
    db, plan, workshop, people, orientations = setup
    assert workshop.title == "Atelier Anduze"
    assert workshop.scope == (orientations[2].uuid, orientations[0].uuid)
    assert workshop.communes == ("Anduze", "Alès")  # same commune typed twice kept once
    names = [c.name for c in workshops.list_communes(db)]
    assert "Anduze" in names and "Alès" in names
    assert [a.name for a in workshops.get_workshop(db, workshop.uuid).attendees] == [p.name for p in people]


def test_create_workshop_refuses_empty_title_and_foreign_orientation(db, plan):
    with pytest.raises(UserError, match="titre"):
        workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="   ")
    with pytest.raises(UserError, match="plan"):
        workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="x", scope=["not-an-orientation"])
    assert workshops.list_workshops(db) == []


def test_attendance_times_and_quorum(setup):
    db, _plan, workshop, people, _ = setup
    present = workshops.set_attendance(db, people[0].uuid, AttendanceStatus.PRESENT).value
    assert present.arrived_at is not None and present.left_at is None
    left = workshops.set_attendance(db, people[0].uuid, AttendanceStatus.ABSENT).value
    assert left.left_at is not None and left.arrived_at == present.arrived_at
    for person in people[:2]:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    summary = workshops.attendance(db, workshop.uuid)
    assert (summary.present, summary.voters, summary.quorum_reached) == (2, 2, False)
    workshops.set_attendance(db, people[2].uuid, AttendanceStatus.EXCUSED)
    workshops.give_proxy(db, people[2].uuid, people[0].uuid)
    summary = workshops.attendance(db, workshop.uuid)
    # a new workshop counts the members present only (CGCT L2121-17): the proxy does not count
    assert (summary.proxies, summary.voters, summary.voting_weight, summary.quorum_reached) == (1, 3, 3.0, False)
    assert (summary.quorum_basis, summary.quorum_count) == ("present", 2)
    workshops.update_workshop(db, workshop.uuid, quorum_basis="present_and_represented")
    summary = workshops.attendance(db, workshop.uuid)
    assert (summary.quorum_basis, summary.quorum_count, summary.quorum_reached) == ("present_and_represented", 3, True)


def test_proxy_rules(setup):
    db, _plan, workshop, p, _ = setup
    for person in p[:2]:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    workshops.set_attendance(db, p[2].uuid, AttendanceStatus.EXCUSED)
    workshops.set_attendance(db, p[3].uuid, AttendanceStatus.EXCUSED)
    with pytest.raises(UserError, match="soi-même"):
        workshops.give_proxy(db, p[2].uuid, p[2].uuid)
    with pytest.raises(UserError, match="présent"):
        workshops.give_proxy(db, p[0].uuid, p[1].uuid)
    with pytest.raises(UserError, match="absent"):
        workshops.give_proxy(db, p[2].uuid, p[3].uuid)
    workshops.give_proxy(db, p[2].uuid, p[0].uuid)
    with pytest.raises(UserError, match="limite"):
        workshops.give_proxy(db, p[3].uuid, p[0].uuid)  # default limit: 1 per holder
    with pytest.raises(UserError, match="déjà donné"):
        workshops.give_proxy(db, p[2].uuid, p[1].uuid)
    workshops.update_workshop(db, workshop.uuid, proxy_limit=2)
    workshops.give_proxy(db, p[3].uuid, p[0].uuid)
    assert len(workshops.get_workshop(db, workshop.uuid).proxies) == 2
    # coming in person cancels the proxy given earlier
    workshops.set_attendance(db, p[3].uuid, AttendanceStatus.PRESENT)
    assert [x.giver_uuid for x in workshops.get_workshop(db, workshop.uuid).proxies] == [p[2].uuid]


def test_named_round_weights_double_vote_and_absent_voter(setup):
    db, _plan, workshop, p, orientations = setup
    for person in p[:3]:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    workshops.set_attendance(db, p[3].uuid, AttendanceStatus.EXCUSED)
    workshops.give_proxy(db, p[3].uuid, p[0].uuid)
    record = rounds.create_round(db, workshop.uuid, orientations[0].uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                 action_uuids=[a.uuid for a in orientations[0].actions()][:3]).value
    first = record.action_uuids[0]
    with pytest.raises(UserError, match="pas ouvert"):
        rounds.record_ballot(db, record.uuid, p[0].uuid, {first: "yes"})
    rounds.open_round(db, record.uuid)
    assert workshops.get_workshop(db, workshop.uuid).status is WorkshopStatus.RUNNING
    recorded = rounds.record_ballot(db, record.uuid, p[0].uuid, {first: "yes"})
    assert recorded.weight == 2.0  # own voice + the proxy held
    with pytest.raises(UserError, match="déjà voté"):
        rounds.record_ballot(db, record.uuid, p[0].uuid, {first: "no"})
    with pytest.raises(UserError, match="présent"):
        rounds.record_ballot(db, record.uuid, p[4].uuid, {first: "no"})
    with pytest.raises(UserError, match="Bulletin refusé"):
        rounds.record_ballot(db, record.uuid, p[1].uuid, {first: "peut-être"})
    rounds.record_ballot(db, record.uuid, p[1].uuid, {first: "no"})
    tally = rounds.tally_round(db, record.uuid)
    row = next(r for r in tally.rows if r.action == first)
    assert row.details["adopted"] is True  # 2 yes (weighted) against 1 no
    progress = rounds.round_progress(db, record.uuid)
    assert progress.not_voted == (p[2].uuid,)
    rounds.withdraw_ballot(db, recorded)  # undo
    assert rounds.round_progress(db, record.uuid).not_voted == (p[0].uuid, p[2].uuid)


def test_secret_round_stores_one_unlinked_paper_per_voice_and_the_voters_in_the_register(setup):
    db, _plan, workshop, p, orientations = setup
    for person in p[:3]:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    workshops.set_attendance(db, p[3].uuid, AttendanceStatus.EXCUSED)
    workshops.give_proxy(db, p[3].uuid, p[1].uuid)
    record = rounds.create_round(db, workshop.uuid, orientations[0].uuid, method=Method.MAJORITY_JUDGMENT,
                                 mode=RoundMode.SECRET).value
    rounds.open_round(db, record.uuid)
    with pytest.raises(UserError):  # a secret round takes no named ballot
        rounds.record_ballot(db, record.uuid, p[0].uuid, {a: 0 for a in record.action_uuids})
    # émargement: each voter signs, the proxy holder for two voices
    signatures = {person.uuid: urn.sign(db, record.uuid, person.uuid) for person in p[:3]}
    assert signatures[p[1].uuid].voices == (1.0, 1.0)
    assert signatures[p[0].uuid].voices == signatures[p[2].uuid].voices == (1.0,)
    closed = urn.close_urn(db, record.uuid)
    assert closed.papers == 4  # 3 voters, one of them holding a proxy
    # dépouillement: one paper per voice, with no voter
    for index in range(4):
        paper = urn.record_paper(db, record.uuid, {a: index % 5 for a in record.action_uuids})
        assert paper.record.attendee_uuid is None
    with pytest.raises(UserError, match="Tous les bulletins"):
        urn.record_paper(db, record.uuid, {a: 0 for a in record.action_uuids})
    stored = workshops.get_workshop(db, workshop.uuid).round(record.uuid)
    assert len(stored.ballots) == 4
    assert {b.weight for b in stored.ballots} == {1.0}
    assert all(b.attendee_uuid is None for b in stored.ballots)
    assert sorted(stored.voted) == sorted(x.uuid for x in p[:3])
    assert stored.signed_voices == (1.0, 1.0, 1.0, 1.0)
    conn = sqlite3.connect(db.path)
    rows = conn.execute("SELECT id, attendee_id FROM ballot").fetchall()
    assert len(rows) == 4 and all(attendee is None for _id, attendee in rows)
    register_columns = [c[1] for c in conn.execute("PRAGMA table_info(voter_register)")]
    assert register_columns == ["id", "round_id", "attendee_id", "voices"]  # no time stamp to match on
    register = dict(conn.execute(
        "SELECT a.uuid, v.voices FROM voter_register v JOIN attendee a ON a.id = v.attendee_id").fetchall())
    conn.close()
    assert {uuid: json.loads(text) for uuid, text in register.items()} == {
        p[0].uuid: [1.0], p[1].uuid: [1.0, 1.0], p[2].uuid: [1.0]}  # own voice, then the proxy


def test_analog_counts_warn_but_record(setup):
    db, _plan, workshop, p, orientations = setup
    for person in p[:2]:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    record = rounds.create_round(db, workshop.uuid, orientations[0].uuid, method=Method.YES_NO,
                                 mode=RoundMode.ANALOG).value
    rounds.open_round(db, record.uuid)
    first, second = record.action_uuids[:2]
    result, check = rounds.record_counts(db, record.uuid, {first: {"yes": 2, "no": 0, "abstain": 0},
                                                           second: {"yes": 3, "no": 1, "abstain": 0}})
    assert check.expected_voters == 2
    assert len(check.warnings) == 1 and "4 voix pour 2 possibles" in check.warnings[0]
    assert result.value.counts[second] == {"yes": 3, "no": 1, "abstain": 0}
    with pytest.raises(UserError, match="Totaux refusés"):
        rounds.record_counts(db, record.uuid, {first: {"yes": -1}})
    with pytest.raises(UserError, match="décompte manuel"):
        rounds.record_ballot(db, record.uuid, p[0].uuid, {first: "yes"})


def test_decisions_comments_proposals_and_undo(setup):
    db, _plan, workshop, _p, orientations = setup
    action = next(orientations[0].actions())
    first = decisions.set_decision(db, workshop.uuid, action.uuid, DecisionKind.PRIORITY_2, "Débat serré")
    second = decisions.set_decision(db, workshop.uuid, action.uuid, DecisionKind.PRIORITY_1, "Vote clair")
    assert first.previous is None and second.previous.decision is DecisionKind.PRIORITY_2
    decisions.restore_decision(db, second)
    stored = decisions.decisions_by_action(db, workshop.uuid)[action.uuid]
    assert (stored.decision, stored.rationale) == (DecisionKind.PRIORITY_2, "Débat serré")
    decisions.restore_decision(db, first)
    assert action.uuid not in decisions.decisions_by_action(db, workshop.uuid)
    comment = decisions.add_comment(db, workshop.uuid, "À phaser", action_uuid=action.uuid).value
    proposal = decisions.propose_action(db, workshop.uuid, orientations[0].objectives[0].uuid, "Nouvelle idée").value
    saved = workshops.get_workshop(db, workshop.uuid)
    assert [c.text for c in saved.comments] == ["À phaser"]
    assert [(x.title, x.objective_uuid) for x in saved.proposals] == [("Nouvelle idée", orientations[0].objectives[0].uuid)]
    decisions.delete_comment(db, comment.uuid)
    decisions.delete_proposal(db, proposal.uuid)
    saved = workshops.get_workshop(db, workshop.uuid)
    assert saved.comments == () and saved.proposals == ()
    with pytest.raises(UserError, match="vide"):
        decisions.add_comment(db, workshop.uuid, "   ")


def test_closing_freezes_and_fingerprints(setup):
    db, _plan, workshop, p, orientations = setup
    workshops.set_attendance(db, p[0].uuid, AttendanceStatus.PRESENT)
    record = rounds.create_round(db, workshop.uuid, orientations[0].uuid, method=Method.APPROVAL).value
    rounds.open_round(db, record.uuid)
    rounds.record_ballot(db, record.uuid, p[0].uuid, {record.action_uuids[0]: True})
    closed = workshops.close_workshop(db, workshop.uuid).value
    assert closed.status is WorkshopStatus.CLOSED and len(closed.fingerprint) == 64
    assert closed.round(record.uuid).status is RoundStatus.CLOSED
    assert workshops.verify_fingerprint(closed)
    for attempt in (
        lambda: workshops.update_workshop(db, workshop.uuid, title="autre"),
        lambda: workshops.add_attendee(db, workshop.uuid, name="Retardataire"),
        lambda: workshops.set_attendance(db, p[1].uuid, AttendanceStatus.PRESENT),
        lambda: decisions.add_comment(db, workshop.uuid, "trop tard"),
        lambda: rounds.create_round(db, workshop.uuid, orientations[0].uuid),
        lambda: workshops.close_workshop(db, workshop.uuid),
    ):
        with pytest.raises(ReadOnlyError):
            attempt()
    # tampering with the file behind the app's back breaks the fingerprint
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE attendee SET name = 'Quelqu''un d''autre' WHERE uuid = ?", (p[0].uuid,))
    conn.commit()
    conn.close()
    assert not workshops.verify_fingerprint(workshops.get_workshop(db, workshop.uuid))


def test_workshop_json_holds_tallies(setup):
    db, _plan, workshop, p, orientations = setup
    workshops.set_attendance(db, p[0].uuid, AttendanceStatus.PRESENT)
    record = rounds.create_round(db, workshop.uuid, orientations[0].uuid, method=Method.SCORE,
                                 options={"score_min": 0, "score_max": 5}).value
    rounds.open_round(db, record.uuid)
    rounds.record_ballot(db, record.uuid, p[0].uuid, {a: 4 for a in record.action_uuids})
    document = workshops.workshop_json(db, workshop.uuid)
    assert document["rounds"][0]["tally"]["method"] == "score"
    assert document["rounds"][0]["tally"]["rows"][0]["score"] == 4
    assert document["attendance"]["present"] == 1


def test_round_reusing_a_deleted_rounds_row_id_takes_ballots(setup):
    """Record a ballot, withdraw it (Ctrl+Z), delete the empty round, create a round on
    another orientation: SQLite gives the new round the deleted one's row id. Ballots in
    the new round must be accepted (the round's actions were cached by row id)."""
    db, _plan, workshop, people, orientations = setup
    for person in people:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    first = rounds.create_round(db, workshop.uuid, orientations[0].uuid, method=Method.YES_NO,
                                mode=RoundMode.NAMED).value
    rounds.open_round(db, first.uuid)
    recorded = rounds.record_ballot(db, first.uuid, people[0].uuid, {first.action_uuids[0]: "yes"})
    rounds.withdraw_ballot(db, recorded)
    with sqlite3.connect(db.path) as raw:
        (first_id,) = raw.execute("SELECT id FROM voting_round WHERE uuid = ?", (first.uuid,)).fetchone()
    rounds.delete_round(db, first.uuid)
    second = rounds.create_round(db, workshop.uuid, orientations[2].uuid, method=Method.YES_NO,
                                 mode=RoundMode.NAMED).value
    rounds.open_round(db, second.uuid)
    with sqlite3.connect(db.path) as raw:  # the case that broke: the same row id again
        (second_id,) = raw.execute("SELECT id FROM voting_round WHERE uuid = ?", (second.uuid,)).fetchone()
    assert second_id == first_id
    assert set(first.action_uuids).isdisjoint(second.action_uuids)
    rounds.record_ballot(db, second.uuid, people[0].uuid, {a: "no" for a in second.action_uuids})
    _w, record = rounds.get_round(db, second.uuid)
    assert [dict(b.marks) for b in record.ballots] == [{a: "no" for a in second.action_uuids}]
    assert record.voted == (people[0].uuid,)
