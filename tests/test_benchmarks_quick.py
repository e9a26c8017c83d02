"""``python -m benchmarks --quick`` runs (so the benchmarks cannot rot), prints its table,
and its ``--json`` figures; a suite that fails makes the command exit non-zero. No time is
asserted: CI machines differ."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Ids that tools and the issue tracker refer to: they must stay.
STABLE_IDS = ("startup_empty", "startup_demo", "ballot_service", "ballot_service_p99", "minutes_demo", "import_73",
              "consolidation_1000", "consolidation_first_73", "gui_ballot", "gui_ballot_p99", "gui_ballot_200",
              "gui_ballot_2000", "gui_orientation", "gui_round_open", "phones_100", "phones_100_p99",
              "phones_100_panel")
#: Figures that must be measured (a value) even in quick mode.
MEASURED = ("startup_empty", "startup_demo", "ballot_service", "ballot_service_p99", "gui_ballot", "gui_ballot_p99",
            "gui_ballot_200", "gui_ballot_2000", "gui_orientation", "gui_round_open", "phones_100", "phones_100_p99",
            "phones_100_panel")
JSON_KEYS = {"id", "figure", "value", "unit", "baseline", "ratio", "target", "met"}


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PROJTER_DATA_DIR": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "TMPDIR": str(tmp_path)}


@pytest.fixture(scope="module")
def quick_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """One ``--quick --json`` run of every suite, shared by the tests below."""
    tmp_path = tmp_path_factory.mktemp("bench-json")
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--json"], cwd=ROOT,
                            env=_env(tmp_path), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout), tmp_path


def test_quick_benchmarks_json_has_every_figure_with_its_id(quick_json: tuple[dict, Path]) -> None:
    data, tmp_path = quick_json
    assert set(data) == {"figures"}
    figures = data["figures"]
    ids = [f["id"] for f in figures]
    assert len(ids) == len(set(ids)), f"ids used twice: {ids}"
    for figure in figures:
        assert JSON_KEYS <= set(figure), figure
        assert re.fullmatch(r"[a-z][a-z0-9_]*", figure["id"]), figure["id"]
        assert not figure["id"].endswith("_failed"), figure
        for key in ("value", "baseline", "ratio"):
            assert figure[key] is None or isinstance(figure[key], float), figure
        assert figure["met"] in (None, True, False), figure
        assert isinstance(figure["figure"], str) and isinstance(figure["unit"], str)
        assert isinstance(figure["target"], str)
        if figure["value"] is not None and figure["baseline"]:
            assert figure["ratio"] == pytest.approx(figure["value"] / figure["baseline"])
    missing = [i for i in STABLE_IDS if i not in ids]
    assert missing == [], f"figures missing from --json: {missing}"
    by_id = {f["id"]: f for f in figures}
    for figure_id in MEASURED:
        assert by_id[figure_id]["value"] is not None, by_id[figure_id]
    assert by_id["gui_ballot"]["baseline"] is not None, "the GUI ballot is compared with the service in the same run"
    assert not any(p.name.startswith("projter-bench-") for p in tmp_path.iterdir()), "temporary folders removed"


def test_quick_benchmarks_run_and_print_the_table(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--only", "ballots,session"], cwd=ROOT,
                            env=_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("Figure"))
    assert [cell.strip() for cell in header.split("|")] == ["Figure", "Value", "Baseline", "Ratio", "Target", "Met"]
    for figure in ("Ballot recording latency, median", "Ballot recording latency, p99",
                   "GUI ballot: Enter → stored and shown, median", "GUI next orientation → page drawn",
                   "GUI create + open a round"):
        row = next(line for line in lines if line.startswith(figure))
        assert "failed" not in row and "—" not in row.split("|")[1], row
    assert not any(p.name.startswith("projter-bench-") for p in tmp_path.iterdir()), "temporary folders removed"


def test_a_failing_suite_makes_the_command_fail(tmp_path: Path) -> None:
    """A suite that is missing (ModuleNotFoundError) or raises gets a ``<suite>_failed`` row,
    the other suites still print, and the command exits non-zero."""
    (tmp_path / "broken_bench.py").write_text(textwrap.dedent("""
        def bench_broken(*, quick=False):
            raise ValueError("boom")


        def bench_fine(*, quick=False):
            return [{"id": "fine", "figure": "Fine", "value": 2.0, "unit": "ms", "baseline": 1.0, "target": "",
                     "met": None}]
    """), encoding="utf-8")
    code = textwrap.dedent("""
        import sys
        import benchmarks.__main__ as cli
        cli.SUITES = (("benchmarks.no_such_suite", "bench_no_such_suite"), ("broken_bench", "bench_broken"),
                      ("broken_bench", "bench_fine"))
        sys.exit(cli.main(sys.argv[1:]))
    """)
    env = {**_env(tmp_path), "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    for args in ([], ["--json"]):
        result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 1, (result.stdout, result.stderr[-2000:])
        assert "ModuleNotFoundError" in result.stdout + result.stderr
        assert "boom" in result.stdout + result.stderr
        if args:
            figures = {f["id"]: f for f in json.loads(result.stdout)["figures"]}
            assert set(figures) == {"no_such_suite_failed", "broken_bench_failed", "fine"}
            assert figures["fine"]["ratio"] == 2.0 and figures["broken_bench_failed"]["value"] is None
        else:
            assert "no_such_suite: failed" in result.stdout and "broken_bench: failed" in result.stdout
            assert re.search(r"^Fine\s*\|\s*2\.00 ms", result.stdout, re.M), result.stdout


def test_without_the_dependencies_the_command_runs_with_the_project_venv(monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m benchmarks`` from a fresh clone, with a Python that lacks PySide6 and
    SQLAlchemy: the same command is run with ``.venv``'s Python (``./dev.sh`` makes it)."""
    import benchmarks.__main__ as cli

    calls = []
    monkeypatch.setattr(cli, "REQUIRED", ("no_such_module_for_projter",))
    monkeypatch.setattr(cli, "_venv_python", lambda: Path("/venv/bin/python"))
    monkeypatch.setattr(cli.subprocess, "call", lambda args, **kw: calls.append((args, kw)) or 7)
    monkeypatch.delenv("PROJTER_BENCHMARKS_REEXEC", raising=False)
    assert cli.main(["--quick", "--only", "minutes"]) == 7
    (args, kw), = calls
    assert args == ["/venv/bin/python", "-m", "benchmarks", "--quick", "--only", "minutes"]
    assert kw["cwd"] == ROOT and kw["env"]["PROJTER_BENCHMARKS_REEXEC"] == "1"
    assert str(ROOT) in kw["env"]["PYTHONPATH"].split(os.pathsep)
    # no virtual environment (or already in it): say how to make one, exit 2, no loop
    monkeypatch.setattr(cli, "_venv_python", lambda: None)
    assert cli.main(["--quick"]) == 2
    assert "./dev.sh" in capsys.readouterr().err
    monkeypatch.setattr(cli, "_venv_python", lambda: Path("/venv/bin/python"))
    monkeypatch.setenv("PROJTER_BENCHMARKS_REEXEC", "1")
    assert cli.main(["--quick"]) == 2
    assert len(calls) == 1


