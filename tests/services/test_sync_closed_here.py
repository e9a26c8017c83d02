"""A workshop closed here while a file brings changes to it (issue 15, item 6): a conflict
the user resolves, never a silent "identical" that would drop the file's votes.

Two laptops share an open workshop with an open named round and an open analog round. A
(here) closes it; B keeps working on it (a new ballot, a corrected ballot, another
ballot of a voter who voted here too, other counts, a new round with its votes…) and
exports. Importing B's file into A must say ``conflict`` — and each resolution must do
what it says: ``mine`` keeps A's closed workshop, ``theirs`` takes B's votes, ``copy``
keeps both. A file that brings nothing new (an older snapshot) stays ``identical``.
"""

from __future__ import annotations

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.exchange.identity import load_or_create_identity
from projter_desktop.services import rounds, sync, workshops
from projter_desktop.services.database import open_app_database


@pytest.fixture
def shared(tmp_path, db, plan):  # type: ignore[no-untyped-def]
    """A (the ``db`` fixture, "here") and B share an open workshop: 4 present voters, an
    open named yes/no round where the first voter has voted, an open analog round with counts."""
    b = open_app_database(tmp_path / "b.sqlite3")
    id_a = load_or_create_identity(tmp_path / "id-a", name="Portable A")
    id_b = load_or_create_identity(tmp_path / "id-b", name="Bureau B")
    orientation = next(iter(plan.orientations()))
    actions = [a.uuid for a in orientation.actions()][:3]
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier Lasalle", scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, w.uuid, name=f"Élu {i}", status=AttendanceStatus.PRESENT).value
              for i in range(4)]
    named = rounds.create_round(db, w.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                action_uuids=actions).value
    analog = rounds.create_round(db, w.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.ANALOG,
                                 action_uuids=actions).value
    for r in (named, analog):
        rounds.open_round(db, r.uuid)
    rounds.record_ballot(db, named.uuid, people[0].uuid, {a: "yes" for a in actions})
    rounds.record_counts(db, analog.uuid, {a: {"yes": 3, "no": 1, "abstain": 0} for a in actions}, voters=4)
    path = sync.export_workshops(db, None, tmp_path / "a.projter", identity=id_a).path
    sync.apply_import(b, path, trust_device=True, identity=id_b)
    yield {"a": db, "b": b, "id_a": id_a, "id_b": id_b, "w": w.uuid, "people": [p.uuid for p in people],
           "named": named.uuid, "analog": analog.uuid, "actions": actions, "orientation": orientation.uuid,
           "old_file": path, "tmp": tmp_path}
    b.close()


def _b_new_ballot(s) -> None:  # type: ignore[no-untyped-def]
    rounds.record_ballot(s["b"], s["named"], s["people"][1], {a: "no" for a in s["actions"]})


def _b_corrected_ballot(s) -> None:  # type: ignore[no-untyped-def]
    rounds.correct_ballot(s["b"], s["named"], s["people"][0], {a: "no" for a in s["actions"]})


def _both_voted_differently(s) -> None:  # type: ignore[no-untyped-def]
    rounds.record_ballot(s["a"], s["named"], s["people"][2], {a: "yes" for a in s["actions"]})
    rounds.record_ballot(s["b"], s["named"], s["people"][2], {a: "no" for a in s["actions"]})


def _b_other_counts(s) -> None:  # type: ignore[no-untyped-def]
    rounds.record_counts(s["b"], s["analog"], {a: {"yes": 1, "no": 3, "abstain": 0} for a in s["actions"]}, voters=4)


def _b_new_round_with_votes(s) -> None:  # type: ignore[no-untyped-def]
    extra = rounds.create_round(s["b"], s["w"], s["orientation"], method=Method.YES_NO, mode=RoundMode.NAMED,
                                action_uuids=s["actions"][:1]).value
    rounds.open_round(s["b"], extra.uuid)
    rounds.record_ballot(s["b"], extra.uuid, s["people"][3], {s["actions"][0]: "yes"})


def _b_attendance_changed(s) -> None:  # type: ignore[no-untyped-def]
    workshops.set_attendance(s["b"], s["people"][3], AttendanceStatus.ABSENT)


CHANGES_IN_THE_FILE = {
    "new_ballot": _b_new_ballot,
    "corrected_ballot": _b_corrected_ballot,
    "same_voter_other_ballot": _both_voted_differently,
    "other_counts": _b_other_counts,
    "new_round_with_votes": _b_new_round_with_votes,
    "attendance_changed": _b_attendance_changed,
}


def _close_here_and_export_b(s):  # type: ignore[no-untyped-def]
    workshops.close_workshop(s["a"], s["w"])
    return sync.export_workshops(s["b"], None, s["tmp"] / "b.projter", identity=s["id_b"]).path


@pytest.mark.parametrize("change", sorted(CHANGES_IN_THE_FILE))
def test_closed_here_and_changed_in_the_file_is_a_conflict(shared, change):  # type: ignore[no-untyped-def]
    s = shared
    CHANGES_IN_THE_FILE[change](s)
    path = _close_here_and_export_b(s)
    here = workshops.get_workshop(s["a"], s["w"])
    assert here.is_closed

    preview = sync.preview_import(s["a"], path, identity=s["id_a"])
    assert [w.outcome for w in preview.workshops] == [sync.Outcome.CONFLICT], preview.workshops[0].reason
    assert "clos ici" in preview.workshops[0].reason
    with pytest.raises(sync.UnresolvedConflictError):
        sync.apply_import(s["a"], preview, trust_device=True, identity=s["id_a"])
    assert workshops.get_workshop(s["a"], s["w"]) == here  # nothing written


@pytest.mark.parametrize("choice", ["mine", "theirs", "copy"])
def test_each_resolution_does_what_it_says_with_the_files_new_ballot(shared, choice):  # type: ignore[no-untyped-def]
    s = shared
    _b_new_ballot(s)
    path = _close_here_and_export_b(s)
    here = workshops.get_workshop(s["a"], s["w"])
    theirs = workshops.get_workshop(s["b"], s["w"])
    sync.apply_import(s["a"], path, {s["w"]: choice}, trust_device=True, identity=s["id_a"])
    now = workshops.get_workshop(s["a"], s["w"])
    voters_now = {b.attendee_uuid for b in now.round(s["named"]).ballots}
    if choice == "mine":
        assert now == here and voters_now == {s["people"][0]}
    elif choice == "theirs":
        assert now == theirs and voters_now == {s["people"][0], s["people"][1]}  # the file's vote is in
    else:
        assert now == here
        copy = next(x for x in workshops.list_workshops(s["a"]) if x.title.endswith("(copie)"))
        copied = workshops.get_workshop(s["a"], copy.uuid)
        assert len(next(r for r in copied.rounds if r.mode is RoundMode.NAMED).ballots) == 2


def test_closed_here_and_a_file_with_nothing_new_is_identical(shared):  # type: ignore[no-untyped-def]
    s = shared
    workshops.close_workshop(s["a"], s["w"])
    # the file A exported before closing, and B's file with no change since it came from A
    for path in (s["old_file"], sync.export_workshops(s["b"], None, s["tmp"] / "b.projter", identity=s["id_b"]).path):
        preview = sync.preview_import(s["a"], path, identity=s["id_a"])
        assert [w.outcome for w in preview.workshops] == [sync.Outcome.IDENTICAL]
