"""Descriptor shapes: how English introduces a person or an organisation.

People (:func:`person_introductions`), with a descriptor that carries a role
noun (``analysis/data/lexicon/role_nouns.csv``):

* pre-nominal title: "Iran's foreign ministry spokesman Saeed Karimi", "EU chief
  negotiator Michel Dupont", "the Qatari special envoy for Sudan Ali Hassan";
* apposition after the name: "Maria Lopez, the union's president, said", "Jan
  Novak, head of the agency, said", "Amina Bello, a senior Nigerian diplomat";
* apposition before the name: "Kenya's chief negotiator, Peter Otieno, said".

Organisations that are not in the actor table (:class:`OrganisationMemory`):

* an acronym in brackets: "the National Dockworkers Union (NDU)";
* a name with an organisation noun (``organisation_nouns.csv``) and its
  modifiers (``organisation_modifiers.csv``): "the Tamil Tigers rebel group",
  "the separatist movement Free Aceh", "the Sendero rebels";
* a capitalised word used as the employer of a role noun: "Sendero officials",
  "a Tigers spokesman", "ACME negotiators".

Each becomes a party of its own under its short name (the acronym when one is
given), and its organisation noun ("the union", "the rebels", "the group")
refers back to the most recent organisation introduced with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..actors import country_party, resolve_actor
from . import lexicon
from .clauses import CUE_PHRASES, CUE_WORDS, FUNCTION_CAPS, ROLE_NOUNS, TITLE_MODIFIERS, is_demonym
from .records import Speaker

_ORG_NOUNS = lexicon.column("organisation_nouns", "plural")
_ORG_PLURALS = {plural: term for term, plural in _ORG_NOUNS.items()}
_ORG_MODIFIERS = lexicon.terms("organisation_modifiers")
_NAME_WORDS = lexicon.terms("organisation_name_words")
_ORG_TYPES = lexicon.column("organisation_types", "type")
_ORG_TYPE_PHRASES = tuple(sorted((t for t in _ORG_TYPES if " " in t), key=lambda t: (-len(t), t)))
ORG_NOUNS, ORG_PLURALS = _ORG_NOUNS, _ORG_PLURALS
#: Role nouns that say a capitalised word before them is an organisation
#: ("Hamas officials", "a UAW negotiator"), not a person's team ("Biden aides").
_EMPLOYEE_NOUNS = frozenset("""
official officials spokesman spokeswoman spokesperson negotiator negotiators delegation
delegates leader leaders leadership commander commanders militants fighters representative
representatives member members chief negotiating
""".split())

# A name: 2-4 capitalised words, particles allowed inside ("Ursula von der Leyen",
# "Abdel Fattah al-Sisi"); the words are checked afterwards.
_NAME = r"(?:[A-Z][\w’'\-]+|[A-Z]\.)(?:\s+(?:(?:al|el|bin|ibn|de|del|da|van|von|der|le|la)[\s\-])?" \
        r"(?:[A-Z][\w’'\-]+|[A-Z]\.)){1,3}"
# An alias given right after a name: "X (known as Y)", "X, better known as Y,", "X
# (Y)", "X, nicknamed “Y”,": a nickname the text then uses for the same person.
_NICK = r"[“\"‘']?(?P<{}>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)[”\"’']?"
_ALIAS_TAIL = (r"(?:\s*\((?:(?:also|better|widely|popularly|commonly)\s+)?(?:(?:known\s+as|nicknamed|dubbed|"
               r"aka|a\.k\.a\.)\s+)?" + _NICK.format("nick") + r"\)|,\s+(?:(?:also|better|widely|popularly|"
               r"commonly)\s+)?(?:known\s+as|nicknamed|dubbed)\s+" + _NICK.format("nick_") + r"(?=,))")
_PARTICLES = frozenset("al el bin ibn de del della da das dos van von der den le la du des ter".split())
_PAST_ROLE = re.compile(r"^who\s+(?:was|had\s+been|served\s+as)\s+")
# A relative clause after a name that tells an act, not an office ("X, who blamed Peru,").
_OTHER_RELATIVE = re.compile(r"^(?:who|which)\s+(?!(?:is|was|had\s+been|has\s+been|serves|served|heads|headed|"
                             r"leads|led|chairs|chaired|represents|represented)\b)")
_NAME_WORD = re.compile(r"[A-Z][\w’'\-]*\.?")
_TOKEN = re.compile(r"[\w’'.\-]+")
# "Name, descriptor," — the descriptor opens with an article, a possessive, a role
# word, or a country word, and holds a role noun.
_APPOSITION_AFTER = re.compile(
    r"(?P<name>" + _NAME + r")(?:" + _ALIAS_TAIL + r")?,\s+(?P<desc>(?:the|a|an|[A-Z][\w.\-]*(?:’s|'s)|[a-z]+|[A-Z][\w.\-]*)"
    r"\b(?:[^,;:“”\"()]|\([A-Z][A-Za-z]{1,7}\)){2,110}?)(?=,|\.\s|\.$|;|\s+(?:has\s+|have\s+|had\s+)?(?:"
    + "|".join(sorted((w for w in CUE_WORDS if not w.endswith("ing")), key=lambda w: (-len(w), w)))
    + r")\b)")
_APPOSITION_BEFORE = re.compile(
    # The descriptor opens with a possessive, an article or a capitalised title word
    # ("Azerbaijani Foreign Ministry Spokesman, Aykhan Hajizada, said").
    r"(?P<desc>(?:[A-Z][\w.\-]*(?:’s|'s)|[Tt]he|[Aa]n?|[A-Z][\w.\-]+)\b[^,;:“”\"()]{2,110}?),\s+(?P<name>"
    + _NAME + r")(?:" + _ALIAS_TAIL + r"|\s+(?:and|&)\s+" + _NAME + r")?,")
# "…, Dr A Bello and Dr K Mensah," / "co-chairs A Bello and K Mensah": the second of two
# people one descriptor introduces together.
_SECOND_OF_PAIR = re.compile(r"\s+(?:and|&)\s+(?P<name>" + _NAME + r")")
_NAME_WITH_ALIAS = re.compile(r"(?P<name>" + _NAME + r")" + _ALIAS_TAIL)
_ROLE_THEN_CAPITAL = re.compile(
    r"\b(?i:" + "|".join(sorted(map(re.escape, ROLE_NOUNS), key=lambda w: (-len(w), w))) + r")\.?\s+"
    r"(?:(?:for|to)\s+)?[A-Z]")
_ACRONYM_DEFINITION = re.compile(
    r"(?P<full>(?:[A-Z][\w’'&.\-]*|of|for|and|the|de|du|des)(?:\s+(?:[A-Z][\w’'&.\-]*|of|for|and|"
    r"the|de|du|des|on|in)){0,9}(?:\s+[a-z]+)?)\s*\((?P<acr>[A-Z][A-Za-z0-9&.\-]{1,9})\)")
_CAPWORD = r"(?:[A-Z][\w’'&.\-]*)"


@dataclass(frozen=True)
class Introduction:
    """A person introduced with a descriptor at ``start``."""

    name: str
    descriptor: str
    start: int


def person_introductions(text: str, start: int, end: int, mask: bytes | bytearray | None = None
                         ) -> list[Introduction]:
    """People introduced in ``text[start:end]`` with a descriptor that has a role noun.

    ``mask`` (1 inside quotations, indexed from ``start``) keeps names inside
    quoted speech out. Returns them in text order.
    """
    found: list[Introduction] = []
    sentence = text[start:end]

    def outside(pos: int) -> bool:
        return mask is None or not mask[pos]

    for m in _APPOSITION_AFTER.finditer(sentence):
        name = _clean_name(m.group("name"))
        desc = m.group("desc").strip()
        if _OTHER_RELATIVE.match(desc):
            continue  # "X, who blamed the United States,": what X did, not who X is
        if name and outside(m.start()) and _has_role(desc) and not _names_a_place(desc):
            # "X, who was the interior minister in the 1990s,": a past office.
            desc = _PAST_ROLE.sub("former ", desc)
            found.append(Introduction(name, desc, start + m.start()))
    for m in _APPOSITION_BEFORE.finditer(sentence):
        name = _clean_name(m.group("name"))
        desc = m.group("desc").strip()
        if name and outside(m.start("name")) and _has_role(desc):
            found.append(Introduction(name, desc, start + m.start("name")))
    found.extend(_prenominal(sentence, start, outside))
    for intro in list(found):
        # The descriptor of a pair holds for both ("the co-chairs of the committee, A
        # and B,"; "committee co-chairs A and B said").
        at = sentence.find(intro.name, intro.start - start)
        pair = _SECOND_OF_PAIR.match(sentence, at + len(intro.name)) if at >= 0 else None
        second = _clean_name(pair.group("name")) if pair is not None else ""
        if second and second != intro.name and not any(f.name == second for f in found):
            found.append(Introduction(second, intro.descriptor, start + pair.start("name")))
    found.sort(key=lambda i: i.start)
    return found


def nicknames(text: str, start: int, end: int) -> list[tuple[str, str]]:
    """(full name, alias) pairs given in ``text[start:end]``: "X (known as Y)", "X,
    better known as Y,", "X (Y)", "X, nicknamed “Y”,". An acronym, a country or a
    name of the actor table in the brackets is not an alias ("X (RSF)", "X (Labour)"
    when the table knows Labour)."""
    found = []
    for m in _NAME_WITH_ALIAS.finditer(text, start, end):
        name, nick = _clean_name(m.group("name")), m.group("nick") or m.group("nick_")
        if not name or nick is None or nick.isupper() or nick in name.split() \
                or country_party(nick) is not None or country_party(nick.split()[0]) is not None \
                or resolve_actor(nick) is not None:
            continue
        found.append((name, nick))
    return found


def _prenominal(sentence: str, offset: int, outside) -> list[Introduction]:
    """"<descriptor ending in a role noun> <Name>": the name is the capitalised run
    after the last title word."""
    out = []
    if not _ROLE_THEN_CAPITAL.search(sentence):
        return out  # most sentences introduce nobody: skip the token walk
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(sentence)]
    n = len(tokens)
    i = 0
    while i < n:
        low = tokens[i][2].lower().rstrip(".")
        if low not in ROLE_NOUNS or i + 1 >= n:
            i += 1
            continue
        # Title words may continue capitalised ("Foreign Minister", "Director General").
        j = i + 1
        while j < n and tokens[j][2].lower() in (ROLE_NOUNS | TITLE_MODIFIERS) and \
                tokens[j][2][:1].isupper() and j - i < 4:
            j += 1
        if j + 1 < n and tokens[j][2] in ("for", "to"):
            # "special envoy for Sudan Ingrid Solberg", "Special Representative for North
            # Korea Stephen Biegun": the target (a country of one to three words), then the name.
            for size in (1, 2, 3):
                if j + size < n and country_party(" ".join(t[2] for t in tokens[j + 1:j + 1 + size])):
                    j += 1 + size
                    break
        name_tokens = []
        k = j
        while k < n and len(name_tokens) < 4:
            word = tokens[k][2]
            if word[:1].isupper() and word not in FUNCTION_CAPS and word.lower() not in ROLE_NOUNS \
                    and sentence[tokens[k - 1][1]:tokens[k][0]] in (" ", "\u00a0"):
                name_tokens.append(word)
                if word.endswith(("’s", "'s")):
                    break
                k += 1
            elif name_tokens and word.lower() in _PARTICLES:
                # "Humberto de la Calle", "Ursula von der Leyen": particles, then the surname.
                run = k
                while run < n and tokens[run][2].lower() in _PARTICLES and run - k < 3:
                    run += 1
                if run >= n or not tokens[run][2][:1].isupper():
                    break
                name_tokens.extend(t[2] for t in tokens[k:run])
                k = run
            else:
                break
        name = _clean_name(" ".join(name_tokens))
        if name and outside(tokens[j][0]) and len(name.split()) >= 2:
            desc = _descriptor_before(tokens, j, sentence)
            if k + 1 < n and tokens[k][2] == "of":
                # "Minister X of Vanuatu", "President X of the United States of America"
                first = k + 2 if tokens[k + 1][2] == "the" else k + 1
                for size in (1, 2, 3, 4, 5):
                    place = " ".join(t[2] for t in tokens[first:first + size]).rstrip(",.")
                    if first + size <= n and place[:1].isupper() and country_party(place):
                        if size == 1 or not country_party(" ".join(t[2] for t in tokens[first:first + size - 1])):
                            desc = f"{desc} of {place}"
                            break
            if desc:
                out.append(Introduction(name, desc, offset + tokens[j][0]))
            i = k
        else:
            i = j if j > i + 1 else i + 1
    return out


def _descriptor_before(tokens, j: int, sentence: str) -> str:
    """The title words that end at token ``j`` (exclusive), back to a determiner or a
    verb, within one line."""
    taken = []
    i = j - 1
    while i >= 0 and len(taken) < 12:
        word = tokens[i][2]
        low = word.lower().rstrip(".")
        if taken and "\n" in sentence[tokens[i][1]:tokens[i + 1][0]]:
            break  # a heading line above is not part of the title
        if taken and any(p in sentence[tokens[i][1]:tokens[i + 1][0]] for p in ",;:()"):
            break  # "… at the summit, Greek Finance Minister X": the title starts after the comma
        if low == "and" and taken and i > 0 and tokens[i - 1][2][:1].isupper() \
                and tokens[i - 1][2].lower() not in ROLE_NOUNS:
            break  # "Ivan Marquez and government representative X": another person before
        if low in ROLE_NOUNS or low in TITLE_MODIFIERS or (word[:1].isupper() and word not in FUNCTION_CAPS) \
                or (taken and low in ("of", "for", "to", "and")) or "-" in word:
            taken.append(word)
            i -= 1
        elif taken and word.isalpha() and word.islower() and len(word) > 2 and not _is_cue(low):
            # "Writers Guild of America board member X", "WGA negotiations committee
            # co-chair X": common nouns between an organisation's name and the role.
            k = i
            while k >= 0 and k > i - 2 and tokens[k][2].isalpha() and tokens[k][2].islower() \
                    and not _is_cue(tokens[k][2]):
                k -= 1
            if k < 0 or not tokens[k][2][:1].isupper() or tokens[k][2] in FUNCTION_CAPS:
                break
            taken.extend(tokens[m][2] for m in range(i, k, -1))
            i = k
        else:
            break
    while taken and taken[-1].lower() in ("of", "for", "to", "and"):
        taken.pop()
    taken.reverse()
    return " ".join(taken)


def _is_cue(word: str) -> bool:
    return word in CUE_WORDS or word in CUE_PHRASES


def _clean_name(name: str) -> str:
    """A plausible person name, or "": 2-4 words, no title, place or organisation words."""
    words = [w.rstrip(",.") if not re.fullmatch(r"[A-Z]\.", w) else w for w in name.split()]
    words = [re.sub(r"(?:’s|'s)$", "", w) for w in words]
    if not 2 <= len(words) <= 4:
        return ""
    for w in words:
        low = w.lower()
        if w in FUNCTION_CAPS or low in ROLE_NOUNS or low in TITLE_MODIFIERS or low in _ORG_NOUNS \
                or low in _ORG_PLURALS:
            return ""
        if w.isupper() and len(w) > 1 and not re.fullmatch(r"[A-Z]\.", w):
            return ""  # an acronym: an organisation, not a person (an initial, "J.", is not)
    if any(is_demonym(w) and country_party(w) for w in words) or _EVENT.search(" ".join(words)):
        return ""  # "Colombian Guerrillas", "Resume Talks": not a person
    if country_party(" ".join(words)) is not None:
        return ""  # "Saudi Arabia", "South Sudan"
    found = resolve_actor(" ".join(words))
    if found is not None and found.kind != "person":
        return ""
    return " ".join(words)


def _has_role(descriptor: str) -> bool:
    return any(w.lower().strip(".") in ROLE_NOUNS for w in _TOKEN.findall(descriptor))


def _names_a_place(descriptor: str) -> bool:
    """"Paris, the French capital,": a place apposition, not a person's title."""
    return bool(re.search(r"\b(?:capital|city|town|province|region|village|port)\b", descriptor))


