"""Text analysis does bounded work on hostile input and is safe from several answer threads at once."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest

from bot.retrieval import text
from bot.retrieval.text import MAX_SPLIT_CHARS, MAX_STEM_CHARS, Analyzer, stem


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Switch threads every microsecond, so a data race shows in a short test run."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_concurrent_stemming_gives_the_same_stems_as_one_thread(fast_switching: None) -> None:
    words = [f"{base}{n}erne" for base in ("krise", "tilbud", "bruker", "rutine") for n in range(1500)]
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def work(number: int) -> None:
        mine = words[number::8]  # distinct words per thread: every call misses the cache and stems
        try:
            results[number] = [stem(w) for w in mine]
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    text._cached_stem.cache_clear()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    text._cached_stem.cache_clear()
    assert errors == []
    for number, stems in results.items():
        assert stems == [stem(w) for w in words[number::8]]


class CountingVocabulary(set[str]):
    """A vocabulary that counts the lookups a split makes (the work done)."""

    lookups = 0

    def __contains__(self, item: object) -> bool:
        CountingVocabulary.lookups += 1
        return super().__contains__(item)


def test_a_20000_character_word_is_neither_split_nor_stemmed_nor_cached() -> None:
    analyzer = Analyzer()
    analyzer.vocabulary = CountingVocabulary({stem("krise"), stem("senter")})
    word = "krisesenter" * 1819  # 20,009 characters, no spaces
    text._cached_stem.cache_clear()
    CountingVocabulary.lookups = 0
    terms = analyzer.terms(word)
    assert terms == [word]  # the token itself, unstemmed and unsplit
    assert CountingVocabulary.lookups == 0
    assert analyzer.compound_parts(word) == ()
    assert text._cached_stem.cache_info().currsize == 0


def test_limits_keep_real_compounds() -> None:
    analyzer = Analyzer(vocabulary={stem("krisesenter"), stem("tilbud")})
    assert set(analyzer.compound_parts("krisesentertilbudet")) == {stem("krisesenter"), stem("tilbud")}
    assert len("krisesentertilbudsforskriftene") <= MAX_SPLIT_CHARS < MAX_STEM_CHARS
    assert stem("tjenestetilbudene") != "tjenestetilbudene"


def test_caches_are_bounded() -> None:
    assert text._cached_stem.cache_info().maxsize is not None
    assert Analyzer._split.cache_info().maxsize is not None  # type: ignore[attr-defined]
