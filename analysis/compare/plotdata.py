"""Tables the figures draw: bounded statement heatmap, issue similarity, map, timeline.

None of them grows with the product of the two parties' statement counts: the
statement heatmap is cut to the statements it shows before any similarity is
computed, the issue heatmap is aggregated from mean vectors, and the map
projects every statement but draws a fixed-seed sample.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import input_error
from .common import (OTHER_TOPICS, POSITION_CATEGORIES, check_inputs, check_parties,
                     issue_sets, normalise)
from .settings import DEFAULT_SETTINGS, CompareSettings

TIMELINE_COLUMNS = ["date", "party", "category", "n_statements", "statement_ids"]
_CATEGORY_RANK = {c: i for i, c in enumerate(("demand", "red_line", "threat", "concession",
                                               "other"))}


def shown_statements(statements: pd.DataFrame, party: str, limit: int) -> np.ndarray:
    """Rows of ``party`` shown in the statement heatmap: positions first, then by id."""
    mine = statements.index[statements["party"] == party]
    frame = pd.DataFrame({"rank": statements.loc[mine, "category"].map(_CATEGORY_RANK)
                          .fillna(len(_CATEGORY_RANK)).to_numpy(),
                          "id": statements.loc[mine, "statement_id"].astype(str).to_numpy(),
                          "row": mine})
    chosen = frame.sort_values(["rank", "id"]).head(limit)
    return chosen.sort_values("id")["row"].to_numpy()


def statement_similarity(statements: pd.DataFrame, vectors, parties,
                         settings: CompareSettings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """Cosine similarity of the shown party-A statements to the shown party-B statements.

    Each side is cut to ``settings.heatmap_statements`` (positions first, then by
    id) *before* anything is computed, so the table has at most that many
    squared rows whatever the corpus size. Long table ``a_statement_id,
    a_category, b_statement_id, b_category, similarity``, sorted by the two ids.
    """
    raw = check_inputs(statements, vectors, "statement_similarity", unit=False)
    a_party, b_party = check_parties(parties)
    table = statements.reset_index(drop=True)
    a = shown_statements(table, a_party, settings.heatmap_statements)
    b = shown_statements(table, b_party, settings.heatmap_statements)
    sims = normalise(raw[a]) @ normalise(raw[b]).T if len(a) and len(b) \
        else np.zeros((len(a), len(b)))
    ids, categories = table["statement_id"].to_numpy(), table["category"].to_numpy()
    out = pd.DataFrame({"a_statement_id": np.repeat(ids[a], len(b)),
                        "a_category": np.repeat(categories[a], len(b)),
                        "b_statement_id": np.tile(ids[b], len(a)),
                        "b_category": np.tile(categories[b], len(a)),
                        "similarity": sims.astype(np.float64).round(4).ravel()})
    return out.sort_values(["a_statement_id", "b_statement_id"]).reset_index(drop=True)


def issue_similarity(statements: pd.DataFrame, vectors, parties) -> pd.DataFrame:
    """Mean cosine similarity of party A's to party B's statements, per issue and category.

    Aggregated on the fly: for unit vectors the mean over all pairs is the dot
    product of the two groups' mean vectors, so memory is one vector per group.
    Columns ``issue, a_category, b_category, n_a, n_b, similarity``.
    """
    unit = check_inputs(statements, vectors, "issue_similarity",
                        ("statement_id", "text", "party", "category", "issue"))
    a_party, b_party = check_parties(parties)
    table = statements.reset_index(drop=True)
    sets = issue_sets(table)
    sums: dict[tuple[str, str, str], list] = {}
    for k, own in enumerate(sets):
        party = table.at[k, "party"]
        if party not in (a_party, b_party):
            continue
        for issue in own - {OTHER_TOPICS}:
            key = (issue, party, table.at[k, "category"])
            entry = sums.setdefault(key, [np.zeros(unit.shape[1]), 0])
            entry[0] += unit[k]
            entry[1] += 1
    rows = []
    for (issue, party, cat_a), (sum_a, n_a) in sorted(sums.items()):
        if party != a_party:
            continue
        for (issue_b, party_b, cat_b), (sum_b, n_b) in sorted(sums.items()):
            if issue_b == issue and party_b == b_party:
                rows.append({"issue": issue, "a_category": cat_a, "b_category": cat_b,
                             "n_a": n_a, "n_b": n_b,
                             "similarity": round(float(sum_a @ sum_b) / (n_a * n_b), 4)})
    return pd.DataFrame(rows, columns=["issue", "a_category", "b_category", "n_a", "n_b",
                                       "similarity"])


#: Rows per block of the map's covariance (16,384 x 384 float64 = 50 MB).
_GRAM_ROWS = 16384


def statement_map(statements: pd.DataFrame, vectors,
                  settings: CompareSettings = DEFAULT_SETTINGS,
                  keep: Sequence[str] = ()) -> pd.DataFrame:
    """A deterministic 2-D projection (PCA) of the statements, for the map.

    The axes are fitted on every statement (a thin SVD: linear in their number);
    the sign of each axis is fixed so the map never flips. At most
    ``settings.map_points`` points are returned (a fixed-seed sample, position
    statements first), plus every statement id in ``keep``. Columns
    ``statement_id, party, category, text, x, y``, in input order.
    """
    raw = check_inputs(statements, vectors, "statement_map", unit=False)
    table = statements.reset_index(drop=True)
    # Rows are normalised block by block as they are read (no normalised or float64
    # copy of the whole matrix); a corpus of one block gives the numbers of the
    # whole-matrix computation bit for bit.
    blocks = range(0, len(raw), _GRAM_ROWS)
    mean = np.zeros(raw.shape[1])
    for start in blocks:
        mean += normalise(raw[start:start + _GRAM_ROWS]).sum(axis=0, dtype=np.float64)
    mean = mean / max(len(raw), 1)
    if len(raw) >= 2:
        # Covariance route: a dim x dim eigenproblem, however many statements.
        centred_gram = np.zeros((raw.shape[1], raw.shape[1]))
        for start in blocks:
            centred = normalise(raw[start:start + _GRAM_ROWS]).astype(np.float64) - mean
            centred_gram += centred.T @ centred
        values, vectors_ = np.linalg.eigh(centred_gram)
        axes = vectors_[:, np.argsort(-values, kind="stable")[:2]].T
        signs = np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])
        axes = axes * np.where(signs == 0, 1, signs)[:, None]
    else:
        axes = np.zeros((2, raw.shape[1]))
    n = len(table)
    chosen = np.arange(n)
    if n > settings.map_points:
        rng = np.random.default_rng(settings.random_state)
        positions = np.flatnonzero(table["category"].isin(POSITION_CATEGORIES).to_numpy())
        rest = np.setdiff1d(np.arange(n), positions)
        take_pos = positions if len(positions) <= settings.map_points else np.sort(
            rng.choice(positions, settings.map_points, replace=False))
        room = settings.map_points - len(take_pos)
        take_rest = np.sort(rng.choice(rest, room, replace=False)) if room > 0 and len(rest) \
            else np.zeros(0, dtype=int)
        forced = np.flatnonzero(table["statement_id"].isin(list(keep)).to_numpy())
        chosen = np.unique(np.concatenate([take_pos, take_rest, forced]).astype(int))
    coords = (normalise(raw[chosen]) - mean) @ axes.T if len(chosen) else np.zeros((0, 2))
    return pd.DataFrame({"statement_id": table["statement_id"].to_numpy()[chosen],
                         "party": table["party"].to_numpy()[chosen],
                         "category": table["category"].to_numpy()[chosen],
                         "text": table["text"].to_numpy()[chosen],
                         "x": coords[:, 0].round(6), "y": coords[:, 1].round(6)})


def timeline(statements: pd.DataFrame, docs: pd.DataFrame,
             parties: Sequence[str] | None = None) -> pd.DataFrame:
    """Statements per date, party and category, from the documents' ISO dates.

    ``docs`` needs ``doc_id, date``; statements of undated documents are left out
    (an empty table if no document has a date). Columns ``date, party, category,
    n_statements, statement_ids``, sorted.
    """
    for column in ("doc_id", "date"):
        if column not in docs.columns:
            raise input_error("timeline", f"documents table lacks column {column}")
    dates = dict(zip(docs["doc_id"].astype(str), docs["date"].fillna("").astype(str)))
    table = statements.copy()
    table["date"] = table["doc_id"].astype(str).map(dates).fillna("")
    table = table[table["date"] != ""]
    if parties is not None:
        table = table[table["party"].isin(parties)]
    rows = [{"date": date, "party": party, "category": category, "n_statements": len(group),
             "statement_ids": ";".join(sorted(group["statement_id"]))}
            for (date, party, category), group in table.groupby(["date", "party", "category"],
                                                                sort=True)]
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
