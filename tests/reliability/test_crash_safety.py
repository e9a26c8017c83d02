"""The laptop dies mid-vote: a real child process records ballots through
``services.rounds.record_ballot`` and is killed with SIGKILL at random moments.

After every kill the database must pass ``PRAGMA integrity_check``, every ballot the child
reported as recorded must be there (its ballot rows and its line in the voter register),
and no ballot may be half-written (each has all its marks, each register line its ballot).

The child never runs out of votes to record, however fast recording gets: when every
round is complete it creates and opens another one (see ``crash_child.py``).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import integrity, plans, rounds, workshops
from projter_desktop.services.database import open_app_database

#: A kill the process cannot catch nor clean up after (TerminateProcess on Windows).
HARD_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)
ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 25
VOTERS = 60
#: Rounds made before the first child starts; the children add more when they need them.
ROUNDS = 6
ACTIONS_PER_ROUND = 4


def prepare(path: Path) -> dict:
    """A running workshop with VOTERS present and ROUNDS open rounds (named and secret),
    and the orientations (with ACTIONS_PER_ROUND of their actions) for more rounds."""
    db = open_app_database(path)
    try:
        plan = plans.get_plan(db)
        orientations = [o for o in plan.orientations() if len(list(o.actions())) >= ACTIONS_PER_ROUND]
        workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier interrompu").value
        attendees = []
        for i in range(VOTERS):
            attendee = workshops.add_attendee(db, workshop.uuid, name=f"Élu {i:02d}",
                                              status=AttendanceStatus.PRESENT).value
            attendees.append(attendee.uuid)
        round_docs = []
        for i in range(ROUNDS):
            orientation = orientations[i % len(orientations)]
            actions = [a.uuid for a in orientation.actions()][:ACTIONS_PER_ROUND]
            mode = RoundMode.SECRET if i % 3 == 1 else RoundMode.NAMED  # as crash_child.round_mode
            record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=mode,
                                         action_uuids=actions).value
            rounds.open_round(db, record.uuid)
            round_docs.append({"uuid": record.uuid, "actions": actions, "mode": mode.value})
        return {"workshop": workshop.uuid, "attendees": attendees, "rounds": round_docs,
                "orientations": [(o.uuid, [a.uuid for a in o.actions()][:ACTIONS_PER_ROUND]) for o in orientations]}
    finally:
        db.close()


def read_lines(child: subprocess.Popen[str], into: list[str], ready: threading.Event) -> None:
    assert child.stdout is not None
    for line in child.stdout:
        if not line.endswith("\n"):
            break  # a line cut by the kill was never reported
        if line.startswith("READY"):
            ready.set()
        into.append(line.rstrip("\n"))


def verify(path: Path, reported: dict[tuple[str, str], list[str]], plan: dict) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ballots = dict(conn.execute(
            "SELECT b.uuid, r.uuid FROM ballot b JOIN voting_round r ON r.id = b.round_id").fetchall())
        register = set(conn.execute(
            "SELECT r.uuid, a.uuid FROM voter_register v JOIN voting_round r ON r.id = v.round_id "
            "JOIN attendee a ON a.id = v.attendee_id").fetchall())
        for (attendee, round_uuid), ballot_uuids in reported.items():
            assert (round_uuid, attendee) in register, f"reported vote of {attendee} in {round_uuid} lost"
            for ballot_uuid in ballot_uuids:
                assert ballots.get(ballot_uuid) == round_uuid, f"reported ballot {ballot_uuid} lost"
        # all or nothing: one ballot per register line (no proxies here), every mark of each ballot
        per_round = dict(conn.execute(
            "SELECT r.uuid, count(*) FROM ballot b JOIN voting_round r ON r.id = b.round_id GROUP BY r.uuid"))
        registered = dict(conn.execute(
            "SELECT r.uuid, count(*) FROM voter_register v JOIN voting_round r ON r.id = v.round_id GROUP BY r.uuid"))
        assert per_round == registered
        incomplete = conn.execute(
            "SELECT count(*) FROM ballot b WHERE (SELECT count(*) FROM mark m WHERE m.ballot_id = b.id) != ?",
            (ACTIONS_PER_ROUND,)).fetchone()[0]
        assert incomplete == 0
        named = {r["uuid"] for r in plan["rounds"] if r["mode"] == "named"}
        linked = conn.execute(
            "SELECT count(*) FROM ballot b JOIN voting_round r ON r.id = b.round_id "
            "WHERE (r.mode = 'named') != (b.attendee_id IS NOT NULL)").fetchone()[0]
        assert linked == 0 and named
    finally:
        conn.close()


def test_killing_the_recording_process_never_loses_or_damages_a_vote(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    plan = prepare(path)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    seed = int(os.environ.get("PROJTER_CRASH_SEED", time.time_ns() % 100000))
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    reported: dict[tuple[str, str], list[str]] = {}
    kills_during_work = 0
    new_rounds = 0
    deadline = time.monotonic() + 180  # a guard against a hang, not a speed test

    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(path), str(plan_file), str(seed + kill)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        lines: list[str] = []
        ready = threading.Event()
        reader = threading.Thread(target=read_lines, args=(child, lines, ready), daemon=True)
        reader.start()
        if not ready.wait(30):
            child.kill()
            _, err = child.communicate()
            pytest.fail(f"child did not start: {err}")
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, HARD_KILL)
        child.wait(10)
        reader.join(10)
        assert child.returncode != 0
        assert "DONE" not in lines, "the child stopped by itself (time guard) before it was killed"
        before = len(reported)
        for line in lines:
            if line.startswith("RECORDED "):
                _, attendee, round_uuid, ballot_uuids = line.split(" ")
                reported[(attendee, round_uuid)] = ballot_uuids.split(",")
            elif line.startswith("ROUND "):
                new_rounds += 1
        kills_during_work += len(reported) > before
        verify(path, reported, plan)  # (seed in the test id if it fails: PROJTER_CRASH_SEED)
        assert time.monotonic() < deadline, f"too slow (seed {seed})"

    print(f"crash test: seed {seed}, {len(reported)} ballots reported, {kills_during_work} kills while recording, "
          f"{new_rounds} rounds added by the children")
    assert kills_during_work >= KILLS // 2, "most kills must land while votes are being recorded"
    assert len(reported) > KILLS
    db = open_app_database(path)
    try:
        report = integrity.check(db)
        assert report.healthy, [f.line_fr() for f in report.findings]
        progress = rounds.round_progress(db, plan["rounds"][0]["uuid"])
        assert len(progress.voted) == VOTERS  # the first round was completed across restarts
    finally:
        db.close()
