"""User-facing Norwegian (bokmål) texts of the findings registry: answers, import report, Slack.

Why in one place: officers read these in Slack and in the terminal, and wording about what the
report does or does not say ("Informasjonsskrivet navngir ikke bydelene") must be the same everywhere.
"""

from __future__ import annotations

from datetime import date

from pydantic_core import ErrorDetails

from bot.dates import long_date

DATE_NOT_GIVEN = "ikke oppgitt"


def fmt_date(value: date | None) -> str:
    """«15. april 2024» (see `bot.dates`), or that no date is given."""
    return long_date(value) if value else DATE_NOT_GIVEN


# --- answers --------------------------------------------------------------------------------
NOT_NAMED = "Informasjonsskrivet navngir ikke bydelene."
NO_RECORDS = (
    "Registeret over tilsynsfunn har ingen opplysninger som svarer på dette{filters}. "
    "Registeret inneholder i dag: {inventory}."
)
INTERNAL_NOTE = "Intern merknad (kun for Statsforvalteren): {text}"
DRAFT_CONCLUSION = "Utkast til konklusjon (internt): {text}"
# The register holds what officers have recorded: after a passed deadline it says no more than that
# (a reader took "status åpen" alone to mean the bydel never delivered).
DEADLINE_PASSED = (" Fristen er passert, og registeret har ingen senere opplysning om at lovbruddet er lukket; "
                   "spør Statsforvalteren om dagens status.")
DEADLINE_PASSED_OFFICER = (" Fristen er passert, og registeret har ingen senere opplysning om at lovbruddet er lukket; "
                           "oppdater registeret når status er kjent.")
BREACH_SUMMARY = (
    "I tilsynet «{title}» ({years}) konkluderte {authority} med lovbrudd i {breaches} av {total} bydeler; "
    "{clean} bydeler fikk ikke lovbrudd."
)
def bydel_label(bydel: str | None) -> str:
    """«Bydel Frogner», or the explicit not-named placeholder (never an invented name)."""
    return NAMED_LABEL.format(bydel=bydel) if bydel and bydel != "ikke navngitt i rapporten" else UNNAMED_LABEL


# The status says where it comes from: read in December 2026, "2 lukket, 1 ikke lukket" from a spring
# 2024 letter must not pass for today's status (a reader graded that as misleading).
STATUS_SUMMARY = "Status i registeret: {closed} lukket, {open} ikke lukket ({basis})."
STATUS_BASIS_REPORT = "slik {report} oppgir den; senere endringer er ikke registrert"
STATUS_BASIS_UPDATED = "sist oppdatert av Statsforvalteren {date}"
OPEN_LINE = "{bydel}{when}: lovbruddet er ikke lukket. {deadline}"
DEADLINE_EXTENDED = "Fristen for å komme med en plan er utsatt til {date}."
DEADLINE_PLAIN = "Fristen for planen er {date}."
DEADLINE_UNKNOWN = "Frist for planen er ikke registrert."
ORIGINAL_DEADLINE = " (opprinnelig frist: {date})"
CLOSED_LINE = "{bydel}{when}: lovbruddet er lukket{closed}."
HISTORY_COVERED = (
    "{authority} førte tilsyn med {kommune} som krisesentermyndighet i {years}, og tilsynet omfattet "
    "{coverage}{rounds}. Tema: {theme}. Lovgrunnlag: {legal_basis}."
)
HISTORY_YES = "Ja. "  # leads only an answer to "har bydel X hatt tilsyn?": a yes to that, never to "fikk X lovbrudd?"
HISTORY_OUTCOME_UNKNOWN = (
    "Informasjonsskrivet navngir ikke bydelene som fikk lovbrudd, så utfallet for bydel {bydel} står ikke "
    "i brevet, og heller ikke hvilket år bydelen hadde tilsyn."
)
HISTORY_OUTCOME_NAMED = " Registrert utfall for bydel {bydel}: {outcome}."
HISTORY_NO = "Registeret har ingen tilsyn som omfatter bydel {bydel}."
THEME_LINE = (
    "{count} lovbrudd gjaldt {theme} ({legal_basis}). Informasjonsskrivet oppgir temaene samlet for "
    "bydelene med lovbrudd: {wording}"
)
TILSYN_THEME = "Selve tilsynet hadde tema {theme} ({legal_basis})."
YEAR_ROUNDS = "Tilsynet omfattet {rounds}."
YEAR_NONE = "Ingen lovbrudd er registrert med tilsynsår {year}."
YEAR_UNKNOWN = "For {count} lovbrudd oppgir informasjonsskrivet ikke tilsynsår."
WORDING_ALL = "Lovbruddene gjaldt: {wording}"
THEME_NONE = "Ingen registrerte lovbrudd gjaldt {theme} særskilt."
SEE_LIST = "se listen under."
HEADING_OPEN = "Lovbrudd som ikke er lukket: {count}."
HEADING_CLOSED = "Lukkede lovbrudd: {count}."
HEADING_DEADLINE = "Frist for planen ({count} lovbrudd som ikke er lukket):"
HEADING_ALL = "Registrerte lovbrudd ({count}):"
NO_OPEN_DEADLINES = "Ingen åpne lovbrudd har en frist som gjenstår; alle registrerte lovbrudd er lukket."
UNNAMED_LABEL = "Bydel (ikke navngitt i rapporten)"
NAMED_LABEL = "Bydel {bydel}"
CLOSED_NO_DATE = " (dato ikke oppgitt)"
YEAR_NOT_GIVEN = "år ikke oppgitt"
OUTCOME_BREACH = "lovbrudd"
OUTCOME_NO_BREACH = "ingen lovbrudd"
REMARK = "Merknad: {text}"
STATUS_LABELS = {"open": "åpen", "closed": "lukket"}

