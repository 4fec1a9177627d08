"""Giving every statement its issue(s): anchors, objects, references, leftovers."""
from __future__ import annotations

import re
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .anchors import anchor_scores
from .common import (OTHER_TOPICS, POSITION_CATEGORIES, PhraseReader, actor_words, check_inputs,
                     default_embed, normalise)
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


def _unit_context(out: pd.DataFrame, unit_rows: list[int], embed):
    """For each object: its statement's vector (party names masked), its statement's
    text, and its place (document, index of the statement among the document's
    statements with objects, in text order)."""
    if not unit_rows:
        return None, None, None
    texts = out["text"].fillna("").astype(str).to_numpy()
    rows = np.asarray(unit_rows)
    distinct = sorted(set(unit_rows))
    masked = mask_holders(texts[distinct].tolist(), out["party"].astype(str).unique())
    vectors = normalise(np.asarray(embed(masked), dtype=np.float32))
    where = {row: k for k, row in enumerate(distinct)}
    context_vectors = vectors[[where[r] for r in unit_rows]]
    doc = (out["doc_id"].astype(str).to_numpy() if "doc_id" in out.columns
           else np.array([""] * len(out), dtype=object))
    start = (out["char_start"].to_numpy() if "char_start" in out.columns
             else np.arange(len(out)))
    index: dict[int, int] = {}
    for d in sorted(set(doc[distinct])):
        in_doc = sorted((r for r in distinct if doc[r] == d), key=lambda r: (start[r], r))
        index.update({r: k for k, r in enumerate(in_doc)})
    places = [(str(doc[r]), index[r]) for r in unit_rows]
    return context_vectors, texts[rows].tolist(), places


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
       rejections) are read for their objects (:mod:`.objects`); the objects
       are embedded with ``embed`` and clustered (:mod:`.grouping`); a statement
       is on the issue of each of its objects, the first named being primary
       (with ``discover=False``, whole statements are clustered instead);
    3. a reply that only points back takes the issues of the move it answers;
    4. an issue with fewer position statements than
       ``settings.min_issue_size(...)``, or without an acceptable name, goes to
       "other topics";
    5. every other statement joins the issue whose centroid is nearest if it
       reaches ``settings.attach_threshold``, else "other topics".

    Added columns: ``issue`` (primary issue id, which is also its name),
    ``issue_label``, ``issues`` (";"-joined, primary first), ``issue_similarity``
    (cosine to the primary issue's centroid or anchor). The issues table has
    ``issue, label, source`` (``anchor``, ``object`` or ``other``),
    ``n_statements``, ``n_position_statements`` (touching the issue as primary or
    secondary), ``keywords`` (";"), ``description`` (anchor phrases, or the
    issue's most typical objects), sorted by issue.
    """
    unit = check_inputs(statements, vectors, "assign_issues")
    out = statements.reset_index(drop=True).copy()
    n = len(out)
    embed = embed or default_embed
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
    free = np.array([not issues_of[i] for i in range(n)])
    unit_rows, unit_texts = [], []
    if discover:
        for i in np.flatnonzero(free):
            if is_position[i] or objects[i].units:
                for text in objects[i].units:
                    unit_rows.append(int(i))
                    unit_texts.append(text)
        masked = mask_holders(unit_texts, out["party"].astype(str).unique())
        unit_vectors = (normalise(np.asarray(embed(masked), dtype=np.float32))
                        if unit_texts else np.zeros((0, unit.shape[1]), dtype=np.float32))
    else:
        unit_rows = [int(i) for i in np.flatnonzero(free & is_position)]
        unit_texts = out["text"].fillna("").astype(str).iloc[unit_rows].tolist()
        unit_vectors = unit[unit_rows]
    actors = actor_words(out)
    if discover and grouping is None and settings.grouping_method == "graph":
        context_vectors, context_texts, places = _unit_context(out, unit_rows, embed)
    else:
        context_vectors = context_texts = places = None
    labels = cluster_objects(unit_texts, unit_vectors, settings, skip_words=frozenset(actors),
                             context_vectors=context_vectors, context_texts=context_texts,
                             places=places, grouping=grouping)
    k = int(labels.max()) + 1 if len(labels) else 0
    names, cluster_keywords = name_issues(unit_texts, labels, k, actors)
    for row, label in zip(unit_rows, labels):
        # unnamed, or no issue from an injected clusterer (-1): sorted out below
        name = (names[label] or f"\0{label}") if label >= 0 else "\0none"
        if name not in issues_of[row]:
            issues_of[row].append(name)

    # Replies that only point back take the issues of what they answer.
    targets = resolve_references(out, objects, unit)
    for i, j in sorted(targets.items()):
        if not issues_of[i] and issues_of[j]:
            issues_of[i] = list(issues_of[j])

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
            members = [t for t, lab in zip(unit_texts, labels) if lab == label]
            descriptions[name] = "; ".join(sorted(set(members), key=lambda t: (len(t), t))[:3])

    # Everything else joins the nearest issue, if it is close enough.
    real = sorted(kept | {x for x in sources if sources[x] == "anchor"})
    members_of: dict[str, list[int]] = {name: [] for name in real}
    for i, own in enumerate(issues_of):
        for name in own:
            if name in members_of:
                members_of[name].append(i)
    centroids = (normalise(np.vstack([unit[members_of[name]].mean(axis=0) if members_of[name]
                                      else np.zeros(unit.shape[1]) for name in real]))
                 if real else np.zeros((0, unit.shape[1])))
    for start in range(0, n, 8192):  # bounded memory: one block of rows at a time
        rows = np.arange(start, min(n, start + 8192))
        scores = unit[rows] @ centroids.T if len(real) else np.zeros((len(rows), 0))
        column_of = {name: c for c, name in enumerate(real)}
        for k_row, i in enumerate(rows):
            if not issues_of[i]:
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
