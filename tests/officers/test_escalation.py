"""Escalations over real HTTP: a declined question goes to the officers, an officer answers it in a
modal, the answer reaches the asker's thread signed and dated, and the officers' post shows who and
when. Also: a 👎 escalates the same way; two officers at once; a Slack failure in delivery; refusals.
"""

from __future__ import annotations

import json
import threading

from bot.officers.escalations import MAX_DELIVERY_ATTEMPTS
from tests.fakes.slack_requests import block_action
from tests.officers.conftest import (
    OFFICER,
    OFFICER_2,
    OFFICERS,
    STAFF,
    STAFF_DM,
    Harness,
    action_ids,
    button_value,
)

DECLINED = "Hvor mange ansatte har krisesenteret i Bergen?"


def escalate_declined(h: Harness) -> str:
    """Ask a question the bot declines, press «send til Statsforvalteren»; returns the escalation id."""
    answer = h.ask_in_dm(DECLINED)
    assert "escalate_question" in action_ids(answer)
    told = h.click(STAFF, "escalate_question", button_value(answer, "escalate_question"))
    assert "Svaret fra en saksbehandler kommer hit" in told.params["text"]
    post = h.officers_post()
    return button_value(post, "escalation_answer")


def meta(escalation_id: str) -> str:
    return json.dumps({"escalation": escalation_id})


def answer_values(text: str, citations: str = "", link: str | None = None) -> dict:
    return {"answer": text, "citations": citations, "link": {"type": "url_text_input", "value": link}}


def test_declined_question_is_answered_by_an_officer_and_delivered_in_the_askers_thread(h: Harness) -> None:
    escalation_id = escalate_declined(h)
    post = h.officers_post()
    content = post.text_content
    assert DECLINED in content and f"<@{STAFF}>" in content and "bydel Frogner" in content
    assert "fant ikke grunnlag" in content
    assert action_ids(post) == ["escalation_answer", "escalation_decline"]

    h.sender.action(block_action("escalation_answer", escalation_id, user_id=OFFICER, channel_id=OFFICERS))
    view = h.slack.wait_for("views.open").json_param("view")
    assert view["callback_id"] == "escalation_answer_view" and json.loads(view["private_metadata"]) == {"escalation": escalation_id}
    assert DECLINED in str(view)

    unknown = h.submit("escalation_answer_view", OFFICER, meta(escalation_id),
                       answer_values("Det vet vi ikke.", "krisesenterlova § 99"))
    assert "krisesenterlova § 99" in unknown.json()["errors"]["citations"]
    bad_link = h.submit("escalation_answer_view", OFFICER, meta(escalation_id),
                        answer_values("Det vet vi ikke.", "", "http://example.org"))
    assert bad_link.json()["errors"] == {"link": "Lenken må begynne med https://."}

    reply = "Statsforvalteren fører ikke oversikt over bemanning. Kommunen skal tilrettelegge tilbudet individuelt."
    ok = h.submit("escalation_answer_view", OFFICER, meta(escalation_id),
                  answer_values(reply, "krisesenterlova § 3 andre ledd", "https://www.statsforvalteren.no/oslo"))
    assert ok.status_code == 200 and not ok.content.strip()

    delivered = h.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == STAFF_DM
                                 and "Svar fra Statsforvalteren" in c.text_content)
    text = delivered.text_content
    assert reply in text and DECLINED in text
    assert "— Kari Saksbehandler, saksbehandler hos Statsforvalteren, 4. mars 2024" in text
    assert "krisesenterlova § 3 andre ledd" in text and "https://www.statsforvalteren.no/oslo" in text

    updated = h.slack.wait_for("chat.update", where=lambda c: "Levert til" in c.text_content)
    stored = h.services.escalations.get(escalation_id)
    assert stored is not None and stored.delivery == "delivered"
    assert updated.params["channel"] == OFFICERS and updated.params["ts"] == stored.officers_ts
    assert f"Besvart av <@{OFFICER}>* 04.03.2024 kl. 10:00" in updated.text_content
    assert "standard_answer_from_escalation" in action_ids(updated)
    assert "escalation_answer" not in action_ids(updated)



