"""Gold annotations: read them and align each row to a pipeline statement.

A gold file (``gold.csv``) names its statements by a *key*: a verbatim piece of
the document, unique in it, taken from the start of the statement. Keys survive
re-segmentation (a pipeline that cuts a sentence differently still finds the
statement holding the key), and they are readable, unlike character offsets.

Columns (see ``analysis/data/devset/README.md``): ``file``, ``key``, ``party``,
``category`` required; ``speaker``, ``party_alternatives``, ``acceptable``,
``issue``, ``note`` optional.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import tables, vocab
from ..errors import input_error

REQUIRED_COLUMNS = tables.GOLD.required
OPTIONAL_COLUMNS = tables.GOLD.optional
#: Shortest key accepted: shorter pieces of text are rarely unique.
MIN_KEY_CHARS = tables.GOLD_MIN_KEY_CHARS


def read_gold(path: str | Path) -> pd.DataFrame:
    """Read and check a gold file; one line ``error: file:line: what`` on a bad row.

    Read by the one table reader (:data:`analysis.tables.GOLD`): required columns,
    known categories in ``category`` and ``acceptable``, keys of at least
    :data:`MIN_KEY_CHARS` characters, kept verbatim (spaces included). Returns the
    rows with every optional column present (empty strings where absent) and a
    ``line`` column with the row's line number in the file.
    """
    path = Path(path)
    table = tables.read_table(path, tables.GOLD)
    if table.empty:
        raise input_error(path, "gold file has a header but no rows", line=2)
    return table


def _split(value: str) -> list[str]:
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def locate_keys(gold: pd.DataFrame, docs: pd.DataFrame, gold_path: str | Path = "gold.csv") -> pd.DataFrame:
    """Add ``doc_id`` and ``key_start``/``key_end`` (in the decoded original text).

    A key that is not found, or found more than once, in its document is an
    input error naming the gold file's line.
    """
    by_file = {str(f): (d, raw) for f, d, raw in zip(docs["file"], docs["doc_id"], docs["raw_text"])}
    doc_ids, starts, ends = [], [], []
    for file, key, line in zip(gold["file"], gold["key"], gold["line"]):
        if file not in by_file:
            raise input_error(gold_path, f"file {file!r} is not a document of the corpus", line=line)
        doc_id, raw = by_file[file]
        start = _find_key(raw, key)
        if start is None:
            raise input_error(gold_path, f"key {key!r} not found in {file}", line=line)
        if start < 0:
            raise input_error(gold_path, f"key {key!r} found more than once in {file}", line=line)
        doc_ids.append(doc_id)
        starts.append(start)
        ends.append(start + len(key))
    located = gold.copy()
    located["doc_id"], located["key_start"], located["key_end"] = doc_ids, starts, ends
    return located


def _find_key(text: str, key: str) -> int | None:
    """Offset of the one occurrence of ``key``; None if absent, -1 if repeated.

    Whitespace runs in the key match any whitespace run in the text, so a key
    copied across a line break still matches.
    """
    import re

    pattern = re.compile(r"\s+".join(re.escape(part) for part in key.split()))
    found = [m.start() for m in pattern.finditer(text)]
    if not found:
        return None
    return found[0] if len(found) == 1 else -1


def align_gold(statements: pd.DataFrame, gold: pd.DataFrame, docs: pd.DataFrame,
               gold_path: str | Path = "gold.csv") -> pd.DataFrame:
    """One row per gold row: the gold labels beside the pipeline's statement.

    The matching statement is the one whose span holds the key's first
    character (statement spans point into the decoded original, like the keys);
    failing that, the statement that overlaps the key most. A gold row whose key
    lies in text the pipeline set aside gets an empty ``statement_id`` and the
    predicted party ``none`` and category ``other`` (missing a statement is an
    error of the pipeline, and is scored as one).
    """
    located = gold if "key_start" in gold else locate_keys(gold, docs, gold_path)
    out = located.copy()
    ids, pred_party, pred_speaker, pred_category, pred_categories, confidence = ([] for _ in range(6))
    grouped = {d: frame for d, frame in statements.groupby("doc_id", sort=False)}
    for doc_id, start, end in zip(located["doc_id"], located["key_start"], located["key_end"]):
        frame = grouped.get(doc_id)
        row = None
        if frame is not None and len(frame):
            holds = frame[(frame["char_start"] <= start) & (frame["char_end"] > start)]
            if len(holds):
                row = holds.iloc[0]
            else:
                overlap = (frame["char_end"].clip(upper=end) - frame["char_start"].clip(lower=start))
                if overlap.max() > 0:
                    row = frame.loc[overlap.idxmax()]
        if row is None:
            ids.append("")
            pred_party.append(vocab.NO_PARTY)
            pred_speaker.append("")
            pred_category.append("other")
            pred_categories.append("other")
            confidence.append(0.0)
        else:
            ids.append(row["statement_id"])
            pred_party.append(row.get("party", ""))
            pred_speaker.append(row.get("speaker", ""))
            pred_category.append(row.get("category", ""))
            pred_categories.append(row.get("categories", ""))
            confidence.append(float(row.get("confidence", float("nan"))))
    out["statement_id"] = ids
    out["pred_party"] = pred_party
    out["pred_speaker"] = pred_speaker
    out["pred_category"] = pred_category
    out["pred_categories"] = pred_categories
    out["pred_confidence"] = confidence
    out["party_correct"] = [party_matches(p, g, alt) for p, g, alt in
                            zip(out["pred_party"], out["party"], out["party_alternatives"])]
    out["category_correct"] = [category_matches(p, g, acc) for p, g, acc in
                               zip(out["pred_category"], out["category"], out["acceptable"])]
    return out


def normalise_party(name: str) -> str:
    """Compare-ready form of a party name: case-folded, spaces squeezed, common variants merged."""
    folded = " ".join(str(name or "").replace(".", "").split()).casefold()
    return _PARTY_VARIANTS.get(folded, folded)


_PARTY_VARIANTS = {
    "united states": "us", "usa": "us", "united states of america": "us",
    "united kingdom": "uk", "britain": "uk", "great britain": "uk",
    "european union": "eu", "united nations": "un",
}


def party_matches(predicted: str, gold: str, alternatives: str = "") -> bool:
    """True if the predicted party is the gold party or one of its accepted alternatives."""
    wanted = {normalise_party(gold), *(normalise_party(a) for a in _split(alternatives))}
    return normalise_party(predicted) in wanted


def category_matches(predicted: str, gold: str, acceptable: str = "") -> bool:
    """True if the predicted primary category is the gold one or listed as acceptable."""
    return predicted == gold or predicted in _split(acceptable)


def score_aligned(aligned: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Scores of aligned gold rows: ``summary``, per-class ``stance``, ``confusion``.

    ``summary`` holds party accuracy, speaker-found rate, stance accuracy and
    macro-F1, the share of gold statements the pipeline missed and of
    ``unknown`` parties. A prediction listed in a row's ``acceptable`` set
    counts as the gold label; ``stance_strict_*`` count the primary label only
    (what a gold file with one label per sentence measures).
    """
    from .metrics import confusion, stance_report

    credited = [g if ok else p for g, p, ok in
                zip(aligned["category"], aligned["pred_category"], aligned["category_correct"])]
    stance = stance_report(aligned["category"], credited)
    strict = stance_report(aligned["category"], aligned["pred_category"])
    n = len(aligned)
    summary = pd.DataFrame([
        {"measure": "statements", "value": float(n)},
        {"measure": "party_accuracy", "value": float(aligned["party_correct"].mean()) if n else float("nan")},
        {"measure": "party_unknown_share",
         "value": float((aligned["pred_party"] == vocab.UNKNOWN_PARTY).mean()) if n else float("nan")},
        {"measure": "missed_statements", "value": float((aligned["statement_id"] == "").sum())},
        {"measure": "stance_accuracy", "value": float(aligned["category_correct"].mean()) if n else float("nan")},
        {"measure": "stance_macro_f1",
         "value": float(stance.loc[stance["class"] == "macro avg", "f1"].iloc[0])},
        {"measure": "stance_strict_accuracy",
         "value": float((aligned["category"] == aligned["pred_category"]).mean()) if n
         else float("nan")},
        {"measure": "stance_strict_macro_f1",
         "value": float(strict.loc[strict["class"] == "macro avg", "f1"].iloc[0])},
    ])
    return {"summary": summary, "stance": stance,
            "confusion": confusion(aligned["category"], credited).reset_index()}


