"""User-facing texts of the tilsyn lifecycle (Norwegian bokmål): stages, refusals, overview, review.

Why in one place: officers see the same stage names in Slack, the CLI, the CSV export and the
answers to their questions; the bydel sees the outcome of a review in its DM.
"""

from __future__ import annotations

STAGE_LABELS = {
    "varslet": "varslet",
    "dokumenter_mottatt": "dokumenter mottatt",
    "under_vurdering": "under vurdering",
    "uten_lovbrudd": "konkludert uten lovbrudd",
    "lovbrudd": "konkludert med lovbrudd",
    "plan_etterspurt": "plan etterspurt",
    "plan_mottatt": "plan mottatt",
    "trenger_mer": "trenger mer",
    "plan_godkjent": "plan godkjent",
    "lukket": "lukket",
}
NO_STAGE = "ikke varslet"
NO_NEXT_STAGE = "ingen (saken er avsluttet)"
EVENT_KINDS = {"overgang": "overgang", "frist_utsatt": "frist utsatt", "importert": "registrert fra rapport"}

# --- refusals and validation (raised by the service, shown as they are) ----------------------
NOT_OFFICER = "Bare Statsforvalterens saksbehandlere kan gjøre dette."
TRANSITION_REFUSED = (
    "{subject} kan ikke gå fra «{current}» til «{target}». Neste steg herfra: {allowed}."
)
EXTEND_REFUSED = (
    "Fristen for {subject} kan ikke utsettes når saken står på «{current}». Frist kan utsettes mens bydelen "
    "skal levere (varslet, plan etterspurt, trenger mer) eller mens planen vurderes."
)
CONCURRENT = "{subject} ble endret av noen andre akkurat nå. Åpne oversikten på nytt og prøv igjen."
UNKNOWN_TILSYN = "Fant ikke tilsynet «{id}». Se `/tilsyn oversikt` for tilsynene som finnes."
TILSYN_EXISTS = "Tilsynet «{id}» finnes allerede. Velg en annen id, eller åpne sakene med `/tilsyn forløp åpne {id}`."
UNKNOWN_SUBJECT = "{subject} er ikke med i tilsynet «{tilsyn}»."
NO_LEGAL_BASIS = "Oppgi minst ett lovgrunnlag, f.eks. «krisesenterlova § 4»."
LEGAL_BASIS_UNREADABLE = "Lovgrunnlaget «{text}» nevner ingen paragraf jeg kan lese. Skriv f.eks. «krisesenterlova § 4»."
LEGAL_BASIS_UNKNOWN_LAW = "Lovgrunnlaget «{text}» nevner ingen lov jeg kjenner. Skriv lovens navn, f.eks. «kommuneloven § 25-1»."
LEGAL_BASIS_NOT_IN_INDEX = "{law} {section} finnes ikke i kunnskapsbasen. Sjekk paragrafnummeret."
UNKNOWN_BYDEL = "Kjenner ikke bydelen «{bydel}»."
UNKNOWN_TEMPLATE = "Fant ingen innsendingsmal «{template}». Kjente maler: {known}."
DEADLINE_PAST = "Fristen {deadline} har allerede vært. Velg en dato fram i tid."
DATE_REQUIRED = "Velg en dato."
DEADLINE_NOT_LATER = "Ny frist må være etter gjeldende frist ({deadline})."
COMMENT_REQUIRED = "Skriv en kommentar, så bydelen vet hva som mangler."
REASON_REQUIRED = "Skriv en begrunnelse for den utsatte fristen."
WORDING_REQUIRED = "Skriv hva lovbruddet gjelder (ordlyden i konklusjonen)."
TEXT_HAS_ID_NUMBER = "Teksten ser ut til å inneholde et fødselsnummer. Fjern det og prøv igjen."
NO_CONTACT = "ingen kontaktperson (legg bydelen inn i bydelskatalogen eller oppgi en kontakt)"
CASE_ALREADY_OPEN = "har allerede sak {case_id}"
NO_CASE = "{subject} har ingen innsendingssak i dette tilsynet."
SPEC_INVALID = "Tilsynsfilen {name} er ugyldig: {reason}"
CLOSED_DATE_FUTURE = "Lukkedatoen kan ikke være fram i tid."

