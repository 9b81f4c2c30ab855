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
FILE_NOT_FOUND = "Fant ikke filen. Den kan allerede være fjernet."

# --- file checks --------------------------------------------------------------------------------
FILE_TOO_LARGE = "«{name}» er {size_mb:.1f} MB. Største tillatte filstørrelse er {max_mb} MB. Del en mindre fil eller del den opp."
FILE_EMPTY = "«{name}» er tom. Sjekk at du delte riktig fil, og prøv igjen."
FILE_TYPE = "«{name}» er en filtype vi ikke tar imot her. Godtatt: {accepted}. Lagre dokumentet som en av disse og del det igjen."
FILE_CORRUPT = "«{name}» kan ikke åpnes som {type}. Filen kan være skadet. Lagre den på nytt og del den igjen."
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
FILE_NOTE_NO_TEXT = "Merk: jeg fant ikke tekst i «{name}» (skannet dokument?). Den er lagret, men sjekk at den er lesbar."
