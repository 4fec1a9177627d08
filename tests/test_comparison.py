"""Tests of the party comparison (analysis.compare) and its figures.

The seed and the labour corpus run through the real chain (corpus -> statements
-> stance -> embeddings -> compare); the rules for relations and verdicts are
also tested on small tables built here, where the expected answer is known.
"""
from __future__ import annotations

import warnings
import zlib

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis import compare as comparison, config
from analysis.compare import CompareSettings
from analysis.compare.grouping import cluster_objects
from analysis.errors import InputError

LABOUR_DIR = config.ROOT / "tests" / "data" / "corpora" / "labour"


# --------------------------------------------------------------------------- fixtures

def _chain(corpus_dir, actors_file=None):
    from analysis import actors, corpus, embeddings, extract, stance

    docs = corpus.load_corpus(corpus_dir)
    table = actors.load_actors(actors_file) if actors_file else None
    found = stance.classify_statements(extract.extract_statements(docs, table))
    vectors = embeddings.embed_texts(found["text"].tolist())
    return docs, found.reset_index(drop=True), vectors


@pytest.fixture(scope="module")
def seed_chain():
    return _chain(config.SEEDS_DIR)


@pytest.fixture(scope="module")
def seed_tables(seed_chain):
    docs, found, vectors = seed_chain
    return comparison.compare(found, vectors, parties=("US", "Russia"), docs=docs)


@pytest.fixture(scope="module")
def labour_tables():
    docs, found, vectors = _chain(LABOUR_DIR, LABOUR_DIR / "actors.csv")
    return comparison.compare(found, vectors, parties=("Union", "Employer"), docs=docs)


@pytest.fixture(scope="module")
def embed():
    from analysis.embeddings import embed_texts

    return embed_texts


def _bag_of_words_embed(texts):
    """A fast deterministic stand-in embedding (hashed word counts), for scale tests."""
    out = np.zeros((len(texts), 64))
    for i, text in enumerate(texts):
        for word in str(text).lower().split():
            out[i, zlib.crc32(word.encode()) % 64] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def _verdict(tables, words):
    """The verdict rows whose issue label contains any of ``words``."""
    verdicts = tables["verdicts"]
    pattern = "|".join(words)
    return verdicts[verdicts["issue_label"].str.contains(pattern, case=False)]


# --------------------------------------------------------------------------- seed (Done-when)

def test_seed_nato_enlargement_is_a_deadlock_with_cited_statements(seed_tables):
    rows = _verdict(seed_tables, ["expansion", "enlargement"])
    assert len(rows), seed_tables["verdicts"][["issue_label", "verdict"]]
    assert set(rows["verdict"]) == {"deadlock"}
    cited = sorted(set(";".join(rows["supporting_statement_ids"]).split(";")))
    evidence = seed_tables["statements"].set_index("statement_id").loc[cited]
    # The cited statements hold a Russian demand or red line and a US rejection.
    russian_ask = ((evidence["party"] == "Russia")
                   & evidence["category"].isin(["demand", "red_line"]))
    assert russian_ask.any()
    assert ((evidence["party"] == "US") & (evidence["category"] == "red_line")).any()


def test_seed_missiles_and_exercises_are_a_bargaining_space(seed_tables):
    rows = _verdict(seed_tables, ["deploy", "missile", "military", "exercise", "offensive"])
    assert len(rows), seed_tables["verdicts"][["issue_label", "verdict"]]
    assert "bargaining_space" in set(rows["verdict"])
    statements = seed_tables["statements"].set_index("statement_id")
    for ids in rows.loc[rows["verdict"] == "bargaining_space", "supporting_statement_ids"]:
        cited = ids.split(";")
        # The US concession (openness on missiles and exercises) is among the evidence.
        assert any(statements.at[i, "party"] == "US"
                   and statements.at[i, "category"] == "concession" for i in cited)
        assert any(statements.at[i, "party"] == "Russia" for i in cited)


def test_every_verdict_cites_existing_statements(seed_tables, labour_tables):
    for tables in (seed_tables, labour_tables):
        ids = set(tables["statements"]["statement_id"])
        assert len(tables["verdicts"])
        for cited in tables["verdicts"]["supporting_statement_ids"]:
            assert cited and set(cited.split(";")) <= ids
        assert set(tables["verdicts"]["verdict"]) <= set(comparison.VERDICTS)


