"""Every fault of the database file a French message, what to do, and an exit code (issue
15, item 4), for ``projter`` and for the GUI's start; a read-only database can still be
read (``workshop list``, ``workshop show``, ``minutes``, ``check``) in the read-only mode.

**Without root privileges.** The suite runs as root here and in CI, and root writes
through any file mode. The read-only and permission tests therefore run ``projter`` in a
child stripped of every capability (``setpriv --bounding-set=-all --inh-caps=-all``, from
util-linux): it keeps uid 0, so it still reaches the project and its virtual environment
wherever the clone lies, but, with no ``CAP_DAC_OVERRIDE``, the file modes bind it as they
bind any user (a ``chmod 444`` file cannot be written, a ``chmod 555`` folder cannot take
a new file). Run by a normal user, the child is started as it is.

Disk full (demo, import, backup, restore, upgrade) is tested on a small file system in
``test_disk_full.py``; on the ballot path in ``tests/gui/test_ballot_faults.py``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from projter_desktop.cli.common import EXIT_DB_BUSY, EXIT_NO_PERMISSION, EXIT_OK, EXIT_USER_ERROR

ROOT = Path(__file__).resolve().parents[2]
UNPRIVILEGED = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"] if os.geteuid() == 0 else []


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PROJTER_DATA_DIR": str(folder / "data"),
            "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}


def projter(db: Path, *args: str, unprivileged: bool = False, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "projter_desktop", "--db", str(db), *args]
    return subprocess.run([*(UNPRIVILEGED if unprivileged else []), *command], capture_output=True, text=True,
                          encoding="utf-8", env=_env(db.parent.parent), timeout=timeout, cwd=db.parent.parent)


def said(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("projter : ") and done.stderr.count("\n") == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database with a demo workshop (checkpointed: no -wal beside it), and its uuid."""
    folder = tmp_path_factory.mktemp("template")
    (folder / "base").mkdir()
    (folder / "data").mkdir()
    db = folder / "base" / "projter.sqlite3"
    done = projter(db, "demo", "--seed", "5", "--participants", "8")
    assert done.returncode == 0, done.stderr
    uuid = done.stdout.strip().rsplit(" ", 1)[-1]
    (db.parent / "projter.sqlite3.lock").unlink(missing_ok=True)
    return db, uuid


@pytest.fixture
def placed(tmp_path: Path, template: tuple[Path, str]):  # type: ignore[no-untyped-def]
    """A copy of the template in ``tmp_path/base/`` (modes given back at the end)."""
    (tmp_path / "base").mkdir()
    (tmp_path / "data").mkdir(exist_ok=True)
    db = tmp_path / "base" / "projter.sqlite3"
    shutil.copyfile(template[0], db)
    yield db, template[1]
    for path in (db.parent, db):
        if path.exists():
            os.chmod(path, 0o755 if path.is_dir() else 0o644)


def test_the_child_really_has_no_privilege(placed) -> None:  # type: ignore[no-untyped-def]
    db, _uuid = placed
    os.chmod(db, 0o444)
    probe = subprocess.run([*UNPRIVILEGED, sys.executable, "-c",
                            f"open({str(db)!r}, 'ab')"], capture_output=True, text=True)
    assert probe.returncode != 0 and "PermissionError" in probe.stderr  # as root it would have opened


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_is_read_and_refuses_writes_in_french(placed, what) -> None:  # type: ignore[no-untyped-def]
    db, uuid = placed
    folder = db.parent
    os.chmod(db if what == "file" else folder, 0o444 if what == "file" else 0o555)
    before = digest(folder)

    listed = projter(db, "workshop", "list", unprivileged=True)
    assert listed.returncode == EXIT_OK, listed.stderr
    assert uuid[:8] in listed.stdout and "Aucun atelier" not in listed.stdout
    shown = projter(db, "workshop", "show", uuid[:8], unprivileged=True)
    assert shown.returncode == EXIT_OK and "Atelier" in shown.stdout, shown.stderr
    minutes = projter(db, "minutes", uuid[:8], "-o", str(db.parent.parent / "data" / "cr.pdf"), unprivileged=True)
    assert minutes.returncode == EXIT_OK and "Compte-rendu écrit" in minutes.stdout, minutes.stderr
    checked = projter(db, "check", unprivileged=True)
    assert checked.returncode == EXIT_OK and "saine" in checked.stdout, (checked.stdout, checked.stderr)

    for command in (["demo", "--participants", "5"], ["backup"], ["check", "--seal"]):
        refused = projter(db, *command, unprivileged=True)
        said(refused, EXIT_NO_PERMISSION, "lecture seule", "rien n'a été enregistré", "copiez-la")
        assert "déjà ouverte" not in refused.stderr  # not "already in use"
    assert digest(folder) == before  # nothing written, nothing created beside it (no -wal, -shm, .lock)


