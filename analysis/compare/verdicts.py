"""Verdicts per issue over the whole corpus, and how they change from date to date."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import input_error
from .common import (ASKING_CATEGORIES, OTHER_TOPICS, POSITION_CATEGORIES, RELATIONS,
                     check_parties, issue_sets)

VERDICT_COLUMNS = ["issue", "issue_label", "party_a", "party_b", "verdict", "n_rejects",
                   "n_concedes", "n_counter_demands", "n_counter_threatens", "n_unanswered",
                   "supporting_statement_ids", "supporting_dates", "since", "explanation"]
#: Most time steps per issue in the timeline (days, else months, else years).
MAX_TIMELINE_POINTS = 24
ISSUE_TIMELINE_COLUMNS = ["issue", "issue_label", "date", "n_positions_a", "n_positions_b",
                          "n_rejects", "n_concedes", "verdict"]


def statement_dates(statements: pd.DataFrame, docs: pd.DataFrame | None = None) -> pd.Series:
    """The ISO date of each statement ("" if unknown): its ``date`` column, or its
    document's date from ``docs`` (``doc_id, date``). Indexed by statement id."""
    ids = statements["statement_id"].astype(str)
    if "date" in statements.columns:
        values = statements["date"].fillna("").astype(str).to_numpy()
    elif docs is not None and {"doc_id", "date"} <= set(docs.columns) \
            and "doc_id" in statements.columns:
        by_doc = dict(zip(docs["doc_id"].astype(str), docs["date"].fillna("").astype(str)))
        values = statements["doc_id"].astype(str).map(by_doc).fillna("").to_numpy()
    else:
        values = np.array([""] * len(statements), dtype=object)
    return pd.Series(values, index=ids.to_numpy())


def _decide(positions: pd.DataFrame, here: pd.DataFrame, date_of: pd.Series,
            parties: tuple[str, str]) -> dict | None:
    """The verdict of one issue from its position statements and the links on it."""
    speaking = sorted(set(positions["party"]) | set(here["to_party"]))
    if not speaking:
        return None
    asking = positions.loc[positions["category"].isin(ASKING_CATEGORIES), "statement_id"]
    unanswered = sorted(set(asking) - set(here["from_statement_id"]))
    counts = {r: int((here["relation"] == r).sum()) for r in RELATIONS}
    counts["unanswered"] = len(unanswered)
    # Verdicts count asking statements, not links: one rejection that answers
    # five demands at once must not outweigh a concession five times over.
    answers = here.groupby("from_statement_id")["relation"].agg(set)
    conceded = sorted(f for f, r in answers.items() if "concedes" in r)
    rejected = sorted(f for f, r in answers.items()
                      if "concedes" not in r and r & {"rejects", "counter_threatens"})
    opposing = len(rejected)

    def cite(relations):
        chosen = here[here["relation"].isin(relations)]
        return sorted(set(chosen["from_statement_id"]) | set(chosen["to_statement_id"]))

    def latest(relations):
        found = [date_of.get(s, "") for s in here.loc[here["relation"].isin(relations),
                                                      "to_statement_id"]]
        found = [d for d in found if d]
        return max(found) if found else ""

    last_concession = latest(("concedes",))
    last_rejection = latest(("rejects", "counter_threatens"))
    since = ""
    offered = sorted(positions.loc[positions["category"] == "concession", "statement_id"]
                     .astype(str))
    if len(speaking) == 1 and offered:
        # One side offers something and the other has not (yet) said anything on
        # it in the corpus: there is room to bargain, not a one-sided demand.
        verdict, support = "bargaining_space", offered
        why = (f"only {speaking[0]} takes a position on this issue, and it offers "
               f"{len(offered)} concession(s)")
    elif len(speaking) == 1:
        verdict, support = "one_sided", sorted(positions["statement_id"].astype(str))
        why = f"only {speaking[0]} takes a position on this issue"
    elif conceded and (len(conceded) >= opposing
                       or (last_concession and last_rejection
                           and last_concession > last_rejection)):
        verdict, support = "bargaining_space", cite(("concedes",))
        if opposing and last_concession > last_rejection:
            # A concession made after the refusals: the deadlock has softened.
            dates = sorted(date_of.get(s, "") for s in here.loc[
                here["relation"] == "concedes", "to_statement_id"])
            since = next((d for d in dates if d > last_rejection), last_concession)
            support = sorted(set(support) | set(cite(("rejects", "counter_threatens"))))
            why = (f"deadlock until {last_rejection} ({opposing} move(s) met only by rejection "
                   f"or counter-threat), then a concession on {since}")
        else:
            why = (f"{len(conceded)} demand(s), red line(s) or threat(s) met by a concession, "
                   f"{opposing} met only by rejection or counter-threat")
    elif opposing or counts["counter_demands"]:
        verdict = "deadlock"
        if opposing:
            support = cite(("rejects", "counter_threatens"))
            why = (f"{opposing} demand(s), red line(s) or threat(s) met only by rejection or "
                   f"counter-threat, {len(conceded)} met by a concession")
        else:
            support = cite(("counter_demands",))
            why = (f"{counts['counter_demands']} demand(s) met only by counter-demands, "
                   "nothing conceded")
    else:
        verdict, support = "unanswered", unanswered
        why = "both parties take positions, but none answers the other's"
    dates = sorted({date_of.get(s, "") for s in support} - {""})
    return {"party_a": parties[0], "party_b": parties[1], "verdict": verdict,
            "n_rejects": counts["rejects"], "n_concedes": counts["concedes"],
            "n_counter_demands": counts["counter_demands"],
            "n_counter_threatens": counts["counter_threatens"],
            "n_unanswered": counts["unanswered"], "supporting_statement_ids": ";".join(support),
            "supporting_dates": ";".join(dates), "since": since, "explanation": why}


