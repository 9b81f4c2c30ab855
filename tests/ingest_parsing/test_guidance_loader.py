"""Guidance pages keep their structure: each section tied to the § it comments on, with its heading
path and a deep link; officers' own guidance is tied through its sidecar."""

from __future__ import annotations

from pathlib import Path

from bot.domain import SourceKind
from ingest.loaders import load_document, load_guidance_page
from ingest.loaders.meta import DocumentMeta
from ingest.loaders.structure import commented_section
from ingest.manifest import GuidancePage, SourceSpec

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "guidance"
KSL = "LOV-2009-06-19-44"


def _spec(kind: SourceKind, file: str, url: str) -> SourceSpec:
    return SourceSpec(id="kilde", doc_id="KILDE", kind=kind, title="Testkilde", short_names=["Testkilde"],
                      explains=KSL, published="2009", pages=[GuidancePage(file=file, url=url)])


def test_headings_name_the_section_they_comment_on() -> None:
    assert commented_section("Til § 1 Formålet med lova") == "§1"
    assert commented_section("Merknad til § 2") == "§2"
    assert commented_section("§ 3 Krav til innhaldet i krisesentertilbodet") == "§3"
    assert commented_section("12.4 Til § 6 a Opplysningsplikt") == "§6a"
    assert commented_section("§ 25-1 Internkontroll") == "§25-1"
    assert commented_section("12 Merknader til dei enkelte paragrafane") == ""
    assert commented_section("Kapittel 3") == ""


def test_regjeringen_chapter_is_split_per_paragraph_comment_with_anchors() -> None:
    url = "https://www.regjeringen.no/nn/dokumenter/otprp-nr-96-2008-2009-/id561009/?ch=12"
    spec = _spec(SourceKind.PREPARATORY_WORK, "otprp-96-2008-2009-kap12.html", url)
    chunks = load_guidance_page(spec, spec.pages[0], FIXTURES / spec.pages[0].file)
    by_key = {c.explains_section_key: c for c in chunks if c.explains_section_key}
    assert set(by_key) == {"§1", "§2", "§3"}
    comment = by_key["§2"]
    assert comment.kind is SourceKind.PREPARATORY_WORK and comment.explains_doc_id == KSL
    assert comment.url == f"{url}#kap12-2" and comment.published == "2009"
    assert comment.heading_path[1:] == ["12 Merknader til dei enkelte paragrafane", "Til § 2 Krav til krisesentertilbodet"]
    assert len(comment.passages) == 2 and "henvisning" in comment.text
    assert comment.doc_id == "KILDE/otprp-96-2008-2009-kap12" and comment.source_id == "kilde/otprp-96-2008-2009-kap12"
    assert not any("tracking" in c.text or "Forsida" in c.text or "Neste kapittel" in c.text for c in chunks)
    # anchors inside the heading (<h3><a id=...></a>Merknad til § 5 a</h3>)
    prop = _spec(SourceKind.PREPARATORY_WORK, "prop-122-l-2024-2025-merknader.html", "https://example.org/prop")
    keys = {c.explains_section_key: c.url for c in load_guidance_page(prop, prop.pages[0], FIXTURES / prop.pages[0].file)}
    assert keys == {"": "https://example.org/prop", "§2": "https://example.org/prop#kap12-1",
                    "§5a": "https://example.org/prop#kap12-2"}


def test_bufdir_subsections_inherit_the_paragraph_of_their_heading_path() -> None:
    spec = _spec(SourceKind.GUIDANCE, "bufdir-rundskriv-20-2026.html", "https://www.bufdir.no/rundskriv")
    chunks = load_guidance_page(spec, spec.pages[0], FIXTURES / spec.pages[0].file)
    tied = {c.section: c.explains_section_key for c in chunks}
    assert tied["2.1 Lav terskel"] == "§2" and tied["2.2 Dagtilbudet"] == "§2"
    assert tied["§ 6 a Plikt til å vurdere barnekoordinator"] == "§6a" and tied["1 Innledning"] == ""
    urls = {c.section: c.url for c in chunks}
    assert urls["2.1 Lav terskel"].endswith("#paragraf-2-lavterskel")
    assert urls["§ 6 a Plikt til å vurdere barnekoordinator"].endswith("#paragraf-6a")  # the <section id>


def test_officers_guidance_is_tied_by_its_sidecar(tmp_path: Path) -> None:
    note = tmp_path / "notat-om-botilbud.md"
    note.write_text("# Notat om botilbud\n\nFiktiv testtekst om botilbudet.\n\n## Mer\n\nMer fiktiv tekst.\n",
                    encoding="utf-8")
    meta = DocumentMeta(kind=SourceKind.GUIDANCE, explains=KSL, explains_sections=["§ 2"], published="2024")
    chunks = load_document(note, meta)
    assert chunks and all((c.explains_doc_id, c.explains_section_key) == (KSL, "§2") for c in chunks)
    # without `explains` nothing is tied, even under a heading that names a §
    plain = tmp_path / "plain.md"
    plain.write_text("# Til § 3\n\nFiktiv tekst.\n", encoding="utf-8")
    assert all(not c.explains_section_key for c in load_document(plain, DocumentMeta()))


def test_sidecar_in_the_documents_folder_names_kind_and_paragraphs(tmp_path: Path) -> None:
    from ingest.documents import discover_documents
    from ingest.manifest import Manifest

    guide = tmp_path / "veileder.html"
    guide.write_text("<h1>Veileder (fiktiv)</h1><h2>Til § 3</h2><p>Fiktiv testtekst om tolk.</p>"
                     "<h2>Andre råd</h2><p>Fiktiv testtekst uten paragraf.</p>", encoding="utf-8")
    (tmp_path / "veileder.html.meta.yaml").write_text(
        "kind: preparatory_work\nexplains: LOV-2009-06-19-44\nexplains_sections: ['§ 2', '§ 3']\npublished: 2024\n",
        encoding="utf-8")
    [(path, meta)] = discover_documents(tmp_path, Manifest())
    chunks = {c.section: c for c in load_document(path, meta)}
    assert chunks["Til § 3"].kind is SourceKind.PREPARATORY_WORK and chunks["Til § 3"].explains_section_key == "§3"
    assert chunks["Andre råd"].explains_section_key == ""  # two §§ named: a section without one is not guessed