# --- overview -------------------------------------------------------------------------------
OVERVIEW_TITLE = "Oversikt over tilsyn"
OVERVIEW_EMPTY = "Ingen tilsyn i registeret ennå. Opprett et med `/tilsyn forløp ny`."
OVERVIEW_TILSYN = "*{title}* (`{id}`)"
OVERVIEW_ROW = "{flag}*{label}* – {stage}{deadline}{extended}{cases}"
OVERVIEW_DEADLINE = " · frist {date}"
OVERVIEW_OVERDUE = ":warning: "
OVERVIEW_OVERDUE_TEXT = " (forfalt)"
OVERVIEW_EXTENDED = " · utsatt frist"
OVERVIEW_CASES = " · {cases}"
OVERVIEW_COUNT_SUFFIX = " ({count} bydeler)"
BYDEL_LABEL = "Bydel {bydel}"
UNNAMED_LABEL = "Bydel (ikke navngitt i rapporten)"
HOME_OVERVIEW_TITLE = "Tilsyn i arbeid"
DIGEST_LIFECYCLE_TITLE = "*Tilsyn i arbeid:* forfalte frister først"
DIGEST_LIFECYCLE_NONE = "Ingen bydeler venter med en frist."

# --- actions (button labels) ----------------------------------------------------------------
BUTTON_ASSESS = "Start vurdering"
BUTTON_CONCLUDE = "Konkluder"
BUTTON_REQUEST_PLAN = "Be om plan"
BUTTON_APPROVE = "Godkjenn – lukk lovbruddet"
BUTTON_NEEDS_MORE = "Trenger mer"
BUTTON_EXTEND = "Utsett frist"

# --- modals ---------------------------------------------------------------------------------
MODAL_CLOSE = "Avbryt"
MODAL_SAVE = "Lagre"
MODAL_NEW_TITLE = "Nytt tilsyn"
MODAL_NEW_SUBMIT = "Opprett"
FIELD_ID = "Id (små bokstaver, tall og bindestrek)"
FIELD_TITLE = "Tittel"
FIELD_THEME = "Tema"
FIELD_LEGAL_BASIS = "Lovgrunnlag (ett per linje)"
FIELD_BYDELER = "Bydeler"
FIELD_TEMPLATE = "Innsendingsmal"
FIELD_DEADLINE = "Frist"
FIELD_OPEN_NOW = "Åpne innsendingssakene nå"
OPEN_NOW_YES = "Ja, åpne sakene for alle bydelene"
MODAL_CONCLUDE_TITLE = "Konkluder"
FIELD_BREACH = "Konklusjon"
BREACH_YES = "Lovbrudd"
BREACH_NO = "Ikke lovbrudd"
FIELD_WORDING = "Lovbruddet (ordlyd)"
FIELD_COMMENT = "Kommentar"
MODAL_PLAN_TITLE = "Be om plan"
FIELD_CONTACT = "Kontaktperson (tom = som før)"
MODAL_NEEDS_MORE_TITLE = "Trenger mer"
FIELD_NEEDS_MORE = "Hva mangler i planen?"
FIELD_NEW_DEADLINE = "Ny frist"
MODAL_EXTEND_TITLE = "Utsett frist"
FIELD_REASON = "Begrunnelse"

# --- confirmations (to the officer) ---------------------------------------------------------
TILSYN_CREATED = "Tilsynet «{title}» (`{id}`) er opprettet med {count} bydeler og frist {deadline}."
CASES_OPENED = "Åpnet {opened} innsendingssaker for «{title}»."
CASE_OPENED_LINE = "• {bydel}: {case_id} (kontakt <@{contact}>)"
CASE_SKIPPED_LINE = "• {bydel}: ikke åpnet – {reason}"
STAGE_SET = "{subject}: «{stage}» er registrert."
PLAN_REQUESTED = "{subject}: plan etterspurt i sak {case_id} med frist {deadline}."
APPROVED = "{subject}: planen er godkjent og lovbruddet lukket {date} (kvittering {case_id})."
NEEDS_MORE_DONE = "{subject}: sak {case_id} er åpnet igjen med ny frist {deadline}; bydelen har fått kommentaren."
EXTENDED_DONE = "{subject}: fristen er utsatt til {deadline}."
REVIEW_REQUEST = (
    ":inbox_tray: {subject} har sendt inn plan for lukking av lovbrudd ({case_id}) i tilsynet «{title}». "
    "Vurder planen:"
)
SUBMISSION_NOT_RECORDED = (
    ":warning: Bydel *{bydel}* har sendt inn {case_id}, men innsendingen ble ikke registrert i tilsynsforløpet, "
    "så stadiet er ikke endret. Innsendingen og kvitteringen er lagret. Gjenåpne saken med "
    "`/tilsyn intake gjenåpne {case_id}` og be bydelen sende inn på nytt; da blir den registrert. "
    "(feilkode: `{cid}`)"
)
EXPORT_WRITTEN = "Oversikten er skrevet til {path}."
EXPORT_SHEET_TITLE = "Oversikt"

