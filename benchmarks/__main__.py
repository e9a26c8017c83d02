"""``python -m benchmarks [--quick] [--only startup,ballots] [--imports]``: one table."""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import sys
import time
import traceback
from typing import Any

from benchmarks import SUITES, Row

HEADER = ("Figure", "Value", "Baseline", "Ratio", "Target", "Met")


def _suite_name(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def run_suite(module_name: str, function_name: str, quick: bool) -> list[Row]:
    name = _suite_name(module_name)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        return [{"figure": f"{name}: not available", "value": None, "unit": "", "baseline": None, "target": "",
                 "note": f"{module_name}: {exc}"}]
    except Exception as exc:  # a module that does not even import
        traceback.print_exc(file=sys.stderr)
        return [{"figure": f"{name}: failed", "value": None, "unit": "", "baseline": None, "target": "",
                 "note": f"import {module_name}: {type(exc).__name__}: {exc}"}]
    function = getattr(module, function_name, None)
    if function is None:
        return [{"figure": f"{name}: not available", "value": None, "unit": "", "baseline": None, "target": "",
                 "note": f"{module_name} has no {function_name}(quick=...) (see benchmarks/__init__.py)"}]
    try:
        if "quick" in inspect.signature(function).parameters:
            rows = function(quick=quick)
        else:
            rows = function()
        return list(rows)
    except Exception as exc:  # one broken suite must not hide the others
        traceback.print_exc(file=sys.stderr)
        return [{"figure": f"{name}: failed", "value": None, "unit": "", "baseline": None, "target": "",
                 "note": f"{function_name}: {type(exc).__name__}: {exc}"}]


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
        ratio = f"{value / baseline:.1f}×" if value is not None and baseline else "—"
        met = row.get("met")
        lines.append([row.get("figure", "?"), _number(value, unit), _number(baseline, unit), ratio,
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Projter Desktop benchmarks: one table.")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, a few seconds (CI smoke run; no timing asserted)")
    parser.add_argument("--only", help="comma-separated suites: " + ",".join(_suite_name(m) for m, _ in SUITES))
    parser.add_argument("--imports", action="store_true",
                        help="also print where the cold start's import time goes (python -X importtime)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    wanted = set(args.only.split(",")) if args.only else None
    suites = [(m, f) for m, f in SUITES if wanted is None or _suite_name(m) in wanted]
    if wanted and not suites:
        parser.error(f"unknown suite(s): {args.only}")
    started = time.perf_counter()
    rows: list[Row] = []
    for module_name, function_name in suites:
        print(f"running {_suite_name(module_name)}…", file=sys.stderr, flush=True)
        rows.extend(run_suite(module_name, function_name, args.quick))
    mode = "quick (tiny sizes, not meaningful)" if args.quick else "full"
    print(f"Projter Desktop benchmarks — {mode} — Python {sys.version.split()[0]}, {sys.platform}, "
          f"{time.perf_counter() - started:.1f} s")
    print(format_table(rows))
    if args.imports:
        from benchmarks.startup import import_profile

        print()
        print(import_profile())
    return 0


if __name__ == "__main__":
    sys.exit(main())
