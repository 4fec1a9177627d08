"""Names and keywords of issues: noun phrases an analyst would write.

An issue is named from its objects (:mod:`.objects`), not from the sentences
that report them, so reporting words, holders and quotes never reach a name.
Candidates are 1-3-word runs of content words of the objects; the name is the
candidate most objects of the issue share, two words preferred, then the one
most specific to this issue (rare in the corpus's other objects), then
alphabetical. A proper noun that regularly stands before it joins it ("NATO
expansion"), and a verb form gets the noun it governs ("invading Ukraine").
Never a name: a reporting word, a quotation, a number or quantity, a single
generic word (``generic`` list of ``issue_words.csv``), a word right after
*to*/*will*/*not* (a verb), or a lone past-tense verb.
"""
from __future__ import annotations

import functools
import math
import re
from typing import Sequence

import numpy as np

from .common import OTHER_TOPICS, actor_alias_pattern, stem, words

_VERB_CONTEXT = re.compile(r"\b(?:to|will|would|can|cannot|could|should|must|may|might|shall|"
                           r"not|n't|won't)\s+$", re.IGNORECASE)
# A verb's particle: "the agreement turns out", "talks broke down".
_PARTICLE_AFTER = re.compile(r"\s+(?:out|up|off|down|away)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'\-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*|[^\sA-Za-z\d]")


def _breaks() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    # scikit-learn's list has every modal but "shall" and "ought": a modal ends a name.
    return (frozenset(ENGLISH_STOP_WORDS) | {"shall", "ought"}
            | words("frame", "stance", "reference_word", "leading")) - words("object_noun")


def _runs(text: str, breaks: frozenset[str]) -> list[list[tuple[str, str, bool, bool, bool]]]:
    """Runs of (surface, lower, after-a-verb-marker, capitalised-mid-sentence,
    before-a-particle) words between break words."""
    runs, current = [], []
    for match in _TOKEN.finditer(text):
        token = re.sub(r"['’]s$", "", match.group(0))
        lower = token.lower()
        if not lower[0].isalpha() or lower in breaks or len(lower) < 2:
            if current:
                runs.append(current)
            current = []
            continue
        verbal = bool(_VERB_CONTEXT.search(text[max(0, match.start() - 12):match.start()]))
        current.append((token, lower, verbal, _title_case_inside(text, match.start(), token),
                        bool(_PARTICLE_AFTER.match(text, match.end()))))
    if current:
        runs.append(current)
    return runs


def _title_case_inside(text: str, start: int, token: str) -> bool:
    """A word written with a capital (not an acronym) where a sentence does not
    start: part of a proper name ("Grand Ethiopian Renaissance Dam")."""
    if not token[:1].isupper() or token.isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"“‘'(«–—-"


def _proper_name_only(gram, before, after) -> bool:
    """Whether a phrase is (a piece of) a proper name: a person, a place or a body
    ("Donald Trump", "Addis Ababa", "Ethiopian Renaissance" cut from "Grand
    Ethiopian Renaissance Dam"). Such a phrase says who or where, not what; a
    named agreement or instrument ("Brussels Agreement", "Zangezur Corridor") is
    what, and stays."""
    capitals = [g[3] for g in gram]
    if (capitals[0] and before is not None and before[3]) or (
            capitals[-1] and after is not None and after[3]):
        return True
    return len(gram) > 1 and all(capitals) and gram[-1][1] not in words("instrument")


