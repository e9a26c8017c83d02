"""The .projter format: a valid file reads back; hostile files are refused, each with its
own stable code, and an import of them leaves the database file byte-identical."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import sys
import warnings
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from projter_desktop.domain.voting import Method, RoundConfig
from projter_desktop.domain.workshop import (
    AttendanceStatus,
    Attendee,
    BallotRecord,
    DecisionKind,
    DecisionRecord,
    Participant,
    RoundMode,
    RoundRecord,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    fingerprint,
)
from projter_desktop.exchange import projter_file
from projter_desktop.exchange.identity import load_or_create_identity
from projter_desktop.exchange.projter_file import Code, ProjterFileError
from projter_desktop.services import sync
from projter_desktop.services.plans import bundled_plan

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return bundled_plan()


@pytest.fixture
def identity(tmp_path):  # type: ignore[no-untyped-def]
    return load_or_create_identity(tmp_path / "identity", name="Portable de test")


def make_workshop(plan) -> tuple[list[Participant], Workshop]:  # type: ignore[no-untyped-def]
    orientation = next(iter(plan.orientations()))
    actions = tuple(a.uuid for a in orientation.actions())[:3]
    people = [Participant(_uuid(100 + i), f"Élu {i}", "Maire", "Anduze") for i in range(3)]
    attendees = tuple(Attendee(_uuid(200 + i), p.uuid, p.name, p.role, p.commune, 1.0, AttendanceStatus.PRESENT, T0)
                      for i, p in enumerate(people))
    named = RoundRecord(
        uuid=_uuid(300), number=1, orientation_uuid=orientation.uuid, title="Tour 1", method=Method.MAJORITY_JUDGMENT,
        mode=RoundMode.NAMED, config=RoundConfig(Method.MAJORITY_JUDGMENT), action_uuids=actions,
        status=RoundStatus.CLOSED, results_hidden=False, opened_at=T0, closed_at=T0 + timedelta(minutes=5),
        ballots=tuple(BallotRecord(_uuid(400 + i), a.uuid, 1.0, {x: i % 5 for x in actions}) for i, a in enumerate(attendees)),
        voted=tuple(sorted(a.uuid for a in attendees)))
    secret = RoundRecord(
        uuid=_uuid(301), number=2, orientation_uuid=orientation.uuid, title="Tour 2", method=Method.SCORE,
        mode=RoundMode.SECRET, config=RoundConfig(Method.SCORE), action_uuids=actions, status=RoundStatus.CLOSED,
        results_hidden=False, opened_at=T0, closed_at=T0 + timedelta(minutes=9),
        ballots=tuple(BallotRecord(_uuid(500 + i), None, 1.0, {x: 3 for x in actions}) for i in range(3)),
        voted=tuple(sorted(a.uuid for a in attendees)))
    workshop = Workshop(
        uuid=_uuid(1), plan_uuid=plan.info.uuid, title="Atelier Anduze", starts_at=T0, place="Mairie",
        communes=("Anduze",), status=WorkshopStatus.CLOSED, closed_at=T0 + timedelta(hours=2),
        scope=(orientation.uuid,), attendees=attendees, rounds=(named, secret),
        decisions=(DecisionRecord(_uuid(600), actions[0], DecisionKind.PRIORITY_1, "", T0 + timedelta(hours=1)),),
        created_at=T0 - timedelta(days=3))
    return people, replace(workshop, fingerprint=fingerprint(workshop))


def members(plan) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    people, workshop = make_workshop(plan)
    return projter_file.export_members([plan], people, [workshop])


def build(path: Path, identity, data: dict[str, bytes], *, manifest: bytes | None = None,  # type: ignore[no-untyped-def]
          signature: bytes | None = None, extra: list[tuple[str, bytes]] = (), drop: tuple[str, ...] = ()) -> Path:
    manifest = manifest or projter_file.build_manifest(identity, data, created_at=T0)
    signature = identity.sign(manifest) if signature is None else signature
    entries = [("manifest.json", manifest), ("manifest.sig", signature), *data.items(), *extra]
    entries = [(n, d) for n, d in entries if n not in drop]
    return projter_file.write_archive(path, entries, created_at=T0)


def manifest_of(identity, data, **changes) -> bytes:  # type: ignore[no-untyped-def]
    document = json.loads(projter_file.build_manifest(identity, data, created_at=T0))
    document.update(changes)
    return projter_file.encode_json(document, indent=2)


def workshops_doc(plan) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(members(plan)["workshops.json"])


def with_workshops(plan, document) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    data = members(plan)
    data["workshops.json"] = projter_file.encode_json(document)
    return data


# --------------------------------------------------------------------------- valid files


def test_valid_file_reads_back_exactly(plan, identity, tmp_path):
    people, workshop = make_workshop(plan)
    written = projter_file.write_export(tmp_path / "ok.projter", identity, plans=[plan], participants=people,
                                        workshops=[workshop], created_at=T0)
    content = projter_file.read_export(written.path)
    assert content.workshops == (workshop,)
    assert content.plans == (plan,) and content.participants == tuple(people)
    assert content.device.uuid == identity.uuid and content.device.fingerprint == identity.fingerprint
    assert content.sha256 == written.sha256 == hashlib.sha256(written.path.read_bytes()).hexdigest()
    assert content.format_version == projter_file.FORMAT_VERSION and content.created_at == T0
    with zipfile.ZipFile(written.path) as archive:
        assert archive.namelist() == list(projter_file.MEMBERS)
        assert archive.read("manifest.sig") == identity.sign(archive.read("manifest.json"))
    assert not list(tmp_path.glob("*.part"))


def test_writing_is_deterministic_and_atomic(plan, identity, tmp_path):
    people, workshop = make_workshop(plan)
    kwargs = dict(plans=[plan], participants=people, workshops=[workshop], created_at=T0)
    first = projter_file.write_export(tmp_path / "a.projter", identity, **kwargs)
    second = projter_file.write_export(tmp_path / "b.projter", identity, **kwargs)
    assert first.path.read_bytes() == second.path.read_bytes()
    with pytest.raises(OSError):
        projter_file.write_export(tmp_path / "missing" / "c.projter", identity, **kwargs)
    assert not list(tmp_path.rglob("*.part"))


def test_document_fingerprint_matches_the_domain(plan):
    document = workshops_doc(plan)["workshops"][0]
    _people, workshop = make_workshop(plan)
    assert projter_file.document_fingerprint(document) == fingerprint(workshop) == document["fingerprint"]


def test_ballot_check_agrees_with_the_schema():
    from jsonschema import Draft202012Validator

    schema = projter_file.workshops_schema()
    ballot_schema = dict(schema["$defs"]["ballot"], **{"$defs": schema["$defs"]})
    validator = Draft202012Validator(ballot_schema)
    good = {"uuid": _uuid(1), "attendee_uuid": None, "weight": 1.5, "marks": {"x": 1}}
    samples = [
        good, dict(good, attendee_uuid=_uuid(2)), dict(good, weight=0), dict(good, weight=-1), dict(good, weight=True),
        dict(good, weight="1"), dict(good, weight=10**7), dict(good, uuid="nope"), dict(good, uuid=12),
        dict(good, attendee_uuid="x"), dict(good, marks=[]), dict(good, marks={str(i): 1 for i in range(1001)}),
        dict(good, extra=1), {k: v for k, v in good.items() if k != "marks"}, [], "ballot", None,
        dict(good, uuid=_uuid(3).upper()), dict(good, weight=1_000_000),
    ]
    for sample in samples:
        assert (projter_file._check_ballot(sample, secret=False) is None) == validator.is_valid(sample), sample


# --------------------------------------------------------------------------- hostile files


def _db_bytes(db) -> str:  # type: ignore[no-untyped-def]
    db.engine.dispose()  # last connection closed: WAL checkpointed into the main file
    return hashlib.sha256(Path(db.path).read_bytes()).hexdigest()


@cache
def reference_reader():  # type: ignore[no-untyped-def]
    """tools/reference_reader.py, the reader written from docs/exchange-format.md alone."""
    source = Path(__file__).resolve().parents[2] / "tools" / "reference_reader.py"
    spec = importlib.util.spec_from_file_location("reference_reader", source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    module.SCHEMAS = module.Schemas(module.DEFAULT_SCHEMAS)
    return module


def assert_reference_verdict(path: Path, code: Code | None, *, verify_fingerprints: bool = True) -> None:
    """The reference reader gives the application's verdict on ``path`` (None: accepted),
    with the limits the application has now (a test may lower one)."""
    reader = reference_reader()
    limits = reader.Limits(
        max_file_bytes=projter_file.MAX_FILE_BYTES, max_entries=projter_file.MAX_ENTRIES,
        max_total_uncompressed=projter_file.MAX_TOTAL_UNCOMPRESSED, max_ratio=projter_file.MAX_RATIO,
        ratio_floor=projter_file.RATIO_FLOOR, max_manifest_bytes=projter_file.MAX_MANIFEST_BYTES,
        signature_bytes=projter_file.SIGNATURE_BYTES)
    verdict = reader.read(path, limits=limits, schemas=reader.SCHEMAS, verify_fingerprints=verify_fingerprints)
    assert (verdict.accepted, verdict.code) == (code is None, None if code is None else code.value), (
        f"tools/reference_reader.py disagrees with the application on {path.name}: it says "
        f"{verdict.code or 'accepted'} ({verdict.detail}), the application {code or 'accepted'}. "
        "Complete docs/exchange-format.md and the reference reader with the rule.")


def assert_refused(db, path: Path, code: Code, identity) -> ProjterFileError:  # type: ignore[no-untyped-def]
    """The hostile catalogue: every case goes through here, so the reference reader is
    checked against each (tests/exchange/test_reference_reader.py makes sure of it)."""
    before = _db_bytes(db)
    with pytest.raises(ProjterFileError) as error:
        projter_file.read_export(path)
    assert error.value.code is code, (error.value.code, error.value.details)
    assert_reference_verdict(path, code)
    assert str(error.value).startswith(f"« {path.name} » : ")
    with pytest.raises(sync.ImportRefusedError) as refused:
        sync.apply_import(db, path, trust_device=True, identity=identity)
    assert refused.value.code == code.value and "Rien n'a été importé" in str(refused.value)
    batch = sync.preview_imports(db, [path], identity=identity)
    assert [r.code for r in batch.refused] == [code.value] and not batch.previews
    assert _db_bytes(db) == before
    return error.value


def test_not_a_zip(db, identity, tmp_path):
    path = tmp_path / "texte.projter"
    path.write_text("Bonjour, ceci n'est pas une archive.\n" * 10)
    assert_refused(db, path, Code.NOT_A_ZIP, identity)


def test_truncated(db, plan, identity, tmp_path):
    good = build(tmp_path / "good.projter", identity, members(plan)).read_bytes()
    path = tmp_path / "coupé.projter"
    path.write_bytes(good[: len(good) // 2])
    assert_refused(db, path, Code.CORRUPT, identity)


def test_empty(db, identity, tmp_path):
    path = tmp_path / "vide.projter"
    path.write_bytes(b"")
    assert_refused(db, path, Code.EMPTY, identity)


def test_missing_file(db, identity, tmp_path):
    assert_refused(db, tmp_path / "absent.projter", Code.NOT_FOUND, identity)


def test_a_folder_is_not_found():
    """A path that cannot be read (here a folder named like a file) is a refusal, not an
    IsADirectoryError (the import of a folder lists its files before reading them)."""
    import tempfile

    with tempfile.TemporaryDirectory(suffix=".projter") as folder:
        with pytest.raises(ProjterFileError) as error:
            projter_file.read_export(folder)
        assert error.value.code is Code.NOT_FOUND
        assert_reference_verdict(Path(folder), Code.NOT_FOUND)


def test_too_large(db, plan, identity, tmp_path, monkeypatch):
    path = build(tmp_path / "gros.projter", identity, members(plan))
    monkeypatch.setattr(projter_file, "MAX_FILE_BYTES", 1000)
    assert_refused(db, path, Code.TOO_LARGE, identity)


def test_zip_bomb_by_ratio(db, plan, identity, tmp_path):
    data = members(plan)
    data["workshops.json"] = b" " * (20 * 1024 * 1024)  # 20 MB compressing to ~20 kB
    assert_refused(db, build(tmp_path / "bombe.projter", identity, data), Code.ZIP_BOMB, identity)


def test_zip_bomb_by_declared_total(db, plan, identity, tmp_path, monkeypatch):
    path = build(tmp_path / "bombe2.projter", identity, members(plan))
    monkeypatch.setattr(projter_file, "MAX_TOTAL_UNCOMPRESSED", 2000)
    assert_refused(db, path, Code.ZIP_BOMB, identity)


def _central_entry(raw: bytes, name: bytes) -> int:
    """Offset of the central directory entry of ``name``."""
    offset = raw.find(b"PK\x01\x02")
    while offset >= 0:
        length = int.from_bytes(raw[offset + 28 : offset + 30], "little")
        if raw[offset + 46 : offset + 46 + length] == name:
            return offset
        offset = raw.find(b"PK\x01\x02", offset + 4)
    raise AssertionError(name)


def test_member_lying_about_its_size(db, plan, identity, tmp_path):
    """A member whose central directory declares 10 bytes but which inflates to more."""
    path = build(tmp_path / "menteur.projter", identity, members(plan))
    raw = bytearray(path.read_bytes())
    entry = _central_entry(bytes(raw), b"workshops.json")
    raw[entry + 24 : entry + 28] = (10).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(raw))
    error = assert_refused(db, path, Code.SIZE_MISMATCH, identity)
    assert "10 octets" in error.details


@pytest.mark.parametrize("name", ["../plans.json", "/etc/passwd", "dossier/../../x", "C:/Windows/x", "a\\b"])
def test_unsafe_names(db, plan, identity, tmp_path, name):
    path = build(tmp_path / "chemin.projter", identity, members(plan), extra=[(name, b"x")])
    assert_refused(db, path, Code.UNSAFE_NAME, identity)


def _patched_entry(path: Path, name: bytes, offset: int, value: bytes) -> Path:
    """``path`` with ``value`` written at ``offset`` of the central directory entry of ``name``."""
    raw = bytearray(path.read_bytes())
    entry = _central_entry(bytes(raw), name)
    raw[entry + offset : entry + offset + len(value)] = value
    path.write_bytes(bytes(raw))
    return path


def test_bad_crc_is_a_corrupt_zip(db, plan, identity, tmp_path):
    path = _patched_entry(build(tmp_path / "crc.projter", identity, members(plan)), b"workshops.json", 16, b"\0\0\0\0")
    assert_refused(db, path, Code.CORRUPT, identity)


def test_encrypted_flag(db, plan, identity, tmp_path):
    path = _patched_entry(build(tmp_path / "chiffré.projter", identity, members(plan)), b"plans.json", 8, b"\x01")
    assert_refused(db, path, Code.ENCRYPTED, identity)


def test_unsupported_compression(db, plan, identity, tmp_path):
    data = members(plan)
    manifest = projter_file.build_manifest(identity, data, created_at=T0)
    path = tmp_path / "bzip2.projter"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in [("manifest.json", manifest), ("manifest.sig", identity.sign(manifest)), *data.items()]:
            archive.writestr(name, content, compress_type=zipfile.ZIP_BZIP2 if name == "plans.json" else zipfile.ZIP_DEFLATED)
    assert_refused(db, path, Code.UNSUPPORTED_COMPRESSION, identity)


def test_text_ending_like_a_zip_is_not_a_zip(db, identity, tmp_path):
    """An end record (it announces a 46-byte directory at offset 0) after text: the
    directory cannot be read, and the file never was a ZIP."""
    path = tmp_path / "texte-fin-zip.projter"
    path.write_bytes(b"Bonjour.\n" * 20 + b"PK\x05\x06" + bytes(6) + (46).to_bytes(4, "little") + bytes(6))
    assert_refused(db, path, Code.NOT_A_ZIP, identity)


def test_directory_entry(db, plan, identity, tmp_path):
    path = build(tmp_path / "dossier.projter", identity, members(plan), extra=[("dossier/", b"")])
    assert_refused(db, path, Code.UNSAFE_NAME, identity)


def test_signature_of_65_bytes_is_a_zip_bomb(db, plan, identity, tmp_path):
    data = members(plan)
    manifest = projter_file.build_manifest(identity, data, created_at=T0)
    path = build(tmp_path / "sig65.projter", identity, data, manifest=manifest, signature=identity.sign(manifest) + b"\0")
    assert_refused(db, path, Code.ZIP_BOMB, identity)


def test_manifest_listing_one_member_twice(db, plan, identity, tmp_path):
    data = members(plan)
    listed = json.loads(projter_file.build_manifest(identity, data, created_at=T0))["members"]
    path = build(tmp_path / "liste.projter", identity, data, manifest=manifest_of(identity, data, members=[listed[0]] * 2))
    assert_refused(db, path, Code.SCHEMA_VIOLATION, identity)


def test_symlink_member(db, plan, identity, tmp_path):
    path = tmp_path / "lien.projter"
    good = build(tmp_path / "good.projter", identity, members(plan))
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        link = zipfile.ZipInfo("lien")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        target.writestr(link, "/etc/passwd")
    assert_refused(db, path, Code.SYMLINK, identity)


def test_missing_member(db, plan, identity, tmp_path):
    path = build(tmp_path / "incomplet.projter", identity, members(plan), drop=("plans.json",))
    assert_refused(db, path, Code.MISSING_MEMBER, identity)


def test_extra_member(db, plan, identity, tmp_path):
    path = build(tmp_path / "extra.projter", identity, members(plan), extra=[("lisez-moi.txt", b"hello")])
    assert_refused(db, path, Code.EXTRA_MEMBER, identity)


def test_too_many_members(db, plan, identity, tmp_path):
    extra = [(f"f{i}.txt", b"x") for i in range(40)]
    path = build(tmp_path / "nombreux.projter", identity, members(plan), extra=extra)
    assert_refused(db, path, Code.TOO_MANY_MEMBERS, identity)


def test_duplicate_member(db, plan, identity, tmp_path):
    data = members(plan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate name
        path = build(tmp_path / "double.projter", identity, data, extra=[("plans.json", data["plans.json"])])
    assert_refused(db, path, Code.DUPLICATE_MEMBER, identity)


def test_wrong_checksum(db, plan, identity, tmp_path):
    data = members(plan)
    manifest = projter_file.build_manifest(identity, data, created_at=T0)
    data["workshops.json"] = data["workshops.json"].replace(b'"priority_1"', b'"priority_2"')
    assert_refused(db, build(tmp_path / "modifié.projter", identity, data, manifest=manifest),
                   Code.CHECKSUM_MISMATCH, identity)


def test_bad_signature(db, plan, identity, tmp_path):
    data = members(plan)
    manifest = projter_file.build_manifest(identity, data, created_at=T0)
    signature = identity.sign(manifest)
    forged = manifest.replace(b"Portable de test", b"Portable du chef")
    path = build(tmp_path / "falsifié.projter", identity, data, manifest=forged, signature=signature)
    assert_refused(db, path, Code.BAD_SIGNATURE, identity)


def test_signature_by_another_key(db, plan, identity, tmp_path):
    other = load_or_create_identity(tmp_path / "other")
    data = members(plan)
    manifest = projter_file.build_manifest(identity, data, created_at=T0)
    path = build(tmp_path / "usurpé.projter", identity, data, manifest=manifest, signature=other.sign(manifest))
    assert_refused(db, path, Code.BAD_SIGNATURE, identity)


def test_missing_signature(db, plan, identity, tmp_path):
    path = build(tmp_path / "non-signé.projter", identity, members(plan), drop=("manifest.sig",))
    assert_refused(db, path, Code.MISSING_SIGNATURE, identity)


def test_future_format_version(db, plan, identity, tmp_path):
    data = members(plan)
    path = build(tmp_path / "futur.projter", identity, data, manifest=manifest_of(identity, data, format_version=projter_file.FORMAT_VERSION + 1))
    error = assert_refused(db, path, Code.FORMAT_TOO_NEW, identity)
    assert "mettez Projter à jour" in str(error)


def test_not_a_projter_export(db, plan, identity, tmp_path):
    data = members(plan)
    path = build(tmp_path / "autre.projter", identity, data, manifest=manifest_of(identity, data, format="autre-chose"))
    assert_refused(db, path, Code.NOT_PROJTER, identity)


def test_invalid_json_member(db, plan, identity, tmp_path):
    data = members(plan)
    data["workshops.json"] = b'{"participants": [], "workshops": [}'
    assert_refused(db, build(tmp_path / "json.projter", identity, data), Code.INVALID_JSON, identity)


def test_invalid_json_manifest(db, plan, identity, tmp_path):
    path = build(tmp_path / "manifeste.projter", identity, members(plan), manifest=b"{not json")
    assert_refused(db, path, Code.INVALID_JSON, identity)


def test_nan_is_invalid_json(db, plan, identity, tmp_path):
    data = members(plan)
    data["workshops.json"] = data["workshops.json"].replace(b'"quorum":0,', b'"quorum":NaN,')
    assert b"NaN" in data["workshops.json"]
    assert_refused(db, build(tmp_path / "nan.projter", identity, data), Code.INVALID_JSON, identity)


def test_schema_violation(db, plan, identity, tmp_path):
    document = workshops_doc(plan)
    del document["workshops"][0]["title"]
    error = assert_refused(db, build(tmp_path / "schéma.projter", identity, with_workshops(plan, document)),
                           Code.SCHEMA_VIOLATION, identity)
    assert "workshops[0]" in error.details and "title" in error.details


def test_schema_violation_in_a_ballot(db, plan, identity, tmp_path):
    document = workshops_doc(plan)
    document["workshops"][0]["rounds"][0]["ballots"][1]["weight"] = -1
    error = assert_refused(db, build(tmp_path / "poids.projter", identity, with_workshops(plan, document)),
                           Code.SCHEMA_VIOLATION, identity)
    assert "ballots[1]" in error.details


def test_manifest_schema_violation(db, plan, identity, tmp_path):
    data = members(plan)
    path = build(tmp_path / "m.projter", identity, data, manifest=manifest_of(identity, data, surprise=True))
    assert_refused(db, path, Code.SCHEMA_VIOLATION, identity)


def test_duplicate_uuids(db, plan, identity, tmp_path):
    document = workshops_doc(plan)
    attendees = document["workshops"][0]["attendees"]
    attendees[1]["uuid"] = attendees[0]["uuid"]
    assert_refused(db, build(tmp_path / "doublon.projter", identity, with_workshops(plan, document)),
                   Code.DUPLICATE_UUID, identity)


def test_secret_ballot_carrying_an_attendee(db, plan, identity, tmp_path):
    document = workshops_doc(plan)
    workshop = document["workshops"][0]
    secret = next(r for r in workshop["rounds"] if r["mode"] == "secret")
    secret["ballots"][0]["attendee_uuid"] = workshop["attendees"][0]["uuid"]
    assert_refused(db, build(tmp_path / "secret.projter", identity, with_workshops(plan, document)),
                   Code.SECRET_BALLOT_LINKED, identity)


def test_dangling_reference(db, plan, identity, tmp_path):
    document = workshops_doc(plan)
    document["workshops"][0]["rounds"][0]["ballots"][0]["attendee_uuid"] = _uuid(999)
    assert_refused(db, build(tmp_path / "fantôme.projter", identity, with_workshops(plan, document)),
                   Code.DANGLING_REFERENCE, identity)


def test_invalid_ballot_value(db, plan, identity, tmp_path):
    document = workshops_doc(plan)
    ballot = document["workshops"][0]["rounds"][0]["ballots"][0]
    ballot["marks"][next(iter(ballot["marks"]))] = 9  # majority judgment grades are 0..4
    assert_refused(db, build(tmp_path / "note.projter", identity, with_workshops(plan, document)),
                   Code.INVALID_CONTENT, identity)


def test_closed_workshop_changed_after_closing(db, plan, identity, tmp_path):
    document = workshops_doc(plan)
    document["workshops"][0]["title"] = "Atelier Anduze (retouché)"
    assert_refused(db, build(tmp_path / "retouché.projter", identity, with_workshops(plan, document)),
                   Code.FINGERPRINT_MISMATCH, identity)


def _refitted(document: dict) -> dict:
    """The workshops' fingerprints recomputed after an edit (the edit itself is what is refused)."""
    for workshop in document["workshops"]:
        workshop["fingerprint"] = projter_file.document_fingerprint(workshop)
    return document


