"""The Session page and what it is made of, one concept per module:

- ``page`` — the page itself: the workshop and orientation shown, the rounds, the
  decisions, comments and proposals; every change through ``ui.operations.perform``, and
  a refresh of only what a change notice concerns;
- ``dialogs`` — a new voting round, a proposed action;
- ``fields`` — the one-key choice and the digits-only count fields;
- ``ballot_entry`` — one voter's ballot typed with the keyboard;
- ``analog_grid`` — the counts of a show of hands or of paper ballots;
- ``projector_state`` — what the room sees, as plain data built without widgets;
- ``projector`` — the projector window, its controller and the debate timer.
"""

from projter_desktop.ui.session.page import SessionPage, install

__all__ = ["SessionPage", "install"]
