"""The reproducible report on a new user's corpus, end to end."""
import shutil
import subprocess
import sys


from analysis import config


def test_new_document_reaches_the_html_report(tmp_path):
    """What the README tells a new user: copy seeds/, add a document and a row, one command."""
    corpus = tmp_path / "my_corpus"
    shutil.copytree(config.SEEDS_DIR, corpus)
    (corpus / "001_briefing.txt").write_text(
        "MR PRICE: We have been clear that the open door policy of the Alliance is not up for "
        "negotiation.\n\nQUESTION: Will you discuss limits on exercises?\n\n"
        "MR PRICE: We are prepared to discuss reciprocal limits on the size of exercises.\n",
        encoding="utf-8")
    with open(corpus / "metadata.csv", "a", encoding="utf-8") as sheet:
        sheet.write("001_briefing.txt,Department Press Briefing,2022-01-11,"
                    "US State Department,Ned Price\n")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "analysis", "report", str(corpus), "-o",
                             str(out)], capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "reciprocal limits on the size of exercises" in html
    assert "001_briefing" in html
    assert (out / "tables" / "verdicts.csv").exists()
    assert (out / "figures" / "timeline.png").exists()  # two dates now
    # the committed seed notebooks and figures were not touched
    assert not (out / "notebooks" / "01_corpus_and_statements.ipynb").samefile(
        config.NOTEBOOKS_DIR / "01_corpus_and_statements.ipynb")
