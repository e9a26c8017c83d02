"""``python -m benchmarks --quick`` runs (so the benchmarks cannot rot) and prints its
table. No time is asserted: CI machines differ."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmarks_run_and_print_the_table(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PROJTER_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("Figure"))
    assert [cell.strip() for cell in header.split("|")] == ["Figure", "Value", "Baseline", "Ratio", "Target", "Met"]
    for figure in ("Cold start to main window with the plan", "Ballot recording latency, median",
                   "Ballot recording latency, p99"):
        row = next(line for line in lines if line.startswith(figure))
        assert "failed" not in row and "—" not in row.split("|")[1], row
    assert not any(p.name.startswith("projter-bench-") for p in tmp_path.iterdir()), "temporary folders removed"


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
