"""Domain objects shared by ingest, retrieval, answering and the Slack/CLI edges.

These are plain pydantic models with no behaviour that touches I/O, so every layer can pass
them around and tests can build them by hand. Field names are the contract between modules:
change them only together with every user.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, Field

# Oslo's 15 bydeler, which carry the municipality's duties under krisesenterlova.
OSLO_BYDELER: tuple[str, ...] = (
    "Alna", "Bjerke", "Frogner", "Gamle Oslo", "Grorud", "Grünerløkka", "Nordre Aker", "Nordstrand",
    "Sagene", "St. Hanshaugen", "Stovner", "Søndre Nordstrand", "Ullern", "Vestre Aker", "Østensjø",
)  # fmt: skip


class SourceKind(StrEnum):
    LAW = "law"
    REGULATION = "regulation"
    AMENDING_ACT = "amending_act"
    GUIDANCE = "guidance"
    PREPARATORY_WORK = "preparatory_work"  # forarbeider: Ot.prp., Prop. L (comments per §)
    FINDING = "finding"
    SUBMITTED = "submitted"  # files submitted through intake: officers only


class Audience(StrEnum):
    """Who may retrieve a chunk. Bydel staff see PUBLIC only; officers see both."""

    PUBLIC = "public"
    OFFICERS = "officers"


# How a list item of a document is marked in its passage text (written by the document loaders, read
# where a list must stay with the paragraph that introduces it).
BULLET = "• "


class Passage(BaseModel):
    """A citable piece inside a chunk: one ledd (with bokstav) of a §, or one paragraph of a letter."""

    text: str
    ledd: int | None = None  # 1-based ledd number inside the §
    bokstav: str | None = None  # "a", "b", ... for list items inside a ledd
    page: int | None = None  # PDF page number (1-based)



def with_list_items(passages: Sequence[Passage]) -> list[list[Passage]]:
    """The passages in groups: each paragraph with the bullet items (`BULLET`) that follow it. One rule
    for the loaders (a list stays in one chunk with the paragraph introducing it) and for quoting (a
    lead-in is never quoted without its items)."""
    groups: list[list[Passage]] = []
    for passage in passages:
        if groups and passage.text.startswith(BULLET):
            groups[-1].append(passage)
        else:
            groups.append([passage])
    return groups

class Chunk(BaseModel):
    """The unit that is embedded, keyword-indexed, retrieved and cited."""

    chunk_id: str  # stable across runs: f"{doc_id}|{section_key or heading}|{part}"
    source_id: str  # manifest id of the source it came from
    doc_id: str  # Lovdata legacy id (LOV-2009-06-19-44) or the document's own id
    kind: SourceKind
    title: str
    short_title: str = ""  # "krisesenterlova"; "Informasjonsskriv 2/2024" for letters
    section_key: str = ""  # Lovdata data-name, e.g. "§25-1"; "" for non-law documents
    section: str = ""  # display form, e.g. "§ 25-1"
    section_title: str = ""  # "Internkontroll"
    heading_path: list[str] = Field(default_factory=list)  # ["Kapittel 25 ...", "§ 25-1 Internkontroll"]
    text: str  # full text of the chunk, passages joined
    passages: list[Passage] = Field(default_factory=list)
    language: str = "nb"  # "nb" or "nn"
    url: str = ""  # deep link, e.g. https://lovdata.no/lov/2009-06-19-44/§4
    in_force: str = ""  # ISO date the source entered into force
    last_changed: str = ""  # ISO date the last change entered into force
    footnotes: list[str] = Field(default_factory=list)
    amendment_notes: list[str] = Field(default_factory=list)  # Lovdata changesToParent notes
    pending_change: str = ""  # e.g. "Endra ved lov 20 juni 2025 nr. 42 (i kraft 1 jan 2026)"
    pending_change_act: str = ""  # doc_id of the amending act, e.g. LOV-2025-06-20-42
    pending_change_in_force: str = ""  # ISO date the pending change enters into force
    amends_doc_id: str = ""  # for chunks of an amending act: the law it amends
    amends_section_key: str = ""  # for chunks of an amending act: the § it gives new wording to
    explains_doc_id: str = ""  # guidance / preparatory works: the law whose § this section comments on
    explains_section_key: str = ""  # ... and that §'s data-name, e.g. "§3"
    published: str = ""  # ISO date (or year) the guidance was published: older than the § → a note says so
    audience: Audience = Audience.PUBLIC
    bydel: str = ""
    case_id: str = ""
    item_id: str = ""
    year: int | None = None
    page: int | None = None
    content_hash: str = ""


class SearchHit(BaseModel):
    """A retrieved chunk with its fused score and the ranks it had in each retriever."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    keyword_rank: int | None = None
    exact_reference: bool = False  # the question named this § explicitly


class Citation(BaseModel):
    """What an answer cites. Built only from a chunk that is in the index."""

    chunk_id: str
    doc_id: str
    title: str
    short_title: str = ""
    section: str = ""  # "§ 4"
    pinpoint: str = ""  # "første ledd bokstav d", or a letter's heading «Hva fant vi i tilsynet?»
    ledd: int | None = None  # the quoted ledd of a law (None: a document, or the whole §)
    bokstav: str | None = None
    label: str  # the full human citation: "krisesenterlova § 4 første ledd"
    url: str = ""
    quote: str = ""
    score: float = 0.0
    amended: bool = False  # cites an amending act's new wording of a § (the label says «ny ordlyd»)


class Answer(BaseModel):
    """The result of asking tilsynsbot a question, independent of where it is shown."""

    question: str
    text: str  # Norwegian bokmål, Slack mrkdwn-safe plain text
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    currency_notes: list[str] = Field(default_factory=list)  # "§ 2 er endra ved ... i kraft 1.1.2026"
    # what the answer was drawn from, best first: retrieval's hits (the generator's passages are the first
    # of them); an answer from two rankings holds both (`bot.answering.named`)
    hits: list[SearchHit] = Field(default_factory=list)
    index_date: str = ""  # when the index was last built (ISO)
    generated: bool = False  # True when an LLM wrote `text` and the citation check passed
    notes: list[str] = Field(default_factory=list)  # e.g. which attachment was not read
    # lines that open `text` and must stay when it is rewritten (the generator puts back any it dropped):
    # e.g. "Du viste til X. Det du spør om, ser ut til å stå i Y"
    lead_notes: list[str] = Field(default_factory=list)
