"""The territorial plan (Projet de Territoire): axes → orientations → objectives → actions.

Plain frozen dataclasses, no I/O. Codes (``1``, ``1.2``, ``1.2.a``, ``1.2.a.P1``) are for
people; UUIDs are the identities that travel between laptops.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class ActionKind(StrEnum):
    PRIORITISED = "prioritised"
    COMPLEMENTARY = "complementary"

    @property
    def label_fr(self) -> str:
        return "Action priorisée" if self is ActionKind.PRIORITISED else "Action complémentaire"


@dataclass(frozen=True, slots=True)
class Action:
    uuid: str
    code: str
    kind: ActionKind
    title: str


@dataclass(frozen=True, slots=True)
class Objective:
    uuid: str
    code: str
    title: str
    alt_title: str | None = None
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True, slots=True)
class Orientation:
    uuid: str
    code: str
    title: str
    alt_title: str | None = None
    objectives: tuple[Objective, ...] = ()

    def actions(self) -> Iterator[Action]:
        for objective in self.objectives:
            yield from objective.actions


@dataclass(frozen=True, slots=True)
class Axis:
    uuid: str
    code: str
    title: str
    alt_title: str | None = None
    orientations: tuple[Orientation, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanInfo:
    uuid: str
    name: str
    version_label: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class TerritorialPlan:
    info: PlanInfo
    axes: tuple[Axis, ...] = field(default_factory=tuple)

    def orientations(self) -> Iterator[Orientation]:
        for axis in self.axes:
            yield from axis.orientations

    def objectives(self) -> Iterator[Objective]:
        for orientation in self.orientations():
            yield from orientation.objectives

    def actions(self) -> Iterator[Action]:
        for objective in self.objectives():
            yield from objective.actions

    def counts(self) -> dict[str, int]:
        actions = list(self.actions())
        return {
            "axes": len(self.axes),
            "orientations": sum(1 for _ in self.orientations()),
            "objectives": sum(1 for _ in self.objectives()),
            "actions": len(actions),
            "prioritised": sum(a.kind is ActionKind.PRIORITISED for a in actions),
            "complementary": sum(a.kind is ActionKind.COMPLEMENTARY for a in actions),
        }


def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text`` for searching ("Énergie" → "energie")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("œ", "oe").replace("æ", "ae").replace("’", "'")


def matches(query: str, *texts: str | None) -> bool:
    """True when every word of ``query`` occurs, accent- and case-insensitively, in the texts."""
    words = fold(query).split()
    if not words:
        return True
    haystack = " ".join(fold(t) for t in texts if t)
    return all(word in haystack for word in words)
