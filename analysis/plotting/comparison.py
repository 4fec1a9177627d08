"""Figures of the party comparison: one function per figure, each returns a Figure.

Every function takes the tables of :func:`analysis.compare.compare` (or the
statements table with its embeddings) and draws with the project's
colour-blind-safe palette (:mod:`analysis.plotting.style`). Long statement texts
are shortened and listed in a column beside the plot, keyed to the points by short
id tags placed so that they do not overlap.
"""
from __future__ import annotations

import textwrap
from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from .. import compare as comparison, config
from ..vocab import CATEGORIES
from .style import CATEGORY_COLOURS, CATEGORY_MARKERS, OKABE_ITO, PARTY_COLOURS, party_colour

#: Order in which categories are drawn and listed (positions first).
CATEGORY_ORDER = ("demand", "red_line", "threat", "concession", "other")
assert set(CATEGORY_ORDER) == set(CATEGORIES)
RELATION_COLOURS = {"rejects": "#D55E00", "concedes": "#009E73", "counter_demands": "#0072B2",
                    "counter_threatens": "#CC79A7", "unanswered": "#999999"}
VERDICT_COLOURS = {"deadlock": "#D55E00", "bargaining_space": "#009E73",
                   "one_sided": "#E69F00", "unanswered": "#999999"}


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder="…")


def _id_labeller(statement_ids) -> "callable":
    """A function that shortens statement ids for tick labels and annotations.

    With one document in view, ``doc:0007`` becomes ``#7``; with several, the
    document id is cut to 16 characters (``long_document_n…:7``).
    """
    docs = {str(s).rpartition(":")[0] for s in statement_ids}

    def short(statement_id: str) -> str:
        doc, _, number = str(statement_id).rpartition(":")
        number = str(int(number)) if number.isdigit() else number
        if len(docs) <= 1:
            return f"#{number}"
        return f"{doc if len(doc) <= 16 else doc[:15] + '…'}:{number}"

    return short


def _party_colours(parties: Sequence[str], others: Sequence[str] = ()) -> dict[str, str]:
    """Colours for the compared pair and any other parties in a figure.

    A party with a fixed colour in the style keeps it; a compared party without
    one (e.g. "Union") takes the first strong Okabe-Ito colour not used in the
    figure, so the two sides always contrast (the pale spare colours are for the
    other parties).
    """
    colours = {p: PARTY_COLOURS[p] for p in list(parties) + list(others) if p in PARTY_COLOURS}
    strong = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
    for party in parties:
        if party not in colours:
            colours[party] = next(c for c in strong + OKABE_ITO if c not in colours.values())
    order = list(parties) + list(others)
    for party in others:
        colours.setdefault(party, party_colour(party, order))
    return colours


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])


def plot_party_categories(statements: pd.DataFrame, parties: Sequence[str] | None = None,
                          title: str = "Statements per party and category"):
    """Grouped horizontal bars: number of statements per party (rows) and category (colours).

    ``statements`` needs ``party`` and ``category``; ``parties`` restricts and orders
    the rows (default: every party, most statements first).
    """
    counts = statements.groupby(["party", "category"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[c for c in CATEGORY_ORDER], fill_value=0)
    if parties is not None:
        counts = counts.reindex([p for p in parties], fill_value=0)
    else:
        counts = counts.loc[sorted(counts.index, key=lambda p: (-counts.loc[p].sum(), p))]
    fig, ax = plt.subplots(figsize=(8, 0.6 + 0.55 * max(len(counts), 1) * 1.6))
    if counts.empty:
        _empty(ax, "no statements")
        return fig
    rows = np.arange(len(counts))
    height = 0.8 / len(CATEGORY_ORDER)
    for k, category in enumerate(CATEGORY_ORDER):
        values = counts[category].to_numpy()
        bars = ax.barh(rows - 0.4 + height * (k + 0.5), values, height=height,
                       color=CATEGORY_COLOURS[category], label=category.replace("_", " "))
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], padding=2, fontsize=8)
    ax.set_yticks(rows, counts.index)
    ax.invert_yaxis()
    ax.set_xlabel("number of statements")
    ax.set_ylabel("party")
    ax.set_title(title)
    ax.legend(title="category", loc="lower right", frameon=False)
    ax.margins(x=0.12)
    return fig