def test_seed_tables_have_the_documented_columns(seed_tables):
    assert list(seed_tables["links"].columns) == [
        "from_statement_id", "from_party", "from_category", "to_statement_id", "to_party",
        "to_category", "similarity", "relation"]
    assert set(seed_tables["links"]["relation"]) <= set(comparison.RELATIONS)
    statements = seed_tables["statements"]
    assert statements["issue"].ne("").all()
    touched = {i for t in statements["issues"] for i in t.split(";") if i}
    # every issue a statement touches, primary or secondary, is listed in the issues table
    assert set(statements["issue"]) | touched == set(seed_tables["issues"]["issue"])
    for primary, all_issues in zip(statements["issue"], statements["issues"]):
        assert all_issues.split(";")[0] == primary


def test_compare_is_deterministic(seed_chain, seed_tables):
    docs, found, vectors = seed_chain
    again = comparison.compare(found.copy(), vectors.copy(), parties=("US", "Russia"), docs=docs)
    assert set(again) == set(seed_tables)
    for name, table in seed_tables.items():
        pd.testing.assert_frame_equal(again[name], table, check_exact=True)


def test_timeline_counts_dated_statements(seed_tables):
    timeline = seed_tables["timeline"]
    assert set(timeline["date"]) == {"2022-01-10"}
    assert set(timeline["party"]) <= {"US", "Russia"}
    st = seed_tables["statements"]
    assert timeline["n_statements"].sum() == st["party"].isin(["US", "Russia"]).sum()


# --------------------------------------------------------------------------- second corpus

def test_labour_corpus_gives_its_own_issues_and_verdicts(labour_tables, seed_tables):
    verdicts = labour_tables["verdicts"]
    assert set(verdicts["party_a"]) == {"Union"} and set(verdicts["party_b"]) == {"Employer"}
    shifts = _verdict(labour_tables, ["shift", "roster"])
    assert "bargaining_space" in set(shifts["verdict"])
    pay = _verdict(labour_tables, ["rise", "pay"])
    assert "deadlock" in set(pay["verdict"])
    assert not (set(labour_tables["issues"]["label"]) & set(seed_tables["issues"]["label"])
                - {comparison.OTHER_TOPICS})
    assert {"Union", "Employer"} <= set(labour_tables["links"]["from_party"])


def test_labour_timeline_has_one_row_group_per_dated_article(labour_tables):
    assert set(labour_tables["timeline"]["date"]) == {"2025-03-03", "2025-03-10", "2025-03-17"}


# --------------------------------------------------------------------------- issues

def test_user_anchors_guide_the_grouping(seed_chain, embed):
    _, found, vectors = seed_chain
    # A researcher's codebook: descriptions name the object, not the actors.
    anchors = pd.DataFrame({
        "name": ["Alliance enlargement"] * 3 + ["Missiles and exercises"] * 2,
        "description": ["enlargement of the alliance to new members", "eastward expansion",
                        "open door to countries seeking to join",
                        "deployment of offensive missiles near borders",
                        "limits on military exercises"]})
    with_issue, issues = comparison.assign_issues(found, vectors, anchors=anchors, embed=embed)
    anchored = issues[issues["source"] == "anchor"]
    assert set(anchored["issue"]) == {"Alliance enlargement", "Missiles and exercises"}
    concession = with_issue[with_issue["category"] == "concession"]
    assert concession["issue"].eq("Missiles and exercises").all()
    expansion = with_issue[with_issue["text"].str.contains("NATO expansion|NATO’s expansion")]
    assert len(expansion) >= 2
    assert expansion["issues"].str.contains("Alliance enlargement").all()
    links = comparison.link_responses(with_issue, vectors, ("US", "Russia"))
    verdicts = comparison.issue_verdicts(with_issue, links, ("US", "Russia")).set_index("issue")
    assert verdicts.at["Alliance enlargement", "verdict"] == "deadlock"
    assert verdicts.at["Missiles and exercises", "verdict"] == "bargaining_space"


