"""The declined floor raises the answer threshold to the lowest one at which held-out sets meet the target
(`bench/declined_floor.py`).

Why these cases: the floor must never lower the fitted threshold (the utility chose it), must keep a fitted threshold
that already meets the target even between grid steps, must stop at the first threshold that meets the target (a higher
one declines needlessly), must say so when none does (then nothing is written), must record a floor that confirms the
fitted threshold on sets not yet recorded, must start again from the fit's own threshold, not from one an earlier floor
raised (more held-out sets may place the floor lower), must leave the service with the model it had also when answering
fails, and must refuse sets the model was fitted on (that would be the optimistic out-of-fold estimate again)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.declined_floor import GRID, at_threshold, dropped_sets, find_floor, fitted_on, fitted_threshold, to_record
from bot.retrieval.ranker import LinearModel


def test_the_lowest_threshold_meeting_the_target_from_the_fitted_one_up() -> None:
    shares = {0.49: 0.90, 0.50: 0.93, 0.51: 0.96, 0.52: 0.94, 0.53: 0.97}
    tried: list[float] = []

    def declined_at(threshold: float) -> float:
        tried.append(threshold)
        return shares.get(round(threshold, 2), 1.0)

    floor = find_floor(declined_at, 0.49, 0.95)
    assert floor.threshold == 0.51 and floor.met
    assert tried == [0.49, 0.50, 0.51]  # stops at the first that meets it


def test_never_below_the_fitted_threshold_and_an_off_grid_one_is_kept_when_it_meets_the_target() -> None:
    floor = find_floor(lambda threshold: 1.0 if threshold >= 0.3 else 0.0, 0.655, 0.95)
    assert floor.threshold == 0.655 and floor.met
    raised = find_floor(lambda threshold: 1.0 if threshold >= 0.7 else 0.0, 0.655, 0.95)
    assert raised.threshold == 0.7 and list(raised.declined)[:2] == [0.655, 0.66]


def test_not_met_anywhere_is_said() -> None:
    floor = find_floor(lambda threshold: 0.5, 0.9, 0.95)
    assert floor.threshold == max(GRID) and not floor.met
    assert min(floor.declined) == 0.9


def test_the_model_is_restored_when_answering_fails() -> None:
    fitted = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.49)
    composer = SimpleNamespace(answerability=fitted)
    with pytest.raises(RuntimeError), at_threshold(composer, fitted, 0.61):  # type: ignore[arg-type]
        assert composer.answerability.threshold == 0.61
        raise RuntimeError("the index went away")
    assert composer.answerability is fitted


def test_a_set_the_model_was_fitted_on_is_not_held_out() -> None:
    meta = {"sets": ["fresh263.jsonl", "fresh264.jsonl"]}
    sets = [Path("bench/eval/fresh264.jsonl"), Path("bench/eval/fresh265.jsonl")]
    assert fitted_on(meta, sets) == ["fresh264.jsonl"]
    assert fitted_on({}, sets) == []


def test_a_floor_run_again_starts_from_the_threshold_the_fit_chose() -> None:
    fitted = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.57)
    assert fitted_threshold(fitted) == 0.57  # no floor yet: the model's threshold is the fitted one
    raised = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.75,
                         meta={"declined_floor": {"fitted_threshold": 0.57, "declined": 0.953}})
    assert fitted_threshold(raised) == 0.57
    broken = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.75,
                         meta={"declined_floor": "0.57"})
    assert fitted_threshold(broken) == 0.75  # a record it cannot read is no fitted threshold
    flagged = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.75,
                          meta={"declined_floor": {"fitted_threshold": True}})
    assert fitted_threshold(flagged) == 0.75  # a flag is no threshold


def test_a_floor_on_fewer_held_out_sets_than_the_recorded_one_is_not_written_over_it() -> None:
    raised = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.72,
                         meta={"declined_floor": {"sets": ["fresh281.jsonl", "fresh282.jsonl"]}})
    assert dropped_sets(raised, ["fresh282.jsonl", "fresh293.jsonl"]) == ["fresh281.jsonl"]
    assert dropped_sets(raised, ["fresh281.jsonl", "fresh282.jsonl", "fresh293.jsonl"]) == []
    fresh = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.57)
    assert dropped_sets(fresh, ["fresh293.jsonl"]) == []  # a new fit records no floor yet


def test_a_floor_that_confirms_the_fitted_threshold_on_new_sets_is_recorded() -> None:
    fresh = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.57)
    record = {"sets": ["fresh289.jsonl"], "declined": 0.977}
    written = to_record(fresh, 0.57, record)  # no record yet: the measurement that backs 0.57 is written
    assert written is not None and written.threshold == 0.57 and written.meta["declined_floor"] == record
    recorded = LinearModel(features=("a",), coef=(1.0,), intercept=0.0, mean=(0.0,), scale=(1.0,), threshold=0.57,
                           meta={"declined_floor": {"sets": ["fresh289.jsonl", "fresh290.jsonl"]}})
    assert to_record(recorded, 0.57, {"sets": ["fresh290.jsonl", "fresh289.jsonl"]}) is None  # the same floor again
    more = to_record(recorded, 0.57, {"sets": ["fresh289.jsonl", "fresh290.jsonl", "fresh297.jsonl"]})
    assert more is not None and more.meta["declined_floor"]["sets"][-1] == "fresh297.jsonl"  # more sets say the same
    raised = to_record(recorded, 0.6, {"sets": ["fresh289.jsonl", "fresh290.jsonl"]})
    assert raised is not None and raised.threshold == 0.6  # another threshold
