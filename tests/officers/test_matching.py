"""The matcher's rules: numbers must agree, the question is embedded once, wordings are embedded once."""

from __future__ import annotations

from bot.officers.matching import Matcher, numbers
from tests.fakes.embedder import HashingEmbedder

WORDINGS = [["Hva sier krisesenterlova § 3 om tolk?", "Har brukerne rett til tolk etter § 3?"],
            ["Hvem fører tilsyn med krisesentertilbudet?"]]


def test_a_question_naming_another_section_never_matches() -> None:
    matcher = Matcher(HashingEmbedder(), threshold=0.5, dense_weight=0.5)
    same = matcher.similarity("Hva sier krisesenterlova § 3 om tolk?", WORDINGS[0])
    other = matcher.similarity("Hva sier krisesenterlova § 4 om tolk?", WORDINGS[0])
    assert same.score > 0.99 and matcher.matches(same)
    assert other.score == 0.0 and not matcher.matches(other)
    assert numbers("§§ 5 a og 25-1 i 2024") == {"5a", "25-1", "2024"}


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return super().embed_query(text)


def test_the_question_is_embedded_once_and_wordings_are_cached() -> None:
    embedder = CountingEmbedder()
    matcher = Matcher(embedder, threshold=0.5, dense_weight=0.5)
    matcher.similarities("Hvem har tilsyn med krisesentrene?", WORDINGS)
    assert len(embedder.queries) == 1 + 3  # the question, and each wording the first time
    matcher.similarities("Hvem kontrollerer krisesentrene?", WORDINGS)
    assert embedder.queries[4:] == ["Hvem kontrollerer krisesentrene?"]  # wordings cached, the question never


def test_without_an_embedder_the_keyword_part_is_used_alone() -> None:
    matcher = Matcher(None, threshold=0.5, dense_weight=0.8)
    result = matcher.similarity("Hvem fører tilsyn med krisesentertilbudet?", WORDINGS[1])
    assert result.dense == 0.0 and result.score == result.keyword > 0.99