def _valid(gram: list[tuple[str, str, bool, bool, bool]], generic: frozenset[str], actor: set[str],
           holders: frozenset[str] = frozenset()) -> bool:
    lowers = [g[1] for g in gram]
    first, last = lowers[0], lowers[-1]
    blocked = words("quantity", "holder", "weak", "time")
    if (gram[0][2] or first in blocked or last in words("quantity", "time")
            or first in words("object_noun")):
        return False
    if any(ch.isdigit() for w in lowers for ch in w):
        return False
    # A contraction ("we'll", "don't") is a clause, not a name.
    if any("'" in w or "’" in w for w in lowers):
        return False
    from .common import is_country_word

    people = _people_and_titles()
    # A name says what, not who: "Eritrean soldiers", "machinists union" and
    # "rebels" name a party; "troop withdrawal" (a group noun before the head) does not.
    if _is_group(last):
        return False
    # ... nor does a group before a kind of organisation ("writers guild", "farmers
    # union"); "customs union" is what.
    if len(gram) > 1 and last in _organisation_kinds() and _is_group(lowers[-2]):
        return False
    if len(gram) == 1:
        if is_country_word(first):  # "belgrade", "russian": who or where, not what
            return False
        if first in _organisation_kinds():  # "company", "union", "army": who, not what
            return False
        return (first not in generic and first not in actor and first not in holders
                and not first.endswith(("ed", "ly"))
                and first not in words("weak") and first not in people
                and not _is_vague(first, generic) and len(first) > 3)
    # A name needs a word that says what the issue is about: not an actor's
    # name, a person ("EU negotiator"), a generic word or a word for a move
    # ("Hamas terms", "EU approach": whose position, not about what). It holds no
    # person ("envoy") and ends on a noun-like word: not one of the corpus's
    # holders ("TV writers", "leaves Hamas"), an adverb, a participle ("Armenia
    # armed") or a country ("changes China": what is changed, not who).
    if first in actor and _may_be_a_verb(last) and last.endswith("s"):
        return False  # "Kosovo does", "Russia stays": a subject and its verb
    about = [w for w in lowers if w not in actor and w not in people and not _is_vague(w, generic)]
    # What it is about is a thing: "separate deal" and "credible offer" say only
    # how a vague thing is qualified.
    if not any(_names_a_thing(w) or (w == last and w.endswith("ing")) for w in about):
        return False
    # A verb with its object, not a noun phrase: "harm China interests", "backed
    # Tsipras decision" (a verb form before a name of a party or person).
    second = gram[1][0]
    if _may_be_a_verb(first) and second[:1].isupper() and (
            lowers[1] in actor or is_country_word(lowers[1]) or _is_proper(lowers[1])):
        return False
    # Nor on an actor's acronym ("Geneva-based WHO"): who, not what.
    acronym = gram[-1][0].isupper() and last in actor
    return (not people.intersection(lowers) and last not in holders and not acronym
            and not last.endswith(("ly", "ed")) and not is_country_word(last)
            and "ADV" not in _lemmas(last))  # "relations right", "troops back"


def _reads_as_a_name(gram: list[tuple[str, str, bool, bool, bool]], actor: set[str]) -> bool:
    """Whether this wording of a phrase is a noun phrase. The phrase (its stems) may
    still count as a topic when another wording of it is one: "deploys missiles"
    and "missile deployments" are one topic, named by the second."""
    lowers = [g[1] for g in gram]
    first, last = lowers[0], lowers[-1]
    # Every name ends on a word that can be a noun: not on an adjective
    # ("purchasing agricultural", "EU regulatory", a lone "vulnerable") or a verb.
    if not _can_be_a_noun(last):
        return False
    # A participle English also uses as an adjective ends no name ("drought
    # lasting", "issues outstanding"); a gerund that is only a verb's does
    # ("minimum staffing").
    if len(gram) > 1 and last.endswith("ing") and "ADJ" in _lemmas(last) and "NOUN" not in _lemmas(last):
        return False
    # Nor does an adverb open one ("currently preventing"), nor a verb before its
    # particle end one ("agreement turns" out).
    if set(_lemmas(first)) == {"ADV"} or (gram[-1][4] and _may_be_a_verb(last)):
        return False
    # A verb in its plain form opens a clause, not a name ("recognise borders");
    # a participle ("proposed deal", "raising tariffs") qualifies a noun.
    if len(gram) > 1 and set(_lemmas(first)) == {"VERB"} and not first.endswith(("ed", "en", "ing")):
        return False
    # One word alone names a thing only if English uses it as nothing but a noun
    # or a verb ("sanctions", "strike"): not "best", "right", "excess", "does".
    if len(gram) == 1 and {"ADJ", "ADV", "AUX"} & set(_lemmas(last)):
        return False
    # A gerund after a modifier is a noun ("minimum staffing", "defence spending");
    # after a party or a group of people it is what they do ("Hamas remaining").
    return not (len(gram) > 1 and last.endswith("ing")
                and (lowers[-2] in actor or _is_group(lowers[-2])))


