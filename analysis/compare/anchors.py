"""User issue anchors (``issues.csv``): reading the file and scoring statements against it."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from .common import PhraseReader, normalise, stem


def read_issue_anchors(path: str | Path, root: str | Path | None = None) -> pd.DataFrame:
    """Read a user's ``issues.csv`` with the one table reader: see
    :func:`analysis.tables.read_issue_anchors` (columns ``name, description``, one
    phrase per row, sorted; InputError naming the file and line)."""
    from .. import tables

    return tables.read_issue_anchors(path, root=root)


def text_windows(text: str, size: int = 6, stride: int = 3) -> list[str]:
    """The whole text plus overlapping word windows, so a sentence that touches
    two issues can match each of them on its own part."""
    parts = text.split()
    if len(parts) <= size:
        return [text]
    starts = range(0, len(parts) - size + stride, stride)
    return [text] + [" ".join(parts[s:s + size]) for s in starts if parts[s:s + size]]


def anchor_scores(texts: Sequence[str], anchors: pd.DataFrame, embed,
                  reader: PhraseReader | None = None,
                  evidence: Sequence[str] | None = None,
                  text_vectors: np.ndarray | None = None,
                  windowed: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """Best similarity of each text (any window) to each anchor (any description).

    With a ``reader``, a text that contains one of an anchor's phrases word for
    word (up to stems) scores 1 plus its similarity, so literal mentions always
    outrank paraphrases. Windows are embedded in blocks, so memory follows the
    block, not the corpus.
    """
    names = sorted(anchors["name"].unique())
    phrases = anchors["description"].tolist()
    phrase_vectors = normalise(np.asarray(embed(phrases), dtype=np.float32))
    owner = np.array([names.index(n) for n in anchors["name"]])
    scores = np.full((len(texts), len(names)), -1.0, dtype=np.float32)
    if text_vectors is not None and len(texts):
        by_text = text_vectors @ phrase_vectors.T
        for j in range(len(names)):
            scores[:, j] = by_text[:, owner == j].max(axis=1)
    windows, window_owner = [], []

    def flush():
        if windows:
            vectors = normalise(np.asarray(embed(windows), dtype=np.float32))
            by_phrase = vectors @ phrase_vectors.T
            rows = np.array(window_owner)
            for j in range(len(names)):
                np.maximum.at(scores[:, j], rows, by_phrase[:, owner == j].max(axis=1))
            windows.clear()
            window_owner.clear()

    for i, text in enumerate(texts):
        parts = text_windows(str(text))
        if text_vectors is not None:
            parts = parts[1:]
        if windowed is not None and not windowed[i]:
            parts = []
        windows += parts
        window_owner += [i] * len(parts)
        if len(windows) >= 4096:
            flush()
    flush()
    if reader is not None:
        keys = [[tuple(stem(w) for w in re.findall(r"[a-z]+", phrase.lower()))
                 for phrase in anchors.loc[anchors["name"] == name, "description"]]
                for name in names]
        for i, text in enumerate(texts):
            present = set(reader.phrases(str(text), (evidence[i] if evidence is not None
                                                     else "") or "", longest=4))
            for j in range(len(names)):
                if any(key and key in present for key in keys[j]):
                    scores[i, j] += 1.0
    return names, scores
