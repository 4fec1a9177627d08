"""Grouping moves into issues: one topic, one issue, across wordings and documents.

The nodes are the moves of the corpus (demands, red lines, threats, concessions
and explicit rejections), each with its object (:mod:`.objects`). Their
similarity (:func:`hybrid_similarity`) mixes the signals that, on the
development negotiations, each find an analyst's issue only about half of the
time on their own (the nearest other move is on the same analyst issue for 51%
of moves by the object's embedding, 54% by the statement's, 51% by shared
words, 67% by being the next move of the same document):

* the cosine of the object phrases' embeddings (party names masked) and of
  their statements' embeddings, averaged: the object says what is asked, the
  statement keeps what a short or vague object leaves out;
* ``lexical_weight`` times the TF-IDF cosine of the statements' salient
  content-word stems, IDF within the corpus (actor names, reporting, stance and
  generic words never count): "sanctions", "fisheries", "hostages" are shared
  by wordings an encoder puts apart;
* ``discourse_weight * 2 / (1 + d)`` for two statements of one document ``d``
  statements apart: a report stays on a topic for a few sentences, and answers
  come right after what they answer.

Issues are cut from a Ward-linkage tree of that similarity (distance
sqrt(2 - 2 similarity)) into at most :func:`issue_count` groups:
``issue_count_scale * sqrt(m)`` for ``m`` moves (24-44 moves in the development
negotiations: 5-7 issues, where an analyst wrote 4-7; 20,000 moves: 141). Ward
keeps groups of comparable spread; average linkage, on the same similarity, left
one large issue beside small ones (on the seed one issue held 15 of 26 moves).
A fixed distance cut does not carry from one corpus to the next (the mix of
signals has no calibrated scale, and a broad corpus needs a looser cut than a
narrow one); a count that grows with the square root of the corpus keeps issues
broad in a small corpus and lets a large one hold more topics without giving
each move its own. The count is a ceiling: groups whose names say the same
thing are joined afterwards (:mod:`.assignment`), so a corpus about five topics
ends with five issues however large it is. ``n_issues`` fixes the count;
``grouping_method="graph"`` takes Louvain communities of the
nearest-neighbour graph of the same similarity instead (the count then follows
the data). Any scikit-learn-style clusterer can replace both
(``compare(..., grouping=model)``): ``model.fit_predict(X)`` gets the object
vectors and returns one label per move (-1: no issue, "other topics").

Scale. Up to ``exact_clustering_max`` (4,000) moves the similarity is a dense
m x m matrix (O(m^2) time and memory: 64 MB per float32 matrix at 4,000).
Above it, mini-batch k-means (fixed seed) cuts the moves, represented by their
object and statement vectors side by side, into ``micro_clusters`` groups
(O(m k d) time, O(m d) memory) and the same linkage (or graph) joins the group
centroids into :func:`issue_count` issues (embedding similarity only: the word
and discourse terms are properties of single statements). So 20 statements: a
handful of moves, two to four issues; 1,000: exact; 20,000: two-stage, linear
in the number of moves.
"""
from __future__ import annotations

import math
import re
from typing import Sequence

import numpy as np

from .common import normalise, stem, words
from .settings import CompareSettings


def _content_stems(text: str, skip: frozenset[str]) -> str:
    tokens = re.findall(r"[a-z][a-z\-]+", text.lower())
    return " ".join(stem(t) for t in tokens if len(t) >= 3 and t not in skip)


def non_topic_words(actor_words: frozenset[str] = frozenset()) -> frozenset[str]:
    """Words that never make two moves one issue: actors, reporting, stance, generic words."""
    return actor_words | words("generic", "weak", "quantity", "holder", "frame", "stance",
                               "leading", "reference_noun", "reference_word")


