"""service.referrals becomes accepting_referrals

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 12:00:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The same statement on SQLite (3.25+) and PostgreSQL; no table copy.
    op.execute("ALTER TABLE service RENAME COLUMN referrals TO accepting_referrals")


def downgrade() -> None:
    op.execute("ALTER TABLE service RENAME COLUMN accepting_referrals TO referrals")
