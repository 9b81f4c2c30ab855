"""Fitted models of the answer pipeline: small models fitted on the tuning split, stored as data.

Why models instead of more rules: the previous pipeline passed the ranking through a chain of
hand-written vetoes, each fitted to the sets it was tuned on, and they failed on fresh wording. Here
each decision is one logistic model over a few signals that mean the same thing for any question:

* **intent** (`intent.json`): P(the question is about the inspection letter rather than the law),
  read from the question's embedding and from which word stems it holds (`intent_inputs`), so "hva
  fant dere" and "må vi" are told apart without a word list: the stems are the tuning questions'
  own, weighed by the fit; it enters the rank fusion as a log-prior with a fitted weight (`prior_weight`);
* **answerability** (`answerability.json`): P(the best unit answers the question), from the fused
  score of the best unit, its margin, coverage, source-kind fit and the answer-kind signals; its threshold is chosen
  on the tuning split so that a wrong answer costs more than a decline. It is logistic; boosted
  trees (`bot.retrieval.trees`) are read too and can be fitted instead, but lost on new writers'
  questions in the eleventh round (BENCHMARKS.md).

The models are fitted by `bench/calibrate.py` on `bench/eval/tune.jsonl` and the other tuning sets
(never on `bench/eval/test.jsonl`); the JSON files in `knowledge/models/` record the coefficients,
the sets, the date and the embedding model they were fitted with. Nothing here is fitted at run
time: scoring is a dot product or a walk down a few shallow trees.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bot.retrieval.odds import read_kinds, read_vetoes, sigmoid, written_kinds, written_vetoes
from bot.retrieval.text import Analyzer
from bot.retrieval.trees import KIND as TREES_KIND
from bot.retrieval.trees import TreeModel

# The dense ranker's weight in rank fusion when no models were fitted for the embedding model in use
# (measured for the English MiniLM on Norwegian questions: higher weights lowered MRR).
UNFITTED_DENSE_WEIGHT = 0.2
# The probe questions' weight in rank fusion when no models were fitted: off (their similarities mean
# something only for the model they were fitted with, and an unfitted weight would be a guess).
UNFITTED_PROBE_WEIGHT = 0.0
UNFITTED_PROBE_KEYWORD_WEIGHT = 0.0  # the probe questions read by words: off too, fitted beside the others
MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "knowledge" / "models"
# The intent model's inputs: the question's embedding as "e0", "e1", … and each word stem it holds as "w:<stem>"
# (present 1, absent 0)
EMBEDDING_FEATURE = "e"
WORD_FEATURE = "w:"

# The signals of one candidate unit (computed in `bot.retrieval.features.candidate_features`).
RANK_FEATURES: tuple[str, ...] = (
    "kw_rr",  # 1 / (1 + keyword rank), 0 when the keyword ranker did not return it
    "dense_rr",  # 1 / (1 + dense rank)
    "kw_rel",  # BM25 score / best BM25 score of the question
    "dense_cos",  # cosine similarity to the question
    "dense_gap",  # best cosine of the question minus this one's
    "coverage",  # IDF-weighted share of the question's content words the unit holds
    "heading",  # share of the question's content words in the unit's § title / heading
    "letter",  # the unit is from a document (the inspection letter), not a law text
    "letter_intent",  # letter * P(letter question)
    "law_intent",  # (1 - letter) * (1 - P(letter question))
    "named_law",  # the question names this unit's law
    "other_law",  # the question names a law, and this unit is from another one
    "amending",  # the unit is new wording from an amending act
    "probe_rr",  # 1 / (1 + rank of the unit by its closest curated question), 0 when not ranked
    "probe_cos",  # cosine of the question to the unit's closest curated question
    "probe_kw_rr",  # 1 / (1 + rank of the unit by BM25 over its curated questions), 0 when not ranked
    "probe_coverage",  # IDF-weighted share of the question's words in the unit's closest curated question
)

ANSWER_FEATURES: tuple[str, ...] = (
    "top_score",  # the fused score of the best unit (1.0 = first in both rankers)
    "margin",  # its score minus the second best's
    "top_kw_rel",  # its BM25 score relative to the best BM25 score
    "top_letter_fit",  # P(the question asks about the kind of source the best unit is)
    "top_coverage",
    "best_coverage",  # best coverage among the top three
    "top_dense_cos",
    "agreement",  # the best unit is in both rankers' top five
    "top_probe_cos",  # how close the question is to a curated question of the best unit (0: none)
    "top_probe_coverage",  # share of the question's words the best unit's closest curated question holds
    "top_probed",  # the best unit has curated questions at all (without, its two signals above are 0 by default)
    "near_unanswered",  # how much closer the question is to a question the sources do not answer than to an answered one
    "kind_missing",  # the question asks for a kind of fact (a phone number, a sum) no top unit holds
    "count_missing",  # "hvor mange X" and no top unit states a number of X
    "focus_missing",  # the word a "hva er X" question asks about is in no top unit
    "subject_missing",  # the person/role a salary or person question is about is in no top unit
    "name_missing",  # the question names a bydel, place or person the inspection report answering it never names
)


# The rule signals (`bot.answering.abstention.answer_features`) that can decline whatever the fitted
# probability: the answer kind not held, a count not stated, the subject not mentioned, a name not found,
# a question for a person answered by a passage that only addresses one. Calibration chooses which of
# them stay vetoes (`AnswerModel.vetoes`).
PRECONDITIONS: tuple[str, ...] = ("kind_missing", "count_missing", "subject_missing", "name_missing",
                                  "agent_addressed")
# The kinds of fact a question may ask for (`bot.answering.abstention.ANSWER_KINDS` holds how each is asked and held;
# its names are these): what a model file may record as seen by its veto choice (`AnswerModel.kinds`)
ANSWER_KIND_NAMES: tuple[str, ...] = ("phone", "hours", "price_to_body", "price", "amount", "schedule", "person",
                                      "address", "date", "duration", "issued", "titles")


class AnswerModel(Protocol):
    """What the answer decision needs of a fitted model (`bot.answering.abstention.decide`): a
    probability over named features and the threshold chosen with it. Two kinds are stored: the
    logistic `LinearModel` and the boosted `bot.retrieval.trees.TreeModel`; `Models.load` reads
    either by the `kind` the file records."""

    @property
    def features(self) -> tuple[str, ...]: ...

    @property
    def threshold(self) -> float: ...

    @property
    def meta(self) -> Mapping[str, object]: ...

    @property
    def vetoes(self) -> tuple[str, ...] | None:
        """The rule signals that decline whatever the probability, as calibration chose them; None (a
        model fitted before the choice was recorded): all of them (`bot.answering.abstention.PRECONDITIONS`)."""

    @property
    def kinds(self) -> tuple[str, ...] | None:
        """The answer kinds (`bot.answering.abstention.ANSWER_KINDS`' names) the veto choice saw. A kind added
        since is held to the veto: the choice to let the model answer when the best units hold no fact of the
        kind asked for was made on grades of other kinds' answers. None (not recorded): every kind as `vetoes`."""

    def probability(self, values: Mapping[str, float] | Sequence[float]) -> float: ...

    def dump(self, path: Path) -> None: ...


@dataclass(frozen=True)
class LinearModel:
    """A logistic model over named features: standardised inputs, coefficients, intercept."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.5
    meta: Mapping[str, object] = field(default_factory=dict)
    vetoes: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None

    def number(self, key: str, default: float = 0.0) -> float:
        """A number recorded with the model (e.g. the intent prior's fitted weight)."""
        value = self.meta.get(key, default)
        return float(value) if isinstance(value, (int, float)) else default

    def logit(self, values: Mapping[str, float] | Sequence[float]) -> float:
        """The model's log-odds. A NaN input is a signal that could not be computed (e.g. no unanswered
        questions stored): it counts as the fitted mean, i.e. it moves nothing."""
        if isinstance(values, Mapping):
            row = [float(values.get(name, 0.0)) for name in self.features]
        else:
            row = [float(v) for v in values]
        return self.intercept + sum(0.0 if math.isnan(x) else c * (x - m) / s
                                    for c, x, m, s in zip(self.coef, row, self.mean, self.scale, strict=True))

    def probability(self, values: Mapping[str, float] | Sequence[float]) -> float:
        return sigmoid(self.logit(values))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:  # parsed JSON
        return cls(
            features=tuple(data["features"]), coef=tuple(data["coef"]), intercept=float(data["intercept"]),
            mean=tuple(data["mean"]), scale=tuple(data["scale"]), threshold=float(data.get("threshold", 0.5)),
            meta=dict(data.get("meta", {})), vetoes=read_vetoes(data), kinds=read_kinds(data),
        )

    def dump(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"features": list(self.features), "coef": [round(c, 6) for c in self.coef],
                   "intercept": round(self.intercept, 6), "mean": [round(m, 6) for m in self.mean],
                   "scale": [round(s, 6) for s in self.scale], "threshold": round(self.threshold, 4),
                   **written_vetoes(self.vetoes), **written_kinds(self.kinds), "meta": dict(self.meta)}
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_answer_model(path: Path) -> AnswerModel | None:
    """The answer model stored at `path` (None: no file), of the kind the file records."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    model: AnswerModel = TreeModel.from_json(data) if data.get("kind") == TREES_KIND else LinearModel.from_json(data)
    unknown = sorted(set(model.vetoes or ()) - set(PRECONDITIONS))
    if unknown:  # a misspelt veto would silently be dropped: refuse the file instead
        raise ValueError(f"{path}: unknown vetoes {', '.join(unknown)} (known: {', '.join(PRECONDITIONS)})")
    # a misspelt kind would hold that kind to the veto without a word: refuse the file instead
    strange = sorted(set(model.kinds or ()) - set(ANSWER_KIND_NAMES))
    if strange:
        raise ValueError(f"{path}: unknown answer kinds {', '.join(strange)} (known: {', '.join(ANSWER_KIND_NAMES)})")
    return model


@dataclass(frozen=True)
class Models:
    """The fitted models one retriever uses. Each is valid only for the embedding model it was fitted
    with; with another model (MiniLM, a site's own sentence-transformers model, the tests' hashing
    embedder) retrieval is plain rank fusion and the coverage rules decide, until `bench/calibrate.py`
    is run for that model."""

    answerability: AnswerModel | None = None
    intent: LinearModel | None = None

    @classmethod
    def load(cls, folder: Path = MODELS_DIR, *, embedding_model: str = "") -> Models:
        """The models in `folder` that were fitted with `embedding_model` (others are left out: their
        signals, such as dense similarities and ranks, mean something else under another model)."""
        def fitted_with_this(model: AnswerModel | None) -> bool:
            return model is not None and model.meta.get("embedding_model") == embedding_model

        answerability = read_answer_model(folder / "answerability.json")
        intent_path = folder / "intent.json"
        intent = LinearModel.load(intent_path) if intent_path.is_file() else None
        return cls(answerability=answerability if fitted_with_this(answerability) else None,
                   intent=intent if fitted_with_this(intent) else None)

    @property
    def probe_weight(self) -> float:
        """The probe questions' weight in rank fusion fitted with these models (else off)."""
        return self.intent.number("probe_weight", UNFITTED_PROBE_WEIGHT) if self.intent else UNFITTED_PROBE_WEIGHT

    @property
    def probe_keyword_weight(self) -> float:
        """The weight of the probe questions' keyword list in rank fusion (`bot.retrieval.probes`): fitted
        with these models; off without them, like the dense probe list. Keyword ranks do not depend on
        the embedding model, but the weight was fitted beside the others and belongs with them."""
        if self.intent is None:
            return UNFITTED_PROBE_KEYWORD_WEIGHT
        return self.intent.number("probe_keyword_weight", UNFITTED_PROBE_KEYWORD_WEIGHT)

    @property
    def probe_impute(self) -> float:
        """The share of the probe lists' weight credited to a unit without curated questions
        (`bot.retrieval.fusion`): fitted with the weights; 0 (ranked nowhere by them) without it."""
        return self.intent.number("probe_impute", 0.0) if self.intent else 0.0

    @property
    def dense_weight(self) -> float:
        """The dense ranker's weight in rank fusion fitted with these models (else `UNFITTED_DENSE_WEIGHT`)."""
        return self.intent.number("dense_weight", UNFITTED_DENSE_WEIGHT) if self.intent else UNFITTED_DENSE_WEIGHT

    def letter_intent(self, vector: Sequence[float] | None, question: str) -> float:
        """P(the question is about the inspection letter), 0.5 when unknown (no model, no vector, or one of
        another length than the model's)."""
        if self.intent is None or vector is None:
            return 0.5
        if len(vector) != sum(1 for name in self.intent.features if not name.startswith(WORD_FEATURE)):
            return 0.5
        return self.intent.probability(intent_inputs(vector, question))


def intent_terms(question: str) -> frozenset[str]:
    """The word stems of a question the intent model reads: its content words (bokmål-normalised, stopwords
    out), stemmed, as the keyword ranker analyses them. Why words beside the embedding: the small multilingual
    model places "ifølge SF sitt skriv" and "hva skal Statsforvalteren vektlegge" near law questions; the
    words that mark a question about the inspection ("skriv", "tilsynet", "fant") are learnt by the fit
    from the tuning questions, and weighed there, not listed by hand."""
    return frozenset(Analyzer.vocabulary_of([question]))


def intent_inputs(vector: Sequence[float], question: str) -> dict[str, float]:
    """The intent model's inputs by name (`EMBEDDING_FEATURE`, `WORD_FEATURE`): a stem the model does not
    know is read as absent, like every stem the question lacks."""
    inputs = {f"{EMBEDDING_FEATURE}{i}": float(v) for i, v in enumerate(vector)}
    inputs.update((f"{WORD_FEATURE}{term}", 1.0) for term in intent_terms(question))
    return inputs
