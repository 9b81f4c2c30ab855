"""Fit the intent and answerability models and the fusion weights on the tuning sets (knowledge/models/).

    DATA_DIR=… python -m bench.calibrate            # needs an index built with the default model

Why here and not at run time: fitting is a deliberate, reviewed step. The fitted coefficients are data
in git, with the sets they were fitted on; `bench/eval/test.jsonl` is never read here (the test split
measures what the fit generalises to). scikit-learn is a dev dependency only: the bot scores the
models as data (`bot.retrieval.ranker`, `bot.retrieval.trees`).

Every tuning question is ranked as a new writer's question would be: the tuning sets' questions are
also probe questions (`bench/tuning_probes.py`), so each set is ranked with its own left out (`_pools`).

Folds keep each tuning set together (one writer, or one round of writing: `StratifiedGroupKFold`,
`GroupKFold` by `writer_groups`, since 2026-12-04; a question asked word for word in several sets goes
with the first). Why: a writer asks the same thing twice (bokmål and nynorsk,
short and long) and in one voice; with a set split across folds, a question's twin is in the training
folds and the out-of-fold figures (the threshold's utility above all) look like a known writer's, not a
new one's, which is what the bot meets.

Steps (each model sees only out-of-fold outputs of the one before, so no model learns from another's
memorised training answers):
1. intent: logistic regression on the question embedding, letter vs law questions (C by
   cross-validated log-loss: the answer model and the fusion read it as a probability, not a label);
2. fusion: the weights of the dense ranker, the two probe lists and the intent log-prior, by MRR@10 over the
   tuning questions (a grid, scored at all points at once; the intent from step 1 out of fold). A
   pointwise logistic ranker over the candidates' signals was tried first and did not beat rank fusion
   (MRR 0.747 vs 0.738 at more cost and opacity), so it was dropped;
3. answerability: logistic regression (or boosted trees, `--answer-model trees`: scored out of fold beside
   it every time, not the default since they lost on new writers' questions: in the nineteenth round, with
   the better out-of-fold utility, they answered 24 of 96 unanswerable fresh questions to logistic's 0) on the best candidate's
   signals (`ANSWER_FEATURES`, read from the question spelled out as `Composer` judges it), computed from
   a ranking whose fusion weights were fitted on the other folds (`_out_of_fold_fusion`: the weights fitted
   on all questions rank them better than they will rank a new one, and the model would learn to trust
   that ranking too much). Label: the question is answerable and the best candidate is a hit (`--labels
   proxy`, the default), or a reader's grade where there is one (`--labels reader`; on 2026-12-02 it
   did no better out of fold: utility 342.6 vs 341.7 of 846 questions, BENCHMARKS.md). The threshold is the highest within one standard
   error of the best (`_threshold`) of a utility in which a wrong answer costs three times what a correct one gains and a needless
   decline costs one (answer only when a right answer is more likely than 3 in 5; it was twice until a
   fresh set showed 23 % wrong answers at that cost, see BENCHMARKS.md), judged by a reader's grades of
   the tuning answers where there are some (`READER_GRADES`; `bench/tuning_answers.py` makes the answers
   to grade) and by the proxy label elsewhere. After a refit, raise the threshold where needed to issue 9's declined
   target measured on sets neither the fit nor the probe examples saw (`bench/declined_floor.py`): the out-of-fold
   estimate of declines is optimistic (the other writers' unanswerable examples stay in the probes).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

from bench.trees import as_tree_model, fit_trees
from bot.answering.abstention import ANSWER_KINDS, PRECONDITIONS, answer_features, question_kind
from bot.answering.service import AnsweringService, build_answering_service
from bot.domain import SearchHit
from bot.eval.metrics import collapse, is_hit
from bot.retrieval.hybrid import FEATURE_DEPTH, FUSION_K, HybridRetriever
from bot.retrieval.ranker import (
    ANSWER_FEATURES,
    EMBEDDING_FEATURE,
    WORD_FEATURE,
    AnswerModel,
    LinearModel,
    Models,
    intent_terms,
)
from bot.retrieval.text import spell_out
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TUNING_SETS = (
    ROOT / "bench/eval/tune.jsonl",
    ROOT.parent / "shared/eval/dev.jsonl",
    ROOT.parent / "shared/eval/users.jsonl",
    ROOT / "bench/eval/own.jsonl",
    ROOT / "bench/eval/heldout.jsonl",
    ROOT / "bench/eval/heldout2.jsonl",
    # Two sets by writers who had seen nothing, used to measure once each (BENCHMARKS.md) and then moved
    # here: questions from new writers are the closest thing to the users' own, and the answer model
    # must be fitted on as many of them as there are. Each new set measures before it is added.
    ROOT / "bench/eval/fresh.jsonl",
    ROOT / "bench/eval/fresh2.jsonl",
    # Six more, each spent on its measurements (BENCHMARKS.md) and moved here with a reader's grades.
    ROOT / "bench/eval/fresh3.jsonl",
    ROOT / "bench/eval/fresh4.jsonl",
    ROOT / "bench/eval/fresh5.jsonl",
    ROOT / "bench/eval/fresh6.jsonl",
    ROOT / "bench/eval/fresh7.jsonl",
    ROOT / "bench/eval/fresh8.jsonl",
    # Spent on the measurement of the tuning questions as examples (BENCHMARKS.md), then moved here.
    ROOT / "bench/eval/fresh9.jsonl",
    ROOT / "bench/eval/fresh10.jsonl",
    # Spent on the measurement of fresh9/fresh10 joining (fresh11) and on a second first look (fresh12).
    ROOT / "bench/eval/fresh11.jsonl",
    ROOT / "bench/eval/fresh12.jsonl",
    # Spent on the measurement of fresh11/fresh12 joining (BENCHMARKS.md), then moved here.
    ROOT / "bench/eval/fresh13.jsonl",
    ROOT / "bench/eval/fresh14.jsonl",
    # Spent on the sixth round's final measurement (BENCHMARKS.md), moved here in the seventh.
    ROOT / "bench/eval/fresh15.jsonl",
    ROOT / "bench/eval/fresh16.jsonl",
    # fresh17/18 were spent on the seventh round's final measurement, fresh19/20 on its development look
    # (BENCHMARKS.md); moved here in the eighth.
    ROOT / "bench/eval/fresh17.jsonl",
    ROOT / "bench/eval/fresh18.jsonl",
    ROOT / "bench/eval/fresh19.jsonl",
    ROOT / "bench/eval/fresh20.jsonl",
    # fresh21/22 and fresh25/26 were spent on the eighth round's measurements, fresh23/24 on its
    # development look (BENCHMARKS.md); moved here in the ninth.
    ROOT / "bench/eval/fresh21.jsonl",
    ROOT / "bench/eval/fresh22.jsonl",
    ROOT / "bench/eval/fresh23.jsonl",
    ROOT / "bench/eval/fresh24.jsonl",
    ROOT / "bench/eval/fresh25.jsonl",
    ROOT / "bench/eval/fresh26.jsonl",
    # fresh29-32 were spent on the ninth round's measurement, fresh27/28 on its development look
    # (BENCHMARKS.md); moved here in the tenth.
    ROOT / "bench/eval/fresh27.jsonl",
    ROOT / "bench/eval/fresh28.jsonl",
    ROOT / "bench/eval/fresh29.jsonl",
    ROOT / "bench/eval/fresh30.jsonl",
    ROOT / "bench/eval/fresh31.jsonl",
    ROOT / "bench/eval/fresh32.jsonl",
    # fresh35-38 were spent on the tenth round's measurement, fresh33/34 on its development look; moved
    # here in the eleventh.
    ROOT / "bench/eval/fresh33.jsonl",
    ROOT / "bench/eval/fresh34.jsonl",
    ROOT / "bench/eval/fresh35.jsonl",
    ROOT / "bench/eval/fresh36.jsonl",
    ROOT / "bench/eval/fresh37.jsonl",
    ROOT / "bench/eval/fresh38.jsonl",
    # fresh41-48 were spent on the eleventh round's measurements, fresh39/40 on its development look;
    # moved here in the twelfth.
    ROOT / "bench/eval/fresh39.jsonl",
    ROOT / "bench/eval/fresh40.jsonl",
    ROOT / "bench/eval/fresh41.jsonl",
    ROOT / "bench/eval/fresh42.jsonl",
    ROOT / "bench/eval/fresh43.jsonl",
    ROOT / "bench/eval/fresh44.jsonl",
    ROOT / "bench/eval/fresh45.jsonl",
    ROOT / "bench/eval/fresh46.jsonl",
    ROOT / "bench/eval/fresh47.jsonl",
    ROOT / "bench/eval/fresh48.jsonl",
    # fresh49-56 were spent on the twelfth round's measurements (v1 and final); moved here in the
    # thirteenth.
    ROOT / "bench/eval/fresh49.jsonl",
    ROOT / "bench/eval/fresh50.jsonl",
    ROOT / "bench/eval/fresh51.jsonl",
    ROOT / "bench/eval/fresh52.jsonl",
    ROOT / "bench/eval/fresh53.jsonl",
    ROOT / "bench/eval/fresh54.jsonl",
    ROOT / "bench/eval/fresh55.jsonl",
    ROOT / "bench/eval/fresh56.jsonl",
    # fresh57-64 were spent on the thirteenth round's measurement (start and final); moved here in the
    # fourteenth.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(57, 65)),
    # fresh65-80 were spent on the fourteenth round's measurement (65-72 start and final, 73-80 the last code);
    # moved here in the fifteenth.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(65, 81)),
    # fresh81-86 were spent on the fifteenth round's measurement (start, final and last code); moved here in the
    # sixteenth.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(81, 87)),
    # fresh87-92 were spent on the sixteenth round's measurement (start and final); moved here in the seventeenth.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(87, 93)),
    # fresh93-98 were spent on the seventeenth round's measurement (start and final); moved here in the eighteenth.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(93, 99)),
    # fresh99-104 were spent on the eighteenth round's measurement (start and final); moved here in the nineteenth.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(99, 105)),
    # fresh105-116 were spent on the nineteenth round's two measurements; moved here at its end (the models shipped
    # in that round were fitted before they joined).
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(105, 117)),
    # fresh117-122 were spent on the twentieth round's first measurement; moved here after it (its second refit,
    # shipped, read them).
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(117, 123)),
    # fresh123-126 were spent on the twentieth round's second measurement; moved here at its end (the models shipped
    # in that round were fitted before they joined).
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(123, 127)),
    # fresh127-132 were spent on the twenty-first round's first measurement; moved here after it.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(127, 133)),
    # fresh133-136 were spent on the twenty-first round's second measurement; moved here at its end (the models shipped
    # in that round were fitted before they joined).
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(133, 137)),
    # fresh137-138 were spent on the twenty-first round's third measurement (the curated individual-plan questions);
    # moved here at its end.
    ROOT / "bench/eval/fresh137.jsonl",
    ROOT / "bench/eval/fresh138.jsonl",
    # fresh139-142 were spent on the twenty-second round's first measurement (refit 3); moved here after it.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(139, 143)),
    # fresh143-146 were spent on the twenty-second round's second measurement (refit 4, shipped); moved here at its
    # end (the models shipped then were fitted before they joined).
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(143, 147)),
    # fresh147-148 were spent on the measurement of a fifth refit (not shipped); moved here in the twenty-third round.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(147, 149)),
    # fresh149-152 were spent on the twenty-third round's measurement (refit 6, shipped); moved here at its end (the
    # models shipped then were fitted before they joined).
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(149, 153)),
    # fresh153-156 were spent on the twenty-third round's second measurement (a seventh refit, not shipped); moved
    # here at its end (the shipped models were fitted before they joined).
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(153, 157)),
    # fresh157-160 and fresh161-164 were spent on the twenty-fourth round's two measurements (an eighth refit, not
    # shipped); moved here at its end (the shipped models were fitted before they joined).
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(157, 165)),
    # fresh165-168 were spent on the twenty-fourth round's third measurement (a ninth refit, not shipped); moved here
    # at its end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(165, 169)),
    # fresh169-172 were spent on the twenty-fifth round's measurement (a tenth refit, not shipped); moved here at
    # its end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(169, 173)),
    # fresh173-174 (questions for a number) were spent on the twenty-fifth round's count measurement; moved here at
    # its end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(173, 175)),
    # fresh175-176 ("how many", many about lists) were spent on the measurement of the list count (feb5718); moved
    # here at the round's end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(175, 177)),
    # fresh177-180 (fresh177-178 the standard mix, fresh179-180 numbers) were spent on the twenty-sixth round's
    # measurement of the count rule (38bf8d2) and the named §'s time limit (5c7943d); moved here after it, before
    # the round's eleventh refit.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(177, 181)),
    # fresh181-184 were spent on the twenty-sixth round's measurement of an eleventh refit (not shipped); moved here
    # at its end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(181, 185)),
    # fresh185-188 were spent on the twenty-seventh round's measurement of a twelfth refit (not shipped), fresh189-192
    # on its second measurement; moved here at the round's end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(185, 193)),
    # fresh193-200 measured the twenty-eighth round's start and showed its defects; fresh201-208 measured its rules
    # (start and end, blind A/B); moved here at the round's end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(193, 209)),
    # fresh209-216 measured the twenty-ninth round's start and showed its defects, fresh217-224 its end (start and
    # end, blind A/B where they differ); moved here at the round's end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(209, 225)),
    # fresh225-232 measured the thirtieth round's start and were its development look; fresh233-240 its end (the
    # report model tried there was not shipped); moved here at the round's end.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(225, 241)),
    # fresh241-244: the thirty-first round's final measurement (the shipped answers equal its start's); fresh245-248 the
    # thirty-second's; fresh249-252 the thirty-third's unseen check and final measurement, fresh253-256 and
    # fresh257-260 the thirty-fourth's, fresh261-264 the thirty-fifth's, fresh265-272 the thirty-sixth's, fresh273-280
    # the thirty-seventh's (each moved here at its round's end). fresh281-288, also spent in the thirty-seventh round, are
    # held out of the thirty-eighth round's refit (8): `bench.declined_floor` measured its threshold on them (sets the fit
    # never saw); fresh289-292 measured it. Both join at the next refit, with new sets held out for its floor.
    *(ROOT / f"bench/eval/fresh{n}.jsonl" for n in range(241, 281)),
)
FOLDS = 5
THRESHOLD_REPEATS = 10
# the answer thresholds calibration chooses among (`_threshold`; `bench.declined_floor` raises within it)
THRESHOLD_GRID = np.linspace(0.02, 0.98, 97)
THRESHOLD_GRID.setflags(write=False)  # shared: no caller may change it
VETO_EVIDENCE = 2.0  # standard errors by which dropping a veto must gain (`_choose_vetoes`)
PLATEAU = 0.1  # reported: the thresholds within 10 % of the best smoothed utility
# A reader's grades of tuning answers produced with the threshold off (see bench/eval/README)
READER_GRADES = (ROOT / "bench/eval/tune_grades.jsonl", ROOT / "bench/eval/fresh_grades.jsonl",
                 ROOT / "bench/eval/fresh3_8_grades.jsonl", ROOT / "bench/eval/fresh9_10_grades.jsonl",
                 ROOT / "bench/eval/fresh11_grades.jsonl", ROOT / "bench/eval/fresh12_grades.jsonl",
                 ROOT / "bench/eval/fresh13_14_grades.jsonl", ROOT / "bench/eval/fresh15_16_grades.jsonl",
                 ROOT / "bench/eval/fresh17_18_grades.jsonl", ROOT / "bench/eval/fresh19_20_grades.jsonl",
                 ROOT / "bench/eval/fresh21_22_grades.jsonl", ROOT / "bench/eval/fresh23_24_grades.jsonl",
                 ROOT / "bench/eval/fresh25_26_grades.jsonl", ROOT / "bench/eval/fresh29_32_grades.jsonl",
                 ROOT / "bench/eval/fresh33_38_grades.jsonl",
                 # the eleventh round's regrade, threshold off, of the grades that judged another unit
                 # than today's best and of fresh33-38's declines
                 ROOT / "bench/eval/regrade11_grades.jsonl",
                 # the final answers to fresh41-48 (threshold on), then, last so it overrides, the twelfth
                 # round's grades, threshold off, of every pool answer whose grade judged another unit or
                 # a decline the threshold made, and of fresh39/40
                 ROOT / "bench/eval/fresh41_44_grades.jsonl", ROOT / "bench/eval/fresh45_48_grades.jsonl",
                 ROOT / "bench/eval/regrade12_grades.jsonl",
                 # the twelfth round's final answers to fresh49-56 (threshold on), then, last, its
                 # threshold-off grades of the declines the threshold made there
                 ROOT / "bench/eval/fresh49_52_grades.jsonl", ROOT / "bench/eval/fresh53_56_grades.jsonl",
                 ROOT / "bench/eval/fresh49_56_off_grades.jsonl",
                 # last, so it overrides: the thirteenth round's grades, threshold off, of the pool answers
                 # whose first unit, quote or decline differed from what was graded
                 ROOT / "bench/eval/regrade13_grades.jsonl",
                 # the thirteenth round's final answers to fresh57-64 (threshold on), then, last, the
                 # fourteenth round's threshold-off grades of the declines the threshold made there
                 ROOT / "bench/eval/fresh57_60_grades.jsonl", ROOT / "bench/eval/fresh61_64_grades.jsonl",
                 ROOT / "bench/eval/fresh57_64_off_grades.jsonl",
                 # the fourteenth round's graded answers to fresh65-80 (threshold on), then the fifteenth round's
                 # threshold-off grades of the declines the threshold made there
                 *(ROOT / f"bench/eval/fresh{a}_{b}_grades.jsonl" for a, b in ((65, 68), (69, 72), (73, 76), (77, 80))),
                 ROOT / "bench/eval/fresh65_80_off_grades.jsonl",
                 # the fourteenth round's grades, threshold off, of the pool answers whose first unit differed from
                 # the graded one after its first refit
                 ROOT / "bench/eval/regrade14_grades.jsonl",
                 # last, so it overrides: the fifteenth round's grades, threshold off, of the pool answers whose first
                 # unit differed from the graded one after its first refit
                 ROOT / "bench/eval/regrade15_grades.jsonl",
                 # the fifteenth round's graded final answers to fresh81-86 (threshold on), then the sixteenth round's
                 # threshold-off grades of the declines the threshold made there
                 ROOT / "bench/eval/fresh81_86_grades.jsonl", ROOT / "bench/eval/fresh81_86_off_grades.jsonl",
                 # the sixteenth round's grades of the pool answers that changed when a named §'s ledd came in the
                 # rankers' order (threshold on; a blind A/B reading, the new side's grade)
                 ROOT / "bench/eval/named16_grades.jsonl",
                 # the sixteenth round's graded final answers to fresh87-92 (threshold on), then its threshold-off
                 # grades of the declines the threshold made there
                 ROOT / "bench/eval/fresh87_92_grades.jsonl", ROOT / "bench/eval/fresh87_92_off_grades.jsonl",
                 # last, so it overrides: the sixteenth round's grades, threshold off, of the pool answers whose first
                 # unit differed from the graded one after its first refit
                 ROOT / "bench/eval/regrade16_grades.jsonl",
                 # last, so it overrides: the seventeenth round's grades, threshold off, of the pool answers whose
                 # first unit differed from the graded one after its first refit
                 ROOT / "bench/eval/regrade17_grades.jsonl",
                 # the seventeenth round's graded final answers to fresh93-98 (threshold on), then the eighteenth
                 # round's threshold-off grades of the answers whose first unit or decline differed from the graded one
                 ROOT / "bench/eval/fresh93_98_grades.jsonl", ROOT / "bench/eval/fresh93_98_off_grades.jsonl",
                 # last, so it overrides: the eighteenth round's grades, threshold off, of the pool answers whose first
                 # unit differed from the graded one after its refit (the models shipped in that round predate them)
                 ROOT / "bench/eval/regrade18_grades.jsonl",
                 # the eighteenth round's graded final answers to fresh99-104 (threshold on), then the nineteenth
                 # round's threshold-off grades of the answers whose first unit or decline differed from the graded one
                 ROOT / "bench/eval/fresh99_104_grades.jsonl", ROOT / "bench/eval/fresh99_104_off_grades.jsonl",
                 # last, so it overrides: the nineteenth round's grades, threshold off, of the pool answers whose first
                 # unit differed from the graded one after its refit (the models shipped in that round predate them)
                 ROOT / "bench/eval/regrade19_grades.jsonl",
                 # the nineteenth round's graded answers to fresh105-116 (threshold on; the refit's, and the shipped
                 # logistic side of the trees A/B), then its threshold-off grades of the answers whose first unit or
                 # decline differed from the graded one
                 ROOT / "bench/eval/fresh105_110_grades.jsonl", ROOT / "bench/eval/fresh111_116_grades.jsonl",
                 ROOT / "bench/eval/fresh105_116_off_grades.jsonl",
                 # the twentieth round's graded answers to fresh117-122 (threshold on), then its threshold-off grades of
                 # the answers whose first unit or decline differed from the graded one
                 ROOT / "bench/eval/fresh117_122_grades.jsonl", ROOT / "bench/eval/fresh117_122_off_grades.jsonl",
                 # the twentieth round's last answers to fresh123-126 (threshold on, graded A/B), then the threshold-off
                 # grades of the answers whose first unit or decline differed
                 ROOT / "bench/eval/fresh123_126_grades.jsonl", ROOT / "bench/eval/fresh123_126_off_grades.jsonl",
                 # last, so it overrides: the twentieth round's grades, threshold off, of the pool answers whose first
                 # unit differed from the graded one after its first refit (its second, shipped refit read them)
                 ROOT / "bench/eval/regrade20_grades.jsonl",
                 # the twenty-first round's graded answers to fresh127-132 (threshold on, its first refit, graded A/B),
                 # then the threshold-off grades of the answers whose first unit or decline differed
                 ROOT / "bench/eval/fresh127_132_grades.jsonl", ROOT / "bench/eval/fresh127_132_off_grades.jsonl",
                 # last, so it overrides: the twenty-first round's grades, threshold off, of the pool answers whose
                 # first unit differed from the graded one after its first refit
                 ROOT / "bench/eval/regrade21_grades.jsonl",
                 # the twenty-first round's graded answers to fresh133-136 (threshold on, its second refit, graded A/B),
                 # then the threshold-off grades of the answers whose first unit or decline differed
                 ROOT / "bench/eval/fresh133_136_grades.jsonl", ROOT / "bench/eval/fresh133_136_off_grades.jsonl",
                 # last, so it overrides: the twenty-first round's grades, threshold off, of the pool answers whose
                 # first unit differed from the graded one after its second (shipped) refit
                 ROOT / "bench/eval/regrade21b_grades.jsonl",
                 # the twenty-first round's graded answers to fresh137-138 (threshold on, the shipped version, graded
                 # A/B), then the threshold-off grades of the answers whose first unit or decline differed
                 ROOT / "bench/eval/fresh137_138_grades.jsonl", ROOT / "bench/eval/fresh137_138_off_grades.jsonl",
                 # the twenty-second round's graded answers to fresh139-142 (refit 3, threshold on), then the
                 # threshold-off grades of the answers whose first unit or decline differed
                 ROOT / "bench/eval/fresh139_142_grades.jsonl", ROOT / "bench/eval/fresh139_142_off_grades.jsonl",
                 # the same for fresh143-146 (the shipped refit 4's answers, then threshold off)
                 ROOT / "bench/eval/fresh143_146_grades.jsonl", ROOT / "bench/eval/fresh143_146_off_grades.jsonl",
                 # the same for fresh147-148 (the shipped refit 4's answers, then threshold off)
                 ROOT / "bench/eval/fresh147_148_grades.jsonl", ROOT / "bench/eval/fresh147_148_off_grades.jsonl",
                 # the same for fresh149-152 (the shipped refit 6's answers, then threshold off)
                 ROOT / "bench/eval/fresh149_152_grades.jsonl", ROOT / "bench/eval/fresh149_152_off_grades.jsonl",
                 # the same for fresh153-156 (the shipped version's answers: refit 6 with the count rule of 47dea22)
                 ROOT / "bench/eval/fresh153_156_grades.jsonl", ROOT / "bench/eval/fresh153_156_off_grades.jsonl",
                 # the same for fresh157-164 (the answers of refit 6 at 197fc4c, the version shipped before them)
                 ROOT / "bench/eval/fresh157_160_grades.jsonl", ROOT / "bench/eval/fresh157_160_off_grades.jsonl",
                 ROOT / "bench/eval/fresh161_164_grades.jsonl", ROOT / "bench/eval/fresh161_164_off_grades.jsonl",
                 # the same for fresh165-168 (the answers of the version shipped at the end of the round, 1c70db2)
                 ROOT / "bench/eval/fresh165_168_grades.jsonl", ROOT / "bench/eval/fresh165_168_off_grades.jsonl",
                 # the same for fresh169-172 (the answers of the version shipped at the end of the round)
                 ROOT / "bench/eval/fresh169_172_grades.jsonl", ROOT / "bench/eval/fresh169_172_off_grades.jsonl",
                 # fresh173-174: the shipped version's answers
                 ROOT / "bench/eval/fresh173_174_grades.jsonl",
                 # fresh175-176: the same; then the threshold-off answers to the declines of 5f22de1 on both
                 ROOT / "bench/eval/fresh175_176_grades.jsonl", ROOT / "bench/eval/fresh173_176_off_grades.jsonl",
                 # fresh177-180: the answers of 38bf8d2; fresh181-184: those of 5f22de1, the version shipped at the round's
                 # end; then the threshold-off answers to the declines of both
                 ROOT / "bench/eval/fresh177_180_grades.jsonl", ROOT / "bench/eval/fresh181_184_grades.jsonl",
                 ROOT / "bench/eval/fresh177_184_off_grades.jsonl",
                 # the twenty-seventh round's regrade, threshold off, of the 777 grades that judged another unit than
                 # the eleventh refit (not shipped) ranks first, on its index and models
                 ROOT / "bench/eval/regrade27_grades.jsonl",
                 # fresh185-192: the twelfth refit's answers where they differed (graded A/B), then the shipped version's
                 # (405efcf's code, refit 6's models), so that its declines are the latest grades
                 ROOT / "bench/eval/fresh185_192_refit12_grades.jsonl",
                 ROOT / "bench/eval/fresh185_188_grades.jsonl", ROOT / "bench/eval/fresh189_192_grades.jsonl",
                 # fresh193-208: the round's start (8205c40 on fresh193-200, cedfde4 where fresh201-208's answers
                 # changed), then its end (126e89e, the code shipped), the latest last
                 ROOT / "bench/eval/fresh193_200_grades.jsonl", ROOT / "bench/eval/fresh201_208_start_grades.jsonl",
                 ROOT / "bench/eval/fresh201_208_grades.jsonl", ROOT / "bench/eval/round28_ab_grades.jsonl",
                 # the closing-remark change's A/B on fresh149-208 and users.jsonl (before, then after: the latest last)
                 ROOT / "bench/eval/round28_trim_ab_grades.jsonl",
                 # fresh209-216: the twenty-ninth round's start (842a833's code, refit 6's models), then the answers its
                 # rules changed (A/B: start, then end); fresh217-224: its end, then its A/B against the start
                 ROOT / "bench/eval/fresh209_216_grades.jsonl", ROOT / "bench/eval/round29_ab_grades.jsonl",
                 ROOT / "bench/eval/fresh217_224_grades.jsonl", ROOT / "bench/eval/round29_f217_ab_grades.jsonl",
                 # fresh225-232: the thirtieth round's start; the report model's A/B on the pool (start, then the model
                 # not shipped); fresh233-240: its end; then the two answers its rules changed (A/B: start, then end)
                 ROOT / "bench/eval/fresh225_232_grades.jsonl", ROOT / "bench/eval/round30_report_ab_grades.jsonl",
                 ROOT / "bench/eval/fresh233_240_grades.jsonl", ROOT / "bench/eval/round30_ab_grades.jsonl",
                 # the thirty-first round: the pool answers two held-back candidates changed (A/B: start, then the
                 # candidate, not shipped); fresh241-244 as shipped
                 ROOT / "bench/eval/round31_ab_grades.jsonl", ROOT / "bench/eval/fresh241_244_grades.jsonl",
                 # the thirty-second round: fresh245-248 as shipped; the answers two candidates changed (A/B: start,
                 # then the candidate, not shipped)
                 ROOT / "bench/eval/fresh245_248_grades.jsonl", ROOT / "bench/eval/round32_ab_grades.jsonl",
                 # the thirty-third round: fresh249-252 as shipped; the answers its candidates changed (A/B: start, then
                 # the candidate): the two shipped ones' pool answers (two readers each), a full refit's fresh250/252
                 # answers (not shipped)
                 ROOT / "bench/eval/fresh249_252_grades.jsonl", ROOT / "bench/eval/round33_ab_grades.jsonl",
                 # the thirty-fourth round: fresh253-256 as shipped; the answers its candidates changed (A/B: start, then
                 # the candidate; two readers where two read): the issued kind's pool answers (shipped), the held-back
                 # pbl probe questions' fresh253-256 and pool answers and those with kommuneloven-9 (not shipped); ov021
                 # as a list item named before its § changes it (shipped); the titles kind's pool answers (shipped)
                 ROOT / "bench/eval/fresh253_256_grades.jsonl", ROOT / "bench/eval/round34_ab_grades.jsonl",
                 # its final measurement: fresh257-260 as shipped
                 ROOT / "bench/eval/fresh257_260_grades.jsonl",
                 # the thirty-fifth round: fresh261-264 on its start (= as shipped); the answers its candidates changed
                 # there and in the pool (A/B, start then candidate): kommuneloven kap. 7-8 probe questions indexed
                 # (shipped), and refit 7 with regenerated probe examples (not shipped); no test-split answer
                 ROOT / "bench/eval/fresh261_264_grades.jsonl", ROOT / "bench/eval/round35_ab_grades.jsonl",
                 # the thirty-sixth round: fresh265-268 on its start (= as shipped); the answers its candidate changed there
                 # (A/B, start then candidate, first reader): probe coverage from the closest curated question with a
                 # refit (not shipped); no test-split answer
                 ROOT / "bench/eval/fresh265_268_grades.jsonl", ROOT / "bench/eval/round36_ab_grades.jsonl",
                 # and fresh269-272 on its start (= as shipped)
                 ROOT / "bench/eval/fresh269_272_grades.jsonl",
                 # the thirty-seventh round: fresh273-284 on its start (= as shipped, but for pw042); the answers its
                 # candidates changed there and in the pool (A/B, start then candidate, first reader): U and W (S's models
                 # with the threshold raised by the declined floor, W with the hand-written unanswerable examples; not
                 # shipped) and V (the hand-written unanswerable examples alone; shipped); no test-split answer
                 ROOT / "bench/eval/fresh273_276_grades.jsonl", ROOT / "bench/eval/fresh277_280_grades.jsonl",
                 ROOT / "bench/eval/fresh281_284_grades.jsonl", ROOT / "bench/eval/round37_ab_grades.jsonl",
                 # and fresh285-288 on its shipped head (6198267)
                 ROOT / "bench/eval/fresh285_288_grades.jsonl",
                 # the thirty-eighth round: fresh289-292 on its start (39369ac), and the answers its candidate Y (refit 8;
                 # shipped) changed there and in the pool (A/B, start then Y, first reader); no test-split answer
                 ROOT / "bench/eval/fresh289_292_grades.jsonl", ROOT / "bench/eval/round38_ab_grades.jsonl",
                 # the thirty-ninth round: the non-test answers its candidates Z (threshold 0.72; withdrawn) and D (the
                 # measuring sets' twins out of the examples; reverted) changed (A/B, start then candidate, first reader)
                 ROOT / "bench/eval/round39_ab_grades.jsonl",
                 # the fortieth round: fresh297-300 on its start (b4abbd0, = as shipped), and the non-test answers its
                 # candidate R9 (refit 9 at its fitted threshold 0.57; not shipped) changed there and in the pool (A/B,
                 # start then R9, first reader)
                 ROOT / "bench/eval/fresh297_300_grades.jsonl", ROOT / "bench/eval/round40_ab_grades.jsonl")
# A reader's grades of pool answers a precondition declined, answered with the vetoes off (threshold on): what
# a veto costs or saves (`_choose_vetoes`); read after `READER_GRADES`, so they override a graded decline.
VETO_OFF_GRADES = (ROOT / "bench/eval/veto17_grades.jsonl",)
WRONG_COST = 3.0  # a wrong answer (wrong source, or an answer where the sources hold none) costs three times a right one's gain
DECLINE_COST = 1.0  # a decline where the best candidate was right
# (up to 1000 since the twenty-fifth round: every fit since the pool passed 8,000 chose the grid's edge, 30, where
# the out-of-fold log-loss was 0.040; at 300 it is 0.028, and fewer letter questions fall under 0.5: 38 of
# 1,796 against 63)
INTENT_C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
# The weight of the word stems beside the embedding in the intent model (0: the embedding alone), chosen with C by
# out-of-fold log-loss; a stem is an input when at least `INTENT_MIN_DF` tuning questions hold it (a floor against
# rare words; it counts questions, not writers, and the folds' held-out writers' words count too)
INTENT_WORD_WEIGHTS = (0.0, 0.15, 0.3)
INTENT_MIN_DF = 5
# the fusion weights recorded with the intent model (`Models`): kept as they were by `--intent-only`
FUSION_META = ("prior_weight", "dense_weight", "probe_weight", "probe_keyword_weight", "probe_impute", "fusion_mrr")
# (coarser for dense and prior since the fourteenth round: they stood at 0.4 and 0.1 in every fit since the
# twelfth, and the imputed share's fifth axis must fit in the time the refit has)
DENSE_GRID = (0.1, 0.2, 0.4, 0.6)  # (1.0 never chosen; the fourteenth round's first refit stood at 0.2)
PRIOR_GRID = (0.0, 0.1, 0.2, 0.5)
PROBE_GRID = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 2.5, 3.0, 4.0, 5.0, 6.5)
PROBE_KEYWORD_GRID = (0.0, 0.3, 0.6, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.5, 8.0)
# the share of the probe lists' weight a unit without curated questions is credited (`bot.retrieval.fusion`)
IMPUTE_GRID = (0.0, 0.25, 0.5, 1.0)
ABSTENTION_GRADES = ("correct_abstention", "false_abstention")  # graded declines: no unit was quoted


def load(paths: Sequence[Path]) -> list[dict]:
    items: list[dict] = []
    for path in paths:
        if not path.is_file():
            print(f"skipping missing {path}", file=sys.stderr)
            continue
        items.extend({**json.loads(line), "set": path.name}
                     for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    assert not any("test.jsonl" in str(p) for p in paths), "the test split is never used for fitting"
    return items


def _earlier_intent(parser: argparse.ArgumentParser, out: Path) -> LinearModel:
    """The intent model `--intent-only` replaces, read before any work. Refused in the committed folder: its answer
    model was fitted on the earlier intent's outputs, so a new intent there would be read by a model not fitted
    with it (`--intent-only` is for measuring the intent's own effect in a copy of knowledge/)."""
    if out.resolve() == (ROOT / "knowledge/models").resolve():
        parser.error("--intent-only writes beside an answer model fitted with another intent: give --out a copy")
    path = out / "intent.json"
    if not path.is_file():
        parser.error(f"--intent-only needs the intent model it replaces (its fusion weights): {path} is missing")
    return LinearModel.load(path)


def intent_vocabulary(questions: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The stems (`bot.retrieval.ranker.intent_terms`) held by at least `INTENT_MIN_DF` of these questions, sorted,
    and each question's presence row over them."""
    terms = [intent_terms(q) for q in questions]
    counts: dict[str, int] = {}
    for held in terms:
        for term in held:
            counts[term] = counts.get(term, 0) + 1
    vocabulary = sorted(t for t, n in counts.items() if n >= INTENT_MIN_DF)
    column = {t: i for i, t in enumerate(vocabulary)}
    bags = np.zeros((len(questions), len(vocabulary)))
    for row, held in enumerate(terms):
        for term in held:
            if term in column:
                bags[row, column[term]] = 1.0
    return vocabulary, bags


@dataclass(frozen=True)
class IntentFit:
    """The intent model's chosen C and word weight, with its out-of-fold figures and probabilities."""

    c: float
    word_weight: float
    log_loss: float
    accuracy: float
    out_of_fold: np.ndarray


def fit_intent(embeddings: np.ndarray, labels: np.ndarray, groups: Sequence[str], bags: np.ndarray,
               word_weights: Sequence[float] = INTENT_WORD_WEIGHTS) -> IntentFit:
    """The C and word weight (of `word_weights`) with the lowest out-of-fold log-loss, folds keeping each writer
    together. Why the weights are an argument: a refit may keep the intent as an earlier refit read it (the
    embedding alone: `--intent-word-weights 0`) while the fusion and the answer model learn from new sets."""
    best = IntentFit(INTENT_C_GRID[0], 0.0, math.inf, 0.0, np.full(len(labels), 0.5))
    for weight in word_weights:
        x = np.hstack([embeddings, weight * bags]) if weight else embeddings
        for c in INTENT_C_GRID:
            p = np.zeros(len(labels))
            for train, test in StratifiedGroupKFold(FOLDS, shuffle=True, random_state=7).split(x, labels, groups):
                p[test] = fit_lr(x[train], labels[train], c).predict_proba(x[test])[:, 1]
            accuracy = float(np.mean((p > 0.5) == labels))
            loss = float(log_loss(labels, p))
            print(f"intent words x{weight} C={c}: out-of-fold log-loss {loss:.4f}, accuracy {accuracy:.3f}")
            if loss < best.log_loss:
                best = IntentFit(c, weight, loss, accuracy, p)
    return best


def fit_lr(x: np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, y)
    return model


def as_linear(model: LogisticRegression, names: Sequence[str], mean: np.ndarray, scale: np.ndarray,
              threshold: float, meta: dict) -> LinearModel:
    return LinearModel(features=tuple(names), coef=tuple(float(c) for c in model.coef_[0]),
                       intercept=float(model.intercept_[0]), mean=tuple(float(m) for m in mean),
                       scale=tuple(float(s) for s in scale), threshold=threshold, meta=meta)


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return (x - mean) / scale, mean, scale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "knowledge/models")
    parser.add_argument("--labels", choices=("reader", "proxy"), default="proxy",
                        help="what the answer model learns: a reader's grade where there is one (else the proxy), "
                             "or the proxy (best unit is an expected source) everywhere")
    # logistic by default: the boosted trees won out of fold (utility 1,675.8 vs 1,658.6 of 2,766) but
    # lost on new writers' questions (eleventh round, BENCHMARKS.md): at their threshold they answered
    # more, and more of those answers were wrong. With folds that keep each writer together they tied
    # out of fold in the twelfth round (2,050.2 vs 2,051.9 of 3,406) and won in the thirteenth (2,422.9
    # vs 2,400.1 of 3,918): to be measured on new writers' questions before they are chosen
    parser.add_argument("--intent-only", action="store_true",
                        help="refit the intent model alone and keep the fusion weights and the answer model as they are "
                             "(to measure the intent model's own effect; a full refit fits all three)")
    parser.add_argument("--answer-model", choices=("trees", "logistic"), default="logistic",
                        help="the kind of answer model written (both are scored out of fold)")
    parser.add_argument("--other-out", type=Path, default=None,
                        help="also write the other kind's answer model, fitted the same way at its own threshold, to this "
                             "file (to measure it on new writers' questions with a copy of knowledge/; never read at run time)")
    parser.add_argument("--intent-word-weights", type=float, nargs="+", default=list(INTENT_WORD_WEIGHTS),
                        help="the weights of the question's word stems tried beside its embedding in the intent model "
                             "(0 alone: the embedding only, as refit 6 read it)")
    args = parser.parse_args(argv)
    if args.other_out is not None and args.other_out.resolve().is_relative_to(args.out.resolve()):
        parser.error("--other-out must lie outside --out: the other kind is never read at run time")
    earlier = _earlier_intent(parser, args.out) if args.intent_only else None
    settings = Settings()
    service: AnsweringService = build_answering_service(settings)
    state = service._state()
    retriever = state.retriever
    retriever.models = Models()
    retriever.collect_features = True
    retriever.probe_weight = 1.0  # every unit a probe question ranks enters the candidates; the grid weighs it
    retriever.probe_keyword_weight = 1.0
    embedder = service.embedder
    assert embedder is not None
    model_name = getattr(embedder, "name", "")
    if earlier is not None and earlier.meta.get("embedding_model") != model_name:
        parser.error(f"--intent-only: {args.out / 'intent.json'} was fitted with {earlier.meta.get('embedding_model')}, "
                     f"not {model_name}: its fusion weights mean something else")
    items = load(TUNING_SETS)
    meta_common = {"fitted": date.today().isoformat(), "embedding_model": model_name,
                   "sets": [p.name for p in TUNING_SETS], "questions": len(items)}

    # 1. intent ------------------------------------------------------------------------------
    kinds = [it for it in items if it["kind"] in ("letter", "law_paraphrase", "law_explicit")]
    # as the retriever embeds a question: abbreviations spelled out
    xi = np.array([embedder.embed_query(spell_out(it["question"])) for it in kinds], dtype=float)
    yi = np.array([it["kind"] == "letter" for it in kinds], dtype=int)
    intent_groups = writer_groups(kinds)
    vocabulary, bags = intent_vocabulary([spell_out(it["question"]) for it in kinds])
    fit = fit_intent(xi, yi, intent_groups, bags, args.intent_word_weights)
    best_loss, best_acc, intent_c, word_weight = fit.log_loss, fit.accuracy, fit.c, fit.word_weight
    oof_intent = {it["question"]: float(v) for it, v in zip(kinds, fit.out_of_fold, strict=True)}
    if not word_weight:
        vocabulary, bags = [], bags[:, :0]
    intent_lr = fit_lr(np.hstack([xi, word_weight * bags]), yi, intent_c)
    dim = xi.shape[1]
    # a word's input is weight × presence; stored as presence over a scale of 1 / weight (`LinearModel.logit`)
    intent_names = [f"{EMBEDDING_FEATURE}{i}" for i in range(dim)] + [f"{WORD_FEATURE}{t}" for t in vocabulary]
    intent_scale = np.concatenate([np.ones(dim), np.full(len(vocabulary), 1.0 / word_weight if word_weight else 1.0)])
    intent_meta = {**meta_common, "C": intent_c, "word_weight": word_weight, "vocabulary": len(vocabulary),
                   "cv_accuracy": round(best_acc, 3), "cv_log_loss": round(best_loss, 4), "n": len(kinds)}
    if earlier is not None:  # --intent-only: the fusion weights fitted beside the earlier intent model stay as they were
        kept = {k: earlier.meta[k] for k in FUSION_META if k in earlier.meta}
        fitted = earlier.meta.get("fusion_fitted", earlier.meta.get("fitted"))
        as_linear(intent_lr, intent_names, np.zeros(len(intent_names)), intent_scale, 0.5,
                  {**intent_meta, **kept, "fusion_fitted": fitted}).dump(args.out / "intent.json")
        print(f"intent only: written to {args.out / 'intent.json'} (fusion weights of {fitted} kept)")
        return 0

    # 2. fusion: the four lists' weights and the intent prior's, by mean reciprocal rank ---------
    questions = _pools(retriever, items)
    answerable = [(pool, oof_intent.get(it["question"], 0.5)) for it, pool in questions if it["expected"]]
    fusion_mrr, (dense_weight, prior_weight, probe_weight, probe_keyword_weight, probe_impute) = _fit_fusion(answerable)
    weights = _weights(dense_weight, probe_weight, probe_keyword_weight)
    by_point = _grid_mrr(answerable)
    no_words = max(m for m, (_, _, _, qw, _) in zip(by_point, FUSION_GRID, strict=True) if qw == 0)
    no_probes = max(m for m, (_, _, pw, qw, _) in zip(by_point, FUSION_GRID, strict=True) if pw == qw == 0)
    no_impute = max(m for m, (_, _, _, _, im) in zip(by_point, FUSION_GRID, strict=True) if im == 0)
    unprobed = sum(1 for pool, _ in answerable if pool.hit.any() and not (pool.hit & pool.probed).any())
    print(f"fusion: dense weight {dense_weight}, intent prior weight {prior_weight}, probe weight {probe_weight}, "
          f"probe keyword weight {probe_keyword_weight}, imputed share {probe_impute}: MRR@10 {fusion_mrr:.3f} "
          f"(no prior: {_mrr(answerable, weights, 0.0, probe_impute):.3f}, no probe keywords: {no_words:.3f}, "
          f"no probes: {no_probes:.3f}, nothing imputed: {no_impute:.3f}; {unprobed} of {len(answerable)} "
          f"answerable questions have no expected unit with curated questions of other writers)")
    fusion = dict(zip(FUSION_META, (prior_weight, dense_weight, probe_weight, probe_keyword_weight, probe_impute,
                                    round(fusion_mrr, 3)), strict=True))
    intent = as_linear(intent_lr, intent_names, np.zeros(len(intent_names)), intent_scale, 0.5, {**intent_meta, **fusion})

    # 3. answerability -----------------------------------------------------------------------
    arows: list[list[float]] = []
    row_items: list[dict] = []  # each row's question: the folds keep a set (one writer) together
    top_right: list[bool] = []
    labels: list[bool] = []
    grades = _reader_grades()
    veto_off = _veto_off_grades()
    outcomes: list[tuple[float, float]] = []  # (utility if answered, utility if declined) per question
    fired: list[frozenset[str]] = []  # the preconditions that fail per question (`abstention.PRECONDITIONS`)
    graded_kinds: set[str] = set()  # kinds of fact whose missing-kind answers a reader graded with the vetoes off
    stale: list[str] = []
    fold_fusion, oof_mrr = _out_of_fold_fusion(questions, oof_intent)
    print(f"fusion out of fold: MRR@10 {oof_mrr:.3f} (in sample {fusion_mrr:.3f})")
    for (it, pool), (fold_weights, fold_prior, fold_impute) in zip(questions, fold_fusion, strict=True):
        if not pool.ids:
            continue
        p = oof_intent.get(it["question"], 0.5)
        scores = pool.scores(fold_weights, fold_prior, p, fold_impute)
        top = [int(i) for i in np.argsort(-scores, kind="stable")[:FEATURE_DEPTH]]
        hits = [SearchHit(chunk=retriever.by_id[pool.ids[i]], score=0.0) for i in top]
        # the question spelled out, as `Composer` judges it
        values = answer_features(spell_out(it["question"]), [float(scores[i]) for i in top],
                                 [pool.features[i] for i in top], hits, retriever.keyword, p)
        arows.append([values[name] for name in ANSWER_FEATURES])
        fired.append(frozenset(name for name in PRECONDITIONS if values[name]))
        row_items.append(it)
        top_right.append(bool(it["expected"]) and bool(pool.hit[top[0]]))
        graded = _grade_for(grades.get(it["id"]), pool.ids[top[0]])
        if graded is None and it["id"] in grades:
            stale.append(it["id"])
        outcome = _outcome(graded, top_right[-1])
        if fired[-1] and (it["id"], pool.ids[top[0]]) not in veto_off:
            outcome = _unseen_veto_outcome(graded, outcome, top_right[-1])
        elif "kind_missing" in fired[-1]:
            graded_kinds.add(question_kind(spell_out(it["question"])))
        outcomes.append(outcome)
        labels.append(_label(graded, top_right[-1]) if args.labels == "reader" else top_right[-1])
    ax = np.array(arows)
    # a signal that could not be computed (NaN) is read as the fitted mean at run time
    # (`LinearModel.logit`): the same here
    ax = np.where(np.isnan(ax), np.nanmean(ax, axis=0), ax)
    ay = np.array(labels, dtype=int)
    axs, amean, ascale = standardise(ax)
    # both kinds of answer model on the same out-of-fold rows and threshold rule, so every refit
    # records what the chosen kind gains over the other (`--answer-model`)
    row_groups = writer_groups(row_items)
    fits = {"trees": lambda x, y: fit_trees(x, y), "logistic": lambda x, y: fit_lr(x, y, 1.0)}
    inputs = {"trees": ax, "logistic": axs}  # trees split raw values; the logistic model reads standardised ones
    chosen: dict[str, tuple[float, float]] = {}
    vetoes = PRECONDITIONS
    # the kinds the veto choice saw: those with graded answers; a kind without is held to the veto (`AnswerModel.kinds`)
    seen_kinds = tuple(name for name, _, _ in ANSWER_KINDS if name in graded_kinds)
    for kind in (args.answer_model, *(k for k in fits if k != args.answer_model)):
        oof_runs = []
        for seed in range(THRESHOLD_REPEATS):  # several fold splits: one split's curve is noisy
            oof_p = np.zeros(len(ay))
            for train, test in StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed).split(ax, ay, row_groups):
                oof_p[test] = fits[kind](inputs[kind][train], ay[train]).predict_proba(inputs[kind][test])[:, 1]
            oof_runs.append(oof_p)
        print(f"answer model {kind}: out-of-fold ROC AUC "
              f"{np.mean([roc_auc_score(ay, p) for p in oof_runs]):.4f}")
        if kind == args.answer_model:  # the vetoes are chosen with the model that will use them
            every, _ = _threshold(oof_runs, np.array(outcomes), _forced(fired, PRECONDITIONS))
            vetoes = _choose_vetoes(oof_runs, np.array(outcomes), fired, every)
        chosen[kind] = _threshold(oof_runs, np.array(outcomes), _forced(fired, vetoes))
    threshold, utility = chosen[args.answer_model]
    print(f"threshold utility from a reader's grades for {len(grades) - len(stale)} tuning answers, the proxy (best "
          f"unit is an expected source) for the rest; {len(stale)} grades judged another unit's answer "
          f"(regrade them): {' '.join(stale)}")
    meta = {**meta_common, "wrong_cost": WRONG_COST, "decline_cost": DECLINE_COST, "cv_utility": round(utility, 1),
            "cv_utility_by_kind": {k: round(u, 1) for k, (_, u) in chosen.items()}, "labels": args.labels,
            "top_right": int(sum(top_right)), "n": len(ay)}
    answerability: AnswerModel
    if args.answer_model == "trees":
        answerability = replace(
            as_tree_model(fit_trees(ax, ay), ANSWER_FEATURES, ax.mean(axis=0), threshold, meta), vetoes=vetoes, kinds=seen_kinds)
    else:
        answer_lr = fit_lr(axs, ay, 1.0)
        answerability = replace(
            as_linear(answer_lr, ANSWER_FEATURES, amean, ascale, threshold, meta), vetoes=vetoes, kinds=seen_kinds)
        print("answerability coefficients:", dict(zip(ANSWER_FEATURES, np.round(answer_lr.coef_[0], 3), strict=True)))
    print(f"answerability ({args.answer_model}) threshold {threshold:.3f} (out-of-fold utility {utility:.1f}; "
          f"the other kind: {', '.join(f'{k} {u:.1f} at {t:.2f}' for k, (t, u) in chosen.items() if k != args.answer_model)}; "
          f"best unit right for {sum(top_right)} of {len(ay)}; labels: {args.labels}, {int(ay.sum())} positive)")

    intent.dump(args.out / "intent.json")
    answerability.dump(args.out / "answerability.json")
    if args.other_out is not None:
        other = next(k for k in fits if k != args.answer_model)
        other_threshold = chosen[other][0]
        other_meta = {**meta, "cv_utility": round(chosen[other][1], 1)}
        other_model: AnswerModel
        if other == "trees":
            other_model = replace(as_tree_model(fit_trees(ax, ay), ANSWER_FEATURES, ax.mean(axis=0),
                                                            other_threshold, other_meta), vetoes=vetoes, kinds=seen_kinds)
        else:
            other_model = replace(as_linear(fit_lr(axs, ay, 1.0), ANSWER_FEATURES, amean, ascale,
                                                        other_threshold, other_meta), vetoes=vetoes, kinds=seen_kinds)
        other_model.dump(args.other_out)
        print(f"the other kind ({other}) written to {args.other_out}")
    print(f"written to {args.out} (dense weight {dense_weight}: the bot reads it from there; DENSE_WEIGHT overrides it)")
    return 0


