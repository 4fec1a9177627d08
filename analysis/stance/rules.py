"""The transparent cue layer: the codebook as regular expressions (``data/stance_cues.csv``).

:func:`analyse_text` finds every cue of the lexicon in a text, decides which
survive negation, denial, questions and reported moves, and applies the
codebook's precedence (``docs/codebook.md``). :func:`rule_features` turns the
analyses into numbers for the learned part: which cue families fired, the
rules' decision, the modality flags, imperative mood and the person of the
subject.

Every step is linear in the length of the text: clause breaks are found once
per text and looked up by binary search, and negation looks back a bounded
number of characters, so a megabyte of unpunctuated text is analysed in seconds.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .. import config
from ..errors import input_error
from ..vocab import CATEGORIES
from .cue_search import CueSearch

#: The cue lexicon shipped with the package (one regular expression per row).
CUES_PATH = config.DATA_DIR / "stance_cues.csv"
#: Categories that a cue can signal (``other`` is the absence of a stance move).
CUE_CATEGORIES = tuple(c for c in CATEGORIES if c != "other")

#: ``stance`` cues signal a move; ``denial`` cues cancel the moves they overlap (and
#: threats in their clause); ``question`` spans make no move; ``conditional`` and
#: ``hypothetical`` set the modality flags; ``negative_conditional`` marks a condition on
#: the other side's refusal or failure ("unless", "should the talks fail"); ``imperative``
#: cues are base-form verbs that make a demand only at the start of a clause.
CUE_KINDS = ("stance", "denial", "question", "conditional", "hypothetical",
             "negative_conditional", "imperative")
#: What a stance cue needs, or does, beyond matching (the ``requires`` column).
CUE_REQUIREMENTS = ("", "conditional", "negative_conditional", "alone", "overrides")

# Curly quotes and apostrophes map one-to-one to straight ones, so every
# offset found in the normalised text is an offset into the original text.
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'"})
# A clause ends at punctuation, at a contrastive / subordinating conjunction, or
# at "and" before a past-tense verb; negation does not reach across it ("refused
# X, but agreed to Y", "did not address its concerns and rejected them").
# "yet to" is a negator, not the conjunction "yet".
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?()\[\]“”\"—–]|\s-\s|\b(?:but|while|whereas|although|though|however|yet(?!\s+to\b))\b"
    r"|\band(?=\s+(?:then\s+|also\s+)?[a-z]+ed\b)",
    re.IGNORECASE)
# "not" negates a verb some words away ("did not, in the end, call for"); "no"
# and "without" only negate what they directly govern ("no serious consequences",
# but not "No deal would mean serious consequences").
_NEGATOR = re.compile(r"\b(?:not|never|neither|nor|hardly|cannot|unlikely|reluctant|loath)\b|n't\b"
                      r"|\byet\s+to\b|\bfail(?:s|ed|ing)?\s+to\b",
                      re.IGNORECASE)
_NEAR_NEGATOR = re.compile(r"\b(?:no|without)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'-]+")
# A quotation that continues the reporter's sentence in lower case ('asked "for only
# partial relief"', 'would not "give up"') is part of its syntax: cues, negation and
# clauses read through its marks. A quotation opening with a capital is a new
# sentence and keeps them (an order may open it: 'said "Give us a date"').
_INLINE_QUOTE = re.compile(r'(?<=[A-Za-z0-9]\s)["“](?=[a-z])|(?<=[a-z0-9])["”](?=\s[a-z])')
# "The U.S. should ...": the full stop of an abbreviation does not end a sentence.
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|"
                               r"Prof|Amb)\.$")
#: How many words before a cue "not"/"never" may stand and still negate it.
NEGATION_WINDOW = 6
#: How many words before a cue "no"/"without" may stand and still negate it.
NEAR_NEGATION_WINDOW = 2
# Characters looked back for those words: six words of ordinary English fit many
# times over, and the bound keeps one lookup independent of the text's length.
_LOOKBACK_CHARS = 240
# Where an imperative verb may stand: the start of the text or of a sentence, a
# quotation (double, or single after a non-letter) or a speaker label, optionally
# after "please", "so" or "now".
_CLAUSE_OPENING = re.compile(r"(?:^|[.!?;:]\s+|[\"“]\s*|(?<!\w)'\s*)(?:(?:please|so|now|just|then)\s+)?$",
                             re.IGNORECASE)
# A sentence-initial base form followed by one of these is a noun or a subject
# ("Release of the prisoners began", "Return is impossible"), not an order.
_NOT_AFTER_IMPERATIVE = re.compile(
    r"\s*(?:of|is|was|were|are|has|had|have|will|would|could|can|may|might|shall|should|must|"
    r"does|did|'s|s|and|or|to|from|for|by|came|comes|began|begins|remains?|talks?|deal|"
    r"agreement|plan|process)\b|\s*[,;:.!?]", re.IGNORECASE)
# The subject's person, read from the pronouns of the clause before the deciding cue.
_FIRST_PERSON = re.compile(r"\b(?:we|i|us|our|my|we've|we're|we'll|i'm|i've|i'll)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you've|you're|you'll)\b", re.IGNORECASE)
_NECESSITY = re.compile(r"\b(?:must|have\s+to|has\s+to|need(?:s|ed)?\s+to|required|essential|"
                        r"necessary|imperative)\b", re.IGNORECASE)
_WHY_BEFORE = re.compile(r"\bwhy\s+$", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|shall|'ll|going\s+to)\b", re.IGNORECASE)
# "how the agreement should be ratified", "whether Kyiv should join": an indirect
# question names an open point, it recommends nothing.
_INDIRECT_QUESTION = re.compile(r"\b(?:how|whether)\b", re.IGNORECASE)
# "... if the offer is rejected", "if we have to": a refusal, offer or necessity in the
# antecedent of a condition is a hypothetical act of whoever the condition names, not a
# move. Only a cue that follows "if"/"whether" closely counts as inside the condition
# ("If they attack, we will respond" keeps its threat; "If you want peace you must
# disarm" keeps its demand, four words later).
_CONDITION_OPENER = re.compile(r"\b(?:if|whether)\b", re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(r"(?:we|i|you|they|he|she|it)\b", re.IGNORECASE)
#: How many words may stand between "if" and a cue inside its condition.
CONDITION_WINDOW = 3
# "If they do not pay we will retaliate": without a comma the clause runs on, but a
# negator inside an if/unless clause negates the condition; the subject pronoun right
# before the cue opens the main clause, whose move stands.
_NEGATED_CONDITION = re.compile(r"\b(?:if|unless)\b.*\b(?:not|never|no|\w+n't)\b.*"
                                r"\b(?:it|we|they|he|she|i|you|there)$", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """One row of the cue lexicon, compiled."""

    kind: str
    category: str
    strength: str
    negation: str
    requires: str
    pattern: re.Pattern
    example: str


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a text: its category, span (offsets into the text) and fate."""

    category: str
    strength: str
    start: int
    end: int
    text: str
    negated: bool


