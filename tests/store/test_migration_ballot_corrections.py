"""Migration 0004_ballot_corrections: a database at the previous head (0003_devices) with a
running workshop is backed up, upgraded, keeps its ballots, and can record corrections."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.store import database

PREVIOUS = "0003_devices"


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_upgrade_from_the_previous_head_keeps_ballots_and_allows_corrections(tmp_path: Path) -> None:
    from projter_desktop.services import plans, rounds, workshops
    from projter_desktop.services.database import open_app_database

    index = database.KNOWN_REVISIONS.index("0004_ballot_corrections")
    assert database.KNOWN_REVISIONS[index - 1] == PREVIOUS
    path = tmp_path / "old.sqlite3"
    db = open_app_database(path)
    try:
        plan = plans.get_plan(db)
        orientation = list(plan.orientations())[0]
        workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Avant", scope=[orientation.uuid]).value
        voter = workshops.add_attendee(db, workshop.uuid, name="Élu", status=AttendanceStatus.PRESENT).value.uuid
        record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO,
                                     mode=RoundMode.NAMED).value
        rounds.open_round(db, record.uuid)
        first = record.action_uuids[0]
        rounds.record_ballot(db, record.uuid, voter, {first: "no"})
        with db.engine.begin() as conn:
            command.downgrade(database._alembic_config(conn), PREVIOUS)
    finally:
        db.close()
    assert "ballot_correction" not in _tables(path)

    db = open_app_database(path)
    try:
        assert db.upgraded_from == PREVIOUS and db.pre_upgrade_backup is not None
        assert "ballot_correction" in _tables(path)
        with db.engine.connect() as conn:
            columns = [c["name"] for c in inspect(conn).get_columns("ballot_correction")]
            indexes = [tuple(i["column_names"]) for i in inspect(conn).get_indexes("ballot_correction")]
        assert columns == ["id", "uuid", "round_id", "attendee_id", "previous_marks", "new_marks", "corrected_at"]
        assert ("round_id",) in indexes
        _, stored = rounds.get_round(db, record.uuid)
        assert [b.marks for b in stored.ballots] == [{first: "no"}]
        done = rounds.correct_ballot(db, record.uuid, voter, {first: "yes"})
        assert rounds.round_corrections(db, record.uuid) == (done.correction,)
    finally:
        db.close()
    assert "ballot_correction" not in _tables(db.pre_upgrade_backup)
