"""The ``.projter`` export file: workshops travelling between laptops.

A ``.projter`` file is a ZIP archive with exactly four members, in this order:

``manifest.json``
    Format name and version, app version, creation time (UTC), the signing device
    (uuid, name, raw Ed25519 public key in hex) and, for each data member, its name,
    size and SHA-256.
``manifest.sig``
    The 64-byte Ed25519 signature of the exact bytes of ``manifest.json``. Since the
    manifest holds the SHA-256 of every data member, the signature covers everything.
``plans.json``
    ``{"plans": [plan document, ...]}``: the full territorial plans the workshops use,
    in the plan file format (``plan_files.plan_to_document``).
``workshops.json``
    ``{"participants": [...], "workshops": [...]}``: every workshop with everything
    recorded in it, and the directory entries of its attendees. Secret-round ballots
    carry no attendee; the register of who voted is a separate list.

JSON members are deterministic (sorted keys, compact, UTF-8); the archive is written to
``FILE.part`` and renamed, so a crash never leaves half a file under the final name.

Reading trusts nothing: every refusal raises :class:`ProjterFileError` with a stable
``code`` (:class:`Code`) and a French message; nothing is returned unless the whole file
is valid. The full specification is ``docs/exchange-format.md``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from projter_desktop import __version__
from projter_desktop.domain import voting
from projter_desktop.domain.plan import TerritorialPlan
from projter_desktop.domain.voting import Ballot, BallotError, Method, RoundConfig
from projter_desktop.domain.workshop import (
    LEGACY_QUORUM_BASIS,
    AttendanceStatus,
    Attendee,
    BallotRecord,
    CommentRecord,
    DecisionKind,
    DecisionRecord,
    Participant,
    ProposedAction,
    Proxy,
    RoundMode,
    RoundRecord,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    canonical_round_config,
    fingerprint,
)
from projter_desktop.exchange import limits, plan_files
from projter_desktop.exchange.identity import DeviceIdentity, key_fingerprint, verify_signature
from projter_desktop.paths import resource

FORMAT = "projter-export"
#: 2: the French voting rules (workshop chair and quorum basis, frozen attendance of the
#: rounds, new config keys and majority codes); version 1 files are still read (absent keys
#: take their legacy values, see docs/exchange-format.md § 1.4).
FORMAT_VERSION = 2
SUFFIX = ".projter"

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PLANS = "plans.json"
WORKSHOPS = "workshops.json"
DATA_MEMBERS = (PLANS, WORKSHOPS)
MEMBERS = (MANIFEST, SIGNATURE, PLANS, WORKSHOPS)

#: Largest total of the members' uncompressed sizes (zip bomb guard, and the bound that
#: keeps any file read within about 2 s and 300 MB: a full-day workshop of 42 voters on
#: the 143 actions of the Alès plan takes 370 kB, so a file holds about 30 of them).
#: :func:`write_export` refuses to write more (:class:`ExportTooLargeError`).
MAX_TOTAL_UNCOMPRESSED = 12 * 1024 * 1024
#: Largest file accepted on disk (compressed, it is smaller than its content).
MAX_FILE_BYTES = MAX_TOTAL_UNCOMPRESSED + 1024 * 1024
#: Largest compression ratio of a member bigger than RATIO_FLOOR (JSON full of random
#: UUIDs compresses 2–5 times; a bomb, hundreds of times).
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
SIGNATURE_BYTES = 64
MAX_ENTRIES = 16


class Code(StrEnum):
    """Stable codes of the refusals (for programs, tests and support)."""

    NOT_FOUND = "not_found"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_A_ZIP = "not_a_zip"
    CORRUPT = "corrupt_zip"
    TOO_MANY_MEMBERS = "too_many_members"
    UNSAFE_NAME = "unsafe_name"
    SYMLINK = "symlink"
    DUPLICATE_MEMBER = "duplicate_member"
    ENCRYPTED = "encrypted_member"
    UNSUPPORTED_COMPRESSION = "unsupported_compression"
    ZIP_BOMB = "zip_bomb"
    MISSING_MEMBER = "missing_member"
    EXTRA_MEMBER = "extra_member"
    MISSING_SIGNATURE = "missing_signature"
    BAD_SIGNATURE = "bad_signature"
    NOT_PROJTER = "not_projter"
    FORMAT_TOO_NEW = "format_too_new"
    SIZE_MISMATCH = "size_mismatch"
    CHECKSUM_MISMATCH = "checksum_mismatch"
    INVALID_JSON = "invalid_json"
    SCHEMA_VIOLATION = "schema_violation"
    DUPLICATE_UUID = "duplicate_uuid"
    SECRET_BALLOT_LINKED = "secret_ballot_linked"
    DANGLING_REFERENCE = "dangling_reference"
    INVALID_CONTENT = "invalid_content"
    INVALID_PLAN = "invalid_plan"
    FINGERPRINT_MISMATCH = "fingerprint_mismatch"
    OUT_OF_BOUNDS = "out_of_bounds"


_MESSAGES: dict[Code, str] = {
    Code.NOT_FOUND: "le fichier est introuvable.",
    Code.EMPTY: "le fichier est vide (transfert interrompu ?).",
    Code.TOO_LARGE: "le fichier est trop gros pour être un export Projter.",
    Code.NOT_A_ZIP: "ce n'est pas un fichier d'export Projter (.projter).",
    Code.CORRUPT: "le fichier est incomplet ou endommagé (transfert interrompu ? clé USB retirée trop tôt ?). "
                  "Refaites l'export sur l'ordinateur d'origine.",
    Code.TOO_MANY_MEMBERS: "l'archive contient trop d'éléments pour un export Projter.",
    Code.UNSAFE_NAME: "l'archive contient un chemin dangereux ; elle a été refusée par sécurité.",
    Code.SYMLINK: "l'archive contient un lien symbolique ; elle a été refusée par sécurité.",
    Code.DUPLICATE_MEMBER: "l'archive contient deux éléments du même nom ; elle a été refusée par sécurité.",
    Code.ENCRYPTED: "l'archive contient un élément chiffré : ce n'est pas un export Projter.",
    Code.UNSUPPORTED_COMPRESSION: "l'archive utilise une compression inconnue : ce n'est pas un export Projter.",
    Code.ZIP_BOMB: "le contenu décompressé serait démesuré (archive piégée ?) ; elle a été refusée par sécurité.",
    Code.MISSING_MEMBER: "un élément obligatoire manque dans le fichier.",
    Code.EXTRA_MEMBER: "le fichier contient un élément inattendu.",
    Code.MISSING_SIGNATURE: "le fichier n'est pas signé : son origine ne peut pas être vérifiée.",
    Code.BAD_SIGNATURE: "la signature ne correspond pas : le fichier a été modifié après l'export, "
                        "ou ne vient pas de l'ordinateur qu'il annonce.",
    Code.NOT_PROJTER: "ce n'est pas un fichier d'export Projter.",
    Code.FORMAT_TOO_NEW: "ce fichier vient d'une version plus récente de Projter : mettez Projter à jour pour l'importer.",
    Code.SIZE_MISMATCH: "la taille d'un élément ne correspond pas à celle annoncée : le fichier a été modifié ou endommagé.",
    Code.CHECKSUM_MISMATCH: "le contenu d'un élément ne correspond pas à son empreinte : le fichier a été modifié "
                            "ou endommagé après l'export.",
    Code.INVALID_JSON: "un élément du fichier n'est pas du JSON valide.",
    Code.SCHEMA_VIOLATION: "le contenu ne respecte pas le format d'export Projter.",
    Code.DUPLICATE_UUID: "un même identifiant est utilisé deux fois dans le fichier.",
    Code.SECRET_BALLOT_LINKED: "un bulletin de vote secret est relié à un participant : le fichier viole le secret "
                               "du vote et a été refusé.",
    Code.DANGLING_REFERENCE: "le fichier fait référence à un élément qu'il ne contient pas.",
    Code.INVALID_CONTENT: "le fichier contient des données de vote incohérentes.",
    Code.INVALID_PLAN: "un plan de territoire du fichier est invalide.",
    Code.FINGERPRINT_MISMATCH: "le contenu d'un atelier clos ne correspond plus à son empreinte : il a été modifié "
                               "après la clôture.",
    Code.OUT_OF_BOUNDS: "une valeur du fichier dépasse les limites admises (échelle de notes, poids de vote, "
                        "quorum, nombre de votants ou totaux) : le fichier a été fabriqué ou endommagé. "
                        "Demandez un nouvel export à l'ordinateur d'origine.",
}


class ProjterFileError(Exception):
    """A ``.projter`` file was refused. ``code`` is stable; ``str()`` is French for people."""

    def __init__(self, code: Code, file: str, details: str = ""):
        self.code = Code(code)
        self.file = file
        self.details = details
        self.message = f"« {file} » : {_MESSAGES[self.code]}"
        super().__init__(self.message)


class ExportTooLargeError(ValueError):
    """The workshops to export are more than one file may hold (:data:`MAX_TOTAL_UNCOMPRESSED`)."""

    def __init__(self, size: int):
        self.size = size
        super().__init__(f"export of {size} bytes, more than {MAX_TOTAL_UNCOMPRESSED}")


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """The device that signed a file, as announced by its manifest."""

    uuid: str
    name: str
    public_key: str  # hex of the raw 32-byte Ed25519 key

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)


@dataclass(frozen=True)
class ExportFile:
    """A validated export file, fully read."""

    path: Path
    sha256: str
    size: int
    format_version: int
    app_version: str
    created_at: datetime
    device: DeviceInfo
    plans: tuple[TerritorialPlan, ...]
    participants: tuple[Participant, ...]
    workshops: tuple[Workshop, ...]

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class WrittenExport:
    path: Path
    sha256: str
    size: int
    workshops: int
    plans: int


# --------------------------------------------------------------------------- JSON forms


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


class _BadTime(ValueError):
    """A time stamp of the right form but no real date (``2026-02-30``, hour 24)."""


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError as exc:
        raise _BadTime(f"date « {value[:40]} » invalide ({exc})") from None


def _mark_out(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def participant_to_document(p: Participant) -> dict[str, Any]:
    return {"uuid": p.uuid, "name": p.name, "role": p.role, "commune": p.commune, "email": p.email}


def round_to_document(r: RoundRecord) -> dict[str, Any]:
    options = {k: getattr(r.config, k) for k in r.config.__dataclass_fields__ if k != "method"}
    return {
        "uuid": r.uuid, "number": r.number, "orientation_uuid": r.orientation_uuid, "title": r.title,
        "method": r.method.value, "mode": r.mode.value, "config": options, "action_uuids": list(r.action_uuids),
        "status": r.status.value, "results_hidden": r.results_hidden,
        "opened_at": _time(r.opened_at), "closed_at": _time(r.closed_at), "analog_voters": r.analog_voters,
        "present_members": r.present_members, "represented_members": r.represented_members,
        "ballots": [
            {"uuid": b.uuid, "attendee_uuid": None if r.mode is RoundMode.SECRET else b.attendee_uuid,
             "weight": b.weight, "marks": {a: _mark_out(v) for a, v in b.marks.items()}}
            # secret ballots by uuid (random): their order says nothing about who cast them
            for b in sorted(r.ballots, key=lambda b: ((b.attendee_uuid or "") if r.mode is RoundMode.NAMED else "", b.uuid))
        ],
        "counts": {a: d for a, d in r.counts.items()},
        "voted": sorted(r.voted),
    }


def workshop_to_document(w: Workshop) -> dict[str, Any]:
    return {
        "uuid": w.uuid, "plan_uuid": w.plan_uuid, "title": w.title, "starts_at": _time(w.starts_at),
        "place": w.place, "communes": list(w.communes), "facilitators": w.facilitators,
        "default_method": w.default_method.value, "default_mode": w.default_mode.value,
        "proxy_limit": w.proxy_limit, "quorum": w.quorum, "status": w.status.value,
        "closed_at": _time(w.closed_at), "fingerprint": w.fingerprint, "created_at": _time(w.created_at),
        "chair": w.chair, "quorum_basis": w.quorum_basis,
        "scope": list(w.scope),
        "attendees": [
            {"uuid": a.uuid, "participant_uuid": a.participant_uuid, "name": a.name, "role": a.role,
             "commune": a.commune, "vote_weight": a.vote_weight, "status": a.status.value,
             "arrived_at": _time(a.arrived_at), "left_at": _time(a.left_at)}
            for a in w.attendees
        ],
        "proxies": [{"uuid": p.uuid, "giver_uuid": p.giver_uuid, "holder_uuid": p.holder_uuid} for p in w.proxies],
        "rounds": [round_to_document(r) for r in w.rounds],
        "decisions": [
            {"uuid": d.uuid, "action_uuid": d.action_uuid, "decision": d.decision.value, "rationale": d.rationale,
             "decided_at": _time(d.decided_at)}
            for d in w.decisions
        ],
        "comments": [
            {"uuid": c.uuid, "text": c.text, "action_uuid": c.action_uuid, "orientation_uuid": c.orientation_uuid,
             "author": c.author, "created_at": _time(c.created_at)}
            for c in w.comments
        ],
        "proposals": [
            {"uuid": p.uuid, "objective_uuid": p.objective_uuid, "title": p.title, "kind": p.kind,
             "proposer": p.proposer, "created_at": _time(p.created_at)}
            for p in w.proposals
        ],
    }


def encode_json(document: Any, *, indent: int | None = None) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, compact unless ``indent``; ends with a newline."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=separators, indent=indent,
                      allow_nan=False)
    return (text + "\n").encode("utf-8")


# --------------------------------------------------------------------------- writing


def build_manifest(
    identity: DeviceIdentity,
    members: Mapping[str, bytes],
    *,
    created_at: datetime,
    app_version: str = __version__,
    workshop_count: int | None = None,
    format_version: int = FORMAT_VERSION,
) -> bytes:
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": format_version,
        "app_version": app_version,
        "created_at": _time(created_at),
        "device": {"uuid": identity.uuid, "name": identity.name, "public_key": identity.public_key_hex},
        "members": [
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in members.items()
        ],
    }
    if workshop_count is not None:
        document["workshop_count"] = workshop_count
    return encode_json(document, indent=2)


def write_archive(path: Path | str, entries: Sequence[tuple[str, bytes]], *, created_at: datetime) -> Path:
    """Write a ZIP with ``entries`` in order, atomically (``FILE.part`` then rename)."""
    path = Path(path)
    moment = created_at.astimezone(UTC)
    date_time = (max(1980, moment.year), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as handle:
            with zipfile.ZipFile(handle, "w") as archive:
                for name, data in entries:
                    info = zipfile.ZipInfo(name, date_time=date_time)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.create_system = 3
                    info.external_attr = (0o100644 & 0xFFFF) << 16
                    archive.writestr(info, data, compresslevel=6)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def export_members(
    plans: Iterable[TerritorialPlan], participants: Iterable[Participant], workshops: Iterable[Workshop]
) -> dict[str, bytes]:
    """The two data members (``plans.json``, ``workshops.json``) as bytes."""
    plan_docs = sorted((plan_files.plan_to_document(p) for p in plans), key=lambda d: d["plan"]["uuid"])
    workshop_docs = sorted((workshop_to_document(w) for w in workshops), key=lambda d: d["uuid"])
    people = sorted((participant_to_document(p) for p in participants), key=lambda d: d["uuid"])
    return {
        PLANS: encode_json({"plans": plan_docs}),
        WORKSHOPS: encode_json({"participants": people, "workshops": workshop_docs}),
    }


def write_export(
    path: Path | str,
    identity: DeviceIdentity,
    *,
    plans: Sequence[TerritorialPlan],
    participants: Sequence[Participant],
    workshops: Sequence[Workshop],
    created_at: datetime | None = None,
    app_version: str = __version__,
) -> WrittenExport:
    """Write a signed ``.projter`` file."""
    moment = (created_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    members = export_members(plans, participants, workshops)
    size = sum(len(data) for data in members.values())
    if size + MAX_MANIFEST_BYTES + SIGNATURE_BYTES > MAX_TOTAL_UNCOMPRESSED:
        raise ExportTooLargeError(size)
    manifest = build_manifest(identity, members, created_at=moment, app_version=app_version,
                              workshop_count=len(workshops))
    entries = [(MANIFEST, manifest), (SIGNATURE, identity.sign(manifest)), *members.items()]
    written = write_archive(path, entries, created_at=moment)
    data = written.read_bytes()
    return WrittenExport(written, hashlib.sha256(data).hexdigest(), len(data), len(workshops), len(plans))


# --------------------------------------------------------------------------- reading


@cache
def manifest_schema() -> dict[str, Any]:
    return json.loads(resource("schemas", "projter-manifest.schema.json").read_text(encoding="utf-8"))


@cache
def workshops_schema() -> dict[str, Any]:
    return json.loads(resource("schemas", "projter-workshops.schema.json").read_text(encoding="utf-8"))


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its local ``{"$ref": "#/$defs/…"}`` replaced by the definitions
    (none is recursive): jsonschema then validates about 2.5 times faster."""
    defs = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"$ref"} and node["$ref"].startswith("#/$defs/"):
                return inline(defs[node["$ref"].removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(schema)


#: Ballots are the bulk of a file (tens of thousands): their sub-schema
#: (``$defs/ballot``) is checked by :func:`_check_ballot`, an exact hand-written
#: equivalent ten times faster than the generic validator (a test keeps them in step).
_BALLOT_PATH = ("properties", "workshops", "items", "properties", "rounds", "items", "properties", "ballots")


@cache
def _validator(which: str):  # type: ignore[no-untyped-def]
    from jsonschema import Draft202012Validator

    if which == "manifest":
        return Draft202012Validator(_inline_refs(manifest_schema()))
    schema = _inline_refs(workshops_schema())
    if which == "workshops":
        node = schema
        for key in _BALLOT_PATH[:-1]:
            node = node[key]
        node["ballots"] = {"type": "array"}
    return Draft202012Validator(schema)


_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_BALLOT_KEYS = frozenset(("uuid", "attendee_uuid", "weight", "marks"))


def _check_ballot(ballot: Any, secret: bool) -> str | None:
    """None if ``ballot`` satisfies ``$defs/ballot`` (and, in a secret round, has no
    attendee), else what is wrong: a message, or "secret" for a secret-round ballot
    linked to an attendee that is otherwise valid."""
    if not isinstance(ballot, dict):
        return "un bulletin doit être un objet"
    keys = ballot.keys()
    if keys != _BALLOT_KEYS:
        missing = sorted(_BALLOT_KEYS - keys)
        return f"champ obligatoire manquant : {missing[0]}" if missing else \
            f"champ inattendu : {sorted(keys - _BALLOT_KEYS)[0]}"
    uuid = ballot["uuid"]
    if not isinstance(uuid, str) or not _UUID_RE.fullmatch(uuid):
        return "uuid : identifiant invalide"
    attendee = ballot["attendee_uuid"]
    if attendee is not None and (not isinstance(attendee, str) or not _UUID_RE.fullmatch(attendee)):
        return "attendee_uuid : identifiant invalide"
    weight = ballot["weight"]
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 1_000_000:
        return "weight : nombre > 0 attendu"
    marks = ballot["marks"]
    if not isinstance(marks, dict) or len(marks) > 1000:
        return "marks : objet d'au plus 1000 entrées attendu"
    return "secret" if secret and attendee is not None else None


_EOCD = struct.Struct("<4s4H2LH")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _eocd_entries(data: bytes) -> int | None:
    """Number of entries announced by the end-of-central-directory record (None: none)."""
    start = data.rfind(b"PK\x05\x06", max(0, len(data) - (65535 + _EOCD.size)))
    if start < 0 or start + _EOCD.size > len(data):
        return None
    fields = _EOCD.unpack_from(data, start)
    return int(fields[4])


def _unsafe(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    return any(part in ("", ".", "..") for part in name.split("/"))


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def _json_path(parts: Iterable[object]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "racine"


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _Reader:
    """One reading of one file; every check raises ProjterFileError."""

    def __init__(self, path: Path, verify_fingerprints: bool):
        self.path = path
        self.label = path.name
        self.verify_fingerprints = verify_fingerprints

    def fail(self, code: Code, details: str = "") -> ProjterFileError:
        return ProjterFileError(code, self.label, details)

    # -- archive --------------------------------------------------------------------
    def read(self) -> ExportFile:
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            raise self.fail(Code.NOT_FOUND) from None
        except OSError as exc:
            raise self.fail(Code.NOT_FOUND, str(exc)) from None
        if size == 0:
            raise self.fail(Code.EMPTY)
        if size > MAX_FILE_BYTES:
            raise self.fail(Code.TOO_LARGE, f"{size} octets, maximum {MAX_FILE_BYTES}.")
        try:
            data = self.path.read_bytes()
        except OSError as exc:  # a folder, no permission, a USB key pulled out
            raise self.fail(Code.NOT_FOUND, str(exc)) from None
        if not data:
            raise self.fail(Code.EMPTY)
        digest = hashlib.sha256(data).hexdigest()
        entries = _eocd_entries(data)
        if entries is None:
            raise self.fail(Code.CORRUPT if data.startswith(b"PK\x03\x04") else Code.NOT_A_ZIP)
        if entries > MAX_ENTRIES:
            raise self.fail(Code.TOO_MANY_MEMBERS, f"{entries} éléments.")
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError,
                OSError, struct.error, UnicodeDecodeError) as exc:
            raise self.fail(Code.CORRUPT if data.startswith(b"PK") else Code.NOT_A_ZIP, str(exc)) from None
        with archive:
            return self._read_archive(archive, infos, digest, len(data))

    def _check_infos(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        if len(infos) > MAX_ENTRIES:
            raise self.fail(Code.TOO_MANY_MEMBERS, f"{len(infos)} éléments.")
        for info in infos:
            if _is_symlink(info):
                raise self.fail(Code.SYMLINK, info.orig_filename)
            if _unsafe(info.orig_filename) or info.orig_filename != info.filename or info.is_dir():
                raise self.fail(Code.UNSAFE_NAME, repr(info.orig_filename))
            if info.flag_bits & 0x1:
                raise self.fail(Code.ENCRYPTED, info.filename)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.fail(Code.UNSUPPORTED_COMPRESSION, info.filename)
        duplicates = [n for n, c in Counter(i.filename for i in infos).items() if c > 1]
        if duplicates:
            raise self.fail(Code.DUPLICATE_MEMBER, ", ".join(duplicates))
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise self.fail(Code.ZIP_BOMB, f"{total} octets une fois décompressé, maximum {MAX_TOTAL_UNCOMPRESSED}.")
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self.fail(Code.ZIP_BOMB, f"{info.filename} : taux de compression "
                                               f"{info.file_size // max(info.compress_size, 1)}.")
        by_name = {i.filename: i for i in infos}
        if MANIFEST not in by_name:
            raise self.fail(Code.MISSING_MEMBER, MANIFEST)
        if SIGNATURE not in by_name:
            raise self.fail(Code.MISSING_SIGNATURE, SIGNATURE)
        missing = [n for n in DATA_MEMBERS if n not in by_name]
        if missing:
            raise self.fail(Code.MISSING_MEMBER, ", ".join(missing))
        extra = sorted(set(by_name) - set(MEMBERS))
        if extra:
            raise self.fail(Code.EXTRA_MEMBER, ", ".join(extra))
        return by_name

    def _member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
        if info.file_size > limit:
            raise self.fail(Code.ZIP_BOMB, f"{info.filename} : {info.file_size} octets, maximum {limit}.")
        try:
            with archive.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise self.fail(Code.CORRUPT, f"{info.filename} : {exc}") from None
        if len(data) > limit:
            raise self.fail(Code.ZIP_BOMB, info.filename)
        if len(data) != info.file_size:
            raise self.fail(Code.CORRUPT, info.filename)
        return data

    def _json(self, name: str, data: bytes) -> Any:
        """UTF-8 JSON within :mod:`limits` (no NaN/Infinity nor number beyond a float, no key
        twice in one object, a bounded nesting), without an escaped lone surrogate
        (``"\\ud800"``: text that no UTF-8 can hold)."""
        try:
            document = limits.load_json(data)
            text = data.decode("utf-8")
            if _SURROGATE_ESCAPE.search(text):
                json.dumps(document, ensure_ascii=False).encode("utf-8")
            return document
        except UnicodeEncodeError:
            raise self.fail(Code.INVALID_JSON, f"{name} : caractère \\u{{d800-dfff}} isolé.") from None
        except UnicodeDecodeError as exc:
            raise self.fail(Code.INVALID_JSON, f"{name} : encodage UTF-8 invalide ({exc.reason}).") from None
        except json.JSONDecodeError as exc:
            raise self.fail(Code.INVALID_JSON, f"{name}, ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}.") from None
        except limits.LimitError as exc:
            raise self.fail(Code.INVALID_JSON, f"{name} : {exc.message}") from None
        except (ValueError, RecursionError) as exc:
            raise self.fail(Code.INVALID_JSON, f"{name} : {exc}") from None

    def _schema(self, which: str, name: str, document: Any) -> None:
        errors = []
        for error in _validator(which).iter_errors(document):
            errors.append(error)
            if len(errors) >= 20:
                break
        lines = [f"{name} : {_json_path(e.absolute_path)} : {e.message[:200]}" for e in errors[:10]]
        linked = ""  # a secret ballot linked to a person: refused as such once the rest is valid
        if which == "workshops" and not errors:
            for i, workshop in enumerate(document["workshops"]):
                for j, round_ in enumerate(workshop["rounds"]):
                    secret = round_["mode"] == "secret"
                    for k, ballot in enumerate(round_["ballots"]):
                        problem = _check_ballot(ballot, secret)
                        if problem is None:
                            continue
                        where = f"{name} : workshops[{i}].rounds[{j}].ballots[{k}]"
                        if problem == "secret":
                            linked = linked or where
                            continue
                        lines.append(f"{where} : {problem}")
                        break
        if lines:
            raise self.fail(Code.SCHEMA_VIOLATION, "\n".join(lines))
        if linked:
            raise self.fail(Code.SECRET_BALLOT_LINKED, linked)

    def _read_archive(self, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], digest: str, size: int) -> ExportFile:
        by_name = self._check_infos(infos)
        manifest_bytes = self._member(archive, by_name[MANIFEST], MAX_MANIFEST_BYTES)
        signature = self._member(archive, by_name[SIGNATURE], SIGNATURE_BYTES)
        manifest = self._json(MANIFEST, manifest_bytes)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise self.fail(Code.NOT_PROJTER, f"{MANIFEST} : format « {str(manifest.get('format'))[:40] if isinstance(manifest, dict) else '?'} ».")
        version = manifest.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise self.fail(Code.FORMAT_TOO_NEW, f"format {version}, cette version de Projter lit le format {FORMAT_VERSION}.")
        self._schema("manifest", MANIFEST, manifest)
        try:
            created_at = _parse_time(manifest["created_at"])
        except _BadTime as exc:
            raise self.fail(Code.SCHEMA_VIOLATION, f"{MANIFEST} : {exc}") from None
        device = DeviceInfo(manifest["device"]["uuid"], manifest["device"]["name"], manifest["device"]["public_key"])
        if len(signature) != SIGNATURE_BYTES or not verify_signature(device.public_key, signature, manifest_bytes):
            raise self.fail(Code.BAD_SIGNATURE, f"appareil annoncé : « {device.name} » ({device.fingerprint}).")
        listed = {m["name"]: m for m in manifest["members"]}
        if set(listed) != set(DATA_MEMBERS):
            raise self.fail(Code.SCHEMA_VIOLATION, f"{MANIFEST} : liste des éléments incorrecte.")
        contents: dict[str, bytes] = {}
        for name in DATA_MEMBERS:
            entry, info = listed[name], by_name[name]
            if info.file_size != entry["size"]:
                raise self.fail(Code.SIZE_MISMATCH, f"{name} : {info.file_size} octets, {entry['size']} annoncés.")
            data = self._member(archive, info, MAX_TOTAL_UNCOMPRESSED)
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise self.fail(Code.CHECKSUM_MISMATCH, name)
            contents[name] = data
        plans_bytes = contents.pop(PLANS)
        plans = _PLAN_CACHE.get(hashlib.sha256(plans_bytes).digest())
        if plans is None:
            plans = self._plans(self._json(PLANS, plans_bytes))
            _remember_plans(hashlib.sha256(plans_bytes).digest(), plans)
        document = self._json(WORKSHOPS, contents.pop(WORKSHOPS))
        self._schema("workshops", WORKSHOPS, document)
        try:
            participants, workshops = _Content(self, plans).build(document)
        except _BadTime as exc:
            raise self.fail(Code.SCHEMA_VIOLATION, str(exc)) from None
        if manifest.get("workshop_count", len(workshops)) != len(workshops):
            raise self.fail(Code.INVALID_CONTENT, f"{MANIFEST} : workshop_count {manifest['workshop_count']}, "
                                                  f"{len(workshops)} ateliers dans {WORKSHOPS}.")
        return ExportFile(
            path=self.path, sha256=digest, size=size, format_version=int(manifest["format_version"]),
            app_version=manifest["app_version"], created_at=created_at or datetime.now(UTC),
            device=device, plans=tuple(plans.values()), participants=participants, workshops=workshops,
        )

    def _plans(self, document: Any) -> dict[str, TerritorialPlan]:
        if not isinstance(document, dict) or set(document) != {"plans"} or not isinstance(document["plans"], list):
            raise self.fail(Code.SCHEMA_VIOLATION, f"{PLANS} : objet {{\"plans\": [...]}} attendu.")
        plans: dict[str, TerritorialPlan] = {}
        for index, plan_document in enumerate(document["plans"]):
            head = plan_document.get("plan") if isinstance(plan_document, dict) else None
            uuid = head.get("uuid") if isinstance(head, dict) else None
            if not isinstance(uuid, str):
                raise self.fail(Code.SCHEMA_VIOLATION, f"{PLANS} : plans[{index}] sans identifiant.")
            try:
                plan = plan_files.plan_from_document(plan_document, label=f"{PLANS} plans[{index}]")
            except plan_files.PlanFileError as exc:
                raise self.fail(Code.INVALID_PLAN, exc.summary(10)) from None
            if plan.info.uuid in plans:
                raise self.fail(Code.DUPLICATE_UUID, f"{PLANS} : plan {plan.info.uuid} en double.")
            plans[plan.info.uuid] = plan
        return plans


#: Validated plans by SHA-256 of their ``plans.json``: the files of one consultation all
#: carry the same plan, validated once (plans are immutable values).
_PLAN_CACHE: dict[bytes, dict[str, TerritorialPlan]] = {}


def _remember_plans(key: bytes, plans: dict[str, TerritorialPlan]) -> None:
    if len(_PLAN_CACHE) >= 8:
        _PLAN_CACHE.pop(next(iter(_PLAN_CACHE)))
    _PLAN_CACHE[key] = plans


def _canonical_value(value: Any) -> Any:
    if value.__class__ is float and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _canonical_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical_value(v) for v in value]
    return value


def document_fingerprint(document: Mapping[str, Any]) -> str:
    """:func:`domain.workshop.fingerprint` computed straight from a workshop's JSON form
    (its field names are the dataclass fields): several times faster than building the
    dataclasses' ``asdict``. A mismatch is always double-checked with the domain function.

    The same canonical rules as :func:`domain.workshop.canonical_content` (see
    docs/exchange-format.md, "Fingerprint"): a file of format 1 written before the French
    rules, which lacks the newer keys, gives the form it gave then."""
    content = {k: _canonical_value(v) for k, v in document.items() if k not in ("fingerprint", "status", "closed_at")}
    if content.get("chair", None) is None:
        content.pop("chair", None)
    if content.get("quorum_basis", LEGACY_QUORUM_BASIS) == LEGACY_QUORUM_BASIS:
        content.pop("quorum_basis", None)
    for round_ in content["rounds"]:
        round_["config"] = canonical_round_config({"method": round_["method"], **round_["config"]})
        for key in ("present_members", "represented_members"):
            if round_.get(key, None) is None:
                round_.pop(key, None)
        round_["ballots"] = sorted(round_["ballots"], key=lambda b: b["uuid"])
        round_["voted"] = sorted(round_["voted"])
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _PlanIndex:
    def __init__(self, plan: TerritorialPlan):
        self.orientations = {o.uuid for o in plan.orientations()}
        self.objectives = {b.uuid for b in plan.objectives()}
        self.action_orientation = {c.uuid: o.uuid for o in plan.orientations() for c in o.actions()}


_ALLOWED_KEYS: dict[Method, Any] = {
    Method.YES_NO: {"yes", "no", "abstain", "blank"},
    Method.DOTS: {"dots"},
    Method.APPROVAL: {"approved"},
}


#: Absolute bounds of the numbers of a round's ``config`` (:mod:`domain.voting`): a value
#: beyond is refused with :attr:`Code.OUT_OF_BOUNDS`.
CONFIG_BOUNDS: dict[str, tuple[int, int]] = {
    "quorum": (0, voting.MAX_TOTAL),
    "score_min": (-voting.MAX_SCALE, voting.MAX_SCALE),
    "score_max": (-voting.MAX_SCALE, voting.MAX_SCALE),
    "matrix_min": (0, voting.MAX_SCALE),
    "matrix_max": (0, voting.MAX_SCALE),
    "dots_per_voter": (1, voting.MAX_DOTS),
    "max_dots_per_action": (1, voting.MAX_DOTS),
}


def _beyond(value: Any, low: float, high: float) -> bool:
    """True for a number outside ``low..high`` (anything else is left to other checks)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not low <= value <= high


def _is_count(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 and value == value \
        and value != float("inf")


class _Content:
    """Builds the domain workshops from a schema-valid ``workshops.json`` and checks every
    cross-reference, uniqueness rule, ballot and count."""

    def __init__(self, reader: _Reader, plans: Mapping[str, TerritorialPlan]):
        self.reader = reader
        self.plans = plans
        self.indexes: dict[str, _PlanIndex] = {}
        self.seen: set[str] = set()

    def fail(self, code: Code, details: str) -> ProjterFileError:
        return self.reader.fail(code, f"{WORKSHOPS} : {details}")

    def bounded(self, value: Any, low: float, high: float, where: str) -> None:
        if _beyond(value, low, high):
            raise self.reader.fail(Code.OUT_OF_BOUNDS, f"{WORKSHOPS} : {where} = {str(value)[:40]}, "
                                                       f"limites {low}..{high}.")

    def plain_texts(self, record: Mapping[str, Any], keys: Iterable[str], where: str) -> None:
        """Refuse a control character (NUL, escape…) in the texts ``keys`` of ``record``."""
        for key in keys:
            value = record.get(key)
            bad = limits.control_character(value) if isinstance(value, str) else None
            if bad:
                raise self.fail(Code.INVALID_CONTENT, f"{where}.{key} : {bad}.")

    def unique(self, uuid: str, where: str) -> str:
        if uuid in self.seen:
            raise self.fail(Code.DUPLICATE_UUID, f"{where} : identifiant {uuid} déjà utilisé.")
        self.seen.add(uuid)
        return uuid

    def index(self, plan_uuid: str) -> _PlanIndex:
        if plan_uuid not in self.indexes:
            self.indexes[plan_uuid] = _PlanIndex(self.plans[plan_uuid])
        return self.indexes[plan_uuid]

    def build(self, document: dict[str, Any]) -> tuple[tuple[Participant, ...], tuple[Workshop, ...]]:
        participants: dict[str, Participant] = {}
        for i, p in enumerate(document["participants"]):
            self.unique(p["uuid"], f"participants[{i}]")
            self.plain_texts(p, ("name", "role", "commune", "email"), f"participants[{i}]")
            participants[p["uuid"]] = Participant(p["uuid"], p["name"], p["role"], p["commune"], p["email"])
        workshops = tuple(self.workshop(w, f"workshops[{i}]", participants) for i, w in enumerate(document["workshops"]))
        return tuple(participants.values()), workshops

    def workshop(self, w: dict[str, Any], where: str, participants: Mapping[str, Participant]) -> Workshop:
        self.unique(w["uuid"], where)
        if w["plan_uuid"] not in self.plans:
            raise self.fail(Code.DANGLING_REFERENCE, f"{where} : le plan {w['plan_uuid']} n'est pas dans le fichier.")
        plan = self.index(w["plan_uuid"])
        self.bounded(w["quorum"], 0, voting.MAX_TOTAL, f"{where}.quorum")
        self.plain_texts(w, ("title", "place", "facilitators"), where)
        if any(o not in plan.orientations for o in w["scope"]) or len(set(w["scope"])) != len(w["scope"]):
            raise self.fail(Code.DANGLING_REFERENCE, f"{where}.scope : orientation inconnue ou en double.")
        attendees: list[Attendee] = []
        attendee_ids: set[str] = set()
        invited: set[str] = set()
        for i, a in enumerate(w["attendees"]):
            at = f"{where}.attendees[{i}]"
            attendee_ids.add(self.unique(a["uuid"], at))
            self.bounded(a["vote_weight"], 0, voting.MAX_WEIGHT, f"{at}.vote_weight")
            self.plain_texts(a, ("name", "role", "commune"), at)
            if a["participant_uuid"] not in participants:
                raise self.fail(Code.DANGLING_REFERENCE, f"{at} : participant absent de l'annuaire du fichier.")
            if a["participant_uuid"] in invited:
                raise self.fail(Code.INVALID_CONTENT, f"{at} : participant inscrit deux fois.")
            invited.add(a["participant_uuid"])
            attendees.append(Attendee(
                uuid=a["uuid"], participant_uuid=a["participant_uuid"], name=a["name"], role=a["role"],
                commune=a["commune"], vote_weight=a["vote_weight"], status=AttendanceStatus(a["status"]),
                arrived_at=_parse_time(a["arrived_at"]), left_at=_parse_time(a["left_at"])))
        proxies: list[Proxy] = []
        givers: set[str] = set()
        for i, p in enumerate(w["proxies"]):
            at = f"{where}.proxies[{i}]"
            self.unique(p["uuid"], at)
            if p["giver_uuid"] not in attendee_ids or p["holder_uuid"] not in attendee_ids:
                raise self.fail(Code.DANGLING_REFERENCE, f"{at} : participant inconnu.")
            if p["giver_uuid"] == p["holder_uuid"] or p["giver_uuid"] in givers:
                raise self.fail(Code.INVALID_CONTENT, f"{at} : procuration incohérente.")
            givers.add(p["giver_uuid"])
            proxies.append(Proxy(p["uuid"], p["giver_uuid"], p["holder_uuid"]))
        # Format 1 files have no chair nor quorum basis: no chair, and the quorum of members
        # present and represented their workshops were run with.
        chair = w.get("chair")
        if chair is not None and chair not in attendee_ids:
            raise self.fail(Code.DANGLING_REFERENCE, f"{where}.chair : le président de séance n'est pas inscrit.")
        numbers: set[int] = set()
        rounds = []
        for i, r in enumerate(w["rounds"]):
            at = f"{where}.rounds[{i}]"
            if r["number"] in numbers:
                raise self.fail(Code.INVALID_CONTENT, f"{at} : numéro de tour {r['number']} en double.")
            numbers.add(r["number"])
            rounds.append(self.round(r, at, plan, attendee_ids))
        decisions = []
        decided: set[str] = set()
        for i, d in enumerate(w["decisions"]):
            at = f"{where}.decisions[{i}]"
            self.unique(d["uuid"], at)
            if d["action_uuid"] not in plan.action_orientation:
                raise self.fail(Code.DANGLING_REFERENCE, f"{at} : action inconnue du plan.")
            if d["action_uuid"] in decided:
                raise self.fail(Code.INVALID_CONTENT, f"{at} : deux décisions pour la même action.")
            decided.add(d["action_uuid"])
            decisions.append(DecisionRecord(d["uuid"], d["action_uuid"], DecisionKind(d["decision"]), d["rationale"],
                                            _parse_time(d["decided_at"])))
        comments = []
        for i, c in enumerate(w["comments"]):
            at = f"{where}.comments[{i}]"
            self.unique(c["uuid"], at)
            if (c["action_uuid"] is not None and c["action_uuid"] not in plan.action_orientation) or (
                    c["orientation_uuid"] is not None and c["orientation_uuid"] not in plan.orientations):
                raise self.fail(Code.DANGLING_REFERENCE, f"{at} : élément du plan inconnu.")
            comments.append(CommentRecord(c["uuid"], c["text"], c["action_uuid"], c["orientation_uuid"], c["author"],
                                          _parse_time(c["created_at"])))
        proposals = []
        for i, p in enumerate(w["proposals"]):
            at = f"{where}.proposals[{i}]"
            self.unique(p["uuid"], at)
            if p["objective_uuid"] not in plan.objectives:
                raise self.fail(Code.DANGLING_REFERENCE, f"{at} : objectif inconnu du plan.")
            proposals.append(ProposedAction(p["uuid"], p["objective_uuid"], p["title"], p["kind"], p["proposer"],
                                            _parse_time(p["created_at"])))
        workshop = Workshop(
            uuid=w["uuid"], plan_uuid=w["plan_uuid"], title=w["title"], starts_at=_parse_time(w["starts_at"]),
            place=w["place"], communes=tuple(w["communes"]), facilitators=w["facilitators"],
            default_method=Method(w["default_method"]), default_mode=RoundMode(w["default_mode"]),
            proxy_limit=w["proxy_limit"], quorum=w["quorum"], status=WorkshopStatus(w["status"]),
            closed_at=_parse_time(w["closed_at"]), fingerprint=w["fingerprint"], scope=tuple(w["scope"]),
            attendees=tuple(attendees), proxies=tuple(proxies), rounds=tuple(rounds), decisions=tuple(decisions),
            comments=tuple(comments), proposals=tuple(proposals), created_at=_parse_time(w["created_at"]),
            chair=chair, quorum_basis=w.get("quorum_basis", LEGACY_QUORUM_BASIS),
        )
        if self.reader.verify_fingerprints and workshop.status is WorkshopStatus.CLOSED \
                and document_fingerprint(w) != workshop.fingerprint and fingerprint(workshop) != workshop.fingerprint:
            raise self.fail(Code.FINGERPRINT_MISMATCH, f"{where} « {workshop.title} ».")
        return workshop

    def round(self, r: dict[str, Any], at: str, plan: _PlanIndex, attendee_ids: set[str]) -> RoundRecord:
        self.unique(r["uuid"], at)
        method, mode = Method(r["method"]), RoundMode(r["mode"])
        for key, (low, high) in CONFIG_BOUNDS.items():
            self.bounded(r["config"].get(key), low, high, f"{at}.config.{key}")
        for key in ("analog_voters", "present_members", "represented_members"):
            self.bounded(r.get(key), 0, voting.MAX_TOTAL, f"{at}.{key}")
        try:
            config = RoundConfig(method=method, **r["config"])
        except (TypeError, ValueError) as exc:
            raise self.fail(Code.INVALID_CONTENT, f"{at}.config : {exc}") from None
        if config.casting_vote is not None and (mode is not RoundMode.NAMED or config.casting_vote not in attendee_ids):
            # a secret or analog round has no voter to give a casting vote (CGCT L2121-20)
            raise self.fail(Code.INVALID_CONTENT, f"{at}.config : voix prépondérante hors d'un vote nominatif "
                                                  "ou d'un votant inconnu.")
        if r["orientation_uuid"] not in plan.orientations:
            raise self.fail(Code.DANGLING_REFERENCE, f"{at} : orientation inconnue du plan.")
        actions = r["action_uuids"]
        if len(actions) > voting.MAX_ROUND_ACTIONS:
            raise self.reader.fail(Code.OUT_OF_BOUNDS, f"{WORKSHOPS} : {at}.action_uuids : {len(actions)} actions, "
                                                       f"au plus {voting.MAX_ROUND_ACTIONS}.")
        if len(set(actions)) != len(actions):
            raise self.fail(Code.INVALID_CONTENT, f"{at} : action en double.")
        if any(plan.action_orientation.get(a) != r["orientation_uuid"] for a in actions):
            raise self.fail(Code.DANGLING_REFERENCE, f"{at} : action hors de l'orientation du tour.")
        in_round = set(actions)
        ballots: list[BallotRecord] = []
        named_voters: set[str] = set()
        if mode is RoundMode.ANALOG and r["ballots"]:
            raise self.fail(Code.INVALID_CONTENT, f"{at} : un décompte manuel ne contient pas de bulletins.")
        pair = method is Method.IMPACT_FEASIBILITY
        for j, b in enumerate(r["ballots"]):
            bt = f"{at}.ballots[{j}]"
            self.unique(b["uuid"], bt)
            attendee = b["attendee_uuid"]
            if mode is RoundMode.SECRET and attendee is not None:
                raise self.reader.fail(Code.SECRET_BALLOT_LINKED, f"{WORKSHOPS} : {bt}")
            if mode is RoundMode.NAMED:
                if attendee not in attendee_ids:
                    raise self.fail(Code.DANGLING_REFERENCE, f"{bt} : votant inconnu.")
                if attendee in named_voters:
                    raise self.fail(Code.INVALID_CONTENT, f"{bt} : deux bulletins pour le même votant.")
                named_voters.add(attendee)
            marks = b["marks"]
            if pair:
                marks = {a: tuple(v) if isinstance(v, list) else v for a, v in marks.items()}
            if any(v is None for v in marks.values()):
                raise self.fail(Code.INVALID_CONTENT, f"{bt} : marque vide.")
            try:
                voting.validate_ballot(config, actions, Ballot(marks=marks, weight=b["weight"]))
            except BallotError as exc:
                code = Code.OUT_OF_BOUNDS if exc.code == "invalid_weight" else Code.INVALID_CONTENT
                raise self.fail(code, f"{bt} : bulletin invalide ({exc.code}).") from None
            ballots.append(BallotRecord(b["uuid"], attendee, b["weight"], marks))
        counts = r["counts"]
        if counts and mode is not RoundMode.ANALOG:
            raise self.fail(Code.INVALID_CONTENT, f"{at} : des totaux manuels dans un tour à bulletins.")
        for action, distribution in counts.items():
            parts = distribution.values() if method is Method.IMPACT_FEASIBILITY else (distribution,)
            for part in parts:
                for value in part.values() if isinstance(part, dict) else ():
                    self.bounded(value, 0, voting.MAX_COUNT, f"{at}.counts")
            if action not in in_round or not self.distribution_ok(config, len(actions), distribution):
                raise self.fail(Code.INVALID_CONTENT, f"{at}.counts : totaux invalides.")
        voted = r["voted"]
        if len(set(voted)) != len(voted) or any(v not in attendee_ids for v in voted):
            raise self.fail(Code.DANGLING_REFERENCE, f"{at}.voted : votant inconnu ou en double.")
        return RoundRecord(
            uuid=r["uuid"], number=r["number"], orientation_uuid=r["orientation_uuid"], title=r["title"],
            method=method, mode=mode, config=config, action_uuids=tuple(actions), status=RoundStatus(r["status"]),
            results_hidden=r["results_hidden"], opened_at=_parse_time(r["opened_at"]),
            closed_at=_parse_time(r["closed_at"]), ballots=tuple(ballots), counts=dict(counts),
            analog_voters=r["analog_voters"], voted=tuple(sorted(voted)),
            present_members=r.get("present_members"), represented_members=r.get("represented_members"),
        )

    @staticmethod
    def distribution_ok(config: RoundConfig, n_actions: int, distribution: Any) -> bool:
        method = config.method
        if method is Method.IMPACT_FEASIBILITY:
            if not isinstance(distribution, dict) or set(distribution) - {"impact", "feasibility"}:
                return False
            scale = {str(v) for v in range(config.matrix_min, config.matrix_max + 1)}
            return all(isinstance(part, dict) and set(part) <= scale and all(_is_count(v) for v in part.values())
                       for part in distribution.values())
        if method in _ALLOWED_KEYS:
            allowed = _ALLOWED_KEYS[method]
        elif method is Method.SCORE:
            allowed = {str(v) for v in range(config.score_min, config.score_max + 1)}
        elif method is Method.BORDA:
            allowed = {str(v) for v in range(1, n_actions + 1)}
        else:  # majority judgment: grade indexes (or their labels)
            allowed = {str(v) for v in range(len(voting.GRADES))} | set(voting.GRADES)
        return isinstance(distribution, dict) and set(distribution) <= allowed \
            and all(_is_count(v) for v in distribution.values())


def read_export(path: Path | str, *, verify_fingerprints: bool = True) -> ExportFile:
    """Read and validate a ``.projter`` file completely; raise :class:`ProjterFileError`."""
    return _Reader(Path(path), verify_fingerprints).read()


def read_device(path: Path | str) -> DeviceInfo:
    """The signing device of a file (its whole content is checked as by :func:`read_export`)."""
    return read_export(path).device
