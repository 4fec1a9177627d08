"""The position matrix: party x issue x category counts with a representative statement."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import input_error
from .common import check_inputs, issue_sets

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
        unit = check_inputs(statements, vectors, "position_matrix", needed)
    else:
        missing = [c for c in needed if c not in statements.columns]
        if missing:
            raise input_error("position_matrix", f"statements table lacks column(s) "
                                                 f"{', '.join(missing)}")
        unit = None
    table = statements.reset_index(drop=True)
    label_of = dict(zip(table["issue"].astype(str),
                        table.get("issue_label", table["issue"]).astype(str)))
    sets = issue_sets(table)
    flat_rows = np.array([k for k, own in enumerate(sets) for _ in own], dtype=int)
    long = pd.DataFrame({"party": table["party"].to_numpy()[flat_rows] if len(flat_rows) else [],
                         "issue": [name for own in sets for name in sorted(own)],
                         "category": table["category"].to_numpy()[flat_rows]
                         if len(flat_rows) else [],
                         "_row": flat_rows})
    ids = table["statement_id"].astype(str).to_numpy()
    texts = table["text"].astype(str).to_numpy()
    confidence = (pd.to_numeric(table["confidence"], errors="coerce").fillna(0.0).to_numpy()
                  if "confidence" in table.columns else np.zeros(len(table)))
    rows = []
    for (party, issue, category), group in long.groupby(["party", "issue", "category"], sort=True):
        index = group["_row"].to_numpy()
        if unit is not None:
            centroid = unit[index].mean(axis=0)
            score = unit[index] @ centroid
        else:
            score = confidence[index]
        order = np.lexsort((ids[index], -np.round(score.astype(np.float64), 6)))
        best = index[order[0]]
        rows.append({"party": party, "issue": issue, "issue_label": label_of.get(issue, issue),
                     "category": category, "n_statements": len(index),
                     "representative_statement_id": ids[best],
                     "representative_text": texts[best]})
    return pd.DataFrame(rows, columns=MATRIX_COLUMNS)
