"""Tables and queries of phone voting: voting codes and phone submissions.

* ``voting_code``: the SHA-256 of a code that lets a phone vote in a workshop. A *named*
  code belongs to one attendee (``attendee_id``); a *voting card* of a secret round
  belongs to nobody (``attendee_id`` NULL) and carries the weight of one voice. The codes
  themselves are never stored: they are printed or shown once, when they are issued.
* ``phone_submission``: one row per ballot submitted from a phone, keyed by the hash of
  the submission id the phone's form carried (a resubmission after a lost connection finds
  it and records nothing). In a secret round the row also holds ``card_use``, the SHA-256
  of the round's uuid and the card's code: it says that *some* card voted, and which one
  only to somebody holding the card; it never names the ``voting_code`` row. Random row
  ids, no time stamp.

Kept apart from ``models.py``; ``models.py`` imports this module at its end so that
``Base.metadata`` always sees these tables.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from projter_desktop.store.models import ActionRow, Base, RoundActionRow

Executor = Connection | Session


class VotingCodeRow(Base):
    __tablename__ = "voting_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    #: the attendee of a named code; NULL for an anonymous voting card
    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), index=True)
    #: voting cards: the weight of the voice the card stands for; NULL for named codes
    weight: Mapped[float | None] = mapped_column()
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)


class PhoneSubmissionRow(Base):
    __tablename__ = "phone_submission"
    __table_args__ = (UniqueConstraint("round_id", "token"), UniqueConstraint("round_id", "card_use"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the submission id the phone's form carried
    token: Mapped[str] = mapped_column(String(64))
    #: secret rounds: SHA-256 of the round uuid and the card's code (the card's single use)
    card_use: Mapped[str | None] = mapped_column(String(64))


def random_id() -> int:
    """A random positive row id (as store.ballots.random_id): rows sort in no meaningful order."""
    return secrets.randbits(62) + 1


_CODE = VotingCodeRow.__table__
_SUBMISSION = PhoneSubmissionRow.__table__


def replace_named_codes(conn: Executor, *, workshop_id: int, codes: Sequence[tuple[int, str]]) -> None:
    """Store the hashes of named codes ``(attendee id, code hash)``; a previous code of
    the same attendee stops working."""
    ids = [attendee_id for attendee_id, _h in codes]
    if ids:
        conn.execute(delete(_CODE).where(_CODE.c.attendee_id.in_(ids)))
        conn.execute(insert(_CODE), [{"id": random_id(), "workshop_id": workshop_id, "attendee_id": a,
                                      "weight": None, "code_hash": h} for a, h in codes])


def replace_cards(conn: Executor, *, workshop_id: int, cards: Sequence[tuple[float, str]]) -> None:
    """Store a new batch of voting cards ``(weight, code hash)`` for a workshop; the cards
    of the previous batch stop working."""
    conn.execute(delete(_CODE).where(_CODE.c.workshop_id == workshop_id, _CODE.c.attendee_id.is_(None)))
    add_cards(conn, workshop_id=workshop_id, cards=cards)


def add_cards(conn: Executor, *, workshop_id: int, cards: Sequence[tuple[float, str]]) -> None:
    """Store more voting cards ``(weight, code hash)`` for a workshop (the others stay)."""
    if cards:
        conn.execute(insert(_CODE), [{"id": random_id(), "workshop_id": workshop_id, "attendee_id": None,
                                      "weight": float(w), "code_hash": h} for w, h in cards])


def card_weights(conn: Executor, workshop_id: int) -> list[float]:
    """The weights of the voting cards issued for a workshop."""
    return [float(w) for w in conn.execute(select(_CODE.c.weight).where(
        _CODE.c.workshop_id == workshop_id, _CODE.c.attendee_id.is_(None))).scalars()]


def attendees_with_codes(conn: Executor, workshop_id: int) -> set[int]:
    """Attendee ids of a workshop that have a named code."""
    return set(conn.execute(select(_CODE.c.attendee_id).where(
        _CODE.c.workshop_id == workshop_id, _CODE.c.attendee_id.is_not(None))).scalars())


def find_code(conn: Executor, code_hash: str) -> tuple[int, int | None, float | None] | None:
    """(workshop id, attendee id or None, card weight or None) of a code hash."""
    row = conn.execute(select(_CODE.c.workshop_id, _CODE.c.attendee_id, _CODE.c.weight)
                       .where(_CODE.c.code_hash == code_hash)).first()
    return None if row is None else (row[0], row[1], row[2])


def count_codes(conn: Executor, workshop_id: int) -> tuple[int, int]:
    """(named codes, voting cards) issued for a workshop."""
    rows = conn.execute(select(_CODE.c.attendee_id).where(_CODE.c.workshop_id == workshop_id)).scalars().all()
    cards = sum(1 for a in rows if a is None)
    return len(rows) - cards, cards


def submission_seen(conn: Executor, *, round_id: int, token: str) -> bool:
    return conn.execute(select(_SUBMISSION.c.id).where(_SUBMISSION.c.round_id == round_id,
                                                       _SUBMISSION.c.token == token)).first() is not None


def card_used(conn: Executor, *, round_id: int, card_use: str) -> bool:
    return conn.execute(select(_SUBMISSION.c.id).where(_SUBMISSION.c.round_id == round_id,
                                                       _SUBMISSION.c.card_use == card_use)).first() is not None


def add_submission(conn: Executor, *, round_id: int, token: str, card_use: str | None = None) -> None:
    conn.execute(insert(_SUBMISSION), {"id": random_id(), "round_id": round_id, "token": token,
                                       "card_use": card_use})


def round_action_titles(conn: Executor, round_id: int) -> list[tuple[str, str, str]]:
    """(uuid, code, title) of a round's actions, in round order."""
    return [tuple(r) for r in conn.execute(  # type: ignore[misc]
        select(ActionRow.uuid, ActionRow.code, ActionRow.title)
        .join(RoundActionRow, RoundActionRow.action_id == ActionRow.id)
        .where(RoundActionRow.round_id == round_id).order_by(RoundActionRow.position)).all()]


def forget_card_uses(conn: Executor, round_ids: Iterable[int]) -> None:
    """Delete the phone submissions of secret rounds being sealed: each card's use was
    written in the same commit as its paper; once the papers are rewritten nothing of that
    commit stays (the urn's count of papers against voices signed still bounds a reopened
    round)."""
    ids = list(round_ids)
    if ids:
        conn.execute(delete(_SUBMISSION).where(_SUBMISSION.c.round_id.in_(ids)))
