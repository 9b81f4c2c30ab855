"""core tables (Slack event dedupe, answered threads, answers, feedback)

First link of the fixed chain 0001_core -> 0002_findings -> 0003_intake. Mirrors
`bot/db/models_core.py`; written by hand so the schema is reviewed, not guessed.
"""

from alembic import op
import sqlalchemy as sa

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_processed_events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_slack_processed_events_received_at", "slack_processed_events", ["received_at"])
    op.create_table(
        "slack_answered_threads",
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("thread_ts", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "answer_records",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("abstained", sa.Boolean(), nullable=False),
        sa.Column("generated", sa.Boolean(), nullable=False),
        sa.Column("index_date", sa.String(40), nullable=False),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_answer_records_created_at", "answer_records", ["created_at"])
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("answer_id", sa.String(32), sa.ForeignKey("answer_records.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("answer_id", "user_id", name="uq_feedback_answer_user"),
    )
    op.create_index("ix_answer_feedback_answer_id", "answer_feedback", ["answer_id"])


def downgrade() -> None:
    op.drop_table("answer_feedback")
    op.drop_table("answer_records")
    op.drop_table("slack_answered_threads")
    op.drop_table("slack_processed_events")
