"""A realistic workshop built through the services, for the tests of the printed documents,
the results export and their command line and GUI (loaded with :func:`load` elsewhere).

Three orientations of the bundled plan; ten participants in three communes plus one with
none, with accents, œ and typographic apostrophes in their names; every voting method and
every mode; a tie; decisions with rationales full of French punctuation; comments and
proposals. ``tricky=True`` makes comments, proposals and (through a modified plan) action
titles that start with formula characters.

Tests are not a package: test files load this module with ``importlib`` (see their
``samples()`` helper).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from projter_desktop.domain.plan import ActionKind
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, DecisionKind, RoundMode
from projter_desktop.services import decisions, plans, rounds, urn, workshops

PEOPLE = (  # name, role, commune, status
    ("Hélène Œuvrard", "Maire", "Alès", AttendanceStatus.PRESENT),
    ("Jean-Noël d’Aubigné", "Adjoint(e) au maire", "Alès", AttendanceStatus.PRESENT),
    ("Benoît Lefèvre", "Conseiller(ère) communautaire", "Alès", AttendanceStatus.PRESENT),
    ("Cécile Ménard", "Maire", "Saint-Christol-lès-Alès", AttendanceStatus.PRESENT),
    ("Gaëlle Rouquette", "Vice-président(e)", "Saint-Christol-lès-Alès", AttendanceStatus.PRESENT),
    ("Loïc Marchal", "Conseiller(ère) municipal(e)", "La Grand-Combe", AttendanceStatus.PRESENT),
    ("Anaïs Béranger", "Technicien(ne)", "La Grand-Combe", AttendanceStatus.PRESENT),
    ("Jérôme Pagès", "Maire", "La Grand-Combe", AttendanceStatus.EXCUSED),
    ("Zoé Près", "Conseiller(ère) municipal(e)", "Saint-Christol-lès-Alès", AttendanceStatus.ABSENT),
    ("Mathéo Sœur", "Partenaire", "", AttendanceStatus.PRESENT),
)
PROXY = ("Jérôme Pagès", "Cécile Ménard")  # giver, holder

#: One (method, mode, options) per round, two or three rounds per orientation.
ROUNDS = (
    (0, Method.MAJORITY_JUDGMENT, RoundMode.NAMED, {}),
    (0, Method.YES_NO, RoundMode.SECRET, {"majority": "simple"}),
    (1, Method.DOTS, RoundMode.ANALOG, {"dots_per_voter": 3}),
    (1, Method.SCORE, RoundMode.NAMED, {"score_min": 0, "score_max": 5}),
    (1, Method.BORDA, RoundMode.SECRET, {}),
    (2, Method.APPROVAL, RoundMode.NAMED, {}),
    (2, Method.IMPACT_FEASIBILITY, RoundMode.NAMED, {}),
)
ACTIONS_PER_ROUND = 5
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass
class Sample:
    """What was built: uuids and the texts the documents must show."""

    workshop_uuid: str
    plan_uuid: str
    orientation_uuids: list[str]
    round_uuids: list[str] = field(default_factory=list)
    rationales: dict[str, str] = field(default_factory=dict)  # action uuid -> rationale
    comments: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    tied_round_uuid: str = ""


def _tricky_plan(db) -> str:  # type: ignore[no-untyped-def]
    """Load a copy of the bundled plan (new ids) whose first actions' titles start with
    formula characters; return its uuid."""
    from projter_desktop.exchange import plan_files

    plan = plans.with_new_ids(plans.bundled_plan())
    document = plan_files.plan_to_document(plan)
    document["plan"]["name"] = "Plan piégé"
    actions = [a for axis in document["axes"] for o in axis["orientations"] for b in o["objectives"]
               for a in b["actions"]]
    for start, action in zip(FORMULA_STARTS, actions):
        action["title"] = f"{start}1+1 {action['title']}"
    path = Path(db.path).with_name("plan-piege.json")
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return plans.import_plan(db, path).value.uuid


def _marks(method: Method, actions: list[str], voter: int) -> dict:
    n = len(actions)
    if method is Method.MAJORITY_JUDGMENT:
        return {a: min(4, (i + voter) % 5) for i, a in enumerate(actions)}
    if method is Method.YES_NO:
        return {a: ("yes", "no", "abstain")[(i + voter) % 3] if i else "yes" for i, a in enumerate(actions)}
    if method is Method.SCORE:
        return {a: (5 - i + voter) % 6 for i, a in enumerate(actions)}
    if method is Method.BORDA:
        return {a: ((i + voter) % n) + 1 for i, a in enumerate(actions)}
    if method is Method.APPROVAL:
        # everybody approves the first two actions: they tie for the first rank
        return {a: i < 2 or (i + voter) % 2 == 0 for i, a in enumerate(actions)}
    if method is Method.IMPACT_FEASIBILITY:
        return {a: (1 + (i + voter) % 5, 1 + (2 * i + voter) % 5) for i, a in enumerate(actions)}
    raise ValueError(method)


def build(db, *, close: bool = False, tricky: bool = False) -> Sample:  # type: ignore[no-untyped-def]
    plan_uuid = _tricky_plan(db) if tricky else plans.resolve_plan(db, None)
    plan = plans.get_plan(db, plan_uuid)
    orientations = list(plan.orientations())[:3]
    starts = datetime(2026, 3, 12, 17, 30, tzinfo=UTC)
    workshop = workshops.create_workshop(
        db, plan_uuid=plan_uuid, title="Atelier « Économie & cœur de ville » — l’avenir d’Alès",
        starts_at=starts, place="Salle de l’Abbaye, Alès", communes=["Alès", "Saint-Christol-lès-Alès"],
        facilitators="Élodie Fabre, Stéphane Roux", scope=[o.uuid for o in orientations], quorum=5,
    ).value
    sample = Sample(workshop.uuid, plan_uuid, [o.uuid for o in orientations])
    by_name = {}
    for name, role, commune, _status in PEOPLE:
        by_name[name] = workshops.add_attendee(db, workshop.uuid, name=name, role=role, commune=commune).value
    for name, _role, _commune, status in PEOPLE:
        workshops.set_attendance(db, by_name[name].uuid, status, at=starts + timedelta(minutes=len(name)))
    workshops.give_proxy(db, by_name[PROXY[0]].uuid, by_name[PROXY[1]].uuid)
    present = [by_name[n].uuid for n, *_rest, s in PEOPLE if s is AttendanceStatus.PRESENT]

    for index, (o_index, method, mode, options) in enumerate(ROUNDS):
        orientation = orientations[o_index]
        actions = [a.uuid for a in orientation.actions()][:ACTIONS_PER_ROUND]
        record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=method, mode=mode,
                                     options=options, action_uuids=actions, title=f"Priorités n° {index + 1}").value
        sample.round_uuids.append(record.uuid)
        if method is Method.APPROVAL:
            sample.tied_round_uuid = record.uuid
        rounds.open_round(db, record.uuid)
        if mode is RoundMode.ANALOG:
            rounds.record_counts(db, record.uuid, {a: {"dots": 6 - i} for i, a in enumerate(actions)},
                                 voters=len(present) + 1)
        elif mode is RoundMode.SECRET:  # one paper per voice (the proxy holder drops two)
            urn.run_urn(db, record.uuid, present, [_marks(method, actions, voter) for voter in range(len(present) + 1)])
        else:
            for voter, attendee in enumerate(present):
                rounds.record_ballot(db, record.uuid, attendee, _marks(method, actions, voter))
        rounds.close_round(db, record.uuid)

    for o_index, orientation in enumerate(orientations):
        actions = list(orientation.actions())
        first, last = actions[0], actions[ACTIONS_PER_ROUND - 1]
        why = f"Retenue à l’unanimité « sans réserve » : c’est le cœur du projet ({first.code})."
        decisions.set_decision(db, workshop.uuid, first.uuid, DecisionKind.PRIORITY_1, why)
        sample.rationales[first.uuid] = why
        why = f"Reportée – financement à trouver ; à revoir en 2027 ({last.code})."
        decisions.set_decision(db, workshop.uuid, last.uuid, DecisionKind.ADJOURNED, why)
        sample.rationales[last.uuid] = why
        text = f"Il faut associer les communes rurales dès l’étude (orientation {orientation.code})."
        if tricky:
            text = f"{FORMULA_STARTS[o_index]}HYPERLINK(\"http://exemple.invalid\";\"clic\") {orientation.code}"
        decisions.add_comment(db, workshop.uuid, text, action_uuid=first.uuid, author="Hélène Œuvrard")
        sample.comments.append(text)
        title = f"Créer un guichet « cœur de bourg » itinérant ({orientation.code})"
        if tricky:
            title = f"{FORMULA_STARTS[(o_index + 1) % 4]}cmd|' /C calc'!A0 {orientation.code}"
        decisions.propose_action(db, workshop.uuid, orientation.objectives[0].uuid, title,
                                 kind=ActionKind.COMPLEMENTARY, proposer="Loïc Marchal")
        sample.proposals.append(title)
    general = "Remerciements à la commune d’Alès pour l’accueil ; prochaine séance en juin."
    decisions.add_comment(db, workshop.uuid, general)
    sample.comments.append(general)
    if close:
        workshops.close_workshop(db, workshop.uuid)
    return sample
