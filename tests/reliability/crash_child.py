"""Child process of test_crash_safety: records ballots through the service in a loop.

Usage: python crash_child.py DB_PATH PLAN_JSON SEED

Prints ``READY`` once the database is open, then ``RECORDED <attendee> <round> <ballots>``
(flushed) each time ``services.rounds.record_ballot`` has returned, i.e. once the ballot
is committed. The parent kills this process at random moments.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys

from projter_desktop.services.database import open_app_database
from projter_desktop.services.rounds import record_ballot


def main() -> int:
    db_path, plan_path, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(plan_path, encoding="utf-8") as handle:
        plan = json.load(handle)
    db = open_app_database(db_path)
    conn = sqlite3.connect(db_path)
    done = set(conn.execute(
        "SELECT r.uuid, a.uuid FROM voter_register v JOIN voting_round r ON r.id = v.round_id "
        "JOIN attendee a ON a.id = v.attendee_id").fetchall())
    conn.close()
    rng = random.Random(seed)
    print("READY", flush=True)
    for round_ in plan["rounds"]:
        for attendee in plan["attendees"]:
            if (round_["uuid"], attendee) in done:
                continue
            marks = {action: rng.choice(("yes", "no", "abstain")) for action in round_["actions"]}
            recorded = record_ballot(db, round_["uuid"], attendee, marks)
            print("RECORDED", attendee, round_["uuid"], ",".join(recorded.ballot_uuids), flush=True)
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
