"""Word lists of attribution, read from ``analysis/data/lexicon/*.csv``.

Each file has a ``term`` column (one word or phrase a line) and, for some
lists, one more column; the lists are documented in
``analysis/data/lexicon/README.md``. They are read once per process.
"""
from __future__ import annotations

import csv
import functools
import re

from .. import config

LEXICON_DIR = config.DATA_DIR / "lexicon"


@functools.lru_cache(maxsize=None)
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``lexicon/<name>.csv`` as dicts of stripped strings."""
    with open(LEXICON_DIR / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle))


@functools.lru_cache(maxsize=None)
def terms(name: str) -> frozenset[str]:
    """The ``term`` column of ``lexicon/<name>.csv`` as a set."""
    return frozenset(r["term"] for r in rows(name) if r["term"])


@functools.lru_cache(maxsize=None)
def column(name: str, value_column: str) -> dict[str, str]:
    """``term`` -> ``value_column`` of ``lexicon/<name>.csv``."""
    return {r["term"]: r[value_column] for r in rows(name) if r["term"]}


# ------------------------------------------------------------------ derived tables

@functools.lru_cache(maxsize=1)
def cue_words() -> tuple[frozenset[str], dict[str, frozenset[str]], frozenset[str]]:
    """Reporting and position verbs: one-word cues, two-word cues by first word
    ("rule" -> {"out"}), and the cues that may put the speaker after the verb."""
    single, phrases, inverting = set(), {}, set()
    for r in rows("cue_verbs"):
        term = r["term"]
        if " " in term:
            first, second = term.split(" ", 1)
            phrases.setdefault(first, set()).add(second)
        else:
            single.add(term)
        if r["inverting"] == "yes":
            inverting.add(term)
    return frozenset(single), {k: frozenset(v) for k, v in phrases.items()}, frozenset(inverting)


@functools.lru_cache(maxsize=1)
def title_groups() -> dict[str, tuple[str, ...]]:
    """A title noun used alone ("the envoy") -> words of table roles it can refer to."""
    return {term: tuple(words.split(";")) for term, words in column("title_groups", "role_words").items()}


@functools.lru_cache(maxsize=1)
def transcript_tags() -> dict[str, frozenset[str]]:
    """Transcript tag role (``question``, ``answer``, ``moderator``) -> tags."""
    by_role: dict[str, set[str]] = {}
    for term, role in column("transcript_tags", "role").items():
        by_role.setdefault(role, set()).add(term)
    return {role: frozenset(tags) for role, tags in by_role.items()}


@functools.lru_cache(maxsize=1)
def tag_titles() -> re.Pattern:
    """Titles and honorifics at the start of a transcript tag ("DEPUTY SECRETARY ")."""
    parts = []
    for term in sorted(terms("tag_titles"), key=lambda t: (-len(t), t)):
        # Two-letter honorifics may be dotted: "H.E.", "M.R." is harmless.
        parts.append(r"\.?".join(re.escape(ch) for ch in term) if len(term) <= 2 else re.escape(term))
    return re.compile(r"^(?:(?:" + "|".join(parts) + r")\.?\s+)+", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def party_tag() -> re.Pattern:
    """A legislator's party tag after the name: "(R-Ohio)", "(D-N.Y.)", "(R-La.)";
    the group ``letter`` is a ``term`` of ``party_tags.csv``."""
    letters = "".join(sorted(re.escape(t) for t in terms("party_tags")))
    return re.compile(r"\s*\((?P<letter>[" + letters + r"])\s?[-–]\s?[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?\)")

