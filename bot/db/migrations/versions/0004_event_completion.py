"""slack_processed_events.completed_at: an event claimed but never completed is retried, not skipped

Extends the chain 0001_core -> 0002_findings -> 0003_intake. A claim row without `completed_at`
is work in flight, or work lost in a crash; a later retry of that event may take it over.
Existing rows were processed under the old rule (claim = done), so they are marked completed.
"""

from alembic import op
import sqlalchemy as sa

revision = "0004_event_completion"
down_revision = "0003_intake"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("slack_processed_events") as batch:
        batch.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE slack_processed_events SET completed_at = received_at")


def downgrade() -> None:
    with op.batch_alter_table("slack_processed_events") as batch:
        batch.drop_column("completed_at")