# ------------------------------------------------------------------ organisations

@dataclass
class _Organisation:
    short: str  # the name it is known by: acronym if given, otherwise the name as written
    names: set  # every spelling that refers to it
    nouns: set  # organisation nouns it was introduced with ("union", "rebels")
    party: str  # its own short name, or the country of a state body ("IDF" -> Israel)
    defined: bool = False  # introduced with its acronym ("the National Dockworkers Union (NDU)")
    #: What kind of organisation it is (``organisation_types.csv``: labour, company, army,
    #: militia), from its name, its nouns and the words the text puts before it.
    types: set = field(default_factory=set)


def organisation_type(words: str) -> str | None:
    """The kind of organisation a name or common noun says, from its last word that
    tells one: "the union", "United Auto Workers" -> ``labour``; "the planemaker" ->
    ``company``; "Sudanese Armed Forces" -> ``army``; "the militia" -> ``militia``.
    None when nothing tells ("Rapid Support Forces", "the group")."""
    low = words.lower()
    for phrase in _ORG_TYPE_PHRASES:
        if re.search(r"\b" + re.escape(phrase) + r"\b", low):
            return _ORG_TYPES[phrase]
    for token in reversed(re.findall(r"[a-z]+", low)):
        if token in _ORG_TYPES:
            return _ORG_TYPES[token]
    return None


