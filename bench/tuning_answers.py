"""The answers to the tuning questions as the calibration sees them, for a reader to grade.

    DATA_DIR=… python -m bench.tuning_answers OUT.jsonl [--only ID ...]

Each line: id, question, kind, reference answer, expected units, the answer's text, whether it
declined, and `cited` (the unit it quoted first), the field the grade files keep (bench/eval/README).

Why not `tilsynsbot ask`: a grade counts in `bench/calibrate.py` only while the unit it judged is the
one the calibration ranks first, and the calibration ranks each tuning set with its own questions left
out of the probe questions (`bench.calibrate._pools`). The answers here are made the same way, with
the answer threshold off (only the hard preconditions decline), so every answer a threshold could let
through can be graded.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

from bench.calibrate import TUNING_SETS, load
from bot.answering.service import build_answering_service
from bot.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*", default=None, help="these question ids only")
    args = parser.parse_args(argv)
    service = build_answering_service(Settings())
    state = service._state()
    retriever, composer = state.retriever, state.composer
    if composer.answerability is not None:  # threshold off: the grades must cover what any threshold lets through
        composer.answerability = dataclasses.replace(composer.answerability, threshold=0.0)
    full = retriever.probes
    items = [it for it in load(TUNING_SETS) if args.only is None or it["id"] in args.only]
    by_set: dict[str, list[dict]] = {}
    for item in items:
        by_set.setdefault(item["set"], []).append(item)
    with args.out.open("w", encoding="utf-8") as out:
        try:
            for questions in by_set.values():
                own = {it["question"] for it in questions}
                retriever.use_probes(full.without(own) if full is not None else None)
                for it in questions:
                    answer = service.answer(it["question"])
                    out.write(json.dumps({
                        "id": it["id"], "question": it["question"], "kind": it["kind"],
                        "reference_answer": it.get("answer", ""), "expected_units": it["expected"],
                        "bot_answer": answer.text, "bot_declined": answer.abstained,
                        "cited": "" if answer.abstained or not answer.citations else answer.citations[0].chunk_id,
                    }, ensure_ascii=False) + "\n")
        finally:
            retriever.use_probes(full)
    print(f"{len(items)} answers written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