LISTS = ("kw_rr", "dense_rr", "probe_rr", "probe_kw_rr")  # the retriever's ranked lists, in fusion order


def _weights(dense: float, probe: float, probe_keyword: float) -> np.ndarray:
    """The lists' weights in `LISTS` order (the keyword list weighs 1: the others are relative to it)."""
    return np.array([1.0, dense, probe, probe_keyword])


@dataclass
class Pool:
    """One question's candidates as arrays, so a grid of fusion weights is scored by matrix products.

    `rr[i, j]` is what list j adds per unit of weight to candidate i, 1 / (FUSION_K + rank) (0: not in
    that list), and `present[j]` whether list j returned anything: `reciprocal_rank_fusion` scales by the
    weights of the lists that did, so the fused score here is the retriever's, not an approximation
    (`tests/retrieval/test_calibration.py`)."""

    ids: list[str]
    features: list[dict[str, float]]
    hit: np.ndarray
    rr: np.ndarray
    letter: np.ndarray
    present: np.ndarray
    probed: np.ndarray  # the candidate has curated questions (the probe lists cover it)

    @classmethod
    def of(cls, cands: Sequence[tuple[str, dict[str, float], bool]]) -> Pool:
        def rr(value: float) -> float:  # the features hold 1 / (1 + rank)
            return 1.0 / (FUSION_K + 1.0 / value - 1.0) if value > 0 else 0.0

        matrix = np.array([[rr(f.get(name, 0.0)) for name in LISTS] for _, f, _ in cands]).reshape(-1, len(LISTS))
        return cls(ids=[cid for cid, _, _ in cands], features=[f for _, f, _ in cands],
                   hit=np.array([h for _, _, h in cands], dtype=bool), rr=matrix,
                   letter=np.array([f["letter"] for _, f, _ in cands]).reshape(-1), present=(matrix > 0).any(axis=0),
                   probed=np.array([f.get("probed", 0.0) > 0 for _, f, _ in cands], dtype=bool).reshape(-1))

    def grid_scores(self, weights: np.ndarray, prior_weights: np.ndarray, letter_intent: float,
                    impute: np.ndarray) -> np.ndarray:
        """`scores` for many weightings at once: `weights` lists × points, `prior_weights` and `impute` one
        per point."""
        used = np.where(self.present[:, None] & (weights > 0), weights, 0.0)
        scale = used.sum(axis=0) / (FUSION_K + 1.0)
        scale[scale == 0] = 1.0
        p = min(max(letter_intent, 1e-3), 1 - 1e-3)
        prior = np.where(self.letter > 0, math.log(p), math.log(1 - p))
        fused = self.rr @ used
        full = used[:2].sum(axis=0)  # the two lists that rank every unit: keyword and dense
        if (~self.probed).any():
            mean = (self.rr[~self.probed, :2] @ used[:2]) / np.where(full > 0, full, 1.0)
            fused[~self.probed] += mean * (impute * used[2:].sum(axis=0) * (full > 0))[None, :]
        # rounded: a matrix product over many points and over one may differ in the last bits, and equal
        # scores must stay equal in both (ties keep the candidates' order, `_grid_mrr`)
        return np.round(fused / scale + prior[:, None] * prior_weights[None, :], 12)

    def scores(self, weights: np.ndarray, prior_weight: float, letter_intent: float, impute: float) -> np.ndarray:
        """The fused score of every candidate (`HybridRetriever.retrieve`: rank fusion, then the intent prior)."""
        return self.grid_scores(weights[:, None], np.array([prior_weight]), letter_intent, np.array([impute]))[:, 0]


