"""rounds: history of the corrections of named ballots

Revision ID: 0004_ballot_corrections
Revises: 0003_devices
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_ballot_corrections"
down_revision = "0003_devices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ballot_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("previous_marks", sa.Text(), nullable=False),
        sa.Column("new_marks", sa.Text(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["voting_round.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["attendee_id"], ["attendee.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("ballot_correction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballot_correction_round_id"), ["round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ballot_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballot_correction_round_id"))
    op.drop_table("ballot_correction")
