"""referrals (open, waitlist, closed) and capacity on services

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service") as batch:
        batch.add_column(
            sa.Column("referrals", sa.String(length=20), server_default="open", nullable=False)
        )
        batch.add_column(sa.Column("capacity_available", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("capacity_updated", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("service") as batch:
        batch.drop_column("capacity_updated")
        batch.drop_column("capacity_available")
        batch.drop_column("referrals")
