"""Cold start: from a new process to the main window showing the whole plan.

Each run is a fresh Python process (offscreen Qt platform) that imports the app, creates
the QApplication, opens the database the way the GUI does (instance lock, quick check,
start-up backup: :func:`projter_desktop.ui.startup.open_database_for_gui`), builds and
shows the MainWindow with the plan loaded, and reports the moment the window is shown.
The time counted runs from just before the process is spawned to that moment, so the
interpreter's own start is included — for the app and for the baseline alike.

Databases (figure ids):

- ``startup_empty``: a new database as the app leaves it after its first start (the
  bundled plan, no workshop yet);
- ``startup_demo``: a database holding 100 workshops made by the demo generator
  (``services.demo.create_demo_workshop``, 40 participants and 12 rounds each; all closed
  but the last one, which is running, as on a facilitator's laptop after a season);
- ``startup_first``: the very first start, on a database file that does not exist yet
  (migrations, bundled plan loaded): no target, for information.

Baseline: a process that imports PySide6, creates a QApplication and shows a bare
QWidget of the same size. Runs alternate between the app and the baseline; the median is
kept. Peak memory: peak resident set (``VmHWM``, else ``ru_maxrss``) of each child process
at the moment its window is shown.

Targets: ``startup_empty`` ≤ 0.5 s and ≤ 4 × the bare window; ``startup_demo`` ≤ 4 × the
bare window.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_RSS = """
def _rss_mb():
    # Peak resident memory of this process: VmHWM (Linux: of this program only, unlike
    # ru_maxrss, which keeps the peak of the parent that forked it), else ru_maxrss.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
"""

APP_CHILD = """
import os, sys, time, json
phases = {}
mark = time.perf_counter()
def phase(name):
    global mark
    now = time.perf_counter()
    phases[name] = now - mark
    mark = now
""" + _RSS + """
from projter_desktop.ui.app import create_application
phase("import app")
app = create_application([sys.argv[0]])
phase("QApplication")
from projter_desktop.ui.startup import open_database_for_gui
phase("import startup")
db = open_database_for_gui(sys.argv[1])
if db is None:
    sys.exit(3)
phase("open database")
from projter_desktop.ui.main_window import MainWindow
from projter_desktop.ui.qt import QTreeView
phase("import main window")
window = MainWindow(db)
phase("MainWindow()")
window.show()
app.processEvents()
phase("show")
shown = time.time()
tree = window.findChild(QTreeView, "planTree")
rows = tree.model().rowCount() if tree is not None else -1
print(json.dumps({"shown": shown, "cpu": time.process_time(), "rss_mb": _rss_mb(), "plan_rows": rows,
                  "phases": phases}), flush=True)
os._exit(0)
"""

BARE_CHILD = """
import os, sys, time, json
""" + _RSS + """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([sys.argv[0]])
window = QWidget()
window.resize(1200, 780)
window.show()
app.processEvents()
shown = time.time()
print(json.dumps({"shown": shown, "cpu": time.process_time(), "rss_mb": _rss_mb(), "plan_rows": 0}), flush=True)
os._exit(0)
"""


def child_env(folder: Path) -> dict[str, str]:
    """An environment that keeps the children off the user's data and settings."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PROJTER_DATA_DIR"] = str(folder / "data")
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PROJTER_DB", None)
    return env


DEMO_WORKSHOPS = 100


def prepare_database(path: Path, *, quick: bool = False, workshops: int = 0, participants: int = 40) -> float:
    """A database as the app leaves it: the bundled plan, and ``workshops`` demo workshops
    (all closed but the last one). Returns the seconds spent making the workshops.
    ``quick`` is kept for callers of the former signature (it made no workshop)."""
    from projter_desktop.services.database import open_app_database

    db = open_app_database(path)
    started = time.perf_counter()
    try:
        if workshops:
            from projter_desktop.services.demo import create_demo_workshop

            for seed in range(workshops):
                create_demo_workshop(db, seed=seed, close=seed < workshops - 1, participants=participants)
    finally:
        db.close()
    return time.perf_counter() - started