def test_thumbs_down_escalates_from_a_channel_thread_and_a_decline_reaches_that_thread(h: Harness) -> None:
    mention = {"type": "app_mention", "user": STAFF, "channel": "CBYDEL", "ts": "1700000300.000100",
               "text": "<@UBOT> Hva sier krisesenterlova § 4 om samarbeid?"}
    h.sender.event(mention)
    answer = h.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "CBYDEL")
    assert answer.params["thread_ts"] == "1700000300.000100"
    answer_id = button_value(answer, "feedback_down")
    told = h.click(STAFF, "feedback_down", answer_id, channel="CBYDEL")
    assert "Tilbakemeldingen er lagret" in told.params["text"]
    assert "escalate_after_thumbs_down" in str(told.params.get("blocks"))

    h.click(STAFF, "escalate_after_thumbs_down", answer_id, channel="CBYDEL")
    post = h.officers_post()
    assert "Sendt etter 👎" in post.text_content and "Boten svarte" in post.text_content
    assert "krisesenterlova § 4" in post.text_content  # the bot's sources
    escalation_id = button_value(post, "escalation_decline")

    h.sender.action(block_action("escalation_decline", escalation_id, user_id=OFFICER_2, channel_id=OFFICERS))
    view = h.slack.wait_for("views.open").json_param("view")
    assert view["callback_id"] == "escalation_decline_view"
    ok = h.submit("escalation_decline_view", OFFICER_2, meta(escalation_id),
                  {"reason": "Spørsmålet gjelder Bergen kommune; kontakt Statsforvalteren i Vestland."})
    assert ok.status_code == 200
    reply = h.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "CBYDEL"
                             and "utenfor Statsforvalterens område" in c.text_content)
    assert reply.params["thread_ts"] == "1700000300.000100"
    assert "Ola Saksbehandler" in reply.text_content and "Vestland" in reply.text_content
    updated = h.slack.wait_for("chat.update", where=lambda c: "Levert til" in c.text_content)
    assert f"Ikke vårt område* – <@{OFFICER_2}>" in updated.text_content
    assert "standard_answer_from_escalation" not in action_ids(updated)  # a decline is no standard answer


