"""Command-line: ``projter plan list|show|import|export``."""

from __future__ import annotations

import argparse
from pathlib import Path

from projter_desktop.cli.common import EXIT_OK, Parser, open_db, print_json


def register(sub) -> None:  # type: ignore[no-untyped-def]
    plan = sub.add_parser("plan", help="plans de territoire : lister, afficher, importer, exporter")
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True, parser_class=Parser)
    p = plan_sub.add_parser("list", help="lister les plans chargés")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_list)
    p = plan_sub.add_parser("show", help="afficher un plan (arbre complet)")
    p.add_argument("plan", nargs="?", help="identifiant (ou début), ou nom du plan ; facultatif s'il n'y en a qu'un")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_show)
    p = plan_sub.add_parser("import", help="importer un plan depuis un fichier CSV, XLSX ou JSON")
    p.add_argument("file", type=Path, metavar="FICHIER", help="fichier .csv, .xlsx ou .json")
    p.add_argument("--name", metavar="NOM", help="nom du plan (par défaut : celui du fichier)")
    p.add_argument("--new-ids", action="store_true", help="nouveaux identifiants (charger une nouvelle version à côté)")
    p.set_defaults(handler=_import, creates_data=True, writes="projter plan import")
    p = plan_sub.add_parser("export", help="exporter un plan en CSV, XLSX ou JSON (selon l'extension)")
    p.add_argument("plan", help="identifiant (ou début) ou nom du plan")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER",
                   help="fichier à écrire (.csv, .xlsx ou .json)")
    p.set_defaults(handler=_export)


def _list(args: argparse.Namespace) -> int:
    from projter_desktop.services import plans

    db = open_db(args)
    rows = plans.list_plans(db)
    if args.json:
        print_json([{"uuid": r.uuid, "name": r.name, "version": r.version_label, "actions": r.actions} for r in rows])
    else:
        for r in rows:
            print(f"{r.uuid}  {r.name} {r.version_label}  ({r.actions} actions)")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from projter_desktop.services import plans

    plan = plans.get_plan(open_db(args), args.plan)
    if args.json:
        print_json(plans.plan_document(plan))
        return EXIT_OK
    print(f"{plan.info.name} — {plan.info.version_label}")
    for axis in plan.axes:
        print(f"Axe {axis.code} : {axis.title}")
        for orientation in axis.orientations:
            print(f"  {orientation.code}  {orientation.title}")
            for objective in orientation.objectives:
                print(f"    {objective.code}  {objective.title}")
                for action in objective.actions:
                    mark = "•" if action.kind.value == "prioritised" else "○"
                    print(f"      {mark} {action.code}  {action.title}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from projter_desktop.services import plans

    result = plans.import_plan(open_db(args), args.file, name=args.name, new_ids=args.new_ids)
    print(f"Plan « {result.value.name} » importé : {result.value.actions} actions ({result.value.uuid}).")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from projter_desktop.services import plans

    path = plans.export_plan(open_db(args), args.plan, args.output)
    print(f"Plan exporté dans {path}")
    return EXIT_OK