@functools.lru_cache(maxsize=50_000)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """The lemmas of ``word`` by word class (``NOUN``, ``VERB``, ``ADJ`` ...) in
    lemminflect's bundled English lexicon; empty for a word it does not know."""
    from lemminflect import getAllLemmas

    return getAllLemmas(word)


def _names_a_thing(word: str) -> bool:
    """A word that can be a noun (or a name the dictionary does not know): not an
    adjective or verb only ("separate", "credible", "coming")."""
    classes = _lemmas(word)
    return (not classes or "NOUN" in classes or "PROPN" in classes) and not word.endswith("ing")


def _can_be_a_noun(word: str) -> bool:
    """False for a word English does not use as a noun: an adjective ("agricultural",
    "enforceable"), a verb form other than the gerund ("remove", "recognised"), an
    adverb. A name ends on what it names, not on how it is qualified or what someone
    does. Words the dictionary does not know (names, acronyms) can end a name."""
    classes = _lemmas(word)
    return (not classes or "NOUN" in classes or "PROPN" in classes
            or (word.endswith("ing") and "VERB" in classes))


def _is_proper(word: str) -> bool:
    """A capitalised word keeps its capital in a name when it is a place, people or
    name ("Karabakh", "Scottish"): not in the dictionary, or a country's word; a
    common word capitalised at the start of a sentence ("Tariffs") does not."""
    from .common import is_country_word

    return not _lemmas(word) or is_country_word(word)


def _may_be_a_verb(word: str) -> bool:
    return "VERB" in _lemmas(word) or "AUX" in _lemmas(word)


def _is_vague(word: str, generic: frozenset[str]) -> bool:
    """A generic word or a word for a move, in any inflection ("agreements" as
    "agreement"; not a derived word: "developing" is not "development")."""
    vague = generic | words("reference_noun")
    return word in vague or any(lemma in vague for lemma in _lemmas(word).get("NOUN", ()))


@functools.lru_cache(maxsize=50_000)
def _is_group(word: str) -> bool:
    """A noun for a group of people (list ``group`` of ``issue_words.csv``: "rebels",
    "soldiers", "workers", "members"), in any inflection."""
    group = words("group")
    return word in group or any(lemma in group for lemma in _lemmas(word).get("NOUN", ()))


@functools.lru_cache(maxsize=None)
def _organisation_kinds() -> frozenset[str]:
    """Words for a kind of organisation ("union", "company", "army"; the attribution
    lexicon's ``organisation_types``)."""
    from ..extract import lexicon

    return frozenset(lexicon.terms("organisation_types"))


@functools.lru_cache(maxsize=None)
def _people() -> frozenset[str]:
    """Nouns for people and offices ("negotiator", "minister"): never what an issue is."""
    from ..extract import lexicon

    return frozenset(lexicon.terms("role_nouns"))


