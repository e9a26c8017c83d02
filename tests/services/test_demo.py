"""The demo workshop: dated on its own day, with varied ballots."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.services import demo, rounds, workshops


@pytest.fixture(scope="module")
def closed_demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    from projter_desktop.services.database import open_app_database

    db = open_app_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    uuid = demo.create_demo_workshop(db, seed=0, close=True, participants=40)
    yield db, workshops.get_workshop(db, uuid)
    db.close()


def _stamps(w):  # type: ignore[no-untyped-def]
    yield "closed_at", w.closed_at
    for a in w.attendees:
        yield f"arrival of {a.name}", a.arrived_at
        yield f"departure of {a.name}", a.left_at
    for r in w.rounds:
        yield f"round {r.number} opened", r.opened_at
        yield f"round {r.number} closed", r.closed_at
    for d in w.decisions:
        yield "decision", d.decided_at
    for c in w.comments:
        yield "comment", c.created_at
    for p in w.proposals:
        yield "proposal", p.created_at


def test_every_time_stamp_is_on_the_workshop_day(closed_demo):
    _db, w = closed_demo
    start = w.starts_at
    stamps = [(what, at) for what, at in _stamps(w) if at is not None]
    assert {what for what, _ in stamps} >= {"closed_at", "decision", "comment", "proposal"}
    for what, at in stamps:
        assert start - timedelta(minutes=30) <= at <= start + timedelta(hours=5), (what, at, start)
    # a workshop's story in order: rounds one after another, closing last
    ordered = sorted(w.rounds, key=lambda r: r.number)
    for r, following in zip(ordered, ordered[1:]):
        assert r.opened_at < r.closed_at <= following.opened_at
    assert w.closed_at > ordered[-1].closed_at


def test_the_minutes_say_closed_on_the_workshop_date(closed_demo, tmp_path):
    from pypdf import PdfReader

    from projter_desktop.reports.style import fr_date
    from projter_desktop.services import reports

    db, w = closed_demo
    written = reports.write_minutes(db, w.uuid, tmp_path / "cr.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(written.path).pages[:2])
    day = fr_date(w.starts_at)
    assert f"Clos le {day}" in text, text[:1500]


def test_majority_judgment_rounds_are_not_blocks_of_identical_profiles(closed_demo):
    db, w = closed_demo
    judged = [r for r in w.rounds if r.method is Method.MAJORITY_JUDGMENT]
    assert judged
    for record in judged:
        tally = rounds.tally_record(w, record)
        groups = Counter(row.rank for row in tally.rows if row.tied)
        assert len(groups) <= 1, (record.number, [(row.rank, row.label) for row in tally.rows])


def test_the_demo_is_the_same_for_a_seed(tmp_path):
    from projter_desktop.services.database import open_app_database

    tallies = []
    for name in ("a", "b"):
        db = open_app_database(tmp_path / f"{name}.sqlite3")
        uuid = demo.create_demo_workshop(db, seed=7, close=True, participants=12)
        w = workshops.get_workshop(db, uuid)
        tallies.append(([(r.number, r.opened_at, r.closed_at) for r in w.rounds], w.closed_at, w.fingerprint is not None,
                        [[(row.rank, row.label) for row in rounds.tally_record(w, r).rows] for r in w.rounds]))
        db.close()
    assert tallies[0] == tallies[1]


def test_no_round_is_won_by_a_block_of_identical_results(closed_demo):
    """The old demo had four yes/no actions at 100 % yes, "1 (ex æquo)" with identical bars."""
    _db, w = closed_demo
    for record in w.rounds:
        first = [row for row in rounds.tally_record(w, record).rows if row.rank == 1]
        assert len(first) <= 2, (record.number, record.method, [row.label for row in first])