def _by_issue(statements: pd.DataFrame, links: pd.DataFrame, parties: tuple[str, str]):
    """Per issue: (its position statements of the two parties, the links on it)."""
    table = statements.reset_index(drop=True)
    sets = issue_sets(table)
    flat = np.array([k for k, own in enumerate(sets) for _ in own], dtype=int)
    long = pd.DataFrame({"issue": [name for own in sets for name in sorted(own)],
                         "statement_id": table["statement_id"].astype(str).to_numpy()[flat]
                         if len(flat) else [],
                         "party": table["party"].astype(str).to_numpy()[flat] if len(flat) else [],
                         "category": table["category"].astype(str).to_numpy()[flat]
                         if len(flat) else []})
    long = long[long["issue"] != OTHER_TOPICS]
    positions = long[long["party"].isin(parties) & long["category"].isin(POSITION_CATEGORIES)]
    answered = links[links["relation"] != "unanswered"]
    on = dict(zip(table["statement_id"].astype(str), sets))
    link_rows = [(k, name) for k, (f, t) in enumerate(zip(answered["from_statement_id"],
                                                         answered["to_statement_id"]))
                 for name in on.get(f, frozenset()) & on.get(t, frozenset())]
    link_issue = pd.DataFrame(link_rows, columns=["_k", "issue"])
    here_all = answered.reset_index(drop=True).iloc[link_issue["_k"].to_numpy()].assign(
        issue=link_issue["issue"].to_numpy())
    issues = sorted(set(positions["issue"]) | set(here_all["issue"]))
    pos_groups = dict(tuple(positions.groupby("issue", sort=False)))
    link_groups = dict(tuple(here_all.groupby("issue", sort=False)))
    empty_pos, empty_links = positions.head(0), here_all.head(0)
    for issue in issues:
        yield issue, pos_groups.get(issue, empty_pos), link_groups.get(issue, empty_links)