def _candidates(texts: Sequence[str], generic: frozenset[str], actor: set[str],
                holders: frozenset[str] = frozenset()
                ) -> list[dict[tuple[str, ...], tuple[str, bool]]]:
    """Per text, its candidate phrases (stems), each with its wording in the text and
    whether that wording is a noun phrase (:func:`_reads_as_a_name`)."""
    breaks = _breaks()
    aliases = actor_alias_pattern()  # "the military alliance" names an actor, not a topic
    people = _person_names(texts)  # "Press Secretary Jane Doe": who, not what
    found = []
    for text in texts:
        if aliases is not None:
            text = aliases.sub(" | ", text)
        if people is not None:
            text = people.sub(" | ", text)
        grams: dict[tuple[str, ...], str] = {}
        for run in _runs(text, breaks):
            for n in (1, 2, 3):
                for start in range(len(run) - n + 1):
                    gram = run[start:start + n]
                    if _valid(gram, generic, actor, holders):
                        key = tuple(stem(g[1]) for g in gram)
                        named = len(gram) > 1 and all(g[3] for g in gram)  # "Lisbon Agreement"
                        surface = " ".join(g[0] if g[0][:1].isupper() and (
                            named or g[0].isupper() or g[1] in actor or _is_proper(g[1]))
                            else g[1] for g in gram)
                        nameable = _reads_as_a_name(gram, actor) and not _proper_name_only(
                            gram, run[start - 1] if start else None,
                            run[start + n] if start + n < len(run) else None)
                        if not grams.get(key, ("", False))[1]:
                            grams[key] = (surface, nameable)
        found.append(grams)
    return found


# Honorifics and titles that stand before a person's name (beside the role nouns).
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "lord", "lady", "sir", "dame", "mullah",
                         "sheikh", "imam", "rabbi", "ayatollah", "archbishop", "bishop", "rev",
                         "pope", "king", "queen", "prince", "princess", "emir", "sultan"})
_CAPITALISED_RUN = re.compile(r"\b([A-Za-z]+)\.?((?:\s+[A-Z][\w’'\-]*[a-z][\w’'\-]*){1,4})")


@functools.lru_cache(maxsize=None)
def _people_and_titles() -> frozenset[str]:
    """Role nouns and honorifics: words for who a person is, never what an issue is."""
    return _people() | _HONORIFICS


def _person_names(texts: Sequence[str]) -> re.Pattern | None:
    """A pattern of the people named in ``texts``: a run of capitalised words right after
    a title or role noun ("Press Secretary Jane Doe", "Mullah Omar Abdul"), the whole
    name and its last word (the surname stands alone later). None if nobody is named."""
    titles = _people_and_titles()
    names: set[str] = set()
    for text in texts:
        for match in _CAPITALISED_RUN.finditer(text):
            if match.group(1).lower() not in titles:
                continue
            parts = match.group(2).split()
            names.add(" ".join(parts))
            if len(parts) > 1 and _is_proper(parts[-1].lower()):
                names.add(parts[-1])
    if not names:
        return None
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in ordered)
                      + r")\b")


def _with_neighbour(name: str, texts: Sequence[str], before: bool) -> str:
    """``name`` with the proper noun that stands right before (after) it in at least
    two texts (or the only one): "expansion" -> "NATO expansion"."""
    core = r"\s+".join(map(re.escape, name.split()))
    if before:
        pattern = re.compile(r"\b([A-Z][\w\-]*?)(?:['’]s)?\s+(?i:" + core + r")\b")
    else:
        pattern = re.compile(r"\b(?i:" + core + r")\s+(?:the\s+|of\s+)?([A-Z][\w\-]*)\b")
    counts: dict[str, int] = {}
    skip = words("frame", "leading")
    for text in texts:
        for word in set(pattern.findall(text)):
            if len(word) > 1 and word.lower() not in skip:
                counts[word] = counts.get(word, 0) + 1
    if not counts:
        return name
    best = sorted(counts, key=lambda w: (-counts[w], w))[0]
    if counts[best] < min(2, len(texts)):
        return name
    return f"{best} {name}" if before else f"{name} {best}"


