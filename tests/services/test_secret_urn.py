"""Secret rounds as a French urn: émargement apart from dépouillement, sealed at close,
and no trace of who cast which paper in the database, its WAL or a backup."""

from __future__ import annotations

import random
import shutil
import sqlite3
import struct
from pathlib import Path

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import rounds, urn, workshops
from projter_desktop.services.errors import UserError
from projter_desktop.services.integrity import check


@pytest.fixture
def room(db, plan):  # type: ignore[no-untyped-def]
    """A running workshop with 8 present voters and one proxy (9 voices)."""
    orientation = list(plan.orientations())[0]
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Urne", scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}").value for i in range(9)]
    for person in people[:8]:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    workshops.set_attendance(db, people[8].uuid, AttendanceStatus.EXCUSED)
    workshops.give_proxy(db, people[8].uuid, people[0].uuid)
    record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.SECRET,
                                 action_uuids=[a.uuid for a in orientation.actions()][:3], open_now=True).value
    return db, workshop, people, record


def _papers(record, count: int) -> list[dict]:  # type: ignore[no-untyped-def]
    values = ["yes", "no", "abstain"]
    return [{a: values[(i + j) % 3] for j, a in enumerate(record.action_uuids)} for i in range(count)]


def test_emargement_then_depouillement_in_that_order_only(room) -> None:  # type: ignore[no-untyped-def]
    db, _workshop, people, record = room
    first = record.action_uuids[0]
    with pytest.raises(UserError, match="émarge"):
        rounds.record_ballot(db, record.uuid, people[1].uuid, {first: "yes"})
    with pytest.raises(UserError, match="Clôturez d'abord l'émargement"):
        urn.record_paper(db, record.uuid, {first: "yes"})
    holder = urn.sign(db, record.uuid, people[0].uuid)
    assert holder.voices == (1.0, 1.0)  # own voice and the proxy: two papers
    with pytest.raises(UserError, match="déjà signé"):
        urn.sign(db, record.uuid, people[0].uuid)
    with pytest.raises(UserError, match="dépouillez"):
        rounds.close_round(db, record.uuid)
    urn.sign(db, record.uuid, people[1].uuid)
    closed = urn.close_urn(db, record.uuid)
    assert closed.papers == 3
    with pytest.raises(UserError, match="émargement est clos"):
        urn.sign(db, record.uuid, people[2].uuid)
    for marks in _papers(record, 3):
        urn.record_paper(db, record.uuid, marks)
    with pytest.raises(UserError, match="Tous les bulletins ont été dépouillés"):
        urn.record_paper(db, record.uuid, {first: "no"})
    _, stored = rounds.get_round(db, record.uuid)
    assert stored.urn_closed and sorted(stored.voted) == sorted([people[0].uuid, people[1].uuid])
    assert stored.signed_voices == (1.0, 1.0, 1.0)
    assert len(stored.ballots) == 3 and all(b.attendee_uuid is None for b in stored.ballots)
    tally = rounds.tally_record(None, stored)
    assert tally.row(first).details["yes"] == 1 and tally.row(first).details["no"] == 1


def test_undo_of_each_act(room) -> None:  # type: ignore[no-untyped-def]
    db, _workshop, people, record = room
    signature = urn.sign(db, record.uuid, people[3].uuid)
    urn.unsign(db, signature)
    assert rounds.get_round(db, record.uuid)[1].voted == ()
    for person in people[:3]:
        urn.sign(db, record.uuid, person.uuid)
    urn.close_urn(db, record.uuid)
    paper = urn.record_paper(db, record.uuid, {record.action_uuids[0]: "yes"})
    with pytest.raises(UserError, match="ne peut plus être rouvert"):
        urn.reopen_urn(db, record.uuid)
    urn.withdraw_paper(db, paper)
    urn.reopen_urn(db, record.uuid)
    assert not rounds.get_round(db, record.uuid)[1].urn_closed


