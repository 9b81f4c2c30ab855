"""The answers to the tuning questions as the calibration sees them, for a reader to grade.

    DATA_DIR=… python -m bench.tuning_answers OUT.jsonl [--only ID ...] [--vetoes-off]

Each line: id, question, kind, reference answer, expected units, the answer's text, whether it
declined, and `cited` (the unit it quoted first), the field the grade files keep (bench/eval/README).

Why not `tilsynsbot ask`: a grade counts in `bench/calibrate.py` only while the unit it judged is the
one the calibration ranks first, and the calibration ranks each tuning set with its own questions left
out of the probe questions (`bench.calibrate._pools`). The answers here are made the same way, with
the answer threshold off (only the hard preconditions decline), so every answer a threshold could let
through can be graded.

`--vetoes-off`: the answers the kept vetoes decline (`AnswerModel.vetoes`), made with the threshold on and
no veto, and only those: what a veto costs or saves, for `VETO_OFF_GRADES` (`bench.calibrate._choose_vetoes`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.calibrate import TUNING_SETS, by_set, load, own_probes_left_out
from bot.answering.service import build_answering_service
from bot.domain import Answer
from bot.settings import Settings


def answer_row(item: Mapping[str, Any], answer: Answer) -> dict[str, Any]:
    """What a reader grades of one answer (single mode), and `cited`, the unit it quoted first, the field the grade
    files keep: one shape for the tuning answers here and the A/B answers (`bench.ab`)."""
    return {"id": item["id"], "question": item["question"], "kind": item.get("kind", ""),
            "reference_answer": item.get("answer", ""), "expected_units": item.get("expected", []),
            "bot_answer": answer.text, "bot_declined": answer.abstained,
            "cited": "" if answer.abstained or not answer.citations else answer.citations[0].chunk_id}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*", default=None, help="these question ids only")
    parser.add_argument("--vetoes-off", action="store_true",
                        help="only the questions the vetoes decline, answered without them (threshold on)")
    args = parser.parse_args(argv)
    service = build_answering_service(Settings())
    state = service._state()
    retriever, composer = state.retriever, state.composer
    fitted = composer.answerability
    if args.vetoes_off and fitted is None:
        raise SystemExit("no answer model fitted for this embedding model: no vetoes to turn off")
    if fitted is not None and not args.vetoes_off:  # threshold off: the grades cover what any threshold lets through
        composer.answerability = dataclasses.replace(fitted, threshold=0.0)
    # every veto off, also for kinds the veto choice never saw (`AnswerModel.kinds`): their answers are what is graded
    unvetoed = dataclasses.replace(fitted, vetoes=(), kinds=None) if fitted is not None else None

    def answer_of(question: str) -> Answer | None:
        """The answer to grade; None for a question `--vetoes-off` leaves out (not declined by a veto)."""
        if not args.vetoes_off:
            return service.answer(question)
        composer.answerability = fitted
        if not service.answer(question).abstained:
            return None
        composer.answerability = unvetoed
        answer = service.answer(question)
        return None if answer.abstained else answer

    items = load(TUNING_SETS)  # all of them: a set's own questions are left out even when only some are answered
    written = 0
    with args.out.open("w", encoding="utf-8") as out:
        for indexes in by_set(items).values():
            with own_probes_left_out(retriever, {items[i]["question"] for i in indexes}):
                for it in (items[i] for i in indexes if args.only is None or items[i]["id"] in args.only):
                    answer = answer_of(it["question"])
                    if answer is None:
                        continue
                    written += 1
                    out.write(json.dumps(answer_row(it, answer), ensure_ascii=False) + "\n")
    print(f"{written} answers written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
