"""Measure the figures BENCHMARKS.md records: ingest, answer latency, cold start, peak RSS.

Run with `make bench` (or `.venv/bin/python -m bench.run_all`). Uses the real embedding model and
the real corpus (LOVDATA_DIR), in a fresh temporary data directory so "cold" means cold. These
are measurements, not tests: nothing here fails on a slow machine; it prints what it saw.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.settings import PROJECT_ROOT, Settings

# Latency is measured over the frozen test split: questions in users' own wording, none tuned on.
QUESTION_SET = PROJECT_ROOT / "bench" / "eval" / "test.jsonl"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def bench_ingest(settings: Settings) -> dict[str, float]:
    from ingest.index.embedder import build_embedder
    from ingest.indexer import Indexer

    started = time.perf_counter()
    embedder = build_embedder(settings)
    model_load = time.perf_counter() - started

    started = time.perf_counter()
    report = Indexer(settings, embedder).run(progress=False)
    cold = time.perf_counter() - started

    started = time.perf_counter()
    Indexer(settings, embedder).run(progress=False)
    unchanged = time.perf_counter() - started
    return {
        "model_load_s": round(model_load, 2),
        "cold_ingest_s": round(cold, 2),
        "unchanged_reingest_s": round(unchanged, 2),
        "chunks": float(getattr(report, "chunks_total", 0) or 0),
    }


def bench_answers(settings: Settings, questions: list[str]) -> dict[str, float]:
    from bot.answering.service import build_answering_service

    service = build_answering_service(settings)
    service.answer("hva sier krisesenterlova § 4?")  # warm-up: model, indexes, caches
    timings = []
    for question in questions:
        started = time.perf_counter()
        service.answer(question)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "questions": float(len(timings)),
        "answer_p50_ms": round(statistics.median(timings), 1),
        "answer_p95_ms": round(percentile(timings, 0.95), 1),
        "answer_max_ms": round(max(timings), 1),
    }


def bench_cold_start(settings: Settings) -> dict[str, float]:
    """A new process from start to the first printed answer, and that process's peak RSS."""
    env = dict(os.environ, DATA_DIR=str(settings.data_dir), LOVDATA_DIR=str(settings.lovdata_dir or ""))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "ask", "hva sier krisesenterlova § 4?"],
        env=env,
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    child_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"cold_start_to_first_answer_s": round(elapsed, 2), "cli_peak_rss_mb": round(child_rss_mb, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args()

    questions = [json.loads(line)["question"] for line in QUESTION_SET.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="tilsynsbot-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        results: dict[str, object] = {"machine": machine()}
        results["ingest"] = bench_ingest(settings)
        results["answers"] = bench_answers(settings, questions)
        results["cold_start"] = bench_cold_start(settings)
        results["bench_process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