class OrganisationMemory:
    """Organisations a document introduces, as parties of their own.

    :meth:`learn` reads the whole document once: an organisation's identity
    does not depend on where in the text it is introduced.
    """

    def __init__(self):
        self.by_name: dict[str, _Organisation] = {}
        self.by_noun: dict[str, _Organisation] = {}  # "union" -> most recent union introduced
        self._pattern: re.Pattern | None = None
        self._places: dict[str, _Organisation | None] | None = None

    def place_owner(self, word: str) -> Speaker | None:
        """The organisation introduced with its acronym whose name holds the place a word
        (or its demonym) names: "Tigrayan", "the Tigray rebels" for the "Tigray People's
        Liberation Front (TPLF)". None if no such organisation, or two."""
        if self._places is None:
            self._places = {}
            for org in {id(o): o for o in self.by_name.values() if o.defined}.values():
                for name in org.names:
                    for w in name.split():
                        if len(w) < 4 or not w[:1].isupper() or w.isupper() or w in FUNCTION_CAPS \
                                or w.lower() in _NAME_WORDS or w.lower() in _ORG_NOUNS \
                                or w.lower() in _ORG_PLURALS or w.lower() in _ORG_MODIFIERS \
                                or re.search(r"(?:’s|'s|s’|s')$", w) or country_party(w) is not None:
                            continue
                        known = self._places.get(w, org)
                        self._places[w] = org if known is org else None
        word = re.sub(r"(?:’s|'s)$", "", word)
        for cut in (0, 1, 2, 3):  # "Tigray", "Tigrayan", "Tigrayans"
            stem, ending = (word[:-cut], word[-cut:]) if cut else (word, "")
            if ending in ("", "n", "an", "ns", "ans", "ese", "i") and self._places.get(stem) is not None:
                org = self._places[stem]
                return Speaker(org.short, org.party, "they", "group", word, False)
        org = self._spelling_variant(word)
        return Speaker(org.short, org.party, "they", "group", word, False) if org is not None else None

    def _spelling_variant(self, word: str) -> "_Organisation | None":
        """The organisation whose place a word spells another way ("Tigrai" for "Tigray",
        "Balochistan" for "Baluchistan"): one letter changed, added or dropped in a word
        of six letters or more that shares the place's first four letters and names no
        country ("Palestinian" is not "Palestine"'s movement by spelling). None unless
        exactly one place is that close."""
        if len(word) < 6 or not word[:1].isupper() or word.isupper() or country_party(word) is not None:
            return None
        from rapidfuzz.distance import Levenshtein
        found = set()
        for cut in (0, 1, 2):  # "Tigrai", "Tigraian"
            stem, ending = (word[:-cut], word[-cut:]) if cut else (word, "")
            if ending not in ("", "n", "an"):
                continue
            for place, org in self._places.items():
                if org is not None and len(place) >= 6 and place[:4] == stem[:4] \
                        and Levenshtein.distance(place, stem, score_cutoff=1) <= 1:
                    found.add(id(org))
                    match = org
        return match if len(found) == 1 else None

    def learn(self, text: str, index) -> None:
        for m in _ACRONYM_DEFINITION.finditer(text):
            if lexicon.party_tag().match(text, m.end("full")):
                continue  # "Rep. Dana Holt (R-OH)": a legislator's party tag, not an acronym
            self._define(m.group("full"), m.group("acr"), index)
            org = self.by_name.get(m.group("acr"))
            glue = re.match(r"(?:(?:[Tt]he|of|for|and|de|du|des|on|in)\s+)*", m.group("full"))
            name_start = m.start("full") + glue.end()
            if org is not None and not org.types and not glue.group(0).strip().lower().startswith(("and", "of", "for")):
                # "the paramilitary Rapid Support Forces (RSF)": the kind said right before the
                # name (only modifiers between: "the army and the X" says nothing of X).
                for word in reversed(text[max(0, name_start - 40):name_start].split()):
                    if word in _ORG_TYPES:
                        org.types.add(_ORG_TYPES[word])
                        break
                    if word.lower() not in _ORG_MODIFIERS:
                        break
        for m in _ACRONYM_AFTER_OR.finditer(text):
            self._define(m.group("full"), m.group("acr"), index)
        self._spelled_out(text, index)
        for name, noun in _typed_names(text):
            if index.exact(name) is not None or country_party(name) is not None:
                continue
            if self.place_owner(name) is not None:
                continue  # "the Tigrayan authorities": the movement named after the place
            owner = self.by_name.get(name)
            self._add(owner.short if owner else name, {name}, {noun}, owner.party if owner else "")
        for m in _EMPLOYER.finditer(text):
            word = m.group(1)
            if word not in self.by_name and self._may_name_organisation(text, word, m.start(), index):
                self._add(word, {word}, set())
        for m in _EMPLOYER_OF.finditer(text):
            # "Acme's largest union", "striking Acme workers": whose workers they are is
            # their employer, a company (so "the union" never refers back to it).
            word = m.group(1)
            if any(w not in _ORG_MODIFIERS and w not in _ORG_TYPES for w in m.group("mods").split()):
                continue  # "Berg wrote to staff": a verb between, not an employer's staff
            if word.isupper() and len(word) > 4 and word not in self.by_name:
                word = word.capitalize()  # "ACME’S largest union" in a headline (not "the ABC-DEF union")
            org = self.by_name.get(word)
            if org is None and self._may_name_organisation(text, word, m.start(), index):
                self._add(word, {word}, set())
                org = self.by_name[word]
            if org is not None and "labour" not in org.types:
                org.types.add("company")

    def _may_name_organisation(self, text: str, word: str, pos: int, index) -> bool:
        """Whether a capitalised word at ``pos`` before a role or staff noun ("Sendero
        officials", "Acme workers") may be an organisation's name."""
        if word in FUNCTION_CAPS or word.lower() in TITLE_MODIFIERS or word.lower() in _ORG_MODIFIERS \
                or word.lower() in ROLE_NOUNS or word.lower() in _ORG_TYPES:
            return False
        if index.exact(word) is not None or country_party(word) is not None or is_demonym(word):
            return False
        previous = re.search(r"([A-Z][\w’'\-]*)\s+$", text[max(0, pos - 30):pos])
        if previous is not None and index.exact(f"{previous.group(1)} {word}") is not None:
            return False  # "White House officials": the last word of a name the table knows
        before = text[max(0, pos - 2):pos]
        if not word.isupper() and (pos == 0 or re.fullmatch(r"[.!?\n“\"]\s?|\n", before)) \
                and (not re.search(r"[a-z,;]\s+" + re.escape(word) + r"\b", text)
                     or re.search(r"\b" + re.escape(word.lower()) + r"\b", text)):
            # Sentence-initial capital: could be any word ("Government officials"),
            # unless the text also capitalises it mid-sentence ("… by Hamas") and
            # never writes it in lower case ("Health leaders" beside "the health
            # service" and "the Health Secretary" is a common noun).
            return False
        return True

    def _spelled_out(self, text: str, index) -> None:
        """An acronym the text uses without defining it, spelled out elsewhere in the
        text: "the Writers Guild of America" … "the WGA" (the initials of the name's
        capitalised words, and of a lower-case noun closing it: "Prime Minister's
        office" … "the PMO")."""
        acronyms = {a for a in _BARE_ACRONYM.findall(text)
                    if a not in self.by_name and index.exact(a) is None and country_party(a) is None}
        if not acronyms:
            return
        for m in _NAME_RUN.finditer(text):
            words = m.group(0).split()
            for first in range(len(words)):
                if not words[first][:1].isupper() or words[first] in FUNCTION_CAPS:
                    continue
                for last in (len(words), len(words) - 1):
                    part = words[first:last]
                    initials = "".join(w[0].upper() for w in part if w not in _NAME_GLUE)
                    if len(part) >= 2 and initials in acronyms and part[-1] not in _NAME_GLUE:
                        self._define(" ".join(part), initials, index)
                        acronyms.discard(initials)
                if not acronyms:
                    return

    def _define(self, full: str, acronym: str, index) -> None:
        """"the National Dockworkers Union (NDU)", "Revolutionary Armed Forces, or FARC"."""
        # "chief negotiator for the National Front (NF)": the name, not the glue before it.
        full = re.sub(r"^(?:(?:[Tt]he|of|for|and|de|du|des|on|in)\s+)+", "", full.strip())
        if _EVENT.search(full):
            return  # a conference, treaty or plan is not a party
        state = _state_owner(full)
        full = _name_after_modifiers(full) if not state else full
        if not full or len(full.split()) < 2 or index.exact(acronym) is not None:
            return
        if index.exact(full) is not None or (country_party(full) is not None and not _organisation_of_country(full)):
            return
        names = {acronym, full}
        if " of " in full:
            names.add(full.split(" of ")[0])  # "Writers Guild of America" -> "Writers Guild"
        if full.split()[-1].islower() and not re.search(r"(?:’s|'s)$", full.rsplit(" ", 1)[0]):
            names.add(full.rsplit(" ", 1)[0])  # "United Auto Workers union" -> "United Auto Workers"
        nouns = {w.lower() for w in full.split() if w.lower() in _ORG_NOUNS}
        nouns |= {_ORG_PLURALS[w.lower()] for w in full.split() if w.lower() in _ORG_PLURALS}
        self._add(acronym, names, nouns, state or "", defined=True)

    def _add(self, short: str, names: set, nouns: set, party: str = "", defined: bool = False) -> None:
        org = self.by_name.get(short) or _Organisation(short, set(), set(), party or short)
        org.defined = org.defined or defined
        org.names |= names | {short}
        org.nouns |= nouns
        org.types |= {kind for kind in map(organisation_type, org.names | org.nouns) if kind}
        for name in org.names:
            self.by_name[name] = org
        for noun in nouns:
            self.by_noun[noun] = org
            self.by_noun[_ORG_NOUNS.get(noun, noun + "s")] = org
        self._pattern = None
        self._places = None

    def adopt(self, other: "OrganisationMemory", defined_only: bool = False) -> None:
        """Add the organisations ``other`` knows under names this memory does not use
        (another document's, read after this one's own); ``defined_only`` keeps only
        those introduced with their acronym. Organisation nouns already taken here
        ("the union") keep referring to this document's organisation."""
        seen: set[int] = set()
        for org in list(other.by_name.values()):
            if id(org) in seen or (defined_only and not org.defined) or org.party == DOMINANT:
                continue
            seen.add(id(org))
            mine = self.by_name.get(org.short)
            if mine is not None and mine.short != org.short:
                continue  # the acronym names something else here
            # Known here under its acronym only ("WGA leaders"): add its other names.
            free = {n for n in org.names if n not in self.by_name or self.by_name[n] is mine}
            if not free:
                continue
            self._add(org.short, free, set(), mine.party if mine else org.party, org.defined)
            mine = self.by_name[org.short]
            mine.types |= org.types
            for noun in org.nouns:
                mine.nouns.add(noun)
                for key in (noun, _ORG_NOUNS.get(noun, noun + "s")):
                    self.by_noun.setdefault(key, mine)

    def resolve(self, np: str) -> Speaker | None:
        """The organisation a subject names: its name or acronym, or "the union"
        for the union introduced last. None if it names none."""
        if not self.by_name:
            return None
        bare = re.sub(r"^(?:the|The)\s+", "", np.strip())
        bare = re.sub(r"(?:’s|'s)$", "", bare)
        org = self.by_name.get(bare)
        if org is None:
            # "National Dockworkers Union NDU": the subject with its bracketed acronym.
            org = next((self.by_name[w] for w in bare.split() if w.isupper() and w in self.by_name), None)
        if org is None:
            # "Sendero militant group": the name before its modifiers and noun.
            words = bare.split()
            while words and (words[-1].lower() in _ORG_MODIFIERS or words[-1].lower() in _ORG_NOUNS
                             or words[-1].lower() in _ORG_PLURALS) and len(words) > 1:
                words.pop()
            org = self.by_name.get(" ".join(words)) if len(words) < len(bare.split()) else None
            if org is None and len(words) < len(bare.split()) and words:
                # "Ethiopia's Tigray rebels": the place an introduced organisation is named after.
                placed = self.place_owner(words[-1])
                if placed is not None:
                    return placed
        owned = _OWNED_KIND.fullmatch(bare) if org is None else None
        if owned is not None and owned.group(2).lower() in _ORG_TYPES and country_party(owned.group(1)) is None:
            # "Acme's largest union", "ACME’S machinists union": the one organisation of
            # that kind the text knows, not the owner (a country's army stays the country's).
            of_kind = [o for o in self.of_type(_ORG_TYPES[owned.group(2).lower()])
                       if owned.group(1).capitalize() not in o.names and owned.group(1) not in o.names]
            org = of_kind[0] if len(of_kind) == 1 else None
        if org is None and np.lower().startswith("the "):
            words = bare.lower().split()
            if words and len(words) <= 3 and all(w in _ORG_MODIFIERS or w in _ORG_NOUNS
                                                 for w in words[:-1]):
                org = self.by_noun.get(words[-1])
                if org is None and words[-1] in _ORG_TYPES:
                    # "the union", "the planemaker", "the militia": the one organisation
                    # of that kind the document (or the corpus) knows.
                    of_kind = self.of_type(_ORG_TYPES[words[-1]])
                    org = of_kind[0] if len(of_kind) == 1 else None
        if org is None and np.lower().startswith("the "):
            words = bare.lower().split()
            if 1 <= len(words) <= 2 and words[0] in _ORG_TYPES and (len(words) == 1 or words[1] in _ORG_NOUNS):
                # "the opposition coalition": the one organisation of the kind its first word tells.
                of_kind = self.of_type(_ORG_TYPES[words[0]])
                org = of_kind[0] if len(of_kind) == 1 else None
        if org is None:
            return None
        plural = bare.lower().split()[-1] in _ORG_PLURALS
        return Speaker(org.short, org.party, "they" if plural else "it", "group", bare, False)

    def add_party(self, name: str, text: str = "", spelling: str = "") -> None:
        """Learn a party of the negotiation's pair that the actor table does not know
        ("Unitary Platform", "SAG-AFTRA") as an organisation of its own; the capitalised
        head of a longer name ("the Platform", "a Platform spokesperson") names it too,
        and a kind word the text puts right before the name ("the opposition Unitary
        Platform") tells its kind."""
        if spelling:
            # "Taleban" for "Taliban": the text's spelling of a party of the pair names it
            # (guideline 2a.37).
            self.add_party(name, text)
            self._add(name, {spelling}, set())
            return
        if name in self.by_name:
            return
        names = {name}
        words = name.split()
        head = self.by_name.get(words[-1]) if len(words) > 1 else None
        if len(words) > 1 and words[-1][:1].isupper() \
                and (head is None or (head.names == {words[-1]} and not head.defined)) \
                and country_party(words[-1]) is None:
            names.add(words[-1])  # a head guessed as a name of its own ("Platform officials") is this one
        nouns = {words[-1].lower()} if len(words) > 1 and words[-1].lower() in _ORG_NOUNS else set()
        self._add(name, names, nouns)
        for m in re.finditer(r"\b([a-z]+)\s+(?:of\s+)?(?:the\s+)?" + re.escape(name) + r"\b", text):
            if m.group(1) in _ORG_TYPES:
                self.by_name[name].types.add(_ORG_TYPES[m.group(1)])

    def add_owned(self, name: str, party: str) -> None:
        """Learn ``name`` as a body that speaks for ``party`` ("state media KCNA" for its
        state), unless it is already known."""
        if name not in self.by_name:
            self._add(name, {name}, set(), party)

    def of_type(self, kind: str) -> list[_Organisation]:
        """The organisations known to be of ``kind`` (``organisation_types.csv``), in the
        order they were learnt."""
        return list({id(o): o for o in self.by_name.values() if kind in o.types}.values())

    def types_of(self, name: str) -> set:
        """The kinds of the organisation ``name`` names (empty if none, or unknown)."""
        org = self.by_name.get(name)
        return set(org.types) if org is not None else set()

    def party_in(self, mention: str) -> str | None:
        """The party of the first introduced organisation named inside ``mention``
        ("a Tigers spokesman", "union leaders")."""
        found = self.find_in(mention)
        return found[1] if found else None

    def find_in(self, mention: str) -> tuple[int, str] | None:
        """(offset, party) of the first introduced organisation named in ``mention``."""
        if not self.by_name:
            return None
        if self._pattern is None:
            names = sorted(self.by_name, key=lambda n: (-len(n), n))
            self._pattern = re.compile(r"(?<![\w’'])(?:" + "|".join(map(re.escape, names)) + r")(?![\w])")
        m = self._pattern.search(mention)
        if m:
            return m.start(), self.by_name[m.group(0)].party
        for w in re.finditer(r"[a-z]+", mention):
            noun = _ORG_PLURALS.get(w.group(0), w.group(0))
            if noun in self.by_noun and noun in _ORG_NOUNS:
                return w.start(), self.by_noun[noun].party
            if _ORG_TYPES.get(w.group(0)) == "employers":
                # "a studio insider", "management sources": the one employers' side known.
                side = self.of_type("employers")
                if len(side) == 1:
                    return w.start(), side[0].party
        return None


