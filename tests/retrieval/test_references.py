"""Explicit §-references: every form users write, tied to the right law, and nothing invented."""

from __future__ import annotations

import pytest

from bot.domain import Chunk
from bot.retrieval.hybrid import HybridRetriever
from bot.retrieval.references import (
    IN_FORCE,
    PURPOSE,
    ReferenceParser,
    act_name,
    acts_cited,
    canonical,
    chapters_named,
    is_act_id,
    lovdata_links,
    renumbered_ledd,
    renumbering_sentences,
    repeals,
    section_display,
)
from bot.retrieval.text import spell_out
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.embedder import HashingEmbedder
from tests.retrieval import corpus

KSL, KOML, PBL = corpus.KSL, corpus.KOML, corpus.PBL
IP = "FOR-2022-06-22-1110"
BSL = "LOV-2022-12-20-121"


@pytest.fixture
def parser() -> ReferenceParser:
    return ReferenceParser.from_names([
        *corpus.ALIASES,
        (IP, ["forskrift om individuell plan", "ip-forskriften", "ip-forskrifta"]),
        (BSL, ["boligsosialloven", "boligsosiallova"]),
    ])


@pytest.mark.parametrize(
    ("question", "doc_id", "key"),
    [
        ("krisesenterlova § 4", KSL, "§4"),
        ("hva sier krisesenterloven §4?", KSL, "§4"),
        ("kommuneloven § 25-1", KOML, "§25-1"),
        ("koml. § 30-4 om pålegg", KOML, "§30-4"),
        ("hva går kml § 30-7 ut på?", KOML, "§30-7"),
        ("kommuneloven 30-2 om lovlighetstilsyn", KOML, "§30-2"),
        ("boligsosialloven § 5", BSL, "§5"),
        ("pbl § 10-1", PBL, "§10-1"),
        ("pbl § 11-1 – hva sier den om kommuneplanen?", PBL, "§11-1"),
        ("forskrift om individuell plan § 2", IP, "§2"),
        ("kva er formålet etter § 3 i IP-forskrifta?", IP, "§3"),
        ("Plan- og bygningsloven § 25-1", PBL, "§25-1"),
        ("KRISESENTERLOVA § 5 a", KSL, "§5a"),
        ("krisesenterlova §5b", KSL, "§5b"),
        # a compound written in two words, also misspelt: the § is that law's, not the main law's
        ("Hva sier boligsosiale loven § 5 om hva slags oversikt kommunen må ha?", BSL, "§5"),
        ("krisesenter lova § 7 om politiattest", KSL, "§7"),
        ("kommune loven § 25-1", KOML, "§25-1"),
    ],
)
def test_reference_forms(parser: ReferenceParser, question: str, doc_id: str, key: str) -> None:
    refs = parser.parse(question)
    assert [(r.doc_id, r.section_key) for r in refs] == [(doc_id, key)]


def test_bare_section_has_no_law(parser: ReferenceParser) -> None:
    assert [(r.doc_id, r.section_key) for r in parser.parse("og hva med § 5 a?")] == [(None, "§5a")]


def test_preposition_i_is_not_a_section_letter(parser: ReferenceParser) -> None:
    assert parser.parse("står det noe om dette i § 3 i krisesenterlova?")[0].section_key == "§3"


def test_unknown_law_is_reported_not_mapped(parser: ReferenceParser) -> None:
    (ref,) = parser.parse("hva sier straffeloven § 209?")
    assert ref.doc_id is None and ref.unknown_law == "straffelov"


@pytest.mark.parametrize(("question", "doc_id"), [
    ("Hvordan definerer boligsosialoven hvem som er vanskeligstilt?", BSL),  # a letter missing
    ("hva sier krisesentelova om barn?", KSL),
    ("kommunneloven § 25-1", KOML),  # a letter too many
])
def test_a_law_name_misspelt_by_a_letter_is_the_law_it_names(parser: ReferenceParser, question: str,
                                                              doc_id: str) -> None:
    """A typo in a law the index holds is not "a law the knowledge base lacks"."""
    assert parser.laws_named(question) == [doc_id]
    assert parser.unknown_laws(question) == []


def test_a_law_name_unlike_every_known_one_stays_unknown(parser: ReferenceParser) -> None:
    assert parser.unknown_laws("hva sier barnevernsloven om akuttvedtak?") == ["barnevernsloven"]
    assert parser.unknown_laws("gjelder forvaltningsloven?") == ["forvaltningsloven"]
    assert parser.laws_named("hva sier straffeloven?") == []


