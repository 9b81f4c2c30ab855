"""User-facing Norwegian (bokmål) messages from manifest loading, Lovdata download and parsing.

Why here: messages are shown by the CLI ingest report and the Slack/intake edges, and keeping them
in one place lets reviewers check wording without reading parser code. Each says what to do.
"""

from __future__ import annotations

# --- manifest ---------------------------------------------------------------------------
MANIFEST_MISSING = "Fant ikke kildelisten {file}. Sjekk innstillingen KNOWLEDGE_DIR."
MANIFEST_INVALID = "Kildelisten {file} er ugyldig – {reason}. Rett filen og kjør innlesingen på nytt."
MANIFEST_NOT_YAML = "filen er ikke gyldig YAML"
MANIFEST_NOT_MAPPING = "filen må ha feltene «attribution» og «sources»"

# --- Lovdata files ----------------------------------------------------------------------
LOVDATA_FILE_MISSING = (
    "Fant ikke Lovdata-filen {file} i mappen {folder} (innstillingen LOVDATA_DIR). "
    "Legg filen der, eller fjern LOVDATA_DIR for å laste ned fra Lovdata."
)
LOVDATA_NO_DUMP = (
    "Kilden {source} har ingen Lovdata-pakke («dump») i kildelisten og LOVDATA_DIR er ikke satt. "
    "Sett LOVDATA_DIR til en mappe med Lovdata-filene."
)
LOVDATA_DOWNLOAD_FAILED = (
    "Klarte ikke å laste ned {dump} fra Lovdata ({reason}). Sjekk nettverket, eller sett "
    "LOVDATA_DIR til en mappe med Lovdata-filene og kjør innlesingen på nytt."
)
LOVDATA_MEMBER_MISSING = (
    "Lovdata-pakken {dump} inneholder ikke filen {member}. Sjekk «member» i kildelisten, "
    "eller sett LOVDATA_DIR til en mappe med Lovdata-filene."
)
LOVDATA_ARCHIVE_BROKEN = (
    "Lovdata-pakken {dump} var skadet og kunne ikke pakkes ut. Den er slettet ({file}); kjør "
    "innlesingen på nytt for å laste den ned igjen, eller sett LOVDATA_DIR."
)

# --- parsing ----------------------------------------------------------------------------
FILE_MISSING = "Fant ikke filen {file}. Sjekk at den finnes og kjør innlesingen på nytt."
FILE_UNREADABLE = "Filen {file} kunne ikke leses ({reason})."
UNKNOWN_FORMAT = (
    "Filen {file} har et format som ikke støttes ({suffix}). Bruk PDF, DOCX, HTML, Markdown, "
    "tekst (.txt) eller Lovdata-XML."
)
EMPTY_FILE = "Filen {file} er tom eller har ingen lesbar tekst. Sjekk filen og last den opp på nytt."
CORRUPT_PDF = "PDF-filen {file} er skadet og kan ikke leses. Lagre den på nytt som PDF og prøv igjen."
ENCRYPTED_PDF = "PDF-filen {file} er passordbeskyttet. Lagre en kopi uten passord og prøv igjen."
SCANNED_PDF = (
    "PDF-filen {file} har ingen tekst som kan leses (kanskje et skannet bilde). "
    "Lagre den med tekstgjenkjenning (OCR) og prøv igjen."
)
DOCX_TOO_LARGE = "Word-filen {file} pakker ut til mer enn jeg leser (svært mange eller svært store deler). Lagre den på nytt, eller som PDF, og prøv igjen."
CORRUPT_DOCX = "Word-filen {file} er skadet eller ikke en .docx-fil. Lagre den på nytt som .docx og prøv igjen."
MALFORMED_XML = "XML-filen {file} er ødelagt ({reason}). Hent filen fra Lovdata på nytt."
NOT_LOVDATA = "XML-filen {file} ser ikke ut som et Lovdata-dokument ({reason})."
NOT_UTF8 = "Tekstfilen {file} har ukjent tegnkoding. Lagre den som UTF-8 og prøv igjen."
BAD_SIDECAR = "Metadatafilen {file} er ugyldig – {reason}. Rett filen og kjør innlesingen på nytt."

# --- text put into chunks ---------------------------------------------------------------
NO_TEXT_IN_CONSOLIDATED = (
    "Denne paragrafen har ingen tekst i den konsoliderte utgaven som er lest inn. {note}"
)
NEW_WORDING_FROM = "ny ordlyd frå {date}"
NEW_WORDING = "ny ordlyd"
IN_FORCE_PART = "Ikraftsetjing"
IN_FORCE_FROM = "I kraft frå {date}."

# --- guidance pages (ingest/guidance_source.py) ---
GUIDANCE_FILE_MISSING = (
    "{source}: fant ikke siden {file} i mappen {folder} (innstillingen GUIDANCE_DIR). "
    "Lagre siden der, eller fjern GUIDANCE_DIR for å bruke nedlastingen."
)
GUIDANCE_DOWNLOAD_FAILED = (
    "{source}: kunne ikke hente siden {file} fra {url} ({reason}). De andre kildene leses likevel; "
    "kjør innlesingen på nytt senere, eller lagre siden i GUIDANCE_DIR."
)
GUIDANCE_SKIPPED = (
    "{source} ({file}) er hoppet over: ingen lokal kopi og nedlasting er av. Sett GUIDANCE_DOWNLOAD=true "
    "på en maskin med internett, eller GUIDANCE_DIR til en mappe med de lagrede sidene."
)
PROBES_INVALID = "Spørsmålsfilen {file} er ugyldig – {reason}. Rett filen og kjør innlesingen på nytt."
PROBES_NOT_YAML = "filen er ikke gyldig YAML i UTF-8"
PROBE_NEEDS_UNIT = "hver oppføring trenger «section» eller «contains»"
PROBE_NEEDS_DOC = "en fil med «units» trenger «doc»"
PROBE_QUESTION_LENGTH = "hvert spørsmål må ha 1–{max} tegn"
