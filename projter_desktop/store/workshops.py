"""Workshop repository: lookups of rows by uuid and loading whole workshops as dataclasses."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from projter_desktop.domain.voting import Method, RoundConfig
from projter_desktop.domain.workshop import (
    Attendee,
    AttendanceStatus,
    BallotRecord,
    CommentRecord,
    DecisionKind,
    DecisionRecord,
    ProposedAction,
    Proxy,
    RoundMode,
    RoundRecord,
    RoundStatus,
    Workshop,
    WorkshopStatus,
    WorkshopSummary,
)
from projter_desktop.store import ballots as ballot_store
from projter_desktop.store.models import (
    ActionRow,
    AttendeeRow,
    Base,
    BallotRow,
    CommentRow,
    CountRow,
    DecisionRow,
    MarkRow,
    ObjectiveRow,
    OrientationRow,
    ParticipantRow,
    PlanRow,
    ProposalRow,
    ProxyRow,
    RegisterRow,
    RoundActionRow,
    RoundRow,
    ScopeRow,
    WorkshopRow,
)

RowT = TypeVar("RowT", bound=Base)


def by_uuid(session: Session, model: type[RowT], uuid: str) -> RowT | None:
    return session.scalar(select(model).where(model.uuid == uuid))  # type: ignore[attr-defined]


def ids_for_uuids(session: Session, model: type[Base], uuids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for start in range(0, len(uuids), 500):
        part = uuids[start : start + 500]
        out.update(session.execute(select(model.uuid, model.id).where(model.uuid.in_(part))).all())  # type: ignore[attr-defined]
    return out


def find_workshop_uuids(session: Session, ref: str) -> list[str]:
    exact = session.scalars(select(WorkshopRow.uuid).where(WorkshopRow.uuid == ref)).all()
    if exact:
        return list(exact)
    return list(session.scalars(select(WorkshopRow.uuid).where(WorkshopRow.uuid.startswith(ref))).all())


def list_workshops(session: Session) -> list[WorkshopSummary]:
    attendees = dict(session.execute(select(AttendeeRow.workshop_id, func.count()).group_by(AttendeeRow.workshop_id)).all())
    rounds = dict(session.execute(select(RoundRow.workshop_id, func.count()).group_by(RoundRow.workshop_id)).all())
    rows = session.execute(
        select(WorkshopRow, PlanRow.uuid).join(PlanRow, PlanRow.id == WorkshopRow.plan_id)
        .order_by(WorkshopRow.starts_at.desc(), WorkshopRow.created_at.desc())
    ).all()
    return [
        WorkshopSummary(
            uuid=w.uuid, title=w.title, starts_at=w.starts_at, place=w.place, status=WorkshopStatus(w.status),
            plan_uuid=plan_uuid, attendees=attendees.get(w.id, 0), rounds=rounds.get(w.id, 0),
        )
        for w, plan_uuid in rows
    ]


def _uuid_map(session: Session, model: type[Base], ids: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    id_list = list(ids)
    for start in range(0, len(id_list), 500):
        part = id_list[start : start + 500]
        out.update(session.execute(select(model.id, model.uuid).where(model.id.in_(part))).all())  # type: ignore[attr-defined]
    return out


def round_config(method: str, options: str | dict[str, Any]) -> RoundConfig:
    values = json.loads(options) if isinstance(options, str) else dict(options)
    return RoundConfig(method=Method(method), **values)


def config_options(config: RoundConfig) -> dict[str, Any]:
    """RoundConfig without its method, for the JSON column."""
    from dataclasses import asdict

    values = asdict(config)
    values.pop("method")
    return values


def load_attendance(session: Session, workshop_id: int) -> tuple[tuple[Attendee, ...], tuple[Proxy, ...]]:
    """The attendees (uuid, weight, status) and proxies of a workshop, enough for
    ``domain.workshop.voices`` and ``attendance_figures`` (names and times left out)."""
    rows = session.execute(select(AttendeeRow.id, AttendeeRow.uuid, AttendeeRow.vote_weight, AttendeeRow.status)
                           .where(AttendeeRow.workshop_id == workshop_id)).all()
    uuid_of = {row.id: row.uuid for row in rows}
    attendees = tuple(Attendee(uuid=r.uuid, participant_uuid="", name="", vote_weight=r.vote_weight,
                               status=AttendanceStatus(r.status)) for r in rows)
    proxies = tuple(
        Proxy(uuid=p.uuid, giver_uuid=uuid_of[p.giver_id], holder_uuid=uuid_of[p.holder_id])
        for p in session.execute(select(ProxyRow.uuid, ProxyRow.giver_id, ProxyRow.holder_id)
                                 .where(ProxyRow.workshop_id == workshop_id)).all()
    )
    return attendees, proxies


def load_workshop(session: Session, uuid: str) -> Workshop | None:
    w = by_uuid(session, WorkshopRow, uuid)
    if w is None:
        return None
    plan_uuid = session.scalar(select(PlanRow.uuid).where(PlanRow.id == w.plan_id))
    scope = session.execute(
        select(OrientationRow.uuid).join(ScopeRow, ScopeRow.orientation_id == OrientationRow.id)
        .where(ScopeRow.workshop_id == w.id).order_by(ScopeRow.position)
    ).scalars().all()
    attendee_rows = session.scalars(
        select(AttendeeRow).where(AttendeeRow.workshop_id == w.id).order_by(AttendeeRow.position, AttendeeRow.id)
    ).all()
    attendee_uuid = {a.id: a.uuid for a in attendee_rows}
    participant_uuid = _uuid_map(session, ParticipantRow, {a.participant_id for a in attendee_rows})
    attendees = tuple(
        Attendee(
            uuid=a.uuid, participant_uuid=participant_uuid.get(a.participant_id, ""), name=a.name, role=a.role,
            commune=a.commune, vote_weight=a.vote_weight, status=AttendanceStatus(a.status),
            arrived_at=a.arrived_at, left_at=a.left_at,
        )
        for a in attendee_rows
    )
    proxies = tuple(
        Proxy(uuid=p.uuid, giver_uuid=attendee_uuid[p.giver_id], holder_uuid=attendee_uuid[p.holder_id])
        for p in session.scalars(select(ProxyRow).where(ProxyRow.workshop_id == w.id).order_by(ProxyRow.id))
    )
    round_rows = session.scalars(select(RoundRow).where(RoundRow.workshop_id == w.id).order_by(RoundRow.number)).all()
    rounds = _round_records(session, round_rows, attendee_uuid)
    decision_rows = session.scalars(select(DecisionRow).where(DecisionRow.workshop_id == w.id).order_by(DecisionRow.id)).all()
    comment_rows = session.scalars(select(CommentRow).where(CommentRow.workshop_id == w.id).order_by(CommentRow.created_at, CommentRow.id)).all()
    proposal_rows = session.scalars(select(ProposalRow).where(ProposalRow.workshop_id == w.id).order_by(ProposalRow.created_at, ProposalRow.id)).all()
    action_uuid = _uuid_map(session, ActionRow, {d.action_id for d in decision_rows}
                            | {c.action_id for c in comment_rows if c.action_id})
    orientation_uuid = _uuid_map(session, OrientationRow, {c.orientation_id for c in comment_rows if c.orientation_id})
    objective_uuid = _uuid_map(session, ObjectiveRow, {p.objective_id for p in proposal_rows})

    return Workshop(
        uuid=w.uuid, plan_uuid=plan_uuid or "", title=w.title, starts_at=w.starts_at, place=w.place,
        communes=tuple(json.loads(w.communes or "[]")), facilitators=w.facilitators,
        default_method=Method(w.default_method), default_mode=RoundMode(w.default_mode),
        proxy_limit=w.proxy_limit, quorum=w.quorum, status=WorkshopStatus(w.status), closed_at=w.closed_at,
        fingerprint=w.fingerprint, scope=tuple(scope), attendees=attendees, proxies=proxies, rounds=rounds,
        decisions=tuple(
            DecisionRecord(uuid=d.uuid, action_uuid=action_uuid[d.action_id], decision=DecisionKind(d.decision),
                           rationale=d.rationale, decided_at=d.decided_at)
            for d in decision_rows
        ),
        comments=tuple(
            CommentRecord(uuid=c.uuid, text=c.text, action_uuid=action_uuid.get(c.action_id) if c.action_id else None,
                          orientation_uuid=orientation_uuid.get(c.orientation_id) if c.orientation_id else None,
                          author=c.author, created_at=c.created_at)
            for c in comment_rows
        ),
        proposals=tuple(
            ProposedAction(uuid=p.uuid, objective_uuid=objective_uuid[p.objective_id], title=p.title, kind=p.kind,
                           proposer=p.proposer, created_at=p.created_at)
            for p in proposal_rows
        ),
        created_at=w.created_at, chair=w.chair_uuid, quorum_basis=w.quorum_basis,
    )


def load_round(session: Session, round_uuid: str) -> tuple[str, RoundRecord] | None:
    """(workshop uuid, round) for one round, with its ballots, counts and register: the
    queries of :func:`load_workshop` restricted to that round (a few ms, whatever the
    number of ballots of the other rounds)."""
    row = session.scalar(select(RoundRow).where(RoundRow.uuid == round_uuid))
    if row is None:
        return None
    workshop_uuid = session.scalar(select(WorkshopRow.uuid).where(WorkshopRow.id == row.workshop_id))
    attendee_uuid = dict(session.execute(
        select(AttendeeRow.id, AttendeeRow.uuid).where(AttendeeRow.workshop_id == row.workshop_id)).all())
    (record,) = _round_records(session, [row], attendee_uuid)
    return workshop_uuid or "", record


def _round_records(session: Session, round_rows: Sequence[RoundRow], attendee_uuid: Mapping[int, str]) -> tuple[RoundRecord, ...]:
    """The rounds of ``round_rows`` as records (ballots, counts, register)."""
    round_ids = [r.id for r in round_rows]
    if not round_ids:
        return ()
    action_ids: set[int] = set()
    round_actions: dict[int, list[int]] = defaultdict(list)
    # Core rows (tuples), not ORM objects: this runs after every ballot for the round shown
    for round_id, action_id in session.execute(
            select(RoundActionRow.round_id, RoundActionRow.action_id).where(RoundActionRow.round_id.in_(round_ids))
            .order_by(RoundActionRow.position)):
        round_actions[round_id].append(action_id)
        action_ids.add(action_id)
    ballots: dict[int, list[tuple[Any, dict[int, Any]]]] = defaultdict(list)
    ballot_rows = session.execute(
        select(BallotRow.id, BallotRow.round_id, BallotRow.uuid, BallotRow.attendee_id, BallotRow.weight)
        .where(BallotRow.round_id.in_(round_ids))).all()
    marks: dict[int, dict[int, Any]] = defaultdict(dict)
    decode = ballot_store.mark_decoder()  # a few distinct values (grades, yes/no…) decoded once each
    if ballot_rows:
        for ballot_id, action_id, value in session.execute(
            select(MarkRow.ballot_id, MarkRow.action_id, MarkRow.value)
            .join(BallotRow, BallotRow.id == MarkRow.ballot_id)
            .where(BallotRow.round_id.in_(round_ids))
        ).all():
            marks[ballot_id][action_id] = decode(value)
            action_ids.add(action_id)
    for b in ballot_rows:
        ballots[b.round_id].append((b, marks.get(b.id, {})))
    counts: dict[int, dict[int, Any]] = defaultdict(dict)
    for round_id, action_id, distribution in session.execute(
            select(CountRow.round_id, CountRow.action_id, CountRow.distribution).where(CountRow.round_id.in_(round_ids))):
        counts[round_id][action_id] = json.loads(distribution)
        action_ids.add(action_id)
    register: dict[int, list[str]] = defaultdict(list)
    signed: dict[int, list[float]] = defaultdict(list)
    for round_id, attendee_id, voices in session.execute(
        select(RegisterRow.round_id, RegisterRow.attendee_id, RegisterRow.voices).where(RegisterRow.round_id.in_(round_ids))
    ).all():
        register[round_id].append(attendee_uuid[attendee_id])
        if voices:
            signed[round_id].extend(json.loads(voices))
    action_uuid = _uuid_map(session, ActionRow, action_ids)
    orientation_uuid = _uuid_map(session, OrientationRow, {r.orientation_id for r in round_rows})

    def ballot_order(item: tuple[Any, dict[int, Any]]) -> tuple[str, str]:
        # named ballots in voter order; secret ballots by uuid (random, reveals nothing)
        b = item[0]
        return (attendee_uuid.get(b.attendee_id, "") if b.attendee_id else "", b.uuid)

    return tuple(
        RoundRecord(
            uuid=r.uuid, number=r.number, orientation_uuid=orientation_uuid[r.orientation_id], title=r.title,
            method=Method(r.method), mode=RoundMode(r.mode), config=round_config(r.method, r.config),
            action_uuids=tuple(action_uuid[a] for a in round_actions[r.id]), status=RoundStatus(r.status),
            results_hidden=r.results_hidden, opened_at=r.opened_at, closed_at=r.closed_at,
            ballots=tuple(
                BallotRecord(
                    uuid=b.uuid, attendee_uuid=attendee_uuid.get(b.attendee_id) if b.attendee_id else None,
                    weight=b.weight, marks={action_uuid[a]: v for a, v in m.items()},
                )
                for b, m in sorted(ballots[r.id], key=ballot_order)
            ),
            counts={action_uuid[a]: v for a, v in counts[r.id].items()},
            analog_voters=r.analog_voters,
            voted=tuple(sorted(register[r.id])),
            urn_closed=bool(r.urn_closed),
            signed_voices=tuple(sorted(signed[r.id])),
            present_members=r.present_members,
            represented_members=r.represented_members,
        )
        for r in round_rows
    )
