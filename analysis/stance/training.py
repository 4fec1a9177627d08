"""What the stance models learn from, and the shipped default classifier.

Training data, all shipped with the package so every install trains alike:

- the exemplar bank (``data/stance_exemplars.csv``): sentences written for this
  project about many kinds of negotiations, labelled per the codebook; never scored;
- the seed annotation (``data/annotations/seed_gold_stance.csv``);
- the development set (``data/devset/<negotiation>/gold.csv``, complete folders
  only): each gold row's unit of text runs from its key to the next key or the end
  of its sentence.

:func:`default_classifier` fits the combined model on all of it once and stores it
in the cache folder (plain arrays, see :mod:`analysis.model_store`).
"""
from __future__ import annotations

import functools
import warnings
from bisect import bisect_right
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config, tables
from ..errors import CorpusWarning, input_error
from .models import StanceClassifier
from .rules import CUES_PATH

#: The exemplar bank: varied sentences about other negotiations, labelled per the codebook.
EXEMPLARS_PATH = config.DATA_DIR / "stance_exemplars.csv"
#: Expert annotation of the seed document (statement / clause level).
SEED_GOLD_PATH = config.SEED_STANCE_GOLD
#: The development set: one folder per annotated negotiation.
DEVSET_DIR = config.DATA_DIR / "devset"
#: Columns of the training table.
TRAINING_COLUMNS = ("text", "category", "acceptable", "source", "group")


def load_exemplars(path: str | Path | None = None) -> pd.DataFrame:
    """The exemplar bank: columns ``text, category, categories, topic, register, origin``.

    Read by the one table reader: InputError naming file and line for a bad row."""
    path = Path(path) if path is not None else EXEMPLARS_PATH
    return tables.read_table(path, tables.EXEMPLARS).drop(columns="line")


