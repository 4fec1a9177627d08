"""Stance classification: demand / red_line / concession / threat / other.

A package of scikit-learn parts, all taking raw statement texts as ``X``:

- :mod:`.rules` — the transparent cue layer (``data/stance_cues.csv``): negation
  scope, modality, imperative mood, the subject's person, and the codebook's
  precedence (``docs/codebook.md``); :func:`analyse_text`, :func:`rule_features`.
- :mod:`.features` — :class:`CueFeatures` and :class:`EmbeddingFeatures` (which also
  passes precomputed ``(n, d)`` vectors through).
- :mod:`.models` — :class:`CueRuleClassifier`, :func:`make_stance_pipeline` (a
  calibrated :class:`~sklearn.pipeline.Pipeline`), :class:`ConfidenceFallbackClassifier`,
  :class:`StanceClassifier` (the shipped combination) and :class:`EmbeddingStanceClassifier`.
- :mod:`.table` — :func:`stance_table` for any classifier with ``classes_`` and
  ``predict_proba``; :func:`classify_texts`, :func:`classify_statements`.
- :mod:`.training` — the exemplar bank, the seed and development annotations, and
  :func:`default_classifier` (fitted once, stored in the cache folder).
- :mod:`.evaluation` — leave-one-negotiation-out and the seed's grouped cross-validation.
"""
from __future__ import annotations

from .evaluation import (CALIBRATION_BINS, CV_FOLDS, MODEL_NAMES, LonoReport, StanceEvaluation,
                         ablation_models, calibration_table, confusion_table,
                         evaluate_grouped_cv, grouped_cv_predictions, heldout_units,
                         lono_predictions, lono_report, lono_table)
from .features import CueFeatures, EmbeddingFeatures, as_texts, cues_path_of
from .models import (ConfidenceFallbackClassifier, CueRuleClassifier, EmbeddingStanceClassifier,
                     StanceClassifier, make_stance_pipeline)
from .rules import (CUE_CATEGORIES, CUES_PATH, NEAR_NEGATION_WINDOW, NEGATION_WINDOW,
                    RULE_FEATURE_NAMES, Cue, CueMatch, RuleAnalysis, analyse_text,
                    analyse_texts, clause_start, load_cues, rule_features)
from .table import STANCE_COLUMNS, classify_statements, classify_texts, stance_table
from .training import (DEVSET_DIR, EXEMPLARS_PATH, SEED_GOLD_PATH, _default_classifier,  # noqa: F401 - tests clear its cache
                       default_classifier, devset_folders, devset_units, load_exemplars,
                       load_seed_gold, training_data)

__all__ = [
    "CALIBRATION_BINS", "CUES_PATH", "CUE_CATEGORIES", "CV_FOLDS", "ConfidenceFallbackClassifier",
    "Cue", "CueFeatures", "CueMatch", "CueRuleClassifier", "DEVSET_DIR", "EXEMPLARS_PATH",
    "EmbeddingFeatures", "EmbeddingStanceClassifier", "LonoReport", "MODEL_NAMES",
    "NEAR_NEGATION_WINDOW", "NEGATION_WINDOW", "RULE_FEATURE_NAMES", "RuleAnalysis",
    "SEED_GOLD_PATH", "STANCE_COLUMNS", "StanceClassifier", "StanceEvaluation",
    "ablation_models", "analyse_text", "analyse_texts", "as_texts", "calibration_table",
    "classify_statements", "classify_texts", "clause_start", "confusion_table",
    "cues_path_of", "default_classifier", "devset_folders", "devset_units",
    "evaluate_grouped_cv", "grouped_cv_predictions", "heldout_units", "load_cues",
    "load_exemplars", "load_seed_gold", "lono_predictions", "lono_report", "lono_table",
    "make_stance_pipeline", "rule_features", "stance_table", "training_data",
]
