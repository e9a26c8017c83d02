"""Sync between laptops through ``.projter`` export files; trusted devices.

Use cases:

- :func:`export_workshops` writes chosen (or all) workshops, the plans they use and the
  directory entries of their attendees into one signed file;
- :func:`preview_import` / :func:`preview_imports` read and validate files and say, per
  kind of record, what an import would add, update, leave identical, and which workshops
  conflict; they write nothing;
- :func:`apply_import` / :func:`apply_imports` merge the files into the database in ONE
  transaction (any error, or a cancel from the progress callback, rolls everything back)
  and are idempotent: importing the same file again changes nothing.

Merge rules (also in ``docs/exchange-format.md``), by UUID, per workshop:

1. Unknown workshop: added with everything in it (its plan too, if unknown here).
2. Same content (fingerprint of the content, whatever the status): identical — unless
   the file's copy is further on (e.g. closed there, still open here), then it is taken.
3. Both open: union of attendees, proxies, rounds, ballots, register, counts, comments,
   proposals and decisions. For a record present on both sides, the fields of the side
   that is further on win (status order, then closed rounds, then votes recorded; mine
   on a tie); for decisions, the later ``decided_at`` wins.
4. A closed workshop is immutable: when one side is closed and the union would change
   it, or when both sides are closed with different content, the workshop is a
   *conflict* the user resolves: ``mine`` (keep this database's version), ``theirs``
   (replace it by the file's), or ``copy`` (keep both: the file's version is added with
   new UUIDs and the title suffixed « (copie) »; the new UUIDs are derived from the
   originals, so importing the file again does not add a second copy).

Devices: every file is signed by the laptop that wrote it. A file from this laptop or a
trusted one is accepted; from an unknown laptop only when the user approves it after
comparing its fingerprint (trust on first use: ``trust_device=True``); from a revoked
laptop, or from a known laptop uuid with another key, never.
"""

from __future__ import annotations

import gc
import json
import uuid as uuid_module
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from projter_desktop.domain.plan import TerritorialPlan, fold
from projter_desktop.domain.workshop import (
    AttendanceStatus,
    DecisionRecord,
    Participant,
    Proxy,
    RoundMode,
    RoundRecord,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    fingerprint,
)
from projter_desktop.exchange import projter_file
from projter_desktop.exchange.identity import DeviceIdentity, IdentityError, key_fingerprint, load_or_create_identity
from projter_desktop.exchange.projter_file import DeviceInfo, ExportFile, ProjterFileError
from projter_desktop.services.changes import Changes, Result
from projter_desktop.services.errors import AmbiguousReferenceError, InvalidFileError, NotFoundError, UserError
from projter_desktop.store import ballots as ballot_store
from projter_desktop.store import plans as plan_repo
from projter_desktop.store import workshops as repo
from projter_desktop.store.database import Database
from projter_desktop.store.exchange_models import DeviceRow, ImportLogRow
from projter_desktop.store.models import (
    ActionRow,
    AttendeeRow,
    AxisRow,
    BallotRow,
    CommentRow,
    CommuneRow,
    CountRow,
    DecisionRow,
    ObjectiveRow,
    OrientationRow,
    ParticipantRow,
    PlanRow,
    ProposalRow,
    ProxyRow,
    RoundActionRow,
    RoundRow,
    ScopeRow,
    WorkshopRow,
)

SUFFIX = projter_file.SUFFIX
COPY_SUFFIX = " (copie)"
_COPY_NAMESPACE = uuid_module.UUID("6f1f3c52-5a43-4b8e-9d7e-0b7f1c6a2e11")

Progress = Callable[[int, int], None]
Resolution = str  # "mine" | "theirs" | "copy"
RESOLUTIONS = ("mine", "theirs", "copy")


# --------------------------------------------------------------------------- errors


class ImportRefusedError(InvalidFileError):
    """A file was refused (unreadable, hostile, untrusted…); ``code`` is stable."""

    def __init__(self, message: str, details: str = "", *, code: str, file: str = ""):
        super().__init__(message, details)
        self.code = code
        self.file = file


class UnknownDeviceError(ImportRefusedError):
    def __init__(self, file: str, device: DeviceInfo):
        super().__init__(
            f"« {file} » vient d'un ordinateur inconnu : « {device.name} » (empreinte {device.fingerprint}). "
            "Vérifiez cette empreinte avec la personne qui a fait l'export (elle est affichée dans "
            "Réglages → Ordinateurs de confiance sur son ordinateur), puis approuvez cet ordinateur "
            "(en ligne de commande : relancez avec --trust).",
            code="unknown_device", file=file)
        self.device = device


class RevokedDeviceError(ImportRefusedError):
    def __init__(self, file: str, device: DeviceInfo):
        super().__init__(
            f"« {file} » vient de l'ordinateur « {device.name} », qui a été révoqué : ses fichiers sont refusés.",
            code="revoked_device", file=file)
        self.device = device


class DeviceKeyChangedError(ImportRefusedError):
    def __init__(self, file: str, device: DeviceInfo):
        super().__init__(
            f"« {file} » annonce l'ordinateur « {device.name} », mais avec une autre clé que celle connue ici "
            f"(empreinte {device.fingerprint}) : fichier refusé. S'il a été réinstallé, révoquez l'ancien et "
            "approuvez le nouveau.",
            code="device_key_changed", file=file)
        self.device = device


class UnresolvedConflictError(UserError):
    code = "unresolved_conflict"


def _refused(exc: ProjterFileError) -> ImportRefusedError:
    return ImportRefusedError(f"{exc.message} Rien n'a été importé.", exc.details, code=exc.code.value, file=exc.file)


def _identity(identity: DeviceIdentity | None) -> DeviceIdentity:
    if identity is not None:
        return identity
    try:
        return load_or_create_identity()
    except IdentityError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"Impossible de créer l'identité de cet ordinateur : {exc.strerror or exc}.") from exc


def now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while files are read and merged: they make
    millions of small acyclic objects (ballots, marks) that it would scan again and
    again (about 20 % of the time of a big import). Cycles are collected afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --------------------------------------------------------------------------- devices


class DeviceStatus(StrEnum):
    SELF = "self"
    TRUSTED = "trusted"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    KEY_CHANGED = "key_changed"

    @property
    def accepted(self) -> bool:
        return self in (DeviceStatus.SELF, DeviceStatus.TRUSTED)


DEVICE_STATUS_FR = {
    DeviceStatus.SELF: "cet ordinateur",
    DeviceStatus.TRUSTED: "ordinateur de confiance",
    DeviceStatus.UNKNOWN: "ordinateur inconnu (à approuver)",
    DeviceStatus.REVOKED: "ordinateur révoqué",
    DeviceStatus.KEY_CHANGED: "clé différente de celle connue (refusé)",
}


@dataclass(frozen=True)
class DeviceSummary:
    uuid: str
    name: str
    public_key: str
    trusted: bool
    revoked: bool
    first_seen_at: datetime | None = None
    approved_at: datetime | None = None
    revoked_at: datetime | None = None
    is_self: bool = False
    imports: int = 0

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)

    @property
    def status(self) -> DeviceStatus:
        if self.is_self:
            return DeviceStatus.SELF
        if self.revoked:
            return DeviceStatus.REVOKED
        return DeviceStatus.TRUSTED if self.trusted else DeviceStatus.UNKNOWN


def _summary(row: DeviceRow, imports: int = 0) -> DeviceSummary:
    return DeviceSummary(row.uuid, row.name, row.public_key, row.trusted, row.revoked, row.first_seen_at,
                         row.approved_at, row.revoked_at, False, imports)