def test_read_issue_anchors_splits_phrases_and_rejects_bad_files(tmp_path):
    good = tmp_path / "issues.csv"
    good.write_text("name,description\nPay,pay rise; wages\nHours,split shifts\n", encoding="utf-8")
    table = comparison.read_issue_anchors(good)
    assert table.to_dict("records") == [
        {"name": "Hours", "description": "split shifts"},
        {"name": "Pay", "description": "pay rise"},
        {"name": "Pay", "description": "wages"}]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,text\nPay,wages\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv:1: missing required column 'description'"):
        comparison.read_issue_anchors(bad)
    empty_name = tmp_path / "empty.csv"
    empty_name.write_text("name,description\nPay,wages\n ,hours\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.csv:3: invalid name '' \(issue name must not be empty\)"):
        comparison.read_issue_anchors(empty_name)
    with pytest.raises(InputError, match="not found"):
        comparison.read_issue_anchors(tmp_path / "missing.csv")


def test_assign_issues_scales_and_stays_deterministic():
    rng = np.random.default_rng(0)
    topics = ["pay rise", "split shifts", "pension fund", "night services", "uniform allowance"]
    cues = [("demand", "demands a"), ("red_line", "rejects any"), ("concession", "offers a"),
            ("other", "discussed the")]
    rows = []
    for n in range(3500):
        topic = topics[rng.integers(len(topics))]
        category, cue = cues[rng.integers(len(cues))]
        party = ["Union", "Employer"][rng.integers(2)]
        rows.append({"statement_id": f"d:{n + 1:05d}", "text": f"The {party.lower()} {cue} {topic} "
                     f"for route {rng.integers(40)}", "party": party, "category": category,
                     "evidence": cue})
    table = pd.DataFrame(rows)
    vectors = _bag_of_words_embed(table["text"])
    first, issues = comparison.assign_issues(table, vectors, embed=_bag_of_words_embed)
    second, issues_again = comparison.assign_issues(table, vectors, embed=_bag_of_words_embed)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(issues, issues_again)
    assert first["issue"].ne("").all()
    # Every topic phrase becomes an issue, and statements naming it land in it.
    for topic in topics:
        mentioning = first[first["text"].str.contains(topic)]
        assert mentioning["issues"].str.contains(topic).all(), topic


def test_clustering_fallback_without_discovery(seed_chain):
    _, found, vectors = seed_chain
    with_issue, issues = comparison.assign_issues(found, vectors, discover=False)
    assert set(issues["source"]) <= {"object", "other"}
    assert 2 <= len(issues) <= 40
    assert issues["label"].str.len().gt(0).all()
    assert issues["n_statements"].sum() == len(found)


def test_seed_issues_have_readable_names(seed_tables):
    issues = seed_tables["issues"]
    found = issues[issues["source"] == "object"]
    assert len(found) >= 3
    # Every name is an analyst's kind of name: no placeholder, quotation or lone generic word.
    assert all(comparison.is_acceptable_name(n) for n in issues["issue"]), issues["issue"].tolist()
    # Names come from what was demanded or refused, not from how it was reported.
    words = {w.lower() for label in found["label"] for w in label.split()}
    assert not words & {"said", "told", "talks", "reporters", "insists", "rejects"}
    # The one concession names missiles and exercises; it is on named issues only (one
    # when both objects are grouped together, two when they are not).
    statements = seed_tables["statements"]
    concession = statements[(statements["category"] == "concession")
                            & statements["text"].str.contains("missiles")]
    assert len(concession) == 1
    on = concession["issues"].iloc[0].split(";")
    assert set(on) <= set(found["issue"]) and 1 <= len(on) <= 2


