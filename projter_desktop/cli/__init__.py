"""The ``projter`` command: no sub-command opens the GUI; sub-commands run headless jobs.

User errors exit non-zero with one clear line on stderr, never a traceback. Only the
services are called from here (see ../shared/DESIGN.md); the GUI is reached only through
``gui_main`` (``ui.app.run_gui``) and the installation check through ``--self-test``.

One module per concept, each adding its sub-commands with ``register(sub)``:
``plan``, ``workshop`` (and ``demo``), ``maintenance`` (backup, restore, check),
``reports`` (printed documents, results), ``exchange`` (export, import, consolidate,
devices), ``completion`` (shell completion); ``common`` holds what they share.

``--db PATH`` naming a file that does not exist is refused (a typo must not silently
create an empty database, nor its folders) unless the command creates data (its parser
sets ``creates_data``) or ``--create`` is given; a command that needs no database sets
``needs_db=False``. A command that writes to the database sets ``writes`` (its name, e.g.
``projter import``): ``main`` takes the instance lock before the handler runs (before the
database is opened, so before anything is written) and holds it until the handler returns;
if another Projter holds it (a window, or another command that writes), the command is
refused with one French sentence naming the holder and exit code 75 (``EXIT_DB_BUSY``).
Commands that only read never take it. Only cheap imports at module level: the
services are imported by the handlers, so ``projter --help`` stays fast.

**Faults** (issue 15): every fault of the database file is one French sentence on stderr
saying what to do, never a traceback, with its exit code (``cli.common``): busy beyond the
timeout 75, disk full or I/O error 74, read-only file or folder and permission denied 77,
a folder given for the file or a damaged schema table 1. A command that writes checks
first that the database can be written (refused at once, 77, before the lock is even
taken); a command that only reads opens a read-only database in the read-only mode and
runs (``workshop list``, ``workshop show``, ``minutes``, ``check``…).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from projter_desktop import __version__
from projter_desktop.cli.common import (
    EXIT_DB_BUSY,
    EXIT_IO_ERROR,
    EXIT_NO_PERMISSION,
    EXIT_OK,
    EXIT_USER_ERROR,
    FAULT_EXIT_CODES,
    Parser,
)

#: Modules that add their sub-commands with ``register(sub)``, in the order of ``--help``.
#: Imported by name; ``packaging/projter.spec`` reads this list for its hidden imports.
_COMMAND_MODULES: tuple[str, ...] = (
    "projter_desktop.cli.plan",
    "projter_desktop.cli.workshop",
    "projter_desktop.cli.maintenance",
    "projter_desktop.cli.reports",
    "projter_desktop.cli.exchange",
    "projter_desktop.cli.completion",
)


def build_parser(command_modules: Sequence[str] = _COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = Parser(
        prog="projter",
        description="Projter Desktop — ateliers de concertation sur le Projet de Territoire. "
        "Sans commande, ouvre l'application.",
    )
    parser.add_argument("--version", action="version", version=f"projter {__version__}",
                        help="afficher le numéro de version et quitter")
    parser.add_argument("--db", metavar="PATH", help="fichier de base de données (sinon PROJTER_DB ou le dossier de données)")
    parser.add_argument("--create", action="store_true",
                        help="créer la base nommée par --db si elle n'existe pas (sinon : refusé)")
    parser.add_argument("--lang", choices=("fr", "en"), help="langue de l'interface (GUI)")
    parser.add_argument("--self-test", action="store_true",
                        help="vérifier l'installation (dans un dossier temporaire, sans toucher à vos données) et quitter")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=Parser)
    for name in command_modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
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
    refusal = _missing_db(args)
    if refusal:
        sys.stderr.write(f"projter : {refusal}\n")
        return EXIT_USER_ERROR
    from projter_desktop.services.errors import InvalidFileError, StorageError, UserError
    from projter_desktop.services.instance import DatabaseInUseError

    try:
        if getattr(args, "needs_db", True):
            from projter_desktop.services.database import read_problem_of

            problem = read_problem_of(_db_path(args))  # a folder, or a file that may not be read
            if problem is not None:
                raise StorageError(problem)
        with _writer_lock(args):
            return int(args.handler(args))
    except DatabaseInUseError as exc:
        sys.stderr.write(f"projter : {exc}\n")
        return EXIT_DB_BUSY
    except StorageError as exc:
        sys.stderr.write(f"projter : {exc}\n")
        return FAULT_EXIT_CODES.get(exc.fault.kind, EXIT_USER_ERROR)
    except InvalidFileError as exc:
        sys.stderr.write(f"projter : {exc}\n{exc.details}\n")
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except UserError as exc:
        sys.stderr.write(f"projter : {exc}\n")
        return EXIT_USER_ERROR
    except OSError as exc:
        advice = _ERRNO_ADVICE_FR.get(exc.errno or 0)
        sys.stderr.write(f"projter : {os_error_fr(exc)}{' ' + advice if advice else ''}\n")
        return _OS_EXIT_CODES.get(exc.errno or 0, EXIT_USER_ERROR)
    except KeyboardInterrupt:
        sys.stderr.write("projter : interrompu.\n")
        return 130
    except Exception as exc:  # a fault of the database file (busy, disk full…), said in French
        from projter_desktop.services.database import fault_of

        fault = fault_of(exc, _db_path(args))
        if fault is None:
            raise
        sys.stderr.write(f"projter : {fault.message}\n")
        return FAULT_EXIT_CODES.get(fault.kind, EXIT_USER_ERROR)


def _db_path(args: argparse.Namespace) -> Path:
    from projter_desktop.paths import default_db_path

    return Path(args.db).expanduser() if args.db else default_db_path()


_ERRNO_FR = {
    errno.ENOENT: "introuvable", errno.EACCES: "accès refusé", errno.EPERM: "opération non permise",
    errno.EISDIR: "c'est un dossier", errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENOSPC: "disque plein", errno.EROFS: "support en lecture seule", errno.EEXIST: "existe déjà",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
}
#: What to do, after the sentence of :func:`os_error_fr`.
_ERRNO_ADVICE_FR = {
    errno.ENOSPC: "Libérez de la place sur ce disque (ou écrivez ailleurs), puis réessayez.",
    errno.EROFS: "Choisissez un dossier où vous pouvez écrire.",
    errno.EACCES: "Choisissez un fichier ou un dossier où vous avez le droit d'écrire, ou demandez ce droit.",
    errno.EPERM: "Choisissez un fichier ou un dossier où vous avez le droit d'écrire, ou demandez ce droit.",
    errno.EISDIR: "Donnez le chemin d'un fichier.",
    errno.EIO: "Vérifiez le support (clé USB retirée ? disque réseau coupé ?), puis réessayez.",
}
_OS_EXIT_CODES = {errno.ENOSPC: EXIT_IO_ERROR, errno.EIO: EXIT_IO_ERROR, errno.EROFS: EXIT_NO_PERMISSION,
                  errno.EACCES: EXIT_NO_PERMISSION, errno.EPERM: EXIT_NO_PERMISSION}


def os_error_fr(exc: OSError) -> str:
    """A system error in one French sentence (the system's own text is English)."""
    what = _ERRNO_FR.get(exc.errno or 0, "erreur du système")
    where = f"« {exc.filename} » : " if exc.filename else ""
    detail = "" if exc.errno in _ERRNO_FR or not exc.strerror else f" ({exc.strerror})"
    return f"{where[:1].upper()}{where[1:]}{what}{detail}." if where else f"{what[:1].upper()}{what[1:]}{detail}."


def _missing_db(args: argparse.Namespace) -> str | None:
    """Why ``--db`` is refused (a path that does not exist, for a command that only reads), or None."""
    if not args.db or args.create or not getattr(args, "needs_db", True):
        return None
    if getattr(args, "creates_data", False) and not getattr(args, "dry_run", False):
        return None
    path = Path(args.db).expanduser()
    if path.exists():
        return None
    from projter_desktop.services.recovery import interrupted

    if interrupted(path):
        return None  # an interrupted restore left it beside: opening finishes or undoes it, and says so
    return (f"La base « {path} » n'existe pas : vérifiez le chemin (--db), ou ajoutez --create pour créer "
            "une base neuve à cet endroit.")


@contextmanager
def _writer_lock(args: argparse.Namespace) -> Iterator[None]:
    """The instance lock for the whole run of a command that writes (``writes``); nothing
    for a command that only reads, nor for ``import --dry-run``."""
    program = getattr(args, "writes", None) or ("projter check --seal" if getattr(args, "seal", False) else None)
    if not program or getattr(args, "dry_run", False):
        yield
        return
    from projter_desktop.services.database import write_problem_of
    from projter_desktop.services.errors import StorageError
    from projter_desktop.services.instance import acquire_instance_lock

    path = _db_path(args)
    problem = write_problem_of(path)  # a read-only file or folder: refused before anything, not "in use"
    if problem is not None:
        raise StorageError(problem)
    with acquire_instance_lock(path, program=program):
        yield


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:  # noqa: SLF001 - argparse keeps sub-parsers there
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return set(action.choices)
    return set()


def gui_main(args: argparse.Namespace | None = None, import_files: Sequence[Path] = ()) -> int:
    """``projter-gui`` and ``projter`` without a sub-command: the only way to the GUI."""
    if args is None:  # the global options only: no sub-command module is imported
        args = build_parser(command_modules=()).parse_args([])
    from projter_desktop.ui.app import run_gui

    return run_gui(db_path=args.db, language=args.lang, import_files=list(import_files))
