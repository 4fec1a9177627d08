"""Scoring against hand annotations: reading gold files, aligning keys, the measures,
and the ``evaluate`` command on good and broken gold files."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.errors import InputError
from analysis.evaluation import devset, gold, metrics

LABOUR = config.ROOT / "tests" / "data" / "corpora" / "labour"
HEADER = "file,key,party,category,acceptable\n"
# Keys from the labour test corpus (written for the tests, not a real report).
GOOD_ROWS = (
    "001_strike_vote.txt,The Transit Workers Union demands a 9 percent,Union,demand,\n"
    "001_strike_vote.txt,The authority rejected the pay claim,Employer,red_line,\n"
    "001_strike_vote.txt,Chen said the authority was ready to review,Employer,concession,\n"
    "001_strike_vote.txt,\"If no agreement is reached by Friday\",Union,threat,demand\n"
)


def _gold(tmp_path, text: str):
    path = tmp_path / "gold.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_gold_file_is_read_with_every_column(tmp_path):
    table = gold.read_gold(_gold(tmp_path, HEADER + GOOD_ROWS))
    assert list(table["category"]) == ["demand", "red_line", "concession", "threat"]
    assert set(gold.OPTIONAL_COLUMNS) <= set(table.columns)
    assert list(table["line"]) == [2, 3, 4, 5]


ROW = "001_strike_vote.txt,The Transit Workers Union,Union,"


@pytest.mark.parametrize("text, message", [
    ("file,key,party\nx.txt,some long key here,US\n",
     r"gold\.csv:1: missing required column 'category'"),
    (HEADER + ROW + "demnd,\n", r"gold\.csv:2: invalid category 'demnd' \(expected a category"),
    (HEADER + ROW + "threat,demand;ultimatum\n",
     r"gold\.csv:2: invalid acceptable 'demand;ultimatum' \(acceptable: expected categories"),
    (HEADER + ROW + "demand,,extra\n", r"gold\.csv:2: row has 6 fields"),
    (HEADER + "001_strike_vote.txt,,Union,demand,\n",
     r"gold\.csv:2: invalid key '' \(key must not be empty\)"),
    (HEADER + "001_strike_vote.txt,short,Union,demand,\n",
     r"gold\.csv:2: invalid key 'short' \(key shorter than 8 characters\)"),
    (HEADER, r"gold\.csv:2: gold file has a header but no rows"),
])
def test_a_malformed_gold_file_is_one_line_naming_the_line(tmp_path, text, message):
    with pytest.raises(InputError, match=message) as error:
        gold.read_gold(_gold(tmp_path, text))
    assert "gold.csv:" in str(error.value) and "\n" not in str(error.value)


@pytest.fixture(scope="module")
def labour_result():
    from analysis import NegotiationAnalyzer

    return NegotiationAnalyzer().run(LABOUR)


@pytest.mark.parametrize("row, message", [
    ("001_strike_vote.txt,This sentence is nowhere in the text,Union,demand,\n", "not found"),
    ("001_strike_vote.txt,said split shifts were,Union,demand,\n", None),
    ("001_strike_vote.txt, Lopez said,Union,demand,\n", "more than once"),
    ("absent.txt,The Transit Workers Union,Union,demand,\n", "not a document"),
])
def test_keys_that_do_not_point_at_one_place_are_refused(tmp_path, labour_result, row, message):
    table = gold.read_gold(_gold(tmp_path, HEADER + row))
    if message is None:
        aligned = gold.align_gold(labour_result.statements, table, labour_result.docs)
        assert aligned["statement_id"].iloc[0]
        return
    with pytest.raises(InputError, match=message):
        gold.align_gold(labour_result.statements, table, labour_result.docs, "gold.csv")


def test_keys_align_to_the_statement_that_holds_them(tmp_path, labour_result):
    table = gold.read_gold(_gold(tmp_path, HEADER + GOOD_ROWS))
    aligned = gold.align_gold(labour_result.statements, table, labour_result.docs)
    statements = labour_result.statements.set_index("statement_id")
    for key, statement_id in zip(aligned["key"], aligned["statement_id"]):
        assert key.strip('"')[:20] in statements.loc[statement_id, "text"]
    assert aligned["party_correct"].all()


def test_scores_credit_acceptable_labels():
    aligned = pd.DataFrame({"category": ["demand", "threat", "other"],
                            "pred_category": ["demand", "demand", "concession"],
                            "acceptable": ["", "demand", ""],
                            "party": ["A", "B", "none"], "pred_party": ["A", "unknown", "none"],
                            "party_alternatives": ["", "", ""],
                            "statement_id": ["d:1", "d:2", ""]})
    aligned["category_correct"] = [gold.category_matches(p, g, a) for p, g, a in
                                   zip(aligned["pred_category"], aligned["category"], aligned["acceptable"])]
    aligned["party_correct"] = [gold.party_matches(p, g) for p, g in
                                zip(aligned["pred_party"], aligned["party"])]
    scores = gold.score_aligned(aligned)
    summary = scores["summary"].set_index("measure")["value"]
    assert summary["stance_accuracy"] == pytest.approx(2 / 3)
    assert summary["party_accuracy"] == pytest.approx(2 / 3)
    assert summary["party_unknown_share"] == pytest.approx(1 / 3)
    assert summary["missed_statements"] == 1
    confusion = scores["confusion"].set_index("gold")
    assert confusion.loc["threat", "threat"] == 1 and confusion.loc["other", "concession"] == 1


def test_party_names_compare_without_case_or_common_variants():
    assert gold.party_matches("US", "United States")
    assert gold.party_matches("uk", "Britain")
    assert gold.party_matches("France", "E3", "France;UK;Germany")
    assert not gold.party_matches("Russia", "US")


def test_bcubed_matches_a_hand_computed_example():
    # Items 1-2 in gold issue a, 3-4 in b; the grouping puts 1-3 together and 4 alone.
    precision, recall, f1 = metrics.bcubed([{"a"}, {"a"}, {"b"}, {"b"}],
                                           [{"x"}, {"x"}, {"x"}, {"y"}])
    assert precision == pytest.approx(2 / 3)
    assert recall == pytest.approx(3 / 4)
    assert f1 == pytest.approx(2 * (2 / 3) * (3 / 4) / (2 / 3 + 3 / 4))
    assert metrics.bcubed([{"a"}, {"a"}], [{"x"}, {"x"}]) == (1.0, 1.0, 1.0)
    # An item in two issues that the grouping gives only one of loses recall, not precision.
    p, r, _ = metrics.bcubed([{"a", "b"}, {"a"}, {"b"}], [{"x"}, {"x"}, {"y"}])
    assert p == pytest.approx(1.0) and r < 1


def test_expected_calibration_error():
    assert metrics.expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0)
    assert metrics.expected_calibration_error([1.0, 1.0], [False, False]) == pytest.approx(1.0)
    assert np.isnan(metrics.expected_calibration_error([], []))


def test_the_development_set_lists_at_least_five_negotiations():
    found = devset.negotiations()
    assert len(found) >= 5
    assert len({n.kind for n in found}) >= 4
    for negotiation in found:
        table = negotiation.gold()
        assert len(table) >= 45
        assert (table["category"] != "other").sum() >= 20
        metadata = pd.read_csv(negotiation.folder / "metadata.csv", dtype=str, keep_default_na=False)
        assert {"url", "source", "date"} <= set(metadata.columns)
        assert (metadata["url"].str.startswith("http")).all()


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True,
                          text=True, cwd=config.ROOT, timeout=600)


def test_evaluate_command_scores_a_development_negotiation(tmp_path):
    negotiation = devset.negotiations()[0]
    done = _cli("evaluate", negotiation.folder, "--gold", negotiation.gold_path, "-o", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "party_accuracy" in done.stdout and "macro avg" in done.stdout
    aligned = pd.read_csv(tmp_path / "aligned.csv", keep_default_na=False)
    assert len(aligned) == len(negotiation.gold())


def test_evaluate_command_with_a_broken_gold_file_is_exit_2(tmp_path):
    broken = _gold(tmp_path, HEADER + "001_strike_vote.txt,This sentence is nowhere in the text,Union,demand,\n")
    done = _cli("evaluate", LABOUR, "--gold", broken)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "gold.csv:2: key" in done.stderr


def test_gold_keys_are_kept_verbatim_and_lines_name_where_a_row_starts(tmp_path):
    """Keys are matched character for character, so the reader must not trim them; a
    note spanning two lines moves the next row's line number."""
    text = (HEADER.replace("acceptable", "acceptable,note")
            + "001_strike_vote.txt, Lopez said,Union,demand,,\"a note\nover two lines\"\n"
            + "001_strike_vote.txt,The authority rejected the pay claim,Employer,red_line,,\n")
    table = gold.read_gold(_gold(tmp_path, text))
    assert list(table["key"]) == [" Lopez said", "The authority rejected the pay claim"]
    assert list(table["line"]) == [2, 4]


def test_development_tables_are_read_by_the_one_table_reader(tmp_path):
    """gold.csv, negotiation.csv and verdicts.csv are decoded as documents are (a
    byte-order mark, Windows line ends) and checked with one wording."""
    folder = tmp_path / "transit_talks"
    folder.mkdir()
    (folder / "gold.csv").write_bytes(("\ufeff" + HEADER + GOOD_ROWS).replace("\n", "\r\n").encode())
    (folder / "negotiation.csv").write_text("id,title,kind,party_a,party_b,period\n"
                                            "transit_talks,Transit pay talks,labour,Union,Employer,\n")
    (folder / "verdicts.csv").write_text("issue,party_a,party_b,verdict\npay,Union,Employer,stalemate\n")
    [negotiation] = devset.negotiations(tmp_path)
    assert (negotiation.id, negotiation.parties) == ("transit_talks", ("Union", "Employer"))
    plain = gold.read_gold(_gold(tmp_path, HEADER + GOOD_ROWS))
    assert negotiation.gold().drop(columns="line").equals(plain.drop(columns="line"))
    with pytest.raises(InputError, match=r"verdicts\.csv:2: invalid verdict 'stalemate' \(expected a verdict"):
        negotiation.verdicts()