def plot_similarity_heatmap(similarity: pd.DataFrame, parties=config.DEFAULT_PARTIES,
                            max_statements: int = 30):
    """Heatmap of cosine similarity, party A statements (rows) x party B statements (columns).

    ``similarity`` is :func:`analysis.compare.statement_similarity`. Position
    statements come first; each side is cut to ``max_statements`` so labels stay
    readable. Tick labels are statement ids with their category.
    """
    a_party, b_party = parties
    fig, ax = plt.subplots(figsize=(9, 7.5))
    if similarity.empty:
        _empty(ax, f"no statements of both {a_party} and {b_party}")
        return fig

    def keep(side: str) -> list[str]:
        ids = similarity[[f"{side}_statement_id", f"{side}_category"]].drop_duplicates()
        ids = ids.assign(rank=ids[f"{side}_category"].map(
            {c: i for i, c in enumerate(CATEGORY_ORDER)}))
        ids = ids.sort_values(["rank", f"{side}_statement_id"]).head(max_statements)
        return sorted(ids[f"{side}_statement_id"])

    rows, columns = keep("a"), keep("b")
    grid = (similarity[similarity["a_statement_id"].isin(rows)
                       & similarity["b_statement_id"].isin(columns)]
            .pivot(index="a_statement_id", columns="b_statement_id", values="similarity")
            .reindex(index=rows, columns=columns))
    category = {**dict(zip(similarity["a_statement_id"], similarity["a_category"])),
                **dict(zip(similarity["b_statement_id"], similarity["b_category"]))}
    short = _id_labeller(rows + columns)
    image = ax.imshow(grid.to_numpy(), cmap="cividis", vmin=min(0.0, float(np.nanmin(grid))),
                      vmax=1.0, aspect="auto")
    ax.set_xticks(range(len(columns)),
                  [f"{short(s)} {category[s].replace('_', ' ')}" for s in columns],
                  rotation=90, fontsize=7)
    ax.set_yticks(range(len(rows)),
                  [f"{short(s)} {category[s].replace('_', ' ')}" for s in rows], fontsize=7)
    ax.set_xlabel(f"{b_party} statements")
    ax.set_ylabel(f"{a_party} statements")
    ax.set_title(f"Statement similarity, {a_party} x {b_party} (cosine of embeddings)")
    fig.colorbar(image, ax=ax, label="cosine similarity", shrink=0.8)
    return fig


def _label_column(ax, points: pd.DataFrame, x_text: float, short, width: int = 55) -> None:
    """Tag each point with its short id and list the tagged statements in a column
    right of the axes (ordered by the points' heights).

    Leader lines from a column to points spread over the whole map cross each
    other and the point cloud; a short tag at the point and the same tag in the
    list reads cleanly. Each tag takes the first of eight positions around its
    point that overlaps no tag placed before it.
    """
    if points.empty:
        return
    points = points.sort_values(["y", "statement_id"], ascending=[False, True])
    n = len(points)
    slots = np.linspace(0.97, 0.03, n) if n > 1 else np.array([0.5])
    for slot, row in zip(slots, points.itertuples(index=False)):
        label = f"{short(row.statement_id)} ({row.party}, {row.category.replace('_', ' ')}): " \
                f"{_shorten(row.text, width)}"
        ax.text(x_text, slot, label, transform=ax.transAxes, fontsize=7.5, va="center",
                ha="left")
    fig = ax.figure
    fig.draw_without_rendering()  # lays out the axes (limits, ticks) without painting pixels
    renderer = fig.canvas.get_renderer()
    offsets = [(5, 5), (5, -11), (-5, 5), (-5, -11), (8, -3), (-8, -3), (0, 10), (0, -16)]
    placed = []
    for row in points.itertuples(index=False):
        tag = None
        for dx, dy in offsets:
            if tag is not None:
                tag.remove()
            tag = ax.annotate(short(row.statement_id), xy=(row.x, row.y), xycoords="data",
                              xytext=(dx, dy), textcoords="offset points", fontsize=7.5,
                              fontweight="bold", ha="left" if dx >= 0 else "right",
                              bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                    "alpha": 0.6})
            box = tag.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in placed):
                break
        placed.append(tag.get_window_extent(renderer))


