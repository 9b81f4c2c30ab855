"""Probe questions (`knowledge/questions/`): resolved to their unit by meaning, stored in Chroma beside the
chunks, re-embedded only when they or their units change, and a third ranked list in retrieval."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pytest

from bot.domain import Audience, Passage, SourceKind
from bot.errors import ValidationFailedError
from bot.retrieval.features import best_coverage, coverage
from bot.retrieval.hybrid import HybridRetriever
from bot.retrieval.probes import UNANSWERED, ProbeMatrix, StoredProbe
from bot.retrieval.ranker import LinearModel
from bot.retrieval.references import ReferenceParser
from bot.settings import Settings
from ingest.index.chroma_store import ChunkStore
from ingest.indexer import Indexer
from ingest.probes import load_probe_files, resolve
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.embedder import HashingEmbedder
from tests.fakes.sources import FakeSources
from tests.index.conftest import make_chunk

SAMORDNING_1 = "Kommunen skal sørgje for at krisesentertilbodet samarbeider med andre delar av tenesteapparatet."
SAMORDNING_2 = "Kommunen skal samordne tenestetilbodet etter første ledd."
LAW = make_chunk("krisesenterlova", "§4", f"§ 4 Samarbeid og samordning {SAMORDNING_1} {SAMORDNING_2}",
                 doc_id="LOV-KSL", passages=[Passage(text=SAMORDNING_1, ledd=1), Passage(text=SAMORDNING_2, ledd=2)])
LEDD_2 = make_chunk("krisesenterlova", "§4", f"§ 4 Samarbeid og samordning {SAMORDNING_2}", doc_id="LOV-KSL",
                    chunk_id="LOV-KSL|§4|p2", passages=[Passage(text=SAMORDNING_2, ledd=2)])
LETTER = make_chunk("brev", "Hva fant vi?", "Tre bydeler hadde lovbrudd. Fristen ble utsatt for én bydel.",
                    doc_id="BREV", kind=SourceKind.FINDING, section_key="")

PROBES = """\
doc: LOV-KSL
units:
  - section: "§4"
    ledd: 2
    questions:
      - "Hvem har ansvaret for å koordinere hjelpen til en beboer etter krisesenteret?"
  - section: "§9"
    ledd: 1
    questions:
      - "Hvem fører tilsyn?"
"""
LETTER_PROBES = """\
doc: BREV
units:
  - contains: "Fristen ble utsatt"
    questions:
      - "Fikk noen bydel lengre tid på seg?"
"""
UNANSWERED_FILE = """\
unanswered:
  - "Har barna rett på barnehageplass i bydelen?"
  - "Hva koster en plass på krisesenteret?"
