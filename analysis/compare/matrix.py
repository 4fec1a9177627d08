"""The position matrix: party x issue x category counts with a representative statement."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import input_error
from .common import check_inputs, issue_sets, normalise

MATRIX_COLUMNS = ["party", "issue", "issue_label", "category", "n_statements",
                  "representative_statement_id", "representative_text"]


def position_matrix(statements: pd.DataFrame, vectors=None) -> pd.DataFrame:
    """Party x issue x category counts, with the representative statement of each cell.

    ``statements`` needs ``statement_id, text, party, category, issue`` (from
    :func:`assign_issues`); with an ``issues`` column a statement counts on every
    issue it touches, so counts of one party may add up to more than its
    statements. The representative is the statement closest to the cell's
    embedding centroid when ``vectors`` is given, else the most confident one
    (then the first by id). Only non-empty cells are listed, sorted by party,
    issue and category.
    """
    needed = ["statement_id", "text", "party", "category", "issue"]
    if vectors is not None:
        # Checked here, normalised cell by cell: no second copy of every vector.
        raw = check_inputs(statements, vectors, "position_matrix", needed, unit=False)
    else:
        missing = [c for c in needed if c not in statements.columns]
        if missing:
            raise input_error("position_matrix", f"statements table lacks column(s) "
                                                 f"{', '.join(missing)}")
        raw = None
    table = statements.reset_index(drop=True)
    issue_columns = [c for c in ("issue", "issues") if c in table.columns]
    # A statement's issues follow from these columns alone, and a corpus repeats a
    # few combinations of them: work each distinct one out once, not once per row
    # (per-row Python over Arrow-backed strings was most of the cost at 100,000 rows).
    combination = table.groupby(issue_columns, dropna=False, sort=False).ngroup().to_numpy()
    first_rows = np.unique(combination, return_index=True)[1]
    names_of = [sorted(own) for own in issue_sets(table.iloc[first_rows])]
    n_names = np.array([len(own) for own in names_of], dtype=int)
    flat_rows = np.repeat(np.arange(len(table)), n_names[combination])
    long = pd.DataFrame({"party": table["party"].to_numpy(dtype=object)[flat_rows],
                         "issue": [name for c in combination.tolist() for name in names_of[c]],
                         "category": table["category"].to_numpy(dtype=object)[flat_rows]})
    labels = pd.DataFrame({"issue": table["issue"].astype(str),
                           "label": table.get("issue_label", table["issue"]).astype(str)})
    label_of = dict(labels.drop_duplicates("issue", keep="last").to_numpy().tolist())
    # Positions of each (party, issue, category) cell, cells in sorted order, rows in
    # statement order: no DataFrame per cell.
    cells = long.groupby(["party", "issue", "category"], sort=True).indices
    ids = table["statement_id"].astype(str).to_numpy(dtype=object)
    texts = table["text"].astype(str).to_numpy(dtype=object)
    confidence = (pd.to_numeric(table["confidence"], errors="coerce").fillna(0.0).to_numpy()
                  if "confidence" in table.columns else np.zeros(len(table)))
    # One buffer for every cell's vectors: a fresh array per cell is returned to the
    # system and zeroed again on the next, which cost more than the arithmetic at
    # 100,000 statements.
    largest = max((len(m) for m in cells.values()), default=0)
    buffer = np.empty((largest, raw.shape[1]), raw.dtype) if raw is not None else None
    rows = []
    for (party, issue_name, category), members in cells.items():
        index = flat_rows[members]
        if raw is not None:
            members_unit = normalise(np.take(raw, index, axis=0, out=buffer[:len(index)]))
            score = members_unit @ members_unit.mean(axis=0)
        else:
            score = confidence[index]
        best = index[np.lexsort((ids[index], -np.round(score.astype(np.float64), 6)))[0]]
        rows.append({"party": party, "issue": issue_name,
                     "issue_label": label_of.get(issue_name, issue_name),
                     "category": category, "n_statements": len(index),
                     "representative_statement_id": ids[best],
                     "representative_text": texts[best]})
    return pd.DataFrame(rows, columns=MATRIX_COLUMNS)
