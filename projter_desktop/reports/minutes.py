"""The minutes of a workshop (compte-rendu), as a PDF laid out with platypus.

:func:`build_minutes` takes the domain objects (the workshop, its plan, the tally of each
round) and writes the document:

1. cover — workshop, date, place, communes, facilitators, plan and version, status and
   fingerprint, summary, and the scope (links to each orientation);
2. attendance — figures and quorum, present / excused / absent (and not yet pointed)
   participants grouped by commune, proxies ("X donne procuration à Y");
3. one chapter per orientation (a PDF outline entry each): objectives and actions, each
   round (method, mode, voters, notes, a results table suited to the method — ties marked
   "ex æquo" — and a chart), the decisions with their rationale, comments, proposals;
4. signature block (facilitators, chair);
5. appendix — how each voting method used works (``voting.method_description``).

A workshop that is not closed gets a diagonal "PROVISOIRE" watermark on every page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from projter_desktop.domain.plan import (
    Action,
    ActionKind,
    Objective,
    Orientation,
    TerritorialPlan,
    fold,
)
from projter_desktop.domain.voting import (
    GRADES,
    MAJORITY_LABELS_FR,
    QUADRANT_LABELS,
    Method,
    Tally,
    method_description,
)
from projter_desktop.domain.workshop import (
    DECISION_LABELS_FR,
    METHOD_LABELS_FR,
    MODE_LABELS_FR,
    AttendanceStatus,
    Attendee,
    RoundRecord,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    attendance_summary,
)
from projter_desktop.reports import charts
from projter_desktop.reports.style import (
    BAD,
    CONTENT_WIDTH,
    FONT_COMMANDS,
    GOOD,
    HEADER_BG,
    MUTED,
    RULE,
    Bookmark,
    DocumentInfo,
    build_pdf,
    cell_room,
    fr_date,
    fr_datetime,
    fr_number,
    fr_percent,
    fr_time,
    fr_typography,
    heading,
    markup,
    para,
    styles,
    table,
)

__all__ = ["STATUS_LABELS_FR", "build_minutes", "minutes_info"]

STATUS_LABELS_FR: dict[WorkshopStatus, str] = {
    WorkshopStatus.PREPARATION: "En préparation",
    WorkshopStatus.RUNNING: "En cours",
    WorkshopStatus.CLOSED: "Clos",
}
ROUND_STATUS_FR: dict[RoundStatus, str] = {
    RoundStatus.DRAFT: "en préparation",
    RoundStatus.OPEN: "ouvert — résultats provisoires",
    RoundStatus.CLOSED: "clos",
}
ATTENDANCE_FR: dict[AttendanceStatus, tuple[str, str]] = {
    AttendanceStatus.PRESENT: ("Présents", "présent(e)"),
    AttendanceStatus.EXCUSED: ("Excusés", "excusé(e)"),
    AttendanceStatus.ABSENT: ("Absents", "absent(e)"),
    AttendanceStatus.EXPECTED: ("Présence non pointée", "non pointé(e)"),
}
NO_COMMUNE = "Sans commune"
OBJECTIVE_BG = colors.HexColor("#eef2ff")

Progress = Callable[[int, int], None]




def minutes_info(workshop: Workshop, generated_at: datetime | None = None) -> DocumentInfo:
    """The page decoration and PDF metadata of the minutes of ``workshop``."""
    return DocumentInfo(
        title="Compte-rendu d'atelier",
        workshop_title=workshop.title,
        subject=f"Compte-rendu de l'atelier « {workshop.title} »"
        + (f" du {fr_date(workshop.starts_at)}" if workshop.starts_at else ""),
        author=workshop.facilitators or "Projter Desktop",
        keywords="Projet de Territoire, atelier de concertation, compte-rendu",
        fingerprint=workshop.fingerprint if workshop.is_closed else None,
        provisional=not workshop.is_closed,
        generated_at=generated_at or datetime.now().astimezone(),
    )


class _Context:
    """Look-ups shared by the sections."""

    def __init__(self, workshop: Workshop, plan: TerritorialPlan, tallies: Mapping[str, Tally],
                 corrections: Mapping[str, int] | None = None) -> None:
        self.workshop = workshop
        self.plan = plan
        self.tallies = tallies
        self.corrections = corrections or {}
        self.actions: dict[str, Action] = {a.uuid: a for a in plan.actions()}
        self.objectives: dict[str, Objective] = {o.uuid: o for o in plan.objectives()}
        self.orientations: dict[str, Orientation] = {o.uuid: o for o in plan.orientations()}
        self.axis_of: dict[str, Any] = {o.uuid: axis for axis in plan.axes for o in axis.orientations}
        self.orientation_of_action: dict[str, str] = {
            a.uuid: o.uuid for o in plan.orientations() for a in o.actions()
        }
        self.orientation_of_objective: dict[str, str] = {
            b.uuid: o.uuid for o in plan.orientations() for b in o.objectives
        }
        self.decisions = {d.action_uuid: d for d in workshop.decisions}
        self.st = styles()

    def code(self, action_uuid: str) -> str:
        action = self.actions.get(action_uuid)
        return action.code if action else action_uuid[:8]

    def title(self, action_uuid: str) -> str:
        action = self.actions.get(action_uuid)
        return action.title if action else "(action inconnue du plan)"

    def chapters(self) -> list[Orientation]:
        """The orientations of the scope, in workshop order, then any other orientation that
        has rounds, decisions, comments or proposals (the scope may have changed)."""
        order = [u for u in self.workshop.scope if u in self.orientations]
        used: list[str] = [r.orientation_uuid for r in self.workshop.rounds]
        used += [self.orientation_of_action.get(d.action_uuid, "") for d in self.workshop.decisions]
        used += [self.orientation_of_objective.get(p.objective_uuid, "") for p in self.workshop.proposals]
        for comment in self.workshop.comments:
            used.append(comment.orientation_uuid or self.orientation_of_action.get(comment.action_uuid or "", ""))
        plan_order = [o.uuid for o in self.plan.orientations()]
        extra = sorted({u for u in used if u in self.orientations and u not in order}, key=plan_order.index)
        return [self.orientations[u] for u in order + extra]


# --------------------------------------------------------------------------- cover


def _key_values(rows: Sequence[tuple[str, Any]], key_width: float = 38 * mm) -> Table:
    st = styles()
    value_width = CONTENT_WIDTH - key_width
    data = [[para(k, st.cell_bold, cell_room(key_width)),
             v if isinstance(v, Flowable) else para(v, st.cell, cell_room(value_width))] for k, v in rows]
    t = Table(data, colWidths=[key_width, value_width], hAlign="LEFT")
    t.setStyle(TableStyle([
        *FONT_COMMANDS,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return t


def _cover(ctx: _Context) -> list[Flowable]:
    w, st, plan = ctx.workshop, ctx.st, ctx.plan
    story: list[Flowable] = [Bookmark("Page de garde", "cover"), Spacer(1, 18 * mm)]
    story.append(Paragraph("Compte-rendu d'atelier", st.title))
    story.append(para(w.title, st.subtitle))
    if not w.is_closed:
        banner = Table([[para("Document provisoire : l'atelier n'est pas clos. Les résultats et décisions "
                              "peuvent encore changer.", st.cell_bold)]], colWidths=[CONTENT_WIDTH])
        banner.setStyle(TableStyle([*FONT_COMMANDS, ("BOX", (0, 0), (-1, -1), 0.8, BAD),
                                    ("BACKGROUND", (0, 0), (-1, -1), HEADER_BG),
                                    ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        story += [banner, Spacer(1, 6 * mm)]
    when = fr_datetime(w.starts_at, weekday=True) if w.starts_at else "non renseignée"
    if w.is_closed:
        status = f"Clos le {fr_datetime(w.closed_at)}" if w.closed_at else "Clos"
    else:
        status = STATUS_LABELS_FR.get(w.status, str(w.status))
    plan_name = plan.info.name + (f" — version {plan.info.version_label}" if plan.info.version_label else "")
    rows: list[tuple[str, Any]] = [
        ("Date", when[:1].upper() + when[1:]),
        ("Lieu", w.place or "non renseigné"),
        ("Communes", ", ".join(w.communes) or "non renseignées"),
        ("Animation", w.facilitators or "non renseignée"),
        ("Plan", plan_name),
        ("Statut de l'atelier", status),
    ]
    if w.is_closed and w.fingerprint:
        rows.append(("Empreinte SHA-256", para(w.fingerprint, st.cell_small)))
    rows.append(("Identifiant", para(w.uuid, st.cell_small)))
    story.append(_key_values(rows))
    summary = attendance_summary(w.attendees, w.proxies, w.quorum, w.quorum_basis)
    figures = (
        f"{summary.present} participant(s) présent(s) sur {summary.invited} invité(s), "
        f"{summary.proxies} procuration(s) ; {len(w.rounds)} tour(s) de vote ; {len(w.decisions)} décision(s) ; "
        f"{len(w.comments)} commentaire(s) ; {len(w.proposals)} proposition(s) nouvelle(s)."
    )
    story += [Spacer(1, 6 * mm), para(figures, st.body), Spacer(1, 4 * mm)]
    chapters = ctx.chapters()
    if chapters:
        story.append(Paragraph("Périmètre de l'atelier", st.h2))
        for orientation in chapters:
            axis = ctx.axis_of.get(orientation.uuid)
            story.append(Paragraph(
                f'<a href="#o-{orientation.uuid}" color="#1e3a8a">Orientation {markup(orientation.code)} — '
                f"{markup(orientation.title, st.body, CONTENT_WIDTH)}</a>"
                + (f' <font color="#6b7280" size="7.5">(axe {markup(axis.code)})</font>' if axis else ""),
                st.body))
    return story


# --------------------------------------------------------------------------- attendance


def _by_commune(attendees: Iterable[Attendee]) -> list[tuple[str, list[Attendee]]]:
    groups: dict[str, list[Attendee]] = defaultdict(list)
    for a in attendees:
        groups[a.commune.strip() or NO_COMMUNE].append(a)
    keys = sorted(groups, key=lambda c: (c == NO_COMMUNE, fold(c)))
    return [(k, sorted(groups[k], key=lambda a: fold(a.name))) for k in keys]


def _grouped_table(groups: list[tuple[str, list[Attendee]]], columns: Sequence[tuple[str, float]],
                   cells: Callable[[Attendee], Sequence[Any]]) -> Table:
    """Commune | name | … rows; the commune is printed on the first row of its group."""
    st = styles()
    rows: list[list[Any]] = []
    extra: list[tuple] = []
    for commune, people in groups:
        if rows:
            extra.append(("LINEABOVE", (0, len(rows) + 1), (-1, len(rows) + 1), 0.8, MUTED))
        for index, person in enumerate(people):
            rows.append([commune if index == 0 else "", *cells(person)])
    widths = [w for _, w in columns]
    return table(rows, widths, header=[h for h, _ in columns],
                 styles_by_column=[st.cell_bold], extra=extra, zebra=False)


def _attendance(ctx: _Context) -> list[Flowable]:
    w, st = ctx.workshop, ctx.st
    summary = attendance_summary(w.attendees, w.proxies, w.quorum, w.quorum_basis)
    story: list[Flowable] = [PageBreak(), Bookmark("Présences", "attendance"), Paragraph("Présences", st.h1)]
    if w.quorum:
        counted = ("membre(s) présent(s) ; les procurations ne comptent pas pour le quorum"
                   if summary.quorum_basis == "present" else "membre(s) présent(s) ou représenté(s)")
        quorum = (f"{fr_number(w.quorum)} — {'atteint' if summary.quorum_reached else 'non atteint'} "
                  f"({summary.quorum_count} {counted})")
    else:
        quorum = "aucun quorum fixé"
    rows = [
        ("Invités", str(summary.invited)),
        ("Présents", str(summary.present)),
        ("Excusés", str(summary.excused)),
        ("Absents", str(summary.absent)),
    ]
    if summary.expected:
        rows.append(("Présence non pointée", str(summary.expected)))
    rows += [
        ("Procurations", str(summary.proxies)),
        ("Votants", (f"{summary.voters} (présents et représentés) — poids de vote total "
                     f"{fr_number(summary.voting_weight)}")),
        ("Quorum", quorum),
    ]
    story.append(_key_values(rows))
    by_uuid = {a.uuid: a for a in w.attendees}
    given = {p.giver_uuid: by_uuid.get(p.holder_uuid) for p in w.proxies}
    held: dict[str, list[Attendee]] = defaultdict(list)
    for p in w.proxies:
        if p.giver_uuid in by_uuid:
            held[p.holder_uuid].append(by_uuid[p.giver_uuid])
    name_w, commune_w = 46 * mm, 44 * mm
    for status in (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT,
                   AttendanceStatus.EXPECTED):
        people = [a for a in w.attendees if a.status is status]
        if not people:
            continue
        title = ATTENDANCE_FR[status][0]
        story += heading(f"{title} ({len(people)})", st.h2)
        if status is AttendanceStatus.PRESENT:
            def cells(a: Attendee) -> list[Any]:
                times = fr_time(a.arrived_at) + (f" – {fr_time(a.left_at)}" if a.left_at else "")
                note = ", ".join(g.name for g in held.get(a.uuid, ()))
                weight = "" if a.vote_weight == 1 else f" (poids {fr_number(a.vote_weight)})"
                return [a.name + weight, a.role, times, f"procuration de {note}" if note else ""]
            columns = [("Commune", commune_w), ("Nom", name_w), ("Fonction", 34 * mm), ("Présence", 18 * mm),
                       ("Observations", CONTENT_WIDTH - commune_w - name_w - 52 * mm)]
        else:
            def cells(a: Attendee) -> list[Any]:
                holder = given.get(a.uuid)
                return [a.name, a.role, f"procuration à {holder.name}" if holder else ""]
            columns = [("Commune", commune_w), ("Nom", name_w), ("Fonction", 40 * mm),
                       ("Observations", CONTENT_WIDTH - commune_w - name_w - 40 * mm)]
        story.append(_grouped_table(_by_commune(people), columns, cells))
    if w.proxies:
        story += heading(f"Procurations ({len(w.proxies)})", st.h2, room=20 * mm)
        for p in w.proxies:
            giver, holder = by_uuid.get(p.giver_uuid), by_uuid.get(p.holder_uuid)
            if giver and holder:
                story.append(para(f"{giver.name} donne procuration à {holder.name}.", st.body))
    return story


# --------------------------------------------------------------------------- rounds


def _rank_cell(rank: int, tied: bool) -> Paragraph:
    text = f"<b>{rank}</b>" + ('<br/><font size="6.5" color="#b91c1c">ex æquo</font>' if tied else "")
    return Paragraph(text, styles().cell_center)


def _n(value: Any) -> str:
    return fr_number(value) if value is not None else "—"


def _method_columns(record: RoundRecord, tally: Tally, ctx: _Context) -> tuple[list[tuple[str, float]], Callable]:
    """(header, width) of the method's figure columns and a function row -> cells."""
    method = record.method
    if method is Method.YES_NO:
        # blank votes (votes blancs) are counted apart from the suffrages exprimés (Code
        # électoral L65): a column of their own when the round has any
        blank = any(r.details.get("blank") for r in tally.rows)

        def cells(r):  # type: ignore[no-untyped-def]
            d = r.details
            verdict = "adoptée" if d.get("adopted") else (
                "non adoptée (quorum)" if d.get("majority_reached") else "non adoptée")
            counts = [_n(d.get("yes")), _n(d.get("no")), _n(d.get("abstain"))] + ([_n(d.get("blank"))] if blank else [])
            return [*counts, fr_percent(d.get("yes_share")) or "—", verdict]
        return [("Oui", 32), ("Non", 32), ("Abst.", 36), *([("Blanc", 34)] if blank else []), ("% oui", 42),
                ("Résultat", 66)], cells
    if method is Method.DOTS:
        def cells(r):  # type: ignore[no-untyped-def]
            return [_n(r.details.get("dots")), fr_percent(r.details.get("share"))]
        return [("Gommettes", 62), ("Part", 40)], cells
    if method is Method.SCORE:
        low, high = record.config.score_min, record.config.score_max

        def cells(r):  # type: ignore[no-untyped-def]
            d = r.details
            return [_n(d.get("mean")), _n(d.get("median")), _n(d.get("count"))]
        return [(f"Moyenne ({low}–{high})", 62), ("Médiane", 52), ("Notes", 40)], cells
    if method is Method.BORDA:
        def cells(r):  # type: ignore[no-untyped-def]
            d = r.details
            return [_n(d.get("points")), _n(d.get("mean_rank")), _n(d.get("ranked"))]
        return [("Points", 44), ("Rang moyen", 52), ("Classée par", 56)], cells
    if method is Method.MAJORITY_JUDGMENT:
        def cells(r):  # type: ignore[no-untyped-def]
            d = r.details
            if d.get("majority_grade_label") is None:
                return ["Aucune évaluation", "—", "—"]
            gauge = {"+": "+", "-": "−"}.get(d.get("gauge") or "", "")
            return [f"{d['majority_grade_label']} {gauge}".strip(),
                    fr_percent(d.get("better_share")), fr_percent(d.get("worse_share"))]
        return [("Mention majoritaire", 92), ("Mieux", 40), ("Moins bien", 50)], cells
    if method is Method.APPROVAL:
        def cells(r):  # type: ignore[no-untyped-def]
            return [_n(r.details.get("approvals")), fr_percent(r.details.get("share")) or "—"]
        return [("Approbations", 70), ("Part des votants", 62)], cells
    if method is Method.IMPACT_FEASIBILITY:
        def cells(r):  # type: ignore[no-untyped-def]
            d = r.details
            return [_n(d.get("impact_mean")), _n(d.get("feasibility_mean")), _n(d.get("product")),
                    d.get("quadrant_label") or "—"]
        return [("Impact", 40), ("Faisabilité", 62), ("Produit", 44), ("Quadrant", 84)], cells
    raise ValueError(method)  # pragma: no cover


