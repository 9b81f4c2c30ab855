"""User-facing texts of grounded answers (Norwegian bokmål). Kept here so wording is reviewed in one place."""

from __future__ import annotations

NO_BASIS = (
    "Jeg finner ikke noe grunnlag for å svare på dette i kunnskapsbasen (lovtekstene og "
    "tilsynsdokumentene jeg har). Jeg gjetter ikke. Spør Statsforvalteren eller bydelens fagansvarlige."
)
NO_BASIS_KIND = (
    "Kunnskapsbasen inneholder lovtekster og tilsynsdokumenter, ikke {what}. Jeg gjetter ikke. "
    "Spør Statsforvalteren eller bydelens fagansvarlige."
)
# The date of an event asked for: the passages nearest the question give none (the knowledge base does hold dates,
# and a law's own date stands in its name, so no claim about the whole knowledge base is made).
NO_BASIS_DATE = (
    "Det som ligger nærmest spørsmålet ditt i kunnskapsbasen (lovtekstene og tilsynsdokumentene jeg har), oppgir "
    "ingen dato for dette. Jeg gjetter ikke. Spør Statsforvalteren eller bydelens fagansvarlige."
)
NO_BASIS_NAME = (
    "Tilsynsdokumentene jeg har nevner ikke «{term}», så jeg kan ikke si noe om det. Jeg gjetter ikke. "
    "Spør Statsforvalteren eller bydelens fagansvarlige."
)
NO_BASIS_WHICH_BYDEL = (
    "Tilsynsdokumentene jeg har navngir ikke bydelene dette gjelder, så jeg kan ikke si hvilke det er. "
    "Jeg gjetter ikke. Spør Statsforvalteren."
)
# The word was looked for in the passages nearest the question, not in the whole knowledge base: another passage may
# use it about something else ("Oslo" stands throughout the letter; "kor mykje får Oslo kommune i tilskot?" is
# still not answered by it)
NO_BASIS_TERM = (
    "Det som ligger nærmest spørsmålet ditt i kunnskapsbasen (lovtekstene og tilsynsdokumentene jeg har), sier "
    "ingenting om «{term}», så jeg kan ikke svare på dette. Jeg gjetter ikke. Spør Statsforvalteren eller bydelens "
    "fagansvarlige."
)
# A named § is quoted even when the question asks for a kind of fact it does not hold ("når kommer
# forskrifta etter § 5 a?"): the answer says so first, so the quote does not read as that fact.
NAMED_LACKS_KIND = "Bestemmelsen du viser til, inneholder ikke {what}, og jeg gjetter ikke. Her er det den sier:"
ANSWER_KINDS = {
    "phone": "telefonnumre eller kontaktopplysninger",
    "hours": "åpningstider",
    "price": "priser eller leiekostnader",
    "price_to_body": "hva dette koster kommunen eller bydelen",
    "amount": "beløp eller satser",
    "schedule": "datoer eller planer for det som skal skje (kommende tilsyn, møter eller forskrifter)",
    "address": "adresser eller kontaktopplysninger",
    "person": "navn på personer i bestemte stillinger",
    "count": "det tallet du spør om",
    "duration": "noen tidsfrist eller varighet for dette",
    "date": "datoen du spør om",
    "issued": "noe om hvorvidt en slik forskrift er gitt",
    "titles": "navnene på rapportene eller studiene du spør om",
}
LAW_NOT_INDEXED = "Kunnskapsbasen har ikke {law}, så jeg kan ikke si hva den sier. Jeg gjetter ikke."
NO_BASIS_WHO = "Spør Statsforvalteren eller bydelens fagansvarlige, eller slå opp på lovdata.no."
MISSING_SECTION = "Kunnskapsbasen har ikke {law} {section}, så jeg kan ikke si hva den sier."
MISSING_LAW = "Kunnskapsbasen har ikke {law}, så jeg kan ikke si hva {section} der sier."
# an act cited by date and number ("lov 20. juni 2025 nr. 39 i § 6"): the § may be of the law it amends
MISSING_ACT = "Kunnskapsbasen har ikke {act}, så jeg kan ikke si hva den sier om {section}."
MISSING_SECTION_HINT = "Sjekk henvisningen, eller slå den opp på lovdata.no."
QUESTION_TOO_LONG = (
    "Spørsmålet er for langt for meg ({length} tegn). Skriv et kortere spørsmål, høyst {limit} tegn, "
    "og spør gjerne om én ting om gangen."
)
EMPTY_QUESTION = "Skriv et spørsmål, for eksempel «hva sier krisesenterlova § 4?»."

