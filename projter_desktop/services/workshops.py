"""Use cases of a workshop's life: prepare, invite, attendance and proxies, close.

Every function owns its transaction and commits at once (there is no "save" button);
a closed workshop refuses every change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from projter_desktop.domain import voting
from projter_desktop.domain.plan import fold
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import (
    WORKSHOP_QUORUM_BASES,
    AttendanceStatus,
    AttendanceSummary,
    Attendee,
    Commune,
    Participant,
    RoundMode,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    WorkshopSummary,
    attendance_figures,
    attendance_summary,
    fingerprint,
)
from projter_desktop.exchange.limits import control_character
from projter_desktop.services.changes import Changes, Result
from projter_desktop.services.errors import AmbiguousReferenceError, NotFoundError, ReadOnlyError, UserError
from projter_desktop.store import workshops as repo
from projter_desktop.store.database import Database
from projter_desktop.store.models import (
    AttendeeRow,
    AxisRow,
    CommuneRow,
    OrientationRow,
    ParticipantRow,
    PlanRow,
    ProxyRow,
    RoundRow,
    ScopeRow,
    WorkshopRow,
)

MAX_TITLE = 300
MAX_NAME = 200


def now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- lookups


def resolve_workshop(db: Database, ref: str) -> str:
    """The uuid of the workshop given by its uuid or a unique prefix of it."""
    ref = ref.strip()
    if not ref:
        raise NotFoundError("Indiquez un atelier (identifiant ou début d'identifiant).")
    with db.reading() as session:
        found = repo.find_workshop_uuids(session, ref)
    if not found:
        raise NotFoundError(f"Aucun atelier ne correspond à « {ref} ». Voir « projter workshop list ».")
    if len(found) > 1:
        raise AmbiguousReferenceError(f"« {ref} » désigne plusieurs ateliers ; donnez plus de caractères.")
    return found[0]


def list_workshops(db: Database) -> list[WorkshopSummary]:
    with db.reading() as session:
        return repo.list_workshops(session)


def get_workshop(db: Database, uuid: str) -> Workshop:
    with db.reading() as session:
        workshop = repo.load_workshop(session, uuid)
    if workshop is None:
        raise NotFoundError("Cet atelier n'existe pas (ou plus) dans la base.")
    return workshop


def writable_workshop(session: Session, uuid: str) -> WorkshopRow:
    row = repo.by_uuid(session, WorkshopRow, uuid)
    if row is None:
        raise NotFoundError("Cet atelier n'existe pas (ou plus) dans la base.")
    if row.status == WorkshopStatus.CLOSED:
        raise ReadOnlyError(f"L'atelier « {row.title} » est clos : il ne peut plus être modifié.")
    return row


def _changed(workshop_uuid: str) -> Changes:
    """The workshop list, and anything of this workshop (preparation, scope, deletion)."""
    return Changes(workshops=True, workshop_uuids=frozenset({workshop_uuid}))


def _attendance_changed(workshop_uuid: str) -> Changes:
    return Changes(workshop_uuids=frozenset({workshop_uuid}), attendance=True)


# --------------------------------------------------------------------------- preparation


def _clean_text(value: str, what: str, limit: int, required: bool = True) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise UserError(f"{what} est obligatoire.")
    if len(text) > limit:
        raise UserError(f"{what} est trop long ({len(text)} caractères, maximum {limit}).")
    bad = control_character(text)
    if bad:
        raise UserError(f"{what} contient un {bad} : retirez-le (texte copié d'un autre logiciel ?).")
    return text


def _quorum(value: Any) -> float:
    """A workshop's quorum, a finite number in ``0..voting.MAX_TOTAL`` (else UserError)."""
    try:
        quorum = float(value)
    except (TypeError, ValueError, OverflowError):
        raise UserError(f"Le quorum « {str(value)[:20]} » n'est pas un nombre.") from None
    if not 0 <= quorum <= voting.MAX_TOTAL:  # NaN and infinities fail too
        raise UserError(f"Le quorum doit être un nombre de membres entre 0 et {voting.MAX_TOTAL}.")
    return quorum


