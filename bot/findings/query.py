"""Understanding a question about findings: should the registry answer it, and with which filters.

Why rules and not the embedding model: routing must be conservative and predictable. Ordinary
law and letter questions ("hva må planen for å lukke et lovbrudd inneholde?") must still reach
the knowledge base, so a question goes to the registry only on clear signals (which/how many
lovbrudd, open/closed status, plan deadlines, a bydel's tilsyn history).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answering.sentences import asked_part
from bot.assistant import Route
from bot.domain import OSLO_BYDELER
from bot.findings.models import Status
from bot.retrieval.references import ReferenceParser, SectionRef
from bot.retrieval.text import text_to_bokmal

# The plan a bydel sends to close a lovbrudd, as a whole word: "planstrategi", "planlegge" and
# "plan- og bygningsloven" are other things ("fristen for planstrategien" is a law question).
_PLAN = r"plan(?:en|er|ene|ar|ane)?(?![\w-])"
_FINDINGS_SIGNALS = [
    re.compile(p)
    for p in (
        r"\b(hvilke|hvilken|hvilket|hvor mange|hvem|list\w*|vis|oversikt)\b.*\b(lovbrudd\w*|funn\w*)",
        r"\blovbrudd\w*\b.*\b(lukket|lukka|åpen|åpne|åpent|status|gjenstår|uløst\w*|fulgt opp)\b",
        r"\b(åpne|lukkede|uløste)\s+lovbrudd",
        r"\b(fikk|hadde|har fått|fått|konkludert med|konkluderte med)\s+(\w+\s+)?lovbrudd",
        rf"\bfrist\w*\b.*\b({_PLAN}|lovbrudd\w*|utsatt|lukk\w*)\b",
        rf"\b({_PLAN}|lovbrudd\w*|utsatt\w*)\b.*\bfrist\w*\b",
        r"\b(hatt|vært under|hadde)\s+tilsyn\b",
        r"\btidligere tilsyn\b|\btilsynshistorikk\w*",
        r"\b(hvilke|hvor mange)\s+bydel\w*\b.*\b(lovbrudd\w*|tilsyn\w*|funn\w*)",
        rf"\bventer\b.*\b{_PLAN}\b",
        r"\bfrist\w*\b.*\b(måned\w*|går ut|utløper)\b",
    )
]
# Officers' questions about where the bydeler stand, answered from the lifecycle events
# (`bot.lifecycle.answers`); the keys are internal, the patterns read bokmål.
_LIFECYCLE = (
    ("awaiting_plan", re.compile(rf"\b(venter|mangler)\b.*\b{_PLAN}\b")),
    ("extended", re.compile(r"\b(utsatt\w*|forlenget|forlengelse)\b.*\bfrist\w*|\bfrist\w*\b.*\b(utsatt|forlenget)\b")),
    ("deadlines_month", re.compile(r"\bfrist\w*\b.*\b(måned\w*|går ut|utløper)\b")),
)
_KNOWLEDGE_SIGNALS = re.compile(
    r"\bhva (sier|krever|innebærer|betyr|står|går)\b|\bhvordan lyder\b|\bforklar\b|\bhvilke krav\b"
    r"|\bhva er kravet|\bkva (seier|krev|inneber|tyder)\b"
)
_OPEN = re.compile(r"\b(ikke|ennå ikke|enda ikke|ikkje)\s+(er\s+|blitt\s+)?(lukket|lukka|lukt)\b|\b(åpen|åpne|åpent)\b|\buløst\w*|\bgjenstår\b")
# A question that selects by status ("hvilke lovbrudd er lukket?", "vis åpne lovbrudd", "hvor mange er
# ikke lukket?") filters by it; any other status question is a yes/no question about all of them.
_SELECTS = re.compile(r"\b(hvilke\w*|hvilket|hvor mange|vis|list\w*|oversikt|kva for|åpne lovbrudd|lukkede lovbrudd|uløste)\b")
_CLOSED = re.compile(r"\b(lukket|lukka|lukkede)\b")
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_THEMES = {
    "internkontroll": ("internkontroll",),
    "avvikshåndtering": ("avvik",),
    "samarbeidsavtaler": ("samarbeidsavtal",),
    "rutiner": ("rutine",),
    "reetablering": ("reetabler",),
    "bolig": ("bolig",),
    "samordning": ("samordning",),
}


@dataclass
class Query:
    text: str
    findings: bool = False
    knowledge: bool = False
    status: Status | None = None
    bydel: str | None = None
    year: int | None = None
    themes: list[str] = field(default_factory=list)
    sections: list[SectionRef] = field(default_factory=list)  # "kommuneloven § 25-1" in the records part
    references: ReferenceParser = field(default_factory=lambda: ReferenceParser({}), repr=False)  # law names
    wants_deadline: bool = False
    wants_count: bool = False
    wants_history: bool = False
    wants_status: bool = False  # asks whether lovbrudd are closed (also when not filtered by it: see parse)
    lifecycle: str | None = None  # "awaiting_plan" | "extended" | "deadlines_month" (see _LIFECYCLE)

    def describe(self) -> str:
        """The filters in words, for answers that found nothing."""
        parts = []
        if self.bydel:
            parts.append(f"bydel {self.bydel}")
        if self.year:
            parts.append(f"år {self.year}")
        if self.status:
            parts.append(f"status {self.status.label}")
        parts += [f"tema {t}" for t in self.themes]
        parts += [" ".join(p for p in (self.references.name_of(ref), ref.display) if p) for ref in self.sections]
        return f" (filter: {', '.join(parts)})" if parts else ""


def _normal(text: str) -> str:
    """Lowercase bokmål (nynorsk mapped by the retrieval's normaliser), "ü" as "u" for bydel names."""
    return text_to_bokmal(text.replace("ü", "u").replace("Ü", "U"))


def find_bydel(text: str) -> str | None:
    lowered = _normal(text)
    for name in sorted(OSLO_BYDELER, key=len, reverse=True):
        variants = {_normal(name), _normal(name).replace(".", "")}
        if any(re.search(rf"(?<!\w){re.escape(v)}(?!\w)", lowered) for v in variants):
            return name
    return None


def section_matches(wanted: SectionRef, basis: str, references: ReferenceParser) -> bool:
    """True if a legal-basis string (e.g. "kommuneloven § 25") covers the wanted reference.

    A chapter-level reference ("§ 25", as the letter writes it) matches its sections ("§ 25-1")
    and vice versa, because the letter cites kommuneloven § 25 for the duty in § 25-1. A wanted
    reference that names no law matches that § of any law.
    """
    number = wanted.section_key.removeprefix("§")
    for have_ref in references.parse(basis):
        if wanted.doc_id is not None and have_ref.doc_id != wanted.doc_id:
            continue
        have = have_ref.section_key.removeprefix("§")
        if have == number or have.split("-")[0] == number or number.split("-")[0] == have:
            return True
    return False


def parse(question: str, references: ReferenceParser | None = None) -> Query:
    """What a question asks of the registry; `references` knows the law names (from the manifest)."""
    lowered = _normal(question)
    query = Query(text=question, references=references or ReferenceParser({}))
    asked = _normal(asked_part(question))
    query.findings = any(p.search(asked) for p in _FINDINGS_SIGNALS)
    knowledge = _KNOWLEDGE_SIGNALS.search(lowered)
    query.knowledge = bool(knowledge)
    # In a mixed question the law part ("…, og hva sier krisesenterlova § 4?") is for the
    # knowledge base: only what comes before it filters the records.
    records_part = question[: knowledge.start()] if knowledge and query.findings and knowledge.start() > 0 else question
    query.status = _status_of(lowered)
    query.wants_status = query.status is not None
    if not _SELECTS.search(lowered):
        # "er (alle) lovbruddene lukket?" asks yes or no: the open ones answer it as much as the
        # closed ones, so every lovbrudd is listed with its status instead of filtered by it
        query.status = None
    query.bydel = find_bydel(records_part)
    if year := _YEAR.search(_normal(records_part)):
        query.year = int(year.group(1))
    query.themes = [t for t, keys in _THEMES.items() if any(k in _normal(records_part) for k in keys)]
    query.sections = query.references.parse(_normal(records_part))
    query.wants_deadline = "frist" in lowered
    query.wants_count = "hvor mange" in lowered or "antall" in lowered
    query.lifecycle = next((key for key, pattern in _LIFECYCLE if pattern.search(lowered)), None)
    query.wants_history = bool(re.search(r"\b(hatt|vært under|hadde)\s+tilsyn\b|tidligere tilsyn|tilsyn\w* før\b|historikk", asked))
    return query


def parse_filters(text: str, references: ReferenceParser | None = None) -> Query:
    """Filters for `/tilsyn funn …` and `findings list`: same words, no intent needed (a status word
    is always a filter here: "/tilsyn funn lukket" lists the closed ones)."""
    query = parse(text, references)
    query.findings = True
    query.status = _status_of(_normal(text))
    return query


def _status_of(lowered: str) -> Status | None:
    if _OPEN.search(lowered):
        return Status.OPEN
    if _CLOSED.search(lowered):
        return Status.CLOSED
    return None


def route(question: str) -> Route:
    query = parse(question)
    if not query.findings:
        return Route.KNOWLEDGE
    return Route.BOTH if query.knowledge else Route.FINDINGS