def test_section_list(parser: ReferenceParser) -> None:
    refs = parser.parse("krisesenterlova §§ 2, 3 og 4")
    assert [(r.doc_id, r.section_key) for r in refs] == [(KSL, "§2"), (KSL, "§3"), (KSL, "§4")]


def test_nonexistent_section_is_parsed_as_asked(parser: ReferenceParser) -> None:
    # the parser reports what was asked; the retriever decides it is missing (see test_hybrid)
    assert [(r.doc_id, r.section_key) for r in parser.parse("krisesenterlova § 42")] == [(KSL, "§42")]


def test_no_reference_in_plain_question(parser: ReferenceParser) -> None:
    assert parser.parse("hvor mange bydeler fikk lovbrudd i 2023?") == []


def test_strip_leaves_the_topic(parser: ReferenceParser) -> None:
    assert parser.strip("hva sier krisesenterlova § 4?") == "hva sier"
    assert "lovlighetstilsyn" in parser.strip("kommuneloven § 30-2 om lovlighetstilsyn")


def test_canonical_and_display() -> None:
    assert canonical("Koml.") == canonical("koml") == "koml"
    assert canonical("IP-forskrifta") == canonical("ip-forskriften") == "ipforskrift"  # one name, as written
    assert canonical("krisesenterloven") == canonical("Krisesenterlova") == "krisesenterlov"
    assert section_display("§5a") == "§ 5 a" and section_display("§25-1") == "§ 25-1"


def test_unknown_laws(parser: ReferenceParser) -> None:
    assert parser.unknown_laws("hva sier forvaltningsloven om dette?") == ["forvaltningsloven"]
    assert parser.unknown_laws("hva sier plan- og bygningsloven og krisesenterlova?") == []
    assert parser.unknown_laws("står det noe i loven om dette?") == []
    assert parser.unknown_laws("hva sier forskrifta om vinduer?") == []
    # a coordinated name whole, not its last word
    assert parser.unknown_laws("barnet har en koordinator etter helse- og omsorgstenestelova") == [
        "helse- og omsorgstenestelova"]
    assert parser.unknown_laws("etter «helse- og omsorgstjenesteloven»?") == ["helse- og omsorgstjenesteloven"]


def test_a_ledd_named_after_the_section_is_kept(parser: ReferenceParser) -> None:
    refs = parser.parse("hva sier krisesenterlova § 2 andre ledd bokstav d?")
    assert [(r.doc_id, r.section_key, r.ledd) for r in refs] == [(corpus.KSL, "§2", 2)]
    refs = parser.parse("§ 9 første ledd i krisesenterlova")  # the law after the ledd still binds the §
    assert [(r.doc_id, r.section_key, r.ledd) for r in refs] == [(corpus.KSL, "§9", 1)]
    assert parser.parse("kommuneloven § 30-4, 2. ledd")[0].ledd == 2
    # a list item between the § and the law named after it: still that law's § (it was read as no law's)
    refs = parser.parse("Kva seier § 4 bokstav d i forskrift om individuell plan? Gjeld det oss?")
    assert [(r.doc_id, r.section_key, r.ledd) for r in refs] == [(IP, "§4", None)]
    refs = parser.parse("hva sier § 2 andre ledd bokstav b i boligsosialloven")
    assert [(r.doc_id, r.section_key, r.ledd) for r in refs] == [(BSL, "§2", 2)]
    assert [r.ledd for r in parser.parse("§§ 2 og 3 andre ledd")] == [None, None]  # ambiguous over a list
    # the list item named is kept too
    assert [(r.ledd, r.bokstav) for r in parser.parse("IP-forskrifta § 9 tredje ledd bokstav h")] == [(3, "h")]
    assert [(r.ledd, r.bokstav) for r in parser.parse("kva seier § 4 bokstav d i forskrift om individuell plan")] \
        == [(None, "d")]
    assert parser.parse("krisesenterlova § 2 andre ledd")[0].bokstav is None
    # a list of items pins none of them
    for question in ("kommuneloven § 25-1 tredje ledd bokstav d og e", "§ 9 bokstavene a og b", "§ 9 bokstav a–c",
                     "§ 9 bokstav a, b og c", "§ 9 tredje ledd bokstav h og i"):
        assert parser.parse(question)[0].bokstav is None, question


