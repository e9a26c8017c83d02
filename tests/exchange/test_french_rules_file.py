"""Export files and the French rules: a format-1 file written before them reads with the
legacy values (same tallies, same fingerprints, also once imported); the new fields travel
(format 2) and the files written validate against the JSON schemas."""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import (
    AttendanceStatus,
    RoundMode,
    WorkshopStatus,
    canonical_content,
    fingerprint,
    json_values,
)
from projter_desktop.exchange import projter_file
from projter_desktop.exchange.identity import load_or_create_identity
from projter_desktop.exchange.projter_file import Code, ProjterFileError
from projter_desktop.services import rounds, sync, workshops

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legacy"
LEGACY_FILE = FIXTURES / "legacy-format1.projter"


def outcome(tally: dict[str, Any]) -> dict[str, Any]:
    return {
        "quorum_reached": tally["quorum_reached"],
        "voters": tally["voters"],
        "condorcet_winner": tally["condorcet_winner"],
        "rows": [(r["action"], r["rank"], r["tied"], r["score"], r["details"].get("adopted")) for r in tally["rows"]],
    }


@pytest.fixture
def identity(tmp_path):  # type: ignore[no-untyped-def]
    return load_or_create_identity(tmp_path / "identity", name="Portable de test")


def test_a_format_1_file_reads_with_the_legacy_rules() -> None:
    content = projter_file.read_export(LEGACY_FILE)  # fingerprints verified
    assert content.format_version == 1 < projter_file.FORMAT_VERSION
    expected = json.loads((FIXTURES / "legacy-tallies.json").read_text(encoding="utf-8"))
    assert {r.uuid for w in content.workshops for r in w.rounds} == set(expected)
    legacy_codes = json.loads(zipfile.ZipFile(LEGACY_FILE).read("workshops.json"))
    old_majority = {r["uuid"]: r["config"]["majority"] for w in legacy_codes["workshops"] for r in w["rounds"]}
    renamed = {"simple": "absolute_expressed", "absolute": "absolute_cast", "two_thirds": "two_thirds_expressed"}
    statuses = set()
    for workshop in content.workshops:
        statuses.add(workshop.status)
        assert workshop.chair is None and workshop.quorum_basis == "present_and_represented"
        if workshop.is_closed:
            assert fingerprint(workshop) == workshop.fingerprint
        for record in workshop.rounds:
            config = record.config
            assert config.majority == renamed[old_majority[record.uuid]]
            assert (config.casting_vote, config.quorum_basis, config.borda_rule, config.min_rated_share) == \
                (None, "votes_cast", "classic", 0)
            assert record.present_members is None and record.represented_members is None
            assert outcome(json_values(asdict(rounds.tally_record(workshop, record)))) == outcome(expected[record.uuid])
    assert statuses == {WorkshopStatus.CLOSED, WorkshopStatus.RUNNING}


def test_a_format_1_file_is_imported_keeping_fingerprints(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    me = load_or_create_identity(tmp_path / "me", name="Bureau")
    preview = sync.preview_import(db, LEGACY_FILE, identity=me)
    assert {w.outcome for w in preview.workshops} == {sync.Outcome.ADDED}
    sync.apply_import(db, preview, trust_device=True, identity=me)
    for summary in workshops.list_workshops(db):
        workshop = workshops.get_workshop(db, summary.uuid)
        assert workshop.quorum_basis == "present_and_represented" and workshop.chair is None
        if workshop.is_closed:
            assert workshops.verify_fingerprint(workshop)
    # exported again (format 2), the closed workshop still carries the same fingerprint
    again = sync.export_workshops(db, "all", tmp_path / "again", identity=me)
    reread = projter_file.read_export(again.path)
    assert reread.format_version == projter_file.FORMAT_VERSION == 2
    old = {w.uuid: w.fingerprint for w in projter_file.read_export(LEGACY_FILE).workshops}
    assert {w.uuid: w.fingerprint for w in reread.workshops} == old


def _french_workshop(db, plan):  # type: ignore[no-untyped-def]
    """A closed workshop using every new field: chair, quorum basis, casting vote, modified
    Borda, frozen attendance, a blank vote."""
    orientation = list(plan.orientations())[0]
    actions = [a.uuid for a in orientation.actions()][:3]
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Conseil communautaire", quorum=3,
                                         quorum_basis="present_and_represented", scope=[orientation.uuid]).value
    people = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}", status=AttendanceStatus.PRESENT).value.uuid
              for i in range(3)]
    excused = workshops.add_attendee(db, workshop.uuid, name="Élue excusée", status=AttendanceStatus.EXCUSED).value
    workshops.give_proxy(db, excused.uuid, people[1])
    workshops.set_chair(db, workshop.uuid, people[0])
    yes_no = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.YES_NO, mode=RoundMode.NAMED,
                                 action_uuids=actions, options={"quorum": 3}, open_now=True).value
    for voter, mark in zip(people, ("yes", "blank", "no")):
        rounds.record_ballot(db, yes_no.uuid, voter, {actions[0]: mark})
    rounds.close_round(db, yes_no.uuid)
    borda = rounds.create_round(db, workshop.uuid, orientation.uuid, method=Method.BORDA, mode=RoundMode.NAMED,
                                action_uuids=actions, open_now=True).value
    for voter in people:
        rounds.record_ballot(db, borda.uuid, voter, {actions[0]: 1, actions[1]: 2})
    return workshops.close_workshop(db, workshop.uuid).value