# --- to the bydel (DM) ----------------------------------------------------------------------
BYDEL_PLAN_REQUESTED = (
    "Statsforvalteren ber om en plan for hvordan bydelen skal følge opp og lukke lovbruddet i tilsynet «{title}». "
    "Planen skal være forankret i ledelsen og ha frister. Frist: {deadline}."
)
BYDEL_APPROVED = (
    ":white_check_mark: Statsforvalteren har godkjent planen ({case_id}) og lukket lovbruddet {date}. Takk!"
)
BYDEL_NEEDS_MORE = (
    "Statsforvalteren trenger mer i planen ({case_id}). Kommentar:\n>{comment}\nNy frist: {deadline}. "
    "Saken er åpnet igjen; fortsett der du slapp."
)
BYDEL_EXTENDED = "Fristen i sak {case_id} er utsatt til {deadline}. Begrunnelse: {reason}"
BYDEL_SUBMISSION_NOT_RECORDED = (
    ":warning: Innsendingen {case_id} er lagret, og kvitteringen gjelder. Men den ble ikke registrert i "
    "Statsforvalterens oversikt over tilsynet på grunn av en feil hos meg. Saksbehandlerne er varslet og tar kontakt hvis "
    "dere må sende inn på nytt. (feilkode: `{cid}`)"
)
BYDEL_SUBMISSION_NOT_RECORDED_TELL = (
    ":warning: Innsendingen {case_id} er lagret, og kvitteringen gjelder. Men den ble ikke registrert i "
    "Statsforvalterens oversikt over tilsynet på grunn av en feil hos meg, og jeg fikk ikke varslet "
    "saksbehandlerne. Gi beskjed til Statsforvalteren og oppgi sak {case_id} og feilkoden. (feilkode: `{cid}`)"
)

# --- answers to officers' questions ---------------------------------------------------------
ANSWER_AWAITING_PLAN = "Lovbrudd som venter på plan fra bydelen:"
ANSWER_AWAITING_PLAN_NONE = "Ingen lovbrudd venter på plan nå."
ANSWER_MONTH = "Frister som går ut i {month}:"
ANSWER_MONTH_NONE = "Ingen frister går ut i {month}."
ANSWER_EXTENDED = "Bydeler som har fått utsatt frist:"
ANSWER_EXTENDED_NONE = "Ingen bydeler har fått utsatt frist."
ANSWER_LINE = "• {label} ({tilsyn}): {stage}{deadline}"
ANSWER_EXTENDED_LINE = "• {label} ({tilsyn}): frist utsatt til {deadline}{reason} – {stage}"
ANSWER_REASON = " («{reason}»)"
ANSWER_PASSED = " – fristen er passert"

# --- commands -------------------------------------------------------------------------------
HELP_OVERSIKT = "hver bydels stadium og neste frist i tilsynene (saksbehandlere)"
HELP_FORLOP = "tilsyn som arbeidsenhet: `/tilsyn forløp ny`, `åpne <id>`, `hendelser <id>` (saksbehandlere)"
FORLOP_HELP = (
    "*`/tilsyn forløp`* (saksbehandlere)\n"
    "• `/tilsyn forløp ny` – opprett et tilsyn (tema, lovgrunnlag, bydeler, mal, frist)\n"
    "• `/tilsyn forløp åpne <tilsyn-id>` – åpne innsendingssakene for alle bydelene (ingen dobbeltsaker)\n"
    "• `/tilsyn forløp hendelser <tilsyn-id>` – hver overgang med hvem, når, fra → til og kommentar\n"
    "• `/tilsyn oversikt [tilsyn-id]` – hver bydels stadium og neste frist, forfalte først, med knapper for neste steg"
)
FORLOP_UNKNOWN = "Kjenner ikke `/tilsyn forløp {name}`. Skriv `/tilsyn forløp hjelp`."
EVENT_LINE = "{at} {actor}: {subject} {before} → {after}{deadline}{comment}{case}"
EVENTS_EMPTY = "Ingen hendelser registrert for «{id}»."

# Event comments written by the lifecycle itself (stored with the event, shown in its history)
PLAN_RECEIPT = "{case_id}, sendt inn {when}"
APPROVED_COMMENT = "Kvittering {receipt}"
CLOSED_COMMENT = "Lukket {date} på grunnlag av planen ({receipt})"
EVENT_DEADLINE = " (frist {date})"
DEADLINE = "frist {date}"
OVERVIEW_MORE = "… og {count} rader til. Se alle med `/tilsyn oversikt` (eller `/tilsyn oversikt <tilsyn-id>`)."
