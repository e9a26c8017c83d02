"""The secret round as a French urn: the *émargement* apart from the *dépouillement*.

In a French ballot box vote the voter signs the register (*liste d'émargement*) and drops
an envelope in the urn; the papers are counted (*dépouillement*) once the vote is over,
drawn from the urn in no order that could tell who dropped which (Code électoral,
art. L62 to L66; for councils, CGCT art. L2121-21: "le vote a lieu au scrutin secret…").
A secret round of Projter works the same way, in three acts:

1. **Émargement** (round open, urn open): :func:`sign` marks a present voter as having
   voted, with the papers they drop: one per voice, their own and one per proxy held
   (``voter_register.voices``). No ballot can be entered meanwhile.
2. **Dépouillement** (:func:`close_urn`, then :func:`record_paper` for each paper): the
   papers are entered one by one with no voter (nobody at the keyboard chooses a person),
   each with the weight of its voice; at most as many papers per weight as voices signed.
   No signature can be added meanwhile.
3. **Close** (:func:`seal`, called when the round or the workshop closes): the papers are
   rewritten with new random ids in a random order, ``secure_delete`` zeroes the old rows
   and the WAL is truncated, so that neither the database, its WAL, a backup nor an export
   keeps the order in which the papers were entered.

The register and the papers are written by different functions, in different
transactions, at different stages of the round: no commit, and so no WAL frame, ever holds
a person and a paper together.

Weights: a paper carries the weight of one voice. Where voices have different weights
(vote_weight 2.5, say), a paper's weight tells which *class* it belongs to: a secret round
is refused when a weight class has fewer than :data:`MIN_VOICES_PER_CLASS` voices (a paper
of a class of one would name its voter).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from projter_desktop.domain import voting
from projter_desktop.domain.voting import Ballot, BallotError
from projter_desktop.domain.workshop import AttendanceStatus, BallotRecord, RoundMode, RoundStatus, voices
from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import NotFoundError, UserError
from projter_desktop.store import ballots as ballot_store
from projter_desktop.store import workshops as repo
from projter_desktop.store.database import Database
from projter_desktop.store.models import AttendeeRow, BallotRow, RegisterRow, RoundRow

#: A weight class with fewer voices than this would let a paper's weight name its voter.
MIN_VOICES_PER_CLASS = 3


def _weight_text(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() else f"{weight:g}".replace(".", ",")


def weight_classes(weights: Iterable[float]) -> Counter[float]:
    """Number of voices of each weight."""
    return Counter(float(w) for w in weights)


def check_weight_classes(weights: Iterable[float], *, what: str = "présentes") -> None:
    """Refuse (``UserError``) when a weight class has fewer than MIN_VOICES_PER_CLASS voices."""
    classes = weight_classes(weights)
    small = sorted(w for w, n in classes.items() if n < MIN_VOICES_PER_CLASS)
    if not small:
        return
    if len(classes) == 1:
        raise UserError(
            f"Un vote à bulletin secret demande au moins {MIN_VOICES_PER_CLASS} voix {what} "
            f"(il y en a {classes[small[0]]}) : avec moins, chacun saurait ce que l'autre a voté.")
    detail = ", ".join(f"{classes[w]} voix de poids {_weight_text(w)}" for w in small)
    raise UserError(
        f"Vote secret impossible : {detail}. Un bulletin de ce poids désignerait son votant ; il faut "
        f"au moins {MIN_VOICES_PER_CLASS} voix de chaque poids (ou un vote nominatif).")


def present_voice_weights(workshop: Any) -> list[float]:
    """The weights of every voice present in ``workshop`` (own voices and proxies)."""
    return [w for v in voices(workshop.attendees, workshop.proxies).values() for w in (v.own_weight, *v.proxy_weights)]


# --------------------------------------------------------------------------- helpers


@dataclass
class _Round:
    row: RoundRow
    workshop_uuid: str


def _secret_round(session: Any, round_uuid: str) -> _Round:
    from projter_desktop.services.rounds import _writable_round

    ctx = _writable_round(session, round_uuid)
    if RoundMode(ctx.round.mode) is not RoundMode.SECRET:
        raise UserError("Ce tour n'est pas à bulletin secret.")
    if ctx.round.status == RoundStatus.CLOSED:
        raise UserError("Ce tour est clos.")
    if ctx.round.status != RoundStatus.OPEN:
        raise UserError("Ce tour de vote n'est pas ouvert.")
    return _Round(ctx.round, ctx.workshop.uuid)


def _changes(workshop_uuid: str, round_uuid: str) -> Changes:
    from projter_desktop.services.rounds import round_changes

    return round_changes(workshop_uuid, round_uuid, ballots=True)


def _signed_weights(session: Any, round_id: int) -> list[float]:
    weights: list[float] = []
    for text in session.scalars(select(RegisterRow.voices).where(RegisterRow.round_id == round_id)):
        weights.extend(json.loads(text) if text else [1.0])
    return weights


def _paper_weights(session: Any, round_id: int) -> list[float]:
    return [float(w) for w in session.scalars(select(BallotRow.weight).where(BallotRow.round_id == round_id))]


# --------------------------------------------------------------------------- émargement


@dataclass(frozen=True)
class Signature:
    """A voter signed the register of a secret round (undo: :func:`unsign`)."""

    round_uuid: str
    attendee_uuid: str
    name: str
    voices: tuple[float, ...]
    workshop_uuid: str

    @property
    def changes(self) -> Changes:
        return _changes(self.workshop_uuid, self.round_uuid)


def sign(db: Database, round_uuid: str, attendee_uuid: str) -> Signature:
    """Émargement: a present voter drops their papers (one per voice, proxies included).

    Refused (database unchanged) when the round is not a secret round open for émargement,
    the voter is not present or has already signed."""
    from projter_desktop.services.rounds import _BALLOT_PROXIES

    with db.transaction() as session:
        found = _secret_round(session, round_uuid)
        if found.row.urn_closed:
            raise UserError("L'émargement est clos : le dépouillement a commencé, plus personne ne peut voter.")
        attendee = repo.by_uuid(session, AttendeeRow, attendee_uuid)
        if attendee is None or attendee.workshop_id != found.row.workshop_id:
            raise UserError("Ce votant n'est pas inscrit à l'atelier.")
        if attendee.status != AttendanceStatus.PRESENT:
            raise UserError(f"{attendee.name} n'est pas marqué(e) présent(e) : seuls les présents votent.")
        if session.scalar(select(RegisterRow.id).where(RegisterRow.round_id == found.row.id,
                                                       RegisterRow.attendee_id == attendee.id)):
            raise UserError(f"{attendee.name} a déjà signé la liste d'émargement de ce tour.")
        weights = [float(attendee.vote_weight),
                   *(float(w) for w in session.execute(_BALLOT_PROXIES, {"holder_id": attendee.id}).scalars())]
        ballot_store.sign_register(session, round_id=found.row.id, attendee_id=attendee.id, voices=weights)
        return Signature(round_uuid, attendee_uuid, attendee.name, tuple(weights), found.workshop_uuid)


def unsign(db: Database, signature: Signature) -> Changes:
    """Undo of :func:`sign`, while the émargement is open."""
    with db.transaction() as session:
        found = _secret_round(session, signature.round_uuid)
        if found.row.urn_closed:
            raise UserError("L'émargement est clos : une signature ne peut plus être retirée.")
        attendee = repo.by_uuid(session, AttendeeRow, signature.attendee_uuid)
        if attendee is not None:
            ballot_store.unsign_register(session, round_id=found.row.id, attendee_id=attendee.id)
    return _changes(found.workshop_uuid, signature.round_uuid)


# --------------------------------------------------------------------------- dépouillement


@dataclass(frozen=True)
class UrnClosed:
    round_uuid: str
    workshop_uuid: str
    papers: int  # voices signed, i.e. papers expected

    @property
    def changes(self) -> Changes:
        return _changes(self.workshop_uuid, self.round_uuid)


def close_urn(db: Database, round_uuid: str) -> UrnClosed:
    """End of the émargement: from now on papers are entered, signatures are not.
    Refused when nobody signed or when a weight class of the signed voices is too small."""
    with db.transaction() as session:
        found = _secret_round(session, round_uuid)
        if found.row.urn_closed:
            raise UserError("L'émargement de ce tour est déjà clos.")
        weights = _signed_weights(session, found.row.id)
        if not weights:
            raise UserError("Personne n'a signé la liste d'émargement : il n'y a rien à dépouiller.")
        check_weight_classes(weights, what="émargées")
        found.row.urn_closed = True
        return UrnClosed(round_uuid, found.workshop_uuid, len(weights))


def reopen_urn(db: Database, round_uuid: str) -> Changes:
    """Undo of :func:`close_urn`, only while no paper has been entered."""
    with db.transaction() as session:
        found = _secret_round(session, round_uuid)
        if not found.row.urn_closed:
            raise UserError("L'émargement de ce tour est ouvert.")
        if _paper_weights(session, found.row.id):
            raise UserError("Des bulletins ont déjà été dépouillés : l'émargement ne peut plus être rouvert.")
        found.row.urn_closed = False
    return _changes(found.workshop_uuid, round_uuid)


@dataclass(frozen=True)
class Paper:
    """A paper entered at the dépouillement (undo: :func:`withdraw_paper`)."""

    round_uuid: str
    ballot_uuid: str
    weight: float
    workshop_uuid: str
    record: BallotRecord

    @property
    def changes(self) -> Changes:
        return _changes(self.workshop_uuid, self.round_uuid)


def record_paper(db: Database, round_uuid: str, marks: Mapping[str, Any], *, weight: float | None = None) -> Paper:
    """Dépouillement: one paper, with no voter. ``weight`` is the weight of its voice; it
    may be left out when every signed voice has the same weight. Refused when the
    émargement is still open, when every paper of that weight has been entered already,
    or when the marks are not valid for the round."""
    with db.transaction() as session:
        found = _secret_round(session, round_uuid)
        if not found.row.urn_closed:
            raise UserError("Clôturez d'abord l'émargement : les bulletins se dépouillent une fois l'urne close.")
        return enter_paper(db, session, found, round_uuid, marks, weight=weight)


def open_secret_round(session: Any, round_uuid: str) -> _Round:
    """The secret round ``round_uuid``, open (``UserError`` otherwise), for a caller that
    enters a paper in its own transaction (:func:`enter_paper`)."""
    return _secret_round(session, round_uuid)


def papers_left(session: Any, found: _Round, weight: float) -> int:
    """How many more papers of ``weight`` the urn of ``found`` takes (voices signed of that
    weight less the papers of that weight already in)."""
    signed = weight_classes(_signed_weights(session, found.row.id))
    entered = weight_classes(_paper_weights(session, found.row.id))
    return signed[float(weight)] - entered[float(weight)]


def enter_paper(db: Database, session: Any, found: _Round, round_uuid: str, marks: Mapping[str, Any], *,
                weight: float | None = None) -> Paper:
    """One paper of the open secret round ``found``, in the caller's transaction, through
    the same checks and store function as every paper: a weight class signed in the
    register with room left (never more papers of a weight than voices signed), marks
    valid for the round, no voter, random ids (:func:`store.ballots.insert_paper`).

    :func:`record_paper` enters the papers of the paper urn once the émargement is over;
    a voting card of phone voting (services.phone_votes) drops its paper at once, the
    émargement being still open, like an envelope dropped in the urn."""
    from projter_desktop.services.rounds import _french, _round_actions

    signed = weight_classes(_signed_weights(session, found.row.id))
    if not signed:
        raise UserError("Personne n'a encore signé la liste d'émargement de ce tour : signez avant de voter.")
    if weight is None:
        if len(signed) != 1:
            raise UserError("Les voix de ce tour n'ont pas toutes le même poids : indiquez le poids du bulletin.")
        (weight,) = signed
    weight = float(weight)
    if weight not in signed:
        raise UserError(f"Aucune voix de poids {_weight_text(weight)} n'a été émargée dans ce tour.")
    entered = weight_classes(_paper_weights(session, found.row.id))
    if entered[weight] >= signed[weight]:
        raise UserError(
            f"Tous les bulletins ont été dépouillés ({signed[weight]} voix émargées"
            f"{'' if len(signed) == 1 else ' de poids ' + _weight_text(weight)}) : "
            "un bulletin de plus n'est pas possible.")
    action_ids = _round_actions(db, session.connection(), round_uuid, found.row.id)
    config = repo.round_config(found.row.method, found.row.config)
    try:
        voting.validate_ballot(config, list(action_ids), Ballot(marks=dict(marks), weight=weight))
    except BallotError as exc:
        raise UserError(f"Bulletin refusé : {_french(exc)}.") from exc
    inserted = ballot_store.insert_paper(
        session, round_id=found.row.id, weight=weight,
        encoded_marks={action_ids[a]: text for a, text in ballot_store.encode_marks(marks).items()})
    record = BallotRecord(uuid=inserted.uuid, attendee_uuid=None, weight=weight, marks=ballot_store.stored_marks(marks))
    return Paper(round_uuid, inserted.uuid, weight, found.workshop_uuid, record)


def withdraw_paper(db: Database, paper: Paper) -> Changes:
    """Undo of :func:`record_paper` (the round must still be open)."""
    with db.transaction() as session:
        found = _secret_round(session, paper.round_uuid)
        ballot_store.withdraw_ballots(session, round_id=found.row.id, ballot_uuids=(paper.ballot_uuid,), attendee_id=None)
    return _changes(found.workshop_uuid, paper.round_uuid)


# --------------------------------------------------------------------------- close


def seal(session: Any, round_ids: Iterable[int]) -> int:
    """Rewrite the papers of the given secret rounds (see :func:`store.ballots.seal_round`)
    in the caller's transaction, forget the uses of phone voting cards (written with their
    papers), and mark them sealed; call :meth:`Database.truncate_wal`
    after the commit. Returns the number of rounds sealed."""
    from projter_desktop.store import phone_votes as phone_store

    sealed = 0
    for round_id in round_ids:
        phone_store.forget_card_uses(session, [round_id])
        ballot_store.seal_round(session, round_id=round_id)
        session.execute(update(RoundRow).where(RoundRow.id == round_id).values(sealed=True, urn_closed=False))
        sealed += 1
    return sealed


def secret_round_ids(session: Any, workshop_id: int, *, status: str | None = None) -> list[int]:
    query = select(RoundRow.id).where(RoundRow.workshop_id == workshop_id, RoundRow.mode == RoundMode.SECRET.value)
    if status is not None:
        query = query.where(RoundRow.status == status)
    return list(session.scalars(query))


def unsealed_rounds(session: Any) -> list[tuple[str, int, str]]:
    """(workshop title, round number, reason) of every closed secret round whose storage
    could still tie a paper to a voter or to its moment: not sealed (closed before the urn
    existed, or by an older version), or holding papers of a weight class too small."""
    from projter_desktop.store.models import WorkshopRow

    found = []
    rows = session.execute(
        select(WorkshopRow.title, RoundRow.number, RoundRow.id, RoundRow.sealed)
        .join(WorkshopRow, WorkshopRow.id == RoundRow.workshop_id)
        .where(RoundRow.mode == RoundMode.SECRET.value, RoundRow.status == RoundStatus.CLOSED.value)
        .order_by(WorkshopRow.title, RoundRow.number)).all()
    for title, number, round_id, sealed in rows:
        papers = session.scalar(select(func.count()).select_from(BallotRow).where(BallotRow.round_id == round_id))
        if not papers:
            continue
        if not sealed:
            found.append((title, number, "bulletins non rescellés à la clôture (ordre de saisie lisible)"))
        classes = weight_classes(_paper_weights(session, round_id))
        small = [w for w, n in classes.items() if n < MIN_VOICES_PER_CLASS]
        if small and len(classes) > 1:
            found.append((title, number, "bulletins d'un poids porté par moins de "
                          f"{MIN_VOICES_PER_CLASS} voix ({', '.join(_weight_text(w) for w in sorted(small))})"))
    return found


def present_weights(session: Any, workshop_id: int) -> list[float]:
    """The weights of the voices present in a workshop, read from the database (own voices
    of present attendees, and proxies whose holder is present and giver is not)."""
    from projter_desktop.store.models import ProxyRow

    rows = session.execute(select(AttendeeRow.id, AttendeeRow.vote_weight, AttendeeRow.status)
                           .where(AttendeeRow.workshop_id == workshop_id)).all()
    status = {i: s for i, _w, s in rows}
    weight = {i: float(w) for i, w, _s in rows}
    weights = [weight[i] for i, s in status.items() if s == AttendanceStatus.PRESENT]
    for giver, holder in session.execute(select(ProxyRow.giver_id, ProxyRow.holder_id)
                                         .where(ProxyRow.holder_id.in_(list(status)))).all():
        if status.get(holder) == AttendanceStatus.PRESENT and status.get(giver) != AttendanceStatus.PRESENT:
            weights.append(weight[giver])
    return weights


def check_can_open(session: Any, workshop_id: int) -> None:
    """A secret round opens only when every weight class of the present voices is large enough."""
    check_weight_classes(present_weights(session, workshop_id))


def run_urn(db: Database, round_uuid: str, voters: Iterable[str], papers: Iterable[Mapping[str, Any]]) -> int:
    """A whole secret vote as an urn runs it, for scripted workshops (demo data, tests):
    every voter of ``voters`` signs, the émargement closes, then each of ``papers`` is
    entered (every voice must have the same weight). Returns the number of papers."""
    for attendee_uuid in voters:
        sign(db, round_uuid, attendee_uuid)
    close_urn(db, round_uuid)
    count = 0
    for marks in papers:
        record_paper(db, round_uuid, marks)
        count += 1
    return count


def seal_all(db: Database) -> int:
    """Seal every closed secret round that is not sealed (rounds closed by an older
    version), closed workshops included (their papers keep their uuids, so their
    fingerprints hold), then truncate the WAL. Returns the number of rounds sealed."""
    with db.transaction() as session:
        ids = list(session.scalars(select(RoundRow.id).where(
            RoundRow.mode == RoundMode.SECRET.value, RoundRow.status == RoundStatus.CLOSED.value,
            RoundRow.sealed.is_(False))))
        count = seal(session, ids)
    db.truncate_wal()
    return count
