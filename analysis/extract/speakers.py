"""Who a noun phrase names, with the memory of one document.

:class:`SpeakerResolver` turns a subject ("the envoy", "she", "a senior EU
official", "Khatibzadeh") into a :class:`~analysis.extract.records.Speaker`.
It knows the actor table and remembers, in text order, what the document has
said so far:

* speakers of earlier frames (for pronouns and titles: "she added", "the
  minister said");
* people introduced with a descriptor anywhere in the text ("Iran's foreign
  ministry spokesman Saeed Karimi", "Karimi, the chief negotiator,") and the
  organisations it introduced ("the Tamil Tigers rebel group", "the National
  Dockworkers Union (NDU)"), found by :mod:`analysis.extract.descriptors`, so
  later mentions by surname, title alone, acronym or common noun resolve to them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from .. import vocab
from ..segmentation import segment_document
from ..actors import ActorMatch, actor_index, capital_only, country_party, party_of_mention, resolve_actor
from . import descriptors
from .clauses import (DETERMINERS, FUNCTION_CAPS, INSTITUTION_HEADS, NP_CONNECTORS, POSSESSIVE,
                      PRONOUNS, ROLE_NOUNS, TITLE_MODIFIERS, has_role_tail, is_demonym, is_name_word,
                      proper_name_tail)
from .lexicon import column, party_tag, title_groups
from .records import Speaker
from .transcripts import TAG_TITLES

_TITLE_GROUPS = title_groups()
_PARTICLES = frozenset("al el bin ibn de del della da das dos van von der den le la du des ter".split())
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,6}")
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Prof|Lord|Lady|Sir|Dame|Madam|Mme|Mister)\.?")
_BARE_PARTY_TAG = re.compile(r"\s+\(?(?P<letter>[A-Z])\s?[-–]\s?[A-Z][A-Za-z.]*\)?$")
_LEGISLATOR_TITLE = re.compile(r"^(?:Rep|Sen|Representative|Senator|Congressman|Congresswoman|Del)\.?\s+")
# The name before a legislator's party tag: "Rep. Dana Holt (R-Ohio)", "Sen. Li Wu (D-N.Y.)".
_TAGGED_NAME = re.compile(r"(?:(?:Rep|Sen|Representative|Senator|Congressman|Congresswoman|Del)\.?\s+)?"
                          r"(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'‘\-.]*){1,2})$")
_ACRONYM_IN = re.compile(r"\b[A-Z][A-Z&]{1,5}\b")
_FULL_NAME = re.compile(r"\b([A-Z][a-zé]+\.?)\s+([A-Z][\w’'\-]+)")
_CAPITAL_WORD = re.compile(r"\b[A-Z][a-zA-Z]{2,}\b")
#: Offices of a state: without a country named, the document's main country holds them.
#: A department head of a cabinet ("Health Secretary", "Secretary of State", "Home and
#: Justice Secretary"; not "General Secretary", a union's or party's office) and a
#: ministry named as a department ("the Department of Labour", "the department") are
#: state offices too.
STATE_ROLE = re.compile(
    r"\b(?:(?i:president|prime\s+minister|premier|chancellor|ministers?|ministry|ministries|governments?|cabinet|"
    r"presidency|army|military|armed\s+forces|state\s+media|state\s+television|departments?|parliament|"
    r"national\s+assembly)\b|"
    r"(?!(?:General|Executive|Branch|Union|National|Regional|District|Party|Company)\b)[A-Z][a-z]+\s+"
    r"Secretary\b(?![\s\-]+General)|"
    r"Secretary\s+of\s+State\b)")
#: News media owned by a state, which speak for it.
STATE_MEDIA = re.compile(r"\b(?:state(?:-run|-controlled|-owned)?\s+(?:media|news\s+agency|television|TV|"
                          r"broadcaster|radio)|official\s+news\s+agency)\b", re.IGNORECASE)
_AUTHORITIES = re.compile(r"\b(?:authorities|administration|regional|region)\b", re.IGNORECASE)
_PLACE_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
_INDEPENDENT_HINT = re.compile(r"\b(?:former|analysts?|experts?|professor|think[- ]tank|university|"
                               r"institute|fellow|researcher)\b", re.IGNORECASE)
_CURRENT_ROLE = re.compile(r"\bformer\b.*?\band\s+((?:now\s+|current\s+)?[^,;]*)$", re.IGNORECASE)
_ISSUED_TEXT = re.compile(r"(?:the|that|this|its|their|his|her)\s+(?:note|letter|statement|memo|email|e-mail|"
                          r"message|release|press release|communiqu[eé]|text)")
_OWNED_TEXT = re.compile(r"(?P<owner>(?:[Tt]he\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})(?:’s|'s|’|')\s+"
                         r"(?:official\s+|written\s+|formal\s+)?(?:response|reply|statement|note|letter|"
                         r"communiqu[eé]|press\s+release|rebuttal)")
#: A text the parties agreed, or the parties together: what a joint subject said or signed.
JOINT_REFERENCE = re.compile(r"(?:(?:a|the)\s+(?:text|copy)\s+of\s+)?(?:the|this|that)\s+(?:agreement|deal|declaration|"
                              r"accord|truce\s+agreement|peace\s+agreement|joint\s+declaration)|(?:both|the\s+two)\s+"
                              r"(?:sides|parties|delegations|governments|countries|nations|states)")
#: "both sides", "the two parties", "representatives of the two sides": the negotiating pair.
_BOTH_SIDES = re.compile(r"(?:(?:the\s+)?(?:representatives|delegates|negotiators|delegations)\s+(?:of|from)\s+)?"
                         r"(?:both|the\s+two)\s+(?:sides|parties|delegations)")
#: Common nouns for any organisation: "the agency chief" is the head of whichever
#: organisation (not a state) was introduced ("WHO Director General X").
_GENERIC_BODIES = frozenset("agency organisation organization body bloc alliance group union institution "
                            "watchdog fund bank league court movement guild association federation".split())
PAIR_REFERENCE = re.compile(r"(?:the\s+)?(?:pair|duo|two|two\s+(?:men|women|leaders|officials))|both\s+(?:men|women)")
_OWNERLESS_SPOKESPERSON = re.compile(r"(?:a|an|the)\s+spokes(?:man|woman|person)")
_INDEFINITE = ("a", "an", "one", "some", "several", "two", "three", "four", "many")


_LEADING_NP = re.compile(r"[“‘\"(]*(?:(?:On|In|At|Last|This|Earlier|Later)\s+\w+,?\s+)?(?:the\s+)?"
                         r"([A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,2})")
_GLUED_DATELINE = re.compile(r"^([A-Z]{4,})([A-Z]{2,})\b")


def _unglue_dateline(mention: str) -> str:
    """"WASHINGTONUS President X" -> "US President X": a wire dateline that lost the
    space or dash before the first word of the story (the first part must be a
    capital city, the rest a country or an acronym of the actor table)."""
    if len(mention) < 6 or not mention[:6].isupper():
        return mention
    m = _GLUED_DATELINE.match(mention)
    if m is None:
        return mention
    word = m.group(1) + m.group(2)
    for cut in range(4, len(word) - 1):
        place, rest = word[:cut].title(), word[cut:]
        if country_party(place) is not None and (country_party(rest.title()) is not None
                                                 or rest in _ACRONYM_PARTIES):
            return rest + mention[len(word):]
    return mention


#: Country acronyms a glued dateline may end in.
_ACRONYM_PARTIES = frozenset({"US", "USA", "UK", "EU", "UN", "UAE", "DPRK", "PRC", "NATO"})


#: Role nouns that name a body, not one person ("the delegation", "the government").
_BODY_ROLES = frozenset("""administration authorities bureau cabinet camp chancellery delegation department
embassy entourage government junta leadership military army navy ministry mission office parliament
presidency regime service side staff team""".split())


def _names_one_person(description: str) -> bool:
    """Whether an unnamed source is one person ("the Sudanese army spokesman", "a senior
    official"), whom a later "he" or "she" may mean."""
    words = description.lower().split()
    return bool(words) and words[-1] in ROLE_NOUNS and words[-1] not in _BODY_ROLES \
        and words[-1] not in INSTITUTION_HEADS and not words[-1].endswith("s")


def _armed_kind(words: str) -> bool:
    """Whether ``words`` name an armed body ("military", "army", "rebels", "militia"):
    "the military commander" fits the commander of a militia or an army."""
    return descriptors.organisation_type(words) in ("army", "militia")


def _pair_state(parties: tuple[str, str] | None, index) -> str | None:
    """The one state of a party pair whose other party is an organisation
    (("Venezuela", "Unitary Platform") -> Venezuela); None for two states, two
    organisations, or no pair."""
    if not parties:
        return None
    # "US", "UK": states the table knows by a short name that country_converter's patterns skip.
    states = [p for p in parties if country_party(p) == p or
              ((found := resolve_actor(p, index)) is not None and found.kind == "country" and found.party == p)]
    if len(states) != 1:
        return None
    other = next(p for p in parties if p != states[0])
    found = resolve_actor(other, index)
    if country_party(other) is not None or (found is not None and country_party(found.party) is not None):
        return None  # "White House": an office of a state, not an organisation
    return states[0]


def speaker_of(match: ActorMatch) -> Speaker:
    """The speaker for an actor-table row."""
    return Speaker(match.name, match.party, match.pronoun, match.kind, match.role, True,
                   match.context_party, match.context_words)


#: Kinds of organisation by word (``organisation_types.csv``).
_EMPLOYERS_WORDS = column("organisation_types", "type")
#: "A senior official", "an official", "a source close to the talks": an unnamed source
#: whose words name no side.
_UNNAMED_OFFICIAL = re.compile(r"(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:(?:senior|top|high-ranking|"
                               r"government|unnamed|political|diplomatic)\s+)?(?:official|source|diplomat)")


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter changed, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _spelling_of(party: str, text: str) -> str:
    """The one capitalised word of ``text`` that spells a one-word party of five letters
    or more a letter differently ("Taleban" for "Taliban"), else ""."""
    if " " in party or len(party) < 5:
        return ""
    words = {w for w in re.findall(r"(?<![\w\-])" + re.escape(party[0]) + r"[\w\-]{3,}", text)}
    found = sorted(w for w in words if w[1:2].islower() == party[1:2].islower() and _one_letter_apart(party, w))
    return found[0] if len(found) == 1 else ""


class SpeakerResolver:
    """Resolves mentions to speakers and keeps the discourse memory of one document."""

    def __init__(self, text: str, actors, default_speaker: str = "", about: str = "",
                 corpus: "CorpusMemory | None" = None, title: str = "",
                 parties: tuple[str, str] | None = None):
        """``about`` is the document's title and source line (metadata), read for the
        party of a default speaker the text does not describe; ``corpus`` is what the
        other documents of the corpus say about people and organisations (see
        :func:`corpus_memory`); ``parties`` is the negotiation's party pair
        (``Settings.parties``), whose organisations are known by name and whose one
        state, in a dispute between a state and an organisation, holds the state offices
        the text names without a country (guideline 2a.21)."""
        self.text = text
        self.about = about
        self.title = title
        self._segments: list | None = None
        self._introduced_in: dict[tuple[int, int], list] = {}
        self.corpus = corpus or CorpusMemory()
        self.index = actor_index(actors)
        self._dominant: str | None = None
        self._country_counts: dict[str, int] | None = None
        self.recent: list[Speaker] = []  # speakers of earlier clauses, most recent last
        #: Organisations (not states) named in the sentence being read and the one before:
        #: what a "they" with no plural source refers to ("The union had two demands.
        #: Firstly, they wanted …").
        self.nearby_organisations: list[Speaker] = []
        self._mentioned: list[Speaker] = []  # persons named anywhere, most recent last
        # Sentences not yet scanned for table names; scanned only when a pronoun or
        # title needs them, since most documents never do.
        self.pending_mentions: list[tuple[int, int, bytes]] = []
        self.introduced: dict[str, Speaker] = {}  # surname -> person introduced earlier
        self.learnt: list[Speaker] = []  # people introduced with a descriptor, in text order
        self.organisations = descriptors.OrganisationMemory()
        self.organisations.learn(text, self.index)
        self.parties = tuple(parties or ())
        self.pair_state = _pair_state(parties, self.index)
        for party in self.parties:
            if country_party(party) is None and resolve_actor(party, self.index) is None \
                    and re.search(r"(?<![\w\-])" + re.escape(party) + r"(?![\w\-])", text):
                self.organisations.add_party(party, text)
            elif country_party(party) is None and resolve_actor(party, self.index) is None:
                spelling = _spelling_of(party, text)
                if spelling:
                    self.organisations.add_party(party, text, spelling=spelling)
        # Words that follow a first name or an honorific somewhere in the text
        # ("Michel Barnier", "Mr Frost"): surnames, not organisations.
        self._surnames = {m.group(2) for m in _FULL_NAME.finditer(text)
                          if m.group(1) not in FUNCTION_CAPS and not is_demonym(m.group(1))
                          and m.group(1).lower() not in ROLE_NOUNS}
        self._described: dict[str, Speaker] | None = None
        self._described_weak: dict[str, Speaker] = {}
        self.document_speaker: Speaker | None = None
        self.transcript: Speaker | None = None  # the transcript speaker in force
        if default_speaker:
            self.set_document_speaker(default_speaker, about)

    def set_document_speaker(self, name: str, about: str = "") -> None:
        """Make ``name`` (metadata ``speaker``) the speaker of the whole document."""
        self.about = about or self.about
        self.document_speaker = self._document_speaker(name, about)
        self.transcript = self.document_speaker

    def use_corpus(self, corpus: "CorpusMemory") -> None:
        """Read later mentions with what the other documents of the corpus say."""
        self.corpus = corpus
        self.organisations.adopt(corpus.organisations)

    def _document_speaker(self, name: str, about: str) -> Speaker:
        """The metadata speaker; if the table does not know them, the party of the
        descriptor the text gives them anywhere, else of the title and source."""
        speaker = self.speaker_from_name(name)
        if name in self.parties and speaker.party != name:
            # A metadata speaker that is a party of the negotiation by name ("HEA").
            return Speaker(name, name, "it", "group", name, False)
        if speaker.known or speaker.kind != "person":
            return speaker
        if " and " in name:
            # "Donald Smith and Kim Lee": a joint statement, whose party is the first named
            # (guideline 2a.6).
            first = self._document_speaker(name.split(" and ")[0].strip(), about)
            if first.party not in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY):
                return Speaker(name, first.party, "they", "group", f"joint: {first.party}", False)
        surname = name.split()[-1] if name.split() else name
        for found in descriptors.person_introductions(self.text, 0, len(self.text)):
            if found.name.split()[-1] == surname:
                party = self.party_of(found.descriptor)
                if party and party != vocab.UNKNOWN_PARTY:
                    return Speaker(speaker.name, party, "", "person", found.descriptor, False)
        if speaker.party != vocab.UNKNOWN_PARTY:
            return speaker
        elsewhere = self.corpus.person(name)
        if elsewhere is not None:
            return replace(elsewhere, name=speaker.name)
        # The title ("X, head of the press service of the foreign ministry of Y, answers
        # questions") describes the speaker; the source line names the outlet, which may
        # sit in another country than the speaker's ("… Embassy in Brussels website").
        lines = [self.title, *about.split("\n")] if self.title else about.split("\n")
        for line in lines:
            # "Al Emarah English (Taliban website)": a party of the negotiation named by
            # name in the title or source line says more than any other word of it
            # (guideline 2a.30).
            named = [p for p in self.parties if re.search(r"(?<![\w\-])" + re.escape(p) + r"(?![\w\-])", line)]
            if len(named) == 1:
                return Speaker(speaker.name, named[0], "", "person", line, False)
        for line in lines:
            party = self.party_of(line) if line.strip() else None
            if party and party not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT):
                return Speaker(speaker.name, party, "", "person", line, False)
        return speaker

    # -------------------------------------------------------------- learning
    def learn(self, start: int, end: int, mask: bytes) -> None:
        """Read one sentence for introductions of people and organisations.

        Called for each sentence in text order, before its frames are resolved,
        so an introduction counts from the sentence that makes it onwards.
        """
        for found in self._introductions(start, end):
            if mask[found.start - start]:
                continue  # a name inside quoted speech is not introduced by the narrator
            if resolve_actor(found.name, self.index) is not None:
                continue  # a table person: the table knows more than the descriptor
            party = self.party_of(found.descriptor, use_dominant=False)
            if party is None or party == vocab.UNKNOWN_PARTY:
                party = self._party_elsewhere(found, start)
                if party is None:
                    continue
            self._introduce(Speaker(found.name, party, "", "person", self._role_words(found.descriptor),
                                    False))
        for at, person in self._tagged_people(start, end):
            if not mask[at - start]:
                self._introduce(person)
        for name, nick in descriptors.nicknames(self.text, start, end):
            # "X (known as Y)": Y names the person X is in this document.
            person = self.introduced.get(name)
            if person is None:
                table = resolve_actor(name, self.index)
                person = speaker_of(table) if table is not None and table.kind == "person" else None
            at = self.text.find(nick, start, end)
            if person is not None and at >= 0 and not mask[at - start]:
                self.introduced[nick] = person

    def _tagged_people(self, start: int, end: int) -> list[tuple[int, Speaker]]:
        """Legislators named with a party tag in ``text[start:end]``: "Rep. Dana Holt
        (R-Ohio)", "Speaker Tom Reyes’s (R-CA) plan". The tag gives the party (lexicon
        ``party_tags.csv``); the state in it is only where they sit."""
        people = []
        for tag in party_tag().finditer(self.text, start, end):
            named = _TAGGED_NAME.search(self.text, max(start, tag.start() - 60), tag.start())
            if named is None:
                continue
            words = POSSESSIVE.sub("", re.sub(r"[’'‘]s$", "", named.group("name"))).split()
            while len(words) > 2 and (words[0].lower() in ROLE_NOUNS or words[0].lower() in TITLE_MODIFIERS):
                words = words[1:]  # "Speaker Tom Reyes": the title before the name
            name = " ".join(words)
            if resolve_actor(name, self.index) is None:
                people.append((named.start(), Speaker(name, column("party_tags", "party")[tag.group("letter")],
                                                      "", "person", "legislator", False)))
        return people

    def _party_elsewhere(self, found, start: int) -> str | None:
        """The party of a person whose descriptor names none, from (in this order)
        another document's descriptor that names it, the office that spoke just
        before, what another document guessed, and, for a state office ("President
        X"), the country this document is most about; for any other role, the
        organisation the sentence named before ("… said the rebels' statement, read
        by commander X")."""
        elsewhere = self.corpus.person(found.name, named_only=True)
        if elsewhere is not None:
            return elsewhere.party
        party = self._recent_office(found.descriptor)
        if party is None and STATE_ROLE.search(found.descriptor):
            party = self._sentence_subject_state(start, found.start)
        if party is None:
            elsewhere = self.corpus.person(found.name)
            party = elsewhere.party if elsewhere is not None else None
        if party is None and STATE_ROLE.search(found.descriptor):
            party = self.party_of(found.descriptor)
        return party if party is not None else self._organisation_before(start, found.start)

    def _sentence_subject_state(self, start: int, pos: int) -> str | None:
        """"Azerbaijan has rejected the proposal, with Foreign Minister X saying …": the
        state that is the subject of the sentence holds the office named after it
        (not after a passive "by", where the office is the other side's)."""
        before = self.text[start:pos]
        return None if re.search(r"\bby\b", before) else self.leading_state(before)

    def leading_state(self, text: str) -> str | None:
        """The party of the state (country, capital or state institution) that ``text``
        opens with, after a leading time phrase ("On Monday, China …"), if any."""
        lead = _LEADING_NP.match(text)
        if lead is None:
            return None
        phrase = POSSESSIVE.sub("", lead.group(1))
        found = resolve_actor(phrase, self.index)
        if found is not None:
            return found.party if found.kind != "person" else None
        words = phrase.split()
        for size in range(len(words), 0, -1):  # "North Korean leader …", "China …"
            party = country_party(POSSESSIVE.sub("", " ".join(words[:size])))
            if party is not None:
                return party
        return None

    def _recent_office(self, descriptor: str) -> str | None:
        """"… the foreign ministry said. Ministry spokesman X added": the party of the
        office that spoke just before, when this descriptor names the same kind of
        office and no country."""
        heads = {w for w in descriptor.lower().split() if w in INSTITUTION_HEADS}
        if not heads:
            return None
        for cand in reversed(self.recent[-4:]):
            if cand.kind in ("description", "institution") and heads & set(cand.name.lower().split()) \
                    and cand.party not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT, vocab.NO_PARTY):
                return cand.party
        return None

    def _organisation_before(self, start: int, pos: int) -> str | None:
        """The party of the last organisation (not a state) the sentence names before
        ``pos``: a role with no owner of its own ("… said a statement from the rebels,
        read out by commander X") holds it for that organisation."""
        window, party = self.text[start:pos], None
        while window:
            found = self.organisations.find_in(window)
            if found is None:
                break
            party = found[1]
            window = window[found[0] + 1:]
        if party is None or party == descriptors.DOMINANT or country_party(party) is not None \
                or self.index.exact(party) is not None and self.index.exact(party).kind == "country":
            return None
        return party

    def segments(self) -> list:
        """The document's segments (sentences and set-aside lines), computed once."""
        if self._segments is None:
            self._segments = segment_document(self.text, self.title)
        return self._segments

    def _introductions(self, start: int, end: int) -> list:
        """People introduced in the sentence ``text[start:end]`` (quotations not
        excluded), scanned once per sentence: the corpus pass and the reading
        pass ask for the same sentences."""
        found = self._introduced_in.get((start, end))
        if found is None:
            found = self._introduced_in[(start, end)] = descriptors.person_introductions(self.text, start, end)
        return found

    def _role_words(self, descriptor: str) -> str:
        """A descriptor with the full names of the bodies it names by acronym
        ("IAEA Director General" + "International Atomic Energy Agency"), so that
        "the agency chief" finds it."""
        names = {m.name for _, _, m in self.index.find_all(descriptor) if m.kind != "person"}
        return " ".join([descriptor, *sorted(names)])

    def _introduce(self, speaker: Speaker) -> None:
        speaker = self._with_corpus_party(speaker)
        words = speaker.name.split()
        if len(words) >= 2:
            self.introduced[words[-1]] = speaker
            self.introduced[speaker.name] = speaker
            # "de la Calle", "von der Leyen": the surname with its particles.
            for i, w in enumerate(words[1:-1], start=1):
                if w.islower():
                    self.introduced.setdefault(" ".join(words[i:]), speaker)
                    self.introduced.setdefault(" ".join([w.capitalize()] + words[i + 1:]), speaker)
                    break
            self.introduced.setdefault(words[0], speaker)  # a first name used alone
            particle, _, bare_surname = words[-1].partition("-")
            if is_name_word(words[-1]) and words[-1][:1].islower() and bare_surname:
                # "Karim al-Rashid" … "Rashid said", "Al-Rashid added".
                self.introduced.setdefault(bare_surname, speaker)
                self.introduced.setdefault(particle.capitalize() + "-" + bare_surname, speaker)
        self.learnt.append(speaker)

    def organisation(self, np: str) -> Speaker | None:
        """The organisation introduced in the document that ``np`` names, if any."""
        found = self.organisations.resolve(np)
        if found is not None and found.party == descriptors.DOMINANT:
            found = replace(found, party=self.office_country() or vocab.UNKNOWN_PARTY)
        return found

    def descriptions(self) -> dict[str, tuple[Speaker, bool]]:
        """Full name -> (person the document describes with a descriptor that gives a
        party, whether the descriptor names that party itself rather than leaving it
        to the country the document is most about)."""
        self.described("")
        found = {name: (person, True) for name, person in self._described.items() if name == person.name}
        for name, person in self._described_weak.items():
            if name == person.name:
                found.setdefault(name, (person, False))
        return found

    def described(self, name: str, weak: bool = False) -> Speaker | None:
        """A person the document describes anywhere ("… said Amina Bello, Nigeria's
        chief negotiator"), looked up by full name or surname: the fallback for a
        name used before (or without) its introduction. With ``weak``, also a
        person whose descriptor names no party ("President X"), given the country
        the document is most about."""
        if self._described is None:
            self._described, self._described_weak = {}, {}
            for _, person in self._tagged_people(0, len(self.text)):
                for key in (person.name, person.name.split()[-1]):
                    self._described.setdefault(key, person)
            found_anywhere = [found for seg in self.segments() for found in self._introductions(seg.start, seg.end)]
            for found in found_anywhere:
                if resolve_actor(found.name, self.index) is not None:
                    continue
                into, party = self._described, self.party_of(found.descriptor, use_dominant=False)
                if (party is None or party == vocab.UNKNOWN_PARTY) and not STATE_ROLE.search(found.descriptor):
                    # (a state office, "Health Secretary X", is never the office of the
                    # organisation the sentence names before it: the state's, below)
                    seg = next((s for s in self.segments() if s.start <= found.start < s.end), None)
                    party = self._organisation_before(seg.start, found.start) if seg is not None else None
                if party is None or party == vocab.UNKNOWN_PARTY:
                    into, party = self._described_weak, self.party_of(found.descriptor)
                if party is None or party == vocab.UNKNOWN_PARTY:
                    continue
                speaker = Speaker(found.name, party, "", "person", found.descriptor, False)
                for key in (found.name, found.name.split()[-1]):
                    into.setdefault(key, speaker)
        return self._described.get(name) or (self._described_weak.get(name) if weak else None)

    def party_of(self, mention: str, use_dominant: bool = True) -> str | None:
        """The party of a descriptor: an organisation this document introduced
        ("a Tigers spokesman"), the actor table and general knowledge ("a senior
        Kenyan official"), or, for a state office with no country named ("Prime
        Minister X", "the government"), the country the document is most about
        (unless ``use_dominant`` is false: then None, so that what other documents
        of the corpus say about a named person can come first)."""
        mention = _unglue_dateline(mention)
        if _INDEPENDENT_HINT.search(mention):
            current = _CURRENT_ROLE.search(mention)
            if current is not None and not _INDEPENDENT_HINT.search(current.group(1)):
                # "former vice president and lead government negotiator": the role held now.
                return self.party_of(current.group(1), use_dominant)
            return party_of_mention(mention, self.index)
        found = self.organisations.find_in(mention)
        party = None
        if found is not None:
            # The first party named wins: "representing the EU at COP27" is the EU's.
            before = mention[:found[0]]
            if POSSESSIVE.search(before.rstrip()) and before.split() \
                    and country_party(POSSESSIVE.sub("", before.split()[-1])) is not None \
                    and any(w.lower().strip(",.") in ROLE_NOUNS for w in before.split()[:-1]):
                # "the commander of Peru's Andean Liberation Front": the country only
                # locates the organisation whose office it is ("Kenya's AU envoy" stays
                # Kenya's: no role of the organisation is named before it).
                before = " ".join(before.split()[:-1])
            party = party_of_mention(before, self.index) if before.strip() else None
            party = party or found[1]
        if party is None:
            party = party_of_mention(mention, self.index)
        if party is None:
            acronym = next((m for m in _ACRONYM_IN.finditer(mention) if m.group(0).lower() not in ROLE_NOUNS), None)
            if acronym and country_party(acronym.group(0)) is None:
                party = acronym.group(0)  # "WGA negotiators": an organisation's acronym ("CEO" is a title)
        if party is None and (STATE_ROLE.search(mention) or _AUTHORITIES.search(mention)):
            # "the government of Tigray", "Tigrayan authorities": the offices of a place
            # that no country but one movement is named after are that movement's.
            placed = next((self.organisations.place_owner(w) for w in _PLACE_WORD.findall(mention)
                           if self.organisations.place_owner(w) is not None), None)
            if placed is not None:
                party = placed.party
        if party is None and STATE_ROLE.search(mention):
            party = descriptors.DOMINANT
        if party == descriptors.DOMINANT:
            party = self.office_country() if use_dominant else None
        return party

    def _dominant_party(self, np: str, title: str) -> str | None:
        party = self.party_of(np + (" " + title if title else ""))
        return party if party is not None or not title else self.party_of(title)

    def dominant_country(self) -> str | None:
        """The country named most often in the document (names, demonyms, capitals,
        table metonyms), if it is named at least twice and more than any other."""
        if self._dominant is None:
            self._dominant = _leading_country(self.country_counts())
            if not self._dominant:
                # A text that names no country more than others: the country of its
                # outlet ("The Irish Times", "Kuwait News Agency") holds its state offices.
                for line in self.about.split("\n"):
                    found = [country_party(m.group(0)) for m in _CAPITAL_WORD.finditer(line)]
                    found = [f for f in found if f]
                    if found:
                        self._dominant = found[0]
                        break
        # A report that names no country and whose outlet says none ("The government
        # said …" in a domestic dispute) is about the country the corpus names most.
        return self._dominant or self.corpus.country or None

    def office_country(self) -> str | None:
        """The country of a state office named without one ("the government", "the
        president of the National Assembly"): in a negotiation between one state and an
        organisation (the party pair), that state, once the document names it; otherwise
        the document's main country (:meth:`dominant_country`)."""
        if self.pair_state and self.country_counts().get(self.pair_state):
            return self.pair_state
        return self.dominant_country()

    def country_counts(self) -> dict[str, int]:
        """How often the document names each country (names, demonyms, capitals,
        table metonyms), computed once."""
        if self._country_counts is None:
            counts: dict[str, int] = {}
            for _, _, match in self.index.find_all(self.text):
                if match.kind in ("country", "metonym") and country_party(match.party) == match.party \
                        or match.party in ("US", "UK"):
                    counts[match.party] = counts.get(match.party, 0) + 1
            seen: dict[str, str | None] = {}
            for m in _CAPITAL_WORD.finditer(self.text):
                word = m.group(0)
                if word not in seen:
                    seen[word] = None if self.index.exact(word) else country_party(word)
                if seen[word] and not self.given_name_at(m.start()):
                    counts[seen[word]] = counts.get(seen[word], 0) + 1
            self._country_counts = counts
        return self._country_counts

    def given_name_at(self, pos: int) -> bool:
        """Whether the capital's name at ``pos`` is a person's given name: it is followed
        by a name the text also uses alone ("Victoria Atkins said … Ms Atkins added":
        a person, not the capital of the Seychelles)."""
        m = _FULL_NAME.match(self.text, pos)
        if m is None or not capital_only(m.group(1)):
            return False
        surname = POSSESSIVE.sub("", m.group(2))
        alone = re.compile(r"(?<!" + re.escape(m.group(1)) + r"\s)\b" + re.escape(surname) + r"\b")
        return surname in self._surnames and alone.search(self.text) is not None

    # -------------------------------------------------------------- noun phrases
    def resolve_np(self, np: str, title: str = "") -> Speaker | None:
        """Turn a subject noun phrase into a :class:`Speaker` (None if it names nobody)."""
        return self._with_reported_side(np, self._with_corpus_party(self._resolve_np(np, title)))

    def _with_reported_side(self, np: str, found: Speaker | None) -> Speaker | None:
        """An unnamed official whose descriptor names no side ("A senior official said …")
        right after a report of one negotiating party's move speaks for that party
        (guideline 2a.36): the reporter's next source is from the side just reported."""
        if found is None or found.party != vocab.UNKNOWN_PARTY or not self.parties \
                or not _UNNAMED_OFFICIAL.fullmatch(np.strip()):
            return found
        last = next((r for r in reversed(self.recent)
                     if r.party not in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY, vocab.INDEPENDENT)), None)
        if last is None or last.party not in self.parties:
            return found
        return replace(found, party=last.party)

    def _with_corpus_party(self, found: Speaker | None) -> Speaker | None:
        """A person whose descriptor here gives no party ("Prime Minister X" in a text
        that names no country) takes the party another document of the corpus gives."""
        if found is None or found.known or found.kind != "person" or found.party != vocab.UNKNOWN_PARTY:
            return found
        elsewhere = self.corpus.person(found.name)
        return replace(found, party=elsewhere.party) if elsewhere is not None else found

    def _resolve_np(self, np: str, title: str = "") -> Speaker | None:
        np = party_tag().sub("", np).strip(" ,:;“”\"‘’")  # "Rep. Dana Holt (R-Ohio)": the name
        tagged = _BARE_PARTY_TAG.search(np)
        if tagged is not None and tagged.group("letter") in column("party_tags", "party"):
            # The noun-phrase reader dropped the brackets: "Rep Dana Holt R-Ohio".
            np = _LEGISLATOR_TITLE.sub("", np[:tagged.start()]).strip()
        if not np:
            return None
        if " " not in np and np[:1].isupper() and np[1:].islower() and np not in self.organisations.by_name \
                and _EMPLOYERS_WORDS.get(np.lower()) == "employers":
            # "Management rejected the claim", "Producers did agree": a kind word capitalised
            # only because it opens the sentence is the common noun (guideline 2a.43).
            np = "the " + np.lower()
        lower = np.lower()
        if lower in PRONOUNS:
            return self.resolve_pronoun(PRONOUNS[lower])
        owned = _OWNED_TEXT.fullmatch(np)
        if owned is not None:
            # "Chile’s response underscored", "the ministry's statement said": the owner
            # of the text speaks through it.
            owner = self._resolve_np(owned.group("owner"))
            if owner is not None:
                return owner
        if _ISSUED_TEXT.fullmatch(lower):
            # "the statement added", "the note went on to say": the text the last source issued.
            return self.recent[-1] if self.recent else None
        if JOINT_REFERENCE.fullmatch(lower) or (_BOTH_SIDES.fullmatch(lower) and len(self.parties) == 2):
            # "the agreement states", "both sides agreed": the parties that last spoke or
            # signed together (a joint subject), for the first named of them.
            joint = next((c for c in reversed(self.recent[-8:]) if c.role.startswith("joint:")), None)
            if joint is None and len(self.parties) == 2 and _BOTH_SIDES.fullmatch(lower):
                # "The two sides agreed …" with no joint subject before: the negotiation's
                # two parties, for the first of the pair (guideline 2a.6).
                joint = Speaker(np, self.parties[0], "they", "group", "joint: " + ";".join(self.parties), False)
            return joint
        if PAIR_REFERENCE.fullmatch(lower):
            # "The pair said", "the two added": the two people who last spoke together.
            pair = next((c for c in reversed(self.recent[-8:]) if c.kind == "group" and " and " in c.name
                         and not c.known), None)
            if pair is not None:
                return pair
        words = np.split()
        content = [w for w in words if w.lower() not in NP_CONNECTORS and w.lower() not in DETERMINERS]
        if not content or all(w in FUNCTION_CAPS for w in content):
            return None
        if len(words) >= 2 and words[-1].lower() in ROLE_NOUNS and POSSESSIVE.search(words[-2]):
            # "Macron's office", "the Kremlin's spokesman": someone speaking for the owner.
            owner = resolve_actor(POSSESSIVE.sub("", " ".join(words[:-1])), self.index)
            if owner is not None and owner.kind == "person":
                return Speaker(np, owner.party, "it", "description", np, False)
        if STATE_MEDIA.search(np):
            # "state media KCNA", "the official news agency": the state speaks through them
            # (the country named, else the one the document is about).
            acronyms = _ACRONYM_IN.findall(np)
            bare = " ".join(_ACRONYM_IN.sub("", np).split())
            party = self.party_of(bare) or vocab.UNKNOWN_PARTY
            if party != vocab.UNKNOWN_PARTY:
                for acronym in acronyms:
                    if country_party(acronym) is None:
                        self.organisations.add_owned(acronym, party)
            # A description, so that with no country named the state the clause is
            # about is preferred to the one the document names most (frames.py).
            return Speaker(np, party, "it", "description", bare, False)
        found = resolve_actor(np, self.index)
        if found is not None:
            if found.kind != "person" and is_demonym(found.alias) and found.alias == np:
                return None  # "Russian demands", "European concerns": an adjective, not a subject
            return speaker_of(found)
        head = self._named_institution_by_head(words)
        if head is not None:
            return head
        if len(words) == 3 and words[0].lower() == "the" and is_demonym(words[1]) \
                and self._names_a_state(words[1]) and words[2][:1].isupper() \
                and words[2].lower() not in ROLE_NOUNS and words[2].lower() not in INSTITUTION_HEADS \
                and words[2].lower() not in descriptors.ORG_NOUNS | descriptors.ORG_PLURALS \
                and words[2] not in FUNCTION_CAPS and not is_demonym(words[2]) \
                and resolve_actor(words[2], self.index) is None and country_party(words[2]) is None:
            # "The Peruvian Sadiran said": a group located by a demonym is the group,
            # not the state (guideline 2a.18).
            return self.organisation(words[2]) or Speaker(words[2], words[2], "they", "group", words[2], False)
        named = [w for w in words if w.lower() not in DETERMINERS]
        if 2 <= len(named) <= 4 and _ACRONYM.fullmatch(named[0]) and named[-1][:1].isupper() \
                and named[-1].lower() in descriptors.ORG_NOUNS and all(w[:1].isupper() for w in named) \
                and self.index.exact(named[0]) is None and country_party(named[0]) is None:
            # "The NHS Confederation said": an acronym opening a name that ends in an
            # organisation noun names that organisation, not the body of the acronym
            # (unless the acronym is a table party's: "the AU Commission" is the AU's).
            name = " ".join(named)
            known = self.organisations.resolve(name)
            if known is None or known.name in (name, named[0]):
                return Speaker(name, name, "it", "group", name, False)
        organisation = self.organisation(np)
        if organisation is not None:
            return organisation
        if len(words) == 2 and lower.startswith(("their ", "its ")):
            # "Nurses plan more strikes, their union said": the owner's organisation of
            # that kind, as "the union" would be.
            organisation = self.organisation("the " + words[1])
            if organisation is not None:
                return organisation
        if " and " in np:
            # "The president and Secretary of State X said": two people speaking together,
            # for the party of the first named (guideline 2a.6).
            first, _, second = np.partition(" and ")
            if (first.lower().startswith("the ") or len(first.split()) >= 2) and len(second.split()) >= 2 \
                    and not second.lower().startswith(("other", "his ", "her ", "their ", "its ")):
                lead = self._resolve_np(first)
                if lead is not None and lead.kind == "person" \
                        and lead.party not in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY, vocab.INDEPENDENT):
                    return Speaker(np, lead.party, "they", "group", f"joint: {lead.party}", False)
        has_role = any(w.lower() in ROLE_NOUNS for w in words)
        if has_role and _OWNERLESS_SPOKESPERSON.fullmatch(lower) and self.recent \
                and self.recent[-1].kind in ("institution", "metonym", "country", "group", "description") \
                and self.recent[-1].party not in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY, vocab.INDEPENDENT):
            # "The ministry said … A spokesperson said": the spokesperson of the body that
            # spoke last, when the phrase names no owner of its own.
            return Speaker(np, self.recent[-1].party, "", "description", np, False)
        if has_role:
            carried = self.carry_title(np)
            if carried is not None:
                return carried
            party = self.party_of(np + (" " + title if title else ""), use_dominant=False)
            if party is None and title:
                party = self.party_of(title, use_dominant=False)
            last = POSSESSIVE.sub("", words[-1])
            learnt = self.introduced.get(last)
            if learnt is not None and np.endswith(learnt.name) and len(learnt.name.split()) >= 2:
                return learnt  # "the special envoy for Sudan Ingrid Solberg"
            name = proper_name_tail(words)
            if not name and len(words) > 3 and words[-2] == "of" and country_party(words[-1]):
                name = proper_name_tail(words[:-2])  # "Fisheries Minister Tala Vaai of Samoa"
            if name and self.organisations.resolve(name) is not None:
                name = ""  # "leaders of the National Liberation Front": the organisation, not a person
            if name and not has_role_tail(words):
                known = self.introduced.get(name) or self.introduced.get(" ".join(name.split()[-2:]))
                if known is not None and name.endswith(known.name.split()[-1]):
                    return known
                if party is None:
                    # "President X" with no country: what the corpus says of X comes
                    # before the country this document is most about.
                    elsewhere = self.corpus.person(name)
                    party = elsewhere.party if elsewhere is not None else self._dominant_party(np, title)
                return Speaker(name, party or vocab.UNKNOWN_PARTY, "", "person", np, False)
            if party is None:
                party = self._dominant_party(np, title)
            return Speaker(np, party or vocab.UNKNOWN_PARTY, "they" if np.endswith("s") else "",
                           "description", np, False)
        if " and " in np or " & " in np:
            return None  # two people or bodies together; joint subjects are read by the frame finder
        if np.isupper() and len(np) > 4:
            words = np.title().split()  # "MICHEL BARNIER will today tell …"
        honorific = False
        while len(words) > 1 and _HONORIFIC.fullmatch(words[0]):
            words = words[1:]  # "Mr Barnier", "Lord Frost"
            honorific = True
        name_idx = [i for i, w in enumerate(words) if is_name_word(w) and w not in FUNCTION_CAPS]
        if not name_idx or len(name_idx) > 5:
            return None
        name_words = [words[i] for i in name_idx]
        inner = words[name_idx[0]:name_idx[-1] + 1]
        # "Humberto de la Calle": lower-case particles inside a name stay in it.
        joined = " ".join(inner) if all(is_name_word(w) or w in _PARTICLES for w in inner) \
            else " ".join(name_words)
        for key in (joined, POSSESSIVE.sub("", joined)):
            if key in self.introduced:
                found = self.introduced[key]
                if found.party == vocab.UNKNOWN_PARTY and not title:
                    # "… after Jan Novak announced … The Prime Minister said … Mr Novak
                    # said": a person named without a descriptor, then given a title.
                    titled = self._names_recent_description(key)
                    if titled is not None:
                        found = replace(found, party=titled.party, role=titled.role)
                        self._introduce(found)
                return found
        described = self.described(POSSESSIVE.sub("", joined)) if not title else None
        if described is not None:
            return described
        elsewhere = self.corpus.person(POSSESSIVE.sub("", joined))
        if elsewhere is not None:
            # Named here without a descriptor, described in another document of the corpus.
            return elsewhere
        weakly = self.described(POSSESSIVE.sub("", joined), weak=True) if not title else None
        if weakly is not None:
            return weakly
        if len(name_words) == 1:
            word = POSSESSIVE.sub("", name_words[0])
            if word in self.introduced:
                return self.introduced[word]
            # "State Councillor Wang Yi said … Wang told reporters": the family name of
            # a table person the document named earlier (first or last, since names
            # are written family name first in much of the world).
            for cand in reversed(self.mentioned + self.recent[-12:]):
                if cand.known and cand.kind == "person" and len(cand.name.split()) >= 2 \
                        and word in (cand.name.split()[0], cand.name.split()[-1]):
                    return cand
            if _ACRONYM.fullmatch(word) and country_party(word) is None:
                # An acronym nobody introduced ("the WTO" is in the table): an
                # organisation, its own party.
                return Speaker(word, word, "it", "group", word, False)
        party = self.party_of(title) if title else None
        first = self.text.find(" ".join(name_words[:2])) if len(name_words) >= 2 else -1
        if party is None and not (first >= 0 and self.given_name_at(first)):
            # A lone capitalised word that is a country or capital ("Britain") is covered
            # by the table or country_converter; an unknown name is a person.
            party = party_of_mention(np, self.index)
            if party is not None and len(name_words) == 1:
                return Speaker(np, party, "it", "country", "", False)
        if party is None and len(name_words) == 1 and not title and not honorific and words[0] == name_words[0] \
                and words[0] not in self._surnames and words[0] not in self.corpus.surnames \
                and re.search(r"\b" + re.escape(words[0].lower()) + r"\b", self.text):
            # "Doctors are under pressure …" beside "junior doctors": a common noun
            # capitalised to open the sentence, no one's name.
            return None
        if party is None and len(name_words) == 1 and not title and not honorific \
                and not is_demonym(name_words[0]) \
                and POSSESSIVE.sub("", name_words[0]) not in self._surnames \
                and POSSESSIVE.sub("", name_words[0]) not in self.corpus.surnames:
            # A lone name that no earlier sentence gave a first name or a title to
            # ("Sendero said") is an organisation far more often than a person.
            word = POSSESSIVE.sub("", name_words[0])
            placed = self.organisations.place_owner(word)
            if placed is not None:
                return placed  # "the Tigrayans said": the movement named after the place
            return Speaker(word, word, "it", "group", word, False)
        if party is None and (honorific or len(name_words) <= 3):
            # (a full name nobody describes, right after an unnamed role spoke: "Peru's
            # trade minister said … “…,” Luis Vega said" names that minister)
            named = self._names_recent_description(joined)
            if named is not None:
                return named
        # A person neither this text nor the corpus describes: the text does not tell
        # whose side they speak for (guideline §3), so `unknown`. (Guessing the country
        # the document names most often was tried and changed no devset statement for
        # the better once the corpus memory was there.)
        return Speaker(joined, party or vocab.UNKNOWN_PARTY, "", "person", title, False)

    def _named_institution_by_head(self, words: list[str]) -> Speaker | None:
        """"The Council said" after "the Security Council": a capitalised institution
        head alone ("Council", "Commission", "Ministry") names the one institution of
        the actor table with that head that the document names in full."""
        if not 1 <= len(words) <= 2 or (len(words) == 2 and words[0].lower() != "the") \
                or not words[-1][:1].isupper() or words[-1].lower() not in INSTITUTION_HEADS:
            return None
        tail = " " + words[-1]
        found = {m.name: m for _, _, m in self.index.find_all(self.text)
                 if m.kind != "person" and m.alias.endswith(tail) and m.alias != words[-1]}
        return speaker_of(next(iter(found.values()))) if len(found) == 1 else None

    def _names_recent_description(self, surname: str) -> Speaker | None:
        """"…, said China's chief trade negotiator. … Mr Liu told reporters": a person
        first described by role alone and then named by surname (the newsroom habit of
        giving the role in the lead and the name after). Only the last two sources
        are searched, and only one who is a single, unnamed person with a party."""
        for cand in reversed(self.recent[-2:]):
            if cand.kind == "description" and not cand.known and cand.pronoun != "they" \
                    and cand.party not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT, vocab.NO_PARTY) \
                    and not cand.name.lower().startswith(_INDEFINITE) \
                    and not any(w[:1].isupper() and not self._names_a_state(w) and w.lower() not in ROLE_NOUNS
                                and not is_demonym(w) for w in cand.name.split()[1:]):
                person = Speaker(surname, cand.party, "", "person", cand.role, False)
                self.introduced.setdefault(surname, person)
                return person
        return None

    def recent_organisation(self, noun: str) -> Speaker | None:
        """"the group", "the movement" when the document introduced no organisation
        with that noun: the organisation (not a state) that spoke last, if any."""
        noun = noun.lower()
        kind = descriptors.organisation_type(noun)
        if noun not in descriptors.ORG_NOUNS and noun not in descriptors.ORG_PLURALS and kind is None:
            return None
        for cand in reversed(self.recent[-6:]):
            if cand.kind == "group" and not cand.role.startswith("joint:") \
                    and country_party(cand.party) is None and self._may_be(cand, kind):
                return cand
            if cand.kind == "description" and not cand.known and self.organisations.by_name.get(cand.party) \
                    and country_party(cand.party) is None and self._may_be(cand, kind):
                # "Acme officials said … The company said": the organisation they speak for.
                return self.organisation(cand.party)
        if kind is None and self.nearby_organisations:
            # "The Sadiran have been in talks with Lima. The group says …": the
            # organisation the sentence before named, as for "they".
            return self.nearby_organisations[-1]
        return None

    def _may_be(self, cand: Speaker, kind: str | None) -> bool:
        """Whether an organisation that spoke may be what a noun of ``kind`` refers to:
        one whose kind the text told must match ("the union" is not the company that
        spoke last); a bare name whose kind nobody told ("Acme said") may be a company
        or any group, never a union, an army or a militia, which English names with
        their kind ("the Dockworkers Union", "the Rapid Support Forces militia")."""
        if kind is None:
            return True
        known = self.organisations.types_of(cand.name) | self.organisations.types_of(cand.party)
        return kind in known if known else kind == "company"

    def resolve_pronoun(self, pronoun: str) -> Speaker | None:
        if pronoun in ("we", "i"):
            if self.transcript is not None:
                return Speaker(self.transcript.name, self.transcript.party, "", "self")
            return None
        for pool in (lambda: self.recent[-12:], lambda: self.mentioned[-12:]):
            for cand in reversed(pool()):
                if pronoun in ("he", "she") and cand.kind == "person" and cand.pronoun in (pronoun, ""):
                    return cand
                if pronoun in ("he", "she") and cand.kind == "description" and cand.pronoun == "" \
                        and _names_one_person(cand.name):
                    return cand  # "the army spokesman said … He confirmed"
                if pronoun == "they" and (cand.pronoun == "they" or cand.kind in ("description",)):
                    return cand
                if pronoun == "it" and cand.kind in ("institution", "country", "metonym", "group"):
                    return cand
        if pronoun == "they" and self.nearby_organisations:
            return self.nearby_organisations[-1]
        return None

    def read_organisations(self, start: int, end: int) -> None:
        """Note the organisation (not a state) a sentence names first, for a "they" in
        the next sentence; a sentence naming none keeps the one before."""
        found = self.organisations.find_in(self.text[start:end]) if self.organisations.by_name else None
        party = found[1] if found is not None else None
        if party and party != descriptors.DOMINANT and country_party(party) is None:
            self.nearby_organisations = [Speaker(party, party, "they", "group", "they", False)]
        else:
            self.nearby_organisations = self.nearby_organisations[-1:] if found is None else []

    def carry_title(self, np: str) -> Speaker | None:
        """"the minister", "the Russian diplomat", "the agency chief": an actor
        named earlier (or, failing that, the table's unique holder of the role)."""
        words = np.lower().split()
        if words[0] in _INDEFINITE or any(
                w[:1].isupper() for w in np.split()[1:]
                if w.lower() not in ROLE_NOUNS and not is_demonym(w) and not self._names_a_state(w)):
            return None
        if words[0] in ("its", "their") and len(words) > 1:
            # "its spokesman said" after "The Kremlin said": the role at that institution.
            owner = self.resolve_pronoun("it" if words[0] == "its" else "they")
            if owner is None or owner.kind == "person":
                return None
            rest = " ".join(np.split()[1:])
            holder = self.index.holder_of_role(f"{owner.name} {rest}", owner.party)
            if holder is not None:
                return speaker_of(holder)
            return Speaker(f"{owner.name} {rest}", owner.party, "", "description", rest, False)
        nationality = self.party_of(np, use_dominant=False)  # "the president": no country named, none assumed
        head = words[-1]
        if head in INSTITUTION_HEADS:
            # "Russia's Foreign Ministry said … The ministry also accused …"
            for cand in reversed(self.recent[-8:]):
                if cand.kind in ("institution", "description") and head in cand.name.lower() \
                        and (nationality is None or cand.party == nationality):
                    return cand
        for cand in reversed(self.recent[-6:]):
            # "an Elysee official said … the official added": the same unnamed source.
            if not cand.known and cand.kind in ("person", "description") \
                    and head in cand.name.lower().split() and cand.party in (nationality or cand.party,):
                return cand
            if head == "official" and words[0] == "the" and not cand.known and cand.kind == "description" \
                    and _names_one_person(cand.name) and cand.party in (nationality or cand.party,):
                return cand  # "the army spokesman said … The official added": any unnamed official
        wanted = _TITLE_GROUPS.get(head, (head,))
        modifiers = [w for w in words[1:-1] if w not in DETERMINERS]
        if head.endswith("s") and head[:-1] in ROLE_NOUNS:
            return None  # "health leaders", "the negotiators": several people, not one named earlier
        for pool in (lambda: self.recent[-12:], lambda: self.learnt[-12:], lambda: self.mentioned[-6:]):
            for cand in reversed(pool()):
                if cand.kind != "person" or not (cand.known or cand.role):
                    continue
                if nationality and cand.party != nationality and not self._role_names_country(cand, nationality):
                    continue
                role = cand.role.lower()
                if not cand.known and not all(m in role or (m in _GENERIC_BODIES and country_party(cand.party) is None)
                                              or _armed_kind(m) and (country_party(cand.party) is None
                                                                     or _armed_kind(role))
                                              for m in modifiers if m.isalpha()
                                              and party_of_mention(m.capitalize(), self.index) is None):
                    continue  # "the deputy envoy" is not the envoy introduced earlier
                if any(w in role for w in wanted) or (not cand.known and head in role):
                    return cand
        holder = self.index.holder_of_role(np, nationality)
        return speaker_of(holder) if holder is not None else None

    @staticmethod
    def _role_names_country(cand: Speaker, country: str) -> bool:
        """Whether a person's descriptor names ``country``, also as the home of their
        organisation: "the Freedonian rebel commander" fits "the commander of
        Freedonia's Liberation Army"."""
        if cand.known or cand.kind != "person":
            return False
        words = cand.role.split()
        # The country owns an organisation whose name follows ("Freedonia's Liberation
        # Army"), not an office of its state ("Freedonia's finance minister").
        return any(POSSESSIVE.search(w) and country_party(POSSESSIVE.sub("", w)) == country
                   and nxt[:1].isupper() and nxt.lower() not in ROLE_NOUNS and nxt.lower() not in TITLE_MODIFIERS
                   for w, nxt in zip(words, words[1:]))

    def _names_a_state(self, word: str) -> bool:
        """Whether a capitalised word inside a title names a state, institution or
        organisation ("the UK's foreign secretary", "the IAEA chief"), not a person."""
        bare = POSSESSIVE.sub("", word)
        if bare in self.index.institution_words:
            return True
        found = resolve_actor(bare, self.index)
        if found is not None:
            return found.kind != "person"
        if self.organisations.party_in(bare) is not None:
            return True
        return country_party(bare) is not None

    @property
    def mentioned(self) -> list[Speaker]:
        for start, end, mask in self.pending_mentions:
            for name_start, _, match in self.index.find_all(self.text[start:end]):
                if match.kind == "person" and not mask[name_start]:
                    self._mentioned.append(speaker_of(match))
        self.pending_mentions = []
        return self._mentioned

    def remember(self, speaker: Speaker) -> None:
        """Record the speaker of a frame (for later pronouns, titles and surnames)."""
        if speaker.kind == "self":
            return
        if not speaker.known and speaker.kind == "person" and len(speaker.name.split()) >= 2:
            # "Azerbaijani President Ilham Aliyev … Aliyev said": later surname mentions.
            known = self.introduced.get(speaker.name.split()[-1])
            if known is None or known.name != speaker.name or speaker.party != vocab.UNKNOWN_PARTY:
                self._introduce(speaker)
        self.recent.append(speaker)
        if len(self.recent) > 50:
            del self.recent[:25]

    def speaker_from_name(self, label: str) -> Speaker:
        """A speaker for a name given outside a sentence (a transcript tag, metadata)."""
        found = resolve_actor(label, self.index)
        if found is None:
            stripped = TAG_TITLES.sub("", label).strip()
            found = resolve_actor(stripped, self.index) if stripped else None
        if found is not None:
            return speaker_of(found)
        name = label.title() if label.isupper() else label
        key = _HONORIFIC.sub("", TAG_TITLES.sub("", name)).strip(" .")
        if key in self.introduced:
            return self.introduced[key]
        if key:
            # "MINISTER JUMA:" after a heading or another report that introduced
            # "Kenyan Foreign Minister Amani Juma".
            described = self.described(key) or self.corpus.person(key) or self.described(key, weak=True)
            if described is not None:
                return described
        # A tag in capitals is a name, not an organisation's acronym ("MINISTER JUMA").
        party = self.party_of(name if label.isupper() else label) or vocab.UNKNOWN_PARTY
        return Speaker(name, party, "", "person", label, False)