_STATE_BODY = re.compile(r"\b(?:Defen[cs]e Forces?|Army|Navy|Air Force|Armed Forces|Police|Ministry|"
                         r"Government|Cabinet|Parliament|Central Bank|Embassy|Revolutionary Guard"
                         r"(?: Corps)?|Office|Presidency|Agency|Department|News Agency|Council)\b")


#: Party placeholder: the document's main country (resolved by the speaker resolver).
DOMINANT = "@dominant"
_EVENT = re.compile(r"\b(?:Conference|Summit|Agreement|Treaty|Plan|Convention|Protocol|Accords?|Talks|"
                    r"Deal|Act|Framework|Forum|Meeting|Round|Initiative|Declaration|Resolution)\b")
_OWNERLESS_STATE = re.compile(r"^(?:Prime Minister|President|Chancellor)(?:’s|'s)\s+[Oo]ffice|^Office of the "
                              r"(?:Prime Minister|President)|^(?:Foreign|Defen[cs]e|Interior|Finance)\s+Ministry|"
                              r"^Ministry of|^(?:National\s+)?Security Council")


def _state_owner(full: str) -> str | None:
    """The country a state body belongs to when its name opens with the country
    ("Israel Defense Forces", "Iran's Islamic Revolutionary Guard Corps");
    "Revolutionary Armed Forces of Colombia" names a country but is no state body."""
    if _OWNERLESS_STATE.search(full):
        return DOMINANT  # "Prime Minister's Office (PMO)": the government of the text's country
    first = re.sub(r"(?:’s|'s)$", "", full.split()[0]) if full.split() else ""
    party = country_party(first) if first else None
    if party and _STATE_BODY.search(full):
        return party
    return None