def _orientation_ids(session: Session, plan_id: int, uuids: Sequence[str] | None) -> list[int]:
    in_plan = dict(
        session.execute(
            select(OrientationRow.uuid, OrientationRow.id).join(AxisRow, AxisRow.id == OrientationRow.axis_id)
            .where(AxisRow.plan_id == plan_id).order_by(AxisRow.position, OrientationRow.position)
        ).all()
    )
    if uuids is None:
        return list(in_plan.values())
    unknown = [u for u in uuids if u not in in_plan]
    if unknown:
        raise UserError("Une orientation choisie n'appartient pas au plan de l'atelier.")
    if len(set(uuids)) != len(uuids):
        raise UserError("Une orientation figure deux fois dans le périmètre.")
    return [in_plan[u] for u in uuids]


def create_workshop(
    db: Database,
    *,
    plan_uuid: str,
    title: str,
    starts_at: datetime | None = None,
    place: str = "",
    communes: Iterable[str] = (),
    facilitators: str = "",
    scope: Sequence[str] | None = None,
    default_method: Method = Method.MAJORITY_JUDGMENT,
    default_mode: RoundMode = RoundMode.NAMED,
    proxy_limit: int = 1,
    quorum: float = 0,
    uuid: str | None = None,
    chair: str | None = None,
    quorum_basis: str = "present",
) -> Result[Workshop]:
    """A new workshop in preparation. ``chair`` must be None: nobody is invited yet (see
    :func:`set_chair`); ``quorum_basis`` is "present" (CGCT L2121-17) unless the by-laws
    count the members represented ("present_and_represented")."""
    title = _clean_text(title, "Le titre de l'atelier", MAX_TITLE)
    quorum = _quorum(quorum)
    if proxy_limit < 0:
        raise UserError("Le nombre de procurations par personne ne peut pas être négatif.")
    quorum_basis = _quorum_basis(quorum_basis)
    if chair is not None:
        raise UserError(CHAIR_NOT_INVITED_FR)
    with db.transaction() as session:
        plan = repo.by_uuid(session, PlanRow, plan_uuid)
        if plan is None:
            raise NotFoundError("Le plan choisi n'existe pas dans la base.")
        row = WorkshopRow(
            title=title, plan_id=plan.id, starts_at=starts_at, place=_clean_text(place, "Le lieu", MAX_TITLE, False),
            communes=json.dumps(_commune_names(session, communes), ensure_ascii=False),
            facilitators=_clean_text(facilitators, "Les animateurs", MAX_TITLE, False),
            default_method=Method(default_method).value, default_mode=RoundMode(default_mode).value,
            proxy_limit=proxy_limit, quorum=quorum, status=WorkshopStatus.PREPARATION.value,
            quorum_basis=quorum_basis,
        )
        if uuid:
            row.uuid = uuid
        for position, orientation_id in enumerate(_orientation_ids(session, plan.id, scope)):
            row.scope.append(ScopeRow(orientation_id=orientation_id, position=position))
        session.add(row)
        session.flush()
        workshop_uuid = row.uuid
    return Result(get_workshop(db, workshop_uuid), _changed(workshop_uuid))


_UPDATABLE = {"title", "starts_at", "place", "communes", "facilitators", "default_method", "default_mode",
              "proxy_limit", "quorum", "chair", "quorum_basis"}

CHAIR_NOT_INVITED_FR = "Le président ou la présidente de séance doit être inscrit(e) à l'atelier."


def _quorum_basis(value: str) -> str:
    if value not in WORKSHOP_QUORUM_BASES:
        raise UserError(
            f"Base du quorum « {value} » inconnue : « present » (membres présents, les pouvoirs ne comptent "
            "pas) ou « present_and_represented » (membres présents ou représentés).")
    return value


def _apply_chair(session: Session, row: WorkshopRow, chair: str | None) -> frozenset[str]:
    """Make ``chair`` (an attendee uuid of the workshop, or None) the chair of ``row``; the
    draft and open rounds whose casting vote was the previous chair's follow (closed rounds
    keep theirs). Returns the uuids of the rounds changed."""
    if chair is not None:
        attendee = repo.by_uuid(session, AttendeeRow, chair)
        if attendee is None or attendee.workshop_id != row.id:
            raise UserError(CHAIR_NOT_INVITED_FR)
    previous, row.chair_uuid = row.chair_uuid, chair
    changed: set[str] = set()
    if previous is None or previous == chair:
        return frozenset()
    for round_row in session.scalars(select(RoundRow).where(RoundRow.workshop_id == row.id,
                                                            RoundRow.status != RoundStatus.CLOSED.value)):
        options = json.loads(round_row.config or "{}")
        if options.get("casting_vote") == previous:
            options["casting_vote"] = chair
            round_row.config = json.dumps(options)
            changed.add(round_row.uuid)
    return frozenset(changed)


