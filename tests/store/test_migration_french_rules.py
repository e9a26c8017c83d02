"""Migration 0006_french_rules on a database written by the code before the French rules
(``tests/fixtures/legacy``, made at commit 9da32b7, schema 0005_secret_urn): the majority
codes get their new names, the closed workshop keeps its fingerprint, every round its
tally; the downgrade gives the old codes back."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import RoundMode, WorkshopStatus
from projter_desktop.store import database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legacy"
PREVIOUS = "0005_secret_urn"


def legacy_database(tmp_path: Path) -> Path:
    path = tmp_path / "legacy.sqlite3"
    path.write_bytes(gzip.decompress((FIXTURES / "legacy-0005.sqlite3.gz").read_bytes()))
    return path


def legacy_tallies() -> dict[str, Any]:
    return json.loads((FIXTURES / "legacy-tallies.json").read_text(encoding="utf-8"))


def _configs(path: Path) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(path)
    try:
        return {uuid: json.loads(config) for uuid, config in conn.execute("SELECT uuid, config FROM voting_round")}
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def outcome(tally: dict[str, Any]) -> dict[str, Any]:
    """What a tally decided: ranks, ties, scores, adoptions, quorum and voters."""
    return {
        "quorum_reached": tally["quorum_reached"],
        "voters": tally["voters"],
        "ballots": tally["ballots"],
        "condorcet_winner": tally["condorcet_winner"],
        "rows": [(r["action"], r["rank"], r["tied"], r["score"], r["details"].get("adopted"),
                  r["details"].get("majority_grade"), r["details"].get("quadrant")) for r in tally["rows"]],
    }


def test_0006_follows_0005() -> None:
    index = database.KNOWN_REVISIONS.index("0006_french_rules")
    assert database.KNOWN_REVISIONS[index - 1] == PREVIOUS
    assert database.KNOWN_REVISIONS[-1] == database.SCHEMA_HEAD


def test_a_legacy_database_is_upgraded_keeping_fingerprints_and_results(tmp_path: Path) -> None:
    from dataclasses import asdict

    from projter_desktop.domain.workshop import json_values
    from projter_desktop.services import rounds, workshops
    from projter_desktop.services.database import open_app_database

    path = legacy_database(tmp_path)
    assert _revision(path) == PREVIOUS
    before = _configs(path)
    assert {c["majority"] for c in before.values()} == {"simple", "absolute", "two_thirds"}
    db = open_app_database(path)
    try:
        assert db.upgraded_from == PREVIOUS and db.pre_upgrade_backup is not None
        after = _configs(path)
        renamed = {"simple": "absolute_expressed", "absolute": "absolute_cast", "two_thirds": "two_thirds_expressed"}
        assert {u: c["majority"] for u, c in after.items()} == {u: renamed[c["majority"]] for u, c in before.items()}
        # nothing else of a stored configuration changes (no new key is written)
        assert {u: {k: v for k, v in c.items() if k != "majority"} for u, c in after.items()} == \
            {u: {k: v for k, v in c.items() if k != "majority"} for u, c in before.items()}

        expected = legacy_tallies()
        listed = workshops.list_workshops(db)
        assert {w.status for w in listed} == {WorkshopStatus.CLOSED, WorkshopStatus.RUNNING}
        seen = 0
        for summary in listed:
            workshop = workshops.get_workshop(db, summary.uuid)
            assert workshop.chair is None
            assert workshop.quorum_basis == "present_and_represented"
            if workshop.is_closed:
                assert workshops.verify_fingerprint(workshop)
            for record in workshop.rounds:
                assert record.present_members is None and record.represented_members is None
                assert record.config.quorum_basis == "votes_cast" and record.config.borda_rule == "classic"
                assert record.config.casting_vote is None and record.config.min_rated_share == 0
                tally = json_values(asdict(rounds.tally_record(workshop, record)))
                assert outcome(tally) == outcome(expected[record.uuid]), record.title
                seen += 1
        assert seen == len(expected) == len(before)
        # the methods and modes of the fixture: every one of them is checked above
        methods = {(r.method, r.mode) for w in listed for r in workshops.get_workshop(db, w.uuid).rounds}
        assert {m for m, _ in methods} == set(Method) and {m for _, m in methods} == set(RoundMode)
    finally:
        db.close()


def test_the_running_legacy_round_keeps_its_result(tmp_path: Path) -> None:
    """The running workshop's yes/no round (quorum 3, four present, one proxy): 3 yes (a
    ballot of weight 2) / 2 no, adopted as before the upgrade."""
    from projter_desktop.services import rounds, workshops
    from projter_desktop.services.database import open_app_database

    db = open_app_database(legacy_database(tmp_path))
    try:
        running = next(w for w in workshops.list_workshops(db) if w.status is WorkshopStatus.RUNNING)
        workshop = workshops.get_workshop(db, running.uuid)
        (record,) = workshop.rounds
        assert record.config.majority == "absolute_expressed" and record.config.quorum == 3
        row = rounds.tally_record(workshop, record).rows[0]
        assert row.details["yes"] == 3 and row.details["no"] == 2 and row.details["adopted"] is True
    finally:
        db.close()


@pytest.mark.parametrize("new_code, old_code", [
    ("absolute_expressed", "simple"), ("absolute_cast", "absolute"), ("two_thirds_expressed", "two_thirds"),
    ("relative", "simple"), ("unanimity", "two_thirds"),
])
def test_downgrade_and_upgrade_of_the_majority_codes(tmp_path: Path, new_code: str, old_code: str) -> None:
    from projter_desktop.services import plans, rounds, workshops
    from projter_desktop.services.database import open_app_database

    path = tmp_path / "round-trip.sqlite3"
    db = open_app_database(path)
    try:
        plan = plans.get_plan(db)
        orientation = list(plan.orientations())[0]
        workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Aller-retour",
                                             scope=[orientation.uuid]).value
        record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO,
                                     options={"majority": new_code, "quorum_basis": "present_and_represented"}).value
        stored = _configs(path)[record.uuid]
        assert stored["majority"] == new_code and stored["quorum_basis"] == "present_and_represented"
        with db.engine.begin() as conn:
            command.downgrade(database._alembic_config(conn), PREVIOUS)
    finally:
        db.close()
    assert _revision(path) == PREVIOUS
    old = _configs(path)[record.uuid]
    assert old["majority"] == old_code
    assert not {"casting_vote", "quorum_basis", "borda_rule", "min_rated_share"} & set(old)
    conn = sqlite3.connect(path)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(workshop)")} | \
            {r[1] for r in conn.execute("PRAGMA table_info(voting_round)")}
    finally:
        conn.close()
    assert not {"chair_uuid", "quorum_basis", "present_members", "represented_members"} & columns

    db = open_app_database(path)  # upgraded again at start-up
    try:
        assert db.upgraded_from == PREVIOUS
        _, again = rounds.get_round(db, record.uuid)
        renamed = {"simple": "absolute_expressed", "absolute": "absolute_cast", "two_thirds": "two_thirds_expressed"}
        assert again.config.majority == renamed[old_code]
        assert again.config.quorum_basis == "votes_cast"  # dropped by the downgrade: the legacy default
        assert workshops.get_workshop(db, workshop.uuid).quorum_basis == "present_and_represented"
    finally:
        db.close()


def test_new_workshops_default_to_the_quorum_of_members_present(db) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.services import plans, workshops

    plan = plans.get_plan(db)
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Nouveau").value
    assert workshop.quorum_basis == "present" and workshop.chair is None
