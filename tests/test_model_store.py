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


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    # Embeddings are shared by the tests of this module (computing them is not what
    # is tested); every test starts without a stored classifier.
    return tmp_path_factory.mktemp("cache")


@pytest.fixture()
def empty_cache(shared_cache, monkeypatch):
    import shutil

    monkeypatch.setattr(config, "CACHE_DIR", shared_cache)
    shutil.rmtree(shared_cache / "fitted", ignore_errors=True)
    stance._default_classifier.cache_clear()
    yield shared_cache
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
    assert stance.stance_table(loaded, SENTENCES).equals(stance.stance_table(fresh, SENTENCES))
    assert list(loaded.classes_) == list(fresh.classes_)


def test_changed_training_data_is_a_miss(empty_cache, monkeypatch):
    stance.default_classifier()
    first = _stored_files(empty_cache)
    from analysis.stance import training

    original = training.training_data

    def fewer_rows(**kwargs):
        return original(**kwargs).iloc[:-1]

    monkeypatch.setattr(training, "training_data", fewer_rows)
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
    assert len(_stored_files(empty_cache)) == 1
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


def _rewrite(path, **changes):
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays.update(changes)
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)


@pytest.mark.parametrize("damage", ["coef_wrong_width", "coef_wrong_rows", "classes_changed",
                                    "calibration_wrong_length", "vectors_not_a_matrix",
                                    "non_finite", "unknown_kind", "missing_array"])
def test_a_stored_model_that_parses_but_is_damaged_warns_is_dropped_and_refitted(
        empty_cache, damage):
    fresh = stance.default_classifier()
    [path] = _stored_files(empty_cache)
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    coef = arrays["model.0.coef"]
    changes = {
        "coef_wrong_width": {"model.0.coef": coef[:, :-3]},
        "coef_wrong_rows": {"model.0.coef": coef[:-1]},
        "classes_changed": {"model.classes": arrays["model.classes"][::-1].copy(),
                            "model.0.classes": arrays["model.0.classes"][:-1].copy()},
        "calibration_wrong_length": {"model.0.a": arrays["model.0.a"][:2].copy()},
        "vectors_not_a_matrix": {"train_vectors": arrays["train_vectors"][0].copy()},
        "non_finite": {"model.0.intercept": np.full_like(arrays["model.0.intercept"], np.nan)},
        "unknown_kind": {"model.kind": np.array("forest")},
    }.get(damage, {})
    if damage == "missing_array":
        arrays.pop("model.0.b")
        with open(path, "wb") as handle:
            np.savez(handle, **arrays)
    else:
        _rewrite(path, **changes)
    stance._default_classifier.cache_clear()
    with pytest.warns(CorpusWarning, match="damaged.*dropped and fitted again"):
        again = stance.default_classifier()
    np.testing.assert_array_equal(again.predict_proba(SENTENCES), fresh.predict_proba(SENTENCES))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stance._default_classifier.cache_clear()
        stance.default_classifier()  # the refitted model was stored again, and reads cleanly


def test_rebuilding_refuses_a_coef_of_the_wrong_width():
    rng = np.random.default_rng(config.RANDOM_SEED)
    X = rng.normal(size=(30, 4))
    model = LogisticRegression(max_iter=1000).fit(X, ["a", "b", "c"] * 10)
    arrays = model_store.model_to_arrays(model)
    assert model_store.model_from_arrays(arrays, n_features=4).coef_.shape == (3, 4)
    with pytest.raises(model_store.StoredModelError, match="takes 4 features, the model needs 5"):
        model_store.model_from_arrays(arrays, n_features=5)


def test_private_calibration_classes_still_rebuild_a_calibrated_model():
    """model_store rebuilds calibrated models with scikit-learn's private classes.

    If this fails after a scikit-learn upgrade, the stored models are refitted at
    every run (nothing breaks for users, but warm runs get slow): update
    ``model_store._private_calibration_classes`` / ``_model_from_arrays``.
    """
    import sklearn

    try:
        from sklearn.calibration import _CalibratedClassifier, _SigmoidCalibration  # noqa: F401
    except ImportError as exc:  # pragma: no cover - only after an upgrade
        pytest.fail(f"scikit-learn {sklearn.__version__} no longer has {exc.name or exc}; "
                    "update analysis/model_store.py (see its module docstring)")
    rng = np.random.default_rng(config.RANDOM_SEED)
    X = rng.normal(size=(45, 3))
    y = np.array(["x", "y", "z"] * 15, dtype=object)
    model = CalibratedClassifierCV(LogisticRegression(max_iter=1000), method="sigmoid",
                                   cv=StratifiedKFold(3)).fit(X, y)
    try:
        rebuilt = model_store.model_from_arrays(model_store.model_to_arrays(model))
    except model_store.StoredModelError as exc:  # pragma: no cover - only after an upgrade
        pytest.fail(f"scikit-learn {sklearn.__version__} changed its calibration classes: {exc}")
    np.testing.assert_array_equal(rebuilt.predict_proba(X), model.predict_proba(X))


@pytest.mark.parametrize("obstacle", ["file_for_folder", "folder_for_file", "fifo_for_file"])
def test_a_cache_that_cannot_be_written_or_read_is_one_warning(tmp_path, obstacle):
    """Nothing in the cache folder can stop a run: the model is simply not stored."""
    import os

    path = model_store.fitted_path("stance", "0" * 64, tmp_path / "cache")
    if obstacle == "file_for_folder":
        (tmp_path / "cache").write_text("a file where the cache folder should be")
    elif obstacle == "folder_for_file":
        path.mkdir(parents=True)
    else:
        path.parent.mkdir(parents=True)
        os.mkfifo(path)
    assert model_store.load_arrays(path) is None
    with pytest.warns(CorpusWarning, match="stored-model cache not written"):
        assert model_store.store_arrays({"a": np.zeros(3)}, path) is None


def test_a_blocked_cache_still_gives_the_classifier(empty_cache):
    import shutil

    shutil.rmtree(empty_cache / "fitted", ignore_errors=True)
    (empty_cache / "fitted").write_text("a file where the stored models should go")
    try:
        with pytest.warns(CorpusWarning, match="stored-model cache not written"):
            classifier = stance.default_classifier()
        assert classifier.predict_proba(SENTENCES).shape == (len(SENTENCES), len(classifier.classes_))
    finally:
        (empty_cache / "fitted").unlink()
