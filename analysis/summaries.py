"""Small read-only tables for notebooks and the report.

Each function takes the tables of a run and returns a sorted DataFrame meant to
be read by a person: counts, overviews, the evidence behind verdicts. Nothing
here makes a judgement the stage modules have not already made.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .vocab import CATEGORIES



def document_overview(run) -> pd.DataFrame:
    """One row per document: metadata, size, statements found and loader notes."""
    docs = run.docs
    found = run.statements.groupby("doc_id").size()
    return pd.DataFrame({
        "doc_id": docs["doc_id"],
        "title": docs["title"],
        "date": docs["date"],
        "source": docs["source"],
        "format": docs["format"],
        "language": docs["language"],
        "characters": docs["text"].str.len(),
        "statements": docs["doc_id"].map(found).fillna(0).astype(int),
        "notes": docs["notes"],
    }).sort_values("doc_id").reset_index(drop=True)


def _counts(statements: pd.DataFrame, column: str, order) -> pd.DataFrame:
    table = pd.crosstab(statements["party"], pd.Categorical(statements[column], categories=order),
                        dropna=False)
    table.columns = pd.Index(list(order), name=column)
    table = table.assign(total=table.sum(axis=1))
    return table.loc[sorted(table.index, key=lambda p: (-table.at[p, "total"], p))]


def party_attribution_counts(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements per party (rows) and attribution (columns), busiest party first."""
    from .vocab import ATTRIBUTIONS

    return _counts(statements, "attribution", ATTRIBUTIONS)


