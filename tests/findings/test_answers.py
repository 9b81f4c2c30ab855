"""The officers' questions from issue 5, answered from the seeded records (Informasjonsskriv 2/2024)."""

from __future__ import annotations

import re

from bot.domain import Audience
from bot.findings.service import FindingsService

NOT_NAMED = "Informasjonsskrivet navngir ikke bydelene"


def ask(service: FindingsService, question: str, audience: Audience = Audience.PUBLIC):
    answer = service.answer_question(question, audience=audience)
    assert not answer.abstained, answer.text
    return answer


def test_which_bydeler_got_lovbrudd_says_three_and_not_named(service: FindingsService) -> None:
    answer = ask(service, "hvilke bydeler fikk lovbrudd i krisesentertilsynet?")
    assert "lovbrudd i 3 av 15 bydeler" in answer.text
    assert "12 bydeler fikk ikke lovbrudd" in answer.text
    assert NOT_NAMED in answer.text
    # No bydel name is invented: none of Oslo's bydeler is mentioned in the answer.
    assert not re.search(r"Frogner|Alna|Sagene|Grorud|Stovner|Bjerke|Ullern", answer.text)
    assert answer.text.count("Bydel (ikke navngitt i rapporten)") == 3
    cited = {c.chunk_id for c in answer.citations}
    assert {"findings:oslo-krisesenter-2022-2023/lovbrudd-1", "findings:oslo-krisesenter-2022-2023/lovbrudd-3"} <= cited
    assert all(c.doc_id == "informasjonsskriv-2-2024" for c in answer.citations)
    assert all(c.label.startswith("Informasjonsskriv 2/2024") for c in answer.citations)


def test_how_many_bydeler_got_lovbrudd(service: FindingsService) -> None:
    answer = ask(service, "hvor mange bydeler fikk lovbrudd?")
    assert "3 av 15 bydeler" in answer.text
    # the status says where it comes from: nobody has changed it since the letter was loaded
    assert "Status i registeret: 2 lukket, 1 ikke lukket (slik Informasjonsskriv 2/2024 oppgir den" in answer.text
    assert NOT_NAMED in answer.text


def test_open_lovbrudd_is_the_one_with_extended_deadline(service: FindingsService) -> None:
    answer = ask(service, "hvilke lovbrudd er ikke lukket?")
    assert "Lovbrudd som ikke er lukket: 1." in answer.text
    assert "utsatt til 15. april 2024" in answer.text
    assert "høsten 2023" in answer.text
    assert answer.text.count("• ") == 1
    assert [c.chunk_id for c in answer.citations][-1] == "findings:oslo-krisesenter-2022-2023/lovbrudd-3"
    assert "har fått utsatt frist til 15. april" in answer.citations[-1].quote


def test_an_internal_note_does_not_date_the_status(service: FindingsService) -> None:
    """Only a change of status or deadline makes the status the officers' own; a note is internal."""
    service.change_status("oslo-krisesenter-2022-2023/lovbrudd-3", actor="UOFFICER", audience=Audience.OFFICERS,
                          notes="Purret på plan")  # fmt: skip
    assert "slik Informasjonsskriv 2/2024 oppgir den" in ask(service, "hvor mange bydeler fikk lovbrudd?").text


def test_a_yes_no_status_question_lists_every_lovbrudd_with_its_status(service: FindingsService) -> None:
    """"Er alle lovbruddene lukket?" is answered by the open one as much as by the closed ones."""
    answer = ask(service, "er alle lovbruddene lukket nå?")
    assert answer.text.startswith("Registrerte lovbrudd (3):")
    assert answer.text.count("lovbruddet er lukket") == 2 and answer.text.count("lovbruddet er ikke lukket") == 1
    assert "utsatt til 15. april 2024" in answer.text
    assert ask(service, "hvilke lovbrudd er lukket?").text.startswith("Lukkede lovbrudd: 2.")


def test_deadline_for_the_plan_comes_first(service: FindingsService) -> None:
    answer = ask(service, "når er fristen for planen?")
    first_line = answer.text.splitlines()[1]
    assert "Fristen for å komme med en plan er utsatt til 15. april 2024" in first_line
    assert "passert" not in answer.text  # the fake clock is in March 2024


