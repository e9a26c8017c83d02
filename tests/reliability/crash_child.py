"""Child process of test_crash_safety: records votes through the services in a loop.

Usage: python crash_child.py DB_PATH PLAN_JSON SEED

Prints ``READY`` once the database is open, then (flushed) one line each time a service
call has returned, i.e. once its write is committed:

- named rounds: ``RECORDED <attendee> <round> <ballots>`` after ``services.rounds.record_ballot``;
- secret rounds, as a French urn: ``SIGNED <attendee> <round> <voices>`` after
  ``services.urn.sign`` (émargement), ``URN <round> <papers>`` after ``services.urn.close_urn``
  once every attendee has signed, then ``PAPER <round> <ballot>`` after each
  ``services.urn.record_paper`` (dépouillement, one paper per voice signed).

The parent kills this process at random moments.

The work never runs out, however fast recording is: when every attendee has voted in
every open round (and every paper of each secret round is in), the child creates and
opens a new round (``services.rounds``, printing ``ROUND <round> <mode>``) and goes on.
The rounds are read from the database, so a round created by an earlier child is used
too (and opened, if that child was killed before opening it; a secret round is taken up
where its émargement or dépouillement stopped). The child stops by itself (``DONE``) only
after ``MAX_SECONDS``, a guard
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
from projter_desktop.services.urn import close_urn, record_paper, sign

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


def urn_state(db_path: str, round_uuid: str) -> tuple[str, bool, int, int]:
    """(mode, urn closed, voices signed, papers entered) of a round, read from the database
    (an earlier child may have been killed anywhere in the émargement or the dépouillement)."""
    conn = sqlite3.connect(db_path)
    try:
        round_id, mode, closed = conn.execute(
            "SELECT id, mode, urn_closed FROM voting_round WHERE uuid = ?", (round_uuid,)).fetchone()
        voices = sum(len(json.loads(text)) if text else 1 for (text,) in conn.execute(
            "SELECT voices FROM voter_register WHERE round_id = ?", (round_id,)))
        papers = conn.execute("SELECT count(*) FROM ballot WHERE round_id = ?", (round_id,)).fetchone()[0]
    finally:
        conn.close()
    return mode, bool(closed), voices, papers


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
            mode, urn_closed, _voices, _papers = urn_state(db_path, round_uuid)
            secret = mode == RoundMode.SECRET.value
            if not urn_closed:
                for attendee in plan["attendees"]:
                    if (round_uuid, attendee) in done:
                        continue
                    if secret:  # émargement: the voter signs, no ballot is written
                        signature = sign(db, round_uuid, attendee)
                        print("SIGNED", attendee, round_uuid, len(signature.voices), flush=True)
                    else:
                        marks = {action: rng.choice(("yes", "no", "abstain")) for action in actions}
                        recorded = record_ballot(db, round_uuid, attendee, marks)
                        print("RECORDED", attendee, round_uuid, ",".join(recorded.ballot_uuids), flush=True)
            if not secret:
                continue
            if not urn_closed:  # everyone has signed: the dépouillement begins
                print("URN", round_uuid, close_urn(db, round_uuid).papers, flush=True)
            _mode, _closed, voices, papers = urn_state(db_path, round_uuid)
            for _ in range(voices - papers):  # one paper per voice signed, with no voter
                paper = record_paper(db, round_uuid, {action: rng.choice(("yes", "no", "abstain")) for action in actions})
                print("PAPER", round_uuid, paper.ballot_uuid, flush=True)
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