def this_device(identity: DeviceIdentity | None = None) -> DeviceSummary:
    """This laptop's identity (created on first use): its name and fingerprint to show."""
    me = _identity(identity)
    return DeviceSummary(me.uuid, me.name, me.public_key_hex, True, False, None, None, None, True)


def list_devices(db: Database) -> list[DeviceSummary]:
    with db.reading() as session:
        imports = dict(session.execute(select(ImportLogRow.device_uuid, func.count()).group_by(ImportLogRow.device_uuid))
                       .all())
        rows = session.scalars(select(DeviceRow).order_by(DeviceRow.revoked, DeviceRow.name, DeviceRow.id)).all()
        return [_summary(r, imports.get(r.uuid, 0)) for r in rows]


def _find_device(session: Session, ref: str) -> DeviceRow:
    ref = ref.strip().lower()
    if not ref:
        raise NotFoundError("Indiquez un ordinateur (identifiant ou début d'identifiant).")
    rows = session.scalars(select(DeviceRow).where(DeviceRow.uuid.startswith(ref))).all()
    if not rows:
        raise NotFoundError(f"Aucun ordinateur connu ne correspond à « {ref} ». Voir « projter devices list ».")
    if len(rows) > 1:
        raise AmbiguousReferenceError(f"« {ref} » désigne plusieurs ordinateurs ; donnez plus de caractères.")
    return rows[0]


def _device_row(session: Session, device: DeviceInfo) -> DeviceRow:
    row = session.scalar(select(DeviceRow).where(DeviceRow.uuid == device.uuid))
    if row is None:
        row = DeviceRow(uuid=device.uuid, name=device.name, public_key=device.public_key, trusted=False,
                        revoked=False, first_seen_at=now())
        session.add(row)
        session.flush()
    elif row.public_key != device.public_key:
        raise DeviceKeyChangedError(device.name, device)
    return row


def trust_device(db: Database, ref: str | Path, *, identity: DeviceIdentity | None = None) -> Result[DeviceSummary]:
    """Approve a device: ``ref`` is a known device's uuid (or prefix), or a ``.projter``
    file whose signing device is approved (and registered if new). Un-revokes too."""
    device = _file_device(ref) if _is_file_ref(ref) else None
    if device is not None and device.uuid == _identity(identity).uuid:
        raise UserError("Ce fichier vient de cet ordinateur : il n'y a rien à approuver.")
    with db.transaction() as session:
        row = _device_row(session, device) if device is not None else _find_device(session, str(ref))
        row.trusted = True
        row.revoked = False
        row.revoked_at = None
        row.approved_at = now()
        if device is not None and device.name:
            row.name = device.name
        session.flush()
        summary = _summary(row)
    return Result(summary, Changes(devices=True))


def revoke_device(db: Database, ref: str | Path) -> Result[DeviceSummary]:
    """Refuse from now on every file signed by this device (uuid, prefix or a file of it)."""
    device = _file_device(ref) if _is_file_ref(ref) else None
    with db.transaction() as session:
        if device is not None:
            row = session.scalar(select(DeviceRow).where(DeviceRow.uuid == device.uuid))
            if row is None:
                row = DeviceRow(uuid=device.uuid, name=device.name, public_key=device.public_key,
                                trusted=False, revoked=False, first_seen_at=now())
                session.add(row)
        else:
            row = _find_device(session, str(ref))
        row.revoked = True
        row.trusted = False
        row.revoked_at = now()
        session.flush()
        summary = _summary(row)
    return Result(summary, Changes(devices=True))


def _is_file_ref(ref: str | Path) -> bool:
    return isinstance(ref, Path) or str(ref).lower().endswith(SUFFIX)


def _file_device(ref: str | Path) -> DeviceInfo:
    try:
        return projter_file.read_device(Path(ref))
    except ProjterFileError as exc:
        raise _refused(exc) from exc


