"""Phone voting: voting codes, and ballots submitted from phones through the same paths
as typed ballots.

Who may vote from a phone:

* **named rounds** — each present attendee gets a *personal code* (:func:`issue_named_codes`),
  printed on a slip or shown on the laptop to that person. The phone ballot is recorded by
  :func:`services.rounds.record_ballot`, linked to the voter as a typed one; the voter may
  change it until the round closes (:func:`services.rounds.correct_ballot`, which writes the
  round's history as a correction typed at the keyboard would).
* **secret rounds** — anonymous *voting cards* (:func:`issue_cards`), one per voice present
  (proxies included), printed as slips and drawn at random from a box. A card is linked to
  nobody. The émargement stays the paper urn's (services.urn.sign, at the laptop); the
  card's paper goes through :func:`services.urn.enter_paper`, the function of every
  paper: no voter, random ids, never more papers of a weight than voices signed, rewritten
  and sealed at close. A card votes once per round and cannot change its vote.

Codes are :data:`CODE_BYTES` random bytes (``secrets.token_urlsafe``: 128 bits); only
their SHA-256 is stored, so they are shown once, when issued.

Idempotence: every form a phone receives carries a fresh submission id; a resubmission
(the phone lost the network and sent again) finds it in ``phone_submission`` and records
nothing, returning the same receipt.

Every function returns what changed as a :class:`Changes`, as the typed ballots do.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from projter_desktop.domain import voting
from projter_desktop.domain.voting import Ballot, BallotError, Method, RoundConfig
from projter_desktop.domain.workshop import AttendanceStatus, RoundMode, RoundStatus
from projter_desktop.services import rounds, urn
from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import NotFoundError, UserError
from projter_desktop.services.workshops import writable_workshop
from projter_desktop.store import ballots as ballot_store
from projter_desktop.store import phone_votes as store
from projter_desktop.store import workshops as repo
from projter_desktop.store.database import Database
from projter_desktop.store.models import ActionRow, AttendeeRow, RoundRow, WorkshopRow

#: Random bytes of a voting code (token_urlsafe: 22 characters, 128 bits).
CODE_BYTES = 16
#: Longest code or submission id accepted (longer input is refused before hashing).
MAX_TOKEN_LENGTH = 64

UNKNOWN_CODE_FR = ("Ce code de vote n'est pas reconnu pour ce tour. Vérifiez-le sur votre carte, ou demandez "
                   "à l'animateur.")
CARD_USED_FR = "Cette carte de vote a déjà servi dans ce tour : un bulletin secret ne peut être ni refait ni modifié."
NAMED_IN_SECRET_FR = ("Ce tour est à bulletin secret : votez avec une carte de vote tirée au hasard dans l'urne, "
                      "pas avec votre code personnel.")
CARD_IN_NAMED_FR = "Ce tour est nominatif : votez avec votre code personnel, pas avec une carte de vote anonyme."
NO_PAPER_LEFT_FR = ("L'urne n'attend plus de bulletin : chaque voix émargée a déjà voté. Faites-vous d'abord "
                    "émarger auprès de l'animateur (signature de la liste), puis votez.")
ROUND_CLOSED_FR = "Ce tour de vote est clos : plus aucun vote n'est reçu."
ROUND_NOT_OPEN_FR = "Ce tour de vote n'est pas ouvert."


def new_code() -> str:
    """A fresh voting code (128 random bits, URL-safe)."""
    return secrets.token_urlsafe(CODE_BYTES)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clean_token(value: Any) -> str:
    """A code as typed: the spaces of its printed groups (``abcd efgh …``) taken out."""
    if not isinstance(value, str) or not value or len(value) > MAX_TOKEN_LENGTH:
        raise UserError(UNKNOWN_CODE_FR)
    return "".join(value.split())


# --------------------------------------------------------------------------- issuing codes


@dataclass(frozen=True)
class NamedCode:
    attendee_uuid: str
    name: str
    code: str


@dataclass(frozen=True)
class VotingCard:
    code: str
    weight: float


@dataclass(frozen=True)
class IssuedCodes:
    workshop_uuid: str
    workshop_title: str
    named: tuple[NamedCode, ...] = ()
    cards: tuple[VotingCard, ...] = ()
    changes: Changes = field(default_factory=Changes)


def issue_named_codes(db: Database, workshop_uuid: str, attendee_uuids: Sequence[str] | None = None) -> IssuedCodes:
    """A new personal code for each present attendee of the workshop (or for those of
    ``attendee_uuids``, who must be registered); a previous code of theirs stops working.
    The codes are returned once (print them or show them now): only their hash is kept."""
    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid)
        query = select(AttendeeRow.id, AttendeeRow.uuid, AttendeeRow.name, AttendeeRow.status).where(
            AttendeeRow.workshop_id == workshop.id).order_by(AttendeeRow.position, AttendeeRow.id)
        rows = session.execute(query).all()
        if attendee_uuids is None:
            chosen = [r for r in rows if r.status == AttendanceStatus.PRESENT]
            if not chosen:
                raise UserError("Aucun participant n'est marqué présent : il n'y a pas de code personnel à créer.")
        else:
            by_uuid = {r.uuid: r for r in rows}
            missing = [u for u in attendee_uuids if u not in by_uuid]
            if missing:
                raise UserError("Ce participant n'est pas inscrit à l'atelier.")
            chosen = [by_uuid[u] for u in attendee_uuids]
        named = tuple(NamedCode(r.uuid, r.name, new_code()) for r in chosen)
        store.replace_named_codes(session, workshop_id=workshop.id,
                                  codes=[(r.id, digest(c.code)) for r, c in zip(chosen, named)])
        title = workshop.title
    return IssuedCodes(workshop_uuid, title, named=named)


def issue_cards(db: Database, workshop_uuid: str, count: int | None = None) -> IssuedCodes:
    """A new batch of anonymous voting cards for the secret rounds of the workshop: one per
    voice present (own voices and proxies held, each with its weight), or ``count`` cards
    of weight 1 when every voice weighs 1. The previous batch stops working. The cards
    are returned once, in a random order, and only their hashes are kept."""
    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid)
        weights = urn.present_weights(session, workshop.id)
        if count is not None:
            if not isinstance(count, int) or not 1 <= count <= 2000:
                raise UserError("Le nombre de cartes doit être compris entre 1 et 2000.")
            if any(w != 1.0 for w in weights):
                raise UserError("Les voix de cet atelier n'ont pas toutes le poids 1 : les cartes sont faites "
                                "une par voix présente, avec son poids.")
            weights = [1.0] * count
        if not weights:
            raise UserError("Aucune voix n'est présente : marquez les présents avant de faire les cartes de vote.")
        weights = list(weights)
        secrets.SystemRandom().shuffle(weights)
        cards = tuple(VotingCard(new_code(), float(w)) for w in weights)
        store.replace_cards(session, workshop_id=workshop.id, cards=[(c.weight, digest(c.code)) for c in cards])
        title = workshop.title
    return IssuedCodes(workshop_uuid, title, cards=cards)


def issue_missing_codes(db: Database, workshop_uuid: str, *, secret: bool) -> IssuedCodes:
    """What phone voting needs before a round is served, and no more: a named code for each
    present attendee who has none (late arrivals), or — ``secret`` — a voting card for each
    voice present that no card stands for yet (by weight: the voices present less the cards
    already issued). Codes already issued keep working. Returns only the new ones (their
    slips are printed for the newcomers), possibly none."""
    from collections import Counter

    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid)
        title = workshop.title
        if secret:
            existing = Counter(float(w) for w in store.card_weights(session, workshop.id))
            missing = Counter(float(w) for w in urn.present_weights(session, workshop.id)) - existing
            weights = list(missing.elements())
            secrets.SystemRandom().shuffle(weights)
            cards = tuple(VotingCard(new_code(), w) for w in weights)
            store.add_cards(session, workshop_id=workshop.id, cards=[(c.weight, digest(c.code)) for c in cards])
            return IssuedCodes(workshop_uuid, title, cards=cards)
        have = store.attendees_with_codes(session, workshop.id)
        rows = session.execute(select(AttendeeRow.id, AttendeeRow.uuid, AttendeeRow.name).where(
            AttendeeRow.workshop_id == workshop.id, AttendeeRow.status == AttendanceStatus.PRESENT.value)
            .order_by(AttendeeRow.position, AttendeeRow.id)).all()
        chosen = [r for r in rows if r.id not in have]
        named = tuple(NamedCode(r.uuid, r.name, new_code()) for r in chosen)
        store.replace_named_codes(session, workshop_id=workshop.id,
                                  codes=[(r.id, digest(c.code)) for r, c in zip(chosen, named)])
    return IssuedCodes(workshop_uuid, title, named=named)


def codes_issued(db: Database, workshop_uuid: str) -> tuple[int, int]:
    """(named codes, voting cards) issued for a workshop."""
    with db.reading() as session:
        workshop = repo.by_uuid(session, WorkshopRow, workshop_uuid)
        if workshop is None:
            raise NotFoundError("Cet atelier n'existe pas (ou plus).")
        return store.count_codes(session, workshop.id)


# --------------------------------------------------------------------------- a phone's ballot form


@dataclass(frozen=True)
class PhoneAction:
    uuid: str
    code: str
    title: str


@dataclass(frozen=True)
class PhoneBallot:
    """What a phone needs to show its ballot: the round, its actions, who votes."""

    round_uuid: str
    workshop_uuid: str
    number: int
    title: str
    method: Method
    config: RoundConfig
    actions: tuple[PhoneAction, ...]
    secret: bool
    #: named rounds: the voter's name and marks already recorded (a vote may be changed)
    voter_name: str = ""
    current_marks: Mapping[str, Any] = field(default_factory=dict)
    weight: float = 1.0


@dataclass(frozen=True)
class PhoneRound:
    """The open round a phone may vote in, without a voter (the welcome page)."""

    round_uuid: str
    number: int
    title: str
    method: Method
    secret: bool
    open: bool


def _round_row(session: Any, round_uuid: str) -> RoundRow:
    row = repo.by_uuid(session, RoundRow, round_uuid)
    if row is None:
        raise NotFoundError("Ce tour de vote n'existe pas (ou plus).")
    return row


def _check_open(row: RoundRow) -> None:
    if row.status == RoundStatus.CLOSED:
        raise UserError(ROUND_CLOSED_FR)
    if row.status != RoundStatus.OPEN:
        raise UserError(ROUND_NOT_OPEN_FR)
    if RoundMode(row.mode) is RoundMode.ANALOG:
        raise UserError("Ce tour est un décompte à main levée : il ne se vote pas sur téléphone.")


def phone_round(db: Database, round_uuid: str) -> PhoneRound:
    with db.reading() as session:
        row = _round_row(session, round_uuid)
        return PhoneRound(row.uuid, row.number, row.title, Method(row.method), RoundMode(row.mode) is RoundMode.SECRET,
                          row.status == RoundStatus.OPEN)


@dataclass(frozen=True)
class _Voter:
    secret: bool
    attendee_id: int | None = None
    attendee_uuid: str = ""
    name: str = ""
    weight: float = 1.0


def _identify(session: Any, row: RoundRow, code: str) -> _Voter:
    found = store.find_code(session, digest(code))
    if found is None or found[0] != row.workshop_id:
        raise UserError(UNKNOWN_CODE_FR)
    _workshop_id, attendee_id, weight = found
    secret = RoundMode(row.mode) is RoundMode.SECRET
    if attendee_id is None:
        if not secret:
            raise UserError(CARD_IN_NAMED_FR)
        return _Voter(True, weight=float(weight or 1.0))
    if secret:
        raise UserError(NAMED_IN_SECRET_FR)
    attendee = session.get(AttendeeRow, attendee_id)
    if attendee.status != AttendanceStatus.PRESENT:
        raise UserError(f"{attendee.name} n'est pas marqué(e) présent(e) : seuls les présents votent. "
                        "Signalez-vous à l'animateur.")
    return _Voter(False, attendee.id, attendee.uuid, attendee.name, float(attendee.vote_weight))


def ballot_form(db: Database, round_uuid: str, code: str) -> PhoneBallot:
    """The ballot a phone shows for ``code`` in the open round (``UserError`` in French for
    an unknown or foreign code, a used card, a round not open)."""
    code = _clean_token(code)
    with db.reading() as session:
        row = _round_row(session, round_uuid)
        _check_open(row)
        voter = _identify(session, row, code)
        if voter.secret and store.card_used(session, round_id=row.id, card_use=digest(f"{round_uuid}:{code}")):
            raise UserError(CARD_USED_FR)
        actions = tuple(PhoneAction(*a) for a in store.round_action_titles(session, row.id))
        current: dict[str, Any] = {}
        if not voter.secret:
            ballot = ballot_store.named_ballot(session, round_id=row.id, attendee_id=voter.attendee_id)
            if ballot is not None:
                uuid_of = dict(session.execute(
                    select(ActionRow.id, ActionRow.uuid)
                    .where(ActionRow.id.in_(list(ballot.marks)))).all())
                current = {uuid_of[i]: ballot_store.decode_mark(t) for i, t in ballot.marks.items()}
        return PhoneBallot(row.uuid, session.get(WorkshopRow, row.workshop_id).uuid, row.number, row.title,
                           Method(row.method), repo.round_config(row.method, row.config), actions, voter.secret,
                           voter.name, current, voter.weight)


def check_marks(ballot: PhoneBallot, marks: Mapping[str, Any]) -> None:
    """The review step: ``UserError`` in French when ``marks`` would be refused."""
    try:
        voting.validate_ballot(ballot.config, [a.uuid for a in ballot.actions],
                               Ballot(marks=dict(marks), weight=ballot.weight))
    except BallotError as exc:
        raise UserError(f"Bulletin refusé : {rounds._french(exc)}.") from exc


# --------------------------------------------------------------------------- submitting


@dataclass(frozen=True)
class PhoneVote:
    """A ballot submitted from a phone. ``replayed``: the same submission had already been
    recorded (nothing was recorded again); ``changed``: a named voter changed a vote."""

    round_uuid: str
    workshop_uuid: str
    secret: bool
    replayed: bool = False
    changed: bool = False
    voter_name: str = ""
    changes: Changes = field(default_factory=Changes)


def submit(db: Database, round_uuid: str, code: str, marks: Mapping[str, Any], submission_id: str) -> PhoneVote:
    """Record the ballot ``marks`` submitted from a phone with ``code``.

    Named code: the voter's ballot is recorded (:func:`rounds.record_ballot`) or, when the
    voter has voted already, changed (:func:`rounds.correct_ballot`). Voting card: one
    paper through :func:`urn.enter_paper`, the card's use in the same transaction.
    ``submission_id`` (from the form) makes a resubmission record nothing. Refused with a
    French ``UserError`` and the database unchanged: unknown or foreign code, named code
    in a secret round or card in a named one, used card, round not open, invalid marks."""
    code = _clean_token(code)
    if not isinstance(submission_id, str) or not 16 <= len(submission_id) <= MAX_TOKEN_LENGTH:
        raise UserError("Ce formulaire de vote est incomplet : rechargez la page et votez à nouveau.")
    token = digest(f"{round_uuid}:{submission_id}")
    with db.transaction() as session:
        row = _round_row(session, round_uuid)
        _check_open(row)
        voter = _identify(session, row, code)
        workshop_uuid = session.get(WorkshopRow, row.workshop_id).uuid
        replayed = store.submission_seen(session, round_id=row.id, token=token)
        if voter.secret:
            if replayed:
                return PhoneVote(round_uuid, workshop_uuid, True, replayed=True)
            card_use = digest(f"{round_uuid}:{code}")
            if store.card_used(session, round_id=row.id, card_use=card_use):
                raise UserError(CARD_USED_FR)
            found = urn.open_secret_round(session, round_uuid)
            if urn.papers_left(session, found, voter.weight) <= 0:
                raise UserError(NO_PAPER_LEFT_FR)
            paper = urn.enter_paper(db, session, found, round_uuid, marks, weight=voter.weight)
            store.add_submission(session, round_id=row.id, token=token, card_use=card_use)
            return PhoneVote(round_uuid, workshop_uuid, True, changes=paper.changes)
        if replayed:
            return PhoneVote(round_uuid, workshop_uuid, False, replayed=True, voter_name=voter.name)
        ballot = ballot_store.named_ballot(session, round_id=row.id, attendee_id=voter.attendee_id)
        unchanged = False
        if ballot is not None:
            action_ids = rounds._round_actions(db, session.connection(), round_uuid, row.id)
            try:
                encoded = {action_ids[a]: t for a, t in ballot_store.encode_marks(marks).items()}
            except (KeyError, TypeError, ValueError):
                encoded = None  # left to the service's validation and its French message
            unchanged = encoded == ballot.marks
        round_id = row.id
    # Named: the services of typed ballots, each in its own durable transaction; the
    # submission id is written after the ballot (a crash between the two makes a
    # resubmission find the same marks: nothing changes, the receipt is the same).
    changed = False
    changes = Changes()
    if ballot is None:
        changes = rounds.record_ballot(db, round_uuid, voter.attendee_uuid, marks).changes
    elif not unchanged:
        changes, changed = rounds.correct_ballot(db, round_uuid, voter.attendee_uuid, marks).changes, True
    with db.transaction() as session:
        if not store.submission_seen(session, round_id=round_id, token=token):
            store.add_submission(session, round_id=round_id, token=token)
    return PhoneVote(round_uuid, workshop_uuid, False, changed=changed, voter_name=voter.name, changes=changes)


def new_submission_id() -> str:
    """A fresh submission id for a ballot form."""
    return secrets.token_urlsafe(CODE_BYTES)


def print_slips(issued: IssuedCodes, base_url: str, path: Any) -> Any:
    """The PDF of the slips of ``issued`` (named slips or voting cards) for a room server
    at ``base_url`` (each QR code opens ``base_url + "c/" + code``). Returns the path."""
    from projter_desktop.reports.voting_cards import Slip, build_slips

    base = base_url if base_url.endswith("/") else base_url + "/"
    if issued.named:
        slips = [Slip(c.name, f"{base}c/{c.code}", c.code, "Code personnel — ne le prêtez pas") for c in issued.named]
        subtitle = "Vote nominatif sur téléphone"
    else:
        uneven = any(c.weight != 1.0 for c in issued.cards)
        slips = [Slip("Carte de vote", f"{base}c/{c.code}", c.code,
                      f"Voix de poids {c.weight:g}".replace(".", ",") if uneven else "Vote secret — une voix")
                 for c in issued.cards]
        subtitle = "Vote secret sur téléphone — à tirer au hasard dans l'urne"
    return build_slips(path, issued.workshop_title, slips, subtitle=subtitle)
