"""Grouping issue objects into issues: one topic, one issue, across wordings.

Each move's object (:mod:`.objects`) is a node of a similarity graph; issues are
its communities (Louvain, fixed seed, resolution ``CompareSettings.resolution``).
Community detection adapts the granularity to the data: a corpus about one
topic gives one community, a corpus about six gives six, without a distance
threshold tuned on one corpus and without choosing a number of clusters.

The similarity of two objects (``object_similarity``) is a hybrid, because on
the development negotiations no single signal finds an analyst's issue well
(the nearest other statement is on the same analyst issue for 51% of
statements by the object's embedding, 54% by the statement's, 51% by shared
words, 67% by the statement right before it in the same document):

* the cosine of the object phrases' embeddings and of their statements'
  embeddings (party names masked in both), averaged: the object says what is
  asked, the statement keeps what a short or vague object ("it", "the
  commitment") leaves out;
* ``lexical_weight`` times the TF-IDF cosine of the statements' salient
  content-word stems, IDF within the corpus (actor names, reporting, stance and
  generic words never count): "sanctions", "fisheries", "hostages" are shared
  by wordings an encoder puts apart;
* ``discourse_weight / (1 + d)`` for two moves of one document that are ``d``
  moves apart: a report or transcript stays on a topic for several moves and
  its answers point back ("we will not agree to them").

Each node keeps edges to its ``graph_neighbours`` most similar nodes that reach
``edge_floor`` (the 95th percentile of unrelated text, 0.28, rounded up). With
``n_issues`` set, average-linkage clustering into that many issues replaces
the graph (for a researcher who wants a fixed count).

Any scikit-learn-style clusterer can replace all of this
(``compare(..., grouping=model)``): ``model.fit_predict(X)`` gets the object
vectors and returns one label per object (-1: no issue, "other topics").

Scale. Up to ``exact_clustering_max`` (4,000) objects the graph is built from
the full similarity matrix (O(m^2) time and memory: 4,000 objects, 64 MB per
float32 matrix); the graph itself holds at most m x ``graph_neighbours`` edges.
Above it, mini-batch k-means (fixed seed) cuts the objects, represented by
their object and statement vectors side by side, into ``micro_clusters``
groups (O(m k d) time, O(m d) memory) and the same graph is built over the
group centroids (embedding similarity only: the word and discourse terms are
properties of single statements). So 20 statements: a handful of nodes, often
one or two communities; 1,000: exact graph; 20,000: two-stage, linear in m.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .common import normalise, stem, words
from .settings import CompareSettings


def _content_stems(text: str, skip: frozenset[str]) -> str:
    tokens = re.findall(r"[a-z][a-z\-]+", text.lower())
    return " ".join(stem(t) for t in tokens if len(t) >= 3 and t not in skip)


def non_topic_words(actor_words: frozenset[str] = frozenset()) -> frozenset[str]:
    """Words that never make two objects one issue: actors, reporting, stance, generic words."""
    return actor_words | words("generic", "weak", "quantity", "holder", "frame", "stance",
                               "leading", "reference_noun", "reference_word")


def lexical_similarity(texts: Sequence[str], skip: frozenset[str]):
    """TF-IDF cosine of the content-word stems of ``texts`` (a dense m x m float32 array)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [_content_stems(t, skip) for t in texts]
    if not any(docs):
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    matrix = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True).fit_transform(docs)
    return (matrix @ matrix.T).toarray().astype(np.float32)


