"""Stance classification: demand / red_line / concession / threat / other.

Three scikit-learn estimators, all taking raw statement texts as ``X``:

- :class:`CueRuleClassifier` — transparent cue rules from ``data/stance_cues.csv``
  with negation scope, conditional and hypothetical detection, and the codebook's
  precedence (``docs/codebook.md``). Its probabilities are the smoothed
  frequencies of each gold label given the rule's decision on the training data.
- :class:`EmbeddingStanceClassifier` — logistic regression on sentence-transformers
  vectors (:func:`analysis.embeddings.embed_texts`).
- :class:`StanceClassifier` — the combination used by the pipeline: one logistic
  regression over the embedding *and* the rule features (stacking by feature
  concatenation), calibrated with :class:`~sklearn.calibration.CalibratedClassifierCV`;
  a prediction whose calibrated probability is below ``min_confidence`` falls
  back to ``other`` (the probability is kept in ``confidence``).

Public functions: :func:`classify_texts`, :func:`classify_statements`,
:func:`default_classifier`, :func:`training_data`, :func:`analyse_text`,
:func:`grouped_cv_predictions`, :func:`evaluate_grouped_cv` and
:func:`calibration_table`.
"""
from __future__ import annotations

import csv
import functools
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from . import config
from .errors import CorpusWarning, input_error
from .vocab import CATEGORIES

#: The cue lexicon shipped with the package (one regular expression per row).
CUES_PATH = config.DATA_DIR / "stance_cues.csv"
#: The exemplar bank: varied sentences about other conflicts, labelled per the codebook.
EXEMPLARS_PATH = config.DATA_DIR / "stance_exemplars.csv"
#: Expert annotation of the seed document (statement / clause level).
SEED_GOLD_PATH = config.SEED_STANCE_GOLD

#: Stance columns added by :func:`classify_statements`, in this order.
STANCE_COLUMNS = ("category", "categories", "confidence", "evidence",
                  "conditional", "negated", "hypothetical")
#: Categories that a cue can signal (``other`` is the absence of a stance move).
CUE_CATEGORIES = tuple(c for c in CATEGORIES if c != "other")

_CUE_COLUMNS = ("kind", "category", "strength", "negation", "requires", "pattern", "example")
_KINDS = ("stance", "denial", "question", "conditional", "hypothetical")

# Curly quotes and apostrophes map one-to-one to straight ones, so every
# offset found in the normalised text is an offset into the original text.
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'"})
# A clause ends at punctuation, at a contrastive / subordinating conjunction, or
# at "and" before a past-tense verb; negation does not reach across it ("refused
# X, but agreed to Y", "did not address its concerns and rejected them").
# "yet to" is a negator, not the conjunction "yet".
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?()\[\]“”\"—–]|\s-\s|\b(?:but|while|whereas|although|though|however|yet(?!\s+to\b))\b"
    r"|\band(?=\s+(?:then\s+|also\s+)?[a-z]+ed\b)",
    re.IGNORECASE)
# "not" negates a verb some words away ("did not, in the end, call for"); "no"
# and "without" only negate what they directly govern ("no serious consequences",
# but not "No deal would mean serious consequences").
_NEGATOR = re.compile(r"\b(?:not|never|neither|nor|hardly|cannot|unlikely|reluctant|loath)\b|n't\b"
                      r"|\byet\s+to\b|\bfail(?:s|ed)?\s+to\b",
                      re.IGNORECASE)
_NEAR_NEGATOR = re.compile(r"\b(?:no|without)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'-]+")
#: How many words before a cue "not"/"never" may stand and still negate it.
NEGATION_WINDOW = 6
#: How many words before a cue "no"/"without" may stand and still negate it.
NEAR_NEGATION_WINDOW = 2


