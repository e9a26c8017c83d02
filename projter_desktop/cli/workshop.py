"""Command-line: ``projter workshop list|show`` and ``projter demo``."""

from __future__ import annotations

import argparse
import sys

from projter_desktop.cli.common import EXIT_OK, open_db, print_json


def register(sub) -> None:  # type: ignore[no-untyped-def]
    workshop = sub.add_parser("workshop", help="ateliers : lister, afficher")
    actions = workshop.add_subparsers(dest="workshop_command", metavar="ACTION", required=True)
    p = actions.add_parser("list", help="lister les ateliers")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_list)
    p = actions.add_parser("show", help="résumé de l'atelier : participation, tours de vote et leurs résultats, décisions")
    p.add_argument("workshop", metavar="ID", help="identifiant de l'atelier ou début unique de celui-ci")
    p.add_argument("--json", action="store_true", help="sortie JSON : tout ce qui a été enregistré")
    p.set_defaults(handler=_show)

    demo = sub.add_parser("demo", help="créer un atelier de démonstration réaliste")
    demo.add_argument("--seed", type=int, default=0, help="graine du générateur (par défaut 0)")
    demo.add_argument("--closed", action="store_true", help="clore l'atelier (empreinte, procès-verbal définitif)")
    demo.add_argument("--participants", type=int, default=40, help="nombre de participants (par défaut 40)")
    demo.set_defaults(handler=_demo, creates_data=True, writes="projter demo")


def _list(args: argparse.Namespace) -> int:
    from projter_desktop.services import workshops
    from projter_desktop.services.workshop_summary import WORKSHOP_STATUS_FR

    rows = workshops.list_workshops(open_db(args))
    if args.json:
        print_json([
            {"uuid": w.uuid, "title": w.title, "date": w.starts_at.isoformat() if w.starts_at else None,
             "place": w.place, "status": w.status.value, "attendees": w.attendees, "rounds": w.rounds}
            for w in rows
        ])
        return EXIT_OK
    if not rows:
        print("Aucun atelier. Créez-en un dans l'application, ou « projter demo ».")
    for w in rows:
        date = w.starts_at.astimezone().strftime("%d/%m/%Y %H:%M") if w.starts_at else "sans date"
        print(f"{w.uuid[:8]}  {date}  {WORKSHOP_STATUS_FR[w.status]:<14}  {w.title}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from projter_desktop.services import workshops

    db = open_db(args)
    uuid = workshops.resolve_workshop(db, args.workshop)
    if args.json:
        print_json(workshops.workshop_json(db, uuid))
    else:
        from projter_desktop.services.workshop_summary import workshop_summary_fr

        sys.stdout.write(workshop_summary_fr(db, uuid))
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from projter_desktop.services import demo
    from projter_desktop.services.errors import UserError

    if not 4 <= args.participants <= 200:
        raise UserError("Le nombre de participants doit être compris entre 4 et 200.")
    uuid = demo.create_demo_workshop(open_db(args), seed=args.seed, close=args.closed, participants=args.participants)
    print(f"Atelier de démonstration créé : {uuid}")
    return EXIT_OK
