"""What the report shows about the package's own accuracy, computed once per run.

:func:`evaluate` returns named tables that ``python -m analysis run`` saves
beside the results and that notebooks 01, 02 and 04 display:

* ``seed_attribution``: party and speaker accuracy on the hand-annotated seed
  (in-sample: the rules were written while reading it);
* ``devset_rows``: every annotated statement of the development set with the
  pipeline's prediction beside it; ``devset_attribution`` and
  ``devset_stance``: scores per negotiation;
* ``heldout_*``: the same for the held-out negotiations, which nobody read
  while writing rules or training;
* ``gold_*``: scores against the corpus's own ``gold.csv`` when it has one.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..errors import CorpusWarning
from . import devset
from .gold import align_gold, read_gold, score_aligned


def devset_rows(analyzer, root: str | Path = devset.DEVSET_DIR
                ) -> tuple[pd.DataFrame, dict[str, object]]:
    """Aligned gold rows of every negotiation under ``root``, and each negotiation's result.

    Each negotiation is run with ``analyzer``'s parts and its own main party pair.
    """
    from ..analyzer import NegotiationAnalyzer

    frames, results = [], {}
    for negotiation in devset.negotiations(root):
        runner = NegotiationAnalyzer(actors=analyzer.actors, embedder=analyzer.embedder,
                                     stance_model=analyzer.stance_model,
                                     issue_grouping=analyzer.issue_grouping,
                                     settings=analyzer.settings.replace(parties=negotiation.parties))
        with warnings.catch_warnings():
            # The development corpora are the package's, not the user's: their notes
            # (annotation files beside the documents, short excerpts) are not news to them.
            warnings.simplefilter("ignore", CorpusWarning)
            result = runner.run(negotiation.folder)
        aligned = align_gold(result.statements, negotiation.gold(), result.docs,
                             negotiation.gold_path)
        aligned.insert(0, "negotiation", negotiation.id)
        aligned.insert(1, "kind", negotiation.kind)
        frames.append(aligned)
        results[negotiation.id] = result
    if not frames:
        return pd.DataFrame(), results
    return pd.concat(frames, ignore_index=True), results


def scores_by_negotiation(rows: pd.DataFrame) -> pd.DataFrame:
    """Party accuracy, unknown share, missed statements, stance accuracy and macro-F1 per negotiation.

    The last row, ``all``, pools every statement.
    """
    columns = ["negotiation", "statements", "party_accuracy", "party_unknown_share",
               "missed_statements", "stance_accuracy", "stance_macro_f1",
               "stance_strict_accuracy", "stance_strict_macro_f1"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = []
    for name, part in [*rows.groupby("negotiation", sort=True), ("all", rows)]:
        summary = score_aligned(part)["summary"].set_index("measure")["value"]
        out.append({"negotiation": name, "statements": int(summary["statements"]),
                    "party_accuracy": summary["party_accuracy"],
                    "party_unknown_share": summary["party_unknown_share"],
                    "missed_statements": int(summary["missed_statements"]),
                    "stance_accuracy": summary["stance_accuracy"],
                    "stance_macro_f1": summary["stance_macro_f1"],
                    "stance_strict_accuracy": summary["stance_strict_accuracy"],
                    "stance_strict_macro_f1": summary["stance_strict_macro_f1"]})
    return pd.DataFrame(out, columns=columns)


def issue_scores(root: str | Path, rows: pd.DataFrame, results: dict[str, object]
                 ) -> dict[str, pd.DataFrame]:
    """B-cubed and verdict agreement per negotiation (and pooled), from runs already made."""
    from .issues import score_issues
    from .metrics import bcubed

    table, verdict_rows, pooled_gold, pooled_pred = [], [], [], []
    for negotiation in devset.negotiations(root):
        result = results.get(negotiation.id)
        if result is None or "verdicts" not in result.tables:
            continue
        aligned = rows[rows["negotiation"] == negotiation.id]
        scores = score_issues(aligned, result.statements, result.tables["verdicts"],
                              negotiation.verdicts(), negotiation.id)
        table.append(scores.row())
        verdict_rows.append(scores.verdict_rows.assign(negotiation=negotiation.id))
        issues_of = dict(zip(result.statements["statement_id"], result.statements["issues"]))
        positions = aligned[aligned["issue"].astype(str) != ""]
        for k, (sid, issue) in enumerate(zip(positions["statement_id"], positions["issue"])):
            own = [x for x in str(issues_of.get(sid, "")).split(";") if x] if sid else []
            pooled_gold.append({f"{negotiation.id}:{issue}"})
            # A missed statement is a cluster of its own (it costs recall, as per negotiation).
            pooled_pred.append({f"{negotiation.id}:{x}" for x in own}
                               or {f"{negotiation.id}:missed:{k}"})
    if not table:
        return {}
    frame = pd.DataFrame(table)
    precision, recall, f1 = bcubed(pooled_gold, pooled_pred)
    agreeing, judged = int(frame["verdicts_agreeing"].sum()), int(frame["n_issues_gold"].sum())
    frame.loc[len(frame)] = {"negotiation": "all", "n_statements": int(frame["n_statements"].sum()),
                             "bcubed_precision": round(precision, 3), "bcubed_recall": round(recall, 3),
                             "bcubed_f1": round(f1, 3), "n_issues_gold": judged,
                             "verdicts_agreeing": agreeing,
                             "verdict_agreement": round(agreeing / judged, 3) if judged else float("nan"),
                             "names_ok": bool(frame["names_ok"].all())}
    return {"issue_scores": frame,
            "issue_verdicts": pd.concat(verdict_rows, ignore_index=True)}


def stance_lono_tables() -> dict[str, pd.DataFrame]:
    """Leave-one-negotiation-out stance scores over the development set (notebook 02)."""
    from .. import stance

    predictions = stance.lono_predictions()
    if predictions.empty:
        return {}
    report = stance.lono_report(predictions)
    per_class, strict_per_class = report.per_class, report.strict_per_class
    # "strict": the primary label only, as a corpus coded with one label per sentence scores it.
    return {"stance_lono_summary": stance.lono_table(report).reset_index(),
            "stance_lono_summary_strict": stance.lono_table(report, strict=True).reset_index(),
            "stance_lono_overview": report.overview,
            "stance_lono_classes": per_class[per_class["model"] == "combined"].reset_index(drop=True),
            "stance_lono_classes_strict": strict_per_class[strict_per_class["model"] == "combined"
                                                           ].reset_index(drop=True),
            "stance_lono_confusion": report.confusion.reset_index(),
            "stance_lono_calibration": report.calibration,
            "stance_lono_predictions": predictions}


def seed_stance_tables() -> dict[str, pd.DataFrame]:
    """Grouped cross-validation on the seed annotation (in-sample for the cue lexicon)."""
    from .. import stance

    predictions = stance.grouped_cv_predictions(with_proba=True)
    evaluation = stance.evaluate_grouped_cv(predictions=predictions)
    return {"seed_stance_metrics": evaluation.metrics,
            "seed_stance_confusion": evaluation.confusion.reset_index(),
            "seed_stance_agreement": evaluation.agreement,
            "seed_stance_calibration": stance.calibration_table(predictions)}


def evaluate(analyzer, result, corpus_dir: str | Path | None = None,
             include_heldout: bool = True) -> dict[str, pd.DataFrame]:
    """Every evaluation table for the report (see the module docstring)."""
    from .. import summaries

    tables: dict[str, pd.DataFrame] = {}
    seed_scores = summaries.attribution_accuracy(result)
    if len(seed_scores):
        tables["seed_attribution"] = seed_scores
    tables.update(seed_stance_tables())
    tables.update(stance_lono_tables())
    rows, results = devset_rows(analyzer)
    if len(rows):
        tables["devset_rows"] = rows.drop(columns=["line"])
        tables["devset_scores"] = scores_by_negotiation(rows)
        tables.update({f"devset_{name}": table for name, table in
                       issue_scores(devset.DEVSET_DIR, rows, results).items()})
        if devset.SECOND_ANNOTATION.is_file():
            tables["annotator_agreement"] = devset.annotator_agreement()
    if include_heldout:
        held, held_results = devset_rows(analyzer, devset.HELDOUT_DIR)
        if len(held):
            tables["heldout_rows"] = held.drop(columns=["line"])
            tables["heldout_scores"] = scores_by_negotiation(held)
            tables.update({f"heldout_{name}": table for name, table in
                           issue_scores(devset.HELDOUT_DIR, held, held_results).items()})
    gold_path = Path(corpus_dir) / "gold.csv" if corpus_dir is not None else None
    if gold_path is not None and gold_path.is_file():
        aligned = align_gold(result.statements, read_gold(gold_path), result.docs, gold_path)
        for name, table in score_aligned(aligned).items():
            tables[f"gold_{name}"] = table
        tables["gold_rows"] = aligned.drop(columns=["line"])
    return tables
