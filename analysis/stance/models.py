"""Stance estimators (scikit-learn), all taking raw statement texts as ``X``.

- :class:`CueRuleClassifier` — the cue rules alone; its probabilities are the
  smoothed frequencies of each gold label given the rules' decision.
- :func:`make_stance_pipeline` — the learned model: a :class:`~sklearn.pipeline.Pipeline`
  of a :class:`~sklearn.pipeline.FeatureUnion` (sentence embedding + cue features)
  and a logistic regression calibrated by :class:`~sklearn.calibration.CalibratedClassifierCV`.
- :class:`ConfidenceFallbackClassifier` — a meta-estimator around any probabilistic
  classifier: a prediction whose probability is below ``min_confidence`` becomes
  the ``fallback`` label; ``predict_proba`` is the wrapped model's, unchanged.
- :class:`StanceClassifier` — the combination the pipeline uses: the confidence
  fallback around :func:`make_stance_pipeline`, with flat parameters; an unsure
  prediction falls back on the cue rules' decision (``other`` when no cue fired).
- :class:`EmbeddingStanceClassifier` — logistic regression on the embedding alone
  (the "learned part only" of the ablation).

Every estimator accepts labels of any type (strings, integers, ...); only the
fallback needs its label among the classes (otherwise nothing falls back).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils import get_tags
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from .. import config
from ..vocab import CATEGORIES
from .features import CueFeatures, EmbeddingFeatures, _text_tags, as_texts, is_vectors
from .rules import analyse_texts, load_cues


def _labels(y) -> np.ndarray:
    y = np.asarray(y.tolist() if hasattr(y, "tolist") else list(y))
    if y.dtype.kind in "USO":
        y = y.astype(object)
    check_classification_targets(y)
    return y


def _check_lengths(texts, y) -> None:
    if len(texts) != len(y):
        raise ValueError(f"X and y have different lengths ({len(texts)} and {len(y)})")


class CueRuleClassifier(ClassifierMixin, BaseEstimator):
    """Transparent cue rules (the codebook as regular expressions).

    ``predict`` returns the rules' decision whatever the training data say (for labels
    that are not category names: the label most often found with that decision);
    ``fit`` only learns ``predict_proba``: the Laplace-smoothed frequency of each
    gold label among training texts that received the same rule decision.

    Parameters: ``cues_path`` (a cue lexicon CSV; None = the shipped one),
    ``smoothing`` (pseudo-count per cell), ``label_threshold`` (probability above
    which a label joins ``categories`` in the stance table).
    """

    def __init__(self, cues_path: str | None = None, smoothing: float = 1.0,
                 label_threshold: float = 0.5):
        self.cues_path = cues_path
        self.smoothing = smoothing
        self.label_threshold = label_threshold

    def analyse(self, X):
        """Rule analysis of each text (needs no fitting)."""
        return analyse_texts(as_texts(X), self.cues_path)

    def transform(self, X) -> np.ndarray:
        """Rule features (see :func:`~analysis.stance.rules.rule_features`)."""
        return CueFeatures(self.cues_path).fit().transform(X)

    def fit(self, X, y):
        texts, y = as_texts(X), _labels(y)
        _check_lengths(texts, y)
        load_cues(self.cues_path)
        self.classes_ = np.array(sorted(set(y.tolist()), key=lambda v: (str(type(v)), v)),
                                 dtype=object)
        index = {label: i for i, label in enumerate(self.classes_.tolist())}
        decided = [a.primary for a in self.analyse(texts)]
        table = np.full((len(CATEGORIES), len(self.classes_)), float(self.smoothing))
        for rule_label, gold in zip(decided, y.tolist()):
            table[CATEGORIES.index(rule_label), index[gold]] += 1.0
        self.outcome_table_ = table / table.sum(axis=1, keepdims=True)
        self.label_threshold_ = self.label_threshold
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "outcome_table_")
        rows = [CATEGORIES.index(a.primary) for a in self.analyse(X)]
        return self.outcome_table_[rows]

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self, "outcome_table_")
        known = set(self.classes_.tolist())
        rows = [(a.primary, CATEGORIES.index(a.primary)) for a in self.analyse(X)]
        return np.array([label if label in known else
                         self.classes_[int(np.argmax(self.outcome_table_[row]))]
                         for label, row in rows], dtype=object)

    def __sklearn_tags__(self):
        return _text_tags(super().__sklearn_tags__())


def make_stance_pipeline(model_name: str | None = None, cues_path: str | None = None,
                         C: float = 2.0, rule_weight: float = 1.0,
                         calibration: str | None = "sigmoid", calibration_folds: int = 3,
                         class_weight: str | None = "balanced") -> Pipeline:
    """The learned stance model, unfitted: embedding + cue features → calibrated regression.

    ``calibration`` is ``"sigmoid"``/``"isotonic"`` (calibrated on ``calibration_folds``
    shuffled stratified folds, seeded) or None (the plain logistic regression).
    """
    features = FeatureUnion([("embedding", EmbeddingFeatures(model_name)),
                             ("cues", CueFeatures(cues_path, weight=rule_weight))])
    regression = LogisticRegression(C=C, class_weight=class_weight, max_iter=5000,
                                    random_state=config.RANDOM_SEED)
    if calibration is None:
        return Pipeline([("features", features), ("classifier", regression)])
    splitter = StratifiedKFold(calibration_folds, shuffle=True, random_state=config.RANDOM_SEED)
    return Pipeline([("features", features),
                     ("classifier", CalibratedClassifierCV(regression, method=calibration,
                                                           cv=splitter))])


class ConfidenceFallbackClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Wraps a probabilistic classifier: unsure predictions become ``fallback``.

    ``predict`` gives the most probable class unless its probability is below
    ``min_confidence`` and ``fallback`` is one of the classes, in which case it gives
    ``fallback``. ``predict_proba`` and ``classes_`` are the wrapped model's, so the
    probability that fell short is kept. :meth:`decide` returns all three at once.
    """

    def __init__(self, estimator=None, min_confidence: float = 0.4, fallback="other"):
        self.estimator = estimator
        self.min_confidence = min_confidence
        self.fallback = fallback

    def _make_estimator(self):
        return clone(self.estimator if self.estimator is not None
                     else LogisticRegression(max_iter=1000))

    def fit(self, X, y, **fit_params):
        if not 0.0 <= float(self.min_confidence) <= 1.0:
            raise ValueError(f"min_confidence must lie in [0, 1], got {self.min_confidence!r}")
        self.estimator_ = self._make_estimator().fit(X, y, **fit_params)
        self.classes_ = self.estimator_.classes_
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    def decide(self, X) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(proba, labels, fell_back)`` for ``X``: probabilities, predictions, and
        which predictions fell back (their most probable class is ``proba.argmax``)."""
        proba = self.predict_proba(X)
        labels = self.classes_[np.argmax(proba, axis=1)]
        classes = self.classes_.tolist()
        if self.fallback is None or not any(c == self.fallback for c in classes):
            return proba, labels, np.zeros(len(labels), dtype=bool)
        labels = labels.astype(object)
        fell_back = (proba.max(axis=1) < self.min_confidence) & (labels != self.fallback)
        labels[fell_back] = self.fallback
        return proba, labels, fell_back

    def predict(self, X) -> np.ndarray:
        return self.decide(X)[1]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        if self.estimator is not None:
            tags.input_tags = get_tags(self.estimator).input_tags
        return tags


class StanceClassifier(ConfidenceFallbackClassifier):
    """The combined classifier: :func:`make_stance_pipeline` inside the confidence fallback.

    The cue features (scaled by ``rule_weight``) are appended to the L2-normalised
    sentence embedding, so the regression learns how far to trust each cue family
    and falls back on meaning where no cue fires. Probabilities are calibrated
    (``calibration`` method, ``calibration_folds`` folds, fewer if a class is
    rarer; none if a class has a single example). A prediction whose calibrated
    probability is below ``min_confidence`` is decided by the cue rules instead: the
    category their cues give, or ``other`` when no cue fired (see :meth:`decide`).
    ``cues_path`` is the lexicon of the features, the rules and the evidence alike.
    """

    def __init__(self, model_name: str | None = None, cues_path: str | None = None,
                 C: float = 2.0, rule_weight: float = 1.0, calibration: str = "sigmoid",
                 calibration_folds: int = 3, min_confidence: float = 0.5,
                 label_threshold: float = 0.5, class_weight: str | None = "balanced"):
        self.model_name = model_name
        self.cues_path = cues_path
        self.class_weight = class_weight
        self.C = C
        self.rule_weight = rule_weight
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.min_confidence = min_confidence
        self.label_threshold = label_threshold

    # Not constructor parameters: the fallback label is the codebook's "no move".
    estimator = None
    fallback = "other"

    def _pipeline(self, folds: int) -> Pipeline:
        return make_stance_pipeline(self.model_name or config.embedding_model_name(),
                                    self.cues_path, C=self.C, rule_weight=self.rule_weight,
                                    calibration=self.calibration if folds >= 2 else None,
                                    calibration_folds=max(folds, 2),
                                    class_weight=self.class_weight)

    def fit(self, X, y):
        texts, y = as_texts(X), _labels(y)
        _check_lengths(texts, y)
        self.model_name_ = self.model_name or config.embedding_model_name()
        folds = int(min(self.calibration_folds, pd.Series(y).value_counts().min()))
        # Embedding first (it fills the cache the pipeline then reads) ...
        vectors = EmbeddingFeatures(self.model_name_).fit(texts).transform(texts)
        self.estimator_ = self._pipeline(folds)
        # ... then the regressions on one BLAS thread: on a busy machine threads fight over
        # these small matrices (40x slower measured on 2 shared cores).
        with threadpool_limits(1):
            self.estimator_.fit(texts, y)
        self.classes_ = self.estimator_.classes_
        self.label_threshold_ = self.label_threshold
        # Kept to show, as evidence, the nearest training example when no cue fired.
        self.train_vectors_ = vectors
        self.train_texts_ = np.asarray(texts, dtype=object)
        self.train_labels_ = y
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "estimator_")
        texts = as_texts(X)
        EmbeddingFeatures(self.model_name_).fit([]).transform(texts)  # embed (and cache) first
        with threadpool_limits(1):
            return self.estimator_.predict_proba(texts)

    def decide(self, X) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(proba, labels, fell_back)``, like the plain fallback, with the cue rules as
        the fallback: a prediction whose probability is below ``min_confidence`` becomes
        the rules' category for that text (``other`` when no cue fired, or when the
        rules' category is not among the classes). So a firing cue keeps its category
        unless the learned part is confident of another label, and an unsure learned
        label with no cue behind it is ``other``, as before. ``fell_back`` marks the
        predictions that are not the most probable class.
        """
        texts = as_texts(X)
        proba = self.predict_proba(texts)
        top = self.classes_[np.argmax(proba, axis=1)]
        classes = self.classes_.tolist()
        if not any(c == self.fallback for c in classes):
            return proba, top, np.zeros(len(top), dtype=bool)
        labels = top.astype(object)
        unsure = np.flatnonzero(proba.max(axis=1) < self.min_confidence)
        analyses = analyse_texts([texts[i] for i in unsure], self.cues_path)
        for i, analysis in zip(unsure, analyses):
            ruled = analysis.primary
            labels[i] = ruled if any(c == ruled for c in classes) else self.fallback
        return proba, labels, labels != top

    def nearest_example(self, text: str, label) -> str:
        """The training text of class ``label`` closest in meaning to ``text`` ("" if none)."""
        check_is_fitted(self, "train_vectors_")
        mask = self.train_labels_ == label
        if not mask.any():
            return ""
        vector = EmbeddingFeatures(self.model_name_).fit([]).transform([text])[0]
        scores = self.train_vectors_[mask] @ vector
        return str(self.train_texts_[mask][int(np.argmax(scores))])

    def __sklearn_tags__(self):
        return _text_tags(super().__sklearn_tags__())

    # ------------------------------------------------------------------ storage
    def fitted_arrays(self) -> dict[str, np.ndarray]:
        """The fitted state as plain arrays (see :mod:`analysis.model_store`)."""
        from .. import model_store

        check_is_fitted(self, "estimator_")
        return {"model_name": np.array(self.model_name_),
                "label_threshold": np.array(self.label_threshold_, dtype=float),
                "train_vectors": np.asarray(self.train_vectors_),
                "train_texts": np.asarray(self.train_texts_.tolist(), dtype=str),
                "train_labels": np.asarray([str(v) for v in self.train_labels_.tolist()],
                                           dtype=str),
                **model_store.model_to_arrays(self.estimator_.steps[-1][1])}

    def set_fitted_arrays(self, arrays: dict[str, np.ndarray]) -> "StanceClassifier":
        """Restore the state :meth:`fitted_arrays` gave; returns self.

        Raises ValueError (or KeyError) if the arrays do not fit this estimator's
        features: a stored model of another shape is never used.
        """
        from .. import model_store

        self.model_name_ = str(arrays["model_name"])
        vectors = np.asarray(arrays["train_vectors"], dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError("stored training vectors are not a matrix")
        width = vectors.shape[1] + len(CueFeatures().fit().get_feature_names_out())
        final = model_store.model_from_arrays(arrays, n_features=width)
        pipeline = self._pipeline(2)
        features = pipeline.steps[0][1]
        for _, transformer in features.transformer_list:
            transformer.fit([])
        pipeline.steps[-1] = ("classifier", final)
        self.estimator_ = pipeline
        self.classes_ = final.classes_
        self.label_threshold_ = float(arrays["label_threshold"])
        self.train_vectors_ = vectors
        self.train_texts_ = np.asarray(arrays["train_texts"].tolist(), dtype=object)
        self.train_labels_ = np.asarray(arrays["train_labels"].tolist(), dtype=object)
        if len({len(self.train_texts_), len(self.train_vectors_), len(self.train_labels_)}) != 1:
            raise ValueError("stored training texts, labels and vectors differ in length")
        return self


class EmbeddingStanceClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression on sentence-transformers vectors (texts, or vectors precomputed).

    Parameters: ``model_name`` (embedding model setting; None = the project
    default at fit time), ``C`` (inverse L2 strength), ``class_weight``,
    ``label_threshold`` (see :class:`CueRuleClassifier`).
    """

    def __init__(self, model_name: str | None = None, C: float = 4.0,
                 class_weight: str | None = "balanced", label_threshold: float = 0.5):
        self.model_name = model_name
        self.C = C
        self.class_weight = class_weight
        self.label_threshold = label_threshold

    def fit(self, X, y):
        y = _labels(y)
        X = X if is_vectors(X) else as_texts(X)
        _check_lengths(X, y)
        self.pipeline_ = Pipeline([
            ("embedding", EmbeddingFeatures(self.model_name)),
            ("classifier", LogisticRegression(C=self.C, class_weight=self.class_weight,
                                              max_iter=5000, random_state=config.RANDOM_SEED))])
        if not is_vectors(X):
            EmbeddingFeatures(self.model_name).fit(X).transform(X)  # embed (and cache) first
        with threadpool_limits(1):
            self.pipeline_.fit(X, y)
        self.classes_ = self.pipeline_.classes_
        self.label_threshold_ = self.label_threshold
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(X if is_vectors(X) else as_texts(X))

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # texts, or (n, d) vectors (two_d_array stays True)
        return tags