def _shortlist_by_meaning(shortlists: list[list[tuple[str, ...]]],
                          surfaces: list[dict[tuple[str, ...], dict[str, int]]],
                          embed, centroids: np.ndarray, top: int) -> None:
    """Move to the front of each shortlist the one of its first ``top`` phrases whose
    embedding is nearest the issue's centroid (in place): of the phrases its
    moves share, the one that says what the issue is about, not an incidental
    run such as "coming days" (KeyBERT's idea, on the issue's own phrases)."""
    from .common import normalise

    def form(c, key):
        return sorted(surfaces[c][key], key=lambda s: (-surfaces[c][key][s], s))[0]

    # Of the first ``top`` phrases, those with a wording that can name (``surfaces``).
    heads = [[key for key in ranked[:top] if key in surfaces[c]]
             for c, ranked in enumerate(shortlists)]
    phrases = sorted({form(c, key) for c, head in enumerate(heads) for key in head})
    if not phrases:
        return
    vectors = normalise(np.asarray(embed(phrases), dtype=np.float32))
    row = {p: j for j, p in enumerate(phrases)}
    for c, ranked in enumerate(shortlists):
        head = heads[c]
        if len(head) < 2 or not np.any(centroids[c]):
            continue
        scores = vectors[[row[form(c, key)] for key in head]] @ centroids[c]
        best = head[int(np.argmax(scores))]
        shortlists[c] = [best] + [key for key in ranked if key != best]


def name_issues(unit_texts: Sequence[str], unit_issue: Sequence[int], n_issues: int,
                actor: set[str], embed=None, centroids: np.ndarray | None = None,
                shortlist: int = 8, holders: frozenset[str] = frozenset()
                ) -> tuple[list[str], list[list[str]]]:
    """A name and up to five keywords for each issue 0..n_issues-1.

    ``unit_texts`` are the objects, ``unit_issue`` the issue of each. Phrases
    are ranked by how many of the issue's objects hold them (two words
    preferred), then by how specific they are to the issue; with ``embed`` and
    ``centroids`` (one unit vector per issue), the one of the first
    ``shortlist`` phrases nearest the issue's centroid is chosen. ``holders``
    (words of the corpus's speakers and parties) never end a name. An issue with
    no acceptable phrase gets "" (the caller sends it to "other topics").
    Names are made unique by adding the next-best phrase after " / ".
    """
    generic = words("generic", "vague")
    grams = _candidates(unit_texts, generic, actor, holders)
    # A phrase is ranked on all its wordings ("deploys", "deployments"), but names
    # an issue only in a wording that is a noun phrase: the issue's own, else the
    # corpus's; a phrase with none names nothing.
    wordings: dict[tuple[str, ...], dict[str, int]] = {}
    for g in grams:
        for key, (surface, nameable) in g.items():
            if nameable:
                wordings.setdefault(key, {})
                wordings[key][surface] = wordings[key].get(surface, 0) + 1
    issue_of = np.asarray(unit_issue)
    overall: dict[tuple[str, ...], int] = {}
    for g in grams:
        for key in g:
            overall[key] = overall.get(key, 0) + 1
    total = max(len(unit_texts), 1)
    counts, named, shortlists = [], [], []
    for issue in range(n_issues):
        count: dict[tuple[str, ...], int] = {}
        own: dict[tuple[str, ...], dict[str, int]] = {}
        for i in np.flatnonzero(issue_of == issue):
            for key, (text, nameable) in grams[i].items():
                count[key] = count.get(key, 0) + 1
                if nameable:
                    own.setdefault(key, {})
                    own[key][text] = own[key].get(text, 0) + 1
        counts.append(count)
        named.append({key: own.get(key) or wordings[key] for key in count if key in wordings})
        shortlists.append(sorted(count, key=lambda k, c=count: (
            -c[k], abs(len(k) - 2), -c[k] * math.log(1 + total / overall[k]), k)))
    if embed is not None and centroids is not None and shortlist > 1:
        _shortlist_by_meaning(shortlists, named, embed, centroids, shortlist)
    names, keywords = [], []
    for issue in range(n_issues):
        members = np.flatnonzero(issue_of == issue)
        count, surface, ranked = counts[issue], named[issue], shortlists[issue]

        def specificity(key, count=count):
            return count[key] * math.log(1 + total / overall[key])

        # A longer phrase used as often as the best one names it more precisely;
        # a bare word loses to any two-word phrase that holds it at least half as often.
        texts = [unit_texts[i] for i in members]
        label = ""
        # The first phrase of the ranking that makes a name (a bare gerund or
        # participle with no noun after it does not: the next phrase is tried).
        for position, best in enumerate(ranked):
            if len(best) == 1 and position == 0:
                richer = [k for k in ranked if len(k) == 2 and best[0] in k
                          and count[k] * 2 >= count[best] and k in surface]
                if richer:
                    best = richer[0]
            elif len(best) == 2:
                # Three words held by every object that holds the two, the third
                # after them: the two were cut from a longer noun ("Israeli troop"
                # from "Israeli troop withdrawal"). A word before them is mostly a
                # qualifier ("bitter trade war") or a verb ("recognise Kosovo statehood").
                longer = [k for k in ranked if len(k) == 3 and count[k] == count[best]
                          and k[:2] == best and k in surface]
                if longer:
                    best = longer[0]
            if best not in surface:
                continue
            label = _label(best, surface[best], texts)
            if label:
                break
        names.append(label)
        by_spec = sorted(count, key=lambda k: (-specificity(k), k))
        chosen: list[str] = []
        for key in by_spec:
            if key not in surface:
                continue
            text = sorted(surface[key], key=lambda s: (-surface[key][s], s))[0]
            if text.lower() in label.lower() or any(text.lower() in c.lower() for c in chosen):
                continue
            chosen.append(text)
            if len(chosen) == 5:
                break
        keywords.append(chosen)
    # One name, one issue: a repeated name gets the issue's next keyword.
    seen: dict[str, int] = {}
    for issue, label in enumerate(names):
        if not label:
            continue
        key = label.lower()
        if key in seen or key == OTHER_TOPICS:
            extra = next((k for k in keywords[issue] if k.lower() not in key), str(issue + 1))
            names[issue] = f"{label} / {extra}"
        seen[names[issue].lower()] = issue
    return names, keywords


