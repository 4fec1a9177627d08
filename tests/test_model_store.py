"""Stored fitted classifiers: same predictions as a fresh fit, never a stale or unsafe file."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from analysis import config, model_store, stance
from analysis.errors import CorpusWarning

#: Sentences from outside the seed, in several registers, to compare predictions on.
SENTENCES = [
    "The union said it would not accept any pay offer below inflation.",
    "If the ceasefire is broken, we will respond with force, the minister warned.",
    "Moscow demands written guarantees that the alliance will not expand further east.",
    "The government agreed to drop its demand for a three-year freeze.",
    "Talks are scheduled to resume on Tuesday in Vienna.",
    "We are prepared to discuss reciprocal limits on exercises.",
]


@pytest.fixture()
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    stance._default_classifier.cache_clear()
    yield tmp_path / "cache"
    stance._default_classifier.cache_clear()


def _stored_files(cache):
    return sorted((cache / "fitted").glob("stance-*.npz"))


def test_stored_classifier_predicts_exactly_like_the_fresh_fit(empty_cache):
    fresh = stance.default_classifier()
    assert len(_stored_files(empty_cache)) == 1
    stance._default_classifier.cache_clear()
    loaded = stance.default_classifier()
    assert loaded is not fresh
    np.testing.assert_array_equal(loaded.predict_proba(SENTENCES), fresh.predict_proba(SENTENCES))
    assert loaded.stance_table(SENTENCES).equals(fresh.stance_table(SENTENCES))
    assert list(loaded.classes_) == list(fresh.classes_)


def test_changed_training_data_is_a_miss(empty_cache, monkeypatch):
    stance.default_classifier()
    first = _stored_files(empty_cache)
    original = stance.training_data

    def fewer_rows(include_seed=True):
        return original(include_seed).iloc[:-1]

    monkeypatch.setattr(stance, "training_data", fewer_rows)
    stance._default_classifier.cache_clear()
    stance.default_classifier()
    assert len(_stored_files(empty_cache)) == 2 and first[0] in _stored_files(empty_cache)


def test_damaged_file_warns_and_is_fitted_again(empty_cache):
    fresh = stance.default_classifier()
    [path] = _stored_files(empty_cache)
    path.write_bytes(path.read_bytes()[:1000])
    stance._default_classifier.cache_clear()
    with pytest.warns(CorpusWarning, match="unreadable"):
        again = stance.default_classifier()
    np.testing.assert_array_equal(again.predict_proba(SENTENCES), fresh.predict_proba(SENTENCES))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stance._default_classifier.cache_clear()
        stance.default_classifier()  # the rewritten file reads cleanly


def test_object_arrays_are_refused(tmp_path):
    """A file that needs pickle to load (object arrays) is never unpickled."""
    path = tmp_path / "evil.npz"
    np.savez(path, payload=np.array([{"a": 1}], dtype=object))
    with pytest.warns(CorpusWarning, match="ValueError"):
        assert model_store.load_arrays(path) is None


def test_calibrated_and_plain_logistic_round_trip():
    rng = np.random.default_rng(config.RANDOM_SEED)
    X = rng.normal(size=(60, 5))
    y = np.array(["a", "b", "c"] * 20, dtype=object)
    models = [LogisticRegression(max_iter=1000).fit(X, y),
              CalibratedClassifierCV(LogisticRegression(max_iter=1000), method="sigmoid",
                                     cv=StratifiedKFold(3)).fit(X, y)]
    for model in models:
        rebuilt = model_store.model_from_arrays(model_store.model_to_arrays(model))
        np.testing.assert_array_equal(rebuilt.predict_proba(X), model.predict_proba(X))
        assert list(rebuilt.predict(X)) == list(model.predict(X))


def test_other_models_are_not_stored():
    model = CalibratedClassifierCV(LogisticRegression(), method="isotonic", cv=2)
    model.fit(np.arange(20.0).reshape(-1, 1), [0, 1] * 10)
    with pytest.raises(TypeError):
        model_store.model_to_arrays(model)
