"""Consolidation of the chosen workshops into one picture (see ``domain/consolidation.py``
for the rule), and its export as PDF or XLSX.

Only *closed* rounds count. The result of each round is its tally; a closed workshop is
immutable, so the tallies of its rounds are kept in ``round_result_cache`` (keyed by the
workshop fingerprint) after the first consolidation: consolidating a thousand closed
workshops then reads small JSON records instead of recounting every ballot.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from projter_desktop.domain import consolidation as domain
from projter_desktop.domain.consolidation import (
    ActionLine,
    ConsolidationReport,
    DecisionFact,
    ProposalFact,
    RoundResult,
    WorkshopInfo,
)
from projter_desktop.domain.plan import TerritorialPlan, fold
from projter_desktop.domain.voting import BallotError, DistributionError, Method
from projter_desktop.domain.workshop import DECISION_LABELS_FR, METHOD_LABELS_FR, DecisionKind, RoundStatus, WorkshopStatus
from projter_desktop.services.errors import UserError
from projter_desktop.services.rounds import tally_record
from projter_desktop.store import plans as plan_repo
from projter_desktop.store import workshops as repo
from projter_desktop.store.database import Database
from projter_desktop.store.exchange_models import RoundResultCacheRow
from projter_desktop.store.models import (
    ActionRow,
    DecisionRow,
    ObjectiveRow,
    OrientationRow,
    PlanRow,
    ProposalRow,
    RoundRow,
    WorkshopRow,
)

Progress = Callable[[int, int], None]
#: 2: the French voting rules (issue 11) changed the labels of the tallies (blank votes,
#: majority names…) while closed workshops keep their fingerprints, the key of the cache:
#: entries of version 1 are computed again.
CACHE_VERSION = 2


@dataclass(frozen=True)
class Filters:
    """Which workshops and actions to consolidate (empty = no restriction)."""

    workshop_uuids: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()  # a workshop matches if one of its communes is listed
    date_from: date | None = None  # local dates, inclusive
    date_to: date | None = None
    axis_uuids: tuple[str, ...] = ()
    orientation_uuids: tuple[str, ...] = ()
    plan_uuid: str | None = None  # default: the plan most of the chosen workshops use
    closed_only: bool = False

    def describe(self) -> tuple[str, ...]:
        out = []
        if self.workshop_uuids:
            out.append(f"{len(self.workshop_uuids)} atelier(s) choisi(s)")
        if self.communes:
            out.append("Communes : " + ", ".join(self.communes))
        if self.date_from or self.date_to:
            start = self.date_from.strftime("%d/%m/%Y") if self.date_from else "…"
            end = self.date_to.strftime("%d/%m/%Y") if self.date_to else "…"
            out.append(f"Période : du {start} au {end}")
        if self.closed_only:
            out.append("Ateliers clos seulement")
        return tuple(out)


@dataclass
class _Workshop:
    id: int
    info: WorkshopInfo
    plan_uuid: str
    status: WorkshopStatus
    fingerprint: str | None


def _local_date(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone().date()


def _select_workshops(session: Session, filters: Filters) -> list[_Workshop]:
    rows = session.execute(
        select(WorkshopRow.id, WorkshopRow.uuid, WorkshopRow.title, WorkshopRow.starts_at, WorkshopRow.communes,
               WorkshopRow.status, WorkshopRow.fingerprint, PlanRow.uuid)
        .join(PlanRow, PlanRow.id == WorkshopRow.plan_id)
        .order_by(WorkshopRow.starts_at, WorkshopRow.id)
    ).all()
    wanted = set(filters.workshop_uuids)
    communes = {fold(c).strip() for c in filters.communes if c.strip()}
    out = []
    for id_, uuid, title, starts_at, communes_json, status, fingerprint, plan_uuid in rows:
        if wanted and uuid not in wanted:
            continue
        names = tuple(json.loads(communes_json or "[]"))
        if communes and not communes & {fold(n) for n in names}:
            continue
        day = _local_date(starts_at)
        if filters.date_from and (day is None or day < filters.date_from):
            continue
        if filters.date_to and (day is None or day > filters.date_to):
            continue
        if filters.closed_only and status != WorkshopStatus.CLOSED:
            continue
        info = WorkshopInfo(uuid, title, starts_at, names, status == WorkshopStatus.CLOSED)
        out.append(_Workshop(id_, info, plan_uuid, WorkshopStatus(status), fingerprint))
    return out


def _result_from_cache(data: dict[str, Any], workshop_uuid: str, round_uuid: str) -> RoundResult:
    return RoundResult(
        workshop_uuid=workshop_uuid, round_uuid=round_uuid, number=data["number"], method=Method(data["method"]),
        voters=data["voters"], ranks={a: rank for a, rank, _label in data["rows"]},
        labels={a: label for a, _rank, label in data["rows"]})


def _cache_data(result: RoundResult) -> str:
    return json.dumps({
        "version": CACHE_VERSION, "number": result.number, "method": result.method.value, "voters": result.voters,
        "rows": [[a, rank, result.labels.get(a, "")] for a, rank in result.ranks.items()],
    }, ensure_ascii=False, separators=(",", ":"))


def consolidate(db: Database, filters: Filters | None = None, *, progress: Progress | None = None) -> ConsolidationReport:
    """The combined ranking, decisions, proposals and history of the chosen workshops."""
    filters = filters or Filters()
    notes: list[str] = []
    new_cache: list[dict[str, Any]] = []
    with db.reading() as session:
        chosen = _select_workshops(session, filters)
        plan_uuid = filters.plan_uuid or (Counter(w.plan_uuid for w in chosen).most_common(1)[0][0] if chosen else None)
        if plan_uuid is None:
            plans = plan_repo.list_plans(session)
            plan_uuid = plans[0].uuid if plans else None
        if plan_uuid is None:
            raise UserError("Aucun plan n'est chargé dans cette base.")
        others = [w for w in chosen if w.plan_uuid != plan_uuid]
        if others:
            notes.append(f"{len(others)} atelier(s) portant sur un autre plan ne sont pas comptés.")
        chosen = [w for w in chosen if w.plan_uuid == plan_uuid]
        plan = plan_repo.load_plan(session, plan_uuid)
        if plan is None:
            raise UserError("Le plan demandé n'existe pas dans la base.")
        allowed = _allowed_orientations(plan, filters)
        results, skipped = _round_results(session, chosen, allowed, new_cache, progress)
        if skipped:
            notes.append(f"{skipped} tour(s) aux données incohérentes n'ont pas pu être comptés.")
        by_id = {w.id: w for w in chosen}
        actions_allowed = {a.uuid for o in plan.orientations() if o.uuid in allowed for a in o.actions()}
        decisions = _decisions(session, by_id, actions_allowed)
        proposals = _proposals(session, by_id, {b.uuid for o in plan.orientations() if o.uuid in allowed
                                                for b in o.objectives})
    if new_cache:
        _store_cache(db, new_cache)
    order = [a.uuid for a in plan.actions()]
    combined = domain.combine(results, decisions, order=order)
    lines = _lines(plan, combined)
    groups = domain.group_proposals(proposals)
    describe = list(filters.describe())
    if filters.axis_uuids or filters.orientation_uuids:
        describe.append("Orientations : " + ", ".join(o.code for o in plan.orientations() if o.uuid in allowed))
    counted = {r.workshop_uuid for r in results} | {d.workshop_uuid for d in decisions}
    idle = [w for w in chosen if w.info.uuid not in counted]
    if idle:
        notes.append(f"{len(idle)} atelier(s) sans tour clos ni décision sur ces actions.")
    return ConsolidationReport(
        plan_name=plan.info.name, plan_version=plan.info.version_label,
        workshops=tuple(w.info for w in chosen), lines=tuple(lines), proposal_groups=tuple(groups),
        rounds=combined.rounds, generated_at=datetime.now(UTC), filters_text=tuple(describe), notes=tuple(notes),
        results=tuple(results), decisions=tuple(decisions))


def _allowed_orientations(plan: TerritorialPlan, filters: Filters) -> set[str]:
    orientations = {o.uuid for o in plan.orientations()}
    if not filters.axis_uuids and not filters.orientation_uuids:
        return orientations
    chosen = set(filters.orientation_uuids) & orientations
    for axis in plan.axes:
        if axis.uuid in filters.axis_uuids:
            chosen |= {o.uuid for o in axis.orientations}
    return chosen


def _round_results(
    session: Session,
    chosen: Sequence[_Workshop],
    allowed: set[str],
    new_cache: list[dict[str, Any]],
    progress: Progress | None,
) -> tuple[list[RoundResult], int]:
    by_id = {w.id: w for w in chosen}
    ids = list(by_id)
    rounds: list[tuple[int, str, int, str]] = []  # round id, uuid, workshop id, orientation uuid
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        rounds.extend(session.execute(
            select(RoundRow.id, RoundRow.uuid, RoundRow.workshop_id, OrientationRow.uuid)
            .join(OrientationRow, OrientationRow.id == RoundRow.orientation_id)
            .where(RoundRow.workshop_id.in_(part), RoundRow.status == RoundStatus.CLOSED.value)
            .order_by(RoundRow.workshop_id, RoundRow.number)).all())
    rounds = [r for r in rounds if r[3] in allowed]
    cached: dict[int, tuple[str, str]] = {}
    round_ids = [r[0] for r in rounds]
    for start in range(0, len(round_ids), 500):
        part = round_ids[start : start + 500]
        for round_id, fp, data in session.execute(
                select(RoundResultCacheRow.round_id, RoundResultCacheRow.fingerprint, RoundResultCacheRow.data)
                .where(RoundResultCacheRow.round_id.in_(part))).all():
            cached[round_id] = (fp, data)
    results: list[RoundResult] = []
    missing: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for round_id, round_uuid, workshop_id, _orientation in rounds:
        w = by_id[workshop_id]
        entry = cached.get(round_id)
        if entry is not None and w.status is WorkshopStatus.CLOSED and entry[0] == w.fingerprint:
            data = json.loads(entry[1])
            if data.get("version") == CACHE_VERSION:
                results.append(_result_from_cache(data, w.info.uuid, round_uuid))
                continue
        missing[workshop_id].append((round_id, round_uuid))
    skipped = 0
    total = len(missing)
    for done, (workshop_id, wanted) in enumerate(missing.items()):
        if progress is not None:
            progress(done, total)
        w = by_id[workshop_id]
        workshop = repo.load_workshop(session, w.info.uuid)
        if workshop is None:  # pragma: no cover - deleted meanwhile
            continue
        for round_id, round_uuid in wanted:
            record = workshop.round(round_uuid)
            if record is None:  # pragma: no cover
                continue
            try:
                tally = tally_record(workshop, record)
            except (BallotError, DistributionError, ValueError):
                skipped += 1
                continue
            result = RoundResult(
                workshop_uuid=w.info.uuid, round_uuid=round_uuid, number=record.number, method=record.method,
                voters=float(tally.voters), ranks={row.action: row.rank for row in tally.rows},
                labels={row.action: row.label for row in tally.rows})
            results.append(result)
            if w.status is WorkshopStatus.CLOSED and w.fingerprint:
                new_cache.append({"round_id": round_id, "fingerprint": w.fingerprint, "data": _cache_data(result)})
        session.expunge_all()
    if progress is not None and total:
        progress(total, total)
    return results, skipped


def _store_cache(db: Database, rows: list[dict[str, Any]]) -> None:
    """Remember the tallies of closed workshops (best effort: a busy database skips it)."""
    try:
        with db.transaction() as session:
            ids = [r["round_id"] for r in rows]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                session.execute(RoundResultCacheRow.__table__.delete().where(RoundResultCacheRow.round_id.in_(part)))
            session.execute(insert(RoundResultCacheRow.__table__), rows)
    except OperationalError:  # pragma: no cover - locked by another writer
        pass


def _decisions(session: Session, by_id: dict[int, _Workshop], actions: set[str]) -> list[DecisionFact]:
    ids = list(by_id)
    out = []
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for workshop_id, action_uuid, decision in session.execute(
                select(DecisionRow.workshop_id, ActionRow.uuid, DecisionRow.decision)
                .join(ActionRow, ActionRow.id == DecisionRow.action_id)
                .where(DecisionRow.workshop_id.in_(part))
                .order_by(DecisionRow.workshop_id, DecisionRow.id)).all():
            if action_uuid in actions:
                out.append(DecisionFact(by_id[workshop_id].info.uuid, action_uuid, DecisionKind(decision)))
    return out


def _proposals(session: Session, by_id: dict[int, _Workshop], objectives: set[str]) -> list[ProposalFact]:
    ids = list(by_id)
    out = []
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for uuid, workshop_id, title, objective_uuid, proposer in session.execute(
                select(ProposalRow.uuid, ProposalRow.workshop_id, ProposalRow.title, ObjectiveRow.uuid,
                       ProposalRow.proposer)
                .join(ObjectiveRow, ObjectiveRow.id == ProposalRow.objective_id)
                .where(ProposalRow.workshop_id.in_(part))
                .order_by(ProposalRow.created_at, ProposalRow.id)).all():
            if objective_uuid in objectives:
                out.append(ProposalFact(uuid, by_id[workshop_id].info.uuid, title, objective_uuid, proposer))
    return out


def _lines(plan: TerritorialPlan, combined: domain.Consolidation) -> list[ActionLine]:
    where: dict[str, tuple[Any, Any, Any]] = {}
    for axis in plan.axes:
        for orientation in axis.orientations:
            for action in orientation.actions():
                where[action.uuid] = (axis, orientation, action)
    lines = []
    for result in combined.actions:
        if result.action_uuid not in where:  # pragma: no cover - other plan
            continue
        axis, orientation, action = where[result.action_uuid]
        lines.append(ActionLine(result.action_uuid, action.code, action.title, action.kind.value, orientation.code,
                                orientation.title, axis.code, result))
    return lines


# --------------------------------------------------------------------------- exports


def _score(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


def spreadsheet_sheets(report: ConsolidationReport) -> dict[str, list[list[object]]]:
    """The consolidation as spreadsheet sheets (first row: headers)."""
    kinds = list(DecisionKind)
    ranking: list[list[object]] = [[
        "Rang", "Ex æquo", "Code", "Action", "Type", "Orientation", "Score combiné (0–1)", "Ateliers", "Tours",
        "Votants", *[DECISION_LABELS_FR[k] for k in kinds]]]
    for line in report.lines:
        r = line.result
        ranking.append([r.rank or "", "oui" if r.tied else "", line.code, line.title,
                        "priorisée" if line.kind == "prioritised" else "complémentaire",
                        f"{line.orientation_code} {line.orientation_title}", _score(r.score), r.workshops, r.rounds,
                        r.voters, *[r.decided(k) for k in kinds]])
    history: list[list[object]] = [["Code", "Action", "Date", "Atelier", "Communes", "Tour", "Méthode", "Résultat",
                                    "Rang", "Sur", "Score du tour", "Votants", "Décision"]]
    for line in report.lines:
        for e in report.history(line.action_uuid):
            history.append([
                line.code, line.title, e.starts_at.astimezone().date() if e.starts_at else "", e.title,
                ", ".join(e.communes), e.round_number or "", METHOD_LABELS_FR.get(e.method, "") if e.method else "",
                e.label, e.rank or "", e.of or "", _score(e.score), e.voters if e.voters is not None else "",
                DECISION_LABELS_FR[e.decision] if e.decision else ""])
    proposals: list[list[object]] = [["Groupe", "Proposition", "Ateliers du groupe", "Atelier", "Proposée par"]]
    titles = {w.uuid: w.title for w in report.workshops}
    for number, group in enumerate(report.proposal_groups, start=1):
        for p in group.proposals:
            proposals.append([number, p.title, group.workshops, titles.get(p.workshop_uuid, ""), p.proposer])
    workshops: list[list[object]] = [["Date", "Atelier", "Communes", "Clos"]]
    for w in report.workshops:
        workshops.append([w.starts_at.astimezone().date() if w.starts_at else "", w.title,
                          ", ".join(w.communes), "oui" if w.closed else "non"])
    about: list[list[object]] = [["Consolidation", f"{report.plan_name} {report.plan_version}".strip()],
                                 ["Générée le", report.generated_at],  # date cells (spreadsheet.write_xlsx)
                                 ["Ateliers", report.workshop_count], ["Tours comptés", report.rounds],
                                 *[["Filtre", f] for f in report.filters_text], *[["Note", n] for n in report.notes],
                                 ["Règle", RULE_FR]]
    return {"Classement": ranking, "Historique": history, "Propositions": proposals, "Ateliers": workshops,
            "À propos": about}


RULE_FR = ("Dans chaque tour, le classement des n actions devient un score de 0 à 1 : (n − position) / (n − 1), "
           "1 pour la première ; les ex æquo reçoivent la moyenne de leurs positions ; une action seule vaut 1. "
           "Le score combiné est la moyenne de ces scores pondérée par le nombre de votants de chaque tour "
           "(procurations comprises). Seuls les tours clos comptent.")


@dataclass(frozen=True)
class ExportedReport:
    path: Path
    pages: int = 0
    rows: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def export_consolidation(
    db: Database,
    filters: Filters | None,
    path: Path | str,
    *,
    report: ConsolidationReport | None = None,
    progress: Progress | None = None,
) -> ExportedReport:
    """Write the consolidation as a PDF or an XLSX workbook (by the file's suffix)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise UserError("Choisissez un nom de fichier en .pdf ou .xlsx.")
    report = report or consolidate(db, filters)
    tmp = path.with_name(path.name + ".part")
    try:
        if suffix == ".pdf":
            from projter_desktop.reports.consolidation import build_consolidation

            pages = build_consolidation(report, tmp, progress=progress)
            tmp.replace(path)
            return ExportedReport(path, pages=pages)
        from projter_desktop.exchange.spreadsheet import write_xlsx

        sheets = spreadsheet_sheets(report)
        write_xlsx(tmp, sheets, widths={"Classement": [6, 7, 12, 60, 14, 40, 12, 9, 7, 9, 10, 10, 10, 12, 10, 10],
                                        "Historique": [12, 50, 11, 40, 25, 6, 22, 30, 6, 6, 10, 8, 16],
                                        "Propositions": [8, 60, 10, 40, 20], "Ateliers": [11, 50, 40, 6],
                                        "À propos": [16, 100]})
        tmp.replace(path)
        return ExportedReport(path, rows=len(sheets["Classement"]) - 1)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Impossible d'écrire « {path} » : {exc.strerror or exc}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def list_plan_filters(db: Database, plan_uuid: str | None = None) -> TerritorialPlan | None:
    """The plan whose axes and orientations the filters offer (the given one or the first)."""
    with db.reading() as session:
        if plan_uuid is None:
            plans = plan_repo.list_plans(session)
            if not plans:
                return None
            plan_uuid = plans[0].uuid
        return plan_repo.load_plan(session, plan_uuid)


def warm_cache(db: Database, *, progress: Progress | None = None) -> int:
    """Compute and keep the tallies of every closed workshop not cached yet (e.g. in the
    background after an import, so that the first consolidation is instant); returns the
    number of workshops consolidated."""
    with db.reading() as session:
        plan_uuids = sorted({w.plan_uuid for w in _select_workshops(session, Filters(closed_only=True))})
    count = 0
    for plan_uuid in plan_uuids:
        count += consolidate(db, Filters(closed_only=True, plan_uuid=plan_uuid), progress=progress).workshop_count
    return count
