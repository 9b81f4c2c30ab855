"""User-facing texts of guided intake (Norwegian bokmål). One place, so wording is reviewed together."""

from __future__ import annotations

TYPE_NAMES = {"pdf": "PDF", "docx": "Word (DOCX)", "txt": "tekst (TXT)"}

STATUS_LABELS = {
    "pending": "Ikke besvart",
    "files": "Sendt fil",
    "not_exists": "Finnes ikke",
    "later": "Sender senere",
}
STATUS_EMOJI = {"pending": ":white_circle:", "files": ":white_check_mark:", "not_exists": ":heavy_minus_sign:", "later": ":hourglass:"}

# --- errors raised by the service (shown as they are) ------------------------------------------
NO_TEMPLATE = "Fant ingen innsendingsmal «{template}». Sjekk mappen knowledge/intake."
CASE_NOT_FOUND = "Fant ingen innsendingssak {case_id}. Sjekk saksnummeret."
UNKNOWN_BYDEL = "Kjenner ikke bydelen «{bydel}». Kjente bydeler: {known}."
CASE_EXISTS = "Bydel {bydel} har allerede en innsendingssak for dette tilsynet ({case_id})."
NOT_OFFICER = "Bare Statsforvalterens saksbehandlere kan gjøre dette."
NOT_CONTACT = (
    "Du har ikke tilgang til innsendingssak {case_id}. Bare kontaktpersonene for saken og "
    "Statsforvalterens saksbehandlere kan se og endre den. Kontakt Statsforvalteren hvis du mener dette er feil."
)
READ_ONLY = (
    "Saken ble sendt inn {when} og kan ikke endres lenger. Ta kontakt med Statsforvalteren "
    "hvis noe må rettes – de kan åpne saken igjen."
)
UNKNOWN_ITEM = "Punktet «{item}» finnes ikke i denne saken."
UNKNOWN_QUESTION = "Spørsmålet «{question}» finnes ikke i denne saken."
NOT_EXISTS_NOT_ALLOWED = "For «{title}» må dere sende inn dokument; «finnes ikke» kan ikke velges her."
EXPLANATION_REQUIRED = "Skriv en kort forklaring på hvorfor dokumentet ikke finnes."
TOO_MANY_FILES = "«{title}» tar imot høyst {max} filer. Fjern en fil før du legger til en ny."
ANSWER_TOO_LONG = "Svaret er {length} tegn; høyst {max} er tillatt. Kort det ned og send igjen."
ANSWER_EMPTY = "Svaret er tomt. Skriv et svar, eller lukk vinduet for å svare senere."
TEXT_HAS_ID_NUMBER = (
    "Teksten ser ut til å inneholde et fødselsnummer eller D-nummer. Det er ikke lagret. "
    "Fjern nummeret og send igjen – svarene skal ikke inneholde personopplysninger om beboere."
)
CONFLICT = (
    "{who} endret dette punktet mens du arbeidet med det. Se det nye innholdet; "
    "teksten din er beholdt i feltet – send igjen for å erstatte."
)
DEADLINE_IN_PAST = "Fristen {deadline} er passert. Velg en dato fra i dag og framover."
NOT_COMPLETE = "Saken kan ikke sendes inn ennå. Dette mangler:\n{missing}"
MISSING_ITEM = "• {title}: send fil eller velg «Finnes ikke» med forklaring"
MISSING_QUESTION = "• Spørsmål: {text}"
HANDOVER_NOT_IN_BYDEL = "<@{user}> står ikke oppført som ansatt i bydel {bydel}. Velg en kollega i bydelen."
HANDOVER_SAME = "<@{user}> er allerede kontaktperson for saken."
SLACK_FAILED = (
    "Jeg fikk ikke vist neste steg i Slack ({error}). Ingenting du har sendt inn er tapt. Prøv igjen om litt, "
    "eller skriv `/tilsyn intake fortsett` (kvitteringen: `/tilsyn intake kvittering <sak>`). (feilkode: `{cid}`)"
)
FILE_NOT_FOUND = "Fant ikke filen. Den kan allerede være fjernet."

