"""Run an evaluation file through the system and the two baselines, and format the figures.

Why the baselines run in the same process: the comparison (hybrid vs plain BM25 vs dense-only)
is only meaningful over the same index, the same questions and the same answer composer.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.errors import ValidationFailedError
from bot.eval.metrics import EvalItem, Outcome, fact_found, first_hit_rank, report
from bot.texts import answers as texts

SYSTEMS = ("hybrid", "bm25", "dense")
METRICS = ("recall@5", "mrr@10", "right_first", "right_ledd", "wrong_source", "abstention_accuracy",
           "false_abstention_rate", "key_fact_coverage", "all_key_facts")


def load_items(path: Path) -> list[EvalItem]:
    """Read an evaluation JSONL file; a broken line is reported by number and reason."""
    if not path.is_file():
        raise ValidationFailedError(texts.EVAL_FILE_MISSING.format(path=path))
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            items.append(EvalItem(id=str(data["id"]), question=data["question"], kind=data.get("kind", ""),
                                  expected=list(data.get("expected", [])), key_facts=list(data.get("key_facts", []))))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValidationFailedError(
                texts.EVAL_FILE_INVALID.format(line=number, path=path, reason=error), detail=repr(error)
            ) from error
    return items


def run(service: Any, items: Sequence[EvalItem], systems: Sequence[str] = SYSTEMS) -> dict[str, Any]:
    """Metrics per system (overall and per kind), plus answer latency of the full system."""
    results: dict[str, Any] = {}
    details: list[dict[str, Any]] = []
    timings: list[float] = []
    for system in systems:
        outcomes = []
        for item in items:
            started = time.perf_counter()
            if system == "hybrid":
                retrieval = service.retrieve(item.question, k=10)
            else:
                retrieval = service.baseline(item.question, system, k=10)
            answer = service.compose(item.question, retrieval)
            if system == "hybrid":
                timings.append((time.perf_counter() - started) * 1000)
            outcome = Outcome(item, [h.chunk for h in retrieval.hits], answer.text, answer.abstained,
                              cited=service.cited_chunks(answer))
            outcomes.append(outcome)
            if system == "hybrid":
                details.append(_detail(outcome))
        results[system] = report(outcomes)
    if timings:
        ordered = sorted(timings)
        results["latency_ms"] = {
            "p50": round(statistics.median(ordered), 1),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        }
    results["questions"] = details
    return results


def _detail(outcome: Outcome) -> dict[str, Any]:
    item = outcome.item
    return {
        "id": item.id,
        "kind": item.kind,
        "rank": first_hit_rank(outcome.ranked, item.expected, 10) if item.answerable else None,
        "abstained": outcome.abstained,
        "cited": [f"{c.doc_id} {c.section_key} {ledd or ''}".strip() for c, ledd in outcome.cited],
        "facts": [f for f in item.key_facts if fact_found(f, outcome.answer_text)],
        "missing_facts": [f for f in item.key_facts if not fact_found(f, outcome.answer_text)],
    }


def _fmt(value: object) -> str:
    return "–" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


# Column names: key-fact coverage is the decisive coverage (the decisive words are in the answer text).
SHORT = {"abstention_accuracy": "declined", "false_abstention_rate": "false_abs", "key_fact_coverage": "decisive",
         "all_key_facts": "all_decis", "right_first": "right_1st", "wrong_source": "wrong_src", "right_ledd": "right_ld"}


def _short(metric: str) -> str:
    return SHORT.get(metric, metric)


def format_table(results: dict[str, Any]) -> str:
    """Plain-text table: one block per system, rows overall and per kind."""
    lines = []
    header = f"{'':16}" + "".join(f"{_short(m):>10}" for m in ("n", *METRICS))
    for system in (s for s in SYSTEMS if s in results):
        lines.append(f"== {system}")
        lines.append(header)
        for group, figures in results[system].items():
            lines.append(f"{group:16}" + "".join(f"{_fmt(figures.get(m)):>10}" for m in ("n", *METRICS)))
        lines.append("")
    if "latency_ms" in results:
        lat = results["latency_ms"]
        lines.append(f"hybrid answer latency: p50 {lat['p50']} ms, p95 {lat['p95']} ms")
    misses = [q for q in results.get("questions", []) if (q["kind"] != "unanswerable" and (q["rank"] is None or q["rank"] > 5))
              or (q["kind"] == "unanswerable") != q["abstained"] or q["missing_facts"]]
    if misses:
        lines.append("Questions to look at (hybrid): " + ", ".join(
            f"{q['id']}(rank={q['rank']}, abstained={q['abstained']}, missing={q['missing_facts']})" for q in misses))
    return "\n".join(lines)
