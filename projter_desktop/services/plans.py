"""Use cases on territorial plans: bundled plan, list, show, import, export."""

from __future__ import annotations

import json
import uuid as uuid_module
from dataclasses import replace
from pathlib import Path

from projter_desktop.domain.plan import Action, Axis, Objective, Orientation, TerritorialPlan
from projter_desktop.exchange import plan_files
from projter_desktop.paths import resource
from projter_desktop.services.changes import Changes, Result
from projter_desktop.services.errors import AmbiguousReferenceError, InvalidFileError, NotFoundError, UserError
from projter_desktop.store import plans as plan_repo
from projter_desktop.store.database import Database
from projter_desktop.store.plans import PlanSummary

BUNDLED_PLAN_FILE = ("plans", "ales-2018.json")


def bundled_plan() -> TerritorialPlan:
    path = resource(*BUNDLED_PLAN_FILE)
    return plan_files.plan_from_document(json.loads(path.read_text(encoding="utf-8")), label=path.name)


def ensure_bundled_plan(db: Database) -> Changes:
    """Load the bundled Alès 2018 plan into a database that holds no plan yet."""
    with db.transaction() as session:
        if plan_repo.list_plans(session):
            return Changes()
        plan_repo.add_plan(session, bundled_plan())
    return Changes(plans=True)


def plan_document(plan: TerritorialPlan) -> dict:
    """The plan as the JSON document of the plan file format (``projter plan show --json``)."""
    return plan_files.plan_to_document(plan)


def list_plans(db: Database) -> list[PlanSummary]:
    with db.read_connection() as connection:  # plain SQL reads: no SQLAlchemy needed (fast start-up)
        return plan_repo.list_plans(connection)


def resolve_plan(db: Database, ref: str | None) -> str:
    """The uuid of the plan named by ``ref`` (uuid, uuid prefix or name); the only plan when None.

    A blank ``ref`` is refused (it is not "the only plan": it would be a prefix of every uuid)."""
    with db.read_connection() as connection:
        if ref is None:
            plans = plan_repo.list_plans(connection)
            if not plans:
                raise NotFoundError("Aucun plan n'est chargé dans cette base.")
            if len(plans) > 1:
                names = ", ".join(f"{p.name} ({p.uuid[:8]})" for p in plans)
                raise AmbiguousReferenceError(f"Plusieurs plans sont chargés ; précisez lequel : {names}.")
            return plans[0].uuid
        if not ref.strip():
            # an empty prefix would match every plan and silently pick the first one
            raise UserError("Référence de plan vide : donnez son nom ou le début de son identifiant "
                            "(voir « projter plan list »).")
        found = plan_repo.find_plan_uuid(connection, ref)
    if not found:
        raise NotFoundError(f"Aucun plan ne correspond à « {ref} ». Voir « projter plan list ».")
    if len(found) > 1:
        raise AmbiguousReferenceError(f"« {ref} » désigne plusieurs plans ; donnez plus de caractères de l'identifiant.")
    return found[0]


def get_plan(db: Database, ref: str | None = None) -> TerritorialPlan:
    plan_uuid = resolve_plan(db, ref)
    with db.read_connection() as connection:
        plan = plan_repo.load_plan(connection, plan_uuid)
    assert plan is not None
    return plan


def with_new_ids(plan: TerritorialPlan) -> TerritorialPlan:
    """The same plan with fresh UUIDs everywhere (to load a new version next to the old one)."""

    def nid() -> str:
        return str(uuid_module.uuid4())

    return TerritorialPlan(
        info=replace(plan.info, uuid=nid()),
        axes=tuple(
            replace(ax, uuid=nid(), orientations=tuple(
                replace(o, uuid=nid(), objectives=tuple(
                    replace(b, uuid=nid(), actions=tuple(replace(c, uuid=nid()) for c in b.actions))
                    for b in o.objectives))
                for o in ax.orientations))
            for ax in plan.axes
        ),
    )


def import_plan(db: Database, path: Path | str, *, name: str | None = None, new_ids: bool = False) -> Result[PlanSummary]:
    """Validate and load a plan file; all or nothing."""
    try:
        plan = plan_files.read_plan_file(path, name=name)
    except plan_files.PlanFileError as exc:
        raise InvalidFileError("Fichier refusé, rien n'a été importé.", exc.summary()) from exc
    if new_ids:
        plan = with_new_ids(plan)
    with db.transaction() as session:
        if plan_repo.plan_exists(session, plan.info.uuid):
            raise UserError(
                f"Le plan « {plan.info.name} » de ce fichier est déjà chargé (même identifiant). "
                "Pour charger une nouvelle version à côté, importez-le avec de nouveaux identifiants (--new-ids).")
        node_uuids = {n.uuid for n in _nodes(plan)}
        clash = plan_repo.existing_uuids(session, node_uuids)
        if clash:
            raise UserError(
                f"{len(clash)} élément(s) de ce fichier existent déjà dans un plan chargé (mêmes identifiants). "
                "Pour charger une nouvelle version à côté, importez-le avec de nouveaux identifiants (--new-ids).")
        plan_repo.add_plan(session, plan)
    counts = plan.counts()
    return Result(PlanSummary(plan.info.uuid, plan.info.name, plan.info.version_label, counts["actions"]),
                  Changes(plans=True))


def export_plan(db: Database, ref: str | None, path: Path | str) -> Path:
    plan = get_plan(db, ref)
    try:
        return plan_files.write_plan_file(plan, path)
    except plan_files.PlanFileError as exc:
        raise UserError(exc.summary()) from exc
    except OSError as exc:
        raise UserError(f"Impossible d'écrire « {path} » : {exc.strerror or exc}.") from exc


def _nodes(plan: TerritorialPlan) -> list[Axis | Orientation | Objective | Action]:
    return [*plan.axes, *plan.orientations(), *plan.objectives(), *plan.actions()]
