"""Whole intake dialogs over real HTTP: signed requests to the running app, the fake Slack Web API."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC, datetime

from tests.fakes.slack_api import FakeSlackAPI
from tests.intake.conftest import CONTACT, OFFICER, OUTSIDER, running_app
from tests.intake.documents import docx_bytes, pdf_bytes, valid_identity_number
from tests.intake.slack_driver import Driver, buttons

ITEMS = [
    "handlingsplan", "samarbeid-reetablering-bolig", "individuell-plan", "voldskoordinator",
    "overforing-mellom-bydeler", "samarbeid-barnevern-nav", "internkontroll", "ros-analyser",
]
QUESTIONS = ["samarbeid-krisesenter", "samordning", "bolig", "internkontroll"]


def open_case(d: Driver) -> str:
    told = d.command(OFFICER, f"intake åpne Frogner 2026-04-15 <@{CONTACT}|kari>")
    assert "er åpnet for Frogner" in told
    intro = d.next_post(CONTACT)
    assert "Frist:* 15.04.2026" in intro.text_content and "0 av 8 dokumenter, 0 av 4 spørsmål" in intro.text_content
    return buttons(intro)["start"]["c"]


def submit_item(d: Driver, case_id: str, item: str, index: int) -> None:
    step = d.next_post(CONTACT)
    assert f"Dokument {index + 1} av 8" in step.text_content
    if item == "ros-analyser":
        view = d.open_modal(CONTACT, "not_exists", c=case_id, i=item, v=buttons(step)["not_exists"]["v"])
        assert d.submit_modal(CONTACT, view, "Bydelen har ikke gjennomført ROS-analyse ennå.") == {}
        return
    content = docx_bytes(f"Rutine {item}") if index % 2 else pdf_bytes(f"Rutine {item}")
    d.share(CONTACT, f"{item}.{'docx' if index % 2 else 'pdf'}", content)
    received = d.next_post(CONTACT)
    assert hashlib.sha256(content).hexdigest() in received.text_content
    shown = d.next_post(CONTACT)
    assert f"{item}." in shown.text_content
    d.click(CONTACT, "next", **buttons(shown)["next"])


def test_full_intake_to_receipt_and_export(driver: Driver, slack_api) -> None:
    d = driver
    case_id = open_case(d)
    d.click(CONTACT, "start", c=case_id)
    for index, item in enumerate(ITEMS):
        submit_item(d, case_id, item, index)
    for n, question in enumerate(QUESTIONS, start=1):
        shown = d.next_post(CONTACT)
        assert f"Spørsmål {n} av 4" in shown.text_content
        assert f"8 av 8 dokumenter, {n - 1} av 4 spørsmål" in shown.text_content
        assert d.answer(CONTACT, case_id, question, f"Vårt svar om {question}.") == {}
    review = d.next_post(CONTACT)
    assert "Alt som kreves er på plass" in review.text_content
    d.click(CONTACT, "submit", c=case_id)
    receipt = d.next_post(CONTACT)
    text = receipt.text_content
    assert f"Kvittering for innsending {case_id}" in text and "Vårt svar om bolig." in text
    assert text.count("SHA-256") == 7 and "Finnes ikke: Bydelen har ikke" in text
    notice = d.next_post("COFFICERS")
    assert "Frogner" in notice.text_content and case_id in notice.text_content
    d.click(CONTACT, "submit", c=case_id)  # a double click: no second receipt
    d.settle()
    assert len(d.posts(CONTACT)) == d.seen[CONTACT]
    # read-only for the bydel now
    d.share(CONTACT, "sent.pdf", pdf_bytes())
    d.settle()
    assert len(d.posts(CONTACT)) == d.seen[CONTACT]  # not in an active dialog: the question flow answers instead
    # a lost receipt can be fetched again
    d.sender.command(f"intake kvittering {case_id}", user_id=CONTACT, response_url=slack_api.response_url())
    assert f"Kvittering for innsending {case_id}" in d.next_post(CONTACT).text_content
    # export
    told = d.command(OFFICER, f"intake eksport {case_id}")
    assert "lastet opp" in told
    upload = slack_api.wait_for("upload")
    data = slack_api.file_bytes[upload.params["file_id"]]
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["case_id"] == case_id and manifest["status"] == "submitted"
        assert sum(len(i["files"]) for i in manifest["items"]) == 7
        assert "sammendrag.txt" in archive.namelist()
    # an officer reopens: the bydel may change it again
    assert "åpnet igjen" in d.command(OFFICER, f"intake gjenåpne {case_id}")
    assert "åpnet sak" in d.next_post(CONTACT).text_content


def test_resume_after_restart_mid_dialog(app_settings, clock, slack_api) -> None:
    with running_app(app_settings, clock, slack_api) as d:
        case_id = open_case(d)
        d.click(CONTACT, "start", c=case_id)
        submit_item(d, case_id, ITEMS[0], 0)
        submit_item(d, case_id, ITEMS[1], 1)
        seen = dict(d.seen)
    with running_app(app_settings, clock, slack_api) as d2:  # a new process on the same DB and files
        d2.seen = seen
        submit_item(d2, case_id, ITEMS[2], 2)  # the dialog was waiting at item 3 and still is
        d2.sender.command("intake fortsett", user_id=CONTACT, response_url=slack_api.response_url())
        shown = d2.next_post(CONTACT)
        assert "Dokument 4 av 8" in shown.text_content and "3 av 8 dokumenter" in shown.text_content


def test_bad_inputs_get_clear_messages_and_the_dialog_goes_on(driver: Driver, slack_api) -> None:
    d = driver
    case_id = open_case(d)
    d.click(CONTACT, "start", c=case_id)
    d.next_post(CONTACT)
    cases = [
        ("plan.exe", b"MZ", "filtype vi ikke tar imot"),
        ("stor.pdf", b"%PDF" + b"0" * (1_048_576 + 1), "Største tillatte"),
        ("tom.docx", docx_bytes(""), "ingen tekst"),
        ("skadet.pdf", b"%PDF-1.7 garbage", "skadet"),
        ("beboer.pdf", pdf_bytes(f"Beboer {valid_identity_number()}"), "personopplysninger"),
    ]
    for name, content, expected in cases:
        d.share(CONTACT, name, content)
        said = d.next_post(CONTACT)
        assert expected in said.text_content, said.text_content
        assert "Dokument 1 av 8" in d.next_post(CONTACT).text_content  # the dialog goes on
    # download failure: files.info fails
    slack_api.fail("files.info", "file_not_found", times=1)
    d.share(CONTACT, "plan.pdf", pdf_bytes())
    assert "klarte ikke å hente" in d.next_post(CONTACT).text_content
    d.next_post(CONTACT)
    # download failure: the file URL answers 404
    missing = slack_api.add_file("plan.pdf", pdf_bytes(), user=CONTACT)
    slack_api.file_bytes.pop(missing["id"])
    slack_api.respond("files.info", {"ok": True, "file": missing})
    d.share(CONTACT, "plan.pdf", pdf_bytes())
    assert "klarte ikke å hente" in d.next_post(CONTACT).text_content
    d.next_post(CONTACT)
    # download failure: Slack answers with its HTML login page (status 200) when the token is not accepted
    with FakeSlackAPI(bot_token="xoxb-another-workspace") as elsewhere:
        foreign = elsewhere.add_file("plan.pdf", pdf_bytes(), user=CONTACT)
        slack_api.respond("files.info", {"ok": True, "file": foreign})
        d.share(CONTACT, "plan.pdf", pdf_bytes())
        assert "klarte ikke å hente" in d.next_post(CONTACT).text_content
        assert elsewhere.calls_to("file.download")[0].token == slack_api.bot_token  # it was fetched, got HTML
    d.next_post(CONTACT)
    slack_api._responders.pop("files.info")
    # a message the bot does not understand
    d.say(CONTACT, "hei, hva nå?")
    assert "forstod ikke" in d.next_post(CONTACT).text_content
    assert "Dokument 1 av 8" in d.next_post(CONTACT).text_content
    assert not d.services.intake.get(case_id, _officer()).item("handlingsplan").files  # nothing bad was kept
    # now a good file is accepted
    d.share(CONTACT, "plan.pdf", pdf_bytes())
    assert "Mottatt «plan.pdf»" in d.next_post(CONTACT).text_content


def _officer():
    from bot.intake.service import Actor

    return Actor(OFFICER)


def test_double_click_and_concurrent_answers(driver: Driver) -> None:
    d = driver
    case_id = open_case(d)
    d.click(CONTACT, "start", c=case_id)
    first = d.next_post(CONTACT)
    d.click(CONTACT, "next", **buttons(first)["next"])
    d.click(CONTACT, "next", **buttons(first)["next"])  # double click
    assert "Dokument 2 av 8" in d.next_post(CONTACT).text_content
    told = d.slack.wait_for("response_url", where=lambda c: "allerede registrert" in c.text_content)
    assert "Dokument 2" not in told.text_content
    d.settle()
    assert len(d.posts(CONTACT)) == d.seen[CONTACT]  # only one step message for two clicks
    # two people open the same question, both submit: the second sees the first's text and keeps their own
    mine = d.open_modal(CONTACT, "answer", c=case_id, q="bolig")
    theirs = d.open_modal(OFFICER, "answer", c=case_id, q="bolig")
    assert d.submit_modal(CONTACT, mine, "Svar fra kontakten") == {}
    conflict = d.submit_modal(OFFICER, theirs, "Svar fra saksbehandleren")
    assert conflict["response_action"] == "update"
    shown = json.dumps(conflict["view"], ensure_ascii=False)
    assert "Svar fra kontakten" in shown and "Svar fra saksbehandleren" in shown
    assert d.submit_modal(OFFICER, conflict["view"], "Svar fra saksbehandleren") == {}
    assert d.services.intake.get(case_id, _officer()).answer("bolig").text == "Svar fra saksbehandleren"


def test_access_refused_for_staff_of_another_bydel(driver: Driver) -> None:
    d = driver
    case_id = open_case(d)
    told = d.command(OUTSIDER, f"intake sjekkliste {case_id}")
    assert "ikke tilgang" in told
    d.click(OUTSIDER, "start", c=case_id)
    assert "ikke tilgang" in d.next_post(OUTSIDER).text_content
    assert "Bare Statsforvalterens" in d.command(CONTACT, "intake åpne Frogner 2026-05-01 <@UX>")


def test_reminders_fire_once_under_a_controllable_clock(driver: Driver, clock) -> None:
    d = driver
    case_id = open_case(d)
    scheduler = d.services.intake.scheduler
    clock.set(datetime(2026, 4, 8, 7, 0, tzinfo=UTC))  # 7 days before 15.04
    scheduler.run_due()
    assert "om 7 dager" in d.next_post(CONTACT).text_content
    scheduler.run_due()
    scheduler.run_due(clock.now())
    d.settle(0.1)
    assert len(d.posts(CONTACT)) == d.seen[CONTACT]  # never twice
    clock.set(datetime(2026, 4, 15, 6, 0, tzinfo=UTC))  # the day itself
    scheduler.run_due()
    assert "i dag" in d.next_post(CONTACT).text_content
    clock.set(datetime(2026, 4, 16, 6, 0, tzinfo=UTC))  # passed: officers told
    scheduler.run_due()
    overdue = d.next_post("COFFICERS")
    assert case_id in overdue.text_content and "gikk ut 15.04.2026" in overdue.text_content
    # "utsatt frist": extending re-arms the reminders for the new date
    assert "Ny frist" in d.command(OFFICER, f"intake frist {case_id} 2026-04-20")
    assert "utsatt frist" in d.next_post(CONTACT).text_content
    clock.set(datetime(2026, 4, 18, 6, 0, tzinfo=UTC))
    scheduler.run_due()
    assert "om 2 dager" in d.next_post(CONTACT).text_content


def test_pause_later_remove_handover_and_reopen(driver: Driver) -> None:
    from tests.intake.conftest import COLLEAGUE

    d = driver
    case_id = open_case(d)
    d.click(CONTACT, "start", c=case_id)
    first = d.next_post(CONTACT)
    d.click(CONTACT, "later", c=case_id, i="handlingsplan")  # "sender senere" moves on, item stays missing
    assert "Dokument 2 av 8" in d.next_post(CONTACT).text_content
    d.share(CONTACT, "avtale.pdf", pdf_bytes())
    d.next_post(CONTACT)
    shown = d.next_post(CONTACT)
    d.click(CONTACT, "remove_file", **buttons(shown)["remove_file"])  # remove (then replace) a file
    after = d.next_post(CONTACT)
    assert "avtale.pdf" not in after.text_content and "0 av 8 dokumenter" in after.text_content
    d.say(CONTACT, "pause")
    assert "Alt er lagret" in d.next_post(CONTACT).text_content
    d.share(CONTACT, "avtale.pdf", pdf_bytes())  # while paused: told how to go on, nothing stored
    assert "står på pause" in d.next_post(CONTACT).text_content
    d.say(CONTACT, "sjekkliste")  # paused: plain text goes to the question flow, not the dialog
    d.click(CONTACT, "checklist", c=case_id)
    checklist = d.next_post(CONTACT)
    assert ":hourglass: *Bydelens handlingsplan mot vold i nære relasjoner* – Sender senere" in checklist.text_content
    # hand over to a colleague in the same bydel: they get the intro, the first contact loses access
    assert "overlevert" in d.command(CONTACT, f"intake overlever {case_id} <@{COLLEAGUE}>")
    intro = d.next_post(COLLEAGUE)
    assert buttons(intro)["start"]["c"] == case_id and "Fortsett" in intro.text_content
    d.click(COLLEAGUE, "start", c=case_id)
    assert "Dokument 2 av 8" in d.next_post(COLLEAGUE).text_content  # resumes where the case stood
    d.click(CONTACT, "start", c=case_id)
    assert "ikke tilgang" in d.next_post(CONTACT).text_content
    assert "Dokument 1 av 8" in first.text_content


def test_officer_opens_a_case_through_the_form_when_the_mention_is_not_escaped(driver: Driver) -> None:
    d = driver
    url = d.slack.response_url()
    d.sender.command("intake åpne Frogner 2026-04-15 @kari", user_id=OFFICER, response_url=url)
    form = d.slack.wait_for("views.open").json_param("view")
    blocks = {b["block_id"]: b["element"] for b in form["blocks"]}
    assert blocks["bydel"]["initial_option"]["value"] == "Frogner" and blocks["deadline"]["initial_date"] == "2026-04-15"
    assert blocks["contact"]["type"] == "users_select"

    def submit(deadline: str) -> dict:
        payload = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": OFFICER}, "api_app_id": "A0001",
                   "view": {"id": "V9", "type": "modal", "callback_id": "intake:open", "private_metadata": "", "state": {"values": {
                       "bydel": {"value": {"type": "static_select", "selected_option": {"value": "Frogner"}}},
                       "deadline": {"value": {"type": "datepicker", "selected_date": deadline}},
                       "contact": {"value": {"type": "users_select", "selected_user": CONTACT}}}}}}
        response = d.sender.action(payload)
        return response.json() if response.content else {}

    refused = submit("2020-01-01")  # in the past: shown under the field, the form stays open
    assert refused["response_action"] == "errors" and "passert" in refused["errors"]["deadline"]
    assert submit("2026-04-15") == {}
    intro = d.next_post(CONTACT)
    assert "Frist:* 15.04.2026" in intro.text_content
    assert "er åpnet for Frogner" in d.next_post(OFFICER).text_content


def test_hand_over_through_the_form_only_to_a_colleague_in_the_bydel(driver: Driver) -> None:
    from tests.intake.conftest import COLLEAGUE

    d = driver
    case_id = open_case(d)
    d.sender.command(f"intake overlever {case_id} @kollega", user_id=CONTACT, response_url=d.slack.response_url())
    form = d.slack.wait_for("views.open").json_param("view")
    assert form["callback_id"] == "intake:handover"

    def submit(user: str) -> dict:
        payload = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": CONTACT}, "api_app_id": "A0001",
                   "view": {"id": "V8", "type": "modal", "callback_id": "intake:handover", "private_metadata": form["private_metadata"],
                            "state": {"values": {"contact": {"value": {"type": "users_select", "selected_user": user}}}}}}
        response = d.sender.action(payload)
        return response.json() if response.content else {}

    refused = submit(OUTSIDER)
    assert "står ikke oppført som ansatt i bydel Frogner" in refused["errors"]["contact"]
    assert submit(COLLEAGUE) == {}
    assert case_id in d.next_post(COLLEAGUE).text_content
    assert "overlevert" in d.next_post(CONTACT).text_content


def test_officer_by_user_group_membership(app_settings, clock, slack_api) -> None:
    slack_api.add_usergroup("SOFFICERS", ["UGRUPPE"])
    settings = app_settings.model_copy(update={"officer_usergroup_ids": ["SOFFICERS"]})
    with running_app(settings, clock, slack_api) as d:
        assert "er åpnet for Frogner" in d.command("UGRUPPE", f"intake åpne Frogner 2026-04-15 <@{CONTACT}>")
        assert "Frogner, frist 15.04.2026: under arbeid" in d.command("UGRUPPE", "intake liste")
        assert "ingen innsendingssaker" in d.command(OUTSIDER, "intake liste")


def test_failing_slack_post_after_submit_is_reported_and_receipt_can_be_fetched(driver: Driver, slack_api) -> None:
    from bot.intake.service import Actor
    from tests.intake.test_service import fill_everything

    d = driver
    case_id = open_case(d)
    fill_everything(d.services.intake, case_id, Actor(CONTACT))
    slack_api.fail("chat.postMessage", "channel_not_found")  # every post fails from now on
    d.click(CONTACT, "submit", c=case_id)
    told = slack_api.wait_for("response_url", where=lambda c: "channel_not_found" in c.text_content)
    assert "Ingenting du har sendt inn er tapt" in told.text_content and "feilkode" in told.text_content
    assert d.services.intake.get(case_id, Actor(OFFICER)).submitted  # the submission itself is kept
    slack_api.reset_failures()
    d.sender.command(f"intake kvittering {case_id}", user_id=CONTACT, response_url=slack_api.response_url())
    receipt = slack_api.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == CONTACT
                                 and "Kvittering" in c.text_content and c.json_param("blocks"))
    assert case_id in receipt.text_content


def test_file_is_kept_when_slack_cannot_show_the_confirmation(driver: Driver, slack_api) -> None:
    from bot.intake.service import Actor

    d = driver
    case_id = open_case(d)
    d.click(CONTACT, "start", c=case_id)
    d.next_post(CONTACT)
    slack_api.fail("chat.postMessage", "service_unavailable")
    d.share(CONTACT, "plan.pdf", pdf_bytes())
    notice = slack_api.wait_for("chat.postEphemeral", where=lambda c: c.params.get("user") == CONTACT)
    assert "Ingenting du har sendt inn er tapt" in notice.text_content
    assert d.services.intake.get(case_id, Actor(OFFICER)).item("handlingsplan").files[0].name == "plan.pdf"


def test_hostile_file_names_are_echoed_escaped_in_receipts(driver: Driver) -> None:
    d = driver
    case_id = open_case(d)
    d.click(CONTACT, "start", c=case_id)
    d.next_post(CONTACT)  # the first item
    evil = "<!channel> <https://evil.example|les dette> *viktig* plan\u202efdp.pdf"
    d.share(CONTACT, evil, pdf_bytes())
    received = d.next_post(CONTACT)
    shown = d.next_post(CONTACT)
    d.share(CONTACT, "<!here> rapport\u202etxt.exe", b"MZ")  # rejected: the reason quotes the name
    rejected = d.next_post(CONTACT)
    for call in (received, shown, rejected):
        text = call.text_content
        assert "<!channel>" not in text and "<!here>" not in text and "<https://" not in text
        assert "\u202e" not in text and " *viktig*" not in text
    assert "&lt;!channel&gt;" in received.text_content and "Mottatt" in received.text_content


def test_a_docx_bomb_shared_in_the_dialog_is_refused_and_not_stored(driver: Driver) -> None:
    from tests.intake.documents import docx_bomb

    d = driver
    case_id = open_case(d)
    d.click(CONTACT, "start", c=case_id)
    d.next_post(CONTACT)
    d.share(CONTACT, "handlingsplan.docx", docx_bomb(300), mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    refused = d.next_post(CONTACT)
    assert "for stor eller for sammensatt" in refused.text_content and "Ingenting er lagret" in refused.text_content
    assert "Mottatt" not in refused.text_content
