"""Done-when scenario of issue 11, over real HTTP against the fake Slack Web API, on SQLite and on
PostgreSQL: a tilsyn created in the modal, three cases opened in one step, documents shared and
questions answered by each contact in the DM dialog, Frogner concluded with a lovbrudd, plan
requested, submitted, «trenger mer», resubmitted, approved and closed; Sagene's plan deadline
extended; Alna concluded without lovbrudd. `/tilsyn oversikt` and the officers' questions are
checked at each point, a restart in the middle loses nothing, every transition is audited, and a
non-officer is refused at every officer step."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from slack_sdk import WebClient

from bot.intake.service import Actor, IntakeService
from bot.lifecycle.service import LifecycleService
from bot.settings import Settings
from bot.slack.listeners.findings.digest import weekly_digest
from tests.fakes.clock import FakeClock
from tests.fakes.slack_api import FakeSlackAPI
from tests.intake.documents import pdf_bytes
from tests.intake.slack_driver import buttons
from tests.lifecycle.conftest import ALNA, FROGNER, OFFICER, SAGENE, TILSYN_ID
from tests.lifecycle.slack_harness import LifecycleDriver, running

NEW_TILSYN = {
    "id": TILSYN_ID, "title": "Tilsyn med bolig i reetableringsfasen 2026", "theme": "Bolig i reetableringsfasen",
    "legal_basis": "krisesenterlova § 4\nkommuneloven § 25-1", "bydeler": ["Frogner", "Sagene", "Alna"],
    "template": "krisesenter-reetablering-bolig", "deadline": "2026-04-15", "open_now": ["yes"],
}
REFUSED = "Bare Statsforvalterens saksbehandlere kan gjøre dette."


def overview(d: LifecycleDriver) -> dict[str, str]:
    """`/tilsyn oversikt <id>` as the officer: bydel -> its line."""
    text = d.reply(OFFICER, f"oversikt {TILSYN_ID}")
    return {name: line for line in text.splitlines() for name in ("Frogner", "Sagene", "Alna") if f"*Bydel {name}*" in line}


def intake(d: LifecycleDriver) -> IntakeService:
    assert d.services.intake is not None
    return d.services.intake


def lifecycle(d: LifecycleDriver) -> LifecycleService:
    assert d.services.lifecycle is not None
    return d.services.lifecycle


def ask(d: LifecycleDriver, question: str) -> str:
    """A question in `/tilsyn`: acked with «Jeg ser på det …», answered through the response_url."""
    return d.command(OFFICER, question)


def events(d: LifecycleDriver) -> list[tuple[str, str | None, str, str]]:
    return [(e.subject, e.from_stage.value if e.from_stage else None, e.to_stage.value, e.actor)
            for e in lifecycle(d).events.events(TILSYN_ID)]


def non_officer_refused_everywhere(d: LifecycleDriver, user: str) -> None:
    """Every officer command, button and form, tried by a bydel's contact: refused, nothing written."""
    before = events(d)
    for text in (f"oversikt {TILSYN_ID}", "forløp ny", f"forløp åpne {TILSYN_ID}", f"forløp hendelser {TILSYN_ID}"):
        assert REFUSED in d.reply(user, text)
    for move in ("assess", "conclude", "request_plan", "approve", "needs_more", "extend"):
        d.move(user, move, TILSYN_ID, "Frogner")
        d.dm_containing(user, REFUSED)
    for kind, first in (("new", "id"), ("conclude", "breach"), ("request_plan", "deadline"), ("needs_more", "comment"),
                        ("extend", "deadline")):
        view = {"callback_id": f"lifecycle:{kind}", "private_metadata": f'{{"t":"{TILSYN_ID}","s":"Frogner"}}'}
        reply = d.submit_form(user, view, {"comment": "x", "deadline": "2026-06-01", "breach": "yes", "id": "x-y-z"})
        assert reply == {"response_action": "errors", "errors": {first: REFUSED}}
    assert events(d) == before