def test_a_ledd_named_before_the_section_is_kept(parser: ReferenceParser) -> None:
    """"det nye tredje leddet i krisesenterlova § 2" names the ledd before its §, as Norwegian often does."""
    refs = parser.parse("Kva står det i det nye tredje leddet i krisesenterlova § 2 som gjeld frå 1. januar 2026?")
    assert [(r.doc_id, r.section_key, r.ledd) for r in refs] == [(corpus.KSL, "§2", 3)]
    assert parser.parse("Hva sier andre ledd i § 6?")[0].ledd == 2
    assert parser.parse("Gjelder 2. ledd av kommuneloven § 30-4 oss?")[0].ledd == 2
    assert parser.parse("første ledd i forskrift om individuell plan § 2")[0].ledd == 1  # a law's name of four words
    # an ordinal that does not name a ledd of this §, or a ledd of something else named before it, is not read as one
    assert parser.parse("Det andre spørsmålet gjelder krisesenterlova § 2")[0].ledd is None
    assert parser.parse("Tredje ledd sier noe om barn, men hva sier egentlig krisesenterlova § 3?")[0].ledd is None
    assert parser.parse("Tredje ledd i loven sier noe om barn, men hva sier krisesenterlova § 3?")[0].ledd is None
    assert parser.parse("Andre ledd i loven, hva med § 3?")[0].ledd is None
    assert parser.parse("Tredje ledd i kommuneloven viser til § 25-1")[0].ledd is None
    # several ledd name no single one (as after the §)
    assert parser.parse("Hva sier første og andre ledd i kommuneloven § 30-7?")[0].ledd is None
    assert parser.parse("første til tredje ledd i § 2")[0].ledd is None


def test_a_list_item_named_before_the_section_is_kept(parser: ReferenceParser) -> None:
    """"Hva handler bokstav g i § 9 tredje ledd i IP-forskriften om?": the item named before its § was lost, and
    the answer quoted bokstav a–c of the ledd. Only a law's name (after a ledd named before, if any) may stand
    between the item and its §, as for a ledd named before it."""
    [ref] = parser.parse("Hva handler bokstav g i § 9 tredje ledd i IP-forskriften om?")
    assert (ref.doc_id, ref.section_key, ref.ledd, ref.bokstav) == (IP, "§9", 3, "g")
    [ref] = parser.parse("hva betyr bokstav c i kml § 25-1? noe med avvik?")
    assert (ref.section_key, ref.bokstav) == ("§25-1", "c")
    [ref] = parser.parse("Kva seier bokstav d i andre ledd i krisesenterlova § 2?")
    assert (ref.doc_id, ref.section_key, ref.ledd, ref.bokstav) == (corpus.KSL, "§2", 2, "d")
    [ref] = parser.parse("Kva seier bokstav d i andre ledd i § 2?")
    assert (ref.section_key, ref.ledd, ref.bokstav) == ("§2", 2, "d")
    # the item nearest the §: "bokstav a i § 3 og bokstav b i § 4"
    assert [(r.section_key, r.bokstav) for r in parser.parse("Hva sier bokstav a i § 3 og bokstav b i § 4?")] == [
        ("§3", "a"), ("§4", "b")]
    # something else named between, or several items, pin none
    assert parser.parse("Bokstav c i rapporten var uklar, men hva sier § 3?")[0].bokstav is None
    assert parser.parse("Hva er forskjellen på bokstav a og bokstav b i § 9?")[0].bokstav is None
    assert parser.parse("Er bokstav a eller bokstav b i § 9 relevant?")[0].bokstav is None


def test_an_amending_acts_renumbering_note_maps_todays_ledd_to_the_old_number() -> None:
    assert renumbered_ledd("Noverande § 2 tredje til sjette ledd blir fjerde til nytt sjuande ledd.") == {
        4: 3, 5: 4, 6: 5, 7: 6}
    assert renumbered_ledd("Noverande § 3 andre og tredje ledd blir tredje og nytt fjerde ledd.") == {3: 2, 4: 3}
    assert renumbered_ledd("§ 2 andre og tredje ledd skal lyde:") == {}