FUSION_GRID = tuple((w, lam, pw, qw, im) for w in DENSE_GRID for lam in PRIOR_GRID for pw in PROBE_GRID
                    for qw in PROBE_KEYWORD_GRID for im in IMPUTE_GRID)


def writer_groups(items: Sequence[dict]) -> list[str]:
    """The fold group of each item: its tuning set, or the first set that asks the same question word for
    word (whitespace and case aside). Why: folds must keep a writer's questions together (see the module
    docstring), and some questions stand verbatim in several sets (a writer's set reused in another, or
    two writers asking the shortest form alike): as copies in both the training and the held-out folds
    they would let a model be scored on a question it has learnt."""
    first: dict[str, str] = {}
    return [first.setdefault(collapse(item["question"]), item["set"]) for item in items]


def by_set(items: Sequence[dict]) -> dict[str, list[int]]:
    """The items' indexes per tuning set (`load` records each item's set)."""
    groups: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(item["set"], []).append(index)
    return groups


@contextmanager
def own_probes_left_out(retriever: HybridRetriever, questions: Collection[str]) -> Iterator[None]:
    """Rank with every probe question except these (one tuning set's own), and with all of them again after.

    Why: `bench/tuning_probes.py` makes the tuning sets' questions probe questions of their units. A
    question ranked with them all would find its own unit by a perfect match, and leaving out only the
    question itself is not enough either: one writer asks the same thing twice (in bokmål and in nynorsk,
    short and long). So a set (one writer, or one round of writing) is ranked without any of its own, and
    the fit learns how far the other writers' questions carry to a new one."""
    with retriever.probes_left_out(questions):
        yield


