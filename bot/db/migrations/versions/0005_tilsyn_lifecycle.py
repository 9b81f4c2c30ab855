"""tilsyn lifecycle: per-bydel stage events, and the tilsyn's intake template and deadline

Extends the chain 0001_core -> … -> 0004_event_completion. `lifecycle_events` is the audited
history of each bydel's stage in a tilsyn (who, when, from -> to, comment); the stage is the last
event's `to_stage`. `(tilsyn_id, subject, seq)` is unique, so two officers moving the same bydel at
once cannot both succeed. The findings registry's tilsyn record gains the two fields a tilsyn
needs to open intake cases (`intake_template`, `deadline`): it stays THE record of the tilsyn.
"""

from alembic import op
import sqlalchemy as sa

revision = "0005_tilsyn_lifecycle"
down_revision = "0004_event_completion"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings_tilsyn") as batch:
        batch.add_column(sa.Column("intake_template", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("deadline", sa.Date(), nullable=True))
    op.create_table(
        "lifecycle_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tilsyn_id", sa.String(120), sa.ForeignKey("findings_tilsyn.id"), nullable=False, index=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("from_stage", sa.String(30), nullable=True),
        sa.Column("to_stage", sa.String(30), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False, server_default=""),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("case_id", sa.String(20), nullable=True),
        sa.Column("lovbrudd_id", sa.String(200), nullable=True),
        sa.UniqueConstraint("tilsyn_id", "subject", "seq", name="uq_lifecycle_event_seq"),
    )


def downgrade() -> None:
    op.drop_table("lifecycle_events")
    with op.batch_alter_table("findings_tilsyn") as batch:
        batch.drop_column("deadline")
        batch.drop_column("intake_template")
