"""Pure text functions: reporting cues, clause breaks, quotation masks and noun phrases.

Nothing here knows about actors or earlier sentences; every function takes text
(and offsets) and returns spans or strings. Scans are bounded so that one long
unpunctuated line costs linear time: a subject is looked for only in the
:data:`SUBJECT_WINDOW` characters before its verb, an inverted subject only in
the :data:`OBJECT_WINDOW` characters after it.
"""
from __future__ import annotations

import functools
import re

from ..segmentation import quote_spans
from . import lexicon

#: Characters before a reporting verb in which its subject is looked for.
SUBJECT_WINDOW = 400
#: Characters after a verb (or "according to") in which an inverted subject is looked for.
OBJECT_WINDOW = 300

CUE_WORDS, CUE_PHRASES, INVERTING_CUES = lexicon.cue_words()
ROLE_NOUNS = lexicon.terms("role_nouns")
NP_CONNECTORS = lexicon.terms("np_connectors")
DETERMINERS = lexicon.terms("determiners")
#: Capitalised words that start sentences but never name a speaker.
FUNCTION_CAPS = lexicon.terms("function_capitals")
TRAILING_ADVERBS = lexicon.terms("trailing_adverbs")
#: Lower-case words inside a title before its head noun ("deputy foreign minister").
TITLE_MODIFIERS = lexicon.terms("title_modifiers")
INSTITUTION_HEADS = lexicon.terms("institution_heads")
PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "we": "we", "i": "i",
            "him": "he", "her": "she", "them": "they"}  # object forms: "according to him"
ARTICLES = frozenset("a an the".split())

_LOWER_WORD = re.compile(r"\b[a-z]+\b")
ACCORDING_TO = re.compile(r"\b(?:according to|in the words of|quoting|cited by)\s+", re.IGNORECASE)
CLAUSE_BREAK = re.compile(
    r"(?:,\s+|\s+[–—]\s+)(?=(?:while|whereas|but|although|though|even as|yet|with|as|and)\b)|;\s+")
LEAD_CONNECTIVE = re.compile(
    r"^(?:(?:but|and|however|meanwhile|still|yet|so|while|whereas|although|though|even as|as|"
    r"with|also|moreover|instead|nonetheless|nevertheless)\b[,]?\s+)+", re.IGNORECASE)
#: A short opening adverbial ("Later, ", "On Monday, ") before a clause's subject.
LEAD_ADVERBIAL = re.compile(r"^(?:[A-Z]\w*|[Oo]n \w+|[Ii]n \w+)(?: \w+)?,\s+")
WORD = re.compile(r"[\w’'.\-]+")
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
INSERTED_ADVERBIAL = re.compile(
    r"\s+(?:(?:late|early|earlier|later)\s+)?(?:(?:on\s+)?(?:" + _WEEKDAYS + r")(?:\s+(?:morning|afternoon|"
    r"evening|night))?|on\s+[A-Z][a-z]+\s+\d{1,2}|(?:on\s+)?(?:late|early)\s+(?:" + _WEEKDAYS + r")(?:\s+(?:morning|"
    r"afternoon|evening|night))?|"
    r"(?:this|last|next|earlier\s+this|later\s+this)\s+(?:week|month|year|morning|weekend)|in\s+an?\s+"
    r"(?:written\s+|televised\s+|joint\s+)?(?:statement|interview|address|post|tweet|briefing))\s*$")
#: Declining to speak, or to say more (guideline rule 14): narration, not a statement.
NO_COMMENT = re.compile(
    r"\b(?:did not|didn’t|didn't|has not|hasn’t|hasn't|have not|haven’t|haven't)\s+(?:immediately\s+)?"
    r"(?:respond|reply|comment|elaborate|specify|identify|shed\s+(?:any\s+)?light|give\s+(?:any\s+)?"
    r"(?:details|a\s+date|a\s+timeline|a\s+reason)|say\s+(?:when|how|what|which|whether|why|who))"
    r"|\bdeclined\s+to\s+(?:comment|elaborate|specify|give\s+details|say\s+(?:when|how|what|which|whether|why|who))"
    r"|\bgave\s+no\s+(?:details|further\s+details|date|timeline|reason)"
    r"|\bcould\s+not\s+(?:immediately\s+)?be\s+"
    r"reached|\bno\s+immediate\s+(?:comment|response)|\bwas\s+not\s+available\s+for\s+comment")
