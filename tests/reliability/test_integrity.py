"""The database check: a healthy database passes; each kind of damage or inconsistency,
made by hand behind the app's back, is found and said in French with a severity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from projter_desktop.services import backup, integrity
from projter_desktop.services.database import open_app_database
from projter_desktop.services.demo import create_demo_workshop
from projter_desktop.services.integrity import Severity
from projter_desktop.store.database import SCHEMA_HEAD


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One closed demo workshop and one still running."""
    path = tmp_path_factory.mktemp("template") / "base.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, seed=3, close=True, participants=10)
    create_demo_workshop(db, seed=4, close=False, participants=8)
    db.close()
    return path


@pytest.fixture
def path(tmp_path: Path, template: Path) -> Path:
    target = tmp_path / "base.sqlite3"
    backup.backup_file(template, target)
    return target


def tamper(path: Path, *statements: str) -> None:
    """Write behind the app's back, foreign keys off (as a careless tool would)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def run_check(path: Path) -> integrity.CheckReport:
    db = open_app_database(path)
    try:
        return integrity.check(db)
    finally:
        db.close()


def only(report: integrity.CheckReport, code: str) -> integrity.Finding:
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, [f.line_fr() for f in report.findings]
    return found[0]


def test_a_healthy_database_passes_every_check(path: Path) -> None:
    report = run_check(path)
    assert report.healthy, [f.line_fr() for f in report.findings]
    assert report.findings == ()
    assert set(report.checks_run) == {"integrity", "schema", "orphans", "foreign_keys", "secrecy", "secret_storage", "register",
                                      "fingerprints", "leftovers"}
    assert "saine" in report.summary_fr()
    assert report.to_json()["healthy"] is True


def test_marks_whose_ballot_round_is_gone_are_orphans(path: Path) -> None:
    tamper(path, "DELETE FROM voting_round WHERE id = (SELECT round_id FROM ballot b JOIN mark m ON m.ballot_id = b.id "
                 "LIMIT 1)")
    report = run_check(path)
    assert not report.healthy
    ballots = only(report, "orphan_ballot_round_id")
    assert ballots.severity is Severity.ERROR
    assert "bulletins renvoient à un(e) tour de vote qui n'existe plus" in ballots.message
    marks = only(report, "orphan_mark_round")
    assert "votes de bulletins appartiennent à des bulletins dont le tour de vote n'existe plus" in marks.message
    # the same rows are not reported a second time by SQLite's foreign key check
    assert "foreign_key" not in report.codes()


def test_attendees_without_workshop_are_orphans(path: Path) -> None:
    tamper(path, "UPDATE attendee SET workshop_id = 999 WHERE id IN (SELECT id FROM attendee LIMIT 2)")
    finding = only(run_check(path), "orphan_attendee_workshop_id")
    assert finding.message.startswith("2 inscrits renvoient à un(e) atelier qui n'existe plus")


def test_foreign_key_check_reports_tables_the_models_do_not_know(path: Path) -> None:
    tamper(path, "CREATE TABLE extra_note (id INTEGER PRIMARY KEY, workshop_id INTEGER REFERENCES workshop(id))",
           "INSERT INTO extra_note (workshop_id) VALUES (4242)")
    finding = only(run_check(path), "foreign_key")
    assert "extra_note" in finding.message and "atelier" in finding.message


def test_a_closed_workshop_changed_after_closing_breaks_its_fingerprint(path: Path) -> None:
    tamper(path, "UPDATE decision SET rationale = 'Réécrit après coup' WHERE id = (SELECT d.id FROM decision d "
                 "JOIN workshop w ON w.id = d.workshop_id WHERE w.status = 'closed' LIMIT 1)")
    finding = only(run_check(path), "fingerprint_mismatch")
    assert finding.severity is Severity.ERROR
    assert "ne correspond plus à son empreinte" in finding.message and "modifié après la clôture" in finding.message


def test_a_closed_workshop_without_fingerprint(path: Path) -> None:
    tamper(path, "UPDATE workshop SET fingerprint = NULL WHERE status = 'closed'")
    assert "n'a pas d'empreinte" in only(run_check(path), "fingerprint_missing").message


def test_a_secret_ballot_pointing_at_a_voter_breaks_secrecy(path: Path) -> None:
    tamper(path, "UPDATE ballot SET attendee_id = (SELECT min(id) FROM attendee) WHERE id = (SELECT b.id FROM ballot b "
                 "JOIN voting_round r ON r.id = b.round_id WHERE r.mode = 'secret' LIMIT 1)")
    finding = only(run_check(path), "secret_ballot_named")
    assert finding.severity is Severity.ERROR and "secret du vote" in finding.message


def test_register_and_ballots_of_named_rounds_must_agree(path: Path) -> None:
    tamper(path, "DELETE FROM ballot WHERE id = (SELECT b.id FROM ballot b JOIN voting_round r ON r.id = b.round_id "
                 "JOIN workshop w ON w.id = r.workshop_id WHERE r.mode = 'named' AND w.status != 'closed' LIMIT 1)")
    report = run_check(path)
    finding = only(report, "register_without_ballot")
    assert finding.severity is Severity.WARNING and "a voté" in finding.message
    assert not report.healthy


def test_an_older_schema_is_a_warning_and_an_unknown_one_an_error(path: Path) -> None:
    db = open_app_database(path)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001_plan'")
        assert "plus ancien" in only(integrity.check(db), "schema_old").message
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
        finding = only(integrity.check(db), "schema_too_new")
        assert finding.severity is Severity.ERROR and SCHEMA_HEAD in finding.message
    finally:
        db.close()


def test_check_file_of_a_damaged_database_names_the_newest_backup(path: Path) -> None:
    saved = backup.backup_now(path)
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(b"\x5a" * 3 * 4096)
    before = path.read_bytes()
    report = integrity.check_file(path)
    assert not report.healthy
    assert only(report, "integrity").severity is Severity.ERROR
    offer = only(report, "backup_available")
    assert offer.severity is Severity.INFO and str(saved) in offer.message and "projter restore" in offer.message
    assert path.read_bytes() == before


def test_check_file_of_a_missing_database(tmp_path: Path) -> None:
    report = integrity.check_file(tmp_path / "absente.sqlite3")
    assert not report.healthy and only(report, "missing")
    assert not (tmp_path / "absente.sqlite3").exists()


def test_check_file_of_a_healthy_database_does_not_migrate_nor_change_it(path: Path) -> None:
    report = integrity.check_file(path)
    assert report.healthy, [f.line_fr() for f in report.findings]


def test_check_file_of_a_foreign_sqlite_file(tmp_path: Path) -> None:
    other = tmp_path / "autre.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert "pas été créée par Projter" in only(integrity.check_file(other), "not_projter").message


def test_an_older_schema_is_said_without_a_failed_check(tmp_path: Path) -> None:
    """A file at an older revision (upgraded at its next opening) is checked without the
    fingerprints, which the models of this version cannot read from its tables."""
    import gzip

    path = tmp_path / "ancienne.sqlite3"
    legacy = Path(__file__).resolve().parents[1] / "fixtures" / "legacy" / "legacy-0005.sqlite3.gz"
    path.write_bytes(gzip.decompress(legacy.read_bytes()))
    report = integrity.check_file(path)
    assert report.codes() == {"schema_old"}, [f.line_fr() for f in report.findings]
    assert "fingerprints" not in report.checks_run
