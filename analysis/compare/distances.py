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


#: Rows read at a time by the block-wise means and contributions (8 MB of float32).
_BLOCK_ROWS = 8192


def _unit_mean(raw: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The mean of the normalised vectors ``raw[rows]``, read block by block (float64)."""
    total = np.zeros(raw.shape[1])
    for start in range(0, len(rows), _BLOCK_ROWS):
        total += normalise(raw[rows[start:start + _BLOCK_ROWS]]).sum(axis=0, dtype=np.float64)
    return total / len(rows)


def _unit_dots(raw: np.ndarray, rows: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Each normalised vector of ``raw[rows]`` dotted with ``mean``, block by block."""
    return np.concatenate([normalise(raw[rows[start:start + _BLOCK_ROWS]]).astype(np.float64)
                           @ mean for start in range(0, len(rows), _BLOCK_ROWS)]
                          or [np.zeros(0)])


def _contribution_resamples(a: np.ndarray, b: np.ndarray, mean_a: np.ndarray,
                             mean_b: np.ndarray, n_boot: int,
                             rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` first-order bootstrap values of ``mean(a) . mean(b)``, resampling scalars.

    With ``m*`` a resampled mean and ``m`` the mean of each party's rows,
    ``ma* . mb* = ma . mb + (ma* - ma) . mb + ma . (mb* - mb) + (ma* - ma) . (mb* - mb)``.
    The two middle terms are resampled means of one number per statement
    (``a_i . mb`` and ``b_j . ma``, computed once), so a resample costs a statement
    count, not a statement count x dimensions. The last term (dropped) has mean
    zero and variance ``tr(Sa Sb) / (n_a n_b)`` (``S`` the covariance of a party's
    vectors) against ``mb' Sa mb / n_a + ma' Sb ma / n_b`` for the kept ones. The
    draws are those of the exact method (the same calls of :func:`_resampled_means`,
    whose draws do not depend on the number of columns), so the two differ by that
    term alone.
    """
    return _resampled_contributions(a @ mean_b, b @ mean_a, float(mean_a @ mean_b), n_boot, rng)


def _resampled_contributions(from_a: np.ndarray, from_b: np.ndarray, point: float,
                             n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """The resamples of :func:`_contribution_resamples` from the contributions
    ``a_i . mb`` and ``b_j . ma`` and the point value ``ma . mb``."""
    return (_resampled_means(from_a[:, None], n_boot, rng)[:, 0]
            + _resampled_means(from_b[:, None], n_boot, rng)[:, 0] - point)


def position_distances(statements: pd.DataFrame, vectors, parties,
                       settings: CompareSettings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """How close two parties' statements are, per category, with bootstrap intervals.

    For each category both parties use (and ``all``): ``similarity``, the mean
    cosine similarity between a statement of party A and one of party B (for unit
    vectors, the dot product of the two mean vectors, so it is computed without
    the pairs, in O(statements x dimensions)); a percentile bootstrap interval
    (``ci_low``, ``ci_high``) from resampling each party's statements
    ``settings.n_boot`` times (a party with one statement is held fixed); and
    ``centroid_similarity``, the cosine of the two parties' centroids. Columns
    ``party_a, party_b, category, n_a, n_b, similarity, ci_low, ci_high,
    centroid_similarity, n_boot``.

    How the interval is computed depends on the row's size. Where neither party
    has more than ``settings.exact_bootstrap_max`` statements, each resample
    draws statement *vectors* and takes the dot product of the two resampled
    means (exact; cost ``n_boot x statements x dimensions``, which grew 34x from
    10,000 to 100,000 statements). Above it, each statement's contribution to
    the similarity (its dot product with the other party's mean vector: one
    number) is computed once and the *numbers* are resampled, with the same
    draws: the first-order expansion of the same bootstrap (cost ``n_boot x
    statements``; see :func:`_contribution_resamples`). The dropped term's share
    of the variance shrinks as one over the statement count (on generated
    statements under 0.1% at 3,000 and 2,500 per party, 1-2% at 2,000 against 3), so
    the limits agree within 0.0001 at 600-3,400 statements per party
    (tests/test_comparison.py compares the two). Only ``ci_low`` and ``ci_high``
    of such rows can differ from the exact method; ``similarity``,
    ``centroid_similarity``, the counts and ``n_boot`` do not, and neither do the
    other rows (both ways draw the same random numbers). Every shipped corpus
    (seed, development set) stays below the threshold, so its table is the exact
    method's.
    """
    raw = check_inputs(statements, vectors, "position_distances", unit=False)
    a_party, b_party = check_parties(parties)
    table = statements.reset_index(drop=True)
    rng = np.random.default_rng(settings.random_state)
    n_boot = settings.n_boot
    tail = (1 - settings.confidence) / 2
    rows = []
    party = table["party"].to_numpy(dtype=object)
    category_of = table["category"].to_numpy(dtype=object)
    for category in ("all", "demand", "red_line", "threat", "concession", "other"):
        groups = []
        for name in (a_party, b_party):
            members = party == name
            if category != "all":
                members &= category_of == category
            groups.append(np.flatnonzero(members))
        rows_a, rows_b = groups
        if not len(rows_a) or not len(rows_b):
            continue
        if max(len(rows_a), len(rows_b)) > settings.exact_bootstrap_max:
            # Large rows: means and contributions read the vectors block by block.
            mean_a, mean_b = _unit_mean(raw, rows_a), _unit_mean(raw, rows_b)
            point = float(mean_a @ mean_b)
            if n_boot >= 2:
                stats = _resampled_contributions(_unit_dots(raw, rows_a, mean_b),
                                                 _unit_dots(raw, rows_b, mean_a), point,
                                                 n_boot, rng)
                low, high = np.quantile(stats, [tail, 1 - tail])
            else:
                low = high = point
        else:
            a = normalise(raw[rows_a]).astype(np.float64)
            b = normalise(raw[rows_b]).astype(np.float64)
            mean_a, mean_b = a.mean(axis=0), b.mean(axis=0)
            point = float(mean_a @ mean_b)
            if n_boot >= 2 and (len(a) > 1 or len(b) > 1):
                stats = (_resampled_means(a, n_boot, rng)
                         * _resampled_means(b, n_boot, rng)).sum(1)
                low, high = np.quantile(stats, [tail, 1 - tail])
            else:
                low = high = point
        a_len, b_len = len(rows_a), len(rows_b)
        centroid = float(normalise(mean_a[None])[0] @ normalise(mean_b[None])[0])
        rows.append({"party_a": a_party, "party_b": b_party, "category": category,
                     "n_a": a_len, "n_b": b_len, "similarity": round(point, 4),
                     "ci_low": round(float(low), 4), "ci_high": round(float(high), 4),
                     "centroid_similarity": round(centroid, 4), "n_boot": n_boot})
    return pd.DataFrame(rows, columns=DISTANCE_COLUMNS)