def set_chair(db: Database, workshop_uuid: str, attendee_uuid: str | None) -> Result[Workshop]:
    """Name the chair of the meeting (*président(e) de séance*), or nobody (None). The chair's
    vote breaks an equal split in the named yes/no rounds created afterwards (CGCT
    L2121-20), and in the draft or open rounds that had the previous chair's."""
    with db.transaction() as session:
        row = writable_workshop(session, workshop_uuid)
        rounds = _apply_chair(session, row, attendee_uuid)
    return Result(get_workshop(db, workshop_uuid),
                  Changes(workshop_uuids=frozenset({workshop_uuid}), attendance=True, rounds=rounds))


def update_workshop(db: Database, uuid: str, **changes: Any) -> Result[Workshop]:
    unknown = set(changes) - _UPDATABLE
    if unknown:
        raise ValueError(f"unknown workshop fields: {sorted(unknown)}")
    rounds: frozenset[str] = frozenset()
    with db.transaction() as session:
        row = writable_workshop(session, uuid)
        for key, value in changes.items():
            if key == "chair":
                rounds = _apply_chair(session, row, value)
                continue
            if key == "quorum_basis":
                value = _quorum_basis(value)
            elif key == "quorum":
                value = _quorum(value)
            elif key == "title":
                value = _clean_text(value, "Le titre de l'atelier", MAX_TITLE)
            elif key in ("place", "facilitators"):
                value = _clean_text(value, "Ce champ", MAX_TITLE, False)
            elif key == "communes":
                value = json.dumps(_commune_names(session, value), ensure_ascii=False)
            elif key == "default_method":
                value = Method(value).value
            elif key == "default_mode":
                value = RoundMode(value).value
            elif key == "proxy_limit" and int(value) < 0:
                raise UserError("Le nombre de procurations par personne ne peut pas être négatif.")
            setattr(row, key, value)
    return Result(get_workshop(db, uuid), _changed(uuid) | Changes(rounds=rounds))


def set_scope(db: Database, uuid: str, orientation_uuids: Sequence[str]) -> Result[Workshop]:
    with db.transaction() as session:
        row = writable_workshop(session, uuid)
        ids = _orientation_ids(session, row.plan_id, orientation_uuids)
        session.execute(delete(ScopeRow).where(ScopeRow.workshop_id == row.id))
        session.flush()
        for position, orientation_id in enumerate(ids):
            session.add(ScopeRow(workshop_id=row.id, orientation_id=orientation_id, position=position))
    return Result(get_workshop(db, uuid), _changed(uuid))


def delete_workshop(db: Database, uuid: str) -> Changes:
    with db.transaction() as session:
        row = writable_workshop(session, uuid)
        session.delete(row)
    return _changed(uuid)


# --------------------------------------------------------------------------- communes


def _commune_names(session: Session, names: Iterable[str]) -> list[str]:
    """Clean commune names, adding unknown ones to the list of communes (it grows as typed)."""
    result: list[str] = []
    for name in names:
        clean = _clean_text(name, "Le nom de commune", MAX_NAME, False)
        if clean:
            canonical = ensure_commune(session, clean).name
            if canonical not in result:
                result.append(canonical)
    return result


def ensure_commune(session: Session, name: str, insee: str | None = None, population: int | None = None) -> CommuneRow:
    key = fold(name)
    row = session.scalar(select(CommuneRow).where(CommuneRow.name_key == key))
    if row is None:
        row = CommuneRow(name=name, name_key=key, insee_code=insee or None, population=population)
        session.add(row)
        session.flush()
    else:
        if insee and not row.insee_code:
            row.insee_code = insee
        if population is not None:
            row.population = population
    return row


def list_communes(db: Database) -> list[Commune]:
    with db.reading() as session:
        rows = session.scalars(select(CommuneRow).order_by(CommuneRow.name_key)).all()
        return [Commune(r.uuid, r.name, r.insee_code, r.population) for r in rows]


def add_commune(db: Database, name: str, insee_code: str | None = None, population: int | None = None) -> Result[Commune]:
    name = _clean_text(name, "Le nom de commune", MAX_NAME)
    if insee_code and not (len(insee_code) == 5 and insee_code[:2].isalnum() and insee_code[2:].isdigit()):
        raise UserError(f"Code INSEE « {insee_code} » invalide (5 caractères, ex. 30007).")
    with db.transaction() as session:
        row = ensure_commune(session, name, insee_code, population)
        commune = Commune(row.uuid, row.name, row.insee_code, row.population)
    return Result(commune, Changes(participants=True))


