"""rounds: the secret urn (émargement apart from dépouillement) and sealed secret ballots

Revision ID: 0005_secret_urn
Revises: 0004_ballot_corrections
Create Date: 2026-12-04

* ``voting_round.urn_closed``: a secret round whose *émargement* (the register) is over and
  whose *dépouillement* (the paper ballots, entered with no voter) is under way.
* ``voting_round.sealed``: the secret ballots of a closed round were rewritten in an order
  and with ids that owe nothing to the order of entry, the deleted rows zeroed
  (``secure_delete``) and the WAL truncated. Secret rounds closed before this revision are
  not sealed: ``projter check`` reports them and ``projter check --seal`` seals them.
* ``voter_register.voices``: in a secret round, the weights of the papers a voter drops
  (own voice, then one per proxy held), JSON; NULL in named rounds and older rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_secret_urn"
down_revision = "0004_ballot_corrections"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch "move and copy": recreating ``voting_round`` would
    # drop it under ``foreign_keys=ON`` and cascade-delete every ballot of the database.
    op.add_column("voting_round", sa.Column("urn_closed", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("voting_round", sa.Column("sealed", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("voter_register", sa.Column("voices", sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite >= 3.35 drops a plain column in place (same reason as above: no table copy).
    op.execute("ALTER TABLE voter_register DROP COLUMN voices")
    op.execute("ALTER TABLE voting_round DROP COLUMN sealed")
    op.execute("ALTER TABLE voting_round DROP COLUMN urn_closed")