def test_issue_of_a_move_is_its_object():
    objects = comparison.statement_objects
    assert objects("The union demands a 9 percent pay rise.", "demands", "demand").units \
        == ["9 percent pay rise"]
    # The object of a predicate cue stands before it; the reporting frame goes.
    assert objects("Lifting sanctions is non-negotiable for Tehran, the minister said.",
                   "non-negotiable", "red_line").units == ["Lifting sanctions"]
    # A threat is about its condition.
    assert objects("If the company cuts pensions, the union said, there will be a strike.",
                   "there will be a strike", "threat").units == ["company cuts pensions"]
    # Two objects joined by "and" are two objects; "such as" names one.
    assert len(objects("The ministers pressed for lower tariffs on steel and an end to "
                       "export quotas on grain.", "pressed for", "demand").units) == 2
    assert "halt to new settlements" in objects(
        "Some demands - such as a halt to new settlements - are unacceptable, he said.",
        "unacceptable", "red_line").units
    # Replies that only point back have no object of their own.
    for text, cue in [("The employer rejected the proposal.", "rejected"),
                      ("Those demands are non-starters, he said.", "non-starters"),
                      ("The government dismissed the latest offer as a stunt.", "dismissed")]:
        found = objects(text, cue, "red_line")
        assert found.units == [] and found.reference == "move", text
    assert objects("The rebels want an amnesty; the demand for an amnesty is old.",
                   "want", "demand").units


def test_replies_inherit_the_issue_of_the_demand_they_answer(embed):
    texts = ["The union demands a nine percent pay rise for drivers.",
             "The union also wants the depot canteen reopened.",
             "The transport authority rejected the demand for a pay rise outright.",
             "Management said those demands were unaffordable.",
             "The union insists on the pay rise.",
             "Drivers want the canteen back."]
    table = pd.DataFrame({"statement_id": [f"d:{i:04d}" for i in range(1, 7)], "text": texts,
                          "party": ["Union", "Union", "Employer", "Employer", "Union", "Union"],
                          "category": ["demand", "demand", "red_line", "red_line", "demand",
                                       "demand"],
                          "evidence": ["demands", "wants", "rejected", "unaffordable",
                                       "insists on", "want"],
                          "doc_id": ["d"] * 6, "char_start": range(6)})
    vectors = embed(texts)
    out, issues = comparison.assign_issues(table, vectors, embed=embed)
    issue = dict(zip(out["statement_id"], out["issue"]))
    assert issue["d:0001"] == issue["d:0005"] != comparison.OTHER_TOPICS
    assert issue["d:0002"] == issue["d:0006"] != issue["d:0001"]
    # "those demands" points back at the nearest earlier move of the other party.
    assert issue["d:0004"] == issue["d:0002"]


def test_cluster_labels_have_no_gaps():
    # Issue 16, case 3: merged clusters once left gaps that became column positions.
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(300, 16))
    texts = [f"object {i % 37}" for i in range(300)]
    for settings in (CompareSettings(), CompareSettings(exact_clustering_max=50,
                                                        micro_clusters=40)):
        labels = cluster_objects(texts, vectors, settings)
        assert sorted(set(labels.tolist())) == list(range(labels.max() + 1))
        # Identical objects share their issue.
        for i in range(37):
            assert len(set(labels[i::37].tolist())) == 1


def test_bad_vectors_raise_input_error(seed_chain):
    _, found, vectors = seed_chain
    with pytest.raises(InputError, match="one row per statement"):
        comparison.compare(found, vectors[:-1], ("US", "Russia"))
    with pytest.raises(InputError, match="two different parties"):
        comparison.compare(found, vectors, parties=("US", "US"))


# --------------------------------------------------------------------------- links and verdicts

LINK_CASES = [
    ("The union demands a nine percent pay rise for all drivers.", "Union", "demand"),
    ("The employer rejected the demand for a nine percent pay rise.", "Employer", "red_line"),
    ("The employer offered a three percent pay rise from next month.", "Employer", "concession"),
    ("Management says the union must first accept longer shifts before any pay rise.",
     "Employer", "demand"),
    ("Management warned that a pay strike would cost drivers their bonus.", "Employer", "threat"),
    ("Management has no intention of granting drivers a nine percent pay rise.",
     "Employer", "other"),
    ("The union demands that the depot canteen reopen on Tuesday.", "Union", "demand"),
]


@pytest.fixture(scope="module")
def link_table(embed):
    table = pd.DataFrame(LINK_CASES, columns=["text", "party", "category"])
    table.insert(0, "statement_id", [f"t:{i + 1:04d}" for i in range(len(table))])
    table["issue"] = ["pay"] * 6 + ["canteen"]
    return table, embed(table["text"].tolist())