# --- file checks --------------------------------------------------------------------------------
FILE_TOO_LARGE = "«{name}» er {size_mb:.1f} MB. Største tillatte filstørrelse er {max_mb} MB. Del en mindre fil eller del den opp."
FILE_EMPTY = "«{name}» er tom. Sjekk at du delte riktig fil, og prøv igjen."
FILE_TYPE = "«{name}» er en filtype vi ikke tar imot her. Godtatt: {accepted}. Lagre dokumentet som en av disse og del det igjen."
FILE_CORRUPT = "«{name}» kan ikke åpnes som {type}. Filen kan være skadet. Lagre den på nytt og del den igjen."
FILE_TOO_COMPLEX = (
    "«{name}» er for stor eller for sammensatt til at jeg kan lese den. Ingenting er lagret. "
    "Lagre dokumentet på nytt (for eksempel som PDF), eller del det opp, og del det igjen."
)
FILE_TOO_MANY_PAGES = (
    "«{name}» har {pages} sider; jeg tar imot høyst {max} sider per fil. Ingenting er lagret. Del dokumentet opp og del delene."
)
FILE_NO_TEXT = "«{name}» inneholder ingen tekst. Sjekk at du delte riktig fil, og prøv igjen."
FILE_ID_NUMBER = (
    ":warning: «{name}» ser ut til å inneholde et fødselsnummer eller D-nummer. Filen er *ikke* lagret. "
    "Dokumentene skal beskrive rutiner og skal ikke inneholde personopplysninger om beboere. "
    "Fjern opplysningene og del en ny versjon."
)
FILE_DOWNLOAD_FAILED = (
    "Jeg klarte ikke å hente «{name}» fra Slack. Ingenting er lagret. Prøv å dele filen på nytt om litt; "
    "hvis det fortsatt ikke går, kontakt Statsforvalteren. (Ref: {ref})"
)
FILE_NO_CURRENT_ITEM = (
    "Jeg vet ikke hvilket punkt filen hører til. Trykk «Sjekkliste» og velg punktet, og del filen igjen."
)
FILE_WHILE_PAUSED = (
    "Innsendingen din står på pause, så filen er ikke lagret. Trykk *Fortsett* og del filen igjen "
    "når du er på riktig punkt."
)
FILE_NOTE_NO_TEXT = "Merk: jeg fant ikke tekst i «{name}» (skannet dokument?). Den er lagret, men sjekk at den er lesbar."