def _organisation_of_country(full: str) -> bool:
    """Whether a name holding a country's name is an organisation's: "Revolutionary
    Armed Forces of Colombia", "National Liberation Army of Ruritania" (a head with an
    organisation noun or modifier before "of"), not "Democratic Republic of the Congo"."""
    head = full.split(" of ")[0] if " of " in full else ""
    words = [w.lower() for w in head.split()]
    return bool(words) and (any(w in _ORG_NOUNS or w in _ORG_PLURALS or w in _ORG_MODIFIERS for w in words)
                            or _STATE_BODY.search(head) is not None)


_BARE_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_NAME_GLUE = frozenset("of for and the de du des on in The".split())
# A run of capitalised words with the small words names hold, maybe closed by one
# lower-case noun ("Writers Guild of America", "Prime Minister's office").
_NAME_RUN = re.compile(r"[A-Z][\w’'&\-]*(?:\s+(?:[A-Z][\w’'&\-]*|(?:of|for|and|the|de|du|des|on|in)\b)){1,9}"
                       r"(?:\s+[a-z]+\b)?")
_EMPLOYER = re.compile(r"(?<![\w\-])([A-Z][A-Za-z]{2,}|[A-Z]{2,6})\s+(?:" + "|".join(sorted(_EMPLOYEE_NOUNS))
                       + r")\b")
