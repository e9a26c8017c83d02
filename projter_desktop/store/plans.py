"""Plan repository: stores and loads whole territorial plans as domain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from projter_desktop.domain.plan import (
    Action,
    ActionKind,
    Axis,
    Objective,
    Orientation,
    PlanInfo,
    TerritorialPlan,
)
from projter_desktop.store.models import (
    ActionRow,
    AxisRow,
    ObjectiveRow,
    OrientationRow,
    PlanRow,
)


@dataclass(frozen=True, slots=True)
class PlanSummary:
    uuid: str
    name: str
    version_label: str
    actions: int


def list_plans(session: Session) -> list[PlanSummary]:
    counts = dict(
        session.execute(
            select(AxisRow.plan_id, func.count(ActionRow.id))
            .join(OrientationRow, OrientationRow.axis_id == AxisRow.id)
            .join(ObjectiveRow, ObjectiveRow.orientation_id == OrientationRow.id)
            .join(ActionRow, ActionRow.objective_id == ObjectiveRow.id)
            .group_by(AxisRow.plan_id)
        ).all()
    )
    rows = session.scalars(select(PlanRow).order_by(PlanRow.created_at, PlanRow.id)).all()
    return [PlanSummary(r.uuid, r.name, r.version_label, counts.get(r.id, 0)) for r in rows]


def plan_exists(session: Session, plan_uuid: str) -> bool:
    return session.scalar(select(PlanRow.id).where(PlanRow.uuid == plan_uuid)) is not None


def existing_uuids(session: Session, uuids: set[str]) -> set[str]:
    """Which of ``uuids`` already name an axis, orientation, objective or action."""
    found: set[str] = set()
    chunk = list(uuids)
    for model in (AxisRow, OrientationRow, ObjectiveRow, ActionRow):
        for start in range(0, len(chunk), 500):
            part = chunk[start : start + 500]
            found.update(session.scalars(select(model.uuid).where(model.uuid.in_(part))))
    return found


def add_plan(session: Session, plan: TerritorialPlan) -> None:
    row = PlanRow(
        uuid=plan.info.uuid,
        name=plan.info.name,
        version_label=plan.info.version_label,
        source=plan.info.source,
    )
    for a_pos, axis in enumerate(plan.axes):
        axis_row = AxisRow(uuid=axis.uuid, position=a_pos, code=axis.code, title=axis.title, alt_title=axis.alt_title)
        row.axes.append(axis_row)
        for o_pos, orientation in enumerate(axis.orientations):
            orientation_row = OrientationRow(
                uuid=orientation.uuid,
                position=o_pos,
                code=orientation.code,
                title=orientation.title,
                alt_title=orientation.alt_title,
            )
            axis_row.orientations.append(orientation_row)
            for b_pos, objective in enumerate(orientation.objectives):
                objective_row = ObjectiveRow(
                    uuid=objective.uuid,
                    position=b_pos,
                    code=objective.code,
                    title=objective.title,
                    alt_title=objective.alt_title,
                )
                orientation_row.objectives.append(objective_row)
                for c_pos, action in enumerate(objective.actions):
                    objective_row.actions.append(
                        ActionRow(
                            uuid=action.uuid,
                            position=c_pos,
                            code=action.code,
                            kind=action.kind.value,
                            title=action.title,
                        )
                    )
    session.add(row)
    session.flush()


def load_plan(session: Session, plan_uuid: str) -> TerritorialPlan | None:
    row = session.scalar(
        select(PlanRow)
        .where(PlanRow.uuid == plan_uuid)
        .options(
            selectinload(PlanRow.axes)
            .selectinload(AxisRow.orientations)
            .selectinload(OrientationRow.objectives)
            .selectinload(ObjectiveRow.actions)
        )
    )
    if row is None:
        return None
    return TerritorialPlan(
        info=PlanInfo(uuid=row.uuid, name=row.name, version_label=row.version_label, source=row.source),
        axes=tuple(
            Axis(
                uuid=ax.uuid,
                code=ax.code,
                title=ax.title,
                alt_title=ax.alt_title,
                orientations=tuple(
                    Orientation(
                        uuid=o.uuid,
                        code=o.code,
                        title=o.title,
                        alt_title=o.alt_title,
                        objectives=tuple(
                            Objective(
                                uuid=b.uuid,
                                code=b.code,
                                title=b.title,
                                alt_title=b.alt_title,
                                actions=tuple(
                                    Action(uuid=c.uuid, code=c.code, kind=ActionKind(c.kind), title=c.title)
                                    for c in b.actions
                                ),
                            )
                            for b in o.objectives
                        ),
                    )
                    for o in ax.orientations
                ),
            )
            for ax in row.axes
        ),
    )


def find_plan_uuid(session: Session, ref: str) -> list[str]:
    """Plans whose uuid starts with ``ref`` or whose name or version equals it (none for a
    blank ``ref``, which would otherwise be a prefix of every uuid)."""
    if not ref.strip():
        return []
    rows = session.execute(select(PlanRow.uuid, PlanRow.name, PlanRow.version_label)).all()
    ref_folded = ref.casefold()
    exact = [u for u, n, v in rows if u == ref or n.casefold() == ref_folded or f"{n} {v}".casefold() == ref_folded]
    if exact:
        return exact
    return [u for u, _n, _v in rows if u.startswith(ref)]