"""


def _knowledge(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "knowledge" / "questions"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "knowledge"


def test_probes_resolve_by_section_and_ledd_or_by_a_phrase_and_report_what_is_missing(tmp_path: Path) -> None:
    files = load_probe_files(_knowledge(tmp_path, ksl=PROBES, brev=LETTER_PROBES))
    probes, missing = resolve(files, [LAW, LEDD_2, LETTER])
    assert {(p.question.split()[0], p.chunk_id) for p in probes} == {
        ("Fikk", LETTER.chunk_id),
        ("Hvem", LAW.chunk_id),  # ledd 2 is first held by the unit with both ledd
    }
    assert missing == ["ksl.yaml: LOV-KSL §9 ledd 1"]  # never moved to a neighbouring §


def test_a_phrase_found_in_two_units_does_not_resolve(tmp_path: Path) -> None:
    ambiguous = "doc: LOV-KSL\nunits:\n  - contains: \"samordne tenestetilbodet\"\n    questions: [\"Må vi samordne?\"]\n"
    probes, missing = resolve(load_probe_files(_knowledge(tmp_path, ksl=ambiguous)), [LAW, LEDD_2])
    assert probes == [] and len(missing) == 1


@pytest.mark.parametrize("text", ["doc: X\nunits:\n  - questions: [\"a?\"]\n",  # names no unit
                                  "doc: X\nunits: [\n", "- just a list\n", "doc: X\nfoo: 1\n",
                                  "units:\n  - section: \"§4\"\n    questions: [\"a?\"]\n",  # units of no document
                                  "unanswered:\n  - \"\"\n"])  # an empty question
def test_a_broken_probe_file_is_refused_naming_the_file(tmp_path: Path, text: str) -> None:
    with pytest.raises(ValidationFailedError) as error:
        load_probe_files(_knowledge(tmp_path, broken=text))
    assert "broken.yaml" in error.value.user_message


def test_ingest_stores_probes_once_and_again_only_when_they_change(tmp_path: Path, settings: Settings) -> None:
    settings = settings.model_copy(update={"knowledge_dir": _knowledge(tmp_path, ksl=PROBES, brev=LETTER_PROBES)})
    sources = FakeSources({"krisesenterlova": [LAW], "brev": [LETTER]})
    report = Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    assert (report.probes_embedded, report.probe_problems) == (2, ["ksl.yaml: LOV-KSL §9 ledd 1"])
    stored = ChunkStore(settings, HashingEmbedder()).all_probes()
    assert sorted(p.chunk_id for p in stored) == sorted([LAW.chunk_id, LETTER.chunk_id])
    assert "Fikk noen bydel lengre tid på seg?" in {p.question for p in stored}  # the keyword list reads them
    # a chunk query never returns a probe question
    vector = HashingEmbedder().embed_query("Fikk noen bydel lengre tid på seg?")
    assert {c.chunk_id for c, _ in ChunkStore(settings, HashingEmbedder()).query(vector, 10)} <= {
        LAW.chunk_id, LETTER.chunk_id}

    again = Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    assert again.probes_embedded == 0  # nothing changed: nothing embedded

    (settings.knowledge_dir / "questions" / "brev.yaml").write_text(
        LETTER_PROBES.replace("lengre tid", "utsatt frist"), encoding="utf-8")
    changed = Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    assert changed.probes_embedded == 1  # only the changed question: the other keeps its stored vector
    stored = ChunkStore(settings, HashingEmbedder()).all_probes()
    assert len(stored) == 2 and "Fikk noen bydel utsatt frist på seg?" in {p.question for p in stored}
    kept = next(p for p in stored if p.chunk_id == LAW.chunk_id)
    assert kept.vector == pytest.approx(HashingEmbedder().embed_query(kept.question), abs=1e-6)


def test_unanswered_questions_are_stored_with_no_unit_and_never_rank_one(tmp_path: Path, settings: Settings) -> None:
    """A file of questions no indexed source answers (`unanswered:`): stored beside the probes with no
    unit; the probe ranking never returns them, only `nearest_unanswered` reads them."""
    settings = settings.model_copy(update={"knowledge_dir": _knowledge(tmp_path, brev=LETTER_PROBES,
                                                                       unanswered=UNANSWERED_FILE)})
    sources = FakeSources({"krisesenterlova": [LAW], "brev": [LETTER]})
    report = Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    assert (report.probes_embedded, report.probe_problems) == (3, [])
    stored = ChunkStore(settings, HashingEmbedder()).all_probes()
    assert sorted(p.chunk_id for p in stored) == sorted([UNANSWERED, UNANSWERED, LETTER.chunk_id])
    matrix = ProbeMatrix(stored)
    vector = HashingEmbedder().embed_query("Har barna rett på barnehageplass i bydelen?")
    assert [cid for cid, _ in matrix.rank(vector, 10)] == [LETTER.chunk_id]
    assert matrix.nearest_unanswered(vector) == pytest.approx(1.0, abs=1e-5)  # the same question, stored
    assert matrix.without(["Har barna rett på barnehageplass i bydelen?"]).nearest_unanswered(vector) < 0.9


def test_ingest_names_the_public_documents_that_have_no_probe_questions(tmp_path: Path, settings: Settings) -> None:
    """The answer model weighs what a unit's curated questions cover: the operator is told which
    documents have none (answers from them are declined more often until someone writes some)."""
    settings = settings.model_copy(update={"knowledge_dir": _knowledge(tmp_path, brev=LETTER_PROBES)})
    sources = FakeSources({"krisesenterlova": [LAW], "brev": [LETTER]})
    report = Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    assert report.without_probes == [LAW.title]
    summary = "\n".join(report.summary_lines())
    assert LAW.title in summary and LETTER.title not in summary


def test_a_broken_probe_file_keeps_the_stored_probes_and_the_law_is_indexed(tmp_path: Path,
                                                                             settings: Settings) -> None:
    settings = settings.model_copy(update={"knowledge_dir": _knowledge(tmp_path, brev=LETTER_PROBES)})
    sources = FakeSources({"krisesenterlova": [LAW], "brev": [LETTER]})
    Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    (settings.knowledge_dir / "questions" / "brev.yaml").write_text("doc: [\n", encoding="utf-8")
    report = Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    assert len(report.probe_problems) == 1 and "brev.yaml" in report.probe_problems[0]
    assert report.chunks_total == 2
    assert len(ChunkStore(settings, HashingEmbedder()).all_probes()) == 1


def test_a_probe_question_ranks_its_unit_first_when_the_question_shares_no_word_with_the_law() -> None:
    embedder = HashingEmbedder()
    question = "hvem har ansvaret for å koordinere hjelpen til en beboer etter krisesenteret?"
    other = make_chunk("kommuneloven", "§25-1", "§ 25-1 Internkontroll. Kommunedirektøren har ansvaret for "
                       "internkontrollen, også for hjelpen en beboer får etter krisesenteret.", doc_id="LOV-KL")
    chunks = [LEDD_2, other]
    probes = ProbeMatrix([StoredProbe(LEDD_2.chunk_id, embedder.embed_query(question))])
    parser = ReferenceParser.from_names([])
    dense = InMemoryChunkStore(chunks, embedder)
    plain = HybridRetriever(chunks, parser=parser, dense=dense, embedder=embedder)
    with_probes = HybridRetriever(chunks, parser=parser, dense=dense, embedder=embedder, probes=probes,
                                  probe_weight=2.0)  # above the keyword ranker: the mechanism, not the fit
    assert plain.retrieve(question).hits[0].chunk.chunk_id == other.chunk_id
    assert with_probes.retrieve(question).hits[0].chunk.chunk_id == LEDD_2.chunk_id


def test_probe_matrix_keeps_the_best_question_per_unit_and_ignores_another_models_vectors() -> None:
    matrix = ProbeMatrix([StoredProbe("a", [1.0, 0.0]), StoredProbe("a", [0.8, 0.6]), StoredProbe("b", [0.0, 1.0])])
    assert matrix.rank([1.0, 0.0], 5) == [("a", 1.0), ("b", 0.0)]
    assert matrix.rank([1.0, 0.0, 0.0], 5) == []
    assert ProbeMatrix([]).rank([1.0], 5) == []
    assert matrix.nearest_unanswered([1.0, 0.0]) is None  # none stored: no signal, not 0
    with_unanswered = ProbeMatrix([StoredProbe("a", [1.0, 0.0]), StoredProbe(UNANSWERED, [0.6, 0.8])])
    assert with_unanswered.nearest_unanswered([0.0, 2.0]) == pytest.approx(0.8)
    assert with_unanswered.nearest_unanswered([1.0, 0.0, 0.0]) is None  # another model's vectors


def test_a_question_closer_to_an_unanswered_one_carries_the_margin_to_the_answer_model() -> None:
    """`near_unanswered`: the closest unanswered question's cosine minus the closest answered one's, the
    same for every candidate (it is the question's); no signal (NaN) without unanswered questions."""
    embedder = HashingEmbedder()
    asked = "Har barna på krisesenteret rett på barnehageplass i bydelen?"
    probes = ProbeMatrix([StoredProbe(LEDD_2.chunk_id, embedder.embed_query("Hvem skal samordne tenestene?"),
                                      "Hvem skal samordne tenestene?"),
                          StoredProbe(UNANSWERED, embedder.embed_query(asked), asked)])
    parser = ReferenceParser.from_names([])
    dense = InMemoryChunkStore([LEDD_2], embedder)
    retriever = HybridRetriever([LEDD_2], parser=parser, dense=dense, embedder=embedder, probes=probes,
                                probe_weight=1.0, collect_features=True)
    near = retriever.retrieve(asked).features[LEDD_2.chunk_id]["near_unanswered"]
    answered = float(np.dot(embedder.embed_query(asked), embedder.embed_query("Hvem skal samordne tenestene?")))
    assert near == pytest.approx(1.0 - answered, abs=1e-5) and near > 0.5
    far = retriever.retrieve("Hvem skal samordne tenestene?").features[LEDD_2.chunk_id]["near_unanswered"]
    assert far < 0
    plain = HybridRetriever([LEDD_2], parser=parser, dense=dense, embedder=embedder, collect_features=True,
                            probes=ProbeMatrix([StoredProbe(LEDD_2.chunk_id, embedder.embed_query(asked), asked)]),
                            probe_weight=1.0)
    assert math.isnan(plain.retrieve(asked).features[LEDD_2.chunk_id]["near_unanswered"])  # no signal
    # ... which the answer model reads as its fitted mean: the same probability as that value itself
    model = LinearModel(features=("near_unanswered",), coef=(-2.0,), intercept=0.5, mean=(-0.03,), scale=(0.05,))
    assert model.probability({"near_unanswered": math.nan}) == model.probability({"near_unanswered": -0.03})
    assert model.probability({"near_unanswered": 0.05}) < model.probability({"near_unanswered": math.nan})


def test_probe_coverage_reads_the_units_closest_question_not_all_its_questions_pooled() -> None:
    """A question whose words are spread over several curated questions of a unit, none of which asks it, is not
    covered as one that a single curated question asks: the pooled words of every question a unit ever got would
    cover any question about its subject (the letter's "when did the bydeler close their lovbrudd?" against its
    questions on lovbrudd and on dates)."""
    unit = make_chunk("informasjonsskriv", "Status", "To bydeler har lukket lovbruddene.", doc_id="DOC")
    # the question that asks it is not the first: the largest share over all of a unit's questions counts
    probes = ProbeMatrix([StoredProbe(unit.chunk_id, [1.0], "Hvilken dato sendte SF skrivet?"),
                          StoredProbe(unit.chunk_id, [1.0], "Hvor mange bydeler har lukket lovbruddene?")])
    retriever = HybridRetriever([unit], parser=ReferenceParser.from_names([]), probes=probes, probe_keyword_weight=1.0,
                                collect_features=True)
    spread = retriever.retrieve("Hvilken dato lukket bydelene lovbruddene?").features[unit.chunk_id]["probe_coverage"]
    asked = retriever.retrieve("Hvor mange bydeler lukket lovbruddene?").features[unit.chunk_id]["probe_coverage"]
    assert asked == pytest.approx(1.0)
    assert 0.0 < spread < asked
    # what the pooled text would have said: every word of the spread question is in some curated question
    index = retriever.probe_keyword
    assert index is not None
    assert coverage("Hvilken dato lukket bydelene lovbruddene?", index.chunks[0], index) == pytest.approx(1.0)
    # nothing to read from: no curated question, or a question without content words
    assert best_coverage("Hvor mange bydeler lukket lovbruddene?", (), index) == 0.0
    assert best_coverage("og i på", index.question_terms(unit.chunk_id), index) == 0.0
    assert index.question_terms("no-such-unit") == ()


def test_the_probe_questions_words_find_their_unit_and_the_units_evidence_is_its_own_text() -> None:
    """The keyword list over each unit's curated questions (document expansion): the user's words stand in
    a probe although the statute says it otherwise; coverage, the answer step's evidence, still reads
    only the unit's own text."""
    question = "Kan bydelen klage på pålegget fra Statsforvalteren?"
    appeal = make_chunk("kommuneloven", "§30-5", "§ 30-5 Kommunen kan påklage vedtak etter forvaltningsloven.",
                        doc_id="LOV-KL")
    other = make_chunk("plan- og bygningsloven", "§1-9", "§ 1-9 Klage på bydelen sitt vedtak om pålegg kan "
                       "fremmes etter forvaltningsloven.", doc_id="LOV-PBL")
    chunks = [appeal, other]
    parser = ReferenceParser.from_names([])
    probes = ProbeMatrix([StoredProbe(appeal.chunk_id, [1.0], "Kan bydelen klage hvis SF gir oss pålegg?"),
                          StoredProbe(appeal.chunk_id, [1.0], "Hvem kan klage på vedtak etter tilsyn?")])
    plain = HybridRetriever(chunks, parser=parser, collect_features=True)
    expanded = HybridRetriever(chunks, parser=parser, probes=probes, probe_keyword_weight=2.0, collect_features=True)
    assert plain.retrieve(question).hits[0].chunk.chunk_id == other.chunk_id
    found = expanded.retrieve(question)
    assert found.hits[0].chunk.chunk_id == appeal.chunk_id
    assert found.features[appeal.chunk_id]["probe_kw_rr"] == 0.5  # first in the probe keyword list
    assert found.features[appeal.chunk_id]["coverage"] == plain.retrieve(question).features[appeal.chunk_id]["coverage"]
    # the share of the question the unit's curated questions hold: a signal for the answer decision
    assert found.features[appeal.chunk_id]["probe_coverage"] > found.features[appeal.chunk_id]["coverage"]
    assert found.features[other.chunk_id]["probe_coverage"] == 0.0  # no curated questions
    # off (weight 0, as without fitted models): the list changes nothing, and adds no candidates
    off = HybridRetriever(chunks, parser=parser, probes=probes)
    alone = HybridRetriever(chunks, parser=parser, probes=ProbeMatrix(
        [StoredProbe(appeal.chunk_id, [1.0], "Kan vi motsette oss SF?")]))
    assert [h.chunk.chunk_id for h in off.retrieve(question).hits] == [
        h.chunk.chunk_id for h in plain.retrieve(question).hits]
    # only a probe question holds "motsette": weighed 0, that list must not bring its unit at all
    assert alone.retrieve("motsette").hits == []


def test_the_probe_keyword_list_keeps_the_audience_rule() -> None:
    """A public question never reaches an officers' unit through its curated questions' words."""
    internal = make_chunk("notat", "§1", "§ 1 Interne vurderinger av bydelene.", doc_id="NOTAT",
                          audience=Audience.OFFICERS)
    public = make_chunk("kommuneloven", "§30-5", "§ 30-5 Kommunen kan påklage vedtak.", doc_id="LOV-KL")
    probes = ProbeMatrix([StoredProbe(internal.chunk_id, [1.0], "Hvilke bydeler er vi bekymret for?"),
                          StoredProbe(public.chunk_id, [1.0], "Kan bydelen klage?")])
    retriever = HybridRetriever([internal, public], parser=ReferenceParser.from_names([]), probes=probes,
                                probe_keyword_weight=2.0)
    question = "Hvilke bydeler er SF bekymret for?"
    assert internal.chunk_id not in {h.chunk.chunk_id for h in retriever.retrieve(question).hits}
    assert internal.chunk_id in {h.chunk.chunk_id for h in retriever.retrieve(question, audience=Audience.OFFICERS).hits}


def test_probes_stored_without_their_texts_leave_no_keyword_list_and_no_failure() -> None:
    """An index whose probes carry no text (none such is written today): no keyword list, and the
    question is still answered from the units' own ranks."""
    probes = ProbeMatrix([StoredProbe(LEDD_2.chunk_id, [1.0, 0.0])])
    retriever = HybridRetriever([LEDD_2], parser=ReferenceParser.from_names([]), probes=probes,
                                probe_keyword_weight=2.0)
    assert retriever.probe_keyword is None
    assert retriever.retrieve("samordne tenestetilbodet").hits[0].chunk.chunk_id == LEDD_2.chunk_id


IP_TEXT = "Kommunen skal tilby individuell plan til den som har behov for langvarige og koordinerte tenester."
IP_UNIT = make_chunk("forskrift", "§4", f"§ 4 Rett til individuell plan {IP_TEXT}", doc_id="FOR-IP",
                     passages=[Passage(text=IP_TEXT, ledd=1)])
OTHER_UNIT = make_chunk("kommuneloven", "§25-1", "§ 25-1 Internkontroll. Kommunedirektøren skal ha internkontroll "
                        "med at lover og forskrifter følges, også for beboeren.", doc_id="LOV-KL")


def test_an_abbreviated_question_is_embedded_spelled_out_and_finds_the_unit_that_spells_it_out() -> None:
    """"IP" and "individuell plan" share no word: without spelling out, the dense ranker reads two letters."""
    embedder = HashingEmbedder()
    chunks = [OTHER_UNIT, IP_UNIT]
    retriever = HybridRetriever(chunks, parser=ReferenceParser.from_names([]),
                                dense=InMemoryChunkStore(chunks, embedder), embedder=embedder)
    dense_only = retriever.retrieve("har beboeren krav på IP?", use_keyword=False)
    assert dense_only.hits[0].chunk.chunk_id == IP_UNIT.chunk_id


def test_probe_questions_are_embedded_with_their_abbreviations_spelled_out(tmp_path: Path,
                                                                            settings: Settings) -> None:
    probes = 'doc: FOR-IP\nunits:\n  - section: "§4"\n    questions:\n      - "Har beboeren krav på IP?"\n'
    settings = settings.model_copy(update={"knowledge_dir": _knowledge(tmp_path, ip=probes)})
    Indexer(settings, HashingEmbedder(), loader=FakeSources({"forskrift": [IP_UNIT]})).run(progress=False)
    (stored,) = ChunkStore(settings, HashingEmbedder()).all_probes()
    assert stored.question == "Har beboeren krav på IP?"  # the text kept is the writer's (calibration leaves it out by it)
    assert stored.vector == pytest.approx(HashingEmbedder().embed_query("Har beboeren krav på individuell plan?"),
                                          abs=1e-6)


def test_two_wordings_that_differ_only_by_an_abbreviation_are_one_probe(tmp_path: Path) -> None:
    probes = ('doc: FOR-IP\nunits:\n  - section: "§4"\n    questions:\n      - "Har hun krav på IP?"\n'
              '      - "Har hun krav på individuell plan?"\n')
    resolved, _ = resolve(load_probe_files(_knowledge(tmp_path, ip=probes)), [IP_UNIT])
    assert [p.question for p in resolved] == ["Har hun krav på IP?"]  # one vector: the store refuses a repeated id


def test_a_vector_stored_before_the_abbreviations_were_spelled_out_is_embedded_again(tmp_path: Path,
                                                                                    settings: Settings) -> None:
    """An index from before: the probe row holds the raw question's vector under the raw question's id. Its
    id is not derived again from the text (that id would now be the spelled-out one and match)."""
    probes = 'doc: FOR-IP\nunits:\n  - section: "§4"\n    questions:\n      - "Har beboeren krav på IP?"\n'
    settings = settings.model_copy(update={"knowledge_dir": _knowledge(tmp_path, ip=probes)})
    sources = FakeSources({"forskrift": [IP_UNIT]})
    Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    store = ChunkStore(settings, HashingEmbedder())
    raw = "Har beboeren krav på IP?"
    old_id = hashlib.sha1(f"{IP_UNIT.chunk_id}\n{raw}".encode()).hexdigest()
    store.replace_probes([(old_id, IP_UNIT.chunk_id, raw)], [HashingEmbedder().embed_query(raw)])
    (settings.knowledge_dir / "questions" / "ip.yaml").write_text(probes + '      - "Hvem lager planen?"\n',
                                                                   encoding="utf-8")
    report = Indexer(settings, HashingEmbedder(), loader=sources).run(progress=False)
    assert report.probes_embedded == 2  # the old row's vector is not reused, the new question is embedded
    stored = {p.question: p.vector for p in ChunkStore(settings, HashingEmbedder()).all_probes()}
    assert stored[raw] == pytest.approx(HashingEmbedder().embed_query("Har beboeren krav på individuell plan?"),
                                        abs=1e-6)