def object_similarity(object_vectors: np.ndarray, settings: CompareSettings,
                      context_vectors: np.ndarray | None = None,
                      context_texts: Sequence[str] | None = None,
                      places: Sequence[tuple[str, int]] | None = None,
                      skip: frozenset[str] = frozenset()) -> np.ndarray:
    """The hybrid similarity of every pair of objects (module doc), m x m float32.

    ``object_vectors`` and ``context_vectors`` (the statements') are unit rows;
    ``context_texts`` the statements; ``places`` each object's (document, index
    of its statement among the document's moves).
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
    if places is not None and settings.discourse_weight > 0:
        doc = np.array([p[0] for p in places], dtype=object)
        index = np.array([p[1] for p in places], dtype=np.float32)
        for d in np.unique(doc):
            rows = np.flatnonzero(doc == d)
            gap = np.abs(index[rows][:, None] - index[rows][None, :])
            # Only the next move: a topic runs on from one move to the next, but
            # a report covers several topics, so farther moves get nothing.
            similarity[np.ix_(rows, rows)] += total * settings.discourse_weight * (gap == 1)
    # Scaled so that the embedding and word terms average to a cosine; the
    # discourse term is a bonus on top (two neighbouring moves: + weight / 2).
    similarity /= total
    return similarity


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


def _agglomerate(distance: np.ndarray, settings: CompareSettings) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    m = len(distance)
    if m < 2:
        return np.zeros(m, dtype=int)
    if settings.n_issues:
        model = AgglomerativeClustering(n_clusters=min(int(settings.n_issues), m),
                                        metric="precomputed", linkage="average")
    else:
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=settings.object_distance)
    return model.fit_predict(distance.astype(np.float64))


def _linkage_distance(unit: np.ndarray, texts: Sequence[str], settings: CompareSettings,
                      skip: frozenset[str]) -> np.ndarray:
    """Cosine distance of the objects, minus the shared-word bonus (linkage method)."""
    distance = 1.0 - unit @ unit.T
    if settings.shared_word_bonus > 0:
        distance -= settings.shared_word_bonus * lexical_similarity(texts, skip)
    np.fill_diagonal(distance, 0.0)
    return np.clip(distance, 0.0, 2.0)


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
    """Issue labels (0..k-1, no gaps, numbered by first appearance; -1: none) per object.

    ``texts`` and ``vectors`` are the objects, one row each; ``context_vectors``,
    ``context_texts`` and ``places`` (optional, aligned) their statements'
    vectors, texts and (document, move index). ``skip_words`` (actor names)
    never count as a shared word. ``grouping``, a clusterer with
    ``fit_predict(X)``, replaces the default over the object vectors. Without
    context, identical object texts always share a label.
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
    skip = non_topic_words(frozenset(skip_words))
    graph = settings.grouping_method == "graph" and not settings.n_issues
    if settings.grouping_method not in ("graph", "linkage"):
        from ..errors import InputError

        raise InputError(f"grouping_method: {settings.grouping_method!r} is not 'linkage' or 'graph'")
    if context_vectors is None or not graph:
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
    if m <= settings.exact_clustering_max:
        if graph:
            labels = graph_communities(object_similarity(node_vectors, settings, node_context,
                                                         lexical_texts, node_places, skip),
                                       settings)
        else:
            labels = _agglomerate(_linkage_distance(node_vectors, lexical_texts, settings, skip),
                                  settings)
    else:
        from sklearn.cluster import MiniBatchKMeans

        joined = node_vectors if node_context is None else np.hstack([node_vectors, node_context])
        joined = normalise(joined)
        k = min(settings.micro_clusters, m // 2)
        # k-means++ seeding costs O(m k d) per candidate; for the wide joined vectors
        # of the graph method random seeding keeps 20,000 objects to seconds.
        micro = MiniBatchKMeans(n_clusters=k, random_state=settings.random_state,
                                init="random" if graph else "k-means++",
                                batch_size=4096, n_init=1, max_iter=10).fit(joined)
        present = np.unique(micro.labels_)
        centres = normalise(np.vstack([joined[micro.labels_ == c].mean(axis=0) for c in present]))
        top = (graph_communities(centres @ centres.T, settings) if graph else
               _agglomerate(np.clip(1.0 - centres @ centres.T, 0.0, 2.0), settings))
        lookup = dict(zip(present.tolist(), top.tolist()))
        labels = np.array([lookup[c] for c in micro.labels_.tolist()])
    return _renumber(np.asarray(labels)[inverse])