# --------------------------------------------------------------------------- directory


def _participant(row: ParticipantRow) -> Participant:
    return Participant(uuid=row.uuid, name=row.name, role=row.role, commune=row.commune, email=row.email)


def list_participants(db: Database, query: str = "") -> list[Participant]:
    with db.reading() as session:
        rows = session.scalars(select(ParticipantRow).order_by(ParticipantRow.name)).all()
        words = fold(query).split()
        return [
            _participant(r) for r in rows
            if all(w in fold(f"{r.name} {r.role} {r.commune}") for w in words)
        ]


def add_participant(db: Database, name: str, role: str = "", commune: str = "", email: str = "") -> Result[Participant]:
    with db.transaction() as session:
        row = _new_participant(session, name, role, commune, email)
        participant = _participant(row)
    return Result(participant, Changes(participants=True))


def _new_participant(session: Session, name: str, role: str, commune: str, email: str = "") -> ParticipantRow:
    name = _clean_text(name, "Le nom du participant", MAX_NAME)
    commune = _clean_text(commune, "Le nom de commune", MAX_NAME, False)
    if commune:
        commune = ensure_commune(session, commune).name
    row = ParticipantRow(name=name, role=_clean_text(role, "La fonction", 100, False), commune=commune,
                         email=_clean_text(email, "L'adresse électronique", MAX_NAME, False))
    session.add(row)
    session.flush()
    return row


# --------------------------------------------------------------------------- attendees


def add_attendee(
    db: Database,
    workshop_uuid: str,
    *,
    participant_uuid: str | None = None,
    name: str = "",
    role: str = "",
    commune: str = "",
    vote_weight: float = 1.0,
    status: AttendanceStatus = AttendanceStatus.EXPECTED,
) -> Result[Attendee]:
    """Invite a directory participant, or a new person (added to the directory too)."""
    if vote_weight <= 0 or vote_weight > 1000:
        raise UserError("Le poids de vote doit être un nombre positif (1 par défaut).")
    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid)
        if participant_uuid:
            participant = repo.by_uuid(session, ParticipantRow, participant_uuid)
            if participant is None:
                raise NotFoundError("Ce participant n'existe pas dans l'annuaire.")
        else:
            participant = _new_participant(session, name, role, commune)
        exists = session.scalar(select(AttendeeRow.id).where(
            AttendeeRow.workshop_id == workshop.id, AttendeeRow.participant_id == participant.id))
        if exists:
            raise UserError(f"{participant.name} est déjà inscrit(e) à cet atelier.")
        position = session.scalar(select(func.coalesce(func.max(AttendeeRow.position), -1))
                                  .where(AttendeeRow.workshop_id == workshop.id)) + 1
        row = AttendeeRow(workshop_id=workshop.id, participant_id=participant.id, position=position,
                          name=participant.name, role=participant.role, commune=participant.commune,
                          vote_weight=vote_weight, status=AttendanceStatus(status).value)
        if status is AttendanceStatus.PRESENT:
            row.arrived_at = now()
        session.add(row)
        session.flush()
        attendee_uuid = row.uuid
    workshop_data = get_workshop(db, workshop_uuid)
    attendee = workshop_data.attendee(attendee_uuid)
    assert attendee is not None
    return Result(attendee, _attendance_changed(workshop_uuid))


def _writable_attendee(session: Session, attendee_uuid: str) -> tuple[AttendeeRow, WorkshopRow]:
    row = repo.by_uuid(session, AttendeeRow, attendee_uuid)
    if row is None:
        raise NotFoundError("Ce participant n'est pas inscrit à l'atelier.")
    workshop = session.get(WorkshopRow, row.workshop_id)
    assert workshop is not None
    writable_workshop(session, workshop.uuid)
    return row, workshop


