"""PDF, DOCX, HTML, Markdown and text documents → heading chunks; broken files → SourceError."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.domain import Audience, SourceKind
from bot.errors import SourceError
from ingest.loaders import DocumentMeta, extract_text, load_document
from tests.ingest_parsing.builders import write_docx, write_pdf

PDF_PAGES = [
    [
        "Rapport fra tilsyn med bydel Alna",
        "Bakgrunn",
        "Statsforvalteren gjennomførte tilsyn med bydelen i 2023. Tilsynet gjaldt",
        "reetablering etter opphold på krisesenter og samordning av tjenester.",
        "Funn",
        "Bydelen manglet skriftlige rutiner for samarbeid mellom Nav-kontoret og",
        "krisesenteret.",
    ],
    [
        "Oppfølging",
        "Bydelen har sendt en plan for hvordan lovbruddet skal lukkes. Planen er",
        "forankret i ledelsen og har frister.",
    ],
]


def test_pdf_chunks_keep_page_numbers(tmp_path: Path):
    path = write_pdf(tmp_path / "alna-rapport.pdf", PDF_PAGES)
    chunks = load_document(path)
    assert [c.section for c in chunks] == ["Bakgrunn", "Funn", "Oppfølging"]
    assert [c.page for c in chunks] == [1, 1, 2]
    assert all(p.page == c.page for c in chunks for p in c.passages)
    assert chunks[0].title == "Rapport fra tilsyn med bydel Alna"
    assert chunks[0].doc_id == "alna-rapport"
    assert chunks[0].kind == SourceKind.GUIDANCE
    assert chunks[2].passages[0].text == (
        "Bydelen har sendt en plan for hvordan lovbruddet skal lukkes. Planen er forankret i ledelsen og har frister."
    )


def test_docx_heading_styles_lists_and_tables(tmp_path: Path):
    path = write_docx(
        tmp_path / "veileder.docx",
        [
            ("Title", "Veileder om reetablering"),
            ("Heading 1", "Bolig"),
            ("Normal", "Bydelen skal hjelpe brukeren med å finne bolig."),
            ("List Bullet", "kommunal utleiebolig"),
            ("Heading 2", "Startlån"),
            ("Normal", "Startlån kan gis til kjøp av egen bolig."),
        ],
        table=[["Bydel", "Status"], ["Alna", "Lukket"]],
    )
    chunks = load_document(path)
    assert chunks[0].title == "Veileder om reetablering"
    assert [c.heading_path for c in chunks] == [
        ["Veileder om reetablering", "Bolig"],
        ["Veileder om reetablering", "Bolig", "Startlån"],
    ]
    assert [p.text for p in chunks[0].passages] == ["Bydelen skal hjelpe brukeren med å finne bolig.", "• kommunal utleiebolig"]
    assert "Alna | Lukket" in chunks[1].text


def test_html_sections_from_h1_to_h3(tmp_path: Path):
    path = tmp_path / "side.html"
    path.write_text(
        "<html><head><title>Fane</title><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Meny</a></nav><h1>Krisesentertilbudet</h1><p>Innledning om tilbudet.</p>"
        "<h2>Hvem kan bruke det?</h2><p>Alle som er utsatt for vold.</p><ul><li><p>kvinner</p></li><li>menn</li></ul>"
        "<h3>Barn</h3><p>Barn har egne rettigheter.</p><footer>Kontakt oss</footer></body></html>",
        encoding="utf-8",
    )
    chunks = load_document(path)
    assert chunks[0].title == "Krisesentertilbudet"
    assert [c.section for c in chunks] == ["", "Hvem kan bruke det?", "Barn"]
    assert chunks[2].heading_path == ["Krisesentertilbudet", "Hvem kan bruke det?", "Barn"]
    assert [p.text for p in chunks[1].passages] == ["Alle som er utsatt for vold.", "kvinner", "• menn"]
    text = " ".join(c.text for c in chunks)
    assert "Meny" not in text and "var x" not in text and "Kontakt oss" not in text


def test_markdown_headings_and_lists(tmp_path: Path):
    path = tmp_path / "rutine.md"
    path.write_text(
        "# Rutine for samarbeid\n\nInnledning som\nbrytes over to linjer.\n\n## Ansvar\n\n"
        "- **Nav-kontoret** skaffer bolig\n- barnevernet følger opp barn\n\n## Avvik\n\nAvvik meldes i kvalitetssystemet.\n",
        encoding="utf-8",
    )
    chunks = load_document(path)
    assert chunks[0].title == "Rutine for samarbeid"
    assert [c.section for c in chunks] == ["", "Ansvar", "Avvik"]
    assert chunks[0].passages[0].text == "Innledning som brytes over to linjer."
    assert [p.text for p in chunks[1].passages] == ["• Nav-kontoret skaffer bolig", "• barnevernet følger opp barn"]


def test_plain_text_with_blank_line_paragraphs(tmp_path: Path):
    path = tmp_path / "notat.txt"
    path.write_text(
        "Notat om tilsyn\n\nBakgrunn\n\nTilsynet ble gjennomført\nsom dokumenttilsyn.\n\nDet ble også holdt møter.\n\n"
        "Konklusjon\n\nTre bydeler fikk lovbrudd.\n",
        encoding="utf-8",
    )
    chunks = load_document(path)
    assert chunks[0].title == "Notat om tilsyn"
    assert [c.section for c in chunks] == ["Bakgrunn", "Konklusjon"]
    assert [p.text for p in chunks[0].passages] == ["Tilsynet ble gjennomført som dokumenttilsyn.", "Det ble også holdt møter."]


def test_meta_is_applied_and_identity_numbers_masked(tmp_path: Path):
    path = tmp_path / "innsendt.txt"
    path.write_text("Oversikt\n\nBeboer med fødselsnummer 01017010170 fikk bolig.\n", encoding="utf-8")
    meta = DocumentMeta(
        kind=SourceKind.SUBMITTED, audience=Audience.OFFICERS, bydel="Alna", case_id="c1", item_id="i2",
        doc_id="sak-c1-i2", title="Innsendt rutine",
    )
    chunks = load_document(path, meta)
    chunk = chunks[0]
    assert (chunk.kind, chunk.audience, chunk.bydel, chunk.case_id, chunk.item_id) == (
        SourceKind.SUBMITTED, Audience.OFFICERS, "Alna", "c1", "i2",
    )
    assert chunk.chunk_id == "sak-c1-i2|Oversikt|p1"
    assert "01017010170" not in chunk.text
    assert all("01017010170" not in p.text for p in chunk.passages)


def _corrupt_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
    return path


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("tom.txt", lambda p: p.write_bytes(b""), "tom"),
        ("blank.md", lambda p: p.write_text("\n   \n", encoding="utf-8"), "tom"),
        ("skadet.pdf", lambda p: p.write_bytes(b"%PDF-1.4\nthis is not a pdf at all"), "skadet"),
        ("skadet.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "skadet"),
        ("halv.docx", _corrupt_docx, "skadet"),
        ("bilde.pdf", lambda p: write_pdf(p, [[]]), "ingen tekst"),
        ("regneark.xlsx", lambda p: p.write_bytes(b"PK"), "ikke støttes"),
        ("uten-endelse", lambda p: p.write_text("tekst", encoding="utf-8"), "ikke støttes"),
    ],
)
def test_broken_inputs_raise_source_error_naming_the_file(tmp_path: Path, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(SourceError) as info:
        load_document(path)
    assert name in info.value.user_message
    assert reason in info.value.user_message


def test_missing_file(tmp_path: Path):
    with pytest.raises(SourceError) as info:
        load_document(tmp_path / "borte.pdf")
    assert "borte.pdf" in info.value.user_message


def test_extract_text_is_plain_and_unmasked(tmp_path: Path):
    pdf = write_pdf(tmp_path / "a.pdf", [["Side en med 01017010170"], ["Side to"]])
    text = extract_text(pdf)
    assert "Side en med 01017010170" in text and "Side to" in text
    docx = write_docx(tmp_path / "b.docx", [("Normal", "Avsnitt i Word")], table=[["Celle", "To"]])
    assert "Avsnitt i Word" in extract_text(docx) and "Celle | To" in extract_text(docx)
    html = tmp_path / "c.html"
    html.write_text("<p>Hei <b>verden</b></p><script>x()</script>", encoding="utf-8")
    assert "verden" in extract_text(html) and "x()" not in extract_text(html)
    with pytest.raises(SourceError):
        extract_text(write_pdf(tmp_path / "tom.pdf", [[]]))


def test_pdf_running_headers_and_page_numbers_are_dropped(tmp_path: Path):
    header = "Statsforvalteren i Oslo og Viken"
    pages = [
        [header, "Tilsynsrapport", "Funn", "Bydelen manglet rutiner for samarbeid mellom Nav-kontoret og", "Side 1 av 3"],
        [header, "krisesenteret, og internkontrollen fanget ikke opp svikten i tjenestene.", "Side 2 av 3"],
        [header, "Oppfølging", "Bydelen har lukket lovbruddet etter tilsynet.", "Side 3 av 3"],
    ]
    chunks = load_document(write_pdf(tmp_path / "rapport.pdf", pages))
    assert [c.section for c in chunks] == ["Funn", "Oppfølging"]
    text = " ".join(c.text for c in chunks)
    assert header not in text and "Side 2" not in text
    # the paragraph that runs across the page break is one passage, on the page where it starts
    first = chunks[0].passages[0]
    assert first.text == (
        "Bydelen manglet rutiner for samarbeid mellom Nav-kontoret og krisesenteret, "
        "og internkontrollen fanget ikke opp svikten i tjenestene."
    )
    assert first.page == 1


def test_words_split_across_lines_are_rejoined(tmp_path: Path):
    path = tmp_path / "brev.txt"
    path.write_text(
        "Oppfølging\n\nBydelen har rutiner for reetablerings-\nfasen og for samarbeid med Nav-\nkontoret etter plan-\n"
        "og bygningsloven.\n",
        encoding="utf-8",
    )
    passage = load_document(path)[0].passages[0].text
    assert passage == "Bydelen har rutiner for reetableringsfasen og for samarbeid med Nav-kontoret etter plan- og bygningsloven."


def test_docx_without_heading_styles_uses_bold_lines(tmp_path: Path):
    path = write_docx(
        tmp_path / "rutine.docx",
        [
            ("Bold", "Rutine for samarbeid med krisesenteret"),
            ("Normal", "Rutinen gjelder alle ansatte i bydelen."),
            ("Bold", "Ansvar"),
            ("Normal", "Voldskoordinator har ansvaret for oppfølgingen."),
        ],
    )
    chunks = load_document(path)
    assert chunks[0].title == "Rutine for samarbeid med krisesenteret"
    assert [c.section for c in chunks] == ["", "Ansvar"]
    assert chunks[1].passages[0].text == "Voldskoordinator har ansvaret for oppfølgingen."


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path):
    from tests.intake.documents import docx_bomb

    path = tmp_path / "bombe.docx"
    path.write_bytes(docx_bomb(110))
    with pytest.raises(SourceError) as info:
        load_document(path)
    assert "bombe.docx" in info.value.user_message and "pakker ut" in info.value.user_message
