"""Blind A/B comparison of two versions of the bot: their answers, the packs readers grade, the tally.

    DATA_DIR=… python -m bench.ab answers OUT.jsonl SET.jsonl … [--only IDS.txt]
    python -m bench.ab pack START.jsonl CAND.jsonl OUTDIR [--groups N] [--seed S]
    python -m bench.ab tally OUTDIR/key.json GRADES.jsonl …

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

`pack` writes the differing answers in random sides, shuffled, in `--groups` files for as many readers, with
`key.json` (which side is the candidate) beside them; readers grade from bench/eval/GRADING-BRIEF.md (A/B mode).
`tally` reads the key and the readers' grades and prints each item start → candidate, the counts and the utilities.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

UTILITY = {"correct": 1.0, "partial": 0.5, "wrong": -3.0, "false_answer": -3.0}  # any other grade (a decline) is 0
WRONG = ("wrong", "false_answer")


def read_jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSON Lines file, blank lines skipped."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def differing(start: Sequence[Mapping], cand: Sequence[Mapping]) -> list[str]:
    """The ids whose answer text or decline differs between the two versions, in the start's order. Both must have
    answered the same questions: a comparison over different questions would grade nothing."""
    by_id = {row["id"]: row for row in cand}
    missing = [row["id"] for row in start if row["id"] not in by_id]
    if missing or len(by_id) != len(start):
        raise SystemExit(f"the two answer files hold different questions (e.g. {missing[:3]})")
    return [row["id"] for row in start
            if (row["bot_answer"], row["bot_declined"]) != (by_id[row["id"]]["bot_answer"], by_id[row["id"]]["bot_declined"])]


def pack(start: Sequence[Mapping], cand: Sequence[Mapping], groups: int, seed: int) -> tuple[list[list[dict]], dict[str, str]]:
    """The blind items of the differing answers in `groups` lists, and the key (id → "cand_is_A" | "cand_is_B").
    The side and the order are drawn from `seed`, so a pack can be made again exactly."""
    rng = random.Random(seed)
    by_id = {row["id"]: row for row in cand}
    changed = set(differing(start, cand))
    key: dict[str, str] = {}
    items: list[dict] = []
    for row in (r for r in start if r["id"] in changed):
        other = by_id[row["id"]]
        cand_first = rng.random() < 0.5
        a, b = (other, row) if cand_first else (row, other)
        key[row["id"]] = "cand_is_A" if cand_first else "cand_is_B"
        items.append({"id": row["id"], "question": row["question"],
                      "kind_hint": "answerable per writer" if row["expected_units"] else "unanswerable per writer",
                      "expected_units": row["expected_units"], "reference_answer": row["reference_answer"],
                      "answer_A": a["bot_answer"], "declined_A": a["bot_declined"],
                      "answer_B": b["bot_answer"], "declined_B": b["bot_declined"]})
    rng.shuffle(items)
    return [items[g::groups] for g in range(groups)], key


def tally(key: Mapping[str, str], grades: Iterable[Mapping]) -> dict[str, object]:
    """Per item (start grade, candidate grade), the counts of each side's grades, their utilities and wrong answers
    (wrong or false answer). A graded item missing from the key is refused: it was not part of this pack."""
    rows: dict[str, tuple[str, str]] = {}
    for grade in grades:
        side = key.get(grade["id"])
        if side is None:
            raise SystemExit(f"{grade['id']} is not in the key")
        a, b = str(grade["grade_A"]), str(grade["grade_B"])
        rows[grade["id"]] = (b, a) if side == "cand_is_A" else (a, b)
    sides = {"start": [s for s, _ in rows.values()], "cand": [c for _, c in rows.values()]}
    return {"items": rows,
            **{f"{side}_counts": dict(Counter(gs)) for side, gs in sides.items()},
            **{f"{side}_utility": sum(UTILITY.get(g, 0.0) for g in gs) for side, gs in sides.items()},
            **{f"{side}_wrong": sum(g in WRONG for g in gs) for side, gs in sides.items()}}


def _answers(out: Path, sets: Sequence[Path], only: set[str] | None) -> int:
    from bench.calibrate import own_probes_left_out  # the bot's index is loaded only for this step
    from bot.answering.service import build_answering_service
    from bot.settings import Settings

    service = build_answering_service(Settings())
    service.reload_check_s = float("inf")  # one index for the whole run, whatever another process rebuilds
    retriever = service._state().retriever
    written = 0
    with out.open("w", encoding="utf-8") as f:
        for path in sets:
            items = read_jsonl(path)
            with own_probes_left_out(retriever, {it["question"] for it in items}):
                for it in (it for it in items if only is None or it["id"] in only):
                    answer = service.answer(it["question"])
                    written += 1
                    f.write(json.dumps({
                        "id": it["id"], "set": path.name, "question": it["question"], "kind": it.get("kind", ""),
                        "reference_answer": it.get("answer", ""), "expected_units": it.get("expected", []),
                        "bot_answer": answer.text, "bot_declined": answer.abstained,
                        "cited": "" if answer.abstained or not answer.citations else answer.citations[0].chunk_id,
                    }, ensure_ascii=False) + "\n")
    print(f"{written} answers written to {out}")
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
        groups, key = pack(start, cand, max(1, args.groups), args.seed)
        args.outdir.mkdir(parents=True, exist_ok=True)
        for index, group in enumerate(groups):
            (args.outdir / f"items{index}.jsonl").write_text(
                "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in group), encoding="utf-8")
        (args.outdir / "key.json").write_text(json.dumps(key), encoding="utf-8")
        print(f"{len(key)} of {len(start)} answers differ; {len(groups)} pack(s) in {args.outdir}")
        return 0
    result = tally(json.loads(args.key.read_text(encoding="utf-8")),
                   [g for path in args.grades for g in read_jsonl(path)])
    items = result["items"]
    assert isinstance(items, dict)
    for item_id, (start_grade, cand_grade) in sorted(items.items()):
        print(f"{item_id} {start_grade} -> {cand_grade}")
    for side in ("start", "cand"):
        print(f"{side}: {result[f'{side}_counts']} utility {result[f'{side}_utility']} wrong {result[f'{side}_wrong']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