def test_link_relations_follow_the_answer(link_table):
    table, vectors = link_table
    links = comparison.link_responses(table, vectors, parties=("Union", "Employer"),
                                      settings=CompareSettings(max_answers=10))
    demand = links[links["from_statement_id"] == "t:0001"].set_index("to_statement_id")
    assert demand["relation"].to_dict() == {"t:0002": "rejects", "t:0003": "concedes",
                                            "t:0004": "counter_demands",
                                            "t:0005": "counter_threatens", "t:0006": "rejects"}
    assert (demand["similarity"] >= CompareSettings().response_threshold).all()
    # By default only the most similar answers are kept.
    default = comparison.link_responses(table, vectors, parties=("Union", "Employer"))
    kept = default[default["from_statement_id"] == "t:0001"]
    assert len(kept) == CompareSettings().max_answers
    assert kept["similarity"].min() >= demand["similarity"].nsmallest(1).iloc[0]
    # Employer demands and threats are answered by the union's own demand.
    for sid in ("t:0004", "t:0005"):
        row = links[links["from_statement_id"] == sid]
        answers = row[["to_statement_id", "relation"]].values.tolist()
        assert answers == [["t:0001", "counter_demands"]]
    # The canteen demand is on another issue, where the employer says nothing.
    canteen = links[links["from_statement_id"] == "t:0007"]
    assert canteen["relation"].tolist() == ["unanswered"]
    assert canteen["to_statement_id"].tolist() == [""] and canteen["similarity"].isna().all()
    assert "t:0007" not in set(demand.index)


def test_link_threshold_cuts_dissimilar_answers(link_table):
    table, vectors = link_table
    links = comparison.link_responses(table, vectors, parties=("Union", "Employer"),
                                      settings=CompareSettings(response_threshold=0.99))
    assert set(links["relation"]) == {"unanswered"}


def test_link_window_keeps_the_answers_nearest_in_time(link_table):
    # The employer's three answers to the pay demand, dated a day, a month and a year
    # after it: a window of two candidates keeps the two nearest, whatever their
    # similarity; a window as large as the issue finds the same answers as no window.
    table, vectors = link_table
    table = table.iloc[[0, 1, 2, 4]].reset_index(drop=True)
    vectors = vectors[[0, 1, 2, 4]]
    table["date"] = ["2024-01-01", "2025-01-01", "2024-01-02", "2024-02-01"]
    parties = ("Union", "Employer")

    def answers(window):
        links = comparison.link_responses(table, vectors, parties,
                                          CompareSettings(max_answers=10, response_window=window))
        return set(links.loc[links["from_statement_id"] == "t:0001", "to_statement_id"])

    assert answers(2) == {"t:0003", "t:0005"}
    assert answers(3) == answers(1000) == {"t:0002", "t:0003", "t:0005"}
    # Without dates, the corpus's order is the table's: the first two answers.
    undated = comparison.link_responses(table.drop(columns="date"), vectors, parties,
                                        CompareSettings(max_answers=10, response_window=2))
    assert set(undated.loc[undated["from_statement_id"] == "t:0001", "to_statement_id"]) \
        == {"t:0002", "t:0003"}


def test_link_blocks_agree_with_one_pair_at_a_time(embed):
    # Many asking statements scored in blocks, with ties in similarity (repeated
    # texts): the kept answers are, for each, the most similar, ties by smaller id.
    rng = np.random.default_rng(3)
    texts = [text for text, _, _ in LINK_CASES[:6]]
    rows = [(f"s:{i:04d}", texts[k], LINK_CASES[k][1], LINK_CASES[k][2])
            for i, k in enumerate(rng.integers(0, 6, size=300))]
    table = pd.DataFrame(rows, columns=["statement_id", "text", "party", "category"])
    table["issue"] = "pay"
    vectors = embed(table["text"].tolist())
    settings = CompareSettings(max_answers=3)
    links = comparison.link_responses(table, vectors, ("Union", "Employer"), settings)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    for i in rng.choice(np.flatnonzero(table["party"] == "Union"), 10, replace=False):
        other = np.flatnonzero((table["party"] == "Employer").to_numpy())
        sims = np.round((unit[other] @ unit[i]).astype(np.float64), 4)
        order = np.lexsort((table["statement_id"].to_numpy()[other], -sims))
        expected = [table.at[j, "statement_id"] for j in other[order][:3]
                    if round(float(unit[j] @ unit[i]), 4) >= settings.response_threshold]
        got = links.loc[links["from_statement_id"] == table.at[i, "statement_id"]]
        assert sorted(got["to_statement_id"]) == sorted(expected)


