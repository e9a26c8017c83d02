"""Cold start: from a new process to the main window showing the whole plan.

Each run is a fresh Python process (offscreen Qt platform) that imports the app, creates
the QApplication, opens the database the way the GUI does (instance lock, quick check,
start-up backup: :func:`projter_desktop.ui.startup.open_database_for_gui`), builds and
shows the MainWindow with the plan loaded, and reports the moment the window is shown.
The time counted runs from just before the process is spawned to that moment, so the
interpreter's own start is included — for the app and for the baseline alike.

Baseline: a process that imports PySide6, creates a QApplication and shows a bare
QWidget of the same size. Runs alternate between the two; the median is kept.
Peak memory: peak resident set (``VmHWM``, else ``ru_maxrss``) of each child process at the moment its window is shown.

Target: median ≤ 0.5 s and ≤ 4 × the bare window.
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


def prepare_database(path: Path, *, quick: bool) -> None:
    """A database as a facilitator has it: the bundled plan and a closed demo workshop."""
    from projter_desktop.services.database import open_app_database
    from projter_desktop.services.demo import create_demo_workshop

    db = open_app_database(path)
    try:
        if not quick:
            create_demo_workshop(db, seed=1, close=True, participants=40)
    finally:
        db.close()


def run_child(code: str, args: list[str], env: dict[str, str]) -> dict:
    started = time.time()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                            timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"start-up child failed ({result.returncode}): {result.stderr.strip()[-800:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["seconds"] = data["shown"] - started
    return data


def measure(runs: int, *, quick: bool) -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory(prefix="projter-bench-start-") as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        db_path = folder / "data" / "projter.sqlite3"
        prepare_database(db_path, quick=quick)
        samples: dict[str, list[dict]] = {"app": [], "bare": []}
        if not quick:  # one warm-up each: file cache, .pyc files
            run_child(APP_CHILD, [str(db_path)], env)
            run_child(BARE_CHILD, [], env)
        for _ in range(runs):
            samples["app"].append(run_child(APP_CHILD, [str(db_path)], env))
            samples["bare"].append(run_child(BARE_CHILD, [], env))
        return samples


def bench_startup(*, quick: bool = False) -> list[dict]:
    runs = 1 if quick else 9
    samples = measure(runs, quick=quick)
    app = statistics.median(s["seconds"] for s in samples["app"])
    bare = statistics.median(s["seconds"] for s in samples["bare"])
    rows = samples["app"][0]["plan_rows"]
    phases = {name: statistics.median(s["phases"][name] for s in samples["app"])
              for name in samples["app"][0]["phases"]}
    before_main = statistics.median(s["seconds"] - sum(s["phases"].values()) for s in samples["app"])
    app_rss = max((s["rss_mb"] or 0) for s in samples["app"]) or None
    bare_rss = max((s["rss_mb"] or 0) for s in samples["bare"]) or None
    return [
        {"figure": f"Cold start to main window with the plan (median of {runs})", "value": app, "unit": "s",
         "baseline": bare, "target": "≤ 0.5 s and ≤ 4× bare", "met": app <= 0.5 and app <= 4 * bare,
         "note": f"baseline: bare PySide6 QWidget process; plan tree shows {rows} axes; "
                 f"app runs {', '.join(format(s['seconds'], '.2f') for s in samples['app'])} s; median phases: "
                 f"interpreter start {before_main:.2f} s, "
                 + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items())},
        {"figure": "Cold start CPU time of the process, median", "value": statistics.median(
            s["cpu"] for s in samples["app"]), "unit": "s",
         "baseline": statistics.median(s["cpu"] for s in samples["bare"]), "target": "", "met": None,
         "note": "what the wall time tends to on an idle machine (process_time at the moment the window is shown)"},
        {"figure": "Cold start peak memory (peak RSS)", "value": app_rss, "unit": "MB", "baseline": bare_rss,
         "target": "", "met": None},
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