@pytest.mark.parametrize("stamp", [
    "2026-02-30T09:00:00+00:00",  # no such day
    "2026-03-02T24:00:00+00:00",  # no such hour
    "2026-03-02T09:00:00Z",  # Z: only +00:00 is written
    "2026-03-02T09:00:00.5+00:00",  # a fraction is written with six digits
    "2026-03-02T09:00:00.000000+00:00",  # ... and left out when zero
    "2026-03-02T10:00:00+01:00",  # UTC only
])
def test_time_stamps_other_than_the_written_form(db, plan, identity, tmp_path, stamp):
    document = workshops_doc(plan)
    document["workshops"][0]["created_at"] = stamp
    path = build(tmp_path / "date.projter", identity, with_workshops(plan, _refitted(document)))
    assert_refused(db, path, Code.SCHEMA_VIOLATION, identity)


def test_manifest_time_stamp_of_no_real_date(db, plan, identity, tmp_path):
    data = members(plan)
    path = build(tmp_path / "m-date.projter", identity, data,
                 manifest=manifest_of(identity, data, created_at="2026-02-29T09:00:00+00:00"))
    assert_refused(db, path, Code.SCHEMA_VIOLATION, identity)


def test_uuid_with_a_trailing_newline(db, plan, identity, tmp_path):
    """``$`` of a Python pattern matches before a final newline: lengths close the gap."""
    document = workshops_doc(plan)
    document["workshops"][0]["rounds"][1]["ballots"][0]["uuid"] += "\n"
    path = build(tmp_path / "uuid.projter", identity, with_workshops(plan, document))
    assert_refused(db, path, Code.SCHEMA_VIOLATION, identity)


