"""What a service changed, so every view can refresh itself once (Anki's OpChanges).

A change notice says *what* changed, with ids, so that a view refreshes only what concerns
it: after a ballot, only the round it was cast in; after a decision, only that action.

Two grains:

- **coarse** — ``workshops=True``: the list of workshops changed (one created, deleted,
  renamed, its status changed…) and *everything* in the workshops named in
  ``workshop_uuids`` may have changed (every workshop when that set is empty). Imports,
  the demo generator and a restore say this.
- **precise** — the other fields, always with the workshop(s) in ``workshop_uuids``:
  ``attendance`` (attendees, proxies, presence), ``rounds`` (round uuids created, deleted,
  opened, closed, shown or hidden), ``ballots`` (round uuids whose ballots or counts
  changed), ``actions`` (action uuids whose decision or comments changed), ``notes``
  (proposals and orientation comments), ``closed`` (workshops frozen).

``initiator`` is the object that asked for the change (a widget, or None); it takes no part
in comparisons, so a view can tell "my own change" from "someone else's" (Anki's
``handler``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Changes:
    plans: bool = False
    workshops: bool = False
    participants: bool = False
    devices: bool = False
    workshop_uuids: frozenset[str] = _EMPTY
    attendance: bool = False
    rounds: frozenset[str] = _EMPTY
    ballots: frozenset[str] = _EMPTY
    actions: frozenset[str] = _EMPTY
    notes: bool = False
    closed: frozenset[str] = _EMPTY
    initiator: Any = field(default=None, compare=False, repr=False)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            plans=self.plans or other.plans,
            workshops=self.workshops or other.workshops,
            participants=self.participants or other.participants,
            devices=self.devices or other.devices,
            workshop_uuids=self.workshop_uuids | other.workshop_uuids,
            attendance=self.attendance or other.attendance,
            rounds=self.rounds | other.rounds,
            ballots=self.ballots | other.ballots,
            actions=self.actions | other.actions,
            notes=self.notes or other.notes,
            closed=self.closed | other.closed,
            initiator=self.initiator if self.initiator is not None else other.initiator,
        )

    def __bool__(self) -> bool:
        return self != Changes()

    def with_initiator(self, initiator: Any) -> Changes:
        return replace(self, initiator=initiator)

    def concerns(self, workshop_uuid: str | None) -> bool:
        """Whether anything of ``workshop_uuid`` may have changed."""
        if workshop_uuid is None:
            return False
        if self.workshops and not self.workshop_uuids:
            return True
        return workshop_uuid in self.workshop_uuids

    @property
    def workshop_content(self) -> bool:
        """Anything recorded in a workshop (coarse or precise)."""
        return bool(self.workshops or self.attendance or self.rounds or self.ballots or self.actions
                    or self.notes or self.closed)

    @classmethod
    def everything(cls) -> Changes:
        """After a restore: anything may have changed."""
        return cls(plans=True, workshops=True, participants=True, devices=True)


@dataclass(frozen=True)
class Result(Generic[T]):
    value: T
    changes: Changes = field(default_factory=Changes)
