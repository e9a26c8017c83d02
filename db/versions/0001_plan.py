"""Territorial plans: plan, axis, orientation, objective, action.

Revision ID: 0001_plan
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_plan"
down_revision = None
branch_labels = None
depends_on = None


def _node(name: str, parent: str | None) -> None:
    columns = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
    ]
    if parent:
        columns.append(
            sa.Column(f"{parent}_id", sa.Integer, sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False, index=True)
        )
    columns += [
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
    ]
    if name != "action":
        columns.append(sa.Column("alt_title", sa.Text))
    else:
        columns.append(sa.Column("kind", sa.String(20), nullable=False))
    args = [sa.UniqueConstraint("plan_id", "code")] if name == "axis" else []
    op.create_table(name, *columns, *args)


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("version_label", sa.String(100), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    _node("axis", "plan")
    _node("orientation", "axis")
    _node("objective", "orientation")
    _node("action", "objective")


def downgrade() -> None:
    for name in ("action", "objective", "orientation", "axis", "plan"):
        op.drop_table(name)
