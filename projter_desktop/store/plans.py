"""Plan repository: stores and loads whole territorial plans as domain dataclasses.

The reads are plain SQL statements on the plan tables (the names of ``models.py``, also
described as light SQLAlchemy tables, :data:`PLAN` … :data:`ACTION`, that a test keeps in
step with the models): they run on a Session, a SQLAlchemy Connection or a plain
``sqlite3`` connection (:meth:`Database.read_connection`), so the GUI shows the plan at
start-up without importing SQLAlchemy at all. Only :func:`add_plan` writes ORM rows.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

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
    from sqlalchemy.orm import Session


@cache
def _light_tables() -> dict[str, Any]:
    from sqlalchemy import column, table

    return {
        "PLAN": table("plan", column("id"), column("uuid"), column("name"), column("version_label"),
                      column("source"), column("created_at")),
        "AXIS": table("axis", column("id"), column("uuid"), column("plan_id"), column("position"), column("code"),
                      column("title"), column("alt_title")),
        "ORIENTATION": table("orientation", column("id"), column("uuid"), column("axis_id"), column("position"),
                             column("code"), column("title"), column("alt_title")),
        "OBJECTIVE": table("objective", column("id"), column("uuid"), column("orientation_id"), column("position"),
                           column("code"), column("title"), column("alt_title")),
        "ACTION": table("action", column("id"), column("uuid"), column("objective_id"), column("position"),
                        column("code"), column("kind"), column("title")),
    }


def __getattr__(name: str) -> Any:
    # PLAN, AXIS, ORIENTATION, OBJECTIVE, ACTION: made (and SQLAlchemy imported) on first use
    tables = _light_tables() if name in ("PLAN", "AXIS", "ORIENTATION", "OBJECTIVE", "ACTION") else {}
    if name in tables:
        return tables[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Reader = Any  # a Session, a SQLAlchemy Connection or a sqlite3.Connection


def _rows(reader: Reader, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
    """The rows of ``sql`` (named ``:parameters``), as tuples, on any kind of reader."""
    if isinstance(reader, sqlite3.Connection):
        return reader.execute(sql, params or {}).fetchall()
    from sqlalchemy import text

    return list(reader.execute(text(sql), params or {}).all())


def _in(values: list[Any], prefix: str = "p") -> tuple[str, dict[str, Any]]:
    """``(:p0, :p1, …)`` and its parameters."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    return "(" + ", ".join(f":{n}" for n in names) + ")", dict(zip(names, values, strict=True))


@dataclass(frozen=True, slots=True)
class PlanSummary:
    uuid: str
    name: str
    version_label: str
    actions: int


def list_plans(session: Reader) -> list[PlanSummary]:
    counts = dict(_rows(
        session,
        "SELECT axis.plan_id, count(action.id) FROM axis"
        " JOIN orientation ON orientation.axis_id = axis.id"
        " JOIN objective ON objective.orientation_id = orientation.id"
        " JOIN action ON action.objective_id = objective.id"
        " GROUP BY axis.plan_id"))
    rows = _rows(session, "SELECT id, uuid, name, version_label FROM plan ORDER BY created_at, id")
    return [PlanSummary(uuid, name, version_label, counts.get(plan_id, 0)) for plan_id, uuid, name, version_label in rows]


def plan_exists(session: Reader, plan_uuid: str) -> bool:
    return bool(_rows(session, "SELECT id FROM plan WHERE uuid = :uuid LIMIT 1", {"uuid": plan_uuid}))


def existing_uuids(session: Reader, uuids: set[str]) -> set[str]:
    """Which of ``uuids`` already name an axis, orientation, objective or action."""
    found: set[str] = set()
    chunk = list(uuids)
    for node_table in ("axis", "orientation", "objective", "action"):
        for start in range(0, len(chunk), 500):
            marks, params = _in(chunk[start : start + 500])
            found.update(r[0] for r in _rows(session, f"SELECT uuid FROM {node_table} WHERE uuid IN {marks}", params))
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


def load_plan(session: Reader, plan_uuid: str) -> TerritorialPlan | None:
    found = _rows(session, "SELECT id, uuid, name, version_label, source FROM plan WHERE uuid = :uuid",
                  {"uuid": plan_uuid})
    if not found:
        return None
    plan = _PlanRow(*found[0])
    # one statement per level, children grouped by parent in the order of their position
    # (as the relationships' order_by): five statements, as the ORM's selectin loading
    axes = [_Node(*r) for r in _rows(
        session, "SELECT id, uuid, code, title, alt_title FROM axis WHERE plan_id = :plan ORDER BY position, id",
        {"plan": plan.id})]
    orientations = _children(session, "orientation", "axis_id", [a.id for a in axes])
    objectives = _children(session, "objective", "orientation_id", [o.id for rows in orientations.values() for o in rows])
    actions = _children(session, "action", "objective_id", [b.id for rows in objectives.values() for b in rows],
                        kind=True)
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


@dataclass(frozen=True, slots=True)
class _PlanRow:
    id: int
    uuid: str
    name: str
    version_label: str
    source: str


@dataclass(frozen=True, slots=True)
class _Node:
    id: int
    uuid: str
    code: str
    title: str
    alt_title: str | None = None
    kind: str | None = None


def _children(session: Reader, node_table: str, parent_column: str, parent_ids: list[int], *,
              kind: bool = False) -> dict[int, list[_Node]]:
    """The rows of ``node_table`` whose ``parent_column`` is one of ``parent_ids``, by
    parent id, each list in the order of the rows' position."""
    children: dict[int, list[_Node]] = defaultdict(list)
    columns = "id, uuid, code, title, NULL, kind" if kind else "id, uuid, code, title, alt_title"
    for start in range(0, len(parent_ids), 500):
        marks, params = _in(parent_ids[start : start + 500])
        rows = _rows(session, f"SELECT {parent_column}, {columns} FROM {node_table} WHERE {parent_column} IN {marks}"
                              f" ORDER BY {parent_column}, position, id", params)
        for parent_id, *fields in rows:
            children[parent_id].append(_Node(*fields))
    return children


def find_plan_uuid(session: Reader, ref: str) -> list[str]:
    """Plans whose uuid starts with ``ref`` or whose name or version equals it (none for a
    blank ``ref``, which would otherwise be a prefix of every uuid)."""
    if not ref.strip():
        return []
    rows = _rows(session, "SELECT uuid, name, version_label FROM plan")
    ref_folded = ref.casefold()
    exact = [u for u, n, v in rows if u == ref or n.casefold() == ref_folded or f"{n} {v}".casefold() == ref_folded]
    if exact:
        return exact
    return [u for u, _n, _v in rows if u.startswith(ref)]
