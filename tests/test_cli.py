"""The command line end to end on the seed corpus: outputs, exit codes, one-line errors."""
import re
import subprocess
import sys

import pandas as pd
import pytest

from analysis import config, vocab

STATEMENT_COLUMNS = ["doc_id", "statement_id", "char_start", "char_end", "text", "speaker",
                     "party", "category", "categories", "confidence", "evidence"]


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], input=stdin,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def seed_statements(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "statements.csv"
    result = run_cli("statements", config.SEEDS_DIR, "-o", out)
    assert result.returncode == 0, result.stderr
    return pd.read_csv(out, keep_default_na=False)


def test_statements_have_every_contract_column_and_vocabulary(seed_statements):
    assert set(STATEMENT_COLUMNS) <= set(seed_statements.columns)
    assert len(seed_statements) >= 30
    assert seed_statements["party"].map(vocab.is_party_name).all()
    assert seed_statements["category"].isin(vocab.CATEGORIES).all()
    assert (seed_statements["confidence"].between(0, 1)).all()


def test_statement_spans_point_into_the_seed(seed_statements):
    text = (config.SEEDS_DIR / "000_a4d1898099380f22.txt").read_text(encoding="utf-8")
    def letters(s):
        return re.sub(r"\W", "", s).lower()

    for row in seed_statements.itertuples():
        # cleaning only repairs punctuation and spacing: the same letters in the same order
        assert letters(text[row.char_start:row.char_end]) == letters(row.text)


def test_statements_to_stdout_is_csv():
    result = run_cli("statements", config.SEEDS_DIR)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("doc_id,statement_id,char_start,char_end")


def test_classify_reads_lines_from_stdin():
    lines = "We demand that the blockade be lifted immediately.\nThe talks resumed on Tuesday.\n"
    result = run_cli("classify", "-", stdin=lines)
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(pd.io.common.StringIO(result.stdout), keep_default_na=False)
    assert list(table.columns[:5]) == ["text", "category", "categories", "confidence", "evidence"]
    assert table["category"].tolist() == ["demand", "other"]


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["compare", "seeds"],
                                  ["statements", "no/such/folder"]])
def test_usage_and_missing_input_exit_2_with_one_line(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_writes_every_table_and_figure(tmp_path):
    result = run_cli("compare", config.SEEDS_DIR, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ["statements", "issues", "position_matrix", "links", "verdicts"]:
        assert (tmp_path / f"{name}.csv").stat().st_size > 0
    for name in ["party_categories", "similarity_heatmap", "statement_map"]:
        assert (tmp_path / "figures" / f"{name}.png").exists()
    links = pd.read_csv(tmp_path / "links.csv")
    assert list(links.columns) == ["from_statement_id", "from_party", "from_category",
                                   "to_statement_id", "to_party", "to_category", "similarity",
                                   "relation"]


def test_compare_names_the_parties_present_when_the_pair_is_absent(tmp_path):
    """The default pair (US, Russia) on a labour dispute: say so, and who does speak."""
    labour = config.ROOT / "tests" / "data" / "corpora" / "labour"
    result = run_cli("compare", labour, "-o", tmp_path / "default")
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: parties:")]
    assert len(warned) == 2 and "'US'" in warned[0] and "'Russia'" in warned[1]
    assert all("Union (" in line and "Employer (" in line and "--parties" in line
               for line in warned)
    chosen = run_cli("compare", labour, "-o", tmp_path / "chosen", "--parties", "Union", "Employer")
    assert chosen.returncode == 0, chosen.stderr
    assert "warning: parties:" not in chosen.stderr
    verdicts = pd.read_csv(tmp_path / "chosen" / "verdicts.csv", keep_default_na=False)
    assert len(verdicts) > 0
