"""Backups and the health check in the GUI.

- File → Back up now; File → Restore a backup… (list of backups, confirmation, then the
  window works on the restored database at once);
- Help → Check the database (report dialog);
- a backup after a workshop is closed (listening to ``window.changed``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from projter_desktop.services import backup
from projter_desktop.services.changes import Changes, Result
from projter_desktop.ui import settings
from projter_desktop.ui.icons import icon
from projter_desktop.ui.operations import perform, run_op
from projter_desktop.ui.qt import (
    QAction,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QObject,
    QPushButton,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from projter_desktop.services.integrity import CheckReport

#: Everything may have changed after a restore.
EVERYTHING = Changes.everything()

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def install(window) -> None:  # type: ignore[no-untyped-def]
    window.maintenance = Maintenance(window)


class Maintenance(QObject):
    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.setObjectName("maintenance")
        self.window = window
        self.act_backup = QAction(icon("backup"), self.tr("Back &up now"), window)
        self.act_backup.setObjectName("actionBackupNow")
        self.act_backup.setStatusTip(self.tr("Save a copy of the database in the backups folder"))
        self.act_backup.triggered.connect(self.backup_now)
        self.act_restore = QAction(icon("backup"), self.tr("&Restore a backup…"), window)
        self.act_restore.setObjectName("actionRestoreBackup")
        self.act_restore.setStatusTip(self.tr("Replace the database with one of its backups"))
        self.act_restore.triggered.connect(self.restore_backup)
        self.act_check = QAction(icon("settings"), self.tr("&Check the database"), window)
        self.act_check.setObjectName("actionCheckDatabase")
        self.act_check.setStatusTip(self.tr("Look for damage or inconsistencies in the database"))
        self.act_check.triggered.connect(self.check_database)

        quit_action = getattr(window, "act_quit", None)
        if quit_action is not None and quit_action in window.menu_file.actions():
            window.menu_file.insertAction(quit_action, self.act_backup)
            window.menu_file.insertAction(quit_action, self.act_restore)
            window.menu_file.insertSeparator(quit_action)
        else:
            window.menu_file.addAction(self.act_backup)
            window.menu_file.addAction(self.act_restore)
        window.menu_help.addAction(self.act_check)

        self._backed_up: set[str] = set()
        self._seen_closed = False
        window.changed.connect(self._on_changed)

    # -- helpers -------------------------------------------------------------------------
    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.window.db

    def _keep(self) -> int:
        return max(1, int(settings.BACKUPS_TO_KEEP.get()))

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def _error(self, message: str, details: str | None = None) -> None:
        self.window.show_error(message, details)

    # -- back up -------------------------------------------------------------------------
    def backup_now(self) -> None:
        db, keep = self.db, self._keep()
        run_op(self.window, lambda _token: backup.backup_now(db, reason=backup.MANUAL, keep=keep),
               lambda path: self._status(self.tr("Backup saved: %1").replace("%1", str(path))),
               lambda exc: self._error(self.tr("The backup failed."), str(exc)))

    def _on_changed(self, changes: Changes) -> None:
        # a workshop closed here, or workshops brought in whole (an import may bring closed ones);
        # a ballot, a decision or an attendance change never starts a check
        candidates = set(changes.closed) | (set(changes.workshop_uuids) if changes.workshops else set())
        if not candidates:
            return
        if not self._seen_closed:
            # workshops closed before this session need no new backup
            self._seen_closed = True
            self._backed_up |= backup.closed_workshop_uuids(self.db) - candidates
        db, keep, uuids, done = self.db, self._keep(), candidates, self._backed_up
        run_op(self.window, lambda _token: backup.backup_after_closing(db, uuids, already=done, keep=keep),
               self._after_closing_backup,
               lambda exc: self._error(self.tr("The backup after closing the workshop failed."), str(exc)))

    def _after_closing_backup(self, path: Path | None) -> None:
        if path is not None:
            self._status(self.tr("Workshop closed; backup saved: %1").replace("%1", str(path)))

    # -- restore -------------------------------------------------------------------------
    def restore_backup(self) -> None:
        dialog = RestoreDialog(self.db.path, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        chosen = dialog.chosen
        problems = backup.verify_backup(chosen)
        if problems:
            self._error(self.tr("This backup cannot be restored."), problems[0])
            return
        answer = QMessageBox.question(
            self.window, self.tr("Restore a backup"),
            self.tr("Replace the current database with the backup “%1”?\n\n"
                    "The current database is backed up first, so this can be undone.").replace("%1", chosen.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore_file(chosen)

    def restore_file(self, chosen: Path) -> bool:
        """Replace the database by ``chosen`` and go on working on it (no restart needed).

        On the one change path, on the UI thread: the window's database is closed, replaced
        and reopened in one step, before anything else may use it; every view then reloads
        from the broadcast (``Changes.everything()``)."""
        from projter_desktop.services.database import open_app_database

        old = self.db
        path, keep = old.path, self._keep()
        restored: list[backup.RestoreResult] = []

        def restore() -> Result[backup.RestoreResult]:
            old.close()  # no connection of ours in the way of the restore's one transaction
            restored.append(backup.restore(path, chosen, keep=keep))
            self.window.db = open_app_database(path)
            self._backed_up.clear()
            self._seen_closed = False
            return Result(restored[0], EVERYTHING)

        def refused(message: str) -> None:
            if not restored:
                self._error(self.tr("The backup could not be restored; the database was not changed."), message)
            else:
                QMessageBox.critical(self.window, self.tr("Restore a backup"),
                                     self.tr("The backup was restored but cannot be opened. Restart Projter.")
                                     + "\n\n" + message)

        def done(result: backup.RestoreResult) -> None:
            message = self.tr("Backup restored from %1.").replace("%1", result.restored_from.name)
            if result.safety_backup is not None:
                message += " " + self.tr("The replaced database was saved as %1.").replace("%1", result.safety_backup.name)
            self._status(message)

        return perform(self.window, restore, initiator=self, on_success=done, on_failure=refused)

    # -- check ---------------------------------------------------------------------------
    def check_database(self) -> None:
        from projter_desktop.services.integrity import check

        db = self.db
        run_op(self.window, lambda _token: check(db), self.show_report,
               lambda exc: self._error(self.tr("The check could not run."), str(exc)),
               progress_label=self.tr("Checking the database…"))

    def show_report(self, report: CheckReport) -> None:
        dialog = CheckReportDialog(report, self.window)
        self.last_report_dialog = dialog
        dialog.open()


class RestoreDialog(QDialog):
    """The backups of the database, newest first; or another file chosen on disk."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore a backup"))
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Choose the backup to restore. The current database is backed up first."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setObjectName("backupList")
        self.list.setAccessibleName(self.tr("Backups"))
        layout.addWidget(self.list)
        for info in backup.list_backups(db_path):
            local = info.created_at.astimezone().strftime("%d/%m/%Y %H:%M:%S")
            item = QListWidgetItem(f"{local} — {self.reason_label(info.reason)} — {backup.size_fr(info.size)}")
            item.setData(PATH_ROLE, str(info.path))
            item.setToolTip(str(info.path))
            self.list.addItem(item)
        self.empty = QLabel(self.tr("No backup yet. Use File → Back up now."), self)
        self.empty.setVisible(self.list.count() == 0)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.other_button = QPushButton(self.tr("Other &file…"), self)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self._accept_selected)
        buttons.rejected.connect(self.reject)
        self.other_button.clicked.connect(self._choose_file)
        self.list.itemDoubleClicked.connect(lambda _item: self._accept_selected())
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        layout.addWidget(buttons)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(self.list.count() > 0)
        self.resize(560, 360)

    def reason_label(self, reason: str) -> str:
        labels = {
            backup.STARTUP: self.tr("at start-up"),
            backup.CLOSED: self.tr("after closing a workshop"),
            backup.MANUAL: self.tr("by hand"),
            backup.BEFORE_RESTORE: self.tr("before a restore"),
        }
        return labels.get(reason, reason)

    def _accept_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = Path(item.data(PATH_ROLE))
        self.accept()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a backup"), str(Path.home()),
                                              self.tr("Projter databases (*.sqlite3 *.sqlite *.db);;All files (*)"))
        if path:
            self.chosen = Path(path)
            self.accept()


class CheckReportDialog(QDialog):
    def __init__(self, report: CheckReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkReportDialog")
        self.setWindowTitle(self.tr("Database check"))
        self.report = report
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.summary.setText(self.tr("The database is healthy.") if report.healthy
                             else self.tr("Problems were found in the database."))
        layout.addWidget(self.summary)
        self.details = QTextBrowser(self)
        self.details.setObjectName("checkDetails")
        layout.addWidget(self.details)
        from projter_desktop.services.integrity import Severity

        lines = [f"<p><b>{_escape(report.summary_fr())}</b></p>"]
        colours = {Severity.ERROR: "#b91c1c", Severity.WARNING: "#b45309", Severity.INFO: "#374151"}
        for finding in report.findings:
            lines.append(f'<p style="color:{colours[finding.severity]}">{_escape(finding.line_fr())}</p>')
        self.details.setHtml("".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(640, 420)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