#: Manner adverbs of the lexicon ("essentially", "publicly") between an apposition and its verb.
_MANNER_ADVERBS = "|".join(sorted(w for w in TRAILING_ADVERBS if w.endswith("ly")))
APPOSITIVE_BEFORE_VERB = re.compile(
    r"([^,]+),\s*([^,]{3,120}),\s*(?:(?:has|have|had|was|were|is|also|again|later|earlier|"
    r"previously|repeatedly|already|then|on\s+\w+day|" + _MANNER_ADVERBS + r")\s+)*$")
#: "Britain, France, and Germany said": a list of names before ", and" (no new clause).
_LIST_BEFORE = re.compile(r"(?:^|[\s(])[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,2},\s+[A-Z][\w’'.\-]*"
                          r"(?:\s+[A-Z][\w’'.\-]*){0,2}$")
HAS_WORD = re.compile(r"[^\W_]")
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|an|ish|ese|ch|i)")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")


#: "state media", "state-run television": "state" is a noun there, not the verb.
_STATE_AS_NOUN = re.compile(r"state(?:-run|-controlled|-owned)?\s+(?:media|news|television|tv|broadcaster|radio)\b",
                            re.IGNORECASE)
#: Cue phrases of three words or more, longest first, by their first word.
_LONG_PHRASES = {first: tuple(sorted((r for r in rests if " " in r), key=lambda r: (-len(r), r)))
                 for first, rests in CUE_PHRASES.items() if any(" " in r for r in rests)}


def cues(text: str, start: int, end: int):
    """Reporting and position verbs in ``text[start:end]``: (start, end, cue) in order.

    A set lookup per lower-case word is much faster than one big alternation.
    """
    words = list(_LOWER_WORD.finditer(text, start, end))
    after = start  # the end of the last phrase of several words
    for i, m in enumerate(words):
        word = m.group(0)
        if m.start() < after:
            continue
        if word in CUE_PHRASES and i + 1 < len(words):
            nxt = words[i + 1]
            if nxt.group(0) in CUE_PHRASES[word] and text[m.end():nxt.start()] == " ":
                yield m.start(), nxt.end(), text[m.start():nxt.end()]
                continue
            longer = next((rest for rest in _LONG_PHRASES.get(word, ())
                           if text.startswith(" " + rest, m.end()) and m.end() + 1 + len(rest) <= end
                           and not text[m.end() + 1 + len(rest):m.end() + 2 + len(rest)].isalnum()), None)
            if longer is not None:
                # "released a statement": a verb that is a cue only with its object.
                after = m.end() + 1 + len(longer)
                yield m.start(), after, text[m.start():after]
                continue
        if word in CUE_WORDS and not (word == "state" and _STATE_AS_NOUN.match(text, m.start())):
            yield m.start(), m.end(), word


def quote_mask(text: str, start: int, end: int, open_at_start: bool
               ) -> tuple[list[tuple[int, int]], bool, bytearray]:
    """Quotation spans of ``text[start:end]``, whether a quote is open at the end,
    and a byte mask (1 inside a quotation) indexed from ``start``."""
    spans, still_open = quote_spans(text, start, end, open_at_start)
    mask = bytearray(end - start)
    for a, b in spans:
        mask[a - start:b - start] = b"\x01" * (b - a)
    return spans, still_open, mask


def clause_breaks(text: str, start: int, end: int, mask: bytearray) -> list[re.Match]:
    """Conjunctions outside quotations that may open a clause with its own frame."""
    return [m for m in CLAUSE_BREAK.finditer(text, start, end) if not mask[m.start() - start]
            and not (text.startswith("and", m.end()) and _LIST_BEFORE.search(text, max(start, m.start() - 80),
                                                                           m.start()))]


def bare_token(token: str) -> str:
    """A word without its trailing full stops, unless it is a run of initials ("U.S.")."""
    if not token.endswith(".") or _INITIALS.fullmatch(token):
        return token
    return token.rstrip(".")


@functools.lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """Whether ``word`` has the shape of a nationality adjective ("Kenyan", "Irish").

    A bare "-an" after a consonant ("Afghan", "Taliban", "Erdogan") is a demonym only
    when it names a country: otherwise it is a name ("the Taliban said" is a group).
    """
    if not _DEMONYM.fullmatch(word):
        return False
    if re.search(r"[^aeiouy]an$", word):
        from ..actors import party_of_mention  # actors reads no extract module
        return party_of_mention(word) is not None
    return True