def _pools(retriever: HybridRetriever, items: Sequence[dict]) -> list[tuple[dict, Pool]]:
    """Every tuning question's candidates, ranked as a new writer's question would be (`own_probes_left_out`)."""
    pools: dict[int, Pool] = {}
    for indexes in by_set(items).values():
        with own_probes_left_out(retriever, {items[i]["question"] for i in indexes}):
            for i in indexes:
                retrieval = retriever.retrieve(items[i]["question"], k=10)
                pools[i] = Pool.of([(cid, f, any(is_hit(retriever.by_id[cid], e) for e in items[i]["expected"]))
                                    for cid, f in retrieval.features.items()])
    return [(item, pools[i]) for i, item in enumerate(items)]


def _fit_fusion(answerable: Sequence[tuple[Pool, float]]) -> tuple[float, tuple[float, float, float, float, float]]:
    """The grid point with the best MRR@10 over these questions (the first of equals: the grid's order
    decides ties), and that MRR."""
    mrr = _grid_mrr(answerable)
    best = int(np.argmax(mrr))  # the first maximum
    return float(mrr[best]), FUSION_GRID[best]


def _grid_mrr(questions: Sequence[tuple[Pool, float]]) -> np.ndarray:
    """MRR@10 at every point of `FUSION_GRID`, all at once (`_mrr` for one point, as a loop would give it)."""
    grid = np.array(FUSION_GRID)
    weights = np.stack([np.ones(len(grid)), grid[:, 0], grid[:, 2], grid[:, 3]])  # LISTS order × grid points
    total = np.zeros(len(grid))
    for pool, p in questions:
        if not pool.ids or not pool.hit.any():
            continue
        scores = pool.grid_scores(weights, grid[:, 1], p, grid[:, 4])  # candidates × grid points
        position = np.arange(len(pool.ids))
        first = np.full(len(grid), np.inf)
        for h in np.flatnonzero(pool.hit):  # a hit's place in a stable sort: above it every higher score, and
            above = (scores > scores[h]) | ((scores == scores[h]) & (position < h)[:, None])  # equal ones before it
            first = np.minimum(first, above.sum(axis=0))
        total += np.where(first < 10, 1.0 / (first + 1.0), 0.0)
    return total / len(questions) if questions else total


