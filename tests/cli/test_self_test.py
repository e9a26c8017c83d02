"""``projter --self-test`` runs end to end in a subprocess and never touches the user's data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_self_test_passes_and_leaves_user_data_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"))
    # the self-test must ignore these (it works in its own temporary folder)
    env["PROJTER_DB"] = str(tmp_path / "user.sqlite3")
    env["PROJTER_DATA_DIR"] = str(tmp_path / "user-data")
    result = subprocess.run([sys.executable, "-m", "projter_desktop", "--self-test"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [line for line in lines if line.startswith("ÉCHEC")]
    for step in ("fichiers de l'application", "base de données neuve", "atelier de test", "interface"):
        assert any(line.startswith(f"OK {step}") for line in lines), (step, result.stdout)
    for step in ("compte-rendu PDF", "impression", "export .projter"):  # OK, or SAUTÉ while not merged yet
        assert any(line.startswith((f"OK {step}", f"SAUTÉ {step}")) for line in lines), (step, result.stdout)
    assert lines[-1].startswith("Autotest réussi")
    assert not (tmp_path / "user.sqlite3").exists()
    assert not (tmp_path / "user-data").exists()
    assert not any(home.rglob("*")), "the self-test wrote into the home folder"
