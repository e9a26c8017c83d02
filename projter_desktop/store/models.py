"""SQLAlchemy 2 typed ORM models. The schema itself is owned by Alembic (``db/``).

Integer primary keys stay inside this database; every record that can travel between
laptops also has a ``uuid`` created where it is born.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def new_uuid() -> str:
    return str(uuid_module.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and gives them back aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class PlanRow(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(300))
    version_label: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    axes: Mapped[list[AxisRow]] = relationship(
        back_populates="plan", order_by="AxisRow.position", cascade="all, delete-orphan"
    )


class AxisRow(Base):
    __tablename__ = "axis"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    alt_title: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[PlanRow] = relationship(back_populates="axes")
    orientations: Mapped[list[OrientationRow]] = relationship(
        back_populates="axis", order_by="OrientationRow.position", cascade="all, delete-orphan"
    )


class OrientationRow(Base):
    __tablename__ = "orientation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    axis_id: Mapped[int] = mapped_column(ForeignKey("axis.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    alt_title: Mapped[str | None] = mapped_column(Text)

    axis: Mapped[AxisRow] = relationship(back_populates="orientations")
    objectives: Mapped[list[ObjectiveRow]] = relationship(
        back_populates="orientation", order_by="ObjectiveRow.position", cascade="all, delete-orphan"
    )


class ObjectiveRow(Base):
    __tablename__ = "objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    orientation_id: Mapped[int] = mapped_column(
        ForeignKey("orientation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    alt_title: Mapped[str | None] = mapped_column(Text)

    orientation: Mapped[OrientationRow] = relationship(back_populates="objectives")
    actions: Mapped[list[ActionRow]] = relationship(
        back_populates="objective", order_by="ActionRow.position", cascade="all, delete-orphan"
    )


class ActionRow(Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)

    objective: Mapped[ObjectiveRow] = relationship(back_populates="actions")


# --------------------------------------------------------------------------- workshops


class CommuneRow(Base):
    __tablename__ = "commune"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)  # folded name
    insee_code: Mapped[str | None] = mapped_column(String(5), unique=True)
    population: Mapped[int | None] = mapped_column(Integer)


class ParticipantRow(Base):
    """The reusable directory of participants."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    commune: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WorkshopRow(Base):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    communes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of names
    facilitators: Mapped[str] = mapped_column(String(300), default="")
    default_method: Mapped[str] = mapped_column(String(40))
    default_mode: Mapped[str] = mapped_column(String(20))
    proxy_limit: Mapped[int] = mapped_column(Integer, default=1)
    quorum: Mapped[float] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="preparation")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: attendee uuid of the chair (président(e) de séance): casting vote in named yes/no rounds
    chair_uuid: Mapped[str | None] = mapped_column(String(36))
    #: what the quorum is compared with (domain.voting.QUORUM_BASES); workshops older than
    #: revision 0006 hold "present_and_represented", the rule they were run with
    quorum_basis: Mapped[str] = mapped_column(String(40), default="present", server_default="present")

    plan: Mapped[PlanRow] = relationship()
    scope: Mapped[list[ScopeRow]] = relationship(order_by="ScopeRow.position", cascade="all, delete-orphan")
    attendees: Mapped[list[AttendeeRow]] = relationship(order_by="AttendeeRow.position", cascade="all, delete-orphan")


class ScopeRow(Base):
    __tablename__ = "workshop_orientation"
    __table_args__ = (UniqueConstraint("workshop_id", "orientation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    orientation_id: Mapped[int] = mapped_column(ForeignKey("orientation.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)

    orientation: Mapped[OrientationRow] = relationship()


class AttendeeRow(Base):
    __tablename__ = "attendee"
    __table_args__ = (UniqueConstraint("workshop_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    commune: Mapped[str] = mapped_column(String(200), default="")
    vote_weight: Mapped[float] = mapped_column(default=1.0)
    status: Mapped[str] = mapped_column(String(20), default="expected")
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[ParticipantRow] = relationship()


class ProxyRow(Base):
    __tablename__ = "proxy"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), unique=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), index=True)


