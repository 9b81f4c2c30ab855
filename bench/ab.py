"""Blind A/B comparison of two versions of the bot: their answers, the packs readers grade, the tally.

    DATA_DIR=… python -m bench.ab answers OUT.jsonl SET.jsonl … [--only IDS.txt]
    python -m bench.ab pack START.jsonl CAND.jsonl OUTDIR [--groups N] [--seed S]
    python -m bench.ab tally OUTDIR.key.json GRADES.jsonl …

Why: every round decides whether a candidate ships by a rule written before its answers exist (BENCHMARKS.md):
the answers that differ from the start's are graded blind, side by side, by readers who see neither the code nor
which side is which, and a candidate ships only if the utility (correct +1, partial +0.5, wrong or false answer
−3, a decline 0: `UTILITY`) is higher and there are no more wrong answers. These three steps were rewritten by hand
each round and lost with the machine; here they have one home.

`answers` answers each set as the bot does (threshold and vetoes on), each set ranked with its own questions left out
of the probe questions (as `tilsynsbot eval` and the calibration rank a set), and writes what a reader needs plus
`cited`, the unit the answer quoted first, the field the grade files keep (bench/eval/README). Run it once per
version (another checkout, its own `DATA_DIR` and `knowledge/`). The test split may be answered here: a reader's
grade of a test answer decides a ship, but is never kept among the grades the calibration reads.

`pack` writes the differing answers in random sides, shuffled, in `--groups` files for as many readers, and the key
(which side is the candidate) beside the folder, not in it (`OUTDIR.key.json`); readers grade from
bench/eval/GRADING-BRIEF.md (A/B mode).
`tally` reads the key and the readers' grades and prints each item start → candidate, the counts, the utilities and
whether the A/B half of the rule is met; it refuses grades it cannot read truly (see `tally`).
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

GRADES = ("correct", "partial", "wrong", "false_answer", "correct_abstention", "false_abstention")  # GRADING-BRIEF.md
UTILITY = MappingProxyType({"correct": 1.0, "partial": 0.5, "wrong": -3.0, "false_answer": -3.0})  # declines: 0
WRONG = ("wrong", "false_answer")
SIDES = ("cand_is_A", "cand_is_B")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSON Lines file, blank lines skipped."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def differing(start: Sequence[Mapping[str, Any]], cand: Sequence[Mapping[str, Any]]) -> list[str]:
    """The ids whose answer text or decline differs between the two versions, in the start's order. Both must have
    answered the same questions, each once: a comparison over other questions, or an id answered twice (one set given
    twice, two sets sharing an id), would grade the wrong pair."""
    for name, rows in (("start", start), ("candidate", cand)):
        twice = sorted(i for i, n in Counter(row["id"] for row in rows).items() if n > 1)
        if twice:
            raise SystemExit(f"the {name}'s answers hold these ids more than once: {', '.join(twice[:5])}")
    start_ids, cand_ids = {row["id"] for row in start}, {row["id"] for row in cand}
    if start_ids != cand_ids:
        raise SystemExit(f"the two answer files hold different questions: only the start's "
                         f"{sorted(start_ids - cand_ids)[:5]}, only the candidate's {sorted(cand_ids - start_ids)[:5]}")
    by_id = {row["id"]: row for row in cand}
    return [row["id"] for row in start
            if (row["bot_answer"], row["bot_declined"]) != (by_id[row["id"]]["bot_answer"], by_id[row["id"]]["bot_declined"])]


def pack(start: Sequence[Mapping[str, Any]], cand: Sequence[Mapping[str, Any]], groups: int,
         seed: int) -> tuple[list[list[dict[str, Any]]], dict[str, str]]:
    """The blind items of the differing answers in `groups` lists, and the key (id → "cand_is_A" | "cand_is_B").
    The side and the order are drawn from `seed`, so a pack can be made again exactly."""
    if groups < 1:
        raise ValueError("at least one group: no reader, no grade")
    rng = random.Random(seed)
    by_id = {row["id"]: row for row in cand}
    changed = set(differing(start, cand))
    key: dict[str, str] = {}
    items: list[dict[str, Any]] = []
    for row in (r for r in start if r["id"] in changed):
        other = by_id[row["id"]]
        cand_first = rng.random() < 0.5
        a, b = (other, row) if cand_first else (row, other)
        key[row["id"]] = SIDES[0] if cand_first else SIDES[1]
        items.append({"id": row["id"], "question": row["question"],
                      "kind_hint": "answerable per writer" if row["expected_units"] else "unanswerable per writer",
                      "expected_units": row["expected_units"], "reference_answer": row["reference_answer"],
                      "answer_A": a["bot_answer"], "declined_A": a["bot_declined"],
                      "answer_B": b["bot_answer"], "declined_B": b["bot_declined"]})
    rng.shuffle(items)
    return [items[g::groups] for g in range(groups)], key


@dataclass(frozen=True)
class Tally:
    """Each item's (start grade, candidate grade), and per side the utility and the wrong answers."""

    items: dict[str, tuple[str, str]]

    def grades(self, side: str) -> list[str]:
        return [pair[0 if side == "start" else 1] for pair in self.items.values()]

    def counts(self, side: str) -> dict[str, int]:
        return dict(Counter(self.grades(side)))

    def utility(self, side: str) -> float:
        return sum(UTILITY.get(grade, 0.0) for grade in self.grades(side))

    def wrong(self, side: str) -> int:
        return sum(grade in WRONG for grade in self.grades(side))

    @property
    def better(self) -> bool:
        """The A/B half of the ship rule: the candidate's utility higher and no more wrong answers. (The rule's other
        conditions, the declined share and the test split's targets, are measured elsewhere.)"""
        return self.utility("cand") > self.utility("start") and self.wrong("cand") <= self.wrong("start")


