"""schedule.season_from / season_to: the yearly season a schedule row holds in

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable columns: an ALTER on both SQLite and PostgreSQL, no table copy.
    op.add_column("schedule", sa.Column("season_from", sa.String(length=6), nullable=True))
    op.add_column("schedule", sa.Column("season_to", sa.String(length=6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schedule") as batch:
        batch.drop_column("season_to")
        batch.drop_column("season_from")
