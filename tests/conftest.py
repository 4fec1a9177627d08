"""Shared fixtures: the seed run once per session, and a small fake embedder.

Unit tests that only need *some* vectors use :class:`HashingEmbedder` instead of
loading the sentence-transformers model; tests that read the seed's statements
share one run of the whole chain instead of rebuilding it in every module.
"""
from __future__ import annotations

import numpy as np
import pytest


class HashingEmbedder:
    """A deterministic stand-in for a sentence embedder: hashed word counts, unit rows.

    Texts sharing words get similar vectors, which is all most unit tests need;
    nothing is loaded, so it costs microseconds. Counts its calls, so a test can
    check that precomputed vectors were used instead of embedding again.
    """

    model_id = "hashing-embedder-256"

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.calls = 0
        self.texts: list[str] = []  # every text embedded, in call order

    def embed(self, texts):
        from sklearn.feature_extraction.text import HashingVectorizer

        self.calls += 1
        texts = [str(t) for t in texts]
        self.texts.extend(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        counts = HashingVectorizer(n_features=self.dim, alternate_sign=False, norm=None) \
            .transform(texts).toarray().astype(np.float32)
        counts[:, 0] += 1e-3  # a text with no words still gets a unit vector
        return counts / np.linalg.norm(counts, axis=1, keepdims=True)


@pytest.fixture()
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def seed_result():
    """The whole chain on the seed with its party pair, run once for the session."""
    from analysis import NegotiationAnalyzer, Settings

    return NegotiationAnalyzer(settings=Settings(parties=("US", "Russia"))).run("seeds")
