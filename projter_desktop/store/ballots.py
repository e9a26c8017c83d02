"""Ballots as stored: the insert of a ballot (its marks and the register line), its
withdrawal, and the encoding of a mark value in the ``mark.value`` column.

This is the one place that writes the ``ballot``, ``mark`` and ``voter_register`` tables;
services keep the rules (who may vote, what a ballot may hold) and the transaction, and
pass a Core connection or an ORM session (both have ``execute``).

A mark is stored as the JSON text of its value, tuples as JSON arrays (``(3, 2)`` →
``"[3, 2]"``, ``"yes"`` → ``'"yes"'``, ``4`` → ``"4"``); decoding gives tuples back. The
text is part of what exports and fingerprints are computed from: never change it.

Secret rounds follow the French urn: one unlinked ballot per voice, random row ids for
the ballots, their marks and the register line (ids do not tell the order of casting),
no time stamp anywhere.
"""

from __future__ import annotations

import json
import secrets
import uuid as uuid_module
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from projter_desktop.domain.workshop import BallotCorrection
from projter_desktop.store.models import (
    AttendeeRow,
    BallotCorrectionRow,
    BallotRow,
    MarkRow,
    RegisterRow,
)

_BALLOT = BallotRow.__table__
_MARK = MarkRow.__table__
_REGISTER = RegisterRow.__table__
_CORRECTION = BallotCorrectionRow.__table__

Executor = Connection | Session


# --------------------------------------------------------------------------- mark encoding


def encode_mark(value: Any) -> str:
    """The ``mark.value`` text of a mark: JSON, tuples (and lists) as JSON arrays."""
    return json.dumps(list(value) if isinstance(value, (list, tuple)) else value)


def decode_mark(text: str) -> Any:
    """The mark value of a ``mark.value`` text: JSON arrays come back as tuples."""
    value = json.loads(text)
    return tuple(value) if isinstance(value, list) else value