def test_a_weight_class_of_fewer_than_three_voices_is_refused(db, plan) -> None:  # type: ignore[no-untyped-def]
    orientation = list(plan.orientations())[0]
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Poids", scope=[orientation.uuid]).value
    for i in range(5):
        person = workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}", vote_weight=2.5 if i == 0 else 1.0).value
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    with pytest.raises(UserError, match=r"1 voix de poids 2,5"):
        rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.SECRET,
                            open_now=True)
    assert workshops.get_workshop(db, workshop.uuid).rounds == ()  # nothing written


# --------------------------------------------------------------------------- the attacker's pass


def _wal_states(db_file: Path, wal_file: Path, work: Path) -> list[Path]:
    """The database as it stood after each commit held in ``wal_file``: the main file with
    the WAL's frames applied up to that commit (a frame is valid while its salts match the
    WAL header), as an attacker holding a copy of both files would rebuild it."""
    data = wal_file.read_bytes()
    if len(data) < 32:
        return []
    page_size = struct.unpack(">I", data[8:12])[0]
    salts = data[16:24]
    base = bytearray(db_file.read_bytes())
    states: list[Path] = []
    offset = 32
    while offset + 24 + page_size <= len(data):
        page_no, commit_size = struct.unpack(">II", data[offset:offset + 8])
        if data[offset + 8:offset + 16] != salts:
            break
        page = data[offset + 24:offset + 24 + page_size]
        start = (page_no - 1) * page_size
        if len(base) < start + page_size:
            base.extend(b"\0" * (start + page_size - len(base)))
        base[start:start + page_size] = page
        offset += 24 + page_size
        if commit_size:
            state = work / f"state-{len(states):04d}.sqlite3"
            state.write_bytes(bytes(base[:commit_size * page_size]))
            states.append(state)
    return states


def _rows(path: Path, round_id: int) -> tuple[set[int], set[str]]:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        register = {r[0] for r in conn.execute("SELECT attendee_id FROM voter_register WHERE round_id = ?", (round_id,))}
        papers = {r[0] for r in conn.execute("SELECT uuid FROM ballot WHERE round_id = ?", (round_id,))}
    finally:
        conn.close()
    return register, papers