def _device_status(session: Session, device: DeviceInfo, me: DeviceIdentity) -> DeviceStatus:
    if device.uuid == me.uuid:
        return DeviceStatus.SELF if device.public_key == me.public_key_hex else DeviceStatus.KEY_CHANGED
    row = session.scalar(select(DeviceRow).where(DeviceRow.uuid == device.uuid))
    if row is None:
        return DeviceStatus.UNKNOWN
    if row.public_key != device.public_key:
        return DeviceStatus.KEY_CHANGED
    if row.revoked:
        return DeviceStatus.REVOKED
    return DeviceStatus.TRUSTED if row.trusted else DeviceStatus.UNKNOWN


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: ``path`` is the file asked for; when the workshops were more
    than one file may hold, ``files`` lists every file written (``path`` first, then
    ``NAME-2.projter``, …), each a whole export of its workshops; ``workshops`` and
    ``size`` are the totals, ``sha256`` is that of ``path``."""

    path: Path
    workshops: int
    plans: int
    size: int
    sha256: str
    device_name: str
    device_fingerprint: str
    files: tuple[Path, ...] = ()


def export_workshops(
    db: Database,
    workshop_uuids: Sequence[str] | str | None,
    path: Path | str,
    *,
    identity: DeviceIdentity | None = None,
) -> ExportResult:
    """Write the workshops (all of them when ``workshop_uuids`` is None or ``"all"``) to a
    signed file (``.projter`` is appended to the name if missing)."""
    if isinstance(workshop_uuids, str):
        if workshop_uuids != "all":
            raise ValueError("workshop_uuids: a sequence of uuids, None or 'all'")
        workshop_uuids = None
    me = _identity(identity)
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    with db.reading() as session:
        if workshop_uuids is None:
            uuids = list(session.scalars(select(WorkshopRow.uuid).order_by(WorkshopRow.id)))
        else:
            uuids = list(dict.fromkeys(workshop_uuids))
        if not uuids:
            raise UserError("Aucun atelier à exporter.")
        workshops = []
        for uuid in uuids:
            workshop = repo.load_workshop(session, uuid)
            if workshop is None:
                raise NotFoundError(f"L'atelier {uuid} n'existe pas (ou plus) dans la base.")
            workshops.append(workshop)
        people_uuids = sorted({a.participant_uuid for w in workshops for a in w.attendees})
        people = {
            r.uuid: Participant(r.uuid, r.name, r.role, r.commune, r.email)
            for part in _chunks(people_uuids)
            for r in session.scalars(select(ParticipantRow).where(ParticipantRow.uuid.in_(part)))
        }
        plans = {}
        for plan_uuid in sorted({w.plan_uuid for w in workshops}):
            plan = plan_repo.load_plan(session, plan_uuid)
            assert plan is not None
            plans[plan_uuid] = plan

    def contents(group: Sequence[Workshop]) -> tuple[list[Any], list[Participant]]:
        wanted = sorted({a.participant_uuid for w in group for a in w.attendees})
        return [plans[u] for u in sorted({w.plan_uuid for w in group})], [people[u] for u in wanted if u in people]

    groups = _groups_that_fit(workshops, contents)
    targets = [path] + [path.with_name(f"{path.stem}-{number}{SUFFIX}") for number in range(2, len(groups) + 1)]
    written = []
    try:
        for group, target in zip(groups, targets, strict=True):
            group_plans, group_people = contents(group)
            written.append(projter_file.write_export(target, me, plans=group_plans, participants=group_people,
                                                     workshops=group))
    except projter_file.ExportTooLargeError as exc:  # one workshop alone is more than a file may hold
        raise UserError(
            f"L'atelier « {group[0].title} » fait {exc.size / 1024 / 1024:.1f} Mo, plus qu'un fichier d'export ne "
            f"peut en porter ({projter_file.MAX_TOTAL_UNCOMPRESSED // 1024 // 1024} Mo).") from exc
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {target} » : {exc.strerror or exc}.") from exc
    first = written[0]
    return ExportResult(first.path, sum(w.workshops for w in written), len(plans), sum(w.size for w in written),
                        first.sha256, me.name, me.fingerprint, tuple(w.path for w in written))


def _groups_that_fit(
    workshops: Sequence[Workshop], contents: Callable[[Sequence[Workshop]], tuple[list[Any], list[Participant]]]
) -> list[list[Workshop]]:
    """The workshops in groups that each fit one export file (halved until they do; in
    their order), so that "export all" of a whole consultation writes several files
    instead of refusing (a file holds about thirty full-day workshops)."""
    def fits(group: Sequence[Workshop]) -> bool:
        group_plans, group_people = contents(group)
        size = sum(len(data) for data in projter_file.export_members(group_plans, group_people, group).values())
        return size + projter_file.MAX_MANIFEST_BYTES + projter_file.SIGNATURE_BYTES \
            <= projter_file.MAX_TOTAL_UNCOMPRESSED

    def split(group: list[Workshop]) -> list[list[Workshop]]:
        if len(group) == 1 or fits(group):
            return [group]
        half = len(group) // 2
        return split(group[:half]) + split(group[half:])

    return split(list(workshops))


def _chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --------------------------------------------------------------------------- merge rules (pure)


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    IDENTICAL = "identical"
    CONFLICT = "conflict"


OUTCOME_FR = {Outcome.ADDED: "nouveau", Outcome.UPDATED: "mis à jour", Outcome.IDENTICAL: "identique",
              Outcome.CONFLICT: "conflit"}

_STATUS_ORDER = {WorkshopStatus.PREPARATION: 0, WorkshopStatus.RUNNING: 1, WorkshopStatus.CLOSED: 2}


@dataclass(frozen=True)
class WorkshopPlan:
    """What importing one workshop would do."""

    theirs: Workshop
    local: Workshop | None
    outcome: Outcome
    merged: Workshop | None  # the content to write (ADDED / UPDATED)
    reason: str = ""
    copy_exists: bool = False
    local_status: WorkshopStatus | None = None
    local_fingerprint: str | None = None


def _progress_key(w: Workshop) -> tuple[int, int, int, int]:
    closed_rounds = sum(r.status is RoundStatus.CLOSED for r in w.rounds)
    votes = sum(len(r.ballots) + len(r.counts) + len(r.voted) for r in w.rounds)
    return (_STATUS_ORDER[w.status], closed_rounds, votes, len(w.decisions))


def _same(a: Workshop, b: Workshop) -> bool:
    return a.status is b.status and a.fingerprint == b.fingerprint and a.closed_at == b.closed_at \
        and fingerprint(a) == fingerprint(b)


def _changed_in(file: Workshop, here: Workshop) -> bool:
    """Whether ``file`` holds a version of a vote or an attendance that ``here`` also has
    but differently, and that is not simply older: what :func:`union` (``here`` leading)
    would drop without a word. A workshop closed here is then a conflict, never
    "identical" (issue 15): a ballot corrected in the file, another ballot of a voter who
    voted on both sides, other counts for an action, an attendance changed in the file.
    When it cannot be told which side is newer (marks, counts), it is a conflict: the user
    chooses, nothing is dropped unsaid."""
    attendees = {a.uuid: a for a in here.attendees}
    epoch = datetime.min.replace(tzinfo=UTC)
    for a in file.attendees:
        mine = attendees.get(a.uuid)
        if mine is None or mine == a or a.status is AttendanceStatus.EXPECTED:
            continue
        latest_file = max(a.arrived_at or epoch, a.left_at or epoch)
        latest_here = max(mine.arrived_at or epoch, mine.left_at or epoch)
        if latest_file >= latest_here:
            return True  # changed in the file since (or at the same moment as) here
    rounds = {r.uuid: r for r in here.rounds}
    for r in file.rounds:
        mine = rounds.get(r.uuid)
        if mine is None:
            continue
        if (mine.action_uuids, mine.method, mine.mode, mine.config) != (r.action_uuids, r.method, r.mode, r.config):
            return True
        ballots = {b.uuid: b for b in mine.ballots}
        by_voter = {b.attendee_uuid: b for b in mine.ballots if b.attendee_uuid is not None}
        for b in r.ballots:
            same = ballots.get(b.uuid)
            if same is not None and (dict(same.marks) != dict(b.marks) or same.weight != b.weight):
                return True
            other = by_voter.get(b.attendee_uuid) if b.attendee_uuid is not None else None
            if same is None and other is not None:
                return True  # this voter voted on both sides, with different ballots
        for action, distribution in r.counts.items():
            if action in mine.counts and mine.counts[action] != distribution:
                return True
    return False


def union(lead: Workshop, other: Workshop) -> Workshop:
    """Everything of ``lead`` plus what only ``other`` has (records by UUID).

    ``lead``'s fields win for records on both sides, except decisions (later
    ``decided_at`` wins). An attendee of ``other`` for a participant already attending in
    ``lead`` under another UUID is merged into ``lead``'s (its votes follow).
    """
    attendees = list(lead.attendees)
    by_participant = {a.participant_uuid: a.uuid for a in lead.attendees}
    known = {a.uuid for a in lead.attendees}
    alias: dict[str, str] = {}
    for a in other.attendees:
        if a.uuid in known:
            continue
        if a.participant_uuid in by_participant:
            alias[a.uuid] = by_participant[a.participant_uuid]
            continue
        attendees.append(a)
        known.add(a.uuid)
        by_participant[a.participant_uuid] = a.uuid

    def person(uuid: str | None) -> str | None:
        return None if uuid is None else alias.get(uuid, uuid)

    proxies = list(lead.proxies)
    proxy_uuids = {p.uuid for p in proxies}
    givers = {p.giver_uuid for p in proxies}
    for p in other.proxies:
        giver, holder = person(p.giver_uuid), person(p.holder_uuid)
        if p.uuid in proxy_uuids or giver in givers or giver == holder:
            continue
        proxies.append(Proxy(p.uuid, giver or "", holder or ""))
        givers.add(giver)

    rounds: dict[str, RoundRecord] = {r.uuid: r for r in lead.rounds}
    numbers = {r.number for r in lead.rounds}
    for r in other.rounds:
        mine = rounds.get(r.uuid)
        if mine is None:
            number = r.number
            if number in numbers:
                number = max(numbers) + 1
            numbers.add(number)
            ballots = tuple(replace(b, attendee_uuid=person(b.attendee_uuid)) for b in r.ballots)
            config = replace(r.config, casting_vote=person(r.config.casting_vote))
            rounds[r.uuid] = replace(r, number=number, ballots=ballots, config=config,
                                     voted=tuple(sorted({person(v) or "" for v in r.voted})))
            continue
        if mine.action_uuids != r.action_uuids or mine.mode is not r.mode or mine.method is not r.method:
            continue  # not the same round any more: lead's version stands
        ballot_uuids = {b.uuid for b in mine.ballots}
        voters = {b.attendee_uuid for b in mine.ballots if b.attendee_uuid}
        extra = []
        for b in r.ballots:
            voter = person(b.attendee_uuid)
            if b.uuid in ballot_uuids or (voter is not None and voter in voters):
                continue
            extra.append(replace(b, attendee_uuid=voter))
        counts = dict(mine.counts)
        for action, distribution in r.counts.items():
            counts.setdefault(action, distribution)
        voted = tuple(sorted(set(mine.voted) | {person(v) or "" for v in r.voted}))
        rounds[mine.uuid] = replace(mine, ballots=mine.ballots + tuple(extra), counts=counts, voted=voted)

    decisions: dict[str, DecisionRecord] = {d.action_uuid: d for d in lead.decisions}
    for d in other.decisions:
        mine_d = decisions.get(d.action_uuid)
        if mine_d is None or (d.decided_at and (mine_d.decided_at is None or d.decided_at > mine_d.decided_at)):
            decisions[d.action_uuid] = d
    lead_decision_order = [d.action_uuid for d in lead.decisions]
    decision_list = [decisions[a] for a in lead_decision_order] + [
        decisions[a] for a in decisions if a not in set(lead_decision_order)]

    comment_uuids = {c.uuid for c in lead.comments}
    comments = list(lead.comments) + [c for c in other.comments if c.uuid not in comment_uuids]
    proposal_uuids = {p.uuid for p in lead.proposals}
    proposals = list(lead.proposals) + [p for p in other.proposals if p.uuid not in proposal_uuids]
    epoch = datetime.min.replace(tzinfo=UTC)
    return replace(
        lead,
        chair=lead.chair if lead.chair is not None else person(other.chair),
        attendees=tuple(attendees),
        proxies=tuple(proxies),
        rounds=tuple(sorted(rounds.values(), key=lambda r: r.number)),
        decisions=tuple(decision_list),
        comments=tuple(sorted(comments, key=lambda c: c.created_at or epoch)),
        proposals=tuple(sorted(proposals, key=lambda p: p.created_at or epoch)),
    )


def copy_of(workshop: Workshop) -> Workshop:
    """The workshop with new UUIDs (derived from the originals and the content, so the same
    copy always gets the same UUIDs) and « (copie) » after its title."""
    namespace = uuid_module.uuid5(_COPY_NAMESPACE, f"{workshop.uuid}:{fingerprint(workshop)}")

    def new(uuid: str | None) -> str | None:
        return None if uuid is None else str(uuid_module.uuid5(namespace, uuid))

    title = workshop.title
    if not title.endswith(COPY_SUFFIX):
        title = (title[: 300 - len(COPY_SUFFIX)] + COPY_SUFFIX)
    copied = replace(
        workshop,
        uuid=new(workshop.uuid),
        title=title,
        attendees=tuple(replace(a, uuid=new(a.uuid)) for a in workshop.attendees),
        proxies=tuple(Proxy(new(p.uuid), new(p.giver_uuid), new(p.holder_uuid)) for p in workshop.proxies),
        chair=new(workshop.chair),
        rounds=tuple(
            replace(r, uuid=new(r.uuid),
                    config=replace(r.config, casting_vote=new(r.config.casting_vote)),
                    ballots=tuple(replace(b, uuid=new(b.uuid), attendee_uuid=new(b.attendee_uuid)) for b in r.ballots),
                    voted=tuple(sorted(new(v) for v in r.voted)))
            for r in workshop.rounds),
        decisions=tuple(replace(d, uuid=new(d.uuid)) for d in workshop.decisions),
        comments=tuple(replace(c, uuid=new(c.uuid)) for c in workshop.comments),
        proposals=tuple(replace(p, uuid=new(p.uuid)) for p in workshop.proposals),
    )
    if copied.status is WorkshopStatus.CLOSED:
        copied = replace(copied, fingerprint=fingerprint(copied))
    return copied


def plan_workshop(local: Workshop | None, theirs: Workshop) -> WorkshopPlan:
    """Classify one incoming workshop against this database's version (see module doc)."""
    if local is None:
        return WorkshopPlan(theirs, None, Outcome.ADDED, theirs)
    plan = _plan_workshop(local, theirs)
    return replace(plan, local_status=local.status, local_fingerprint=local.fingerprint)


