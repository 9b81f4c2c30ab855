"""Identity numbers met in the intake dialog (in a document, a file name, an answer, a DM) are refused and
appear in no log line, no database row, no stored file and no message the bot sends."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from tests.intake.conftest import CONTACT
from tests.intake.documents import pdf_bytes, valid_identity_number
from tests.intake.slack_driver import Driver
from tests.intake.test_slack_dialog import open_case


def test_identity_numbers_are_refused_and_never_kept(driver: Driver, caplog, intake_settings) -> None:
    d = driver
    number = valid_identity_number()
    caplog.set_level(logging.DEBUG)
    case_id = open_case(d)
    d.click(CONTACT, "start", c=case_id)
    d.next_post(CONTACT)
    d.share(CONTACT, "plan.pdf", pdf_bytes(f"Beboer med fnr {number} fikk bolig"))
    assert "personopplysninger" in d.next_post(CONTACT).text_content
    d.next_post(CONTACT)
    d.share(CONTACT, f"beboer {number}.pdf", pdf_bytes("Rutine uten personopplysninger"))
    assert "fødselsnummer" in d.next_post(CONTACT).text_content
    d.next_post(CONTACT)
    d.say(CONTACT, f"Beboeren har nummer {number}")
    assert "Slett meldingen" in d.next_post(CONTACT).text_content
    modal = d.open_modal(CONTACT, "answer", c=case_id, q="bolig")
    refused = d.submit_modal(CONTACT, modal, f"Vi hjalp {number} med bolig")
    assert refused["response_action"] == "errors" and "fødselsnummer" in refused["errors"]["text"]

    assert number not in caplog.text
    sent = "\n".join(c.text_content for c in d.slack.calls if c.method in {"chat.postMessage", "chat.postEphemeral", "response_url"})
    assert number not in sent
    with d.services.engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                assert number not in " ".join(map(str, row)), table
    stored = list(intake_settings.files_dir.rglob("*")) if intake_settings.files_dir.exists() else []
    assert not [p for p in stored if p.is_file()]
