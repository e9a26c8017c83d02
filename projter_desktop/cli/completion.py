"""Command-line: ``projter completion bash|zsh`` — the shell completion script, generated
from the parser itself by shtab (so it never falls behind a new command or option)."""

from __future__ import annotations

import argparse
import sys

from projter_desktop.cli.common import EXIT_OK

SHELLS = ("bash", "zsh")


def register(sub) -> None:  # type: ignore[no-untyped-def]
    p = sub.add_parser("completion", help="script de complétion des commandes pour bash ou zsh")
    p.add_argument("shell", choices=SHELLS, metavar="bash|zsh", help="interpréteur de commandes (shell)")
    p.set_defaults(handler=_completion, needs_db=False)


def completion_script(shell: str) -> str:
    import shtab

    from projter_desktop.cli import build_parser

    return shtab.complete(build_parser(), shell=shell)


def _completion(args: argparse.Namespace) -> int:
    sys.stdout.write(completion_script(args.shell))
    return EXIT_OK