def _plan_workshop(local: Workshop, theirs: Workshop) -> WorkshopPlan:
    if fingerprint(local) == fingerprint(theirs):
        if _STATUS_ORDER[theirs.status] > _STATUS_ORDER[local.status]:
            return WorkshopPlan(theirs, local, Outcome.UPDATED, theirs, "plus avancé dans le fichier")
        return WorkshopPlan(theirs, local, Outcome.IDENTICAL, None)
    local_closed, their_closed = local.is_closed, theirs.is_closed
    if local_closed and their_closed:
        return WorkshopPlan(theirs, local, Outcome.CONFLICT, None,
                            "L'atelier est clos des deux côtés, avec des contenus différents.")
    if local_closed:
        merged = union(local, theirs)
        if fingerprint(merged) == fingerprint(local) and not _changed_in(theirs, local):
            return WorkshopPlan(theirs, local, Outcome.IDENTICAL, None, "version plus ancienne dans le fichier")
        return WorkshopPlan(theirs, local, Outcome.CONFLICT, None,
                            "L'atelier est clos ici, mais le fichier apporte des changements.")
    if their_closed:
        merged = union(theirs, local)
        if fingerprint(merged) == fingerprint(theirs):
            return WorkshopPlan(theirs, local, Outcome.UPDATED, theirs, "clos dans le fichier")
        return WorkshopPlan(theirs, local, Outcome.CONFLICT, None,
                            "L'atelier est clos dans le fichier, mais il a été modifié ici depuis.")
    if _progress_key(theirs) > _progress_key(local):
        merged = union(theirs, local)
    else:
        merged = union(local, theirs)
    if _same(merged, local):
        return WorkshopPlan(theirs, local, Outcome.IDENTICAL, None)
    return WorkshopPlan(theirs, local, Outcome.UPDATED, merged, "fusion")


# --------------------------------------------------------------------------- counting

KINDS = ("plans", "participants", "workshops", "attendees", "proxies", "rounds", "ballots", "counts",
         "decisions", "comments", "proposals")
KINDS_FR = {
    "plans": "Plans", "participants": "Annuaire", "workshops": "Ateliers", "attendees": "Inscrits",
    "proxies": "Procurations", "rounds": "Tours de vote", "ballots": "Bulletins", "counts": "Totaux manuels",
    "decisions": "Décisions", "comments": "Commentaires", "proposals": "Propositions",
}


@dataclass
class KindCounts:
    added: int = 0
    updated: int = 0
    identical: int = 0
    conflicts: int = 0

    def add(self, other: KindCounts) -> None:
        self.added += other.added
        self.updated += other.updated
        self.identical += other.identical
        self.conflicts += other.conflicts

    @property
    def total(self) -> int:
        return self.added + self.updated + self.identical + self.conflicts


def _empty_counts() -> dict[str, KindCounts]:
    return {k: KindCounts() for k in KINDS}


def _records(w: Workshop) -> dict[str, dict[str, Any]]:
    """Records of a workshop by kind, keyed by uuid (counts keyed by round/action)."""
    return {
        "attendees": {a.uuid: a for a in w.attendees},
        "proxies": {p.uuid: p for p in w.proxies},
        "rounds": {r.uuid: replace(r, ballots=(), counts={}, voted=(), number=0) for r in w.rounds},
        "ballots": {b.uuid: b for r in w.rounds for b in r.ballots},
        "counts": {f"{r.uuid}:{a}": d for r in w.rounds for a, d in r.counts.items()},
        "decisions": {d.action_uuid: d for d in w.decisions},
        "comments": {c.uuid: c for c in w.comments},
        "proposals": {p.uuid: p for p in w.proposals},
    }


