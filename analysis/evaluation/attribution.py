"""Who holds each statement, scored: speaker and party against hand annotations.

* :func:`score_attribution` compares a statements table with a gold annotation
  given by character spans (the seed's ``seed_gold_attribution.csv``);
* :func:`attribution_scores` gives party accuracy per negotiation of the
  development set (gold rows named by keys, aligned with
  :func:`analysis.evaluation.gold.align_gold`), with the shares of ``unknown``
  and ``none`` predictions, for notebook 01.
"""
from __future__ import annotations

import re

import pandas as pd

from .. import vocab
from ..actors import resolve_actor


def score_attribution(statements: pd.DataFrame, gold: pd.DataFrame,
                      actors: pd.DataFrame | None = None) -> dict:
    """Compare predicted statements with a gold annotation, matched by character overlap.

    ``gold`` has ``char_start``, ``char_end``, ``speaker``, ``party`` and optionally
    ``doc_id`` and ``is_boilerplate`` (truthy rows are set-aside text). Each gold
    statement is matched to the predicted statement that overlaps it most (same
    ``doc_id`` when both tables have one); an unmatched gold statement counts as
    wrong. Speakers are compared after resolving both through the actor table.

    Returns ``n_gold``, ``n_predicted``, ``n_matched``, ``party_accuracy``,
    ``speaker_accuracy``, ``boilerplate_as_statement`` (gold set-aside rows that a
    prediction overlaps), ``mixed_party_statements`` (predictions overlapping gold
    statements of two parties by more than 10 characters each) and ``errors``
    (a DataFrame of the mismatches).
    """
    gold = gold.copy()
    flag = gold["is_boilerplate"] if "is_boilerplate" in gold else pd.Series(False, index=gold.index)
    flag = flag.astype(str).str.lower().isin(["1", "true", "yes"])
    gold_statements = gold[~flag]
    gold_set_aside = gold[flag]
    use_doc = "doc_id" in gold and "doc_id" in statements
    pred = statements.reset_index(drop=True)

    def candidates(row):
        if use_doc:
            return pred[pred["doc_id"] == row.doc_id]
        return pred

    def overlap(a0, a1, b0, b1):
        return max(0, min(a1, b1) - max(a0, b0))

    party_ok = speaker_ok = matched = 0
    errors = []
    by_pred: dict[int, list[tuple[str, int]]] = {}
    for row in gold_statements.itertuples(index=False):
        cand = candidates(row)
        best, best_overlap = None, 0
        for idx, p in zip(cand.index, cand.itertuples(index=False)):
            o = overlap(row.char_start, row.char_end, p.char_start, p.char_end)
            if o > best_overlap:
                best, best_overlap = idx, o
            if o > 10:
                by_pred.setdefault(idx, []).append((str(row.party), o))
        if best is None:
            errors.append({"char_start": row.char_start, "gold_speaker": row.speaker,
                           "gold_party": row.party, "speaker": "", "party": "", "problem": "unmatched"})
            continue
        matched += 1
        p = pred.loc[best]
        same_party = str(p["party"]) == str(row.party)
        same_speaker = _same_speaker(str(p["speaker"]), _text(row.speaker), actors)
        party_ok += same_party
        speaker_ok += same_speaker
        if not (same_party and same_speaker):
            errors.append({"char_start": row.char_start, "gold_speaker": _text(row.speaker),
                           "gold_party": row.party, "speaker": p["speaker"], "party": p["party"],
                           "problem": "party" if not same_party else "speaker"})
    boiler = 0
    for row in gold_set_aside.itertuples(index=False):
        cand = candidates(row)
        if any(overlap(row.char_start, row.char_end, p.char_start, p.char_end) > 0
               for p in cand.itertuples(index=False)):
            boiler += 1
    mixed = sum(1 for hits in by_pred.values() if len({party for party, _ in hits}) > 1)
    n = len(gold_statements)
    return {
        "n_gold": n,
        "n_predicted": len(pred),
        "n_matched": matched,
        "party_accuracy": party_ok / n if n else float("nan"),
        "speaker_accuracy": speaker_ok / n if n else float("nan"),
        "boilerplate_as_statement": boiler,
        "mixed_party_statements": mixed,
        "errors": pd.DataFrame(errors, columns=["char_start", "gold_speaker", "gold_party", "speaker",
                                                "party", "problem"]),
    }


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _same_speaker(predicted: str, gold: str, actors: pd.DataFrame | None) -> bool:
    if not predicted or not gold:
        return not predicted and not gold

    def canonical(name: str) -> str:
        found = resolve_actor(name, actors)
        if found is not None:
            return found.name
        return re.sub(r"^(?:the|a|an)\s+", "", name.strip().casefold())

    return canonical(predicted) == canonical(gold)


ATTRIBUTION_SCORE_COLUMNS = ("negotiation", "statements", "party_accuracy", "unknown_share",
                             "none_share", "missed_statements")


def attribution_scores(statements: pd.DataFrame, gold: pd.DataFrame,
                       docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Party accuracy per negotiation, and overall.

    ``statements`` is a statements table whose spans point into the documents'
    decoded originals (as the pipeline returns them); ``gold`` holds gold rows
    (:func:`analysis.evaluation.gold.read_gold`) with a ``negotiation`` column,
    either already aligned (``pred_party``, ``party_correct``), or located
    (``doc_id``, ``key_start``, ``key_end``), or with ``docs`` (``file``,
    ``doc_id``, ``raw_text``) to locate their keys in. ``doc_id`` values must be
    unique across negotiations. A prediction listed in ``party_alternatives``
    counts as right.

    Returns one row per negotiation, sorted, then ``overall`` (all gold rows
    pooled): :data:`ATTRIBUTION_SCORE_COLUMNS`. ``unknown_share`` is the share
    of gold statements predicted ``unknown``; ``none_share`` the share
    predicted ``none`` where the gold party is not ``none``.
    """
    from .gold import align_gold

    if "negotiation" not in gold.columns:
        gold = gold.assign(negotiation="all")
    aligned = gold if "party_correct" in gold.columns else align_gold(statements, gold, docs)
    rows = []
    groups = [(name, frame) for name, frame in aligned.groupby("negotiation", sort=True)]
    for name, frame in groups + [("overall", aligned)]:
        n = len(frame)
        rows.append({
            "negotiation": name,
            "statements": n,
            "party_accuracy": float(frame["party_correct"].mean()) if n else float("nan"),
            "unknown_share": float((frame["pred_party"] == vocab.UNKNOWN_PARTY).mean()) if n else float("nan"),
            "none_share": float(((frame["pred_party"] == vocab.NO_PARTY)
                                 & (frame["party"] != vocab.NO_PARTY)).mean()) if n else float("nan"),
            "missed_statements": int((frame["statement_id"] == "").sum()),
        })
    return pd.DataFrame(rows, columns=list(ATTRIBUTION_SCORE_COLUMNS))
