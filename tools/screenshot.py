#!/usr/bin/env python3
"""Take the README's screenshot of the plan browser.

Usage (from the repository root; needs an X server, e.g. Xvfb)::

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshot.py docs/screenshots/plan-browser.png

Starts the real application (``create_application`` and ``MainWindow``) on a fresh
temporary database holding the bundled Alès 2018 plan, with its own temporary settings
(so neither the user's data nor their window layout are used), fills the screen with the
main window, selects one action, waits about a second for everything to be painted and
saves a grab of the whole screen as PNG.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ACTION_CODE = "1.2.c.P1"  # "Mettre en place une démarche ambitieuse d'économies d'énergie…"
DELAY_MS = 1000


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(args[0]).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="projter-screenshot-") as tmp:
        os.environ["PROJTER_DATA_DIR"] = tmp
        os.environ["PROJTER_DB"] = str(Path(tmp) / "projter.sqlite3")

        from PySide6.QtCore import QSettings, QTimer

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)

        from projter_desktop.services.database import open_app_database
        from projter_desktop.services.plans import get_plan
        from projter_desktop.ui.app import create_application
        from projter_desktop.ui.main_window import MainWindow

        app = create_application([sys.argv[0]])
        db = open_app_database()
        try:
            window = MainWindow(db)
            window.setGeometry(app.primaryScreen().availableGeometry())
            window.show()
            action = next(a for a in get_plan(db).actions() if a.code == ACTION_CODE)
            if not window.plan_browser.select_uuid(action.uuid):
                print(f"screenshot: action {ACTION_CODE} not found in the tree", file=sys.stderr)
                return 1
            window.plan_browser.tree.setFocus()
            app.processEvents()
            screen = app.primaryScreen().availableGeometry()
            if window.frameGeometry().width() > screen.width() or window.frameGeometry().height() > screen.height():
                minimum = window.minimumSizeHint()
                print(f"screenshot: warning: the window ({window.width()}x{window.height()}, minimum "
                      f"{minimum.width()}x{minimum.height()}) does not fit the screen "
                      f"({screen.width()}x{screen.height()}): the grab is clipped", file=sys.stderr)
            result: list[bool] = []

            def grab() -> None:
                pixmap = app.primaryScreen().grabWindow(0)
                result.append(not pixmap.isNull() and pixmap.save(str(out), "PNG"))
                app.quit()

            QTimer.singleShot(DELAY_MS, grab)
            app.exec()
            window.close()
        finally:
            db.close()
    if not result or not result[0]:
        print(f"screenshot: could not grab the screen into {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