@dataclass(frozen=True)
class Cue:
    """One row of the cue lexicon, compiled."""

    kind: str
    category: str
    strength: str
    negation: str
    requires: str
    pattern: re.Pattern
    example: str


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a text: its category, span (offsets into the text) and fate."""

    category: str
    strength: str
    start: int
    end: int
    text: str
    negated: bool


@dataclass(frozen=True)
class RuleAnalysis:
    """What the cue rules see in one text.

    ``categories`` are the stance categories whose cues survived negation, in
    precedence order; ``primary`` is the first of them (strong cues before weak
    ones) or ``other``; ``evidence`` is the span of the deciding cue ("" if none).
    """

    primary: str
    categories: tuple[str, ...]
    evidence: str
    conditional: bool
    negated: bool
    hypothetical: bool
    denial: bool
    matches: tuple[CueMatch, ...] = field(default=())

    def evidence_for(self, category: str) -> str:
        """The first surviving cue span for ``category`` (strong cues first), or ""."""
        for strength in ("strong", "weak"):
            for match in self.matches:
                if match.category == category and match.strength == strength and not match.negated:
                    return match.text
        return ""


@functools.lru_cache(maxsize=8)
def load_cues(path: str | Path | None = None) -> tuple[Cue, ...]:
    """Read and compile a cue lexicon CSV (default: the shipped one).

    Columns: ``kind`` (stance/denial/question/conditional/hypothetical), ``category``,
    ``strength`` (strong/weak), ``negation`` (cancel: a preceding negator removes
    the cue; keep: the pattern already contains its negation), ``requires``
    ("conditional": the cue counts only in a conditional statement), ``pattern`` (a
    case-insensitive Python regular expression), ``example``. Raises InputError
    naming file and line for a malformed row.
    """
    path = Path(path) if path is not None else CUES_PATH
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise input_error(path, f"cannot read cue lexicon ({exc.strerror or exc})") from None
    if not rows or set(_CUE_COLUMNS) - set(rows[0]):
        raise input_error(path, f"cue lexicon needs columns {', '.join(_CUE_COLUMNS)}", line=1)
    cues = []
    for line, row in enumerate(rows, start=2):
        kind = row["kind"]
        if kind not in _KINDS:
            raise input_error(path, f"unknown cue kind {kind!r}", line=line)
        if kind == "stance" and row["category"] not in CUE_CATEGORIES:
            raise input_error(path, f"unknown stance category {row['category']!r}", line=line)
        if (row["strength"] or "strong") not in ("strong", "weak"):
            raise input_error(path, f"unknown cue strength {row['strength']!r} (expected strong "
                              "or weak)", line=line)
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise input_error(path, f"bad pattern ({exc})", line=line) from None
        cues.append(Cue(kind, row["category"], row["strength"] or "strong",
                        row["negation"] or "cancel", row["requires"], pattern, row["example"]))
    return tuple(cues)


def _clause_start(text: str, position: int) -> int:
    # Search the whole text: a break's lookahead ("and" + past tense) may need to
    # see the cue itself.
    start = 0
    for brk in _CLAUSE_BREAK.finditer(text):
        if brk.end() > position:
            break
        start = brk.end()
    return start


def _is_negated(text: str, start: int) -> bool:
    """True if a negator stands in the same clause within NEGATION_WINDOW words before ``start``."""
    clause = text[_clause_start(text, start):start]
    words = _WORD.findall(clause)
    return bool(_NEGATOR.search(" ".join(words[-NEGATION_WINDOW:]))
                or _NEAR_NEGATOR.search(" ".join(words[-NEAR_NEGATION_WINDOW:])))


def _is_question_inversion(text: str, start: int) -> bool:
    # "Should Russia invade, ..." is a condition, not a recommendation.
    before = text[:start].rstrip()
    return not before or before[-1] in ".;:,!?\"“”'("


def analyse_text(text: str, cues: Sequence[Cue] | None = None) -> RuleAnalysis:
    """Apply the cue rules of the codebook to one text.

    Returns a :class:`RuleAnalysis`: surviving stance categories in precedence
    order, the primary one, the evidence span, and the conditional / negated /
    hypothetical / denial flags. ``cues`` defaults to the shipped lexicon.
    """
    if cues is None:
        return _analyse_with_shipped_cues(str(text))
    return _analyse(str(text), tuple(cues))


@functools.lru_cache(maxsize=65536)
def _analyse_with_shipped_cues(text: str) -> RuleAnalysis:
    # Cross-validation and the combined model analyse the same texts many times.
    return _analyse(text, load_cues())


def _analyse(text: str, cues: tuple[Cue, ...]) -> RuleAnalysis:
    plain = str(text).translate(_STRAIGHTEN)
    matches: list[CueMatch] = []
    denials: list[tuple[int, int]] = []
    questions: list[tuple[int, int]] = []
    conditional = hypothetical = False
    for cue in cues:
        if cue.kind == "conditional":
            conditional = conditional or bool(cue.pattern.search(plain))
        elif cue.kind == "hypothetical":
            hypothetical = hypothetical or bool(cue.pattern.search(plain))
    for cue in cues:
        if cue.kind in ("conditional", "hypothetical"):
            continue
        if cue.requires == "conditional" and not conditional:
            continue
        for found in cue.pattern.finditer(plain):
            if cue.kind == "denial":
                denials.append(found.span())
                continue
            if cue.kind == "question":
                questions.append(found.span())
                continue
            word = found.group(0).lower()
            if word == "should" and _is_question_inversion(plain, found.start()):
                continue
            negated = cue.negation == "cancel" and _is_negated(plain, found.start())
            matches.append(CueMatch(cue.category, cue.strength, found.start(), found.end(),
                                    str(text)[found.start():found.end()], negated))
    # A denial ("no intention of attacking", "rejected the accusations") cancels
    # the cues it overlaps, and threat cues anywhere in its clause.
    if denials:
        clause_of_denial = {_clause_start(plain, s) for s, _ in denials}

        def cancelled(m: CueMatch) -> bool:
            overlaps = any(m.start < e and s < m.end for s, e in denials)
            return overlaps or (m.category == "threat"
                                and _clause_start(plain, m.start) in clause_of_denial)

        matches = [CueMatch(m.category, m.strength, m.start, m.end, m.text, True)
                   if cancelled(m) else m for m in matches]
    # A journalist's question ("QUESTION: Will they pull back troops?") makes no
    # move of its own: its cues are dropped, not negated.
    matches = [m for m in matches if not any(s <= m.start and m.end <= e for s, e in questions)]
    matches.sort(key=lambda m: (m.start, m.end, m.category))
    alive = [m for m in matches if not m.negated]
    categories = tuple(c for c in CUE_CATEGORIES if any(m.category == c for m in alive))
    strong = [c for c in categories if any(m.category == c and m.strength == "strong" for m in alive)]
    primary = strong[0] if strong else (categories[0] if categories else "other")
    if primary != "other":
        evidence = next(m.text for m in alive if m.category == primary
                        and (m.strength == "strong" or not strong))
        categories = (primary,) + tuple(c for c in categories if c != primary)
    else:
        evidence = str(text)[denials[0][0]:denials[0][1]] if denials else ""
    negated = bool(denials) or any(m.negated for m in matches) or any(
        _NEGATOR.search(m.text.translate(_STRAIGHTEN)) for m in alive if m.category == primary)
    return RuleAnalysis(primary, categories, evidence, conditional, negated, hypothetical,
                        bool(denials), tuple(matches))


def rule_features(analyses: Sequence[RuleAnalysis]) -> np.ndarray:
    """Numeric view of rule analyses for stacking, shape ``(n, 17)``.

    Per cue category: a strong cue survived, a weak cue survived (8); the rule's
    primary label one-hot (5); the conditional, negated, hypothetical and denial flags (4).
    """
    features = np.zeros((len(analyses), len(_CUE_COLUMN) + len(CATEGORIES) + 4))
    primary_at = len(_CUE_COLUMN)
    flags_at = primary_at + len(CATEGORIES)
    for row, analysis in zip(features, analyses):
        for match in analysis.matches:
            column = _CUE_COLUMN.get((match.category, match.strength))
            if column is not None and not match.negated:
                row[column] = 1.0
        row[primary_at + CATEGORIES.index(analysis.primary)] = 1.0
        row[flags_at:] = (analysis.conditional, analysis.negated, analysis.hypothetical,
                          analysis.denial)
    return features


#: Column of each (cue category, strength) pair in :func:`rule_features`.
_CUE_COLUMN = {(category, strength): 2 * i + j for i, category in enumerate(CUE_CATEGORIES)
               for j, strength in enumerate(("strong", "weak"))}


def _as_texts(X) -> list[str]:
    if isinstance(X, (pd.DataFrame,)):
        X = X["text"] if "text" in X.columns else X.iloc[:, 0]
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t)
            for t in (X.tolist() if hasattr(X, "tolist") else list(X))]


def _embed(texts: list[str], model_name: str | None) -> np.ndarray:
    from .embeddings import embed_texts

    return embed_texts(texts, model_name=model_name or config.embedding_model_name())


class _StanceTableMixin:
    """``stance_table(texts)``: the stance columns for any fitted estimator here."""

    def _similar_example(self, texts: list[str], category: str, index: int) -> str:
        return ""

    def _decide(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Probabilities, labels and fallback mask for ``texts`` (overridden to share work)."""
        proba = self.predict_proba(texts)
        return proba, self.predict(texts), np.zeros(len(texts), dtype=bool)

    def stance_table(self, X) -> pd.DataFrame:
        """Columns ``text`` + :data:`STANCE_COLUMNS`, one row per input text, input order."""
        check_is_fitted(self, "classes_")
        texts = _as_texts(X)
        if not texts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in ("text", *STANCE_COLUMNS)})
        analyses = [analyse_text(t) for t in texts]
        proba, labels, fell_back = self._decide(texts)
        classes = list(self.classes_)
        rows = []
        for i, (text, analysis) in enumerate(zip(texts, analyses)):
            label = str(labels[i])
            top = classes[int(np.argmax(proba[i]))]
            if fell_back[i]:
                # Keep the probability of the label that fell short, and name it.
                confidence = float(proba[i].max())
                extra = [top]
                evidence = analysis.evidence_for(top)
            else:
                confidence = float(proba[i, classes.index(label)]) if label in classes else 0.0
                extra = list(analysis.categories)
                extra += [c for c, p in zip(classes, proba[i]) if p >= self.label_threshold_]
                if label != "other":
                    evidence = (analysis.evidence_for(label)
                                or self._similar_example(texts, label, i))
                else:  # a denial span, if the rules also found no move
                    evidence = analysis.evidence if analysis.primary == "other" else ""
            others = [c for c in CATEGORIES if c != label and c != "other" and c in extra]
            rows.append({"text": text, "category": label,
                         "categories": ";".join([label] + others),
                         "confidence": round(confidence, 4), "evidence": evidence,
                         "conditional": analysis.conditional, "negated": analysis.negated,
                         "hypothetical": analysis.hypothetical})
        return pd.DataFrame(rows, columns=["text", *STANCE_COLUMNS])