def issue_verdicts(statements: pd.DataFrame, links: pd.DataFrame, parties,
                   docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per issue and party pair: ``deadlock``, ``bargaining_space``, ``one_sided``, ``unanswered``.

    Over the whole corpus: a statement is on every issue of its ``issues`` list, a
    link counts for an issue when both its statements are on it. Rules, in order:

    * only one of the two parties takes a position on the issue -> ``one_sided``,
      unless that party offers a concession on it -> ``bargaining_space``;
    * a demand, red line or threat met by a concession, and no more of them met
      only by rejections or counter-threats -> ``bargaining_space``; also when
      the latest concession is dated after the latest rejection (``since`` says
      when the deadlock softened);
    * more of them met only by rejections or counter-threats, or demands met
      only by counter-demands -> ``deadlock``;
    * no position on the issue is answered -> ``unanswered``.

    "other topics" gets no verdict. Every row cites the statements behind its
    verdict (``supporting_statement_ids``), their document dates
    (``supporting_dates``, from ``docs`` or a ``date`` column) and says why.
    """
    parties = check_parties(parties)
    for column in ("statement_id", "party", "category", "issue"):
        if column not in statements.columns:
            raise input_error("issue_verdicts", f"statements table lacks column {column}")
    date_of = statement_dates(statements, docs)
    labels = dict(zip(statements["issue"].astype(str),
                      statements.get("issue_label", statements["issue"]).astype(str)))
    rows = []
    for issue, positions, here in _by_issue(statements, links, parties):
        decided = _decide(positions, here, date_of, parties)
        if decided is not None:
            rows.append({"issue": issue, "issue_label": labels.get(issue, issue), **decided})
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


def issue_timeline(statements: pd.DataFrame, links: pd.DataFrame, parties,
                   docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The verdict of each issue as it stood at each date (statements up to that date).

    One row per issue and date on which one of the two parties took a position on
    it or answered: ``n_positions_a``/``n_positions_b`` (positions up to that
    date), ``n_rejects``/``n_concedes`` (links up to that date) and the verdict
    of :func:`issue_verdicts` on what was said up to then. ``date`` is a day,
    or a month (``2024-03``) or year when there are more than
    ``MAX_TIMELINE_POINTS`` days. Empty when fewer than two dates are known.
    """
    parties = check_parties(parties)
    date_of = statement_dates(statements, docs)
    known = set(date_of) - {""}
    if len(known) < 2:
        return pd.DataFrame(columns=ISSUE_TIMELINE_COLUMNS)
    # Up to MAX_TIMELINE_POINTS dates the steps are days; beyond, months, then
    # years (the table and figure stay readable and their size bounded).
    for width in (10, 7, 4):
        if len({d[:width] for d in known}) <= MAX_TIMELINE_POINTS or width == 4:
            break
    date_of = date_of.map(lambda d: d[:width])
    labels = dict(zip(statements["issue"].astype(str),
                      statements.get("issue_label", statements["issue"]).astype(str)))
    rows = []
    for issue, positions, here in _by_issue(statements, links, parties):
        pos_dates = positions["statement_id"].map(date_of).fillna("")
        link_dates = np.maximum(here["from_statement_id"].map(date_of).fillna("").to_numpy(),
                                here["to_statement_id"].map(date_of).fillna("").to_numpy()) \
            if len(here) else np.array([], dtype=object)
        dates = sorted((set(pos_dates) | set(link_dates)) - {""})
        for date in dates:
            upto_positions = positions[(pos_dates != "") & (pos_dates <= date)]
            upto_links = here[(link_dates != "") & (link_dates <= date)] if len(here) else here
            decided = _decide(upto_positions, upto_links, date_of, parties)
            if decided is None:
                continue
            counts = upto_positions["party"].value_counts()
            rows.append({"issue": issue, "issue_label": labels.get(issue, issue), "date": date,
                         "n_positions_a": int(counts.get(parties[0], 0)),
                         "n_positions_b": int(counts.get(parties[1], 0)),
                         "n_rejects": decided["n_rejects"], "n_concedes": decided["n_concedes"],
                         "verdict": decided["verdict"]})
    return pd.DataFrame(rows, columns=ISSUE_TIMELINE_COLUMNS)