def test_the_new_fields_travel_and_the_file_validates(db, plan, identity, tmp_path) -> None:  # type: ignore[no-untyped-def]
    workshop = _french_workshop(db, plan)
    assert workshop.chair and workshop.quorum_basis == "present_and_represented"
    yes_no, borda = workshop.rounds
    assert yes_no.config.casting_vote == workshop.chair and borda.config.borda_rule == "modified"
    assert (yes_no.present_members, yes_no.represented_members) == (3, 1)
    result = sync.export_workshops(db, [workshop.uuid], tmp_path / "conseil", identity=identity)
    archive = zipfile.ZipFile(result.path)
    manifest = json.loads(archive.read("manifest.json"))
    document = json.loads(archive.read("workshops.json"))["workshops"][0]
    assert manifest["format_version"] == 2
    assert (document["chair"], document["quorum_basis"]) == (workshop.chair, "present_and_represented")
    assert document["rounds"][0]["present_members"] == 3 and document["rounds"][0]["represented_members"] == 1
    assert document["rounds"][0]["config"]["casting_vote"] == workshop.chair
    assert document["rounds"][1]["config"]["borda_rule"] == "modified"
    # every file written validates against the schemas (read_export checks them first)
    projter_file._validator("workshops").validate(json.loads(archive.read("workshops.json")))
    projter_file._validator("manifest").validate(manifest)
    content = projter_file.read_export(result.path)
    assert content.workshops == (workshop,)
    assert projter_file.document_fingerprint(document) == fingerprint(workshop) == workshop.fingerprint


def test_the_canonical_form_keeps_new_values_and_leaves_out_legacy_ones(db, plan) -> None:  # type: ignore[no-untyped-def]
    workshop = _french_workshop(db, plan)
    content = canonical_content(workshop)
    assert content["chair"] == workshop.chair and "quorum_basis" not in content  # legacy basis left out
    yes_no = content["rounds"][0]
    assert yes_no["config"]["majority"] == "simple"  # absolute_expressed under its format-1 code
    assert yes_no["config"]["casting_vote"] == workshop.chair and yes_no["config"]["quorum_basis"] == "present_and_represented"
    assert (yes_no["present_members"], yes_no["represented_members"]) == (3, 1)
    present = replace(workshop, quorum_basis="present")
    assert canonical_content(present)["quorum_basis"] == "present"
    assert fingerprint(present) != fingerprint(workshop)
    unanimity = replace(workshop, rounds=(replace(workshop.rounds[0], config=replace(
        workshop.rounds[0].config, majority="unanimity")), workshop.rounds[1]))
    assert canonical_content(unanimity)["rounds"][0]["config"]["majority"] == "unanimity"


def _rewrite(path: Path, out: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """The file at ``path`` with its workshops.json edited, signed again by another laptop."""
    archive = zipfile.ZipFile(path)
    document = json.loads(archive.read("workshops.json"))
    edit(document)
    me = load_or_create_identity(out.parent / "rewriter", name="Réécriture")
    data = {"plans.json": archive.read("plans.json"), "workshops.json": projter_file.encode_json(document)}
    moment = datetime(2026, 10, 14, 16, 30, tzinfo=UTC)
    manifest = projter_file.build_manifest(me, data, created_at=moment)
    entries = [("manifest.json", manifest), ("manifest.sig", me.sign(manifest)), *data.items()]
    return projter_file.write_archive(out, entries, created_at=moment)


def test_a_casting_vote_outside_a_named_round_or_a_stranger_chair_is_refused(db, plan, identity, tmp_path) -> None:  # type: ignore[no-untyped-def]
    workshop = _french_workshop(db, plan)
    written = sync.export_workshops(db, [workshop.uuid], tmp_path / "ok", identity=identity).path

    def secret(document):  # type: ignore[no-untyped-def]
        round_ = document["workshops"][0]["rounds"][0]
        round_["mode"] = "secret"
        for ballot in round_["ballots"]:
            ballot["attendee_uuid"] = None

    def stranger(document):  # type: ignore[no-untyped-def]
        document["workshops"][0]["chair"] = "00000000-0000-4000-8000-000000000999"

    def basis(document):  # type: ignore[no-untyped-def]
        document["workshops"][0]["quorum_basis"] = "votes_cast"

    for edit, code in ((secret, Code.INVALID_CONTENT), (stranger, Code.DANGLING_REFERENCE),
                       (basis, Code.SCHEMA_VIOLATION)):
        path = _rewrite(written, tmp_path / f"{edit.__name__}.projter", edit)
        with pytest.raises(ProjterFileError) as caught:
            projter_file.read_export(path, verify_fingerprints=False)
        assert caught.value.code is code, edit.__name__