class CorpusMemory:
    """What the documents of one corpus say about people and organisations.

    A corpus is a set of reports on one negotiation: a negotiator introduced as
    "Kenya's chief negotiator Peter Otieno" in one article is the same person when
    another article names only "Otieno" or calls him "Prime Minister Otieno".
    A document's own descriptors always come first; this memory answers only
    for names the document itself does not describe.
    """

    def __init__(self, people: dict[str, Speaker] | None = None,
                 organisations: "descriptors.OrganisationMemory | None" = None,
                 named: frozenset[str] = frozenset()):
        self.people = people or {}
        #: Names whose descriptor named the party itself (not left to the country a
        #: document is most about).
        self.named = named
        #: Surnames of everyone described in the corpus, ambiguous ones included: a
        #: lone "Otieno" is a person, not an organisation, even when it names nobody.
        self.surnames = frozenset(name.split()[-1] for name in self.people)
        self.organisations = organisations or descriptors.OrganisationMemory()
        #: The country the corpus names most (see :meth:`SpeakerResolver.dominant_country`).
        self.country = ""

    def person(self, name: str, named_only: bool = False) -> Speaker | None:
        """The person a full name or surname names in the corpus (None if none, or if
        two people with different parties share it); with ``named_only``, only one
        whose descriptor named the party."""
        if not self.people or not name:
            return None
        found = self.people.get(name)
        if found is None and not name.isascii():
            name = _fold_accents(name)  # "Iván Márquez" and "Ivan Marquez"
            found = self.people.get(name)
        if found is None and len(name.split()) == 2:
            # "Gerard Blyde" for "Gerardo Blyde": a spelling of the given name that shares
            # its first four letters, with the same surname (guideline 2a.32).
            given, surname = name.split()
            same = self.people.get(surname)
            other = same.name.split() if same is not None else []
            if len(other) == 2 and other[1] == surname and len(given) >= 4 and len(other[0]) >= 4 \
                    and given[:4].lower() == other[0][:4].lower():
                found, name = same, same.name
        if found is not None and named_only and name not in self.named:
            return None
        return found


