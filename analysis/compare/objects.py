"""Issue objects: what a demand, red line, concession or threat is *about*.

An issue is the object of a move, not the words of the sentence that reports it:
in "Moscow insists on guarantees to stop NATO's eastward expansion", the move is
"insists on" (the stance ``evidence``) and the object is "guarantees to stop NATO's
eastward expansion". :func:`statement_objects` cuts the object out of a statement
with a few rules about how English reports positions:

* the object follows a verbal cue ("insists on X", "rejects X", "openness to X");
* it precedes a predicate cue ("X is a red line", "X is non-negotiable",
  "X would have serious consequences");
* a threat is about its condition ("if Russia invades Ukraine, ... costs");
* "such as X" names an object wherever it stands ("demands - such as a halt to
  NATO expansion - are non-negotiable");
* two objects joined by "and" are two objects (a statement may be on two issues);
* quotation marks, the holder and the reporting frame ("she told reporters",
  "according to") are cut, and so is what follows a participle frame
  (", saying that ...": another report).

A reply that only points back ("rejects the demands", "this is unacceptable",
"pushed back on the proposals") has no object of its own: it is a *reference*,
and takes the issue of the move it answers (:func:`resolve_references`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from .common import ASKING_CATEGORIES, POSITION_CATEGORIES, REJECTION, words

#: Longest object kept, in words: the head of the object comes first.
MAX_OBJECT_WORDS = 14

_QUOTES = re.compile(r"[\"“”«»„]|(?<![A-Za-z])[‘’']|[‘’'](?![A-Za-z])")
_HARD_BOUNDARY = re.compile(r"[.;!?:]|\s[–—]\s|\s-\s|,\s+(?:but|while|although|though|whereas|"
                            r"as|because|since|after|before|when)\b")
_TRAILING_FRAME = re.compile(
    r",?\s*(?:(?:he|she|they|we|it|[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})\s+"
    r"(?:also\s+)?(?:said|says|told|added|stressed|noted|insisted|wrote|declared|argued|warned|"
    r"explained|continued|tweeted|posted|emphasised|emphasized)\b|according to\b|"
    r"(?:said|says|told|added)\s+(?:the\s+)?[A-Za-z]+\b|"
    r",\s+(?:the|a|an)\s+[^,]{0,80}?\b(?:said|says|told|added)\b|\s+which\s+).*$",
    re.IGNORECASE | re.DOTALL)
# "..., saying that X", "and adding X": what follows is another report, not this object.
_PARTICIPLE_FRAME = re.compile(r",?\s*(?:and\s+)?\b(?:saying|adding|arguing|noting|stressing|"
                               r"insisting|claiming|explaining|describing|calling it)\b.*$",
                               re.IGNORECASE | re.DOTALL)
_LEADING_FRAME = re.compile(
    r"^.*\b(?:said|says|say|told\s+\w+|tells\s+\w+|added|adding|stressed|noted|argued|"
    r"insisted|declared|announced|described|describes|calls|called|considers|considered|"
    r"reiterated|repeated|warned|believes|believe|thinks|think|made\s+it\s+clear|"
    r"clear)\b(?:\s+that)?\s+", re.IGNORECASE | re.DOTALL)
_CONDITION = re.compile(r"\b(?:if|unless|should)\s+(.+?)(?:,|\bthen\b|$)", re.IGNORECASE)
_SUCH_AS = re.compile(r"\bsuch\s+as\s+(.+?)(?=\s[–—-]\s|[.;:!?]|,\s+(?:and|but|which)\b|$)",
                      re.IGNORECASE)
_COPULA_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|remains?|remained|as|"
                            r"(?:would|will|could|might|may)\s+(?:have|be|bring|mean|trigger|"
                            r"cause|lead\s+to|provoke|invite|entail|result\s+in))"
                            r"(?:\s+(?:a|an|the|not|also|still|simply|clearly|our|their))*\s*$",
                            re.IGNORECASE)
_SPLIT = re.compile(r",?\s+(?:and(?:\s+(?:even|also|to))?|as\s+well\s+as|or)\s+|,\s+", re.IGNORECASE)
_LEADING_FUNCTION = frozenset("""
to that on for of with the a an about over regarding by be is are was were been its their his her
our your my any all some even also further more this these those such as than at in into upon
only just very not no nor so then there here which who whom whose what where when while it they
them he she we you i us
""".split())
_TRAILING_VERBS = frozenset("would will could should might may must can have has had do does "
                            "did shall".split())
_REFERENCE_MODIFIERS = frozenset("""
latest new main key central recent initial written draft above such sweeping maximalist
unrealistic two three several many most other previous earlier original final same core
these those said own various specific broader wider
""".split())
_DETERMINERS = frozenset("the these those this that such its their his her our your any all "
                         "some both either".split())


@dataclass
class StatementObjects:
    """The objects of one statement, or the fact that it only points back."""

    units: list[str] = field(default_factory=list)
    #: "move": points back at another party's move ("rejects the demands");
    #: "previous": at the statement before ("It will harm ..."); "" otherwise.
    reference: str = ""


@functools.lru_cache(maxsize=1)
def _vocab() -> dict[str, frozenset[str]]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return {
        "non_content": frozenset(ENGLISH_STOP_WORDS) | words("frame", "stance", "reference_noun",
                                                             "reference_word", "leading"),
        "reference_nouns": words("reference_noun"),
        "reference_words": words("reference_word"),
    }


def _tokens(text: str) -> list[str]:
    return [re.sub(r"['’]s$", "", t.lower()) for t in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text)]


def content_words(text: str) -> list[str]:
    """Lower-case words of ``text`` that can carry an object (not stop, frame or stance words)."""
    skip = _vocab()["non_content"]
    return [w for w in _tokens(text) if len(w) >= 3 and w not in skip]


def strip_quotes(text: str) -> str:
    """``text`` without quotation marks (apostrophes inside words stay)."""
    return " ".join(_QUOTES.sub(" ", str(text)).split())


def _clean(text: str) -> str:
    """An object phrase: no trailing reporting or participle frame, no leading
    function words, short."""
    text = _PARTICIPLE_FRAME.sub("", _TRAILING_FRAME.sub("", text))
    tokens = text.split()
    while tokens and tokens[0].lower().strip(",’'") in _LEADING_FUNCTION:
        tokens = tokens[1:]
    while tokens and tokens[-1].lower().strip(",.’'") in _LEADING_FUNCTION | _TRAILING_VERBS:
        tokens = tokens[:-1]
    return " ".join(tokens[:MAX_OBJECT_WORDS]).strip(" ,.;:–—-")


def _after(text: str, end: int) -> str:
    rest = text[end:]
    stop = _HARD_BOUNDARY.search(rest)
    return rest[:stop.start()] if stop else rest


def _before(text: str, start: int) -> str:
    head = text[:start]
    stops = list(_HARD_BOUNDARY.finditer(head))
    if stops:
        head = head[stops[-1].end():]
    return _LEADING_FRAME.sub("", head)


def _reference_kind(phrase: str) -> str:
    """"move" if ``phrase`` only points back at a move ("the demands as blind",
    "those proposals"), "previous" for a bare pronoun ("it", "this"), else ""."""
    v = _vocab()
    tokens = _tokens(phrase)
    if not tokens:
        return ""
    if tokens[0] in v["reference_words"] and (len(tokens) == 1 or tokens[1] not in
                                              v["reference_nouns"] | _REFERENCE_MODIFIERS):
        return "previous" if not content_words(" ".join(tokens[1:2])) or len(tokens) == 1 else ""
    k = 0
    if tokens[0] in _DETERMINERS:
        k = 1
    modifiers = 0
    from .common import is_country_word

    while (k < len(tokens) and modifiers < 2 and tokens[k] not in v["reference_nouns"]
           and (tokens[k] in _REFERENCE_MODIFIERS or is_country_word(tokens[k]))):
        k += 1
        modifiers += 1
    if k >= len(tokens) or tokens[k] not in v["reference_nouns"] or (k == 0 and len(tokens) > 1):
        return ""
    rest = tokens[k + 1:]
    # "the demand for sanctions relief" names its object; "the demands as blind" does not.
    if rest and rest[0] in ("for", "on", "of", "to", "regarding", "about", "over", "that") \
            and len(content_words(" ".join(rest[1:6]))) >= 1:
        return ""
    return "move"


def _split_units(phrase: str) -> list[str]:
    """One phrase naming two objects ("stop NATO expansion and roll back deployments")
    becomes two; a part with fewer than two content words stays with its neighbour."""
    parts = [p for p in _SPLIT.split(phrase) if p and p.strip()]
    units: list[str] = []
    for part in parts:
        if units and len(content_words(part)) < 2:
            units[-1] = f"{units[-1]} and {part}"
        elif not units or len(content_words(units[-1])) >= 2:
            units.append(part)
        else:
            units[-1] = f"{units[-1]} and {part}"
    cleaned = [_clean(u) for u in units]
    return [u for u in cleaned if content_words(u)] or ([_clean(phrase)] if content_words(phrase)
                                                        else [])


def _find(text: str, cue: str) -> tuple[int, int] | None:
    cue = strip_quotes(cue).strip()
    if not cue:
        return None
    at = text.lower().find(cue.lower())
    return (at, at + len(cue)) if at >= 0 else None


def statement_objects(text: str, evidence: str = "", category: str = "other") -> StatementObjects:
    """The object phrase(s) of one statement, or its reference kind (see module doc).

    ``evidence`` is the stance cue span (the ``evidence`` column); statements
    without one (``other``) are read from an explicit rejection word if they have
    one, and otherwise have no object.
    """
    text = strip_quotes(text)
    span = _find(text, evidence or "")
    if span is None:
        match = REJECTION.search(text)
        if match is None and category not in POSITION_CATEGORIES:
            return StatementObjects()
        span = (match.start(), match.end()) if match else (0, 0)
    start, end = span
    after, before = _after(text, end), _before(text, start)
    exemplified = [m.group(1) for m in _SUCH_AS.finditer(text)]
    chosen = ""
    if category == "threat":
        condition = _CONDITION.search(text)
        if condition and len(content_words(condition.group(1))) >= 1:
            chosen = condition.group(1)
        elif content_words(before):
            chosen = before
        elif _reference_kind(before):
            return StatementObjects(reference="previous")
    if not chosen:
        kind = _reference_kind(after)
        predicate = bool(_COPULA_BEFORE.search(text[:start])) and content_words(before)
        if predicate:
            chosen = before
        elif kind and not exemplified:
            return StatementObjects(reference=kind)
        elif (len(content_words(after)) < 2
              and len(content_words(before)) > len(content_words(after))):
            chosen = before
        else:
            chosen = after
            if re.match(r"\s*(?:if|unless)\b", chosen, re.IGNORECASE):
                chosen = re.sub(r"^\s*(?:if|unless)\s+", "", chosen, flags=re.IGNORECASE)
    if not content_words(chosen):
        kind = _reference_kind(chosen) or _reference_kind(before) or ("move" if chosen else "")
        if exemplified:
            chosen = ""
        elif kind:
            return StatementObjects(reference=kind)
    # "other ideas, such as X": the example is the object, not "other ideas".
    if exemplified and _SUCH_AS.search(chosen):
        chosen = chosen[:_SUCH_AS.search(chosen).start()]
        if len(content_words(chosen)) < 2:
            chosen = ""
    chosen = _TRAILING_FRAME.sub("", chosen)
    units = _split_units(chosen) if chosen else []
    for example in exemplified:
        for unit in _split_units(example):
            if unit not in units:
                units.append(unit)
    # Order by where each object stands in the sentence: the first named is primary.
    lower = text.lower()
    units.sort(key=lambda u: (lower.find(u.lower()) if u.lower() in lower else len(lower)))
    return StatementObjects(units=units)


def extract_objects(statements: pd.DataFrame) -> list[StatementObjects]:
    """:func:`statement_objects` of every row (``text``, ``evidence``, ``category``)."""
    texts = statements["text"].fillna("").astype(str).tolist()
    evidence = (statements["evidence"].fillna("").astype(str).tolist()
                if "evidence" in statements.columns else [""] * len(texts))
    categories = statements["category"].fillna("other").astype(str).tolist()
    return [statement_objects(t, e if not e.startswith("not classified") else "", c)
            for t, e, c in zip(texts, evidence, categories)]


def resolve_references(statements: pd.DataFrame, objects: Sequence[StatementObjects],
                       unit: np.ndarray) -> dict[int, int]:
    """For each statement that only points back, the row it points back to.

    A "move" reference ("rejects the demands") points at the nearest earlier move
    of another party in the same document (demand, red line, threat, or for
    "proposals"/"offer" also a concession), else the nearest later one there; with
    none in the document, the most similar such move of another party anywhere in
    the corpus (replies in one report answer demands made in another). A
    "previous" reference ("It will harm ...") points at the statement before it
    in the document that has an object. Rows are positions in ``statements``.
    """
    table = statements.reset_index(drop=True)
    n = len(table)
    party = table["party"].astype(str).to_numpy()
    category = table["category"].astype(str).to_numpy()
    doc = table["doc_id"].astype(str).to_numpy() if "doc_id" in table.columns else np.array([""] * n)
    has_object = np.array([bool(o.units) for o in objects], dtype=bool)
    is_move = has_object & np.isin(category, POSITION_CATEGORIES) & ~np.isin(
        party, ("none", "unknown", "independent"))
    order = (table.sort_values(["doc_id", "char_start"], kind="stable").index.to_numpy()
             if {"doc_id", "char_start"} <= set(table.columns) else np.arange(n))
    by_doc: dict[str, list[int]] = {}
    for i in order:
        by_doc.setdefault(doc[i], []).append(int(i))
    targets: dict[int, int] = {}
    moves = np.flatnonzero(is_move)
    for i in range(n):
        kind = objects[i].reference
        if not kind:
            continue
        rows = by_doc[doc[i]]
        here = rows.index(i)
        if kind == "previous":
            earlier = [j for j in rows[:here][::-1] if has_object[j]]
            if earlier:
                targets[i] = earlier[0]
            continue
        asking_ok = is_move & (party != party[i])
        if category[i] not in ASKING_CATEGORIES and category[i] != "concession":
            pass
        earlier = [j for j in rows[:here][::-1] if asking_ok[j]]
        later = [j for j in rows[here + 1:] if asking_ok[j]]
        if earlier or later:
            targets[i] = (earlier or later)[0]
            continue
        pool = moves[party[moves] != party[i]]
        if len(pool):
            scores = unit[pool] @ unit[i]
            targets[i] = int(pool[int(np.argmax(scores))])
    return targets
