"""What a service changed, so every view can refresh itself once (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    plans: bool = False
    workshops: bool = False
    participants: bool = False
    rounds: bool = False
    ballots: bool = False
    decisions: bool = False
    devices: bool = False
    workshop_uuids: frozenset[str] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            plans=self.plans or other.plans,
            workshops=self.workshops or other.workshops,
            participants=self.participants or other.participants,
            rounds=self.rounds or other.rounds,
            ballots=self.ballots or other.ballots,
            decisions=self.decisions or other.decisions,
            devices=self.devices or other.devices,
            workshop_uuids=self.workshop_uuids | other.workshop_uuids,
        )


@dataclass(frozen=True)
class Result(Generic[T]):
    value: T
    changes: Changes = field(default_factory=Changes)