# --- import ---------------------------------------------------------------------------------
IMPORT_UNREADABLE = "Fant ikke eller kunne ikke lese filen {path}. Sjekk stien og at filen er UTF-8."
IMPORT_BAD_FORMAT = "Filen {path} må være YAML (.yaml/.yml) eller CSV (.csv)."
IMPORT_BAD_YAML = "Filen {path} er ikke gyldig YAML. Rett filen og prøv igjen."
IMPORT_BAD_YAML_AT = "Filen {path} er ikke gyldig YAML (linje {line}: {reason}). Rett filen og prøv igjen."
IMPORT_YAML_EXPANDS = (
    "Filen {path} blir for stor når henvisningene (*alias) i den skrives ut (over {max} verdier). "
    "Bruk færre henvisninger, eller del filen opp."
)
IMPORT_NOT_A_LIST = "Filen {path}: «{key}» (linje {line}) må være en liste med rader, ikke {kind}. Rett filen og prøv igjen."
IMPORT_ROW_NOT_MAPPING = "raden må ha felt (navn: verdi), ikke {kind}"
IMPORT_TOO_LARGE = "Filen {path} er {size_mb:.1f} MB; registerfiler kan være høyst {max_mb} MB. Del den opp."
IMPORT_HEADER_REJECTED = "tilsynet i rad {row} ble avvist, så utfallet kan ikke importeres"
IMPORT_UNKNOWN_TILSYN = "tilsynet «{id}» finnes ikke i registeret eller i filen"
IMPORT_SUMMARY = "Importert: {imported} post(er). Uendret: {unchanged}. Avvist: {rejected} rad(er)."
IMPORT_REJECTED_LINE = "  rad {row}, felt «{field}»: {reason}"
IMPORT_NEEDS_OFFICER = "Import endrer registeret og krever --officer (bare for Statsforvalterens saksbehandlere)."
LIST_TITLE = "Tilsynsfunn"
LIST_COUNT = "Tilsynsfunn: {count} treff."
LIST_MORE = "… og {count} til. Snevre inn med filter, f.eks. `/tilsyn funn åpne`."
LIST_SOURCE = "Kilde: {labels}"
BUTTON_CHANGE_STATUS = "Endre status"
STATUS_NOTHING_TO_CHANGE = "Oppgi minst én av --status, --closed-date, --extended-deadline eller --note."
LIST_EMPTY = "Ingen tilsynsfunn passer filteret."
PUBLISHED_ONLY = "Viser bare publiserte opplysninger."
NOT_OFFICER_CLI = "Viser bare publiserte opplysninger. Bruk --officer for interne felt (kun saksbehandlere)."

_REASONS = {
    "missing": "mangler (påkrevd)",
    "date_from_datetime_parsing": "ugyldig dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
    "date_parsing": "ugyldig dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
    "date_type": "ugyldig dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
    "int_parsing": "må være et heltall",
    "int_type": "må være et heltall",
    "bool_parsing": "må være «ja» eller «nei»",
    "bool_type": "må være «ja» eller «nei»",
    "string_too_short": "er for kort",
    "string_type": "må være tekst",
    "list_type": "må være en liste (skill med semikolon i CSV)",
    "string_pattern_mismatch": "ugyldig id (bruk små bokstaver, tall og bindestrek)",
}


