"""The command line speaks French from end to end: argparse's own texts (usage, help,
usage errors) included, one French sentence on stderr, exit code 2, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from projter_desktop.cli import build_parser, main
from projter_desktop.cli.common import translate_error

ENGLISH = ("usage:", "error:", "positional arguments", "the following arguments", "invalid choice", "invalid int",
           "unrecognized", "required", "expected", "choose from", "show this help", "not allowed",
           "version number")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("args", "expected"), [
    (["plan", "export", "x"], "projter : Argument(s) obligatoire(s) manquant(s) : -o/--output. "
                              "Aide : projter plan export --help\n"),
    (["demo", "--seed", "x"], "projter : Argument --seed : « x » n'est pas un nombre entier valide. "
                              "Aide : projter demo --help\n"),
    (["plan", "list", "--foo"], "projter : Argument(s) non reconnu(s) : --foo. Aide : projter --help\n"),
    (["frobnicate"], "projter : Commande inconnue : « frobnicate » (choisir parmi « plan », "),
    (["plan", "frob"], "projter : Commande inconnue : « frob » (choisir parmi « list », « show », « import », "
                       "« export »). Aide : projter plan --help\n"),
    (["import", "x.projter", "--resolve", "y"], "projter : Argument --resolve : choix invalide : « y » (choisir "
                                                "parmi « mine », « theirs », « copy »). Aide : projter import --help\n"),
    (["export", "-o", "x.projter", "--all", "-w", "1"], "projter : Argument --workshop/-w : incompatible avec "
                                                         "l'argument --all. Aide : projter export --help\n"),
    (["export", "-o", "x.projter"], "projter : Un des arguments --all --workshop/-w est obligatoire. "),
    (["plan", "export", "x", "-o"], "projter : Argument -o/--output : une valeur est attendue. "),
    (["plan"], "projter : Argument(s) obligatoire(s) manquant(s) : ACTION. Aide : projter plan --help\n"),
    (["workshop"], "projter : Argument(s) obligatoire(s) manquant(s) : ACTION. Aide : projter workshop --help\n"),
    (["ballots", "w", "-o", "x.pdf", "--round", "zéro"], "projter : Argument --round/-r : nombre entier attendu, "),
    (["--lang", "de"], "projter : Argument --lang : choix invalide : « de » (choisir parmi « fr », « en »). "),
])
def test_usage_errors_are_one_french_sentence_exit_2_and_nothing_is_created(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], expected: str) -> None:
    db = tmp_path / "absent" / "projter.sqlite3"
    code, out, err = run(capsys, "--db", str(db), *args)
    assert code == 2 and out == ""
    assert err.startswith(expected), err
    assert err.count("\n") == 1 and "Aide : projter" in err
    assert not any(word in err for word in ENGLISH), err
    assert not (tmp_path / "absent").exists()


def _every_parser(parser):  # type: ignore[no-untyped-def]
    yield parser
    for action in parser._actions:  # noqa: SLF001
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            for child in action.choices.values():
                yield from _every_parser(child)


def test_every_help_page_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    pages = 0
    for parser in _every_parser(build_parser()):
        text = parser.format_help()
        assert text.startswith(f"utilisation : {parser.prog}"), text
        assert "afficher cette aide et quitter" in text
        assert not any(word in text for word in ENGLISH), (parser.prog, text)
        pages += 1
    assert pages > 20


def test_help_and_version_exit_0_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--help")
    assert (code, err) == (0, "")
    assert out.startswith("utilisation : projter [-h]") and "\narguments:\n" in out
    assert "afficher le numéro de version et quitter" in out
    code, out, err = run(capsys, "plan", "import", "-h")
    assert code == 0 and out.startswith("utilisation : projter plan import [-h] [--name NOM] [--new-ids] FICHIER")


def test_messages_that_are_not_argparse_s_are_kept() -> None:
    assert translate_error("date « 31/12 » invalide") == "date « 31/12 » invalide"
    assert translate_error("argument --from: date « 31/12 » invalide") == "argument --from : date « 31/12 » invalide"


def test_the_console_script_too(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LANG": "C"}
    (tmp_path / "here").mkdir()
    result = subprocess.run([sys.executable, "-m", "projter_desktop", "--db", str(tmp_path / "here" / "x.sqlite3"), "plan",
                             "export", "x"], capture_output=True, text=True, env=env, timeout=60, encoding="utf-8")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("projter : Argument(s) obligatoire(s) manquant(s) : -o/--output. "
                             "Aide : projter plan export --help\n")
    assert list((tmp_path / "here").iterdir()) == []


def test_system_errors_are_said_in_french() -> None:
    import errno

    from projter_desktop.cli import os_error_fr

    assert os_error_fr(FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/y.pdf")) == \
        "« /x/y.pdf » : introuvable."
    assert os_error_fr(PermissionError(errno.EACCES, "Permission denied", "/root/z")) == "« /root/z » : accès refusé."
    assert os_error_fr(OSError(errno.ENOSPC, "No space left on device")) == "Disque plein."