def _out_of_fold_fusion(questions: Sequence[tuple[dict, Pool]], intent: dict[str, float]
                        ) -> tuple[list[tuple[np.ndarray, float, float]], float]:
    """Fusion weights for each question fitted on the other folds' questions, and their MRR@10.

    Why: the answer model learns how far to trust the best unit from features of the fused ranking
    (score, margin, coverage of that unit). Fitted on the same questions, the fusion ranks them better
    than it will rank a new question, so the model would learn from rankings that are too good and
    answer new questions too readily. With each question's ranking made by weights that never saw it,
    the features look like a new question's; the weights used at run time are still fitted on all."""
    folds = np.zeros(len(questions), dtype=int)
    groups = writer_groups([it for it, _ in questions])
    for fold, (_, test) in enumerate(GroupKFold(FOLDS, shuffle=True, random_state=11).split(groups, groups=groups)):
        folds[test] = fold
    chosen: list[tuple[np.ndarray, float, float]] = [(_weights(1.0, 1.0, 1.0), 0.0, 0.0)] * len(questions)
    total, counted = 0.0, 0
    for fold in range(FOLDS):
        train = [(pool, intent.get(it["question"], 0.5)) for (it, pool), f in zip(questions, folds, strict=True)
                 if f != fold and it["expected"]]
        _, (w, lam, pw, qw, im) = _fit_fusion(train)
        held = [i for i, f in enumerate(folds) if f == fold]
        for i in held:
            chosen[i] = (_weights(w, pw, qw), lam, im)
        test = [(questions[i][1], intent.get(questions[i][0]["question"], 0.5)) for i in held
                if questions[i][0]["expected"]]
        total += _mrr(test, _weights(w, pw, qw), lam, im) * len(test)
        counted += len(test)
    return chosen, total / counted if counted else 0.0