def has_role_tail(words: list[str]) -> bool:
    """Whether a noun phrase ends in a role noun ("US officials"), not in a name."""
    return bool(words) and words[-1].lower() in ROLE_NOUNS


def proper_name_tail(words: list[str]) -> str:
    """The run of capitalised non-title words at the end of a noun phrase."""
    tail: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() and w.lower() not in ROLE_NOUNS and w not in FUNCTION_CAPS \
                and not POSSESSIVE.search(w):
            tail.append(w)
        else:
            break
    tail.reverse()
    before = words[len(words) - len(tail) - 1].lower() if len(words) > len(tail) else ""
    if before in NP_CONNECTORS - {"the"}:
        return ""  # "officials in London": a place, not a name
    if tail and all(is_demonym(w) or w.isupper() for w in tail):
        return ""
    return " ".join(tail)


#: A surname joined to its lower-case particle: "al-Rashid", "el-Amin", "bin-Zayed".
_PARTICLE_NAME = re.compile(r"(?:al|el|bin|ibn|abu|ben|ould|ag)[-‑][A-Z][\w’'\-]*")


def is_name_word(word: str) -> bool:
    """Whether ``word`` may be part of a name: capitalised, or a surname with its
    lower-case particle attached ("Karim al-Rashid")."""
    return word[:1].isupper() or bool(_PARTICLE_NAME.fullmatch(word))


def trailing_np(window: str) -> str:
    """The noun phrase at the end of ``window`` (the words right before a verb)."""
    window = window[-SUBJECT_WINDOW:]
    # "Lima: The Sadiran have rejected …": no subject spans a colon (a dateline before it).
    window = window[window.rfind(": ") + 1:]
    tokens = WORD.findall(window)
    taken: list[str] = []
    i = len(tokens)
    while i > 0:
        i -= 1
        tok = tokens[i]
        bare = bare_token(tok)
        low = bare.lower()
        if low in PRONOUNS and not taken:
            return bare
        if is_name_word(bare) and bare not in FUNCTION_CAPS:
            taken.append(bare)
        elif low in ROLE_NOUNS or (taken and low in NP_CONNECTORS):
            taken.append(bare)
        elif taken and low in TITLE_MODIFIERS:
            taken.append(bare)
        elif taken and low in DETERMINERS:
            taken.append(bare)
            if i > 0 and low not in ARTICLES and tokens[i - 1].lower() in ARTICLES:
                taken.append(tokens[i - 1])  # "a senior official": keep the article
            break
        elif taken and bare.replace("-", "").isalpha() and bare.islower() and i > 0 \
                and (tokens[i - 1].lower() in ARTICLES or tokens[i - 1].lower() in DETERMINERS) \
                and taken[-1].lower() in ROLE_NOUNS:
            # "a company spokesman", "a union official", "another studio-side source": a
            # noun naming the employer
            taken.extend([bare, tokens[i - 1]])
            break
        elif taken and bare.isalpha() and bare.islower() and i > 0 and taken[-1].lower() in ROLE_NOUNS \
                and re.fullmatch(r"[A-Z][\w.\-]*(?:’s|'s)", tokens[i - 1]):
            # "Peru's infrastructure minister": a portfolio noun between the owner and the role
            taken.extend([bare, tokens[i - 1]])
            break
        else:
            break
    while taken and taken[-1].lower() in NP_CONNECTORS - {"the"}:
        taken.pop()
    taken.reverse()
    return " ".join(taken)


def leading_np(clause: str) -> str:
    """The noun phrase that opens a clause (its grammatical subject, usually)."""
    body = LEAD_CONNECTIVE.sub("", clause[:SUBJECT_WINDOW].lstrip("“‘\"( "))
    tokens = WORD.findall(body.split(",")[0])
    taken: list[str] = []
    for tok in tokens:
        bare = bare_token(tok)
        low = bare.lower()
        if not taken and (low in DETERMINERS or bare[:1].isupper() or low in ROLE_NOUNS):
            taken.append(bare)
        elif taken and (bare[:1].isupper() or low in ROLE_NOUNS or low in NP_CONNECTORS):
            taken.append(bare)
        else:
            break
    while taken and taken[-1].lower() in NP_CONNECTORS:
        taken.pop()
    return " ".join(taken)
