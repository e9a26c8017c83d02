#!/usr/bin/env python3
"""Write the plan file templates ``resources/templates/plan-modele.{csv,xlsx,json}``.

Usage (from the repository root)::

    .venv/bin/python tools/make_plan_templates.py            # (re)writes resources/templates/
    .venv/bin/python tools/make_plan_templates.py OUT_DIR    # writes elsewhere (tests)

The three files hold the same tiny example plan (1 axis, 2 orientations, 3 objectives,
6 actions of both kinds), written by the application's own writer
(:func:`projter_desktop.exchange.plan_files.write_plan_file`), so they are exactly what
the import expects. A template is a starting point, not a plan with an identity: the
UUIDs are removed (the ``uuid_*`` columns stay, empty), so that two plans built from the
same template never share identifiers. The output is deterministic, except for the time
stamps inside the ``.xlsx`` (a zip).
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import uuid
from pathlib import Path

from projter_desktop.domain.plan import Action, ActionKind, Axis, Objective, Orientation, PlanInfo, TerritorialPlan
from projter_desktop.exchange.plan_files import COLUMNS, write_plan_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "resources" / "templates"
STEM = "plan-modele"
SUFFIXES = (".csv", ".xlsx", ".json")
_UUID_COLUMNS = [i for i, (key, _french, _required) in enumerate(COLUMNS) if key.endswith("_uuid")]
_NAMESPACE = uuid.UUID("0b7f6a3e-5c1d-4e2a-9f47-2d9c8b1a6e53")

P, C = ActionKind.PRIORITISED, ActionKind.COMPLEMENTARY


def _uid(code: str) -> str:
    # Placeholder identities (removed from the files); deterministic for reproducibility.
    return str(uuid.uuid5(_NAMESPACE, code))


def _action(code: str, kind: ActionKind, title: str) -> Action:
    return Action(uuid=_uid(code), code=code, kind=kind, title=title)


def template_plan() -> TerritorialPlan:
    return TerritorialPlan(
        info=PlanInfo(
            uuid=_uid("plan"),
            name="Modèle de plan de territoire",
            version_label="modèle",
            source="Exemple fourni avec Projter : remplacez ces lignes par votre plan.",
        ),
        axes=(
            Axis(
                uuid=_uid("1"), code="1", title="Réussir la transition écologique du territoire",
                alt_title="Transition écologique",
                orientations=(
                    Orientation(
                        uuid=_uid("1.1"), code="1.1", title="Réduire les consommations d'énergie",
                        alt_title="Sobriété énergétique",
                        objectives=(
                            Objective(
                                uuid=_uid("1.1.a"), code="1.1.a", title="Rénover le patrimoine bâti public",
                                actions=(
                                    _action("1.1.a.P1", P, "Rénover l'isolation des écoles et des gymnases communaux"),
                                    _action("1.1.a.C1", C, "Accompagner les habitants dans leurs travaux d'économies d'énergie"),
                                ),
                            ),
                            Objective(
                                uuid=_uid("1.1.b"), code="1.1.b", title="Développer les énergies renouvelables",
                                alt_title="Énergies renouvelables",
                                actions=(
                                    _action("1.1.b.P1", P, "Équiper de panneaux solaires les toitures des bâtiments publics"),
                                    _action("1.1.b.C1", C, "Étudier un réseau de chaleur au bois pour le cœur de ville"),
                                ),
                            ),
                        ),
                    ),
                    Orientation(
                        uuid=_uid("1.2"), code="1.2", title="Favoriser les déplacements à pied et à vélo",
                        objectives=(
                            Objective(
                                uuid=_uid("1.2.a"), code="1.2.a", title="Aménager des itinéraires cyclables sûrs",
                                actions=(
                                    _action("1.2.a.P1", P, "Relier les communes à la gare par une voie verte"),
                                    _action("1.2.a.C1", C, "Installer des abris à vélos sécurisés près des arrêts de bus"),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def _strip_csv(path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    for row in rows[1:]:
        for index in _UUID_COLUMNS:
            row[index] = ""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)


def _strip_xlsx(path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["Plan"]
    for row in sheet.iter_rows(min_row=2):
        for index in _UUID_COLUMNS:
            row[index].value = None
    workbook.save(path)


def _strip_json(path: Path) -> None:
    def drop(value: object) -> object:
        if isinstance(value, dict):
            return {k: drop(v) for k, v in value.items() if k != "uuid"}
        if isinstance(value, list):
            return [drop(v) for v in value]
        return value

    document = drop(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def make_templates(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = template_plan()
    written = []
    for suffix, strip in zip(SUFFIXES, (_strip_csv, _strip_xlsx, _strip_json)):
        path = write_plan_file(plan, out_dir / f"{STEM}{suffix}")
        strip(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(args[0]) if args else DEFAULT_OUT
    for path in make_templates(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
