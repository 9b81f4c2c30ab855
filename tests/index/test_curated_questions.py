"""The hand-written probe and unanswered questions never repeat a question of a set that measures
(`knowledge/questions/`).

Why: they are written from the sources, never from an evaluation set (knowledge/questions/README.md). A question of
the test split (or of a new set not yet spent) in them, even written independently and the same by chance (short
questions are: "Gjelder krisesenterloven på Svalbard?" was in both until 2026-12-07), would be ranked by its own twin:
the figures measured on that set would be a known question's, not a new writer's. The tuning sets' questions are
probe questions by design (`bench/tuning_probes.py`), so a twin of one of them measures nothing; `held-back/`, which
ingest does not read, is left out. The generated `*-examples.yaml` files are the tuning sets' questions, and a tuning
question can be a measuring set's word for word too (two writers, one short question): `bench.tuning_probes` leaves those
out, and the second test holds the committed files to it (a new measuring set that repeats a tuning question fails it
until the examples are regenerated)."""

from __future__ import annotations

import json

import yaml

from bench.tuning_probes import SUFFIX, measuring_paths
from bot.eval.metrics import collapse
from bot.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "knowledge" / "questions"
EVAL = PROJECT_ROOT / "bench" / "eval"


def probe_questions(generated: bool) -> dict[str, str]:
    """Every hand-written question (or, with `generated`, every generated example), normalised, with its file."""
    found: dict[str, str] = {}
    for path in sorted(QUESTIONS.glob("*.yaml")):
        if path.stem.endswith(SUFFIX) != generated:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        questions = list(data.get("unanswered", []))
        questions += [q for unit in data.get("units", []) for q in unit.get("questions", [])]
        found.update({collapse(str(q)): path.name for q in questions})
    return found


def repeated_in(written: dict[str, str]) -> list[str]:
    """The measuring sets' questions that stand word for word among `written`, each with where."""
    measuring = measuring_paths(EVAL)
    assert any(path.name == "test.jsonl" for path in measuring)
    repeated = []
    for path in measuring:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if "question" in row and collapse(row["question"]) in written:
                repeated.append(f"{path.name} {row.get('id')} in {written[collapse(row['question'])]}")
    return repeated


def test_no_hand_written_question_repeats_a_question_of_a_set_that_measures() -> None:
    written = probe_questions(generated=False)
    assert len(written) > 1000  # the files were read
    assert not repeated_in(written)


def test_no_generated_example_repeats_a_question_of_a_set_that_measures() -> None:
    examples = probe_questions(generated=True)
    assert len(examples) > 10_000  # the files were read
    assert not repeated_in(examples)