def test_a_named_ledd_that_the_amendment_only_renumbered_is_found_by_todays_number() -> None:
    """"§ 3 tredje ledd" today is the consolidated text's andre ledd (tolk): the amendment inserted a new
    andre ledd; quoting the consolidated tredje ledd would give another duty under today's number."""
    old = corpus.law(corpus.KSL, "§3", "Individuell tilrettelegging", [
        "Kommunen skal sørgje for at tilbodet blir lagt til rette.",
        "Kommunen skal sørgje for tilgang til kvalifisert tolk.",
        "Kommunen skal ta vare på barn på ein god måte."], short="krisesenterlova")
    new = corpus.amendment("§3", [(2, "Dei særskilde rettane til samiske brukarar skal varetakast.")],
                           "Noverande § 3 andre og tredje ledd blir tredje og nytt fjerde ledd.")
    ledd = [old.model_copy(update={"chunk_id": f"{old.chunk_id[:-1]}{p.ledd}", "passages": [p], "text": p.text})
            for p in old.passages]
    retriever = HybridRetriever([*ledd, new], parser=ReferenceParser.from_names(corpus.ALIASES))
    hit = retriever.retrieve("hva sier krisesenterlova § 3 tredje ledd?").hits[0].chunk
    assert hit.passages[0].ledd == 2 and "tolk" in hit.text
    today_andre = retriever.retrieve("krisesenterlova § 3 andre ledd").hits[:2]
    assert any("samiske" in h.chunk.text for h in today_andre)  # the amendment's new andre ledd


def test_a_shared_name_stays_with_its_owner_unless_only_the_other_law_has_the_section(
        kb_chunks: list[Chunk], store: InMemoryChunkStore, fake_embedder: HashingEmbedder) -> None:
    """"kml" is kommuneloven's; "kml § 4" can only be krisesenterlova's (kommuneloven numbers by chapter)."""
    parser = ReferenceParser.from_names(corpus.ALIASES, shared=[(corpus.KSL, ["kml"])])
    assert parser.parse("kml § 25-1")[0].doc_id == corpus.KOML
    assert parser.alternatives(parser.parse("kml § 4")[0]) == [corpus.KSL]
    assert parser.laws_named("internkontroll etter kml") == [corpus.KOML]
    retriever = HybridRetriever(kb_chunks, parser=parser, dense=store, embedder=fake_embedder, primary_doc=corpus.KSL)
    found = retriever.retrieve("hva sier kml § 4?")
    assert not found.missing and found.hits[0].exact_reference
    assert (found.hits[0].chunk.doc_id, found.hits[0].chunk.section_key) == (corpus.KSL, "§4")
    # without the shared name the reference stays kommuneloven's, which has no § 4
    plain = HybridRetriever(kb_chunks, parser=ReferenceParser.from_names(corpus.ALIASES), dense=store,
                            embedder=fake_embedder, primary_doc=corpus.KSL)
    assert plain.retrieve("hva sier kml § 4?").missing


def test_the_renumbering_sentence_is_quoted_as_the_act_words_it() -> None:
    text = "Ny tekst.\nNoverande § 3 andre og tredje ledd blir tredje og\nnytt fjerde ledd.\nAnna."
    assert renumbering_sentences(text) == ["Noverande § 3 andre og tredje ledd blir tredje og nytt fjerde ledd."]
    assert renumbering_sentences("Ingen flytting her.") == []


def test_words_before_loven_are_no_law_name_unless_they_make_one(parser: ReferenceParser) -> None:
    """"kommunen loven" is not kommuneloven: a two-word name is joined only into an exact known name."""
    assert parser.laws_named("Bryter kommunen loven hvis vi ikke har rutiner?") == []
    assert [(r.doc_id, r.section_key) for r in parser.parse("Bryter kommunen loven § 4?")] == [(None, "§4")]


def test_a_section_named_without_its_law_yields_to_the_same_number_named_with_one(parser: ReferenceParser) -> None:
    """"sjefen sa «§ 25-1», men i pbl § 25-1 står noe annet": what is asked is the pbl §, not a guess at which
    law the bare "§ 25-1" belongs to; a bare § of another number stays."""
    refs = parser.parse("sjefen sa internkontrollen står i «§ 25-1», men hva står det i plan- og bygningsloven § 25-1?")
    assert [(r.section_key, r.doc_id) for r in refs] == [("§25-1", corpus.PBL)]
    refs = parser.parse("står det i § 4, eller i kommuneloven § 25-1?")
    assert [(r.section_key, r.doc_id) for r in refs] == [("§4", None), ("§25-1", corpus.KOML)]
    # a bare § with a ledd of its own is the named law's, not dropped
    refs = parser.parse("Hva står i § 3 andre ledd, og hva sier krisesenterlova § 3 første ledd?")
    assert [(r.section_key, r.doc_id, r.ledd) for r in refs] == [("§3", corpus.KSL, 2), ("§3", corpus.KSL, 1)]


