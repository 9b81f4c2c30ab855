"""How well questions are matched to the officers' standard answers, with the real embedding model.

    .venv/bin/python -m bench.standard_answers [--data-dir DIR] [--set heldout|tune] [--tune]

Reads `bench/eval/standard_answers/answers.yaml` (12 standard answers; their citations are checked
against the index in DATA_DIR), embeds with the configured model (multilingual-e5-small by default)
and scores every question of the set against every answer's canonical question and alternatives
(`bot.officers.matching.Matcher`, the code the bot runs). A question is matched to the best answer
at or above the threshold. Precision = right matches / all matches; recall = right matches /
questions that have an answer; near-miss matches = near-misses matched to any answer.

`--tune` chooses the threshold and the dense weight on the tuning set by F0.5 (a wrong standard
answer is worse than the normal pipeline), and prints them for the settings; the held-out set is
measured with the settings as they are (never tuned on). Figures go into BENCHMARKS.md by hand.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import yaml

from bot.answering.service import build_answering_service
from bot.officers.matching import Matcher
from bot.settings import PROJECT_ROOT, Settings
from ingest.index.embedder import build_embedder

SET_DIR = PROJECT_ROOT / "bench" / "eval" / "standard_answers"
Components = list[list[list[tuple[float, float] | None]]]  # question -> answer -> wording -> (dense, keyword)


def load(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (SET_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def components(matcher: Matcher, questions: list[dict[str, Any]], answers: list[dict[str, Any]]) -> Components:
    wordings = [[a["question"], *a.get("alternatives", [])] for a in answers]
    out: Components = []
    for q in questions:
        vector = matcher.embedder.embed_query(q["question"]) if matcher.embedder is not None else None
        out.append([matcher.components(q["question"], w, vector=vector) for w in wordings])
    return out


def evaluate(parts: Components, questions: list[dict[str, Any]], answers: list[dict[str, Any]],
             threshold: float, weight: float, misses: list[str] | None = None) -> dict[str, float]:
    """Precision, recall and F0.5 at one setting; `misses` (if given) collects the errors, for the record."""
    right = wrong = near = 0
    positives = sum(1 for q in questions if q["expected"])
    negatives = len(questions) - positives
    for question, per_answer in zip(questions, parts, strict=True):
        best_id, best = None, -1.0
        for answer, per_wording in zip(answers, per_answer, strict=True):
            scores = [weight * d + (1 - weight) * k for d, k in (p for p in per_wording if p is not None)]
            score = max(scores, default=0.0)
            if score >= threshold and score > best:
                best_id, best = answer["id"], score
        if best_id is None:
            if question["expected"] and misses is not None:
                misses.append(f"not matched: {question['question']} (→ {question['expected']})")
            continue
        if best_id == question["expected"]:
            right += 1
        else:
            wrong += 1
            near += 0 if question["expected"] else 1
            if misses is not None:
                misses.append(f"matched {best_id} ({best:.3f}): {question['question']} (→ {question['expected']})")
    matched = right + wrong
    precision = right / matched if matched else 1.0
    recall = right / positives if positives else 0.0
    f05 = (1.25 * precision * recall / (0.25 * precision + recall)) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f0.5": f05, "matched": matched, "right": right,
            "wrong_answer": wrong - near, "near_miss_matched": near, "positives": positives, "near_misses": negatives}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="DATA_DIR of the index (for the citation check)")
    parser.add_argument("--set", default="heldout", choices=("heldout", "tune"))
    parser.add_argument("--tune", action="store_true", help="choose threshold and dense weight on the tuning set")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    answers = yaml.safe_load((SET_DIR / "answers.yaml").read_text(encoding="utf-8"))["standardsvar"]
    index = build_answering_service(settings)
    missing = [(a["id"], ref) for a in answers for ref in a.get("citations", []) if index.provision(ref) is None]
    print(f"citations checked against {settings.data_dir}: {'all found' if not missing else missing}")
    started = time.perf_counter()
    embedder = build_embedder(settings)
    print(f"model: {embedder.name} (loaded in {time.perf_counter() - started:.1f} s)")
    matcher = Matcher(embedder, threshold=settings.standard_answer_threshold, dense_weight=1.0)
    name = "tune" if args.tune else args.set
    questions = load(name)
    started = time.perf_counter()
    parts = components(matcher, questions, answers)
    per_question_ms = (time.perf_counter() - started) * 1000 / len(questions)
    if args.tune:
        grid = [(t / 200, w / 10) for t in range(80, 200) for w in range(0, 11)]
        scored = [(evaluate(parts, questions, answers, t, w), t, w) for t, w in grid]
        top = max(round(s[0]["f0.5"], 6) for s in scored)
        # Of the settings with the best F0.5, the middle of the widest run of thresholds for one weight:
        # a threshold at the edge of the plateau is the one most likely to fail on new questions.
        plateaus: dict[float, list[float]] = {}
        for result, t, w in scored:
            if round(result["f0.5"], 6) == top:
                plateaus.setdefault(w, []).append(t)
        weight = max(plateaus, key=lambda w: (len(plateaus[w]), w))
        thresholds = sorted(plateaus[weight])
        threshold = thresholds[len(thresholds) // 2]
        best = evaluate(parts, questions, answers, threshold, weight)
        print("best F0.5 plateau (weight: thresholds):", {w: f"{min(ts):.3f}–{max(ts):.3f}" for w, ts in plateaus.items()})
        print(f"tuned on {name}.jsonl ({len(questions)}): STANDARD_ANSWER_THRESHOLD={threshold:.3f} "
              f"STANDARD_ANSWER_DENSE_WEIGHT={weight:.1f}")
        print(json.dumps(best, indent=2))
        return
    threshold, weight = settings.standard_answer_threshold, settings.standard_answer_dense_weight
    misses: list[str] = []
    result = evaluate(parts, questions, answers, threshold, weight, misses)
    print(f"{name}.jsonl ({len(questions)} questions), threshold {threshold:.3f}, dense weight {weight:.1f}, "
          f"{per_question_ms:.0f} ms per question against {len(answers)} answers (cold cache)")
    print(json.dumps(result, indent=2))
    print("\n".join(misses))


if __name__ == "__main__":
    main()
