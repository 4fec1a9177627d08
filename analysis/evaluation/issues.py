"""Scoring the issue grouping and the verdicts against an analyst's annotation.

For one negotiation of the development set (or any corpus with a ``gold.csv``
that has an ``issue`` column and a ``verdicts.csv``):

* **grouping**: extended B-cubed precision, recall and F1 of the pipeline's
  issues (every issue of a statement's ``issues`` list) against the analyst's
  issue, over the gold rows that have an issue (the position statements). A
  gold statement the pipeline did not find is its own cluster (a miss costs
  recall). "other topics" counts as one cluster like any other: putting
  statements there is a claim that they belong together.
* **verdicts**: each analyst issue is matched to the pipeline issue that holds
  most of its statements (primary issues; ties by name); the verdict agrees when
  the pipeline's verdict on that issue for the same party pair equals the
  analyst's. An analyst issue whose statements are all missed, or whose match
  has no verdict ("other topics"), disagrees.
* **names**: whether every issue name passes
  :func:`analysis.compare.is_acceptable_name`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from .gold import align_gold
from .metrics import bcubed


@dataclass
class IssueScores:
    """Issue grouping and verdict scores of one negotiation."""

    negotiation: str
    n_statements: int
    precision: float
    recall: float
    f1: float
    n_verdicts: int
    verdicts_agreeing: int
    names_ok: bool
    verdict_rows: pd.DataFrame

    @property
    def verdict_agreement(self) -> float:
        return self.verdicts_agreeing / self.n_verdicts if self.n_verdicts else float("nan")

    def row(self) -> dict:
        return {"negotiation": self.negotiation, "n_statements": self.n_statements,
                "bcubed_precision": round(self.precision, 3),
                "bcubed_recall": round(self.recall, 3), "bcubed_f1": round(self.f1, 3),
                "n_issues_gold": self.n_verdicts, "verdicts_agreeing": self.verdicts_agreeing,
                "verdict_agreement": round(self.verdict_agreement, 3),
                "names_ok": self.names_ok}


def score_issues(aligned: pd.DataFrame, statements: pd.DataFrame, verdicts: pd.DataFrame,
                 gold_verdicts: pd.DataFrame, negotiation: str = "") -> IssueScores:
    """Score one negotiation from already computed tables.

    ``aligned`` is :func:`analysis.evaluation.gold.align_gold` output (gold rows
    with the pipeline's ``statement_id``); ``statements`` the compared statements
    (``statement_id, issue, issues``); ``verdicts`` the pipeline's verdicts
    table; ``gold_verdicts`` the analyst's (``issue, party_a, party_b, verdict``).
    """
    from ..compare import OTHER_TOPICS, is_acceptable_name

    issues_of = {sid: [x for x in str(v).split(";") if x]
                 for sid, v in zip(statements["statement_id"], statements["issues"])}
    rows = aligned[aligned["issue"].fillna("").astype(str) != ""].reset_index(drop=True)
    gold_sets = [{g} for g in rows["issue"]]
    predicted = [set(issues_of.get(sid, [])) if sid else set() for sid in rows["statement_id"]]
    # A statement the pipeline missed is its own cluster, never a member of another.
    predicted = [p or {f"\0missed{k}"} for k, p in enumerate(predicted)]
    precision, recall, f1 = bcubed(gold_sets, predicted)
    primary = {sid: (v[0] if v else "") for sid, v in issues_of.items()}
    verdict_of = {}
    for row in verdicts.itertuples(index=False):
        verdict_of[(row.issue, row.party_a, row.party_b)] = row.verdict
    out = []
    for g in gold_verdicts.itertuples(index=False):
        members = [primary.get(sid, "") for sid, issue in zip(rows["statement_id"], rows["issue"])
                   if issue == g.issue and sid]
        counts = Counter(m for m in members if m)
        match = sorted(counts, key=lambda m: (-counts[m], m))[0] if counts else ""
        found = verdict_of.get((match, g.party_a, g.party_b),
                               verdict_of.get((match, g.party_b, g.party_a), ""))
        if match == OTHER_TOPICS:
            found = ""
        out.append({"issue": g.issue, "gold_verdict": g.verdict, "matched_issue": match,
                    "verdict": found, "agrees": found == g.verdict})
    table = pd.DataFrame(out, columns=["issue", "gold_verdict", "matched_issue", "verdict",
                                       "agrees"])
    names = sorted(set(statements["issue"]))
    return IssueScores(negotiation=negotiation, n_statements=len(rows), precision=precision,
                       recall=recall, f1=f1, n_verdicts=len(table),
                       verdicts_agreeing=int(table["agrees"].sum()) if len(table) else 0,
                       names_ok=all(is_acceptable_name(n) for n in names), verdict_rows=table)


def run_negotiation(negotiation, settings=None):
    """The pipeline over one development negotiation: (docs, compared statements, tables).

    ``negotiation`` is an :class:`analysis.evaluation.devset.Negotiation`; the
    comparison is drawn for its main party pair.
    """
    from ..analyzer import NegotiationAnalyzer
    from ..settings import Settings

    base = Settings(parties=negotiation.parties)
    analyzer = NegotiationAnalyzer(settings=base if settings is None
                                   else base.replace(compare=settings))
    result = analyzer.run(negotiation.folder)
    return result.docs, result.statements, {"statements": result.statements, **result.tables}


def evaluate_negotiation(negotiation, settings=None) -> IssueScores:
    """Run the pipeline on one negotiation and score its issues and verdicts."""
    docs, statements, tables = run_negotiation(negotiation, settings)
    aligned = align_gold(statements, negotiation.gold(), docs, negotiation.gold_path)
    return score_issues(aligned, statements, tables["verdicts"], negotiation.verdicts(),
                        negotiation.id)


def evaluate_devset(negotiations, settings=None) -> tuple[pd.DataFrame, float]:
    """Per-negotiation scores (one row each) and the pooled B-cubed F1.

    Pooled: all negotiations' gold statements in one B-cubed computation (issue
    names are prefixed by the negotiation, so no two negotiations share a cluster).
    """
    rows, pooled_gold, pooled_pred = [], [], []
    for negotiation in negotiations:
        docs, statements, tables = run_negotiation(negotiation, settings)
        aligned = align_gold(statements, negotiation.gold(), docs, negotiation.gold_path)
        scores = score_issues(aligned, statements, tables["verdicts"], negotiation.verdicts(),
                              negotiation.id)
        rows.append(scores.row())
        issues_of = dict(zip(statements["statement_id"], statements["issues"]))
        gold_rows = aligned[aligned["issue"].fillna("").astype(str) != ""]
        for k, (sid, issue) in enumerate(zip(gold_rows["statement_id"], gold_rows["issue"])):
            pooled_gold.append({f"{negotiation.id}:{issue}"})
            own = [x for x in str(issues_of.get(sid, "")).split(";") if x] if sid else []
            pooled_pred.append({f"{negotiation.id}:{x}" for x in own}
                               or {f"{negotiation.id}:\0missed{k}"})
    pooled = bcubed(pooled_gold, pooled_pred)[2] if pooled_gold else float("nan")
    return pd.DataFrame(rows), pooled
