"""service.referrals becomes accepting_referrals; the audit trail; edited fields

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from resource_directory.models.base import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

EDITABLE = ("organization", "location", "service", "service_at_location")


def upgrade() -> None:
    # The same statement on SQLite (3.25+) and PostgreSQL; no table copy.
    op.execute("ALTER TABLE service RENAME COLUMN referrals TO accepting_referrals")
    for table in EDITABLE:
        op.add_column(
            table, sa.Column("edited_fields", sa.JSON(), server_default="[]", nullable=False)
        )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("resource_type", sa.String(length=50), nullable=False),
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("field_name", sa.String(length=100), nullable=True),
        sa.Column("previous_value", sa.Text(), nullable=True),
        sa.Column("replacement_value", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("operation", sa.String(length=50), nullable=False),
        sa.Column("import_run_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(
        "ix_audit_event_resource", "audit_event", ["resource_type", "resource_id"], unique=False
    )
    op.create_index("ix_audit_event_import_run_id", "audit_event", ["import_run_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_event_import_run_id", table_name="audit_event")
    op.drop_index("ix_audit_event_resource", table_name="audit_event")
    op.drop_table("audit_event")
    for table in EDITABLE:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("edited_fields")
    op.execute("ALTER TABLE service RENAME COLUMN accepting_referrals TO referrals")
