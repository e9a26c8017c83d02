"""Child process of test_crash_safety: records ballots through the service in a loop.

Usage: python crash_child.py DB_PATH PLAN_JSON SEED

Prints ``READY`` once the database is open, then ``RECORDED <attendee> <round> <ballots>``
(flushed) each time ``services.rounds.record_ballot`` has returned, i.e. once the ballot
is committed. The parent kills this process at random moments.

The work never runs out, however fast recording is: when every attendee has voted in
every open round, the child creates and opens a new round (``services.rounds``, printing
``ROUND <round> <mode>``) and goes on. The rounds are read from the database, so a round
created by an earlier child is used too (and opened, if that child was killed before
opening it). The child stops by itself (``DONE``) only after ``MAX_SECONDS``, a guard
against an orphan left running by a dead parent.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import RoundMode
from projter_desktop.services.database import open_app_database
from projter_desktop.services.rounds import create_round, open_round, record_ballot

MAX_SECONDS = 120


def round_mode(index: int) -> RoundMode:
    """The mode of the round number ``index`` (from 0): a secret one in three."""
    return RoundMode.SECRET if index % 3 == 1 else RoundMode.NAMED


def existing_rounds(db_path: str, workshop: str) -> tuple[list[tuple[str, str, list[str]]], set[tuple[str, str]]]:
    """(round uuid, status, action uuids) of the workshop's rounds in order, and the
    (round, attendee) pairs already in the voter register."""
    conn = sqlite3.connect(db_path)
    try:
        rounds = []
        for round_id, uuid, status in conn.execute(
                "SELECT r.id, r.uuid, r.status FROM voting_round r JOIN workshop w ON w.id = r.workshop_id "
                "WHERE w.uuid = ? ORDER BY r.number", (workshop,)).fetchall():
            actions = [a for (a,) in conn.execute(
                "SELECT a.uuid FROM round_action ra JOIN action a ON a.id = ra.action_id "
                "WHERE ra.round_id = ? ORDER BY ra.position", (round_id,))]
            rounds.append((uuid, status, actions))
        done = set(conn.execute(
            "SELECT r.uuid, a.uuid FROM voter_register v JOIN voting_round r ON r.id = v.round_id "
            "JOIN attendee a ON a.id = v.attendee_id").fetchall())
    finally:
        conn.close()
    return rounds, done


def main() -> int:
    db_path, plan_path, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    db = open_app_database(db_path)
    rounds, done = existing_rounds(db_path, plan["workshop"])
    rng = random.Random(seed)
    print("READY", flush=True)
    stop_at = time.monotonic() + MAX_SECONDS
    todo = [(uuid, actions) for uuid, status, actions in rounds if status in ("draft", "open")]
    for uuid, status, _actions in rounds:
        if status == "draft":  # created by a child killed before it could open it
            open_round(db, uuid)
    created = len(rounds)
    while time.monotonic() < stop_at:
        for round_uuid, actions in todo:
            for attendee in plan["attendees"]:
                if (round_uuid, attendee) in done:
                    continue
                marks = {action: rng.choice(("yes", "no", "abstain")) for action in actions}
                recorded = record_ballot(db, round_uuid, attendee, marks)
                print("RECORDED", attendee, round_uuid, ",".join(recorded.ballot_uuids), flush=True)
        # every open round is complete: one more round
        orientation, actions = plan["orientations"][created % len(plan["orientations"])]
        mode = round_mode(created)
        record = create_round(db, plan["workshop"], orientation, method=Method.YES_NO, mode=mode,
                              action_uuids=actions).value
        open_round(db, record.uuid)
        print("ROUND", record.uuid, mode.value, flush=True)
        todo = [(record.uuid, actions)]
        created += 1
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
