"""How close two parties' statements are: mean cross-party similarity with bootstrap intervals."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .common import check_inputs, check_parties, normalise
from .settings import DEFAULT_SETTINGS, CompareSettings

DISTANCE_COLUMNS = ["party_a", "party_b", "category", "n_a", "n_b", "similarity",
                    "ci_low", "ci_high", "centroid_similarity", "n_boot"]
#: Resamples drawn at once: memory is this times the statements of one party.
_BOOT_BATCH = 50


def party_centroids(statements: pd.DataFrame, vectors,
                    parties: Sequence[str] | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Unit-length embedding centroid per party and category (plus category ``all``).

    Returns (table ``party, category, n_statements`` sorted, array of centroids
    in the same row order).
    """
    unit = check_inputs(statements, vectors, "party_centroids")
    table = statements.reset_index(drop=True)
    parties = sorted(set(table["party"])) if parties is None else list(parties)
    rows, centres = [], []
    for party in parties:
        mine = table["party"] == party
        for category in ("all",) + tuple(sorted(set(table.loc[mine, "category"]))):
            members = mine if category == "all" else mine & (table["category"] == category)
            if members.any():
                rows.append({"party": party, "category": category,
                             "n_statements": int(members.sum())})
                centres.append(normalise(unit[members.to_numpy()].astype(np.float64)
                                         .mean(axis=0, keepdims=True))[0])
    dim = unit.shape[1] if unit.ndim == 2 else 0
    return (pd.DataFrame(rows, columns=["party", "category", "n_statements"]),
            np.vstack(centres) if centres else np.zeros((0, dim)))


def _resampled_means(x: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` bootstrap means of the rows of ``x`` (resampled with replacement).

    Each resample is a count vector over the rows, so a batch costs
    ``_BOOT_BATCH x len(x)`` numbers, never ``_BOOT_BATCH x len(x) x dim``.
    """
    n = len(x)
    if n < 2:
        return np.repeat(x.mean(axis=0, keepdims=True), n_boot, axis=0)
    out = np.empty((n_boot, x.shape[1]))
    for start in range(0, n_boot, _BOOT_BATCH):
        size = min(_BOOT_BATCH, n_boot - start)
        draws = rng.integers(0, n, size=(size, n)) + (np.arange(size) * n)[:, None]
        counts = np.bincount(draws.ravel(), minlength=size * n).reshape(size, n).astype(x.dtype)
        out[start:start + size] = (counts @ x) / n
    return out


def position_distances(statements: pd.DataFrame, vectors, parties,
                       settings: CompareSettings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """How close two parties' statements are, per category, with bootstrap intervals.

    For each category both parties use (and ``all``): ``similarity``, the mean
    cosine similarity between a statement of party A and one of party B (for unit
    vectors, the dot product of the two mean vectors, so it is computed without
    the pairs); a percentile bootstrap interval (``ci_low``, ``ci_high``) from
    resampling each party's statements ``settings.n_boot`` times (a party with
    one statement is held fixed); and ``centroid_similarity``, the cosine of the
    two parties' centroids. Columns ``party_a, party_b, category, n_a, n_b,
    similarity, ci_low, ci_high, centroid_similarity, n_boot``.
    """
    unit = check_inputs(statements, vectors, "position_distances")
    a_party, b_party = check_parties(parties)
    table = statements.reset_index(drop=True)
    rng = np.random.default_rng(settings.random_state)
    n_boot = settings.n_boot
    tail = (1 - settings.confidence) / 2
    rows = []
    for category in ("all", "demand", "red_line", "threat", "concession", "other"):
        groups = []
        for party in (a_party, b_party):
            members = table["party"] == party
            if category != "all":
                members &= table["category"] == category
            groups.append(unit[members.to_numpy()].astype(np.float64))
        a, b = groups
        if not len(a) or not len(b):
            continue
        mean_a, mean_b = a.mean(axis=0), b.mean(axis=0)
        point = float(mean_a @ mean_b)
        if n_boot >= 2 and (len(a) > 1 or len(b) > 1):
            stats = (_resampled_means(a, n_boot, rng) * _resampled_means(b, n_boot, rng)).sum(1)
            low, high = np.quantile(stats, [tail, 1 - tail])
        else:
            low = high = point
        centroid = float(normalise(mean_a[None])[0] @ normalise(mean_b[None])[0])
        rows.append({"party_a": a_party, "party_b": b_party, "category": category,
                     "n_a": len(a), "n_b": len(b), "similarity": round(point, 4),
                     "ci_low": round(float(low), 4), "ci_high": round(float(high), 4),
                     "centroid_similarity": round(centroid, 4), "n_boot": n_boot})
    return pd.DataFrame(rows, columns=DISTANCE_COLUMNS)
