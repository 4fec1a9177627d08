"""Showing saved results inside a notebook: display settings, figures and tables.

Notebooks load what ``python -m analysis run`` saved (:func:`analysis.results.load_result`)
and only explain and display it: these functions decide how tables and figures
appear in a notebook (and so in the HTML report), never what they contain.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def configure_display() -> None:
    """pandas display settings for notebooks: whole texts, all rows, rounded floats."""
    pd.set_option("display.max_colwidth", 400)
    pd.set_option("display.max_rows", 500)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 200)
    pd.set_option("display.precision", 3)


def show_figure(path: str | Path):
    """The saved figure at ``path`` for display, or a short note if the run drew none.

    Displaying the saved bytes keeps the notebook's image identical to the file.
    """
    from IPython.display import Image

    path = Path(path)
    if not path.is_file():
        return f"No figure {path.name}: the run did not draw it (see the table above)."
    return Image(data=path.read_bytes(), format="png")


def show_table(tables: dict[str, pd.DataFrame], name: str, columns: list[str] | None = None):
    """A saved table, or a short note saying that this run did not compute it."""
    if name not in tables:
        return f"Not computed in this run: {name}."
    table = tables[name]
    return table[[c for c in columns if c in table.columns]] if columns else table


def show_timeline(result, figures_dir: str | Path):
    """The timeline figure when documents carry at least two dates, else a short note."""
    if not result.has_timeline():
        dates = set(result.docs["date"]) - {""}
        return f"No timeline: the corpus has {len(dates)} distinct document date(s)."
    return show_figure(Path(figures_dir) / "timeline.png")
