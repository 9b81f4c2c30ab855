"""The tuning questions become probe questions only of units that decide them (`bench/tuning_probes.py`).

Why: a probe question on the wrong unit sends every similar user question there. A set that names the
ledd is taken at its word; a set that names only the § must have its decisive words in one ledd of it;
anything less clear stays out, and a letter phrase found in two paragraphs names neither.
"""

from __future__ import annotations

from bench.tuning_probes import build, decisive_units
from bot.domain import Passage, SourceKind
from tests.index.conftest import make_chunk

LEDD_1 = "Kommunedirektøren har ansvaret for internkontrollen."
LEDD_3 = "Kommunedirektøren skal ha rutinar og prosedyrar."
KML = [
    make_chunk("kommuneloven", "§25-1", LEDD_1, doc_id="LOV-KL", chunk_id="LOV-KL|§25-1|p1",
               passages=[Passage(text=LEDD_1, ledd=1)]),
    make_chunk("kommuneloven", "§25-1", LEDD_3, doc_id="LOV-KL", chunk_id="LOV-KL|§25-1|p3",
               passages=[Passage(text=LEDD_3, ledd=3)]),
]
LETTER = [
    make_chunk("skriv", "Funn", f"Statsforvalteren fant lovbrudd i tre bydeler. {tail}", doc_id="SKRIV",
               chunk_id=f"SKRIV|Funn|p{i}", kind=SourceKind.GUIDANCE)
    for i, tail in enumerate(("To er lukket.", "Ett er åpent."), start=1)
]


def item(expected: list[dict], key_facts: list[str] | None = None, question: str = "Hvem har ansvaret?") -> dict:
    return {"id": "q1", "question": question, "expected": expected, "key_facts": key_facts or []}


def test_a_named_ledd_is_the_unit() -> None:
    found = decisive_units(item([{"doc": "LOV-KL", "section": "§25-1", "ledd": [3]}]), KML)
    assert [c.chunk_id for c in found] == ["LOV-KL|§25-1|p3"]


def test_the_decisive_words_choose_the_ledd_when_only_the_section_is_named() -> None:
    found = decisive_units(item([{"doc": "LOV-KL", "section": "§25-1"}], ["ansvaret"]), KML)
    assert [c.chunk_id for c in found] == ["LOV-KL|§25-1|p1"]


def test_words_found_in_several_ledd_leave_the_question_out() -> None:
    assert decisive_units(item([{"doc": "LOV-KL", "section": "§25-1"}], ["kommunedirektøren"]), KML) == []
    units, skipped = build([item([{"doc": "LOV-KL", "section": "§25-1"}], ["kommunedirektøren"])], KML)
    assert units == {} and skipped == ["q1"]


def test_a_phrase_in_two_paragraphs_names_neither() -> None:
    assert decisive_units(item([{"doc": "SKRIV", "contains": "fant lovbrudd i tre bydeler"}]), LETTER) == []
    found = decisive_units(item([{"doc": "SKRIV", "contains": "Ett er åpent"}]), LETTER)
    assert [c.chunk_id for c in found] == ["SKRIV|Funn|p2"]


def test_the_files_name_units_by_ledd_or_by_the_sets_phrase() -> None:
    questions = [item([{"doc": "LOV-KL", "section": "§25-1", "ledd": [1]}]),
                 {**item([{"doc": "SKRIV", "contains": "Ett er åpent"}]), "id": "q2", "question": "Er alt lukket?"},
                 {**item([]), "id": "q3", "question": "Hva tjener en rådgiver?"}]  # unanswerable: no probe
    units, skipped = build(questions, KML + LETTER)
    assert units == {"LOV-KL": [{"section": "§25-1", "ledd": 1, "questions": ["Hvem har ansvaret?"]}],
                     "SKRIV": [{"contains": "Ett er åpent", "questions": ["Er alt lukket?"]}]}
    assert skipped == []
