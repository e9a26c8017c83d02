"""The README's command-line section documents every command and every option of the
parser, and its examples (``$ projter …``) work as written, in order, in an empty folder."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from projter_desktop.cli import build_parser, main

README = Path(__file__).resolve().parents[2] / "README.md"


def cli_section() -> str:
    text = README.read_text("utf-8")
    start = text.index("\n## Command line\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def commands(parser, path=()):  # type: ignore[no-untyped-def]
    """(command path, parser) of the parser and of every sub-command, depth first."""
    yield path, parser
    for action in parser._actions:  # noqa: SLF001 - argparse keeps the sub-parsers there
        if isinstance(action.choices, dict):
            for name, child in action.choices.items():
                yield from commands(child, (*path, name))


def _word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_every_command_and_option_is_in_the_readme() -> None:
    section = cli_section()
    lines = section.splitlines()
    missing = []
    for path, parser in commands(build_parser()):
        if path and not any(all(_word(line, name) for name in path) for line in lines):
            missing.append(" ".join(path))
        for action in parser._actions:  # noqa: SLF001
            missing += [f"{' '.join(path)} {o}" for o in action.option_strings if not _word(section, o)]
    assert missing == [], f"not in the README's command-line section: {missing}"


def test_every_documented_command_exists() -> None:
    section = cli_section()
    names = {path[0] for path, _parser in commands(build_parser()) if path}
    documented = set(re.findall(r"^projter (?:\[[^\]]*\] )*([a-z][a-z-]+)", section, re.MULTILINE))
    documented |= set(re.findall(r"^\$ projter (?:--db \S+ )?(?:--create )?([a-z][a-z-]+)", section, re.MULTILINE))
    assert documented - names == set()
    assert len(documented) > 10


def examples() -> list[tuple[str, list[str]]]:
    """Each ``$ projter …`` line of the section with the lines it shows (``…``: anything)."""
    out: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```\n(.*?)```", cli_section(), re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((line[2:], []))
            elif out and block.lstrip().startswith("$ ") and line.strip():
                out[-1][1].append(line)
    return out


def test_the_examples_work_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROJTER_DB", raising=False)
    ran = 0
    for command, shown in examples():
        argv = shlex.split(command)
        assert argv[0] == "projter", command
        try:
            code = main(argv[1:])
        except SystemExit as exc:  # --help, --version
            code = exc.code
        out, err = capsys.readouterr()
        assert code == 0, (command, err)
        for expected in shown:
            if expected.strip() == "…":
                continue
            pattern = ".*".join(re.escape(part) for part in expected.split("…"))
            assert re.search(pattern, out), (command, expected, out)
        ran += 1
    assert ran >= 8
    assert os.path.exists(tmp_path / "ales.xlsx") and os.path.exists(tmp_path / "ateliers.projter")
