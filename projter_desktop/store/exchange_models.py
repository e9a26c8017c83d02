"""ORM models of the exchange between laptops: known devices, the import log, and the
cache of round results used by the consolidation.

Kept apart from ``models.py`` (one concept per module); ``models.py`` imports this module
at its very end so that ``Base.metadata`` (Alembic's ``env.py``, ``create_all`` in tests)
always sees these tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from projter_desktop.store.models import Base, UTCDateTime, new_uuid, utcnow


class DeviceRow(Base):
    """Another laptop whose export files this database has seen (trust on first use).

    ``public_key`` is the raw 32-byte Ed25519 public key in hexadecimal.
    """

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[str] = mapped_column(String(64))
    trusted: Mapped[bool] = mapped_column(default=False)
    revoked: Mapped[bool] = mapped_column(default=False)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportLogRow(Base):
    """One applied import: which file (SHA-256 of its bytes), from which device, what changed."""

    __tablename__ = "import_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    device_uuid: Mapped[str] = mapped_column(String(36), index=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    summary: Mapped[str] = mapped_column(Text, default="{}")  # JSON


class RoundResultCacheRow(Base):
    """Tally of a round of a *closed* workshop, as the consolidation needs it (JSON).

    A closed workshop is immutable, so its results never change; ``fingerprint`` is the
    workshop fingerprint the entry was computed from, and an entry whose fingerprint no
    longer matches is ignored (and replaced).
    """

    __tablename__ = "round_result_cache"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id", ondelete="CASCADE"), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)
