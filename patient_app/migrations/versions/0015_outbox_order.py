"""outbox: an index to send changes to one thing in order

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 20:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_aggregate_order",
        "outbox_event",
        ["aggregate_id", "aggregate_type", "status", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_aggregate_order", table_name="outbox_event")