def _verdict_case(relations):
    """Statements and links for one issue 'x': Russia asks, the US answers with ``relations``."""
    rows = [{"statement_id": "d:0001", "party": "Russia", "category": "demand", "issue": "x"},
            {"statement_id": "d:0002", "party": "Russia", "category": "red_line", "issue": "x"}]
    links = []
    category_of = {"rejects": "red_line", "concedes": "concession", "counter_demands": "demand",
                   "counter_threatens": "threat"}
    for n, (source, relation) in enumerate(relations, start=3):
        sid = f"d:{n:04d}"
        rows.append({"statement_id": sid, "party": "US", "category": category_of[relation],
                     "issue": "x"})
        links.append([source, "Russia", "demand", sid, "US", category_of[relation], 0.5, relation])
    return pd.DataFrame(rows), pd.DataFrame(links, columns=comparison.LINKS_COLUMNS)


@pytest.mark.parametrize("relations, expected, cited", [
    ([("d:0001", "rejects"), ("d:0002", "rejects")], "deadlock",
     {"d:0001", "d:0002", "d:0003", "d:0004"}),
    ([("d:0001", "concedes")], "bargaining_space", {"d:0001", "d:0003"}),
    # One demand conceded, one only rejected: a concession is on the table.
    ([("d:0001", "concedes"), ("d:0002", "rejects")], "bargaining_space", {"d:0001", "d:0003"}),
    ([("d:0001", "counter_demands")], "deadlock", {"d:0001", "d:0003"}),
    ([("d:0001", "counter_threatens"), ("d:0002", "counter_threatens")], "deadlock",
     {"d:0001", "d:0002", "d:0003", "d:0004"}),
])
def test_verdict_rules(relations, expected, cited):
    statements, links = _verdict_case(relations)
    verdicts = comparison.issue_verdicts(statements, links, parties=("US", "Russia"))
    assert verdicts["verdict"].tolist() == [expected]
    assert set(verdicts["supporting_statement_ids"].iloc[0].split(";")) == cited


def test_verdict_one_sided_and_unanswered():
    statements, links = _verdict_case([])
    verdicts = comparison.issue_verdicts(statements, links, parties=("US", "Russia"))
    assert verdicts["verdict"].tolist() == ["one_sided"]
    assert verdicts["supporting_statement_ids"].tolist() == ["d:0001;d:0002"]
    statements.loc[len(statements)] = {"statement_id": "d:0009", "party": "US",
                                       "category": "demand", "issue": "x"}
    verdicts = comparison.issue_verdicts(statements, links, parties=("US", "Russia"))
    assert verdicts["verdict"].tolist() == ["unanswered"]
    assert verdicts["n_unanswered"].tolist() == [3]


# --------------------------------------------------------------------------- distances, matrix

def test_bootstrap_interval_contains_estimate_and_is_reproducible(seed_tables, seed_chain):
    _, found, vectors = seed_chain
    distances = seed_tables["distances"]
    assert "all" in set(distances["category"])
    assert (distances["ci_low"] <= distances["similarity"]).all()
    assert (distances["similarity"] <= distances["ci_high"]).all()
    wide = distances[(distances["n_a"] > 1) & (distances["n_b"] > 1)]
    assert (wide["ci_high"] > wide["ci_low"]).all()
    again = comparison.position_distances(seed_tables["statements"], vectors, ("US", "Russia"))
    pd.testing.assert_frame_equal(again, distances)
    other_seed = comparison.position_distances(seed_tables["statements"], vectors,
                                               ("US", "Russia"), CompareSettings(random_state=1))
    assert not other_seed[["ci_low", "ci_high"]].equals(distances[["ci_low", "ci_high"]])


def test_single_statement_groups_have_a_point_interval():
    vectors = np.eye(3)
    table = pd.DataFrame({"statement_id": ["a", "b", "c"], "text": ["x", "y", "z"],
                          "party": ["US", "Russia", "NATO"], "category": ["demand"] * 3})
    distances = comparison.position_distances(table, vectors, ("US", "Russia"),
                                               CompareSettings(n_boot=200))
    values = distances[["similarity", "ci_low", "ci_high"]].to_numpy().tolist()
    assert values == [[0.0, 0.0, 0.0]] * 2


