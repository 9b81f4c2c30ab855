"""Integration over the real Lovdata corpus and the letter (skipped when ../shared/corpus is absent).

Uses the hashing embedder: what is checked here (explicit references, the letter, abstention,
currency) must hold even when the dense ranker is weak.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.answering.service import build_answering_service
from bot.settings import Settings
from ingest.indexer import Indexer
from tests.fakes.clock import FakeClock
from tests.fakes.embedder import HashingEmbedder

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def real_service(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    from tests.conftest import CORPUS_DIR

    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("corpus") / "data", lovdata_dir=CORPUS_DIR)
    embedder = HashingEmbedder()
    Indexer(settings, embedder).run(progress=False)
    return build_answering_service(settings, embedder=embedder, clock=FakeClock(datetime(2026, 3, 2, tzinfo=UTC)))


def test_done_when_questions(real_service) -> None:  # noqa: ANN001
    law = real_service.answer("hva sier krisesenterlova § 4?")
    assert not law.abstained
    assert law.citations[0].label.startswith("krisesenterlova § 4")
    assert "https://lovdata.no/lov/2009-06-19-44/§4" in law.text

    letter = real_service.answer("hvor mange bydeler fikk lovbrudd?")
    assert not letter.abstained and "tre bydeler" in letter.text
    assert letter.citations[0].doc_id == "informasjonsskriv-2-2024"

    assert real_service.answer("hva er åpningstidene i barnehagen?").abstained


@pytest.mark.parametrize("question", [
    "hva er telefonnummeret til Oslo krisesenter?",
    "hva koster det å leie festlokalet i bydelshuset?",
    "når kommer neste tilsyn til vår bydel?",
])
def test_real_corpus_declines_off_topic(real_service, question: str) -> None:  # noqa: ANN001
    assert real_service.answer(question).abstained


def test_real_corpus_section_not_in_index(real_service) -> None:  # noqa: ANN001
    answer = real_service.answer("hva sier krisesenterlova § 42?")
    assert answer.abstained and "§ 42" in answer.text


def test_real_corpus_2026_change_is_current(real_service) -> None:  # noqa: ANN001
    answer = real_service.answer("krisesenterlova § 3 – hvordan lyder den etter endringene?")
    assert "likeverdige alternative krisesentertilbod" in answer.text
    assert any("lov 20. juni 2025 nr. 42" in note and "1. januar 2026" in note for note in answer.currency_notes)


def test_real_corpus_same_number_other_law(real_service) -> None:  # noqa: ANN001
    hits = real_service.search("pbl § 25-1", k=3)
    assert (hits[0].chunk.doc_id, hits[0].chunk.section_key) == ("LOV-2008-06-27-71", "§25-1")