def category_counts(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements per party (rows) and stance category (columns), busiest party first."""
    return _counts(statements, "category", CATEGORIES)


def coverage_summary(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per document: sentences, how many became statements, how many were set aside and why.

    ``statement_sentences + set_aside == sentences`` for every row.
    """
    rows = []
    for doc_id, part in coverage.groupby("doc_id", sort=True):
        reasons = part.loc[part["status"] == "set_aside", "reason"].value_counts().sort_index()
        rows.append({"doc_id": doc_id, "sentences": len(part),
                     "statement_sentences": int((part["status"] == "statement").sum()),
                     "set_aside": int((part["status"] == "set_aside").sum()),
                     "set_aside_reasons": "; ".join(f"{r} {n}" for r, n in reasons.items())})
    return pd.DataFrame(rows, columns=["doc_id", "sentences", "statement_sentences", "set_aside",
                                       "set_aside_reasons"])


def attribution_accuracy(run, gold_path: str | Path = config.SEED_ATTRIBUTION_GOLD) -> pd.DataFrame:
    """Party and speaker accuracy against the hand annotation of the documents it covers.

    Only documents present in both the run and the annotation are scored; a corpus
    without annotated documents gives an empty table.
    """
    from .evaluation.attribution import score_attribution

    columns = ["measure", "value"]
    gold_path = Path(gold_path)
    if not gold_path.exists():
        return pd.DataFrame(columns=columns)
    from . import tables

    gold = tables.integer_columns(tables.read_table(gold_path, tables.ATTRIBUTION_GOLD), gold_path,
                                  ("char_start", "char_end")).drop(columns="line")
    gold = gold[gold["doc_id"].isin(set(run.statements["doc_id"]))]
    if gold.empty:
        return pd.DataFrame(columns=columns)
    predicted = run.statements[run.statements["doc_id"].isin(set(gold["doc_id"]))]
    scores = score_attribution(predicted, gold)
    keep = ["n_gold", "n_predicted", "n_matched", "party_accuracy", "speaker_accuracy",
            "boilerplate_as_statement", "mixed_party_statements"]
    # object dtype keeps counts as integers beside the accuracies
    values = pd.Series([round(float(scores[k]), 3) if isinstance(scores[k], float)
                        else int(scores[k]) for k in keep], dtype=object)
    return pd.DataFrame({"measure": keep, "value": values})


def metrics_overview(metrics: pd.DataFrame) -> pd.DataFrame:
    """Accuracy and macro-F1 of each model side by side (rows: model)."""
    wide = {}
    for model, part in metrics.groupby("model", sort=False):
        by = part.set_index("category")
        wide[model] = {"accuracy": by.loc["accuracy", "f1"], "macro_f1": by.loc["macro avg", "f1"],
                       "macro_precision": by.loc["macro avg", "precision"],
                       "macro_recall": by.loc["macro avg", "recall"],
                       "n": int(by.loc["accuracy", "support"])}
    return pd.DataFrame.from_dict(wide, orient="index").rename_axis("model")


def embedding_overview(run) -> pd.DataFrame:
    """The model in force and the shape of the statement embeddings."""
    vectors = run.vectors
    return pd.DataFrame({"setting": ["model", "statements", "dimensions", "normalised"],
                         "value": [run.model_id, str(vectors.shape[0]),
                                   str(vectors.shape[1]),
                                   str(bool(np.allclose(np.linalg.norm(vectors, axis=1), 1,
                                                        atol=1e-4)) if len(vectors) else "")]})


def _top_pairs(left: np.ndarray, right: np.ndarray, n: int, block: int = 1024):
    """The ``n`` largest entries of ``left @ right.T`` without building the whole matrix.

    Rows of ``left`` are taken a block at a time, so memory is ``block × len(right)``
    whatever the corpus size. Equal similarities are ordered by row, then column.
    """
    sims, rows, cols = np.empty(0, np.float32), np.empty(0, int), np.empty(0, int)
    for start in range(0, len(left), block):
        part = left[start:start + block] @ right.T
        flat = part.ravel()
        # argpartition finds candidates in linear time; the lexsort below orders them.
        keep = np.argpartition(-flat, n - 1)[:n] if flat.size > n else np.arange(flat.size)
        i, j = np.unravel_index(keep, part.shape)
        sims = np.concatenate([sims, part[i, j]])
        rows = np.concatenate([rows, i + start])
        cols = np.concatenate([cols, j])
        order = np.lexsort((cols, rows, -sims))[:n]
        sims, rows, cols = sims[order], rows[order], cols[order]
    return sims, rows, cols


def closest_pairs(run, parties=config.DEFAULT_PARTIES, n: int = 8) -> pd.DataFrame:
    """The ``n`` most similar statement pairs across the two parties, most similar first."""
    st = run.statements.reset_index(drop=True)
    a = np.flatnonzero(st["party"].to_numpy() == parties[0])
    b = np.flatnonzero(st["party"].to_numpy() == parties[1])
    columns = ["similarity", f"{parties[0]}_statement", f"{parties[0]}_text",
               f"{parties[1]}_statement", f"{parties[1]}_text"]
    if len(a) == 0 or len(b) == 0:
        return pd.DataFrame(columns=columns)
    best_sims, best_i, best_j = _top_pairs(run.vectors[a], run.vectors[b], n)
    rows = []
    for sim, i, j in zip(best_sims, best_i, best_j):
        rows.append([round(float(sim), 3), st.at[a[i], "statement_id"], st.at[a[i], "text"],
                     st.at[b[j], "statement_id"], st.at[b[j], "text"]])
    return pd.DataFrame(rows, columns=columns)


def key_moves(statements: pd.DataFrame) -> pd.DataFrame:
    """Every statement labelled demand, red line, concession or threat, with its evidence."""
    moves = statements[statements["category"] != "other"]
    return moves[["statement_id", "party", "speaker", "category", "confidence", "evidence",
                  "text"]].sort_values(["party", "category", "statement_id"]).reset_index(drop=True)


def verdict_overview(run) -> pd.DataFrame:
    """One row per issue: its name, the verdict, why, and how many statements support it.

    Verdicts that say something (deadlock, bargaining space) come first.
    """
    verdicts = run.tables["verdicts"]
    order = {"deadlock": 0, "bargaining_space": 1, "unanswered": 2, "one_sided": 3}
    table = pd.DataFrame({
        "issue": verdicts["issue_label"],
        "verdict": verdicts["verdict"],
        "supporting_statements": [len([i for i in str(ids).split(";") if i])
                                  for ids in verdicts["supporting_statement_ids"]],
        "explanation": verdicts["explanation"],
    })
    table["rank"] = table["verdict"].map(order).fillna(len(order))
    return (table.sort_values(["rank", "issue"], kind="stable").drop(columns="rank")
            .reset_index(drop=True))


def verdict_evidence(run) -> pd.DataFrame:
    """Each verdict with the text of the statements that support it, one row per statement."""
    verdicts = run.tables["verdicts"]
    st = run.statements.set_index("statement_id")
    rows = []
    for v in verdicts.itertuples(index=False):
        ids = [i for i in str(v.supporting_statement_ids).split(";") if i]
        for sid in ids:
            if sid in st.index:
                rows.append({"issue": v.issue_label, "verdict": v.verdict, "statement_id": sid,
                             "party": st.at[sid, "party"], "category": st.at[sid, "category"],
                             "text": st.at[sid, "text"]})
    return pd.DataFrame(rows, columns=["issue", "verdict", "statement_id", "party", "category",
                                       "text"])


def quality_summary(stance_metrics: pd.DataFrame, attribution: pd.DataFrame) -> pd.DataFrame:
    """One table of the measured quality: stance (combined model) and attribution."""
    overview = metrics_overview(stance_metrics)
    rows = [{"measure": f"stance {name} ({model})", "value": round(float(overview.at[model, name]), 3)}
            for model in overview.index for name in ("accuracy", "macro_f1")]
    rows += [{"measure": f"attribution {m}", "value": v} for m, v in
             zip(attribution.get("measure", []), attribution.get("value", []))
             if m in ("party_accuracy", "speaker_accuracy")]
    return pd.DataFrame(rows, columns=["measure", "value"])


def set_aside_sentences(run) -> pd.DataFrame:
    """The sentences kept out of the statements, with the reason and their original text."""
    texts = dict(zip(run.docs["doc_id"], run.docs["raw_text"]))  # spans point into the original
    aside = run.coverage[run.coverage["status"] == "set_aside"]
    return pd.DataFrame({
        "doc_id": aside["doc_id"], "sentence": aside["sentence"], "reason": aside["reason"],
        "text": [texts[d][a:b] for d, a, b in zip(aside["doc_id"], aside["char_start"],
                                                  aside["char_end"])],
    }).reset_index(drop=True)
