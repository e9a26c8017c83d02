"""``projter minutes``, ``attendance-sheet``, ``ballots`` and ``results``, in-process and
as a real process."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from projter_desktop.cli import main
from projter_desktop.services.database import open_app_database

SAMPLES = Path(__file__).resolve().parents[1] / "reports" / "samples.py"


def samples():  # type: ignore[no-untyped-def]
    name = "projter_report_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SAMPLES)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    db = open_app_database(path)
    uuid = samples().build(db).workshop_uuid
    db.close()
    return path, uuid


def test_minutes(capsys, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_file, uuid = built
    target = tmp_path / "compte-rendu.pdf"
    code, out, err = run(capsys, "--db", str(db_file), "minutes", uuid[:8], "-o", str(target))
    assert (code, err) == (0, "")
    pages = len(PdfReader(target).pages)
    assert out.strip() == f"Compte-rendu écrit dans {target} ({pages} pages)."
    assert "Hélène Œuvrard" in PdfReader(target).pages[1].extract_text()


def test_attendance_sheet(capsys, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_file, uuid = built
    target = tmp_path / "emargement.pdf"
    code, out, err = run(capsys, "--db", str(db_file), "attendance-sheet", uuid, "-o", str(target))
    assert (code, err) == (0, "")
    assert out.startswith("Feuille d'émargement écrite dans") and target.is_file()


def test_ballots(capsys, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_file, uuid = built
    target = tmp_path / "bulletins.pdf"
    code, out, err = run(capsys, "--db", str(db_file), "ballots", uuid[:6], "--round", "6", "--copies", "2",
                         "-o", str(target))
    assert (code, err) == (0, "")
    assert out == f"Bulletins du tour 6 écrits dans {target} (1 page).\n"
    assert PdfReader(target).pages[0].extract_text().count("Bulletin de vote — Tour 6") >= 2  # page filled up


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_results(capsys, built, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    db_file, uuid = built
    target = tmp_path / f"resultats.{suffix}"
    code, out, err = run(capsys, "--db", str(db_file), "results", uuid, "-o", str(target))
    assert (code, err) == (0, "")
    assert out == f"Résultats écrits dans {target}.\n"
    if suffix == "csv":
        with open(target, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        results = rows[:rows.index([])]  # the results table, then the comments and the proposals
        assert len(results) == 1 + len(samples().ROUNDS) * samples().ACTIONS_PER_ROUND
        assert ["Commentaires"] in rows and ["Propositions"] in rows


@pytest.mark.parametrize(("args", "message"), [
    (["minutes", "zzzz", "-o", "x.pdf"], "Aucun atelier ne correspond à « zzzz »"),
    (["minutes", "{uuid}", "-o", "x.txt"], "le nom doit finir par « .pdf »"),
    (["ballots", "{uuid}", "--round", "99", "-o", "b.pdf"], "n'a pas de tour n° 99 (tours : 1, 2, 3, 4, 5, 6, 7)"),
    (["results", "{uuid}", "-o", "r.ods"], "choisissez un fichier .csv ou .xlsx"),
    (["attendance-sheet", "{uuid}", "-o", "absent/e.pdf"], "n'existe pas"),
])
def test_user_errors_are_one_french_line(capsys, built, tmp_path: Path, monkeypatch, args, message) -> None:  # type: ignore[no-untyped-def]
    db_file, uuid = built
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--db", str(db_file), *[a.format(uuid=uuid) for a in args])
    assert code == 1 and out == ""
    assert err.startswith("projter : ") and message in err and err.count("\n") == 1
    assert not list(tmp_path.iterdir()) or all(p.name in ("settings", "data") for p in tmp_path.iterdir())


@pytest.mark.parametrize("args", [["ballots", "abc", "-o", "b.pdf"], ["ballots", "abc", "--round", "0", "-o", "b.pdf"],
                                  ["minutes", "abc"]])
def test_usage_errors(capsys, built, args) -> None:  # type: ignore[no-untyped-def]
    db_file, _uuid = built
    code, _out, err = run(capsys, "--db", str(db_file), *args)
    assert code == 2 and err.startswith("projter : ")


def test_a_real_process(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_file, uuid = built
    target = tmp_path / "cr.pdf"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "projter_desktop", "--db", str(db_file), "minutes", uuid[:8], "-o",
                           str(target)], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF")
    help_text = subprocess.run([sys.executable, "-m", "projter_desktop", "--help"], capture_output=True, text=True,
                               env=env, timeout=60, check=True).stdout
    for command in ("minutes", "attendance-sheet", "ballots", "results"):
        assert command in help_text