class RoundRow(Base):
    __tablename__ = "voting_round"
    __table_args__ = (UniqueConstraint("workshop_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    orientation_id: Mapped[int] = mapped_column(ForeignKey("orientation.id", ondelete="RESTRICT"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")
    method: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(20))
    config: Mapped[str] = mapped_column(Text, default="{}")  # JSON of RoundConfig options
    status: Mapped[str] = mapped_column(String(20), default="draft")
    results_hidden: Mapped[bool] = mapped_column(default=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    analog_voters: Mapped[float | None] = mapped_column()
    #: secret rounds: the émargement is over, the dépouillement (papers, no voter) under way
    urn_closed: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: secret rounds: ballots rewritten at close so that nothing tells the order of entry
    sealed: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: attendance frozen when the round closes: members present, members represented by a
    #: counted proxy (NULL before closing, and for rounds closed before revision 0006)
    present_members: Mapped[float | None] = mapped_column()
    represented_members: Mapped[float | None] = mapped_column()

    actions: Mapped[list[RoundActionRow]] = relationship(order_by="RoundActionRow.position", cascade="all, delete-orphan")


class RoundActionRow(Base):
    __tablename__ = "round_action"
    __table_args__ = (UniqueConstraint("round_id", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)

    action: Mapped[ActionRow] = relationship()


class BallotRow(Base):
    """One voter's ballot in a round. In secret rounds ``attendee_id`` is NULL, the id is
    random (not in casting order) and nothing records when it was cast."""

    __tablename__ = "ballot"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("attendee.id", ondelete="RESTRICT"), index=True)
    weight: Mapped[float] = mapped_column(default=1.0)


class MarkRow(Base):
    __tablename__ = "mark"
    __table_args__ = (UniqueConstraint("ballot_id", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballot.id", ondelete="CASCADE"))
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="RESTRICT"))
    value: Mapped[str] = mapped_column(Text)  # JSON


class RegisterRow(Base):
    """Who has voted in a round (named and secret rounds): prevents double voting."""

    __tablename__ = "voter_register"
    __table_args__ = (UniqueConstraint("round_id", "attendee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"))
    #: secret rounds: JSON list of the weights of the papers this voter drops (own voice,
    #: then one per proxy held); NULL in named rounds
    voices: Mapped[str | None] = mapped_column(Text)


class BallotCorrectionRow(Base):
    """The history of a named round: a voter's ballot corrected after it was recorded
    (previous and new marks, JSON objects action uuid → mark, and when). Kept when the
    round closes (read-only then); goes with the ballot when the ballot is withdrawn, and
    with the round. Never for secret rounds (a secret ballot cannot be found again)."""

    __tablename__ = "ballot_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"))
    previous_marks: Mapped[str] = mapped_column(Text)  # JSON
    new_marks: Mapped[str] = mapped_column(Text)  # JSON
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CountRow(Base):
    """Analog rounds: the distribution typed by the facilitator for one action."""

    __tablename__ = "analog_count"
    __table_args__ = (UniqueConstraint("round_id", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="RESTRICT"))
    distribution: Mapped[str] = mapped_column(Text)  # JSON


class DecisionRow(Base):
    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("workshop_id", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="RESTRICT"))
    decision: Mapped[str] = mapped_column(String(40))
    rationale: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CommentRow(Base):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="RESTRICT"))
    orientation_id: Mapped[int | None] = mapped_column(ForeignKey("orientation.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProposalRow(Base):
    __tablename__ = "proposed_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="complementary")
    proposer: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Tables of the exchange between laptops (devices, import log): registered on Base.metadata.
from projter_desktop.store import exchange_models  # noqa: E402,F401
# Tables of phone voting (voting codes, phone submissions): registered on Base.metadata.
from projter_desktop.store import phone_votes  # noqa: E402,F401
