"""Giving every statement its issue(s): anchors, objects, references, leftovers."""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .anchors import anchor_scores
from .common import (OTHER_TOPICS, POSITION_CATEGORIES, PhraseReader, actor_words, check_inputs,
                     default_embed, holder_words, normalise)
from .grouping import cluster_objects
from .naming import is_acceptable_name, name_issues
from .objects import extract_objects, resolve_references
from .settings import DEFAULT_SETTINGS, CompareSettings

ISSUE_COLUMNS = ["issue", "label", "source", "n_statements", "n_position_statements",
                 "keywords", "description"]


def mask_holders(texts: Sequence[str], parties: Sequence[str]) -> list[str]:
    """``texts`` without the names of the parties that speak in the corpus (and their
    demonyms): the issue is the object, not who holds it, and a sentence encoder
    otherwise puts "NATO expansion" and "NATO exercises" together for the name
    they share. A text that would be left empty is kept whole."""
    from .. import vocab
    from .common import is_country_word

    names = {p for p in parties if p not in (vocab.NO_PARTY, vocab.UNKNOWN_PARTY,
                                             vocab.INDEPENDENT)}
    lowered = {w.lower() for p in names for w in re.findall(r"[A-Za-z]+", p)}
    try:
        from ..actors import country_party
    except ImportError:  # pragma: no cover - the actor module ships with the package
        country_party = None

    def holder(word: str) -> bool:
        bare = re.sub(r"['’]s$", "", word)
        if bare.lower() in lowered:
            return True
        return bool(country_party and bare[:1].isupper() and is_country_word(bare.lower())
                    and country_party(bare) in names)

    masked = []
    for text in texts:
        kept = [w for w in text.split() if not holder(w.strip(",.;:"))]
        masked.append(" ".join(kept) if kept else text)
    return masked


def _anchor_issues(out: pd.DataFrame, unit: np.ndarray, anchors: pd.DataFrame, embed,
                   settings: CompareSettings) -> tuple[list[list[str]], np.ndarray]:
    """Anchor issues reached by each statement (best first) and the best similarity."""
    texts = out["text"].fillna("").astype(str).tolist()
    evidence = (out["evidence"].fillna("").astype(str).tolist()
                if "evidence" in out.columns else None)
    windowed = out["category"].isin(POSITION_CATEGORIES).to_numpy()
    names, scores = anchor_scores(texts, anchors, embed, PhraseReader(out), evidence,
                                  text_vectors=unit, windowed=windowed)
    literal = scores >= 1.0
    similarity = np.where(literal, scores - 1.0, scores)
    reached, best = [], np.zeros(len(out))
    for i in range(len(out)):
        if not len(names):
            reached.append([])
            continue
        # A secondary issue must be named word for word, or come nearly as close
        # as the best one.
        floor = max(settings.anchor_threshold,
                    float(similarity[i].max()) - settings.secondary_issue_margin)
        picked = [j for j in np.argsort(-scores[i], kind="stable")
                  if literal[i, j] or similarity[i, j] >= floor]
        reached.append([names[j] for j in picked])
        best[i] = similarity[i, picked[0]] if picked else 0.0
    return reached, best


def _places(out: pd.DataFrame) -> list[tuple[str, int]]:
    """Each statement's (document, index among the document's statements in text order)."""
    n = len(out)
    doc = (out["doc_id"].astype(str).to_numpy() if "doc_id" in out.columns
           else np.array([""] * n, dtype=object))
    start = (pd.to_numeric(out["char_start"], errors="coerce").fillna(0).to_numpy()
             if "char_start" in out.columns else np.arange(n))
    order = np.lexsort((np.arange(n), start, doc))
    index = np.zeros(n, dtype=int)
    previous, k = None, 0
    for i in order:
        k = k + 1 if doc[i] == previous else 0
        previous = doc[i]
        index[i] = k
    return [(str(doc[i]), int(index[i])) for i in range(n)]