def _results_table(record: RoundRecord, tally: Tally, ctx: _Context) -> Table:
    st = ctx.st
    figure_columns, cells = _method_columns(record, tally, ctx)
    fixed = 34 + 50 + sum(w for _, w in figure_columns)
    columns = [("Rang", 34), ("Code", 50), ("Action", CONTENT_WIDTH - fixed), *figure_columns]
    rows = []
    extra: list[tuple] = []
    for index, r in enumerate(tally.rows, start=1):
        rows.append([_rank_cell(r.rank, r.tied), ctx.code(r.action), ctx.title(r.action), *cells(r)])
        if record.method is Method.YES_NO:
            colour = GOOD if r.details.get("adopted") else BAD
            extra.append(("TEXTCOLOR", (-1, index), (-1, index), colour))
    figure_styles = [st.cell_right] * (len(figure_columns))
    if record.method in (Method.YES_NO, Method.MAJORITY_JUDGMENT, Method.IMPACT_FEASIBILITY):
        figure_styles[0 if record.method is Method.MAJORITY_JUDGMENT else -1] = st.cell
    header_styles = [st.header_center, st.header, st.header] + [
        st.header if s is st.cell else st.header_right for s in figure_styles]
    return table(rows, [w for _, w in columns], header=[h for h, _ in columns],
                 styles_by_column=[None, st.cell_bold, None, *figure_styles], header_styles=header_styles,
                 extra=extra)


