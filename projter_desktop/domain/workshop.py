"""Workshops (ateliers): participants, attendance, proxies, rounds, ballots, decisions.

Plain dataclasses handed from the store to the services, the GUI, the reports and the
export files; plus the attendance arithmetic (voices, proxies, quorum) and the canonical
fingerprint of a closed workshop.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from projter_desktop.domain.voting import Method, RoundConfig, canonical_config


class WorkshopStatus(StrEnum):
    PREPARATION = "preparation"
    RUNNING = "running"
    CLOSED = "closed"


class AttendanceStatus(StrEnum):
    EXPECTED = "expected"
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class RoundMode(StrEnum):
    NAMED = "named"  # one ballot per voter, linked to the voter
    SECRET = "secret"  # ballots with no link to a person; a register prevents double votes
    ANALOG = "analog"  # counts typed by the facilitator (show of hands, paper ballots)


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class DecisionKind(StrEnum):
    PRIORITY_1 = "priority_1"
    PRIORITY_2 = "priority_2"
    PRIORITY_3 = "priority_3"
    KEPT_COMPLEMENTARY = "kept_complementary"
    ADJOURNED = "adjourned"
    ABANDONED = "abandoned"


DECISION_LABELS_FR: dict[DecisionKind, str] = {
    DecisionKind.PRIORITY_1: "Priorité 1",
    DecisionKind.PRIORITY_2: "Priorité 2",
    DecisionKind.PRIORITY_3: "Priorité 3",
    DecisionKind.KEPT_COMPLEMENTARY: "Maintenue complémentaire",
    DecisionKind.ADJOURNED: "Ajournée",
    DecisionKind.ABANDONED: "Abandonnée",
}

ROLES_FR: tuple[str, ...] = (
    "Maire",
    "Adjoint(e) au maire",
    "Conseiller(ère) communautaire",
    "Conseiller(ère) municipal(e)",
    "Vice-président(e)",
    "Technicien(ne)",
    "Partenaire",
    "Citoyen(ne)",
)

METHOD_LABELS_FR: dict[Method, str] = {
    Method.YES_NO: "Pour / contre / abstention",
    Method.DOTS: "Gommettes",
    Method.SCORE: "Notes",
    Method.BORDA: "Classement (Borda)",
    Method.MAJORITY_JUDGMENT: "Jugement majoritaire",
    Method.APPROVAL: "Approbation",
    Method.IMPACT_FEASIBILITY: "Impact × faisabilité",
}

MODE_LABELS_FR: dict[RoundMode, str] = {
    RoundMode.NAMED: "Vote nominatif",
    RoundMode.SECRET: "Vote secret",
    RoundMode.ANALOG: "Décompte manuel (main levée, bulletins papier)",
}


@dataclass(frozen=True, slots=True)
class Commune:
    uuid: str
    name: str
    insee_code: str | None = None
    population: int | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    """An entry of the reusable directory of participants."""

    uuid: str
    name: str
    role: str = ""
    commune: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Attendee:
    """A participant invited to one workshop (name, role and commune as at the workshop)."""

    uuid: str
    participant_uuid: str
    name: str
    role: str = ""
    commune: str = ""
    vote_weight: float = 1.0
    status: AttendanceStatus = AttendanceStatus.EXPECTED
    arrived_at: datetime | None = None
    left_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Proxy:
    uuid: str
    giver_uuid: str  # attendee who is absent
    holder_uuid: str  # attendee who is present and votes for both


@dataclass(frozen=True, slots=True)
class BallotRecord:
    uuid: str
    attendee_uuid: str | None  # None in secret rounds
    weight: float
    marks: Mapping[str, Any]  # action uuid -> mark (see domain.voting)


@dataclass(frozen=True, slots=True)
class BallotCorrection:
    """A named ballot corrected after it was recorded: one line of the round's history.

    Not part of the workshop's content (fingerprint, export file): the history stays in
    the database where the round was run."""

    uuid: str
    round_uuid: str
    attendee_uuid: str
    attendee_name: str
    previous_marks: Mapping[str, Any]  # action uuid -> mark, before
    marks: Mapping[str, Any]  # action uuid -> mark, after
    corrected_at: datetime  # UTC


@dataclass(frozen=True, slots=True)
class RoundRecord:
    uuid: str
    number: int
    orientation_uuid: str
    title: str
    method: Method
    mode: RoundMode
    config: RoundConfig
    action_uuids: tuple[str, ...]
    status: RoundStatus = RoundStatus.DRAFT
    results_hidden: bool = True
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    ballots: tuple[BallotRecord, ...] = ()
    counts: Mapping[str, Any] = field(default_factory=dict)  # analog: action uuid -> distribution
    analog_voters: float | None = None  # analog: number of voters the counts stand for
    voted: tuple[str, ...] = ()  # attendee uuids in the register (named and secret)
    #: secret rounds: the émargement is over and the dépouillement (papers entered with no
    #: voter) under way; always False once the round is closed. This and ``signed_voices``
    #: are the working state of the urn, not what the round recorded: left out of
    #: comparisons, of the canonical form and of export files
    urn_closed: bool = field(default=False, compare=False)
    #: secret rounds: the weights of the papers the signed voters drop, sorted (a multiset:
    #: one per voice, proxies included; it says nothing of who dropped which)
    signed_voices: tuple[float, ...] = field(default=(), compare=False)
    #: attendance frozen when the round closed: members physically present and members
    #: represented by a counted proxy (None while open, and for rounds closed before the
    #: French rules: their quorum was one of votes cast)
    present_members: float | None = None
    represented_members: float | None = None

    def with_ballots(self, ballots: Sequence[BallotRecord], voter_uuid: str) -> RoundRecord:
        """This round with ``ballots`` cast by ``voter_uuid`` added, in the order the store
        loads them (named ballots by voter, secret ones by their random uuid), so that a view
        that recorded a ballot need not load the round again."""
        merged = sorted((*self.ballots, *ballots), key=lambda b: (b.attendee_uuid or "", b.uuid))
        return replace(self, ballots=tuple(merged), voted=tuple(sorted({*self.voted, voter_uuid})))


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    uuid: str
    action_uuid: str
    decision: DecisionKind
    rationale: str = ""
    decided_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CommentRecord:
    uuid: str
    text: str
    action_uuid: str | None = None
    orientation_uuid: str | None = None
    author: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ProposedAction:
    uuid: str
    objective_uuid: str
    title: str
    kind: str = "complementary"
    proposer: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WorkshopSummary:
    uuid: str
    title: str
    starts_at: datetime | None
    place: str
    status: WorkshopStatus
    plan_uuid: str
    attendees: int = 0
    rounds: int = 0


@dataclass(frozen=True, slots=True)
class Workshop:
    """Everything recorded for one workshop."""

    uuid: str
    plan_uuid: str
    title: str
    starts_at: datetime | None = None
    place: str = ""
    communes: tuple[str, ...] = ()
    facilitators: str = ""
    default_method: Method = Method.MAJORITY_JUDGMENT
    default_mode: RoundMode = RoundMode.NAMED
    proxy_limit: int = 1
    quorum: float = 0
    status: WorkshopStatus = WorkshopStatus.PREPARATION
    closed_at: datetime | None = None
    fingerprint: str | None = None
    scope: tuple[str, ...] = ()  # orientation uuids, in workshop order
    attendees: tuple[Attendee, ...] = ()
    proxies: tuple[Proxy, ...] = ()
    rounds: tuple[RoundRecord, ...] = ()
    decisions: tuple[DecisionRecord, ...] = ()
    comments: tuple[CommentRecord, ...] = ()
    proposals: tuple[ProposedAction, ...] = ()
    created_at: datetime | None = None
    #: attendee uuid of the chair (président(e) de séance); None = no chair named
    chair: str | None = None
    #: what the quorum is compared with: "present" (CGCT L2121-17, the default for new
    #: workshops) or "present_and_represented" (workshops recorded before the French rules)
    quorum_basis: str = "present"

    @property
    def is_closed(self) -> bool:
        return self.status is WorkshopStatus.CLOSED

    def attendee(self, uuid: str) -> Attendee | None:
        return next((a for a in self.attendees if a.uuid == uuid), None)

    def round(self, uuid: str) -> RoundRecord | None:
        return next((r for r in self.rounds if r.uuid == uuid), None)

    def with_rounds(self, rounds: Iterable[RoundRecord]) -> Workshop:
        """This workshop with ``rounds`` in place of its rounds (in round-number order): a
        view splices in the rounds it loaded again instead of loading the whole workshop."""
        return replace(self, rounds=tuple(sorted(rounds, key=lambda r: r.number)))


# --------------------------------------------------------------------------- attendance


@dataclass(frozen=True, slots=True)
class Voice:
    """A present attendee and the weight they vote with (own weight + proxies held)."""

    attendee_uuid: str
    own_weight: float
    proxy_weights: tuple[float, ...]

    @property
    def weight(self) -> float:
        return self.own_weight + sum(self.proxy_weights)


#: Quorum bases a workshop can have (the rounds may also use "votes_cast", see
#: ``domain.voting.QUORUM_BASES``).
WORKSHOP_QUORUM_BASES: tuple[str, ...] = ("present", "present_and_represented")

#: The quorum basis of workshops recorded before the French rules (the attendance summary
#: counted the members present and represented): absent from files and canonical forms.
LEGACY_QUORUM_BASIS = "present_and_represented"


@dataclass(frozen=True, slots=True)
class AttendanceSummary:
    invited: int
    present: int
    excused: int
    absent: int
    expected: int
    proxies: int
    voters: int  # present + represented
    voting_weight: float
    quorum: float
    quorum_reached: bool
    #: what the quorum was compared with ("present" or "present_and_represented")
    quorum_basis: str = LEGACY_QUORUM_BASIS
    #: the figure compared with the quorum (members present, or present + represented)
    quorum_count: int = 0


def voices(attendees: Sequence[Attendee], proxies: Sequence[Proxy]) -> dict[str, Voice]:
    """Voting weight of each present attendee, proxies included.

    A proxy counts only while its holder is present and its giver is not; proxies that do
    not count are ignored here (the services refuse to create them in the first place).
    """
    by_uuid = {a.uuid: a for a in attendees}
    held: dict[str, list[float]] = {}
    for proxy in proxies:
        giver = by_uuid.get(proxy.giver_uuid)
        holder = by_uuid.get(proxy.holder_uuid)
        if giver is None or holder is None or holder.status is not AttendanceStatus.PRESENT:
            continue
        if giver.status is AttendanceStatus.PRESENT:
            continue
        held.setdefault(holder.uuid, []).append(giver.vote_weight)
    return {
        a.uuid: Voice(a.uuid, a.vote_weight, tuple(held.get(a.uuid, ())))
        for a in attendees
        if a.status is AttendanceStatus.PRESENT
    }


def attendance_summary(
    attendees: Sequence[Attendee], proxies: Sequence[Proxy], quorum: float, quorum_basis: str = LEGACY_QUORUM_BASIS,
) -> AttendanceSummary:
    """Who is there, and whether the quorum is reached under ``quorum_basis``:

    * ``"present"``: only the members physically present count (CGCT art. L2121-17: « le
      conseil municipal ne délibère valablement que lorsque la majorité de ses membres en
      exercice est présente »; proxies do not count toward the quorum);
    * ``"present_and_represented"``: members present plus members represented by a counted
      proxy (by-laws that say so; the rule before the French rules, hence the default for
      callers that do not say which).
    """
    if quorum_basis not in WORKSHOP_QUORUM_BASES:
        raise ValueError(f"quorum_basis must be one of {WORKSHOP_QUORUM_BASES}, got {quorum_basis!r}")
    counted = voices(attendees, proxies)
    statuses = [a.status for a in attendees]
    represented = sum(len(v.proxy_weights) for v in counted.values())
    present = statuses.count(AttendanceStatus.PRESENT)
    count = present if quorum_basis == "present" else present + represented
    return AttendanceSummary(
        invited=len(attendees),
        present=present,
        excused=statuses.count(AttendanceStatus.EXCUSED),
        absent=statuses.count(AttendanceStatus.ABSENT),
        expected=statuses.count(AttendanceStatus.EXPECTED),
        proxies=represented,
        voters=present + represented,
        voting_weight=sum(v.weight for v in counted.values()),
        quorum=quorum,
        quorum_reached=count >= quorum,
        quorum_basis=quorum_basis,
        quorum_count=count,
    )


def attendance_figures(attendees: Sequence[Attendee], proxies: Sequence[Proxy]) -> tuple[int, int]:
    """(members physically present, members represented by a counted proxy): the figures a
    round's quorum is compared with (``domain.voting.tally``'s ``present`` / ``represented``)
    and that are frozen on the round when it closes."""
    counted = voices(attendees, proxies)
    return len(counted), sum(len(v.proxy_weights) for v in counted.values())


# --------------------------------------------------------------------------- fingerprint


def json_values(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): json_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_values(v) for v in value]
    return value


#: Workshop fields added with the French rules, left out of the canonical form at the value
#: that reproduces what was recorded before them (so older fingerprints still verify).
_CANONICAL_OMITTED_WORKSHOP = {"chair": None, "quorum_basis": LEGACY_QUORUM_BASIS}
_CANONICAL_OMITTED_ROUND = {"present_members": None, "represented_members": None}


def canonical_round_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """A round configuration (``method`` included), as JSON values, in its canonical form:
    the majority under its format-1 code (``simple``, ``absolute``, ``two_thirds``; the
    new rules ``relative`` and ``unanimity`` as themselves) and each key added with the
    French rules left out at its legacy default (see ``domain.voting.canonical_config``)."""
    return json_values(canonical_config(RoundConfig(**config)))


def canonical_content(workshop: Workshop) -> dict[str, Any]:
    """The workshop as plain JSON values, without the fields that closing itself sets.

    Stable across versions: what a workshop closed before the French rules holds gives the
    same form as it gave then (``chair`` left out when None, ``quorum_basis`` when it is the
    legacy ``present_and_represented``, a round's ``present_members`` /
    ``represented_members`` when None, its configuration as :func:`canonical_round_config`).
    The rules are written down in docs/exchange-format.md."""
    content = json_values(asdict(workshop))
    for key in ("fingerprint", "status", "closed_at"):
        content.pop(key, None)
    for key, legacy in _CANONICAL_OMITTED_WORKSHOP.items():
        if content.get(key) == legacy:
            del content[key]
    # Secret-round ballots and register entries are sets: sort them for a stable form.
    for round_, record in zip(content["rounds"], workshop.rounds):
        # the state of the urn is a working state, not part of what was recorded
        round_.pop("urn_closed", None)
        round_.pop("signed_voices", None)
        for key, legacy in _CANONICAL_OMITTED_ROUND.items():
            if round_.get(key) == legacy:
                del round_[key]
        round_["config"] = json_values(canonical_config(record.config))
        round_["ballots"] = sorted(round_["ballots"], key=lambda b: b["uuid"])
        round_["voted"] = sorted(round_["voted"])
    return content


def fingerprint(workshop: Workshop) -> str:
    """SHA-256 of the canonical JSON serialisation (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(canonical_content(workshop), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
