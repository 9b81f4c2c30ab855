"""Place the answer threshold at issue 9's declined target, measured on sets the fit never saw (never below the fitted one).

    DATA_DIR=… python -m bench.declined_floor bench/eval/fresh265.jsonl … [--min-declined 0.95] [--write]

Why: `bench.calibrate` chooses the threshold by out-of-fold utility, and its out-of-fold estimate of how
many unanswerable questions the bot declines is optimistic. Writers keep asking the same unanswerable
things, and when one set is left out the other writers' examples of the same theme stay in the probe
questions (`ProbeMatrix.nearest_unanswered`): in the thirty-sixth round a refit declined 0.997 of the
unanswerable tuning questions out of fold at its threshold (0.49), but 0.93 of the test split's and about
0.94 of four new writers' sets. Sets by writers whom neither the fit nor the probe examples saw measure
what a new writer meets; this step holds the threshold where they say the declined target is met.

How: the held-out sets' unanswerable questions are answered by the service as the bot answers them
(every veto, explicit references, every check after the decision; each set's own questions left out of
the probe questions, should a later regeneration have added them), at each threshold of calibration's
grid (`THRESHOLD_GRID`) from the fitted one upward, and the lowest at which the share declined is at least
`--min-declined` is the floor. The point estimate, not less a standard error: a held-out set of 128
unanswerable questions has a standard error (0.02) as wide as the margin the target leaves. It never
goes below the threshold the fit chose. Run again on more held-out sets, it starts from that fitted
threshold (`fitted_threshold`: the one an earlier floor recorded in the model's meta), not from the raised
one: the floor is one measurement over all the held-out sets there are, and with 128 unanswerable
questions a step of the grid can be one question (0.008), so more sets can place it lower as well as
higher. At the chosen threshold every held-out question is answered once more, and the
answerable ones the bot declines are reported (the false-abstention side of the same choice).

Refuses a held-out set the answer model was fitted on (its `sets`): that would be the optimistic
estimate again. `--write` records the floor in the model's meta (`declined_floor`), also when it confirms the
fitted threshold (`to_record`: the model then says which measurement backs its threshold), and refuses a run on fewer
held-out sets than the recorded floor was measured on (`dropped_sets`): the floor is one measurement over all the
held-out sets there are, and four sets must not overwrite what twelve said.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench.calibrate import THRESHOLD_GRID, by_set, load, own_probes_left_out
from bot.answering.compose import Composer
from bot.answering.service import AnsweringService, build_answering_service
from bot.retrieval.ranker import AnswerModel
from bot.settings import Settings

MIN_DECLINED = 0.95  # issue 9: unanswerable questions declined >= 0.95
GRID = tuple(round(float(threshold), 2) for threshold in THRESHOLD_GRID)  # as the model file stores it


@dataclasses.dataclass(frozen=True)
class Floor:
    """What the held-out sets said: the threshold chosen and the share declined at each one tried."""

    threshold: float
    declined: Mapping[float, float]
    target: float = MIN_DECLINED

    @property
    def met(self) -> bool:
        """Whether the chosen threshold reaches the target: when none does, the floor says so and nothing is written
        (a threshold that still misses the target would only decline more answerable questions)."""
        return self.declined.get(self.threshold, 0.0) >= self.target


@contextmanager
def at_threshold(composer: Composer, fitted: AnswerModel, threshold: float) -> Iterator[None]:
    """The composer answers with `fitted` at `threshold` inside the block and with `fitted` itself after, also when
    answering raises: a measurement must never leave the service with a threshold it was not given."""
    composer.answerability = dataclasses.replace(fitted, threshold=threshold)
    try:
        yield
    finally:
        composer.answerability = fitted


def declined_share(service: AnsweringService, composer: Composer, fitted: AnswerModel, threshold: float,
                   questions: Sequence[str]) -> float:
    """The share of `questions` the bot declines with the answer model at `threshold`, each answered as the bot
    answers it (the decision is not the probability alone: vetoes and the checks after it decline too)."""
    with at_threshold(composer, fitted, threshold):
        return sum(service.answer(q).abstained for q in questions) / len(questions)


def find_floor(declined_at: Callable[[float], float], start: float, target: float,
               grid: Sequence[float] = GRID) -> Floor:
    """The lowest threshold, `start` itself or a step of `grid` above it, at which `declined_at` is at least `target`
    (the last tried when none is: the floor is then not met, and says so). `start` is tried first, so a fitted
    threshold between grid steps that already meets the target is kept, not raised to the next step."""
    tried: dict[float, float] = {}
    for threshold in (start, *(t for t in grid if t > start + 1e-9)):
        tried[threshold] = declined_at(threshold)
        if tried[threshold] >= target:
            return Floor(threshold, tried, target)
    return Floor(threshold, tried, target)


def fitted_threshold(model: AnswerModel) -> float:
    """The threshold the fit chose (`bench.calibrate`), before any floor raised it: an earlier floor records it in the
    model's meta (`declined_floor.fitted_threshold`); without a record the model's own threshold is the fitted one."""
    record = model.meta.get("declined_floor")
    fitted = record.get("fitted_threshold") if isinstance(record, Mapping) else None
    return float(fitted) if isinstance(fitted, (int, float)) and not isinstance(fitted, bool) else model.threshold


def dropped_sets(model: AnswerModel, sets: Sequence[str]) -> list[str]:
    """The held-out sets the recorded floor was measured on that `sets` leave out: a floor written from them would
    replace a measurement on more sets with one on fewer."""
    record = model.meta.get("declined_floor")
    earlier = record.get("sets") if isinstance(record, Mapping) else None
    return sorted(str(name) for name in earlier if str(name) not in set(sets)) if isinstance(earlier, list) else []


def to_record(model: AnswerModel, threshold: float, record: Mapping[str, object]) -> AnswerModel | None:
    """The model to write for a floor at `threshold` measured as `record` says (its `sets` among it), or None when
    that changes nothing in the model file: neither its threshold nor the held-out sets its floor record names. A floor
    that confirms the fitted threshold on sets not yet recorded is written too, so the model says which held-out
    measurement backs its threshold (and a later run on fewer sets is refused). The order of the names is no change."""
    earlier = model.meta.get("declined_floor")
    recorded = earlier.get("sets") if isinstance(earlier, Mapping) else None
    sets = record.get("sets")
    same_sets = isinstance(recorded, list) and isinstance(sets, list) and sorted(map(str, recorded)) == sorted(map(str, sets))
    if threshold == model.threshold and same_sets:
        return None
    return dataclasses.replace(model, threshold=threshold, meta={**model.meta, "declined_floor": dict(record)})


def fitted_on(meta: Mapping[str, object], sets: Sequence[Path]) -> list[str]:
    """The names of `sets` the model whose `meta` this is was fitted on (its `sets`, as `bench.calibrate` records
    them): such a set is no held-out set."""
    recorded = meta.get("sets")
    seen = {str(name) for name in recorded} if isinstance(recorded, list) else set()
    return sorted(path.name for path in sets if path.name in seen)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the floor on the sets named and, with `--write`, set the model file's threshold to it; exit 1 when
    the target is not met at any threshold (nothing is written then)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", type=Path, nargs="+", help="held-out sets (JSON Lines, bench/eval's format)")
    parser.add_argument("--min-declined", type=float, default=MIN_DECLINED)
    parser.add_argument("--write", action="store_true",
                        help="write the floor's threshold into the answer model file the bot reads (knowledge/models)")
    args = parser.parse_args(argv)
    settings = Settings()
    service = build_answering_service(settings)
    service.reload_check_s = math.inf  # one index for the whole measurement, whatever another process rebuilds
    state = service._state()
    composer = state.composer
    fitted = composer.answerability
    if fitted is None:
        raise SystemExit("no answer model fitted for this embedding model: nothing to raise")
    overlap = fitted_on(fitted.meta, args.sets)
    if overlap:
        raise SystemExit(f"the answer model was fitted on {', '.join(overlap)}: not held out")
    items = load(args.sets)
    unanswerable = [it["question"] for it in items if not it["expected"]]
    if not unanswerable:
        raise SystemExit("no unanswerable questions in the held-out sets")
    with own_probes_left_out(state.retriever, [it["question"] for it in items]):
        start = fitted_threshold(fitted)
        floor = find_floor(lambda t: declined_share(service, composer, fitted, t, unanswerable),
                           start, args.min_declined)
        with at_threshold(composer, fitted, floor.threshold):
            declined = [it["id"] for it in items if it["expected"] and service.answer(it["question"]).abstained]
    answerable = sum(1 for it in items if it["expected"])
    sets = sorted(by_set(items))
    print("unanswerable declined by threshold: " + " ".join(f"{t:.2f}:{d:.3f}" for t, d in floor.declined.items()))
    print(f"{len(items)} held-out questions ({len(sets)} sets, {len(unanswerable)} unanswerable): threshold "
          f"{start:.2f} (fitted; the model file holds {fitted.threshold:.2f}) -> {floor.threshold:.2f}; declined {floor.declined[floor.threshold]:.3f} "
          f"(target {args.min_declined:.2f}{'' if floor.met else ', NOT met at any threshold'}); answerable declined "
          f"there {len(declined)} of {answerable}: {' '.join(declined)}")
    if not floor.met:
        return 1
    dropped = dropped_sets(fitted, sets)
    if args.write and dropped:
        print(f"not written: the recorded floor was measured on {', '.join(dropped)} as well; name every held-out set")
        return 1
    record = {"sets": sets, "unanswerable": len(unanswerable), "fitted_threshold": start,
              "declined": round(floor.declined[floor.threshold], 3), "min_declined": args.min_declined,
              "answerable_declined": f"{len(declined)}/{answerable}"}
    written = to_record(fitted, floor.threshold, record) if args.write else None
    if written is not None:
        path = settings.knowledge_dir / "models" / "answerability.json"
        written.dump(path)
        print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