# --- dialog in Slack --------------------------------------------------------------------------
PROGRESS = "{docs} av {docs_total} dokumenter, {questions} av {questions_total} spørsmål"
INTRO_TITLE = "Innsending til Statsforvalteren – {bydel}"
INTRO = (
    "Hei! Du er kontaktperson for bydel *{bydel}* i tilsynet «{title}».\n\n{introduction}\n\n"
    "*Frist:* {deadline}\n*Saksnummer:* {case_id}\n\n"
    "Jeg tar deg gjennom ett punkt om gangen. Alt lagres underveis, så du kan stoppe og fortsette når som helst."
)
BUTTON_START = "Start"
BUTTON_CONTINUE = "Fortsett"
BUTTON_NEXT = "Neste"
BUTTON_NOT_EXISTS = "Finnes ikke"
BUTTON_LATER = "Sender senere"
BUTTON_CHECKLIST = "Sjekkliste"
BUTTON_PAUSE = "Pause"
BUTTON_ANSWER = "Svar"
BUTTON_CHANGE_ANSWER = "Endre svar"
BUTTON_REMOVE = "Fjern"
BUTTON_OPEN = "Åpne"
BUTTON_SUBMIT = "Send inn"
BUTTON_REVIEW = "Se over og send inn"
ITEM_HEADER = "Dokument {n} av {total}: {title}"
ITEM_BODY = "{help}\n\n*Lovgrunnlag:* {legal}\n*Godtatt:* {types}, {min}–{max} filer{optional}"
ITEM_OPTIONAL = " (valgfritt punkt)"
ITEM_SHARE = "Del filen(e) her i meldingsfeltet (binders-ikonet). Når du er ferdig, trykk *Neste*."
ITEM_FILES = "*Mottatt på dette punktet:*"
ITEM_NOT_EXISTS = "*Registrert som «finnes ikke».* Forklaring: {explanation}"
QUESTION_HEADER = "Spørsmål {n} av {total}"
QUESTION_BODY = "*{text}*\n{help}\n_Høyst {max} tegn._"
QUESTION_CURRENT = "*Ditt svar:* {text}"
REVIEW_HEADER = "Se over og send inn"
REVIEW_READY = "Alt som kreves er på plass. Trykk *Send inn* for å sende saken til Statsforvalteren."
REVIEW_NOT_READY = "Saken kan ikke sendes inn ennå. Dette mangler:\n{missing}"
CHECKLIST_HEADER = "Sjekkliste – {case_id} ({bydel})"
DEADLINE_LINE = "Frist: {deadline}"
FILE_RECEIVED = ":white_check_mark: Mottatt «{name}» ({size}) – SHA-256 `{sha}`"
FILE_DUPLICATE = "«{name}» var allerede mottatt; den er ikke lagret to ganger."
NOT_UNDERSTOOD = (
    "Jeg forstod ikke meldingen. Her kan du dele filer for punktet du står på, eller bruke knappene. "
    "Skriv «sjekkliste» for oversikten, «pause» for å stoppe, eller «hjelp»."
)
DM_HELP = (
    "Slik fungerer innsendingen: del filer for punktet du står på, eller trykk *Finnes ikke* / *Sender senere*. "
    "Spørsmålene besvarer du med *Svar*-knappen. Skriv «sjekkliste» for oversikten og «pause» for å stoppe. "
    "Du kan fortsette senere med *Fortsett* eller `/tilsyn intake fortsett`."
)
PAUSED = "Pause. Alt er lagret. Fortsett når du vil med knappen under eller `/tilsyn intake fortsett`."
ALREADY_MOVED = "Det punktet er allerede registrert. Du står nå på: {step}."
DM_ID_NUMBER = (
    ":warning: Meldingen ser ut til å inneholde et fødselsnummer eller D-nummer. Jeg har ikke lagret den. "
    "Slett meldingen din, og ikke del personopplysninger om beboere her."
)
ANSWER_SAVED = "Svar lagret: {text}"
MODAL_NOT_EXISTS_TITLE = "Finnes ikke"
MODAL_NOT_EXISTS_LABEL = "Hvorfor finnes ikke dokumentet?"
MODAL_ANSWER_TITLE = "Svar"
MODAL_SUBMIT = "Lagre"
MODAL_CANCEL = "Avbryt"
MODAL_CONFLICT_CURRENT = "*Lagret nå:* {text}"
RECEIPT_HEADER = "Kvittering for innsending {case_id}"
RECEIPT_BODY = "Bydel *{bydel}* sendte inn {when} (av <@{by}>). Saken er nå låst; kontakt Statsforvalteren hvis noe må rettes."
RECEIPT_ITEM_FILES = "*{title}*\n{files}"
RECEIPT_ITEM_NOT_EXISTS = "*{title}*\nFinnes ikke: {explanation}"
RECEIPT_ITEM_MISSING = "*{title}*\n{status}"
RECEIPT_FILE = "• {name} – SHA-256 `{sha}`"
RECEIPT_ANSWERS = "*Svar*"
OFFICERS_SUBMITTED = ":inbox_tray: Bydel *{bydel}* har sendt inn {case_id} ({progress}). Eksporter med `/tilsyn intake eksport {case_id}`."
OFFICERS_OVERDUE = ":alarm_clock: Fristen for bydel *{bydel}* ({case_id}) gikk ut {deadline}. Status: {progress}. Utsett med `/tilsyn intake frist {case_id} ÅÅÅÅ-MM-DD`."
REMINDER = ":bell: Påminnelse: fristen for innsending {case_id} er *{deadline}* ({when}). Status: {progress}."
REMINDER_TODAY = "i dag"
REMINDER_DAYS = "om {days} dager"
DEADLINE_EXTENDED = ":calendar: Statsforvalteren har gitt utsatt frist for {case_id}: ny frist er *{deadline}*."
REOPENED = "Statsforvalteren har åpnet sak {case_id} igjen. Du kan endre og sende inn på nytt."

