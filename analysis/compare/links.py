"""Demand -> response links: which statement of the other side answers each move, and how."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .common import (ASKING_CATEGORIES, OTHER_TOPICS, REJECTION, RELATION_OF_CATEGORY,
                     check_inputs, check_parties, issue_sets)
from .settings import DEFAULT_SETTINGS, CompareSettings

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


def link_responses(statements: pd.DataFrame, vectors, parties,
                   settings: CompareSettings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """Link every demand, red line and threat of one party to the other party's answers.

    ``statements`` needs ``statement_id, text, party, category, issue`` (and uses
    ``issues``, every issue a statement touches, when present; "other topics" is
    not an issue two statements can share). A statement of the other party
    answers when it shares an issue, its embedding similarity reaches
    ``settings.response_threshold`` (waived inside one paragraph of one document,
    where answers point back with "the demands", "this") and
    :func:`response_relation` gives it a relation; the ``settings.max_answers``
    most similar answers are kept (top-k per statement: the table grows with the
    number of moves, never with the product of the two parties' statements). A
    statement with no answer gets one row with relation ``unanswered``. Both
    directions are linked; order in the text is not required.

    Returns columns ``from_statement_id, from_party, from_category,
    to_statement_id, to_party, to_category, similarity, relation``, sorted by
    from and to statement id; ``attrs["threshold"]`` holds the threshold used.
    """
    unit = check_inputs(statements, vectors, "link_responses",
                        ("statement_id", "text", "party", "category", "issue"))
    parties = check_parties(parties)
    threshold, max_answers = settings.response_threshold, settings.max_answers
    table = statements.reset_index(drop=True)
    party = table["party"].astype(str).to_numpy()
    category = table["category"].astype(str).to_numpy()
    issues = [own - {OTHER_TOPICS} for own in issue_sets(table)]
    ids = table["statement_id"].astype(str).to_numpy()
    texts = table["text"].fillna("").astype(str).to_numpy()
    if {"doc_id", "paragraph"} <= set(table.columns):
        place = pd.factorize(table["doc_id"].astype(str) + "\0" + table["paragraph"].astype(str))[0]
    else:
        place = np.arange(len(table))
    relation_of = [response_relation(c, t) for c, t in zip(category, texts)]
    issue_names = sorted(set().union(*issues)) if issues else []
    column = {name: k for k, name in enumerate(issue_names)}
    on_issue = np.zeros((len(table), len(issue_names)), dtype=bool)
    for j, own in enumerate(issues):
        on_issue[j, [column[name] for name in own]] = True
    rows = []
    for speaker, other in (parties, parties[::-1]):
        asking = np.flatnonzero((party == speaker) & np.isin(category, ASKING_CATEGORIES))
        can_answer = (party == other) & np.array([r is not None for r in relation_of], dtype=bool)
        # Statements with the same issues share their candidate answers: find them
        # once per issue set and score them in blocks of 256 asking statements.
        by_issues: dict[frozenset[str], list[int]] = {}
        for i in asking:
            by_issues.setdefault(issues[i], []).append(int(i))
        answers_of: dict[int, list] = {}
        for own, group in by_issues.items():
            columns = [column[name] for name in own]
            pool = (np.flatnonzero(can_answer & on_issue[:, columns].any(axis=1)) if columns
                    else np.zeros(0, dtype=int))
            for start in range(0, len(group), 256):
                chunk = group[start:start + 256]
                block = (unit[pool] @ unit[chunk].T).astype(np.float64).round(4) if len(pool) \
                    else None
                for k, i in enumerate(chunk):
                    similarity = block[:, k] if block is not None else np.zeros(0)
                    ok = (similarity >= threshold) | (place[pool] == place[i])
                    candidates, similarity = pool[ok], similarity[ok]
                    if len(candidates) > max_answers:
                        floor = np.partition(similarity, -max_answers)[-max_answers]
                        keep = similarity >= floor
                        candidates, similarity = candidates[keep], similarity[keep]
                    best = np.lexsort((ids[candidates], -similarity))[:max_answers]
                    answers_of[i] = list(zip(candidates[best], similarity[best]))
        for i in asking:
            for j, sim in answers_of.get(int(i), []):
                rows.append([ids[i], speaker, category[i], ids[j], other, category[j],
                             float(sim), relation_of[j]])
            if not answers_of.get(int(i)):
                rows.append([ids[i], speaker, category[i], "", "", "", np.nan, "unanswered"])
    links = pd.DataFrame(rows, columns=LINKS_COLUMNS)
    links = links.sort_values(["from_statement_id", "to_statement_id"], kind="stable")
    links = links.reset_index(drop=True)
    links.attrs["threshold"] = float(threshold)
    return links
