"""intake cases

Placeholder in the fixed chain 0001_core -> 0002_findings -> 0003_intake; the owning area
replaces the body with its tables.
"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_intake"
down_revision = "0002_findings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