def _chart(record: RoundRecord, tally: Tally, ctx: _Context) -> Flowable | None:
    rows = tally.rows
    if not rows:
        return None
    labels = [ctx.code(r.action) for r in rows]
    method = record.method
    if method is Method.MAJORITY_JUDGMENT:
        segments = [[float(r.details.get("distribution", {}).get(g, 0)) for g in range(len(GRADES))] for r in rows]
        if not any(sum(s) for s in segments):
            return None
        return charts.stacked_bar_chart(labels, segments, GRADES, charts.GRADE_COLORS, median_line=True)
    if method is Method.YES_NO:
        keys = ("yes", "no", "abstain", "blank") if any(r.details.get("blank") for r in rows) else (
            "yes", "no", "abstain")
        segments = [[float(r.details.get(k) or 0) for k in keys] for r in rows]
        if not any(sum(s) for s in segments):
            return None
        return charts.stacked_bar_chart(labels, segments, ("Oui", "Non", "Abstention", "Blanc")[:len(keys)],
                                        charts.YES_NO_COLORS[:len(keys)])
    if method is Method.IMPACT_FEASIBILITY:
        points = [(label, r.details["impact_mean"], r.details["feasibility_mean"]) for label, r in zip(labels, rows)
                  if r.details.get("impact_mean") is not None]
        if not points:
            return None
        return charts.quadrant_chart(points, scale=(record.config.matrix_min, record.config.matrix_max),
                                     midpoint=rows[0].details.get("midpoint"), quadrant_names=QUADRANT_LABELS)
    if method is Method.SCORE:
        values = [float(r.details.get("mean") or record.config.score_min) for r in rows]
        return charts.bar_chart(labels, values, min_value=record.config.score_min,
                                max_value=record.config.score_max, axis_title="Note moyenne")
    key, title = {
        Method.DOTS: ("dots", "Gommettes (pondérées)"),
        Method.BORDA: ("points", "Points de Borda"),
        Method.APPROVAL: ("approvals", "Approbations (pondérées)"),
    }[method]
    values = [float(r.details.get(key) or 0) for r in rows]
    if not any(values):
        return None
    max_value = max(tally.voters, max(values)) if method is Method.APPROVAL and tally.voters else None
    return charts.bar_chart(labels, values, max_value=max_value, axis_title=title)


