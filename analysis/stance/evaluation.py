"""How well the stance models do, measured where they were not trained.

Two designs:

- **Leave one negotiation out** (:func:`lono_predictions`, :func:`lono_report`): for
  each complete development negotiation, every model is trained on the exemplar
  bank, the seed annotation and the *other* negotiations, and labels the held-out
  negotiation's statements (as the pipeline cuts them, aligned to the gold keys by
  :func:`analysis.evaluation.gold.align_gold`). A label counts as right if it is the
  gold ``category`` or in the gold ``acceptable`` set (lenient); the ``strict_``
  scores count the primary ``category`` only, as a corpus coded with one label per
  sentence would. This answers "will it work on my corpus?".
- **Grouped cross-validation on the seed** (:func:`grouped_cv_predictions`,
  :func:`evaluate_grouped_cv`, :func:`calibration_table`): folds by paragraph of the
  one seed report. The cue lexicon was written with the seed in view, so this is an
  in-sample figure, shown as such.

Three models are compared (:func:`ablation_models`): ``combined`` (the shipped
:class:`~analysis.stance.models.StanceClassifier`), ``rules`` (cues only) and
``learned`` / ``embedding`` (logistic regression on the sentence embedding only).
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from ..errors import input_error
from ..vocab import CATEGORIES
from .models import CueRuleClassifier, EmbeddingStanceClassifier, StanceClassifier
from .training import devset_folders, devset_units, load_exemplars, load_seed_gold, training_data

#: The models of the ablation, in display order.
MODEL_NAMES = ("combined", "rules", "embedding")


def ablation_models(model_name: str | None = None) -> dict[str, BaseEstimator]:
    """Fresh, unfitted estimators: ``combined``, ``rules``, ``embedding`` (learned part only)."""
    return {"combined": StanceClassifier(model_name=model_name),
            "rules": CueRuleClassifier(),
            "embedding": EmbeddingStanceClassifier(model_name=model_name)}


def _embed_all(texts: list[str], model_name: str | None = None) -> None:
    from .. import config
    from ..embeddings import embed_texts

    # Embed everything once up front; each fold then reads the cache.
    embed_texts(texts, model_name=model_name or config.embedding_model_name())


# --------------------------------------------------------------------------- leave one negotiation out

def heldout_units(folder: str | Path, units: str = "statements") -> pd.DataFrame:
    """The gold rows of one negotiation with the text a model is asked to label.

    ``units="statements"``: the pipeline's statement holding each key (what a user's
    run classifies; a key in set-aside text gets an empty text and is scored as the
    pipeline's ``other``). ``units="keys"``: the unit from the key to the next key or
    the end of its sentence (:func:`~analysis.stance.training.devset_units`).
    Columns ``negotiation, file, key, text, category, acceptable``.
    """
    folder = Path(folder)
    if units == "keys":
        return devset_units(folder)
    if units != "statements":
        raise ValueError(f"units must be 'statements' or 'keys', not {units!r}")
    import warnings

    from ..analyzer import NegotiationAnalyzer
    from ..errors import CorpusWarning
    from ..evaluation.gold import align_gold, read_gold

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        run = NegotiationAnalyzer().run(folder, classify=False, embed=False)
    aligned = align_gold(run.statements, read_gold(folder / "gold.csv"), run.docs,
                         folder / "gold.csv")
    text_of = dict(zip(run.statements["statement_id"], run.statements["text"]))
    return pd.DataFrame({"negotiation": folder.name, "file": aligned["file"],
                         "key": aligned["key"],
                         "text": [text_of.get(s, "") for s in aligned["statement_id"]],
                         "category": aligned["category"], "acceptable": aligned["acceptable"]})


def lono_predictions(models: dict[str, BaseEstimator] | None = None,
                     root: str | Path | None = None, units: str = "statements",
                     include_seed: bool = True) -> pd.DataFrame:
    """Leave-one-negotiation-out predictions over the complete development negotiations.

    For each negotiation, each model is cloned, trained on the exemplars, the seed
    (``include_seed``) and the other negotiations' units, and labels the held-out
    negotiation's units (see :func:`heldout_units`). Returns one row per gold row:
    ``negotiation, file, key, text, category, acceptable`` and per model
    ``pred_<m>``, ``confidence_<m>`` (probability of the predicted label),
    ``top_<m>`` (the most probable label, before any fallback to ``other``) and
    ``correct_<m>`` (gold or acceptable). A unit the pipeline set aside (empty text)
    is predicted ``other`` with confidence 1.
    """
    models = ablation_models() if models is None else models
    folders = devset_folders(root)
    if not folders:
        return pd.DataFrame(columns=["negotiation", "file", "key", "text", "category",
                                     "acceptable"])
    tests = {folder.name: heldout_units(folder, units) for folder in folders}
    everything = training_data(include_seed=include_seed, devset_root=root)
    _embed_all(everything["text"].tolist()
               + [t for frame in tests.values() for t in frame["text"] if t])
    frames = []
    for folder in folders:
        test = tests[folder.name].copy()
        train = everything[everything["group"] != folder.name]
        present = (test["text"].str.strip() != "").to_numpy()
        texts = test.loc[present, "text"].tolist()
        for name, model in models.items():
            fitted = clone(model).fit(train["text"].tolist(), train["category"].tolist())
            labels = np.full(len(test), "other", dtype=object)
            top = labels.copy()
            confidence = np.ones(len(test))
            if texts:
                if hasattr(fitted, "decide"):
                    proba, predicted, _ = fitted.decide(texts)
                else:
                    proba, predicted = fitted.predict_proba(texts), fitted.predict(texts)
                classes = list(fitted.classes_)
                labels[present] = predicted
                top[present] = [classes[i] for i in np.argmax(proba, axis=1)]
                confidence[present] = [proba[i, classes.index(p)] for i, p in enumerate(predicted)]
            test[f"pred_{name}"] = labels
            test[f"confidence_{name}"] = confidence
            test[f"top_{name}"] = top
            test[f"correct_{name}"] = [_credited(p, g, a) == g for p, g, a in
                                       zip(labels, test["category"], test["acceptable"])]
        frames.append(test)
    return pd.concat(frames, ignore_index=True)


def _credited(predicted: str, gold: str, acceptable: str) -> str:
    """The gold label if the prediction is gold or acceptable, else the prediction."""
    accepted = {part.strip() for part in str(acceptable or "").split(";") if part.strip()}
    return gold if predicted == gold or predicted in accepted else predicted


class LonoReport(NamedTuple):
    """Result of :func:`lono_report` (all tables rounded).

    ``accuracy``, ``macro_f1``, ``per_class`` and ``confusion`` credit an acceptable
    label; ``strict_accuracy``, ``strict_macro_f1`` and ``strict_per_class`` count the
    primary label only.
    """

    overview: pd.DataFrame       # per model: n, accuracy, macro_f1, ece, strict_...
    by_negotiation: pd.DataFrame  # per negotiation and model: n, accuracy, macro_f1, strict_...
    per_class: pd.DataFrame      # per model and class: precision, recall, f1, support
    confusion: pd.DataFrame      # the combined model, gold x credited prediction
    calibration: pd.DataFrame    # per model and confidence bin: n, mean confidence, accuracy
    strict_per_class: pd.DataFrame | None = None  # as per_class, primary label only


def _scores(frame: pd.DataFrame, name: str,
            strict: bool = False) -> tuple[pd.DataFrame, float, float]:
    from ..evaluation.metrics import stance_report

    credited = (frame[f"pred_{name}"].tolist() if strict else
                [_credited(p, g, a) for p, g, a in
                 zip(frame[f"pred_{name}"], frame["category"], frame["acceptable"])])
    report = stance_report(frame["category"].tolist(), credited)
    by = report.set_index("class")
    return report, float(by.loc["accuracy", "f1"]), float(by.loc["macro avg", "f1"])


def lono_report(predictions: pd.DataFrame, models: Sequence[str] | None = None,
                bins: int = 10, decimals: int = 3) -> LonoReport:
    """Scores of :func:`lono_predictions`, pooled over every held-out negotiation.

    Macro-F1 averages the classes present in the gold labels; ECE is the top-label
    expected calibration error over ``bins`` equal-width bins of the pooled
    out-of-negotiation confidences. The ``strict_`` scores count the gold
    ``category`` only (no ``acceptable`` label is credited).
    """
    from ..evaluation.metrics import confusion, expected_calibration_error

    models = [m for m in (models or MODEL_NAMES) if f"pred_{m}" in predictions.columns]
    if not models:
        raise input_error("predictions", "no pred_<model> column (run lono_predictions first)")
    overview, per_class, strict_per_class, by_negotiation, calibration = [], [], [], [], []
    for name in models:
        report, accuracy, macro = _scores(predictions, name)
        strict_report, strict_accuracy, strict_macro = _scores(predictions, name, strict=True)
        confidence = predictions[f"confidence_{name}"].to_numpy(dtype=float)
        correct = predictions[f"correct_{name}"].to_numpy(dtype=bool)
        overview.append({"model": name, "n": len(predictions), "accuracy": accuracy,
                         "macro_f1": macro,
                         "ece": expected_calibration_error(confidence, correct, bins),
                         "strict_accuracy": strict_accuracy, "strict_macro_f1": strict_macro})
        per_class.append(report.assign(model=name))
        strict_per_class.append(strict_report.assign(model=name))
        for negotiation, part in predictions.groupby("negotiation", sort=True):
            _, acc, mf1 = _scores(part, name)
            _, strict_acc, strict_mf1 = _scores(part, name, strict=True)
            by_negotiation.append({"negotiation": negotiation, "model": name, "n": len(part),
                                   "accuracy": acc, "macro_f1": mf1,
                                   "strict_accuracy": strict_acc, "strict_macro_f1": strict_mf1})
        which = np.clip(np.ceil(confidence * bins).astype(int) - 1, 0, bins - 1)
        for b in range(bins):
            mask = which == b
            if mask.any():
                calibration.append({"model": name, "bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                                    "n": int(mask.sum()),
                                    "mean_confidence": float(confidence[mask].mean()),
                                    "accuracy": float(correct[mask].mean())})
    name = "combined" if "combined" in models else models[0]
    credited = [_credited(p, g, a) for p, g, a in
                zip(predictions[f"pred_{name}"], predictions["category"], predictions["acceptable"])]
    columns = ["model", "class", "precision", "recall", "f1", "support"]
    return LonoReport(pd.DataFrame(overview).round(decimals),
                      pd.DataFrame(by_negotiation).round(decimals),
                      pd.concat(per_class, ignore_index=True)[columns].round(decimals),
                      confusion(predictions["category"].tolist(), credited),
                      pd.DataFrame(calibration, columns=["model", "bin", "n", "mean_confidence",
                                                         "accuracy"]).round(decimals),
                      pd.concat(strict_per_class, ignore_index=True)[columns].round(decimals))


def lono_table(report: LonoReport, strict: bool = False) -> pd.DataFrame:
    """Accuracy and macro-F1 per held-out negotiation (rows) and model (columns), pooled last.

    ``strict``: the scores that count the primary label only (column names unchanged).
    """
    measures = ("strict_accuracy", "strict_macro_f1") if strict else ("accuracy", "macro_f1")
    wide = report.by_negotiation.pivot(index="negotiation", columns="model",
                                       values=list(measures))
    wide.columns = [f"{model}_{measure.removeprefix('strict_')}" for measure, model in wide.columns]
    pooled = report.overview.set_index("model")
    wide.loc["pooled"] = {f"{m}_{k.removeprefix('strict_')}": pooled.at[m, k]
                          for m in pooled.index for k in measures}
    n = report.by_negotiation.drop_duplicates("negotiation").set_index("negotiation")["n"]
    wide.insert(0, "n", list(n.reindex(wide.index[:-1])) + [int(pooled["n"].iloc[0])])
    order = [f"{m}_{k}" for m in MODEL_NAMES for k in ("accuracy", "macro_f1")
             if f"{m}_{k}" in wide.columns]
    return wide[["n", *order]].rename_axis("held_out")


# --------------------------------------------------------------------------- seed (in-sample)

#: Folds of the grouped cross-validation (paragraphs are never split across folds).
CV_FOLDS = 10


def grouped_cv_predictions(gold: pd.DataFrame | None = None, exemplars: pd.DataFrame | None = None,
                           models: dict[str, BaseEstimator] | None = None,
                           group_column: str = "paragraph",
                           n_splits: int | None = CV_FOLDS,
                           with_proba: bool = False) -> pd.DataFrame:
    """Grouped cross-validated predictions on the seed's gold units.

    The gold units are split by ``group_column`` (by default the seed paragraph)
    into ``n_splits`` folds with :class:`~sklearn.model_selection.GroupKFold`
    (``None``: leave one group out). For each fold every model is cloned and
    trained on the whole exemplar bank plus the gold units of the *other* folds,
    then predicts the held-out fold: nothing from a test paragraph is trained
    on, and the exemplars are never tested. Returns the gold table with one
    ``pred_<model>`` column per model, in gold order; with ``with_proba`` also
    one ``proba_<model>_<category>`` column per model and category of
    :data:`~analysis.vocab.CATEGORIES` (0 for a class absent from a fold's training data).
    """
    gold = load_seed_gold() if gold is None else gold.reset_index(drop=True)
    exemplars = load_exemplars() if exemplars is None else exemplars
    models = ablation_models() if models is None else models
    _embed_all(list(exemplars["text"]) + list(gold["text"]))
    result = gold.copy()
    for name in models:
        result[f"pred_{name}"] = ""
        if with_proba:
            for category in CATEGORIES:
                result[f"proba_{name}_{category}"] = 0.0
    groups = gold[group_column].to_numpy()
    n_groups = len(np.unique(groups))
    splitter = GroupKFold(n_splits=min(n_splits or n_groups, n_groups))
    for _, test_index in splitter.split(gold, groups=groups):
        test = gold.index.isin(test_index)
        train_texts = list(exemplars["text"]) + list(gold.loc[~test, "text"])
        train_labels = list(exemplars["category"]) + list(gold.loc[~test, "category"])
        for name, model in models.items():
            fitted = clone(model).fit(train_texts, train_labels)
            test_texts = gold.loc[test, "text"].tolist()
            result.loc[test, f"pred_{name}"] = fitted.predict(test_texts)
            if with_proba:
                proba = fitted.predict_proba(test_texts)
                for column, category in enumerate(fitted.classes_):
                    result.loc[test, f"proba_{name}_{category}"] = proba[:, column]
    return result


class StanceEvaluation(NamedTuple):
    """Result of :func:`evaluate_grouped_cv`."""

    metrics: pd.DataFrame
    confusion: pd.DataFrame
    agreement: pd.DataFrame


def _metrics(gold: Sequence[str], predicted: Sequence[str], model: str) -> pd.DataFrame:
    labels = list(CATEGORIES)
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    rows = [{"model": model, "category": c, "precision": p[i], "recall": r[i], "f1": f[i],
             "support": int(s[i])} for i, c in enumerate(labels)]
    rows.append({"model": model, "category": "macro avg", "precision": p.mean(),
                 "recall": r.mean(), "f1": f.mean(), "support": int(s.sum())})
    accuracy = float(np.mean(np.asarray(gold) == np.asarray(predicted)))
    rows.append({"model": model, "category": "accuracy", "precision": np.nan, "recall": np.nan,
                 "f1": accuracy, "support": int(s.sum())})
    return pd.DataFrame(rows)


def confusion_table(gold: Sequence[str], predicted: Sequence[str]) -> pd.DataFrame:
    """Counts with gold labels as rows and predictions as columns, in vocabulary order."""
    table = pd.crosstab(pd.Categorical(gold, categories=CATEGORIES),
                        pd.Categorical(predicted, categories=CATEGORIES), dropna=False)
    table.index = pd.Index(list(CATEGORIES), name="gold")
    table.columns = pd.Index(list(CATEGORIES), name="predicted")
    return table.astype(int)


def evaluate_grouped_cv(gold: pd.DataFrame | None = None, exemplars: pd.DataFrame | None = None,
                        model_name: str | None = None, n_splits: int | None = CV_FOLDS,
                        decimals: int = 3, predictions: pd.DataFrame | None = None
                        ) -> StanceEvaluation:
    """Grouped cross-validation of the combined, rules-only and embedding-only models.

    Returns ``metrics`` (per model: precision, recall, F1, support per category,
    plus ``macro avg`` and ``accuracy`` rows, the accuracy in the ``f1`` column),
    ``confusion`` (the combined model, gold × predicted) and ``agreement``
    (percent agreement and Cohen's kappa between gold and each model, and
    between the models), all rounded to ``decimals``. ``predictions``: the output of
    :func:`grouped_cv_predictions` for the three ablation models, to reuse one
    cross-validation run (e.g. with :func:`calibration_table`); None runs it here.
    """
    if predictions is None:
        predictions = grouped_cv_predictions(gold, exemplars, ablation_models(model_name),
                                             n_splits=n_splits)
    names = list(MODEL_NAMES)
    gold_labels = predictions["category"].tolist()
    metrics = pd.concat([_metrics(gold_labels, predictions[f"pred_{n}"].tolist(), n)
                         for n in names], ignore_index=True).round(decimals)
    confusion = confusion_table(gold_labels, predictions["pred_combined"].tolist())
    columns = {"gold": gold_labels, **{n: predictions[f"pred_{n}"].tolist() for n in names}}
    pairs = [("gold", n) for n in names] + [("rules", "embedding"), ("combined", "rules"),
                                            ("combined", "embedding")]
    agreement = pd.DataFrame([
        {"first": a, "second": b, "n": len(gold_labels),
         "agreement": float(np.mean(np.asarray(columns[a]) == np.asarray(columns[b]))),
         "cohen_kappa": float(cohen_kappa_score(columns[a], columns[b], labels=list(CATEGORIES)))}
        for a, b in pairs]).round(decimals)
    return StanceEvaluation(metrics, confusion, agreement)


#: Equal-width confidence bins of the expected calibration error.
CALIBRATION_BINS = 10


def _expected_calibration_error(confidence: np.ndarray, correct: np.ndarray,
                                n_bins: int) -> float:
    # Top-label ECE: the support-weighted mean gap between confidence and
    # accuracy over equal-width bins of (0, 1]; a confidence of exactly 0 joins the first bin.
    bins = np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)
    gap = 0.0
    for b in np.unique(bins):
        members = bins == b
        gap += members.sum() * abs(confidence[members].mean() - correct[members].mean())
    return float(gap / len(confidence)) if len(confidence) else float("nan")


def calibration_table(predictions: pd.DataFrame | None = None, gold: pd.DataFrame | None = None,
                      exemplars: pd.DataFrame | None = None, model_name: str | None = None,
                      n_splits: int | None = CV_FOLDS, n_bins: int = CALIBRATION_BINS,
                      decimals: int = 3) -> pd.DataFrame:
    """How well the grouped cross-validated probabilities are calibrated, per model.

    ``predictions`` is the output of ``grouped_cv_predictions(..., with_proba=True)``
    for the ablation models (None: run it here on ``gold``/``exemplars``).
    Returns one row per model (``combined``, ``rules``, ``embedding``) with
    columns ``model``, ``n``, ``accuracy`` (of the most probable label, before
    the fallback to ``other``), ``mean_confidence`` (its mean probability),
    ``brier`` (multi-class Brier score: mean over units of the summed squared
    error of the probability vector against the one-hot gold label; 0 is
    perfect, 2 the worst) and ``ece`` (expected calibration error of the top
    label over ``n_bins`` equal-width bins), rounded to ``decimals``.
    """
    names = list(MODEL_NAMES)
    if predictions is None:
        predictions = grouped_cv_predictions(gold, exemplars, ablation_models(model_name),
                                             n_splits=n_splits, with_proba=True)
    missing = [f"proba_{n}_{c}" for n in names for c in CATEGORIES
               if f"proba_{n}_{c}" not in predictions.columns]
    if missing:
        raise input_error("predictions", f"missing column {missing[0]!r} "
                          "(run grouped_cv_predictions with with_proba=True)")
    gold_labels = predictions["category"].to_numpy()
    onehot = np.asarray([[float(g == c) for c in CATEGORIES] for g in gold_labels])
    rows = []
    for name in names:
        proba = predictions[[f"proba_{name}_{c}" for c in CATEGORIES]].to_numpy(dtype=np.float64)
        top = np.asarray(CATEGORIES, dtype=object)[np.argmax(proba, axis=1)]
        confidence = proba.max(axis=1)
        correct = (top == gold_labels).astype(np.float64)
        rows.append({"model": name, "n": len(gold_labels),
                     "accuracy": float(correct.mean()),
                     "mean_confidence": float(confidence.mean()),
                     "brier": float(np.mean(np.sum((proba - onehot) ** 2, axis=1))),
                     "ece": _expected_calibration_error(confidence, correct, n_bins)})
    return pd.DataFrame(rows, columns=["model", "n", "accuracy", "mean_confidence", "brier",
                                       "ece"]).round(decimals)