def run_child(code: str, args: list[str], env: dict[str, str]) -> dict:
    started = time.time()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                            timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"start-up child failed ({result.returncode}): {result.stderr.strip()[-800:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["seconds"] = data["shown"] - started
    return data


def measure(runs: int, *, quick: bool, first_runs: int | None = None) -> dict[str, Any]:
    """Samples of the cold starts: ``empty``, ``demo``, ``first`` (app) and ``bare``, interleaved."""
    first_runs = runs if first_runs is None else first_runs
    with tempfile.TemporaryDirectory(prefix="projter-bench-start-") as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        empty_path = folder / "data" / "projter.sqlite3"
        prepare_database(empty_path)
        demo_path = folder / "demo" / "projter.sqlite3"
        workshops = 1 if quick else DEMO_WORKSHOPS
        demo_seconds = prepare_database(demo_path, workshops=workshops, participants=12 if quick else 40)
        # one untimed start each: the first start's writes (seed communes…), file cache, .pyc files
        run_child(APP_CHILD, [str(empty_path)], env)
        run_child(APP_CHILD, [str(demo_path)], env)
        run_child(BARE_CHILD, [], env)
        samples: dict[str, Any] = {"empty": [], "demo": [], "first": [], "bare": [], "workshops": workshops,
                                   "demo_seconds": demo_seconds}
        for index in range(runs):
            samples["empty"].append(run_child(APP_CHILD, [str(empty_path)], env))
            samples["bare"].append(run_child(BARE_CHILD, [], env))
            samples["demo"].append(run_child(APP_CHILD, [str(demo_path)], env))
            if index < first_runs:
                samples["first"].append(run_child(APP_CHILD, [str(folder / f"first-{index}" / "projter.sqlite3")],
                                                  env))
        return samples


def _median(samples: list[dict], key: str) -> float:
    return statistics.median(s[key] for s in samples)


def bench_startup(*, quick: bool = False) -> list[dict]:
    runs = 1 if quick else 9
    samples = measure(runs, quick=quick, first_runs=1 if quick else 5)
    empty, demo, bare = (_median(samples[kind], "seconds") for kind in ("empty", "demo", "bare"))
    first = _median(samples["first"], "seconds")
    rows = samples["empty"][0]["plan_rows"]
    phases = {name: statistics.median(s["phases"][name] for s in samples["empty"])
              for name in samples["empty"][0]["phases"]}
    before_main = statistics.median(s["seconds"] - sum(s["phases"].values()) for s in samples["empty"])
    demo_phases = {name: statistics.median(s["phases"][name] for s in samples["demo"])
                   for name in samples["demo"][0]["phases"]}
    app_rss = max((s["rss_mb"] or 0) for s in samples["empty"]) or None
    demo_rss = max((s["rss_mb"] or 0) for s in samples["demo"]) or None
    bare_rss = max((s["rss_mb"] or 0) for s in samples["bare"]) or None
    bare_cpu = _median(samples["bare"], "cpu")
    workshops = samples["workshops"]
    plural = f"{workshops} workshop" + ("s" if workshops != 1 else "")
    return [
        {"id": "startup_empty", "figure": f"Cold start to main window, new database (median of {runs})",
         "value": empty, "unit": "s", "baseline": bare, "target": "≤ 0.5 s and ≤ 4× bare",
         "met": empty <= 0.5 and empty <= 4 * bare,
         "note": f"the bundled plan, no workshop; baseline: bare PySide6 QWidget process; plan tree shows {rows} "
                 f"axes; app runs {', '.join(format(s['seconds'], '.2f') for s in samples['empty'])} s; median "
                 f"phases: interpreter start {before_main:.2f} s, "
                 + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items())},
        {"id": "startup_demo", "figure": f"Cold start to main window, {plural} (median of {runs})",
         "value": demo, "unit": "s", "baseline": bare, "target": "≤ 4× bare", "met": demo <= 4 * bare,
         "note": f"{plural} from the demo generator ({12 if quick else 40} participants, 12 rounds each, made "
                 f"in {samples['demo_seconds']:.0f} s), all closed but the last; median phases: "
                 + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in demo_phases.items())},
        {"id": "startup_first", "figure": f"First start, database created (median of {len(samples['first'])})",
         "value": first, "unit": "s", "baseline": bare, "target": "", "met": None,
         "note": "no database file yet: migrations run and the bundled plan is loaded before the window shows"},
        {"id": "startup_empty_cpu", "figure": "Cold start CPU time of the process, new database, median",
         "value": _median(samples["empty"], "cpu"), "unit": "s", "baseline": bare_cpu, "target": "", "met": None,
         "note": "what the wall time tends to on an idle machine (process_time at the moment the window is shown)"},
        {"id": "startup_demo_cpu", "figure": f"Cold start CPU time of the process, {plural}, median",
         "value": _median(samples["demo"], "cpu"), "unit": "s", "baseline": bare_cpu, "target": "", "met": None},
        {"id": "startup_empty_rss", "figure": "Cold start peak memory (peak RSS), new database", "value": app_rss,
         "unit": "MB", "baseline": bare_rss, "target": "", "met": None},
        {"id": "startup_demo_rss", "figure": f"Cold start peak memory (peak RSS), {plural}",
         "value": demo_rss, "unit": "MB", "baseline": bare_rss, "target": "", "met": None},
    ]


