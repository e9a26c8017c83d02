"""Importing people and communes from spreadsheets; the seed list of communes.

* :func:`import_participants` reads a CSV/XLSX list of participants into the reusable
  directory and, optionally, invites them to a workshop. People already in the directory
  (same name and commune, or same e-mail address) are reused, not duplicated; people
  already invited to the workshop are skipped and reported. All or nothing: the file is
  checked entirely first, and everything is written in one transaction.
* :func:`import_communes` adds or completes communes (name, INSEE code, population).
* :func:`ensure_seed_communes` fills an empty commune list with the communes of the
  agglomeration named in the 2018 Projet de Territoire (``resources/communes``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from projter_desktop.domain.plan import fold
from projter_desktop.domain.workshop import AttendanceStatus
from projter_desktop.exchange.people_files import (
    CommunesFile,
    PeopleFile,
    PeopleFileError,
    read_communes_file,
    read_people_file,
)
from projter_desktop.paths import resource
from projter_desktop.services.changes import Changes, Result
from projter_desktop.services.errors import InvalidFileError, UserError
from projter_desktop.store.database import Database

SEED_COMMUNES = ("communes", "communes-seed.csv")
PARTICIPANTS_TEMPLATE = ("templates", "participants-modele.csv")

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ParticipantsImport:
    """What an import of participants did."""

    rows: int  # people read from the file
    added_to_directory: int  # new entries of the directory
    found_in_directory: int  # people already in the directory (reused)
    invited: int  # people added to the workshop
    already_invited: tuple[str, ...] = ()  # names skipped: already invited to the workshop
    ignored_columns: tuple[str, ...] = ()
    workshop_uuid: str | None = None


@dataclass(frozen=True, slots=True)
class CommunesImport:
    rows: int
    added: int
    updated: int  # INSEE code or population completed
    ignored_columns: tuple[str, ...] = ()


def _refused(path: Path, error: PeopleFileError) -> InvalidFileError:
    return InvalidFileError(f"Le fichier « {path.name} » a été refusé ; rien n'a été importé.", error.summary())


def participants_template() -> Path:
    """The shipped template of a participants file (French Excel CSV)."""
    return resource(*PARTICIPANTS_TEMPLATE)


def save_participants_template(destination: Path | str) -> Path:
    """Copy the template where the user wants it (to fill it in a spreadsheet)."""
    target = Path(destination)
    if target.suffix.lower() != ".csv":
        target = target.with_suffix(".csv")
    try:
        shutil.copyfile(participants_template(), target)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {target} » : {exc.strerror or exc}.") from exc
    return target


# --------------------------------------------------------------------------- participants


def import_participants(
    db: Database,
    path: Path | str,
    workshop_uuid: str | None = None,
    *,
    progress: Progress | None = None,
) -> Result[ParticipantsImport]:
    """Read ``path`` into the directory and, when ``workshop_uuid`` is given, invite everyone.

    ``progress(done, total)`` is called while writing; if it raises (the user cancelled),
    nothing is written.
    """
    from projter_desktop.services.workshops import ensure_commune, writable_workshop
    from projter_desktop.store.models import AttendeeRow, ParticipantRow

    path = Path(path)
    if workshop_uuid:
        with db.reading() as session:
            writable_workshop(session, workshop_uuid)  # closed or deleted: refuse before reading
    try:
        people: PeopleFile = read_people_file(path)
    except PeopleFileError as exc:
        raise _refused(path, exc) from None
    total = len(people.records)
    added = found = invited = 0
    skipped: list[str] = []
    from sqlalchemy import func, select

    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid) if workshop_uuid else None
        directory = session.scalars(select(ParticipantRow)).all()
        by_key = {(fold(p.name), fold(p.commune)): p for p in directory}
        by_email = {p.email.casefold(): p for p in directory if p.email}
        invited_ids: set[int] = set()
        position = -1
        if workshop is not None:
            invited_ids = set(session.scalars(select(AttendeeRow.participant_id).where(AttendeeRow.workshop_id == workshop.id)))
            position = session.scalar(select(func.coalesce(func.max(AttendeeRow.position), -1))
                                      .where(AttendeeRow.workshop_id == workshop.id))
        for done, record in enumerate(people.records, start=1):
            if progress is not None:
                progress(done, total)
            commune = ensure_commune(session, record.commune).name if record.commune else ""
            participant = (by_email.get(record.email.casefold()) if record.email else None) \
                or by_key.get((fold(record.name), fold(commune)))
            if participant is None:
                participant = ParticipantRow(name=record.name, role=record.role, commune=commune, email=record.email)
                session.add(participant)
                session.flush()
                by_key[(fold(participant.name), fold(commune))] = participant
                if record.email:
                    by_email[record.email.casefold()] = participant
                added += 1
            else:
                # complete the directory entry, never overwrite what is there
                if record.role and not participant.role:
                    participant.role = record.role
                if record.email and not participant.email:
                    participant.email = record.email
                if commune and not participant.commune:
                    participant.commune = commune
                found += 1
            if workshop is None:
                continue
            if participant.id in invited_ids:
                skipped.append(participant.name)
                continue
            position += 1
            session.add(AttendeeRow(
                workshop_id=workshop.id, participant_id=participant.id, position=position,
                name=participant.name, role=record.role or participant.role, commune=commune or participant.commune,
                vote_weight=record.weight if record.weight is not None else 1.0,
                status=AttendanceStatus.EXPECTED.value,
            ))
            invited_ids.add(participant.id)
            invited += 1
        session.flush()
    report = ParticipantsImport(
        rows=total, added_to_directory=added, found_in_directory=found, invited=invited,
        already_invited=tuple(skipped), ignored_columns=people.ignored_columns, workshop_uuid=workshop_uuid,
    )
    changes = Changes(participants=True)
    if workshop_uuid:
        changes = changes | Changes(workshop_uuids=frozenset({workshop_uuid}), attendance=True)
    return Result(report, changes)


# --------------------------------------------------------------------------- communes


def _write_communes(db: Database, communes: CommunesFile, label: str) -> CommunesImport:
    from projter_desktop.services.workshops import ensure_commune
    from sqlalchemy import select

    from projter_desktop.store.models import CommuneRow

    added = updated = 0
    problems: list[str] = []
    with db.transaction() as session:
        rows = session.scalars(select(CommuneRow)).all()
        by_key = {r.name_key: r for r in rows}
        by_code = {r.insee_code: r for r in rows if r.insee_code}
        for record in communes.records:
            existing = by_key.get(fold(record.name))
            if record.insee_code:
                owner = by_code.get(record.insee_code)
                if owner is not None and owner is not existing:
                    problems.append(f"{label}, ligne {record.row}, colonne « code INSEE » : le code {record.insee_code} "
                                    f"appartient déjà à la commune « {owner.name} ».")
                    continue
                if existing is not None and existing.insee_code and existing.insee_code != record.insee_code:
                    problems.append(f"{label}, ligne {record.row}, colonne « code INSEE » : la commune « {existing.name} » "
                                    f"a déjà le code {existing.insee_code}.")
                    continue
            if existing is None:
                row = ensure_commune(session, record.name, record.insee_code, record.population)
                by_key[row.name_key] = row
                if row.insee_code:
                    by_code[row.insee_code] = row
                added += 1
            elif (record.insee_code and not existing.insee_code) or (
                    record.population is not None and record.population != existing.population):
                ensure_commune(session, record.name, record.insee_code, record.population)
                if existing.insee_code:
                    by_code[existing.insee_code] = existing
                updated += 1
        if problems:
            # leaving the block with an exception rolls everything back
            raise InvalidFileError(f"Le fichier « {label} » a été refusé ; rien n'a été importé.", "\n".join(problems))
    return CommunesImport(len(communes.records), added, updated, communes.ignored_columns)


def import_communes(db: Database, path: Path | str) -> Result[CommunesImport]:
    """Add the communes of a file; existing ones get a missing INSEE code or a new population."""
    path = Path(path)
    try:
        communes = read_communes_file(path)
    except PeopleFileError as exc:
        raise _refused(path, exc) from None
    report = _write_communes(db, communes, path.name)
    return Result(report, Changes(participants=True))


def count_communes(db: Database) -> int:
    # plain SQL on a sqlite3 connection: the GUI calls this at start-up, before SQLAlchemy
    # is needed
    with db.read_connection() as connection:
        return connection.execute("SELECT count(*) FROM commune").fetchone()[0] or 0


def ensure_seed_communes(db: Database) -> Changes:
    """Load the seed communes when the list of communes is empty (first start)."""
    if count_communes(db):
        return Changes()
    path = resource(*SEED_COMMUNES)
    _write_communes(db, read_communes_file(path), path.name)
    return Changes(participants=True)