def load_seed_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The seed annotation: ``doc_id, unit, char_start, char_end, paragraph, text, category,
    categories, party``; ``char_start``/``char_end``/``paragraph`` as integers."""
    path = Path(path) if path is not None else SEED_GOLD_PATH
    frame = tables.integer_columns(tables.read_table(path, tables.STANCE_GOLD), path,
                                   ("char_start", "char_end", "paragraph"))
    return frame.drop(columns="line")


def devset_folders(root: str | Path | None = None) -> list[Path]:
    """Development negotiations under ``root`` (default: the development set), sorted."""
    from ..evaluation.devset import negotiations

    return [n.folder for n in negotiations(root if root is not None else DEVSET_DIR)]


def devset_units(folder: str | Path) -> pd.DataFrame:
    """The annotated units of one development negotiation, as text.

    Columns ``negotiation, file, key, text, category, acceptable``, in gold order.
    A unit runs from its key to the next key in the same sentence, or to the end
    of the sentence (as :func:`analysis.segmentation.sentence_spans` cuts it).
    Bad gold rows raise InputError naming file and line.
    """
    from ..corpus import read_text_file
    from ..evaluation.gold import _find_key, read_gold
    from ..segmentation import sentence_spans

    folder = Path(folder)
    gold = read_gold(folder / "gold.csv")
    texts: dict[str, str] = {}
    located = []
    for row in gold.itertuples():
        if row.file not in texts:
            path = folder / row.file
            if not path.is_file():
                raise input_error(folder / "gold.csv", f"file {row.file!r} not found", line=row.line)
            texts[row.file] = read_text_file(path).replace("\r\n", "\n")
        start = _find_key(texts[row.file], row.key)
        if start is None or start < 0:
            raise input_error(folder / "gold.csv", f"key {row.key!r} "
                              f"{'not found' if start is None else 'found more than once'} "
                              f"in {row.file}", line=row.line)
        located.append(start)
    gold = gold.assign(start=located)
    units = []
    for file, part in gold.groupby("file", sort=False):
        text = texts[file]
        spans = sentence_spans(text)
        ends = sorted(end for _, end in spans)
        starts = sorted(part["start"].tolist())
        for row in part.itertuples():
            end_index = bisect_right(ends, row.start)
            sentence_end = ends[end_index] if end_index < len(ends) else len(text)
            following = [s for s in starts if s > row.start]
            end = min([sentence_end] + following[:1])
            units.append({"negotiation": folder.name, "file": file, "key": row.key,
                          "text": " ".join(text[row.start:end].split()),
                          "category": row.category, "acceptable": row.acceptable,
                          "line": row.line})
    frame = pd.DataFrame(units, columns=["negotiation", "file", "key", "text", "category",
                                         "acceptable", "line"])
    return frame.sort_values("line", kind="stable").drop(columns="line").reset_index(drop=True)


def training_data(include_seed: bool = True, include_devset: bool = True,
                  exclude: tuple[str, ...] = (), devset_root: str | Path | None = None
                  ) -> pd.DataFrame:
    """Texts and labels the default classifier learns from: :data:`TRAINING_COLUMNS`.

    The exemplar bank always; the seed annotation when ``include_seed``; the
    complete development negotiations when ``include_devset``, except those named in
    ``exclude`` (leave-one-negotiation-out). ``source`` says where a row comes from
    (``exemplar``, ``seed``, ``devset``) and ``group`` which negotiation (the topic for
    exemplars).
    """
    bank = load_exemplars()
    parts = [pd.DataFrame({"text": bank["text"], "category": bank["category"],
                           "acceptable": "", "source": "exemplar",
                           "group": "exemplar:" + bank.get("topic", pd.Series("", index=bank.index))})]
    if include_seed:
        seed = load_seed_gold()
        parts.append(pd.DataFrame({"text": seed["text"], "category": seed["category"],
                                   "acceptable": "", "source": "seed", "group": "seed"}))
    if include_devset:
        for folder in devset_folders(devset_root):
            if folder.name in exclude:
                continue
            units = devset_units(folder)
            parts.append(pd.DataFrame({"text": units["text"], "category": units["category"],
                                       "acceptable": units["acceptable"], "source": "devset",
                                       "group": folder.name}))
    data = pd.concat(parts, ignore_index=True)
    return data[data["text"].str.strip() != ""].reset_index(drop=True)[list(TRAINING_COLUMNS)]


def _code_fingerprint() -> list[bytes]:
    # The code that computes the features and fits the model.
    here = Path(__file__).resolve().parent
    return [(here / name).read_bytes() for name in ("rules.py", "features.py", "models.py",
                                                     "training.py")]


@functools.lru_cache(maxsize=4)
def _default_classifier(model_name: str) -> StanceClassifier:
    from .. import embeddings, model_store

    data = training_data()
    classifier = StanceClassifier(model_name=model_name)
    # Everything the fit depends on: the training texts and labels, the embedding
    # model's weights, and the code and lexicon that compute the rule features.
    key = model_store.fingerprint(classifier, [
        embeddings.model_identity(model_name), data[["text", "category"]].to_csv(index=False),
        *_code_fingerprint(), CUES_PATH.read_bytes(), str(config.RANDOM_SEED)])
    path = model_store.fitted_path("stance", key)
    stored = model_store.load_arrays(path)
    if stored is not None:
        try:
            restored = StanceClassifier(model_name=model_name).set_fitted_arrays(stored)
            # A damaged model that still parses must fail here, not in the caller's run.
            probe = restored.predict_proba(["We urge both sides to return to the talks."])
            if probe.shape != (1, len(restored.classes_)) or not np.isfinite(probe).all():
                raise ValueError("stored model gives malformed probabilities")
            return restored
        except Exception as exc:  # any damage: drop the entry and fit again
            warnings.warn(f"{path}: stored model damaged ({type(exc).__name__}: {exc}), "
                          "dropped and fitted again", CorpusWarning, stacklevel=2)
            model_store.drop(path)
    classifier.fit(data["text"].tolist(), data["category"].tolist())
    # A cache that cannot be written costs a warning and a refit next run, not this run.
    model_store.store_arrays(classifier.fitted_arrays(), path)
    return classifier


def default_classifier(model_name: str | None = None) -> StanceClassifier:
    """The shipped combined classifier, trained once per process and model.

    Trains on :func:`training_data` (exemplars, seed, complete development
    negotiations). The fitted classifier is stored in the cache folder (plain
    arrays, never pickle; see :mod:`analysis.model_store`) and reused while its
    training data, model, code and lexicon are unchanged; a damaged stored model is
    reported, dropped and fitted again.
    """
    return _default_classifier(model_name or config.embedding_model_name())