def mark_encoder() -> Callable[[Any], str]:
    """:func:`encode_mark` memoised for scalar marks (grades, yes/no…: a handful of
    distinct values), for bulk writes."""
    memo: dict[tuple[type, Any], str] = {}

    def encode(value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return encode_mark(value)
        key = (value.__class__, value)
        text = memo.get(key)
        if text is None:
            text = memo[key] = encode_mark(value)
        return text

    return encode


def mark_decoder() -> Callable[[str], Any]:
    """:func:`decode_mark` memoised by text (a round holds a few distinct values)."""
    memo: dict[str, Any] = {}

    def decode(text: str) -> Any:
        value = memo.get(text, memo)
        if value is memo:
            value = memo[text] = decode_mark(text)
        return value

    return decode


def encode_marks(marks: Mapping[Any, Any]) -> dict[Any, str]:
    """Key → encoded mark for the marks that are set (None means "not marked")."""
    return {key: encode_mark(value) for key, value in marks.items() if value is not None}


def stored_marks(marks: Mapping[str, Any]) -> dict[str, Any]:
    """The marks as loading them back would give them (None dropped, lists as tuples)."""
    return {key: tuple(value) if isinstance(value, list) else value for key, value in marks.items() if value is not None}


# --------------------------------------------------------------------------- one ballot


@dataclass(frozen=True, slots=True)
class InsertedBallot:
    id: int
    uuid: str
    weight: float


def random_id() -> int:
    """A random positive 63-bit row id: rows then sort in no meaningful order."""
    return secrets.randbits(62) + 1


def insert_ballot(
    conn: Executor,
    *,
    round_id: int,
    attendee_id: int,
    voice_weights: Sequence[float],
    encoded_marks: Mapping[int, str],
    secret: bool,
) -> list[InsertedBallot]:
    """Insert one voter's ballot(s), their marks (action id → :func:`encode_mark` text) and
    the register line, in the caller's transaction.

    Named rounds: one ballot linked to the voter, weighing the sum of ``voice_weights``.
    Secret rounds: one unlinked ballot per voice (each of weight ``voice_weights[i]``, so
    a weight never points at a person), random ids for ballots, marks and register.
    Three or four statements in all, whatever the number of marks.
    """
    if secret:
        ballots = [{"id": random_id(), "uuid": str(uuid_module.uuid4()), "round_id": round_id, "attendee_id": None,
                    "weight": w} for w in voice_weights]
        for ballot in ballots:
            conn.execute(insert(_BALLOT), ballot)
    else:
        ballot = {"uuid": str(uuid_module.uuid4()), "round_id": round_id, "attendee_id": attendee_id,
                  "weight": sum(voice_weights)}
        ballot["id"] = conn.execute(insert(_BALLOT), ballot).inserted_primary_key[0]
        ballots = [ballot]
    if encoded_marks:
        conn.execute(insert(_MARK), [
            {"id": random_id() if secret else None, "ballot_id": ballot["id"], "action_id": action_id, "value": value}
            for ballot in ballots for action_id, value in encoded_marks.items()])
    conn.execute(insert(_REGISTER), {"id": random_id() if secret else None, "round_id": round_id,
                                     "attendee_id": attendee_id})
    return [InsertedBallot(b["id"], b["uuid"], b["weight"]) for b in ballots]


def withdraw_ballots(conn: Executor, *, round_id: int, ballot_uuids: Iterable[str], attendee_id: int | None) -> None:
    """Delete the ballots ``ballot_uuids`` of a round (their marks go with them) and the
    voter's register line: the undo of :func:`insert_ballot`. The corrections of that
    voter's ballot in that round (``ballot_correction``) go too: the ballot they corrected
    no longer exists."""
    conn.execute(delete(_BALLOT).where(_BALLOT.c.uuid.in_(list(ballot_uuids)), _BALLOT.c.round_id == round_id))
    if attendee_id is not None:
        conn.execute(delete(_REGISTER).where(_REGISTER.c.round_id == round_id, _REGISTER.c.attendee_id == attendee_id))
        conn.execute(delete(_CORRECTION).where(_CORRECTION.c.round_id == round_id,
                                               _CORRECTION.c.attendee_id == attendee_id))


# --------------------------------------------------------------------------- the secret urn
#
# A secret round follows the French urn: the *émargement* (the register: who has voted,
# with the voices they drop) and the *dépouillement* (the papers, entered with no voter,
# after the émargement is over) are separate acts, written in separate transactions at
# different moments. At close the papers are rewritten (:func:`seal_round`) so that
# neither their ids nor their place in the file tell the order they were entered in.


def sign_register(conn: Executor, *, round_id: int, attendee_id: int, voices: Sequence[float]) -> None:
    """Émargement: ``attendee_id`` has voted in the secret round, dropping one paper per
    voice (``voices``: the weights, own voice first). Random row id, no time stamp."""
    conn.execute(insert(_REGISTER), {"id": random_id(), "round_id": round_id, "attendee_id": attendee_id,
                                     "voices": json.dumps([float(v) for v in voices])})


def unsign_register(conn: Executor, *, round_id: int, attendee_id: int) -> None:
    conn.execute(delete(_REGISTER).where(_REGISTER.c.round_id == round_id, _REGISTER.c.attendee_id == attendee_id))


def insert_paper(conn: Executor, *, round_id: int, weight: float, encoded_marks: Mapping[int, str]) -> InsertedBallot:
    """Dépouillement: one paper of a secret round (no voter, random ids, no time stamp)."""
    ballot = {"id": random_id(), "uuid": str(uuid_module.uuid4()), "round_id": round_id, "attendee_id": None,
              "weight": weight}
    conn.execute(insert(_BALLOT), ballot)
    if encoded_marks:
        conn.execute(insert(_MARK), [{"id": random_id(), "ballot_id": ballot["id"], "action_id": action_id,
                                      "value": value} for action_id, value in encoded_marks.items()])
    return InsertedBallot(ballot["id"], ballot["uuid"], weight)


def seal_round(conn: Executor, *, round_id: int) -> int:
    """Rewrite the papers of a secret round: every ballot and mark is deleted and written
    again with new random row ids, in a random order, in the caller's transaction (the
    uuids, random from birth, are kept: a closed workshop's fingerprint sorts by them).
    Afterwards nothing in the rows (ids, their order in the b-tree and the pages) owes
    anything to the order of entry; with ``secure_delete`` on, the deleted rows are zeroed in the pages.
    (History independence: D. Molnar, T. Kohno, N. Sastry, D. Wagner, "Tamper-evident,
    history-independent, subliminal-free data structures on PROM storage -or- How to store
    ballots on a voting machine", IEEE S&P 2006.) Returns the number of papers."""
    rng = secrets.SystemRandom()
    rows = conn.execute(select(_BALLOT.c.id, _BALLOT.c.uuid, _BALLOT.c.weight)
                        .where(_BALLOT.c.round_id == round_id)).all()
    if not rows:
        return 0
    marks: dict[int, list[tuple[int, str]]] = {}
    for ballot_id, action_id, value in conn.execute(
            select(_MARK.c.ballot_id, _MARK.c.action_id, _MARK.c.value)
            .join(_BALLOT, _BALLOT.c.id == _MARK.c.ballot_id).where(_BALLOT.c.round_id == round_id)):
        marks.setdefault(ballot_id, []).append((action_id, value))
    papers = [(uuid, weight, sorted(marks.get(ballot_id, []))) for ballot_id, uuid, weight in rows]
    rng.shuffle(papers)
    conn.execute(delete(_BALLOT).where(_BALLOT.c.round_id == round_id))  # marks go with them (cascade)
    new_ballots, new_marks = [], []
    for uuid, weight, paper_marks in papers:
        ballot_id = random_id()
        new_ballots.append({"id": ballot_id, "uuid": uuid, "round_id": round_id,
                            "attendee_id": None, "weight": weight})
        new_marks.extend({"id": random_id(), "ballot_id": ballot_id, "action_id": a, "value": v} for a, v in paper_marks)
    conn.execute(insert(_BALLOT), new_ballots)
    if new_marks:
        conn.execute(insert(_MARK), new_marks)
    return len(papers)


# --------------------------------------------------------------------------- corrections (named ballots)


@dataclass(frozen=True, slots=True)
class NamedBallot:
    id: int
    uuid: str
    weight: float
    marks: dict[int, str]  # action id -> encoded mark


def named_ballot(conn: Executor, *, round_id: int, attendee_id: int) -> NamedBallot | None:
    """The ballot linked to a voter in a round, with its marks as stored (None when the
    voter has no linked ballot there: not voted, or a secret round)."""
    found = conn.execute(select(_BALLOT.c.id, _BALLOT.c.uuid, _BALLOT.c.weight).where(
        _BALLOT.c.round_id == round_id, _BALLOT.c.attendee_id == attendee_id)).first()
    if found is None:
        return None
    marks = dict(conn.execute(select(_MARK.c.action_id, _MARK.c.value).where(_MARK.c.ballot_id == found[0])).all())
    return NamedBallot(found[0], found[1], found[2], marks)


def replace_marks(conn: Executor, *, ballot_id: int, encoded_marks: Mapping[int, str]) -> None:
    """The marks of a named ballot become ``encoded_marks`` (action id → encoded mark)."""
    conn.execute(delete(_MARK).where(_MARK.c.ballot_id == ballot_id))
    if encoded_marks:
        conn.execute(insert(_MARK), [{"ballot_id": ballot_id, "action_id": action_id, "value": value}
                                     for action_id, value in encoded_marks.items()])


def encode_mark_map(marks: Mapping[str, Any]) -> str:
    """JSON object action uuid → mark (tuples as arrays), for the correction history."""
    return json.dumps({key: list(value) if isinstance(value, (list, tuple)) else value
                       for key, value in marks.items() if value is not None}, sort_keys=True, ensure_ascii=False)


def decode_mark_map(text: str) -> dict[str, Any]:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in json.loads(text).items()}


