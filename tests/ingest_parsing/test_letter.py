"""The inspection letter (Informasjonsskriv 2/2024) as a project document: chunks by heading."""

from __future__ import annotations

import re

import pytest

from bot.domain import SourceKind
from bot.settings import PROJECT_ROOT
from ingest.chunking import DOCUMENT_CHUNK_CHARS
from ingest.loaders import load_source
from ingest.manifest import load_manifest

KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.fixture(scope="module")
def chunks():
    spec = load_manifest(KNOWLEDGE).by_id("informasjonsskriv-2-2024")
    return load_source(spec, KNOWLEDGE / spec.path)


def test_headings_become_sections(chunks):
    sections = list(dict.fromkeys(c.section for c in chunks))
    assert sections == [
        "Tilsyn med Oslo kommune som krisesentermyndighet",
        "Tilsyn med Oslo kommune i 2022 og 2023",
        "Statsforvalterens tilsynsansvar",
        "Bakgrunn for valg av tema",
        "Hva undersøkte vi?",
        "Hva fant vi i tilsynet?",
        "Ny samarbeidsavtale mellom bydelene i Oslo og Oslo krisesenter",
        "Handlingsplan mot vold",
        "Bolig",
        "Status for lovbrudd nå i 2024 – er de lukket?",
    ]


def test_metadata_from_manifest(chunks):
    chunk = next(c for c in chunks if c.section == "Hva fant vi i tilsynet?")
    assert chunk.doc_id == "informasjonsskriv-2-2024"
    assert chunk.source_id == "informasjonsskriv-2-2024"
    assert chunk.kind == SourceKind.FINDING
    assert chunk.short_title == "Informasjonsskriv 2/2024"
    assert chunk.heading_path == [
        "Informasjonsskriv 2/2024: Tilsyn med Oslo kommune som krisesentermyndighet",
        "Hva fant vi i tilsynet?",
    ]
    assert chunk.language == "nb"
    assert chunk.year == 2024
    assert chunk.chunk_id == "informasjonsskriv-2-2024|Hva fant vi i tilsynet?|p1"


@pytest.mark.parametrize(
    "phrase",
    [
        "fare for at arbeidet blir tilfeldig og personavhengig",
        "I brevet ba vi om en kontaktperson",
        "I 12 av totalt 15 bydeler ble det ikke konkludert med lovbrudd.",
        "Statsforvalteren konkluderte med lovbrudd i totalt tre bydeler.",
        "kommunens planstrategi etter plan- og bygningsloven § 10-1.",
    ],
)
def test_wrapped_lines_are_rejoined(chunks, phrase):
    assert any(phrase in re.sub(r"\s+", " ", c.text) for c in chunks)


def test_paragraphs_and_bullets_are_separate_passages(chunks):
    examined = [p.text for c in chunks if c.section == "Hva undersøkte vi?" for p in c.passages]
    bullets = [t for t in examined if t.startswith("• ")]
    assert len(bullets) == 8
    assert "• Rutine for opprettelse av individuell plan, jf. krisesenterlova § 4 andre ledd." in bullets
    # a bullet's wrapped second line belongs to the bullet
    assert any(t.endswith("der voldsutsatte flytter til ny Bydel etter opphold på Oslo Krisesenter.") for t in bullets)
    assert examined[1].startswith("Varsel om tilsynet ble sendt")


def test_long_section_split_keeps_list_with_its_lead_in(chunks):
    parts = [c for c in chunks if c.section == "Hva undersøkte vi?"]
    assert [c.chunk_id for c in parts] == [f"informasjonsskriv-2-2024|Hva undersøkte vi?|p{n}" for n in (1, 2, 3)]
    assert all(c.text.startswith("Hva undersøkte vi?\n") for c in parts)
    # windows of about DOCUMENT_CHUNK_CHARS, cut only between paragraphs ...
    assert [len(c.passages) for c in parts] == [2, 1, 9]
    for part in parts[:2]:
        assert sum(len(p.text) + 1 for p in part.passages) <= DOCUMENT_CHUNK_CHARS
    # ... except that a list stays in one window with its lead-in, even when together they are longer
    listed = parts[2]
    assert listed.passages[0].text.endswith("følgende dokumenter i forbindelse med tilsynet:")
    assert [p.text.startswith("• ") for p in listed.passages] == [False] + [True] * 8
    assert not any(p.text.startswith("• ") for c in parts[:2] for p in c.passages)
    # anywhere in the letter: no window starts with a bullet, cut off from what introduces it
    assert not any(c.passages[0].text.startswith("• ") for c in chunks)


def test_no_text_lost(chunks):
    source = (KNOWLEDGE / "documents" / "informasjonsskriv-2-2024.txt").read_text(encoding="utf-8")
    words = re.findall(r"\w+", source)
    indexed = re.findall(r"\w+", " ".join(c.text for c in chunks))
    # every word of the letter is indexed (only the title line is not a passage of its own)
    missing = set(words) - set(indexed)
    assert missing <= {"Informasjonsskriv", "2", "2024"}