def _move_objects(objects, targets: dict[int, int], texts: Sequence[str],
                  rows: Sequence[int]) -> list[list[str]]:
    """The object phrases of each move: its own; for a reply that points back, those of
    the move it answers (the issue is what was demanded, not the word "demands");
    else the statement itself."""
    found = []
    for i in rows:
        units = objects[i].units
        if not units and i in targets:
            units = objects[targets[i]].units
        found.append(list(units) or [texts[i]])
    return found


def _nearest_moves(unit: np.ndarray, rows: np.ndarray, nodes: np.ndarray,
                   node_objects: np.ndarray, places, skip: frozenset[str], texts,
                   settings: CompareSettings) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``rows``: the most similar move (index into ``nodes``) and its
    similarity, by the hybrid similarity of :mod:`.grouping` (statement against
    the move's statement and object, shared words, discourse). In blocks of rows,
    so memory stays rows-block x moves."""
    from .grouping import discourse_bonus, tfidf_rows

    best = np.zeros(len(rows), dtype=int)
    score = np.full(len(rows), -np.inf)
    if not len(rows) or not len(nodes):
        return best, score
    weight = settings.lexical_weight
    lexical = tfidf_rows([texts[i] for i in nodes] + [texts[i] for i in rows], skip) \
        if weight > 0 else None
    for start in range(0, len(rows), 1024):
        block = rows[start:start + 1024]
        similarity = (unit[block] @ unit[nodes].T + unit[block] @ node_objects.T) / 2
        if lexical is not None:
            part = lexical[len(nodes) + start:len(nodes) + start + len(block)]
            similarity = (similarity + weight * (part @ lexical[:len(nodes)].T).toarray()) \
                / (1 + weight)
        similarity += discourse_bonus([places[i] for i in block], [places[j] for j in nodes],
                                      settings.discourse_weight)
        best[start:start + len(block)] = np.argmax(similarity, axis=1)
        score[start:start + len(block)] = similarity.max(axis=1)
    return best, score


def _centroids(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit mean vector of each label 0..max (labels -1 left out)."""
    k = int(labels.max()) + 1 if len(labels) else 0
    if not k:
        return np.zeros((0, vectors.shape[1]), dtype=np.float32)
    return normalise(np.vstack([vectors[labels == c].mean(axis=0) if (labels == c).any()
                                else np.zeros(vectors.shape[1]) for c in range(k)]))


def _place_further_objects(unit_issues: list[list[int | None]], node_units: list[list[str]],
                           labels: np.ndarray, node_objects: np.ndarray, vector,
                           settings: CompareSettings) -> None:
    """A move's second and later objects join the issue whose objects they lie nearest,
    if that is another issue and the cosine reaches ``settings.attach_threshold``
    ("deployments of offensive missiles and limits on military exercises"); in place."""
    centroids = _centroids(node_objects, labels)
    if not len(centroids):
        return
    for a, units in enumerate(node_units):
        for u in range(1, len(units)):
            scores = centroids @ vector(units[u])
            c = int(np.argmax(scores))
            if c not in unit_issues[a] and scores[c] >= settings.attach_threshold:
                unit_issues[a][u] = c


def _name(node_units, unit_issues, labels: np.ndarray, actors, centroids, embed,
          holders: frozenset[str] = frozenset()):
    """Names and keywords of issues 0..max(labels), from the objects placed on each."""
    texts, issue_of = [], []
    for units, own in zip(node_units, unit_issues):
        for phrase, c in zip(units, own):
            if c is not None:
                texts.append(phrase)
                issue_of.append(c)
    k = int(labels.max()) + 1 if len(labels) else 0
    return name_issues(texts, issue_of, k, actors, embed=embed, centroids=centroids,
                       holders=holders)


def _merge_same_names(names: Sequence[str]) -> np.ndarray | None:
    """Old issue -> new issue, joining issues whose names hold the same content words
    or one the other's ("NATO expansion" and "NATO eastward expansion"); None if no
    two do."""
    from .common import stem

    keys = [frozenset(stem(w) for w in re.findall(r"[a-z]+", name.split(" / ")[0].lower())
                      if len(w) > 2) for name in names]
    parent = list(range(len(names)))

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    joined = False
    for a in range(len(keys)):
        for b in range(a + 1, len(keys)):
            if keys[a] and keys[b] and (keys[a] <= keys[b] or keys[b] <= keys[a]) \
                    and root(a) != root(b):
                parent[max(root(a), root(b))] = min(root(a), root(b))
                joined = True
    if not joined:
        return None
    roots = [root(c) for c in range(len(names))]
    number = {r: k for k, r in enumerate(sorted(set(roots)))}
    return np.array([number[r] for r in roots], dtype=int)


def assign_issues(statements: pd.DataFrame, vectors, anchors: pd.DataFrame | None = None,
                  settings: CompareSettings = DEFAULT_SETTINGS,
                  embed: Callable[[Sequence[str]], np.ndarray] | None = None,
                  discover: bool = True, grouping=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every statement its issue(s); return (statements with issue columns, issues table).

    ``statements`` needs ``statement_id, text, party, category`` (``evidence``,
    ``doc_id``, ``char_start`` are used when present); ``vectors`` its embeddings,
    row by row. In order:

    1. with ``anchors`` (:func:`read_issue_anchors`), a statement whose text or
       a 6-word window reaches ``settings.anchor_threshold`` goes to that anchor;
    2. the other demands, red lines, threats and concessions (and explicit
       rejections) are *moves*; each is read for its objects (:mod:`.objects`),
       and a reply that only points back ("rejected the demands") takes the
       objects of the move it answers. The moves are grouped
       (:mod:`.grouping`: object and statement embeddings, shared words,
       discourse); a further object of a move that lies nearer another issue's
       objects puts the statement on that issue too (with ``discover=False``,
       whole statements are clustered instead);
    3. an issue with fewer position statements than
       ``settings.min_issue_size(...)``, or without an acceptable name, goes to
       "other topics";
    4. every other statement joins the issue of the most similar move (same
       similarity) if it reaches ``settings.attach_threshold``, else "other
       topics".

    Added columns: ``issue`` (primary issue id, which is also its name),
    ``issue_label``, ``issues`` (";"-joined, primary first), ``issue_similarity``
    (cosine to the primary issue's centroid, or to the anchor). The issues table
    has ``issue, label, source`` (``anchor``, ``object`` or ``other``),
    ``n_statements``, ``n_position_statements`` (touching the issue as primary or
    secondary), ``keywords`` (";"), ``description`` (anchor phrases, or the
    issue's most typical objects), sorted by issue.
    """
    from .grouping import non_topic_words

    unit = check_inputs(statements, vectors, "assign_issues")
    out = statements.reset_index(drop=True).copy()
    n = len(out)
    embed = embed or default_embed
    texts = out["text"].fillna("").astype(str).tolist()
    is_position = out["category"].isin(POSITION_CATEGORIES).to_numpy()
    issues_of: list[list[str]] = [[] for _ in range(n)]
    similarity = np.zeros(n)
    descriptions: dict[str, str] = {}
    sources: dict[str, str] = {}
    keywords: dict[str, list[str]] = {}

    if anchors is not None and len(anchors) and n:
        reached, best = _anchor_issues(out, unit, anchors, embed, settings)
        for i in range(n):
            issues_of[i] = reached[i]
            similarity[i] = best[i]
        for name, group in anchors.groupby("name", sort=True):
            descriptions[name] = "; ".join(group["description"])
            sources[name] = "anchor"

    objects = extract_objects(out)
    targets = resolve_references(out, objects, unit)
    free = np.array([not issues_of[i] for i in range(n)])
    places = _places(out)
    actors = actor_words(out)
    parties = out["party"].astype(str).unique()
    if discover:
        nodes = np.array([i for i in np.flatnonzero(free)
                          if is_position[i] or objects[i].units], dtype=int)
        node_units = _move_objects(objects, targets, texts, nodes)
    else:
        nodes = np.flatnonzero(free & is_position)
        node_units = [[texts[i]] for i in nodes]
    primary_texts = [units[0] for units in node_units]
    if discover:
        # Every distinct object phrase is embedded once (party names masked: the
        # issue is the object, not who holds it).
        phrases = sorted({u for units in node_units for u in units})
        phrase_vectors = (normalise(np.asarray(embed(mask_holders(phrases, parties)),
                                               dtype=np.float32))
                          if phrases else np.zeros((0, unit.shape[1]), np.float32))
        vector_of = {p: k for k, p in enumerate(phrases)}
        node_objects = phrase_vectors[[vector_of[t] for t in primary_texts]]
    else:
        node_objects = unit[nodes]
    labels = cluster_objects(primary_texts, node_objects, settings,
                             skip_words=frozenset(actors),
                             context_vectors=unit[nodes] if grouping is None and len(nodes)
                             else None,
                             context_texts=[texts[i] for i in nodes],
                             places=[places[i] for i in nodes], grouping=grouping)
    # Per move, the issue of each of its objects (None: the object stays unplaced).
    unit_issues = [[int(label) if label >= 0 else None] + [None] * (len(units) - 1)
                   for label, units in zip(labels, node_units)]
    if discover:
        _place_further_objects(unit_issues, node_units, labels, node_objects,
                               lambda t: phrase_vectors[vector_of[t]], settings)
    centroids = _centroids(unit[nodes], labels)
    holders = frozenset(holder_words(out))
    names, cluster_keywords = _name(node_units, unit_issues, labels, actors, centroids,
                                    embed if discover else None, holders)
    # One topic, one issue: issues whose names hold the same content words, or
    # one the other's ("NATO expansion", "NATO eastward expansion"; "pay rise"
    # twice in a corpus about one pay rise), are one issue.
    merged = _merge_same_names(names)
    if merged is not None:
        old_labels = labels
        labels = np.where(labels >= 0, merged[np.maximum(labels, 0)], -1)
        unit_issues = [[None if c is None else int(merged[c]) for c in own]
                       for own in unit_issues]
        unit_issues = [[c if c not in own[:u] else None for u, c in enumerate(own)]
                       for own in unit_issues]
        # The merged issue keeps the name of its largest part (ties: the shorter).
        before = Counter(int(c) for c in old_labels if c >= 0)
        best: dict[int, tuple] = {}
        for old, new in enumerate(merged.tolist()):
            base = names[old].split(" / ")[0]
            rank = (-before[old], len(base), base)
            if base and (new not in best or rank < best[new]):
                best[new] = rank
        largest = {new: rank[2] for new, rank in best.items()}
        _, cluster_keywords = _name(node_units, unit_issues, labels, actors, None, None,
                                    holders)
        names = [largest.get(c, "") for c in range(len(cluster_keywords))]
    for a, row in enumerate(nodes):
        own = [c for c in unit_issues[a] if c is not None] or [-1]
        for c in own:
            # unnamed, or no issue from an injected clusterer (-1): sorted out below
            name = (names[c] or f"\0{c}") if c >= 0 else "\0none"
            if name not in issues_of[row]:
                issues_of[row].append(name)

    # Issues too small to compare, or without a name, are "other topics".
    size: dict[str, int] = {}
    for i in np.flatnonzero(is_position):
        for name in issues_of[i]:
            size[name] = size.get(name, 0) + 1
    least = settings.min_issue_size(int(is_position.sum()))
    kept = {name for name, count in size.items()
            if name in sources or (count >= least and not name.startswith("\0")
                                   and is_acceptable_name(name))}
    for i in range(n):
        if issues_of[i]:
            mapped = list(dict.fromkeys(x if x in kept else OTHER_TOPICS for x in issues_of[i]))
            if len(mapped) > 1 and OTHER_TOPICS in mapped:
                mapped.remove(OTHER_TOPICS)
            issues_of[i] = mapped
    for label, name in enumerate(names):
        if name in kept:
            sources[name] = "object"
            keywords[name] = cluster_keywords[label]
            members = [t for units, own in zip(node_units, unit_issues)
                       for t, c in zip(units, own) if c == label]
            descriptions[name] = "; ".join(sorted(set(members), key=lambda t: (len(t), t))[:3])

    # A reply that only points back and is no move itself ("Management said those
    # demands were unaffordable" read as narration) takes the issues of what it answers.
    for i, j in sorted(targets.items()):
        if not issues_of[i] and issues_of[j] and set(issues_of[j]) & kept:
            issues_of[i] = [x for x in issues_of[j] if x in kept]
    # Everything else joins the issue of the most similar move, if close enough.
    rest = np.array([i for i in range(n) if not issues_of[i]], dtype=int)
    on_issue = np.array([bool(set(issues_of[i]) & kept) for i in nodes], dtype=bool) \
        if len(nodes) else np.zeros(0, dtype=bool)
    anchors_only = sorted(x for x in sources if sources[x] == "anchor")
    targets_rows = nodes[on_issue] if len(nodes) else nodes
    if len(rest) and len(targets_rows) and len(targets_rows) <= settings.exact_clustering_max:
        skip = non_topic_words(frozenset(actors))
        nearest, score = _nearest_moves(unit, rest, targets_rows, node_objects[on_issue], places,
                                        skip, texts, settings)
        for r, j, s in zip(rest, nearest, score):
            if s >= settings.attach_threshold:
                issues_of[r] = [issues_of[targets_rows[j]][0]]
    real = sorted(kept | set(anchors_only))
    members_of: dict[str, list[int]] = {name: [] for name in real}
    for i, own in enumerate(issues_of):
        for name in own:
            if name in members_of:
                members_of[name].append(i)
    centroids = (normalise(np.vstack([unit[members_of[name]].mean(axis=0) if members_of[name]
                                      else np.zeros(unit.shape[1]) for name in real]))
                 if real else np.zeros((0, unit.shape[1])))
    column_of = {name: c for c, name in enumerate(real)}
    for start in range(0, n, 8192):  # bounded memory: one block of rows at a time
        rows = np.arange(start, min(n, start + 8192))
        scores = unit[rows] @ centroids.T if len(real) else np.zeros((len(rows), 0))
        for k_row, i in enumerate(rows):
            if not issues_of[i]:
                # Large corpora (or no move to compare with): the nearest issue centroid.
                best = int(np.argmax(scores[k_row])) if len(real) else -1
                if best >= 0 and scores[k_row, best] >= settings.attach_threshold:
                    issues_of[i] = [real[best]]
                else:
                    issues_of[i] = [OTHER_TOPICS]
            primary = issues_of[i][0]
            if primary in real and sources.get(primary) != "anchor":
                similarity[i] = float(scores[k_row, column_of[primary]])

    out["issue"] = [own[0] for own in issues_of]
    out["issue_label"] = out["issue"]
    out["issues"] = [";".join(own) for own in issues_of]
    out["issue_similarity"] = np.round(similarity, 4)
    rows = []
    touched: dict[str, set[int]] = {}
    for i, own in enumerate(issues_of):
        for name in own:
            touched.setdefault(name, set()).add(i)
    for name in sorted(touched):
        members = np.array(sorted(touched[name]))
        rows.append({"issue": name, "label": name,
                     "source": sources.get(name, "other") if name != OTHER_TOPICS else "other",
                     "n_statements": len(members),
                     "n_position_statements": int(is_position[members].sum()),
                     "keywords": ";".join(keywords.get(name, [])),
                     "description": descriptions.get(name, "")})
    return out, pd.DataFrame(rows, columns=ISSUE_COLUMNS)


def propose_issue_anchors(statements: pd.DataFrame, vectors=None, embed=None,
                          settings: CompareSettings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """Issues found in the corpus, as an ``issues.csv`` table a researcher can edit.

    Runs :func:`assign_issues` without anchors and returns ``name, description``
    rows: each issue's name, and its most typical objects as descriptions.
    """
    embed = embed or default_embed
    if vectors is None:
        vectors = embed(statements["text"].fillna("").astype(str).tolist())
    _, issues = assign_issues(statements, vectors, settings=settings, embed=embed)
    rows = []
    for name, description in zip(issues["issue"], issues["description"]):
        if name == OTHER_TOPICS:
            continue
        for phrase in [p.strip() for p in str(description).split(";") if p.strip()] or [name]:
            rows.append({"name": name, "description": phrase})
    return (pd.DataFrame(rows, columns=["name", "description"]).drop_duplicates()
            .sort_values(["name", "description"]).reset_index(drop=True))