def submit_documents(d: LifecycleDriver, case_id: str, user: str) -> None:
    """The contact's own way through the DM dialog, over HTTP: «Start», a PDF shared for every document
    (then «Neste» on the step that shows it), every question answered in its form, then «Send inn»."""
    d.click(user, "start", c=case_id)
    step = d.post_containing(user, "Dokument 1 av ")
    items = int(re.findall(r"Dokument 1 av (\d+)", step.text_content)[0])
    for n in range(1, items + 1):  # like a person: wait for the step, share, see the file, «Neste»
        name = f"rutine-{n}.pdf"
        d.share(user, name, pdf_bytes(f"Rutine {n}: samarbeid mellom krisesenteret og bydelen."))
        d.dm_containing(user, f"Mottatt «{name}»")
        shown = d.post_containing(user, name)  # the item again, with the file
        assert f"Dokument {n} av {items}" in shown.text_content
        d.click(user, "next", **buttons(shown)["next"])
        step = d.post_containing(user, f"Dokument {n + 1} av {items}" if n < items else "Spørsmål 1 av ")
    questions = int(re.findall(r"Spørsmål 1 av (\d+)", step.text_content)[0])
    for n in range(1, questions + 1):
        if n > 1:
            step = d.post_containing(user, f"Spørsmål {n} av {questions}")
        assert d.answer(user, case_id, buttons(step)["answer"]["q"], "Vi har faste samarbeidsmøter.") == {}
    d.dm_containing(user, "Alt som kreves er på plass")
    d.click(user, "submit", c=case_id)
    d.dm_containing(user, "Kvittering for innsending")


