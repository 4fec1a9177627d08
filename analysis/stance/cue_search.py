"""Find every match of a cue pattern in a long text without trying it at every position.

Python's regular-expression engine skips quickly to where a match can begin only
when a pattern starts with a literal character of known case; a case-insensitive
cue that starts with ``\\b`` (nearly all of them) is instead tried at every
character. Over a whole lexicon that is about a hundred attempts per character:
linear, but some seconds per megabyte.

:class:`CueSearch` keeps each pattern's exact meaning and makes the attempts rare.
From the pattern's syntax tree it derives the few strings (up to
:data:`GATE_CHARS` characters, lower-cased) that every match must start with, and
compiles them into a case-sensitive *gate* that the engine does skip through fast.
The gate runs over a lower-cased copy of the text (same length, so offsets agree);
the cue pattern itself is tried only where the gate fires, with ``pattern.match(text,
pos)``, which sees the same text before ``pos`` (for look-behinds and ``\\b``) as
``finditer`` does. The matches are therefore exactly those of
``pattern.finditer(text)``; ``tests/test_stance.py`` checks that on every shipped cue.

The syntax tree comes from ``re._parser``, a private module of the standard library.
A pattern it cannot read (or a Python whose parser changed) gets no gate and is
searched with plain ``finditer``: slower, never different;
``tests/test_stance.py`` fails with a message saying so if most shipped cues lose
their gate.
"""
from __future__ import annotations

import functools
import re
import string
from typing import Iterator

#: How many leading characters of a match the gate compares.
GATE_CHARS = 3
# Beyond this many distinct leading strings a gate is no longer selective.
_MAX_PREFIXES = 2000
# Character classes larger than this end the leading string (they select little).
_MAX_CLASS = 40
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    """Translation that maps every character a case-insensitive pattern lets match an
    ASCII letter (``K``, the Kelvin sign, ``ſ``) to that lower-case letter."""
    table = dict(_ASCII_LOWER)
    letter = re.compile("[a-z]", re.IGNORECASE)
    others = "".join(map(chr, range(0x80, 0x110000)))
    for found in letter.finditer(others):
        char = found.group()
        table[ord(char)] = next(ord(c) for c in string.ascii_lowercase
                                if re.fullmatch(c, char, re.IGNORECASE))
    return table


def folded(text: str) -> str:
    """``text`` with the letters a gate compares lower-cased; same length, same offsets."""
    return text.translate(_ASCII_LOWER if text.isascii() else _fold_table())


class CueSearch:
    """A compiled pattern with its gate (None when the pattern allows no gate)."""

    __slots__ = ("pattern", "gate")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.gate = _gate(pattern)

    def finditer(self, text: str, low: str) -> Iterator[re.Match]:
        """The matches of ``pattern.finditer(text)``; ``low`` is :func:`folded` ``(text)``."""
        if self.gate is None:
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match
        end = 0
        for candidate in self.gate.finditer(low):
            start = candidate.start()
            if start < end:
                continue  # inside the previous match, where finditer does not look
            found = match(text, start)
            if found is not None:
                end = found.end()  # never empty: every match starts with a gate string
                yield found

    def search(self, text: str, low: str) -> re.Match | None:
        """The first match, as ``pattern.search(text)`` finds it."""
        return next(self.finditer(text, low), None)


def _gate(pattern: re.Pattern) -> re.Pattern | None:
    prefixes = leading_strings(pattern)
    if not prefixes:
        return None
    rests: dict[str, set[str]] = {}
    for prefix in prefixes:
        rests.setdefault(prefix[0], set()).add(prefix[1:])
    branches = []
    for first in sorted(rests):
        tails = rests[first]
        # One character consumed, the rest looked ahead at: consecutive candidates
        # one character apart are all found.
        branches.append(re.escape(first) if "" in tails else
                        re.escape(first) + "(?=" + "|".join(map(re.escape, sorted(tails))) + ")")
    return re.compile("|".join(branches))


def leading_strings(pattern: re.Pattern) -> frozenset[str] | None:
    """Lower-cased strings, up to :data:`GATE_CHARS` long, one of which starts every
    match of ``pattern``; None if some match may start with anything (or the pattern
    cannot be read)."""
    try:
        from re import _constants as sre, _parser
    except ImportError:  # pragma: no cover - another Python's layout
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        found = _sequence(list(tree), sre)
    except Exception:  # noqa: BLE001 - an unreadable tree only costs speed
        return None
    if found is None:
        return None
    strings = frozenset(text for text, _ in found)
    return None if "" in strings else strings


# A leading-string set holds (text, open) pairs: open means the element was read
# to its end and the next element's text may follow.

def _sequence(items, sre) -> set[tuple[str, bool]] | None:
    result = {("", True)}
    for op, argument in items:
        element = _element(op, argument, sre)
        if element is None:
            return None
        extended = set()
        for text, open_ in result:
            if not open_:
                extended.add((text, False))
                continue
            for more, more_open in element:
                joined = text + more
                extended.add((joined[:GATE_CHARS], more_open and len(joined) < GATE_CHARS))
        result = extended
        if len(result) > _MAX_PREFIXES:
            return None
        if not any(open_ for _, open_ in result):
            break
    return result


_STOP = {("", False)}  # anything may come here: the leading string ends
_EMPTY = {("", True)}  # consumes nothing (\b, look-arounds)


def _element(op, argument, sre) -> set[tuple[str, bool]] | None:
    if op is sre.LITERAL:
        char = _char(argument)
        return _STOP if char is None else {(char, True)}
    if op is sre.IN:
        chars = set()
        for kind, value in argument:
            if kind is sre.LITERAL:
                chars.add(_char(value))
            elif kind is sre.RANGE and value[1] - value[0] < _MAX_CLASS:
                chars.update(_char(code) for code in range(value[0], value[1] + 1))
            else:  # NEGATE, CATEGORY, a wide range
                return _STOP
        if None in chars or len(chars) > _MAX_CLASS:
            return _STOP
        return {(char, True) for char in chars}
    if op is sre.BRANCH:
        union = set()
        for branch in argument[1]:
            found = _sequence(list(branch), sre)
            if found is None:
                return None
            union |= found
        return union
    if op is sre.SUBPATTERN:
        return _sequence(list(argument[3]), sre)
    if op is getattr(sre, "ATOMIC_GROUP", object()):
        return _sequence(list(argument), sre)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", object())):
        low, high, item = argument
        if high == 0:
            return _EMPTY
        found = _sequence(list(item), sre)
        if found is None:
            return None
        # After the first repetition anything may follow; that is enough for a gate.
        first = {(text, False) for text, _ in found}
        return first | _EMPTY if low == 0 else first
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY
    return _STOP  # any character, a category, a back-reference


def _char(code: int) -> str | None:
    """The character as the gate compares it, or None when case folding could not be
    mirrored (a cased letter outside ASCII)."""
    char = chr(code)
    if char.isascii():
        return char.lower()
    return char if char.lower() == char.upper() else None
