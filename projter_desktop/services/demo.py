"""Demo data: a realistic workshop on the bundled plan, so a new user sees a real one at once.

Everything goes through the same services as the GUI, so the demo is also an end-to-end
exercise of the application. People are fictional; communes are those the plan names.

The demo is dated on its own day: arrivals, rounds opened and closed, decisions, comments,
proposals and the closing are stamped at ``starts_at`` plus the minutes a real workshop
would take, never at the moment the demo is created (the minutes would say the workshop
was on 15 October but "Clos le 3 décembre"). Voters differ from one another (leniency,
taste) so that results are not blocks of identical profiles.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from projter_desktop.domain.plan import ActionKind
from projter_desktop.domain.voting import GRADES, Method
from projter_desktop.domain.workshop import AttendanceStatus, DecisionKind, RoundMode
from projter_desktop.services import decisions, plans, rounds, urn, workshops
from projter_desktop.store.database import Database

COMMUNES = ("Alès", "Anduze", "La Grand-Combe", "Saint-Jean-du-Gard", "Génolhac", "Brouzet-lès-Alès",
            "Vézénobres", "Euzet")
FIRST_NAMES = ("Anne", "Bernard", "Claire", "Denis", "Élise", "François", "Gisèle", "Hervé", "Isabelle", "Jacques",
               "Karine", "Laurent", "Magali", "Nicolas", "Odile", "Pascal", "Quentin", "Roselyne", "Sébastien",
               "Thérèse", "Ugo", "Véronique", "William", "Yvette", "Zoé", "André", "Béatrice", "Christophe",
               "Danièle", "Étienne", "Françoise", "Gérard", "Hélène", "Joël", "Léa", "Marc", "Noëlle", "Olivier",
               "Patricia", "Régis", "Sylvie", "Thierry")
LAST_NAMES = ("Arnaud", "Bonnet", "Chabert", "Delmas", "Espinasse", "Fabre", "Gaillard", "Hugon", "Issartel",
              "Jourdan", "Laporte", "Malzac", "Nègre", "Olivier", "Pellet", "Quissac", "Roux", "Soulier", "Teissier",
              "Vidal", "Aubanel", "Brunel", "Cabanis", "Dumas", "Fayet", "Granier", "Jaoul", "Lafont", "Mazauric",
              "Noguier", "Pagès", "Rouvière", "Salles", "Thérond", "Valette", "Bastide", "Chapon", "Donnadieu",
              "Gély", "Martin")
ROLES = ("Maire", "Adjoint(e) au maire", "Conseiller(ère) communautaire", "Conseiller(ère) municipal(e)",
         "Vice-président(e)", "Technicien(ne)", "Partenaire")
COMMENTS = (
    "Les communes rurales doivent être associées dès la conception.",
    "Prévoir un calendrier réaliste et un financement identifié.",
    "Action déjà engagée à Anduze : capitaliser sur l'expérience.",
    "Attention à l'équilibre entre ville-centre et bourgs.",
    "Les habitants attendent des résultats visibles d'ici 2026.",
    "À articuler avec le SCoT du Pays des Cévennes.",
)
PROPOSALS = (
    "Créer un guichet itinérant d'information dans les petites communes",
    "Mettre en place un covoiturage solidaire pour les rendez-vous médicaux",
    "Créer un guichet itinérant d'informations pour les petites communes",
    "Organiser une fête annuelle des producteurs locaux dans chaque bassin de vie",
    "Développer des jardins partagés dans les quartiers prioritaires",
)

#: minutes from the start to the first round (welcome, attendance), per round, and from the
#: last round to the closing
FIRST_ROUND_MINUTES = 25
ROUND_MINUTES = 8
CLOSING_MINUTES = 10

#: (method, mode, options) used in turn for the orientations: every method and every mode.
ROUND_PLAN: tuple[tuple[Method, RoundMode, dict], ...] = (
    (Method.MAJORITY_JUDGMENT, RoundMode.NAMED, {}),
    (Method.YES_NO, RoundMode.SECRET, {"majority": "absolute_expressed"}),
    (Method.DOTS, RoundMode.ANALOG, {"dots_per_voter": 3}),
    (Method.SCORE, RoundMode.NAMED, {"score_min": 0, "score_max": 5}),
    (Method.BORDA, RoundMode.SECRET, {}),
    (Method.APPROVAL, RoundMode.NAMED, {}),
    (Method.IMPACT_FEASIBILITY, RoundMode.NAMED, {}),
    (Method.MAJORITY_JUDGMENT, RoundMode.ANALOG, {}),
    (Method.YES_NO, RoundMode.NAMED, {"majority": "two_thirds_expressed"}),
    (Method.SCORE, RoundMode.SECRET, {"score_min": 1, "score_max": 10}),
    (Method.MAJORITY_JUDGMENT, RoundMode.SECRET, {}),
    (Method.BORDA, RoundMode.NAMED, {}),
)


def _mark(rng: random.Random, method: Method, options: dict, appeal: float, position: int, n: int,  # type: ignore[no-untyped-def]
          leniency: float = 0.0):
    """A plausible mark for an action of appeal 0..1 (higher = preferred), from a voter
    more (``leniency`` > 0) or less generous than the others."""
    noisy = min(1.0, max(0.0, appeal + leniency + rng.gauss(0, 0.22)))
    if method is Method.MAJORITY_JUDGMENT:
        return min(len(GRADES) - 1, int((1 - noisy) * len(GRADES)))
    if method is Method.YES_NO:
        return "yes" if noisy > 0.45 else ("abstain" if noisy > 0.35 else "no")
    if method is Method.SCORE:
        low, high = options.get("score_min", 0), options.get("score_max", 5)
        return low + round(noisy * (high - low))
    if method is Method.APPROVAL:
        return noisy > 0.5
    if method is Method.IMPACT_FEASIBILITY:
        return (1 + round(noisy * 4), 1 + round(min(1.0, max(0.0, 1 - appeal + rng.gauss(0, 0.3))) * 4))
    raise ValueError(method)


def create_demo_workshop(db: Database, seed: int = 0, *, close: bool = False, participants: int = 40) -> str:
    """Create the demo workshop and return its uuid."""
    rng = random.Random(seed)
    plan_uuid = plans.resolve_plan(db, None) if len(plans.list_plans(db)) == 1 else plans.list_plans(db)[0].uuid
    plan = plans.get_plan(db, plan_uuid)
    orientations = list(plan.orientations())
    starts = datetime(2026, 10, 14, 16, 30, tzinfo=UTC) + timedelta(days=seed % 30)

    def at(minutes: float) -> datetime:
        return starts + timedelta(minutes=minutes)

    workshop = workshops.create_workshop(
        db, plan_uuid=plan_uuid, title="Atelier de concertation — Projet de Territoire (démonstration)",
        starts_at=starts, place="Salle du Capitole, Alès", communes=COMMUNES[:5],
        facilitators="Service Planification — C. Martin, J. Delmas", scope=[o.uuid for o in orientations],
        default_method=Method.MAJORITY_JUDGMENT, default_mode=RoundMode.NAMED, proxy_limit=1,
        quorum=max(1, participants // 2),
    ).value
    names = rng.sample([(f, l) for f in FIRST_NAMES for l in LAST_NAMES], participants)
    attendees = []
    for index, (first, last) in enumerate(names):
        attendee = workshops.add_attendee(
            db, workshop.uuid, name=f"{first} {last}", role=ROLES[index % len(ROLES)],
            commune=COMMUNES[index % len(COMMUNES)], vote_weight=1.0,
        ).value
        attendees.append(attendee)
    away = max(1, participants // 13)  # 3 excused and 3 absent out of 40
    excused = attendees[-2 * away:-away]
    absent = attendees[-away:]
    present = attendees[:-2 * away]
    for attendee in present:
        workshops.set_attendance(db, attendee.uuid, AttendanceStatus.PRESENT,
                                 at=starts + timedelta(minutes=rng.randint(-15, 20)))
    for attendee in excused:
        workshops.set_attendance(db, attendee.uuid, AttendanceStatus.EXCUSED, at=at(-20))
    for attendee in absent:
        workshops.set_attendance(db, attendee.uuid, AttendanceStatus.ABSENT, at=at(20))
    for giver, holder in zip(excused, present[::5]):
        workshops.give_proxy(db, giver.uuid, holder.uuid)
    # the vice-president chairs the meeting: casting vote in the named yes/no rounds
    chair = next((a for a in present if a.role == "Vice-président(e)"), present[0])
    workshops.set_chair(db, workshop.uuid, chair.uuid)
    voters = len(present) + len(excused)

    for index, orientation in enumerate(orientations):
        method, mode, options = ROUND_PLAN[index % len(ROUND_PLAN)]
        actions = [a.uuid for a in orientation.actions()][:15]
        record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=method, mode=mode, options=options,
                                     action_uuids=actions, title=f"Priorisation {orientation.code}").value
        opened = FIRST_ROUND_MINUTES + index * ROUND_MINUTES
        rounds.open_round(db, record.uuid, at=at(opened))
        # appeals spread over the scale but away from its ends, where every voter would give
        # the same grade (blocks of identical profiles)
        appeal = {a: 0.12 + 0.76 * rng.random() for a in actions}
        if mode is RoundMode.ANALOG:
            rounds.record_counts(db, record.uuid, _analog_counts(rng, method, options, actions, appeal, voters),
                                 voters=voters)
        elif mode is RoundMode.SECRET:  # émargement, then the papers drawn from the urn: one per voice
            urn.run_urn(db, record.uuid, [a.uuid for a in present],
                        [_ballot(rng, method, options, actions, appeal) for _ in range(voters)])
        else:
            for attendee in present:
                rounds.record_ballot(db, record.uuid, attendee.uuid, _ballot(rng, method, options, actions, appeal))
        rounds.close_round(db, record.uuid, at=at(opened + 5))
        tally = rounds.tally_round(db, record.uuid)
        for row in tally.rows[:3]:
            decision = (DecisionKind.PRIORITY_1, DecisionKind.PRIORITY_2, DecisionKind.PRIORITY_3)[min(row.rank, 3) - 1]
            decisions.set_decision(db, workshop.uuid, row.action, decision,
                                   f"Classée {row.rank}{'e' if row.rank > 1 else 're'} par l'assemblée ({row.label}).",
                                   at=at(opened + 6))
        last = tally.rows[-1]
        decisions.set_decision(db, workshop.uuid, last.action, DecisionKind.KEPT_COMPLEMENTARY,
                               "Peu soutenue ; conservée comme action complémentaire.", at=at(opened + 6))
        decisions.add_comment(db, workshop.uuid, COMMENTS[index % len(COMMENTS)], action_uuid=tally.rows[0].action,
                              author=present[index % len(present)].name, at=at(opened + 7))
        if index < len(PROPOSALS):
            decisions.propose_action(db, workshop.uuid, orientation.objectives[0].uuid, PROPOSALS[index],
                                     kind=ActionKind.COMPLEMENTARY, proposer=present[(3 * index) % len(present)].name,
                                     at=at(opened + 7))
    if close:
        workshops.close_workshop(
            db, workshop.uuid,
            at=at(FIRST_ROUND_MINUTES + len(orientations) * ROUND_MINUTES + CLOSING_MINUTES))
    return workshop.uuid


def _ballot(rng: random.Random, method: Method, options: dict, actions: list[str], appeal: dict[str, float]) -> dict:
    """One voter's ballot: the room's appeal of each action, the voter's own leniency (some
    grade everything higher) and taste (their own view of each action)."""
    n = len(actions)
    leniency = rng.gauss(0, 0.1)
    if method is Method.BORDA:
        order = sorted(actions, key=lambda a: -(appeal[a] + rng.gauss(0, 0.25)))
        return {a: rank for rank, a in enumerate(order, start=1)}
    if method is Method.DOTS:
        dots = options.get("dots_per_voter", 5)
        marks: dict[str, int] = {}
        for _ in range(dots):
            choice = max(actions, key=lambda a: appeal[a] + rng.random())
            marks[choice] = marks.get(choice, 0) + 1
        return marks
    return {a: _mark(rng, method, options, appeal[a], i, n, leniency) for i, a in enumerate(actions)}


def _analog_counts(rng: random.Random, method: Method, options: dict, actions: list[str],
                   appeal: dict[str, float], voters: int) -> dict:
    ballots = [_ballot(rng, method, options, actions, appeal) for _ in range(voters)]
    counts: dict[str, dict] = {}
    for action in actions:
        marks = [b[action] for b in ballots if action in b]
        if method is Method.DOTS:
            counts[action] = {"dots": sum(marks)}
        elif method is Method.YES_NO:
            counts[action] = {k: marks.count(k) for k in ("yes", "no", "abstain")}
        elif method is Method.APPROVAL:
            counts[action] = {"approved": sum(1 for m in marks if m)}
        else:
            dist: dict[str, int] = {}
            for mark in marks:
                dist[str(mark)] = dist.get(str(mark), 0) + 1
            counts[action] = dist
    return counts