def test_an_abbreviation_of_a_law_we_lack_names_that_law_not_a_guess_at_the_bare_section() -> None:
    """"bvl § 13-4" is barnevernsloven's § 13-4: not kommuneloven § 13-4 read from the bare number."""
    parser = ReferenceParser.from_names(corpus.ALIASES, others=[("barnevernsloven", ["bvl"]),
                                                               ("helse- og omsorgstjenesteloven", ["hol"]),
                                                               ("kommuneloven", ["kml"])])
    [ref] = parser.parse("bvl § 13-4 hvilken frist har vi?")
    assert ref.doc_id is None and parser.unknown_name(ref.unknown_law) == "barnevernsloven"
    assert parser.name_of(ref) == "barnevernsloven"
    assert parser.unknown_laws("hol § 7-2 a hvem har rett på barnekoordinator") == ["helse- og omsorgstjenesteloven"]
    # an indexed law's own abbreviation is never taken for another law
    [ref] = parser.parse("kml § 25-1")
    assert ref.doc_id == corpus.KOML and parser.unknown_laws("kml § 25-1") == []


def test_an_abbreviation_written_as_a_name_is_no_law_unless_a_section_stands_beside_it() -> None:
    """"Hol" is a kommune (and "hol" a nynorsk word): "en kvinne fra Hol kommune" names no law; "hol § 7-2 a"
    and "HOL" do."""
    parser = ReferenceParser.from_names(corpus.ALIASES, others=[("helse- og omsorgstjenesteloven", ["hol"])])
    assert parser.unknown_laws("Hva må kommunen gjøre når en kvinne fra Hol kommune trenger krisesenter?") == []
    assert parser.unknown_laws("Hol § 7-2 a: hvem har rett på barnekoordinator?") == ["helse- og omsorgstjenesteloven"]
    assert parser.unknown_laws("hva sier HOL om barnekoordinator?") == ["helse- og omsorgstjenesteloven"]


def test_chapters_named_are_read_with_the_section_references() -> None:
    assert chapters_named("Reglane i kommuneloven kapittel 30 gjeld for tilsynet.") == {"30"}
    assert chapters_named("jf. kml. kap. 25 og Kapittel 24") == {"25", "24"}
    assert chapters_named("kapitalen i kommunen") == set()


def test_a_law_named_with_a_hyphen_is_one_name_not_a_bare_section() -> None:
    """"NAV-lova § 7" is a § of a law we lack: split at the hyphen it named no law, its § was read as
    krisesenterlova § 7 (politiattest) and quoted as the answer. Names we hold keep working with or
    without the hyphen."""
    parser = ReferenceParser.from_names(
        [*corpus.ALIASES, (IP, ["forskrift om individuell plan", "ip-forskriften", "ip-forskrifta",
                                "individuell plan-forskriften"])],
        others=[("NAV-loven", ["navl"])])
    for question in ("Kva seier NAV-lova § 7 om teieplikt?", "Hva sier Nav-loven § 14 a?"):
        [ref] = parser.parse(question)
        assert ref.doc_id is None and parser.name_of(ref) == "NAV-loven"
        assert parser.unknown_laws(question) == ["NAV-loven"]
    [ref] = parser.parse("politiregister-loven § 39")  # a hyphenated name no list knows: still a law we lack
    assert ref.doc_id is None and ref.unknown_law == "politiregisterlov"
    # names we hold, with the hyphen, without it, and as the retriever reads them (abbreviations spelled out:
    # "IP forskrifta" is "individuell plan forskrifta", the alias "individuell plan-forskriften" split)
    for question, doc_id in (("etter IP-forskrifta § 5", IP), ("etter IP forskrifta § 5", IP),
                             (spell_out("etter IP forskrifta § 5"), IP), ("individuell plan forskriften § 5", IP),
                             ("krisesenter-loven § 3", KSL)):
        [ref] = parser.parse(question)
        assert (ref.doc_id, ref.unknown_law) == (doc_id, ""), question
    assert parser.laws_named("Hva sier individuell plan forskriften om koordinator?") == [IP]
    assert canonical("plan- og bygningsloven") == "plan og bygningslov"  # a coordinated name is not joined
    # a word that only begins like a law word is no law's name
    assert canonical("krisesenter-lovverket") == "krisesenter lovverket"
    assert parser.unknown_laws("hva sier barnevern-lovgivningen om dette?") == []


