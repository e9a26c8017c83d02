"""What every sub-command of ``projter`` shares: exit codes, the parser, the database, JSON output.

Cheap imports only: this module is imported each time ``projter`` starts.

**argparse in French.** argparse passes its own texts through ``gettext.gettext``, i.e.
the process-wide ``messages`` domain, not a domain of its own: installing a catalogue
there would translate (or break) every other library's messages. So the French comes in
through argparse's documented extension points instead: a ``formatter_class`` (the
``usage:`` prefix and the section titles), our own ``-h/--help`` (``add_help=False``) and
``error()``, which translates the message argparse built from one of its templates
(:data:`ARGPARSE_FR`, keyed by argparse's exact English templates) before printing it.
A message that is not in the catalogue (our own ``ArgumentTypeError`` texts are already
French) is printed as it is.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
#: The database is held by another Projter (a window, or a command that writes): nothing
#: was done, try again once it is free (``EX_TEMPFAIL`` of ``sysexits.h``).
EXIT_DB_BUSY = 75
#: The disk is full, or it failed to read or write (``EX_IOERR``): nothing was recorded;
#: make room (or check the medium) and try again.
EXIT_IO_ERROR = 74
#: The database cannot be written (read-only file, folder or medium) or read (permission
#: denied) (``EX_NOPERM``): nothing was done; a read-only database can still be read.
EXIT_NO_PERMISSION = 77

#: The exit code of each kind of fault of the database file (``services.database.fault_of``);
#: a folder given for the file, a damaged file or schema table: ``EXIT_USER_ERROR``.
FAULT_EXIT_CODES = {"busy": EXIT_DB_BUSY, "full": EXIT_IO_ERROR, "io_error": EXIT_IO_ERROR,
                    "read_only": EXIT_NO_PERMISSION, "permission": EXIT_NO_PERMISSION}

#: argparse's English templates (as passed to ``gettext``) and their French translation;
#: the placeholders keep their names so that a value is carried over as it is.
ARGPARSE_FR: dict[str, str] = {
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "argument(s) obligatoire(s) manquant(s) : %s",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "unrecognized arguments: %s": "argument(s) non reconnu(s) : %s",
    "invalid %(type)s value: %(value)r": "%(value)r n'est pas un %(type)s valide",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "ambiguous option: %(option)s could match %(matches)s":
        "option ambiguë : %(option)s peut désigner %(matches)s",
    "ignored explicit argument %r": "valeur %r ignorée : cette option n'en prend pas",
    "unexpected option string: %s": "option inattendue : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "commande inconnue : %(parser_name)r (choisir parmi %(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "afficher cette aide et quitter",
}

#: Texts of the help pages, not error messages.
_HELP_TEXTS = {"usage: ", "positional arguments", "options", "optional arguments", "show this help message and exit"}

#: Type names shown by ``invalid %(type)s value``.
_TYPES_FR = {"int": "nombre entier", "float": "nombre", "Path": "chemin", "str": "texte"}

#: The metavars of the sub-command arguments: a wrong choice there is an unknown command.
_COMMAND_METAVARS = {"COMMANDE", "ACTION"}

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([sr])")


def _pattern(template: str) -> re.Pattern[str]:
    parts, names, last = [], [], 0
    for index, match in enumerate(_PLACEHOLDER.finditer(template)):
        parts.append(re.escape(template[last:match.start()]))
        name = match.group(1) or f"_{index}"
        names.append(name)
        parts.append(f"(?P<{name}>.+)" if name == "message" else f"(?P<{name}>.+?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


#: Exact messages first, so that ``expected one argument`` is not read as ``expected %s argument``.
_ERROR_PATTERNS = [(_pattern(en), fr) for en, fr in sorted(ARGPARSE_FR.items(), key=lambda item: "%" in item[0])
                   if en not in _HELP_TEXTS]


def _unquote(value: str) -> str:
    """``'x'`` (a repr, as argparse writes a value) → ``« x »``."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return f"« {value[1:-1]} »"
    return value


def translate_error(message: str) -> str:
    """argparse's English error message in French (unchanged if it is not argparse's)."""
    for pattern, french in _ERROR_PATTERNS:
        match = pattern.match(message)
        if match is None:
            continue
        values = match.groupdict()
        if "message" in values:
            values["message"] = translate_error(values["message"])
        if "type" in values:
            values["type"] = _TYPES_FR.get(values["type"], values["type"])
        if "choices" in values:
            values["choices"] = ", ".join(_unquote(c.strip()) for c in values["choices"].split(","))
        if values.get("argument_name") in _COMMAND_METAVARS and values["message"].startswith("choix invalide"):
            return "commande inconnue" + values["message"][len("choix invalide"):]
        out, last = [], 0
        for position, placeholder in enumerate(_PLACEHOLDER.finditer(french)):
            out.append(french[last:placeholder.start()])
            name = placeholder.group(1) or f"_{position}"
            value = values.get(name, "")
            out.append(_unquote(value) if placeholder.group(2) == "r" else value)
            last = placeholder.end()
        out.append(french[last:])
        return "".join(out)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """Help in French: ``utilisation :`` and the section titles."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, ARGPARSE_FR["usage: "] if prefix is None else prefix)

    def start_section(self, heading):  # type: ignore[no-untyped-def]
        return super().start_section(ARGPARSE_FR.get(heading, heading) if heading else heading)


class Parser(argparse.ArgumentParser):
    """argparse in French; a usage error is one French line on stderr, exit code 2."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=ARGPARSE_FR["show this help message and exit"])

    def error(self, message: str) -> None:  # type: ignore[override]
        text = translate_error(message).rstrip()
        if not text.endswith("."):
            text += "."
        self.exit(EXIT_USAGE, f"projter : {text[:1].upper()}{text[1:]} Aide : {self.prog} --help\n")


def open_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The database named by ``--db`` (or ``PROJTER_DB``, or the data folder), checked and
    migrated; opened in the read-only mode when it cannot be written (a command that
    writes was refused before, see ``cli._writer_lock``). A folder given for the file, or
    a file that may not be read, is refused first (:class:`StorageError`)."""
    from projter_desktop.services.backup import open_checked
    from projter_desktop.services.database import read_problem_of
    from projter_desktop.services.errors import StorageError

    problem = read_problem_of(args.db)
    if problem is not None:
        raise StorageError(problem)

    def opened():  # type: ignore[no-untyped-def]
        # what an interrupted restore, backup or upgrade left is dealt with first, and said
        return open_checked(args.db, report=lambda note: sys.stderr.write(f"projter : {note}\n"))

    from projter_desktop.paths import default_db_path
    from projter_desktop.services import instance
    from projter_desktop.services.database import needs_upgrade, write_problem_of

    path = Path(args.db).expanduser() if args.db else default_db_path()
    if needs_upgrade(path) and not instance.held_here(path) and write_problem_of(path) is None:
        # upgrading the schema writes: a command that only reads takes the instance lock
        # for it (issue 15: one lock for every writer), refused while another Projter holds it
        with instance.acquire_instance_lock(path, program=f"projter {args.command} (mise à jour de la base)"):
            return opened()
    return opened()


def print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