def test_two_officers_answer_at_once_one_wins_and_the_other_is_told(h: Harness) -> None:
    escalation_id = escalate_declined(h)
    results: dict[str, object] = {}

    def answer(officer: str) -> None:
        results[officer] = h.submit("escalation_answer_view", officer, meta(escalation_id),
                                    answer_values(f"Svar fra {officer}"))

    threads = [threading.Thread(target=answer, args=(o,)) for o in (OFFICER, OFFICER_2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bodies = {o: r.content.strip() for o, r in results.items()}  # type: ignore[attr-defined]
    winners = [o for o, body in bodies.items() if not body]
    assert len(winners) == 1
    loser = OFFICER_2 if winners[0] == OFFICER else OFFICER
    told = results[loser].json()["errors"]["answer"]  # type: ignore[attr-defined]
    assert f"<@{winners[0]}> svarte allerede" in told and "ble ikke sendt" in told
    h.slack.wait_for("chat.update", where=lambda c: "Levert til" in c.text_content)
    replies = [c for c in h.slack.calls_to("chat.postMessage", channel=STAFF_DM) if "Svar fra Statsforvalteren" in c.text_content]
    assert len(replies) == 1 and f"Svar fra {winners[0]}" in replies[0].text_content
    # A late click on «Svar» is told the same instead of opening the modal.
    late = h.click(loser, "escalation_answer", escalation_id, channel=OFFICERS)
    assert "svarte allerede" in late.params["text"]


def test_a_slack_failure_in_delivery_is_shown_on_the_post_and_retried(h: Harness) -> None:
    escalation_id = escalate_declined(h)
    h.slack.fail("chat.postMessage", "internal_error", times=1)  # the delivery's first attempt
    h.submit("escalation_answer_view", OFFICER, meta(escalation_id), answer_values("Kommunen må svare på dette."))
    failed = h.slack.wait_for("chat.update", where=lambda c: "feilet" in c.text_content)
    assert "internal_error" in failed.text_content and "forsøk 1 av" in failed.text_content
    assert "Prøver igjen automatisk" in failed.text_content
    row = h.services.escalations.get(escalation_id)
    assert row is not None and (row.status, row.delivery, row.reply_text) == ("answered", "failed", "Kommunen må svare på dette.")

    results = h.services.scheduler.run_due()  # the next tick
    assert results["officers-escalations"] == {"posted": 0, "delivered": 1, "redrawn": 0}
    delivered = h.slack.calls_to("chat.postMessage", channel=STAFF_DM)[-1]
    assert "Kommunen må svare på dette." in delivered.text_content
    updated = h.slack.wait_for("chat.update", where=lambda c: "Levert til" in c.text_content)
    assert "feilet" not in updated.text_content
    assert h.services.scheduler.run_due()["officers-escalations"] == {"posted": 0, "delivered": 0, "redrawn": 0}


def test_delivery_gives_up_visibly_after_the_last_attempt(h: Harness) -> None:
    escalation_id = escalate_declined(h)
    h.slack.fail("chat.postMessage", "internal_error")  # until reset
    h.submit("escalation_answer_view", OFFICER, meta(escalation_id), answer_values("Svar som ikke kommer fram."))
    h.slack.wait_for("chat.update", where=lambda c: "feilet" in c.text_content)
    for _ in range(MAX_DELIVERY_ATTEMPTS + 2):
        h.services.scheduler.run_due()
    row = h.services.escalations.get(escalation_id)
    assert row is not None and row.delivery_attempts == MAX_DELIVERY_ATTEMPTS
    last = h.slack.calls_to("chat.update")[-1]
    assert f"feilet {MAX_DELIVERY_ATTEMPTS} ganger" in last.text_content and "direkte" in last.text_content


def test_an_officers_post_that_failed_is_made_by_the_next_tick(h: Harness) -> None:
    answer = h.ask_in_dm(DECLINED)
    h.slack.fail("chat.postMessage", "internal_error", times=1)  # the officers' post
    told = h.click(STAFF, "escalate_question", button_value(answer, "escalate_question"))
    assert "sendt til Statsforvalteren" in told.params["text"]  # stored: it will be posted
    assert h.services.scheduler.run_due()["officers-escalations"]["posted"] == 0  # the click's own turn
    h.clock.advance(minutes=3)
    assert h.services.scheduler.run_due()["officers-escalations"]["posted"] == 1
    assert "escalation_answer" in action_ids(h.officers_post())


def test_a_non_officer_is_refused_at_every_step(h: Harness) -> None:
    escalation_id = escalate_declined(h)
    for action in ("escalation_answer", "escalation_decline"):
        refused = h.click(STAFF, action, escalation_id, channel=OFFICERS)
        assert "Bare Statsforvalterens saksbehandlere" in refused.params["text"]
    assert h.slack.calls_to("views.open") == []
    forged = h.submit("escalation_answer_view", STAFF, meta(escalation_id), answer_values("Jeg svarer selv."))
    assert "Bare Statsforvalterens saksbehandlere" in forged.json()["errors"]["answer"]
    forged = h.submit("escalation_decline_view", STAFF, meta(escalation_id), {"reason": "Nei."})
    assert "Bare Statsforvalterens saksbehandlere" in forged.json()["errors"]["reason"]
    row = h.services.escalations.get(escalation_id)
    assert row is not None and row.status == "open"


def test_identity_numbers_are_masked_and_refused(h: Harness) -> None:
    escalation_id = escalate_declined(h)
    refused = h.submit("escalation_answer_view", OFFICER, meta(escalation_id),
                       answer_values("Gjelder 01019012480, ring oss."))
    assert "fødselsnummer" in refused.json()["errors"]["answer"]
    row = h.services.escalations.get(escalation_id)
    assert row is not None and row.status == "open" and "01019012480" not in (row.reply_text or "")
