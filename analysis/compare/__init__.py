"""Compare two parties' positions: issues, position matrix, responses, verdicts, distances.

Input is the statements table (``docs/design.md``) with its stance columns and an
embeddings array aligned with it row by row. Every function returns a sorted
DataFrame; the same input always gives the same tables. What each column means,
and why each setting has its value, is in ``docs/comparison.md``.

The steps, one module each::

    objects      what each move is about (the object after the cue), and replies that point back
    grouping     moves -> issues (Ward cut of a hybrid similarity into at most sqrt(moves) issues; two-stage when large)
    naming       a noun phrase and keywords per issue
    assignment   assign_issues: anchors, objects, references, "other topics"
    matrix       position_matrix: party x issue x category, with a representative statement
    links        link_responses: each demand / red line / threat -> the other side's answers (top-k)
    verdicts     issue_verdicts, issue_timeline: deadlock / bargaining_space / ... per issue (and date)
    distances    position_distances: cross-party similarity with bootstrap intervals
    plotdata     bounded tables for the figures (heatmaps, map, timeline)

All of them read their numbers from one :class:`CompareSettings`; the
``settings`` table of :func:`compare` is written from it.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .anchors import read_issue_anchors
from .assignment import ISSUE_COLUMNS, assign_issues, propose_issue_anchors
from .common import (ASKING_CATEGORIES, OTHER_TOPICS, POSITION_CATEGORIES, RELATIONS, VERDICTS,
                     check_parties, warn_absent_parties)
from .distances import DISTANCE_COLUMNS, party_centroids, position_distances
from .links import LINKS_COLUMNS, link_responses, response_relation
from .matrix import MATRIX_COLUMNS, position_matrix
from .naming import is_acceptable_name
from .objects import statement_objects
from .plotdata import (TIMELINE_COLUMNS, issue_similarity, statement_map, statement_similarity,
                       timeline)
from .settings import DEFAULT_SETTINGS, CompareSettings
from .verdicts import ISSUE_TIMELINE_COLUMNS, VERDICT_COLUMNS, issue_timeline, issue_verdicts

__all__ = [
    "ASKING_CATEGORIES", "CompareSettings", "DEFAULT_SETTINGS", "DISTANCE_COLUMNS",
    "ISSUE_COLUMNS", "ISSUE_TIMELINE_COLUMNS", "LINKS_COLUMNS", "MATRIX_COLUMNS",
    "OTHER_TOPICS", "POSITION_CATEGORIES", "RELATIONS", "TIMELINE_COLUMNS", "VERDICTS",
    "VERDICT_COLUMNS", "assign_issues", "compare", "is_acceptable_name", "issue_similarity",
    "issue_timeline", "issue_verdicts", "link_responses", "party_centroids", "position_distances",
    "position_matrix", "propose_issue_anchors", "read_issue_anchors", "response_relation",
    "statement_map", "statement_objects", "statement_similarity", "timeline",
]


def compare(statements: pd.DataFrame, vectors, parties, anchors: pd.DataFrame | None = None,
            docs: pd.DataFrame | None = None, settings: CompareSettings | None = None,
            embed: Callable[[Sequence[str]], np.ndarray] | None = None,
            grouping=None) -> dict[str, pd.DataFrame]:
    """Run the whole comparison for the party pair ``parties``; return a dict of tables.

    Keys: ``statements`` (input plus issue columns), ``issues``,
    ``position_matrix``, ``links``, ``verdicts``, ``distances``, ``settings``
    (``name, value``: the party pair and every field of ``settings``), and with
    ``docs`` (``doc_id, date``) ``timeline`` and ``issue_timeline``. ``embed``
    embeds issue objects and anchor texts (default: the project's model).
    ``grouping`` is any clusterer with ``fit_predict(X) -> labels`` (scikit-learn
    style: ``KMeans``, ``AgglomerativeClustering``, ``HDBSCAN``, ...) applied to
    the object vectors instead of the package's Ward cut; label -1
    means "no issue" ("other topics").
    """
    parties = check_parties(parties)
    settings = settings or DEFAULT_SETTINGS
    warn_absent_parties(statements, parties)
    with_issue, issues = assign_issues(statements, vectors, anchors=anchors, settings=settings,
                                       embed=embed, grouping=grouping)
    links = link_responses(with_issue, vectors, parties, settings, docs=docs)
    tables = {
        "statements": with_issue,
        "issues": issues,
        "position_matrix": position_matrix(with_issue, vectors),
        "links": links,
        "verdicts": issue_verdicts(with_issue, links, parties, docs),
        "distances": position_distances(with_issue, vectors, parties, settings),
        "settings": settings.to_table(parties),
    }
    if docs is not None:
        tables["timeline"] = timeline(with_issue, docs, parties)
        tables["issue_timeline"] = issue_timeline(with_issue, links, parties, docs)
    return tables

