"""Consolidation: one picture of the territory from many workshops.

Pure functions over plain values (no I/O). The services gather, for the chosen workshops,
the result of each voting round (:class:`RoundResult`: the rank of each action and the
number of voters), the facilitators' decisions and the proposed actions.

Combined score of an action (the rule, also in ``docs/exchange-format.md``)
---------------------------------------------------------------------------
1. In each round, the ranking of the ``n`` actions of the round is normalised to a score
   between 0 and 1, 1 being the best::

       score = (n − position) / (n − 1)

   ``position`` is the action's place in the round's ranking (1 = best). Actions tied
   (same rank) share the *mean* of the positions they occupy: three actions tied for
   the 2nd place occupy positions 2, 3 and 4 and all get position 3. A round on a single
   action gives it 1. Every method (majority judgment, Borda, scores, approval, yes/no,
   dots, impact × feasibility) is reduced to its ranking, so rounds voted with different
   methods can be combined.
2. The combined score of an action is the mean of its round scores weighted by the
   number of voters of each round (the round's total voting weight, proxies included):
   ``Σ score × voters / Σ voters`` over the rounds where the action was voted on. A round
   nobody voted in (0 voters) counts for nothing.
3. The combined ranking sorts the actions by combined score (best first); equal scores
   (to 1e-9) share a rank ("1, 2, 2, 4"). Actions that were decided on but never voted on
   are listed after, without a score.

Besides the score each action reports the number of workshops and of rounds that voted
on it, the voters, and in how many workshops the facilitator decided "Priorité 1", "2",
"3", "Maintenue complémentaire", "Ajournée" or "Abandonnée".

Near-duplicate proposals
------------------------
Proposed actions from all workshops are listed together, near-duplicates grouped. Two
titles are compared on their folded form (lower case, no accents, punctuation removed):
``similarity = (characters + words) / 2`` where ``characters`` is
``difflib.SequenceMatcher`` ratio of the two texts and ``words`` the same ratio over
their lists of significant words (French stop words removed). Titles whose similarity
is at least :data:`SIMILARITY_THRESHOLD` (0.8) are grouped, transitively. The word part
keeps apart titles that only share their beginning ("Rénovation énergétique des écoles"
/ "… des logements": 0.77), while rewordings and typos stay together ("Navette
électrique vers la gare" / "… jusqu'à la gare": 0.93).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from projter_desktop.domain.plan import fold
from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import DecisionKind

SIMILARITY_THRESHOLD = 0.8
SCORE_EPSILON = 1e-9

STOP_WORDS = frozenset(
    "a au aux avec ce ces cet cette d dans de des du en et jusqu l la le les leur leurs ou par plus pour qu que qui "
    "s sa sans se ses son sur un une vers".split()
)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class RoundResult:
    """The ranking of one round of one workshop."""

    workshop_uuid: str
    round_uuid: str
    number: int
    method: Method
    voters: float
    ranks: Mapping[str, int]  # action uuid -> rank (1 = best; tied actions share a rank)
    labels: Mapping[str, str] = field(default_factory=dict)  # action uuid -> French result


@dataclass(frozen=True, slots=True)
class DecisionFact:
    workshop_uuid: str
    action_uuid: str
    decision: DecisionKind


@dataclass(frozen=True, slots=True)
class WorkshopInfo:
    uuid: str
    title: str
    starts_at: datetime | None = None
    communes: tuple[str, ...] = ()
    closed: bool = True


@dataclass(frozen=True, slots=True)
class ProposalFact:
    uuid: str
    workshop_uuid: str
    title: str
    objective_uuid: str = ""
    proposer: str = ""


# --------------------------------------------------------------------------- normalisation


def normalised_scores(ranks: Mapping[str, int]) -> dict[str, float]:
    """Rank of each action in a round → score in [0, 1] (1 = best), ties sharing the mean
    of the positions they occupy; a single action gets 1."""
    n = len(ranks)
    if n == 0:
        return {}
    if n == 1:
        return {action: 1.0 for action in ranks}
    ordered = sorted(ranks.items(), key=lambda item: item[1])
    scores: dict[str, float] = {}
    start = 0
    while start < n:
        end = start
        while end + 1 < n and ordered[end + 1][1] == ordered[start][1]:
            end += 1
        position = (start + 1 + end + 1) / 2  # mean of positions start+1 .. end+1
        value = (n - position) / (n - 1)
        for action, _rank in ordered[start : end + 1]:
            scores[action] = value
        start = end + 1
    return scores


# --------------------------------------------------------------------------- combination


@dataclass(frozen=True, slots=True)
class ActionConsolidation:
    action_uuid: str
    score: float | None
    rank: int | None
    tied: bool
    workshops: int
    rounds: int
    voters: float
    decisions: Mapping[DecisionKind, int]

    def decided(self, kind: DecisionKind) -> int:
        return self.decisions.get(kind, 0)


@dataclass(frozen=True)
class Consolidation:
    actions: tuple[ActionConsolidation, ...]  # by combined rank, then unscored actions
    workshops: int  # workshops with at least one counted round or decision
    rounds: int  # rounds counted

    def action(self, action_uuid: str) -> ActionConsolidation | None:
        return next((a for a in self.actions if a.action_uuid == action_uuid), None)


def combine(
    results: Iterable[RoundResult],
    decisions: Iterable[DecisionFact] = (),
    *,
    order: Sequence[str] = (),
) -> Consolidation:
    """Combine round results and decisions (see the module docstring for the rule).

    ``order`` (action uuids, e.g. in plan order) breaks the listing order of tied actions
    and of unscored ones; otherwise the order of first appearance is used.
    """
    weighted: dict[str, float] = defaultdict(float)
    weights: dict[str, float] = defaultdict(float)
    rounds_of: dict[str, int] = defaultdict(int)
    workshops_of: dict[str, set[str]] = defaultdict(set)
    seen_order: dict[str, int] = {a: i for i, a in enumerate(order)}
    counted_rounds = 0
    active_workshops: set[str] = set()
    for result in results:
        if not result.ranks or result.voters <= 0:
            continue
        counted_rounds += 1
        active_workshops.add(result.workshop_uuid)
        voters = float(result.voters)
        for action, score in normalised_scores(result.ranks).items():
            weighted[action] += score * voters
            weights[action] += voters
            rounds_of[action] += 1
            workshops_of[action].add(result.workshop_uuid)
            seen_order.setdefault(action, len(seen_order))
    decided: dict[str, dict[DecisionKind, set[str]]] = defaultdict(lambda: defaultdict(set))
    for fact in decisions:
        decided[fact.action_uuid][fact.decision].add(fact.workshop_uuid)
        active_workshops.add(fact.workshop_uuid)
        seen_order.setdefault(fact.action_uuid, len(seen_order))
    scored = sorted(weights, key=lambda a: (-(weighted[a] / weights[a]), seen_order[a]))
    out: list[ActionConsolidation] = []
    previous: float | None = None
    rank = 0
    scores = {a: weighted[a] / weights[a] for a in scored}
    for index, action in enumerate(scored):
        score = scores[action]
        if previous is None or abs(score - previous) > SCORE_EPSILON:
            rank = index + 1
            previous = score
        tied = any(abs(scores[other] - score) <= SCORE_EPSILON
                   for other in scored[max(0, index - 1) : index + 2] if other != action)
        out.append(ActionConsolidation(
            action_uuid=action, score=score, rank=rank, tied=tied, workshops=len(workshops_of[action]),
            rounds=rounds_of[action], voters=weights[action],
            decisions={k: len(v) for k, v in decided.get(action, {}).items()}))
    unscored = sorted((a for a in decided if a not in weights), key=lambda a: seen_order[a])
    for action in unscored:
        out.append(ActionConsolidation(
            action_uuid=action, score=None, rank=None, tied=False, workshops=0, rounds=0, voters=0.0,
            decisions={k: len(v) for k, v in decided[action].items()}))
    return Consolidation(tuple(out), len(active_workshops), counted_rounds)


# --------------------------------------------------------------------------- history


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One workshop's treatment of one action."""

    workshop_uuid: str
    title: str
    starts_at: datetime | None
    communes: tuple[str, ...]
    round_number: int | None
    method: Method | None
    label: str
    rank: int | None
    of: int | None  # number of actions in the round
    voters: float | None
    score: float | None
    decision: DecisionKind | None


