#!/usr/bin/env python3
"""Capture what the room and the facilitator see, at one screen size.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/room_screenshots.py docs/screenshots/1366x768

Starts the real application on the X11 platform with a temporary data folder holding the
demo workshop, plus three rounds made for the purpose: a majority-judgment round of 15
actions (orientation 3.2), a yes/no round of 15 actions (orientation 1.2, the demo's secret
round) and an approval round whose first two actions tie. The main window fills the
screen (as a facilitator would maximise it) and each screen is grabbed whole:

* ``session.png`` — the Session page on the majority-judgment round, results revealed;
* ``preparation.png`` — the workshop's preparation form;
* ``projector-mj-15.png``, ``projector-yes-no-15.png``, ``projector-tie.png`` — the
  projector, full screen, showing each round's results (first page).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import run_steps, tab_of  # noqa: E402  (the tool beside this one)

SHOTS = ("session", "preparation", "projector-mj-15", "projector-yes-no-15", "projector-tie")


def _prepare(db_path: Path) -> dict[str, str]:
    """The demo workshop and the rounds to show: {name: uuid} (``workshop`` and one per round)."""
    from projter_desktop.domain.voting import GRADES, Method
    from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
    from projter_desktop.services import demo, plans, rounds, workshops
    from projter_desktop.services.database import open_app_database

    db = open_app_database(db_path)
    uuid = demo.create_demo_workshop(db, seed=0, participants=24)
    workshop = workshops.get_workshop(db, uuid)
    plan = plans.get_plan(db, workshop.plan_uuid)
    by_code = {o.code: o for o in plan.orientations()}
    present = [a for a in workshop.attendees if a.status is AttendanceStatus.PRESENT]
    found = {"workshop": uuid}

    # majority judgment, 15 actions, named: grades spread so that ranks and ties are explained
    orientation = by_code["3.2"]
    actions = [a.uuid for a in orientation.actions()][:15]
    record = rounds.create_round(db, uuid, orientation.uuid, method=Method.MAJORITY_JUDGMENT, mode=RoundMode.NAMED,
                                 action_uuids=actions, title="Second tour 3.2").value
    rounds.open_round(db, record.uuid)
    rng = random.Random(3)
    appeal = {a: 0.1 + 0.8 * rng.random() for a in actions}
    for attendee in present:
        leniency = rng.gauss(0, 0.1)
        rounds.record_ballot(db, record.uuid, attendee.uuid,
                             {a: min(len(GRADES) - 1, max(0, int((1 - appeal[a] - leniency + rng.gauss(0, 0.25))
                                                                 * len(GRADES)))) for a in actions})
    rounds.close_round(db, record.uuid)
    found["projector-mj-15"] = record.uuid

    # yes/no, 15 actions: the demo's secret round of orientation 1.2
    found["projector-yes-no-15"] = next(r.uuid for r in workshops.get_workshop(db, uuid).rounds
                                        if r.orientation_uuid == by_code["1.2"].uuid)

    # approval with a tie for the first place
    orientation = by_code["2.1"]
    actions = [a.uuid for a in orientation.actions()][:6]
    record = rounds.create_round(db, uuid, orientation.uuid, method=Method.APPROVAL, mode=RoundMode.NAMED,
                                 action_uuids=actions, title="Départage 2.1").value
    rounds.open_round(db, record.uuid)
    for voter, attendee in enumerate(present):
        rounds.record_ballot(db, record.uuid, attendee.uuid,
                             {a: position < 2 or (voter + position) % 3 == 0 for position, a in enumerate(actions)})
    rounds.close_round(db, record.uuid)
    found["projector-tie"] = record.uuid
    db.close()
    return found


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    with tempfile.TemporaryDirectory(prefix="projter-room-shots-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["PROJTER_DATA_DIR"] = str(tmp)
        os.environ["PROJTER_DB"] = str(tmp / "projter.sqlite3")
        from PySide6.QtCore import QSettings, Qt

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
        found = _prepare(tmp / "projter.sqlite3")

        from projter_desktop.services.database import open_app_database
        from projter_desktop.ui import settings
        from projter_desktop.ui.app import create_application
        from projter_desktop.ui.main_window import MainWindow

        app = create_application(language="fr")
        settings.WELCOME_SHOWN.set(True)
        db = open_app_database(tmp / "projter.sqlite3")
        window = MainWindow(db)
        window.setGeometry(app.primaryScreen().availableGeometry())  # maximised (Xvfb has no window manager)
        window.show()
        page = window.session_page
        projectors: list = []

        def show_round(round_uuid: str) -> None:
            window.tabs.setCurrentIndex(tab_of(window, page))
            page.set_workshop(found["workshop"])
            record = next(r for r in page.workshop.rounds if r.uuid == round_uuid)
            step = next(i for i, o in enumerate(page.orientations) if o.uuid == record.orientation_uuid)
            page.go_to_step(step)
            for row in range(page.rounds_list.count()):
                if page.rounds_list.item(row).data(Qt.ItemDataRole.UserRole) == round_uuid:
                    page.rounds_list.setCurrentRow(row)

        def step_session() -> None:
            show_round(found["projector-mj-15"])

        def step_preparation() -> None:
            window.tabs.setCurrentIndex(tab_of(window, window.workshops_page))
            window.workshops_page.open_workshop(found["workshop"], 0)

        def projector_of(name: str):  # type: ignore[no-untyped-def]
            def step() -> None:
                for projector in projectors:
                    projector.close()
                projectors.clear()
                show_round(found[name])
                projectors.append(window.projector.show_projector(full_screen=True))
            return step

        steps = [step_session, step_preparation] + [projector_of(name) for name in SHOTS[2:]]

        def close_projectors() -> None:
            for projector in projectors:
                projector.close()

        run_steps(app, window, out, SHOTS, steps, finish=close_projectors, first_ms=800)
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