@dataclass(frozen=True)
class RuleAnalysis:
    """What the cue rules see in one text.

    ``categories`` are the stance categories whose cues survived negation, in
    precedence order; ``primary`` is the first of them (strong cues before weak
    ones) or ``other``; ``evidence`` is the span of the deciding cue ("" if none).
    ``imperative`` says a clause opens with an order ("Show us the documents");
    ``person`` is the grammatical person of the deciding clause's subject (1, 2, or 3;
    0 when no cue decided); ``necessity`` and ``future`` are modal flags.
    """

    primary: str
    categories: tuple[str, ...]
    evidence: str
    conditional: bool
    negated: bool
    hypothetical: bool
    denial: bool
    matches: tuple[CueMatch, ...] = field(default=())
    imperative: bool = False
    person: int = 0
    necessity: bool = False
    future: bool = False
    negative_conditional: bool = False

    def evidence_for(self, category: str) -> str:
        """The first surviving cue span for ``category`` (strong cues first), or ""."""
        for strength in ("strong", "weak"):
            for match in self.matches:
                if match.category == category and match.strength == strength and not match.negated:
                    return match.text
        return ""


@functools.lru_cache(maxsize=8)
def _load_cues(path: str) -> tuple[Cue, ...]:
    from .. import tables

    # The one table reader checks the columns, each row's shape and the vocabulary
    # of kind, strength, negation and requires; what needs the rules is checked here.
    table = tables.read_table(path, tables.CUES)
    cues = []
    for row in table.itertuples(index=False):
        if row.kind in ("stance", "imperative") and row.category not in CUE_CATEGORIES:
            raise input_error(path, f"invalid category {row.category!r} (expected a category "
                                    f"a {row.kind} cue signals: {', '.join(CUE_CATEGORIES)})",
                              line=row.line)
        try:
            pattern = re.compile(row.pattern, re.IGNORECASE)
        except re.error as exc:
            raise input_error(path, f"bad pattern ({exc})", line=row.line) from None
        cues.append(Cue(row.kind, row.category, row.strength or "strong",
                        row.negation or "cancel", row.requires, pattern, row.example))
    return tuple(cues)