def action_history(
    action_uuid: str,
    results: Iterable[RoundResult],
    decisions: Iterable[DecisionFact],
    workshops: Mapping[str, WorkshopInfo],
) -> list[HistoryEntry]:
    """Every round that voted on the action, and every decision taken on it, by date."""
    decision_of = {f.workshop_uuid: f.decision for f in decisions if f.action_uuid == action_uuid}
    entries: list[HistoryEntry] = []
    with_round: set[str] = set()
    for r in results:
        if action_uuid not in r.ranks:
            continue
        info = workshops.get(r.workshop_uuid) or WorkshopInfo(r.workshop_uuid, "")
        with_round.add(r.workshop_uuid)
        entries.append(HistoryEntry(
            workshop_uuid=r.workshop_uuid, title=info.title, starts_at=info.starts_at, communes=info.communes,
            round_number=r.number, method=r.method, label=r.labels.get(action_uuid, ""), rank=r.ranks[action_uuid],
            of=len(r.ranks), voters=r.voters, score=normalised_scores(r.ranks)[action_uuid] if r.voters > 0 else None,
            decision=decision_of.get(r.workshop_uuid)))
    for workshop_uuid, decision in decision_of.items():
        if workshop_uuid in with_round:
            continue
        info = workshops.get(workshop_uuid) or WorkshopInfo(workshop_uuid, "")
        entries.append(HistoryEntry(workshop_uuid, info.title, info.starts_at, info.communes, None, None, "", None,
                                    None, None, None, decision))
    epoch = datetime.min
    entries.sort(key=lambda e: ((e.starts_at.replace(tzinfo=None) if e.starts_at else epoch), e.title,
                                e.round_number or 0))
    return entries