def tally(key: Mapping[str, str], grades: Iterable[Mapping[str, Any]]) -> Tally:
    """The grades read through the key. Refused rather than counted: a grade outside the brief's list, a key value
    that names no side, a graded id outside the key, an id of the key nobody graded, and two grades of one item that
    disagree (two readers who agree may both be given; where they differ, the rows say which to settle)."""
    bad_sides = sorted(i for i, side in key.items() if side not in SIDES)
    if bad_sides:
        raise SystemExit(f"the key names no side for {', '.join(bad_sides[:5])}")
    rows: dict[str, tuple[str, str]] = {}
    for grade in grades:
        item_id = grade["id"]
        if item_id not in key:
            raise SystemExit(f"{item_id} is not in the key")
        a, b = grade.get("grade_A"), grade.get("grade_B")
        if a not in GRADES or b not in GRADES:
            raise SystemExit(f"{item_id}: grades {a!r} / {b!r} are not among {', '.join(GRADES)}")
        pair = (str(b), str(a)) if key[item_id] == SIDES[0] else (str(a), str(b))
        if rows.get(item_id, pair) != pair:
            raise SystemExit(f"{item_id}: the readers disagree ({rows[item_id]} against {pair}); settle it first")
        rows[item_id] = pair
    ungraded = sorted(set(key) - set(rows))
    if ungraded:
        raise SystemExit(f"not graded: {', '.join(ungraded[:10])}")
    return Tally(rows)


def _answers(out: Path, sets: Sequence[Path], only: set[str] | None) -> int:
    from bench.tuning_answers import answer_row  # the bot's index and model are loaded only for this step
    from bot.answering.service import build_answering_service
    from bot.settings import Settings

    service = build_answering_service(Settings())
    service.reload_check_s = math.inf  # one index for the whole run, whatever another process rebuilds
    written = 0
    with out.open("w", encoding="utf-8") as f:
        for path in sets:
            items = read_jsonl(path)
            with service.probes_left_out([it["question"] for it in items]):
                for it in (it for it in items if only is None or it["id"] in only):
                    written += 1
                    row = {**answer_row(it, service.answer(it["question"])), "set": path.name}
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{written} answers written to {out}")
    if only is not None and written < len(only):
        asked = {it["id"] for path in sets for it in read_jsonl(path)}
        print(f"not in these sets: {', '.join(sorted(only - asked))}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    answers = commands.add_parser("answers", help="answer sets as the bot does, each without its own probe questions")
    answers.add_argument("out", type=Path)
    answers.add_argument("sets", type=Path, nargs="+")
    answers.add_argument("--only", type=Path, help="a file of question ids (whitespace separated): these only")
    packer = commands.add_parser("pack", help="blind A/B items of the answers that differ, and their key")
    packer.add_argument("start", type=Path)
    packer.add_argument("cand", type=Path)
    packer.add_argument("outdir", type=Path)
    packer.add_argument("--groups", type=int, default=1)
    packer.add_argument("--seed", type=int, default=0)
    tallier = commands.add_parser("tally", help="the readers' grades, start against candidate")
    tallier.add_argument("key", type=Path)
    tallier.add_argument("grades", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.command == "answers":
        only = set(args.only.read_text(encoding="utf-8").split()) if args.only else None
        return _answers(args.out, args.sets, only)
    if args.command == "pack":
        start, cand = read_jsonl(args.start), read_jsonl(args.cand)
        groups, key = pack(start, cand, args.groups, args.seed)
        args.outdir.mkdir(parents=True, exist_ok=True)
        for index, group in enumerate(groups):
            (args.outdir / f"items{index}.jsonl").write_text(
                "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in group), encoding="utf-8")
        key_path = key_file(args.outdir)
        key_path.write_text(json.dumps(key), encoding="utf-8")
        print(f"{len(key)} of {len(start)} answers differ; {len(groups)} pack(s) in {args.outdir}, the key in {key_path}")
        return 0
    result = tally(json.loads(args.key.read_text(encoding="utf-8")),
                   [g for path in args.grades for g in read_jsonl(path)])
    for item_id, (start_grade, cand_grade) in sorted(result.items.items()):
        print(f"{item_id} {start_grade} -> {cand_grade}")
    for side in ("start", "cand"):
        print(f"{side}: {result.counts(side)} utility {result.utility(side)} wrong {result.wrong(side)}")
    print(f"A/B condition (utility higher, no more wrong answers): {'met' if result.better else 'NOT met'}")
    return 0


def key_file(outdir: Path) -> Path:
    """Where `pack` keeps the key: beside the packs' folder, not in it, so the folder can be handed to readers."""
    return outdir.parent / f"{outdir.name}.key.json"


if __name__ == "__main__":
    raise SystemExit(main())
