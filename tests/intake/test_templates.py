"""Templates are data: the shipped one matches the letter; a broken one stops start-up with file, field, reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db import make_engine, session_factory
from bot.errors import ValidationFailedError
from bot.intake.service import build_intake_service
from bot.intake.templates import load_templates
from bot.settings import PROJECT_ROOT

GOOD_ITEM = """
  - id: plan
    title: En plan
    help: Hjelp
    file_types: [pdf]
"""


def test_shipped_template_has_the_letters_eight_items_and_four_questions() -> None:
    template = load_templates(PROJECT_ROOT / "knowledge" / "intake")["krisesenter-reetablering-bolig"]
    assert len(template.items) == 8 and len(template.questions) == 4
    assert [i.id for i in template.items if not i.required] == ["ros-analyser"]  # "eventuelle" ROS-analyser
    assert "krisesenterlova § 4 første ledd" in template.item("individuell-plan").legal_basis
    assert "kommuneloven § 25-1" in template.item("internkontroll").legal_basis
    assert all(i.allow_not_exists and i.file_types for i in template.items)
    assert all(q.max_length <= 3000 for q in template.questions)


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ("id: t\ntitle: Tema\nitems:\n" + GOOD_ITEM.replace("[pdf]", "[pdf]\n    max_files: 0"), "items.0.max_files", "greater than or equal"),
        ("id: t\ntitle: Tema\nitems:\n" + GOOD_ITEM.replace("[pdf]", "[exe]"), "items.0", "ukjent filtype"),
        ("id: t\ntitle: Tema\nitems:\n" + GOOD_ITEM + GOOD_ITEM, "(hele filen)", "brukt flere ganger"),
        ("id: t\ntitle: Tema\nitems:\n" + GOOD_ITEM.replace("help:", "hjelp:"), "items.0.help", "Field required"),
        ("id: t\ntitle: Tema\nitems: []\n", "items", "at least 1"),
        ("id: t\ntitle: Tema\nitems:\n" + GOOD_ITEM + "questions:\n  - id: q\n    text: Spørsmål?\n    max_length: 5000\n",
         "questions.0.max_length", "less than or equal"),
    ],
)
def test_invalid_template_names_file_field_and_reason(tmp_path: Path, body: str, field: str, reason: str) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    (folder / "t.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ValidationFailedError) as error:
        load_templates(folder)
    message = error.value.user_message
    assert "t.yaml" in message and f"felt {field}" in message and reason in message, message


def test_invalid_template_stops_service_start_up(settings, tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    (knowledge / "intake").mkdir(parents=True)
    (knowledge / "intake" / "feil.yaml").write_text("id: feil\ntitle: Feil tema\n", encoding="utf-8")
    broken = settings.model_copy(update={"knowledge_dir": knowledge})
    engine = make_engine(broken.resolved_database_url)
    with pytest.raises(ValidationFailedError) as error:
        build_intake_service(broken, session_factory(engine))
    assert "feil.yaml" in error.value.user_message and "felt items" in error.value.user_message
    engine.dispose()
