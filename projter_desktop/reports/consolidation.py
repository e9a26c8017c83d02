"""The consolidated report of many workshops, as a PDF (same look as the minutes).

:func:`build_consolidation` takes a :class:`~projter_desktop.domain.consolidation.ConsolidationReport`:

1. cover — plan, workshops counted, rounds, period, filters, notes, and the rule of the
   combined score in plain French;
2. the combined ranking (rank, code, action, score, workshops, voters, decisions), with a
   chart of the first twenty actions;
3. the facilitators' decisions, action by action (Priorité 1/2/3, kept, adjourned,
   abandoned: in how many workshops);
4. the proposed actions, near-duplicates grouped;
5. the history of the ten best-ranked actions across workshops (the whole history is in
   the spreadsheet export);
6. the list of the workshops counted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from projter_desktop.domain.consolidation import ActionLine, ConsolidationReport
from projter_desktop.domain.workshop import DECISION_LABELS_FR, METHOD_LABELS_FR, DecisionKind
from projter_desktop.reports.charts import bar_chart
from projter_desktop.reports.style import (
    CONTENT_WIDTH,
    Bookmark,
    DocumentInfo,
    build_pdf,
    fr_date,
    fr_datetime,
    fr_number,
    heading,
    para,
    styles,
    table,
)

HISTORY_ACTIONS = 10
CHART_ACTIONS = 20

RULE_TEXT = (
    "Dans chaque tour de vote, le classement des n actions est ramené à un score de 0 à 1 : "
    "(n − position) / (n − 1), soit 1 pour l'action classée première et 0 pour la dernière. "
    "Des actions ex æquo reçoivent la moyenne des positions qu'elles occupent ; une action votée seule vaut 1. "
    "Toutes les méthodes de vote (jugement majoritaire, Borda, notes, approbation, pour/contre, gommettes, "
    "impact × faisabilité) sont ainsi ramenées à leur classement. Le score combiné d'une action est la moyenne "
    "de ses scores pondérée par le nombre de votants de chaque tour (procurations comprises). "
    "Seuls les tours clos sont comptés."
)


def _score(value: float | None) -> str:
    return "—" if value is None else fr_number(value, 2)


def _rank(line: ActionLine) -> str:
    r = line.result
    if r.rank is None:
        return "—"
    return f"{r.rank} (ex æquo)" if r.tied else str(r.rank)


def _period(report: ConsolidationReport) -> str:
    dates = [w.starts_at for w in report.workshops if w.starts_at]
    if not dates:
        return "dates non renseignées"
    first, last = min(dates), max(dates)
    return fr_date(first) if first.date() == last.date() else f"du {fr_date(first)} au {fr_date(last)}"


def _cover(report: ConsolidationReport) -> list[Flowable]:
    st = styles()
    communes = sorted({c for w in report.workshops for c in w.communes})
    story: list[Flowable] = [
        Bookmark("Consolidation", "cover"),
        para("Consolidation des ateliers", st.title),
        para(f"{report.plan_name} {report.plan_version}".strip(), st.subtitle),
    ]
    facts = [
        ["Ateliers comptés", str(report.workshop_count)],
        ["Tours de vote comptés", str(report.rounds)],
        ["Période", _period(report)],
        ["Communes", ", ".join(communes) or "—"],
        ["Actions classées", str(sum(1 for line in report.lines if line.result.score is not None))],
        ["Propositions nouvelles", f"{sum(len(g.proposals) for g in report.proposal_groups)} "
                                   f"({len(report.proposal_groups)} idée(s) distincte(s))"],
        ["Document généré le", fr_datetime(report.generated_at)],
    ]
    facts += [["Filtre", f] for f in report.filters_text]
    story.append(table(facts, [45 * mm, CONTENT_WIDTH - 45 * mm], styles_by_column=[st.cell_bold, st.cell], zebra=False))
    for note in report.notes:
        story.append(para(note, st.note))
    story += [Spacer(1, 4 * mm), *heading("Règle du score combiné"), para(RULE_TEXT)]
    return story


def _ranking(report: ConsolidationReport) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [PageBreak(), Bookmark("Classement combiné", "ranking"), para("Classement combiné", st.h1)]
    scored = [line for line in report.lines if line.result.score is not None]
    if not scored:
        return story + [para("Aucun tour de vote clos ne porte sur ces actions.", st.note)]
    top = scored[:CHART_ACTIONS]
    story.append(bar_chart([line.code or line.title[:12] for line in top], [line.result.score or 0 for line in top],
                           max_value=1.0, value_format=lambda v: fr_number(v, 2),
                           axis_title="Score combiné (1 = toujours classée première)"))
    story.append(Spacer(1, 3 * mm))
    rows = []
    for line in report.lines:
        r = line.result
        rows.append([_rank(line), line.code, line.title, _score(r.score), str(r.workshops), fr_number(r.voters, 1),
                     str(r.decided(DecisionKind.PRIORITY_1)), str(r.decided(DecisionKind.PRIORITY_2)),
                     str(r.decided(DecisionKind.PRIORITY_3))])
    widths = [16 * mm, 20 * mm, CONTENT_WIDTH - 116 * mm, 16 * mm, 16 * mm, 16 * mm, 10 * mm, 10 * mm, 12 * mm]
    right = st.cell_right
    story.append(table(rows, widths, header=["Rang", "Code", "Action", "Score", "Ateliers", "Votants", "P1", "P2", "P3"],
                       styles_by_column=[st.cell, st.cell, st.cell, right, right, right, right, right, right],
                       header_styles=[None, None, None, st.header_right, st.header_right, st.header_right,
                                      st.header_right, st.header_right, st.header_right]))
    story.append(para("P1, P2, P3 : nombre d'ateliers où l'animateur a retenu l'action en Priorité 1, 2 ou 3.", st.note))
    return story


def _decisions(report: ConsolidationReport) -> list[Flowable]:
    st = styles()
    kinds = list(DecisionKind)
    decided = [line for line in report.lines if any(line.result.decisions.values())]
    story: list[Flowable] = [*heading("Décisions des animateurs", st.h1, room=60 * mm), Bookmark("Décisions", "decisions")]
    if not decided:
        return story + [para("Aucune décision enregistrée.", st.note)]
    labels = ["P1", "P2", "P3", "Compl.", "Ajourn.", "Aband."]
    rows = [[line.code, line.title, *[str(line.result.decided(k) or "") for k in kinds]] for line in decided]
    widths = [20 * mm, CONTENT_WIDTH - 20 * mm - 6 * 15 * mm, *[15 * mm] * 6]
    story.append(table(rows, widths, header=["Code", "Action", *labels],
                       styles_by_column=[st.cell, st.cell, *[st.cell_right] * 6],
                       header_styles=[None, None, *[st.header_right] * 6]))
    story.append(para("Nombre d'ateliers par décision : " + " ; ".join(
        f"{label} = {DECISION_LABELS_FR[k]}" for label, k in zip(labels, kinds, strict=True)) + ".", st.note))
    return story


def _proposals(report: ConsolidationReport) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [*heading("Propositions nouvelles", st.h1, room=60 * mm), Bookmark("Propositions", "proposals")]
    if not report.proposal_groups:
        return story + [para("Aucune proposition nouvelle.", st.note)]
    titles = {w.uuid: w.title for w in report.workshops}
    rows = []
    for number, group in enumerate(report.proposal_groups, start=1):
        variants = sorted({p.title for p in group.proposals} - {group.title})
        text = group.title + ("".join(f"\n   ≈ {v}" for v in variants) if variants else "")
        where = sorted({titles.get(p.workshop_uuid, "") for p in group.proposals})
        rows.append([str(number), text, str(group.workshops), "\n".join(where[:6]) + ("\n…" if len(where) > 6 else "")])
    story.append(table(rows, [10 * mm, CONTENT_WIDTH - 83 * mm, 18 * mm, 55 * mm],
                       header=["N°", "Proposition (variantes proches regroupées)", "Ateliers", "Où"],
                       styles_by_column=[st.cell, st.cell, st.cell_right, st.cell_small],
                       header_styles=[None, None, st.header_right, None]))
    story.append(para("Deux propositions sont regroupées quand leurs intitulés se ressemblent à 80 % au moins "
                      "(lettres et mots significatifs comparés sans accents ni ponctuation).", st.note))
    return story


def _history(report: ConsolidationReport) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [PageBreak(), Bookmark("Historique des actions", "history"),
                             para("Historique des actions les mieux classées", st.h1),
                             para(f"Les {HISTORY_ACTIONS} premières actions du classement, atelier par atelier. "
                                  "L'historique complet figure dans l'export tableur.", st.note)]
    for line in [line for line in report.lines if line.result.score is not None][:HISTORY_ACTIONS]:
        story += heading(f"{_rank(line)}. {line.code} — {line.title}", st.h3, room=40 * mm)
        rows = []
        for e in report.history(line.action_uuid):
            rows.append([fr_date(e.starts_at) if e.starts_at else "", e.title, ", ".join(e.communes),
                         METHOD_LABELS_FR.get(e.method, "") if e.method else "", e.label,
                         f"{e.rank}/{e.of}" if e.rank else "", DECISION_LABELS_FR[e.decision] if e.decision else ""])
        story.append(table(rows, [22 * mm, 38 * mm, 26 * mm, 24 * mm, CONTENT_WIDTH - 150 * mm, 14 * mm, 26 * mm],
                           header=["Date", "Atelier", "Communes", "Méthode", "Résultat", "Rang", "Décision"],
                           styles_by_column=[st.cell_small] * 7))
    return story


def _workshops(report: ConsolidationReport) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [*heading("Ateliers comptés", st.h1, room=50 * mm), Bookmark("Ateliers", "workshops")]
    rows = [[fr_date(w.starts_at) if w.starts_at else "", w.title, ", ".join(w.communes), "clos" if w.closed else "en cours"]
            for w in report.workshops]
    if not rows:
        return story + [para("Aucun atelier ne correspond aux filtres.", st.note)]
    story.append(table(rows, [28 * mm, CONTENT_WIDTH - 98 * mm, 50 * mm, 20 * mm],
                       header=["Date", "Atelier", "Communes", "État"]))
    return story


def build_consolidation(
    report: ConsolidationReport,
    target: str | Path | IO[bytes],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the consolidated report; return the number of pages."""
    story: list[Flowable] = []
    story += _cover(report)
    story += _ranking(report)
    story += _decisions(report)
    story += _proposals(report)
    story += _history(report)
    story += _workshops(report)
    info = DocumentInfo(
        title="Consolidation des ateliers", workshop_title=f"{report.plan_name} {report.plan_version}".strip(),
        subject=f"Consolidation de {report.workshop_count} atelier(s)", keywords="Projter, consolidation",
        generated_at=report.generated_at or datetime.now().astimezone(), show_fingerprint=False)
    return build_pdf(target, story, info, progress=progress, show_outline=True)
