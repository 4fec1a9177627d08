"""The stance package as scikit-learn parts: tags, labels of any type, checks, the free table.

``parametrize_with_checks`` runs scikit-learn's own estimator checks. The checks
feed numeric 2-D arrays: the meta-estimator and the embedding transformer (which
passes precomputed vectors through) take them and must pass, except the checks
listed in ``EXPECTED_FAILURES`` with the reason. The text estimators declare
string, one-dimensional input in their tags, for which scikit-learn runs no
checks (it skips them with a ``SkipTestWarning``); their contract is tested
below by hand, as the house style asks.
"""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import parametrize_with_checks

from analysis import stance
from analysis.vocab import CATEGORIES

#: Checks each estimator fails, and why.
EXPECTED_FAILURES = {
    "EmbeddingFeatures": {
        # Texts are a valid input too, so a 1-D array of strings is not an error.
        "check_fit1d": "a 1-D input is a list of texts, embedded rather than refused",
        "check_transformer_data_not_an_array": "a list of rows is read as texts, not as vectors",
    },
    "ConfidenceFallbackClassifier": {},
}


def _expected_failures(estimator):
    return EXPECTED_FAILURES.get(type(estimator).__name__, {})


@parametrize_with_checks([stance.ConfidenceFallbackClassifier(LogisticRegression(max_iter=200)),
                          stance.EmbeddingFeatures()],
                         expected_failed_checks=_expected_failures)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator", [stance.CueRuleClassifier(), stance.StanceClassifier(),
                                       stance.CueFeatures()])
def test_text_estimators_declare_string_input(estimator):
    tags = get_tags(estimator)
    assert tags.input_tags.string and tags.input_tags.one_d_array
    assert not tags.input_tags.two_d_array


@pytest.mark.parametrize("estimator", [stance.EmbeddingFeatures(), stance.EmbeddingStanceClassifier()])
def test_embedding_estimators_declare_texts_or_vectors(estimator):
    tags = get_tags(estimator)
    assert tags.input_tags.string and tags.input_tags.two_d_array


TEXTS = ["The carriers urged the ministry to cap landing fees.",
         "The ministry rejected the carriers' plan outright.",
         "The ministry offered to freeze the fees for a year.",
         "The carriers will cancel routes unless the fees fall.",
         "The two sides met on Tuesday in the capital.",
         "Dockworkers demanded a written guarantee on jobs.",
         "The port authority turned down the guarantee.",
         "The port authority agreed to a review of staffing.",
         "The union threatened an all-out strike at the terminals.",
         "The talks lasted four hours."]
LABELS = ["demand", "red_line", "concession", "threat", "other"] * 2


@pytest.mark.parametrize("labels", [
    [CATEGORIES.index(label) for label in LABELS],                 # integers
    [label.upper() for label in LABELS],                             # other strings
    np.array([CATEGORIES.index(label) + 0.0 for label in LABELS]),  # floats that are classes
])
@pytest.mark.parametrize("make", [stance.CueRuleClassifier, stance.EmbeddingStanceClassifier,
                                  lambda: stance.StanceClassifier(calibration_folds=2)])
def test_labels_of_any_type(make, labels):
    model = make().fit(TEXTS, labels)
    predicted = model.predict(TEXTS)
    assert set(np.asarray(predicted).tolist()) <= set(np.asarray(labels).tolist())
    proba = model.predict_proba(TEXTS)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    table = stance.stance_table(model, TEXTS)
    assert len(table) == len(TEXTS)


def test_confidence_fallback_wraps_any_probabilistic_classifier():
    X = np.array([[0.0], [0.1], [1.0], [1.1], [2.0], [2.1]])
    y = ["other", "other", "a", "a", "b", "b"]
    model = stance.ConfidenceFallbackClassifier(LogisticRegression(), min_confidence=0.99).fit(X, y)
    proba, labels, fell_back = model.decide(X)
    np.testing.assert_array_equal(proba, model.estimator_.predict_proba(X))
    assert (labels[fell_back] == "other").all() and fell_back.any()
    plain = stance.ConfidenceFallbackClassifier(LogisticRegression(), min_confidence=0.0).fit(X, y)
    assert list(plain.predict(X)) == list(plain.estimator_.predict(X))
    # a fallback that is not a class never fires
    numeric = stance.ConfidenceFallbackClassifier(LogisticRegression(), min_confidence=0.99)
    numeric.fit(X, [0, 0, 1, 1, 2, 2])
    assert list(numeric.predict(X)) == list(numeric.estimator_.predict(X))
    with pytest.raises(ValueError, match="min_confidence"):
        stance.ConfidenceFallbackClassifier(LogisticRegression(), min_confidence=2).fit(X, y)