def test_two_spellings_of_one_law_close_to_a_typo_are_that_law() -> None:
    """"sikkerhet-forskriften" is a letter from both "sikkerhetsforskriften" and "sikkerheitsforskrifta":
    two names of one regulation, so no doubt which law it is (it was left unknown, and its § read as
    krisesenterlova's)."""
    safety = "FOR-2017-03-07-282"
    parser = ReferenceParser.from_names([*corpus.ALIASES, (safety, ["sikkerhetsforskriften", "sikkerheitsforskrifta"])])
    [ref] = parser.parse("fysisk sikkerhet-forskriften § 4 andre ledd bokstav c – hvem flytter beboeren?")
    assert (ref.doc_id, ref.section_key, ref.ledd) == (safety, "§4", 2)
    # a name a letter from the names of two laws stays unknown
    parser = ReferenceParser.from_names([("A", ["kontrollov", "kontrolloven", "kontrollova"]), ("B", ["kontrallov"])])
    assert parser.laws_named("hva sier kontrellov om dette?") == []


def test_a_law_name_cut_short_as_legal_writing_cuts_it_is_that_law(parser: ReferenceParser) -> None:
    """"IP-forskr. § 9 tredje ledd" named no law, and its § was read as krisesenterlova § 9 and quoted as the
    answer. "forskr." is forskrift wherever it stands; a name cut at "l." right before a § is the known law
    it begins, and nothing else: a sentence ending "… bydel." before a § names no law, not even an unknown one."""
    for question, doc_id, key, ledd in (
        ("IP-forskr. § 9 tredje ledd – hva skal stå i planen?", IP, "§9", 3),
        ("Forskr. om individuell plan § 2", IP, "§2", None),
        ("Krisesenterl. § 6 andre ledd bokstav e – hvilken situasjon gjelder den?", KSL, "§6", 2),
        ("kva seier kommunel. § 25-1?", KOML, "§25-1", None),
        ("boligsosiall. § 6", BSL, "§6", None),
    ):
        [ref] = parser.parse(question)
        assert (ref.doc_id, ref.section_key, ref.ledd) == (doc_id, key, ledd), question
    [ref] = parser.parse("Vi har en sak i vår bydel. § 3 sier hva?")
    assert (ref.doc_id, ref.unknown_law) == (None, "")
    assert parser.laws_named("Vi har en sak i vår bydel.") == []


@pytest.mark.parametrize(
    ("question", "laws"),
    [
        ("Hva er egentlig poenget med krisesenterloven?? Skal forklare det kort for noen nye på NAV", [KSL]),
        ("Kort forklart – hva skal boligsosialloven egentlig oppnå?", [BSL]),
        ("kva er krisesenterlova til for?", [KSL]),
        ("Hva er formålet med den nye boligsosiale loven?", [BSL]),
        ("Hva står i formålsparagrafen i kommuneloven?", [KOML]),
        ("Hva er krisesenterlovens formål?", [KSL]),
        # the purpose of something a law governs, not of the law
        ("Hva er formålet med samarbeidet etter krisesenterlova?", []),
        ("hva er hensikten med en ROS-analyse etter kommuneloven?", []),
        ("Hva er formålet med tilsynet, og hva sier kommuneloven om det?", []),
        ("Hva skal kommunen oppnå med boligsosialloven?", []),
        # a chapter of the law: its purpose is not the law's (plan- og bygningsloven kap. 14 has its own)
        ("Hva er hensikten med kommuneloven kapittel 25?", []),
    ],
)
def test_a_question_about_a_laws_purpose_names_that_law(parser: ReferenceParser, question: str,
                                                         laws: list[str]) -> None:
    """"Hva er poenget med krisesenterloven?" asks for the law's purpose §; "formålet med samarbeidet etter
    krisesenterlova" asks about the cooperation, which the law's purpose § does not state."""
    assert parser.roles_asked(question) == [(law, PURPOSE) for law in laws]