_ACRONYM_AFTER_OR = re.compile(
    r"(?P<full>(?:[A-Z][\w’'&.\-]*)(?:\s+(?:[A-Z][\w’'&.\-]*|of|for|and|the|de|on|in)){1,9}),\s+"
    r"(?:or|known as)\s+(?:the\s+)?(?P<acr>[A-Z]{2,8})\b")
# "Hamas, the Palestinian militant group," / "Sendero, a rebel movement,"
_APPOSED_TYPE = re.compile(
    r"(?P<name>" + _CAPWORD + r"(?:\s+" + _CAPWORD + r"){0,3}),\s+(?:the|a|an)\s+"
    r"(?P<mods>(?:[A-Za-z\-]+\s+){0,3})(?P<noun>[a-z]+)\b(?=\s*[,.;]|\s+(?:that|which|who|said|says)\b)")
_TYPED_AFTER = re.compile(
    r"\b(?=[TtAa])(?:[Tt]he|[Aa]n?)\s+(?=[A-Z])(?P<name>" + _CAPWORD + r"(?:\s+" + _CAPWORD + r"){0,4})\s+"
    r"(?P<rest>[a-z\-]+(?:\s+[a-z\-]+){0,2})\b")
_TYPED_BEFORE = re.compile(
    r"\b(?P<mods>(?:[a-zA-Z\-]+\s+){0,2})(?P<noun>[a-z]+)\s+(?P<name>" + _CAPWORD + r"(?:\s+"
    + _CAPWORD + r"){0,3})(?=[,.;]|\s+(?:said|says|has|have|had|is|was|which|who|and)\b)")


