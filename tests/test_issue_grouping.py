"""Issue grouping: moves into issues, their count and names, second objects, replies,
one-party verdicts, the graph method, an injected clusterer, and the analyzer passing it on.

Sentences are written here (not taken from the development set).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import AgglomerativeClustering, KMeans

from analysis import compare
from analysis.compare import CompareSettings
from analysis.compare.grouping import (cluster_objects, graph_communities, issue_count,
                                       object_similarity)
from analysis.compare.naming import name_issues
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


@pytest.mark.parametrize("settings", [
    CompareSettings(grouping_method="graph"),
    CompareSettings(n_issues=2),
    # Known limit of the count ceiling: 8 moves may hold round(sqrt(8)) = 3 issues,
    # and Ward uses the third on "higher wages for night nurses" against "a pay rise".
    pytest.param(CompareSettings(), marks=pytest.mark.xfail(
        strict=True, reason="sqrt(8) issues split pay; names differ, so they stay apart")),
], ids=["graph", "linkage-2", "linkage"])
def test_pay_and_staffing_are_two_issues(table, embed, settings):
    vectors = embed(table["text"].tolist())
    out, issues = compare.assign_issues(table, vectors, embed=embed, settings=settings)
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


def test_discourse_term_decays_with_distance_inside_one_document():
    vectors = np.eye(4, dtype=np.float32)
    places = [("a", 0), ("a", 1), ("a", 3), ("b", 2)]
    settings = CompareSettings(lexical_weight=0.0, discourse_weight=0.3)
    similarity = object_similarity(vectors, settings, places=places)
    # Neighbours get the full weight, two statements apart 2/3 of it, another document nothing.
    assert similarity[0, 1] == pytest.approx(0.3)
    assert similarity[1, 2] == pytest.approx(0.2)
    assert similarity[2, 3] == pytest.approx(0.0) and similarity[0, 3] == pytest.approx(0.0)
    assert np.allclose(np.diag(similarity), 1.0)


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


# --------------------------------------------------------------------------- count, merge, names

def test_issue_count_grows_with_the_square_root_of_the_moves():
    settings = CompareSettings()
    assert [issue_count(m, settings) for m in (0, 1, 4, 30, 100, 20_000)] == [0, 1, 2, 5, 10, 141]
    assert issue_count(100, CompareSettings(issue_count_scale=0.5)) == 5
    assert issue_count(100, CompareSettings(n_issues=3)) == 3
    assert issue_count(2, CompareSettings(n_issues=7)) == 2


def test_linkage_separates_two_blocks_into_at_most_the_count():
    rng = np.random.default_rng(4)
    centres = rng.normal(size=(2, 32))
    vectors = np.vstack([centres[i // 9] + 0.2 * rng.normal(size=32) for i in range(18)])
    labels = cluster_objects([f"object {i}" for i in range(18)], vectors,
                             CompareSettings(n_issues=2, lexical_weight=0.0))
    assert len(set(labels[:9])) == 1 and len(set(labels[9:])) == 1 and labels[0] != labels[9]


def _union_corpus(texts):
    rows = []
    for i, (party, category, cue, text) in enumerate(texts):
        rows.append({"statement_id": f"u{i // 6}:{i % 6 + 1:04d}", "doc_id": f"u{i // 6}",
                     "char_start": (i % 6) * 100, "party": party, "category": category,
                     "evidence": cue, "text": text})
    return pd.DataFrame(rows)


def test_one_topic_stays_one_issue_however_many_moves_it_has(embed):
    # Thirty moves about one canteen in five reports: the count ceiling allows five
    # issues, but groups named after the same object are joined.
    cues = [("Union", "demand", "demands", "The union demands that the depot canteen reopen"),
            ("Union", "demand", "wants", "Drivers want the depot canteen open again"),
            ("Board", "red_line", "rejects", "The board rejects reopening the depot canteen"),
            ("Board", "concession", "offers", "The board offers to reopen the depot canteen"),
            ("Union", "threat", "will strike", "Drivers will strike unless the depot canteen reopens"),
            ("Board", "red_line", "will not", "The board will not reopen the depot canteen")]
    places = ["in March", "on weekdays", "for night crews", "before the summer",
              "at the north depot"]
    texts = [(p, c, e, f"{t} {where}.") for where in places for p, c, e, t in cues]
    table = _union_corpus(texts)
    out, issues = compare.assign_issues(table, embed(table["text"].tolist()), embed=embed)
    named = set(out["issue"]) - {compare.OTHER_TOPICS}
    assert len(named) == 1, issues[["issue", "n_statements"]]
    assert "canteen" in named.pop()


def test_a_second_object_puts_the_move_on_a_second_issue(embed):
    texts = [("Union", "demand", "demands", "The union demands a pay rise of nine percent."),
             ("Board", "red_line", "rejects", "The board rejects any pay rise above inflation."),
             ("Union", "demand", "insists on", "The union insists on a bigger pay rise."),
             ("Union", "demand", "wants", "The union wants an end to split shifts."),
             ("Board", "red_line", "rules out", "The board rules out scrapping split shifts."),
             ("Union", "threat", "will strike", "Drivers will strike over split shifts."),
             ("Board", "concession", "is ready to discuss",
              "The board is ready to discuss a pay rise and fewer split shifts."),
             ("Union", "demand", "demands", "The union demands a pay rise this year.")]
    table = _union_corpus(texts)
    out, _ = compare.assign_issues(table, embed(table["text"].tolist()), embed=embed)
    issue = _issue_of(out)
    pay, shifts = issue["u0:0001"], issue["u0:0004"]
    assert pay != shifts and compare.OTHER_TOPICS not in (pay, shifts)
    both = out.set_index("statement_id").at["u1:0001", "issues"].split(";")
    assert set(both) == {pay, shifts}


def test_a_reply_takes_the_objects_of_the_demand_it_answers(embed):
    texts = [("Union", "demand", "demands", "The union demands a new pension scheme for drivers."),
             ("Board", "red_line", "rejected", "The board rejected the demand."),
             ("Union", "demand", "wants", "The union wants the night bus routes kept."),
             ("Board", "concession", "will keep", "The board will keep the night bus routes."),
             ("Union", "demand", "insists on", "The union insists on the pension scheme."),
             ("Board", "red_line", "rules out", "The board rules out a new pension scheme.")]
    table = _union_corpus(texts)
    out, _ = compare.assign_issues(table, embed(table["text"].tolist()), embed=embed)
    issue = _issue_of(out)
    assert issue["u0:0002"] == issue["u0:0001"] == issue["u0:0006"] != issue["u0:0003"]


def test_names_are_the_phrase_nearest_the_issue_and_never_end_on_a_country():
    objects = ["fishing quotas in the coming days", "the coming days and fishing quotas",
               "fishing quotas", "coming days"]

    def embed(texts):
        # A stand-in model: "fishing" carries the meaning of the issue.
        return np.array([[1.0, 0.0] if "fishing" in t else [0.0, 1.0] for t in texts])

    names, _ = name_issues(objects, [0] * 4, 1, set(), embed=embed,
                           centroids=np.array([[1.0, 0.0]]))
    assert names == ["fishing quotas"]
    names, _ = name_issues(["the changes China must make", "changes China refuses",
                            "structural changes China"], [0] * 3, 1, set())
    assert names[0] and not names[0].endswith("China")


@pytest.mark.parametrize("objects, actors, name", [
    # A person or office is who speaks, never what an issue is about.
    (["EU negotiator", "EU negotiator on fishing quotas", "EU negotiator", "fishing quotas"],
     {"eu"}, "fishing quotas"),
    # Whose position ("the union's terms") is not what it is about.
    (["union terms", "union terms", "union terms on night shifts", "night shifts"], {"union"},
     "night shifts"),
    # Only vague words, in any form ("peace agreements" as "peace agreement").
    (["peace agreements and grain exports", "peace agreements", "peace agreements",
      "grain exports"], set(), "grain exports"),
    # A name never ends on one of the corpus's holders (the writers' guild's "writers").
    (["staffing for TV writers", "TV writers", "TV writers", "minimum staffing"], {"writers"},
     "minimum staffing"),
    # A lone adjective names no object, and no name ends on one.
    (["vulnerable", "vulnerable", "vulnerable regions", "coastal fisheries"], set(),
     "coastal fisheries"),
    (["the EU regulatory", "EU regulatory", "state aid rules"], {"eu"}, "aid rules"),
    # A bare gerund makes no name: the next phrase of the ranking does.
    (["start purchasing agricultural", "purchasing agricultural", "soybean purchases"], set(),
     "soybean purchases"),
    # A capital is where, not what.
    (["Belgrade", "Belgrade", "licence plates"], set(), "licence plates"),
    # A name ends on a noun, never on a verb ("recognise borders") or on what a group
    # or party does ("rebels remaining"); a gerund after a modifier is a noun.
    (["recognise", "recognise", "recognise borders", "road tolls"], set(), "road tolls"),
    (["rebels remaining in the hills", "rebels remaining", "rebels remaining", "road tolls"],
     set(), "road tolls"),
    (["Hamas remaining", "Hamas remaining", "Hamas remaining", "road tolls"], {"hamas"},
     "road tolls"),
    (["defence spending", "defence spending", "road tolls"], set(), "defence spending"),
    # A contraction is a clause, not a name.
    (["we'll", "we'll", "we'll see", "harbour dues"], set(), "harbour dues"),
    # A group of people is who holds a position, not what it is about.
    (["the striking workers", "striking workers", "workers", "night shifts"], set(), "night shifts"),
    (["guerrillas", "guerrillas", "guerrillas", "land reform"], set(), "land reform"),
    (["the company", "company", "company", "night shifts"], set(), "night shifts"),
    (["the studios", "studios", "studios", "night shifts"], set(), "night shifts"),
    # A lone word that is also an adjective or adverb names nothing.
    (["best", "best", "best", "water rights"], set(), "water rights"),
    # A word for an attitude names nothing ("hope", "blame", in any form).
    (["hopes", "hopes", "hopes", "water rights"], set(), "water rights"),
    # A lone word that is also a verb names a thing only where it is used as a noun.
    (["meet", "meet", "meet the nurses", "harbour dues"], set(), "harbour dues"),
    (["the strike", "strike", "strike pay", "harbour"], set(), "strike"),
    # A qualifier of a vague word says nothing of what ("separate deal", "coming days").
    (["a separate deal", "separate deal", "separate deal", "harbour dues"], set(), "harbour dues"),
    (["coming days", "coming days", "coming days", "harbour dues"], set(), "harbour dues"),
    # A verb with its object is a clause ("harm Norway interests"), and no name ends
    # on an adverb ("put relations right").
    (["harm Norway interests", "harm Norway interests", "harm Norway interests", "harbour dues"],
     {"norway"}, "harbour dues"),
    (["fishing relations right", "fishing relations right", "fishing relations right",
      "harbour dues"], set(), "harbour dues"),
    # A common word written with a capital wherever it stands is a name ("Rice"), not the word.
    (["Rice", "Rice", "talks with Rice", "harbour dues"], set(), "harbour dues"),
    # A name never ends on an actor: "Geneva-based WHO" says who, not what.
    (["Geneva-based WHO", "Geneva-based WHO", "Geneva-based WHO", "harbour dues"], {"who"},
     "harbour dues"),
    # A modal ends a name ("shall" too, which scikit-learn's stop words lack).
    (["Norway shall return", "Norway shall return", "Norway shall return", "harbour dues"],
     {"norway"}, "harbour dues"),
    # A person is who, not what: a name after a title, or opening with one.
    (["Spokesperson Jan Kowalski", "Jan Kowalski", "Jan Kowalski", "harbour dues"], set(),
     "harbour dues"),
    (["Sheikh Hamad", "Sheikh Hamad", "Sheikh Hamad", "harbour dues"], set(), "harbour dues"),
    # How a party negotiates ("flexibility", "creativity") is not what about.
    (["creativity", "creativity", "creativity", "harbour dues"], set(), "harbour dues"),
    # Two words always followed by the same third were cut from a longer noun.
    (["border troop withdrawal", "border troop withdrawal by March", "border troop withdrawal"],
     set(), "border troop withdrawal"),
    # Capitalised words inside a sentence are a proper name: a person or a place
    # with no title before it, or a piece cut from a longer name, says who or where.
    (["talks with Maria Kowalczyk", "talks with Maria Kowalczyk", "a call by Maria Kowalczyk",
      "harbour dues"], set(), "harbour dues"),
    (["filling the Grand Northern Harbour Dam", "the Grand Northern Harbour Dam",
      "the Grand Northern Harbour Dam", "harbour dues"], set(), "harbour dues"),
    # ... but a named agreement or arrangement is what the issue is about.
    (["the Lisbon Agreement", "the Lisbon Agreement", "the Lisbon Agreement", "harbour dues"],
     set(), "Lisbon Agreement"),
    # A participle that is also an adjective ends no name; a verb's gerund may.
    (["a drought lasting", "a drought lasting", "a drought lasting", "harbour dues"], set(),
     "drought"),
    (["minimum staffing", "minimum staffing", "minimum staffing", "harbour dues"], set(),
     "minimum staffing"),
    # No name opens on an adverb, or ends on a verb before its particle.
    (["preconditions currently preventing", "currently preventing", "currently preventing",
      "harbour dues"], set(), "harbour dues"),
    (["if the treaty turns out", "treaty turns out", "treaty turns out", "harbour dues"], set(),
     "treaty"),
    # A subject and its verb after "if"/"when" is a clause ("if the ferry pact collapses");
    # a noun phrase before a verb is not ("if pay rises are agreed").
    (["if the ferry pact collapses", "if the ferry pact collapses", "when the ferry pact collapses",
      "harbour dues"], set(), "ferry"),
    (["if pay rises are agreed", "if pay rises are agreed", "when pay rises are agreed",
      "harbour dues"], set(), "pay rises"),
    # An abbreviation for "as soon as possible" says when.
    (["ASAP", "ASAP", "talks ASAP", "harbour dues"], set(), "harbour dues"),
    # A month or a weekday says when, not what.
    (["by November", "in November", "November", "harbour dues"], set(), "harbour dues"),
    # A group before a kind of organisation is a body ("farmers union"); "customs union" is not.
    (["the farmers union", "farmers union", "farmers union", "harbour dues"], set(),
     "harbour dues"),
    (["a customs union", "customs union", "customs union", "harbour dues"], set(),
     "customs union"),
    # A verb's -ed or -s form after its subject opens a clause ("as he revealed pay
    # rises"); after an article it qualifies a noun ("the revised timetable").
    (["as he revealed winter rations", "he revealed winter rations", "revealed winter rations",
      "harbour dues"], set(), "winter rations"),
    (["he increases harbour dues", "she increases harbour dues", "it increases harbour dues",
      "ferries"], set(), "harbour dues"),
    (["marched picket lines for weeks", "marched picket lines", "and marched picket lines",
      "harbour dues"], set(), "harbour dues"),
    (["the revised timetable", "the revised timetable", "a revised timetable", "harbour dues"], set(),
     "revised timetable"),
])
def test_names_say_what_the_issue_is_about(objects, actors, name):
    names, _ = name_issues(objects, [0] * len(objects), 1, set(actors),
                           holders=frozenset(actors))
    assert names == [name]


def test_a_concession_by_the_only_party_on_an_issue_is_bargaining_space():
    statements = pd.DataFrame({"statement_id": ["d:0001", "d:0002"],
                               "party": ["Board", "Board"],
                               "category": ["concession", "red_line"],
                               "issue": ["canteen", "canteen"]})
    links = pd.DataFrame(columns=compare.LINKS_COLUMNS)
    verdicts = compare.issue_verdicts(statements, links, ("Union", "Board"))
    assert verdicts["verdict"].tolist() == ["bargaining_space"]
    assert verdicts["supporting_statement_ids"].tolist() == ["d:0001"]
    only_demands = statements.assign(category=["demand", "red_line"])
    verdicts = compare.issue_verdicts(only_demands, links, ("Union", "Board"))
    assert verdicts["verdict"].tolist() == ["one_sided"]


def test_a_participle_frame_ends_the_object():
    found = compare.statement_objects(
        "The board rejected longer breaks for drivers, saying that the timetable could not "
        "absorb them.", "rejected", "red_line")
    assert found.units == ["longer breaks for drivers"]
    found = compare.statement_objects(
        "The union demands a shorter working week and adding that talks must resume.",
        "demands", "demand")
    assert found.units == ["shorter working week"]


def test_a_hyphenated_speaker_name_is_a_holder_whole():
    from analysis.compare.common import holder_words

    table = pd.DataFrame({"speaker": ["Anne-Marie Dupont"], "party": ["Ministry"]})
    assert {"anne-marie", "anne", "marie", "dupont", "ministry"} <= holder_words(table)