@pytest.mark.parametrize(
    ("question", "laws"),
    [
        ("Når kom krisesenterlova eigentleg i kraft?", [KSL]),
        ("Fra når gjelder boligsosialloven? Trenger datoen til et notat.", [BSL]),
        ("Kva tid vart krisesenterlova sett i kraft?", [KSL]),
        ("Når tok IP-forskriften til å gjelde?", [IP]),
        ("Siden når har boligsosialloven gjeldt?", [BSL]),
        # an amendment may be meant: not the law's own entry into force
        ("Når trer de nye reglene i krisesenterlova i kraft?", []),
        ("Når trådte den nye krisesenterlova i kraft?", []),
        # … but a law no indexed act amends is new itself
        ("Når trådte den nye boligsosiale loven i kraft egentlig?", [BSL]),
        # a chapter may have come into force on another day; "når gjelder" asks where it applies
        ("Når har kommuneloven kapittel 25 gjeldt fra?", []),
        ("Når gjelder krisesenterlova?", []),
        # "fra når gjelder <law>" asks about the law only when nothing follows its name
        ("Fra når gjelder krisesenterlova sine nye regler om samiske brukere?", []),
        ("Fra når gjelder kommuneloven kapittel 25?", []),
        # how long a law has been in force is counted from the day it came into force; "når kom <law>" alone asks that day
        ("Kor lenge har IP-forskrifta eigentleg gjeldt? Når kom ho?", [IP]),
        ("Hvor lenge har boligsosialloven vært i kraft?", [BSL]),
        ("Når kom boligsosialloven?", [BSL]),
        # named with a determiner and an adjective, and whom it is for (fresh236's ob008)
        ("når kom egentlig den felles IP-forskriften for NAV, barnevern og helse?", [IP]),
        ("Når kom den felles boligsosialloven for kommunene?", [BSL]),
        # … but "hvor lenge gjelder X" asks when it ends, and "når kom X med …" about something in it
        ("Hvor lenge gjelder boligsosialloven?", []),
        ("Når kom krisesenterlova med reglene om samiske brukere?", []),
        ("Når kom krisesenterlova for menn med nye regler?", []),
        ("Når kom den nye krisesenterlova?", []),
        # … nor of a law an indexed act amends: "den endrede krisesenterlova", the rules "for samiske brukere" may be
        # the amendment's
        ("Når kom den endrede krisesenterlova?", []),
        ("Når trådte den reviderte krisesenterloven i kraft?", []),
        ("Når kom krisesenterlova for samiske brukere?", []),
        ("Fra når gjelder krisesenterlova for samiske brukere?", []),
        ("Fra når gjelder boligsosialloven for kommunene?", []),
        # a pronoun and a preposition: when something came into the law
        ("Regelen om samiske brukere, når kom den i krisesenterlova?", []),
        ("Når kom det i boligsosialloven?", []),
    ],
)
def test_a_question_about_when_a_law_came_into_force_names_that_law(parser: ReferenceParser, question: str,
                                                                      laws: list[str]) -> None:
    """"Den nye krisesenterlova" may mean the law as the 2025 act amended it (krisesenterlova is amended by an indexed
    act here); "den nye boligsosiale loven" is the law itself."""
    assert parser.roles_asked(question, amended={KSL}) == [(law, IN_FORCE) for law in laws]


def test_a_lovdata_link_is_read_as_the_act_and_section_it_names(parser: ReferenceParser) -> None:
    """A pasted Lovdata address names an act and often a § in it: "…/lov/2022-12-20-121/§5" is boligsosialloven § 5,
    never krisesenterlova § 5 (read as words it named no law, and its bare § 5 went to krisesenterlova). Slack's
    "<url|label>", a percent-encoded "§", the long "dokument/NL/…" form and a chapter anchor are read the same way;
    a link to an act the index lacks names that act as missing."""
    assert lovdata_links("se https://lovdata.no/lov/2022-12-20-121/§5 nå") == "se  LOV-2022-12-20-121 § 5  nå"
    # a chapter anchor counts by place in a law with parts (pbl kapittel 20 is "KAPITTEL_4-1"): not read
    assert lovdata_links("lovdata.no/dokument/NL/lov/2008-06-27-71/KAPITTEL_4-1") == " LOV-2008-06-27-71 "
    assert lovdata_links("https://lovdata.no/forskrift/2017-03-07-282/%C2%A74").strip() == "FOR-2017-03-07-282 § 4"
    assert lovdata_links("https://www.vg.no/lov/2022-12-20-121/§5") == "https://www.vg.no/lov/2022-12-20-121/§5"
    [ref] = parser.parse("Gjelder <https://lovdata.no/lov/2022-12-20-121/§5|lovdata.no/lov/2022-12-20-121/§5> for oss?")
    assert (ref.section_key, ref.doc_id) == ("§5", BSL)
    [ref] = parser.parse("hva betyr https://lovdata.no/dokument/NL/lov/2018-06-22-83/KAPITTEL_30#§30-4 for bydelen?")
    assert (ref.section_key, ref.doc_id) == ("§30-4", KOML)
    [ref] = parser.parse("hva står i https://lovdata.no/lov/1992-07-17-100/§4-12 ?")
    assert (ref.section_key, ref.doc_id, ref.unknown_law) == ("§4-12", None, "LOV-1992-07-17-100")
    assert parser.laws_named("Hva er formålet med https://lovdata.no/lov/2022-12-20-121?") == [BSL]


