"""Leave-one-negotiation-out evaluation over the development set."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import stance
from analysis.vocab import CATEGORIES

@pytest.fixture(scope="module")
def predictions():
    return stance.lono_predictions()


def test_lono_never_trains_on_the_held_out_negotiation():
    seen = []

    class Spy(stance.CueRuleClassifier):
        def fit(self, X, y):
            self.trained_on_ = set(X)
            return super().fit(X, y)

        def predict(self, X):
            seen.append((self.trained_on_, list(X)))
            return super().predict(X)

    out = stance.lono_predictions(models={"spy": Spy()}, units="keys")
    folders = stance.devset_folders()
    assert len(seen) == len(folders)
    exemplars = set(stance.load_exemplars()["text"])
    for folder, (trained, tested) in zip(folders, seen):
        own = set(stance.devset_units(folder)["text"])
        assert set(tested) <= own and not own & trained - exemplars
        assert exemplars <= trained  # the exemplar bank is always trained on, never tested
    assert set(out["negotiation"]) == {f.name for f in folders}


def test_lono_scores_the_combined_model_on_every_negotiation(predictions):
    report = stance.lono_report(predictions)
    overview = report.overview.set_index("model")
    assert list(overview.index) == list(stance.MODEL_NAMES)
    # the targets of issue 13, on negotiations each model did not see
    assert overview.at["combined", "accuracy"] >= 0.85
    assert overview.at["combined", "macro_f1"] >= 0.80
    table = stance.lono_table(report)
    assert list(table.index[:-1]) == sorted(f.name for f in stance.devset_folders())
    assert table.index[-1] == "pooled" and table["n"].iloc[-1] == len(predictions)
    assert report.confusion.to_numpy().sum() == len(predictions)
    assert 0.0 <= overview.at["combined", "ece"] <= 1.0


def test_acceptable_labels_count_as_correct():
    frame = pd.DataFrame({"negotiation": ["a", "a", "b"], "category": ["demand", "other", "threat"],
                          "acceptable": ["red_line", "", ""], "pred_combined": ["red_line", "demand", "threat"],
                          "confidence_combined": [0.9, 0.6, 0.8],
                          "correct_combined": [True, False, True]})
    report = stance.lono_report(frame, models=["combined"])
    assert report.overview.loc[0, "accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert report.confusion.loc["demand", "demand"] == 1  # credited as the gold label
    assert report.confusion.loc["other", "demand"] == 1
    assert set(report.per_class["class"]) >= set(CATEGORIES)


def test_strict_scores_count_the_primary_label_only():
    frame = pd.DataFrame({"negotiation": ["a", "a", "b", "b"],
                          "category": ["concession", "other", "threat", "other"],
                          "acceptable": ["other", "", "", "demand"],
                          "pred_combined": ["other", "other", "threat", "demand"],
                          "confidence_combined": [0.9, 0.6, 0.8, 0.7],
                          "correct_combined": [True, True, True, True]})
    report = stance.lono_report(frame, models=["combined"])
    overview = report.overview.set_index("model")
    assert overview.at["combined", "accuracy"] == pytest.approx(1.0)
    assert overview.at["combined", "strict_accuracy"] == pytest.approx(0.5)
    strict = report.strict_per_class.set_index("class")
    assert strict.at["concession", "recall"] == 0.0 and strict.at["threat", "recall"] == 1.0
    assert report.per_class.set_index("class").at["concession", "recall"] == 1.0
    by = report.by_negotiation.set_index("negotiation")
    assert by.at["a", "strict_accuracy"] == pytest.approx(0.5) and by.at["a", "accuracy"] == 1.0
    table = stance.lono_table(report, strict=True)
    assert table.loc["pooled", "combined_accuracy"] == pytest.approx(0.5)
    assert stance.lono_table(report).loc["pooled", "combined_accuracy"] == pytest.approx(1.0)


def test_lono_figure_shows_each_negotiation(predictions):
    from analysis.plotting.stance import plot_lono_scores

    report = stance.lono_report(predictions)
    fig = plot_lono_scores(report)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert set(labels) >= {f.name for f in stance.devset_folders()}
