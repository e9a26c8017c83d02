"""Voting rounds: create, open, record ballots or counts, close, tally.

Recording a ballot is the hot path of a workshop: one short transaction with Core
inserts, committed durably before the function returns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select

from projter_desktop.domain import voting
from projter_desktop.domain.voting import Ballot, BallotError, DistributionError, Method, RoundConfig, Tally
from projter_desktop.domain.workshop import (
    AttendanceStatus,
    BallotCorrection,
    BallotRecord,
    RoundMode,
    RoundRecord,
    RoundStatus,
    WorkshopStatus,
    attendance_figures,
    voices,
)
from projter_desktop.services.changes import Changes, Result
from projter_desktop.services import urn
from projter_desktop.services.errors import NotFoundError, ReadOnlyError, UserError
from projter_desktop.services.workshops import freeze_attendance, get_workshop, now, writable_workshop
from projter_desktop.store import ballots as ballot_store
from projter_desktop.store import workshops as repo
from projter_desktop.store.database import Database
from projter_desktop.store.models import (
    ActionRow,
    AttendeeRow,
    BallotRow,
    CountRow,
    ObjectiveRow,
    OrientationRow,
    ProxyRow,
    RegisterRow,
    RoundActionRow,
    RoundRow,
    ScopeRow,
    WorkshopRow,
)

MAX_ACTIONS_PER_ROUND = voting.MAX_ROUND_ACTIONS

#: French messages for the stable codes of :class:`BallotError` / :class:`DistributionError`.
BALLOT_ERRORS_FR = {
    "invalid_weight": "le poids du bulletin est invalide",
    "invalid_marks": "le bulletin est mal formé",
    "unknown_action": "une action ne fait pas partie de ce tour",
    "invalid_mark": "une valeur n'est pas valide pour cette méthode",
    "out_of_scale": "une note sort de l'échelle du tour",
    "too_many_dots": "plus de gommettes que le nombre autorisé par votant",
    "too_many_dots_on_action": "trop de gommettes sur une même action",
    "duplicate_rank": "deux actions ont le même rang",
    "rank_out_of_range": "un rang dépasse le nombre d'actions",
    "ranks_not_contiguous": "les rangs doivent se suivre (1, 2, 3…)",
    "invalid_distribution": "un total n'est pas un nombre positif",
    "invalid_voters": "le nombre de votants est invalide",
}


def _french(exc: BallotError | DistributionError) -> str:
    return BALLOT_ERRORS_FR.get(exc.code, "saisie invalide")


def round_changes(workshop_uuid: str, round_uuid: str, *, ballots: bool = False, status: bool = False) -> Changes:
    """The notice of a change to one round: its state (``rounds``) or its ballots/counts
    (``ballots``); ``status`` adds the workshop list (the workshop's status changed too)."""
    one, rounds = frozenset({workshop_uuid}), frozenset({round_uuid})
    if ballots:
        return Changes(workshop_uuids=one, ballots=rounds)
    return Changes(workshops=status, workshop_uuids=one, rounds=rounds)


def _round_record(db: Database, workshop_uuid: str, round_uuid: str) -> RoundRecord:
    return get_round(db, round_uuid)[1]


def get_round(db: Database, round_uuid: str) -> tuple[str, RoundRecord]:
    """(workshop uuid, round) for a round uuid: the round alone is loaded."""
    with db.reading() as session:
        found = repo.load_round(session, round_uuid)
    if found is None:
        raise NotFoundError("Ce tour de vote n'existe pas (ou plus).")
    return found


def create_round(
    db: Database,
    workshop_uuid: str,
    orientation_uuid: str,
    *,
    method: Method | None = None,
    mode: RoundMode | None = None,
    options: Mapping[str, Any] | None = None,
    action_uuids: Sequence[str] | None = None,
    title: str = "",
    uuid: str | None = None,
    open_now: bool = False,
    at: datetime | None = None,
) -> Result[RoundRecord]:
    """A new round on actions of one orientation of the workshop's scope (all by default);
    ``open_now`` opens it in the same transaction (as :func:`open_round` would), ``at`` that
    moment (now by default)."""
    with db.transaction() as session:
        workshop = writable_workshop(session, workshop_uuid)
        orientation = repo.by_uuid(session, OrientationRow, orientation_uuid)
        in_scope = orientation is not None and session.scalar(select(ScopeRow.id).where(
            ScopeRow.workshop_id == workshop.id, ScopeRow.orientation_id == orientation.id))
        if not in_scope:
            raise UserError("Cette orientation ne fait pas partie du périmètre de l'atelier.")
        assert orientation is not None
        available = list(session.execute(
            select(ActionRow.uuid, ActionRow.id).join(ObjectiveRow, ObjectiveRow.id == ActionRow.objective_id)
            .where(ObjectiveRow.orientation_id == orientation.id).order_by(ObjectiveRow.position, ActionRow.position)
        ).all())
        by_uuid = dict(available)
        chosen = [u for u, _ in available] if action_uuids is None else list(action_uuids)
        if not chosen:
            raise UserError("Choisissez au moins une action pour ce tour de vote.")
        if len(chosen) > MAX_ACTIONS_PER_ROUND:
            raise UserError(f"Un tour de vote porte sur {MAX_ACTIONS_PER_ROUND} actions au plus.")
        if any(u not in by_uuid for u in chosen) or len(set(chosen)) != len(chosen):
            raise UserError("Les actions d'un tour doivent appartenir à l'orientation, une seule fois chacune.")
        chosen_method = Method(method or workshop.default_method)
        chosen_mode = RoundMode(mode or workshop.default_mode)
        config = _new_config(session, workshop, chosen_method, chosen_mode, options or {})
        _check_config(config)
        number = (session.scalar(select(func.max(RoundRow.number)).where(RoundRow.workshop_id == workshop.id)) or 0) + 1
        row = RoundRow(
            workshop_id=workshop.id, orientation_id=orientation.id, number=number,
            title=" ".join(title.split())[:300] or f"Tour {number}",
            method=chosen_method.value, mode=chosen_mode.value,
            config=json.dumps(repo.config_options(config)), status=RoundStatus.DRAFT.value, results_hidden=True,
        )
        started = False
        if open_now:
            if RoundMode(row.mode) is RoundMode.SECRET:
                urn.check_can_open(session, workshop.id)
            row.status, row.opened_at = RoundStatus.OPEN.value, at or now()
            started = workshop.status == WorkshopStatus.PREPARATION
            if started:
                workshop.status = WorkshopStatus.RUNNING.value
        if uuid:
            row.uuid = uuid
        for position, action_uuid in enumerate(chosen):
            row.actions.append(RoundActionRow(action_id=by_uuid[action_uuid], position=position))
        session.add(row)
        session.flush()
        round_uuid = row.uuid
    return Result(_round_record(db, workshop_uuid, round_uuid), round_changes(workshop_uuid, round_uuid, status=started))


def _new_config(session, workshop: WorkshopRow, method: Method, mode: RoundMode,  # type: ignore[no-untyped-def]
                options: Mapping[str, Any]) -> RoundConfig:
    """The configuration of a new round: the French defaults (``RoundConfig.recommended``),
    the workshop's quorum basis, then ``options``.

    ``casting_vote``: absent or True gives the chair's voice to a *named* yes/no round of a
    workshop that has a chair; False or None, no casting vote; an attendee uuid, that
    attendee's (named yes/no rounds only). A secret or analog round never has one: « en cas
    de partage, sauf cas de scrutin secret, la voix du président est prépondérante » (CGCT
    L2121-20), and a secret ballot carries no voter."""
    values = dict(options)
    values.setdefault("quorum_basis", workshop.quorum_basis)
    casting = values.pop("casting_vote", True)
    if casting is True:
        casting = workshop.chair_uuid if mode is RoundMode.NAMED and method is Method.YES_NO else None
    elif casting is False:
        casting = None
    elif casting is not None:
        if mode is not RoundMode.NAMED or method is not Method.YES_NO:
            raise UserError("La voix prépondérante ne s'applique qu'à un vote nominatif pour / contre : "
                            "jamais au scrutin secret ni à un décompte manuel.")
        attendee = repo.by_uuid(session, AttendeeRow, str(casting))
        if attendee is None or attendee.workshop_id != workshop.id:
            raise UserError("La voix prépondérante revient à une personne inscrite à l'atelier.")
    try:
        return RoundConfig.recommended(method, casting_vote=casting, **values)
    except (TypeError, ValueError) as exc:
        raise UserError(f"Paramètres du tour invalides : {_config_error_fr(exc)}") from exc


#: French explanation of a refused round parameter, by the field named in the domain's message.
_CONFIG_ERRORS_FR: tuple[tuple[str, str], ...] = (
    ("score scale", f"l'échelle de notes va d'un entier à un entier plus grand, entre -{voting.MAX_SCALE} et "
                    f"{voting.MAX_SCALE}."),
    ("matrix scale", f"l'échelle impact/faisabilité va d'un entier positif à un entier plus grand, au plus "
                     f"{voting.MAX_SCALE}."),
    ("dots", f"chaque votant dispose de 1 à {voting.MAX_DOTS} gommettes."),
    ("quorum must", f"le quorum est un nombre de membres entre 0 et {voting.MAX_TOTAL}."),
    ("min_rated_share", "la part minimale de votants est comprise entre 0 et 1."),
)


def _config_error_fr(exc: Exception) -> str:
    text = str(exc)
    return next((french for key, french in _CONFIG_ERRORS_FR if key in text), text)


def _check_config(config: RoundConfig) -> None:
    if config.method is Method.SCORE and config.score_min >= config.score_max:
        raise UserError("L'échelle de notes doit aller d'un minimum à un maximum plus grand.")
    if config.method is Method.DOTS and config.dots_per_voter < 1:
        raise UserError("Chaque votant doit disposer d'au moins une gommette.")
    if config.method is Method.IMPACT_FEASIBILITY and config.matrix_min >= config.matrix_max:
        raise UserError("L'échelle impact/faisabilité doit aller d'un minimum à un maximum plus grand.")


@dataclass
class _RoundContext:
    round: RoundRow
    workshop: WorkshopRow


def _writable_round(session, round_uuid: str) -> _RoundContext:  # type: ignore[no-untyped-def]
    row = repo.by_uuid(session, RoundRow, round_uuid)
    if row is None:
        raise NotFoundError("Ce tour de vote n'existe pas (ou plus).")
    workshop = session.get(WorkshopRow, row.workshop_id)
    writable_workshop(session, workshop.uuid)
    return _RoundContext(row, workshop)


def open_round(db: Database, round_uuid: str, *, at: datetime | None = None) -> Result[RoundRecord]:
    """Open the round (``at``, now by default; a round opened before keeps its first opening)."""
    with db.transaction() as session:
        ctx = _writable_round(session, round_uuid)
        if ctx.round.status == RoundStatus.CLOSED:
            raise UserError("Ce tour est clos ; créez un nouveau tour pour revoter.")
        if RoundMode(ctx.round.mode) is RoundMode.SECRET and ctx.round.status != RoundStatus.OPEN:
            urn.check_can_open(session, ctx.workshop.id)
        ctx.round.status = RoundStatus.OPEN.value
        ctx.round.opened_at = ctx.round.opened_at or at or now()
        started = ctx.workshop.status == WorkshopStatus.PREPARATION
        if started:
            ctx.workshop.status = WorkshopStatus.RUNNING.value
        workshop_uuid = ctx.workshop.uuid
    return Result(_round_record(db, workshop_uuid, round_uuid), round_changes(workshop_uuid, round_uuid, status=started))


def close_round(db: Database, round_uuid: str, *, reveal: bool = True,
                at: datetime | None = None) -> Result[RoundRecord]:
    """Close the round (``at``, now by default) and freeze the attendance its quorum is judged on."""
    with db.transaction() as session:
        ctx = _writable_round(session, round_uuid)
        if ctx.round.status != RoundStatus.OPEN:
            raise UserError("Seul un tour ouvert peut être clos.")
        secret = RoundMode(ctx.round.mode) is RoundMode.SECRET
        if secret and not ctx.round.urn_closed and session.scalar(
                select(func.count()).select_from(RegisterRow).where(RegisterRow.round_id == ctx.round.id)):
            raise UserError("Clôturez l'émargement et dépouillez les bulletins avant de clore ce tour secret.")
        ctx.round.status = RoundStatus.CLOSED.value
        ctx.round.closed_at = at or now()
        if reveal:
            ctx.round.results_hidden = False
        if secret:
            urn.seal(session, [ctx.round.id])
        freeze_attendance(session, ctx.workshop.id, ctx.round)
        workshop_uuid = ctx.workshop.uuid
    if secret:
        db.truncate_wal()
    return Result(_round_record(db, workshop_uuid, round_uuid), round_changes(workshop_uuid, round_uuid))


def reopen_round(db: Database, round_uuid: str) -> Result[RoundRecord]:
    """Undo of closing: the round is open again (the workshop must still be open)."""
    with db.transaction() as session:
        ctx = _writable_round(session, round_uuid)
        if ctx.round.status != RoundStatus.CLOSED:
            raise UserError("Ce tour n'est pas clos.")
        ctx.round.status = RoundStatus.OPEN.value
        ctx.round.closed_at = None
        if RoundMode(ctx.round.mode) is RoundMode.SECRET:
            ctx.round.urn_closed = True  # its papers are counted: the dépouillement goes on
        workshop_uuid = ctx.workshop.uuid
    return Result(_round_record(db, workshop_uuid, round_uuid), round_changes(workshop_uuid, round_uuid))


def set_results_hidden(db: Database, round_uuid: str, hidden: bool) -> Result[RoundRecord]:
    with db.transaction() as session:
        ctx = _writable_round(session, round_uuid)
        ctx.round.results_hidden = hidden
        workshop_uuid = ctx.workshop.uuid
    return Result(_round_record(db, workshop_uuid, round_uuid), round_changes(workshop_uuid, round_uuid))


def delete_round(db: Database, round_uuid: str) -> Changes:
    with db.transaction() as session:
        ctx = _writable_round(session, round_uuid)
        has_votes = session.scalar(select(func.count()).select_from(BallotRow).where(BallotRow.round_id == ctx.round.id))
        has_counts = session.scalar(select(func.count()).select_from(CountRow).where(CountRow.round_id == ctx.round.id))
        if has_votes or has_counts:
            raise UserError("Ce tour contient déjà des votes : il ne peut pas être supprimé.")
        session.delete(ctx.round)
        workshop_uuid = ctx.workshop.uuid
    return round_changes(workshop_uuid, round_uuid)


# --------------------------------------------------------------------------- ballots


@dataclass(frozen=True)
class RecordedBallot:
    round_uuid: str
    attendee_uuid: str
    ballot_uuids: tuple[str, ...]
    weight: float
    workshop_uuid: str = ""
    #: the ballots as stored (what loading the round again would give for them)
    records: tuple[BallotRecord, ...] = ()

    @property
    def changes(self) -> Changes:
        return round_changes(self.workshop_uuid, self.round_uuid, ballots=True)


def _action_ids(session, round_id: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return dict(session.execute(
        select(ActionRow.uuid, ActionRow.id).join(RoundActionRow, RoundActionRow.action_id == ActionRow.id)
        .where(RoundActionRow.round_id == round_id).order_by(RoundActionRow.position)).all())


_BALLOT_ROUND = (
    select(RoundRow.id, RoundRow.workshop_id, RoundRow.status, RoundRow.mode, RoundRow.method, RoundRow.config,
           WorkshopRow.status, WorkshopRow.title, WorkshopRow.uuid)
    .join(WorkshopRow, WorkshopRow.id == RoundRow.workshop_id)
    .where(RoundRow.uuid == bindparam("round_uuid"))
)
_BALLOT_VOTER = (
    select(AttendeeRow.id, AttendeeRow.workshop_id, AttendeeRow.status, AttendeeRow.name, AttendeeRow.vote_weight,
           select(RegisterRow.id).where(RegisterRow.round_id == bindparam("round_id"),
                                        RegisterRow.attendee_id == AttendeeRow.id).exists())
    .where(AttendeeRow.uuid == bindparam("attendee_uuid"))
)
_BALLOT_PROXIES = (
    select(AttendeeRow.vote_weight).join(ProxyRow, ProxyRow.giver_id == AttendeeRow.id)
    .where(ProxyRow.holder_id == bindparam("holder_id"), AttendeeRow.status != AttendanceStatus.PRESENT.value)
)


def _round_actions(db: Database, conn, round_uuid: str, round_id: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Action uuid → id of a round, in round order; a round never changes its actions, so
    this is cached per database, keyed by the round's uuid: SQLite reuses the integer id of
    a deleted round for the next one, a uuid is never reused."""
    cache = db.cache.setdefault("round_actions", {})
    if round_uuid not in cache:
        cache[round_uuid] = dict(conn.execute(
            select(ActionRow.uuid, ActionRow.id).join(RoundActionRow, RoundActionRow.action_id == ActionRow.id)
            .where(RoundActionRow.round_id == round_id).order_by(RoundActionRow.position)).all())
    return cache[round_uuid]  # type: ignore[no-any-return]


def record_ballot(db: Database, round_uuid: str, attendee_uuid: str, marks: Mapping[str, Any]) -> RecordedBallot:
    """Record one voter's ballot, with the weight of their voice (own weight + proxies held).

    Named rounds link the ballot to the voter. Secret rounds store one unlinked ballot per
    voice (the voter's own and each proxy's, so a weight never points at a person), with
    random ids (ballots, marks and register) and no time stamp; the register only says that
    the voter has voted. This is the hot path of a workshop: a few Core statements in one
    durable transaction.
    """
    with db.engine.begin() as conn:
        found = conn.execute(_BALLOT_ROUND, {"round_uuid": round_uuid}).first()
        if found is None:
            raise NotFoundError("Ce tour de vote n'existe pas (ou plus).")
        round_id, workshop_id, status, mode_value, method, options, workshop_status, workshop_title, workshop_uuid = found
        if workshop_status == WorkshopStatus.CLOSED:
            raise ReadOnlyError(f"L'atelier « {workshop_title} » est clos : il ne peut plus être modifié.")
        if status != RoundStatus.OPEN:
            raise UserError("Ce tour de vote n'est pas ouvert.")
        mode = RoundMode(mode_value)
        if mode is RoundMode.ANALOG:
            raise UserError("Ce tour est un décompte manuel : saisissez les totaux, pas des bulletins.")
        if mode is RoundMode.SECRET:
            raise UserError(SECRET_BALLOT_FR)
        voter = conn.execute(_BALLOT_VOTER, {"attendee_uuid": attendee_uuid, "round_id": round_id}).first()
        if voter is None or voter[1] != workshop_id:
            raise UserError("Ce votant n'est pas inscrit à l'atelier.")
        attendee_id, _workshop, attendee_status, name, own_weight, has_voted = voter
        if attendee_status != AttendanceStatus.PRESENT:
            raise UserError(f"{name} n'est pas marqué(e) présent(e) : seuls les présents votent.")
        if has_voted:
            raise UserError(f"{name} a déjà voté dans ce tour.")
        action_ids = _round_actions(db, conn, round_uuid, round_id)
        config = repo.round_config(method, options)
        try:
            voting.validate_ballot(config, list(action_ids), Ballot(marks=dict(marks)))
        except BallotError as exc:
            raise UserError(f"Bulletin refusé : {_french(exc)}.") from exc
        voice_weights = [own_weight, *conn.execute(_BALLOT_PROXIES, {"holder_id": attendee_id}).scalars()]
        secret = mode is RoundMode.SECRET
        inserted = ballot_store.insert_ballot(
            conn, round_id=round_id, attendee_id=attendee_id, voice_weights=voice_weights,
            encoded_marks={action_ids[a]: text for a, text in ballot_store.encode_marks(marks).items()}, secret=secret)
    stored_marks = ballot_store.stored_marks(marks)
    records = tuple(BallotRecord(uuid=b.uuid, attendee_uuid=None if secret else attendee_uuid,
                                 weight=b.weight, marks=stored_marks) for b in inserted)
    return RecordedBallot(round_uuid, attendee_uuid, tuple(b.uuid for b in inserted), float(sum(voice_weights)),
                          workshop_uuid, records)


def withdraw_ballot(db: Database, recorded: RecordedBallot) -> Changes:
    """Undo of :func:`record_ballot` (the round must still be open)."""
    with db.transaction() as session:
        ctx = _writable_round(session, recorded.round_uuid)
        if ctx.round.status != RoundStatus.OPEN:
            raise UserError("Ce tour est clos : ses bulletins ne peuvent plus être retirés.")
        attendee = repo.by_uuid(session, AttendeeRow, recorded.attendee_uuid)
        ballot_store.withdraw_ballots(session, round_id=ctx.round.id, ballot_uuids=recorded.ballot_uuids,
                                      attendee_id=attendee.id if attendee is not None else None)
        workshop_uuid = ctx.workshop.uuid
    return round_changes(workshop_uuid, recorded.round_uuid, ballots=True)


# --------------------------------------------------------------------------- corrections
#
# A named ballot can be corrected while its round is open (a mark typed wrong, noticed
# after the next ballot was typed, so not by undo). The voter's ballot keeps its uuid and
# its weight (fixed when it was cast: a proxy given or cancelled later does not change a
# cast vote); its marks are replaced and the correction is written in the round's history
# (``ballot_correction``: voter, marks before and after, UTC time). When the round closes
# the history is kept as it is, read-only (it can no longer grow nor be undone), and the
# minutes say how many ballots were corrected in each round. It is not part of the
# workshop's content: neither in the fingerprint nor in the export file (the file carries
# the ballots as they stand). Withdrawing the ballot (undo of its recording) removes its
# corrections with it; undoing a correction (:func:`restore_ballot_marks`) removes that
# line of the history.

SECRET_BALLOT_FR = (
    "Ce tour est à bulletin secret : on émarge les votants d'un côté, on dépouille les bulletins de "
    "l'autre, sans jamais relier un bulletin à une personne.")
SECRET_CORRECTION_FR = (
    "Ce tour est à bulletin secret : un bulletin ne peut pas être retrouvé pour être corrigé "
    "(rien ne le relie à un votant). Il ne peut être retiré que par « Annuler » (Ctrl+Z) juste "
    "après sa saisie ; sinon, annulez le tour et ouvrez-en un nouveau.")
ANALOG_CORRECTION_FR = (
    "Ce tour est un décompte manuel : il n'a pas de bulletins. Corrigez directement les totaux "
    "dans la grille de saisie du décompte, ils restent modifiables tant que le tour est ouvert.")


@dataclass(frozen=True)
class CorrectedBallot(RecordedBallot):
    """A named ballot after :func:`correct_ballot` or :func:`restore_ballot_marks`:
    ``records`` holds the voter's ballot as now stored (same uuid, same weight);
    ``correction`` is the history line written (None after a restore)."""

    correction: BallotCorrection | None = None


def _named_ballot_context(conn, round_uuid: str, attendee_uuid: str):  # type: ignore[no-untyped-def]
    """Checks shared by a correction and its undo: (round id, workshop uuid, round's
    method and options, attendee id, voter's name, the stored ballot)."""
    found = conn.execute(_BALLOT_ROUND, {"round_uuid": round_uuid}).first()
    if found is None:
        raise NotFoundError("Ce tour de vote n'existe pas (ou plus).")
    round_id, workshop_id, status, mode_value, method, options, workshop_status, workshop_title, workshop_uuid = found
    if workshop_status == WorkshopStatus.CLOSED:
        raise ReadOnlyError(f"L'atelier « {workshop_title} » est clos : il ne peut plus être modifié.")
    mode = RoundMode(mode_value)
    if mode is RoundMode.SECRET:
        raise UserError(SECRET_CORRECTION_FR)
    if mode is RoundMode.ANALOG:
        raise UserError(ANALOG_CORRECTION_FR)
    if status == RoundStatus.CLOSED:
        raise UserError("Ce tour est clos : ses bulletins ne peuvent plus être corrigés.")
    if status != RoundStatus.OPEN:
        raise UserError("Ce tour de vote n'est pas ouvert.")
    voter = conn.execute(_BALLOT_VOTER, {"attendee_uuid": attendee_uuid, "round_id": round_id}).first()
    if voter is None or voter[1] != workshop_id:
        raise UserError("Ce votant n'est pas inscrit à l'atelier.")
    attendee_id, name = voter[0], voter[3]
    ballot = ballot_store.named_ballot(conn, round_id=round_id, attendee_id=attendee_id)
    if ballot is None:
        raise UserError(f"{name} n'a pas voté dans ce tour : il n'y a pas de bulletin à corriger.")
    return round_id, workshop_uuid, method, options, attendee_id, name, ballot


def correct_ballot(db: Database, round_uuid: str, attendee_uuid: str, marks: Mapping[str, Any]) -> CorrectedBallot:
    """Replace the marks of a voter's ballot in an open named round (validated as
    :func:`record_ballot` validates them) and write the correction in the round's history.

    Refused (database unchanged) for a secret round (a ballot cannot be found again), an
    analog round (its counts are edited directly), a round that is not open, a closed
    workshop, a voter not registered or who has not voted, invalid marks, or marks equal to
    those already recorded. Undo: :func:`restore_ballot_marks` with the result.
    """
    with db.engine.begin() as conn:
        round_id, workshop_uuid, method, options, attendee_id, name, ballot = _named_ballot_context(
            conn, round_uuid, attendee_uuid)
        action_ids = _round_actions(db, conn, round_uuid, round_id)
        config = repo.round_config(method, options)
        try:
            voting.validate_ballot(config, list(action_ids), Ballot(marks=dict(marks), weight=ballot.weight))
        except BallotError as exc:
            raise UserError(f"Correction refusée : {_french(exc)}.") from exc
        encoded = {action_ids[a]: text for a, text in ballot_store.encode_marks(marks).items()}
        if encoded == ballot.marks:
            raise UserError(f"Le bulletin corrigé de {name} est identique au bulletin enregistré : rien à corriger.")
        action_uuid = {i: u for u, i in action_ids.items()}
        previous = {action_uuid[i]: ballot_store.decode_mark(text) for i, text in ballot.marks.items()}
        new_marks = ballot_store.stored_marks(marks)
        correction = BallotCorrection(uuid=_new_uuid(), round_uuid=round_uuid, attendee_uuid=attendee_uuid,
                                      attendee_name=name, previous_marks=previous, marks=new_marks,
                                      corrected_at=now())
        ballot_store.replace_marks(conn, ballot_id=ballot.id, encoded_marks=encoded)
        ballot_store.add_correction(conn, uuid=correction.uuid, round_id=round_id, attendee_id=attendee_id,
                                    previous_marks=previous, marks=new_marks, corrected_at=correction.corrected_at)
    record = BallotRecord(uuid=ballot.uuid, attendee_uuid=attendee_uuid, weight=ballot.weight, marks=new_marks)
    return CorrectedBallot(round_uuid, attendee_uuid, (ballot.uuid,), float(ballot.weight), workshop_uuid, (record,),
                           correction)


def restore_ballot_marks(db: Database, correction: BallotCorrection | CorrectedBallot) -> CorrectedBallot:
    """Undo of :func:`correct_ballot`: the voter's ballot gets its previous marks back and
    the correction leaves the round's history, exactly as before the correction.

    Only the last correction of that voter's ballot can be undone, and only while the
    ballot still holds the marks it gave (refused otherwise, database unchanged)."""
    if isinstance(correction, CorrectedBallot):
        if correction.correction is None:
            raise UserError("Ce bulletin n'a pas de correction à annuler.")
        correction = correction.correction
    with db.engine.begin() as conn:
        round_id, workshop_uuid, _method, _options, attendee_id, name, ballot = _named_ballot_context(
            conn, correction.round_uuid, correction.attendee_uuid)
        latest = ballot_store.latest_correction_uuid(conn, round_id=round_id, attendee_id=attendee_id)
        if latest != correction.uuid:
            raise UserError(f"Cette correction du bulletin de {name} n'est plus la dernière : "
                            "annulez d'abord les corrections faites depuis.")
        action_ids = _round_actions(db, conn, correction.round_uuid, round_id)
        if {action_ids[a]: t for a, t in ballot_store.encode_marks(correction.marks).items()} != ballot.marks:
            raise UserError(f"Le bulletin de {name} a été modifié depuis cette correction : elle ne peut plus être annulée.")
        ballot_store.replace_marks(conn, ballot_id=ballot.id, encoded_marks={
            action_ids[a]: t for a, t in ballot_store.encode_marks(correction.previous_marks).items()})
        ballot_store.delete_correction(conn, correction.uuid)
    marks = ballot_store.stored_marks(correction.previous_marks)
    record = BallotRecord(uuid=ballot.uuid, attendee_uuid=correction.attendee_uuid, weight=ballot.weight, marks=marks)
    return CorrectedBallot(correction.round_uuid, correction.attendee_uuid, (ballot.uuid,), float(ballot.weight),
                           workshop_uuid, (record,), None)


def round_corrections(db: Database, round_uuid: str) -> tuple[BallotCorrection, ...]:
    """The correction history of a round (named rounds; empty for the others), in the
    order the corrections were made. Kept, read-only, once the round is closed."""
    with db.reading() as session:
        round_id = session.scalar(select(RoundRow.id).where(RoundRow.uuid == round_uuid))
        if round_id is None:
            raise NotFoundError("Ce tour de vote n'existe pas (ou plus).")
        return ballot_store.corrections(session, round_id=round_id, round_uuid=round_uuid)


def correction_counts(db: Database, workshop_uuid: str) -> dict[str, int]:
    """Round uuid → number of corrections in its history, for the rounds of a workshop
    that have any (the minutes print it)."""
    with db.reading() as session:
        rounds = dict(session.execute(select(RoundRow.id, RoundRow.uuid).join(WorkshopRow, WorkshopRow.id == RoundRow.workshop_id)
                                      .where(WorkshopRow.uuid == workshop_uuid)).all())
        return {rounds[i]: n for i, n in ballot_store.correction_counts(session, rounds).items()}


def _new_uuid() -> str:
    import uuid

    return str(uuid.uuid4())


# --------------------------------------------------------------------------- analog counts


@dataclass(frozen=True)
class CountsCheck:
    expected_voters: float  # present + represented weight
    warnings: tuple[str, ...]


def record_counts(
    db: Database,
    round_uuid: str,
    distributions: Mapping[str, Any],
    *,
    voters: float | None = None,
) -> tuple[Result[RoundRecord], CountsCheck]:
    """Replace the counts typed for an analog round; returns warnings when a count
    exceeds the voters present plus proxies (the counts are still recorded: the
    facilitator decides)."""
    with db.transaction() as session:
        ctx = _writable_round(session, round_uuid)
        if RoundMode(ctx.round.mode) is not RoundMode.ANALOG:
            raise UserError("Ce tour n'est pas un décompte manuel.")
        if ctx.round.status == RoundStatus.CLOSED:
            raise UserError("Ce tour est clos.")
        action_ids = _action_ids(session, ctx.round.id)
        unknown = [a for a in distributions if a not in action_ids]
        if unknown:
            raise UserError("Des totaux portent sur une action qui n'est pas dans ce tour.")
        config = repo.round_config(ctx.round.method, ctx.round.config)
        try:
            voting.tally(config, list(action_ids), distributions=dict(distributions))
        except DistributionError as exc:
            raise UserError(f"Totaux refusés : {_french(exc)}.") from exc
        if voters is not None and not 0 <= voters <= voting.MAX_TOTAL:  # NaN and infinities fail too
            raise UserError(f"Le nombre de votants doit être compris entre 0 et {voting.MAX_TOTAL}.")
        for action_uuid, distribution in distributions.items():
            action_id = action_ids[action_uuid]
            existing = session.scalar(select(CountRow).where(CountRow.round_id == ctx.round.id, CountRow.action_id == action_id))
            encoded = json.dumps(distribution, sort_keys=True)
            if existing is None:
                session.add(CountRow(round_id=ctx.round.id, action_id=action_id, distribution=encoded))
            else:
                existing.distribution = encoded
        if voters is not None:
            ctx.round.analog_voters = voters
        workshop_uuid = ctx.workshop.uuid
        codes = dict(session.execute(select(ActionRow.uuid, ActionRow.code).where(ActionRow.id.in_(action_ids.values()))).all())
    workshop = get_workshop(db, workshop_uuid)
    record = workshop.round(round_uuid)
    assert record is not None
    check = check_counts(workshop, record, codes)
    return Result(record, round_changes(workshop_uuid, round_uuid, ballots=True)), check


def restore_counts(db: Database, round_uuid: str, counts: Mapping[str, Any], voters: float | None) -> Changes:
    """Put an analog round's counts and number of voters back exactly as given (undo):
    actions absent from ``counts`` have no count any more; ``voters`` may be None."""
    with db.transaction() as session:
        ctx = _writable_round(session, round_uuid)
        if ctx.round.status == RoundStatus.CLOSED:
            raise UserError("Ce tour est clos.")
        action_ids = _action_ids(session, ctx.round.id)
        session.execute(delete(CountRow).where(CountRow.round_id == ctx.round.id))
        for action_uuid, distribution in counts.items():
            session.add(CountRow(round_id=ctx.round.id, action_id=action_ids[action_uuid],
                                 distribution=json.dumps(distribution, sort_keys=True)))
        ctx.round.analog_voters = voters
        workshop_uuid = ctx.workshop.uuid
    return round_changes(workshop_uuid, round_uuid, ballots=True)


def check_counts(workshop, record: RoundRecord, codes: Mapping[str, str]) -> CountsCheck:  # type: ignore[no-untyped-def]
    """Compare analog counts with the number of voters present plus proxies (``codes``:
    action uuid → human code, for the messages)."""
    counted = voices(workshop.attendees, workshop.proxies)
    expected = float(sum(v.weight for v in counted.values()))
    warnings: list[str] = []
    if record.analog_voters is not None and record.analog_voters > expected:
        warnings.append(f"{_n(record.analog_voters)} votants déclarés pour {_n(expected)} présents et représentés.")
    per_voter = {Method.DOTS: record.config.dots_per_voter}
    for action_uuid, dist in record.counts.items():
        total = _distribution_total(record.method, dist)
        limit = expected * per_voter.get(record.method, 1)
        if record.method is Method.DOTS and record.config.max_dots_per_action:
            limit = expected * record.config.max_dots_per_action
        if total > limit:
            code = codes.get(action_uuid, action_uuid[:8])
            warnings.append(f"Action {code} : {_n(total)} voix pour {_n(limit)} possibles "
                            f"({_n(expected)} présents et représentés).")
    if record.method is Method.DOTS:
        all_dots = sum(_distribution_total(record.method, d) for d in record.counts.values())
        if all_dots > expected * record.config.dots_per_voter:
            warnings.append(f"{_n(all_dots)} gommettes comptées pour {_n(expected * record.config.dots_per_voter)} distribuées.")
    return CountsCheck(expected, tuple(warnings))


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".replace(".", ",")


def _distribution_total(method: Method, dist: Mapping[str, Any]) -> float:
    if method is Method.IMPACT_FEASIBILITY:
        return max(sum(float(v) for v in dist.get("impact", {}).values()),
                   sum(float(v) for v in dist.get("feasibility", {}).values()))
    return sum(float(v) for v in dist.values())


# --------------------------------------------------------------------------- results


def round_attendance(workshop, record: RoundRecord) -> tuple[float | None, float | None]:  # type: ignore[no-untyped-def]
    """(members present, members represented) that the round's quorum is judged on: the
    figures frozen when it closed; the live attendance of ``workshop`` while it is open;
    (None, None) when neither is known (a round closed before the French rules, or no
    workshop given): the tally then compares the quorum with the votes cast."""
    if record.status is RoundStatus.CLOSED:
        return record.present_members, record.represented_members
    if workshop is None:
        return None, None
    present, represented = attendance_figures(workshop.attendees, workshop.proxies)
    return float(present), float(represented)


def tally_record(workshop, record: RoundRecord) -> Tally:  # type: ignore[no-untyped-def]
    """The tally of a round from what is recorded (ballots, or counts for analog rounds),
    its quorum judged on :func:`round_attendance`."""
    present, represented = round_attendance(workshop, record)
    if record.mode is RoundMode.ANALOG:
        distributions = dict(record.counts) or {a: {} for a in record.action_uuids}
        try:
            return voting.tally(record.config, list(record.action_uuids), distributions=distributions,
                                voters=record.analog_voters, present=present, represented=represented)
        except DistributionError:
            # more votes typed than voters declared: check_counts() warns; tally what was typed
            return voting.tally(record.config, list(record.action_uuids), distributions=distributions,
                                present=present, represented=represented)
    # The voters of a ballot round are those who cast a ballot (their weight): people who
    # have not voted (yet) must not count as "ungraded" in majority judgment, nor dilute
    # approval shares. A named ballot carries its voter (the chair's casting vote); a secret
    # one never does.
    named = record.mode is RoundMode.NAMED
    ballots = [Ballot(marks=dict(b.marks), weight=b.weight, voter=b.attendee_uuid if named else None)
               for b in record.ballots]
    return voting.tally(record.config, list(record.action_uuids), ballots=ballots,
                        present=present, represented=represented)


def tally_round(db: Database, round_uuid: str) -> Tally:
    workshop_uuid, record = get_round(db, round_uuid)
    # a closed round carries its attendance; an open one is judged on the live attendance
    workshop = None if record.status is RoundStatus.CLOSED else get_workshop(db, workshop_uuid)
    return tally_record(workshop, record)


@dataclass(frozen=True)
class RoundProgress:
    voted: tuple[str, ...]  # attendee uuids
    not_voted: tuple[str, ...]  # present attendees who have not voted yet
    ballots: int


def round_progress(db: Database, round_uuid: str) -> RoundProgress:
    workshop_uuid, record = get_round(db, round_uuid)
    workshop = get_workshop(db, workshop_uuid)
    return progress_of(record, workshop.attendees)


def progress_of(record: RoundRecord, attendees: Sequence[Any]) -> RoundProgress:
    """Who of the present ``attendees`` has voted in ``record`` (no database access)."""
    present = [a.uuid for a in attendees if a.status is AttendanceStatus.PRESENT]
    voted = set(record.voted)
    return RoundProgress(tuple(a for a in present if a in voted), tuple(a for a in present if a not in voted),
                         len(record.ballots))
