"""Pure builders: the receipt carries every answer in full and stays within Slack's limits."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.intake.service import Actor
from bot.slack.blocks.intake import receipt_blocks, step_blocks
from tests.intake.conftest import CONTACT
from tests.intake.test_service import fill_everything


def test_receipt_keeps_long_answers_whole_and_within_limits(service, officer) -> None:
    contact = Actor(CONTACT)
    case = service.open_case(officer, bydel="Frogner", deadline=date(2026, 4, 15), contact=CONTACT)
    fill_everything(service, case.id, contact)
    long_answer = ("Samarbeidet er forankret i ledelsen. " * 90).strip()[:3000]
    service.answer(case.id, "bolig", contact, long_answer, 1)
    view, _ = service.submit(case.id, contact)
    blocks = receipt_blocks(view, ZoneInfo("Europe/Oslo"))
    assert len(blocks) <= 50
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    joined = "".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert long_answer.replace(" ", "") in joined.replace(" ", "").replace("\n", "")
    assert sum(f.sha256 in joined for i in view.items for f in i.files) == 7
    assert step_blocks(view)[0]["text"]["text"] == "Se over og send inn"
