"""Sync through export files: two databases stand for two laptops (A and B)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projter_desktop.domain.plan import ActionKind
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, DecisionKind, RoundMode, WorkshopStatus, fingerprint
from projter_desktop.exchange import projter_file
from projter_desktop.exchange.identity import load_or_create_identity
from projter_desktop.services import decisions, rounds, sync, urn, workshops
from projter_desktop.services.database import open_app_database
from projter_desktop.services.errors import UserError
from projter_desktop.services.plans import get_plan

# --------------------------------------------------------------------------- helpers


def run_workshop(db, plan, *, title="Atelier Anduze", close=True, seed=1, voters=5, communes=("Anduze",)):  # type: ignore[no-untyped-def]
    """A workshop with named (majority judgment), secret (score) and analog (yes/no) rounds,
    a proxy, decisions, comments and a proposal."""
    rng = random.Random(seed)
    orientations = list(plan.orientations())
    scope = [orientations[0].uuid, orientations[1].uuid]
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title=title, communes=list(communes),
                                  scope=scope, starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC), place="Mairie").value
    people = [workshops.add_attendee(db, w.uuid, name=f"Élu {seed}-{i}", role="Maire", commune=communes[0]).value
              for i in range(voters + 1)]
    for person in people[:voters]:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    workshops.set_attendance(db, people[voters].uuid, AttendanceStatus.EXCUSED)
    workshops.give_proxy(db, people[voters].uuid, people[0].uuid)
    actions0 = [a.uuid for a in orientations[0].actions()][:6]
    actions1 = [a.uuid for a in orientations[1].actions()][:4]
    named = rounds.create_round(db, w.uuid, orientations[0].uuid, method=Method.MAJORITY_JUDGMENT,
                                mode=RoundMode.NAMED, action_uuids=actions0).value
    secret = rounds.create_round(db, w.uuid, orientations[0].uuid, method=Method.SCORE, mode=RoundMode.SECRET,
                                 action_uuids=actions0[:4]).value
    analog = rounds.create_round(db, w.uuid, orientations[1].uuid, method=Method.YES_NO, mode=RoundMode.ANALOG,
                                 action_uuids=actions1).value
    for r in (named, secret, analog):
        rounds.open_round(db, r.uuid)
    for person in people[:voters]:
        rounds.record_ballot(db, named.uuid, person.uuid, {a: rng.randint(0, 4) for a in actions0})
    # the secret round as an urn: the voters sign (people[0] for two voices, a proxy), the
    # émargement closes, then one paper per voice is entered with no voter
    signed = [urn.sign(db, secret.uuid, person.uuid) for person in people[:voters]]
    urn.close_urn(db, secret.uuid)
    for _ in range(sum(len(signature.voices) for signature in signed)):
        urn.record_paper(db, secret.uuid, {a: rng.randint(0, 5) for a in actions0[:4]})
    rounds.record_counts(db, analog.uuid, {a: {"yes": rng.randint(0, 3), "no": 1, "abstain": 0} for a in actions1},
                         voters=voters + 1)
    for r in (named, secret, analog):
        rounds.close_round(db, r.uuid)
    decisions.set_decision(db, w.uuid, actions0[0], DecisionKind.PRIORITY_1, "très soutenue")
    decisions.set_decision(db, w.uuid, actions0[1], DecisionKind.ADJOURNED)
    decisions.add_comment(db, w.uuid, "Penser aux hameaux", action_uuid=actions0[2], author="Élu")
    objective = next(iter(orientations[0].objectives))
    decisions.propose_action(db, w.uuid, objective.uuid, "Navette électrique vers la gare", proposer="Élu 1")
    if close:
        workshops.close_workshop(db, w.uuid)
    return workshops.get_workshop(db, w.uuid)


def dump(db) -> dict:  # type: ignore[no-untyped-def]
    """Every table's rows (without internal ids) to compare databases."""
    con = sqlite3.connect(db.path)
    try:
        out = {}
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            out[table] = sorted(map(repr, con.execute(f"SELECT * FROM {table}")))
        return out
    finally:
        con.close()