def _config_text(record: RoundRecord) -> str:
    c = record.config
    if record.method is Method.YES_NO:
        text = MAJORITY_LABELS_FR.get(c.majority, c.majority)
        if c.casting_vote:
            text += ", voix prépondérante du président en cas de partage"
        return text
    if record.method is Method.BORDA:
        return {"modified": "Borda modifiée", "classic": "Borda classique"}.get(c.borda_rule, c.borda_rule)
    if record.method is Method.DOTS:
        text = f"{c.dots_per_voter} gommette(s) par votant"
        return text + (f", {c.max_dots_per_action} au plus par action" if c.max_dots_per_action else "")
    share = (f", une action notée par moins de {round(c.min_rated_share * 100)} % des votants est classée "
             "après les autres") if c.min_rated_share else ""
    if record.method is Method.SCORE:
        return f"notes de {c.score_min} à {c.score_max}{share}"
    if record.method is Method.MAJORITY_JUDGMENT:
        return ("action non évaluée comptée « À abandonner »" if c.ungraded == "lowest"
                else "actions non évaluées ignorées" + share)
    if record.method is Method.IMPACT_FEASIBILITY:
        return f"notes de {c.matrix_min} à {c.matrix_max}"
    return ""


def _round(record: RoundRecord, ctx: _Context) -> list[Flowable]:
    st = ctx.st
    title = f"Tour {record.number} — {record.title}"
    story: list[Flowable] = [CondPageBreak(90 * mm), Bookmark(title, f"r-{record.uuid}", level=1),
                             para(title, st.h2)]
    config = _config_text(record)
    facts = [f"<b>Méthode :</b> {markup(METHOD_LABELS_FR[record.method])}" + (f" ({markup(config)})" if config else ""),
             f"<b>Mode :</b> {markup(MODE_LABELS_FR[record.mode])}",
             f"<b>Statut :</b> clos le {fr_datetime(record.closed_at)}"
             if record.status is RoundStatus.CLOSED and record.closed_at
             else f"<b>Statut :</b> {ROUND_STATUS_FR[record.status]}"]
    if record.config.quorum:
        facts.append(f"<b>Quorum du tour :</b> {fr_number(record.config.quorum)} "
                     f"({markup(QUORUM_BASIS_LABELS_FR.get(record.config.quorum_basis, ''))})")
    story.append(Paragraph(fr_typography(" · ".join(facts)), st.body))
    tally = ctx.tallies.get(record.uuid)
    if record.status is RoundStatus.DRAFT or tally is None:
        story.append(para("Ce tour n'a pas été ouvert : pas de résultats.", st.note))
        return story
    if not tally.ballots and not record.counts:
        story.append(para("Aucun vote enregistré pour ce tour.", st.note))
        return story
    voters = f"{fr_number(tally.voters)} votant(s) (poids des voix, procurations comprises)"
    if record.mode.value != "analog":
        voters += f", {tally.ballots} bulletin(s)"
    else:
        voters += ", totaux saisis à la main"
    story.append(para(voters + ".", st.body))
    if record.mode.value == "secret" and record.voted:
        signed = len(record.signed_voices) or None
        story.append(para(
            f"Émargement : {len(record.voted)} votant(s)"
            + (f", {signed} bulletin(s) déposé(s) dans l'urne (un par voix, procurations comprises)" if signed else "")
            + f" ; dépouillement : {tally.ballots} bulletin(s) saisi(s) sans nom, après la clôture de l'émargement.",
            st.body))
    corrected = ctx.corrections.get(record.uuid, 0)
    if corrected:
        story.append(para(
            f"{corrected} correction{'s' if corrected > 1 else ''} de bulletin après saisie, "
            f"faite{'s' if corrected > 1 else ''} pendant que le tour était ouvert ; les résultats tiennent compte "
            "des bulletins corrigés. Le détail (votant, votes avant et après, heure) est conservé dans la base "
            "de l'atelier.", st.note))
    if tally.condorcet_winner:
        story.append(para(f"Vainqueur de Condorcet : {ctx.code(tally.condorcet_winner)} — "
                          f"{ctx.title(tally.condorcet_winner)}.", st.body))
    for note in tally.notes:
        if tally.condorcet_winner and note.startswith("Vainqueur de Condorcet"):
            continue  # printed above, with the action's code and title
        for action_uuid in record.action_uuids:
            note = note.replace(action_uuid, ctx.code(action_uuid))
        story.append(para(note, st.note))
    if record.method is Method.MAJORITY_JUDGMENT:
        story.append(para("Le signe + ou − qui suit la mention majoritaire indique laquelle l'emporte : la part "
                          "des mentions meilleures (colonne « Mieux ») ou celle des mentions moins bonnes "
                          "(colonne « Moins bien »).", st.note))
    story.append(_results_table(record, tally, ctx))
    chart = _chart(record, tally, ctx)
    if chart is not None:
        story += [Spacer(1, 3 * mm), KeepTogether([chart])]
    return story