#: Packages the cold start must not import (each costs 50–300 ms; they are needed only
#: for a migration, a PDF, a spreadsheet, an export file or its signature).
NOT_AT_START = ("alembic", "mako", "reportlab", "openpyxl", "jsonschema", "cryptography", "PIL")
#: Known offenders, reported to the owners of the importing modules (remove the entry
#: once the import is lazy); any other one fails.
KNOWN: dict[str, str] = {}
#: Modules the cold start must not import either: the start-up reads are Core statements
#: (the ORM and its mapper configuration cost about 100 ms), and the pages hidden behind a
#: tab are built when first shown, so their services are not imported.
NOT_AT_START_MODULES = ("sqlalchemy.orm", "projter_desktop.store.models", "projter_desktop.services.sync",
                        "projter_desktop.services.rounds", "projter_desktop.services.consolidation")


def test_the_cold_start_does_not_import_heavy_packages(tmp_path: Path) -> None:
    from benchmarks.startup import APP_CHILD, child_env, prepare_database

    db_path = tmp_path / "data" / "projter.sqlite3"
    prepare_database(db_path, quick=True)
    # a database the app has already opened once (the first start writes the seed communes)
    from projter_desktop.services.database import open_app_database
    from projter_desktop.services.participants_import import ensure_seed_communes

    db = open_app_database(db_path)
    ensure_seed_communes(db)
    db.close()
    code = APP_CHILD.replace("os._exit(0)", "print(json.dumps(sorted(sys.modules)), flush=True)\nos._exit(0)")
    result = subprocess.run([sys.executable, "-c", code, str(db_path)], env=child_env(tmp_path), cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    import json

    modules = json.loads(result.stdout.strip().splitlines()[-1])
    loaded = sorted({m.split(".")[0] for m in modules} & set(NOT_AT_START))
    unexpected = [name for name in loaded if name not in KNOWN]
    assert unexpected == [], f"imported at start-up: {unexpected} (make these imports lazy)"
    modules_loaded = sorted(set(modules) & set(NOT_AT_START_MODULES))
    assert modules_loaded == [], f"imported at start-up: {modules_loaded} (make these imports lazy)"