#: "Boeing's largest union", "striking Acme workers", "Acme's machinists": an employer's staff.
_EMPLOYER_OF = re.compile(r"\b([A-Z][\w&\-]+)(?:’s|'s|’S|'S)?\s+(?:\([^()]{1,16}\)\s+)?(?P<mods>(?:[a-z\-]+\s+){0,2})"
                          r"(?:unions?|workers|machinists|employees|staff)\b")
_OWNED_KIND = re.compile(r"([A-Z][\w\-]*)(?:’s|'s|’S|'S)\s+(?:[a-z\-]+\s+){0,2}([A-Za-z]+)")
# Not the part of a hyphenated name after its hyphen ("the ABC-DEF union" is not "DEF").
_ACRONYM_TYPED = re.compile(r"(?<![\w\-])(?P<name>[A-Z][A-Z0-9]{1,5})\s+(?P<noun>[a-z]+)\b")


def _typed_names(sentence: str) -> list[tuple[str, str]]:
    """(name, organisation noun) for "the Hamas militant group", "the FARC rebels",
    "militant group Hamas"."""
    out = []
    for m in _TYPED_AFTER.finditer(sentence):
        # "the Sendero militant group": modifiers, then the organisation noun (the last
        # of the lower-case words that is one).
        rest = m.group("rest").split()
        noun = None
        for k in range(len(rest), 0, -1):
            word = _ORG_PLURALS.get(rest[k - 1], rest[k - 1])
            if word in _ORG_NOUNS and all(w in _ORG_MODIFIERS or w in _ORG_NOUNS for w in rest[:k - 1]):
                noun = word
                break
        name = _name_after_modifiers(m.group("name")) if noun else ""
        if name:
            out.append((name, noun))
    for m in _ACRONYM_TYPED.finditer(sentence):
        # "leftist NLF rebels", "FARC guerrillas": an acronym before an organisation noun.
        noun = _ORG_PLURALS.get(m.group("noun"), m.group("noun"))
        if noun in _ORG_NOUNS and country_party(m.group("name")) is None:
            out.append((m.group("name"), noun))
    for m in _APPOSED_TYPE.finditer(sentence):
        noun = _ORG_PLURALS.get(m.group("noun"), m.group("noun"))
        mods = m.group("mods").split()
        if _WEEKDAY_END.search(m.group("name")):
            continue  # "… with Acme Friday, the union said": a time, then the closing frame
        if noun not in _ORG_NOUNS or not all(w.lower() in _ORG_MODIFIERS or is_demonym(w) for w in mods):
            continue
        name = _name_after_modifiers(m.group("name"))
        if name:
            out.append((name, noun))
    for m in _TYPED_BEFORE.finditer(sentence):
        noun = m.group("noun")
        mods = m.group("mods").split()
        if noun not in _ORG_NOUNS or not mods or not all(w.lower() in _ORG_MODIFIERS or is_demonym(w)
                                                          for w in mods):
            continue
        name = _name_after_modifiers(m.group("name"))
        if name:
            out.append((name, noun))
    return out


_WEEKDAY_END = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$")


def _name_after_modifiers(name: str) -> str:
    """An organisation's name without leading demonyms or capitalised modifiers
    ("Palestinian Islamist Hamas" -> "Hamas"); "" if nothing is left or the
    name is a country, a demonym or a role."""
    words = name.split()
    while words and (is_demonym(words[0]) and country_party(words[0]) or words[0] in FUNCTION_CAPS
                     or words[0].lower() in _ORG_MODIFIERS):
        words.pop(0)
    if not words or any(w.lower() in ROLE_NOUNS for w in words):
        return ""
    return " ".join(words)
