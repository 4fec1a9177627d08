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


def plot_lono_scores(report, measure: str = "accuracy",
                     title: str = "Stance on negotiations left out of training") -> Figure:
    """One bar per held-out negotiation and model, plus the pooled figure.

    ``report`` is what :func:`analysis.stance.lono_report` returns; ``measure`` is
    ``accuracy`` or ``macro_f1``. Bars are grouped by negotiation, one hue per model.
    """
    data = report.by_negotiation
    pooled = report.overview.assign(negotiation="pooled")[["negotiation", "model", measure]]
    data = pd.concat([data[["negotiation", "model", measure]], pooled], ignore_index=True)
    negotiations = list(dict.fromkeys(data["negotiation"]))
    models = list(dict.fromkeys(data["model"]))
    height = 0.8 / max(len(models), 1)
    fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.45 * len(negotiations) * max(len(models), 1) / 2))
    for i, model in enumerate(models):
        values = data[data["model"] == model].set_index("negotiation")[measure].reindex(negotiations)
        positions = np.arange(len(negotiations)) + (i - (len(models) - 1) / 2) * height
        ax.barh(positions, values.to_numpy(dtype=float), height=height, label=model)
    ax.set_yticks(range(len(negotiations)), negotiations)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(measure.replace("_", "-"))
    ax.legend(loc="lower right", frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig
