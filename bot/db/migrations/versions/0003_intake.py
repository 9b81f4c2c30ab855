"""intake cases: cases, contacts, item states, files, answers, audit log, reminders

Tables mirror `bot/intake/models.py`. Written by hand (no autogenerate) so the chain stays
0001_core -> 0002_findings -> 0003_intake and an upgrade never drops a case.
"""

from alembic import op
import sqlalchemy as sa

revision = "0003_intake"
down_revision = "0002_findings"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _case_fk() -> sa.Column:
    return sa.Column(
        "case_id", sa.String(20), sa.ForeignKey("intake_cases.id", ondelete="CASCADE"), nullable=False, index=True
    )


def upgrade() -> None:
    op.create_table(
        "intake_cases",
        sa.Column("id", sa.String(20), primary_key=True),
        sa.Column("tilsyn", sa.String(120), nullable=False),
        sa.Column("template_id", sa.String(64), nullable=False),
        sa.Column("bydel", sa.String(80), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("current_step", sa.String(140), nullable=True),
        sa.Column("dialog_active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("submitted_at", TS, nullable=True),
        sa.Column("submitted_by", sa.String(40), nullable=True),
        sa.UniqueConstraint("tilsyn", "bydel", name="uq_intake_case_tilsyn_bydel"),
    )
    op.create_table(
        "intake_contacts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _case_fk(),
        sa.Column("user_id", sa.String(40), nullable=False, index=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("added_by", sa.String(40), nullable=False),
        sa.Column("added_at", TS, nullable=False),
    )
    op.create_table(
        "intake_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _case_fk(),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(40), nullable=True),
        sa.Column("updated_at", TS, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("case_id", "item_id", name="uq_intake_item"),
    )
    op.create_table(
        "intake_files",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _case_fk(),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("file_type", sa.String(10), nullable=False),
        sa.Column("source_ref", sa.String(64), nullable=True),
        sa.Column("note", sa.String(40), nullable=True),
        sa.Column("uploaded_by", sa.String(40), nullable=False),
        sa.Column("uploaded_at", TS, nullable=False),
        sa.Column("removed_by", sa.String(40), nullable=True),
        sa.Column("removed_at", TS, nullable=True),
    )
    op.create_table(
        "intake_answers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _case_fk(),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(40), nullable=True),
        sa.Column("updated_at", TS, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("case_id", "question_id", name="uq_intake_answer"),
    )
    op.create_table(
        "intake_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _case_fk(),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(40), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
    )
    op.create_table(
        "intake_notifications",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _case_fk(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("claimed_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.UniqueConstraint("case_id", "kind", "deadline", name="uq_intake_notification"),
    )


def downgrade() -> None:
    for table in (
        "intake_notifications",
        "intake_audit",
        "intake_answers",
        "intake_files",
        "intake_items",
        "intake_contacts",
        "intake_cases",
    ):
        op.drop_table(table)