def add_correction(conn: Executor, *, uuid: str, round_id: int, attendee_id: int, previous_marks: Mapping[str, Any],
                   marks: Mapping[str, Any], corrected_at: Any) -> None:
    """One line of a round's correction history (marks keyed by action uuid)."""
    conn.execute(insert(_CORRECTION), {
        "uuid": uuid, "round_id": round_id, "attendee_id": attendee_id, "previous_marks": encode_mark_map(previous_marks),
        "new_marks": encode_mark_map(marks), "corrected_at": corrected_at})


def delete_correction(conn: Executor, uuid: str) -> None:
    conn.execute(delete(_CORRECTION).where(_CORRECTION.c.uuid == uuid))


def latest_correction_uuid(conn: Executor, *, round_id: int, attendee_id: int) -> str | None:
    """The uuid of the last correction of a voter's ballot in a round (None if none)."""
    return conn.execute(select(_CORRECTION.c.uuid).where(
        _CORRECTION.c.round_id == round_id, _CORRECTION.c.attendee_id == attendee_id)
        .order_by(_CORRECTION.c.id.desc()).limit(1)).scalar()


def corrections(conn: Executor, *, round_id: int, round_uuid: str) -> tuple[BallotCorrection, ...]:
    """The correction history of a round, in the order it was written."""
    rows = conn.execute(
        select(_CORRECTION.c.uuid, AttendeeRow.uuid, AttendeeRow.name, _CORRECTION.c.previous_marks,
               _CORRECTION.c.new_marks, _CORRECTION.c.corrected_at)
        .join(AttendeeRow, AttendeeRow.id == _CORRECTION.c.attendee_id)
        .where(_CORRECTION.c.round_id == round_id)
        .order_by(_CORRECTION.c.id)).all()
    return tuple(BallotCorrection(uuid=u, round_uuid=round_uuid, attendee_uuid=a, attendee_name=name,
                                  previous_marks=decode_mark_map(before), marks=decode_mark_map(after),
                                  corrected_at=at)
                 for u, a, name, before, after, at in rows)


