"""``projter backup``, ``projter backups``, ``projter restore`` and ``projter check``."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from projter_desktop.cli import main
from projter_desktop.services import backup
from projter_desktop.services.database import open_app_database
from projter_desktop.services.demo import create_demo_workshop
from projter_desktop.services.instance import acquire_instance_lock

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "cli.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, seed=2, close=True, participants=8)
    db.close()
    return path


@pytest.fixture
def db_file(tmp_path: Path, template: Path) -> Path:
    path = tmp_path / "site" / "cli.sqlite3"
    backup.backup_file(template, path)
    return path


def workshop_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM workshop").fetchone()[0])
    finally:
        conn.close()


def damage(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.seek(path.stat().st_size // 2 // 4096 * 4096)
        handle.write(b"\xa5" * 3 * 4096)


def test_backup_prints_the_path_and_backups_lists_it(capsys, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--db", str(db_file), "backup")
    assert (code, err) == (0, "")
    made = Path(out.strip())
    assert made.is_file() and made.parent == db_file.parent / "cli-backups"
    assert backup.verify_backup(made) == ()

    code, out, _ = run(capsys, "--db", str(db_file), "backups")
    assert code == 0 and str(made) in out and "manuelle" in out
    code, out, _ = run(capsys, "--db", str(db_file), "backups", "--json")
    rows = json.loads(out)
    assert [r["path"] for r in rows] == [str(made)] and rows[0]["reason"] == "manual"


def test_backups_of_the_default_database_use_the_data_folder(capsys, isolated_environment: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                             template: Path) -> None:
    default = isolated_environment / "projter.sqlite3"
    backup.backup_file(template, default)
    monkeypatch.setenv("PROJTER_DB", str(default))
    code, out, _ = run(capsys, "backup")
    assert code == 0 and Path(out.strip()).parent == isolated_environment / "backups"


def test_backup_keeps_the_newest(capsys, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    made = [Path(run(capsys, "--db", str(db_file), "backup", "--keep", "2")[1].strip()) for _ in range(3)]
    assert [b.path for b in backup.list_backups(db_file)] == made[:0:-1]
    code, _, err = run(capsys, "--db", str(db_file), "backup", "--keep", "0")
    assert code == 1 and "--keep" in err


def test_backups_when_there_is_none(capsys, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", str(db_file), "backups")
    assert code == 0 and "Aucune sauvegarde" in out


def test_restore_with_yes_replaces_the_database_and_keeps_the_old_one(capsys, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", str(db_file), "backup")
    saved = Path(out.strip())
    db = open_app_database(db_file)
    create_demo_workshop(db, seed=9, participants=8)
    db.close()
    assert workshop_count(db_file) == 2

    code, out, err = run(capsys, "--db", str(db_file), "restore", saved.name, "--yes")

    assert (code, err) == (0, ""), err
    assert "Base restaurée" in out and "sauvegardée dans" in out
    assert workshop_count(db_file) == 1
    safety = [b for b in backup.list_backups(db_file) if b.reason == backup.BEFORE_RESTORE]
    assert len(safety) == 1 and workshop_count(safety[0].path) == 2


def test_restore_without_yes_and_without_terminal_changes_nothing(capsys, monkeypatch, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(capsys, "--db", str(db_file), "backup")
    before = db_file.read_bytes()
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    code, _, err = run(capsys, "--db", str(db_file), "restore", out.strip())
    assert code == 1 and "--yes" in err
    assert db_file.read_bytes() == before


def test_restore_asks_and_a_no_changes_nothing(capsys, monkeypatch, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(capsys, "--db", str(db_file), "backup")
    before = db_file.read_bytes()

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    code, out2, err2 = run(capsys, "--db", str(db_file), "restore", out.strip())
    assert code == 1 and out2 == "" and err2 == "projter : Restauration annulée ; rien n'a été modifié.\n"
    assert db_file.read_bytes() == before
    monkeypatch.setattr("builtins.input", lambda prompt: "oui")
    code, out3, _ = run(capsys, "--db", str(db_file), "restore", out.strip())
    assert code == 0 and "Base restaurée" in out3


def test_restore_of_an_unknown_or_bad_file_is_refused(capsys, db_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "--db", str(db_file), "restore", "nulle-part.sqlite3", "--yes")
    assert code == 1 and "introuvable" in err and "projter backups" in err
    text = tmp_path / "texte.sqlite3"
    text.write_text("pas une base")
    code, _, err = run(capsys, "--db", str(db_file), "restore", str(text), "--yes")
    assert code == 1 and "ne peut pas être restaurée" in err
    assert "Traceback" not in err


def test_restore_is_refused_while_the_database_is_open_in_projter(capsys, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(capsys, "--db", str(db_file), "backup")
    before = db_file.read_bytes()
    with acquire_instance_lock(db_file):
        code, _, err = run(capsys, "--db", str(db_file), "restore", out.strip(), "--yes")
    assert code == 75 and "déjà ouverte" in err
    assert db_file.read_bytes() == before


def test_check_of_a_healthy_database_exits_0(capsys, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--db", str(db_file), "check")
    assert (code, err) == (0, "") and "saine" in out
    code, out, _ = run(capsys, "--db", str(db_file), "check", "--json")
    assert code == 0 and json.loads(out)["healthy"] is True


def test_check_finds_problems_and_exits_1(capsys, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db_file)
    conn.execute("UPDATE decision SET rationale = 'modifié' WHERE id = (SELECT min(id) FROM decision)")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--db", str(db_file), "check")
    assert code == 1
    assert "[ERREUR]" in out and "empreinte" in out and "1 erreur(s)" in out
    code, out, _ = run(capsys, "--db", str(db_file), "check", "--json")
    assert code == 1 and [f["code"] for f in json.loads(out)["findings"]] == ["fingerprint_mismatch"]


def test_a_damaged_database_check_backup_and_restore(capsys, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(capsys, "--db", str(db_file), "backup")
    saved = Path(out.strip())
    damage(db_file)
    damaged = db_file.read_bytes()

    code, out, _ = run(capsys, "--db", str(db_file), "check")
    assert code == 1 and "abîmée" in out and f'projter restore "{saved}"' in out

    code, _, err = run(capsys, "--db", str(db_file), "backup")
    assert code == 1 and "endommagée" in err and str(saved) in err
    assert len(backup.list_backups(db_file)) == 1
    assert db_file.read_bytes() == damaged

    code, out, err = run(capsys, "--db", str(db_file), "restore", str(saved), "--yes")
    assert code == 0, err
    assert "endommagée, a été conservée sous" in out
    aside = next(p for p in db_file.parent.glob("cli.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm")))
    assert aside.read_bytes() == damaged
    assert run(capsys, "--db", str(db_file), "check")[0] == 0


def test_check_as_a_real_process(db_file: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "projter_desktop", "--db", str(db_file), "check"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "saine" in result.stdout
