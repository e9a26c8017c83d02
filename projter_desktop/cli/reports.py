"""Command-line: ``projter minutes``, ``projter attendance-sheet``, ``projter ballots``,
``projter voting-slips``, ``projter results`` — the printed documents (phone voting's slips
and cards among them) and the results spreadsheet of a workshop.

WORKSHOP is a workshop's uuid or a unique prefix of it (see ``projter workshop list``).
Only cheap imports here: the services (and ReportLab) are imported by the handlers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from projter_desktop.cli.common import EXIT_OK, open_db

_WORKSHOP_HELP = "identifiant de l'atelier, ou son début (voir « projter workshop list »)"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu, pas « {text} »") from None
    if value < 1:
        raise argparse.ArgumentTypeError("le nombre doit être au moins 1")
    return value


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("minutes", help="compte-rendu de l'atelier en PDF")
    p.add_argument("workshop", metavar="ATELIER", help=_WORKSHOP_HELP)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.pdf")
    p.set_defaults(handler=_minutes)

    p = sub.add_parser("attendance-sheet", help="feuille d'émargement en PDF (à imprimer avant l'atelier)")
    p.add_argument("workshop", metavar="ATELIER", help=_WORKSHOP_HELP)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.pdf")
    p.set_defaults(handler=_attendance_sheet)

    p = sub.add_parser("ballots", help="bulletins de vote papier d'un tour, en PDF")
    p.add_argument("workshop", metavar="ATELIER", help=_WORKSHOP_HELP)
    p.add_argument("--round", "-r", type=_positive, required=True, metavar="N", help="numéro du tour")
    p.add_argument("--copies", type=_positive, metavar="N",
                   help="nombre de bulletins (par défaut : un par voix attendue, la dernière page complétée)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.pdf")
    p.set_defaults(handler=_ballots)

    p = sub.add_parser("voting-slips", help="fiches de vote sur téléphone en PDF : codes personnels ou cartes de "
                                            "vote anonymes (QR code et code)")
    p.add_argument("workshop", metavar="ATELIER", help=_WORKSHOP_HELP)
    p.add_argument("--url", required=True, metavar="http://ADRESSE:PORT/",
                   help="adresse que le vote sur téléphone aura dans la salle (celle du projecteur)")
    p.add_argument("--cards", action="store_true",
                   help="cartes de vote anonymes des tours secrets (une par voix présente), au lieu des codes personnels")
    p.add_argument("--all", action="store_true",
                   help="de nouveaux codes pour tous (les anciens ne marchent plus) ; sinon, seulement pour ceux qui "
                        "n'en ont pas")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.pdf")
    p.set_defaults(handler=_voting_slips, writes="projter voting-slips")  # it stores the codes issued

    p = sub.add_parser("results", help="résultats de l'atelier en CSV (Excel français) ou XLSX, selon l'extension")
    p.add_argument("workshop", metavar="ATELIER", help=_WORKSHOP_HELP)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.csv|FICHIER.xlsx")
    p.set_defaults(handler=_results)


def _pages(count: int) -> str:
    return f"{count} page" + ("s" if count > 1 else "")


def _minutes(args: argparse.Namespace) -> int:
    from projter_desktop.services import reports, workshops

    db = open_db(args)
    written = reports.write_minutes(db, workshops.resolve_workshop(db, args.workshop), args.output)
    print(f"Compte-rendu écrit dans {written.path} ({_pages(written.pages)}).")
    return EXIT_OK


def _attendance_sheet(args: argparse.Namespace) -> int:
    from projter_desktop.services import reports, workshops

    db = open_db(args)
    written = reports.write_attendance_sheet(db, workshops.resolve_workshop(db, args.workshop), args.output)
    print(f"Feuille d'émargement écrite dans {written.path} ({_pages(written.pages)}).")
    return EXIT_OK


def _ballots(args: argparse.Namespace) -> int:
    from projter_desktop.services import reports, workshops

    db = open_db(args)
    written = reports.write_ballots(db, workshops.resolve_workshop(db, args.workshop), args.round, args.output,
                                    copies=args.copies)
    print(f"Bulletins du tour {args.round} écrits dans {written.path} ({_pages(written.pages)}).")
    return EXIT_OK


def _results(args: argparse.Namespace) -> int:
    from projter_desktop.services import reports, workshops

    db = open_db(args)
    written = reports.export_results(db, workshops.resolve_workshop(db, args.workshop), args.output)
    print(f"Résultats écrits dans {written.path}.")
    return EXIT_OK


def _voting_slips(args: argparse.Namespace) -> int:
    from projter_desktop.services import phone_votes, workshops
    from projter_desktop.services.errors import UserError

    if not args.url.startswith("http://") or len(args.url) > 200:
        raise UserError("L'adresse doit commencer par http:// (par exemple http://192.168.1.10:8080/).")
    db = open_db(args)
    workshop = workshops.resolve_workshop(db, args.workshop)
    if args.all:
        issued = phone_votes.issue_cards(db, workshop) if args.cards else phone_votes.issue_named_codes(db, workshop)
    else:
        issued = phone_votes.issue_missing_codes(db, workshop, secret=args.cards)
    count = len(issued.cards) if args.cards else len(issued.named)
    if count == 0:
        print("Chacun a déjà son code : aucune fiche à imprimer (--all pour en refaire pour tous).")
        return EXIT_OK
    written = phone_votes.print_slips(issued, args.url, args.output)
    what = "cartes de vote" if args.cards else "codes personnels"
    print(f"{count} {what} écrits dans {written} : les codes n'existent que sur ce document.")
    return EXIT_OK