# --------------------------------------------------------------------------- orientation chapter


def _actions_table(orientation: Orientation, ctx: _Context) -> Table:
    st = ctx.st
    rows: list[list[Any]] = []
    extra: list[tuple] = []
    for objective in orientation.objectives:
        row = len(rows) + 1
        title = markup(objective.title, st.cell, cell_room(CONTENT_WIDTH))
        rows.append([Paragraph(f"<b>Objectif {markup(objective.code)}</b> — {title}", st.cell), "", "", ""])
        extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), OBJECTIVE_BG)]
        for action in objective.actions:
            decision = ctx.decisions.get(action.uuid)
            kind = "Priorisée" if action.kind is ActionKind.PRIORITISED else "Complémentaire"
            rows.append([action.code, action.title, kind, DECISION_LABELS_FR[decision.decision] if decision else ""])
    widths = [52, CONTENT_WIDTH - 52 - 72 - 100, 72, 100]
    return table(rows, widths, header=["Code", "Action", "Type", "Décision"],
                 styles_by_column=[st.cell_bold, None, st.cell_small, st.cell_bold], extra=extra, zebra=False)


def _chapter(orientation: Orientation, ctx: _Context) -> list[Flowable]:
    st, w = ctx.st, ctx.workshop
    axis = ctx.axis_of.get(orientation.uuid)
    chapter_title = f"Orientation {orientation.code} — {orientation.title}"
    story: list[Flowable] = [PageBreak(), Bookmark(chapter_title, f"o-{orientation.uuid}", level=0)]
    if axis is not None:
        story.append(para(f"Axe {axis.code} — {axis.title}", st.note))
    story.append(para(chapter_title, st.h1))
    story.append(Paragraph("Objectifs et actions", st.h2))
    story.append(_actions_table(orientation, ctx))

    for record in sorted((r for r in w.rounds if r.orientation_uuid == orientation.uuid), key=lambda r: r.number):
        story += _round(record, ctx)

    action_order = {a.uuid: i for i, a in enumerate(orientation.actions())}
    kinds = list(DECISION_LABELS_FR)  # priority 1 first … abandoned last
    decisions = sorted((d for d in w.decisions if d.action_uuid in action_order),
                       key=lambda d: (kinds.index(d.decision), action_order[d.action_uuid]))
    if decisions:
        story += heading("Décisions", st.h2)
        rows = [[ctx.code(d.action_uuid), ctx.title(d.action_uuid), DECISION_LABELS_FR[d.decision],
                 d.rationale or "—"] for d in decisions]
        story.append(table(rows, [52, 150, 100, CONTENT_WIDTH - 302],
                           header=["Code", "Action", "Décision", "Justification"],
                           styles_by_column=[st.cell_bold, None, st.cell_bold, None]))

    comments = [c for c in w.comments
                if c.orientation_uuid == orientation.uuid or (c.action_uuid in action_order)]
    if comments:
        story += heading("Commentaires", st.h2, room=25 * mm)
        for c in comments:
            about = f"sur l'action {ctx.code(c.action_uuid)}" if c.action_uuid else "sur l'orientation"
            who = f"{c.author}, " if c.author else ""
            story.append(Paragraph(f'<font color="#6b7280" size="7.5">{markup(who, st.small, CONTENT_WIDTH)}'
                                   f"{markup(about)}</font>", st.small))
            story.append(para(c.text, st.body))

    objective_ids = {b.uuid for b in orientation.objectives}
    proposals = [p for p in w.proposals if p.objective_uuid in objective_ids]
    if proposals:
        story += heading("Propositions nouvelles", st.h2)
        rows = [[ctx.objectives[p.objective_uuid].code, p.title,
                 "Priorisée" if p.kind == ActionKind.PRIORITISED.value else "Complémentaire", p.proposer or "—"]
                for p in proposals]
        story.append(table(rows, [44, CONTENT_WIDTH - 44 - 72 - 100, 72, 100],
                           header=["Objectif", "Proposition", "Type", "Proposée par"],
                           styles_by_column=[st.cell_bold, None, st.cell_small, None]))
    return story