def test_workshop_count_differing_from_the_workshops(db, plan, identity, tmp_path):
    data = members(plan)
    path = build(tmp_path / "compte.projter", identity, data, manifest=manifest_of(identity, data, workshop_count=2))
    assert_refused(db, path, Code.INVALID_CONTENT, identity)


def test_duplicate_key_in_a_data_member(db, plan, identity, tmp_path):
    data = members(plan)
    data["workshops.json"] = data["workshops.json"].replace(b'"title":"Atelier Anduze"',
                                                            b'"title":"Atelier Anduze","title":"Autre"', 1)
    assert_refused(db, build(tmp_path / "clé.projter", identity, data), Code.INVALID_JSON, identity)


def test_plan_head_that_is_not_an_object(db, plan, identity, tmp_path):
    data = members(plan)
    plans = json.loads(data["plans.json"])
    plans["plans"][0]["plan"] = [plans["plans"][0]["plan"]]  # crashed with AttributeError
    data["plans.json"] = projter_file.encode_json(plans)
    assert_refused(db, build(tmp_path / "tête.projter", identity, data), Code.SCHEMA_VIOLATION, identity)


def test_lone_surrogate_is_invalid_json(db, plan, identity, tmp_path):
    """``"\\ud800"`` parses in Python but no UTF-8 can hold it (it crashed the fingerprint)."""
    data = members(plan)
    data["workshops.json"] = data["workshops.json"].replace(b'"title":"Atelier Anduze"',
                                                            b'"title":"Atelier Anduze \\ud800"', 1)
    assert_refused(db, build(tmp_path / "surrogat.projter", identity, data), Code.INVALID_JSON, identity)