class CueRuleClassifier(_StanceTableMixin, ClassifierMixin, BaseEstimator):
    """Transparent cue rules (the codebook as regular expressions).

    ``predict`` returns the rules' decision, whatever the training data say;
    ``fit`` only learns ``predict_proba``: the Laplace-smoothed frequency of each
    gold label among training texts that received the same rule decision.

    Parameters: ``cues_path`` (a cue lexicon CSV; None = the shipped one),
    ``smoothing`` (pseudo-count per cell), ``label_threshold`` (probability above
    which a label joins ``categories`` in :meth:`stance_table`).
    """

    def __init__(self, cues_path: str | None = None, smoothing: float = 1.0,
                 label_threshold: float = 0.5):
        self.cues_path = cues_path
        self.smoothing = smoothing
        self.label_threshold = label_threshold

    def analyse(self, X) -> list[RuleAnalysis]:
        """Rule analysis of each text (needs no fitting)."""
        cues = load_cues(self.cues_path)
        return [analyse_text(t, cues) for t in _as_texts(X)]

    def transform(self, X) -> np.ndarray:
        """Rule features (see :func:`rule_features`)."""
        return rule_features(self.analyse(X))

    def fit(self, X, y):
        texts, y = _as_texts(X), np.asarray(y, dtype=object)
        if len(texts) != len(y):
            raise ValueError("X and y have different lengths")
        self.classes_ = np.array(sorted(set(y.tolist())), dtype=object)
        decided = np.array([a.primary for a in self.analyse(texts)], dtype=object)
        table = np.full((len(CATEGORIES), len(self.classes_)), float(self.smoothing))
        for rule_label, gold in zip(decided, y):
            table[CATEGORIES.index(rule_label), list(self.classes_).index(gold)] += 1.0
        self.outcome_table_ = table / table.sum(axis=1, keepdims=True)
        self.label_threshold_ = self.label_threshold
        return self

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self, "classes_")
        known = set(self.classes_.tolist())
        fallback = "other" if "other" in known else self.classes_[0]
        return np.array([a.primary if a.primary in known else fallback
                         for a in self.analyse(X)], dtype=object)

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "outcome_table_")
        rows = [CATEGORIES.index(a.primary) for a in self.analyse(X)]
        return self.outcome_table_[rows]