def _diff(counts: dict[str, KindCounts], local: Workshop | None, merged: Workshop | None, theirs: Workshop,
          outcome: Outcome) -> None:
    new_records = _records(theirs)
    if outcome is Outcome.CONFLICT:
        counts["workshops"].conflicts += 1
        for kind, records in new_records.items():
            counts[kind].conflicts += len(records)
        return
    if outcome is Outcome.IDENTICAL or merged is None:
        counts["workshops"].identical += 1
        for kind, records in new_records.items():
            counts[kind].identical += len(records)
        return
    if local is None:
        counts["workshops"].added += 1
        for kind, records in _records(merged).items():
            counts[kind].added += len(records)
        return
    counts["workshops"].updated += 1
    before = _records(local)
    for kind, records in _records(merged).items():
        old = before[kind]
        for key, value in records.items():
            if key not in old:
                counts[kind].added += 1
            elif old[key] != value:
                counts[kind].updated += 1
            else:
                counts[kind].identical += 1


# --------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class WorkshopPreview:
    uuid: str
    title: str
    starts_at: datetime | None
    communes: tuple[str, ...]
    their_status: WorkshopStatus
    local_status: WorkshopStatus | None
    outcome: Outcome
    reason: str = ""
    their_fingerprint: str = ""
    local_fingerprint: str = ""


@dataclass(frozen=True)
class ImportPreview:
    """What importing one file would do; nothing has been written."""

    path: Path
    file_sha256: str
    device: DeviceInfo
    device_status: DeviceStatus
    created_at: datetime
    app_version: str
    counts: dict[str, KindCounts]
    workshops: tuple[WorkshopPreview, ...]
    already_imported: bool = False
    content: ExportFile | None = field(default=None, repr=False, compare=False)

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def conflicts(self) -> tuple[WorkshopPreview, ...]:
        return tuple(w for w in self.workshops if w.outcome is Outcome.CONFLICT)

    @property
    def changes_anything(self) -> bool:
        return any(w.outcome in (Outcome.ADDED, Outcome.UPDATED) for w in self.workshops) or bool(self.conflicts) \
            or self.counts["participants"].added > 0 or self.counts["participants"].updated > 0


@dataclass(frozen=True)
class RefusedFile:
    path: Path
    code: str
    message: str
    details: str = ""


@dataclass(frozen=True)
class BatchPreview:
    previews: tuple[ImportPreview, ...]
    refused: tuple[RefusedFile, ...]

    @property
    def devices(self) -> dict[str, tuple[DeviceInfo, DeviceStatus]]:
        return {p.device.uuid: (p.device, p.device_status) for p in self.previews}

    @property
    def conflicts(self) -> tuple[WorkshopPreview, ...]:
        return tuple(w for p in self.previews for w in p.conflicts)


def _read(path: Path | str) -> ExportFile:
    try:
        return projter_file.read_export(path)
    except ProjterFileError as exc:
        raise _refused(exc) from exc
    except MemoryError as exc:  # pragma: no cover - defensive
        raise ImportRefusedError("Fichier trop volumineux pour la mémoire disponible.", code="too_large",
                                 file=Path(path).name) from exc


class _Planner:
    """Plans (and then writes) the import of files against one session."""

    def __init__(self, session: Session, me: DeviceIdentity):
        self.session = session
        self.me = me

    def existing_workshops(self, uuids: list[str]) -> dict[str, tuple[str, str | None]]:
        """uuid -> (status, fingerprint) of the workshops of ``uuids`` already here."""
        found: dict[str, tuple[str, str | None]] = {}
        for part in _chunks(uuids):
            for uuid, status, fp in self.session.execute(
                    select(WorkshopRow.uuid, WorkshopRow.status, WorkshopRow.fingerprint)
                    .where(WorkshopRow.uuid.in_(part))).all():
                found[uuid] = (status, fp)
        return found

    def plans(self, content: ExportFile) -> list[WorkshopPlan]:
        self.session.expunge_all()  # rows replaced by Core statements must be read afresh
        uuids = [w.uuid for w in content.workshops]
        existing = self.existing_workshops(uuids)
        plans = []
        for theirs in content.workshops:
            here = existing.get(theirs.uuid)
            if here is not None and theirs.is_closed and here[0] == WorkshopStatus.CLOSED \
                    and here[1] == theirs.fingerprint:
                # the same closed workshop (both fingerprints verified): nothing to load
                plans.append(WorkshopPlan(theirs, None, Outcome.IDENTICAL, None, local_status=WorkshopStatus.CLOSED,
                                          local_fingerprint=here[1]))
                continue
            local = repo.load_workshop(self.session, theirs.uuid) if here is not None else None
            plan = plan_workshop(local, theirs)
            if plan.outcome is Outcome.CONFLICT:
                copy_uuid = str(uuid_module.uuid5(uuid_module.uuid5(_COPY_NAMESPACE, f"{theirs.uuid}:{fingerprint(theirs)}"),
                                                  theirs.uuid))
                if self.existing_workshops([copy_uuid]):
                    plan = replace(plan, copy_exists=True)
            plans.append(plan)
        return plans

    def preview(self, content: ExportFile) -> ImportPreview:
        counts = _empty_counts()
        previews = []
        for plan in self.plans(content):
            theirs, local = plan.theirs, plan.local
            _diff(counts, local, plan.merged, theirs, plan.outcome)
            reason = plan.reason
            if plan.copy_exists:
                reason += " Une copie de la version du fichier a déjà été importée."
            previews.append(WorkshopPreview(
                uuid=theirs.uuid, title=theirs.title, starts_at=theirs.starts_at, communes=theirs.communes,
                their_status=theirs.status, local_status=plan.local_status, outcome=plan.outcome,
                reason=reason.strip(), their_fingerprint=theirs.fingerprint or "",
                local_fingerprint=plan.local_fingerprint or ""))
        self.count_plans(content, counts)
        self.count_participants(content, counts)
        already = self.session.scalar(select(ImportLogRow.id).where(ImportLogRow.file_sha256 == content.sha256).limit(1))
        return ImportPreview(
            path=content.path, file_sha256=content.sha256, device=content.device,
            device_status=_device_status(self.session, content.device, self.me), created_at=content.created_at,
            app_version=content.app_version, counts=counts, workshops=tuple(previews),
            already_imported=already is not None, content=content)

    def count_plans(self, content: ExportFile, counts: dict[str, KindCounts]) -> None:
        for plan in content.plans:
            if plan_repo.plan_exists(self.session, plan.info.uuid):
                counts["plans"].identical += 1
            else:
                counts["plans"].added += 1

    def count_participants(self, content: ExportFile, counts: dict[str, KindCounts]) -> None:
        rows = self.participant_rows([p.uuid for p in content.participants])
        for p in content.participants:
            row = rows.get(p.uuid)
            if row is None:
                counts["participants"].added += 1
            elif _fills(row, p):
                counts["participants"].updated += 1
            else:
                counts["participants"].identical += 1

    def participant_rows(self, uuids: list[str]) -> dict[str, ParticipantRow]:
        out: dict[str, ParticipantRow] = {}
        for part in _chunks(uuids):
            out.update((r.uuid, r) for r in self.session.scalars(select(ParticipantRow).where(ParticipantRow.uuid.in_(part))))
        return out


def _fills(row: ParticipantRow, p: Participant) -> dict[str, str]:
    """Directory fields empty here that the file fills (a directory entry is never overwritten)."""
    return {k: getattr(p, k) for k in ("role", "commune", "email") if not getattr(row, k) and getattr(p, k)}


def preview_import(db: Database, path: Path | str, *, identity: DeviceIdentity | None = None) -> ImportPreview:
    """Read, check and compare one file with the database; nothing is written."""
    me = _identity(identity)
    content = _read(path)
    with db.reading() as session:
        return _Planner(session, me).preview(content)


