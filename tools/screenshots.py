#!/usr/bin/env python3
"""Capture the main screens of the real application for the README.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots.py [OUT_DIR] [--lang fr|en]

Starts the application on the X11 platform (``xcb``) with a temporary data folder and
database holding the demo workshop (plus a round left open with a few ballots, and an
export file from a second "laptop" for the import preview), then shows each screen in
turn and grabs the whole screen: plan browser, workshops, preparation, participants,
session (run screen), projector, import preview, consolidation.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SHOTS = ("plan-browser", "workshops", "preparation", "participants", "session", "projector", "import-preview",
         "consolidation")


def _prepare(tmp: Path) -> tuple[Path, str, Path]:
    """The database of laptop A (demo workshop + an open round) and an export of laptop B."""
    from projter_desktop.domain.voting import Method
    from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
    from projter_desktop.services import demo, plans, rounds, sync, workshops
    from projter_desktop.services.database import open_app_database

    laptop_b = tmp / "laptop-b"
    laptop_b.mkdir()
    os.environ["PROJTER_DATA_DIR"] = str(laptop_b)
    other = open_app_database(laptop_b / "b.sqlite3")
    other_uuid = demo.create_demo_workshop(other, seed=7, close=True, participants=18)
    export = tmp / "atelier-anduze.projter"
    sync.export_workshops(other, [other_uuid], export)
    other.close()

    os.environ["PROJTER_DATA_DIR"] = str(tmp)
    db = open_app_database(tmp / "projter.sqlite3")
    uuid = demo.create_demo_workshop(db, seed=0, participants=24)
    workshop = workshops.get_workshop(db, uuid)
    orientation = plans.get_plan(db, workshop.plan_uuid).axes[0].orientations[0]
    record = rounds.create_round(db, uuid, orientation.uuid, method=Method.MAJORITY_JUDGMENT, mode=RoundMode.NAMED,
                                 title="Second tour 1.1").value
    rounds.open_round(db, record.uuid)
    present = [a for a in workshop.attendees if a.status is AttendanceStatus.PRESENT]
    for index, attendee in enumerate(present[:9]):
        rounds.record_ballot(db, record.uuid, attendee.uuid,
                             {a: (index + position) % 4 for position, a in enumerate(record.action_uuids)})
    rounds.set_results_hidden(db, record.uuid, False)
    db.close()
    return tmp / "projter.sqlite3", uuid, export


def tab_of(window, widget) -> int:  # type: ignore[no-untyped-def]
    """The index of the main window's tab holding ``widget``."""
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        if page is widget or page.isAncestorOf(widget):
            return index
    return 0


def run_steps(app, window, out: Path, names, steps, *, finish=None, first_ms: int = 600,  # type: ignore[no-untyped-def]
              step_ms: int = 900) -> None:
    """Run each step, let it be painted, grab the whole screen as ``out/NAME.png``; then
    ``finish()``, close the window and quit (shared by the screenshot tools)."""
    from PySide6.QtCore import QTimer

    def grab(name: str) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        app.primaryScreen().grabWindow(0).save(str(path))
        print(path)

    def run(index: int = 0) -> None:
        if index > 0:
            grab(names[index - 1])
        if index == len(steps):
            if finish is not None:
                finish()
            window.close()
            app.quit()
            return
        steps[index]()
        QTimer.singleShot(step_ms, lambda: run(index + 1))

    QTimer.singleShot(first_ms, run)
    app.exec()


def main(argv: list[str]) -> int:
    language = "fr"
    if "--lang" in argv:
        language = argv[argv.index("--lang") + 1]
        del argv[argv.index("--lang"):argv.index("--lang") + 2]
    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    with tempfile.TemporaryDirectory(prefix="projter-shots-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["PROJTER_DB"] = str(tmp / "projter.sqlite3")
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
        db_path, workshop_uuid, export = _prepare(tmp)

        from projter_desktop.services import sync
        from projter_desktop.services.database import open_app_database
        from projter_desktop.ui import settings
        from projter_desktop.ui.app import create_application
        from projter_desktop.ui.import_dialog import ImportDialog
        from projter_desktop.ui.main_window import MainWindow

        app = create_application(language=language)
        settings.WELCOME_SHOWN.set(True)
        db = open_app_database(db_path)
        window = MainWindow(db)
        window.resize(1280, 760)
        window.move(0, 0)
        window.show()
        dialogs: list = []

        def step_plan() -> None:
            plan = window.plan_browser.model.plan()
            window.plan_browser.select_uuid(plan.axes[0].orientations[1].objectives[2].actions[0].uuid)

        def step_workshops() -> None:
            window.tabs.setCurrentIndex(tab_of(window, window.workshops_page))

        def step_preparation() -> None:
            window.workshops_page.open_workshop(workshop_uuid, 0)

        def step_participants() -> None:
            window.workshops_page.open_workshop(workshop_uuid, 1)

        def step_session() -> None:
            window.tabs.setCurrentIndex(tab_of(window, window.session_page))
            window.session_page.set_workshop(workshop_uuid)
            window.session_page.go_to_step(0)

        def step_projector() -> None:
            dialogs.append(window.projector.show_projector(full_screen=True))

        def step_import() -> None:
            for projector in dialogs:
                projector.close()
            dialogs.clear()
            batch = sync.preview_imports(db, [export])
            dialog = ImportDialog(window, batch)
            dialog.resize(1000, 560)
            dialog.show()
            dialogs.append(dialog)

        def step_consolidation() -> None:
            for dialog in dialogs:
                dialog.close()
            window.tabs.setCurrentIndex(tab_of(window, window.consolidation_page))

        steps = [step_plan, step_workshops, step_preparation, step_participants, step_session, step_projector,
                 step_import, step_consolidation]

        run_steps(app, window, out, SHOTS, steps)
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
