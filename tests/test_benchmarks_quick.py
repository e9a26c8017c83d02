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