def test_an_act_is_cited_by_its_date_and_number(parser: ReferenceParser) -> None:
    """"lov 20. juni 2025 nr. 39" and "LOV-2025-06-20-39" cite one act; a § right after it ("… nr. 39 i § 6") or
    before it ("§ 6 i lov …") is read with it. An act the index lacks is the reference's unknown law (shown by its
    citation); one it holds is read as itself."""
    assert acts_cited("Kva endrar lov 20. juni 2025 nr. 39 i § 6? Og LOV-2021-06-18-97?") == [
        "LOV-2025-06-20-39", "LOV-2021-06-18-97"]
    assert acts_cited("forskrift 7. mars 2017 nr. 282") == ["FOR-2017-03-07-282"]
    # a second § after the act is that act's too, as a second § after a law's name is that law's; a law named after
    # the act takes over from it
    refs = parser.parse("Hva sier lov 20. juni 2025 nr. 39 § 6 og § 7?")
    assert [(r.section_key, r.unknown_law) for r in refs] == [("§6", "LOV-2025-06-20-39"), ("§7", "LOV-2025-06-20-39")]
    # an act named in passing is not the law of a § asked about after it: the amended law's is
    refs = parser.parse("krisesenterlova § 6 ble endret ved lov 20. juni 2025 nr. 39. Hva sier § 7?")
    assert [(r.section_key, r.doc_id, r.unknown_law) for r in refs] == [("§6", KSL, ""), ("§7", KSL, "")]
    refs = parser.parse("Hva sier lov 20. juni 2025 nr. 42 § 2, og hva sier krisesenterlova § 3 og § 4?")
    assert [(r.section_key, r.doc_id) for r in refs] == [("§2", corpus.ACT), ("§3", KSL), ("§4", KSL)]
    # the number first, as the act's heading has it: "lov nr. 44 av 19. juni 2009"
    assert acts_cited("Hva sier lov nr. 39 av 20. juni 2025 § 6?") == ["LOV-2025-06-20-39"]
    [ref] = parser.parse("Hva sier lov nr. 39 av 20. juni 2025 § 6?")
    assert ref.unknown_law == "LOV-2025-06-20-39"
    assert acts_cited("lov 31. februarx 2025 nr. 3, § 20 juni 2025") == []  # no month, no number: no act
    assert act_name("LOV-2025-06-20-39") == "lov 20. juni 2025 nr. 39"
    [ref] = parser.parse("Kva endrar lov 20. juni 2025 nr. 39 i § 6?")
    assert (ref.section_key, ref.doc_id, ref.unknown_law) == ("§6", None, "LOV-2025-06-20-39")
    [ref] = parser.parse("Hva står i § 6 i lov 20. juni 2025 nr. 39?")
    assert ref.unknown_law == "LOV-2025-06-20-39"
    [ref] = parser.parse("Hva sier lov 20. juni 2025 nr. 42 § 2?")
    assert (ref.doc_id, ref.unknown_law) == (corpus.ACT, "")
    assert parser.unknown_laws("Hva endret lov 18. juni 2021 nr. 97?") == ["lov 18. juni 2021 nr. 97"]
    assert parser.unknown_laws("Hva endret lov 20. juni 2025 nr. 42?") == []
    # a day this month lacks is still a citation, of an act the index cannot hold (not a bare § of another law)
    assert acts_cited("Hva sier lov 31. februar 2025 nr. 3 § 2?") == ["LOV-2025-02-31-3"]
    assert is_act_id("LOV-2025-02-31-3") and not is_act_id("krisesenterlova")
    # an indexed act named by its date and number, without a §, is that law
    assert parser.laws_named("Hva er formålet med lov 20. desember 2022 nr. 121?") == [BSL]
    assert parser.roles_asked("Når trådte LOV-2022-12-20-121 i kraft?") == [(BSL, IN_FORCE)]


@pytest.mark.parametrize(("note", "repeal"), [
    ("Oppheves ved lov 25 juni 2024 nr. 53 (i kraft 1 juli 2026).", True),
    ("Vert oppheva ved lov 1. juli 2027 nr. 9.", True),
    ("Blir opphevet ved lov 20 juni 2025 nr. 3 (i kraft 1 jan 2027).", True),
    ("Endres ved lov 20 juni 2025 nr. 42 (i kraft 1 jan 2026).", False),
    ("Vert endra ved lov 20 juni 2025 nr. 39 (i kraft frå den tid Kongen bestemmer).", False),
    ("Endres ved lov 1 juli 2027 nr. 9: første ledd oppheves.", False),  # a ledd of it, not the §
    ("", False),
])
def test_a_note_that_repeals_the_section_is_told_from_one_that_changes_it(note: str, repeal: bool) -> None:
    assert repeals(note) is repeal