def tfidf_rows(texts: Sequence[str], skip: frozenset[str]):
    """Unit-length TF-IDF rows (scipy sparse) of the content-word stems of ``texts``,
    IDF within ``texts``; None if no text has a content word."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [_content_stems(t, skip) for t in texts]
    if not any(docs):
        return None
    return TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True).fit_transform(docs)


def lexical_similarity(texts: Sequence[str], skip: frozenset[str]) -> np.ndarray:
    """TF-IDF cosine of the content-word stems of ``texts`` (a dense m x m float32 array)."""
    matrix = tfidf_rows(texts, skip)
    if matrix is None:
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    return (matrix @ matrix.T).toarray().astype(np.float32)


def discourse_bonus(places_a: Sequence[tuple[str, int]], places_b: Sequence[tuple[str, int]],
                    weight: float) -> np.ndarray:
    """``weight * 2 / (1 + d)`` for two statements of one document ``d >= 1`` statements
    apart, else 0 (a len(a) x len(b) float32 array)."""
    out = np.zeros((len(places_a), len(places_b)), dtype=np.float32)
    if weight <= 0 or not len(places_a) or not len(places_b):
        return out
    doc_a = np.array([p[0] for p in places_a], dtype=object)
    doc_b = np.array([p[0] for p in places_b], dtype=object)
    index_a = np.array([p[1] for p in places_a], dtype=np.float32)
    index_b = np.array([p[1] for p in places_b], dtype=np.float32)
    for d in sorted(set(doc_a.tolist()) & set(doc_b.tolist())):
        rows, cols = np.flatnonzero(doc_a == d), np.flatnonzero(doc_b == d)
        gap = np.abs(index_a[rows][:, None] - index_b[cols][None, :])
        out[np.ix_(rows, cols)] = np.where(gap > 0, 2.0 * weight / (1.0 + gap), 0.0)
    return out


def hybrid_similarity(object_vectors: np.ndarray, settings: CompareSettings,
                      context_vectors: np.ndarray | None = None,
                      context_texts: Sequence[str] | None = None,
                      places: Sequence[tuple[str, int]] | None = None,
                      skip: frozenset[str] = frozenset()) -> np.ndarray:
    """The similarity of every pair of moves (module doc), m x m float32.

    ``object_vectors`` and ``context_vectors`` (the statements') are unit rows;
    ``context_texts`` the statements (or the objects); ``places`` each move's
    (document, index of its statement among the document's statements). The
    embedding and word terms are scaled to average to a cosine; the discourse
    term is a bonus on top.
    """
    obj = normalise(np.asarray(object_vectors, dtype=np.float32))
    similarity = obj @ obj.T
    if context_vectors is not None:
        ctx = normalise(np.asarray(context_vectors, dtype=np.float32))
        similarity += ctx @ ctx.T
        similarity *= 0.5
    total = 1.0
    if context_texts is not None and settings.lexical_weight > 0:
        similarity += settings.lexical_weight * lexical_similarity(context_texts, skip)
        total += settings.lexical_weight
    similarity /= total
    if places is not None:
        similarity += discourse_bonus(places, places, settings.discourse_weight)
    return similarity


# The name the graph tests and older callers use.
object_similarity = hybrid_similarity


def issue_count(m: int, settings: CompareSettings) -> int:
    """How many issues ``m`` moves are cut into: ``n_issues`` if set, else
    ``issue_count_scale * sqrt(m)`` rounded (at least 1, at most ``m``)."""
    if m <= 0:
        return 0
    if settings.n_issues:
        return max(1, min(int(settings.n_issues), m))
    return max(1, min(m, int(round(settings.issue_count_scale * math.sqrt(m)))))


def graph_communities(similarity: np.ndarray, settings: CompareSettings) -> np.ndarray:
    """Louvain communities of the k-nearest-neighbour graph of ``similarity`` (labels 0..k-1)."""
    import networkx as nx

    m = len(similarity)
    if m < 2:
        return np.zeros(m, dtype=int)
    k = max(1, min(settings.graph_neighbours, m - 1))
    masked = np.array(similarity, dtype=np.float32, copy=True)
    np.fill_diagonal(masked, -np.inf)
    nearest = np.argpartition(-masked, k - 1, axis=1)[:, :k]
    graph = nx.Graph()
    graph.add_nodes_from(range(m))
    rows = np.repeat(np.arange(m), k)
    cols = nearest.ravel()
    weights = masked[rows, cols]
    keep = weights >= settings.edge_floor
    # Sorted edges: the graph (and so Louvain with its fixed seed) does not
    # depend on the order argpartition returned the neighbours in.
    edges = sorted({(int(min(a, b)), int(max(a, b))): float(w)
                    for a, b, w in zip(rows[keep], cols[keep], weights[keep])}.items())
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in edges)
    communities = nx.community.louvain_communities(graph, weight="weight",
                                                   resolution=settings.resolution,
                                                   seed=settings.random_state)
    labels = np.zeros(m, dtype=int)
    for c, members in enumerate(sorted(communities, key=min)):
        labels[sorted(members)] = c
    return labels


def _agglomerate(similarity: np.ndarray, n_clusters: int) -> np.ndarray:
    """Ward-linkage clusters of ``similarity`` (distance sqrt(2 - 2 similarity), the
    Euclidean distance of unit vectors), cut into at most ``n_clusters`` groups."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    m = len(similarity)
    if m < 2 or n_clusters <= 1:
        return np.zeros(m, dtype=int)
    distance = np.sqrt(np.clip(2.0 - 2.0 * np.asarray(similarity, dtype=np.float64), 0.0, None))
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="ward")
    k = min(n_clusters, m)
    return fcluster(tree, t=k, criterion="maxclust") - 1


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 by first appearance (-1 stays -1): ids never have gaps (a gap
    once became a column position past the end of the matrix)."""
    labels = np.asarray(labels, dtype=int)
    out = np.full(len(labels), -1, dtype=int)
    seen: dict[int, int] = {}
    for i, label in enumerate(labels.tolist()):
        if label < 0:
            continue
        out[i] = seen.setdefault(label, len(seen))
    return out


def cluster_objects(texts: Sequence[str], vectors: np.ndarray, settings: CompareSettings,
                    skip_words: frozenset[str] = frozenset(),
                    context_vectors: np.ndarray | None = None,
                    context_texts: Sequence[str] | None = None,
                    places: Sequence[tuple[str, int]] | None = None,
                    grouping=None) -> np.ndarray:
    """Issue labels (0..k-1, no gaps, numbered by first appearance; -1: none) per move.

    ``texts`` and ``vectors`` are the moves' objects, one row each;
    ``context_vectors``, ``context_texts`` and ``places`` (optional, aligned)
    their statements' vectors, texts and (document, statement index).
    ``skip_words`` (actor names) never count as a shared word. ``grouping``, a
    clusterer with ``fit_predict(X)``, replaces the default over the object
    vectors. Without context, identical object texts always share a label.
    """
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=int)
    unit = normalise(np.asarray(vectors, dtype=np.float32))
    if grouping is not None:
        labels = np.asarray(grouping.fit_predict(unit)).astype(int)
        if labels.shape != (n,):
            from ..errors import InputError

            raise InputError(f"grouping: fit_predict returned {labels.shape[0] if labels.ndim else 0} "
                             f"labels for {n} issue objects")
        return _renumber(labels)
    if settings.grouping_method not in ("graph", "linkage"):
        from ..errors import InputError

        raise InputError(f"grouping_method: {settings.grouping_method!r} is not 'linkage' or 'graph'")
    graph = settings.grouping_method == "graph" and not settings.n_issues
    skip = non_topic_words(frozenset(skip_words))
    if context_vectors is None:
        # Objects alone: identical texts are one node.
        keys = [" ".join(t.lower().split()) for t in texts]
        _, first, inverse = np.unique(np.array(keys, dtype=object), return_index=True,
                                      return_inverse=True)
        lexical_texts = [texts[i] for i in first]
        node_vectors, node_context, node_places = unit[first], None, None
    else:
        first, inverse = np.arange(n), np.arange(n)
        lexical_texts = list(context_texts) if context_texts is not None else list(texts)
        node_vectors = unit
        node_context = normalise(np.asarray(context_vectors, dtype=np.float32))
        node_places = places
    m = len(first)
    wanted = issue_count(m, settings)
    if m <= settings.exact_clustering_max:
        similarity = hybrid_similarity(node_vectors, settings, node_context, lexical_texts,
                                       node_places, skip)
        labels = graph_communities(similarity, settings) if graph else \
            _agglomerate(similarity, wanted)
    else:
        from sklearn.cluster import MiniBatchKMeans

        joined = node_vectors if node_context is None else np.hstack([node_vectors, node_context])
        joined = normalise(joined)
        k = max(wanted, min(settings.micro_clusters, m // 2))
        # k-means++ seeding costs O(m k d) per candidate; random seeding keeps
        # 20,000 moves with their wide joined vectors to seconds.
        micro = MiniBatchKMeans(n_clusters=k, random_state=settings.random_state, init="random",
                                batch_size=4096, n_init=1, max_iter=10).fit(joined)
        present = np.unique(micro.labels_)
        centres = normalise(np.vstack([joined[micro.labels_ == c].mean(axis=0) for c in present]))
        top = (graph_communities(centres @ centres.T, settings) if graph else
               _agglomerate(centres @ centres.T, wanted))
        lookup = dict(zip(present.tolist(), top.tolist()))
        labels = np.array([lookup[c] for c in micro.labels_.tolist()])
    return _renumber(np.asarray(labels)[inverse])