def _mrr(questions: Sequence[tuple[Pool, float]], weights: np.ndarray, prior_weight: float, impute: float) -> float:
    total = 0.0
    for pool, p in questions:
        if not pool.ids:
            continue
        order = np.argsort(-pool.scores(weights, prior_weight, p, impute), kind="stable")[:10]
        first = np.flatnonzero(pool.hit[order])
        total += 1.0 / (int(first[0]) + 1) if first.size else 0.0
    return total / len(questions) if questions else 0.0


def _reader_grades() -> dict[str, list[tuple[str, str]]]:
    """A reader's grades of the tuning answers (`READER_GRADES`) by question id, oldest first, each with the
    unit the graded answer quoted first (`cited`, a chunk id; "" for a decline). Every grade is kept, not only
    the last: a refit may rank first again a unit whose answer an earlier round graded."""
    grades: dict[str, list[tuple[str, str]]] = {}
    for r in _grade_rows((*READER_GRADES, *VETO_OFF_GRADES)):
        grades.setdefault(str(r["id"]), []).append((str(r["grade"]), str(r.get("cited", ""))))
    return grades


def _veto_off_grades() -> set[tuple[str, str]]:
    """The (id, cited unit) pairs graded with the vetoes off (`VETO_OFF_GRADES`)."""
    return {(str(r["id"]), str(r.get("cited", ""))) for r in _grade_rows(VETO_OFF_GRADES)}