def _label(best: tuple[str, ...], forms: dict[str, int], texts: Sequence[str]) -> str:
    """The name a phrase gives an issue whose objects are ``texts``, or "" if none."""
    # Of the forms of one phrase, the most used; a noun or gerund form
    # ("invading") before a past tense ("invaded").
    label = sorted(forms, key=lambda s: (-forms[s], s.split()[0].endswith("ed"), s))[0]
    if len(label.split()) == 1 and not label.lower().endswith("ing") and not _used_as_a_noun(
            label.lower(), texts):
        return ""
    if len(label.split()) > 1:
        found = _occurrences(label, texts)
        if _opens_a_clause(label, found) or _ends_a_clause(label, found):
            return ""
    # A proper noun before a verb's gerund is its subject ("Hamas remaining"), not
    # part of a name; before a noun it is ("NATO expansion").
    lone_gerund = (len(label.split()) == 1 and label.lower().endswith("ing")
                   and set(_lemmas(label.lower())) == {"VERB"})
    if not lone_gerund and not any(w[0].isupper() for w in label.split()):
        label = _with_neighbour(label, texts, before=True)
    # Only a gerund takes the noun after it ("invading Ukraine"); after a
    # noun a proper noun is the holder ("changes China ... must make").
    if len(label.split()) == 1 and label.lower().endswith("ing"):
        label = _with_neighbour(label, texts, before=False)
    if len(label.split()) == 1 and label.lower().endswith(("ing", "ed")):
        return ""
    return label


def _used_as_a_noun(word: str, texts: Sequence[str]) -> bool:
    """Whether a lone dictionary word names a thing in the issue's own objects.

    A word that can be a verb ("meet", "address", "starts") must be used as a noun
    somewhere: after an article, a possessive, a demonstrative or a preposition
    ("the strike", "on sanctions"). A dictionary word written with a capital
    wherever it stands inside a text is a name ("Trump", "Rice"), not the word."""
    if not _lemmas(word):
        return True
    found = [m for text in texts for m in re.finditer(r"\b" + re.escape(word) + r"\b", text,
                                                       re.IGNORECASE)]
    inside = [m for m in found if m.start() > 0]
    if inside and all(m.group(0)[0].isupper() for m in inside) and not _is_proper(word):
        return False
    if _may_be_a_verb(word):
        return any(_noun_context(word).search(text) for text in texts)
    return True