def _two_party_sample(n_a, n_b, dim=24, seed=3):
    """Generated statements of two parties whose vectors share a direction plus noise."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=dim)
    rows, vectors = [], []
    for party, n in (("US", n_a), ("Russia", n_b)):
        own = rng.normal(size=dim)
        vectors.append(common + own + 2.5 * rng.normal(size=(n, dim)))
        rows += [{"statement_id": f"{party}:{i}", "text": f"{party} statement {i}",
                  "party": party, "category": ("demand", "red_line")[i % 2]} for i in range(n)]
    return pd.DataFrame(rows), np.vstack(vectors)


def test_contribution_bootstrap_matches_the_exact_one_row_by_row():
    # "all" has 900 US statements (above 600: resampled contributions); each
    # category has at most 450 per party (below: resampled vectors, as before).
    table, vectors = _two_party_sample(900, 700)
    exact = comparison.position_distances(table, vectors, ("US", "Russia"),
                                          CompareSettings(exact_bootstrap_max=10**9))
    linear = comparison.position_distances(table, vectors, ("US", "Russia"),
                                           CompareSettings(exact_bootstrap_max=600))
    same = ["category", "n_a", "n_b", "similarity", "centroid_similarity", "n_boot"]
    pd.testing.assert_frame_equal(linear[same], exact[same])
    # Rows below the threshold are the exact method's, draw for draw.
    pd.testing.assert_frame_equal(linear.iloc[1:], exact.iloc[1:])
    half_width = (exact["ci_high"] - exact["ci_low"]).iloc[0] / 2
    assert half_width > 0.005
    for limit in ("ci_low", "ci_high"):
        assert abs(linear[limit].iloc[0] - exact[limit].iloc[0]) <= 0.05 * half_width + 1e-4


@pytest.mark.parametrize("n_a, n_b", [(3000, 2500), (2000, 3)])
def test_resampled_contributions_track_resampled_vectors(n_a, n_b):
    # The same draws through both ways: the resampled similarities differ only by
    # the dropped cross term, so their distribution (hence the percentile
    # interval) is the exact one's, also when one party has a handful of statements.
    from analysis.compare import distances

    table, vectors = _two_party_sample(n_a, n_b)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    a, b = unit[(table["party"] == "US").to_numpy()], unit[(table["party"] == "Russia").to_numpy()]
    mean_a, mean_b = a.mean(axis=0), b.mean(axis=0)
    rng = np.random.default_rng(0)
    exact = (distances._resampled_means(a, 1000, rng)
             * distances._resampled_means(b, 1000, rng)).sum(1)
    linear = distances._contribution_resamples(a, b, mean_a, mean_b, 1000,
                                               np.random.default_rng(0))
    spread = exact.std()
    assert np.corrcoef(linear, exact)[0, 1] > 0.95
    assert linear.std() == pytest.approx(spread, rel=0.02)
    # 0.2 sd: twice the Monte Carlo error of a 2.5% percentile of 1,000 resamples
    # (three statements give a lumpy distribution whose tail quantile jumps).
    quantiles = [0.025, 0.5, 0.975]
    np.testing.assert_allclose(np.quantile(linear, quantiles), np.quantile(exact, quantiles),
                               rtol=0, atol=0.2 * spread)


def test_position_matrix_representative_and_fallback_issue():
    table = pd.DataFrame({
        "statement_id": ["d:1", "d:2", "d:3", "d:4", "d:5"],
        "text": ["US wants the base closed", "US wants the base shut", "US wants talks",
                 "Russia rejects the base plan", "Russia names no issue here"],
        "party": ["US", "US", "US", "Russia", "Russia"],
        "category": ["demand", "demand", "demand", "red_line", "red_line"],
        "issue": ["base", "base", "talks", "base", "talks"],
        "issues": ["base", "base", "base;talks", "base", None]})
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.6, 0.8], [1.0, 0.1], [0.0, 1.0]])
    matrix = comparison.position_matrix(table, vectors)
    cells = {(r.party, r.issue, r.category): (r.n_statements, r.representative_statement_id)
             for r in matrix.itertuples(index=False)}
    # d:1 and d:2 tie for closest to the base-demand centroid: the first id wins.
    assert cells == {("Russia", "base", "red_line"): (1, "d:4"),
                     ("Russia", "talks", "red_line"): (1, "d:5"),
                     ("US", "base", "demand"): (3, "d:1"),
                     ("US", "talks", "demand"): (1, "d:3")}
    assert list(matrix["party"]) == ["Russia", "Russia", "US", "US"]


def test_position_matrix_counts_every_statement_on_every_issue_it_touches(seed_tables):
    matrix = seed_tables["position_matrix"]
    statements = seed_tables["statements"].set_index("statement_id")
    touched = statements["issues"].str.split(";")
    assert matrix["n_statements"].sum() == touched.str.len().sum()
    # Every issue of the issues table that a party takes a position on has its row.
    assert set(matrix["issue"]) == set(seed_tables["issues"]["issue"])
    for row in matrix.itertuples(index=False):
        rep = statements.loc[row.representative_statement_id]
        assert (rep["party"], rep["category"]) == (row.party, row.category)
        assert row.issue in rep["issues"].split(";")


# --------------------------------------------------------------------------- figures

def test_every_figure_is_labelled(seed_chain, seed_tables):
    from analysis.plotting import comparison as plots

    _, _, vectors = seed_chain
    figures = plots.comparison_figures(seed_tables["statements"], vectors, seed_tables,
                                       parties=("US", "Russia"))
    assert set(figures) == {"party_categories", "similarity_heatmap", "statement_map",
                            "position_matrix", "links", "distances", "timeline"}
    # One date only: no per-issue timeline.
    try:
        for name, fig in figures.items():
            assert isinstance(fig, matplotlib.figure.Figure), name
            for ax in fig.axes:
                if ax.get_label() == "<colorbar>":
                    continue
                assert ax.get_xlabel() or ax.get_ylabel(), name
            if name in ("party_categories", "statement_map", "links"):
                assert fig.axes[0].get_legend() is not None, name
    finally:
        import matplotlib.pyplot as plt

        for fig in figures.values():
            plt.close(fig)


def test_statement_map_labels_do_not_overlap(seed_chain, seed_tables):
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from analysis.plotting import comparison as plots

    _, _, vectors = seed_chain
    fig = plots.plot_statement_map(seed_tables["statements"], vectors, ("US", "Russia"))
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        # Text boxes only (an annotation's own extent also spans its leader line).
        boxes = [Text.get_window_extent(t, renderer) for t in fig.axes[0].texts]
        assert len(boxes) >= 4
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not a.overlaps(b)
    finally:
        plt.close(fig)


def test_figures_accept_empty_tables():
    import matplotlib.pyplot as plt
    from analysis.plotting import comparison as plots

    figures = [plots.plot_links(pd.DataFrame(columns=comparison.LINKS_COLUMNS)),
               plots.plot_distances(pd.DataFrame(columns=comparison.DISTANCE_COLUMNS)),
               plots.plot_timeline(pd.DataFrame(columns=comparison.TIMELINE_COLUMNS)),
               plots.plot_position_matrix(pd.DataFrame(columns=comparison.MATRIX_COLUMNS))]
    for fig in figures:
        assert isinstance(fig, matplotlib.figure.Figure)
        plt.close(fig)


def test_empty_and_tiny_inputs_give_empty_tables(seed_chain):
    import matplotlib.pyplot as plt
    from analysis.plotting import comparison as plots

    _, found, vectors = seed_chain
    for rows in (0, 3):
        table, vecs = found.iloc[:rows], vectors[:rows]
        absent = {"US", "Russia"} - set(table["party"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables = comparison.compare(table, vecs, ("US", "Russia"))
        # A compared party with nothing to say is reported, not silently compared.
        assert {p for p in ("US", "Russia")
                if any(f"'{p}' has no statements" in str(w.message) for w in caught)} == absent
        assert len(tables["statements"]) == rows
        assert tables["verdicts"].empty and tables["distances"].empty
        for fig in plots.comparison_figures(tables["statements"], vecs, tables,
                                            ("US", "Russia")).values():
            plt.close(fig)