class EmbeddingStanceClassifier(_StanceTableMixin, ClassifierMixin, BaseEstimator):
    """Logistic regression on sentence-transformers vectors of the texts.

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
        texts = _as_texts(X)
        self.model_name_ = self.model_name or config.embedding_model_name()
        vectors = _embed(texts, self.model_name_)
        self.regression_ = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                              max_iter=5000, random_state=config.RANDOM_SEED)
        self.regression_.fit(vectors, np.asarray(y, dtype=object))
        self.classes_ = self.regression_.classes_
        self.label_threshold_ = self.label_threshold
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "regression_")
        return self.regression_.predict_proba(_embed(_as_texts(X), self.model_name_))

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class StanceClassifier(_StanceTableMixin, ClassifierMixin, BaseEstimator):
    """The combined classifier: calibrated logistic regression on embedding + rule features.

    The rule features (:func:`rule_features`, scaled by ``rule_weight``) are
    appended to the L2-normalised sentence embedding, so the regression learns
    how far to trust each cue family and falls back on meaning where no cue
    fires. Probabilities are calibrated with ``CalibratedClassifierCV``
    (``calibration`` method, ``calibration_folds`` stratified folds). If the
    highest calibrated probability is below ``min_confidence`` the prediction is
    ``other``. Labels whose probability reaches ``label_threshold`` join
    ``categories`` together with every category whose cue survived.
    """

    def __init__(self, model_name: str | None = None, C: float = 2.0, rule_weight: float = 1.0,
                 calibration: str = "sigmoid", calibration_folds: int = 3,
                 min_confidence: float = 0.4, label_threshold: float = 0.5):
        self.model_name = model_name
        self.C = C
        self.rule_weight = rule_weight
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.min_confidence = min_confidence
        self.label_threshold = label_threshold

    def _features(self, texts: list[str], vectors: np.ndarray | None = None) -> np.ndarray:
        if vectors is None:
            vectors = _embed(texts, self.model_name_)
        rules = rule_features([analyse_text(t) for t in texts])
        return np.hstack([vectors.astype(np.float64), self.rule_weight * rules])

    def fit(self, X, y):
        texts, y = _as_texts(X), np.asarray(y, dtype=object)
        self.model_name_ = self.model_name or config.embedding_model_name()
        vectors = _embed(texts, self.model_name_)
        counts = pd.Series(y).value_counts()
        folds = int(min(self.calibration_folds, counts.min()))
        base = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000,
                                  random_state=config.RANDOM_SEED)
        if folds >= 2:
            splitter = StratifiedKFold(folds, shuffle=True, random_state=config.RANDOM_SEED)
            self.model_ = CalibratedClassifierCV(base, method=self.calibration, cv=splitter)
        else:  # a class with a single example cannot be calibrated by cross-validation
            self.model_ = base
        self.model_.fit(self._features(texts, vectors), y)
        self.classes_ = self.model_.classes_
        self.label_threshold_ = self.label_threshold
        # Kept to show, as evidence, the nearest training example when no cue fired.
        self.train_vectors_ = vectors
        self.train_texts_ = np.asarray(texts, dtype=object)
        self.train_labels_ = y
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "model_")
        texts = _as_texts(X)
        return self.model_.predict_proba(self._features(texts))

    def _fitted_arrays(self) -> dict[str, np.ndarray]:
        """The fitted state as plain arrays (see :mod:`analysis.model_store`)."""
        from . import model_store

        check_is_fitted(self, "model_")
        return {"model_name": np.array(self.model_name_),
                "label_threshold": np.array(self.label_threshold_, dtype=float),
                "train_vectors": np.asarray(self.train_vectors_),
                "train_texts": np.asarray(self.train_texts_.tolist(), dtype=str),
                "train_labels": np.asarray(self.train_labels_.tolist(), dtype=str),
                **model_store.model_to_arrays(self.model_)}

    def _set_fitted_arrays(self, arrays: dict[str, np.ndarray]) -> "StanceClassifier":
        """Restore the state :meth:`_fitted_arrays` gave; returns self."""
        from . import model_store

        self.model_ = model_store.model_from_arrays(arrays)
        self.classes_ = self.model_.classes_
        self.model_name_ = str(arrays["model_name"])
        self.label_threshold_ = float(arrays["label_threshold"])
        self.train_vectors_ = arrays["train_vectors"]
        self.train_texts_ = np.asarray(arrays["train_texts"].tolist(), dtype=object)
        self.train_labels_ = np.asarray(arrays["train_labels"].tolist(), dtype=object)
        if len(self.train_texts_) != len(self.train_vectors_):
            raise ValueError("stored training texts and vectors differ in length")
        return self

    def _decide(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        proba = self.predict_proba(texts)
        labels = self.classes_[np.argmax(proba, axis=1)].astype(object)
        fell_back = (proba.max(axis=1) < self.min_confidence) & (labels != "other")
        labels[fell_back] = "other"
        return proba, labels, fell_back

    def predict(self, X) -> np.ndarray:
        return self._decide(_as_texts(X))[1]

    def _similar_example(self, texts: list[str], category: str, index: int) -> str:
        # The embedding cache makes this second lookup cheap.
        vector = _embed([texts[index]], self.model_name_)[0]
        mask = self.train_labels_ == category
        if not mask.any():
            return ""
        scores = self.train_vectors_[mask] @ vector
        return f"like: {self.train_texts_[mask][int(np.argmax(scores))]}"


# --------------------------------------------------------------------------- training data

def _read_labelled(path: Path, text_column: str = "text") -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise input_error(path, f"cannot read labelled data ({type(exc).__name__})") from None
    for column in (text_column, "category"):
        if column not in frame.columns:
            raise input_error(path, f"missing column {column!r}", line=1)
    for line, (text, category) in enumerate(zip(frame[text_column], frame["category"]), start=2):
        if category not in CATEGORIES:
            raise input_error(path, f"unknown category {category!r}", line=line)
        if not text.strip():
            raise input_error(path, "empty text", line=line)
    return frame


def load_exemplars(path: str | Path | None = None) -> pd.DataFrame:
    """The exemplar bank: columns ``text, category, categories, topic, register``."""
    return _read_labelled(Path(path) if path is not None else EXEMPLARS_PATH)


def load_seed_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The seed annotation: ``doc_id, unit, char_start, char_end, paragraph, text, category,
    categories, party``; ``char_start``/``char_end``/``paragraph`` as integers."""
    frame = _read_labelled(Path(path) if path is not None else SEED_GOLD_PATH)
    for column in ("char_start", "char_end", "paragraph"):
        frame[column] = frame[column].astype(int)
    return frame