def test_stance_pipeline_is_a_calibrated_pipeline_over_embedding_and_cues():
    pipe = stance.make_stance_pipeline()
    assert [name for name, _ in pipe.steps] == ["features", "classifier"]
    assert type(pipe.named_steps["classifier"]).__name__ == "CalibratedClassifierCV"
    assert [name for name, _ in pipe.named_steps["features"].transformer_list] == ["embedding", "cues"]
    pipe.fit(TEXTS * 3, LABELS * 3)
    assert pipe.predict_proba(TEXTS).shape == (len(TEXTS), len(set(LABELS)))


def test_embedding_features_pass_precomputed_vectors_through():
    vectors = np.random.default_rng(0).normal(size=(4, 7)).astype(np.float32)
    step = stance.EmbeddingFeatures().fit(vectors)
    np.testing.assert_array_equal(step.transform(vectors), vectors.astype(np.float64))
    with pytest.raises(ValueError, match="7"):
        step.transform(vectors[:, :5])
    texts = stance.EmbeddingFeatures().fit(TEXTS[:2]).transform(TEXTS[:2])
    assert texts.shape[0] == 2 and np.allclose(np.linalg.norm(texts, axis=1), 1.0, atol=1e-4)


def test_embedding_classifier_trains_on_precomputed_vectors():
    from analysis.embeddings import embed_texts

    vectors = embed_texts(TEXTS)
    from_vectors = stance.EmbeddingStanceClassifier().fit(vectors, LABELS)
    from_texts = stance.EmbeddingStanceClassifier().fit(TEXTS, LABELS)
    np.testing.assert_allclose(from_vectors.predict_proba(vectors), from_texts.predict_proba(TEXTS))


def test_stance_table_works_with_any_classifier_exposing_classes_and_predict_proba():
    class Constant:
        """Not an sklearn estimator: just classes_ and predict_proba over texts."""

        classes_ = np.array(["demand", "other"], dtype=object)

        def predict_proba(self, texts):
            return np.tile([0.3, 0.7], (len(texts), 1))

    table = stance.stance_table(Constant(), TEXTS[:3])
    assert list(table.columns) == ["text", *stance.STANCE_COLUMNS]
    assert (table["category"] == "other").all() and (table["confidence"] == 0.7).all()
    strict = stance.stance_table(Constant(), TEXTS[:1], min_confidence=0.8, fallback="other")
    assert strict.loc[0, "category"] == "other"
    low = stance.stance_table(type("Low", (Constant,), {"predict_proba": lambda self, t: np.tile(
        [0.6, 0.4], (len(t), 1))})(), TEXTS[:1], min_confidence=0.9)
    assert (low.loc[0, "category"], low.loc[0, "categories"]) == ("other", "other;demand")
    assert low.loc[0, "evidence"] == "urged"


def test_a_custom_cue_file_is_used_for_features_and_evidence_alike(tmp_path):
    path = tmp_path / "cues.csv"
    path.write_text("kind,category,strength,negation,requires,pattern,example\n"
                    "stance,demand,strong,cancel,,\\bbeseech(?:es|ed)?\\b,They beseeched us.\n",
                    encoding="utf-8")
    texts = ["The carriers beseeched the ministry to cap fees.", "The carriers urged a cap."]
    rules = stance.CueRuleClassifier(cues_path=str(path)).fit(texts * 3, ["demand", "other"] * 3)
    assert list(rules.predict(texts)) == ["demand", "other"]
    features = stance.CueFeatures(cues_path=str(path)).fit().transform(texts)
    names = list(stance.RULE_FEATURE_NAMES)
    assert features[:, names.index("cue_demand_strong")].tolist() == [1.0, 0.0]
    table = stance.stance_table(rules, texts)
    assert table["evidence"].tolist() == ["beseeched", ""]
    combined = stance.StanceClassifier(cues_path=str(path), calibration_folds=2)
    assert stance.cues_path_of(combined) == str(path)
    assert stance.cues_path_of(clone(combined)) == str(path)
