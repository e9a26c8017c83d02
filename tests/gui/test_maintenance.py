"""Backups and the database check in the GUI, and the safe opening of the database at
start-up (instance lock, damaged file, start-up backup). Dialogs are patched (as Vorta
does) and background operations run synchronously."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from projter_desktop.services import backup, workshops
from projter_desktop.services.database import open_app_database
from projter_desktop.services.changes import Changes
from projter_desktop.services.demo import create_demo_workshop
from projter_desktop.services.instance import acquire_instance_lock
from projter_desktop.services.plans import list_plans
from projter_desktop.ui import maintenance, operations, settings, startup
from projter_desktop.ui.main_window import MainWindow


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.seek(path.stat().st_size // 2 // 4096 * 4096)
        handle.write(b"\x3c" * 3 * 4096)
    assert backup.quick_check(path)


class Dialogs:
    """Records the message boxes shown; answers questions with ``answer``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes
        for kind in ("critical", "warning", "information"):
            monkeypatch.setattr(QMessageBox, kind, staticmethod(self._record(kind)))
        monkeypatch.setattr(QMessageBox, "question", staticmethod(self._question))

    def _record(self, kind: str):  # type: ignore[no-untyped-def]
        def show(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.shown.append((kind, text))
            return QMessageBox.StandardButton.Ok
        return show

    def _question(self, parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.shown.append(("question", text))
        return self.answer

    def kinds(self) -> list[str]:
        return [k for k, _ in self.shown]


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(monkeypatch)


@pytest.fixture
def synchronous():  # type: ignore[no-untyped-def]
    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)


@pytest.fixture
def window(qtbot, db, synchronous):  # type: ignore[no-untyped-def]
    win = MainWindow(db)
    if not hasattr(win, "maintenance"):  # until ui/main_window.py lists it in FEATURES
        maintenance.install(win)
    qtbot.addWidget(win)
    win.show()
    return win


def add_workshop(db, title: str = "Atelier ajouté") -> str:  # type: ignore[no-untyped-def]
    return workshops.create_workshop(db, plan_uuid=list_plans(db)[0].uuid, title=title).value.uuid


# --------------------------------------------------------------------------- menus


def test_menus_offer_backup_restore_and_check(window: MainWindow) -> None:
    file_actions = window.menu_file.actions()
    feature = window.maintenance
    assert feature.act_backup in file_actions and feature.act_restore in file_actions
    assert file_actions.index(feature.act_restore) < file_actions.index(window.act_quit)
    assert feature.act_check in window.menu_help.actions()


def test_back_up_now(window: MainWindow) -> None:
    window.maintenance.act_backup.trigger()
    made = backup.list_backups(window.db.path)
    assert len(made) == 1 and made[0].reason == backup.MANUAL
    assert made[0].path.name in window.statusBar().currentMessage()


def test_closing_a_workshop_makes_one_backup(window: MainWindow) -> None:
    uuid = add_workshop(window.db)
    window.changed.emit(workshops.update_workshop(window.db, uuid, place="Alès").changes)
    assert backup.list_backups(window.db.path) == []
    window.changed.emit(workshops.close_workshop(window.db, uuid).changes)
    made = backup.list_backups(window.db.path)
    assert [b.reason for b in made] == [backup.CLOSED]
    window.changed.emit(Changes(workshops=True, workshop_uuids=frozenset({uuid})))
    assert len(backup.list_backups(window.db.path)) == 1, "a workshop is backed up once after it closes"


def test_restore_a_backup_from_the_list(window: MainWindow, dialogs: Dialogs, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    saved = backup.backup_now(window.db)
    add_workshop(window.db, "Après la sauvegarde")
    old_db = window.db

    def choose_first(dialog: maintenance.RestoreDialog) -> int:
        assert dialog.list.count() == 1
        dialog.list.setCurrentRow(0)
        dialog._accept_selected()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(maintenance.RestoreDialog, "exec", choose_first)
    with qtbot.waitSignal(window.changed, timeout=2000) as changed:
        window.maintenance.act_restore.trigger()

    assert dialogs.kinds() == ["question"] and saved.name in dialogs.shown[0][1]
    assert changed.args[0].plans and changed.args[0].workshops
    assert window.db is not old_db and window.db.path == old_db.path
    assert workshops.list_workshops(window.db) == []
    safety = [b for b in backup.list_backups(window.db.path) if b.reason == backup.BEFORE_RESTORE]
    assert len(safety) == 1
    assert saved.name in window.statusBar().currentMessage()


def test_restore_cancelled_at_the_question_changes_nothing(window: MainWindow, dialogs: Dialogs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    backup.backup_now(window.db)
    add_workshop(window.db)
    dialogs.answer = QMessageBox.StandardButton.No

    def choose_first(dialog: maintenance.RestoreDialog) -> int:
        dialog._accept_selected()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(maintenance.RestoreDialog, "exec", choose_first)
    db = window.db
    window.maintenance.act_restore.trigger()
    assert window.db is db and len(workshops.list_workshops(db)) == 1


def test_a_restore_failing_part_way_leaves_the_window_on_its_database(window: MainWindow, dialogs: Dialogs,  # type: ignore[no-untyped-def]
                                                                       monkeypatch) -> None:
    """The disk fills while the backup's pages are written into the live database: the
    transaction is rolled back, the window goes on with its data, the user is told."""
    saved = backup.backup_now(window.db)
    kept = add_workshop(window.db, "Après la sauvegarde")

    real = backup._online_copy

    def fails_after_some_pages(src, dst, crash, *, pages=backup.COPY_STEP_PAGES):  # type: ignore[no-untyped-def]
        if crash != "restore.copying":  # the before-restore backup goes through
            return real(src, dst, crash, pages=pages)

        def progress(_status: int, _remaining: int, _total: int) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        src.backup(dst, pages=4, progress=progress)
        return None

    shown: list[tuple[str, str | None]] = []
    monkeypatch.setattr(backup, "_online_copy", fails_after_some_pages)
    monkeypatch.setattr(window, "show_error", lambda message, details=None: shown.append((message, details)))
    window.maintenance.restore_file(saved)
    assert len(shown) == 1 and dialogs.kinds() == []
    message, details = shown[0]
    assert "not changed" in message or "pas été modifiée" in message
    assert details is not None and "plein" in details and "rien n'a été remplacé" in details
    assert kept in {w.uuid for w in workshops.list_workshops(window.db)}, "the window works on, nothing lost"
    assert backup.integrity_check(window.db.path) == ()


def test_restore_dialog_lists_backups_newest_first(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    first = backup.backup_now(db, reason=backup.STARTUP)
    second = backup.backup_now(db, reason=backup.MANUAL)
    dialog = maintenance.RestoreDialog(db.path)
    qtbot.addWidget(dialog)
    paths = [Path(dialog.list.item(i).data(maintenance.PATH_ROLE)) for i in range(dialog.list.count())]
    assert paths == [second, first]
    assert dialog.restore_button.isEnabled() and not dialog.empty.isVisibleTo(dialog)


def test_restore_dialog_without_backups(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = maintenance.RestoreDialog(db.path)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 0 and not dialog.restore_button.isEnabled() and dialog.empty.isVisibleTo(dialog)


def test_check_the_database_shows_a_report(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.maintenance.act_check.trigger()
    dialog = window.maintenance.last_report_dialog
    qtbot.addWidget(dialog)
    assert dialog.report.healthy and "saine" in dialog.details.toPlainText()

    create_demo_workshop(window.db, seed=1, close=True, participants=8)
    conn = sqlite3.connect(window.db.path)
    conn.execute("UPDATE decision SET rationale = 'après coup' WHERE id = (SELECT min(id) FROM decision)")
    conn.commit()
    conn.close()
    window.maintenance.act_check.trigger()
    dialog = window.maintenance.last_report_dialog
    qtbot.addWidget(dialog)
    assert not dialog.report.healthy
    assert "empreinte" in dialog.details.toPlainText() and "ERREUR" in dialog.details.toPlainText()


# --------------------------------------------------------------------------- start-up


def test_startup_opens_backs_up_and_locks(qapp, tmp_path: Path, dialogs: Dialogs,  # type: ignore[no-untyped-def]
                                         synchronous) -> None:
    path = tmp_path / "site" / "base.sqlite3"
    db = startup.open_database_for_gui(path)
    assert db is not None and db.created
    assert backup.list_backups(path) == [], "a new database is not backed up"
    add_workshop(db)
    startup.close_database_for_gui(db)

    db = startup.open_database_for_gui(path)
    assert db is not None
    made = backup.list_backups(path)
    assert [b.reason for b in made] == [backup.STARTUP]
    # a second window on the same database is refused, with the reason
    assert startup.open_database_for_gui(path) is None
    assert dialogs.kinds() == ["critical"] and "déjà ouverte" in dialogs.shown[0][1]
    startup.close_database_for_gui(db)

    db = startup.open_database_for_gui(path)  # nothing changed: no second start-up backup
    assert db is not None and len(backup.list_backups(path)) == 1
    startup.close_database_for_gui(db)


def test_startup_backup_is_made_on_a_worker_once_the_event_loop_runs(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    dialogs: Dialogs) -> None:
    path = tmp_path / "base.sqlite3"
    db = startup.open_database_for_gui(path)
    assert db is not None
    add_workshop(db)
    startup.close_database_for_gui(db)

    db = startup.open_database_for_gui(path)
    assert db is not None
    assert backup.list_backups(path) == [], "not before the window is shown"
    qtbot.waitUntil(lambda: [b.reason for b in backup.list_backups(path)] == [backup.STARTUP], timeout=10000)
    startup.close_database_for_gui(db)
    # closed before the event loop ran: the backup is made at closing, never skipped
    db = startup.open_database_for_gui(path)
    assert db is not None
    add_workshop(db, "Atelier 2")
    startup.close_database_for_gui(db)
    assert [b.reason for b in backup.list_backups(path)] == [backup.STARTUP, backup.STARTUP]
    assert dialogs.kinds() == []


def test_startup_keeps_the_number_of_backups_set(qapp, tmp_path: Path, dialogs: Dialogs) -> None:  # type: ignore[no-untyped-def]
    settings.BACKUPS_TO_KEEP.set(2)
    path = tmp_path / "base.sqlite3"
    for i in range(4):
        db = startup.open_database_for_gui(path)
        assert db is not None
        add_workshop(db, f"Atelier {i}")
        startup.close_database_for_gui(db)
    assert len(backup.list_backups(path)) == 2


def _damaged_with_backup(path: Path) -> Path:
    db = open_app_database(path)
    create_demo_workshop(db, participants=8)
    saved = backup.backup_now(db)
    db.close()
    damage(path)
    return saved


def test_startup_with_a_damaged_database_offers_the_backup_and_a_no_leaves_it(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                            dialogs: Dialogs) -> None:
    path = tmp_path / "base.sqlite3"
    saved = _damaged_with_backup(path)
    before = sha(path)
    dialogs.answer = QMessageBox.StandardButton.No
    assert startup.open_database_for_gui(path) is None
    assert dialogs.kinds() == ["question"]
    assert "damaged" in dialogs.shown[0][1].lower() or "endommag" in dialogs.shown[0][1]
    assert str(saved) in dialogs.shown[0][1]
    assert sha(path) == before and not list(tmp_path.glob("base.sqlite3.damaged-*"))
    # and the lock was released: another try can go on
    acquire_instance_lock(path).release()


def test_startup_with_a_damaged_database_restores_on_yes_keeping_the_damaged_file(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                                dialogs: Dialogs) -> None:
    path = tmp_path / "base.sqlite3"
    _damaged_with_backup(path)
    before = sha(path)
    db = startup.open_database_for_gui(path)
    assert db is not None
    try:
        assert dialogs.kinds() == ["question", "information"]
        aside = [p for p in tmp_path.glob("base.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
        assert len(aside) == 1 and sha(aside[0]) == before and str(aside[0]) in dialogs.shown[1][1]
        assert len(workshops.list_workshops(db)) == 1
    finally:
        startup.close_database_for_gui(db)


def test_startup_finishes_an_interrupted_restore_and_says_so(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             dialogs: Dialogs, synchronous) -> None:
    """Killed between its renames, an older version's restore left the database as
    ``.replaced-*`` and the backup as ``.restoring``, no database: the next window does
    not create an empty one; it finishes the restore, keeps the replaced data as a backup,
    and tells the user."""
    path = tmp_path / "base.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, participants=8)
    chosen = backup.backup_now(db)
    add_workshop(db, "Après la sauvegarde")
    db.close()
    path.rename(path.with_name(path.name + ".replaced-20261201T101010.000Z"))
    backup.backup_file(chosen, path.with_name(path.name + backup.RESTORING))

    db = startup.open_database_for_gui(path)
    assert db is not None
    try:
        assert dialogs.kinds() == ["information"]
        assert "terminée" in dialogs.shown[0][1] and "rangée parmi les sauvegardes" in dialogs.shown[0][1]
        assert not db.created and len(workshops.list_workshops(db)) == 1
        adopted = [b for b in backup.list_backups(path) if b.reason == backup.RECOVERED]
        assert len(adopted) == 1
        kept = open_app_database(adopted[0].path)
        assert "Après la sauvegarde" in {w.title for w in workshops.list_workshops(kept)}, "nothing lost"
        kept.close()
    finally:
        startup.close_database_for_gui(db)


def test_startup_with_a_damaged_database_and_no_backup(qapp, tmp_path: Path, dialogs: Dialogs) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "base.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, participants=8)
    db.close()
    damage(path)
    before = sha(path)
    assert startup.open_database_for_gui(path) is None
    assert dialogs.kinds() == ["critical"]
    assert "Aucune sauvegarde valide" in dialogs.shown[0][1]
    assert sha(path) == before


def test_the_lock_is_released_with_the_window_database_after_a_restore(qtbot, tmp_path: Path, dialogs: Dialogs,  # type: ignore[no-untyped-def]
                                                                       synchronous) -> None:
    path = tmp_path / "base.sqlite3"
    db = startup.open_database_for_gui(path)
    assert db is not None
    saved = backup.backup_now(db)
    win = MainWindow(db)
    qtbot.addWidget(win)
    if not hasattr(win, "maintenance"):
        maintenance.install(win)
    assert win.maintenance.restore_file(saved)
    assert win.db is not db
    startup.close_database_for_gui(win.db)
    acquire_instance_lock(path).release()  # free again


def test_startup_cleans_a_backup_cut_short_without_stopping_the_start(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       dialogs: Dialogs, synchronous) -> None:
    """The start-up backup runs beside the window: closing the app (or the computer
    stopping) during it leaves a ``.partial`` copy. The database was never touched, so the
    next start deletes it without a dialog (every start after a quick close showed one, and
    a start driven without a user — the start-up benchmark — waited on it forever)."""
    path = tmp_path / "base.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, participants=8)
    made = backup.backup_now(db)
    db.close()
    partial = made.with_name(made.name + backup.PARTIAL)
    made.rename(partial)

    db = startup.open_database_for_gui(path)
    assert db is not None
    try:
        assert dialogs.kinds() == []
        assert not partial.exists()
        assert len(workshops.list_workshops(db)) == 1
    finally:
        startup.close_database_for_gui(db)