def key_statements(points: pd.DataFrame, statements: pd.DataFrame, parties: Sequence[str],
                   per_party: int = 4) -> pd.DataFrame:
    """The statements to label on the map: per party, the most confident position
    statements, one per category first, up to ``per_party``."""
    confidence = (pd.to_numeric(statements["confidence"], errors="coerce").fillna(0.0)
                  if "confidence" in statements.columns else pd.Series(0.0, index=statements.index))
    merged = points.merge(pd.DataFrame({"statement_id": statements["statement_id"].to_numpy(),
                                        "confidence": confidence.to_numpy()}), on="statement_id")
    chosen = []
    for party in parties:
        mine = merged[(merged["party"] == party) & merged["category"].isin(
            comparison.POSITION_CATEGORIES)]
        mine = mine.sort_values(["confidence", "statement_id"], ascending=[False, True])
        firsts = mine.drop_duplicates("category")
        rest = mine.drop(firsts.index)
        chosen.append(pd.concat([firsts, rest]).head(per_party))
    return pd.concat(chosen) if chosen else merged.head(0)


def plot_statement_map(statements: pd.DataFrame, vectors, parties=config.DEFAULT_PARTIES,
                       label_per_party: int = 4):
    """2-D PCA map of every statement: colour = party, marker = category.

    Party centroids are drawn as large outlined crosses; the key statements of
    each compared party (see :func:`key_statements`) are labelled in a column to
    the right, keyed to their points by short id tags. Parties beyond the compared
    pair and ``none`` are drawn in their own colours, smaller.
    """
    # Every statement sets the axes; above ``map_points`` a fixed-seed sample is
    # drawn (the labelled key statements always among it), so memory and the
    # picture stay bounded however large the corpus.
    keep = []
    if len(statements) > comparison.DEFAULT_SETTINGS.map_points:
        table = statements.reset_index(drop=True)
        keep = key_statements(table[["statement_id", "party", "category"]], table, parties,
                              label_per_party)["statement_id"].tolist()
    points = comparison.statement_map(statements, vectors, keep=keep)
    fig, ax = plt.subplots(figsize=(13, 7))
    fig.subplots_adjust(right=0.52)
    if points.empty:
        _empty(ax, "no statements")
        return fig
    others = sorted(set(points["party"]) - set(parties))
    order = list(parties) + others
    colour = _party_colours(parties, others)
    for party in order:
        mine = points[points["party"] == party]
        size = 60 if party in parties else 25
        for category in CATEGORY_ORDER:
            cell = mine[mine["category"] == category]
            if len(cell):
                ax.scatter(cell["x"], cell["y"], s=size if category != "other" else size * 2,
                           marker=CATEGORY_MARKERS[category], color=colour[party],
                           alpha=0.85 if party in parties else 0.5, linewidths=0.4,
                           edgecolors="white" if category != "other" else None)
    for party in parties:
        mine = points[points["party"] == party]
        if len(mine):
            ax.scatter(mine["x"].mean(), mine["y"].mean(), s=260, marker="P",
                       color=colour[party], edgecolors="black", linewidths=1.2,
                       zorder=5)
    _label_column(ax, key_statements(points, statements, parties, label_per_party), 1.03,
                  _id_labeller(points["statement_id"]))
    ax.set_xlabel("first principal component of statement embeddings")
    ax.set_ylabel("second principal component")
    ax.set_title("Map of statements (PCA of embeddings)")
    blank = Line2D([], [], linestyle="", label=" ")
    handles = [Line2D([], [], marker="o", linestyle="", color=colour[p], label=p)
               for p in order]
    handles.append(Line2D([], [], marker="P", linestyle="", color="white",
                          markeredgecolor="black", markersize=11, label="party centroid"))
    handles.append(blank)
    handles += [Line2D([], [], marker=CATEGORY_MARKERS[c], linestyle="", color="#444444",
                       label=c.replace("_", " ")) for c in CATEGORY_ORDER]
    ax.legend(handles=handles, title="colour = party, marker = category", loc="upper center",
              bbox_to_anchor=(0.5, -0.1), ncol=4, frameon=False, fontsize=8)
    return fig


