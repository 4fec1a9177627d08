"""The reproducible report: figure manifest, and a new user's corpus end to end."""
import hashlib
import shutil
import subprocess
import sys

import pytest

from analysis import config, pipeline, report


def _manifest(text):
    return dict(reversed(line.split("  ", 1)) for line in text.splitlines() if line.strip())


def test_committed_figures_match_the_manifest():
    committed = _manifest((config.FIGURES_DIR / report.MANIFEST_NAME).read_text())
    current = _manifest(report.figure_manifest(config.FIGURES_DIR))
    assert current == committed, "figures changed: run `make figures` to refresh the manifest"


def test_figures_regenerated_from_the_seed_match_the_manifest(tmp_path):
    """Same input, same bytes: the library redraws every committed figure identically."""
    committed = _manifest((config.FIGURES_DIR / report.MANIFEST_NAME).read_text())
    run = pipeline.compare(pipeline.embed(pipeline.extract(config.SEEDS_DIR)))
    written = pipeline.write_figures(run, tmp_path) + pipeline.write_stance_figures(tmp_path)
    regenerated = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in written}
    assert regenerated == committed


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