def update_attendee(db: Database, attendee_uuid: str, **changes: Any) -> Result[Attendee]:
    allowed = {"name", "role", "commune", "vote_weight"}
    if set(changes) - allowed:
        raise ValueError(f"unknown attendee fields: {sorted(set(changes) - allowed)}")
    with db.transaction() as session:
        row, workshop = _writable_attendee(session, attendee_uuid)
        if "name" in changes:
            row.name = _clean_text(changes["name"], "Le nom du participant", MAX_NAME)
        if "role" in changes:
            row.role = _clean_text(changes["role"], "La fonction", 100, False)
        if "commune" in changes:
            commune = _clean_text(changes["commune"], "Le nom de commune", MAX_NAME, False)
            row.commune = ensure_commune(session, commune).name if commune else ""
        if "vote_weight" in changes:
            weight = float(changes["vote_weight"])
            if weight <= 0 or weight > 1000:
                raise UserError("Le poids de vote doit être un nombre positif (1 par défaut).")
            row.vote_weight = weight
        workshop_uuid = workshop.uuid
    attendee = get_workshop(db, workshop_uuid).attendee(attendee_uuid)
    assert attendee is not None
    return Result(attendee, _attendance_changed(workshop_uuid))


def remove_attendee(db: Database, attendee_uuid: str) -> Changes:
    from projter_desktop.store.models import BallotRow, RegisterRow

    with db.transaction() as session:
        row, workshop = _writable_attendee(session, attendee_uuid)
        voted = session.scalar(select(func.count()).select_from(RegisterRow).where(RegisterRow.attendee_id == row.id))
        voted = voted or session.scalar(select(func.count()).select_from(BallotRow).where(BallotRow.attendee_id == row.id))
        if voted:
            raise UserError(f"{row.name} a déjà voté : on ne peut plus le retirer de l'atelier.")
        _check_not_chair(session, row, workshop)
        session.delete(row)
        workshop_uuid = workshop.uuid
    return _attendance_changed(workshop_uuid)


def _check_not_chair(session: Session, row: AttendeeRow, workshop: WorkshopRow) -> None:
    """The chair, or the holder of a round's casting vote, stays invited (the export file
    and the tally refer to them)."""
    if workshop.chair_uuid == row.uuid:
        raise UserError(f"{row.name} préside la séance : désignez une autre présidence (ou aucune) avant de "
                        "le ou la retirer de l'atelier.")
    for number, options in session.execute(select(RoundRow.number, RoundRow.config)
                                           .where(RoundRow.workshop_id == workshop.id)):
        if json.loads(options or "{}").get("casting_vote") == row.uuid:
            raise UserError(f"{row.name} a la voix prépondérante du tour {number} : on ne peut plus le ou la "
                            "retirer de l'atelier.")


def set_attendance(
    db: Database,
    attendee_uuid: str,
    status: AttendanceStatus,
    *,
    at: datetime | None = None,
) -> Result[Attendee]:
    """Mark present / excused / absent. Arrival and departure times are recorded: becoming
    present sets the arrival time; leaving a present state sets the departure time."""
    status = AttendanceStatus(status)
    moment = at or now()
    with db.transaction() as session:
        row, workshop = _writable_attendee(session, attendee_uuid)
        previous = AttendanceStatus(row.status)
        if status is AttendanceStatus.PRESENT:
            if previous is not AttendanceStatus.PRESENT:
                row.arrived_at = row.arrived_at or moment
                row.left_at = None
            given = session.scalar(select(ProxyRow).where(ProxyRow.giver_id == row.id))
            if given is not None:
                # present in person: the proxy given earlier no longer applies
                session.delete(given)
        elif previous is AttendanceStatus.PRESENT:
            row.left_at = moment
        row.status = status.value
        workshop_uuid = workshop.uuid
    attendee = get_workshop(db, workshop_uuid).attendee(attendee_uuid)
    assert attendee is not None
    return Result(attendee, _attendance_changed(workshop_uuid))


def give_proxy(db: Database, giver_uuid: str, holder_uuid: str) -> Result[Workshop]:
    """An attendee who is not present gives their vote to another attendee."""
    with db.transaction() as session:
        giver, workshop = _writable_attendee(session, giver_uuid)
        holder = repo.by_uuid(session, AttendeeRow, holder_uuid)
        if holder is None or holder.workshop_id != workshop.id:
            raise UserError("Le mandataire doit être inscrit au même atelier.")
        if giver.id == holder.id:
            raise UserError("On ne peut pas se donner procuration à soi-même.")
        if giver.status == AttendanceStatus.PRESENT:
            raise UserError(f"{giver.name} est présent(e) : une procuration n'est possible que pour un absent.")
        if holder.status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
            raise UserError(f"{holder.name} est absent(e) et ne peut pas porter de procuration.")
        if session.scalar(select(ProxyRow.id).where(ProxyRow.giver_id == giver.id)):
            raise UserError(f"{giver.name} a déjà donné procuration ; retirez-la d'abord.")
        if session.scalar(select(ProxyRow.id).where(ProxyRow.giver_id == holder.id)):
            raise UserError(f"{holder.name} a donné sa propre procuration et ne peut pas en recevoir.")
        if session.scalar(select(ProxyRow.id).where(ProxyRow.holder_id == giver.id)):
            raise UserError(f"{giver.name} porte déjà une procuration et ne peut pas donner la sienne.")
        held = session.scalar(select(func.count()).select_from(ProxyRow).where(ProxyRow.holder_id == holder.id))
        if held >= workshop.proxy_limit:
            raise UserError(
                f"{holder.name} porte déjà {held} procuration(s) : la limite de cet atelier est {workshop.proxy_limit}.")
        session.add(ProxyRow(workshop_id=workshop.id, giver_id=giver.id, holder_id=holder.id))
        workshop_uuid = workshop.uuid
    return Result(get_workshop(db, workshop_uuid), _attendance_changed(workshop_uuid))


