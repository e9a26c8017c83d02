"""``projter import`` says refusals on stderr in French, without internal codes, and its
dry-run exits as the import would; ``--db`` naming a missing file is refused unless the
command creates data or ``--create`` is given (nothing is created, not even a folder)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from projter_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --------------------------------------------------------------------------- --db


@pytest.mark.parametrize("command", [
    ["plan", "list"], ["plan", "show"], ["workshop", "list"], ["workshop", "show", "abc"], ["backups"], ["check"],
    ["backup"], ["minutes", "abc", "-o", "x.pdf"], ["export", "--all", "-o", "x.projter"], ["consolidate"],
    ["devices", "list"], ["devices", "trust", "abc"], ["import", "x.projter", "--dry-run"],
])
def test_db_typo_is_refused_and_nothing_is_created(capsys, tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "work").mkdir()
    before = tree(tmp_path)
    code, out, err = run(capsys, "--db", str(tmp_path / "work" / "typo" / "x" / "y.sqlite3"), *command)
    assert code == 1 and out == ""
    assert err == (f"projter : La base « {tmp_path / 'work' / 'typo' / 'x' / 'y.sqlite3'} » n'existe pas : vérifiez "
                   "le chemin (--db), ou ajoutez --create pour créer une base neuve à cet endroit.\n")
    assert tree(tmp_path) == before


def test_create_makes_the_new_database(capsys, tmp_path: Path) -> None:
    path = tmp_path / "new" / "atelier.sqlite3"
    code, out, err = run(capsys, "--db", str(path), "--create", "plan", "list")
    assert (code, err) == (0, "") and "(143 actions)" in out
    assert path.is_file()
    code, out, err = run(capsys, "--db", str(path), "plan", "list")  # exists now: no --create needed
    assert (code, err) == (0, "")


def test_commands_that_create_data_need_no_create(capsys, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    code, out, err = run(capsys, "--db", str(path), "demo", "--participants", "8")
    assert code == 0 and err == "" and "Atelier de démonstration créé" in out and path.is_file()
    code, _out, err = run(capsys, "--db", str(tmp_path / "p.sqlite3"), "plan", "import", str(tmp_path / "absent.json"))
    assert code == 1 and "absent.json" in err  # the plan file is missing, the database may be new


def test_completion_needs_no_database(capsys, tmp_path: Path) -> None:
    for shell, marker in (("bash", "complete"), ("zsh", "#compdef")):
        code, out, err = run(capsys, "--db", str(tmp_path / "absent.sqlite3"), "completion", shell)
        assert (code, err) == (0, "") and marker in out and "consolidate" in out and "--closed-only" in out
    assert not (tmp_path / "absent.sqlite3").exists()


# --------------------------------------------------------------------------- import


@pytest.fixture
def two_laptops(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A's database with a demo workshop and its export; B's database, which trusts A."""
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    monkeypatch.setenv("PROJTER_DATA_DIR", str(tmp_path / "laptop-a"))
    assert run(capsys, "--db", str(a), "demo", "--participants", "8", "--closed")[0] == 0
    assert run(capsys, "--db", str(a), "export", "--all", "-o", str(tmp_path / "a.projter"))[0] == 0
    monkeypatch.setenv("PROJTER_DATA_DIR", str(tmp_path / "office"))
    assert run(capsys, "--db", str(b), "--create", "devices", "trust", str(tmp_path / "a.projter"))[0] == 0
    return a, b, tmp_path / "a.projter"


def _impostor_file(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, a: Path) -> Path:
    """The same workshops, signed by another key under laptop A's computer identifier."""
    from projter_desktop.exchange.identity import load_or_create_identity

    identity_a = load_or_create_identity(tmp_path / "laptop-a")
    load_or_create_identity(tmp_path / "impostor")
    for file in (tmp_path / "impostor").iterdir():
        if file.suffix == ".json":
            document = json.loads(file.read_text("utf-8"))
            document.update(uuid=identity_a.uuid, name=identity_a.name)
            file.write_text(json.dumps(document), "utf-8")
    monkeypatch.setenv("PROJTER_DATA_DIR", str(tmp_path / "impostor"))
    assert run(capsys, "--db", str(a), "export", "--all", "-o", str(tmp_path / "fake.projter"))[0] == 0
    monkeypatch.setenv("PROJTER_DATA_DIR", str(tmp_path / "office"))
    return tmp_path / "fake.projter"


def test_a_file_signed_with_another_key_is_refused_by_the_dry_run_too(capsys, tmp_path, monkeypatch, two_laptops):
    a, b, _good = two_laptops
    fake = _impostor_file(capsys, tmp_path, monkeypatch, a)
    before = dump(b)
    code, out, err = run(capsys, "--db", str(b), "import", str(fake), "--dry-run")
    assert code == 1
    assert "nouveau" not in out and "Aperçu seulement : rien n'a été importé." in out
    assert err == "projter : « fake.projter » refusé : clé différente de celle connue (refusé).\n"
    code, out, err = run(capsys, "--db", str(b), "import", str(fake))
    assert code == 1 and out == ""
    assert err.count("« fake.projter » refusé") == 1 and err.endswith(
        "projter : Aucun fichier importable : rien n'a été importé.\n")
    code, out, _err = run(capsys, "--db", str(b), "import", str(fake), "--dry-run", "--json")
    assert code == 1 and json.loads(out)[0]["refused"] == "device_key_changed"  # the code stays in --json
    assert dump(b) == before


def test_refusals_go_to_stderr_once_without_codes(capsys, tmp_path, two_laptops) -> None:
    _a, b, good = two_laptops
    (tmp_path / "bad.projter").write_text("pas un zip")
    before = dump(b)
    for extra in ([], ["--dry-run"]):
        code, out, err = run(capsys, "--db", str(b), "import", str(tmp_path / "bad.projter"),
                             str(tmp_path / "missing.projter"), *extra)
        assert code == 1
        assert "refusé" not in out and "REFUSÉ" not in out
        lines = err.splitlines()
        assert lines[0] == ("projter : « bad.projter » refusé : ce n'est pas un fichier d'export Projter (.projter).")
        assert lines[1] == "projter : « missing.projter » refusé : le fichier est introuvable."
        assert "not_a_zip" not in err and "not_found" not in err and "(" not in lines[1]
        assert err.lower().count("rien n'a été importé") == (0 if extra else 1)
    assert dump(b) == before
    # a good file with a bad one: the good one is imported, the bad one said on stderr, exit 1
    code, out, err = run(capsys, "--db", str(b), "import", str(good), str(tmp_path / "bad.projter"))
    assert code == 1 and "1 atelier(s) ajouté(s)" in out and "1 fichier(s) refusé(s)" in out
    assert err == "projter : « bad.projter » refusé : ce n'est pas un fichier d'export Projter (.projter).\n"
