"""Readers never block the ballot for long (issue 15, item 2): ballot recording while
another process reads the same database, and behind another program's write lock.

- ``ballot_with_reader`` / ``_p99``: ``services.rounds.record_ballot`` timed while a second
  process runs read transactions back to back (each one holds its snapshot 20 ms, as
  ``projter minutes`` or ``workshop show`` would); baseline: the same ballots with nobody
  else on the file. In WAL mode readers do not block the writer: the ratio should stay ≈ 1.
- ``ballot_behind_writer``: one ballot recorded while another program holds SQLite's write
  lock for 1 s (``BEGIN IMMEDIATE``): SQLite's busy handler retries until the lock is free,
  within the busy timeout (``store.database.BUSY_TIMEOUT_MS``, 5 s); the ballot is recorded
  after ≈ 1 s, not refused. Beyond the timeout the ballot is refused and said "not recorded"
  (tests/gui/test_ballot_faults.py). No retry is added on top of SQLite's: a retry would
  only lengthen the wait of the facilitator's screen; Enter sends the ballot again.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks import Row
from benchmarks.ballots import _marks, prepare

READER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
    print("READING", flush=True)
    while True:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM mark").fetchone()
        conn.execute("SELECT count(*) FROM ballot").fetchone()
        time.sleep(0.02)
        conn.execute("COMMIT")
""")

WRITER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE workshop SET title = title")
    print("HOLDING", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
""")


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    child.stdout.readline()  # READING / HOLDING: the child is on the file
    return child


def bench_contention(*, quick: bool = False) -> list[Row]:
    from projter_desktop.services.database import open_app_database
    from projter_desktop.services.rounds import record_ballot
    from projter_desktop.store.database import BUSY_TIMEOUT_MS

    count = 10 if quick else 80
    with tempfile.TemporaryDirectory(prefix="projter-contention-") as folder:
        path = Path(folder) / "contention.sqlite3"
        plan = prepare(path, voters=2 * count + 1, rounds_count=1)
        round_ = plan["rounds"][0]
        voters = iter(plan["attendees"])
        rng = random.Random(3)
        db = open_app_database(path)
        try:
            def ballot() -> float:
                marks = _marks(rng, round_["actions"])
                start = time.perf_counter()
                record_ballot(db, round_["uuid"], next(voters), marks)
                return time.perf_counter() - start

            alone = [ballot() for _ in range(count)]
            reader = _start(READER, str(path))
            try:
                with_reader = [ballot() for _ in range(count)]
            finally:
                reader.kill()
                reader.wait()
            writer = _start(WRITER, str(path), "1.0")
            try:
                behind = ballot()
            finally:
                writer.wait(timeout=30)
        finally:
            db.close()
    median_alone, median_reader = statistics.median(alone) * 1000, statistics.median(with_reader) * 1000
    p99_alone, p99_reader = _p99(alone) * 1000, _p99(with_reader) * 1000
    note = (f"{count} ballots alone, {count} with a reader process (20 ms read transactions back to back); "
            f"busy timeout {BUSY_TIMEOUT_MS} ms, no retry on top of SQLite's busy handler")
    return [
        {"id": "ballot_with_reader", "figure": "Ballot while another process reads, median", "value": median_reader,
         "unit": "ms", "baseline": median_alone, "target": "≤ 2× alone", "met": median_reader <= 2 * median_alone,
         "note": note},
        {"id": "ballot_with_reader_p99", "figure": "Ballot while another process reads, p99", "value": p99_reader,
         "unit": "ms", "baseline": p99_alone, "target": "≤ 10 ms", "met": p99_reader <= 10},
        {"id": "ballot_behind_writer", "figure": "Ballot behind a 1 s write lock (recorded, not refused)",
         "value": behind, "unit": "s", "baseline": 1.0, "target": f"recorded, ≤ {BUSY_TIMEOUT_MS / 1000:g} s",
         "met": behind <= BUSY_TIMEOUT_MS / 1000},
    ]
