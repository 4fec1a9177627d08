"""Committed figures and their manifest agree.

`make test` runs this twice: with the rest of the suite, and after
`python -m analysis run` has redrawn every figure in figures/ from the seed (the
run is each figure's one owner; the notebooks only display them). A figure that
changes without `make figures` refreshing the manifest fails the second run.
"""
from analysis import config, report


def _manifest(text):
    return {name: digest for digest, name in
            (line.split("  ", 1) for line in text.splitlines() if line.strip())}


def test_figures_match_the_committed_manifest():
    committed = _manifest((config.FIGURES_DIR / report.MANIFEST_NAME).read_text())
    current = _manifest(report.figure_manifest(config.FIGURES_DIR))
    assert committed, "figures/MANIFEST.sha256 lists no figure"
    assert current == committed, "figures changed: run `make figures` to refresh the manifest"
