"""The ``projter`` command: no sub-command opens the GUI; sub-commands run headless jobs.

User errors exit non-zero with one clear line on stderr, never a traceback. Only the
services are called from here (see ../shared/DESIGN.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from projter_desktop import __version__

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, French, exit 2
        self.exit(EXIT_USAGE, f"projter : {message}\nAide : projter --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="projter",
        description="Projter Desktop — ateliers de concertation sur le Projet de Territoire. "
        "Sans commande, ouvre l'application.",
    )
    parser.add_argument("--version", action="version", version=f"projter {__version__}")
    parser.add_argument("--db", metavar="PATH", help="fichier de base de données (sinon PROJTER_DB ou le dossier de données)")
    parser.add_argument("--lang", choices=("fr", "en"), help="langue de l'interface (GUI)")
    parser.add_argument("--self-test", action="store_true",
                        help="vérifier l'installation (dans un dossier temporaire, sans toucher à vos données) et quitter")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser)

    plan = sub.add_parser("plan", help="plans de territoire : lister, afficher, importer, exporter")
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True, parser_class=_Parser)
    p = plan_sub.add_parser("list", help="lister les plans chargés")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_plan_list)
    p = plan_sub.add_parser("show", help="afficher un plan (arbre complet)")
    p.add_argument("plan", nargs="?", help="identifiant (ou début), ou nom du plan ; facultatif s'il n'y en a qu'un")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_plan_show)
    p = plan_sub.add_parser("import", help="importer un plan depuis un fichier CSV, XLSX ou JSON")
    p.add_argument("file", type=Path)
    p.add_argument("--name", help="nom du plan (par défaut : celui du fichier)")
    p.add_argument("--new-ids", action="store_true", help="nouveaux identifiants (charger une nouvelle version à côté)")
    p.set_defaults(handler=_plan_import)
    p = plan_sub.add_parser("export", help="exporter un plan en CSV, XLSX ou JSON (selon l'extension)")
    p.add_argument("plan", help="identifiant (ou début) ou nom du plan")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(handler=_plan_export)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


#: Other modules of the command line add their sub-commands here (see the modules of this package).
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def _open_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from projter_desktop.services.backup import open_checked

    return open_checked(args.db)


def _print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _plan_list(args: argparse.Namespace) -> int:
    from projter_desktop.services import plans

    db = _open_db(args)
    rows = plans.list_plans(db)
    if args.json:
        _print_json([{"uuid": r.uuid, "name": r.name, "version": r.version_label, "actions": r.actions} for r in rows])
    else:
        for r in rows:
            print(f"{r.uuid}  {r.name} {r.version_label}  ({r.actions} actions)")
    return EXIT_OK


def _plan_show(args: argparse.Namespace) -> int:
    from projter_desktop.services import plans

    plan = plans.get_plan(_open_db(args), args.plan)
    if args.json:
        _print_json(plans.plan_document(plan))
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


def _plan_import(args: argparse.Namespace) -> int:
    from projter_desktop.services import plans

    result = plans.import_plan(_open_db(args), args.file, name=args.name, new_ids=args.new_ids)
    print(f"Plan « {result.value.name} » importé : {result.value.actions} actions ({result.value.uuid}).")
    return EXIT_OK


def _plan_export(args: argparse.Namespace) -> int:
    from projter_desktop.services import plans

    path = plans.export_plan(_open_db(args), args.plan, args.output)
    print(f"Plan exporté dans {path}")
    return EXIT_OK


#: Modules that add sub-commands to ``_EXTRA_COMMANDS`` when imported (cheap imports only).
_COMMAND_MODULES: tuple[str, ...] = (
    "projter_desktop.cli.workshop",
    "projter_desktop.cli.maintenance",
    "projter_desktop.cli.reports",
    "projter_desktop.cli.exchange",
)


def _load_extra_commands() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        importlib.import_module(name)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _load_extra_commands()
    parser = build_parser()
    # ``projter FILE.projter…`` (desktop entry, file association): the GUI with the import preview
    files = [a for a in argv if a.lower().endswith(".projter") and not a.startswith("-")]
    if files and argv and argv[-1] in files and not any(a in _command_names(parser) for a in argv):
        args = parser.parse_args([a for a in argv if a not in files])
        if args.command is None and not args.self_test:
            return gui_main(args, import_files=[Path(f) for f in files])
    args = parser.parse_args(argv)
    if args.self_test:
        from projter_desktop.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        return gui_main(args)
    from projter_desktop.services.errors import InvalidFileError, UserError

    try:
        return int(args.handler(args))
    except InvalidFileError as exc:
        sys.stderr.write(f"projter : {exc}\n{exc.details}\n")
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except UserError as exc:
        sys.stderr.write(f"projter : {exc}\n")
        return EXIT_USER_ERROR
    except OSError as exc:
        sys.stderr.write(f"projter : {exc.strerror or exc} ({exc.filename or ''})\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("projter : interrompu.\n")
        return 130


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:  # noqa: SLF001 - argparse keeps sub-parsers there
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return set(action.choices)
    return set()


def gui_main(args: argparse.Namespace | None = None, import_files: Sequence[Path] = ()) -> int:
    if args is None:
        args = build_parser().parse_args([])
    from projter_desktop.ui.app import run_gui

    return run_gui(db_path=args.db, language=args.lang, import_files=list(import_files))
