"""Showing results inside a notebook: display settings, figures and the timeline.

Kept apart from :mod:`analysis.pipeline`, which runs the stages: these functions
only decide how a run's tables and figures appear in a notebook (and so in the
HTML report), never what they contain.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import config, outputs, pipeline


def configure_display() -> None:
    """pandas display settings for notebooks: whole texts, all rows, rounded floats."""
    pd.set_option("display.max_colwidth", 400)
    pd.set_option("display.max_rows", 500)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 200)
    pd.set_option("display.precision", 3)


def show_timeline(run: pipeline.CorpusRun, target: str | Path, parties=config.DEFAULT_PARTIES):
    """The timeline figure when documents carry at least two dates, else a short note."""
    from .plotting import comparison as plots

    if not pipeline.has_timeline(run):
        dates = set(run.docs["date"]) - {""}
        return f"No timeline: the corpus has {len(dates)} distinct document date(s)."
    return show_figure(plots.plot_timeline(run.tables["timeline"], parties), target)


def show_figure(fig, target: str | Path):
    """Save ``fig`` (deterministic PNG), close it, and return it for notebook display.

    Displaying the saved bytes keeps the notebook's image identical to the file.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image

    path = outputs.save_figure(fig, target)
    plt.close(fig)
    return Image(data=Path(path).read_bytes(), format="png")