def training_data(include_seed: bool = True) -> pd.DataFrame:
    """Texts and labels the default classifier learns from: ``text, category, source``.

    The exemplar bank always; the seed annotation too when ``include_seed``
    (both ship with the package, so every install trains on the same data).
    """
    parts = [load_exemplars()[["text", "category"]].assign(source="exemplar")]
    if include_seed:
        parts.append(load_seed_gold()[["text", "category"]].assign(source="seed"))
    return pd.concat(parts, ignore_index=True)


@functools.lru_cache(maxsize=4)
def _default_classifier(model_name: str) -> StanceClassifier:
    from . import embeddings, model_store

    data = training_data()
    classifier = StanceClassifier(model_name=model_name)
    # Everything the fit depends on: the training texts and labels, the embedding
    # model's weights, and the code and lexicon that compute the rule features.
    key = model_store.fingerprint(classifier, [
        embeddings.model_identity(model_name), data[["text", "category"]].to_csv(index=False),
        Path(__file__).read_bytes(), CUES_PATH.read_bytes(), str(config.RANDOM_SEED)])
    path = model_store.fitted_path("stance", key)
    stored = model_store.load_arrays(path)
    if stored is not None:
        try:
            return classifier._set_fitted_arrays(stored)
        except (KeyError, ValueError, TypeError, IndexError):
            warnings.warn(f"{path}: stored model incomplete, fitted again", CorpusWarning,
                          stacklevel=2)
    classifier.fit(data["text"].tolist(), data["category"].tolist())
    model_store.store_arrays(classifier._fitted_arrays(), path)
    return classifier


