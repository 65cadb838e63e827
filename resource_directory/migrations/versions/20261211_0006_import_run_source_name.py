"""import_run.source_name: a run names its source even when the source was never created

A rejected first import of a source wrote nothing, yet left an empty ``source`` row behind
so that its run could name it; the run now holds the name itself.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-11 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("import_run", sa.Column("source_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_run") as batch:
        batch.drop_column("source_name")