def test_deadline_reported_as_passed_later(service: FindingsService, clock) -> None:
    from datetime import UTC, datetime

    clock.set(datetime(2024, 5, 1, 8, 0, tzinfo=UTC))
    answer = ask(service, "når er fristen for planen?")
    assert "Fristen er passert" in answer.text
    assert "spør Statsforvalteren om dagens status" in answer.text
    # officers are Statsforvalteren: they are told to update the register, not to ask themselves
    officers = ask(service, "når er fristen for planen?", Audience.OFFICERS)
    assert "Fristen er passert" in officers.text and "oppdater registeret" in officers.text
    assert "spør Statsforvalteren" not in officers.text


def test_findings_about_internkontroll(service: FindingsService) -> None:
    answer = ask(service, "hvilke funn gjaldt internkontroll?")
    assert "3 lovbrudd gjaldt internkontroll (kommuneloven § 25-1)" in answer.text
    assert "kommuneloven § 25)" not in answer.text  # no § the law does not have
    assert "manglende samarbeidsavtaler og internkontrollsystem" in answer.text
    assert "avvikshåndtering" in answer.text
    assert "kommuneloven § 25-1" in answer.text  # the tilsyn's own legal basis
    assert NOT_NAMED in answer.text


def test_frogner_history_covered_but_outcome_not_stated(service: FindingsService) -> None:
    answer = ask(service, "har bydel Frogner hatt tilsyn på dette området før?")
    assert answer.text.startswith("Ja.")
    assert "alle 15 bydelene, også bydel Frogner" in answer.text
    assert "2022 og 2023" in answer.text
    assert "8 bydeler i 2022 og 7 bydeler høsten 2023" in answer.text
    assert NOT_NAMED in answer.text
    assert "utfallet for bydel Frogner står ikke i brevet" in answer.text
    assert answer.citations and answer.citations[0].doc_id == "informasjonsskriv-2-2024"


def test_a_bydel_whose_outcome_the_letter_does_not_give_is_never_answered_yes(service: FindingsService) -> None:
    # "var Frogner en av dem som fikk lovbrudd?": the tilsyn covered Frogner, but a "Ja." would read as a
    # yes to the lovbrudd; what the letter does not say comes first
    answer = ask(service, "hvilke bydeler fikk lovbrudd? var bydel Frogner en av dem?")
    assert not answer.text.startswith("Ja")
    assert answer.text.startswith("Informasjonsskrivet navngir ikke bydelene som fikk lovbrudd, så utfallet for "
                                  "bydel Frogner står ikke i brevet")
    assert "alle 15 bydelene, også bydel Frogner" in answer.text


def test_year_filter_separates_known_and_unknown_years(service: FindingsService) -> None:
    answer = ask(service, "hvilke lovbrudd kom etter tilsynet i 2023?")
    assert "Registrerte lovbrudd (1):" in answer.text
    assert "For 2 lovbrudd oppgir informasjonsskrivet ikke tilsynsår." in answer.text


def test_legal_basis_filter_matches_chapter_reference(service: FindingsService) -> None:
    answer = ask(service, "hvilke lovbrudd gjaldt kommuneloven § 25-1?")
    assert "Registrerte lovbrudd (3):" in answer.text
    none = service.answer_question("hvilke lovbrudd gjaldt krisesenterlova § 3?", audience=Audience.PUBLIC)
    assert none.abstained


def test_abstains_when_records_have_nothing(service: FindingsService) -> None:
    answer = service.answer_question("hvilke lovbrudd fikk bydelene i 2019?", audience=Audience.PUBLIC)
    assert answer.abstained
    assert "ingen opplysninger" in answer.text
    assert "år 2019" in answer.text
    assert answer.citations == []


def test_identity_number_in_question_is_not_echoed(service: FindingsService) -> None:
    answer = service.answer_question("hvilke lovbrudd gjelder 01017000027 i 2019?", audience=Audience.PUBLIC)
    assert "01017000027" not in answer.question + answer.text


def test_deadline_question_when_everything_is_closed(service: FindingsService) -> None:
    from datetime import date

    service.change_status("oslo-krisesenter-2022-2023/lovbrudd-3", actor="UOFFICER", audience=Audience.OFFICERS,
                          status="lukket", closed_date=date(2024, 3, 1))  # fmt: skip
    answer = ask(service, "når er fristen for planen?")
    assert answer.text.startswith("Ingen åpne lovbrudd har en frist som gjenstår")
    # an officer's change dates the status: it is no longer the letter's
    assert re.search(r"Status i registeret: 3 lukket, 0 ikke lukket \(sist oppdatert av Statsforvalteren \d+\. \w+ 2024\)",
                     answer.text)