def _general_comments(ctx: _Context) -> list[Flowable]:
    st = ctx.st
    loose = [c for c in ctx.workshop.comments if not c.orientation_uuid and not c.action_uuid]
    if not loose:
        return []
    story: list[Flowable] = [CondPageBreak(40 * mm), Bookmark("Commentaires généraux", "comments"),
                             Paragraph("Commentaires généraux", st.h1)]
    for c in loose:
        if c.author:
            story.append(para(c.author, st.small))
        story.append(para(c.text, st.body))
    return story


# --------------------------------------------------------------------------- signatures, appendix


def _signatures(ctx: _Context) -> list[Flowable]:
    st, w = ctx.st, ctx.workshop
    date = fr_date(w.starts_at) if w.starts_at else "…………………………"
    half = CONTENT_WIDTH / 2 - 4
    cells = [
        [Paragraph("<b>Pour l'équipe d'animation</b>", st.cell),
         Paragraph("<b>Le président ou la présidente de séance</b>", st.cell)],
        [para(w.facilitators or "Nom :", st.cell, half - 12), para("Nom :", st.cell)],
        [para("Signature :", st.small), para("Signature :", st.small)],
    ]
    t = Table(cells, colWidths=[half, half], rowHeights=[None, None, 30 * mm], hAlign="LEFT")
    t.setStyle(TableStyle([*FONT_COMMANDS, ("BOX", (0, 0), (0, -1), 0.6, MUTED), ("BOX", (1, 0), (1, -1), 0.6, MUTED),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)]))
    return [CondPageBreak(75 * mm), Bookmark("Signatures", "signatures"), Paragraph("Signatures", st.h1),
            para(f"Fait à ……………………………………, le {date}.", st.body), Spacer(1, 3 * mm), KeepTogether([t])]