def corpus_memory(resolvers: list[SpeakerResolver]) -> CorpusMemory:
    """The people and organisations the documents read by ``resolvers`` describe.

    A full name described with two different parties, and a surname shared by two
    described people, name nobody.
    """
    by_name: dict[str, Speaker | None] = {}
    strong: dict[str, bool] = {}
    organisations = descriptors.OrganisationMemory()
    for resolver in resolvers:
        for name, (found, named) in resolver.descriptions().items():
            if name not in by_name or (named and not strong[name]):
                # A descriptor that names the party ("US President X") beats one that
                # leaves it to the country a document is most about ("President X").
                by_name[name], strong[name] = found, named
            elif named == strong[name] and (by_name[name] is None or by_name[name].party != found.party):
                by_name[name] = None
        organisations.adopt(resolver.organisations)
    people = {name: found for name, found in by_name.items() if found is not None}
    ambiguous = {name.split()[-1] for name, found in by_name.items() if found is None}
    for name, found in list(people.items()):
        folded = _fold_accents(name)
        if folded != name:
            people.setdefault(folded, found)
            by_name.setdefault(folded, found)
    surnames: dict[str, set[str]] = {}
    for name in list(people):
        if len(name.split()) >= 2:
            surnames.setdefault(name.split()[-1], set()).add(name)
        words = name.split()
        for i, w in enumerate(words[1:-1], start=1):
            if w.islower():  # "de la Calle", "von der Leyen": the surname with its particles
                for key in (" ".join(words[i:]), " ".join([w.capitalize()] + words[i + 1:])):
                    surnames.setdefault(key, set()).add(name)
                break
    for surname, names in surnames.items():
        # "David Frost" and "Lord Frost", described in two reports, are one person to
        # the corpus as long as both descriptors give the same party.
        if surname not in people and len({people[n].party for n in names}) == 1:
            people[surname] = people[sorted(names, key=lambda n: (_HONORIFIC.fullmatch(n.split()[0]) is not None, n))[0]]
    named = {name for name, found in people.items()
             if strong.get(name, False) or strong.get(found.name, False)}
    named |= {_fold_accents(name) for name in named}
    memory = CorpusMemory(people, organisations, frozenset(named))
    memory.surnames = memory.surnames | ambiguous
    totals: dict[str, int] = {}
    for resolver in resolvers:
        for country, n in resolver.country_counts().items():
            totals[country] = totals.get(country, 0) + n
    memory.country = _leading_country(totals)
    return memory


def _leading_country(counts: dict[str, int]) -> str:
    """The country named at least twice and more often than any other, else ""."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[0] if ranked else ("", 0)
    second = ranked[1][1] if len(ranked) > 1 else 0
    return top[0] if top[1] >= 2 and top[1] > second else ""


def _fold_accents(text: str) -> str:
    """``text`` without diacritics ("Márquez" -> "Marquez")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
