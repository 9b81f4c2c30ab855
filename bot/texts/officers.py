"""User-facing Norwegian (bokmål) texts of the officers' loop: escalations, replies, standard answers."""

from __future__ import annotations

# --- the officers' post -----------------------------------------------------------------------
POST_TITLE = "Spørsmål til Statsforvalteren"
POST_FROM = "*Fra* <@{user}>"
POST_BYDEL = " · bydel {bydel}"
POST_BOT_DECLINED = "*Boten fant ikke grunnlag i kildene og svarte ikke.*"
POST_BOT_ANSWERED = "*Boten svarte:*\n{answer}"
POST_BOT_SOURCES = "Bottens kilder: {sources}"
POST_TRIGGER_ABSTAINED = "Sendt fordi boten ikke hadde grunnlag."
POST_TRIGGER_THUMBS_DOWN = "Sendt etter 👎 på svaret."
BUTTON_ANSWER = "Svar"
BUTTON_DECLINE = "Ikke vårt område"
BUTTON_SAVE_STANDARD = "Lagre som standardsvar"
POST_ANSWERED = "*Besvart av <@{officer}>* {when}:\n{text}"
POST_DECLINED = "*Ikke vårt område* – <@{officer}> {when}:\n{text}"
POST_CITATIONS = "Kilder: {sources}"
POST_LINK = "Lenke: {link}"
POST_DELIVERED = "✅ Levert til <@{user}> {when}."
POST_DELIVERING = "⏳ Leveres til <@{user}> …"
POST_DELIVERY_FAILED = "⚠️ Levering til <@{user}> feilet ({error}), forsøk {attempts} av {max}. Prøver igjen automatisk."
POST_DELIVERY_GAVE_UP = "⚠️ Levering til <@{user}> feilet {attempts} ganger ({error}). Gi svaret til vedkommende direkte."
POST_SAVED_STANDARD = "📚 Lagret som standardsvar `{id}`."

# --- the asker's side -------------------------------------------------------------------------
ESCALATE_AFTER_DOWN = "Vil du at en saksbehandler hos Statsforvalteren ser på spørsmålet?"
REPLY_ANSWER = "*Svar fra Statsforvalteren* på spørsmålet ditt:\n>{question}\n\n{text}"
REPLY_DECLINED = (
    "*Statsforvalteren har sett på spørsmålet ditt:*\n>{question}\n\n"
    "Dette ligger utenfor Statsforvalterens område: {text}"
)
REPLY_SUMMARY = "Svar fra Statsforvalteren: {text}"
REPLY_DECLINED_SUMMARY = "Statsforvalteren: utenfor vårt område – {text}"
REPLY_SOURCES = "*Kilder:* {sources}"
REPLY_LINK = "*Lenke:* {link}"
REPLY_SIGNATURE = "— {name}, saksbehandler hos Statsforvalteren, {date}"

# --- modals -----------------------------------------------------------------------------------
MODAL_ANSWER_TITLE = "Svar på spørsmål"
MODAL_DECLINE_TITLE = "Ikke vårt område"
MODAL_SUBMIT = "Send"
MODAL_SAVE = "Lagre"
MODAL_CLOSE = "Avbryt"
MODAL_QUESTION = "*Spørsmål:*\n>{question}"
FIELD_ANSWER = "Svar til spørreren"
FIELD_CITATIONS = "Kilder (valgfritt)"
HINT_CITATIONS = "Én kilde per linje, f.eks. «krisesenterlova § 3 andre ledd». Sjekkes mot kunnskapsbasen."
FIELD_LINK = "Lenke (valgfritt)"
FIELD_REASON = "Kort begrunnelse til spørreren"
CITATION_UNKNOWN = "Finner ikke i kunnskapsbasen: {refs}. Skriv lov, § og eventuelt ledd, f.eks. «krisesenterlova § 3 andre ledd»."
LINK_INVALID = "Lenken må begynne med https://."
TEXT_REQUIRED = "Skriv svaret."
ANSWER_TOO_LONG = "Svaret er for langt ({length} tegn, høyst {limit}). Kort det ned."
IDENTITY_NUMBER_IN_REPLY = "Teksten ser ut til å inneholde et fødselsnummer eller D-nummer. Fjern det og send igjen."
ALREADY_REPLIED = "<@{officer}> svarte allerede på dette spørsmålet {when}. Svaret ditt ble ikke sendt."
ESCALATION_UNKNOWN = "Finner ikke dette spørsmålet lenger. Det kan være slettet."
NOT_OFFICER = "Bare Statsforvalterens saksbehandlere kan svare på spørsmål og forvalte standardsvar."

