"""Figures of the stance evaluation."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import style  # noqa: F401  (applies the shared look)


def plot_confusion_matrix(confusion: pd.DataFrame, title: str = "Stance: gold vs predicted") -> Figure:
    """Heatmap of a confusion table (gold labels as rows, predictions as columns).

    ``confusion`` is what :func:`analysis.stance.confusion_table` returns. Cells
    are shaded by the share of their row (so rare classes stay visible) and
    labelled with the count; a single-hue sequential map reads the same under
    every colour-vision deficiency and in greyscale.
    """
    counts = confusion.to_numpy(dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    fig, ax = plt.subplots(figsize=(5.2, 4.4))
    image = ax.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    ax.set_xticks(range(counts.shape[1]), [str(c) for c in confusion.columns],
                  rotation=30, ha="right")
    ax.set_yticks(range(counts.shape[0]), [str(r) for r in confusion.index])
    ax.set_xlabel("Predicted category")
    ax.set_ylabel("Gold category")
    for (row, column), count in np.ndenumerate(counts):
        ax.text(column, row, f"{int(count)}", ha="center", va="center",
                color="white" if shares[row, column] > 0.6 else "black")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="Share of gold row")
    ax.set_title(title)
    fig.tight_layout()
    return fig