def plot_position_matrix(matrix: pd.DataFrame, parties=config.DEFAULT_PARTIES,
                         max_issues: int = 12):
    """Dot matrix: issues (rows) x party and category (columns); dot area = statements.

    ``matrix`` is :func:`analysis.compare.position_matrix`. Only position
    categories are drawn; the issues with most position statements come first,
    up to ``max_issues``. Each dot carries its count.
    """
    data = matrix[matrix["party"].isin(parties)
                  & matrix["category"].isin(comparison.POSITION_CATEGORIES)]
    fig, ax = plt.subplots(figsize=(10, 1.5 + 0.55 * max(min(data["issue"].nunique(),
                                                                max_issues), 1)))
    if data.empty:
        _empty(ax, "no position statements for these parties")
        return fig
    totals = data.groupby("issue")["n_statements"].sum()
    issues = sorted(totals.index, key=lambda i: (-totals[i], i))[:max_issues]
    labels = data.drop_duplicates("issue").set_index("issue")["issue_label"]
    categories = [c for c in CATEGORY_ORDER if c in comparison.POSITION_CATEGORIES]
    columns = [(p, c) for p in parties for c in categories]
    biggest = max(int(data["n_statements"].max()), 1)
    for x, (party, category) in enumerate(columns):
        for y, issue in enumerate(issues):
            cell = data[(data["party"] == party) & (data["category"] == category)
                        & (data["issue"] == issue)]
            if cell.empty:
                continue
            n = int(cell["n_statements"].iloc[0])
            ax.scatter(x, y, s=80 + 520 * n / biggest, color=CATEGORY_COLOURS[category],
                       edgecolors="white", linewidths=1)
            ax.text(x, y, str(n), ha="center", va="center", fontsize=8, color="white",
                    fontweight="bold")
    ax.set_xticks(range(len(columns)), [c.replace("_", " ") for _, c in columns], rotation=30,
                  ha="right")
    ax.set_yticks(range(len(issues)), [_shorten(labels[i], 40) for i in issues])
    colour = _party_colours(parties)
    for k, party in enumerate(parties):
        ax.axvspan(k * len(categories) - 0.5, (k + 1) * len(categories) - 0.5,
                   color=colour[party], alpha=0.06)
        ax.text((k + 0.5) * len(categories) - 0.5, -0.9, party, ha="center", va="bottom",
                fontweight="bold", color=colour[party])
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(issues) - 0.5, -1.2)
    ax.set_xlabel("category of statement, per party")
    ax.set_ylabel("issue")
    ax.set_title("Position matrix: who takes which position on which issue", pad=12)
    return fig


def plot_links(links: pd.DataFrame, statements: pd.DataFrame | None = None,
               verdicts: pd.DataFrame | None = None):
    """Stacked bars: how the demands, red lines and threats were answered.

    With ``verdicts`` (:func:`analysis.compare.issue_verdicts`) there is one bar
    per issue, built from the verdict's link counts (so a statement on two issues
    counts on both), and the verdict is written beside it. Without verdicts, the
    ``links`` (:func:`analysis.compare.link_responses`) are counted per primary
    issue of the asking statement when ``statements`` carries ``issue_label``, else
    per asking party.
    """
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.45 * (len(verdicts) if verdicts is not None
                                                       and len(verdicts) else 2)))
    relations = list(comparison.RELATIONS)
    if verdicts is not None and len(verdicts):
        counts = (verdicts.set_index("issue_label")[[f"n_{r}" for r in relations]]
                  .set_axis(relations, axis=1))
        verdict_of = dict(zip(verdicts["issue_label"], verdicts["verdict"]))
        axis_name = "issue"
    elif len(links):
        if statements is not None and "issue_label" in statements.columns:
            label_of = dict(zip(statements["statement_id"], statements["issue_label"]))
            groups, axis_name = links["from_statement_id"].map(label_of).fillna(""), "issue"
        else:
            groups, axis_name = links["from_party"] + " asks", "asking party"
        counts = (links.assign(group=groups).groupby(["group", "relation"]).size()
                  .unstack(fill_value=0).reindex(columns=relations, fill_value=0))
        verdict_of = {}
    else:
        _empty(ax, "no demands, red lines or threats to answer")
        return fig
    counts = counts.loc[sorted(counts.index, key=lambda g: (-counts.loc[g].sum(), str(g)))]
    left = np.zeros(len(counts))
    rows = np.arange(len(counts))
    for relation in relations:
        values = counts[relation].to_numpy(dtype=float)
        ax.barh(rows, values, left=left, color=RELATION_COLOURS[relation],
                label=relation.replace("_", " "))
        left += values
    ax.set_yticks(rows, [_shorten(g, 40) for g in counts.index])
    ax.invert_yaxis()
    for y, group in enumerate(counts.index):
        if group in verdict_of:
            ax.text(left[y], y, "  " + verdict_of[group].replace("_", " "), va="center",
                    fontsize=8, color=VERDICT_COLOURS[verdict_of[group]], fontweight="bold")
    ax.set_xlim(0, max(float(left.max()), 1.0) * 1.35)  # room for the verdict words
    ax.set_xlabel("answers to demands, red lines and threats (links; unanswered = statements)")
    ax.set_ylabel(axis_name)
    ax.set_title("How positions were answered, and the verdict per issue")
    ax.legend(title="relation", loc="lower right", frameon=False, fontsize=8)
    return fig


