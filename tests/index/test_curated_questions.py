"""The hand-written probe and unanswered questions never repeat a question of a set that measures
(`knowledge/questions/`).

Why: they are written from the sources, never from an evaluation set (knowledge/questions/README.md). A question of
the test split (or of a new set not yet spent) in them, even written independently and the same by chance (short
questions are: "Gjelder krisesenterloven på Svalbard?" was in both until 2026-12-07), would be ranked by its own twin:
the figures measured on that set would be a known question's, not a new writer's. The tuning sets' questions are
probe questions by design (`bench/tuning_probes.py`), so a twin of one of them measures nothing; the generated
`*-examples.yaml` files are left out, and so is `held-back/`, which ingest does not read."""

from __future__ import annotations

import json

import yaml

from bench.calibrate import TUNING_SETS
from bot.eval.metrics import collapse
from bot.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "knowledge" / "questions"
EVAL = PROJECT_ROOT / "bench" / "eval"


def hand_written() -> dict[str, str]:
    """Every hand-written question, normalised, with the file it is in."""
    found: dict[str, str] = {}
    for path in sorted(QUESTIONS.glob("*.yaml")):
        if path.name.endswith("-examples.yaml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        questions = list(data.get("unanswered", []))
        questions += [q for unit in data.get("units", []) for q in unit.get("questions", [])]
        found.update({collapse(str(q)): path.name for q in questions})
    return found


def test_no_hand_written_question_repeats_a_question_of_a_set_that_measures() -> None:
    written = hand_written()
    assert len(written) > 1000  # the files were read
    tuning = {path.name for path in TUNING_SETS}
    measuring = [path for path in sorted(EVAL.glob("*.jsonl")) if path.name not in tuning and "grades" not in path.name]
    assert any(path.name == "test.jsonl" for path in measuring)
    repeated = []
    for path in measuring:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if "question" in row and collapse(row["question"]) in written:
                repeated.append(f"{path.name} {row.get('id')} in {written[collapse(row['question'])]}")
    assert not repeated, repeated