@pytest.fixture
def laptops(tmp_path, db, plan):  # type: ignore[no-untyped-def]
    """(A, B, identity of A, identity of B): A is the ``db`` fixture; B a fresh database."""
    b = open_app_database(tmp_path / "b.sqlite3")
    id_a = load_or_create_identity(tmp_path / "id-a", name="Portable A")
    id_b = load_or_create_identity(tmp_path / "id-b", name="Bureau B")
    yield db, b, id_a, id_b
    b.close()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- round trip


def test_export_import_two_laptops_everything_travels(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    closed = run_workshop(a, plan, title="Atelier Anduze", seed=1)
    running = run_workshop(a, plan, title="Atelier Lasalle", close=False, seed=2, communes=("Lasalle",))
    result = sync.export_workshops(a, "all", tmp_path / "a", identity=id_a)
    assert result.path.name == "a.projter" and result.workshops == 2 and result.plans == 1

    preview = sync.preview_import(b, result.path, identity=id_b)
    assert preview.device_status is sync.DeviceStatus.UNKNOWN
    assert preview.device.fingerprint == id_a.fingerprint
    assert {w.outcome for w in preview.workshops} == {sync.Outcome.ADDED}
    assert preview.counts["workshops"].added == 2 and preview.counts["ballots"].added == 2 * (5 + 6)
    assert preview.counts["plans"].identical == 1  # the bundled plan is already on B
    with pytest.raises(sync.UnknownDeviceError, match="--trust"):
        sync.apply_import(b, preview, identity=id_b)
    assert workshops.list_workshops(b) == []

    summary = sync.apply_import(b, preview, trust_device=True, identity=id_b)
    assert summary.changed and summary.changes.workshops
    for original in (closed, running):
        copy = workshops.get_workshop(b, original.uuid)
        assert copy == original  # every record, secret ballots and fingerprints included
    assert workshops.verify_fingerprint(workshops.get_workshop(b, closed.uuid))
    secret = workshops.get_workshop(b, closed.uuid).rounds[1]
    assert secret.mode is RoundMode.SECRET and all(ballot.attendee_uuid is None for ballot in secret.ballots)
    assert len(secret.voted) == 5
    imported = workshops.get_workshop(b, closed.uuid)
    assert rounds.tally_record(closed, closed.rounds[0]) == rounds.tally_record(imported, imported.rounds[0])
    device = sync.list_devices(b)[0]
    assert (device.uuid, device.trusted, device.name) == (id_a.uuid, True, "Portable A")
    assert sync.import_history(b)[0].file_sha256 == result.sha256
    # the directory and the communes came along
    names = {p.name for p in workshops.list_participants(b)}
    assert {a.name for a in closed.attendees} <= names
    assert "Lasalle" in {c.name for c in workshops.list_communes(b)}


def test_secret_ballots_in_the_file_carry_no_attendee(laptops, plan, tmp_path):
    a, _b, id_a, _ = laptops
    run_workshop(a, plan)
    path = sync.export_workshops(a, None, tmp_path / "a.projter", identity=id_a).path
    with zipfile.ZipFile(path) as archive:
        text = archive.read("workshops.json").decode()
        names = archive.namelist()
    assert names == ["manifest.json", "manifest.sig", "plans.json", "workshops.json"]
    import json

    document = json.loads(text)
    secret = next(r for r in document["workshops"][0]["rounds"] if r["mode"] == "secret")
    assert all(b["attendee_uuid"] is None for b in secret["ballots"])
    assert [b["uuid"] for b in secret["ballots"]] == sorted(b["uuid"] for b in secret["ballots"])
    assert len(secret["voted"]) == 5


def test_import_is_idempotent(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    run_workshop(a, plan)
    run_workshop(a, plan, title="Ouvert", close=False, seed=3)
    path = sync.export_workshops(a, None, tmp_path / "a.projter", identity=id_a).path
    sync.apply_import(b, path, trust_device=True, identity=id_b)
    before = dump(b)
    again = sync.preview_import(b, path, identity=id_b)
    assert again.already_imported and not again.changes_anything
    assert {w.outcome for w in again.workshops} == {sync.Outcome.IDENTICAL}
    summary = sync.apply_import(b, again, identity=id_b)
    assert not summary.changed
    assert dump(b) == before


def test_own_file_is_accepted_without_trust(laptops, plan, tmp_path):
    a, _b, id_a, _ = laptops
    w = run_workshop(a, plan)
    path = sync.export_workshops(a, [w.uuid], tmp_path / "a.projter", identity=id_a).path
    preview = sync.preview_import(a, path, identity=id_a)
    assert preview.device_status is sync.DeviceStatus.SELF
    assert not sync.apply_import(a, preview, identity=id_a).changed


def test_workshop_prepared_at_office_run_on_laptop_comes_back(laptops, plan, tmp_path):
    office, laptop, id_office, id_laptop = laptops
    orientations = list(plan.orientations())
    w = workshops.create_workshop(office, plan_uuid=plan.info.uuid, title="Préparé", scope=[orientations[0].uuid]).value
    people = [workshops.add_attendee(office, w.uuid, name=f"P{i}").value for i in range(3)]
    out = sync.export_workshops(office, [w.uuid], tmp_path / "prep.projter", identity=id_office).path
    sync.apply_import(laptop, out, trust_device=True, identity=id_laptop)
    # on the laptop: the workshop is run and closed
    for p in people:
        workshops.set_attendance(laptop, p.uuid, AttendanceStatus.PRESENT)
    r = rounds.create_round(laptop, w.uuid, orientations[0].uuid, method=Method.APPROVAL, mode=RoundMode.NAMED).value
    rounds.open_round(laptop, r.uuid)
    for p in people:
        rounds.record_ballot(laptop, r.uuid, p.uuid, {r.action_uuids[0]: True})
    workshops.close_workshop(laptop, w.uuid)
    back = sync.export_workshops(laptop, [w.uuid], tmp_path / "back.projter", identity=id_laptop).path
    preview = sync.preview_import(office, back, identity=id_office)
    assert [x.outcome for x in preview.workshops] == [sync.Outcome.UPDATED]
    assert preview.counts["ballots"].added == 3 and preview.counts["attendees"].updated == 3
    sync.apply_import(office, preview, trust_device=True, identity=id_office)
    assert workshops.get_workshop(office, w.uuid) == workshops.get_workshop(laptop, w.uuid)


def test_open_workshop_on_both_sides_merges_by_union(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    w = run_workshop(a, plan, close=False)
    path = sync.export_workshops(a, None, tmp_path / "a.projter", identity=id_a).path
    sync.apply_import(b, path, trust_device=True, identity=id_b)
    action = w.rounds[0].action_uuids[3]
    # A adds a comment; B adds a proposal and a later decision on the same action
    decisions.add_comment(a, w.uuid, "Ajout sur A")
    decisions.set_decision(a, w.uuid, action, DecisionKind.PRIORITY_2)
    objective = next(iter(next(iter(plan.orientations())).objectives))
    decisions.propose_action(b, w.uuid, objective.uuid, "Ajout sur B", kind=ActionKind.PRIORITISED)
    decisions.set_decision(b, w.uuid, action, DecisionKind.PRIORITY_3)  # later: wins
    path_b = sync.export_workshops(b, None, tmp_path / "b.projter", identity=id_b).path
    preview = sync.preview_import(a, path_b, identity=id_a)
    assert [x.outcome for x in preview.workshops] == [sync.Outcome.UPDATED]
    assert preview.counts["proposals"].added == 1 and preview.counts["decisions"].updated == 1
    sync.apply_import(a, preview, trust_device=True, identity=id_a)
    merged = workshops.get_workshop(a, w.uuid)
    assert {c.text for c in merged.comments} >= {"Ajout sur A"}
    assert "Ajout sur B" in {p.title for p in merged.proposals}
    assert next(d for d in merged.decisions if d.action_uuid == action).decision is DecisionKind.PRIORITY_3
    # and back to B: both converge
    path_a = sync.export_workshops(a, None, tmp_path / "a2.projter", identity=id_a).path
    sync.apply_import(b, path_a, identity=id_b)
    assert fingerprint(workshops.get_workshop(b, w.uuid)) == fingerprint(workshops.get_workshop(a, w.uuid))


def test_union_keeps_attendees_and_votes_added_here_since_the_export(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    w = run_workshop(a, plan, close=False)
    sync.apply_import(b, sync.export_workshops(a, None, tmp_path / "a.projter", identity=id_a).path,
                      trust_device=True, identity=id_b)
    late = workshops.add_attendee(a, w.uuid, name="Arrivé tard", commune="Anduze",
                                  status=AttendanceStatus.PRESENT).value
    orientation = next(iter(plan.orientations()))
    extra = rounds.create_round(a, w.uuid, orientation.uuid, method=Method.APPROVAL, mode=RoundMode.SECRET,
                                action_uuids=list(w.rounds[0].action_uuids[:2])).value
    rounds.open_round(a, extra.uuid)
    # the late arrival and two others vote in the urn (a secret round needs at least 3 voices)
    others = [x.uuid for x in w.attendees if x.status is AttendanceStatus.PRESENT
              and x.uuid not in {proxy.holder_uuid for proxy in w.proxies}][:2]
    voters = sorted([late.uuid, *others])
    assert urn.run_urn(a, extra.uuid, voters, [{extra.action_uuids[0]: True}] * 3) == 3
    decisions.add_comment(b, w.uuid, "Vu sur B")
    preview = sync.preview_import(a, sync.export_workshops(b, None, tmp_path / "b.projter", identity=id_b).path,
                                  identity=id_a)
    assert [x.outcome for x in preview.workshops] == [sync.Outcome.UPDATED]
    sync.apply_import(a, preview, trust_device=True, identity=id_a)
    merged = workshops.get_workshop(a, w.uuid)
    assert late.uuid in {x.uuid for x in merged.attendees}
    assert "Vu sur B" in {c.text for c in merged.comments}
    assert merged.round(extra.uuid).voted == tuple(voters) and len(merged.round(extra.uuid).ballots) == 3
    assert all(ballot.attendee_uuid is None for ballot in merged.round(extra.uuid).ballots)


def _diverged_closed(laptops, plan, tmp_path):  # type: ignore[no-untyped-def]
    """The same workshop closed on both laptops with different content."""
    a, b, id_a, id_b = laptops
    w = run_workshop(a, plan, close=False)
    sync.apply_import(b, sync.export_workshops(a, None, tmp_path / "x.projter", identity=id_a).path,
                      trust_device=True, identity=id_b)
    decisions.add_comment(b, w.uuid, "Seulement sur B")
    workshops.close_workshop(a, w.uuid)
    workshops.close_workshop(b, w.uuid)
    path = sync.export_workshops(b, None, tmp_path / "b.projter", identity=id_b).path
    return a, b, id_a, w, path


@pytest.mark.parametrize("choice", ["mine", "theirs", "copy"])
def test_conflict_resolutions(laptops, plan, tmp_path, choice):
    a, b, id_a, w, path = _diverged_closed(laptops, plan, tmp_path)
    mine_before = workshops.get_workshop(a, w.uuid)
    preview = sync.preview_import(a, path, identity=id_a)
    assert [x.outcome for x in preview.conflicts] == [sync.Outcome.CONFLICT]
    with pytest.raises(sync.UnresolvedConflictError):
        sync.apply_import(a, preview, trust_device=True, identity=id_a)
    sync.apply_import(a, preview, {w.uuid: choice}, trust_device=True, identity=id_a)
    now = workshops.get_workshop(a, w.uuid)
    titles = sorted(s.title for s in workshops.list_workshops(a))
    if choice == "mine":
        assert now == mine_before and titles == ["Atelier Anduze"]
    elif choice == "theirs":
        assert now == workshops.get_workshop(b, w.uuid) and workshops.verify_fingerprint(now)
    else:
        assert now == mine_before and titles == ["Atelier Anduze", "Atelier Anduze (copie)"]
        copy = next(s for s in workshops.list_workshops(a) if s.title.endswith("(copie)"))
        copied = workshops.get_workshop(a, copy.uuid)
        assert workshops.verify_fingerprint(copied) and "Seulement sur B" in {c.text for c in copied.comments}
        assert not {r.uuid for r in copied.rounds} & {r.uuid for r in now.rounds}
    # the same file again with the same choice changes nothing more
    before = dump(a)
    sync.apply_import(a, path, {w.uuid: choice}, identity=id_a)
    assert dump(a) == before


def test_closed_here_older_snapshot_in_file_is_identical(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    w = run_workshop(a, plan, close=False)
    old = sync.export_workshops(a, None, tmp_path / "old.projter", identity=id_a).path
    decisions.add_comment(a, w.uuid, "plus tard")
    workshops.close_workshop(a, w.uuid)
    preview = sync.preview_import(a, old, identity=id_a)
    assert [x.outcome for x in preview.workshops] == [sync.Outcome.IDENTICAL]


def test_unknown_plan_travels_with_the_workshop(laptops, plan, tmp_path):
    from projter_desktop.services import plans as plan_service

    a, b, id_a, id_b = laptops
    other = plan_service.with_new_ids(plan)
    other = replace(other, info=replace(other.info, name="Plan 2030"))
    from projter_desktop.store import plans as plan_repo

    with a.transaction() as session:
        plan_repo.add_plan(session, other)
    w = run_workshop(a, other, title="Sur le plan 2030")
    path = sync.export_workshops(a, [w.uuid], tmp_path / "p.projter", identity=id_a).path
    preview = sync.preview_import(b, path, identity=id_b)
    assert preview.counts["plans"].added == 1
    summary = sync.apply_import(b, preview, trust_device=True, identity=id_b)
    assert summary.changes.plans
    assert get_plan(b, other.info.uuid) == other
    assert workshops.get_workshop(b, w.uuid) == w


# --------------------------------------------------------------------------- devices


def test_revoked_device_is_refused(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    run_workshop(a, plan)
    path = sync.export_workshops(a, None, tmp_path / "a.projter", identity=id_a).path
    sync.trust_device(b, path, identity=id_b)
    assert sync.list_devices(b)[0].status is sync.DeviceStatus.TRUSTED
    sync.revoke_device(b, id_a.uuid[:8])
    assert sync.preview_import(b, path, identity=id_b).device_status is sync.DeviceStatus.REVOKED
    before = dump(b)
    with pytest.raises(sync.RevokedDeviceError) as error:
        sync.apply_import(b, path, trust_device=True, identity=id_b)
    assert error.value.code == "revoked_device"
    assert dump(b) == before
    sync.trust_device(b, id_a.uuid)  # approve again explicitly
    assert sync.apply_import(b, path, identity=id_b).changed


def test_same_device_uuid_with_another_key_is_refused(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    run_workshop(a, plan)
    path = sync.export_workshops(a, None, tmp_path / "a.projter", identity=id_a).path
    sync.trust_device(b, path, identity=id_b)
    impostor = replace(load_or_create_identity(tmp_path / "id-c"), uuid=id_a.uuid, name=id_a.name)
    fake = sync.export_workshops(a, None, tmp_path / "fake.projter", identity=impostor).path
    assert sync.preview_import(b, fake, identity=id_b).device_status is sync.DeviceStatus.KEY_CHANGED
    with pytest.raises(sync.DeviceKeyChangedError):
        sync.apply_import(b, fake, trust_device=True, identity=id_b)


def test_tampered_member_is_refused_and_nothing_written(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    run_workshop(a, plan)
    path = sync.export_workshops(a, None, tmp_path / "a.projter", identity=id_a).path
    with zipfile.ZipFile(path) as archive:
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    tampered = [(n, d.replace(b'"priority_1"', b'"priority_2"') if n == "workshops.json" else d) for n, d in members]
    bad = projter_file.write_archive(tmp_path / "bad.projter", tampered, created_at=datetime.now(UTC))
    before = dump(b)
    with pytest.raises(sync.ImportRefusedError) as error:
        sync.apply_import(b, bad, trust_device=True, identity=id_b)
    assert error.value.code == "checksum_mismatch"
    assert dump(b) == before


def test_device_services(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    me = sync.this_device(id_b)
    assert me.is_self and me.fingerprint == id_b.fingerprint and me.status is sync.DeviceStatus.SELF
    with pytest.raises(UserError, match="Aucun ordinateur"):
        sync.trust_device(b, "deadbeef")
    run_workshop(a, plan)
    path = sync.export_workshops(a, None, tmp_path / "a.projter", identity=id_a).path
    revoked = sync.revoke_device(b, path).value  # a device can be refused before it is ever trusted
    assert revoked.revoked and not revoked.trusted


# --------------------------------------------------------------------------- batches


def test_batch_with_a_refused_file_and_cancel(laptops, plan, tmp_path):
    a, b, id_a, id_b = laptops
    folder = tmp_path / "usb"
    folder.mkdir()
    for i in range(3):
        w = run_workshop(a, plan, title=f"Atelier {i}", seed=i)
        sync.export_workshops(a, [w.uuid], folder / f"w{i}.projter", identity=id_a)
    (folder / "broken.projter").write_bytes(b"PK\x03\x04 nope")
    seen = []
    batch = sync.preview_imports(b, [folder], progress=lambda done, total: seen.append((done, total)), identity=id_b)
    assert len(batch.previews) == 3 and [r.code for r in batch.refused] == ["corrupt_zip"]
    assert seen[-1] == (4, 4)
    before = dump(b)

    class Cancelled(Exception):
        pass

    def cancel_after_two(done, total):  # type: ignore[no-untyped-def]
        if done == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        sync.apply_imports(b, batch, trust_devices=True, progress=cancel_after_two, identity=id_b)
    assert dump(b) == before  # all or nothing
    summary = sync.apply_imports(b, batch, trust_devices={id_a.uuid}, identity=id_b)
    assert len(summary.files) == 3 and summary.total("workshops").added == 3
    assert len(workshops.list_workshops(b)) == 3


# --------------------------------------------------------------------------- property


def _classes_large_enough(weights) -> bool:  # type: ignore[no-untyped-def]
    return all(count >= urn.MIN_VOICES_PER_CLASS for count in urn.weight_classes(weights).values())


#: Titles people can type: no control character (refused at entry, issue 14).
_TITLES = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20).filter(str.strip)


def _random_workshop(db, plan, data):  # type: ignore[no-untyped-def]
    orientations = list(plan.orientations())
    orientation = orientations[data.draw(st.integers(0, len(orientations) - 1))]
    actions = [a.uuid for a in orientation.actions()]
    w = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title=data.draw(_TITLES),
                                  scope=[orientation.uuid], communes=data.draw(st.lists(st.sampled_from(["Alès", "Anduze", "Saint-Jean"]), max_size=2))).value
    n = data.draw(st.integers(1, 6))
    # mixed weights, or one weight for all (so that secret rounds, which need at least
    # urn.MIN_VOICES_PER_CLASS voices of each weight present, can open often enough)
    same_weight = data.draw(st.booleans())
    people = [workshops.add_attendee(db, w.uuid, name=f"Personne {i}",
                                     vote_weight=1.0 if same_weight else data.draw(st.sampled_from([1.0, 2.0, 0.5]))).value
              for i in range(n)]
    for p in people:
        workshops.set_attendance(db, p.uuid, AttendanceStatus.PRESENT)
    chosen = actions[: data.draw(st.integers(1, min(4, len(actions))))]
    for mode in data.draw(st.lists(st.sampled_from([RoundMode.NAMED, RoundMode.SECRET]), max_size=2)):
        method = data.draw(st.sampled_from([Method.MAJORITY_JUDGMENT, Method.SCORE, Method.APPROVAL, Method.YES_NO]))
        r = rounds.create_round(db, w.uuid, orientation.uuid, method=method, mode=mode, action_uuids=chosen).value
        value = {Method.MAJORITY_JUDGMENT: st.integers(0, 4), Method.SCORE: st.integers(0, 5),
                 Method.APPROVAL: st.booleans(), Method.YES_NO: st.sampled_from(["yes", "no", "abstain"])}[method]
        if mode is RoundMode.SECRET and not _classes_large_enough([p.vote_weight for p in people]):
            with pytest.raises(UserError, match="secret"):  # a paper could name its voter
                rounds.open_round(db, r.uuid)
            continue  # the round stays a draft
        rounds.open_round(db, r.uuid)
        if mode is RoundMode.NAMED:
            for p in people[: data.draw(st.integers(0, n))]:
                rounds.record_ballot(db, r.uuid, p.uuid, {a: data.draw(value) for a in chosen})
            continue
        voters = people[: data.draw(st.one_of(st.just(n), st.integers(0, n)))]  # often everyone
        # secret: the voters sign, the émargement closes, then the papers (no voter), at
        # most one per voice signed of each weight
        weights = [v for p in voters for v in urn.sign(db, r.uuid, p.uuid).voices]
        if not weights:
            continue
        if not _classes_large_enough(weights):
            with pytest.raises(UserError):
                urn.close_urn(db, r.uuid)
            continue  # émargement left open (closing the workshop closes the round)
        assert urn.close_urn(db, r.uuid).papers == len(weights)
        for weight, count in sorted(urn.weight_classes(weights).items()):
            for _ in range(data.draw(st.integers(1, count))):
                paper = urn.record_paper(db, r.uuid, {a: data.draw(value) for a in chosen}, weight=weight)
                assert paper.record.attendee_uuid is None
    if data.draw(st.booleans()):
        decisions.set_decision(db, w.uuid, chosen[0], data.draw(st.sampled_from(list(DecisionKind))),
                               data.draw(st.text(max_size=30)))
    if data.draw(st.booleans()):
        decisions.add_comment(db, w.uuid, data.draw(st.text(min_size=1, max_size=40).filter(str.strip)))
    if data.draw(st.booleans()):
        workshops.close_workshop(db, w.uuid)
    return workshops.get_workshop(db, w.uuid)


@pytest.fixture(scope="module")
def two_databases(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Two laptops kept for all the examples of the property test (each example adds its
    own workshops and exports only them)."""
    folder = tmp_path_factory.mktemp("prop")
    a = open_app_database(folder / "a.sqlite3")
    b = open_app_database(folder / "b.sqlite3")
    yield folder, a, b, load_or_create_identity(folder / "id-a"), load_or_create_identity(folder / "id-b")
    a.close()
    b.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_import_of_export_is_identity(two_databases, data):
    folder, a, b, id_a, id_b = two_databases
    plan = get_plan(a)
    originals = [_random_workshop(a, plan, data) for _ in range(data.draw(st.integers(1, 2)))]
    path = sync.export_workshops(a, [w.uuid for w in originals], folder / "x.projter", identity=id_a).path
    sync.apply_import(b, path, trust_device=True, identity=id_b)
    for original in originals:
        assert workshops.get_workshop(b, original.uuid) == original
    assert not sync.apply_import(b, path, identity=id_b).changed


def test_export_of_nothing_is_refused(db, tmp_path):
    with pytest.raises(UserError, match="Aucun atelier"):
        sync.export_workshops(db, None, tmp_path / "x.projter", identity=load_or_create_identity(tmp_path / "i"))


def test_union_renumbers_rounds_and_merges_duplicate_attendee(plan):
    from projter_desktop.domain.workshop import Attendee, Workshop

    base = Workshop(uuid="w", plan_uuid=plan.info.uuid, title="t",
                    attendees=(Attendee("a1", "p1", "Alice"),), created_at=datetime(2026, 1, 1, tzinfo=UTC))
    other = replace(base, attendees=(Attendee("a2", "p1", "Alice"), Attendee("a3", "p2", "Bob")))
    merged = sync.union(base, other)
    assert [a.uuid for a in merged.attendees] == ["a1", "a3"]
    later = datetime(2026, 1, 2, tzinfo=UTC) + timedelta(hours=1)
    from projter_desktop.domain.workshop import DecisionRecord

    mine = replace(base, decisions=(DecisionRecord("d1", "x", DecisionKind.PRIORITY_1, "", datetime(2026, 1, 2, tzinfo=UTC)),))
    theirs = replace(base, decisions=(DecisionRecord("d2", "x", DecisionKind.ABANDONED, "", later),))
    assert sync.union(mine, theirs).decisions[0].uuid == "d2"
    assert sync.union(theirs, mine).decisions[0].uuid == "d2"
    assert WorkshopStatus.CLOSED  # noqa: B015


# --------------------------------------------------------------------------- command line


def test_command_line_export_import_devices_consolidate(laptops, plan, tmp_path, monkeypatch, capsys):
    from projter_desktop.cli import main

    a, b, _id_a, _id_b = laptops
    w = run_workshop(a, plan)
    monkeypatch.setenv("PROJTER_DATA_DIR", str(tmp_path / "laptop-a"))
    assert main(["--db", str(a.path), "export", "--workshop", w.uuid[:8], "-o", str(tmp_path / "cli")]) == 0
    assert "1 atelier(s) exporté(s)" in capsys.readouterr().out
    path = tmp_path / "cli.projter"
    monkeypatch.setenv("PROJTER_DATA_DIR", str(tmp_path / "office"))
    assert main(["--db", str(b.path), "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "nouveau" in out and "ordinateur inconnu" in out
    assert main(["--db", str(b.path), "import", str(path)]) == 1
    assert "--trust" in capsys.readouterr().err
    assert workshops.list_workshops(b) == []
    assert main(["--db", str(b.path), "import", str(path), "--trust"]) == 0
    assert "1 atelier(s) ajouté(s)" in capsys.readouterr().out
    assert main(["--db", str(b.path), "devices", "list", "--json"]) == 0
    import json

    listed = json.loads(capsys.readouterr().out)
    assert [d["status"] for d in listed] == ["self", "trusted"]
    assert main(["--db", str(b.path), "devices", "revoke", listed[1]["uuid"][:8]]) == 0
    assert main(["--db", str(b.path), "import", str(path)]) == 1
    assert "révoqué" in capsys.readouterr().err
    assert main(["--db", str(b.path), "consolidate", "-o", str(tmp_path / "c.xlsx"), "--commune", "Anduze"]) == 0
    assert (tmp_path / "c.xlsx").exists()
    assert main(["--db", str(b.path), "consolidate", "--from", "2026-12-01"]) == 0
    assert "0 atelier(s)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(b.path), "consolidate", "--from", "31/12/2026"])
    assert usage.value.code == 2 and "AAAA-MM-JJ" in capsys.readouterr().err


def test_an_export_larger_than_one_file_is_written_in_several_that_import_together(laptops, plan, tmp_path,  # type: ignore[no-untyped-def]
                                                                                   monkeypatch):
    """"Export all" of a whole consultation is more than one file may hold (12 MB, about
    thirty full-day workshops): it is written in several whole files instead of refused."""
    a, b, id_a, id_b = laptops
    made = [run_workshop(a, plan, title=f"Atelier {n}", seed=n, communes=(f"Commune {n}",)) for n in range(3)]
    uuids = [getattr(w, "uuid", w) for w in made]
    loaded = [workshops.get_workshop(a, u) for u in uuids]
    people = workshops.list_participants(a)
    one = sum(len(d) for d in projter_file.export_members([plan], people, loaded[:1]).values())
    all_three = sum(len(d) for d in projter_file.export_members([plan], people, loaded).values())
    # room for about two workshops: three do not fit, each alone does
    limit = projter_file.MAX_MANIFEST_BYTES + projter_file.SIGNATURE_BYTES + (one + all_three) // 2
    monkeypatch.setattr(projter_file, "MAX_TOTAL_UNCOMPRESSED", limit)
    result = sync.export_workshops(a, "all", tmp_path / "tout", identity=id_a)
    assert len(result.files) == 2 and result.files[0] == result.path == tmp_path / "tout.projter"
    assert result.files[1] == tmp_path / "tout-2.projter" and result.workshops == 3
    assert result.size == sum(f.stat().st_size for f in result.files)
    in_files = [len(projter_file.read_export(file).workshops) for file in result.files]
    assert sorted(in_files) == [1, 2]
    for file in result.files:
        sync.apply_import(b, file, trust_device=True, identity=id_b)
    assert sorted(w.uuid for w in workshops.list_workshops(b)) == sorted(uuids)