def field_of(error: ErrorDetails) -> str:
    """The field a pydantic error is about; model-level errors name it as «felt: grunn»."""
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if error.get("type") == "value_error" and ": " in message:
        return message.split(": ", 1)[0]
    names = [str(p) for p in error.get("loc", ()) if isinstance(p, str)]
    return names[-1] if names else ""


def reason_of(error: ErrorDetails) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        return message.split(": ", 1)[1] if ": " in message else message
    if kind in ("greater_than_equal", "greater_than"):
        return f"må være minst {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"må være høyst {ctx.get('le', ctx.get('lt'))}"
    return _REASONS.get(kind, f"ugyldig verdi ({error.get('msg', kind)})")


# --- Slack ----------------------------------------------------------------------------------
NOT_OFFICER_SLACK = "Bare Statsforvalterens saksbehandlere kan registrere eller endre tilsynsfunn."
STATUS_MODAL_TITLE = "Endre status"
RECORD_MODAL_TITLE = "Registrer funn"
MODAL_SUBMIT = "Lagre"
LABEL_LOVBRUDD = "Lovbrudd"
LABEL_STATUS = "Status"
LABEL_CLOSED_DATE = "Dato lukket"
HINT_CLOSED_DATE = "Påkrevd når status er «lukket»."
LABEL_EXTENDED = "Utsatt frist for plan"
LABEL_NOTES = "Intern merknad (kun saksbehandlere)"
LABEL_TILSYN = "Tilsyn"
LABEL_BYDEL = "Bydel"
LABEL_YEAR = "Tilsynsår"
LABEL_BREACH = "Lovbrudd?"
LABEL_WORDING = "Hva lovbruddet gjelder"
LABEL_LEGAL_BASIS = "Lovgrunnlag"
HINT_LEGAL_BASIS = "Skill med semikolon, f.eks. «kommuneloven § 25-1; krisesenterlova § 4»."
LABEL_PLAN_DEADLINE = "Frist for plan"
OPTION_OPEN = "Åpen"
OPTION_CLOSED = "Lukket"
OPTION_BREACH = "Ja, lovbrudd"
OPTION_NO_BREACH = "Nei, ikke lovbrudd"
OPTION_UNNAMED = "Ikke navngitt (ikke navngitt i rapporten)"
MODAL_CANCEL = "Avbryt"
CLOSED_DATE_REQUIRED = "Oppgi datoen lovbruddet ble lukket."
CLOSED_DATE_FUTURE = "Lukkedatoen kan ikke være i fremtiden."
CLOSED_DATE_ONLY_WHEN_CLOSED = "Lukkedato kan bare settes når status er «lukket»."
EXTENDED_BEFORE_PLAN = "Utsatt frist kan ikke være før opprinnelig frist."
UNKNOWN_LOVBRUDD = "Fant ikke lovbruddet {id}. Velg et lovbrudd fra listen."
STATUS_SAVED = "Status for {id} er lagret: {status}{closed}. Endringen er logget."
FINDING_SAVED = "Funnet {id} er registrert. Endringen er logget."
WORDING_REQUIRED = "Skriv hva lovbruddet gjelder."
SAVE_FAILED = "Kunne ikke lagre endringen. Prøv igjen om litt; oppgi referanse {ref} hvis det gjentar seg."
FUNN_HELP = (
    "Bruk: `/tilsyn funn [åpne|lukkede] [bydel] [år] [tema]`, f.eks. `/tilsyn funn åpne 2023`. "
    "Saksbehandlere: `/tilsyn funn ny` registrerer et funn, `/tilsyn funn status` endrer status."
)
DIGEST_TITLE = "Ukesoversikt over tilsynsfunn ({week})"
DIGEST_OPEN = "*Åpne lovbrudd: {count}*"
DIGEST_DEADLINES = "*Frister de neste {days} dagene:*"
DIGEST_NO_DEADLINES = "Ingen frister de neste {days} dagene."
DIGEST_OVERDUE = "*Passerte frister med åpen status:*"
DIGEST_NOTHING = "Ingen åpne lovbrudd i registeret."
