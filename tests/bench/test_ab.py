"""The blind A/B steps (`bench/ab.py`): which answers differ, how they are packed for readers, how grades are tallied.

Why these cases: a ship decision rests on them. Only answers that differ are graded (the same answer on both sides
would dilute the comparison); each reader must see the candidate on either side at random, and the key must say
truly which side it was, or the tally credits the wrong version; the utility must weigh a wrong answer as the ship
rule does (−3, as a false answer), and grades of items outside the pack, or answer files over other questions, are
refused rather than silently counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.ab import differing, main, pack, tally


def _row(qid: str, text: str, declined: bool = False, expected: bool = True) -> dict:
    return {"id": qid, "set": "s.jsonl", "question": f"spørsmål {qid}", "kind": "law_paraphrase",
            "reference_answer": "…", "expected_units": [{"doc": "D", "section": "§1"}] if expected else [],
            "bot_answer": text, "bot_declined": declined, "cited": ""}


START = [_row("q1", "same"), _row("q2", "old"), _row("q3", "Jeg finner ikke…", True), _row("q4", "x", expected=False)]
CAND = [_row("q1", "same"), _row("q2", "new"), _row("q3", "svar"), _row("q4", "Jeg finner ikke…", True, False)]


def test_only_answers_whose_text_or_decline_changed_differ() -> None:
    assert differing(START, CAND) == ["q2", "q3", "q4"]
    with pytest.raises(SystemExit):
        differing(START, CAND[:3])  # a question the candidate did not answer


def test_the_key_says_on_which_side_the_candidate_stands() -> None:
    groups, key = pack(START, CAND, groups=2, seed=7)
    items = [item for group in groups for item in group]
    assert sorted(item["id"] for item in items) == ["q2", "q3", "q4"]  # every differing answer once, nothing else
    cand = {row["id"]: row for row in CAND}
    for item in items:
        side = "A" if key[item["id"]] == "cand_is_A" else "B"
        assert item[f"answer_{side}"] == cand[item["id"]]["bot_answer"]
        assert item[f"declined_{side}"] == cand[item["id"]]["bot_declined"]
    assert [i for i in items if i["id"] == "q4"][0]["kind_hint"] == "unanswerable per writer"
    assert pack(START, CAND, groups=2, seed=7) == (groups, key)  # the same seed packs the same
    sides = {tuple(pack(START, CAND, 1, seed)[1].values()) for seed in range(20)}
    assert len(sides) > 1  # the side is drawn, not fixed


def test_the_tally_reads_grades_through_the_key_and_weighs_a_wrong_answer_as_three() -> None:
    key = {"q2": "cand_is_A", "q3": "cand_is_B", "q4": "cand_is_B"}
    grades = [{"id": "q2", "grade_A": "wrong", "grade_B": "correct"},
              {"id": "q3", "grade_A": "false_abstention", "grade_B": "correct"},
              {"id": "q4", "grade_A": "correct_abstention", "grade_B": "partial"}]
    result = tally(key, grades)
    assert result["items"] == {"q2": ("correct", "wrong"), "q3": ("false_abstention", "correct"),
                               "q4": ("correct_abstention", "partial")}
    assert result["start_utility"] == 1.0 and result["cand_utility"] == -3.0 + 1.0 + 0.5
    assert result["start_wrong"] == 0 and result["cand_wrong"] == 1
    with pytest.raises(SystemExit):
        tally(key, [{"id": "q9", "grade_A": "correct", "grade_B": "correct"}])


def test_pack_and_tally_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, rows in (("start.jsonl", START), ("cand.jsonl", CAND)):
        (tmp_path / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main(["pack", str(tmp_path / "start.jsonl"), str(tmp_path / "cand.jsonl"), str(tmp_path / "ab"),
                 "--seed", "3"]) == 0
    key = json.loads((tmp_path / "ab" / "key.json").read_text(encoding="utf-8"))
    items = [json.loads(line) for line in (tmp_path / "ab" / "items0.jsonl").read_text(encoding="utf-8").splitlines()]
    grades = [{"id": it["id"], "grade_A": "correct" if key[it["id"]] == "cand_is_A" else "false_abstention",
               "grade_B": "correct" if key[it["id"]] == "cand_is_B" else "false_abstention"} for it in items]
    (tmp_path / "grades.jsonl").write_text("".join(json.dumps(g) + "\n" for g in grades), encoding="utf-8")
    capsys.readouterr()
    assert main(["tally", str(tmp_path / "ab" / "key.json"), str(tmp_path / "grades.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "q2 false_abstention -> correct" in out
    assert "cand: {'correct': 3} utility 3.0 wrong 0" in out