_NOUN_PHRASE_START = re.compile(r"(?:^|[,;:(]|\b(?:the|a|an|any|no|its|their|our|his|her|your|my|"
                                r"this|that|these|those|of|on|for|about|over|against|with|"
                                r"without))\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=10_000)
def _phrase_pattern(label: str) -> re.Pattern:
    return re.compile(r"\b" + r"\s+".join(map(re.escape, label.split())) + r"\b", re.IGNORECASE)


def _occurrences(label: str, texts: Sequence[str]) -> list[tuple[str, str]]:
    """The text before and after each occurrence of ``label`` in ``texts``."""
    pattern = _phrase_pattern(label)
    return [(text[:m.start()], text[m.end():]) for text in texts for m in pattern.finditer(text)]


def _opens_a_clause(label: str, found: list[tuple[str, str]]) -> bool:
    """Whether a phrase whose first word is a verb's -s or -ed form ("increases
    tariffs", "revealed pay rises") is, at its occurrences ``found`` in the issue's
    own objects, that verb with its object: it follows a subject ("the US increases
    tariffs", "as he revealed pay rises") or opens the object wherever it stands,
    and never follows an article or preposition ("the proposed deal", "on proposed
    changes")."""
    first = label.split()[0].lower()
    if not (first.endswith(("s", "ed")) and "VERB" in _lemmas(first)):
        return False
    # An object that opens on the verb form with no article was cut right after
    # its cue ("have ... walked picket lines"): the verb's, like after a subject.
    return bool(found) and not any(b.strip() and _NOUN_PHRASE_START.search(b) for b, _ in found)


_AUXILIARY_AFTER = re.compile(r"\s+(?:are|is|were|was|will|would|have|has|had|can|could|must|"
                              r"should|may|might|do|does|did)\b", re.IGNORECASE)
_SUBORDINATOR_BEFORE = re.compile(r"\b(?:if|unless|when|whenever|once|until|before|after|as|"
                                  r"because|since|while)\s+(?:[\w’'\-]+\s+){0,3}$",
                                  re.IGNORECASE)


def _ends_a_clause(label: str, found: list[tuple[str, str]]) -> bool:
    """Whether a phrase ending on a verb's -s form is a subject and its verb: at
    every occurrence in ``found`` it stands within a few words after "if", "when",
    "unless"... ("if the electoral pact collapses"), as a noun phrase never does
    twice over."""
    last = label.split()[-1].lower()
    if not (last.endswith("s") and "VERB" in _lemmas(last)):
        return False
    # "if pay rises are agreed": a verb after it makes the phrase the subject.
    return bool(found) and all(_SUBORDINATOR_BEFORE.search(before) and not _AUXILIARY_AFTER.match(after)
                               for before, after in found)


@functools.lru_cache(maxsize=10_000)
def _noun_context(word: str) -> re.Pattern:
    # The word itself in lower case: "the Trump administration" is a name, not a noun.
    return re.compile(r"\b(?i:the|a|an|any|no|its|their|our|his|her|your|my|this|that|these|"
                      r"those|of|on|for|about|over|against|with|without|new|further|more)\s+"
                      + re.escape(word.lower()) + r"\b")


def is_acceptable_name(name: str) -> bool:
    """True if ``name`` could be an analyst's issue name: not empty, not a numbered
    placeholder, not a quotation, not a number, not a single generic, reporting or
    stance word."""
    text = str(name or "").strip()
    if not text or text == OTHER_TOPICS:
        return bool(text)
    if re.fullmatch(r"(?:issue|topic|cluster)[_ ]?\d+", text, re.IGNORECASE):
        return False
    if re.search(r"[\"“”«»]", text) or re.fullmatch(r"[\d\s.,%]+", text):
        return False
    parts = [p.strip() for p in text.split("/")]
    for part in parts:
        tokens = part.lower().split()
        if not tokens:
            return False
        if len(tokens) == 1 and tokens[0] in (words("generic", "frame", "stance", "weak",
                                                    "quantity", "leading", "reference_word",
                                                    "reference_noun")):
            return False
    return True