def _appendix(ctx: _Context) -> list[Flowable]:
    st, w = ctx.st, ctx.workshop
    methods: list[Method] = []
    for r in sorted(w.rounds, key=lambda r: r.number):
        if r.method not in methods:
            methods.append(r.method)
    story: list[Flowable] = [PageBreak(), Bookmark("Annexe — méthodes de vote", "appendix"),
                             Paragraph("Annexe — méthodes de vote utilisées", st.h1)]
    if not methods:
        story.append(para("Aucun tour de vote n'a été organisé.", st.body))
        return story
    story.append(para(
        "Les rangs suivent la règle « 1, 2, 2, 4 » : le rang d'une action est un de plus que le nombre "
        "d'actions strictement mieux placées ; des actions à égalité partagent le même rang et sont "
        "signalées « ex æquo ». Aucun tirage au sort ne les départage. Le poids d'un votant est celui de "
        "sa voix, augmenté des procurations qu'il porte.", st.body))
    for method in methods:
        used = [r for r in w.rounds if r.method is method]
        story += heading(METHOD_LABELS_FR[method], st.h2, room=45 * mm)
        configs = {r.config for r in used}  # the rules chosen, when every round of the method shares them
        story.append(para(method_description(method, configs.pop() if len(configs) == 1 else None), st.body))
        details = []
        for r in sorted(used, key=lambda r: r.number):
            config = _config_text(r)
            details.append(f"tour {r.number}" + (f" ({config})" if config else ""))
        story.append(para("Utilisée pour : " + ", ".join(details) + ".", st.note))
    modes = sorted({r.mode for r in w.rounds}, key=lambda m: list(MODE_LABELS_FR).index(m))
    story += heading("Modes de vote", st.h2)
    explanations = {
        "named": "chaque bulletin est rattaché à son votant ; le registre indique qui a voté.",
        "secret": "vote à l'urne : chaque votant signe la liste d'émargement et dépose un bulletin par voix "
                  "(procurations comprises) ; l'émargement clos, les bulletins sont dépouillés un à un, sans nom. "
                  "Rien ne relie un bulletin à un votant, ni dans la base de données ni dans les fichiers "
                  "d'échange (Code électoral, art. L62 à L66 ; CGCT, art. L2121-21).",
        "analog": "l'animateur saisit les totaux comptés dans la salle (main levée, bulletins papier, gommettes).",
    }
    for mode in modes:
        story.append(Paragraph(f"<b>{markup(MODE_LABELS_FR[mode])}</b>\u00a0: {markup(explanations[mode.value])}", st.body))
    return story


# --------------------------------------------------------------------------- entry point


def build_minutes(
    target: str | Path | IO[bytes],
    workshop: Workshop,
    plan: TerritorialPlan,
    tallies: Mapping[str, Tally],
    *,
    generated_at: datetime | None = None,
    progress: Progress | None = None,
    corrections: Mapping[str, int] | None = None,
) -> int:
    """Write the minutes of ``workshop`` to ``target`` (path or binary file); return the page count.

    ``tallies`` maps round uuids to their :class:`Tally` (rounds without one print "no
    results"). ``corrections`` maps round uuids to the number of ballot corrections in
    their history (printed under the round's figures). ``progress(done, total)`` is called
    while the pages are laid out and may raise to cancel.
    """
    ctx = _Context(workshop, plan, tallies, corrections)
    story: list[Flowable] = []
    story += _cover(ctx)
    story += _attendance(ctx)
    for orientation in ctx.chapters():
        story += _chapter(orientation, ctx)
    story += _general_comments(ctx)
    story += _signatures(ctx)
    story += _appendix(ctx)
    return build_pdf(target, story, minutes_info(workshop, generated_at), progress=progress, show_outline=True)
