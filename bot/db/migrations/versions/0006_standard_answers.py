"""officers' loop: escalations with a reply path, standard answers and their audit trail

Also records on each answer where it was shown (asker, channel, thread), so that an escalation
made from it can bring the officer's reply back there. Written out by hand, like 0002; a test
compares the tables with the models.
"""

from alembic import op
import sqlalchemy as sa

revision = "0006_standard_answers"
down_revision = "0005_tilsyn_lifecycle"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("answer_records") as batch:
        batch.add_column(sa.Column("asker", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("origin_channel", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("origin_thread_ts", sa.String(32), nullable=True))
    op.create_table(
        "escalations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("answer_id", sa.String(32), nullable=False, unique=True),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("asker", sa.String(32), nullable=False),
        sa.Column("origin_surface", sa.String(16), nullable=False),
        sa.Column("origin_channel", sa.String(32), nullable=False),
        sa.Column("origin_thread_ts", sa.String(32), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("bydel", sa.String(80), nullable=False),
        sa.Column("bot_answer", sa.Text(), nullable=False),
        sa.Column("bot_abstained", sa.Boolean(), nullable=False),
        sa.Column("bot_sources", sa.JSON(), nullable=False),
        sa.Column("officers_channel", sa.String(32), nullable=False),
        sa.Column("officers_ts", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answered_by", sa.String(32), nullable=True),
        sa.Column("answered_by_name", sa.String(120), nullable=False),
        sa.Column("answered_at", TS, nullable=True),
        sa.Column("reply_text", sa.Text(), nullable=False),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(500), nullable=False),
        sa.Column("delivery", sa.String(16), nullable=False),
        sa.Column("delivery_attempts", sa.Integer(), nullable=False),
        sa.Column("delivery_error", sa.String(120), nullable=False),
        sa.Column("delivery_claimed_at", TS, nullable=True),
        sa.Column("delivered_at", TS, nullable=True),
        sa.Column("post_stale", sa.Boolean(), nullable=False),
        sa.Column("standard_answer_id", sa.String(32), nullable=True),
    )
    op.create_index("ix_escalations_created_at", "escalations", ["created_at"])
    op.create_table(
        "standard_answers",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("alternatives", sa.JSON(), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("owner", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("review_reason", sa.Text(), nullable=False),
        sa.Column("owner_notified_at", TS, nullable=True),
        sa.Column("origin", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_standard_answers_status", "standard_answers", ["status"])
    op.create_table(
        "standard_answer_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("standard_answer_id", sa.String(32),
                  sa.ForeignKey("standard_answers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
    )
    op.create_index("ix_standard_answer_audit_standard_answer_id", "standard_answer_audit", ["standard_answer_id"])


def downgrade() -> None:
    op.drop_table("standard_answer_audit")
    op.drop_table("standard_answers")
    op.drop_table("escalations")
    with op.batch_alter_table("answer_records") as batch:
        batch.drop_column("origin_thread_ts")
        batch.drop_column("origin_channel")
        batch.drop_column("asker")