def revoke_proxy(db: Database, giver_uuid: str) -> Result[Workshop]:
    with db.transaction() as session:
        giver, workshop = _writable_attendee(session, giver_uuid)
        proxy = session.scalar(select(ProxyRow).where(ProxyRow.giver_id == giver.id))
        if proxy is None:
            raise UserError(f"{giver.name} n'a pas donné de procuration.")
        session.delete(proxy)
        workshop_uuid = workshop.uuid
    return Result(get_workshop(db, workshop_uuid), _attendance_changed(workshop_uuid))


def attendance(db: Database, workshop_uuid: str) -> AttendanceSummary:
    workshop = get_workshop(db, workshop_uuid)
    return attendance_summary(workshop.attendees, workshop.proxies, workshop.quorum, workshop.quorum_basis)


def freeze_attendance(session: Session, workshop_id: int, *round_rows: RoundRow) -> None:
    """Write on each round closing now the attendance its quorum is judged on: members
    physically present and members represented by a counted proxy (``voices``)."""
    present, represented = attendance_figures(*repo.load_attendance(session, workshop_id))
    for round_row in round_rows:
        round_row.present_members, round_row.represented_members = present, represented


# --------------------------------------------------------------------------- closing


def close_workshop(db: Database, uuid: str, *, at: datetime | None = None) -> Result[Workshop]:
    """Freeze the workshop (``at``, now by default): open rounds are closed (their attendance
    frozen), the content is fingerprinted (SHA-256)."""

    with db.transaction() as session:
        row = writable_workshop(session, uuid)
        moment = at or now()
        closing = []
        for round_row in session.scalars(select(RoundRow).where(RoundRow.workshop_id == row.id, RoundRow.status != "closed")):
            if round_row.status == "open":
                round_row.status = "closed"
                round_row.closed_at = moment
                round_row.results_hidden = False
                closing.append(round_row)
        freeze_attendance(session, row.id, *closing)
        session.flush()
        from projter_desktop.services import urn

        sealed = urn.seal(session, [i for i in urn.secret_round_ids(session, row.id, status="closed")
                                    if not session.get(RoundRow, i).sealed])
        session.flush()
        content = repo.load_workshop(session, uuid)
        assert content is not None
        row.fingerprint = fingerprint(content)
        row.status = WorkshopStatus.CLOSED.value
        row.closed_at = moment
    if sealed:
        db.truncate_wal()
    return Result(get_workshop(db, uuid), _changed(uuid) | Changes(closed=frozenset({uuid})))


def verify_fingerprint(workshop: Workshop) -> bool:
    return workshop.fingerprint is not None and workshop.fingerprint == fingerprint(workshop)


def workshop_json(db: Database, uuid: str) -> dict[str, Any]:
    """Everything recorded for a workshop, with the tally of each round, as JSON values."""
    from dataclasses import asdict

    from projter_desktop.domain.workshop import json_values
    from projter_desktop.services.rounds import tally_record

    workshop = get_workshop(db, uuid)
    document = json_values(asdict(workshop))
    for round_doc, record in zip(document["rounds"], workshop.rounds):
        tally = tally_record(workshop, record)
        round_doc["tally"] = json_values(asdict(tally))
    document["attendance"] = json_values(asdict(attendance_summary(workshop.attendees, workshop.proxies, workshop.quorum,
                                                                   workshop.quorum_basis)))
    document["fingerprint_valid"] = verify_fingerprint(workshop) if workshop.is_closed else None
    return document
