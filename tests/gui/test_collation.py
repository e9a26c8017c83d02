"""French collation of the lists of people and communes (ui.collation)."""

from __future__ import annotations

from projter_desktop.ui.collation import sort_key, sorted_fr


def test_accents_case_and_numbers_sort_the_french_way():
    names = ["Zoë Martin", "zacharie Roux", "Éloïse Brun", "emma Petit", "Émile Durand", "Eloi Faure"]
    assert sorted_fr(names) == ["Eloi Faure", "Éloïse Brun", "Émile Durand", "emma Petit", "zacharie Roux",
                                "Zoë Martin"]
    assert sorted_fr(["Alès 10", "alès 9", "Alès 2"]) == ["Alès 2", "alès 9", "Alès 10"]
    assert sorted(["Œuvre", "Oeil", "Ödile", "Oa"], key=sort_key)[0] == "Oa"
    assert sorted_fr([("b", "Zoë"), ("a", "Éloïse")], key=lambda pair: pair[1]) == [("a", "Éloïse"), ("b", "Zoë")]


# --------------------------------------------------------------------------- on screen

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from projter_desktop.domain.workshop import AttendanceStatus  # noqa: E402
from projter_desktop.services import workshops as ws  # noqa: E402
from projter_desktop.ui import operations  # noqa: E402
from projter_desktop.ui.main_window import MainWindow  # noqa: E402
from projter_desktop.ui.participants_panel import AttendeeModel  # noqa: E402
from projter_desktop.ui.workshops_page import WorkshopsPage  # noqa: E402

NAMES = ["Zoë Vidal", "Éloïse Brun", "emma Petit", "Émile Durand", "Bernard Alès"]
ORDERED = ["Bernard Alès", "Éloïse Brun", "Émile Durand", "emma Petit", "Zoë Vidal"]


@pytest.fixture
def window(qtbot, db):  # type: ignore[no-untyped-def]
    operations.set_synchronous(True)
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    operations.set_synchronous(False)


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_participants_and_voters_listed_the_french_way(qtbot, window, db, plan):  # type: ignore[no-untyped-def]
    workshop = ws.create_workshop(db, plan_uuid=plan.info.uuid, title="Atelier accents",
                                  scope=[next(plan.orientations()).uuid]).value
    page: WorkshopsPage = window.workshops_page
    window.tabs.setCurrentWidget(page)
    page.reload()
    rect = page.table.visualRect(page.model.index(page.model.row_of(workshop.uuid), 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.currentIndex() == WorkshopsPage.DETAIL
    page.detail_tabs.setCurrentWidget(page.participants)
    panel = page.participants
    for name in NAMES:  # typed in the name field, Enter adds
        panel.name_edit.setFocus()
        _type(qtbot, panel.name_edit, name)
        qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
    assert sorted(a.name for a in ws.get_workshop(db, workshop.uuid).attendees) == sorted(NAMES)
    shown = [panel.model.index(r, AttendeeModel.NAME).data() for r in range(panel.model.rowCount())]
    assert shown == ORDERED

    # the voters not yet voted, in a round of the Session page
    from projter_desktop.domain.voting import Method
    from projter_desktop.domain.workshop import RoundMode
    from projter_desktop.services import rounds as rs

    for attendee in ws.get_workshop(db, workshop.uuid).attendees:
        ws.set_attendance(db, attendee.uuid, AttendanceStatus.PRESENT)
    created = rs.create_round(db, workshop.uuid, next(plan.orientations()).uuid, method=Method.YES_NO,
                              mode=RoundMode.NAMED)
    rs.open_round(db, created.value.uuid)
    session = window.session_page
    window.tabs.setCurrentWidget(session)
    session.set_workshop(workshop.uuid)
    session.reload_workshops()
    entry = session.ballot_entry
    assert session.entry_stack.currentWidget() is entry, session.round_info.text()
    assert [entry.candidates_list.item(i).text() for i in range(entry.candidates_list.count())] == ORDERED
