"""What every sub-command of ``projter`` shares: exit codes, the parser, the database, JSON output.

Cheap imports only: this module is imported each time ``projter`` starts.
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """A usage error: one line and where to find help, exit code 2 (no usage paragraph)."""

    def error(self, message: str) -> None:
        self.exit(EXIT_USAGE, f"projter : {message}\nAide : projter --help\n")


def open_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The database named by ``--db`` (or ``PROJTER_DB``, or the data folder), checked and migrated."""
    from projter_desktop.services.backup import open_checked

    return open_checked(args.db)


def print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
