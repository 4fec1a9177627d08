"""Issue names on every development negotiation, and the issue/verdict scorer itself."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import compare
from analysis.evaluation import devset
from analysis.evaluation.issues import run_negotiation, score_issues

NEGOTIATIONS = devset.negotiations()


@pytest.mark.parametrize("negotiation", NEGOTIATIONS, ids=[n.id for n in NEGOTIATIONS])
def test_issue_names_are_names_on_every_dev_negotiation(negotiation):
    _, statements, tables = run_negotiation(negotiation)
    names = sorted(set(tables["issues"]["issue"]))
    bad = [n for n in names if not compare.is_acceptable_name(n)]
    assert not bad, bad
    assert set(statements["issue"]) <= set(names)


@pytest.mark.parametrize("name, ok", [
    ("NATO enlargement", True), ("sanctions relief", True), ("other topics", True),
    ("issue_01", False), ("“We will not agree to any…”", False), ("security", False),
    ("members", False), ("said", False), ("12", False), ("", False),
])
def test_acceptable_names(name, ok):
    assert compare.is_acceptable_name(name) is ok


def test_score_issues_counts_bcubed_and_verdicts():
    aligned = pd.DataFrame({"statement_id": ["d:1", "d:2", "d:3", "d:4", ""],
                            "issue": ["pay", "pay", "shifts", "shifts", "pay"]})
    statements = pd.DataFrame({"statement_id": ["d:1", "d:2", "d:3", "d:4"],
                               "issue": ["wages", "wages", "wages", "rosters"],
                               "issues": ["wages", "wages", "wages", "rosters"]})
    verdicts = pd.DataFrame({"issue": ["wages", "rosters"], "party_a": ["U", "U"],
                             "party_b": ["E", "E"], "verdict": ["deadlock", "one_sided"]})
    gold = pd.DataFrame({"issue": ["pay", "shifts"], "party_a": ["U", "U"],
                         "party_b": ["E", "E"], "verdict": ["deadlock", "bargaining_space"]})
    scores = score_issues(aligned, statements, verdicts, gold, "toy")
    # Precision: d1,d2 2/3 each, d3 1/3, d4 1, missed 1 -> 11/15.
    assert scores.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    # Recall: d1,d2 2/3 each (the missed pay statement), d3 1/2, d4 1/2, missed 1/3.
    assert scores.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 2 + 1 / 2 + 1 / 3) / 5)
    assert scores.verdict_rows["matched_issue"].tolist() == ["wages", "rosters"]
    assert scores.verdicts_agreeing == 1