def load_cues(path: str | Path | None = None) -> tuple[Cue, ...]:
    """Read and compile a cue lexicon CSV (default: the shipped one).

    Columns: ``kind`` (stance/denial/question/conditional/hypothetical/
    negative_conditional/imperative), ``category``, ``strength`` (strong/weak),
    ``negation`` (cancel: a preceding negator removes the cue; keep: the pattern
    already contains its negation), ``requires`` ("conditional" or
    "negative_conditional": the cue counts only in such a statement; "alone": a
    reporting cue that counts only when no other move follows it, since it then
    only reports that move; "overrides": a retraction that cancels the cues of other
    categories it overlaps), ``pattern`` (a case-insensitive Python regular
    expression), ``example``. Raises InputError naming file and line for a
    malformed row.
    """
    return _load_cues(str(Path(path) if path is not None else CUES_PATH))


class _Clauses:
    """Clause-break ends of one text, found in one pass; each lookup is a binary search."""

    __slots__ = ("ends",)

    def __init__(self, text: str):
        # The whole text is scanned once: a break's lookahead ("and" + past tense)
        # may need to see the cue itself.
        self.ends = [brk.end() for brk in _CLAUSE_BREAK.finditer(text)]

    def start(self, position: int) -> int:
        """Start of the clause holding ``position``: the end of the last break at or before it."""
        index = bisect_right(self.ends, position)
        return self.ends[index - 1] if index else 0


def clause_start(text: str, position: int) -> int:
    """Where the clause containing ``position`` starts (see the codebook's negation scope)."""
    return _Clauses(text).start(position)


def _is_negated(text: str, start: int, clauses: _Clauses) -> bool:
    """True if a negator stands in the same clause within NEGATION_WINDOW words before ``start``."""
    low = max(clauses.start(start), start - _LOOKBACK_CHARS)
    words = _WORD.findall(text, low, start)
    if _NEGATED_CONDITION.search(" ".join(words)):
        return False  # the negator belongs to the condition, the cue to the main clause
    return bool(_NEGATOR.search(" ".join(words[-NEGATION_WINDOW:]))
                or _NEAR_NEGATOR.search(" ".join(words[-NEAR_NEGATION_WINDOW:])))


def _is_question_inversion(text: str, start: int) -> bool:
    # "Should Russia invade, ..." is a condition, not a recommendation; "why should we
    # pay for it?" is a rhetorical question that recommends nothing.
    if _WHY_BEFORE.search(text, max(0, start - 8), start):
        return True
    index = start - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    if index >= 0 and text[index] == "." and _ABBREVIATION_END.search(text, max(0, index - 12),
                                                                      index + 1):
        return False
    return index < 0 or text[index] in ".;:,!?\"“”'("


def _in_indirect_question(text: str, start: int, clauses: _Clauses) -> bool:
    """True if "how" or "whether" opens the clause part just before ``start``."""
    low = max(clauses.start(start), start - _LOOKBACK_CHARS)
    words = _WORD.findall(text, low, start)
    return bool(_INDIRECT_QUESTION.search(" ".join(words[-NEGATION_WINDOW:])))


def _in_condition(text: str, start: int, clauses: _Clauses) -> bool:
    """True if "if" or "whether" stands at most CONDITION_WINDOW words before ``start``
    in its clause (the cue is part of the condition)."""
    if _SUBJECT_PRONOUN.match(text, start):
        return False  # a cue that brings its own subject opens the main clause
    low = max(clauses.start(start), start - _LOOKBACK_CHARS)
    words = _WORD.findall(text, low, start)
    return bool(_CONDITION_OPENER.search(" ".join(words[-(CONDITION_WINDOW + 1):])))


def _is_imperative(text: str, start: int, end: int) -> bool:
    """A base-form verb opening a sentence, quotation or speaker turn, used as an order."""
    low = max(0, start - 40)
    if not _CLAUSE_OPENING.search(text, low, start):
        return False
    return not _NOT_AFTER_IMPERATIVE.match(text, end) and end < len(text)


