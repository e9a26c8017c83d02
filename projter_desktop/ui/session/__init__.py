"""The Session page and what it is made of, one concept per module:

- ``page`` — the page itself: its widgets, the workshop and orientation shown, the
  navigation, closing the workshop, and a refresh of only what a change notice concerns;
  every change through ``ui.operations.perform``;
- ``round_panel`` — the rounds, the ballot entry or grid, who has not voted, the live
  results and the round commands (a mixin of the page);
- ``action_panel`` — the actions tree, the decision, comments and proposals (a mixin);
- ``dialogs`` — a new voting round, a proposed action;
- ``correction`` — correcting a named ballot already recorded;
- ``fields`` — the one-key choice and the digits-only count fields;
- ``ballot_entry`` — one voter's ballot typed with the keyboard;
- ``analog_grid`` — the counts of a show of hands or of paper ballots;
- ``projector_state`` — what the room sees, as plain data built without widgets;
- ``projector`` — the projector window, its controller and the debate timer;
- ``phone_voting`` — the room server of the open round (phones), its QR code, View →
  Vote on phones….
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from projter_desktop.ui.qt import QCoreApplication
from projter_desktop.ui.session.projector import DebateTimer, ProjectorController
from projter_desktop.ui.undo import install_undo

if TYPE_CHECKING:
    from projter_desktop.ui.session.page import SessionPage

__all__ = ["SessionPage", "install"]


def __getattr__(name: str) -> Any:
    if name == "SessionPage":  # the page module is imported when first needed, not at start-up
        from projter_desktop.ui.session.page import SessionPage

        return SessionPage
    raise AttributeError(name)


def install(window) -> None:  # type: ignore[no-untyped-def]
    """Add the Session tab, View → Projector (F5) and Edit → Undo/Redo to ``window``.

    The page (and its modules) is built when its tab is first shown, when the projector is
    first opened (it shows the session) or when ``window.session_page`` is first used."""
    stack = install_undo(window)
    timer = DebateTimer(window)  # shared by the page and the projector
    controller = ProjectorController(window, timer)
    window.projector = controller

    def build() -> SessionPage:
        from projter_desktop.ui.session.page import SessionPage

        page = SessionPage(window, stack, timer)
        page.projectorStateChanged.connect(controller.set_state)
        controller.set_state(page.projector_state())
        page.projector_button.setDefaultAction(controller.action)
        return page

    window.add_lazy_page("session_page", build, "run", QCoreApplication.translate("SessionPage", "&Session"))
    controller.prepare = lambda: window.session_page.flush_pending()
    window.toolbar.addAction(controller.action)
    from projter_desktop.ui.session.phone_voting import install_phone_action

    install_phone_action(window)
