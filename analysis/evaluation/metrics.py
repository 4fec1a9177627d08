"""Measures shared by the evaluations: party accuracy, stance scores, B-cubed."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .. import vocab


def stance_report(gold: Sequence[str], predicted: Sequence[str],
                  labels: Sequence[str] = vocab.CATEGORIES) -> pd.DataFrame:
    """Per-class precision, recall, F1 and support, plus accuracy and macro-F1 rows."""
    from sklearn.metrics import precision_recall_fscore_support

    gold, predicted = list(gold), list(predicted)
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=list(labels),
                                                 zero_division=0)
    table = pd.DataFrame({"class": list(labels), "precision": p, "recall": r, "f1": f,
                          "support": s.astype(int)})
    present = table["support"] > 0
    accuracy = float(np.mean([g == q for g, q in zip(gold, predicted)])) if gold else float("nan")
    summary = pd.DataFrame([
        {"class": "accuracy", "precision": np.nan, "recall": np.nan, "f1": accuracy,
         "support": len(gold)},
        {"class": "macro avg", "precision": table.loc[present, "precision"].mean(),
         "recall": table.loc[present, "recall"].mean(), "f1": table.loc[present, "f1"].mean(),
         "support": len(gold)},
    ])
    return pd.concat([table, summary], ignore_index=True)


def macro_f1(gold: Sequence[str], predicted: Sequence[str],
             labels: Sequence[str] = vocab.CATEGORIES) -> float:
    """Macro-F1 over the classes present in the gold labels."""
    report = stance_report(gold, predicted, labels)
    return float(report.loc[report["class"] == "macro avg", "f1"].iloc[0])


def confusion(gold: Sequence[str], predicted: Sequence[str],
              labels: Sequence[str] = vocab.CATEGORIES) -> pd.DataFrame:
    """Counts with gold labels as rows and predictions as columns."""
    table = pd.DataFrame(0, index=pd.Index(list(labels), name="gold"),
                         columns=pd.Index(list(labels), name="predicted"))
    for g, q in zip(gold, predicted):
        if g in table.index and q in table.columns:
            table.loc[g, q] += 1
    return table


def bcubed(gold_clusters: Iterable[Iterable[str]], predicted_clusters: Iterable[Iterable[str]]
           ) -> tuple[float, float, float]:
    """Extended B-cubed precision, recall and F1 (Amigó et al. 2009) for overlapping clusters.

    Each argument holds, per item, the set of cluster labels the item belongs to
    (an item may belong to several issues). Items with an empty gold set are
    left out. For two items sharing ``g`` gold and ``p`` predicted clusters,
    precision credits ``min(g, p) / p`` and recall ``min(g, p) / g``.
    """
    gold_sets = [frozenset(g) for g in gold_clusters]
    pred_sets = [frozenset(p) for p in predicted_clusters]
    keep = [i for i, g in enumerate(gold_sets) if g]
    if not keep:
        return float("nan"), float("nan"), float("nan")
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for i in keep:
        for label in gold_sets[i]:
            by_gold[label].add(i)
        for label in pred_sets[i]:
            by_pred[label].add(i)
    precisions, recalls = [], []
    for i in keep:
        pred_peers = set().union(*(by_pred[label] for label in pred_sets[i])) if pred_sets[i] else {i}
        gold_peers = set().union(*(by_gold[label] for label in gold_sets[i]))
        precisions.append(np.mean([_shared_ratio(i, j, pred_sets, gold_sets) for j in pred_peers]))
        recalls.append(np.mean([_shared_ratio(i, j, gold_sets, pred_sets) for j in gold_peers]))
    precision, recall = float(np.mean(precisions)), float(np.mean(recalls))
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def _shared_ratio(i: int, j: int, own: list[frozenset], other: list[frozenset]) -> float:
    """min(|own_i ∩ own_j|, |other_i ∩ other_j|) / |own_i ∩ own_j|, 1 for an item with itself unclustered."""
    shared_own = len(own[i] & own[j]) if own[i] else (1 if i == j else 0)
    shared_other = len(other[i] & other[j]) if other[i] else (1 if i == j else 0)
    if shared_own == 0:
        return 0.0
    return min(shared_own, shared_other) / shared_own


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool],
                               bins: int = 10) -> float:
    """ECE: the bin-weighted gap between mean confidence and accuracy (equal-width bins)."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if not len(confidence):
        return float("nan")
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    return float(total)
