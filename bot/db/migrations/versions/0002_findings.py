"""findings registry: tilsyn, per-bydel outcomes, lovbrudd, follow-up, audit trail, sent digests

Written out by hand (not imported from bot.findings.tables) so that later model changes never
rewrite history; tests/findings/test_schema.py checks that the tables match the models.
"""

from alembic import op
import sqlalchemy as sa

revision = "0002_findings"
down_revision = "0001_core"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "findings_tilsyn",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("authority", sa.String(200), nullable=False),
        sa.Column("kommune", sa.String(120), nullable=False),
        sa.Column("theme", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("years", sa.JSON(), nullable=False),
        sa.Column("rounds", sa.JSON(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("bydeler_covered", sa.JSON(), nullable=False),
        sa.Column("bydeler_count", sa.Integer(), nullable=False),
        sa.Column("bydeler_named", sa.Boolean(), nullable=False),
        sa.Column("report_doc_ids", sa.JSON(), nullable=False),
        sa.Column("report_label", sa.String(200), nullable=False),
        sa.Column("report_links", sa.JSON(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "findings_outcome",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("tilsyn_id", sa.String(120), sa.ForeignKey("findings_tilsyn.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("bydel", sa.String(80), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("season", sa.String(40), nullable=False),
        sa.Column("breach", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("source_heading", sa.Text(), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_findings_outcome_tilsyn_id", "findings_outcome", ["tilsyn_id"])
    op.create_table(
        "findings_lovbrudd",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("outcome_id", sa.String(200), sa.ForeignKey("findings_outcome.id"), nullable=False, unique=True),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("date_concluded", sa.Date(), nullable=True),
        sa.Column("draft_conclusion", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "findings_followup",
        sa.Column("lovbrudd_id", sa.String(200), sa.ForeignKey("findings_lovbrudd.id"), primary_key=True),
        sa.Column("plan_deadline", sa.Date(), nullable=True),
        sa.Column("extended_deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "findings_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(200), nullable=False),
        sa.Column("field", sa.String(80), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", TS, nullable=False),
    )
    op.create_index("ix_findings_audit_record_id", "findings_audit", ["record_id"])
    op.create_table(
        "findings_digest",
        sa.Column("iso_week", sa.String(10), primary_key=True),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("message_ts", sa.String(40), nullable=False),
        sa.Column("sent_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("findings_digest")
    op.drop_index("ix_findings_audit_record_id", table_name="findings_audit")
    op.drop_table("findings_audit")
    op.drop_table("findings_followup")
    op.drop_table("findings_lovbrudd")
    op.drop_index("ix_findings_outcome_tilsyn_id", table_name="findings_outcome")
    op.drop_table("findings_outcome")
    op.drop_table("findings_tilsyn")