def default_classifier(model_name: str | None = None) -> StanceClassifier:
    """The shipped combined classifier, trained once per process and model.

    Trains on the exemplar bank and the seed annotation. The fitted classifier
    is stored in the cache folder (plain arrays, never pickle; see
    :mod:`analysis.model_store`) and reused while its training data, model,
    code and lexicon are unchanged, so a warm run does not train at all.
    """
    return _default_classifier(model_name or config.embedding_model_name())


def classify_texts(texts: Sequence[str], classifier=None) -> pd.DataFrame:
    """Classify raw texts: columns ``text`` + :data:`STANCE_COLUMNS`, input order.

    ``classifier`` is any fitted estimator of this module (default:
    :func:`default_classifier`).
    """
    texts = _as_texts(texts)
    if not texts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ("text", *STANCE_COLUMNS)})
    classifier = classifier if classifier is not None else default_classifier()
    return classifier.stance_table(texts)


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


# --------------------------------------------------------------------------- evaluation

#: The three models compared in the ablation, by name.
def ablation_models(model_name: str | None = None) -> dict[str, BaseEstimator]:
    """Fresh, unfitted estimators: ``combined``, ``rules``, ``embedding``."""
    return {"combined": StanceClassifier(model_name=model_name),
            "rules": CueRuleClassifier(),
            "embedding": EmbeddingStanceClassifier(model_name=model_name)}


#: Folds of the grouped cross-validation (paragraphs are never split across folds).
CV_FOLDS = 10


def grouped_cv_predictions(gold: pd.DataFrame | None = None, exemplars: pd.DataFrame | None = None,
                           models: dict[str, BaseEstimator] | None = None,
                           group_column: str = "paragraph",
                           n_splits: int | None = CV_FOLDS,
                           with_proba: bool = False) -> pd.DataFrame:
    """Grouped cross-validated predictions on the gold units.

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
    # Embed everything once up front; each fold then reads the cache.
    _embed(list(exemplars["text"]) + list(gold["text"]), None)
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
    names = ["combined", "rules", "embedding"]
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
    names = ["combined", "rules", "embedding"]
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
