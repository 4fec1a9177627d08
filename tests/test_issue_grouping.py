"""Issue grouping: the graph method, an injected clusterer, and the analyzer passing it on.

Sentences are written here (not taken from the development set).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import AgglomerativeClustering, KMeans

from analysis import compare
from analysis.compare import CompareSettings
from analysis.compare.grouping import cluster_objects, graph_communities, object_similarity
from analysis.errors import InputError

TEXTS = [
    ("Union", "demand", "demands", "The union demands a nine percent pay rise for nurses."),
    ("Union", "demand", "insists on", "The union insists on higher wages for night nurses."),
    ("Board", "red_line", "rules out", "The hospital board rules out any pay rise above inflation."),
    ("Board", "concession", "is ready to", "The board is ready to raise salaries by four percent."),
    ("Union", "demand", "wants", "The union wants two more nurses on every ward at night."),
    ("Board", "red_line", "rejects", "The board rejects minimum staffing ratios on wards."),
    ("Union", "threat", "will strike", "Nurses will strike unless ward staffing ratios are agreed."),
    ("Board", "concession", "offers", "The board offers extra nurses on the busiest wards."),
]


@pytest.fixture(scope="module")
def embed():
    from analysis.embeddings import embed_texts

    return embed_texts


@pytest.fixture(scope="module")
def table():
    rows = [{"statement_id": f"d{i // 4}:{i % 4 + 1:04d}", "doc_id": f"d{i // 4}",
             "char_start": i * 100, "party": p, "category": c, "evidence": e, "text": t}
            for i, (p, c, e, t) in enumerate(TEXTS)]
    return pd.DataFrame(rows)


def _issue_of(out):
    return dict(zip(out["statement_id"], out["issue"]))


@pytest.mark.parametrize("method", [
    "graph",
    # Known limit of the fixed distance cut: "rules out any pay rise above
    # inflation" lies farther than 0.50 from the other pay objects and is left alone.
    pytest.param("linkage", marks=pytest.mark.xfail(strict=True, reason="fixed cut splits pay")),
])
def test_pay_and_staffing_are_two_issues(table, embed, method):
    vectors = embed(table["text"].tolist())
    out, issues = compare.assign_issues(table, vectors, embed=embed,
                                        settings=CompareSettings(grouping_method=method))
    issue = _issue_of(out)
    pay = {issue[s] for s in ("d0:0001", "d0:0003", "d0:0004")}
    staffing = {issue[s] for s in ("d1:0001", "d1:0002", "d1:0004")}
    assert len(pay) == 1 and len(staffing) == 1, out[["statement_id", "issues"]]
    assert pay != staffing and compare.OTHER_TOPICS not in pay | staffing
    assert all(compare.is_acceptable_name(n) for n in issues["issue"])


def test_an_injected_clusterer_groups_the_objects(table, embed):
    vectors = embed(table["text"].tolist())
    tables = compare.compare(table, vectors, ("Union", "Board"), embed=embed,
                             grouping=KMeans(n_clusters=2, n_init=10, random_state=0))
    issue = _issue_of(tables["statements"])
    assert issue["d0:0001"] == issue["d0:0003"] != issue["d1:0002"]
    one = compare.compare(table, vectors, ("Union", "Board"), embed=embed,
                          grouping=AgglomerativeClustering(n_clusters=1))
    assert one["statements"]["issue"].nunique() == 1


class _NoIssue:
    """A clusterer that finds no issue for any object (label -1, like HDBSCAN's noise)."""

    def fit_predict(self, X):
        return np.full(len(X), -1)


class _WrongLength:
    def fit_predict(self, X):
        return np.zeros(len(X) + 1, dtype=int)


def test_objects_without_a_cluster_go_to_other_topics(table, embed):
    vectors = embed(table["text"].tolist())
    out, issues = compare.assign_issues(table, vectors, embed=embed, grouping=_NoIssue())
    assert set(out["issue"]) == {compare.OTHER_TOPICS}
    with pytest.raises(InputError, match="fit_predict"):
        compare.assign_issues(table, vectors, embed=embed, grouping=_WrongLength())


def test_graph_communities_follow_the_similarity():
    # Two blocks of mutually similar nodes, weakly tied: two communities, whatever the order.
    block = np.full((4, 4), 0.8)
    similarity = np.block([[block, np.full((4, 4), 0.1)], [np.full((4, 4), 0.1), block]])
    labels = graph_communities(similarity, CompareSettings())
    assert len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1 and labels[0] != labels[4]
    order = np.array([3, 6, 0, 5, 1, 7, 2, 4])
    again = graph_communities(similarity[np.ix_(order, order)], CompareSettings())
    # The same partition (labels may be numbered differently).
    partition = {frozenset(np.flatnonzero(labels == c)) for c in set(labels)}
    permuted = {frozenset(order[np.flatnonzero(again == c)]) for c in set(again)}
    assert permuted == partition


def test_discourse_term_ties_only_neighbouring_moves():
    vectors = np.eye(4, dtype=np.float32)
    places = [("a", 0), ("a", 1), ("a", 3), ("b", 0)]
    settings = CompareSettings(grouping_method="graph", lexical_weight=0.0, discourse_weight=0.6)
    similarity = object_similarity(vectors, settings, places=places)
    assert similarity[0, 1] == pytest.approx(0.6)
    assert similarity[1, 2] == pytest.approx(0.0) and similarity[0, 3] == pytest.approx(0.0)


def test_unknown_grouping_method_is_an_input_error():
    with pytest.raises(InputError, match="grouping_method"):
        cluster_objects(["pay rise", "staffing"], np.eye(2), CompareSettings(grouping_method="x"))


def test_the_analyzer_passes_its_issue_grouping_on(table, embed, monkeypatch):
    from analysis import NegotiationAnalyzer, Settings
    from analysis.analyzer import AnalysisResult

    seen = {}
    real = compare.compare

    def spy(*args, **kwargs):
        seen["grouping"] = kwargs.get("grouping")
        return real(*args, **kwargs)

    monkeypatch.setattr(compare, "compare", spy)
    grouping = KMeans(n_clusters=2, n_init=10, random_state=0)
    analyzer = NegotiationAnalyzer(issue_grouping=grouping,
                                   settings=Settings(parties=("Union", "Board")))
    result = AnalysisResult(docs=None, statements=table, coverage=pd.DataFrame(),
                            vectors=embed(table["text"].tolist()))
    analyzer.compare(result)
    assert seen["grouping"] is grouping
    assert result.statements["issue"].nunique() == 2
