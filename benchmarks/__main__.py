"""``python -m benchmarks [--quick] [--only startup,ballots] [--json] [--imports]``: one table.

Exit status: 0 when every figure was measured (met or not), 1 when a suite failed (its
row says so), 2 on a usage error or when the dependencies are not installed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from benchmarks import SUITES, Row

HEADER = ("Figure", "Value", "Baseline", "Ratio", "Target", "Met")
#: Keys of a figure in ``--json`` output, in this order.
JSON_KEYS = ("id", "figure", "value", "unit", "baseline", "ratio", "target", "met", "note")
ROOT = Path(__file__).resolve().parent.parent
#: What every suite needs; when the running Python lacks them, the command runs itself again
#: with the project's virtual environment (``./dev.sh`` creates it in ``.venv``).
REQUIRED = ("PySide6", "sqlalchemy")
_REEXEC = "PROJTER_BENCHMARKS_REEXEC"


def _suite_name(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def _failed(name: str, note: str) -> list[Row]:
    return [{"id": f"{name}_failed", "figure": f"{name}: failed", "value": None, "unit": "", "baseline": None,
             "target": "", "met": None, "note": note, "failed": True}]


def run_suite(module_name: str, function_name: str, quick: bool) -> list[Row]:
    """The rows of one suite; one ``<suite>_failed`` row (``failed``: True) if it cannot run."""
    name = _suite_name(module_name)
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # a module missing, or one that does not even import
        traceback.print_exc(file=sys.stderr)
        return _failed(name, f"import {module_name}: {type(exc).__name__}: {exc}")
    function = getattr(module, function_name, None)
    if function is None:
        return _failed(name, f"{module_name} has no {function_name}(quick=...) (see benchmarks/__init__.py)")
    try:
        if "quick" in inspect.signature(function).parameters:
            rows = list(function(quick=quick))
        else:
            rows = list(function())
    except Exception as exc:  # one broken suite must not hide the others
        traceback.print_exc(file=sys.stderr)
        return _failed(name, f"{function_name}: {type(exc).__name__}: {exc}")
    for row in rows:
        if not row.get("id"):  # contract: every row has a stable id; make one rather than lose the row
            row["id"] = f"{name}_" + re.sub(r"[^a-z0-9]+", "_", str(row.get("figure", "")).lower()).strip("_")
            print(f"benchmarks: a row of {module_name} has no id; called it {row['id']}", file=sys.stderr)
    return rows


def ratio(row: Row) -> float | None:
    value, baseline = row.get("value"), row.get("baseline")
    if value is None or not baseline:
        return None
    return float(value) / float(baseline)


def as_json(rows: list[Row]) -> dict[str, Any]:
    """``{"figures": [...]}``: every row with the keys of :data:`JSON_KEYS`."""
    figures = []
    for row in rows:
        figure: dict[str, Any] = {key: row.get(key) for key in JSON_KEYS}
        for key in ("value", "baseline"):
            if figure[key] is not None:
                figure[key] = float(figure[key])
        figure["ratio"] = ratio(row)
        figure["unit"] = figure["unit"] or ""
        figure["target"] = figure["target"] or ""
        figure["note"] = figure["note"] or ""
        figure["met"] = None if figure["met"] is None else bool(figure["met"])
        figures.append(figure)
    return {"figures": figures}


def _number(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    value = float(value)
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 0.1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return f"{text} {unit}".strip()


def format_table(rows: list[Row]) -> str:
    lines: list[list[str]] = [list(HEADER)]
    notes: list[str] = []
    for row in rows:
        unit = row.get("unit", "")
        value, baseline = row.get("value"), row.get("baseline")
        times = ratio(row)
        met = row.get("met")
        lines.append([row.get("figure", "?"), _number(value, unit), _number(baseline, unit),
                      "—" if times is None else f"{times:.1f}×",
                      row.get("target", "") or "—", "—" if met is None else ("yes" if met else "NO")])
        if row.get("note"):
            notes.append(f"- {row.get('figure', '?')}: {row['note']}")
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = []
    for index, line in enumerate(lines):
        cells = [cell.ljust(widths[i]) if i in (0, 4) else cell.rjust(widths[i]) for i, cell in enumerate(line)]
        out.append(" | ".join(cells).rstrip())
        if index == 0:
            out.append("-+-".join("-" * w for w in widths))
    if notes:
        out.append("")
        out.append("Notes:")
        out.extend(notes)
    return "\n".join(out)


def _venv_python() -> Path | None:
    for candidate in (ROOT / ".venv" / "bin" / "python", ROOT / ".venv" / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    return None


def _run_with_the_project_python(argv: list[str]) -> int | None:
    """None when this Python has the dependencies; else the exit status of the same command
    run with ``.venv``'s Python (``python -m benchmarks`` from a fresh clone after
    ``./dev.sh``), or 2 with a message saying how to install them."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    venv = _venv_python()
    if venv is not None and not os.environ.get(_REEXEC):
        print(f"benchmarks: {', '.join(missing)} not installed for {sys.executable}; running with {venv}",
              file=sys.stderr, flush=True)
        env = dict(os.environ)
        env[_REEXEC] = "1"
        env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        return subprocess.call([str(venv), "-m", "benchmarks", *argv], cwd=ROOT, env=env)
    print(f"benchmarks: {', '.join(missing)} not installed for {sys.executable}. From the repository root, run "
          "./dev.sh run --help once (it creates .venv and installs the project), then "
          ".venv/bin/python -m benchmarks", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Projter Desktop benchmarks: one table.")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, a few seconds (CI smoke run; no timing asserted)")
    parser.add_argument("--only", help="comma-separated suites: " + ",".join(_suite_name(m) for m, _ in SUITES))
    parser.add_argument("--json", action="store_true",
                        help='print {"figures": [{"id", "figure", "value", "unit", "baseline", "ratio", "target", '
                             '"met", "note"}]} instead of the table')
    parser.add_argument("--imports", action="store_true",
                        help="also print where the cold start's import time goes (python -X importtime)")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else None
    suites = [(m, f) for m, f in SUITES if wanted is None or _suite_name(m) in wanted]
    if wanted and (not suites or wanted - {_suite_name(m) for m, _ in suites}):
        parser.error(f"unknown suite(s): {args.only}")
    status = _run_with_the_project_python(argv)
    if status is not None:
        return status
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    rows: list[Row] = []
    for module_name, function_name in suites:
        print(f"running {_suite_name(module_name)}…", file=sys.stderr, flush=True)
        rows.extend(run_suite(module_name, function_name, args.quick))
    failed = [row["id"] for row in rows if row.get("failed")]
    ids = [row["id"] for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        print(f"benchmarks: ids used by more than one row: {', '.join(duplicates)}", file=sys.stderr)
    if args.json:
        print(json.dumps(as_json(rows), ensure_ascii=False, indent=1))
    else:
        mode = "quick (tiny sizes, not meaningful)" if args.quick else "full"
        print(f"Projter Desktop benchmarks — {mode} — Python {sys.version.split()[0]}, {sys.platform}, "
              f"{time.perf_counter() - started:.1f} s")
        print(format_table(rows))
    if args.imports:
        from benchmarks.startup import import_profile

        print()
        print(import_profile())
    if failed:
        print(f"benchmarks: failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed or duplicates else 0


if __name__ == "__main__":
    sys.exit(main())