def test_a_database_that_may_not_be_read_is_said(placed) -> None:  # type: ignore[no-untyped-def]
    db, _uuid = placed
    os.chmod(db, 0o000)
    for command in (["workshop", "list"], ["demo"]):
        said(projter(db, *command, unprivileged=True), EXIT_NO_PERMISSION, "Accès refusé", "droit de lecture")


def test_a_folder_given_for_the_database_is_said(placed) -> None:  # type: ignore[no-untyped-def]
    db, _uuid = placed
    for command in (["workshop", "list"], ["demo"], ["check"], ["minutes", "x", "-o", "cr.pdf"]):
        said(projter(db.parent, *command), EXIT_USER_ERROR, "est un dossier", "chemin du fichier")
    assert sorted(p.name for p in db.parent.iterdir()) == ["projter.sqlite3"]


def _set_versions(db: Path, *versions: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM alembic_version")
        conn.executemany("INSERT INTO alembic_version VALUES (?)", [(v,) for v in versions])
    conn.close()


@pytest.mark.parametrize("versions, words", [
    ((), ["est vide", "Restaurez la sauvegarde"]),
    (("0003_devices",), ["plus ancienne que les tables", "0003_devices"]),
    (("0001_plan", "0002_workshop"), ["plusieurs versions"]),
    (("9999_nouveau",), ["plus récente", "9999_nouveau", "modifiée"]),
], ids=["empty", "older_than_the_tables", "several_rows", "unknown"])
def test_a_damaged_schema_table_is_refused_and_the_file_left_untouched(placed, versions, words) -> None:  # type: ignore[no-untyped-def]
    db, _uuid = placed
    _set_versions(db, *versions)
    before = digest(db.parent)
    for command in (["workshop", "list"], ["demo"]):
        said(projter(db, *command), EXIT_USER_ERROR, *words)
    checked = projter(db, "check")
    assert checked.returncode == EXIT_USER_ERROR and all(w in checked.stdout for w in words), checked.stdout
    assert {k: v for k, v in digest(db.parent).items() if not k.endswith(".lock")} == \
        {k: v for k, v in before.items() if not k.endswith(".lock")}


HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE workshop SET title = title")
    print("HOLDING", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.rollback()
""")


@pytest.mark.slow
def test_a_database_busy_beyond_the_timeout_is_said(placed) -> None:  # type: ignore[no-untyped-def]
    """Another program (not Projter: no instance lock) holds SQLite's write lock for 30 s:
    a command that writes waits the busy timeout (5 s), then says so, exit 75."""
    db, _uuid = placed
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "HOLDING"
        started = time.monotonic()
        done = projter(db, "demo", "--participants", "5")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    said(done, EXIT_DB_BUSY, "est occupée", "5 s", "réessayez")
    assert waited >= 5


GUI_START = textwrap.dedent("""
    import sys
    from projter_desktop.ui.app import create_application
    from projter_desktop.ui.qt import QMessageBox
    shown = []
    for kind in ("critical", "warning", "information"):
        setattr(QMessageBox, kind, staticmethod(lambda _parent, _title, text, *a, **k: shown.append(text)))
    app = create_application(language="fr")
    from projter_desktop.ui.startup import open_database_for_gui
    db = open_database_for_gui(sys.argv[1])
    print("OPENED" if db is not None else "REFUSED")
    print("\\n---\\n".join(shown))
""")


@pytest.mark.parametrize("what", ["file", "folder", "directory"])
def test_the_gui_says_why_it_cannot_open_a_database_and_not_already_in_use(placed, what) -> None:  # type: ignore[no-untyped-def]
    db, _uuid = placed
    if what == "file":
        os.chmod(db, 0o444)
    elif what == "folder":
        os.chmod(db.parent, 0o555)
    target = db.parent if what == "directory" else db
    done = subprocess.run([*UNPRIVILEGED, sys.executable, "-c", GUI_START, str(target)], capture_output=True,
                          text=True, encoding="utf-8", env=_env(db.parent.parent), timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("REFUSED"), done.stdout
    assert "déjà utilisée" not in done.stdout and "already in use" not in done.stdout, done.stdout
    assert "Impossible d'ouvrir la base de données." in done.stdout, done.stdout
    assert ("est un dossier" if what == "directory" else "lecture seule") in done.stdout, done.stdout
