"""Feature transformers of the stance models: cue features and sentence embeddings.

Both take raw statement texts as ``X`` (a list, array or Series of strings, or a
DataFrame with a ``text`` column) and return a dense ``(n, k)`` float array, so
they combine in a :class:`~sklearn.pipeline.FeatureUnion`.
:class:`EmbeddingFeatures` also passes precomputed ``(n, d)`` vectors through,
so a model can be trained on vectors embedded once elsewhere.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from .. import config
from .rules import RULE_FEATURE_NAMES, analyse_texts, load_cues, rule_features


def as_texts(X) -> list[str]:
    """The texts of ``X``: a sequence of strings, or a DataFrame's ``text`` (else first) column.

    Missing values (None, NaN) become empty texts.
    """
    if isinstance(X, pd.DataFrame):
        X = X["text"] if "text" in X.columns else X.iloc[:, 0]
    values = X.tolist() if hasattr(X, "tolist") else list(X)
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in values]


def is_vectors(X) -> bool:
    """True if ``X`` holds precomputed vectors (a 2-D numeric array or table), not texts."""
    if isinstance(X, pd.DataFrame):
        return "text" not in X.columns and all(k in "fiubc" for k in X.dtypes.map(lambda d: d.kind))
    if isinstance(X, (pd.Series, list, tuple, str)) or not hasattr(X, "shape"):
        return False
    if len(X.shape) != 2:
        return False
    dtype = getattr(X, "dtype", None)
    return dtype is None or dtype.kind in "fiubc"  # complex is refused by validation


def _text_tags(tags):
    tags.input_tags.string = True
    tags.input_tags.one_d_array = True
    tags.input_tags.two_d_array = False
    return tags


class CueFeatures(TransformerMixin, BaseEstimator):
    """The cue layer as features: :func:`~analysis.stance.rules.rule_features` of each text.

    Parameters: ``cues_path`` (a cue lexicon CSV; None = the shipped one), ``weight``
    (a factor on every feature, to balance them against the embedding's scale).
    ``fit`` reads and checks the lexicon (a malformed one raises InputError).
    """

    def __init__(self, cues_path: str | None = None, weight: float = 1.0):
        self.cues_path = cues_path
        self.weight = weight

    def fit(self, X=None, y=None):
        load_cues(self.cues_path)  # fail here, naming file and line, on a bad lexicon
        self.n_features_out_ = len(RULE_FEATURE_NAMES)
        return self

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "n_features_out_")
        return self.weight * rule_features(analyse_texts(as_texts(X), self.cues_path))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(RULE_FEATURE_NAMES, dtype=object)

    def __sklearn_tags__(self):
        tags = _text_tags(super().__sklearn_tags__())
        tags.requires_fit = False
        return tags


class EmbeddingFeatures(TransformerMixin, BaseEstimator):
    """Sentence-transformers vectors of texts, or precomputed vectors passed through.

    Texts are embedded with :func:`analysis.embeddings.embed_texts` (cached on disk;
    L2-normalised); a 2-D numeric array ``(n, d)`` is taken as vectors already
    computed and returned unchanged (as float64). Parameter: ``model_name``
    (embedding model setting; None = the project default at fit time).
    """

    def __init__(self, model_name: str | None = None):
        self.model_name = model_name

    def fit(self, X, y=None):
        self.model_name_ = self.model_name or config.embedding_model_name()
        if is_vectors(X):
            vectors = validate_data(self, X, reset=True, dtype=np.float64)
            self.n_features_out_ = vectors.shape[1]
        else:
            self.n_features_out_ = None  # known once the first text is embedded
        return self

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "model_name_")
        if is_vectors(X):
            return validate_data(self, X, reset=False, dtype=np.float64)
        if hasattr(self, "n_features_in_"):  # fitted on vectors: this must be vectors too
            return validate_data(self, X, reset=False, dtype=np.float64)
        from ..embeddings import embed_texts

        return np.asarray(embed_texts(as_texts(X), model_name=self.model_name_), dtype=np.float64)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "model_name_")
        width = self.n_features_out_ or 0
        return np.asarray([f"embedding{i}" for i in range(width)], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # texts, or (n, d) vectors (two_d_array stays True)
        return tags


def cues_path_of(estimator) -> str | Path | None:
    """The cue lexicon an estimator (or any estimator nested in it) was given, or None.

    Looks for a parameter named ``cues_path`` or ending in ``__cues_path``, so that
    tables and evidence use the same lexicon as the features.
    """
    try:
        params = estimator.get_params(deep=True)
    except (AttributeError, TypeError):
        return None
    for name in sorted(params):
        if (name == "cues_path" or name.endswith("__cues_path")) and params[name] is not None:
            return params[name]
    return None
