"""votes as French assemblies know them: majority names, chair, quorum basis, frozen attendance

Revision ID: 0006_french_rules
Revises: 0005_secret_urn
Create Date: 2026-12-04

* ``voting_round.config`` (JSON): the ``yes_no`` majority codes get their French names,
  with the same results: ``simple`` → ``absolute_expressed`` (majorité absolue des
  suffrages exprimés), ``absolute`` → ``absolute_cast`` (majorité absolue des votants),
  ``two_thirds`` → ``two_thirds_expressed``. The new keys of a round's configuration
  (``casting_vote``, ``quorum_basis``, ``borda_rule``, ``min_rated_share``) are not added:
  absent, they take their legacy defaults (no casting vote, quorum of votes cast, classic
  Borda, no minimum share of raters), so every stored round keeps its results.
* ``workshop.chair_uuid``: the attendee who chairs the meeting (*président(e) de séance*),
  whose vote breaks a tie in a named yes/no round; NULL = no chair.
* ``workshop.quorum_basis``: what the workshop's quorum is compared with. New workshops:
  ``present`` (CGCT L2121-17, members physically present). The workshops already in the
  database get ``present_and_represented``, the rule of the attendance summary before this
  revision, so their attendance sheet and minutes say what they said (and a closed
  workshop keeps its fingerprint: the canonical form leaves out that legacy value).
* ``voting_round.present_members`` / ``represented_members``: the attendance (members
  present, members represented by a counted proxy) frozen when the round closes; NULL for
  rounds closed before this revision and for rounds not closed.

Downgrade: the majority codes go back to the old ones (``relative`` → ``simple``, which
decides exactly the same on a yes/no question; ``unanimity`` has no old equivalent and
becomes ``two_thirds``, the strictest old rule) and the new config keys are removed (the
older code refuses unknown keys); the chair, the quorum basis and the frozen attendance
are dropped.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006_french_rules"
down_revision = "0005_secret_urn"
branch_labels = None
depends_on = None

UPGRADE_MAJORITY = {"simple": "absolute_expressed", "absolute": "absolute_cast", "two_thirds": "two_thirds_expressed"}
DOWNGRADE_MAJORITY = {
    "absolute_expressed": "simple",
    "absolute_cast": "absolute",
    "two_thirds_expressed": "two_thirds",
    "relative": "simple",
    "unanimity": "two_thirds",
}
NEW_CONFIG_KEYS = ("casting_vote", "quorum_basis", "borda_rule", "min_rated_share")


def _rewrite_configs(rewrite) -> None:  # type: ignore[no-untyped-def]
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, config FROM voting_round")).all()
    for round_id, text in rows:
        try:
            config = json.loads(text or "{}")
        except ValueError:
            continue  # not ours to repair here: projter check reports it
        if not isinstance(config, dict):
            continue
        changed = rewrite(config)
        if changed != config:
            conn.execute(sa.text("UPDATE voting_round SET config = :config WHERE id = :id"),
                         {"config": json.dumps(changed), "id": round_id})


def _upgrade_config(config: dict) -> dict:
    out = dict(config)
    if out.get("majority") in UPGRADE_MAJORITY:
        out["majority"] = UPGRADE_MAJORITY[out["majority"]]
    return out


def _downgrade_config(config: dict) -> dict:
    out = {k: v for k, v in config.items() if k not in NEW_CONFIG_KEYS}
    if out.get("majority") in DOWNGRADE_MAJORITY:
        out["majority"] = DOWNGRADE_MAJORITY[out["majority"]]
    return out


def upgrade() -> None:
    # Plain ADD COLUMN (see 0005): a batch table copy of ``voting_round`` would
    # cascade-delete its ballots under ``foreign_keys=ON``.
    op.add_column("workshop", sa.Column("chair_uuid", sa.String(length=36), nullable=True))
    op.add_column("workshop", sa.Column("quorum_basis", sa.String(length=40), nullable=False,
                                        server_default="present"))
    op.execute("UPDATE workshop SET quorum_basis = 'present_and_represented'")
    op.add_column("voting_round", sa.Column("present_members", sa.Double(), nullable=True))
    op.add_column("voting_round", sa.Column("represented_members", sa.Double(), nullable=True))
    _rewrite_configs(_upgrade_config)


def downgrade() -> None:
    _rewrite_configs(_downgrade_config)
    op.execute("ALTER TABLE voting_round DROP COLUMN represented_members")
    op.execute("ALTER TABLE voting_round DROP COLUMN present_members")
    op.execute("ALTER TABLE workshop DROP COLUMN quorum_basis")
    op.execute("ALTER TABLE workshop DROP COLUMN chair_uuid")
