"""Phone voting services: codes stored hashed, named ballots through record/correct,
voting cards through the urn, idempotent submissions, French refusals with nothing written."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import phone_votes, rounds, urn, workshops
from projter_desktop.services.errors import UserError


def _room(db, plan, mode: RoundMode, method: Method = Method.YES_NO):  # type: ignore[no-untyped-def]
    orientation = list(plan.orientations())[0]
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Téléphones", scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}").value for i in range(6)]
    for person in people[:5]:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    workshops.set_attendance(db, people[5].uuid, AttendanceStatus.EXCUSED)
    workshops.give_proxy(db, people[5].uuid, people[0].uuid)
    record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=method, mode=mode,
                                 action_uuids=[a.uuid for a in orientation.actions()][:3], open_now=True).value
    return workshop, people, record


def _rows(db, sql: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(db.path) as conn:
        return conn.execute(sql).fetchall()


def _sid(n: int) -> str:
    return f"submission-{n:08d}-xxxxxxxx"


def test_codes_have_128_bits_and_only_their_hash_is_stored(db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop, people, _record = _room(db, plan, RoundMode.NAMED)
    issued = phone_votes.issue_named_codes(db, workshop.uuid)
    assert [c.attendee_uuid for c in issued.named] == [p.uuid for p in people[:5]]  # the present ones
    assert all(len(c.code) >= 22 for c in issued.named)
    assert len({c.code for c in issued.named}) == 5
    stored = _rows(db, "SELECT code_hash FROM voting_code")
    assert sorted(h for (h,) in stored) == sorted(hashlib.sha256(c.code.encode()).hexdigest() for c in issued.named)
    raw = db.path.read_bytes() + (db.path.with_name(db.path.name + "-wal").read_bytes()
                                  if db.path.with_name(db.path.name + "-wal").exists() else b"")
    assert not any(c.code.encode() in raw for c in issued.named)
    cards = phone_votes.issue_cards(db, workshop.uuid)
    assert sorted(c.weight for c in cards.cards) == [1.0] * 6  # 5 present + 1 proxy
    assert phone_votes.codes_issued(db, workshop.uuid) == (5, 6)
    # cards are linked to nobody
    assert _rows(db, "SELECT count(*) FROM voting_code WHERE attendee_id IS NULL") == [(6,)]


def test_named_phone_vote_is_recorded_changed_and_idempotent(db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop, people, record = _room(db, plan, RoundMode.NAMED)
    codes = {c.attendee_uuid: c.code for c in phone_votes.issue_named_codes(db, workshop.uuid).named}
    a, b, c = record.action_uuids
    code = codes[people[0].uuid]
    form = phone_votes.ballot_form(db, record.uuid, code)
    assert form.voter_name == "Élu 0"
    # typed from the slip, in its groups of four
    assert phone_votes.ballot_form(db, record.uuid, " ".join(code[i:i + 4] for i in range(0, 22, 4))).voter_name == "Élu 0" and not form.secret and [x.uuid for x in form.actions] == [a, b, c]
    vote = phone_votes.submit(db, record.uuid, code, {a: "yes", b: "no"}, _sid(1))
    assert vote.changes.ballots == frozenset({record.uuid}) and not vote.replayed
    again = phone_votes.submit(db, record.uuid, code, {a: "yes", b: "no"}, _sid(1))
    assert again.replayed and not again.changes
    _, stored = rounds.get_round(db, record.uuid)
    assert len(stored.ballots) == 1 and stored.ballots[0].attendee_uuid == people[0].uuid
    assert stored.ballots[0].weight == 2.0  # own voice and the proxy, as a typed ballot
    # a change of mind, until the round closes
    changed = phone_votes.submit(db, record.uuid, code, {a: "no"}, _sid(2))
    assert changed.changed and changed.changes.ballots == frozenset({record.uuid})
    assert rounds.get_round(db, record.uuid)[1].ballots[0].marks == {a: "no"}
    assert len(rounds.round_corrections(db, record.uuid)) == 1
    assert phone_votes.ballot_form(db, record.uuid, code).current_marks == {a: "no"}
    # a stale resubmission of the first form records nothing
    assert phone_votes.submit(db, record.uuid, code, {a: "yes", b: "no"}, _sid(1)).replayed
    assert rounds.get_round(db, record.uuid)[1].ballots[0].marks == {a: "no"}
    # mixed with a typed ballot
    rounds.record_ballot(db, record.uuid, people[1].uuid, {a: "yes"})
    with pytest.raises(UserError, match="pas reconnu"):
        phone_votes.submit(db, record.uuid, "x" * 22, {a: "yes"}, _sid(3))
    rounds.close_round(db, record.uuid)
    with pytest.raises(UserError, match="clos"):
        phone_votes.submit(db, record.uuid, code, {a: "yes"}, _sid(4))
    by_voter = {x.attendee_uuid: x.marks for x in rounds.get_round(db, record.uuid)[1].ballots}
    assert by_voter == {people[0].uuid: {a: "no"}, people[1].uuid: {a: "yes"}}


def test_named_refusals_write_nothing(db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop, people, record = _room(db, plan, RoundMode.NAMED)
    other, _people2, other_round = _room(db, plan, RoundMode.NAMED)
    codes = {c.attendee_uuid: c.code for c in phone_votes.issue_named_codes(db, workshop.uuid).named}
    foreign = phone_votes.issue_named_codes(db, other.uuid).named[0].code
    a = record.action_uuids[0]
    code = codes[people[1].uuid]
    before = _rows(db, "SELECT count(*) FROM ballot"), _rows(db, "SELECT count(*) FROM phone_submission")
    with pytest.raises(UserError, match="pas reconnu"):
        phone_votes.submit(db, record.uuid, foreign, {a: "yes"}, _sid(1))  # code of another workshop
    with pytest.raises(UserError, match="Bulletin refusé"):
        phone_votes.submit(db, record.uuid, code, {a: "peut-être"}, _sid(2))
    with pytest.raises(UserError, match="Bulletin refusé"):
        phone_votes.submit(db, record.uuid, code, {other_round.action_uuids[0] + "x": "yes"}, _sid(3))
    with pytest.raises(UserError, match="incomplet"):
        phone_votes.submit(db, record.uuid, code, {a: "yes"}, "short")
    cards = phone_votes.issue_cards(db, workshop.uuid).cards
    with pytest.raises(UserError, match="nominatif"):
        phone_votes.submit(db, record.uuid, cards[0].code, {a: "yes"}, _sid(4))
    workshops.set_attendance(db, people[2].uuid, AttendanceStatus.LEFT if hasattr(AttendanceStatus, "LEFT")
                             else AttendanceStatus.EXCUSED)
    with pytest.raises(UserError, match="présent"):
        phone_votes.submit(db, record.uuid, codes[people[2].uuid], {a: "yes"}, _sid(5))
    assert (_rows(db, "SELECT count(*) FROM ballot"), _rows(db, "SELECT count(*) FROM phone_submission")) == before
    # a code issued again replaces the old one
    new = phone_votes.issue_named_codes(db, workshop.uuid, [people[1].uuid]).named[0].code
    with pytest.raises(UserError, match="pas reconnu"):
        phone_votes.submit(db, record.uuid, code, {a: "yes"}, _sid(6))
    phone_votes.submit(db, record.uuid, new, {a: "yes"}, _sid(7))


def test_voting_cards_go_through_the_urn_once_each(db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop, people, record = _room(db, plan, RoundMode.SECRET)
    cards = phone_votes.issue_cards(db, workshop.uuid).cards
    named = phone_votes.issue_named_codes(db, workshop.uuid).named
    a, b, _c = record.action_uuids
    with pytest.raises(UserError, match="carte de vote"):
        phone_votes.submit(db, record.uuid, named[0].code, {a: "yes"}, _sid(1))
    # nobody signed yet: the urn refuses a paper
    with pytest.raises(UserError, match="émarger"):
        phone_votes.submit(db, record.uuid, cards[0].code, {a: "yes"}, _sid(1))
    urn.sign(db, record.uuid, people[0].uuid)  # two voices (a proxy)
    urn.sign(db, record.uuid, people[1].uuid)
    urn.sign(db, record.uuid, people[2].uuid)
    first = phone_votes.submit(db, record.uuid, cards[0].code, {a: "yes"}, _sid(1))
    assert first.secret and first.changes.ballots == frozenset({record.uuid})
    assert phone_votes.submit(db, record.uuid, cards[0].code, {a: "yes"}, _sid(1)).replayed  # resubmission
    with pytest.raises(UserError, match="déjà servi"):
        phone_votes.submit(db, record.uuid, cards[0].code, {a: "no"}, _sid(2))
    with pytest.raises(UserError, match="déjà servi"):
        phone_votes.ballot_form(db, record.uuid, cards[0].code)
    phone_votes.submit(db, record.uuid, cards[1].code, {a: "no", b: "yes"}, _sid(3))
    phone_votes.submit(db, record.uuid, cards[2].code, {a: "abstain"}, _sid(4))
    # 4 voices signed, 3 papers; a typed paper after the émargement closes
    urn.close_urn(db, record.uuid)
    urn.record_paper(db, record.uuid, {a: "yes"})
    with pytest.raises(UserError, match="chaque voix émargée a déjà voté"):
        phone_votes.submit(db, record.uuid, cards[3].code, {a: "yes"}, _sid(5))
    _, stored = rounds.get_round(db, record.uuid)
    assert len(stored.ballots) == 4 and all(b.attendee_uuid is None for b in stored.ballots)
    assert _rows(db, "SELECT count(*) FROM ballot WHERE attendee_id IS NOT NULL") == [(0,)]
    tally = rounds.tally_record(None, stored)
    assert tally.row(a).details["yes"] == 2 and tally.row(a).details["no"] == 1
    assert _rows(db, "SELECT count(*) FROM phone_submission") == [(3,)]
    rounds.close_round(db, record.uuid)
    _, closed = rounds.get_round(db, record.uuid)
    assert len(closed.ballots) == 4
    # sealed: the cards' uses, written with their papers, are gone with the papers' old rows
    assert _rows(db, "SELECT count(*) FROM phone_submission") == [(0,)]
    with pytest.raises(UserError, match="clos"):
        phone_votes.submit(db, record.uuid, cards[4].code, {a: "yes"}, _sid(6))
    # the submissions hold no person: no attendee column, only hashes
    columns = [r[1] for r in _rows(db, "PRAGMA table_info(phone_submission)")]
    assert columns == ["id", "round_id", "token", "card_use"]


def test_missing_codes_only_for_newcomers(db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop, people, _record = _room(db, plan, RoundMode.NAMED)
    first = phone_votes.issue_missing_codes(db, workshop.uuid, secret=False)
    assert [c.attendee_uuid for c in first.named] == [p.uuid for p in people[:5]]
    assert phone_votes.issue_missing_codes(db, workshop.uuid, secret=False).named == ()
    late = workshops.add_attendee(db, workshop.uuid, name="Retardataire").value
    workshops.set_attendance(db, late.uuid, AttendanceStatus.PRESENT)
    again = phone_votes.issue_missing_codes(db, workshop.uuid, secret=False)
    assert [(c.attendee_uuid, c.name) for c in again.named] == [(late.uuid, "Retardataire")]
    # the first codes still work
    assert phone_votes.ballot_form(db, _record.uuid, first.named[0].code).voter_name == "Élu 0"
    # cards: one per voice present (5 present + 1 proxy), then one more for the late arrival
    cards = phone_votes.issue_missing_codes(db, workshop.uuid, secret=True).cards
    assert len(cards) == 7
    assert phone_votes.issue_missing_codes(db, workshop.uuid, secret=True).cards == ()
    other = workshops.add_attendee(db, workshop.uuid, name="Autre").value
    workshops.set_attendance(db, other.uuid, AttendanceStatus.PRESENT)
    assert len(phone_votes.issue_missing_codes(db, workshop.uuid, secret=True).cards) == 1
    assert phone_votes.codes_issued(db, workshop.uuid) == (6, 8)