def test_linked_secret_ballot_comes_after_the_other_schema_problems(db, plan, identity, tmp_path):
    document = workshops_doc(plan)
    workshop = document["workshops"][0]
    secret = next(r for r in workshop["rounds"] if r["mode"] == "secret")
    secret["ballots"][1]["attendee_uuid"] = workshop["attendees"][0]["uuid"]
    secret["ballots"][2]["weight"] = 0
    assert_refused(db, build(tmp_path / "secret2.projter", identity, with_workshops(plan, document)),
                   Code.SCHEMA_VIOLATION, identity)


def test_invalid_plan(db, plan, identity, tmp_path):
    data = members(plan)
    plans = json.loads(data["plans.json"])
    plans["plans"][0]["axes"] = []
    data["plans.json"] = projter_file.encode_json(plans)
    assert_refused(db, build(tmp_path / "plan.projter", identity, data), Code.INVALID_PLAN, identity)


def test_every_code_has_a_french_message():
    for code in Code:
        message = str(ProjterFileError(code, "f.projter"))
        assert message.startswith("« f.projter » : ") and len(message) > 30


def test_unreadable_identity_is_reported(tmp_path):
    from projter_desktop.exchange.identity import IdentityError

    folder = tmp_path / "id"
    me = load_or_create_identity(folder)
    assert load_or_create_identity(folder).public_key == me.public_key  # stable
    assert stat.S_IMODE(os.stat(folder / "device-key.pem").st_mode) == 0o600
    (folder / "device-key.pem").write_text("garbage")
    with pytest.raises(IdentityError, match="endommagée"):
        load_or_create_identity(folder)