def test_whole_cycle_for_three_bydeler(app_settings: Settings, clock: FakeClock, slack: FakeSlackAPI) -> None:
    seen: dict[str, int] = {}
    with running(app_settings, clock, slack, seen) as d:
        # --- the officer creates the tilsyn in the modal and opens the three cases in one step
        assert REFUSED in d.reply(FROGNER, "forløp ny")
        d.sender.command("forløp ny", user_id=OFFICER, response_url=slack.response_url())
        modal = slack.wait_for("views.open").json_param("view")
        assert modal["callback_id"] == "lifecycle:new"
        bad = d.submit_form(OFFICER, modal, {**NEW_TILSYN, "legal_basis": "krisesenterlova § 42"})
        assert bad["errors"] == {"legal_basis": "krisesenterlova § 42 finnes ikke i kunnskapsbasen. Sjekk paragrafnummeret."}
        assert d.submit_form(OFFICER, modal, NEW_TILSYN) == {}
        confirmation = d.dm_containing(OFFICER, "er opprettet")
        assert "er opprettet med 3 bydeler og frist 15.04.2026" in confirmation and "Åpnet 3 innsendingssaker" in confirmation
        cases = {c.bydel: c.id for c in intake(d).cases_for(Actor(OFFICER))}
        assert sorted(cases) == ["Alna", "Frogner", "Sagene"]
        for user, bydel in ((FROGNER, "Frogner"), (SAGENE, "Sagene"), (ALNA, "Alna")):
            intro = d.post_containing(user, f"Innsending til Statsforvalteren – {bydel}")
            assert buttons(intro)["start"]["c"] == cases[bydel]  # the contact's way into the case
        assert "Åpnet 0 innsendingssaker" in d.reply(OFFICER, f"forløp åpne {TILSYN_ID}")  # never a duplicate
        assert len(intake(d).cases_for(Actor(OFFICER))) == 3
        rows = overview(d)
        assert all("varslet · frist 15.04.2026" in rows[b] and cases[b] in rows[b] for b in rows)
        non_officer_refused_everywhere(d, FROGNER)

        # --- documents submitted by each contact in the DM dialog (the intake hook records «dokumenter
        #     mottatt», by the contact)
        for user, bydel in ((FROGNER, "Frogner"), (SAGENE, "Sagene"), (ALNA, "Alna")):
            submit_documents(d, cases[bydel], user)
        assert {line.split("– ")[1].split(" ·")[0] for line in overview(d).values()} == {"dokumenter mottatt"}

        # --- assessment and conclusions
        for bydel in ("Frogner", "Sagene", "Alna"):
            d.move(OFFICER, "assess", TILSYN_ID, bydel)
            d.dm_containing(OFFICER, f"Bydel {bydel}: «under vurdering» er registrert.")
        for bydel, breach in (("Frogner", "yes"), ("Sagene", "yes"), ("Alna", "no")):
            form = d.form(OFFICER, "conclude", TILSYN_ID, bydel)
            values = {"breach": breach, "wording": "Manglende rutiner for samarbeid og internkontroll" if breach == "yes" else "",
                      "comment": "" if breach == "yes" else "Samarbeidet er formalisert."}
            assert d.submit_form(OFFICER, form, values) == {}
            d.dm_containing(OFFICER, f"Bydel {bydel}: «konkludert")
        d.move(OFFICER, "approve", TILSYN_ID, "Alna")  # impossible: refused with the reason, nothing written
        d.dm_containing(OFFICER, "Bydel Alna kan ikke gå fra «konkludert uten lovbrudd» til «plan godkjent». "
                                 "Neste steg herfra: ingen (saken er avsluttet).")
        rows = overview(d)
        assert "konkludert med lovbrudd" in rows["Frogner"] and "konkludert uten lovbrudd" in rows["Alna"]

        # --- plans requested
        for bydel, user, deadline in (("Frogner", FROGNER, "2026-04-30"), ("Sagene", SAGENE, "2026-04-10")):
            form = d.form(OFFICER, "request_plan", TILSYN_ID, bydel)
            assert d.submit_form(OFFICER, form, {"deadline": deadline}) == {}
            d.dm_containing(OFFICER, f"Bydel {bydel}: plan etterspurt i sak")
            d.dm_containing(user, "ber om en plan")
            d.dm_containing(user, "Plan for lukking av lovbrudd")
        answer = ask(d, "hvilke lovbrudd venter på plan?")
        assert "Bydel Frogner" in answer and "Bydel Sagene" in answer and "Bydel Alna" not in answer
        rows = overview(d)
        assert "plan etterspurt · frist 10.04.2026" in rows["Sagene"] and "plan etterspurt · frist 30.04.2026" in rows["Frogner"]
        assert list(rows) == ["Sagene", "Frogner", "Alna"]  # soonest deadline first
        before_restart = (overview(d), events(d))

    # --- restart: a new app on the same database loses nothing
    with running(app_settings, clock, slack, seen) as d:
        assert (overview(d), events(d)) == before_restart
        plan_case = lifecycle(d).state(TILSYN_ID, "Frogner").current_case
        assert plan_case is not None

        # --- Frogner's plan, through the intake dialog in the DM
        d.click(FROGNER, "start", c=plan_case)
        d.dm_containing(FROGNER, "Planen for lukking av lovbruddet")
        d.share(FROGNER, "plan.pdf", pdf_bytes("Plan for lukking av lovbruddet, godkjent av bydelsdirektøren."))
        d.dm_containing(FROGNER, "Mottatt «plan.pdf»")
        d.dm_containing(FROGNER, "plan.pdf")  # the item again, with the file
        d.click(FROGNER, "next", s="item:plan", c=plan_case)
        d.dm_containing(FROGNER, "Hvem i bydelens ledelse har godkjent planen")
        for question, text in (("ledelsens-godkjenning", "Bydelsdirektøren, 10. mars 2026"),
                               ("tiltak-og-frister", "Rutine for samarbeid med Nav – 1. juni"),
                               ("kontaktperson", "Kari, rådgiver")):
            d.answer(FROGNER, plan_case, question, text)
        d.dm_containing(FROGNER, "Se over og send inn")
        d.click(FROGNER, "submit", c=plan_case)
        review = slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "COFFICERS"
                                and "plan for lukking" in (c.params.get("text") or ""))
        assert "Bydel Frogner har sendt inn plan" in review.text_content
        assert {b["action_id"] for blk in review.blocks if blk["type"] == "actions" for b in blk["elements"]} == {
            "lifecycle:approve", "lifecycle:needs_more", "lifecycle:extend"}
        assert "plan mottatt" in overview(d)["Frogner"]

        # --- «Trenger mer»: comment and new deadline; the bydel's case reopens with the comment
        form = d.form(OFFICER, "needs_more", TILSYN_ID, "Frogner")
        assert d.submit_form(OFFICER, form, {"comment": "", "deadline": "2026-05-15"})["errors"] == {
            "comment": "Skriv en kommentar, så bydelen vet hva som mangler."}
        assert d.submit_form(OFFICER, form, {"comment": "Tiltakene mangler ansvarlig.", "deadline": "2026-05-15"}) == {}
        d.dm_containing(OFFICER, "er åpnet igjen med ny frist 15.05.2026")
        told = d.dm_containing(FROGNER, "Tiltakene mangler ansvarlig.")
        assert "Ny frist: 15.05.2026" in told
        assert intake(d).get(plan_case, Actor(OFFICER)).status == "open"
        assert "trenger mer · frist 15.05.2026" in overview(d)["Frogner"]
        assert "Bydel Frogner" in ask(d, "hvilke lovbrudd venter på plan?")

        # --- resubmitted, approved and closed
        d.click(FROGNER, "submit", c=plan_case)
        d.dm_containing(FROGNER, "Kvittering for innsending")
        assert "plan mottatt" in overview(d)["Frogner"]
        d.move(OFFICER, "approve", TILSYN_ID, "Frogner")
        d.dm_containing(OFFICER, f"lovbruddet lukket 02.03.2026 (kvittering {plan_case})")
        d.dm_containing(FROGNER, "har godkjent planen")
        assert "lukket" in overview(d)["Frogner"]
        follow = next(r for r in lifecycle(d).findings.lovbrudd_choices() if r.bydel == "Frogner")
        assert (follow.status, follow.closed_date) == ("closed", date(2026, 3, 2))
        assert "Bydel Frogner" not in ask(d, "hvilke lovbrudd venter på plan?")

        # --- Sagene's plan deadline extended; reminders re-armed for the new date
        form = d.form(OFFICER, "extend", TILSYN_ID, "Sagene")
        assert d.submit_form(OFFICER, form, {"deadline": "2026-05-20", "reason": "Ny bydelsdirektør"}) == {}
        d.dm_containing(OFFICER, "fristen er utsatt til 20.05.2026")
        assert "Ny bydelsdirektør" in d.dm_containing(SAGENE, "utsatt til 20.05.2026")
        extended = ask(d, "hvem har fått utsatt frist?")
        assert "Bydel Sagene" in extended and "20. mai 2026" in extended and "Ny bydelsdirektør" in extended
        assert "Bydel (ikke navngitt i rapporten)" in extended  # the letter's extension to 15 April 2024
        non_officer_refused_everywhere(d, SAGENE)

        clock.set(datetime(2026, 5, 18, 8, 0, tzinfo=UTC))
        d.services.scheduler.run_due(clock.now())
        reminder = d.dm_containing(SAGENE, "Påminnelse")
        assert "20.05.2026" in reminder and "om 2 dager" in reminder
        assert not [m for m in d.drain_dms(SAGENE) if "Påminnelse" in m]  # one reminder, for the new date
        month = ask(d, "hvilke frister går ut denne måneden?")
        assert month.startswith("Frister som går ut i mai 2026:") and "Bydel Sagene" in month
        assert "Bydel Frogner" not in month
        weekly_digest(d.services, WebClient(token=slack.bot_token, base_url=slack.base_url), clock.now())
        digest = slack.wait_for("chat.postMessage", where=lambda c: "Tilsyn i arbeid" in c.text_content)
        assert "Bydel Sagene" in digest.text_content

        # --- every transition audited: who, when, from -> to
        frogner = [(f, to, actor) for s, f, to, actor in events(d) if s == "Frogner"]
        assert frogner == [
            (None, "varslet", OFFICER), ("varslet", "dokumenter_mottatt", FROGNER),
            ("dokumenter_mottatt", "under_vurdering", OFFICER), ("under_vurdering", "lovbrudd", OFFICER),
            ("lovbrudd", "plan_etterspurt", OFFICER), ("plan_etterspurt", "plan_mottatt", FROGNER),
            ("plan_mottatt", "trenger_mer", OFFICER), ("trenger_mer", "plan_mottatt", FROGNER),
            ("plan_mottatt", "plan_godkjent", OFFICER), ("plan_godkjent", "lukket", OFFICER),
        ]
        log = d.reply(OFFICER, f"forløp hendelser {TILSYN_ID}")
        assert "Bydel Sagene plan etterspurt → plan etterspurt (frist utsatt) (frist 20.05.2026) – Ny bydelsdirektør" in log