class _Spans:
    """Intervals sorted by start with a running maximum of their ends, for overlap tests."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(np.maximum.accumulate([e for _, e in spans])) if spans else []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, end - 1)  # spans starting before ``end``
        return bool(index) and self.reach[index - 1] > start

    def contains(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start)  # spans starting at or before ``start``
        return bool(index) and self.reach[index - 1] >= end


def analyse_text(text: str, cues: Sequence[Cue] | None = None) -> RuleAnalysis:
    """Apply the cue rules of the codebook to one text.

    Returns a :class:`RuleAnalysis`: surviving stance categories in precedence
    order, the primary one, the evidence span, and the modality, denial,
    imperative and person features. ``cues`` defaults to the shipped lexicon.
    """
    if cues is None:
        return _analyse_cached(str(text), None)
    return _analyse(str(text), tuple(cues))


def analyse_texts(texts: Iterable[str], cues_path: str | Path | None = None) -> list[RuleAnalysis]:
    """:func:`analyse_text` for each text with the lexicon at ``cues_path`` (None: shipped)."""
    key = str(Path(cues_path)) if cues_path is not None else None
    return [_analyse_cached(str(t), key) for t in texts]


@functools.lru_cache(maxsize=65536)
def _analyse_cached(text: str, cues_path: str | None) -> RuleAnalysis:
    # Cross-validation and the combined model analyse the same texts many times.
    return _analyse(text, load_cues(cues_path))


# The search built for each lexicon in use, found by the lexicon's identity (hashing
# a hundred cues for every text would cost more than the search saves).
_SEARCHES: dict[int, tuple[tuple[Cue, ...], CueSearch]] = {}


def _search_for(cues: tuple[Cue, ...]) -> CueSearch:
    entry = _SEARCHES.get(id(cues))
    if entry is None or entry[0] is not cues:
        if len(_SEARCHES) >= 8:
            _SEARCHES.clear()
        entry = _SEARCHES[id(cues)] = (cues, CueSearch(cue.pattern for cue in cues))
    return entry[1]


def _analyse(text: str, cues: tuple[Cue, ...]) -> RuleAnalysis:
    plain = _INLINE_QUOTE.sub(" ", str(text).translate(_STRAIGHTEN))
    # Every cue's matches, found in one scan of the text (exactly pattern.finditer's).
    found_by_cue = _search_for(cues).find_all(plain)
    clauses = _Clauses(plain)
    matches: list[CueMatch] = []
    denials: list[tuple[int, int]] = []
    questions: list[tuple[int, int]] = []
    overriding: list[tuple[int, int, str]] = []
    alone: set[int] = set()
    flags = {"conditional": False, "hypothetical": False, "negative_conditional": False}
    for cue, found in zip(cues, found_by_cue):
        if cue.kind in flags:
            flags[cue.kind] = flags[cue.kind] or bool(found)
    conditional = flags["conditional"] or flags["negative_conditional"]
    imperative = False
    for cue, matches_of_cue in zip(cues, found_by_cue):
        if cue.kind in flags:
            continue
        if cue.requires == "conditional" and not conditional:
            continue
        if cue.requires == "negative_conditional" and not flags["negative_conditional"]:
            continue
        for found in matches_of_cue:
            if cue.kind == "denial":
                denials.append(found.span())
                continue
            if cue.kind == "question":
                questions.append(found.span())
                continue
            if cue.kind == "imperative":
                if not _is_imperative(plain, found.start(), found.end()):
                    continue
                imperative = True
            word = found.group(0).lower()
            if word == "should" and (_is_question_inversion(plain, found.start())
                                     or _in_indirect_question(plain, found.start(), clauses)):
                continue
            if (cue.kind == "stance" and cue.category != "threat" and not cue.requires
                    and _in_condition(plain, found.start(), clauses)):
                continue
            negated = cue.negation == "cancel" and _is_negated(plain, found.start(), clauses)
            if cue.requires == "alone":
                alone.add(len(matches))
            if cue.requires == "overrides" and not negated:
                overriding.append((found.start(), found.end(), cue.category))
            matches.append(CueMatch(cue.category, cue.strength, found.start(), found.end(),
                                    str(text)[found.start():found.end()], negated))
    # A retraction ("withdrew its demand that ...", "no longer insists on") is a
    # concession: the demand or refusal it names is not made.
    if overriding:
        for category in {c for _, _, c in overriding}:
            spans = _Spans((s, e) for s, e, c in overriding if c == category)
            matches = [CueMatch(m.category, m.strength, m.start, m.end, m.text, True)
                       if m.category != category and spans.overlaps(m.start, m.end) else m
                       for m in matches]
    # A denial ("no intention of attacking", "rejected the accusations") cancels
    # the cues it overlaps, and threat cues anywhere in its clause.
    if denials:
        clause_of_denial = {clauses.start(s) for s, _ in denials}
        denied = _Spans(denials)

        def cancelled(m: CueMatch) -> bool:
            return denied.overlaps(m.start, m.end) or (
                m.category == "threat" and clauses.start(m.start) in clause_of_denial)

        matches = [CueMatch(m.category, m.strength, m.start, m.end, m.text, True)
                   if cancelled(m) else m for m in matches]
    # A reporting cue ("insisted that", "warned that") only reports the move that
    # follows it ("insisted that Hamas had rejected the plan" is Hamas's refusal).
    if alone:
        latest = max((m.start for i, m in enumerate(matches) if i not in alone and not m.negated),
                     default=-1)
        latest = max([latest] + [s for s, _ in denials])
        matches = [m for i, m in enumerate(matches) if i not in alone or m.start >= latest]
    # A journalist's question ("QUESTION: Will they pull back troops?") makes no
    # move of its own: its cues are dropped, not negated.
    if questions:
        asked = _Spans(questions)
        matches = [m for m in matches if not asked.contains(m.start, m.end)]
        imperative = imperative and any(m.category == "demand" for m in matches)
    matches.sort(key=lambda m: (m.start, m.end, m.category))
    alive = [m for m in matches if not m.negated]
    categories = tuple(c for c in CUE_CATEGORIES if any(m.category == c for m in alive))
    strong = [c for c in categories if any(m.category == c and m.strength == "strong" for m in alive)]
    primary = strong[0] if strong else (categories[0] if categories else "other")
    person = 0
    if primary != "other":
        decisive = next(m for m in alive if m.category == primary
                        and (m.strength == "strong" or not strong))
        evidence = decisive.text
        categories = (primary,) + tuple(c for c in categories if c != primary)
        person = _person(plain, decisive.start, clauses)
    else:
        evidence = str(text)[denials[0][0]:denials[0][1]] if denials else ""
    negated = bool(denials) or any(m.negated for m in matches) or any(
        _NEGATOR.search(m.text.translate(_STRAIGHTEN)) for m in alive if m.category == primary)
    return RuleAnalysis(primary, categories, evidence, flags["conditional"] or
                        flags["negative_conditional"], negated, flags["hypothetical"],
                        bool(denials), tuple(matches), imperative=imperative, person=person,
                        necessity=bool(_NECESSITY.search(plain)),
                        future=bool(_FUTURE.search(plain)),
                        negative_conditional=flags["negative_conditional"])


def _person(text: str, position: int, clauses: _Clauses) -> int:
    # The subject usually stands shortly before the deciding verb, in its clause;
    # an order has its addressee as subject.
    window = text[max(clauses.start(position), position - 60):position]
    if _FIRST_PERSON.search(window):
        return 1
    if _SECOND_PERSON.search(window) or not window.strip(" \"“'"):
        return 2
    return 3


#: Column of each (cue category, strength) pair in :func:`rule_features`.
_CUE_COLUMN = {(category, strength): 2 * i + j for i, category in enumerate(CUE_CATEGORIES)
               for j, strength in enumerate(("strong", "weak"))}
_FLAG_NAMES = ("conditional", "negated", "hypothetical", "denial", "imperative", "necessity",
               "future", "negative_conditional")
#: Names of the columns of :func:`rule_features`, in order.
RULE_FEATURE_NAMES = tuple(
    [f"cue_{c}_{s}" for (c, s) in sorted(_CUE_COLUMN, key=_CUE_COLUMN.get)]
    + [f"rule_{c}" for c in CATEGORIES] + list(_FLAG_NAMES)
    + ["person_1", "person_2", "person_3"])


def rule_features(analyses: Sequence[RuleAnalysis]) -> np.ndarray:
    """Numeric view of rule analyses for stacking, shape ``(n, len(RULE_FEATURE_NAMES))``.

    Per cue category: a strong cue survived, a weak cue survived (8); the rule's
    primary label one-hot (5); the conditional, negated, hypothetical, denial,
    imperative, necessity, future and negative-condition flags (8); the person of the
    deciding clause's subject one-hot (3).
    """
    features = np.zeros((len(analyses), len(RULE_FEATURE_NAMES)))
    primary_at = len(_CUE_COLUMN)
    flags_at = primary_at + len(CATEGORIES)
    person_at = flags_at + len(_FLAG_NAMES)
    for row, analysis in zip(features, analyses):
        for match in analysis.matches:
            column = _CUE_COLUMN.get((match.category, match.strength))
            if column is not None and not match.negated:
                row[column] = 1.0
        row[primary_at + CATEGORIES.index(analysis.primary)] = 1.0
        row[flags_at:person_at] = [getattr(analysis, name) for name in _FLAG_NAMES]
        if analysis.person:
            row[person_at + analysis.person - 1] = 1.0
    return features
