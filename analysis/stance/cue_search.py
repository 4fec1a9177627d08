"""Find every match of every cue pattern in a text in one scan, not one scan per cue.

Python's regular-expression engine skips quickly to where a match can begin only
when a pattern starts with a literal character of known case; a case-insensitive
cue that starts with ``\\b`` (nearly all of them) is instead tried at every
character. Over a whole lexicon that is about a hundred attempts per character:
linear, but several seconds per megabyte.

:class:`CueSearch` keeps each pattern's exact meaning and makes the attempts rare.
From each pattern's syntax tree it derives the few strings (up to
:data:`GATE_CHARS` characters) that every match must start with; one *gate*, a
character trie of all those strings, is scanned once over a folded copy of the text
(ASCII letters lower-cased, white space as spaces: same length, so offsets agree).
Where it fires, only the patterns owning a string found there are tried, with
``pattern.match(text, pos)``, which sees the same text before ``pos`` (for
look-behinds and ``\\b``) as ``finditer`` does. The matches are therefore exactly
those of ``pattern.finditer(text)``; ``tests/test_stance.py`` checks that for every
shipped cue on varied text.

The syntax tree comes from ``re._parser``, a private module of the standard library.
A pattern it cannot read (or a Python whose parser changed) gets no leading strings
and is searched with plain ``finditer``: slower, never different;
``tests/test_stance.py`` fails with a message saying so if shipped cues lose them.
"""
from __future__ import annotations

import functools
import re
import string

#: How many leading characters of a match the gate compares (fewer for a pattern
#: whose leading strings would be too many).
GATE_CHARS = 6
# Beyond this many distinct leading strings a gate is no longer worth its size.
_MAX_PREFIXES = 3000
# Character classes larger than this end the leading string (they select little).
_MAX_CLASS = 40


def _ascii_fold() -> dict[int, int]:
    table = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
    table.update({code: ord(" ") for code in range(128) if chr(code).isspace()})
    return table


_ASCII_FOLD = _ascii_fold()


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    """Translation that maps every character a case-insensitive pattern lets match an
    ASCII letter (``K``, the Kelvin sign, ``ſ``) to that lower-case letter, and every
    character ``\\s`` matches to a space."""
    table = dict(_ASCII_FOLD)
    others = "".join(map(chr, range(0x80, 0x110000)))
    for found in re.finditer("[a-z]", others, re.IGNORECASE):
        char = found.group()
        letter = next((c for c in string.ascii_lowercase if re.fullmatch(c, char, re.IGNORECASE)),
                      None)
        if letter is not None:
            table[ord(char)] = ord(letter)
    table.update({ord(found.group()): ord(" ") for found in re.finditer(r"\s", others)})
    return table


def folded(text: str) -> str:
    """``text`` as gates read it: the letters they compare lower-cased, white space as
    spaces; same length, same offsets."""
    return text.translate(_ASCII_FOLD if text.isascii() else _fold_table())


class CueSearch:
    """Every match of each of several patterns in a text, found in one scan.

    :meth:`find_all` returns, per pattern, exactly the matches of
    ``pattern.finditer(text)``. One *gate*, a character trie of every pattern's
    leading strings, is scanned over the folded text; where it fires, the patterns
    owning a string found there are tried with ``pattern.match(text, pos)``, each
    only past the end of its own previous match, as ``finditer`` would. Patterns
    without leading strings are searched with plain ``finditer``.
    """

    def __init__(self, patterns):
        self.patterns = tuple(patterns)
        self.owners: dict[str, tuple[int, ...]] = {}
        self.ungated: list[int] = []
        owners: dict[str, list[int]] = {}
        for index, pattern in enumerate(self.patterns):
            strings = leading_strings(pattern)
            if strings is None:
                self.ungated.append(index)
                continue
            for text in strings:
                owners.setdefault(text, []).append(index)
        self.owners = {text: tuple(found) for text, found in owners.items()}
        self.lengths = sorted({len(text) for text in self.owners})
        self.gate = _trie_regex(self.owners) if self.owners else None

    def find_all(self, text: str) -> list[list[re.Match]]:
        """Per pattern (in order), the list ``list(pattern.finditer(text))``."""
        found: list[list[re.Match]] = [[] for _ in self.patterns]
        for index in self.ungated:
            found[index] = list(self.patterns[index].finditer(text))
        if self.gate is None:
            return found
        low = folded(text)
        ends = [0] * len(self.patterns)
        owners, lengths, patterns = self.owners, self.lengths, self.patterns
        for candidate in self.gate.finditer(low):
            start = candidate.start()
            tried = set()
            for length in lengths:
                for index in owners.get(low[start:start + length], ()):
                    if index in tried or start < ends[index]:
                        continue  # tried here already, or inside its previous match
                    tried.add(index)
                    match = patterns[index].match(text, start)
                    if match is not None:
                        # Never empty: every match starts with one of the pattern's strings.
                        ends[index] = match.end()
                        found[index].append(match)
        return found


