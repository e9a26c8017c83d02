"""The ``projter plan …`` commands, in-process through ``cli.main`` and as a real process."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from projter_desktop import __version__
from projter_desktop.cli import main

BUNDLED_UUID = "0abc9ae5-6b36-5299-a603-1b47ede242b9"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse exits for --version, --help and usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def plan_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        count = conn.execute("SELECT COUNT(*) FROM plan").fetchone()[0]
    conn.close()
    return int(count)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite3"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"projter {__version__}"


def test_plan_list_on_a_new_database_shows_the_bundled_plan(capsys: pytest.CaptureFixture[str], db_file: Path) -> None:
    code, out, err = run(capsys, "--db", str(db_file), "--create", "plan", "list")
    assert (code, err) == (0, "")
    lines = out.strip().splitlines()
    assert len(lines) == 1
    assert BUNDLED_UUID in lines[0] and "Alès" in lines[0] and "(143 actions)" in lines[0]
    assert db_file.is_file()

    code, out, _err = run(capsys, "--db", str(db_file), "--create", "plan", "list", "--json")
    assert code == 0
    assert json.loads(out) == [{"uuid": BUNDLED_UUID, "name": "Projet de Territoire Alès Agglomération",
                                "version": "2018", "actions": 143}]


def test_plan_list_uses_projter_db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, _err = run(capsys, "plan", "list")
    assert code == 0
    assert Path(os.environ["PROJTER_DB"]).is_file()  # set per test by conftest.py


def test_plan_show_json(capsys: pytest.CaptureFixture[str], db_file: Path) -> None:
    code, out, err = run(capsys, "--db", str(db_file), "--create", "plan", "show", "--json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["format"] == "projter-plan"
    assert document["plan"]["uuid"] == BUNDLED_UUID
    nodes = []
    actions = []
    for axis in document["axes"]:
        nodes.append(axis)
        for orientation in axis["orientations"]:
            nodes.append(orientation)
            for objective in orientation["objectives"]:
                nodes.append(objective)
                actions.extend(objective["actions"])
    nodes.extend(actions)
    for node in nodes:
        assert node["uuid"] and node["code"] and node["title"], node
    assert len({n["uuid"] for n in nodes}) == len(nodes) == 3 + 12 + 34 + 143
    assert {a["kind"] for a in actions} == {"prioritised", "complementary"}
    assert len(actions) == 143


def test_plan_show_text(capsys: pytest.CaptureFixture[str], db_file: Path) -> None:
    code, out, _err = run(capsys, "--db", str(db_file), "--create", "plan", "show", BUNDLED_UUID[:8])
    assert code == 0
    assert out.count("•") == 62 and out.count("○") == 81
    assert "Axe 1 : Favoriser l'emploi" in out


def test_export_then_import_with_new_ids(capsys: pytest.CaptureFixture[str], db_file: Path, tmp_path: Path) -> None:
    for suffix in (".csv", ".xlsx", ".json"):
        target = tmp_path / f"export{suffix}"
        code, out, err = run(capsys, "--db", str(db_file), "--create", "plan", "export", BUNDLED_UUID[:8], "-o", str(target))
        assert (code, err) == (0, ""), err
        assert target.is_file() and str(target) in out

    # the same identities again: refused with advice, nothing imported
    code, _out, err = run(capsys, "--db", str(db_file), "--create", "plan", "import", str(tmp_path / "export.json"))
    assert code == 1
    assert "déjà chargé" in err and "--new-ids" in err and "Traceback" not in err
    assert plan_count(db_file) == 1

    code, out, err = run(capsys, "--db", str(db_file), "--create", "plan", "import", str(tmp_path / "export.xlsx"),
                         "--new-ids", "--name", "Version corrigée")
    assert (code, err) == (0, ""), err
    assert "Version corrigée" in out and "143 actions" in out

    code, out, _err = run(capsys, "--db", str(db_file), "--create", "plan", "list", "--json")
    plans = json.loads(out)
    assert [p["actions"] for p in plans] == [143, 143]
    assert plans[1]["name"] == "Version corrigée" and plans[1]["uuid"] != BUNDLED_UUID
    assert plan_count(db_file) == 2

    # with two plans, "show" without a plan asks which one
    code, _out, err = run(capsys, "--db", str(db_file), "--create", "plan", "show")
    assert code == 1 and "Plusieurs plans" in err


def test_import_of_a_bad_file_is_refused_in_french(capsys: pytest.CaptureFixture[str], db_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "mauvais.csv"
    bad.write_text(
        "code_axe;axe;code_orientation;orientation;code_objectif;objectif;type;action\n"
        "1;Axe;1.1;Orientation;1.1.a;Objectif;urgente;Faire\n",
        encoding="utf-8",
    )
    run(capsys, "--db", str(db_file), "--create", "plan", "list")

    code, out, err = run(capsys, "--db", str(db_file), "--create", "plan", "import", str(bad))

    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert 1 <= len(lines) <= 3
    assert "rien n'a été importé" in lines[0]
    assert "mauvais.csv, ligne 2, colonne « type »" in err and "urgente" in err
    assert plan_count(db_file) == 1


def test_import_of_a_missing_file(capsys: pytest.CaptureFixture[str], db_file: Path, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "--db", str(db_file), "--create", "plan", "import", str(tmp_path / "absent.xlsx"))
    assert code == 1 and "introuvable" in err and "Traceback" not in err


def test_export_to_an_unknown_extension(capsys: pytest.CaptureFixture[str], db_file: Path, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "--db", str(db_file), "--create", "plan", "export", BUNDLED_UUID, "-o", str(tmp_path / "plan.pdf"))
    assert code == 1 and ".xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "plan.pdf").exists()


def test_unknown_plan(capsys: pytest.CaptureFixture[str], db_file: Path) -> None:
    code, _out, err = run(capsys, "--db", str(db_file), "--create", "plan", "show", "ffffffff")
    assert code == 1 and "Aucun plan" in err


@pytest.mark.parametrize("ref", ["", "   "])
def test_blank_plan_reference_is_refused(capsys: pytest.CaptureFixture[str], db_file: Path, tmp_path: Path,
                                         ref: str) -> None:
    """An empty reference is a prefix of every uuid: it must not pick the first plan."""
    target = tmp_path / "plan.csv"
    for command in (["plan", "export", ref, "-o", str(target)], ["plan", "show", ref]):
        code, out, err = run(capsys, "--db", str(db_file), "--create", *command)
        assert (code, out) == (1, "")
        assert "Référence de plan vide" in err and "projter plan list" in err and "Traceback" not in err
    assert not target.exists()


def test_blank_plan_reference_matches_no_plan_in_the_store(db_file: Path) -> None:
    from projter_desktop.services.database import open_app_database
    from projter_desktop.services.plans import ensure_bundled_plan
    from projter_desktop.store.plans import find_plan_uuid

    db = open_app_database(db_file)
    try:
        ensure_bundled_plan(db)
        with db.reading() as session:
            assert find_plan_uuid(session, "") == [] and find_plan_uuid(session, " ") == []
            assert find_plan_uuid(session, BUNDLED_UUID[:4]) == [BUNDLED_UUID]
    finally:
        db.close()


def _future_db(path: Path) -> Path:
    from projter_desktop.services.database import open_app_database

    open_app_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    return path


def test_future_schema_database_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _future_db(tmp_path / "future.sqlite3")
    before = path.read_bytes()

    code, out, err = run(capsys, "--db", str(path), "plan", "list")

    assert code == 1 and out == ""
    assert "plus récente" in err and "9999_future" in err and "Traceback" not in err
    assert path.read_bytes() == before
    # the checks before the refusal leave no -wal/-shm (nor anything else) beside it
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("future")) == ["future.sqlite3"]


def test_unknown_sub_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "plan", "delete")
    assert code == 2
    assert err.startswith("projter : Commande inconnue : « delete »") and "projter plan --help" in err
    code, _out, _err = run(capsys, "frobnicate")
    assert code == 2


# --------------------------------------------------------------------------- real process


def _projter(*args: str, env_db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PROJTER_DB": str(env_db), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "projter_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120, check=False)


def test_real_process(tmp_path: Path) -> None:
    db = tmp_path / "process.sqlite3"

    result = _projter("--version", env_db=db)
    assert result.returncode == 0 and result.stdout.strip() == f"projter {__version__}"

    result = _projter("plan", "list", env_db=db)
    assert result.returncode == 0, result.stderr
    assert "(143 actions)" in result.stdout and "Alès" in result.stdout

    result = _projter("plan", "show", "--json", env_db=db)
    assert result.returncode == 0
    assert len([a for ax in json.loads(result.stdout)["axes"] for o in ax["orientations"]
                for b in o["objectives"] for a in b["actions"]]) == 143

    bad = tmp_path / "vide.csv"
    bad.write_bytes(b"")
    result = _projter("plan", "import", str(bad), env_db=db)
    assert result.returncode == 1
    assert "vide" in result.stderr and "Traceback" not in result.stderr

    future = _future_db(tmp_path / "future.sqlite3")
    result = _projter("--db", str(future), "plan", "list", env_db=db)
    assert result.returncode == 1
    assert "plus récente" in result.stderr and "Traceback" not in result.stderr

    result = _projter("plan", "nope", env_db=db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
