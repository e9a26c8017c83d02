"""The plan repository stores a whole plan and gives back the very same dataclasses."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from projter_desktop.domain.plan import (
    Action,
    ActionKind,
    Axis,
    Objective,
    Orientation,
    PlanInfo,
    TerritorialPlan,
)
from projter_desktop.exchange.plan_files import plan_from_document
from projter_desktop.paths import resource
from projter_desktop.store.database import Database, open_database
from projter_desktop.store.plans import add_plan, existing_uuids, find_plan_uuid, list_plans, load_plan, plan_exists


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(tmp_path / "repo.sqlite3")
    yield database
    database.close()


@pytest.fixture(scope="module")
def bundled() -> TerritorialPlan:
    path = resource("plans", "ales-2018.json")
    return plan_from_document(json.loads(path.read_text(encoding="utf-8")), label=path.name)


def _tiny(uuid_suffix: str, actions: int = 2) -> TerritorialPlan:
    def u(n: int) -> str:
        return f"00000000-0000-4000-8000-{uuid_suffix}{n:04d}"

    return TerritorialPlan(
        info=PlanInfo(uuid=u(0), name=f"Petit plan {uuid_suffix}", version_label="v1", source="essai"),
        axes=(Axis(uuid=u(1), code="1", title="Axe", orientations=(
            Orientation(uuid=u(2), code="1.1", title="Orientation", alt_title="Titre court", objectives=(
                Objective(uuid=u(3), code="1.1.a", title="Objectif", actions=tuple(
                    Action(uuid=u(10 + i), code=f"1.1.a.P{i + 1}", kind=ActionKind.PRIORITISED, title=f"Action {i + 1}")
                    for i in range(actions))),
                Objective(uuid=u(4), code="1.1.b", title="Objectif sans action"),
            )),
        )),),
    )


def test_bundled_plan_round_trip_equals_the_original(store: Database, bundled: TerritorialPlan) -> None:
    with store.transaction() as session:
        add_plan(session, bundled)
    with store.reading() as session:
        loaded = load_plan(session, bundled.info.uuid)
    assert loaded == bundled
    # equality of dataclasses covers uuids, codes, titles, alt titles, kinds and order; say
    # it explicitly for the things that matter most
    assert [a.uuid for a in loaded.actions()] == [a.uuid for a in bundled.actions()]
    assert [o.alt_title for o in loaded.orientations()] == [o.alt_title for o in bundled.orientations()]
    assert loaded.counts() == {"axes": 3, "orientations": 12, "objectives": 34, "actions": 143,
                               "prioritised": 62, "complementary": 81}


def test_round_trip_keeps_empty_objectives_and_order(store: Database) -> None:
    plan = _tiny("0001", actions=12)  # 12 > 9: order must not be alphabetical ("P10" < "P2")
    with store.transaction() as session:
        add_plan(session, plan)
    with store.reading() as session:
        loaded = load_plan(session, plan.info.uuid)
        assert load_plan(session, "00000000-0000-4000-8000-999999999999") is None
    assert loaded == plan
    assert [b.actions for b in loaded.objectives()][1] == ()
    assert [a.code for a in loaded.actions()][9:] == ["1.1.a.P10", "1.1.a.P11", "1.1.a.P12"]


def test_list_plans_counts_actions_per_plan(store: Database, bundled: TerritorialPlan) -> None:
    with store.reading() as session:
        assert list_plans(session) == []
    with store.transaction() as session:
        add_plan(session, bundled)
    with store.transaction() as session:
        add_plan(session, _tiny("0002", actions=3))
    with store.transaction() as session:
        add_plan(session, _tiny("0003", actions=0))
    with store.reading() as session:
        summaries = list_plans(session)
    assert [(s.name, s.actions) for s in summaries] == [
        (bundled.info.name, 143), ("Petit plan 0002", 3), ("Petit plan 0003", 0)]
    assert summaries[0].uuid == bundled.info.uuid
    assert summaries[0].version_label == bundled.info.version_label


def test_lookups(store: Database) -> None:
    plan = _tiny("0004")
    with store.transaction() as session:
        add_plan(session, plan)
    with store.reading() as session:
        assert plan_exists(session, plan.info.uuid)
        assert not plan_exists(session, "00000000-0000-4000-8000-000000000000")
        assert existing_uuids(session, {plan.axes[0].uuid, "nope"}) == {plan.axes[0].uuid}
        assert find_plan_uuid(session, "petit plan 0004") == [plan.info.uuid]
        assert find_plan_uuid(session, plan.info.uuid[:20]) == [plan.info.uuid]


def test_a_failed_transaction_stores_nothing(store: Database) -> None:
    plan = _tiny("0005")
    with store.transaction() as session:
        add_plan(session, plan)
    clash = replace(_tiny("0006"), axes=plan.axes)  # same axis uuids: UNIQUE constraint
    with pytest.raises(Exception):
        with store.transaction() as session:
            add_plan(session, clash)
    with store.reading() as session:
        assert [s.uuid for s in list_plans(session)] == [plan.info.uuid]


def test_the_core_descriptions_of_the_plan_tables_match_the_models() -> None:
    """The reads use light Core tables (no ORM at start-up): same names as the models."""
    from projter_desktop.store import models, plans

    for light, model in ((plans.PLAN, models.PlanRow), (plans.AXIS, models.AxisRow),
                         (plans.ORIENTATION, models.OrientationRow), (plans.OBJECTIVE, models.ObjectiveRow),
                         (plans.ACTION, models.ActionRow)):
        mapped = model.__table__  # type: ignore[attr-defined]
        assert light.name == mapped.name
        assert set(light.c.keys()) == set(mapped.c.keys()), mapped.name


def test_reads_work_on_a_plain_connection(store: Database, bundled: TerritorialPlan) -> None:
    with store.transaction() as session:
        add_plan(session, bundled)
    with store.engine.connect() as connection:
        assert load_plan(connection, bundled.info.uuid) == bundled
        assert [s.actions for s in list_plans(connection)] == [143]
        assert plan_exists(connection, bundled.info.uuid)
        assert find_plan_uuid(connection, bundled.info.uuid[:12]) == [bundled.info.uuid]