# --- /tilsyn intake ---------------------------------------------------------------------------
COMMAND_HELP = (
    "*Innsending* (`/tilsyn intake …`)\n"
    "• `fortsett` – fortsett innsendingen der du slapp\n"
    "• `sjekkliste [sak]` – oversikt over saken\n"
    "• `liste` – sakene du har tilgang til\n"
    "• `overlever <sak> @kollega` – gi saken videre til en kollega i bydelen\n"
    "• `kvittering <sak>` – få kvitteringen for en innsendt sak på nytt\n"
    "For Statsforvalteren:\n"
    "• `åpne <bydel> <frist ÅÅÅÅ-MM-DD> @kontakt` – åpne en sak og varsle kontaktpersonen\n"
    "• `frist <sak> <ÅÅÅÅ-MM-DD>` – utsatt frist\n"
    "• `gjenåpne <sak>` – åpne en innsendt sak igjen\n"
    "• `eksport <sak>` – last ned saken som zip for arkivet"
)
COMMAND_USAGE_OPEN = "Bruk: `/tilsyn intake åpne <bydel> <frist ÅÅÅÅ-MM-DD> @kontakt`"
COMMAND_BAD_DATE = "«{value}» er ikke en dato. Skriv fristen som ÅÅÅÅ-MM-DD, for eksempel 2026-04-15."
COMMAND_BAD_USER = "Skriv kontaktpersonen som @-omtale, for eksempel @Kari Nordmann."
COMMAND_UNKNOWN = "Ukjent innsendingskommando «{name}».\n\n" + COMMAND_HELP
CASE_OPENED = "Sak {case_id} er åpnet for {bydel} med frist {deadline}. <@{contact}> har fått melding."
NOT_SUBMITTED = "Sak {case_id} er ikke sendt inn ennå, så det finnes ingen kvittering."
NO_CASES = "Du har ingen innsendingssaker."
NO_OPEN_CASE = "Du har ingen åpen innsendingssak å fortsette."
CASE_LINE = "• *{case_id}* – {bydel}, frist {deadline}: {status} ({progress})"
STATUS_OPEN = "under arbeid"
STATUS_SUBMITTED = "sendt inn"
EXPORT_DONE = "Eksport av {case_id} er lastet opp til deg som {name}."
EXPORT_SAVED_ONLY = "Eksport av {case_id} er lagret på serveren som {path}, men opplastingen til Slack feilet ({error})."
DEADLINE_SET = "Ny frist for {case_id}: {deadline}. Kontaktpersonen er varslet."
REOPEN_DONE = "Sak {case_id} er åpnet igjen. Kontaktpersonen er varslet."
HANDOVER_DONE = "Saken {case_id} er overlevert til <@{user}>."
MODAL_OPEN_TITLE = "Åpne innsending"
MODAL_OPEN_SUBMIT = "Åpne og varsle"
MODAL_OPEN_BYDEL = "Bydel"
MODAL_OPEN_DEADLINE = "Frist"
MODAL_OPEN_CONTACT = "Kontaktperson i bydelen"
MODAL_OPEN_TEMPLATE = "Tilsynstema"
MODAL_HANDOVER_TITLE = "Overlever saken"
MODAL_HANDOVER_SUBMIT = "Overlever"
MODAL_HANDOVER_LABEL = "Kollega i bydelen som tar over"

# Export
EXPORT_FILE_CORRUPT = (
    "En lagret fil er skadet; eksporten ble stoppet. Kontakt driftsansvarlig og oppgi saksnummeret."
)
