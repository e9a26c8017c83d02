"""The laptop dies mid-vote: a real child process records votes through the services
(``services.rounds.record_ballot`` for named rounds; ``services.urn.sign``, ``close_urn`` and
``record_paper`` for secret ones) and is killed with SIGKILL at random moments.

After every kill the database must pass ``PRAGMA integrity_check``, every vote the child
reported as recorded must be there (a named ballot's rows and its line in the voter
register; a secret round's signature in the register, its closed émargement, each of its
papers), and no ballot may be half-written (each has all its marks, each register line of a
named round its ballot, a secret round no paper before its émargement is closed nor more
papers than voices signed).

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
from dataclasses import dataclass, field
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


@dataclass
class Reported:
    """What the children acknowledged (printed after the service call returned)."""

    votes: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # named: (attendee, round) -> ballots
    signatures: dict[tuple[str, str], int] = field(default_factory=dict)  # secret: (attendee, round) -> voices
    urns: set[str] = field(default_factory=set)  # secret rounds whose émargement was closed
    papers: dict[str, str] = field(default_factory=dict)  # secret: paper uuid -> round

    def __len__(self) -> int:
        return len(self.votes) + len(self.signatures) + len(self.urns) + len(self.papers)

    def read(self, line: str) -> None:
        kind, *rest = line.split(" ")
        if kind == "RECORDED":
            attendee, round_uuid, ballot_uuids = rest
            self.votes[(attendee, round_uuid)] = ballot_uuids.split(",")
        elif kind == "SIGNED":
            attendee, round_uuid, voices = rest
            self.signatures[(attendee, round_uuid)] = int(voices)
        elif kind == "URN":
            self.urns.add(rest[0])
        elif kind == "PAPER":
            round_uuid, paper = rest
            self.papers[paper] = round_uuid


def verify(path: Path, reported: Reported, plan: dict) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ballots = dict(conn.execute(
            "SELECT b.uuid, r.uuid FROM ballot b JOIN voting_round r ON r.id = b.round_id").fetchall())
        register = {(r, a): voices for r, a, voices in conn.execute(
            "SELECT r.uuid, a.uuid, v.voices FROM voter_register v JOIN voting_round r ON r.id = v.round_id "
            "JOIN attendee a ON a.id = v.attendee_id").fetchall()}
        modes = dict(conn.execute("SELECT uuid, mode FROM voting_round"))
        closed_urns = {u for (u,) in conn.execute("SELECT uuid FROM voting_round WHERE urn_closed")}
        # nothing acknowledged is lost
        for (attendee, round_uuid), ballot_uuids in reported.votes.items():
            assert (round_uuid, attendee) in register, f"reported vote of {attendee} in {round_uuid} lost"
            for ballot_uuid in ballot_uuids:
                assert ballots.get(ballot_uuid) == round_uuid, f"reported ballot {ballot_uuid} lost"
        for (attendee, round_uuid), voices in reported.signatures.items():
            assert (round_uuid, attendee) in register, f"reported signature of {attendee} in {round_uuid} lost"
            assert len(json.loads(register[(round_uuid, attendee)])) == voices
        for round_uuid in reported.urns:
            assert round_uuid in closed_urns, f"reported closing of the émargement of {round_uuid} lost"
        for paper, round_uuid in reported.papers.items():
            assert ballots.get(paper) == round_uuid, f"reported paper {paper} lost"
            assert round_uuid in closed_urns
        # all or nothing: one ballot per register line in named rounds (no proxies here);
        # in secret rounds no paper before the émargement closes, never more than the voices
        # signed; every mark of each ballot
        per_round = dict(conn.execute(
            "SELECT r.uuid, count(*) FROM ballot b JOIN voting_round r ON r.id = b.round_id GROUP BY r.uuid"))
        registered = dict(conn.execute(
            "SELECT r.uuid, count(*) FROM voter_register v JOIN voting_round r ON r.id = v.round_id GROUP BY r.uuid"))
        named = {u for u, mode in modes.items() if mode == "named"}
        assert {u: n for u, n in per_round.items() if u in named} == {u: n for u, n in registered.items() if u in named}
        signed: dict[str, int] = {}
        for (round_uuid, _attendee), voices in register.items():
            if modes[round_uuid] == "secret":
                assert voices is not None
                signed[round_uuid] = signed.get(round_uuid, 0) + len(json.loads(voices))
        for round_uuid, papers in per_round.items():
            if modes[round_uuid] == "secret":
                assert round_uuid in closed_urns and papers <= signed.get(round_uuid, 0)
        incomplete = conn.execute(
            "SELECT count(*) FROM ballot b WHERE (SELECT count(*) FROM mark m WHERE m.ballot_id = b.id) != ?",
            (ACTIONS_PER_ROUND,)).fetchone()[0]
        assert incomplete == 0
        linked = conn.execute(
            "SELECT count(*) FROM ballot b JOIN voting_round r ON r.id = b.round_id "
            "WHERE (r.mode = 'named') != (b.attendee_id IS NOT NULL)").fetchone()[0]
        assert linked == 0 and {r["uuid"] for r in plan["rounds"] if r["mode"] == "named"} <= named
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
    reported = Reported()
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
            if line.startswith("ROUND "):
                new_rounds += 1
            else:
                reported.read(line)
        kills_during_work += len(reported) > before
        verify(path, reported, plan)  # (seed in the test id if it fails: PROJTER_CRASH_SEED)
        assert time.monotonic() < deadline, f"too slow (seed {seed})"

    print(f"crash test: seed {seed}, {len(reported.votes)} named votes, {len(reported.signatures)} signatures, "
          f"{len(reported.urns)} urns closed and {len(reported.papers)} papers reported, "
          f"{kills_during_work} kills while recording, {new_rounds} rounds added by the children")
    assert kills_during_work >= KILLS // 2, "most kills must land while votes are being recorded"
    assert len(reported) > KILLS
    assert reported.signatures, "the children never reached a secret round"
    db = open_app_database(path)
    try:
        report = integrity.check(db)
        assert report.healthy, [f.line_fr() for f in report.findings]
        progress = rounds.round_progress(db, plan["rounds"][0]["uuid"])
        assert len(progress.voted) == VOTERS  # the first round was completed across restarts
    finally:
        db.close()
