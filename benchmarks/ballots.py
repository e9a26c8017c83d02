"""Ballot recording latency: the hot path of a workshop.

``services.rounds.record_ballot`` (checks, one transaction, durable commit) is timed for
every voter of several open rounds of a prepared database (majority judgment, named
rounds, 12 actions per round: one ballot row, 12 mark rows and one register row per call).

Baseline: the same rows (ballot + marks + register line) inserted with the raw ``sqlite3``
module into a copy of the same database, in one transaction per ballot, with the same
pragmas (``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=FULL``).

Each side runs in its own child process, so its peak memory (``VmHWM``, else ``ru_maxrss``) is its own.
The first calls of each side are a warm-up and are not counted.

Targets: median ≤ 2 ms, p99 ≤ 10 ms.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTIONS = 12
WARM_UP = 5


def _rss_mb() -> float | None:
    """Peak resident memory of this process: VmHWM (Linux: of this program only, unlike
    ru_maxrss, which keeps the peak of the parent that forked it), else ru_maxrss."""
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


def prepare(path: Path, voters: int, rounds_count: int) -> dict:
    """A running workshop: ``voters`` present, ``rounds_count`` open rounds."""
    from projter_desktop.domain.voting import Method
    from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
    from projter_desktop.services import plans, rounds, workshops
    from projter_desktop.services.database import open_app_database

    db = open_app_database(path)
    try:
        plan = plans.get_plan(db)
        orientations = [o for o in plan.orientations() if len(list(o.actions())) >= ACTIONS]
        workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Banc d'essai").value
        attendees = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i:03d}",
                                            status=AttendanceStatus.PRESENT).value.uuid for i in range(voters)]
        docs = []
        for i in range(rounds_count):
            orientation = orientations[i % len(orientations)]
            actions = [a.uuid for a in orientation.actions()][:ACTIONS]
            record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.MAJORITY_JUDGMENT,
                                         mode=RoundMode.NAMED, action_uuids=actions).value
            rounds.open_round(db, record.uuid)
            docs.append({"uuid": record.uuid, "actions": actions})
        return {"attendees": attendees, "rounds": docs}
    finally:
        db.close()


def _marks(rng: random.Random, actions: list[str]) -> dict[str, int]:
    from projter_desktop.domain.voting import GRADES

    return {a: rng.randrange(len(GRADES)) for a in actions}


def child_services(db_path: str, plan_path: str) -> dict:
    from projter_desktop.services.database import open_app_database
    from projter_desktop.services.rounds import record_ballot

    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    db = open_app_database(db_path)
    rng = random.Random(1)
    times, cpu = [], []
    for round_ in plan["rounds"]:
        for attendee in plan["attendees"]:
            marks = _marks(rng, round_["actions"])
            start, start_cpu = time.perf_counter(), time.process_time()
            record_ballot(db, round_["uuid"], attendee, marks)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    db.close()
    return {"times": times, "cpu": cpu, "rss_mb": _rss_mb()}


def child_raw(db_path: str, plan_path: str) -> dict:
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    round_ids = dict(conn.execute("SELECT uuid, id FROM voting_round"))
    attendee_ids = dict(conn.execute("SELECT uuid, id FROM attendee"))
    action_ids = dict(conn.execute("SELECT uuid, id FROM action"))
    rng = random.Random(1)
    times, cpu = [], []
    for round_ in plan["rounds"]:
        round_id = round_ids[round_["uuid"]]
        for attendee in plan["attendees"]:
            marks = _marks(rng, round_["actions"])
            attendee_id = attendee_ids[attendee]
            start, start_cpu = time.perf_counter(), time.process_time()
            conn.execute("BEGIN")
            ballot_id = conn.execute("INSERT INTO ballot (uuid, round_id, attendee_id, weight) VALUES (?, ?, ?, ?)",
                                     (str(uuid.uuid4()), round_id, attendee_id, 1.0)).lastrowid
            conn.executemany("INSERT INTO mark (ballot_id, action_id, value) VALUES (?, ?, ?)",
                             [(ballot_id, action_ids[a], json.dumps(v)) for a, v in marks.items()])
            conn.execute("INSERT INTO voter_register (round_id, attendee_id) VALUES (?, ?)", (round_id, attendee_id))
            conn.execute("COMMIT")
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    conn.close()
    return {"times": times, "cpu": cpu, "rss_mb": _rss_mb()}


def _run_child(kind: str, db_path: Path, plan_path: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    result = subprocess.run([sys.executable, "-m", "benchmarks.ballots", kind, str(db_path), str(plan_path)],
                            capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"ballot child {kind} failed: {result.stderr.strip()[-800:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.99 * len(ordered)) - 1))]


def bench_ballots(*, quick: bool = False, folder: Path | None = None) -> list[dict]:
    voters, rounds_count = (12, 2) if quick else (60, 10)
    with tempfile.TemporaryDirectory(prefix="projter-bench-ballots-", dir=folder) as tmp:
        tmp_path = Path(tmp)
        db_path = tmp_path / "service.sqlite3"
        plan = prepare(db_path, voters, rounds_count)
        raw_path = tmp_path / "raw.sqlite3"
        shutil.copyfile(db_path, raw_path)
        plan_path = tmp_path / "plan.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        service = _run_child("services", db_path, plan_path)
        raw = _run_child("raw", raw_path, plan_path)
    s_times = [t * 1000 for t in service["times"][WARM_UP:]]
    r_times = [t * 1000 for t in raw["times"][WARM_UP:]]
    s_median, r_median = statistics.median(s_times), statistics.median(r_times)
    s_p99, r_p99 = _p99(s_times), _p99(r_times)
    note = (f"{len(s_times)} ballots ({voters} voters × {rounds_count} rounds, {ACTIONS} marks each, "
            f"first {WARM_UP} not counted) on {tempfile.gettempdir()}; baseline: raw sqlite3 insert of the same "
            "rows, same pragmas")
    return [
        {"id": "ballot_service", "figure": "Ballot recording latency, median", "value": s_median, "unit": "ms", "baseline": r_median,
         "target": "≤ 2 ms", "met": s_median <= 2, "note": note},
        {"id": "ballot_service_p99", "figure": "Ballot recording latency, p99", "value": s_p99, "unit": "ms", "baseline": r_p99,
         "target": "≤ 10 ms", "met": s_p99 <= 10},
        {"id": "ballot_service_cpu", "figure": "Ballot recording CPU time, median", "unit": "ms",
         "value": statistics.median(service["cpu"][WARM_UP:]) * 1000,
         "baseline": statistics.median(raw["cpu"][WARM_UP:]) * 1000, "target": "", "met": None,
         "note": "process CPU time per call: the part of the latency that is not waiting for the disk"},
        {"id": "ballot_service_rss", "figure": "Ballot recording peak memory (peak RSS)", "value": service["rss_mb"], "unit": "MB",
         "baseline": raw["rss_mb"], "target": "", "met": None},
    ]


def main(argv: list[str]) -> int:
    kind, db_path, plan_path = argv
    result = child_services(db_path, plan_path) if kind == "services" else child_raw(db_path, plan_path)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