def plot_distances(distances: pd.DataFrame):
    """Mean cross-party statement similarity per category, with bootstrap intervals as error bars.

    ``distances`` is :func:`analysis.compare.position_distances`.
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    if distances.empty:
        _empty(ax, "no category shared by both parties")
        return fig
    data = distances.copy()
    data["rank"] = data["category"].map({c: i for i, c in enumerate(("all",) + CATEGORY_ORDER)})
    data = data.sort_values("rank").reset_index(drop=True)
    rows = np.arange(len(data))
    error = np.vstack([data["similarity"] - data["ci_low"], data["ci_high"] - data["similarity"]])
    colours = [CATEGORY_COLOURS.get(c, "#000000") for c in data["category"]]
    ax.errorbar(data["similarity"], rows, xerr=np.clip(error, 0, None), fmt="none",
                ecolor="#444444", capsize=4, lw=1.2)
    ax.scatter(data["similarity"], rows, c=colours, s=70, zorder=3, edgecolors="black")
    ax.set_yticks(rows, [f"{c.replace('_', ' ')} (n={a}/{b})" for c, a, b in
                         zip(data["category"], data["n_a"], data["n_b"])])
    ax.invert_yaxis()
    a_party, b_party = data["party_a"].iloc[0], data["party_b"].iloc[0]
    ax.set_xlabel(f"mean cosine similarity, {a_party} x {b_party} statements (95% bootstrap CI)")
    ax.set_ylabel(f"category (statements {a_party}/{b_party})")
    ax.set_title(f"How close are {a_party} and {b_party}, category by category?")
    ax.set_xlim(min(0.0, float(data["ci_low"].min()) - 0.05), 1.0)
    return fig


def plot_timeline(table: pd.DataFrame, parties=config.DEFAULT_PARTIES):
    """Statements per date, one panel per party, stacked by category.

    ``table`` is :func:`analysis.compare.timeline`.
    """
    fig, axes = plt.subplots(len(parties), 1, figsize=(9, 2.2 * len(parties) + 0.8),
                             sharex=True, squeeze=False)
    axes = axes[:, 0]
    if table.empty:
        for ax in axes:
            _empty(ax, "no dated documents")
        axes[-1].set_xlabel("date")
        return fig
    dates = sorted(table["date"].unique())
    x = np.arange(len(dates))
    for ax, party in zip(axes, parties):
        mine = table[table["party"] == party]
        bottom = np.zeros(len(dates))
        for category in CATEGORY_ORDER:
            values = (mine[mine["category"] == category].set_index("date")["n_statements"]
                      .reindex(dates, fill_value=0).to_numpy())
            ax.bar(x, values, bottom=bottom, color=CATEGORY_COLOURS[category],
                   label=category.replace("_", " "), width=0.7)
            bottom += values
        ax.set_ylabel(f"{party}\nstatements")
    axes[0].set_title("Positions over time")
    axes[0].legend(title="category", ncol=5, loc="lower left", bbox_to_anchor=(0, 1.12),
                   frameon=False, fontsize=8)
    axes[-1].set_xticks(x, dates, rotation=45 if len(dates) > 6 else 0,
                        ha="right" if len(dates) > 6 else "center")
    axes[-1].set_xlabel("date of document")
    return fig


def plot_issue_timeline(table: pd.DataFrame, parties=config.DEFAULT_PARTIES, max_issues: int = 12):
    """The verdict of each issue as it stood on each date: does a deadlock soften?

    ``table`` is :func:`analysis.compare.issue_timeline`. One row per issue (the
    issues with most positions first, up to ``max_issues``), one column per date;
    each dot is coloured by the verdict on what was said up to that date and
    labelled with the positions of the two parties so far.
    """
    issues = []
    if len(table):
        last = table.sort_values("date").groupby("issue").tail(1)
        weight = (last["n_positions_a"] + last["n_positions_b"]).to_numpy()
        order = sorted(zip(-weight, last["issue"]))
        issues = [issue for _, issue in order][:max_issues]
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.5 * max(len(issues), 1)))
    if not issues:
        _empty(ax, "fewer than two dates")
        return fig
    data = table[table["issue"].isin(issues)]
    dates = sorted(data["date"].unique())
    labels = data.drop_duplicates("issue").set_index("issue")["issue_label"]
    for y, issue in enumerate(issues):
        rows = data[data["issue"] == issue]
        x = [dates.index(d) for d in rows["date"]]
        ax.plot(x, [y] * len(x), color="#BBBBBB", lw=1, zorder=1)
        for xi, row in zip(x, rows.itertuples(index=False)):
            ax.scatter(xi, y, s=140, color=VERDICT_COLOURS[row.verdict], zorder=2,
                       edgecolors="white")
            ax.annotate(f"{row.n_positions_a}/{row.n_positions_b}", (xi, y), xytext=(0, 9),
                        textcoords="offset points", ha="center", fontsize=7)
    ax.set_yticks(range(len(issues)), [_shorten(labels[i], 40) for i in issues])
    ax.set_xticks(range(len(dates)), dates, rotation=45 if len(dates) > 6 else 0,
                  ha="right" if len(dates) > 6 else "center")
    ax.set_ylim(len(issues) - 0.5, -0.8)
    ax.set_xlabel("date of document (verdict on everything said up to that date)")
    ax.set_ylabel("issue")
    ax.set_title(f"Verdict per issue over time ({parties[0]}/{parties[1]} positions so far)")
    handles = [Line2D([], [], marker="o", linestyle="", color=c, label=v.replace("_", " "))
               for v, c in VERDICT_COLOURS.items()]
    ax.legend(handles=handles, title="verdict", loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False, fontsize=8)
    return fig


def figure_specs(statements: pd.DataFrame, vectors, tables: dict[str, pd.DataFrame],
                 parties=config.DEFAULT_PARTIES) -> dict[str, tuple]:
    """Every comparison figure as ``(plot function, arguments)``, keyed by file stem.

    The arguments are all a figure shows, so they also identify the drawing
    (see :mod:`analysis.figure_store`). ``timeline`` is included only if
    ``tables`` has one.
    """
    parties = tuple(parties)
    stmts = tables.get("statements", statements)
    specs = {
        "party_categories": (plot_party_categories, (stmts,)),
        "similarity_heatmap": (plot_similarity_heatmap, (
            comparison.statement_similarity(stmts, vectors, parties), parties)),
        "statement_map": (plot_statement_map, (stmts, vectors, parties)),
        "position_matrix": (plot_position_matrix, (tables["position_matrix"], parties)),
        "links": (plot_links, (tables["links"], stmts, tables.get("verdicts"))),
        "distances": (plot_distances, (tables["distances"],)),
    }
    if "timeline" in tables:
        specs["timeline"] = (plot_timeline, (tables["timeline"], parties))
        if len(tables.get("issue_timeline", ())):
            specs["issue_timeline"] = (plot_issue_timeline, (tables["issue_timeline"], parties))
    return specs


def comparison_figures(statements: pd.DataFrame, vectors, tables: dict[str, pd.DataFrame],
                       parties=config.DEFAULT_PARTIES) -> dict[str, "plt.Figure"]:
    """Every comparison figure, keyed by file stem, from the output of ``compare``."""
    return {name: plot(*args)
            for name, (plot, args) in figure_specs(statements, vectors, tables, parties).items()}