INTRO = "Dette sier kildene:"
# The first line of an answer: where the answer stands (the label of the first quote).
ANSWER_LEAD = "Dette står i {where}:"
# A question that names a § about something else (`bot.answering.named`): both are quoted, the one that
# holds what is asked first.
# Worded as a pointer, not a verdict: the named § may hold part of what is asked, and the user reads both.
NAMED_ELSEWHERE = ("Merk: Du viste til {named}. Det du spør om, ser ut til å stå i {other}; "
                   "begge er sitert under.")
SOURCE_LINE = "— {label}"
SOURCE_LINK = "— {label} ({url})"
EXCLUSIVE_NOTE = "Svaret er sitater fra kildene; les hele bestemmelsen før du bruker den."

# before the change is in force the § "blir" changed: "er endret" read as done (a reader, round 29)
PENDING_BEFORE = "Merk: {law} {section} blir {verb} ved {act}, i kraft {date}."
PENDING_AFTER = "Merk: {law} {section} ble {verb} ved {act}, i kraft {date}."
PENDING_UNDATED = "Merk: {law} {section} blir {verb} ved {act}, som trer i kraft når Kongen bestemmer."
NEW_WORDING = "Ny ordlyd: «{text}»"
# Beside a ledd cited by its number today: the act's own words, so a user who knows the old numbers
# ("§ 3 tredje ledd (tolk)") sees where that ledd went.
RENUMBERING_NOTE = "Leddene ble nummerert om: «{text}»"
CURRENT_WORDING_NOTE = "Sitatet er den gjeldende ordlyden; tidligere ordlyd var: «{text}»"
# Beside new wording, when the question asks what changed ("hva er nytt …?", "samanlikna med den tidlegare
# ordlyden"): the ledd it replaced, whole, from the consolidated text the index keeps.
FORMER_WORDING = "Før {date} lød {label}{where}: «{text}»"
FORMER_NOW = " (nå {ledd} ledd)"
AND = " og "  # the last of items named in running text ("a, b og c")
SPLIT_WORDING_NOTE = "Endringen delte leddet i flere ledd; sitatene er den gjeldende ordlyden."
OLD_TEXT_WARNING = "Den konsoliderte teksten i kunnskapsbasen er fra før endringen."
NEW_WORDING_MISSING = "Kunnskapsbasen har ikke den nye ordlyden; se lovdata.no."
NEW_WORDING_ELSEWHERE = "Den nye ordlyden står i {act}; sjekk om leddet du trenger, er berørt."
AMENDMENT_IN_FORCE = "Merk: {law} {section} ble {verb} ved {act}, i kraft {date}. Sitatet er den gjeldende ordlyden."
CHANGED_VERB = "endret"
ADDED_VERB = "tilføyd"  # a § the amending act adds (krisesenterlova §§ 5 a, 5 b): it was not "changed"
REPEALED_VERB = "opphevet"  # a § an act repeals ("Oppheves ved lov 25 juni 2024 nr. 53"): no new wording follows
# A § repealed in force is no law today: the answer says so and quotes nothing of it as the answer (pbl §§ 20-9 and
# 20-10, the temporary rules for housing people fleeing Ukraine, were repealed on 1 July 2026).
REPEALED_IN_FORCE = ("Merk: {law} {section} ble opphevet ved {act}, i kraft {date}, og gjelder ikke lenger. "
                     "Kunnskapsbasen har bare teksten fra før opphevelsen, så jeg siterer den ikke som gjeldende rett.")
REPEALED_HINT = "Se {url} for historikken, eller spør bydelens fagansvarlige om hva som gjelder nå."
AMENDMENT_PENDING = "Merk: Dette er ny ordlyd for {law} {section} fra {act}, som først gjelder fra {date}."
AMENDMENT_LABEL = "{law} {section} (ny ordlyd, {act})"

INDEX_MISSING = (
    "Kunnskapsbasen er ikke bygd ennå, eller den er tom. Kjør `tilsynsbot ingest` og prøv igjen."
)
ANSWER_INTERRUPTED = (
    "Svaret mitt ble avbrutt, så jeg kunne ikke svare. Prøv igjen om litt; "
    "hvis det skjer igjen, gi feilkoden til den som drifter tilsynsbot."
)
ANSWER_BUSY = "Jeg har mange spørsmål akkurat nå og rakk ikke ditt. Still det på nytt om litt."
KEYWORD_ONLY_NOTE = (
    "Merk: Vektorindeksen er utilgjengelig akkurat nå, så svaret bygger bare på ordsøk og kan være "
    "mindre treffsikkert. Si fra til den som drifter tilsynsbot."
)
INDEX_DATE = "Kunnskapsbasen ble sist oppdatert {date}."

ORDINALS = (
    "første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "åttende", "niende", "tiende",
    "ellevte", "tolvte",
)
LEDD = "ledd"
BOKSTAV = "bokstav"
PAGE = "s. {page}"

# CLI
CHAT_WELCOME = "Tilsynsbot – still et spørsmål om krisesentertilbudet (tom linje eller «avslutt» for å slutte)."
CHAT_PROMPT = "Du: "
CHAT_BYE = "Ha det!"
CHAT_EXIT_WORDS = ("avslutt", "slutt", "exit", "quit", "q")
EVAL_FILE_MISSING = "Finner ikke evalueringsfilen {path}. Oppgi en JSONL-fil med spørsmål."
EVAL_FILE_INVALID = "Linje {line} i {path} er ikke gyldig: {reason}."
JSONL_BAD_LINE = "Linje {line}: {reason}"
JSONL_NOT_UTF8 = "er ikke gyldig UTF-8; lagre filen som UTF-8."
JSONL_NO_QUESTION = "JSON-objektet mangler «question» som tekst."
BAD_K = "«{value}» er ikke et gyldig antall treff; bruk et helt tall fra 1 til 100."
NO_QUESTION = "Skriv et spørsmål i anførselstegn, eller bruk --jsonl og send spørsmål på standard input."

# --- guidance beside the law (bot/answering/citations.py, compose.py) ---
# Labels of commentary on a §, by kind: preparatory works say so; a circular or guide names itself.
PREPARATORY_WORK_LABEL = "Forarbeider: {source}, merknad til {section}"
GUIDANCE_LABEL = "{source}, til {section}"
EXPLANATION_LEAD = "Forklaring:"
# The comment was written before the § got its present wording (e.g. 2009 comments on a § changed in 2026).
GUIDANCE_OLDER = (
    "Merk: merknaden i {source} er fra {year}, eldre enn gjeldende ordlyd i {law} {section} (endret med virkning "
    "fra {date}). Den kan gjelde den tidligere ordlyden; les den sammen med lovteksten."
)
# A question about how things stand now, answered from a document that describes them as they stood when it
# was written (the 2024 letter's status of the lovbrudd, asked in December 2026).
DATED_SOURCE_NOTE = (
    "Merk: {source} beskriver situasjonen da det ble skrevet ({year}). Kildene jeg har, sier ikke hvordan det "
    "står nå; spør Statsforvalteren om oppdatert status."
)
# A quoted time counted from the law's entry into force, with the day it ends ("senest fire år etter at loven trer i
# kraft": boligsosialloven came into force 1 July 2023).
COUNTED_FROM_IN_FORCE = "Merk: {law} trådte i kraft {start}, så «{phrase}» er {end}."
# Lovdata's footnote to a provision that puts a law in force "from the time the King decides": when he did.
LOVDATA_FOOTNOTE = "Lovdatas merknad til {provision}: {note}"
# A list quoted with its lead-in that is too long to quote whole: cut after a whole item, never inside one.
MORE_LIST_ITEMS = " … (og {n} til i listen i kilden)"
