"""The stance table: the stance columns for any fitted probabilistic classifier.

:func:`stance_table` needs only ``classes_`` and ``predict_proba`` over texts; it
adds the cue evidence, the modality flags and every label that applies. A
classifier with a ``decide`` method (:class:`~analysis.stance.models.ConfidenceFallbackClassifier`)
decides its own fallback; for any other, ``min_confidence`` may ask for one.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.exceptions import NotFittedError

from ..errors import input_error
from ..vocab import CATEGORIES
from .features import as_texts, cues_path_of
from .rules import analyse_texts

#: Stance columns added by :func:`classify_statements`, in this order.
STANCE_COLUMNS = ("category", "categories", "confidence", "evidence",
                  "conditional", "negated", "hypothetical")
#: Prefix of an evidence string that names the nearest training example, not a cue.
LIKE_PREFIX = "like: "


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ("text", *STANCE_COLUMNS)})


def stance_table(classifier, X, cues_path=None, label_threshold: float | None = None,
                 min_confidence: float | None = None, fallback="other") -> pd.DataFrame:
    """Columns ``text`` + :data:`STANCE_COLUMNS`, one row per input text, input order.

    ``classifier``: any fitted classifier with ``classes_`` and ``predict_proba`` over
    texts. ``cues_path``: the lexicon for evidence and flags (default: the one the
    classifier was given, else the shipped one). ``label_threshold``: probability from
    which a class joins ``categories`` (default: the classifier's, else 0.5).
    ``min_confidence``/``fallback``: for a classifier without ``decide``, a top
    probability below ``min_confidence`` gives ``fallback`` (default: no fallback).
    Labels are written as strings.
    """
    if not hasattr(classifier, "classes_"):
        raise NotFittedError(f"{type(classifier).__name__} is not fitted (it has no classes_)")
    texts = as_texts(X)
    if not texts:
        return _empty()
    cues_path = cues_path if cues_path is not None else cues_path_of(classifier)
    if label_threshold is None:
        label_threshold = float(getattr(classifier, "label_threshold_",
                                        getattr(classifier, "label_threshold", 0.5)))
    analyses = analyse_texts(texts, cues_path)
    classes = list(classifier.classes_)
    if hasattr(classifier, "decide"):
        proba, labels, fell_back = classifier.decide(texts)
    else:
        proba = np.asarray(classifier.predict_proba(texts))
        labels = np.asarray(classes, dtype=object)[np.argmax(proba, axis=1)]
        fell_back = np.zeros(len(texts), dtype=bool)
        if min_confidence is not None and fallback in classes:
            fell_back = (proba.max(axis=1) < min_confidence) & (labels != fallback)
            labels[fell_back] = fallback
    nearest = getattr(classifier, "nearest_example", None)
    rows = []
    for i, (text, analysis) in enumerate(zip(texts, analyses)):
        label = labels[i]
        top = classes[int(np.argmax(proba[i]))]
        if fell_back[i]:
            # Keep the probability of the label that fell short, and name it.
            confidence = float(proba[i].max())
            extra = [str(top)]
            # A fallback on a cue's category shows that cue; one on `other`, the unsure label's.
            evidence = analysis.evidence_for(str(label)) or analysis.evidence_for(str(top))
        else:
            confidence = float(proba[i, classes.index(label)]) if label in classes else 0.0
            extra = list(analysis.categories)
            extra += [str(c) for c, p in zip(classes, proba[i]) if p >= label_threshold]
            if str(label) != "other":
                evidence = analysis.evidence_for(str(label))
                if not evidence and nearest is not None:
                    example = nearest(text, label)
                    evidence = f"{LIKE_PREFIX}{example}" if example else ""
            else:  # a denial span, if the rules also found no move
                evidence = analysis.evidence if analysis.primary == "other" else ""
        label = str(label)
        order = [c for c in CATEGORIES if c != "other"] + sorted(
            {e for e in extra if e not in CATEGORIES})
        others = [c for c in order if c != label and c in extra]
        rows.append({"text": text, "category": label,
                     "categories": ";".join([label] + others),
                     "confidence": round(confidence, 4), "evidence": evidence,
                     "conditional": analysis.conditional, "negated": analysis.negated,
                     "hypothetical": analysis.hypothetical})
    return pd.DataFrame(rows, columns=["text", *STANCE_COLUMNS])


def classify_texts(texts: Sequence[str], classifier=None) -> pd.DataFrame:
    """Classify raw texts: columns ``text`` + :data:`STANCE_COLUMNS`, input order.

    ``classifier`` is any fitted classifier :func:`stance_table` accepts (default:
    :func:`~analysis.stance.training.default_classifier`).
    """
    texts = as_texts(texts)
    if not texts:
        return _empty()
    if classifier is None:
        from .training import default_classifier

        classifier = default_classifier()
    return stance_table(classifier, texts)


def classify_statements(statements: pd.DataFrame, classifier=None) -> pd.DataFrame:
    """Return ``statements`` with the stance columns added (replaced if present)."""
    if "text" not in statements.columns:
        raise input_error("statements", "missing column 'text'")
    table = classify_texts(statements["text"].tolist(), classifier)
    result = statements.drop(columns=[c for c in STANCE_COLUMNS if c in statements.columns])
    result = result.reset_index(drop=True)
    for column in STANCE_COLUMNS:
        result[column] = table[column].to_numpy()
    result.index = statements.index
    return result
