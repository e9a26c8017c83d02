"""The ``projter_desktop.cli`` package: every command module is wired in, the entry points
are where the console scripts look for them, and the start-up stays cheap."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import projter_desktop.cli as cli

#: Modules of the package that add no sub-command.
_NOT_COMMANDS = {"common", "__main__"}


def test_every_command_module_of_the_package_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(cli.__path__)} - _NOT_COMMANDS
    assert {name.rsplit(".", 1)[1] for name in cli._COMMAND_MODULES} == modules
    for name in cli._COMMAND_MODULES:
        assert callable(importlib.import_module(name).register), name


def test_console_script_entry_points() -> None:
    # pyproject.toml: projter = "projter_desktop.cli:main", projter-gui = "projter_desktop.cli:gui_main"
    assert callable(cli.main) and callable(cli.gui_main)


def test_help_imports_neither_services_nor_sqlalchemy_nor_qt() -> None:
    code = (
        "import json, sys\n"
        "from projter_desktop.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded = json.loads(result.stderr.strip().splitlines()[-1])
    heavy = [m for m in loaded if m.startswith(("projter_desktop.services", "projter_desktop.store", "projter_desktop.ui",
                                                "sqlalchemy", "PySide6", "reportlab", "cryptography"))]
    assert heavy == [], heavy


def test_python_dash_m_runs_the_command() -> None:
    for module in ("projter_desktop", "projter_desktop.cli"):
        result = subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and result.stdout.startswith("projter "), (module, result.stdout, result.stderr)