def test_replaying_the_wal_of_a_live_secret_round_ties_no_paper_to_a_voter(room, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Copy the database and its WAL during a live secret round, replay the WAL commit by
    commit: no commit adds a signature and a paper together, and every paper comes after
    every signature, so the order of the frames says nothing of who cast which paper."""
    db, _workshop, people, record = room
    db.truncate_wal()  # the room is set up; the round starts from a checkpointed file
    voters = people[:8]
    order = list(voters)
    random.Random(4).shuffle(order)
    for person in order:  # people come to the urn in any order
        urn.sign(db, record.uuid, person.uuid)
    urn.close_urn(db, record.uuid)
    for marks in _papers(record, 9):  # the papers come out of the urn in another order
        urn.record_paper(db, record.uuid, marks)
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(db.path, copy)
    shutil.copy(db.path.with_name(db.path.name + "-wal"), tmp_path / "copy.sqlite3-wal")
    round_id = sqlite3.connect(db.path).execute("SELECT id FROM voting_round WHERE uuid = ?", (record.uuid,)).fetchone()[0]

    states = _wal_states(copy, tmp_path / "copy.sqlite3-wal", tmp_path)
    assert len(states) >= 8 + 1 + 9  # one commit per signature, the urn's close, one per paper
    previous: tuple[set[int], set[str]] = (set(), set())
    first_paper_at = last_signature_at = None
    for index, state in enumerate(states):
        register, papers = _rows(state, round_id)
        new_signatures, new_papers = register - previous[0], papers - previous[1]
        assert not (new_signatures and new_papers), f"commit {index} holds a voter and a paper together"
        if new_signatures:
            last_signature_at = index
        if new_papers and first_paper_at is None:
            first_paper_at = index
        previous = (register, papers)
    assert len(previous[0]) == 8
    assert len(previous[1]) == 9
    assert last_signature_at is not None and first_paper_at is not None and last_signature_at < first_paper_at


def test_closing_seals_the_papers_zeroes_their_old_rows_and_truncates_the_wal(room) -> None:  # type: ignore[no-untyped-def]
    db, _workshop, people, record = room
    urn.run_urn(db, record.uuid, [p.uuid for p in people[:8]], _papers(record, 9))
    conn = sqlite3.connect(db.path)
    before = conn.execute("SELECT b.id, b.uuid FROM ballot b JOIN voting_round r ON r.id = b.round_id "
                          "WHERE r.uuid = ?", (record.uuid,)).fetchall()
    conn.close()
    rounds.close_round(db, record.uuid)
    wal = db.path.with_name(db.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    conn = sqlite3.connect(db.path)
    after = conn.execute("SELECT b.id, b.uuid FROM ballot b JOIN voting_round r ON r.id = b.round_id "
                         "WHERE r.uuid = ? ORDER BY b.id", (record.uuid,)).fetchall()
    sealed = conn.execute("SELECT sealed, urn_closed FROM voting_round WHERE uuid = ?", (record.uuid,)).fetchone()
    conn.close()
    assert sealed == (1, 0)
    assert {u for _i, u in after} == {u for _i, u in before}  # same papers (fingerprints sort by uuid)
    assert not {i for i, _u in after} & {i for i, _u in before}  # every row id drawn again
    content = db.path.read_bytes()
    for old_id, _uuid in before:  # the old ids are gone from every page (secure_delete)
        assert struct.pack(">q", old_id) not in content
    assert check(db).healthy


def test_check_reports_a_secret_round_closed_without_seal_and_seal_fixes_it(room) -> None:  # type: ignore[no-untyped-def]
    db, _workshop, people, record = room
    urn.run_urn(db, record.uuid, [p.uuid for p in people[:8]], _papers(record, 9))
    rounds.close_round(db, record.uuid)
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE voting_round SET sealed = 0 WHERE uuid = ?", (record.uuid,))  # as an older version left it
    conn.commit()
    conn.close()
    report = check(db)
    assert "secret_round_unsealed" in report.codes() and not report.healthy
    assert urn.seal_all(db) == 1
    assert "secret_round_unsealed" not in check(db).codes()


def test_a_backup_taken_during_the_depouillement_holds_papers_with_no_voter_and_no_wal(room, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.services import backup

    db, _workshop, people, record = room
    for person in people[:8]:
        urn.sign(db, record.uuid, person.uuid)
    urn.close_urn(db, record.uuid)
    urn.record_paper(db, record.uuid, _papers(record, 1)[0])
    path = backup.backup_now(db)
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    conn = sqlite3.connect(path)
    papers = conn.execute("SELECT attendee_id FROM ballot").fetchall()
    signatures = conn.execute("SELECT count(*) FROM voter_register").fetchone()[0]
    conn.close()
    assert papers == [(None,)] and signatures == 8


def test_sealing_a_large_round_leaves_no_old_row_in_the_free_pages(room) -> None:  # type: ignore[no-untyped-def]
    """600 papers over many pages: after the rewrite and the WAL's truncation not one old
    row id (which followed the order of entry) is left anywhere in the file."""
    from projter_desktop.store import ballots as ballot_store

    db, _workshop, _people, record = room
    with db.transaction() as session:
        round_id = session.connection().exec_driver_sql(
            "SELECT id FROM voting_round WHERE uuid = ?", (record.uuid,)).scalar()
        action_id = session.connection().exec_driver_sql("SELECT action_id FROM round_action WHERE round_id = ?",
                                                          (round_id,)).scalar()
        old = [ballot_store.insert_paper(session, round_id=round_id, weight=1.0, encoded_marks={action_id: '"yes"'}).id
               for _ in range(600)]
    db.truncate_wal()
    content = db.path.read_bytes()
    assert sum(struct.pack(">q", i) in content for i in old[:50]) == 50  # the probe sees rows that exist
    with db.transaction() as session:
        urn.seal(session, [round_id])
    assert db.truncate_wal()
    content = db.path.read_bytes()
    assert not [i for i in old if struct.pack(">q", i) in content]