def _trie_regex(strings) -> re.Pattern:
    """A pattern matching one character where any of ``strings`` starts (the rest is
    looked ahead at, so candidates one character apart are all found)."""
    trie: dict = {}
    for text in strings:
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}  # a string ends here: whatever follows, it is found

    def rest(node: dict) -> str:
        if "" in node:
            return ""
        branches = [re.escape(char) + rest(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    branches = []
    for char, child in sorted(trie.items()):
        tail = rest(child)
        branches.append(re.escape(char) + (f"(?={tail})" if tail else ""))
    return re.compile("|".join(branches))


def leading_strings(pattern: re.Pattern, chars: int = GATE_CHARS) -> frozenset[str] | None:
    """Strings as :func:`folded` writes them, up to ``chars`` long, one of which starts
    every match of ``pattern``; None if some match may start with anything (or the
    pattern cannot be read). Tries fewer characters if there would be too many strings."""
    try:
        from re import _constants as sre, _parser
    except ImportError:  # pragma: no cover - another Python's layout
        return None
    for limit in range(chars, 0, -1):
        try:
            tree = _parser.parse(pattern.pattern, pattern.flags)
            found = _Leading(sre, limit).sequence(list(tree))
        except _TooMany:
            continue
        except Exception:  # noqa: BLE001 - an unreadable tree only costs speed
            return None
        strings = frozenset(text for text, _ in found)
        return None if "" in strings else strings
    return None


class _TooMany(Exception):
    pass


# A set of leading strings holds (text, open) pairs: open means the element was read
# to its end within the limit, so the next element's text may follow.
_STOP = frozenset({("", False)})  # anything may come here: the leading string ends
_EMPTY = frozenset({("", True)})  # consumes nothing (\b, look-arounds)


class _Leading:
    """Leading strings of a parsed pattern, at most ``limit`` characters long."""

    def __init__(self, sre, limit: int):
        self.sre, self.limit = sre, limit

    def concat(self, heads, tails):
        joined = set()
        for text, open_ in heads:
            if not open_:
                joined.add((text, False))
                continue
            for more, more_open in tails:
                whole = text + more
                joined.add((whole[:self.limit], more_open and len(whole) < self.limit))
        if len(joined) > _MAX_PREFIXES:
            raise _TooMany
        return joined

    def sequence(self, items):
        result = set(_EMPTY)
        for op, argument in items:
            if not any(open_ for _, open_ in result):
                break
            result = self.concat(result, self.element(op, argument))
        return result

    def element(self, op, argument):
        sre = self.sre
        if op is sre.LITERAL:
            char = _char(argument)
            return _STOP if char is None else {(char, True)}
        if op is sre.IN:
            return self.char_class(argument)
        if op is sre.BRANCH:
            union = set()
            for branch in argument[1]:
                union |= self.sequence(list(branch))
            return union
        if op is sre.SUBPATTERN:
            return self.sequence(list(argument[3]))
        if op is getattr(sre, "ATOMIC_GROUP", None):
            return self.sequence(list(argument))
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            return self.repeat(*argument)
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return _EMPTY
        return _STOP  # any character, a category outside a class, a back-reference

    def char_class(self, items):
        sre = self.sre
        chars = set()
        for kind, value in items:
            if kind is sre.LITERAL:
                chars.add(_char(value))
            elif kind is sre.RANGE and value[1] - value[0] < _MAX_CLASS:
                chars.update(_char(code) for code in range(value[0], value[1] + 1))
            elif kind is sre.CATEGORY and value in (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE):
                chars.add(" ")
            else:  # NEGATE, another category, a wide range
                return _STOP
        if None in chars or len(chars) > _MAX_CLASS:
            return _STOP
        return {(char, True) for char in chars}

    def repeat(self, low, high, item):
        one = self.sequence(list(item))
        result = set()
        reps = set(_EMPTY)  # the strings of n repetitions
        for n in range(self.limit + 2):
            result |= {(text, False) for text, open_ in reps if not open_}
            if n >= low:
                result |= {pair for pair in reps if pair[1]}
            reps = {pair for pair in reps if pair[1]}
            if not reps or n >= high:
                break
            reps = self.concat(reps, one)
        else:  # an item that can be empty, repeated: stop reading here
            result |= {(text, False) for text, _ in reps}
        return result


def _char(code: int) -> str | None:
    """The character as :func:`folded` writes it, or None when case folding cannot be
    mirrored (a cased letter outside ASCII)."""
    char = chr(code)
    if char.isspace():
        return " "
    if char.isascii():
        return char.lower()
    return char if char.lower() == char.upper() else None
