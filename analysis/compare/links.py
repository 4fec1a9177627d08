"""Demand -> response links: which statement of the other side answers each move, and how."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .common import (ASKING_CATEGORIES, OTHER_TOPICS, REJECTION, RELATION_OF_CATEGORY,
                     check_inputs, check_parties, issue_sets, normalise)
from .settings import DEFAULT_SETTINGS, CompareSettings
from .verdicts import statement_dates

LINKS_COLUMNS = ["from_statement_id", "from_party", "from_category", "to_statement_id",
                 "to_party", "to_category", "similarity", "relation"]


def response_relation(to_category: str, to_text: str) -> str | None:
    """How a statement answers a demand, red line or threat, or None if it does not.

    A concession concedes; an explicit rejection (``reject``, ``non-negotiable``,
    ``will not accept``, ``no intention``, ...) or a red line rejects; otherwise a
    demand counter-demands and a threat counter-threatens. ``other`` statements
    answer only when they reject.
    """
    if to_category == "concession":
        return "concedes"
    if to_category == "red_line" or REJECTION.search(to_text or ""):
        return "rejects"
    return RELATION_OF_CATEGORY.get(to_category)


def _corpus_rank(table: pd.DataFrame, docs: pd.DataFrame | None) -> np.ndarray:
    """Each row's place in the corpus's order: by date where known, then by row."""
    dates = statement_dates(table, docs).to_numpy(dtype=str)
    order = np.lexsort((np.arange(len(table)), dates))
    rank = np.empty(len(table), dtype=np.int64)
    rank[order] = np.arange(len(table))
    return rank


def _windows(asking_rank: np.ndarray, pool_rank: np.ndarray, window: int) -> np.ndarray:
    """Start, in the pool, of each asking statement's window of ``window`` candidates.

    The window is the ``window`` pool statements nearest in the corpus's order,
    centred on the asking statement and shifted inwards at the ends; with a pool no
    larger than the window every start is 0 (every candidate is in it).
    """
    if len(pool_rank) <= window:
        return np.zeros(len(asking_rank), dtype=np.int64)
    centre = np.searchsorted(pool_rank, asking_rank)
    return np.clip(centre - window // 2, 0, len(pool_rank) - window)


def _chunks(starts: np.ndarray, window: int, size: int = 256):
    """Runs of at most ``size`` consecutive asking statements whose windows overlap
    enough to be scored in one block (it spans at most a window and a quarter)."""
    begin = 0
    while begin < len(starts):
        end = begin + 1
        while end < len(starts) and end - begin < size \
                and starts[end] - starts[begin] <= window // 4:
            end += 1
        yield begin, end
        begin = end


def _top_answers(similarity: np.ndarray, ok: np.ndarray, id_rank: np.ndarray, k: int):
    """Per row of an asking x candidates block, the ``k`` acceptable candidates with
    the highest similarity (ties: the smaller statement id): (row, candidate column)
    pairs, in row order, then best first."""
    if similarity.shape[1] > k:
        # The k-th largest acceptable similarity of each row, by k passes of argmax
        # (vectorised, a few times faster than a partition of every row for small k).
        masked = np.where(ok, similarity, -np.inf)
        rows = np.arange(len(masked))
        for _ in range(k - 1):
            masked[rows, masked.argmax(axis=1)] = -np.inf
        floor = masked.max(axis=1)
        ok = ok & (similarity >= floor[:, None])
    rows, columns = np.nonzero(ok)
    order = np.lexsort((id_rank[columns], -similarity[rows, columns], rows))
    rows, columns = rows[order], columns[order]
    first = np.searchsorted(rows, rows, side="left")
    keep = np.arange(len(rows)) - first < k
    return rows[keep], columns[keep]


def link_responses(statements: pd.DataFrame, vectors, parties,
                   settings: CompareSettings = DEFAULT_SETTINGS,
                   docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Link every demand, red line and threat of one party to the other party's answers.

    ``statements`` needs ``statement_id, text, party, category, issue`` (and uses
    ``issues``, every issue a statement touches, when present; "other topics" is
    not an issue two statements can share). A statement of the other party
    answers when it shares an issue, its embedding similarity reaches
    ``settings.response_threshold`` (waived inside one paragraph of one document,
    where answers point back with "the demands", "this") and
    :func:`response_relation` gives it a relation; the ``settings.max_answers``
    most similar answers are kept (top-k per statement: the table grows with the
    number of moves, never with the product of the two parties' statements).
    Candidates are the ``settings.response_window`` statements of the other
    party on the same issues nearest in the corpus's order (dates from a ``date``
    column or ``docs``, then row order): all of them while an issue has no more,
    so that the search stays linear in a very large corpus. A statement with no
    answer gets one row with relation ``unanswered``. Both directions are
    linked; order in the text is not required.

    Returns columns ``from_statement_id, from_party, from_category,
    to_statement_id, to_party, to_category, similarity, relation``, sorted by
    from and to statement id; ``attrs["threshold"]`` holds the threshold used.
    """
    # Rows are normalised block by block, as they are read: a normalised copy of every
    # vector would be fresh memory as large as the input (slow to obtain, at 100,000).
    raw = check_inputs(statements, vectors, "link_responses",
                       ("statement_id", "text", "party", "category", "issue"), unit=False)
    parties = check_parties(parties)
    threshold, max_answers = settings.response_threshold, settings.max_answers
    window = max(int(settings.response_window), 1)
    table = statements.reset_index(drop=True)
    party = table["party"].astype(str).to_numpy()
    category = table["category"].astype(str).to_numpy()
    shared: dict[frozenset[str], frozenset[str]] = {}
    issues = [shared.get(own) or shared.setdefault(own, own - {OTHER_TOPICS})
              for own in issue_sets(table)]
    ids = table["statement_id"].astype(str).to_numpy()
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    rank = _corpus_rank(table, docs)
    texts = table["text"].fillna("").astype(str).to_numpy()
    if {"doc_id", "paragraph"} <= set(table.columns):
        place = pd.factorize(table["doc_id"].astype(str) + "\0" + table["paragraph"].astype(str))[0]
    else:
        place = np.arange(len(table))
    # A move answers whatever it says; any other statement of the two parties only
    # when it rejects (the rejection pattern is not read on narration). Which
    # relation an answer has is worked out for the answers kept only.
    answers_at_all = np.array([c in RELATION_OF_CATEGORY or (
        p in parties and REJECTION.search(t) is not None) for p, c, t in zip(party, category, texts)],
        dtype=bool)
    issue_names = sorted(set().union(*issues)) if issues else []
    column = {name: k for k, name in enumerate(issue_names)}
    on_issue = np.zeros((len(table), len(issue_names)), dtype=bool)
    rows_of: dict[frozenset[str], list[int]] = {}
    for j, own in enumerate(issues):
        rows_of.setdefault(own, []).append(j)
    for own, members in rows_of.items():  # a few distinct sets, not one per statement
        if own:
            on_issue[np.ix_(members, [column[name] for name in own])] = True
    answers_of: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for speaker, other in (parties, parties[::-1]):
        asking = np.flatnonzero((party == speaker) & np.isin(category, ASKING_CATEGORIES))
        can_answer = (party == other) & answers_at_all
        # Statements with the same issues share their candidate answers: find them
        # once per issue set, in corpus order, and score them in blocks.
        by_issues: dict[frozenset[str], list[int]] = {}
        for i in asking:
            by_issues.setdefault(issues[i], []).append(int(i))
        for own, group in by_issues.items():
            columns = [column[name] for name in own]
            pool = (np.flatnonzero(can_answer & on_issue[:, columns].any(axis=1)) if columns
                    else np.zeros(0, dtype=int))
            if not len(pool):
                continue
            pool = pool[np.argsort(rank[pool], kind="stable")]
            group = np.array(group)[np.argsort(rank[group], kind="stable")]
            starts = _windows(rank[group], rank[pool], window)
            for begin, end in _chunks(starts, window):
                chunk = group[begin:end]
                low, high = starts[begin], starts[end - 1] + min(window, len(pool))
                block_pool = pool[low:high]
                similarity = (normalise(raw[chunk]) @ normalise(raw[block_pool]).T
                              ).astype(np.float64).round(4)
                ok = (similarity >= threshold) | (place[chunk][:, None] == place[block_pool][None, :])
                if high - low > window:  # outside a statement's own window
                    offset = np.arange(low, high)[None, :] - starts[begin:end][:, None]
                    ok &= (offset >= 0) & (offset < window)
                rows, cols = _top_answers(similarity, ok, id_rank[block_pool], max_answers)
                bounds = np.searchsorted(rows, np.arange(len(chunk) + 1))
                for k in range(len(chunk)):
                    found = cols[bounds[k]:bounds[k + 1]]
                    answers_of[int(chunk[k])] = (block_pool[found], similarity[k, found])
    # The table is built column by column from positions (no Python row per link)
    # and sorted by the ids' ranks: the order of sorting by the id strings.
    sources, targets, sims = [], [], []
    for speaker in parties:
        for i in np.flatnonzero((party == speaker) & np.isin(category, ASKING_CATEGORIES)):
            answers, similarity = answers_of.get(int(i), ((), ()))
            if len(answers):
                sources.append(np.full(len(answers), i))
                targets.append(np.asarray(answers))
                sims.append(np.asarray(similarity, dtype=np.float64))
            else:
                sources.append(np.array([i]))
                targets.append(np.array([-1]))
                sims.append(np.array([np.nan]))
    source = np.concatenate(sources).astype(np.int64) if sources else np.zeros(0, np.int64)
    target = np.concatenate(targets).astype(np.int64) if targets else np.zeros(0, np.int64)
    similarity = np.concatenate(sims) if sims else np.zeros(0)
    order = np.lexsort((np.where(target >= 0, id_rank[target], -1), id_rank[source]))
    source, target, similarity = source[order], target[order], similarity[order]
    answered = target >= 0
    other_of = {parties[0]: parties[1], parties[1]: parties[0]}
    relations = np.full(len(table), None, dtype=object)
    for j in np.unique(target[answered]):
        relations[j] = response_relation(category[j], texts[j])

    def of_target(values, blank):
        out = np.full(len(target), blank, dtype=object)
        out[answered] = values[target[answered]]
        return out

    links = pd.DataFrame({
        "from_statement_id": ids[source].astype(object),
        "from_party": party[source].astype(object),
        "from_category": category[source].astype(object),
        "to_statement_id": of_target(ids.astype(object), ""),
        "to_party": np.where(answered, [other_of[p] for p in party[source]], "").astype(object),
        "to_category": of_target(category.astype(object), ""),
        "similarity": similarity,
        "relation": of_target(relations, "unanswered"),
    }, columns=LINKS_COLUMNS)
    links.attrs["threshold"] = float(threshold)
    return links
