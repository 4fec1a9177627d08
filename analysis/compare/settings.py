"""The one settings object of the comparison; ``settings.csv`` is written from it.

Every threshold, count and seed the comparison uses is a field here, with the
reason for its value beside it (the distributions it was measured on are in
``docs/comparison.md``). Library functions take a :class:`CompareSettings` (or
use the default one); nothing else in :mod:`analysis.compare` holds a tunable
number, so the ``settings.csv`` of a run is exactly what the run used.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from .. import config


@dataclass(frozen=True)
class CompareSettings:
    """Thresholds, sizes and seeds of :func:`analysis.compare.compare`.

    The party pair is not a setting: every library function takes it as a
    required argument (only the CLI and the notebooks default to US/Russia).
    """

    #: Cosine similarity (all-MiniLM-L6-v2) a statement needs to a user anchor
    #: description, whole text or any 6-word window: unrelated negotiations score
    #: 0.11 (median) to 0.28 (95th percentile), paraphrases 0.6 and more.
    anchor_threshold: float = 0.40
    #: A statement joins a further anchor issue only if it names it word for word
    #: or comes within this margin of its best one.
    secondary_issue_margin: float = 0.25
    #: How moves become issues: "linkage" (default) cuts a Ward-linkage tree
    #: of the moves' hybrid similarity (object and statement embeddings, shared
    #: words, discourse; :mod:`analysis.compare.grouping`) into
    #: ``issue_count_scale * sqrt(moves)`` issues; "graph" takes the Louvain
    #: communities of a nearest-neighbour graph of the same similarity.
    grouping_method: str = "linkage"
    #: Most issues per square root of the number of moves (issues whose names say
    #: the same are joined afterwards): 24-44 moves (the development negotiations,
    #: where an analyst wrote 4-7 issues) give 5-7 issues (docs/comparison.md).
    issue_count_scale: float = 1.0
    #: "graph": each object keeps edges to this many most similar objects ...
    graph_neighbours: int = 8
    #: ... that reach this hybrid similarity (unrelated negotiations: median 0.11,
    #: 95th percentile 0.28 with all-MiniLM-L6-v2).
    edge_floor: float = 0.30
    #: Louvain resolution: 1.0 is plain modularity (no tuning); lower gives
    #: fewer, broader issues, higher more, narrower ones.
    resolution: float = 1.0
    #: Weight of shared salient words (TF-IDF cosine of the statements' content
    #: stems, IDF within the corpus) beside the embedding cosine (weight 1).
    lexical_weight: float = 0.5
    #: Weight of discourse proximity: two statements of one document d statements
    #: apart add this * 2 / (1 + d) (reports stay on a topic; answers follow
    #: what they answer).
    discourse_weight: float = 0.2
    #: Issues with fewer position statements than this go to "other topics"
    #: (never a numbered placeholder); it grows with the corpus (see
    #: :meth:`min_issue_size`) so that 20,000 statements do not give 2,000 issues.
    min_issue_statements: int = 2
    #: ... one more statement needed per this many position statements.
    statements_per_min_size_step: int = 500
    #: Up to this many objects, the graph is built from the full similarity
    #: matrix (memory grows with the square of the count: 4,000 objects take 64 MB
    #: per matrix); above it, k-means into ``micro_clusters`` first, then the
    #: same graph over their centroids.
    exact_clustering_max: int = 4000
    #: Micro-clusters of the two-stage clustering of large corpora.
    micro_clusters: int = 1500
    #: A statement that names no object of its own and does not point back joins
    #: the issue whose centroid is nearest if it reaches this cosine similarity
    #: (the 95th percentile of unrelated statements, 0.28, plus a margin), else
    #: "other topics".
    attach_threshold: float = 0.35
    #: Cosine similarity an answer needs to the statement it answers, on top of
    #: sharing an issue: unrelated negotiations have median 0.11 and 90th
    #: percentile 0.24; 0.20 keeps short answers such as "A larger rise is out of
    #: the question" to "demands a 9 percent pay rise" (0.28).
    response_threshold: float = 0.20
    #: Answers kept per demand, red line or threat (the most similar first).
    max_answers: int = 5
    #: Candidate answers of a statement: the statements of the other party on its
    #: issues nearest to it in the corpus's order (date, then document order), at
    #: most this many. Every shipped corpus has fewer per issue, so all are
    #: candidates; in a corpus of hundreds of thousands of statements the window
    #: keeps the search linear (an answer comes within weeks, not years).
    response_window: int = 300
    #: Bootstrap resamples and level of the distance intervals.
    n_boot: int = 1000
    confidence: float = 0.95
    #: Above this many statements of one party in a row of ``distances``, the
    #: interval resamples each statement's contribution to the similarity (one
    #: number) instead of its vector: cost n_boot x statements instead of
    #: n_boot x statements x dimensions (47.7 s at 100,000 statements). With the
    #: same draws the two intervals agree within 0.0001 on 600-3,400 statements
    #: per party (:func:`analysis.compare.position_distances`); the threshold
    #: keeps the exact method wherever it is cheap (under a second), and every
    #: shipped corpus below it.
    exact_bootstrap_max: int = 3000
    #: Seed of every random step (k-means, bootstrap, sampled map points).
    random_state: int = config.RANDOM_SEED
    #: A fixed number of issues (average linkage) instead of one that grows with
    #: the corpus (None: ``issue_count_scale``).
    n_issues: int | None = None
    #: Statements per party shown in the statement-by-statement heatmap.
    heatmap_statements: int = 30
    #: Points drawn on the statement map (a fixed-seed sample above it); the
    #: projection itself uses every statement.
    map_points: int = 3000

    def min_issue_size(self, n_positions: int) -> int:
        """Position statements an issue needs, for a corpus with ``n_positions`` of them."""
        return self.min_issue_statements + n_positions // max(self.statements_per_min_size_step, 1)

    def replace(self, **changes) -> "CompareSettings":
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_table(self, parties: tuple[str, str]) -> pd.DataFrame:
        """``name, value`` rows: the party pair, then every field, as written to settings.csv."""
        rows = [("parties", ";".join(parties))]
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float):
                text = f"{value:.2f}"
            elif value is None:
                text = ""
            else:
                text = str(value)
            rows.append((f.name, text))
        return pd.DataFrame(rows, columns=["name", "value"])


DEFAULT_SETTINGS = CompareSettings()
