"""Officer changes with audit trail, and the officers-only rules for internal fields."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain import Audience
from bot.errors import AccessDeniedError, ValidationFailedError
from bot.findings.models import Outcome
from bot.findings.service import FindingsService
from tests.findings.conftest import OPEN_ID

NOTE = "Bydelen har sendt utkast til plan; mangler ledelsesforankring"


def test_mark_lovbrudd_closed_with_date_is_audited(service: FindingsService) -> None:
    service.change_status(OPEN_ID, actor="UOFFICER", audience=Audience.OFFICERS, status="lukket",
                          closed_date=date(2024, 3, 1))  # fmt: skip
    answer = service.answer_question("hvilke lovbrudd er ikke lukket?", audience=Audience.PUBLIC)
    assert answer.abstained  # none open any more
    closed = service.answer_question("hvilke lovbrudd er lukket?", audience=Audience.PUBLIC)
    assert "Lukkede lovbrudd: 3." in closed.text
    assert "lovbruddet er lukket 1. mars 2024" in closed.text

    audit = [a for a in service.audit(OPEN_ID, audience=Audience.OFFICERS) if a.actor == "UOFFICER"]
    changes = {(a.field, a.old_value, a.new_value) for a in audit}
    assert changes == {("status", "open", "closed"), ("closed_date", None, "2024-03-01")}
    assert all(a.at.year == 2024 for a in audit)  # the service's clock, not the wall clock


def test_reopening_clears_closed_date_and_keeps_history(service: FindingsService) -> None:
    service.change_status(OPEN_ID, actor="U1", audience=Audience.OFFICERS, status="lukket", closed_date=date(2024, 3, 1))
    service.change_status(OPEN_ID, actor="U2", audience=Audience.OFFICERS, status="åpen")
    row = next(r for r in service.list_findings(audience=Audience.OFFICERS) if r.lovbrudd_id == OPEN_ID)
    assert row.status == "open" and row.closed_date is None
    history = [(a.actor, a.field, a.new_value) for a in service.audit(OPEN_ID, audience=Audience.OFFICERS)
               if a.actor in ("U1", "U2")]  # fmt: skip
    assert history == [("U1", "status", "closed"), ("U1", "closed_date", "2024-03-01"),
                       ("U2", "status", "open"), ("U2", "closed_date", None)]  # fmt: skip


def test_invalid_status_changes_are_refused_in_norwegian(service: FindingsService) -> None:
    with pytest.raises(ValidationFailedError) as future:
        service.change_status(OPEN_ID, actor="U1", audience=Audience.OFFICERS, status="lukket", closed_date=date(2030, 1, 1))
    assert "fremtiden" in future.value.user_message
    with pytest.raises(ValidationFailedError) as no_date:
        service.change_status(OPEN_ID, actor="U1", audience=Audience.OFFICERS, status="lukket")
    assert no_date.value.user_message == "Oppgi datoen lovbruddet ble lukket."
    with pytest.raises(ValidationFailedError) as unknown:
        service.change_status("finnes/ikke", actor="U1", audience=Audience.OFFICERS, status="lukket")
    assert "Fant ikke lovbruddet finnes/ikke" in unknown.value.user_message


def test_non_officers_cannot_change_anything(service: FindingsService, tmp_path) -> None:
    with pytest.raises(AccessDeniedError):
        service.change_status(OPEN_ID, actor="UBYDEL", audience=Audience.PUBLIC, status="lukket")
    with pytest.raises(AccessDeniedError):
        service.record_finding("oslo-krisesenter-2022-2023", Outcome(id="x/1", bydel="Alna", breach=False),
                               actor="UBYDEL", audience=Audience.PUBLIC)  # fmt: skip
    with pytest.raises(AccessDeniedError):
        service.audit(audience=Audience.PUBLIC)
    assert not any(a.actor == "UBYDEL" for a in service.audit(audience=Audience.OFFICERS))


def test_internal_note_reaches_officers_only(service: FindingsService) -> None:
    service.change_status(OPEN_ID, actor="UOFFICER", audience=Audience.OFFICERS, notes=NOTE)
    for question in ("hvilke lovbrudd er ikke lukket?", "når er fristen for planen?", "hvilke bydeler fikk lovbrudd?"):
        public = service.answer_question(question, audience=Audience.PUBLIC)
        officer = service.answer_question(question, audience=Audience.OFFICERS)
        assert NOTE not in public.text and "Intern merknad" not in public.text
        assert NOTE in officer.text
    assert all(r.notes == "" for r in service.list_findings(audience=Audience.PUBLIC))
    assert any(r.notes == NOTE for r in service.list_findings(audience=Audience.OFFICERS))


def test_unpublished_records_and_draft_conclusions_reach_officers_only(service: FindingsService) -> None:
    draft = Outcome.model_validate({
        "id": "oslo-krisesenter-2022-2023/utkast-alna", "bydel": "Alna", "year": 2023, "breach": True,
        "published": False, "lovbrudd": {"id": "oslo-krisesenter-2022-2023/utkast-alna/lovbrudd",
                                         "wording": "Mangler rutiner for overføring av saker",
                                         "draft_conclusion": "Foreløpig: brudd på § 4", "follow_up": {"status": "åpen"}},
    })  # fmt: skip
    service.record_finding("oslo-krisesenter-2022-2023", draft, actor="UOFFICER", audience=Audience.OFFICERS)
    public = service.answer_question("har bydel Alna hatt tilsyn før?", audience=Audience.PUBLIC)
    officer = service.answer_question("har bydel Alna hatt tilsyn før?", audience=Audience.OFFICERS)
    assert "Foreløpig" not in public.text and "Registrert utfall for bydel Alna" not in public.text
    assert "Utkast til konklusjon (internt): Foreløpig: brudd på § 4" in officer.text
    assert not any(r.bydel == "Alna" for r in service.list_findings(audience=Audience.PUBLIC))