# --------------------------------------------------------------------------- proposals


@dataclass(frozen=True)
class ProposalGroup:
    """Proposals judged to be the same idea; ``title`` is the first one's."""

    proposals: tuple[ProposalFact, ...]

    @property
    def title(self) -> str:
        return self.proposals[0].title

    @property
    def workshops(self) -> int:
        return len({p.workshop_uuid for p in self.proposals})


_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_text(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def _words(normalised: str) -> list[str]:
    return [w for w in normalised.split() if w not in STOP_WORDS]


def similarity(a: str, b: str) -> float:
    """Similarity of two titles in [0, 1] (see the module docstring)."""
    na, nb = normalise_text(a), normalise_text(b)
    return _similarity(na, nb, _words(na), _words(nb))


def _similarity(na: str, nb: str, wa: list[str], wb: list[str]) -> float:
    if na == nb:
        return 1.0
    chars = SequenceMatcher(None, na, nb, autojunk=False).ratio()
    words = SequenceMatcher(None, wa, wb, autojunk=False).ratio() if (wa or wb) else chars
    return (chars + words) / 2


def group_proposals(proposals: Sequence[ProposalFact], threshold: float = SIMILARITY_THRESHOLD) -> list[ProposalGroup]:
    """Near-duplicate proposals grouped (transitively), groups in order of first proposal."""
    texts: dict[str, list[int]] = defaultdict(list)  # normalised title -> indexes
    for index, p in enumerate(proposals):
        texts[normalise_text(p.title)].append(index)
    distinct = list(texts)
    words = [_words(t) for t in distinct]
    parent = list(range(len(distinct)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # candidates share a significant word's first four letters (typos further on allowed)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for key in {w[:4] for w in ws if len(w) >= 3} or {distinct[i][:4]}:
            blocks[key].append(i)
    compared: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if (i, j) in compared or find(i) == find(j):
                    continue
                compared.add((i, j))
                a, b = distinct[i], distinct[j]
                shorter, longer = sorted((len(a), len(b)))
                if longer and 2 * shorter / (shorter + longer) < 2 * threshold - 1:
                    continue  # even identical prefixes could not reach the threshold
                if _similarity(a, b, words[i], words[j]) >= threshold:
                    parent[find(j)] = find(i)
    grouped: dict[int, list[int]] = defaultdict(list)
    for i, t in enumerate(distinct):
        grouped[find(i)].extend(texts[t])
    groups = [sorted(indexes) for indexes in grouped.values()]
    groups.sort(key=lambda g: g[0])
    return [ProposalGroup(tuple(proposals[i] for i in g)) for g in groups]


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True, slots=True)
class ActionLine:
    """One action of the combined ranking, with what people need to recognise it."""

    action_uuid: str
    code: str
    title: str
    kind: str  # ActionKind value
    orientation_code: str
    orientation_title: str
    axis_code: str
    result: ActionConsolidation


@dataclass(frozen=True)
class ConsolidationReport:
    """Everything the consolidation page, the PDF and the spreadsheet show."""

    plan_name: str
    plan_version: str
    workshops: tuple[WorkshopInfo, ...]
    lines: tuple[ActionLine, ...]
    proposal_groups: tuple[ProposalGroup, ...]
    rounds: int
    generated_at: datetime
    filters_text: tuple[str, ...] = ()  # French description of the filters applied
    notes: tuple[str, ...] = ()
    results: tuple[RoundResult, ...] = ()
    decisions: tuple[DecisionFact, ...] = ()

    @property
    def workshop_count(self) -> int:
        return len(self.workshops)

    def history(self, action_uuid: str) -> list[HistoryEntry]:
        return action_history(action_uuid, self.results, self.decisions, {w.uuid: w for w in self.workshops})

    def line(self, action_uuid: str) -> ActionLine | None:
        return next((line for line in self.lines if line.action_uuid == action_uuid), None)