def evaluate_corpus(analyzer, corpus_dir: str | Path, gold_path: str | Path) -> dict[str, pd.DataFrame]:
    """Run ``analyzer`` on a corpus and score it against a researcher's gold file.

    Returns ``aligned`` (one row per gold row, gold beside prediction) and the
    tables of :func:`score_aligned`. Bad gold files raise one-line input errors.
    """
    gold = read_gold(gold_path)
    result = analyzer.run(corpus_dir)
    aligned = align_gold(result.statements, gold, result.docs, gold_path)
    return {"aligned": aligned.drop(columns=["line"]), **score_aligned(aligned)}


def format_report(report: dict[str, pd.DataFrame]) -> str:
    """The scores as plain text for the terminal."""
    lines = ["party and stance against the gold file", ""]
    for measure, value in zip(report["summary"]["measure"], report["summary"]["value"]):
        lines.append(f"  {measure:<22} {value:.3f}" if measure != "statements" and
                     measure != "missed_statements" else f"  {measure:<22} {int(value)}")
    lines += ["", "per class (an acceptable alternative counts as right)",
              report["stance"].to_string(index=False, float_format=lambda v: f"{v:.3f}"),
              "", "confusion (rows: gold, columns: predicted)",
              report["confusion"].to_string(index=False)]
    return "\n".join(lines)