# --- standard answers -------------------------------------------------------------------------
STANDARD_LABEL = "Standardsvar fra Statsforvalteren, godkjent {date}"
STANDARD_LAW_HEADING = "Slik lyder {label} i dag:"
STATUS_LABELS = {"utkast": "utkast", "godkjent": "godkjent", "trukket": "trukket", "maa_vurderes": "må vurderes"}
MODAL_STANDARD_TITLE = "Standardsvar"
FIELD_QUESTION = "Spørsmålet slik det vanligvis stilles"
FIELD_ALTERNATIVES = "Andre formuleringer (valgfritt)"
HINT_ALTERNATIVES = "Én formulering per linje."
FIELD_STATUS = "Status"
FIELD_REVIEW = "Vurderes på nytt innen (valgfritt)"
QUESTION_REQUIRED = "Skriv spørsmålet."
STANDARD_SAVED = "Standardsvar `{id}` er lagret ({status})."
STANDARD_WITHDRAWN = "Standardsvar `{id}` er trukket tilbake og brukes ikke lenger i svar."
STANDARD_UNKNOWN = "Finner ikke standardsvar `{id}`. Se `/tilsyn standardsvar` for listen."
STANDARD_LIST_TITLE = "Standardsvar ({count})"
STANDARD_LIST_EMPTY = "Det finnes ingen standardsvar ennå. Lagre et svar fra et besvart spørsmål eller et 👍-svar."
STANDARD_LIST_ITEM = "`{id}` · *{status}*{approved}{review} · eier <@{owner}>\n>{question}"
STANDARD_LIST_APPROVED = " · godkjent {date}"
STANDARD_LIST_REVIEW = " · vurderes innen {date}"
STANDARD_LIST_REASON = "⚠️ {reason}"
BUTTON_EDIT = "Endre"
BUTTON_WITHDRAW = "Trekk tilbake"
STANDARD_USAGE = (
    "Bruk: `/tilsyn standardsvar` (liste), `/tilsyn standardsvar endre ID`, `/tilsyn standardsvar trekk ID`."
)
SUBCOMMAND_HELP = "standardsvar (saksbehandlere): `/tilsyn standardsvar [endre|trekk ID]`"
REVIEW_MISSING = "{label} finnes ikke lenger i kunnskapsbasen"
REVIEW_CHANGED = "teksten i {label} er endret"
REVIEW_PENDING = "{label} har en vedtatt endring som ikke er i kraft ennå: {note}"
REVIEW_REPEALED = "{label} er eller blir opphevet: {note}"
REVIEW_DM = (
    "⚠️ Standardsvaret ditt `{id}` må vurderes og brukes ikke i svar før det er godkjent på nytt: {reason}.\n>{question}\n"
    "Endre det med `/tilsyn standardsvar endre {id}`."
)
DIGEST_REVIEW_HEADING = "*Standardsvar som må vurderes ({count}):*"
DIGEST_REVIEW_ITEM = "• `{id}` (eier <@{owner}>): {question} – {reason}"
DIGEST_DUE_HEADING = "*Standardsvar med passert vurderingsdato ({count}):*"
DIGEST_DUE_ITEM = "• `{id}` (eier <@{owner}>, vurderes innen {date}): {question}"

STATUS_UNKNOWN = "ukjent status «{value}» (utkast, godkjent eller trukket; «må vurderes» settes av kildesjekken)"

# --- CLI --------------------------------------------------------------------------------------
IMPORT_DONE = "{count} standardsvar lest inn."
IMPORT_FAILED_ROWS = "{imported} standardsvar lest inn; {rejected} rader ble avvist. Rett dem og les inn filen på nytt:"
IMPORT_OWNER_MISSING = "mangler (Slack-id til ansvarlig saksbehandler, f.eks. U0123ABC)"
IMPORT_NOT_A_LIST = "må være en liste eller tekst skilt med «;»"
CHECK_DONE = "{count} standardsvar er satt til «må vurderes» fordi kildene deres er endret."
IMPORT_ROW_ERROR = "  rad {row}: {field}: {reason}"
EXPORT_DONE = "{count} standardsvar skrevet til {path}."
STANDARD_NEEDS_INDEX = (
    "Standardsvarene kan ikke kontrolleres uten kunnskapsindeksen (lovhenvisningene leses derfra). "
    "Kjør «tilsynsbot ingest» og prøv igjen."
)
