"""The blind A/B steps (`bench/ab.py`): which answers differ, how they are packed for readers, how grades are tallied.

Why these cases: a ship decision rests on them. Only answers that differ are graded (the same answer on both sides
would dilute the comparison); each reader must see the candidate on either side at random, and the key must say
truly which side it was, or the tally credits the wrong version; the utility must weigh a wrong answer as the ship
rule does (−3, as a false answer), and grades of items outside the pack, or answer files over other questions, are
refused rather than silently counted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.ab import differing, key_file, main, pack, tally


def _row(qid: str, text: str, declined: bool = False, expected: bool = True) -> dict[str, Any]:
    return {"id": qid, "set": "s.jsonl", "question": f"spørsmål {qid}", "kind": "law_paraphrase",
            "reference_answer": "…", "expected_units": [{"doc": "D", "section": "§1"}] if expected else [],
            "bot_answer": text, "bot_declined": declined, "cited": ""}


START = [_row("q1", "same"), _row("q2", "old"), _row("q3", "Jeg finner ikke…", True), _row("q4", "x", expected=False)]
CAND = [_row("q1", "same"), _row("q2", "new"), _row("q3", "svar"), _row("q4", "Jeg finner ikke…", True, False)]


def test_only_answers_whose_text_or_decline_changed_differ() -> None:
    assert differing(START, CAND) == ["q2", "q3", "q4"]
    with pytest.raises(SystemExit):
        differing(START, CAND[:3])  # a question the candidate did not answer
    with pytest.raises(SystemExit):
        differing(START[:3], CAND)  # one the start did not
    with pytest.raises(SystemExit):  # an id twice (one set given twice): the pairs would be the wrong ones
        differing([*START[:3], START[0]], [*CAND[:3], _row("q5", "other")])


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
    with pytest.raises(ValueError):
        pack(START, CAND, groups=0, seed=7)
    sides = {tuple(pack(START, CAND, 1, seed)[1].values()) for seed in range(20)}
    assert len(sides) > 1  # the side is drawn, not fixed


def test_the_tally_reads_grades_through_the_key_and_weighs_a_wrong_answer_as_three() -> None:
    key = {"q2": "cand_is_A", "q3": "cand_is_B", "q4": "cand_is_B"}
    grades = [{"id": "q2", "grade_A": "wrong", "grade_B": "correct"},
              {"id": "q3", "grade_A": "false_abstention", "grade_B": "correct"},
              {"id": "q4", "grade_A": "correct_abstention", "grade_B": "partial"}]
    result = tally(key, grades)
    assert result.items == {"q2": ("correct", "wrong"), "q3": ("false_abstention", "correct"),
                            "q4": ("correct_abstention", "partial")}
    assert result.utility("start") == 1.0 and result.utility("cand") == -3.0 + 1.0 + 0.5
    assert result.wrong("start") == 0 and result.wrong("cand") == 1
    assert not result.better  # a higher utility would not do either: one wrong answer more
    assert tally(key, [*grades, grades[0]]).items == result.items  # a second reader who agrees changes nothing


@pytest.mark.parametrize("grades", [
    [{"id": "q9", "grade_A": "correct", "grade_B": "correct"}],  # not in the key
    [{"id": "q2", "grade_A": "wrong", "grade_B": "correct"}],  # q3 nobody graded
    [{"id": "q2", "grade_A": "Wrong", "grade_B": "correct"},  # no grade of the brief's
     {"id": "q3", "grade_A": "correct", "grade_B": "correct"}],
    [{"id": "q2", "grade_A": "wrong", "grade_B": "correct"}, {"id": "q3", "grade_A": "correct", "grade_B": "correct"},
     {"id": "q2", "grade_A": "correct", "grade_B": "correct"}],  # two readers disagree: settled first, not by order
])
def test_grades_the_tally_cannot_read_truly_are_refused(grades: list[dict[str, str]]) -> None:
    with pytest.raises(SystemExit):
        tally({"q2": "cand_is_A", "q3": "cand_is_B"}, grades)


def test_a_key_that_names_no_side_is_refused() -> None:
    with pytest.raises(SystemExit):
        tally({"q2": "A"}, [{"id": "q2", "grade_A": "wrong", "grade_B": "correct"}])


def test_pack_and_tally_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, rows in (("start.jsonl", START), ("cand.jsonl", CAND)):
        (tmp_path / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main(["pack", str(tmp_path / "start.jsonl"), str(tmp_path / "cand.jsonl"), str(tmp_path / "ab"),
                 "--seed", "3"]) == 0
    assert not (tmp_path / "ab" / "key.json").exists()  # the readers' folder holds no key
    key = json.loads(key_file(tmp_path / "ab").read_text(encoding="utf-8"))
    items = [json.loads(line) for line in (tmp_path / "ab" / "items0.jsonl").read_text(encoding="utf-8").splitlines()]
    grades = [{"id": it["id"], "grade_A": "correct" if key[it["id"]] == "cand_is_A" else "false_abstention",
               "grade_B": "correct" if key[it["id"]] == "cand_is_B" else "false_abstention"} for it in items]
    (tmp_path / "grades.jsonl").write_text("".join(json.dumps(g) + "\n" for g in grades), encoding="utf-8")
    capsys.readouterr()
    assert main(["tally", str(key_file(tmp_path / "ab")), str(tmp_path / "grades.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "q2 false_abstention -> correct" in out
    assert "cand: {'correct': 3} utility 3.0 wrong 0" in out
    assert "A/B condition (utility higher, no more wrong answers): met" in out


def test_an_answer_row_names_the_unit_quoted_first_and_none_for_a_decline() -> None:
    """`cited` is how a grade finds its answer again in a later fit: the first citation's chunk, "" for a decline."""
    from bench.tuning_answers import answer_row
    from bot.domain import Answer, Citation

    first = Citation(chunk_id="LOV-2009-06-19-44|§4|p1", doc_id="LOV-2009-06-19-44", title="krisesenterlova",
                     label="krisesenterlova § 4 første ledd")
    second = first.model_copy(update={"chunk_id": "LOV-2009-06-19-44|§4|p2"})
    item = {"id": "q1", "question": "Må krisesenteret delta i IP?", "answer": "Ja.", "expected": [{"doc": "D"}]}
    answered = answer_row(item, Answer(question=item["question"], text="Dette står …", abstained=False,
                                       citations=[first, second]))
    assert answered["cited"] == "LOV-2009-06-19-44|§4|p1" and answered["bot_declined"] is False
    assert answered["reference_answer"] == "Ja." and answered["expected_units"] == [{"doc": "D"}]
    declined = answer_row(item, Answer(question=item["question"], text="Jeg finner ikke …", abstained=True))
    assert declined["cited"] == "" and declined["bot_declined"] is True
