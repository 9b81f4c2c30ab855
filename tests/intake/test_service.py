"""Service-level tests of the intake dialog rules (no Slack): SQLite always, PostgreSQL when configured."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from bot.errors import AccessDeniedError, ValidationFailedError
from bot.intake.editing import ConflictError
from bot.intake.service import Actor, IntakeService
from tests.intake.conftest import COLLEAGUE, CONTACT, OUTSIDER
from tests.intake.documents import docx_bytes, pdf_bytes, valid_identity_number

DEADLINE = date(2026, 4, 15)


def empty_pdf() -> bytes:
    """A valid PDF with no pages."""
    import io

    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


@contextmanager
def says(error_type: type[Exception], text: str) -> Iterator[None]:
    """Expect `error_type` whose user-facing (Norwegian) message contains `text`."""
    with pytest.raises(error_type) as error:
        yield
    assert text in error.value.user_message, error.value.user_message


def open_case(service: IntakeService, officer: Actor):
    return service.open_case(officer, bydel="frogner", deadline=DEADLINE, contact=CONTACT)


def fill_everything(service: IntakeService, case_id: str, who: Actor) -> None:
    view = service.start(case_id, who)
    for index, item in enumerate(view.items):
        if item.item.id == "ros-analyser":
            service.mark_not_exists(case_id, item.item.id, who, "Ingen ROS-analyse er gjennomført ennå.", item.version)
        else:
            service.add_file(case_id, item.item.id, who, name=f"rutine-{index}.pdf", data=pdf_bytes(f"Rutine nummer {index}"))
    for answer in view.answers:
        service.answer(case_id, answer.question.id, who, f"Svar på {answer.question.id}.", 0)


def test_open_case_uses_configured_bydel_and_first_step(service, officer, contact):
    view = open_case(service, officer)
    assert view.bydel == "Frogner"
    assert view.contacts == [CONTACT]
    assert len(view.items) == 8 and len(view.answers) == 4
    assert view.progress.docs_done == 0
    started = service.start(view.id, contact)
    assert started.current_step == "item:handlingsplan" and started.dialog_active


def test_only_officers_open_and_one_case_per_tilsyn_and_bydel(service, officer, contact):
    with pytest.raises(AccessDeniedError):
        service.open_case(contact, bydel="Frogner", deadline=DEADLINE, contact=CONTACT)
    open_case(service, officer)
    with says(ValidationFailedError, "allerede"):
        service.open_case(officer, bydel="Frogner", deadline=DEADLINE, contact=COLLEAGUE)


def test_full_intake_progress_submit_receipt_and_read_only(service, officer, contact):
    view = open_case(service, officer)
    with says(ValidationFailedError, "mangler"):
        service.submit(view.id, contact)
    fill_everything(service, view.id, contact)
    done = service.get(view.id, contact)
    assert (done.progress.docs_done, done.progress.questions_done) == (8, 4)
    submitted, new = service.submit(view.id, contact)
    assert new and submitted.submitted and submitted.submitted_by == CONTACT
    again, new_again = service.submit(view.id, contact)  # a double click
    assert not new_again and again.submitted_at == submitted.submitted_at
    with says(ValidationFailedError, "kan ikke endres"):
        service.answer(view.id, "bolig", contact, "Endret", 1)
    reopened = service.reopen(view.id, officer)
    assert reopened.status == "open"
    assert service.answer(view.id, "bolig", contact, "Endret etter gjenåpning", 1).answer("bolig").text.startswith("Endret")


def test_file_is_stored_content_addressed_and_counted_once(service, officer, contact, intake_settings):
    view = open_case(service, officer)
    data = docx_bytes("Rutine for individuell plan")
    file, after, duplicate = service.add_file(view.id, "individuell-plan", contact, name="plan.docx", data=data, source_ref="F1")
    assert not duplicate and file.sha256 == hashlib.sha256(data).hexdigest()
    assert (intake_settings.files_dir / file.sha256[:2] / file.sha256).read_bytes() == data
    _, after, duplicate = service.add_file(view.id, "individuell-plan", contact, name="plan.docx", data=data, source_ref="F1")
    assert duplicate and len(after.item("individuell-plan").files) == 1
    removed = service.remove_file(view.id, file.id, contact)
    assert removed.item("individuell-plan").status == "pending" and not removed.item("individuell-plan").files


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.exe", b"MZ....", "filtype"),
        ("plan.pdf", b"", "tom"),
        ("plan.pdf", b"%PDF-1.4 this is not really a pdf", "skadet"),
        ("plan.docx", b"PK\x03\x04garbage", "skadet"),
        ("plan.docx", docx_bytes(""), "ingen tekst"),
        ("plan.pdf", empty_pdf(), "ingen tekst"),
        ("plan.pdf", b"%PDF" + b"x" * (1_048_576 + 10), "MB"),
    ],
)
def test_bad_files_are_rejected_with_a_clear_message_and_nothing_stored(service, officer, contact, intake_settings, name, data, message):
    view = open_case(service, officer)
    with pytest.raises(ValidationFailedError) as error:
        service.add_file(view.id, "handlingsplan", contact, name=name, data=data)
    assert message in error.value.user_message
    assert not service.get(view.id, contact).item("handlingsplan").files
    assert not intake_settings.files_dir.exists() or not any(intake_settings.files_dir.rglob("*"))


def test_document_with_identity_number_is_not_kept_and_number_not_in_db(service, officer, contact, intake_settings):
    view = open_case(service, officer)
    number = valid_identity_number()
    with says(ValidationFailedError, "personopplysninger"):
        service.add_file(view.id, "handlingsplan", contact, name="plan.pdf", data=pdf_bytes(f"Beboer {number} flyttet"))
    with says(ValidationFailedError, "fødselsnummer"):
        service.answer(view.id, "bolig", contact, f"Beboer {number} fikk bolig", 0)
    assert not intake_settings.files_dir.exists() or not any(intake_settings.files_dir.rglob("*"))
    dump = json.dumps([list(map(str, row)) for row in service.audit_log(view.id, contact)])
    assert number not in dump


def test_not_exists_needs_explanation_and_later_moves_on(service, officer, contact):
    view = open_case(service, officer)
    service.start(view.id, contact)
    with says(ValidationFailedError, "forklaring"):
        service.mark_not_exists(view.id, "handlingsplan", contact, "  ", 1)
    later = service.mark_later(view.id, "handlingsplan", contact)
    assert later.item("handlingsplan").status == "later"
    assert later.current_step == "item:samarbeid-reetablering-bolig"
    assert any("handlingsplan mot vold" in line for line in later.missing())  # "sender senere" is still missing


def test_double_click_on_next_moves_only_once(service, officer, contact):
    view = open_case(service, officer)
    service.start(view.id, contact)
    first, moved = service.advance(view.id, contact, "item:handlingsplan")
    second, moved_again = service.advance(view.id, contact, "item:handlingsplan")
    assert moved and not moved_again
    assert first.current_step == second.current_step == "item:samarbeid-reetablering-bolig"


def test_two_people_answering_the_same_question_conflict(service, officer, contact):
    view = open_case(service, officer)
    colleague = Actor(COLLEAGUE)
    service.hand_over(view.id, contact, COLLEAGUE)  # colleague now contact; add original back via officer
    service.hand_over(view.id, officer, CONTACT)
    # both opened the question when it had no answer (version 0)
    service.answer(view.id, "bolig", contact, "Første svar", 0)
    with pytest.raises(ConflictError) as error:
        service.answer(view.id, "bolig", officer, "Andre svar", 0)
    assert error.value.current_text == "Første svar" and error.value.version == 1
    assert service.answer(view.id, "bolig", officer, "Andre svar", error.value.version).answer("bolig").text == "Andre svar"
    with pytest.raises(AccessDeniedError):
        service.get(view.id, colleague)  # handed over away by the officer


def test_access_refused_for_other_bydel_and_handover_only_within_bydel(service, officer, contact):
    view = open_case(service, officer)
    with says(AccessDeniedError, "ikke tilgang"):
        service.get(view.id, Actor(OUTSIDER))
    with pytest.raises(AccessDeniedError):
        service.add_file(view.id, "handlingsplan", Actor(OUTSIDER), name="a.pdf", data=pdf_bytes())
    with says(ValidationFailedError, "står ikke oppført"):
        service.hand_over(view.id, contact, OUTSIDER)
    handed = service.hand_over(view.id, contact, COLLEAGUE)
    assert handed.contacts == [COLLEAGUE]
    with pytest.raises(AccessDeniedError):
        service.get(view.id, contact)
    assert service.cases_for(Actor(COLLEAGUE))[0].id == view.id


def test_extend_deadline_and_audit_log(service, officer, contact):
    view = open_case(service, officer)
    with pytest.raises(AccessDeniedError):
        service.extend_deadline(view.id, contact, date(2026, 5, 1))
    extended = service.extend_deadline(view.id, officer, date(2026, 5, 1))
    assert extended.deadline == date(2026, 5, 1)
    actions = [row[2] for row in service.audit_log(view.id, officer)]
    assert actions == ["opened", "deadline_extended"]


def test_export_zip_has_files_manifest_and_summary(service, officer, contact):
    view = open_case(service, officer)
    fill_everything(service, view.id, contact)
    service.submit(view.id, contact)
    with pytest.raises(AccessDeniedError):
        service.export(view.id, contact)
    path = service.export(view.id, officer)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["status"] == "submitted"
        files = [f for item in manifest["items"] for f in item["files"]]
        assert len(files) == 7
        for f in files:
            assert hashlib.sha256(archive.read(f["path"])).hexdigest() == f["sha256"]
        ros = next(i for i in manifest["items"] if i["id"] == "ros-analyser")
        assert ros["status"] == "not_exists" and ros["explanation"]
        assert [a["answer"] for a in manifest["answers"]][0].startswith("Svar på")
        summary = archive.read("sammendrag.txt").decode()
        assert "8 av 8 dokumenter, 4 av 4 spørsmål" in summary


def test_restart_resumes_at_the_stored_step(service, officer, contact, intake_settings, clock):
    from bot.db import make_engine, session_factory
    from bot.intake.service import build_intake_service

    view = open_case(service, officer)
    service.start(view.id, contact)
    service.add_file(view.id, "handlingsplan", contact, name="plan.pdf", data=pdf_bytes())
    service.advance(view.id, contact, "item:handlingsplan")
    engine = make_engine(intake_settings.resolved_database_url)
    fresh = build_intake_service(intake_settings, session_factory(engine), clock=clock)
    resumed = fresh.start(view.id, contact)
    assert resumed.current_step == "item:samarbeid-reetablering-bolig"
    assert resumed.item("handlingsplan").files[0].name == "plan.pdf"
    engine.dispose()


def test_unknown_bydel_is_refused_when_bydeler_are_configured(service, officer):
    with says(ValidationFailedError, "Kjenner ikke bydelen «Frognr»"):
        service.open_case(officer, bydel="Frognr", deadline=DEADLINE, contact=CONTACT)


def test_simultaneous_clicks_move_once_and_submit_once(service, officer, contact):
    from concurrent.futures import ThreadPoolExecutor

    view = open_case(service, officer)
    service.start(view.id, contact)
    with ThreadPoolExecutor(max_workers=8) as pool:
        moved = list(pool.map(lambda _: service.advance(view.id, contact, "item:handlingsplan")[1], range(8)))
    assert moved.count(True) == 1
    assert service.get(view.id, contact).current_step == "item:samarbeid-reetablering-bolig"
    fill_everything(service, view.id, contact)
    with ThreadPoolExecutor(max_workers=4) as pool:
        new = list(pool.map(lambda _: service.submit(view.id, contact)[1], range(4)))
    assert new.count(True) == 1
    assert [row[2] for row in service.audit_log(view.id, officer)].count("submitted") == 1


def test_hand_over_to_a_member_of_the_bydels_user_group(service, officer, contact):
    from bot.access import BydelMembers

    service.directory.bydeler["Frogner"] = BydelMembers(users=[CONTACT], usergroups=["SFROGNER"])
    view = open_case(service, officer)
    with says(ValidationFailedError, "står ikke oppført"):
        service.hand_over(view.id, contact, "UNY")
    handed = service.hand_over(view.id, contact, "UNY", frozenset({"SFROGNER"}))
    assert handed.contacts == ["UNY"]


def test_scanned_pdf_is_kept_with_a_note_and_text_files_are_accepted(service, officer, contact):
    view = open_case(service, officer)
    scanned = pdf_bytes("").replace(b"BT /F1 12 Tf 72 720 Td () Tj ET", b"q Q" + b" " * 28)  # same length: the xref stays valid
    file, _, _ = service.add_file(view.id, "handlingsplan", contact, name="skannet.pdf", data=scanned)
    assert file.note == "no_text"
    text, _, _ = service.add_file(view.id, "voldskoordinator", contact, name="rutine.txt", data="Rutine for voldskoordinator".encode("cp1252"))
    assert text.file_type == "txt"
    assert service.get(view.id, contact).progress.docs_done == 2


def test_finnes_ikke_after_a_colleague_added_a_file_is_a_conflict(service, officer, contact):
    view = open_case(service, officer)
    seen_version = view.item("handlingsplan").version  # the version shown when "Finnes ikke" was opened
    service.add_file(view.id, "handlingsplan", officer, name="plan.pdf", data=pdf_bytes())
    with says(ConflictError, "endret dette punktet"):
        service.mark_not_exists(view.id, "handlingsplan", contact, "Vi har ingen plan.", seen_version)
    assert service.get(view.id, contact).item("handlingsplan").files[0].name == "plan.pdf"


def test_docx_bombs_are_refused_before_parsing() -> None:
    from bot.errors import ValidationFailedError
    from bot.intake.validation import check_upload
    from tests.intake.documents import docx_bomb, docx_with_entries

    for name, data, reason in [("bombe.docx", docx_bomb(110), "zip entry"),
                               ("mange.docx", docx_with_entries(1_500), "zip entries")]:
        assert len(data) < 1_048_576
        with pytest.raises(ValidationFailedError) as error:
            check_upload(name, data, accepted=["docx"], max_bytes=25 * 1_048_576)
        assert error.value.detail.startswith(reason), error.value.detail
        assert "for stor eller for sammensatt" in error.value.user_message


def test_pdf_over_the_page_limit_is_refused() -> None:
    from bot.errors import ValidationFailedError
    from bot.intake.validation import ParseLimits, check_upload
    from tests.intake.documents import pdf_bytes

    with pytest.raises(ValidationFailedError) as error:
        check_upload("lang.pdf", pdf_bytes(), accepted=["pdf"], max_bytes=1_048_576, limits=ParseLimits(pdf_pages=0))
    assert error.value.detail == "1 pages"


def test_export_with_very_long_file_names_extracts_and_keeps_extensions(service, officer, contact, tmp_path):
    view = open_case(service, officer)
    service.start(view.id, contact)
    long_name = "Handlingsplan mot vold i nære relasjoner " * 20 + ".pdf"  # about 800 bytes in UTF-8
    service.add_file(view.id, "handlingsplan", contact, name=long_name, data=pdf_bytes())
    path = service.export(view.id, officer)
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "ut")  # raised OSError: File name too long
        manifest = json.loads(archive.read("manifest.json"))
    stored = manifest["items"][0]["files"][0]
    assert len(stored["name"]) <= 255 and stored["name"].endswith(".pdf")  # shortened in the middle
    assert stored["name"].startswith("Handlingsplan mot vold")
    component = stored["path"].rsplit("/", 1)[-1]
    assert len(component.encode()) <= 255 and component.endswith(".pdf")