def _grade_rows(paths: Sequence[Path]) -> list[dict]:
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:  # the fit would silently change: say so instead
        raise SystemExit(f"reader grades missing: {', '.join(missing)}")
    return [json.loads(line) for path in paths
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _grade_for(graded: Sequence[tuple[str, str]] | None, top_unit: str) -> str | None:
    """The latest of the reader's grades given to an answer from today's best unit; else the latest grade when it
    is a graded decline; else None (the proxy).

    Why: a grade is a judgement of one answer. When the ranking changes (new probe questions, refitted
    weights) the best unit of a question may change too, and a grade of another unit's answer would then
    score a different answer: a stale "correct" would reward a wrong unit. When it changes back, the grade
    of that unit's answer holds again. A graded decline (a precondition failed) quoted no unit and stands
    until it is regraded. Not caught here: the same unit quoted otherwise (a change to how answers are
    composed); such a change is regraded by comparing the answers themselves."""
    if not graded:
        return None
    for grade, cited in reversed(graded):
        if cited == top_unit:
            return grade
    grade, cited = graded[-1]
    return grade if grade in ABSTENTION_GRADES and not cited else None


def _outcome(grade: str | None, right: bool) -> tuple[float, float]:
    """What answering and declining are worth for one question. A reader's grade counts where there
    is one (the proxy calls an answer from the letter that restates the law "wrong"; a reader may
    call it correct); a partial answer is worth neither a gain nor a cost."""
    if grade is None:
        return (1.0, -DECLINE_COST) if right else (-WRONG_COST, 0.0)
    if grade == "correct":
        return 1.0, -DECLINE_COST
    if grade in ("wrong", "false_answer"):
        return -WRONG_COST, 0.0
    return 0.0, 0.0  # partial, or declined whatever the threshold (a precondition failed)


def _unseen_veto_outcome(grade: str | None, outcome: tuple[float, float], right: bool) -> tuple[float, float]:
    """What answering and declining are worth for a question a veto declines when no reader graded the answer
    it declined: answering keeps the proxy's cost but not its gain (the proxy does not read whether a count or
    a phone number is in the answer), and a decline a reader judged right (the sources hold no answer) makes
    answering a false answer."""
    decline = outcome[1]
    if grade == "correct_abstention":
        return -WRONG_COST, decline
    return min(_outcome(None, right)[0], decline), decline


def _label(grade: str | None, right: bool) -> bool:
    """What the answer model learns for one question: whether answering it was right.

    Why a reader's grade first: the proxy ("the best unit is an expected source") calls an answer wrong
    when it quotes another unit that says the same thing, and right when it quotes the expected § but a
    ledd that does not answer; the threshold is already judged by the grades, so the model's probability
    should estimate the same thing. A partial answer or a graded decline says nothing about the unit the
    model weighs, so the proxy stands there."""
    if grade == "correct":
        return True
    if grade in ("wrong", "false_answer"):
        return False
    return right


def _forced(fired: Sequence[frozenset[str]], vetoes: Collection[str]) -> np.ndarray:
    """Which questions the kept vetoes decline whatever the probability."""
    return np.array([bool(names & set(vetoes)) for names in fired], dtype=bool)


def _choose_vetoes(runs: list[np.ndarray], outcomes: np.ndarray, fired: Sequence[frozenset[str]],
                   threshold: float) -> tuple[str, ...]:
    """The preconditions kept as vetoes (`bot.answering.abstention.decide`): all of them, less those whose
    dropping gains out-of-fold utility at `threshold` by more than `VETO_EVIDENCE` standard errors, one at a
    time, the largest gain first.

    Why vetoes at all, and why the burden of proof on dropping one: they decline questions for a kind of
    fact no passage holds (a phone number, a sum, a count) whatever the other signals say, and a decline is
    better than a wrong answer; but they read words that are only mentioned as well as words that are
    asked ("ringe politiet"), and the fitted model weighs the same signals. What a veto costs is known only
    where a reader graded the answer it declined (`VETO_OFF_GRADES`); elsewhere answering gains nothing
    (`main`). A drop is measured at the threshold chosen with every veto kept, on the questions only that
    veto declines (answered there as often as the fold splits' probabilities clear the threshold), so a
    threshold moving elsewhere is not counted as the veto's gain; the threshold is chosen again after. Two
    standard errors, not the threshold's one: each step takes the best of up to five candidates on the
    same questions, and with one a single graded answer (gain 2, nothing against it) would drop a veto."""
    kept = list(PRECONDITIONS)
    answered = np.mean([p >= threshold for p in runs], axis=0)  # per question, the share of fold splits
    for name in PRECONDITIONS:
        print(f"veto {name}: fails for {sum(name in f for f in fired)} questions")
    while kept:
        trials = []
        for name in kept:
            released = _forced(fired, kept) & ~_forced(fired, [k for k in kept if k != name])
            difference = np.where(released, answered * (outcomes[:, 0] - outcomes[:, 1]), 0.0)
            margin = difference.sum() - VETO_EVIDENCE * np.sqrt(len(difference)) * difference.std()
            trials.append((float(margin), float(difference.sum()), int(released.sum()), name))
        margin, gain, released_n, name = max(trials)
        print(f"vetoes {' '.join(kept)}: dropping {name} answers {released_n} questions it alone declines, gain "
              f"{gain:.1f} at threshold {threshold:.2f} (less {VETO_EVIDENCE:g} standard errors {margin:.1f})")
        if margin <= 0:
            break
        kept.remove(name)
    print(f"vetoes kept: {' '.join(kept) or 'none'}")
    return tuple(kept)


def _threshold(runs: list[np.ndarray], outcomes: np.ndarray, forced: np.ndarray | None = None) -> tuple[float, float]:
    """The highest threshold whose out-of-fold utility is within one standard error of the best
    (averaged over several fold splits, the best smoothed over ±0.05).

    Why not the best itself (the rule of the eighth round): the top of the curve is flat (on
    2026-12-03 the thresholds 0.42–0.67 lay within 1 % of each other), so where its maximum falls is
    noise; the one-standard-error rule picks, among the thresholds the data cannot tell apart, the
    one on the product's side, since a decline is better than a wrong answer. The standard error is
    that of the utility's difference to the best threshold, question by question (the same questions
    at both thresholds, so it is a paired difference). Not the middle of the plateau (the rule until
    2026-12-03 morning): that sat below the best whenever the plateau grew, answering more than the
    costs (`WRONG_COST`) warrant.

    `forced`: the questions a kept veto declines whatever the probability."""
    grid = THRESHOLD_GRID
    answers = np.ones(len(outcomes), dtype=bool) if forced is None else ~forced
    # per question and threshold, the utility averaged over the fold splits
    per_question = np.mean([np.where((p[:, None] >= grid[None, :]) & answers[:, None], outcomes[:, :1],
                                     outcomes[:, 1:]) for p in runs], axis=0)
    raw = per_question.sum(axis=0)
    smooth = np.convolve(raw, np.ones(11) / 11, mode="same")
    smooth[:5] = smooth[-5:] = -np.inf  # the window is incomplete at the ends
    best = int(np.argmax(smooth))
    plateau = np.flatnonzero(smooth >= smooth[best] - PLATEAU * abs(smooth[best]))
    differences = per_question - per_question[:, best:best + 1]
    standard_error = np.sqrt(len(outcomes)) * differences.std(axis=0)
    within = [i for i in range(best, len(grid) - 5) if differences[:, i].sum() >= -standard_error[i]]
    chosen = within[-1] if within else best
    print("utility by threshold:", " ".join(f"{t:.2f}:{u:.0f}" for t, u in zip(grid[::5], raw[::5], strict=True)))
    print(f"plateau (within {PLATEAU:.0%} of the best) {grid[plateau[0]]:.2f}–{grid[plateau[-1]]:.2f}; "
          f"best {grid[best]:.2f} ({raw[best]:.1f}); highest within one standard error {grid[chosen]:.2f} "
          f"({raw[chosen]:.1f}, standard error {standard_error[chosen]:.1f})")
    return float(grid[chosen]), float(raw[chosen])


if __name__ == "__main__":
    raise SystemExit(main())
