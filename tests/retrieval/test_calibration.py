"""The calibration scores candidates exactly as the retriever fuses them (`bench/calibrate.py`).

Why: the answer model's inputs (the best unit's fused score, its margin) are computed offline from
the candidates' ranks; if the offline score differed from the live one, the threshold would be fitted
on one scale and used on another. Lists that return nothing are left out of the scale at run time
(a question that shares no word with any probe question), so they must be offline too.
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.calibrate import Pool, _grade_for, _weights
from bot.domain import Passage
from bot.retrieval.hybrid import HybridRetriever
from bot.retrieval.probes import ProbeMatrix, StoredProbe
from bot.retrieval.references import ReferenceParser
from tests.fakes.chunk_store import InMemoryChunkStore
from tests.fakes.embedder import HashingEmbedder
from tests.index.conftest import make_chunk

CHUNKS = [
    make_chunk("krisesenterlova", "§4", "§ 4 Kommunen skal samordne tenestetilbodet til brukarane.", doc_id="LOV-KSL",
               passages=[Passage(text="Kommunen skal samordne tenestetilbodet til brukarane.", ledd=1)]),
    make_chunk("kommuneloven", "§30-5", "§ 30-5 Kommunen kan klage på vedtak etter tilsyn.", doc_id="LOV-KL"),
    make_chunk("kommuneloven", "§30-4", "§ 30-4 Statsforvalteren kan gi pålegg om retting.", doc_id="LOV-KL"),
]


@pytest.mark.parametrize("question", [
    "Kan bydelen klage på pålegget?",  # every list finds something
    "samordne tenestetilbodet",  # no probe question shares a word: the probe keyword list is empty
])
def test_the_offline_fused_score_is_the_retrievers(question: str) -> None:
    embedder = HashingEmbedder()
    probes = ProbeMatrix([StoredProbe(CHUNKS[1].chunk_id, embedder.embed_query("Kan bydelen klage?"),
                                      "Kan bydelen klage på pålegg fra SF?")])
    weights = _weights(0.7, 1.2, 0.9)
    retriever = HybridRetriever(CHUNKS, parser=ReferenceParser.from_names([]), dense=InMemoryChunkStore(CHUNKS, embedder),
                                embedder=embedder, probes=probes, dense_weight=0.7, probe_weight=1.2,
                                probe_keyword_weight=0.9, collect_features=True)
    found = retriever.retrieve(question)
    pool = Pool.of([(cid, f, False) for cid, f in found.features.items()])
    offline = pool.scores(weights, 0.0, 0.5)
    live = np.array([found.scores[cid] for cid in pool.ids])
    assert len(pool.ids) >= 2
    assert offline == pytest.approx(live)
    if question == "samordne tenestetilbodet":  # the case this test is for: one list returned nothing
        assert not pool.present[3]


def test_a_grade_counts_only_for_the_answer_it_judged() -> None:
    assert _grade_for(("correct", "A|§1|p1"), "A|§1|p1") == "correct"
    assert _grade_for(("correct", "A|§1|p1"), "A|§2|p1") is None  # the best unit changed: the proxy
    assert _grade_for(("false_abstention", ""), "A|§2|p1") == "false_abstention"  # a decline quoted nothing
    # graded as a right decline although the answer quoted a unit: that answer's unit must still be the best
    assert _grade_for(("correct_abstention", "A|§1|p1"), "A|§2|p1") is None
    assert _grade_for(None, "A|§1|p1") is None
