"""A workshop's results as a spreadsheet: CSV for French Excel, or XLSX — the same three
tables in both.

1. **Résultats**: one row per action and round (rounds in preparation have no results and
   are left out), in round order then rank order::

       Atelier ; Tour ; Titre du tour ; Orientation ; Code action ; Intitulé de l'action ;
       Méthode ; Mode ; Rang ; Ex æquo ; Valeur principale ; Résultat ; Détails ;
       Décision ; Justification ; Commentaires ; Identifiant de l'atelier ;
       Identifiant de l'action

2. **Commentaires**: one row per comment (``Atelier ; Orientation ; Code action ;
   Commentaire ; Auteur ; Date``), in the order they were made;
3. **Propositions**: one row per proposed action (``Atelier ; Objectif ; Proposition ;
   Type ; Proposée par ; Date``), in the order they were made.

* XLSX: one sheet per table, named as above; numbers as numbers, dates as date cells
  (local time, ``dd/mm/yyyy hh:mm``), texts as string cells (see :mod:`spreadsheet`).
* CSV: ``;`` separated, UTF-8 with BOM, CRLF line ends, decimal comma — what Excel opens
  correctly in a French locale. The three tables follow one another in one file: the
  results table from line 1 (its header row first, so a reader of the first table stops at
  the first empty line), then for each other table an empty line, a line holding only its
  name (``Commentaires``, ``Propositions``) and its header row, then its rows. Each table is
  there even when it has no row. Dates are written ``dd/mm/yyyy hh:mm`` (local time).

Every CSV text cell goes through :func:`spreadsheet.neutralise` (formula injection): a
title, comment or proposal typed as ``=HYPERLINK(...)`` is written as text, never as a
formula. Numbers are written as numbers (a negative net score stays a number).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
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
from projter_desktop.exchange.spreadsheet import csv_date, neutralise

__all__ = [
    "COMMENT_COLUMNS",
    "PROPOSAL_COLUMNS",
    "RESULT_COLUMNS",
    "TABLES",
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
#: (sheet and CSV section name, header, ResultsExport attribute), in file order.
TABLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Résultats", RESULT_COLUMNS, "results"),
    ("Commentaires", COMMENT_COLUMNS, "comments"),
    ("Propositions", PROPOSAL_COLUMNS, "proposals"),
)
_WIDTHS = {
    "Résultats": (30, 6, 22, 11, 11, 50, 22, 22, 6, 8, 12, 40, 50, 22, 40, 40, 38, 38),
    "Commentaires": (30, 11, 11, 70, 24, 18),
    "Propositions": (30, 10, 70, 16, 24, 18),
}


@dataclass(frozen=True)
class ResultsExport:
    """The tables of the export, with typed cells (str, int, float, datetime or None)."""

    results: list[list[Any]] = field(default_factory=list)
    comments: list[list[Any]] = field(default_factory=list)
    proposals: list[list[Any]] = field(default_factory=list)

    def tables(self) -> list[tuple[str, tuple[str, ...], list[list[Any]]]]:
        """(name, header, rows) of each table, in file order."""
        return [(name, header, getattr(self, attribute)) for name, header, attribute in TABLES]


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
                                action.code if action else "", c.text, c.author, c.created_at])
    for p in workshop.proposals:
        objective = objectives.get(p.objective_uuid)
        kind = "Priorisée" if p.kind == "prioritised" else "Complémentaire"
        export.proposals.append([workshop.title, objective.code if objective else "", p.title, kind, p.proposer,
                                 p.created_at])
    return export


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return csv_date(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")  # as many decimals as the XLSX
    return str(neutralise(str(value)))


def write_csv(path: Path | str, export: ResultsExport) -> Path:
    """The three tables as one CSV for French Excel (``;``, UTF-8 BOM, CRLF, decimal comma):
    the results first, then each other table after an empty line and its name."""
    target = Path(path)
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        for index, (name, header, rows) in enumerate(export.tables()):
            if index:
                writer.writerows([[], [name]])
            writer.writerow(header)
            writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return target


def write_xlsx(path: Path | str, export: ResultsExport) -> Path:
    """The three tables as an Excel workbook, one sheet each (cells typed by write_xlsx)."""
    sheets = {name: [list(header), *rows] for name, header, rows in export.tables()}
    return spreadsheet.write_xlsx(Path(path), sheets, widths=_WIDTHS)