def preview_imports(
    db: Database,
    paths: Sequence[Path | str],
    *,
    progress: Progress | None = None,
    identity: DeviceIdentity | None = None,
) -> BatchPreview:
    """Preview several files (folders are searched for ``*.projter``); refused files are
    listed with their reason instead of stopping the others."""
    me = _identity(identity)
    files = expand_paths(paths)
    previews: list[ImportPreview] = []
    refused: list[RefusedFile] = []
    seen: set[str] = set()
    with _bulk(), db.reading() as session:
        planner = _Planner(session, me)
        for done, path in enumerate(files):
            if progress is not None:
                progress(done, len(files))
            try:
                content = _read(path)
            except ImportRefusedError as exc:
                refused.append(RefusedFile(Path(path), exc.code, str(exc), exc.details))
                continue
            if content.sha256 in seen:
                continue  # the same file twice in the selection
            seen.add(content.sha256)
            previews.append(planner.preview(content))
        if progress is not None:
            progress(len(files), len(files))
    return BatchPreview(tuple(previews), tuple(refused))


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, and the ``*.projter`` files of the folders given (sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == SUFFIX and p.is_file()))
        else:
            out.append(path)
    return out


# --------------------------------------------------------------------------- apply


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    file_sha256: str
    device_name: str
    counts: dict[str, KindCounts]
    workshops: tuple[WorkshopPreview, ...]
    resolutions: dict[str, str]
    changed: bool


@dataclass(frozen=True)
class ImportSummary:
    files: tuple[FileOutcome, ...]
    refused: tuple[RefusedFile, ...] = ()
    changes: Changes = field(default_factory=Changes)

    def total(self, kind: str) -> KindCounts:
        out = KindCounts()
        for f in self.files:
            out.add(f.counts[kind])
        return out

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.files)


def apply_import(
    db: Database,
    preview_or_path: ImportPreview | Path | str,
    resolutions: Mapping[str, Resolution] | None = None,
    trust_device: bool = False,
    *,
    identity: DeviceIdentity | None = None,
) -> ImportSummary:
    """Import one file in one transaction (all or nothing); see the module doc."""
    if isinstance(preview_or_path, ImportPreview):
        content = preview_or_path.content or _read(preview_or_path.path)
    else:
        content = _read(preview_or_path)
    return _apply(db, [content], resolutions or {}, trust_device, None, _identity(identity), ())


def apply_imports(
    db: Database,
    batch: BatchPreview | Sequence[ImportPreview],
    resolutions: Mapping[str, Resolution] | None = None,
    trust_devices: bool | Iterable[str] = False,
    *,
    progress: Progress | None = None,
    identity: DeviceIdentity | None = None,
) -> ImportSummary:
    """Import the previewed files in ONE transaction: any error, or an exception raised by
    ``progress(done, total)`` (a cancel), leaves the database unchanged.

    ``trust_devices``: True to approve every unknown device of the batch, or the uuids of
    the devices the user approved.
    """
    previews = batch.previews if isinstance(batch, BatchPreview) else tuple(batch)
    refused = batch.refused if isinstance(batch, BatchPreview) else ()
    contents = [p.content or _read(p.path) for p in previews]
    return _apply(db, contents, resolutions or {}, trust_devices, progress, _identity(identity), refused)


def _apply(
    db: Database,
    contents: Sequence[ExportFile],
    resolutions: Mapping[str, Resolution],
    trust: bool | Iterable[str],
    progress: Progress | None,
    me: DeviceIdentity,
    refused: Sequence[RefusedFile],
) -> ImportSummary:
    for key, value in resolutions.items():
        if value not in RESOLUTIONS:
            raise UserError(f"Résolution « {value} » inconnue pour {key} : mine, theirs ou copy.")
    trusted = trust if isinstance(trust, bool) else set(trust)
    outcomes: list[FileOutcome] = []
    changes = Changes()
    with _bulk(), db.transaction() as session:
        writer = _Writer(session, me)
        for done, content in enumerate(contents):
            if progress is not None:
                progress(done, len(contents))
            outcome, changed = writer.apply(content, resolutions, trusted)
            outcomes.append(outcome)
            changes = changes | changed
        if progress is not None:
            progress(len(contents), len(contents))
    return ImportSummary(tuple(outcomes), tuple(refused), changes)


