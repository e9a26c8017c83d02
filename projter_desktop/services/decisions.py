"""The facilitator's decisions, comments and proposed actions of a workshop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from projter_desktop.domain.plan import ActionKind
from projter_desktop.domain.workshop import CommentRecord, DecisionKind, DecisionRecord, ProposedAction
from projter_desktop.services.changes import Changes, Result
from projter_desktop.services.errors import NotFoundError, UserError
from projter_desktop.services.workshops import get_workshop, now, writable_workshop
from projter_desktop.store import workshops as repo
from projter_desktop.store.database import Database
from projter_desktop.store.models import (
    ActionRow,
    AxisRow,
    CommentRow,
    DecisionRow,
    ObjectiveRow,
    OrientationRow,
    ProposalRow,
    WorkshopRow,
)

MAX_TEXT = 4000


def _changed(workshop_uuid: str, action_uuid: str | None = None) -> Changes:
    """The decision or comments of one action, or (no action) the proposals and
    orientation comments of the workshop."""
    if action_uuid:
        return Changes(workshop_uuids=frozenset({workshop_uuid}), actions=frozenset({action_uuid}))
    return Changes(workshop_uuids=frozenset({workshop_uuid}), notes=True)


def _text(value: str, what: str, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise UserError(f"{what} est vide.")
    if len(text) > MAX_TEXT:
        raise UserError(f"{what} est trop long ({len(text)} caractères, maximum {MAX_TEXT}).")
    return text


def _plan_action(session, workshop: WorkshopRow, action_uuid: str) -> ActionRow:  # type: ignore[no-untyped-def]
    action = session.scalar(
        select(ActionRow).join(ObjectiveRow, ObjectiveRow.id == ActionRow.objective_id)
        .join(OrientationRow, OrientationRow.id == ObjectiveRow.orientation_id)
        .join(AxisRow, AxisRow.id == OrientationRow.axis_id)
        .where(ActionRow.uuid == action_uuid, AxisRow.plan_id == workshop.plan_id))
    if action is None:
        raise NotFoundError("Cette action n'appartient pas au plan de l'atelier.")
    return action


@dataclass(frozen=True)
class DecisionChange:
    """What :func:`set_decision` replaced, so that it can be undone."""

    workshop_uuid: str
    action_uuid: str
    previous: DecisionRecord | None
    current: DecisionRecord | None

    @property
    def changes(self) -> Changes:
        return _changed(self.workshop_uuid, self.action_uuid)


def set_decision(
    db: Database, workshop_uuid: str, action_uuid: str, decision: DecisionKind | None, rationale: str = "",
    *, at: datetime | None = None,
) -> DecisionChange:
    """Record (or clear, with None) the facilitator's decision on an action (decided ``at``,
    now by default)."""
    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid)
        action = _plan_action(session, workshop, action_uuid)
        row = session.scalar(select(DecisionRow).where(DecisionRow.workshop_id == workshop.id, DecisionRow.action_id == action.id))
        previous = None if row is None else DecisionRecord(row.uuid, action_uuid, DecisionKind(row.decision), row.rationale, row.decided_at)
        current = None
        if decision is None:
            if row is not None:
                session.delete(row)
        else:
            text = _text(rationale, "La justification", required=False)
            if row is None:
                row = DecisionRow(workshop_id=workshop.id, action_id=action.id)
                session.add(row)
            row.decision = DecisionKind(decision).value
            row.rationale = text
            row.decided_at = at or now()
            session.flush()
            current = DecisionRecord(row.uuid, action_uuid, DecisionKind(row.decision), row.rationale, row.decided_at)
    return DecisionChange(workshop_uuid, action_uuid, previous, current)


def restore_decision(db: Database, change: DecisionChange) -> Changes:
    """Put back the decision that ``change`` replaced (undo)."""
    previous = change.previous
    return set_decision(db, change.workshop_uuid, change.action_uuid,
                 previous.decision if previous else None, previous.rationale if previous else "").changes


def add_comment(
    db: Database, workshop_uuid: str, text: str, *, action_uuid: str | None = None,
    orientation_uuid: str | None = None, author: str = "", uuid: str | None = None, at: datetime | None = None,
) -> Result[CommentRecord]:
    """A comment written ``at`` (now by default)."""
    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid)
        row = CommentRow(workshop_id=workshop.id, text=_text(text, "Le commentaire"), author=author.strip()[:200])
        if at is not None:
            row.created_at = at
        if uuid:
            row.uuid = uuid
        if action_uuid:
            row.action_id = _plan_action(session, workshop, action_uuid).id
        if orientation_uuid:
            orientation = repo.by_uuid(session, OrientationRow, orientation_uuid)
            if orientation is None:
                raise NotFoundError("Orientation inconnue.")
            row.orientation_id = orientation.id
        session.add(row)
        session.flush()
        record = CommentRecord(row.uuid, row.text, action_uuid, orientation_uuid, row.author, row.created_at)
    return Result(record, _changed(workshop_uuid, action_uuid))


def delete_comment(db: Database, comment_uuid: str) -> Changes:
    with db.transaction() as session:
        row = repo.by_uuid(session, CommentRow, comment_uuid)
        if row is None:
            raise NotFoundError("Ce commentaire n'existe plus.")
        workshop = session.get(WorkshopRow, row.workshop_id)
        writable_workshop(session, workshop.uuid)
        action_uuid = session.scalar(select(ActionRow.uuid).where(ActionRow.id == row.action_id)) if row.action_id else None
        session.delete(row)
        workshop_uuid = workshop.uuid
    return _changed(workshop_uuid, action_uuid)


def propose_action(
    db: Database, workshop_uuid: str, objective_uuid: str, title: str, *,
    kind: ActionKind = ActionKind.COMPLEMENTARY, proposer: str = "", uuid: str | None = None,
    at: datetime | None = None,
) -> Result[ProposedAction]:
    """A new action proposed during the workshop (``at``, now by default), attached to an
    objective of the plan."""
    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid)
        objective = session.scalar(
            select(ObjectiveRow).join(OrientationRow, OrientationRow.id == ObjectiveRow.orientation_id)
            .join(AxisRow, AxisRow.id == OrientationRow.axis_id)
            .where(ObjectiveRow.uuid == objective_uuid, AxisRow.plan_id == workshop.plan_id))
        if objective is None:
            raise NotFoundError("Cet objectif n'appartient pas au plan de l'atelier.")
        row = ProposalRow(workshop_id=workshop.id, objective_id=objective.id, title=_text(title, "La proposition"),
                          kind=ActionKind(kind).value, proposer=proposer.strip()[:200])
        if at is not None:
            row.created_at = at
        if uuid:
            row.uuid = uuid
        session.add(row)
        session.flush()
        record = ProposedAction(row.uuid, objective_uuid, row.title, row.kind, row.proposer, row.created_at)
    return Result(record, _changed(workshop_uuid))


def delete_proposal(db: Database, proposal_uuid: str) -> Changes:
    with db.transaction() as session:
        row = repo.by_uuid(session, ProposalRow, proposal_uuid)
        if row is None:
            raise NotFoundError("Cette proposition n'existe plus.")
        workshop = session.get(WorkshopRow, row.workshop_id)
        writable_workshop(session, workshop.uuid)
        session.delete(row)
        workshop_uuid = workshop.uuid
    return _changed(workshop_uuid)


def decisions_by_action(db: Database, workshop_uuid: str) -> dict[str, DecisionRecord]:
    return {d.action_uuid: d for d in get_workshop(db, workshop_uuid).decisions}
