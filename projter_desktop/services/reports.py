"""Use cases that print: minutes, attendance sheet, paper ballots, results export.

Each loads the workshop, its plan and the tallies, hands them to ``reports/`` (or to
``exchange/results_export``) and writes the file atomically: the document is written to
``FILE.part`` next to the target, then renamed over it, so a crash or a cancel never leaves
a truncated PDF behind. ReportLab is imported lazily (start-up time of the GUI and CLI).

``progress(done, total, label)`` callbacks may raise (the GUI's cancel token does) to stop
the work; the partial file is then removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from projter_desktop.domain.plan import TerritorialPlan
from projter_desktop.domain.voting import Tally
from projter_desktop.domain.workshop import RoundRecord, RoundStatus, Workshop
from projter_desktop.services.errors import NotFoundError, UserError
from projter_desktop.services.plans import get_plan
from projter_desktop.services.rounds import correction_counts, tally_record
from projter_desktop.services.workshops import get_workshop
from projter_desktop.store.database import Database

__all__ = [
    "RESULT_SUFFIXES",
    "Progress",
    "ReportFile",
    "copy_file",
    "export_results",
    "load_for_report",
    "write_attendance_sheet",
    "write_ballots",
    "write_minutes",
]

Progress = Callable[[int, int, str], None]

#: Suffixes :func:`export_results` understands.
RESULT_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class ReportFile:
    """A document written by one of the use cases."""

    path: Path
    pages: int = 0  # 0 for spreadsheets
    title: str = ""


@dataclass(frozen=True)
class ReportData:
    workshop: Workshop
    plan: TerritorialPlan
    tallies: dict[str, Tally]
    #: round uuid -> number of ballot corrections in its history (rounds with any)
    corrections: dict[str, int] = field(default_factory=dict)


def load_for_report(db: Database, workshop_uuid: str) -> ReportData:
    """The workshop, its plan and the tally of every round that has been opened."""
    workshop = get_workshop(db, workshop_uuid)
    plan = get_plan(db, workshop.plan_uuid)
    tallies = {r.uuid: tally_record(workshop, r) for r in workshop.rounds if r.status is not RoundStatus.DRAFT}
    return ReportData(workshop, plan, tallies, correction_counts(db, workshop_uuid))


@contextmanager
def _atomic(path: Path | str) -> Iterator[Path]:
    """Yield ``PATH.part``; rename it to ``PATH`` on success, remove it on any failure."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"« {target} » est un dossier : indiquez un nom de fichier.")
    if not target.parent.is_dir():
        raise UserError(f"Le dossier « {target.parent} » n'existe pas.")
    partial = target.with_name(target.name + ".part")
    try:
        yield partial
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"Impossible d'écrire « {target} » : {exc.strerror or exc}.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _pdf_path(path: Path | str) -> Path:
    target = Path(path).expanduser()
    if target.suffix.lower() != ".pdf":
        raise UserError(f"« {target.name} » : le document est un PDF, le nom doit finir par « .pdf ».")
    return target


def _layout_progress(progress: Progress | None, label: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(done, total, label)


def write_minutes(
    db: Database, workshop_uuid: str, path: Path | str, *, progress: Progress | None = None,
    generated_at: datetime | None = None,
) -> ReportFile:
    """Write the minutes (compte-rendu) of the workshop as a PDF."""
    from projter_desktop.reports.minutes import build_minutes

    target = _pdf_path(path)
    if progress:
        progress(0, 0, "Lecture de l'atelier…")
    data = load_for_report(db, workshop_uuid)
    with _atomic(target) as partial:
        pages = build_minutes(partial, data.workshop, data.plan, data.tallies, generated_at=generated_at,
                              corrections=data.corrections,
                              progress=_layout_progress(progress, "Mise en page du compte-rendu…"))
    return ReportFile(target, pages, f"Compte-rendu — {data.workshop.title}")


def write_attendance_sheet(
    db: Database, workshop_uuid: str, path: Path | str, *, progress: Progress | None = None,
    generated_at: datetime | None = None,
) -> ReportFile:
    """Write the attendance sheet (feuille d'émargement) as a PDF."""
    from projter_desktop.reports.attendance_sheet import build_attendance_sheet

    target = _pdf_path(path)
    workshop = get_workshop(db, workshop_uuid)
    with _atomic(target) as partial:
        pages = build_attendance_sheet(partial, workshop, generated_at=generated_at,
                                       progress=_layout_progress(progress, "Mise en page de la feuille…"))
    return ReportFile(target, pages, f"Feuille d'émargement — {workshop.title}")


def round_by_number(workshop: Workshop, number: int) -> RoundRecord:
    found = next((r for r in workshop.rounds if r.number == number), None)
    if found is None:
        numbers = ", ".join(str(r.number) for r in sorted(workshop.rounds, key=lambda r: r.number))
        raise NotFoundError(f"L'atelier n'a pas de tour n° {number}"
                            + (f" (tours : {numbers})." if numbers else " : il n'a encore aucun tour."))
    return found


def write_ballots(
    db: Database, workshop_uuid: str, round_number: int, path: Path | str, *, copies: int | None = None,
    progress: Progress | None = None, generated_at: datetime | None = None,
) -> ReportFile:
    """Write paper ballots for round ``round_number``; ``copies`` defaults to one per voice
    expected (present or not yet pointed participants, plus proxies), filling the last page."""
    from projter_desktop.reports.ballots import build_ballots

    if copies is not None and not 1 <= copies <= 2000:
        raise UserError("Le nombre de bulletins doit être compris entre 1 et 2000.")
    target = _pdf_path(path)
    data = load_for_report(db, workshop_uuid)
    record = round_by_number(data.workshop, round_number)
    with _atomic(target) as partial:
        pages = build_ballots(partial, data.workshop, data.plan, record, copies=copies, generated_at=generated_at,
                              progress=_layout_progress(progress, "Mise en page des bulletins…"))
    return ReportFile(target, pages, f"Bulletins du tour {round_number} — {data.workshop.title}")


def export_results(db: Database, workshop_uuid: str, path: Path | str, *,
                   progress: Progress | None = None) -> ReportFile:
    """Write one row per action and round: CSV for French Excel (``;``, UTF-8 BOM) or XLSX,
    chosen by the file's suffix."""
    from projter_desktop.exchange import results_export

    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in RESULT_SUFFIXES:
        raise UserError(f"« {target.name} » : choisissez un fichier .csv ou .xlsx pour les résultats.")
    if progress:
        progress(0, 0, "Calcul des résultats…")
    data = load_for_report(db, workshop_uuid)
    export = results_export.results_export(data.workshop, data.plan, data.tallies)
    with _atomic(target) as partial:
        if suffix == ".csv":
            results_export.write_csv(partial, export)
        else:
            results_export.write_xlsx(partial, export)
    return ReportFile(target, 0, f"Résultats — {data.workshop.title}")


def copy_file(source: Path | str, target: Path | str) -> Path:
    """Copy a generated document to where the user chose to save it (atomically)."""
    source_path = Path(source)
    if not source_path.is_file():
        raise UserError("Le document à enregistrer n'existe plus ; générez-le à nouveau.")
    destination = Path(target).expanduser()
    with _atomic(destination) as partial:
        shutil.copyfile(source_path, partial)
    return destination