# --------------------------------------------------------------------------- import time


_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s+)(\S+)\s*$")
HEAVY = ("PySide6", "shiboken6", "qtpy", "qtawesome", "sqlalchemy", "alembic", "mako", "reportlab", "openpyxl",
         "jsonschema", "referencing", "cryptography", "platformdirs", "filelock", "PIL", "numpy", "asyncio", "ssl",
         "email", "importlib.metadata", "platform", "csv", "typing_extensions", "sqlite3", "projter_desktop")


def import_profile(top: int = 25) -> str:
    """Where the cold start's import time goes (``python -X importtime``)."""
    with tempfile.TemporaryDirectory(prefix="projter-bench-imports-") as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        db_path = folder / "data" / "projter.sqlite3"
        prepare_database(db_path, quick=True)
        subprocess.run([sys.executable, "-c", APP_CHILD, str(db_path)], env=env, capture_output=True, timeout=120)
        result = subprocess.run([sys.executable, "-X", "importtime", "-c", APP_CHILD, str(db_path)], env=env,
                                capture_output=True, text=True, timeout=120)
    entries = []
    for line in result.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            entries.append((int(match[1]), int(match[2]), (len(match[3]) - 1) // 2, match[4]))
    total = sum(e[0] for e in entries)
    lines = [f"Import time of the cold start: {total / 1000:.0f} ms in {len(entries)} modules "
             "(python -X importtime; cumulative = with what the module imports)"]
    lines.append("Heaviest packages (first import, cumulative; imported by):")
    for root in HEAVY:
        found = [(i, e) for i, e in enumerate(entries) if e[3] == root or e[3].startswith(root + ".")]
        if not found:
            lines.append(f"  {root:<18} not imported")
            continue
        index, entry = max(found, key=lambda item: item[1][1])  # the import that brought it in
        importer = next((e[3] for e in entries[index + 1:] if e[2] < entry[2]), "(top level)")
        self_total = sum(e[0] for _, e in found)
        lines.append(f"  {root:<18} {entry[1] / 1000:7.1f} ms cumulative, {self_total / 1000:6.1f} ms own  "
                     f"← {importer}")
    lines.append(f"Top {top} modules by own time:")
    for self_us, cum_us, _depth, name in sorted(entries, reverse=True)[:top]:
        lines.append(f"  {self_us / 1000:7.1f} ms  {name}")
    return "\n".join(lines)
