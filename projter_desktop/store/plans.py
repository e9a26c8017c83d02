"""Plan repository: stores and loads whole territorial plans as domain dataclasses.

The reads are SQLAlchemy Core statements on light descriptions of the plan tables (the
names of ``models.py``; a test keeps them in step): they run on a Session or a plain
Connection, and need neither the ORM nor its mapper configuration, so the GUI shows the
plan at start-up without importing them. Only :func:`add_plan` writes ORM rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import column, func, select, table

from projter_desktop.domain.plan import (
    Action,
    ActionKind,
    Axis,
    Objective,
    Orientation,
    PlanInfo,
    TerritorialPlan,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

PLAN = table("plan", column("id"), column("uuid"), column("name"), column("version_label"), column("source"),
             column("created_at"))
AXIS = table("axis", column("id"), column("uuid"), column("plan_id"), column("position"), column("code"),
             column("title"), column("alt_title"))
ORIENTATION = table("orientation", column("id"), column("uuid"), column("axis_id"), column("position"),
                    column("code"), column("title"), column("alt_title"))
OBJECTIVE = table("objective", column("id"), column("uuid"), column("orientation_id"), column("position"),
                  column("code"), column("title"), column("alt_title"))
ACTION = table("action", column("id"), column("uuid"), column("objective_id"), column("position"), column("code"),
               column("kind"), column("title"))


@dataclass(frozen=True, slots=True)
class PlanSummary:
    uuid: str
    name: str
    version_label: str
    actions: int


def list_plans(session: Session | Connection) -> list[PlanSummary]:
    counts = dict(
        session.execute(
            select(AXIS.c.plan_id, func.count(ACTION.c.id))
            .select_from(AXIS.join(ORIENTATION, ORIENTATION.c.axis_id == AXIS.c.id)
                         .join(OBJECTIVE, OBJECTIVE.c.orientation_id == ORIENTATION.c.id)
                         .join(ACTION, ACTION.c.objective_id == OBJECTIVE.c.id))
            .group_by(AXIS.c.plan_id)
        ).all()
    )
    rows = session.execute(
        select(PLAN.c.id, PLAN.c.uuid, PLAN.c.name, PLAN.c.version_label).order_by(PLAN.c.created_at, PLAN.c.id)
    ).all()
    return [PlanSummary(r.uuid, r.name, r.version_label, counts.get(r.id, 0)) for r in rows]


def plan_exists(session: Session | Connection, plan_uuid: str) -> bool:
    return session.execute(select(PLAN.c.id).where(PLAN.c.uuid == plan_uuid)).first() is not None


def existing_uuids(session: Session | Connection, uuids: set[str]) -> set[str]:
    """Which of ``uuids`` already name an axis, orientation, objective or action."""
    found: set[str] = set()
    chunk = list(uuids)
    for node_table in (AXIS, ORIENTATION, OBJECTIVE, ACTION):
        for start in range(0, len(chunk), 500):
            part = chunk[start : start + 500]
            found.update(session.execute(select(node_table.c.uuid).where(node_table.c.uuid.in_(part))).scalars())
    return found


def add_plan(session: Session, plan: TerritorialPlan) -> None:
    from projter_desktop.store.models import (
        ActionRow,
        AxisRow,
        ObjectiveRow,
        OrientationRow,
        PlanRow,
    )

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


def load_plan(session: Session | Connection, plan_uuid: str) -> TerritorialPlan | None:
    plan = session.execute(
        select(PLAN.c.id, PLAN.c.uuid, PLAN.c.name, PLAN.c.version_label, PLAN.c.source).where(PLAN.c.uuid == plan_uuid)
    ).first()
    if plan is None:
        return None
    # one statement per level, children grouped by parent in the order of their position
    # (as the relationships' order_by): five statements, as the ORM's selectin loading
    axes = session.execute(
        select(AXIS.c.id, AXIS.c.uuid, AXIS.c.code, AXIS.c.title, AXIS.c.alt_title)
        .where(AXIS.c.plan_id == plan.id).order_by(AXIS.c.position, AXIS.c.id)
    ).all()
    orientations = _children(session, ORIENTATION, ORIENTATION.c.axis_id, [a.id for a in axes])
    objectives = _children(session, OBJECTIVE, OBJECTIVE.c.orientation_id,
                           [o.id for rows in orientations.values() for o in rows])
    actions = _children(session, ACTION, ACTION.c.objective_id, [b.id for rows in objectives.values() for b in rows])
    return TerritorialPlan(
        info=PlanInfo(uuid=plan.uuid, name=plan.name, version_label=plan.version_label, source=plan.source),
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
                                    for c in actions.get(b.id, ())
                                ),
                            )
                            for b in objectives.get(o.id, ())
                        ),
                    )
                    for o in orientations.get(ax.id, ())
                ),
            )
            for ax in axes
        ),
    )


def _children(session: Session | Connection, node_table, parent_column, parent_ids: list[int]) -> dict[int, list]:  # type: ignore[no-untyped-def]
    """The rows of ``node_table`` whose ``parent_column`` is one of ``parent_ids``, by
    parent id, each list in the order of the rows' position."""
    children: dict[int, list] = defaultdict(list)
    for start in range(0, len(parent_ids), 500):
        part = parent_ids[start : start + 500]
        rows = session.execute(
            select(node_table, parent_column.label("parent_id")).where(parent_column.in_(part))
            .order_by(parent_column, node_table.c.position, node_table.c.id)
        )
        for row in rows:
            children[row.parent_id].append(row)
    return children


def find_plan_uuid(session: Session | Connection, ref: str) -> list[str]:
    """Plans whose uuid starts with ``ref`` or whose name or version equals it (none for a
    blank ``ref``, which would otherwise be a prefix of every uuid)."""
    if not ref.strip():
        return []
    rows = session.execute(select(PLAN.c.uuid, PLAN.c.name, PLAN.c.version_label)).all()
    ref_folded = ref.casefold()
    exact = [u for u, n, v in rows if u == ref or n.casefold() == ref_folded or f"{n} {v}".casefold() == ref_folded]
    if exact:
        return exact
    return [u for u, _n, _v in rows if u.startswith(ref)]