def correction_counts(conn: Executor, round_ids: Iterable[int]) -> dict[int, int]:
    """Round id → number of corrections (rounds without any are left out)."""
    ids = list(round_ids)
    if not ids:
        return {}
    return dict(conn.execute(select(_CORRECTION.c.round_id, func.count()).where(_CORRECTION.c.round_id.in_(ids))
                             .group_by(_CORRECTION.c.round_id)).all())


# --------------------------------------------------------------------------- many ballots (import)

#: Columns of the bulk insert of :func:`insert_many` (plain tuples, in this order).
BALLOT_COLUMNS = ("id", "uuid", "round_id", "attendee_id", "weight")
MARK_COLUMNS = ("ballot_id", "action_id", "value")
REGISTER_COLUMNS = ("round_id", "attendee_id")


def insert_many(
    session: Session,
    ballots: Sequence[tuple[Any, ...]],
    marks: Sequence[tuple[Any, ...]],
    register: Sequence[tuple[Any, ...]],
) -> None:
    """Bulk insert of ballots, marks (values already encoded with :func:`mark_encoder`)
    and register lines, as tuples in the order of ``BALLOT_COLUMNS``, ``MARK_COLUMNS``,
    ``REGISTER_COLUMNS``: plain ``executemany`` through the session's own connection and
    transaction, no per-row SQLAlchemy parameter processing (the bulk of an import)."""
    for table, columns, rows in ((_BALLOT, BALLOT_COLUMNS, ballots), (_MARK, MARK_COLUMNS, marks),
                                 (_REGISTER, REGISTER_COLUMNS, register)):
        if rows:
            bulk_insert(session, table, columns, rows)


def bulk_insert(session: Session, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """``INSERT INTO table (columns) VALUES (?, …)`` for every tuple of ``rows``."""
    for name in columns:  # the SQL is built from the model: a renamed column fails here, loudly
        table.c[name]
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    session.connection().exec_driver_sql(sql, list(rows) if not isinstance(rows, list) else rows)
