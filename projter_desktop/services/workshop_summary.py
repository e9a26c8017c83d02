"""A workshop told in plain French text: what ``projter workshop show`` prints.

Title, date, place, status, attendance and quorum, then every round (method, mode,
status, voters, and its tally row by row), the decisions, the comments and the proposed
actions. The whole document, for scripts, is ``workshops.workshop_json``.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from projter_desktop.domain.workshop import (
    DECISION_LABELS_FR,
    METHOD_LABELS_FR,
    MODE_LABELS_FR,
    RoundMode,
    RoundStatus,
    WorkshopStatus,
    attendance_summary,
)
from projter_desktop.services.database import Database

WORKSHOP_STATUS_FR = {
    WorkshopStatus.PREPARATION: "en préparation",
    WorkshopStatus.RUNNING: "en cours",
    WorkshopStatus.CLOSED: "clos",
}

ROUND_STATUS_FR = {
    RoundStatus.DRAFT: "en préparation",
    RoundStatus.OPEN: "ouvert",
    RoundStatus.CLOSED: "clos",
}


def number_fr(value: float | int | None) -> str:
    if value is None:
        return "—"
    exact = Fraction(value).limit_denominator(1000)
    if exact.denominator == 1:
        return f"{exact.numerator:,}".replace(",", "\u202f")
    return f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def local_time(moment: datetime | None, with_date: bool = True) -> str:
    if moment is None:
        return "sans date"
    local = moment.astimezone()
    return local.strftime("%d/%m/%Y à %H:%M" if with_date else "%H:%M")


def workshop_summary_fr(db: Database, uuid: str) -> str:
    """The workshop ``uuid`` as French text, one item a line."""
    from projter_desktop.services.plans import get_plan
    from projter_desktop.services.rounds import tally_record
    from projter_desktop.services.workshops import get_workshop, verify_fingerprint

    workshop = get_workshop(db, uuid)
    plan = get_plan(db, workshop.plan_uuid)
    actions = {a.uuid: a for a in plan.actions()}
    orientations = {o.uuid: o for o in plan.orientations()}
    objectives = {o.uuid: o for o in plan.objectives()}

    def action(uuid: str) -> str:
        found = actions.get(uuid)
        return f"{found.code}  {found.title}" if found else f"{uuid[:8]}  (action inconnue du plan)"

    lines = [workshop.title, "=" * min(len(workshop.title), 78)]
    lines.append(f"Identifiant : {workshop.uuid}")
    lines.append(f"Date : {local_time(workshop.starts_at)}")
    lines.append(f"Lieu : {workshop.place or '—'}")
    if workshop.communes:
        lines.append(f"Communes : {', '.join(workshop.communes)}")
    if workshop.facilitators:
        lines.append(f"Animation : {workshop.facilitators}")
    chair = workshop.attendee(workshop.chair) if workshop.chair else None
    if chair is not None:
        lines.append(f"Présidence de séance : {chair.name}")
    status = WORKSHOP_STATUS_FR[workshop.status]
    if workshop.is_closed:
        status += f" le {local_time(workshop.closed_at)}"
        valid = verify_fingerprint(workshop)
        status += f" — empreinte {workshop.fingerprint} ({'vérifiée' if valid else 'NE CORRESPOND PAS au contenu'})"
    lines.append(f"Statut : {status}")
    lines.append(f"Plan : {plan.info.name} {plan.info.version_label}")
    scope = [orientations[u] for u in workshop.scope if u in orientations]
    if scope:
        lines.append("Orientations :")
        lines += [f"  {o.code}  {o.title}" for o in scope]

    att = attendance_summary(workshop.attendees, workshop.proxies, workshop.quorum, workshop.quorum_basis)
    lines += ["", "Participation"]
    lines.append(f"  {att.invited} invité(s) : {att.present} présent(s), {att.excused} excusé(s), "
                 f"{att.absent} absent(s), {att.expected} attendu(s) ; {att.proxies} procuration(s)")
    counted = "membre(s) présent(s)" if att.quorum_basis == "present" else "membre(s) présent(s) ou représenté(s)"
    quorum = (f"quorum {number_fr(att.quorum)} {'atteint' if att.quorum_reached else 'non atteint'} "
              f"({att.quorum_count} {counted})" if att.quorum else "pas de quorum")
    lines.append(f"  {att.voters} votant(s) (présents et représentés), {number_fr(att.voting_weight)} voix ; {quorum}")

    lines += ["", f"Tours de vote ({len(workshop.rounds)})"]
    if not workshop.rounds:
        lines.append("  Aucun tour de vote.")
    for record in workshop.rounds:
        orientation = orientations.get(record.orientation_uuid)
        where = f" — orientation {orientation.code}" if orientation else ""
        lines.append(f"  Tour {record.number} : {record.title}{where}")
        lines.append(f"    {METHOD_LABELS_FR.get(record.method, record.method)} ; "
                     f"{MODE_LABELS_FR.get(record.mode, record.mode)} ; {ROUND_STATUS_FR[record.status]} ; "
                     f"{len(record.action_uuids)} action(s)")
        if record.status is RoundStatus.DRAFT:
            lines.append("    Pas encore ouvert : aucun résultat.")
            continue
        tally = tally_record(workshop, record)
        hidden = " (résultats encore masqués à l'écran)" if record.results_hidden and record.status is RoundStatus.OPEN else ""
        counted = "décompte manuel" if record.mode is RoundMode.ANALOG else f"{tally.ballots} bulletin(s)"
        lines.append(f"    {counted}, {number_fr(tally.voters)} votant(s)"
                     f"{'' if tally.quorum_reached else ' — quorum non atteint'}{hidden}")
        for row in tally.rows:
            rank = f"{row.rank}{'=' if row.tied else ''}"
            lines.append(f"    {rank:>4}. {action(row.action)} — {row.label}")
        if tally.condorcet_winner:
            lines.append(f"    Vainqueur de Condorcet : {action(tally.condorcet_winner)}")
        for note in tally.notes:
            lines.append(f"    ({note})")

    lines += ["", f"Décisions ({len(workshop.decisions)})"]
    if not workshop.decisions:
        lines.append("  Aucune décision.")
    for decision in workshop.decisions:
        why = f" — {decision.rationale}" if decision.rationale else ""
        lines.append(f"  {action(decision.action_uuid)} : {DECISION_LABELS_FR[decision.decision]}{why}")

    lines += ["", f"Commentaires : {len(workshop.comments)}"]
    lines += [f"Actions proposées ({len(workshop.proposals)})" + ("" if workshop.proposals else " : aucune")]
    for proposal in workshop.proposals:
        objective = objectives.get(proposal.objective_uuid)
        by = f" (proposée par {proposal.proposer})" if proposal.proposer else ""
        lines.append(f"  {objective.code + ' ' if objective else ''}{proposal.title}{by}")
    return "\n".join(lines) + "\n"
