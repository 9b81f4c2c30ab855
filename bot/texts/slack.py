"""Everything the Slack surface says to people, in Norwegian bokmål, in one place.

Why: texts are product decisions (tone, what to do next) and are reviewed together; listeners
and block builders import them and never hard-code user-facing strings.
"""

from __future__ import annotations

# --- acknowledgements and status -----------------------------------------------------------
THINKING = "Jeg ser på det …"
THINKING_STATUS = "leter i lovtekst og veiledere …"

# --- answer decorations --------------------------------------------------------------------
SOURCES_HEADING = "*Kilder*"
NO_SOURCES = "_Ingen kilder: svaret bygger ikke på indekserte dokumenter._"
INDEX_DATE = "Kildene ble sist oppdatert {date}."
INDEX_DATE_UNKNOWN = "Tidspunktet for siste oppdatering av kildene er ukjent."
CURRENCY_WARNING = ":warning: {note}"
GENERATED_NOTE = "Svaret er formulert med språkmodell og kontrollert mot kildene."
FILE_NOT_READ = "Jeg leser ikke vedlegg i spørsmål, så dette ble ikke lest: {names}. Skriv det du lurer på i selve meldingen."
CONTINUED = "(fortsetter)"
MORE_FILES = "og {count} til"
ANSWER_FALLBACK_TEXT = "Svar fra tilsynsbot"

# --- feedback and escalation ---------------------------------------------------------------
FEEDBACK_PROMPT = "Var svaret nyttig?"
BUTTON_UP = "👍 Nyttig"
BUTTON_DOWN = "👎 Ikke nyttig"
BUTTON_ESCALATE = "Send spørsmålet til Statsforvalteren"
FEEDBACK_THANKS_UP = "Takk! Tilbakemeldingen er lagret og brukes til å forbedre svarene."
FEEDBACK_THANKS_DOWN = (
    "Takk! Tilbakemeldingen er lagret. Trenger du svar raskt, spør en saksbehandler hos Statsforvalteren."
)
FEEDBACK_UNKNOWN = "Jeg finner ikke lenger dette svaret, så tilbakemeldingen ble ikke lagret. Still spørsmålet på nytt."
ESCALATED = "Spørsmålet er sendt til Statsforvalteren. Svaret fra en saksbehandler kommer hit."
ESCALATED_ALREADY = "Dette spørsmålet er allerede sendt til Statsforvalteren."
ESCALATE_NO_CHANNEL = (
    "Det er ikke satt opp en kanal hos Statsforvalteren for slike spørsmål. Kontakt Statsforvalteren direkte."
)

# --- privacy ---------------------------------------------------------------------------------
IDENTITY_NUMBER_WARNING = (
    ":warning: Meldingen din ser ut til å inneholde et fødselsnummer eller D-nummer. "
    "Slett meldingen (⋯ → Slett melding) og still spørsmålet på nytt uten personopplysninger. "
    "Jeg har ikke lest eller lagret spørsmålet."
)

# --- errors (never silent) -----------------------------------------------------------------
ERROR_WITH_ID = "{message} (feilkode: `{cid}`)"
ERROR_GENERIC = (
    "Noe gikk galt hos meg, så jeg kunne ikke svare. Prøv igjen om litt; "
    "hvis det skjer igjen, gi feilkoden til den som drifter tilsynsbot."
)
ERROR_SLACK = (
    "Jeg fant et svar, men fikk ikke lagt det ut her ({error}). Prøv igjen, eller spør meg i en direktemelding."
)
ERROR_DELIVERY = "Jeg fant et svar, men Slack tok ikke imot det. Still spørsmålet på nytt."
ERROR_EMPTY_QUESTION = (
    "Jeg fant ikke noe spørsmål i meldingen. Skriv det du lurer på, for eksempel "
    "«Hva sier krisesenterlova § 4?», eller `/tilsyn hjelp` for å se hva jeg kan."
)

# --- help and home ---------------------------------------------------------------------------
HELP_TITLE = "Slik bruker du tilsynsbot"
HELP_INTRO = (
    "Jeg svarer på spørsmål om kommunenes plikter etter krisesenterlova og kommuneloven § 25-1, "
    "med kilder fra lovtekst, forskrifter og veiledere."
)
HELP_ITEMS = (
    "*Nevn meg* i en kanal (`@tilsynsbot hva krever § 4?`): jeg svarer i tråden, og svarer også på oppfølgingsspørsmål der.",
    "*Direktemelding*: skriv spørsmålet til meg.",
    "`/tilsyn <spørsmål>`: svar som bare du ser.",
    "`/tilsyn hjelp`: denne oversikten.",
)
HELP_SUBCOMMAND = "`/tilsyn {name} …`: {description}"
HELP_PRIVACY = (
    "Ikke skriv personopplysninger om beboere. Meldinger med fødselsnummer blir ikke besvart. "
    "Jeg svarer bare ut fra kildene jeg har; finner jeg ikke grunnlag, sier jeg fra."
)
HOME_TITLE = "Tilsynsbot"
HOME_SOURCES = "*Kilder jeg svarer fra*"
HOME_NO_SOURCES = "Kildeoversikten er ikke tilgjengelig akkurat nå."
HOME_INDEX_DATE = "Kildene ble sist oppdatert *{date}*."
HOME_INDEX_MISSING = ":warning: Kildene er ikke indeksert ennå, så jeg kan ikke svare. Be den som drifter tilsynsbot kjøre `tilsynsbot ingest`."
SUGGESTED_PROMPTS_TITLE = "Forslag"
SUGGESTED_PROMPTS = (
    ("Plikter", "Hvilke plikter har kommunen etter krisesenterlova § 2?"),
    ("Reetablering", "Hva sier krisesenterlova § 4 om oppfølging i reetableringsfasen?"),
    ("Internkontroll", "Hva krever kommuneloven § 25-1 om internkontroll?"),
)
THREADS_NOT_STARTED = (
    "Fikk ikke startet de {size} trådene Slack-delen trenger. Sett SLACK_WORKERS lavere i .env, eller gi "
    "prosessen lov til flere tråder og mer minne, og start på nytt."
)
