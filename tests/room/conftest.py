"""Fixtures of the room server tests: a running workshop, a round, codes, a client."""

from __future__ import annotations

import re

import pytest

from projter_desktop.domain.voting import Method
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode
from projter_desktop.services import phone_votes, rounds, workshops


def make_room(db, plan, mode: RoundMode = RoundMode.NAMED, method: Method = Method.YES_NO,  # type: ignore[no-untyped-def]
              n_actions: int = 3, people: int = 6, orientation_index: int = 0):
    orientation = list(plan.orientations())[orientation_index]
    workshop = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Salle", scope=[orientation.uuid]).value
    attendees = [workshops.add_attendee(db, workshop.uuid, name=f"Élu {i}").value for i in range(people)]
    for person in attendees:
        workshops.set_attendance(db, person.uuid, AttendanceStatus.PRESENT)
    record = rounds.create_round(db, workshop.uuid, orientation.uuid, method=method, mode=mode,
                                 action_uuids=[a.uuid for a in orientation.actions()][:n_actions],
                                 open_now=True).value
    named = {c.attendee_uuid: c.code for c in phone_votes.issue_named_codes(db, workshop.uuid).named}
    cards = [c.code for c in phone_votes.issue_cards(db, workshop.uuid).cards]
    return workshop, attendees, record, named, cards


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no hidden field {name}"
    return found.group(1)


@pytest.fixture
def kit():  # type: ignore[no-untyped-def]
    """The helpers of these tests (``kit.make_room``, ``kit.hidden``)."""
    from types import SimpleNamespace

    return SimpleNamespace(make_room=make_room, hidden=hidden)
