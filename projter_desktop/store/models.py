"""SQLAlchemy 2 typed ORM models. The schema itself is owned by Alembic (``db/``).

Integer primary keys stay inside this database; every record that can travel between
laptops also has a ``uuid`` created where it is born.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
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
