"""phone voting: voting codes (named codes and anonymous voting cards) and phone submissions

Revision ID: 0007_phone_votes
Revises: 0006_french_rules
Create Date: 2026-12-04

* ``voting_code``: SHA-256 of the codes that let a phone vote in a workshop: a named code
  per attendee (``attendee_id``), or an anonymous voting card of a secret round
  (``attendee_id`` NULL, ``weight`` of the voice). The codes themselves are never stored.
* ``phone_submission``: the ballots submitted from phones, by the hash of the submission
  id their form carried (a resubmission records nothing), and in secret rounds the hash
  of (round, card) that makes a card vote once per round.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_phone_votes"
down_revision = "0006_french_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voting_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Double(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["attendee_id"], ["attendee.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    with op.batch_alter_table("voting_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voting_code_workshop_id"), ["workshop_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_voting_code_attendee_id"), ["attendee_id"], unique=False)
    op.create_table(
        "phone_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("card_use", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["voting_round.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "token"),
        sa.UniqueConstraint("round_id", "card_use"),
    )
    with op.batch_alter_table("phone_submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phone_submission_round_id"), ["round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("phone_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phone_submission_round_id"))
    op.drop_table("phone_submission")
    with op.batch_alter_table("voting_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voting_code_attendee_id"))
        batch_op.drop_index(batch_op.f("ix_voting_code_workshop_id"))
    op.drop_table("voting_code")
