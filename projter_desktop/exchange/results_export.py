"""A workshop's results as a spreadsheet: CSV for French Excel, or XLSX.

One row per action and round (rounds in preparation have no results and are left out),
in round order then rank order::

    Atelier ; Tour ; Titre du tour ; Orientation ; Code action ; Intitulé de l'action ;
    Méthode ; Mode ; Rang ; Ex æquo ; Valeur principale ; Résultat ; Détails ;
    Décision ; Justification ; Commentaires ; Identifiant de l'atelier ;
    Identifiant de l'action

* CSV: ``;`` separated, UTF-8 with BOM, CRLF line ends, decimal comma — what Excel opens
  correctly in a French locale;
* XLSX: the same table in the sheet "Résultats" (numbers as numbers), plus the sheets
  "Commentaires" and "Propositions".

Every text cell goes through :func:`spreadsheet.neutralise` (formula injection): a title,
comment or proposal typed as ``=HYPERLINK(...)`` is written as text, never as a formula.
Numbers are written as numbers (a negative net score stays a number).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from projter_desktop.domain.plan import TerritorialPlan
from projter_desktop.domain.voting import GRADES, Method, Tally
from projter_desktop.domain.workshop import (
    DECISION_LABELS_FR,
    METHOD_LABELS_FR,
    MODE_LABELS_FR,
    RoundStatus,
    Workshop,
)
from projter_desktop.exchange import spreadsheet
from projter_desktop.exchange.spreadsheet import neutralise

__all__ = [
    "COMMENT_COLUMNS",
    "PROPOSAL_COLUMNS",
    "RESULT_COLUMNS",
    "ResultsExport",
    "details_text",
    "results_export",
    "write_csv",
    "write_xlsx",
]

RESULT_COLUMNS: tuple[str, ...] = (
    "Atelier",
    "Tour",
    "Titre du tour",
    "Orientation",
    "Code action",
    "Intitulé de l'action",
    "Méthode",
    "Mode",
    "Rang",
    "Ex æquo",
    "Valeur principale",
    "Résultat",
    "Détails",
    "Décision",
    "Justification",
    "Commentaires",
    "Identifiant de l'atelier",
    "Identifiant de l'action",
)
COMMENT_COLUMNS: tuple[str, ...] = ("Atelier", "Orientation", "Code action", "Commentaire", "Auteur", "Date")
PROPOSAL_COLUMNS: tuple[str, ...] = ("Atelier", "Objectif", "Proposition", "Type", "Proposée par", "Date")
_WIDTHS = {
    "Résultats": (30, 6, 22, 11, 11, 50, 22, 22, 6, 8, 12, 40, 50, 22, 40, 40, 38, 38),
    "Commentaires": (30, 11, 11, 70, 24, 18),
    "Propositions": (30, 10, 70, 16, 24, 18),
}


@dataclass(frozen=True)
class ResultsExport:
    """The tables of the export, with typed cells (str, int, float or None)."""

    results: list[list[Any]] = field(default_factory=list)
    comments: list[list[Any]] = field(default_factory=list)
    proposals: list[list[Any]] = field(default_factory=list)


def _num(value: Any) -> str:
    """French number for the details text."""
    if value is None:
        return "—"
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _pct(share: Any) -> str:
    return "—" if share is None else f"{round(float(share) * 100)} %"


def details_text(method: Method, details: Mapping[str, Any]) -> str:
    """The method-specific figures of one action, as a short French text."""
    d = details
    if method is Method.YES_NO:
        return (f"oui {_num(d.get('yes'))} · non {_num(d.get('no'))} · abstention {_num(d.get('abstain'))} · "
                f"exprimés {_num(d.get('expressed'))} · part des oui {_pct(d.get('yes_share'))}")
    if method is Method.DOTS:
        return f"gommettes {_num(d.get('dots'))} · part {_pct(d.get('share'))}"
    if method is Method.SCORE:
        dist = " ".join(f"{k}:{_num(v)}" for k, v in (d.get("distribution") or {}).items())
        return (f"moyenne {_num(d.get('mean'))} · médiane {_num(d.get('median'))} · notes {_num(d.get('count'))}"
                + (f" · répartition {dist}" if dist else ""))
    if method is Method.BORDA:
        return (f"points {_num(d.get('points'))} · rang moyen {_num(d.get('mean_rank'))} · "
                f"classée par {_num(d.get('ranked'))}")
    if method is Method.MAJORITY_JUDGMENT:
        dist = d.get("distribution") or {}
        grades = " · ".join(f"{GRADES[g]} {_num(dist.get(g, 0))}" for g in range(len(GRADES)))
        return f"{grades} · mieux {_pct(d.get('better_share'))} · moins bien {_pct(d.get('worse_share'))}"
    if method is Method.APPROVAL:
        return f"approbations {_num(d.get('approvals'))} · part {_pct(d.get('share'))}"
    if method is Method.IMPACT_FEASIBILITY:
        return (f"impact {_num(d.get('impact_mean'))} · faisabilité {_num(d.get('feasibility_mean'))} · "
                f"produit {_num(d.get('product'))} · quadrant {d.get('quadrant_label') or '—'}")
    return ""  # pragma: no cover


def _local(moment: Any) -> str:
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return local.strftime("%d/%m/%Y %H:%M")


def results_export(workshop: Workshop, plan: TerritorialPlan, tallies: Mapping[str, Tally]) -> ResultsExport:
    """Build the export tables from the workshop, its plan and the tally of each round."""
    actions = {a.uuid: a for a in plan.actions()}
    orientations = {o.uuid: o for o in plan.orientations()}
    objectives = {b.uuid: b for b in plan.objectives()}
    orientation_of_action = {a.uuid: o.uuid for o in plan.orientations() for a in o.actions()}
    decisions = {d.action_uuid: d for d in workshop.decisions}
    comments_by_action: dict[str, list[str]] = {}
    for c in workshop.comments:
        if c.action_uuid:
            comments_by_action.setdefault(c.action_uuid, []).append(c.text + (f" ({c.author})" if c.author else ""))

    export = ResultsExport()
    for record in sorted(workshop.rounds, key=lambda r: r.number):
        tally = tallies.get(record.uuid)
        if tally is None or record.status is RoundStatus.DRAFT:
            continue
        orientation = orientations.get(record.orientation_uuid)
        for row in tally.rows:
            action = actions.get(row.action)
            decision = decisions.get(row.action)
            export.results.append([
                workshop.title,
                record.number,
                record.title,
                orientation.code if orientation else "",
                action.code if action else "",
                action.title if action else "",
                METHOD_LABELS_FR[record.method],
                MODE_LABELS_FR[record.mode],
                row.rank,
                "oui" if row.tied else "non",
                round(float(row.score), 6),
                row.label,
                details_text(record.method, row.details),
                DECISION_LABELS_FR[decision.decision] if decision else "",
                decision.rationale if decision else "",
                " | ".join(comments_by_action.get(row.action, ())),
                workshop.uuid,
                row.action,
            ])
    for c in workshop.comments:
        orientation_uuid = c.orientation_uuid or orientation_of_action.get(c.action_uuid or "")
        orientation = orientations.get(orientation_uuid or "")
        action = actions.get(c.action_uuid or "")
        export.comments.append([workshop.title, orientation.code if orientation else "",
                                action.code if action else "", c.text, c.author, _local(c.created_at)])
    for p in workshop.proposals:
        objective = objectives.get(p.objective_uuid)
        kind = "Priorisée" if p.kind == "prioritised" else "Complémentaire"
        export.proposals.append([workshop.title, objective.code if objective else "", p.title, kind, p.proposer,
                                 _local(p.created_at)])
    return export


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(neutralise(str(value)))


def write_csv(path: Path | str, export: ResultsExport) -> Path:
    """The results table as CSV for French Excel (``;``, UTF-8 BOM, CRLF, decimal comma)."""
    target = Path(path)
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(RESULT_COLUMNS)
        for row in export.results:
            writer.writerow([_csv_cell(v) for v in row])
    return target


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_rows(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    # control characters other than tab, LF and CR cannot be stored in an XLSX file
    return [list(header)] + [[_XML_ILLEGAL.sub("", v) if isinstance(v, str) else v for v in row] for row in rows]


def write_xlsx(path: Path | str, export: ResultsExport) -> Path:
    """The three tables as an Excel workbook (every text cell neutralised by write_xlsx)."""
    sheets: dict[str, Sequence[Sequence[object]]] = {
        "Résultats": _xlsx_rows(RESULT_COLUMNS, export.results),
        "Commentaires": _xlsx_rows(COMMENT_COLUMNS, export.comments),
        "Propositions": _xlsx_rows(PROPOSAL_COLUMNS, export.proposals),
    }
    return spreadsheet.write_xlsx(Path(path), sheets, widths=_WIDTHS)