class _Writer(_Planner):
    """Writes the planned changes with Core bulk inserts (no ORM objects on the hot path)."""

    def __init__(self, session: Session, me: DeviceIdentity):
        super().__init__(session, me)
        self.plan_maps: dict[str, dict[str, dict[str, int]]] = {}
        self.participant_ids: dict[str, int] = {}
        self.communes: set[str] | None = None
        self.next_ballot_id: int | None = None

    # -- devices ------------------------------------------------------------------------
    def check_device(self, content: ExportFile, trusted: bool | set[str]) -> bool:
        device = content.device
        status = _device_status(self.session, device, self.me)
        if status is DeviceStatus.REVOKED:
            raise RevokedDeviceError(content.name, device)
        if status is DeviceStatus.KEY_CHANGED:
            raise DeviceKeyChangedError(content.name, device)
        if status is DeviceStatus.UNKNOWN:
            if not (trusted is True or (isinstance(trusted, set) and device.uuid in trusted)):
                raise UnknownDeviceError(content.name, device)
            row = _device_row(self.session, device)
            row.trusted = True
            row.approved_at = now()
            self.session.flush()
            return True
        return False

    # -- one file --------------------------------------------------------------------------
    def apply(self, content: ExportFile, resolutions: Mapping[str, Resolution],
              trusted: bool | set[str]) -> tuple[FileOutcome, Changes]:
        device_changed = self.check_device(content, trusted)
        counts = _empty_counts()
        previews: list[WorkshopPreview] = []
        applied: dict[str, str] = {}
        to_write: list[tuple[WorkshopPlan, Workshop, bool]] = []  # (plan, content, replace existing)
        plans = self.plans(content)
        unresolved = [p for p in plans if p.outcome is Outcome.CONFLICT and p.theirs.uuid not in resolutions]
        if unresolved:
            names = ", ".join(f"« {p.theirs.title} »" for p in unresolved[:5])
            raise UnresolvedConflictError(
                f"{len(unresolved)} atelier(s) en conflit dans « {content.name} » : {names}. Choisissez pour chacun : "
                "garder ma version (mine), prendre celle du fichier (theirs) ou garder les deux (copy).")
        for plan in plans:
            theirs, local = plan.theirs, plan.local
            outcome, reason = plan.outcome, plan.reason
            if plan.outcome is Outcome.CONFLICT:
                choice = resolutions[theirs.uuid]
                applied[theirs.uuid] = choice
                if choice == "theirs":
                    to_write.append((plan, theirs, True))
                    _diff(counts, local, theirs, theirs, Outcome.UPDATED)
                    outcome, reason = Outcome.UPDATED, "version du fichier retenue"
                elif choice == "copy" and not plan.copy_exists:
                    copy = copy_of(theirs)
                    to_write.append((plan, copy, False))
                    _diff(counts, None, copy, copy, Outcome.ADDED)
                    outcome, reason = Outcome.ADDED, "copie ajoutée"
                else:
                    _diff(counts, local, None, theirs, Outcome.IDENTICAL)
                    outcome, reason = Outcome.IDENTICAL, "version locale gardée"
            else:
                _diff(counts, local, plan.merged, theirs, plan.outcome)
                if plan.merged is not None:
                    to_write.append((plan, plan.merged, local is not None))
            previews.append(WorkshopPreview(
                uuid=theirs.uuid, title=theirs.title, starts_at=theirs.starts_at, communes=theirs.communes,
                their_status=theirs.status, local_status=plan.local_status, outcome=outcome,
                reason=reason, their_fingerprint=theirs.fingerprint or "", local_fingerprint=plan.local_fingerprint or ""))
        self.count_plans(content, counts)
        self.count_participants(content, counts)
        changed_participants = self.write_participants(content)
        plans_added = False
        for _plan, workshop, replace_existing in to_write:
            plans_added |= self.ensure_plan(content, workshop.plan_uuid)
            self.write_workshop(workshop, replace_existing)
        changed = bool(to_write) or changed_participants or device_changed
        if changed:
            summary = {
                "file": content.name, "device": content.device.name,
                "counts": {k: vars(v) for k, v in counts.items()},
                "workshops": {p.uuid: p.outcome.value for p in previews}, "resolutions": applied,
            }
            self.session.execute(insert(ImportLogRow.__table__), [{
                "file_sha256": content.sha256, "file_name": content.name[:300], "device_uuid": content.device.uuid,
                "imported_at": now(), "summary": json.dumps(summary, ensure_ascii=False, sort_keys=True)}])
        touched = frozenset(w.uuid for _p, w, _r in to_write)
        flags = Changes(
            plans=plans_added, workshops=bool(to_write), participants=changed_participants or bool(to_write),
            devices=device_changed, workshop_uuids=touched)
        outcome_record = FileOutcome(content.path, content.sha256, content.device.name, counts, tuple(previews),
                                     applied, changed)
        return outcome_record, flags

    # -- plans ----------------------------------------------------------------------------
    def ensure_plan(self, content: ExportFile, plan_uuid: str) -> bool:
        if plan_uuid in self.plan_maps:
            return False
        added = False
        if not plan_repo.plan_exists(self.session, plan_uuid):
            plan = next((p for p in content.plans if p.info.uuid == plan_uuid), None)
            if plan is None:  # read_export guarantees it; defensive
                raise ImportRefusedError(f"Le plan de « {content.name} » manque.", code="dangling_reference",
                                         file=content.name)
            clash = plan_repo.existing_uuids(self.session, {n.uuid for n in _plan_nodes(plan)})
            if clash:
                raise ImportRefusedError(
                    f"« {content.name} » apporte le plan « {plan.info.name} », dont {len(clash)} élément(s) existent "
                    "déjà ici dans un autre plan (mêmes identifiants) : rien n'a été importé.",
                    code="plan_clash", file=content.name)
            plan_repo.add_plan(self.session, plan)
            self.session.expunge_all()
            added = True
        plan_id = self.session.scalar(select(PlanRow.id).where(PlanRow.uuid == plan_uuid))
        orientations = dict(self.session.execute(
            select(OrientationRow.uuid, OrientationRow.id).join(AxisRow, AxisRow.id == OrientationRow.axis_id)
            .where(AxisRow.plan_id == plan_id)).all())
        objectives = dict(self.session.execute(
            select(ObjectiveRow.uuid, ObjectiveRow.id).join(OrientationRow, OrientationRow.id == ObjectiveRow.orientation_id)
            .join(AxisRow, AxisRow.id == OrientationRow.axis_id).where(AxisRow.plan_id == plan_id)).all())
        actions = dict(self.session.execute(
            select(ActionRow.uuid, ActionRow.id).join(ObjectiveRow, ObjectiveRow.id == ActionRow.objective_id)
            .join(OrientationRow, OrientationRow.id == ObjectiveRow.orientation_id)
            .join(AxisRow, AxisRow.id == OrientationRow.axis_id).where(AxisRow.plan_id == plan_id)).all())
        self.plan_maps[plan_uuid] = {"id": {"plan": plan_id}, "orientations": orientations, "objectives": objectives,
                                     "actions": actions}
        return added

    # -- participants and communes ------------------------------------------------------------
    def write_participants(self, content: ExportFile) -> bool:
        rows = self.participant_rows([p.uuid for p in content.participants])
        new = []
        changed = False
        moment = now()
        for p in content.participants:
            row = rows.get(p.uuid)
            if row is None:
                new.append({"uuid": p.uuid, "name": p.name, "role": p.role, "commune": p.commune, "email": p.email,
                            "created_at": moment})
            else:
                fills = _fills(row, p)
                if fills:
                    self.session.execute(update(ParticipantRow.__table__).where(ParticipantRow.id == row.id).values(**fills))
                    changed = True
                self.participant_ids[p.uuid] = row.id
        if new:
            self.session.execute(insert(ParticipantRow.__table__), new)
            for part in _chunks([n["uuid"] for n in new]):
                self.participant_ids.update(self.session.execute(
                    select(ParticipantRow.uuid, ParticipantRow.id).where(ParticipantRow.uuid.in_(part))).all())
            changed = True
        self.ensure_communes([p.commune for p in content.participants])
        return changed

    def ensure_communes(self, names: Iterable[str]) -> None:
        if self.communes is None:
            self.communes = set(self.session.scalars(select(CommuneRow.name_key)))
        rows = []
        for name in names:
            key = fold(name)
            if name and key and key not in self.communes:
                self.communes.add(key)
                rows.append({"uuid": str(uuid_module.uuid4()), "name": name[:200], "name_key": key[:200],
                             "insee_code": None, "population": None})
        if rows:
            self.session.execute(insert(CommuneRow.__table__), rows)

    # -- workshops ------------------------------------------------------------------------------
    def write_workshop(self, w: Workshop, replace_existing: bool) -> None:
        maps = self.plan_maps[w.plan_uuid]
        orientations, objectives, actions = maps["orientations"], maps["objectives"], maps["actions"]
        missing = [u for u in _plan_references(w) if u not in orientations and u not in objectives and u not in actions]
        if missing:
            raise ImportRefusedError(
                f"L'atelier « {w.title} » utilise {len(missing)} élément(s) absents du plan de cette base "
                "(version différente du plan ?) : rien n'a été importé.", code="plan_mismatch")
        self.ensure_communes([*w.communes, *(a.commune for a in w.attendees)])
        values = {
            "uuid": w.uuid, "plan_id": maps["id"]["plan"], "title": w.title, "starts_at": w.starts_at, "place": w.place,
            "communes": json.dumps(list(w.communes), ensure_ascii=False), "facilitators": w.facilitators,
            "default_method": w.default_method.value, "default_mode": w.default_mode.value,
            "proxy_limit": w.proxy_limit, "quorum": w.quorum, "status": w.status.value, "closed_at": w.closed_at,
            "fingerprint": w.fingerprint, "created_at": w.created_at or now(),
            "chair_uuid": w.chair, "quorum_basis": w.quorum_basis,
        }
        table = WorkshopRow.__table__
        if replace_existing:
            workshop_id = self.session.scalar(select(WorkshopRow.id).where(WorkshopRow.uuid == w.uuid))
            assert workshop_id is not None
            for model in (RoundRow, ProxyRow, DecisionRow, CommentRow, ProposalRow, ScopeRow):
                self.session.execute(delete(model.__table__).where(model.__table__.c.workshop_id == workshop_id))
            self.session.execute(delete(AttendeeRow.__table__).where(AttendeeRow.workshop_id == workshop_id))
            self.session.execute(update(table).where(table.c.id == workshop_id).values(**values))
        else:
            workshop_id = self.session.execute(insert(table).values(**values)).inserted_primary_key[0]
        self.write_children(workshop_id, w, orientations, objectives, actions)

    def write_children(self, workshop_id: int, w: Workshop, orientations: Mapping[str, int],
                       objectives: Mapping[str, int], actions: Mapping[str, int]) -> None:
        execute = self.session.execute
        missing = [a.participant_uuid for a in w.attendees if a.participant_uuid not in self.participant_ids]
        for part in _chunks(missing):  # attendees kept from this database's version (merges)
            self.participant_ids.update(execute(
                select(ParticipantRow.uuid, ParticipantRow.id).where(ParticipantRow.uuid.in_(part))).all())
        if w.scope:
            execute(insert(ScopeRow.__table__), [
                {"workshop_id": workshop_id, "orientation_id": orientations[o], "position": i} for i, o in enumerate(w.scope)])
        if w.attendees:
            execute(insert(AttendeeRow.__table__), [
                {"uuid": a.uuid, "workshop_id": workshop_id, "participant_id": self.participant_ids[a.participant_uuid],
                 "position": i, "name": a.name, "role": a.role, "commune": a.commune, "vote_weight": a.vote_weight,
                 "status": a.status.value, "arrived_at": a.arrived_at, "left_at": a.left_at}
                for i, a in enumerate(w.attendees)])
        attendee_ids = dict(execute(select(AttendeeRow.uuid, AttendeeRow.id).where(AttendeeRow.workshop_id == workshop_id))
                            .all())
        if w.proxies:
            execute(insert(ProxyRow.__table__), [
                {"uuid": p.uuid, "workshop_id": workshop_id, "giver_id": attendee_ids[p.giver_uuid],
                 "holder_id": attendee_ids[p.holder_uuid]} for p in w.proxies])
        if w.rounds:
            execute(insert(RoundRow.__table__), [
                {"uuid": r.uuid, "workshop_id": workshop_id, "orientation_id": orientations[r.orientation_uuid],
                 "number": r.number, "title": r.title, "method": r.method.value, "mode": r.mode.value,
                 "config": json.dumps(repo.config_options(r.config)), "status": r.status.value,
                 "results_hidden": r.results_hidden, "opened_at": r.opened_at, "closed_at": r.closed_at,
                 "analog_voters": r.analog_voters,
                 "present_members": r.present_members, "represented_members": r.represented_members,
                 # papers written in uuid order with new ids: nothing of the order of entry
                 "sealed": r.mode is RoundMode.SECRET and r.status is RoundStatus.CLOSED} for r in w.rounds])
            round_ids = dict(execute(select(RoundRow.uuid, RoundRow.id).where(RoundRow.workshop_id == workshop_id))
                             .all())
            # The bulk of an import: plain tuples through the session's own connection and
            # transaction (sqlite3 executemany), no per-row SQLAlchemy parameter processing.
            round_actions: list[tuple[int, int, int]] = []
            ballots: list[tuple[int, str, int, int | None, float]] = []
            marks: list[tuple[int, int, str]] = []
            register: list[tuple[int, int]] = []
            counts: list[tuple[int, int, str]] = []
            encode = ballot_store.mark_encoder()
            for r in w.rounds:
                round_id = round_ids[r.uuid]
                round_actions.extend((round_id, actions[a], i) for i, a in enumerate(r.action_uuids))
                # secret ballots in uuid order (random): their ids say nothing of who voted when
                for b in sorted(r.ballots, key=lambda b: b.uuid):
                    ballot_id = self.new_ballot_id()
                    ballots.append((ballot_id, b.uuid, round_id,
                                    attendee_ids[b.attendee_uuid] if b.attendee_uuid else None, b.weight))
                    marks.extend((ballot_id, actions[a], encode(v)) for a, v in b.marks.items())
                register.extend((round_id, attendee_ids[v]) for v in r.voted)
                counts.extend((round_id, actions[a], json.dumps(d, sort_keys=True)) for a, d in r.counts.items())
            if round_actions:
                self.bulk_insert(RoundActionRow.__table__, ("round_id", "action_id", "position"), round_actions)
            ballot_store.insert_many(self.session, ballots, marks, register)
            if counts:
                self.bulk_insert(CountRow.__table__, ("round_id", "action_id", "distribution"), counts)
        if w.decisions:
            execute(insert(DecisionRow.__table__), [
                {"uuid": d.uuid, "workshop_id": workshop_id, "action_id": actions[d.action_uuid],
                 "decision": d.decision.value, "rationale": d.rationale, "decided_at": d.decided_at or now()}
                for d in w.decisions])
        if w.comments:
            execute(insert(CommentRow.__table__), [
                {"uuid": c.uuid, "workshop_id": workshop_id,
                 "action_id": actions[c.action_uuid] if c.action_uuid else None,
                 "orientation_id": orientations[c.orientation_uuid] if c.orientation_uuid else None,
                 "text": c.text, "author": c.author, "created_at": c.created_at or now()} for c in w.comments])
        if w.proposals:
            execute(insert(ProposalRow.__table__), [
                {"uuid": p.uuid, "workshop_id": workshop_id, "objective_id": objectives[p.objective_uuid],
                 "title": p.title, "kind": p.kind, "proposer": p.proposer, "created_at": p.created_at or now()}
                for p in w.proposals])

    def bulk_insert(self, table: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        ballot_store.bulk_insert(self.session, table, columns, rows)

    def new_ballot_id(self) -> int:
        """Ids for imported ballots: consecutive from the largest id in the table (the write
        lock is held: the workshop row was written first). Recording a vote gives secret
        ballots random ids so that ids do not tell the order of casting; imported ballots
        are numbered in uuid order (random), which tells nothing either, and consecutive
        ids make the bulk insert append to the B-trees instead of scattering."""
        if self.next_ballot_id is None:
            self.next_ballot_id = (self.session.scalar(select(func.max(BallotRow.id))) or 0) + 1
        value = self.next_ballot_id
        self.next_ballot_id += 1
        return value


def _plan_nodes(plan: TerritorialPlan) -> list[Any]:
    return [*plan.axes, *plan.orientations(), *plan.objectives(), *plan.actions()]


def _plan_references(w: Workshop) -> set[str]:
    refs: set[str] = set(w.scope)
    for r in w.rounds:
        refs.add(r.orientation_uuid)
        refs.update(r.action_uuids)
    refs.update(d.action_uuid for d in w.decisions)
    for c in w.comments:
        if c.action_uuid:
            refs.add(c.action_uuid)
        if c.orientation_uuid:
            refs.add(c.orientation_uuid)
    refs.update(p.objective_uuid for p in w.proposals)
    return refs


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class ImportLogEntry:
    file_name: str
    file_sha256: str
    device_uuid: str
    imported_at: datetime
    summary: dict[str, Any]


def import_history(db: Database, limit: int = 200) -> list[ImportLogEntry]:
    with db.reading() as session:
        rows = session.scalars(select(ImportLogRow).order_by(ImportLogRow.imported_at.desc(), ImportLogRow.id.desc())
                               .limit(limit)).all()
        return [ImportLogEntry(r.file_name, r.file_sha256, r.device_uuid, r.imported_at, json.loads(r.summary or "{}"))
                for r in rows]


def describe_counts(counts: Mapping[str, KindCounts]) -> list[tuple[str, KindCounts]]:
    """(French label, counts) for the kinds that have anything, in display order."""
    return [(KINDS_FR[k], counts[k]) for k in KINDS if counts[k].total]


__all__ = [
    "BatchPreview", "DeviceStatus", "DeviceSummary", "ExportResult", "FileOutcome", "ImportPreview",
    "ImportRefusedError", "ImportSummary", "KindCounts", "Outcome", "RefusedFile", "RevokedDeviceError",
    "UnknownDeviceError", "UnresolvedConflictError", "WorkshopPreview", "apply_import", "apply_imports",
    "copy_of", "expand_paths", "export_workshops", "import_history", "list_devices",
    "plan_workshop", "preview_import", "preview_imports", "revoke_device", "this_device", "trust_device", "union",
]
