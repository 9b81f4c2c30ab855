"""Standard answers over real HTTP: saved from an officer's reply, served for a new paraphrase with
its label and the law quoted live from the index, put to "må vurderes" when a re-ingest changes the
cited §, listed/edited/withdrawn with `/tilsyn standardsvar`, and refused to non-officers.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from slack_sdk import WebClient

from bot.domain import Passage
from bot.slack.listeners.findings.digest import weekly_digest
from tests.fakes.slack_requests import block_action
from tests.officers.conftest import OFFICER, OFFICERS, STAFF, STAFF_DM, Harness, action_ids, button_value
from tests.retrieval import corpus

QUESTION = "Hvem har ansvaret for å bestille tolk til beboerne?"
PARAPHRASE = "Hvem skal bestille tolk til beboerne?"
REPLY = "Bydelen bestiller og betaler tolk for beboerne; krisesenteret melder behovet til bydelen."
TOLK = "Kommunen skal sørgje for at brukarar av bu- og dagtilbodet får tilgang til kvalifisert tolk."


def answered_escalation(h: Harness) -> str:
    answer = h.ask_in_dm(QUESTION)
    assert "escalate_question" in action_ids(answer)  # the bot declined
    h.click(STAFF, "escalate_question", button_value(answer, "escalate_question"))
    escalation_id = button_value(h.officers_post(), "escalation_answer")
    h.submit("escalation_answer_view", OFFICER, json.dumps({"escalation": escalation_id}),
             {"answer": REPLY, "citations": "krisesenterlova § 3 andre ledd"})
    h.slack.wait_for("chat.update", where=lambda c: "Levert til" in c.text_content)
    return escalation_id


def standard_values(question: str, alternatives: str, answer: str, citations: str, status: str = "godkjent",
                    review: str | None = "2025-03-01") -> dict:
    return {"question": question, "alternatives": alternatives, "answer": answer, "citations": citations,
            "status": {"type": "radio_buttons", "selected_option": {"value": status}},
            "review_on": {"type": "datepicker", "selected_date": review}}


def save_from_escalation(h: Harness, escalation_id: str) -> str:
    h.sender.action(block_action("standard_answer_from_escalation", escalation_id, user_id=OFFICER, channel_id=OFFICERS))
    view = h.slack.wait_for("views.open").json_param("view")
    assert view["callback_id"] == "standard_answer_view"
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert (initial["question"], initial["answer"], initial["citations"]) == (QUESTION, REPLY, "krisesenterlova § 3 andre ledd")
    ok = h.submit("standard_answer_view", OFFICER, view["private_metadata"], standard_values(
        QUESTION, "Hvem bestiller tolk til brukerne?\nMå bydelen skaffe tolk?", REPLY, "krisesenterlova § 3 andre ledd"))
    assert ok.status_code == 200 and not ok.content.strip(), ok.content
    saved = h.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == OFFICER)
    assert "er lagret (godkjent)" in saved.params["text"]
    [row] = h.services.standard_answers.all()  # type: ignore[union-attr]
    return row.id


def test_an_officers_answer_becomes_a_standard_answer_served_for_a_new_paraphrase(h: Harness) -> None:
    escalation_id = answered_escalation(h)
    standard_id = save_from_escalation(h, escalation_id)
    redrawn = h.slack.wait_for("chat.update", where=lambda c: "Lagret som standardsvar" in c.text_content)
    assert standard_id in redrawn.text_content and "standard_answer_from_escalation" not in action_ids(redrawn)

    answer = h.ask_in_dm(PARAPHRASE, ts="1700000400.000100")
    text = answer.text_content
    assert "Standardsvar fra Statsforvalteren, godkjent 4. mars 2024" in text
    assert REPLY in text
    assert "Slik lyder krisesenterlova § 3 andre ledd i dag:" in text and TOLK in text
    assert "lovdata.no/lov/2009-06-19-44/§3" in text  # the live citation's link
    assert "escalate_question" not in action_ids(answer)

    audit = [(a.actor, a.field, a.new_value) for a in h.services.standard_answers.audit(standard_id)]  # type: ignore[union-attr]
    assert ("UOFFICER", "created", f"escalation:{escalation_id}") in audit
    assert ("UOFFICER", "status", "godkjent") in audit


def test_a_changed_section_in_a_reingest_stops_serving_it_and_tells_the_owner(h: Harness) -> None:
    standard_id = save_from_escalation(h, answered_escalation(h))
    assert h.services.scheduler.run_due()["standard-answers-check"] == 0  # nothing changed yet

    changed = corpus.chunks()
    k3 = next(c for c in changed if c.doc_id == corpus.KSL and c.section_key == "§3")
    k3.passages = [p if p.ledd != 2 else Passage(text="Kommunen skal sørgje for tolk når brukaren treng det.", ledd=2)
                   for p in k3.passages]
    h.reingest(changed, built_at="2024-03-05T08:00:00+00:00")

    assert h.services.scheduler.run_due()["standard-answers-check"] == 1  # the owner was told once
    row = h.services.standard_answers.get(standard_id)  # type: ignore[union-attr]
    assert row is not None and row.status == "maa_vurderes" and "teksten i krisesenterlova § 3 andre ledd er endret" in row.review_reason
    dm = h.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == OFFICER and "må vurderes" in c.text_content)
    assert standard_id in dm.params["text"]
    assert h.services.scheduler.run_due()["standard-answers-check"] == 0  # not told twice

    answer = h.ask_in_dm(PARAPHRASE, ts="1700000500.000100")
    assert "Standardsvar fra Statsforvalteren" not in answer.text_content

    # The weekly digest (Monday morning) lists the answers to review.
    web = WebClient(token=h.slack.bot_token, base_url=h.slack.base_url)
    assert weekly_digest(h.services, web, datetime(2024, 3, 11, 9, 0, tzinfo=UTC)) is True
    digest = h.slack.calls_to("chat.postMessage", channel=OFFICERS)[-1]
    assert "Standardsvar som må vurderes (1)" in digest.text_content and standard_id in digest.text_content
    assert "passert vurderingsdato" not in digest.text_content

    # The owner reviews it and approves it again: served again, quoting the new wording.
    h.sender.command(f"standardsvar endre {standard_id}", user_id=OFFICER, trigger_id="66.trigger")
    view = h.slack.wait_for("views.open", where=lambda c: c.params.get("trigger_id") == "66.trigger").json_param("view")
    h.submit("standard_answer_view", OFFICER, view["private_metadata"], standard_values(
        QUESTION, "Hvem bestiller tolk til brukerne?", REPLY, "krisesenterlova § 3 andre ledd"))
    again = h.ask_in_dm(PARAPHRASE, ts="1700000550.000100")
    assert "Standardsvar fra Statsforvalteren" in again.text_content
    assert "Kommunen skal sørgje for tolk når brukaren treng det." in again.text_content
    # A year on, its review date (1 March 2025) has passed: the digest reminds the officers.
    assert weekly_digest(h.services, web, datetime(2025, 3, 3, 9, 0, tzinfo=UTC)) is True
    later = h.slack.calls_to("chat.postMessage", channel=OFFICERS)[-1]
    assert "Standardsvar med passert vurderingsdato (1)" in later.text_content and "1. mars 2025" in later.text_content


def test_an_ingest_that_removes_the_section_is_caught_at_answer_time_too(h: Harness) -> None:
    standard_id = save_from_escalation(h, answered_escalation(h))
    h.reingest([c for c in corpus.chunks() if not (c.doc_id == corpus.KSL and c.section_key == "§3")],
               built_at="2024-03-05T08:00:00+00:00")
    answer = h.ask_in_dm(PARAPHRASE, ts="1700000600.000100")  # before any scheduler tick
    assert "Standardsvar fra Statsforvalteren" not in answer.text_content
    row = h.services.standard_answers.get(standard_id)  # type: ignore[union-attr]
    assert row is not None and row.status == "maa_vurderes" and "finnes ikke lenger" in row.review_reason


def test_standardsvar_command_lists_edits_and_withdraws(h: Harness) -> None:
    standard_id = save_from_escalation(h, answered_escalation(h))
    url = h.slack.response_url("list")
    h.sender.command("standardsvar", user_id=OFFICER, response_url=url)
    listing = h.slack.wait_for("response_url", where=lambda c: c.params.get("_path", "").endswith("list"))
    assert standard_id in listing.text_content and "godkjent 4. mars 2024" in listing.text_content
    assert "vurderes innen 1. mars 2025" in listing.text_content

    h.sender.command(f"standardsvar endre {standard_id}", user_id=OFFICER, trigger_id="55.trigger")
    view = h.slack.wait_for("views.open", where=lambda c: c.params.get("trigger_id") == "55.trigger").json_param("view")
    assert json.loads(view["private_metadata"])["id"] == standard_id
    edited = h.submit("standard_answer_view", OFFICER, view["private_metadata"], standard_values(
        QUESTION, "Hvem bestiller tolk?", REPLY + " Se også rundskrivet.", "krisesenterlova § 3 andre ledd\nkrisesenterlova § 99"))
    assert "krisesenterlova § 99" in edited.json()["errors"]["citations"]
    edited = h.submit("standard_answer_view", OFFICER, view["private_metadata"], standard_values(
        QUESTION, "Hvem bestiller tolk?", REPLY + " Se også rundskrivet.", "krisesenterlova § 3 andre ledd"))
    assert edited.status_code == 200 and not edited.content.strip()
    changes = [(a.field, a.old_value, a.new_value) for a in h.services.standard_answers.audit(standard_id)]  # type: ignore[union-attr]
    assert ("answer_text", REPLY, REPLY + " Se også rundskrivet.") in changes

    withdrawn = h.sender.command(f"standardsvar trekk {standard_id}", user_id=OFFICER, response_url=h.slack.response_url())
    assert "trukket tilbake" in withdrawn.json()["text"]
    answer = h.ask_in_dm(PARAPHRASE, ts="1700000700.000100")
    assert "Standardsvar fra Statsforvalteren" not in answer.text_content
    assert ("status", "godkjent", "trukket") in [(a.field, a.old_value, a.new_value)
                                                  for a in h.services.standard_answers.audit(standard_id)]  # type: ignore[union-attr]


def test_an_officers_thumbs_up_saves_a_bot_answer_as_a_draft_that_is_never_served(h: Harness) -> None:
    answer = h.ask_in_dm("Hva sier krisesenterlova § 4 om samarbeid?")
    answer_id = button_value(answer, "feedback_up")
    staff_told = h.click(STAFF, "feedback_up", answer_id)
    assert "standard_answer_from_answer" not in str(staff_told.params.get("blocks"))  # bydel staff: no button
    told = h.click(OFFICER, "feedback_up", answer_id)
    assert "standard_answer_from_answer" in str(told.params.get("blocks"))
    h.sender.action(block_action("standard_answer_from_answer", answer_id, user_id=OFFICER, channel_id=STAFF_DM))
    view = h.slack.wait_for("views.open").json_param("view")
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert initial["citations"].startswith("krisesenterlova § 4")
    ok = h.submit("standard_answer_view", OFFICER, view["private_metadata"], standard_values(
        "Hva sier krisesenterlova § 4 om samarbeid?", "", initial["answer"], initial["citations"], status="utkast", review=None))
    assert ok.status_code == 200 and not ok.content.strip(), ok.content
    [row] = h.services.standard_answers.all()  # type: ignore[union-attr]
    assert row.status == "utkast" and row.origin == f"answer:{answer_id}" and row.approved_on is None
    again = h.ask_in_dm("Hva sier krisesenterlova § 4 om samarbeid?", ts="1700000800.000100")
    assert "Standardsvar" not in again.text_content  # drafts are never served


def test_a_non_officer_cannot_manage_standard_answers(h: Harness) -> None:
    escalation_id = answered_escalation(h)
    refused = h.click(STAFF, "standard_answer_from_escalation", escalation_id, channel=OFFICERS)
    assert "Bare Statsforvalterens saksbehandlere" in refused.params["text"]
    forged = h.submit("standard_answer_view", STAFF, json.dumps({"id": "", "origin": ""}),
                      standard_values(QUESTION, "", REPLY, "krisesenterlova § 3 andre ledd"))
    assert "Bare Statsforvalterens saksbehandlere" in forged.json()["errors"]["question"]
    for text in ("standardsvar", "standardsvar trekk abc", "standardsvar endre abc"):
        response = h.sender.command(text, user_id=STAFF, response_url=h.slack.response_url())
        assert "Bare Statsforvalterens saksbehandlere" in response.json()["text"]
    assert h.services.standard_answers.all() == []  # type: ignore[union-attr]
    assert h.slack.calls_to("views.open") == []
