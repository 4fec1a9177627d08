"""Compare two parties' positions: issues, position matrix, responses, verdicts, distances.

Input is the statements table (``docs/design.md``) with its stance columns
(``category``, ``categories``, ``confidence``, ``evidence``) and an embeddings
array aligned with it row by row (L2-normalised, as from
:func:`analysis.embeddings.embed_texts`). Every function returns a sorted
DataFrame, and the same input always gives the same tables. What each column
means, and why each threshold has its value, is in ``docs/comparison.md``.

The chain inside :func:`compare`::

    assign_issues        -> every statement gets its ``issue``(s): user anchors, issues
                            proposed from the text, or embedding clusters
    position_matrix      -> party x issue x category counts, with a representative statement
    link_responses       -> demand / red line / threat of one party -> the other party's answers
    issue_verdicts       -> deadlock / bargaining_space / one_sided / unanswered per issue
    position_distances   -> cross-party statement similarity with bootstrap intervals
"""
from __future__ import annotations

import functools
import math
import re
import warnings
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from . import config, vocab
from .errors import CorpusWarning, InputError, input_error

#: Categories that state a position another party can answer.
POSITION_CATEGORIES = ("demand", "red_line", "threat", "concession")
#: Categories whose statements ask something of the other side and so expect an answer.
ASKING_CATEGORIES = ("demand", "red_line", "threat")
#: What a response of each category does to the statement it answers.
RELATION_OF_CATEGORY = {"red_line": "rejects", "concession": "concedes",
                        "demand": "counter_demands", "threat": "counter_threatens"}
RELATIONS = ("rejects", "concedes", "counter_demands", "counter_threatens", "unanswered")
VERDICTS = ("deadlock", "bargaining_space", "one_sided", "unanswered")

#: Cosine similarity a statement needs to an anchor description (best text window)
#: to be assigned to that anchor's issue. With all-MiniLM-L6-v2, statements of
#: unrelated negotiations score 0.11 (median) to 0.28 (95th percentile) and
#: paraphrases 0.6 and more; 0.40 means "clearly on that topic".
ANCHOR_SIMILARITY_THRESHOLD = 0.40
#: Cosine similarity an answer needs to the statement it answers, on top of sharing
#: an issue. With all-MiniLM-L6-v2, statements from two unrelated negotiations have
#: median similarity 0.11 and 90th percentile 0.24 (docs/comparison.md); 0.20 drops
#: clearly unrelated pairs and keeps short answers such as "A larger rise is out of
#: the question" to "demands a 9 percent pay rise" (0.28).
RESPONSE_SIMILARITY_THRESHOLD = 0.20
#: A statement joins a further issue (besides its best) only if it names it word for
#: word or its similarity is within this margin of its best issue's.
SECONDARY_ISSUE_MARGIN = 0.25
#: The same for issues proposed from the corpus: their descriptions are short
#: phrases that also match word for word, and a two-word phrase ("pay cut") reaches
#: 0.4-0.5 against any window sharing one of its words ("pay a premium"), so
#: paraphrases must come closer.
DISCOVERED_SIMILARITY_THRESHOLD = 0.55
#: Answers kept per demand, red line or threat (the most similar first); keeps the
#: links table readable and linear in corpus size.
MAX_ANSWERS = 5
#: Bootstrap resamples for the distance intervals.
N_BOOTSTRAP = 1000
#: Up to this many statements, average-linkage agglomerative clustering (exact,
#: no seed at all); above it, k-means with a fixed seed (memory stays linear).
AGGLOMERATIVE_MAX_STATEMENTS = 3000
#: Largest number of data-driven issues considered.
MAX_ISSUES = 40

_LINKS_COLUMNS = ["from_statement_id", "from_party", "from_category", "to_statement_id",
                  "to_party", "to_category", "similarity", "relation"]
_ISSUE_COLUMNS = ["issue", "label", "source", "n_statements", "n_position_statements",
                  "keywords", "description"]
_MATRIX_COLUMNS = ["party", "issue", "issue_label", "category", "n_statements",
                   "representative_statement_id", "representative_text"]
_VERDICT_COLUMNS = ["issue", "issue_label", "party_a", "party_b", "verdict", "n_rejects",
                    "n_concedes", "n_counter_demands", "n_counter_threatens", "n_unanswered",
                    "supporting_statement_ids", "explanation"]
_DISTANCE_COLUMNS = ["party_a", "party_b", "category", "n_a", "n_b", "similarity",
                     "ci_low", "ci_high", "centroid_similarity", "n_boot"]
_TIMELINE_COLUMNS = ["date", "party", "category", "n_statements", "statement_ids"]

# Words that say who speaks or how it was reported, not what the issue is; they
# would otherwise win every cluster label ("said", "told reporters", "talks").
_FRAME_WORDS = frozenset("""
said says say told tell telling adding added add stressed stress insisted insist insists
voiced described describe spoke speaking speak noted note argued argue warned warn warns
according asked ask reporters reporter journalists interview statement statements press
conference briefing remarks comments comment called call calls announced announce
talks talk meeting meetings negotiation negotiations negotiators dialogue discussion
discussions round session sides side official officials spokesman spokeswoman spokesperson
president minister deputy secretary general chief head director leader leaders government
foreign affairs ministry department state mr ms mrs dr monday tuesday wednesday thursday
friday saturday sunday today yesterday week weeks month months year years time also just
would could should going make made like really echo echoed echoes echoing reiterated
reiterate reiterates reiterating repeated repeatedly recalled quoted cited
""".split())
_REJECTION = re.compile(
    r"\b(reject\w*|refus\w*|dismiss\w*|den(?:y|ies|ied)|rul(?:e|es|ed) out|non-?negotiable|"
    r"not negotiable|unacceptable|out of the question|non-?starter|no intention|"
    r"(?:will|would|could|can|do|does|did|shall)\s*(?:not|n[o']t)\s+(?:accept|allow|agree|"
    r"give up|discuss|negotiate|compromise|permit|tolerate|yield|budge|back down)|"
    r"cannot (?:accept|allow|agree)|never (?:accept|allow|agree))\b", re.IGNORECASE)


# --------------------------------------------------------------------------- input checks

def _check_inputs(statements: pd.DataFrame, vectors, where: str,
                  columns: Sequence[str] = ("statement_id", "text", "party", "category")
                  ) -> np.ndarray:
    missing = [c for c in columns if c not in statements.columns]
    if missing:
        raise input_error(where, f"statements table lacks column(s) {', '.join(missing)}")
    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim != 2 or len(vectors) != len(statements):
        raise input_error(where, f"embeddings have shape {vectors.shape}, expected "
                                 f"({len(statements)}, dim): one row per statement")
    if statements["statement_id"].duplicated().any():
        dup = statements.loc[statements["statement_id"].duplicated(), "statement_id"].iloc[0]
        raise input_error(where, f"statement_id {dup!r} occurs more than once")
    return _normalise(vectors)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def _default_embed(texts: Sequence[str]) -> np.ndarray:
    from .embeddings import embed_texts

    return embed_texts(list(texts))


# --------------------------------------------------------------------------- issues

def read_issue_anchors(path: str | Path) -> pd.DataFrame:
    """Read a user's ``issues.csv``: columns ``name`` and ``description``.

    Each row gives one issue name and one description phrase; a name may appear on
    several rows, or one description may hold several phrases separated by ``;``.
    Returns a table ``name, description`` (one phrase per row, sorted by name, then
    phrase). Raises InputError naming the file (and line) for a missing file,
    missing column or empty name.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise input_error(path, "issue anchors file not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise input_error(path, f"not a readable CSV ({type(exc).__name__})") from None
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    for column in ("name", "description"):
        if column not in raw.columns:
            raise input_error(path, f"missing column '{column}' (need name,description)", line=1)
    rows = []
    for number, (name, description) in enumerate(zip(raw["name"], raw["description"]), start=2):
        name = name.strip()
        if not name:
            raise input_error(path, "empty issue name", line=number)
        if ";" in name:
            raise input_error(path, f"issue name {name!r} contains ';'", line=number)
        phrases = [p.strip() for p in description.split(";") if p.strip()] or [name]
        rows.extend({"name": name, "description": phrase} for phrase in phrases)
    if not rows:
        raise input_error(path, "no issue anchors in file")
    return (pd.DataFrame(rows).drop_duplicates().sort_values(["name", "description"])
            .reset_index(drop=True))


def _text_windows(text: str, size: int = 6, stride: int = 3) -> list[str]:
    """The whole text plus overlapping word windows, so a sentence that touches
    two issues can match each of them on its own part."""
    words = text.split()
    if len(words) <= size:
        return [text]
    starts = range(0, len(words) - size + stride, stride)
    return [text] + [" ".join(words[s:s + size]) for s in starts if words[s:s + size]]


def _anchor_scores(texts: Sequence[str], anchors: pd.DataFrame, embed,
                   reader: "_PhraseReader | None" = None,
                   evidence: Sequence[str] | None = None,
                   text_vectors: np.ndarray | None = None,
                   windowed: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """Best similarity of each text (any window) to each anchor (any description).

    With a ``reader``, a text that contains one of an anchor's phrases word for
    word (up to stems) scores 1 plus its similarity, so literal mentions always
    outrank paraphrases.
    """
    names = sorted(anchors["name"].unique())
    phrases = anchors["description"].tolist()
    phrase_vectors = _normalise(np.asarray(embed(phrases), dtype=np.float64))
    owner = np.array([names.index(n) for n in anchors["name"]])
    # Whole texts reuse the caller's vectors; only the windows of long texts
    # (of the statements in ``windowed``) are embedded here.
    windows, window_owner = [], []
    for i, text in enumerate(texts):
        parts = _text_windows(str(text))
        if text_vectors is not None:
            parts = parts[1:]
        if windowed is not None and not windowed[i]:
            parts = []
        windows += parts
        window_owner += [i] * len(parts)
    scores = np.full((len(texts), len(names)), -1.0)
    if text_vectors is not None and len(texts):
        by_text = text_vectors @ phrase_vectors.T
        for j in range(len(names)):
            scores[:, j] = by_text[:, owner == j].max(axis=1)
    if windows:
        window_vectors = _normalise(np.asarray(embed(windows), dtype=np.float64))
        window_owner = np.array(window_owner)
        by_phrase = window_vectors @ phrase_vectors.T
        for j in range(len(names)):
            np.maximum.at(scores[:, j], window_owner, by_phrase[:, owner == j].max(axis=1))
    if reader is not None:
        keys = [[tuple(reader.stem(w) for w in re.findall(r"[a-z]+", phrase.lower()))
                 for phrase in anchors.loc[anchors["name"] == name, "description"]]
                for name in names]
        for i, text in enumerate(texts):
            present = set(reader.phrases(str(text), (evidence[i] if evidence is not None
                                                     else "") or "", longest=4))
            for j in range(len(names)):
                if any(key and key in present for key in keys[j]):
                    scores[i, j] += 1.0
    return names, scores


# Words that carry the stance (the category), not the issue it is about.
_STANCE_WORDS = frozenset("""
demand demands demanded demanding insist insists insisted insisting reject rejects rejected
rejecting refuse refuses refused refusal warn warned warning warns threaten threatens
threatened threat threats concede concedes conceded concession concessions offer offers
offered propose proposes proposed proposal proposals ready willing willingness openness open
allow accept accepted agree agreed want wants wanted wish wishes need needs must urge urged
red line lines non-negotiable negotiable imperative absolute firm firmly clear serious
significant consequences costs response respond request requests requested guarantee
guarantees assurances seek seeks sought support oppose opposed opposition concern concerns
intention plan plans ideas idea position positions demand possible possibility future
further real meaningful key new concrete steps progress issue issues problem problems
situation way point points matter thing things difficult important fundamental counter
near nearby across toward towards within beyond around along amid despite
""".split())
# Single words that locate or qualify rather than name an issue ("eastern" in
# "Eastern Europe"); inside a longer phrase they stay ("eastward expansion").
_WEAK_SINGLE_WORDS = frozenset("""
east west north south eastern western northern southern eastward westward central
countries country states nation nations people side sides part parts number level levels
region regional international national global local public general
""".split())
# Stance words that are also nouns naming the object of a position ("binding
# guarantees", "security assurances"): they may end an issue's name, never start it.
_OBJECT_NOUNS = frozenset("""
guarantee guarantees assurance assurances proposal proposals offer offers concession
concessions costs plans support
""".split())
# Quantity words name an amount, not an issue ("9 percent rise" is about a "rise").
_QUANTITY_WORDS = frozenset("""
percent per cent percentage million millions billion billions thousand thousands hundred
hundreds dozen dozens half
""".split())
_WEAK_SINGLE_WORDS = _WEAK_SINGLE_WORDS | _QUANTITY_WORDS
# Words for who holds something ("countries' sovereign rights"): a name starts after them.
_HOLDER_WORDS = frozenset("countries country states nation nations people side sides "
                          "part parts number level levels".split())
#: Two proposed issues whose position statements overlap this much (shared
#: statements over the smaller issue's count) are one topic named twice ("offensive"
#: and "deployments" both stand in "deployments of offensive missiles") and are merged.
ISSUE_MERGE_OVERLAP = 0.75
#: ... and the shared statements must also make up this share of the larger one: a
#: word nearly every statement uses ("route 12") contains each small issue but is
#: not the same topic as any of them.
ISSUE_MERGE_COVER = 0.40
#: Two clustered issues whose position-statement centroids are this similar are
#: one topic split in two and are merged; distinct topics of one negotiation reach
#: 0.4-0.7 with all-MiniLM-L6-v2, rewordings of one demand 0.8 and more.
ISSUE_MERGE_SIMILARITY = 0.80
#: Most issues proposed from the text of a corpus.
MAX_DISCOVERED_ISSUES = 12
#: Two candidate issue phrases this similar are one issue (synonyms such as
#: "NATO expansion" / "NATO enlargement" reach 0.7-0.9 with all-MiniLM-L6-v2).
SYNONYM_SIMILARITY = 0.60


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """The Snowball English stem of a lower-case word (cached: words repeat a lot)."""
    return _stemmer().stemWord(word)


def _actor_words(statements: pd.DataFrame) -> set[str]:
    """Lower-case words that name actors: speakers, parties, and the actor table's aliases."""
    words: set[str] = set()
    values = []
    for column in ("speaker", "party"):
        if column in statements.columns:
            values += statements[column].fillna("").astype(str).tolist()
    try:
        from . import actors

        table = actors.load_actors()
        for column in ("name", "aliases", "party", "bloc"):
            if column in table.columns:
                values += table[column].fillna("").astype(str).tolist()
    except Exception:  # the actor table is optional here: labels are only less clean
        pass
    # Only capitalised words: aliases such as "the military alliance" must not
    # turn "military" into an actor name.
    for value in values:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", value)
                     if len(w) > 1 and w[0].isupper())
    return words


@functools.lru_cache(maxsize=1)
def _actor_alias_pattern() -> re.Pattern | None:
    """Multi-word lower-case actor aliases ("the military alliance") as one regex.

    Such an alias names an actor, not a topic; its words must not make an issue
    name ("military alliance deployments").
    """
    try:
        from . import actors

        table = actors.load_actors()
    except Exception:  # the actor table is optional here: names are only less clean
        return None
    phrases = set()
    for value in table.get("aliases", pd.Series(dtype=str)).fillna("").astype(str):
        for alias in value.split(";"):
            words = alias.strip().split()
            while words and words[0].lower() in ("the", "a", "an"):
                words = words[1:]
            if len(words) > 1 and not any(w[0].isupper() for w in words):
                phrases.add(" ".join(words))
    if not phrases:
        return None
    ordered = sorted(phrases, key=lambda a: (-len(a), a))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b", re.IGNORECASE)


def _is_country_word(word: str) -> bool:
    try:
        from .actors import country_party
    except ImportError:
        return False
    return country_party(word.capitalize()) is not None


class _PhraseReader:
    """Splits statement text into candidate issue phrases (runs of content words).

    A run breaks at punctuation, stop words, reporting words, stance words and
    actor names, so what remains is the object of the position ("eastward
    expansion", "offensive missiles", "pay rise"). Each phrase is kept with its
    word stems so that "deploy" and "deployments" count as the same word.
    """

    def __init__(self, statements: pd.DataFrame, keep: frozenset[str] = frozenset()):
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        self.stem = _stem
        # ``keep``: words that break runs by default but may stand inside a name.
        self.breaks = (set(ENGLISH_STOP_WORDS) | _FRAME_WORDS | _STANCE_WORDS
                       | _actor_words(statements)) - set(keep)
        self._country: dict[str, bool] = {}

    def _breaks(self, word: str) -> bool:
        if word in self.breaks or len(word) < 3:
            return True
        if word not in self._country:
            self._country[word] = _is_country_word(word)
        return self._country[word]

    def runs(self, text: str, evidence: str = "") -> list[list[tuple[str, str]]]:
        """Runs of (word, stem) pairs in ``text``; the ``evidence`` cue span is skipped."""
        if evidence and evidence in text:
            text = text.replace(evidence, " | ")
        aliases = _actor_alias_pattern()
        if aliases is not None:
            text = aliases.sub(" | ", text)
        runs, current = [], []
        for token in re.findall(r"[A-Za-z][A-Za-z'’\-]*|[^\sA-Za-z]", text):
            word = re.sub(r"['’]s$", "", token.lower()).strip("'’-")
            if not word or not word[0].isalpha() or self._breaks(word):
                if current:
                    runs.append(current)
                current = []
            else:
                current.append((word, self.stem(word)))
        if current:
            runs.append(current)
        return runs

    def phrases(self, text: str, evidence: str = "",
                longest: int = 3) -> dict[tuple[str, ...], str]:
        """Every n-gram (1..``longest`` words) inside a run: stem key -> surface text."""
        found = {}
        for run in self.runs(text, evidence):
            for n in range(1, longest + 1):
                for start in range(len(run) - n + 1):
                    gram = run[start:start + n]
                    found.setdefault(tuple(s for _, s in gram), " ".join(w for w, _ in gram))
        return found


_LEADING_WORDS = frozenset("the a an and or but to of in on its their his her our this that "
                           "these those any some no new".split())


def _name_in_context(phrase: str, texts: Sequence[str]) -> str:
    """``phrase`` with the proper noun that most often stands right before it.

    Actor names are cut out of candidate phrases, but "NATO expansion" or "EU
    membership" reads better than "expansion"; the noun is added when it precedes
    the phrase in at least two texts (or in the only one).
    """
    words = r"\s+".join(map(re.escape, phrase.split()))
    # The noun must be capitalised; the phrase may be in any case.
    pattern = re.compile(r"\b([A-Z][\w\-]*?)(?:['’]s)?\s+(?i:" + words + r")\b")
    counts: dict[str, int] = {}
    for text in texts:
        for word in set(pattern.findall(text)):
            if len(word) > 1 and word.lower() not in _FRAME_WORDS | _LEADING_WORDS:
                counts[word] = counts.get(word, 0) + 1
    if not counts:
        return phrase
    best = sorted(counts, key=lambda w: (-counts[w], w))[0]
    return f"{best} {phrase}" if counts[best] >= min(2, len(texts)) else phrase


def _ranked_phrases(stems: set[str] | None, texts: Sequence[str], cues: Sequence[str],
                    reader: _PhraseReader, weight: dict[str, int],
                    least: int = 1, surfaces: frozenset[str] = frozenset()
                    ) -> list[tuple[tuple[str, ...], str]]:
    """Multi-word phrases of ``texts`` that contain one of ``stems`` (any, if None),
    most telling first.

    Candidates are 2- and 3-word runs of content words (see :class:`_PhraseReader`;
    the evidence cue span of each text is skipped) that neither start with an
    object noun ("guarantees ...") nor start or end with a quantity word. They are
    ranked by how many texts use them (at least ``least``), then whether they
    contain one of ``surfaces`` word for word (the form in which the issue was
    found, so "deployments" gives a noun phrase, not "deploys ..."), then shorter first,
    then by ``weight`` summed over their stems (how many of the corpus's position
    statements use each word, so "pay rise" beats "larger rise"), then
    alphabetically. Returns (stem key, most used surface form) pairs, best first.
    """
    count: dict[tuple[str, ...], int] = {}
    surface: dict[tuple[str, ...], dict[str, int]] = {}
    for text, cue in zip(texts, cues):
        for key, words in reader.phrases(str(text), str(cue or ""), longest=3).items():
            parts = words.split()
            if (len(key) < 2 or (stems is not None and not stems & set(key))
                    or parts[0] in _OBJECT_NOUNS
                    or parts[0] in _QUANTITY_WORDS | _HOLDER_WORDS
                    or parts[-1] in _QUANTITY_WORDS):
                continue
            # A run that starts with a verb ("not to deploy offensive", "will strike")
            # is an action, not the name of a topic.
            if re.search(r"\b(?:to|will|would|can|cannot|could|should|must|may|might|shall|"
                         r"not|n't)\s+" + re.escape(parts[0]) + r"\b", str(text), re.IGNORECASE):
                continue
            count[key] = count.get(key, 0) + 1
            surface.setdefault(key, {}).setdefault(words, 0)
            surface[key][words] += 1
    def literal(key):
        return any(word in surfaces for form in surface[key] for word in form.split())

    ranked = sorted((k for k in count if count[k] >= least),
                    key=lambda k: (-count[k], not literal(k), len(k),
                                   -sum(weight.get(s, 0) for s in k), k))
    return [(k, sorted(surface[k], key=lambda w: (-surface[k][w], w))[0]) for k in ranked]


def _stem_weights(texts: Sequence[str], cues: Sequence[str],
                  reader: _PhraseReader) -> dict[str, int]:
    """How many of ``texts`` use each content-word stem."""
    weight: dict[str, int] = {}
    for text, cue in zip(texts, cues):
        for stem in {s for run in reader.runs(str(text), str(cue or "")) for _, s in run}:
            weight[stem] = weight.get(stem, 0) + 1
    return weight


def propose_issue_anchors(statements: pd.DataFrame, embed=None,
                          max_issues: int | None = None) -> pd.DataFrame:
    """Propose issues from the corpus itself, as a table a researcher can edit.

    Candidate phrases are the content-word runs of the position statements
    (demand, red line, threat, concession; see :class:`_PhraseReader`); a phrase
    qualifies when at least two position statements use it (one, in a corpus of
    fewer than ten). Phrases are ranked by how many statements use them (longer
    phrases first on ties) and taken greedily: a phrase whose embedding is within
    ``SYNONYM_SIMILARITY`` of an issue already chosen, or that contains or is
    contained in one of its phrases, joins that issue as another description.
    Returns ``name, description`` rows, the format of :func:`read_issue_anchors`.
    """
    for column in ("text", "category"):
        if column not in statements.columns:
            raise input_error("propose_issue_anchors", f"statements table lacks column {column}")
    embed = embed or _default_embed
    positions = statements[statements["category"].isin(POSITION_CATEGORIES)]
    if positions.empty:
        return pd.DataFrame(columns=["name", "description"])
    reader = _PhraseReader(statements)
    evidence = positions["evidence"] if "evidence" in positions.columns else [""] * len(positions)
    speakers = (positions["party"].astype(str).tolist() if "party" in positions.columns
                else [""] * len(positions))
    support: dict[tuple[str, ...], set[int]] = {}
    surface: dict[tuple[str, ...], dict[str, int]] = {}
    for row, (text, cue) in enumerate(zip(positions["text"].astype(str), evidence)):
        for key, words in reader.phrases(text, str(cue or "")).items():
            if len(key) == 1 and words in _WEAK_SINGLE_WORDS:
                continue
            support.setdefault(key, set()).add(row)
            surface.setdefault(key, {}).setdefault(words, 0)
            surface[key][words] += 1
    least = 2 if len(positions) >= 10 else 1

    def rank(key):
        # Contested objects first: a phrase several parties use is what the
        # comparison is about; then how many statements use it; longer first.
        parties_using = len({speakers[r] for r in support[key]})
        return (-parties_using, -len(support[key]), -len(key), key)

    candidates = sorted((k for k, rows in support.items() if len(rows) >= least), key=rank)
    if max_issues is None:
        max_issues = min(MAX_DISCOVERED_ISSUES, max(3, round(math.sqrt(len(positions))) + 2))
    candidates = candidates[:400]
    if not candidates:
        return pd.DataFrame(columns=["name", "description"])
    names = [max(sorted(surface[k]), key=lambda w: surface[k][w]) for k in candidates]
    vectors = _normalise(np.asarray(embed(names), dtype=np.float64))
    chosen: list[list[int]] = []
    for i, key in enumerate(candidates):
        home = None
        for group_index, group in enumerate(chosen):
            if any(set(key) <= set(candidates[j]) or set(candidates[j]) <= set(key)
                   for j in group) or float(vectors[group[0]] @ vectors[i]) >= SYNONYM_SIMILARITY:
                home = group_index
                break
        if home is not None:
            chosen[home].append(i)
        elif len(chosen) < max_issues:
            chosen.append([i])
    texts = positions["text"].astype(str).tolist()
    cues = [str(c or "") for c in evidence]
    naming_reader = _PhraseReader(statements, keep=_OBJECT_NOUNS)
    weight = _stem_weights(texts, cues, naming_reader)
    rows = []
    for group in chosen:
        # The name is the group's most used multi-word phrase if it has one; a
        # single word takes the proper noun that regularly precedes it ("NATO
        # expansion"), else the best multi-word phrase around it in its statements
        # ("offensive" -> "offensive missiles"), so no issue is named by one word
        # when its statements say more.
        longer = [j for j in group if len(candidates[j]) > 1]
        members = sorted({r for j in group for r in support[candidates[j]]})
        name = names[longer[0] if longer else group[0]]
        in_context = _name_in_context(name, [texts[r] for r in members])
        if not longer and in_context == name:
            stems = {s for j in group for s in candidates[j]}
            ranked = _ranked_phrases(stems, [texts[r] for r in members],
                                     [cues[r] for r in members], naming_reader, weight,
                                     surfaces=frozenset(names[j] for j in group))
            # Only a phrase holding the word as found: "deployments" must not
            # become "deploys capabilities", a verb phrase.
            if ranked and any(w in {names[j] for j in group} for w in ranked[0][1].split()):
                name = ranked[0][1]
            in_context = _name_in_context(name, [texts[r] for r in members])
        name = in_context
        # Descriptions stay free of actor names, so matching is on the object of
        # the positions, not on who is named ("NATO" alone is not an issue).
        # A single word that a longer phrase of the group contains is dropped:
        # "pay" alone would also catch "pay a premium", "pay cut" does not.
        kept = [j for j in group if len(candidates[j]) > 1
                or not any(set(candidates[j]) <= set(candidates[k]) for k in longer)]
        rows += [{"name": name, "description": names[j]} for j in kept]
    return (pd.DataFrame(rows, columns=["name", "description"]).drop_duplicates()
            .sort_values(["name", "description"]).reset_index(drop=True))



def _carry_issues_forward(statements: pd.DataFrame, issue: np.ndarray,
                          issue_similarity: np.ndarray, all_issues: list[str]) -> None:
    """A statement that names no issue takes the issues of the statement before it
    in the same paragraph (in place).

    Answers often point back instead of naming the topic ("Washington rejects the
    demands", "we cannot accept this"); within a paragraph the topic carries over.
    """
    if not {"doc_id", "paragraph"} <= set(statements.columns):
        return
    order = statements.sort_values(["doc_id", "paragraph", "char_start"]
                                   if "char_start" in statements.columns
                                   else ["doc_id", "paragraph"], kind="stable").index
    previous_key, previous = None, None
    for i in order:
        key = (statements.at[i, "doc_id"], statements.at[i, "paragraph"])
        if key != previous_key:
            previous = None
        if issue[i] == "" and previous is not None:
            issue[i], all_issues[i] = issue[previous], all_issues[previous]
            issue_similarity[i] = issue_similarity[previous]
        if issue[i] != "":
            previous = i
        previous_key = key


def merge_overlapping_issues(issue_lists: Sequence[str], is_position: Sequence[bool],
                             min_overlap: float = ISSUE_MERGE_OVERLAP) -> dict[str, str]:
    """Which issues are one topic, judged by the position statements they share.

    ``issue_lists`` holds each statement's ";"-joined issues, ``is_position``
    whether it is a demand, red line, threat or concession. Two issues whose
    position statements overlap by at least ``min_overlap`` (shared statements
    over the smaller issue's count) and ``ISSUE_MERGE_COVER`` (over the larger
    one's) are merged, the most overlapping pair first,
    until no pair reaches it. The merged issue is named by its parts' names, the
    multi-word names before single words, the larger part first, at most two
    joined by " / " ("offensive missiles / deployments"). Returns old name -> new
    name for every issue that was merged (others are absent).
    """
    members: dict[str, set[int]] = {}
    for i, (value, position) in enumerate(zip(issue_lists, is_position)):
        if position:
            for name in str(value or "").split(";"):
                if name:
                    members.setdefault(name, set()).add(i)
    size = {name: len(rows) for name, rows in members.items()}
    parts = {name: [name] for name in members}
    while True:
        best = None
        names = sorted(members)
        for x, a in enumerate(names):
            for b in names[x + 1:]:
                shared = len(members[a] & members[b])
                if not shared:
                    continue
                overlap = shared / min(len(members[a]), len(members[b]))
                cover = shared / max(len(members[a]), len(members[b]))
                key = (-overlap, -shared, a, b)
                if (overlap >= min_overlap and cover >= ISSUE_MERGE_COVER
                        and (best is None or key < best[0])):
                    best = (key, a, b)
        if best is None:
            break
        _, a, b = best
        joined = sorted(parts.pop(a) + parts.pop(b), key=lambda p: (-size[p], p))
        rows = members.pop(a) | members.pop(b)
        named = [p for p in joined if " " in p] + [p for p in joined if " " not in p]
        name = " / ".join(named[:2])
        while name in members:  # never fold into an unrelated issue of the same name
            name += " (merged)"
        members[name], parts[name] = rows, joined
    return {old: name for name, joined in parts.items() if len(joined) > 1 for old in joined}


def _merge_similar_clusters(vectors: np.ndarray, labels: np.ndarray,
                            min_similarity: float = ISSUE_MERGE_SIMILARITY) -> np.ndarray:
    """Join clusters whose centroids reach ``min_similarity`` (one topic split in two).

    Returns new labels (the smallest old label of each joined group).
    """
    labels = np.asarray(labels).copy()
    while len(set(labels.tolist())) > 1:
        ids = sorted(set(labels.tolist()))
        centroids = _normalise(np.vstack([vectors[labels == c].mean(axis=0) for c in ids]))
        similarity = centroids @ centroids.T
        np.fill_diagonal(similarity, -np.inf)
        x, y = np.unravel_index(np.argmax(similarity), similarity.shape)
        if similarity[x, y] < min_similarity:
            break
        labels[labels == ids[max(x, y)]] = ids[min(x, y)]
    return labels


def _candidate_issue_counts(n: int) -> list[int]:
    low = min(max(2, round(math.sqrt(n) / 2)), 20)
    high = min(max(low, round(2 * math.sqrt(n))), MAX_ISSUES, n - 1)
    counts = list(range(low, high + 1))
    if len(counts) > 10:  # a coarse grid keeps large corpora fast
        counts = sorted(set(np.linspace(low, high, 10).round().astype(int).tolist()))
    return counts


def _cluster(vectors: np.ndarray, n_issues: int | None, random_state: int) -> np.ndarray:
    """Cluster unit vectors into issues; the count is chosen by cosine silhouette."""
    from sklearn.cluster import AgglomerativeClustering, KMeans
    from sklearn.metrics import silhouette_score

    n = len(vectors)
    if n < 4:
        return np.zeros(n, dtype=int)

    def fit(k: int) -> np.ndarray:
        if n <= AGGLOMERATIVE_MAX_STATEMENTS:
            return AgglomerativeClustering(n_clusters=k, metric="cosine",
                                           linkage="average").fit_predict(vectors)
        return KMeans(n_clusters=k, n_init=4, random_state=random_state).fit_predict(vectors)

    if n_issues:
        return fit(min(int(n_issues), n))
    best_labels, best_score = np.zeros(n, dtype=int), -np.inf
    for k in _candidate_issue_counts(n):
        labels = fit(k)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(vectors, labels, metric="cosine",
                                 sample_size=min(n, 3000), random_state=random_state)
        if score > best_score + 1e-9:  # ties keep the smaller count
            best_labels, best_score = labels, score
    return best_labels


def _label_stop_words(statements: pd.DataFrame) -> list[str]:
    """English stop words plus actor names and reporting words, so labels name topics."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = set(ENGLISH_STOP_WORDS) | _FRAME_WORDS
    for column in ("speaker", "party"):
        if column in statements.columns:
            for value in statements[column].fillna("").astype(str):
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", value))
    words -= {"nato", "eu", "un"}  # organisations are often the object of an issue
    return sorted(w for w in words if w)


def issue_keywords(texts_by_issue: dict[str, list[str]], stop_words: list[str],
                   top: int = 5) -> dict[str, list[str]]:
    """c-TF-IDF keywords per issue: terms frequent in one issue and rare in the others.

    ``texts_by_issue`` maps an issue id to its statement texts; returns the ``top``
    terms (unigrams and bigrams) of each issue, best first, a unigram dropped when
    a chosen bigram already contains it.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    ids = sorted(texts_by_issue)
    documents = [" ".join(texts_by_issue[i]) for i in ids]
    vectorizer = CountVectorizer(stop_words=stop_words, ngram_range=(1, 2), lowercase=True,
                                 token_pattern=r"(?u)\b[^\W\d_][\w\-]*[^\W_]\b")
    try:
        counts = vectorizer.fit_transform(documents).toarray().astype(float)
    except ValueError:  # nothing but stop words
        return {i: [] for i in ids}
    terms = vectorizer.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    average_words = counts.sum() / max(len(ids), 1)
    idf = np.log1p(average_words / np.maximum(counts.sum(axis=0), 1.0))
    weights = tf * idf
    keywords = {}
    for row, issue in enumerate(ids):
        order = sorted(range(len(terms)), key=lambda j: (-weights[row, j], terms[j]))
        chosen: list[str] = []
        for j in order:
            if weights[row, j] <= 0 or len(chosen) >= top:
                break
            term = terms[j]
            if any(term in c.split() or c in term.split() for c in chosen):
                continue
            chosen.append(term)
        keywords[issue] = chosen
    return keywords


def _position_texts(statements: pd.DataFrame, members: np.ndarray) -> tuple[list[str], list[str]]:
    """Texts and evidence cues of the position statements among ``members``
    (all members' texts, with empty cues, when none of them is a position)."""
    positions = members & statements["category"].isin(POSITION_CATEGORIES).to_numpy()
    chosen = positions if positions.any() else members
    texts = statements.loc[chosen, "text"].fillna("").astype(str).tolist()
    cues = (statements.loc[chosen, "evidence"].fillna("").astype(str).tolist()
            if "evidence" in statements.columns and positions.any() else [""] * len(texts))
    return texts, cues


def _content_keywords(statements: pd.DataFrame, membership: dict[str, np.ndarray]
                      ) -> dict[str, tuple[list[str], list[str]]]:
    """c-TF-IDF keywords of each issue from what its parties demand, refuse, threaten
    or concede: position statements with their stance cue cut out, without stance,
    reporting and actor words (narration says how the talks went, not what about).

    Returns issue -> (up to 5 keywords, those used by two or more of the issue's
    positions first; the words for its label: the shared ones if any, else all).
    """
    documents = {}
    for name, members in membership.items():
        texts, cues = _position_texts(statements, members)
        documents[name] = [t.replace(c, " ") if c else t for t, c in zip(texts, cues)]
    stop_words = sorted(set(_label_stop_words(statements)) | _STANCE_WORDS
                        | _WEAK_SINGLE_WORDS)
    # Demonyms of the parties ("Russian" for Russia) say who, not what.
    party_words = tuple(sorted({w.lower() for p in statements["party"].dropna().astype(str)
                                for w in re.findall(r"[A-Za-z]{4,}", p)}))
    keywords = {name: [t for t in terms if not any(w.startswith(party_words) for w in t.split())]
                for name, terms in issue_keywords(documents, stop_words, top=10).items()}
    # A word that several of the issue's positions use names it better than one
    # that is merely rare elsewhere ("Ukraine" in two threats beats "equally").
    ranked = {}
    for name, terms in keywords.items():
        texts = [t.lower() for t in documents[name]]

        def spread(term):
            return min(sum(bool(re.search(r"\b" + re.escape(_stem(w)), t)) for t in texts)
                       for w in term.split())
        ordered = sorted(terms, key=lambda t: -spread(t))[:5]
        # Words two or more positions share are the label when there are any.
        shared = [t for t in ordered if spread(t) >= 2 and len(texts) >= 2]
        ranked[name] = (ordered, shared or ordered)
    return ranked


def _keyword_label(keywords: Sequence[str], top: int = 3) -> str:
    """Up to ``top`` single-word keywords joined by " / "; adverbs ("-ly") are left
    out, and bigrams, which c-TF-IDF may build across a sentence break."""
    words = [k for k in keywords if " " not in k and not k.endswith("ly")]
    return " / ".join(words[:top])


def _quote_label(statements: pd.DataFrame, members: np.ndarray, words: int = 6) -> str:
    """The shortest position statement of the issue, cut to ``words`` words, in
    quotes: the last resort for a cluster whose positions hold no content word
    ("we cannot go back")."""
    texts, _ = _position_texts(statements, members)
    if not texts:
        return ""
    shortest = sorted(texts, key=lambda t: (len(t), t))[0]
    tokens = re.sub(r"[\"“”‘’']", "", shortest).split()
    cut = " ".join(tokens[:words]).rstrip(".,;:")
    return f"“{cut}{'…' if len(tokens) > words else ''}”"


def _cluster_labels(statements: pd.DataFrame, membership: dict[str, np.ndarray],
                    named: set[str]) -> dict[str, str]:
    """A phrase label for each clustered issue (those not in ``named``).

    The label is the multi-word phrase (see :func:`_ranked_phrases`) that most
    position statements of the cluster share, at least two of them; clusters
    without one get no entry (the caller falls back to keywords).
    """
    reader = _PhraseReader(statements, keep=_OBJECT_NOUNS)
    every = np.ones(len(statements), dtype=bool)
    all_texts, all_cues = _position_texts(statements, every)
    weight = _stem_weights(all_texts, all_cues, reader)
    labels = {}
    for name, members in membership.items():
        if name in named:
            continue
        texts, cues = _position_texts(statements, members)
        if len(texts) < 2:
            continue
        ranked = _ranked_phrases(None, texts, cues, reader, weight, least=2)
        if ranked:
            labels[name] = ranked[0][1]
    return labels


def assign_issues(statements: pd.DataFrame, vectors, anchors: pd.DataFrame | None = None,
                  n_issues: int | None = None, random_state: int = config.RANDOM_SEED,
                  embed: Callable[[Sequence[str]], np.ndarray] | None = None,
                  anchor_threshold: float = ANCHOR_SIMILARITY_THRESHOLD,
                  discover: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every statement an ``issue``; return (statements with issue columns, issues table).

    ``statements`` needs ``statement_id, text, party, category``; ``vectors`` is its
    embeddings array, row by row. Position statements (demand, red line, threat,
    concession) are clustered on their embeddings (average-linkage cosine up to
    3,000 statements, k-means with ``random_state`` above; the number of issues by
    cosine silhouette unless ``n_issues`` is given); every other statement joins
    the issue of its most similar cluster centroid. With ``anchors`` (from
    :func:`read_issue_anchors`), a statement whose text, or a 6-word window of it,
    reaches ``anchor_threshold`` similarity to an anchor description goes to that
    anchor's issue; the rest is clustered as above. ``embed`` embeds anchor texts
    (default: the project's model).

    Added columns: ``issue`` (issue id), ``issue_label``, ``issue_similarity``
    (similarity to the anchor or cluster centroid), ``issues`` (";"-joined ids of
    every anchor issue the statement reaches, primary first). The issues table has
    ``issue, label, source`` (``anchor``/``cluster``), ``n_statements`` (statements
    touching the issue, as primary or secondary issue),
    ``n_position_statements``, ``keywords``, ``description``, sorted by issue id.
    """
    unit = _check_inputs(statements, vectors, "assign_issues")
    out = statements.reset_index(drop=True).copy()
    n = len(out)
    texts = out["text"].fillna("").astype(str).tolist()
    issue = np.array([""] * n, dtype=object)
    issue_similarity = np.zeros(n)
    all_issues = [""] * n
    anchor_descriptions: dict[str, str] = {}

    embed = embed or _default_embed
    source = "anchor"
    if anchors is None and discover and n:
        anchors = propose_issue_anchors(out, embed=embed)
        source = "discovered"
        anchor_threshold = max(anchor_threshold, DISCOVERED_SIMILARITY_THRESHOLD)
    if anchors is not None and len(anchors) and n:
        reader = _PhraseReader(out)
        evidence = (out["evidence"].fillna("").astype(str).tolist()
                    if "evidence" in out.columns else None)
        # Windows matter for position statements, which may touch several issues;
        # narration is matched on its whole text, which keeps large corpora fast.
        windowed = out["category"].isin(POSITION_CATEGORIES).to_numpy()
        names, scores = _anchor_scores(texts, anchors, embed, reader, evidence,
                                       text_vectors=unit, windowed=windowed)
        literal = scores >= 1.0
        similarity = np.where(literal, scores - 1.0, scores)
        for i in range(n):
            # A secondary issue must be named word for word, or come nearly as
            # close as the best one: a concession on missile deployments that
            # mentions NATO exercises is not also a move on NATO enlargement.
            floor = max(anchor_threshold, similarity[i].max() - SECONDARY_ISSUE_MARGIN)
            reached = [j for j in np.argsort(-scores[i], kind="stable")
                       if literal[i, j] or similarity[i, j] >= floor]
            if reached:
                issue[i] = names[reached[0]]
                issue_similarity[i] = similarity[i, reached[0]]
                all_issues[i] = ";".join(names[j] for j in reached)
        anchor_descriptions = {name: "; ".join(group["description"])
                               for name, group in anchors.groupby("name", sort=True)}
        if source == "discovered":
            # User anchors are the user's decision; proposed issues that share
            # most of their statements are one topic and become one issue.
            # Only statements that name an issue word for word count as shared:
            # similarity alone spreads one statement over several issues.
            named = [";".join(names[j] for j in np.flatnonzero(literal[i])) for i in range(n)]
            rename = merge_overlapping_issues(
                named, out["category"].isin(POSITION_CATEGORIES).to_numpy())
            for i in range(n):
                if all_issues[i]:
                    merged = list(dict.fromkeys(rename.get(x, x) for x in all_issues[i].split(";")))
                    all_issues[i] = ";".join(merged)
                    issue[i] = merged[0]
            descriptions: dict[str, list[str]] = {}
            for name, text in anchor_descriptions.items():
                descriptions.setdefault(rename.get(name, name), []).extend(text.split("; "))
            anchor_descriptions = {name: "; ".join(sorted(set(parts)))
                                   for name, parts in descriptions.items()}

    _carry_issues_forward(out, issue, issue_similarity, all_issues)
    free = np.array([issue[i] == "" for i in range(n)])
    if free.any():
        is_position = out["category"].isin(POSITION_CATEGORIES).to_numpy() & free
        # Narration would pull clusters toward "how it was reported"; cluster the
        # positions when there are enough of them, and attach the rest afterwards.
        core = is_position if is_position.sum() >= 6 else free
        core_index = np.flatnonzero(core)
        labels = _cluster(unit[core_index], n_issues, random_state)
        if not n_issues:
            labels = _merge_similar_clusters(unit[core_index], labels)
        centroids = _normalise(np.vstack([unit[core_index[labels == c]].mean(axis=0)
                                          for c in sorted(set(labels))]))
        free_index = np.flatnonzero(free)
        similarity = unit[free_index] @ centroids.T
        nearest = similarity.argmax(axis=1)
        cluster_of = dict(zip(core_index.tolist(), labels.tolist()))
        raw = np.array([cluster_of.get(i, nearest[k]) for k, i in enumerate(free_index)])
        # Number clusters by size, then by their first statement, so ids are stable.
        order = sorted(set(raw.tolist()), key=lambda c: (-(raw == c).sum(),
                                                          int(free_index[raw == c][0])))
        width = max(2, len(str(len(order))))
        rename = {c: f"issue_{r + 1:0{width}d}" for r, c in enumerate(order)}
        for k, i in enumerate(free_index):
            issue[i] = rename[raw[k]]
            issue_similarity[i] = similarity[k, raw[k]]
            all_issues[i] = issue[i]

    out["issue"] = issue.astype(str)
    out["issue_similarity"] = issue_similarity.round(6)
    out["issues"] = all_issues
    # An issue may be only ever secondary (named inside a statement about another
    # one); it is still on the table, so the table lists every issue touched.
    touched = [set(t.split(";")) - {""} for t in all_issues]
    ids = sorted(set(out["issue"]).union(*touched) - {""})
    membership = {i: np.array([i in t or issue[k] == i for k, t in enumerate(touched)])
                  for i in ids}
    labels = _cluster_labels(out, membership, set(anchor_descriptions))
    keywords, label_words = {}, {}
    for i, (ordered, shared) in _content_keywords(out, membership).items():
        keywords[i], label_words[i] = ordered, shared
    rows = []
    for i in ids:
        members = membership[i]
        from_anchor = i in anchor_descriptions
        rows.append({
            "issue": i,
            "label": i if from_anchor else (labels.get(i) or _keyword_label(label_words[i])
                                            or _quote_label(out, members) or i),
            "source": source if from_anchor else "cluster",
            "n_statements": int(members.sum()),
            "n_position_statements": int((members & out["category"].isin(
                POSITION_CATEGORIES)).sum()),
            "keywords": ";".join(keywords[i]),
            "description": anchor_descriptions.get(i, ""),
        })
    issues = pd.DataFrame(rows, columns=_ISSUE_COLUMNS)
    out["issue_label"] = out["issue"].map(dict(zip(issues["issue"], issues["label"]))).fillna("")
    return out, issues


# --------------------------------------------------------------------------- position matrix

def position_matrix(statements: pd.DataFrame, vectors=None) -> pd.DataFrame:
    """Party x issue x category counts, with the representative statement of each cell.

    ``statements`` needs ``statement_id, text, party, category, issue`` (from
    :func:`assign_issues`); with an ``issues`` column a statement counts on every
    issue it touches, so counts of one party may add up to more than its statements. The representative is the statement closest to the
    cell's embedding centroid when ``vectors`` is given, else the most confident
    one (then the first by id). Only non-empty cells are listed, sorted by party,
    issue and category.
    """
    needed = ["statement_id", "text", "party", "category", "issue"]
    if vectors is not None:
        unit = _check_inputs(statements, vectors, "position_matrix", needed)
    else:
        missing = [c for c in needed if c not in statements.columns]
        if missing:
            raise input_error("position_matrix", f"statements table lacks column(s) "
                                                 f"{', '.join(missing)}")
        unit = None
    table = statements.reset_index(drop=True)
    label_of = dict(zip(table["issue"].astype(str),
                        table.get("issue_label", table["issue"]).astype(str)))
    # A statement counts on every issue it touches (``issues``), as in the issues
    # table: "guarantees to stop NATO expansion and roll back deployments" is a
    # position on both issues.
    sets = _issue_sets(table)
    long = table.iloc[[k for k, own in enumerate(sets) for _ in own]].copy()
    long["issue"] = [name for own in sets for name in sorted(own)]
    long["_row"] = [k for k, own in enumerate(sets) for _ in own]
    rows = []
    for (party, issue, category), group in long.groupby(["party", "issue", "category"], sort=True):
        index = group["_row"].to_numpy()
        if unit is not None:
            centroid = unit[index].mean(axis=0)
            score = unit[index] @ centroid
        else:
            score = pd.to_numeric(group.get("confidence", pd.Series(0.0, index=index)),
                                  errors="coerce").fillna(0.0).to_numpy()
        best = sorted(range(len(index)), key=lambda k: (-round(float(score[k]), 9),
                                                         group["statement_id"].iloc[k]))[0]
        rows.append({"party": party, "issue": issue, "issue_label": label_of.get(issue, issue),
                     "category": category, "n_statements": len(index),
                     "representative_statement_id": group["statement_id"].iloc[best],
                     "representative_text": group["text"].iloc[best]})
    return pd.DataFrame(rows, columns=_MATRIX_COLUMNS)


# --------------------------------------------------------------------------- links

def _issue_sets(statements: pd.DataFrame) -> list[frozenset[str]]:
    """The issues of each statement: its ``issues`` list if present, else its ``issue``."""
    if "issues" in statements.columns:
        return [frozenset(x for x in str(v).split(";") if x) or frozenset([str(i)])
                for v, i in zip(statements["issues"].fillna(""), statements["issue"])]
    return [frozenset([str(i)]) for i in statements["issue"]]


def response_relation(to_category: str, to_text: str) -> str | None:
    """How a statement answers a demand, red line or threat, or None if it does not.

    A concession concedes; an explicit rejection (``reject``, ``non-negotiable``,
    ``will not accept``, ``no intention``, ...) or a red line rejects; otherwise a
    demand counter-demands and a threat counter-threatens. ``other`` statements
    answer only when they reject.
    """
    if to_category == "concession":
        return "concedes"
    if to_category == "red_line" or _REJECTION.search(to_text or ""):
        return "rejects"
    return RELATION_OF_CATEGORY.get(to_category)


def link_responses(statements: pd.DataFrame, vectors, parties=config.DEFAULT_PARTIES,
                   threshold: float = RESPONSE_SIMILARITY_THRESHOLD,
                   max_answers: int = MAX_ANSWERS) -> pd.DataFrame:
    """Link every demand, red line and threat of one party to the other party's answers.

    ``statements`` needs ``statement_id, text, party, category, issue`` (and uses
    ``issues``, every issue a statement touches, when present). A statement of the
    other party answers when it shares an issue, its embedding similarity reaches
    ``threshold`` (waived inside one paragraph of one document, where answers
    point back with "the demands", "this") and :func:`response_relation` gives it
    a relation; the ``max_answers`` most similar answers are kept. A statement
    with no answer gets one row with relation ``unanswered`` and empty ``to_*``
    fields. Both directions (A to B and B to A) are linked; order in the text is
    not required, because news reports put answers before questions as often as
    after.

    Returns columns ``from_statement_id, from_party, from_category,
    to_statement_id, to_party, to_category, similarity, relation``, sorted by
    from and to statement id; ``attrs["threshold"]`` holds the threshold used.
    """
    unit = _check_inputs(statements, vectors, "link_responses",
                         ("statement_id", "text", "party", "category", "issue"))
    parties = _check_parties(parties)
    table = statements.reset_index(drop=True)
    party = table["party"].astype(str).to_numpy()
    category = table["category"].astype(str).to_numpy()
    issues = _issue_sets(table)
    ids = table["statement_id"].astype(str).to_numpy()
    texts = table["text"].fillna("").astype(str).to_numpy()
    if {"doc_id", "paragraph"} <= set(table.columns):
        place = list(zip(table["doc_id"].astype(str), table["paragraph"]))
    else:
        place = [(None, i) for i in range(len(table))]
    rows = []
    # The relation depends only on the answering statement: work it out once.
    relation_of = [response_relation(c, t) for c, t in zip(category, texts)]
    issue_names = sorted(set().union(*issues)) if issues else []
    column = {name: k for k, name in enumerate(issue_names)}
    on_issue = np.zeros((len(table), len(issue_names)), dtype=bool)
    for j, own in enumerate(issues):
        on_issue[j, [column[name] for name in own]] = True
    place_codes = pd.factorize(pd.Series(place, dtype=object))[0]
    for speaker, other in (parties, parties[::-1]):
        asking = np.flatnonzero((party == speaker) & np.isin(category, ASKING_CATEGORIES))
        can_answer = (party == other) & np.array([r is not None for r in relation_of], dtype=bool)
        # Statements with the same issues share their candidate answers: find
        # them once per issue set and score them in blocks (one matrix product
        # per 256 statements instead of one per statement).
        by_issues: dict[frozenset[str], list[int]] = {}
        for i in asking:
            by_issues.setdefault(issues[i], []).append(int(i))
        answers_of: dict[int, list] = {}
        for own, group in by_issues.items():
            pool = np.flatnonzero(can_answer & on_issue[:, on_issue[group[0]]].any(axis=1))
            for start in range(0, len(group), 256):  # bounded memory: 256 columns at a time
                chunk = group[start:start + 256]
                block = (unit[pool] @ unit[chunk].T).round(4) if len(pool) else None
                for k, i in enumerate(chunk):
                    similarity = block[:, k] if block is not None else np.zeros(0)
                    # Within one paragraph an answer may only point back ("Washington
                    # rejects the demands"), so similarity is not asked of it there.
                    ok = (similarity >= threshold) | (place_codes[pool] == place_codes[i])
                    candidates, similarity = pool[ok], similarity[ok]
                    if len(candidates) > max_answers:
                        # Keep everything tied with the last kept answer, then sort.
                        floor = np.partition(similarity, -max_answers)[-max_answers]
                        keep = similarity >= floor
                        candidates, similarity = candidates[keep], similarity[keep]
                    best = np.lexsort((ids[candidates], -similarity))[:max_answers]
                    answers_of[i] = list(zip(candidates[best], similarity[best]))
        for i in asking:
            for j, sim in answers_of[int(i)]:
                rows.append([ids[i], speaker, category[i], ids[j], other, category[j],
                             float(sim), relation_of[j]])
            if not answers_of[int(i)]:
                rows.append([ids[i], speaker, category[i], "", "", "", np.nan, "unanswered"])
    links = pd.DataFrame(rows, columns=_LINKS_COLUMNS)
    links = links.sort_values(["from_statement_id", "to_statement_id"], kind="stable")
    links = links.reset_index(drop=True)
    links.attrs["threshold"] = float(threshold)
    return links


def _check_parties(parties) -> tuple[str, str]:
    parties = tuple(str(p) for p in parties)
    if len(parties) != 2 or parties[0] == parties[1]:
        raise InputError(f"parties: need two different parties, got {parties!r}")
    return parties


def _warn_absent_parties(statements: pd.DataFrame, parties: tuple[str, str]) -> None:
    """Warn when a compared party says nothing in the corpus, naming the parties that do.

    The default pair (US, Russia) fits the seed; a corpus about another conflict
    would otherwise give empty verdicts without a word of why.
    """
    counts = statements["party"].value_counts()
    special = {vocab.NO_PARTY, vocab.UNKNOWN_PARTY, vocab.INDEPENDENT}
    speaking = sorted(((int(n), str(p)) for p, n in counts.items() if p not in special),
                      key=lambda item: (-item[0], item[1]))
    listed = ", ".join(f"{p} ({n})" for n, p in speaking[:6]) or "none"
    for party in parties:
        if party not in counts.index:
            warnings.warn(f"parties: {party!r} has no statements in this corpus; parties with "
                          f"statements: {listed}; choose the pair with --parties",
                          CorpusWarning, stacklevel=3)


# --------------------------------------------------------------------------- verdicts

def issue_verdicts(statements: pd.DataFrame, links: pd.DataFrame,
                   parties=config.DEFAULT_PARTIES) -> pd.DataFrame:
    """Per issue and party pair: ``deadlock``, ``bargaining_space``, ``one_sided``, ``unanswered``.

    A link counts for an issue when both its statements are on that issue (a
    statement is on every issue of its ``issues`` list); a demand, red line or
    threat on the issue with no link there counts as unanswered. Rules, in order:

    * only one of the two parties takes a position on the issue -> ``one_sided``;
    * at least one demand, red line or threat on the issue is met by a concession,
      and no more of them are met only by rejections or counter-threats ->
      ``bargaining_space``;
    * more of them are met only by rejections or counter-threats than by a
      concession, or demands are met only by counter-demands -> ``deadlock``;
    * no position on the issue is answered -> ``unanswered``.

    Issues where neither party takes a position get no row. Every row cites the
    statements behind its verdict (``supporting_statement_ids``, ";"-joined,
    sorted) and says why in ``explanation``.
    """
    parties = _check_parties(parties)
    for column in ("statement_id", "party", "category", "issue"):
        if column not in statements.columns:
            raise input_error("issue_verdicts", f"statements table lacks column {column}")
    table = statements.reset_index(drop=True)
    issue_sets = dict(zip(table["statement_id"].astype(str), _issue_sets(table)))
    labels = dict(zip(table["issue"].astype(str),
                      table.get("issue_label", table["issue"]).astype(str)))
    answered = links[links["relation"] != "unanswered"]
    all_issues = sorted(set().union(*issue_sets.values())) if issue_sets else []
    rows = []
    for issue in all_issues:
        on_issue = table.loc[np.array([issue in issue_sets[i]
                                       for i in table["statement_id"].astype(str)], dtype=bool)]
        positions = on_issue[on_issue["party"].isin(parties)
                             & on_issue["category"].isin(POSITION_CATEGORIES)]
        here = answered.loc[np.array(
            [issue in issue_sets.get(f, ()) and issue in issue_sets.get(t, ())
             for f, t in zip(answered["from_statement_id"], answered["to_statement_id"])],
            dtype=bool)]
        # A party that only answers (a denial such as "we have no intention of
        # invading") still takes a side on the issue.
        speaking = sorted(set(positions["party"]) | set(here["to_party"]))
        if not speaking:
            continue
        asking = positions[positions["category"].isin(ASKING_CATEGORIES)]["statement_id"]
        unanswered = sorted(set(asking) - set(here["from_statement_id"]))
        counts = {r: int((here["relation"] == r).sum()) for r in RELATIONS}
        counts["unanswered"] = len(unanswered)
        # Verdicts count asking statements, not links: one rejection that answers
        # five demands at once must not outweigh a concession five times over.
        answers = here.groupby("from_statement_id")["relation"].agg(set)
        conceded = sorted(f for f, r in answers.items() if "concedes" in r)
        rejected = sorted(f for f, r in answers.items()
                          if "concedes" not in r and r & {"rejects", "counter_threatens"})
        opposing = len(rejected)

        def cite(relations):
            chosen = here[here["relation"].isin(relations)]
            return sorted(set(chosen["from_statement_id"]) | set(chosen["to_statement_id"]))

        if len(speaking) == 1:
            verdict = "one_sided"
            support = sorted(positions["statement_id"].astype(str))
            why = f"only {speaking[0]} takes a position on this issue"
        elif conceded and len(conceded) >= opposing:
            verdict = "bargaining_space"
            support = cite(("concedes",))
            why = (f"{len(conceded)} demand(s), red line(s) or threat(s) met by a concession, "
                   f"{opposing} met only by rejection or counter-threat")
        elif opposing or counts["counter_demands"]:
            verdict = "deadlock"
            if opposing:
                support = cite(("rejects", "counter_threatens"))
                why = (f"{opposing} demand(s), red line(s) or threat(s) met only by rejection or "
                       f"counter-threat, {len(conceded)} met by a concession")
            else:
                support = cite(("counter_demands",))
                why = (f"{counts['counter_demands']} demand(s) met only by counter-demands, "
                       "nothing conceded")
        else:
            verdict = "unanswered"
            support = unanswered
            why = "both parties take positions, but none answers the other's"
        rows.append({"issue": issue, "issue_label": labels.get(issue, issue),
                     "party_a": parties[0], "party_b": parties[1], "verdict": verdict,
                     "n_rejects": counts["rejects"], "n_concedes": counts["concedes"],
                     "n_counter_demands": counts["counter_demands"],
                     "n_counter_threatens": counts["counter_threatens"],
                     "n_unanswered": counts["unanswered"],
                     "supporting_statement_ids": ";".join(support), "explanation": why})
    return pd.DataFrame(rows, columns=_VERDICT_COLUMNS)


# --------------------------------------------------------------------------- distances

def party_centroids(statements: pd.DataFrame, vectors,
                    parties: Sequence[str] | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Unit-length embedding centroid per party and category (plus category ``all``).

    Returns (table ``party, category, n_statements`` sorted, array of centroids
    in the same row order).
    """
    unit = _check_inputs(statements, vectors, "party_centroids")
    table = statements.reset_index(drop=True)
    parties = sorted(set(table["party"])) if parties is None else list(parties)
    rows, centres = [], []
    for party in parties:
        mine = table["party"] == party
        for category in ("all",) + tuple(sorted(set(table.loc[mine, "category"]))):
            members = mine if category == "all" else mine & (table["category"] == category)
            if members.any():
                rows.append({"party": party, "category": category,
                             "n_statements": int(members.sum())})
                centres.append(_normalise(unit[members.to_numpy()].mean(axis=0, keepdims=True))[0])
    dim = unit.shape[1] if unit.ndim == 2 else 0
    return (pd.DataFrame(rows, columns=["party", "category", "n_statements"]),
            np.vstack(centres) if centres else np.zeros((0, dim)))


def _mean_pair_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray | float:
    """Mean cosine similarity over all (statement of A, statement of B) pairs.

    For unit vectors it equals the dot product of the two (unnormalised) mean
    vectors, so it is linear in each sample mean: unbiased under resampling.
    ``a`` and ``b`` may carry leading batch axes (rows on axis -2).
    """
    value = (a.mean(axis=-2) * b.mean(axis=-2)).sum(axis=-1)
    return float(value) if np.ndim(value) == 0 else value


def _bootstrap_interval(a: np.ndarray, b: np.ndarray, n_boot: int, confidence: float,
                        rng: np.random.Generator) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`_mean_pair_similarity`.

    The statements of each party are resampled independently
    (``scipy.stats.bootstrap``); a party with one statement is held fixed.
    """
    from scipy.stats import bootstrap

    point = _mean_pair_similarity(a, b)
    if n_boot < 2 or (len(a) < 2 and len(b) < 2):
        return point, point

    def statistic(*indices, axis=-1):
        picked = iter(indices)
        sample_a = a[next(picked).astype(int)] if len(a) > 1 else a
        sample_b = b[next(picked).astype(int)] if len(b) > 1 else b
        return _mean_pair_similarity(sample_a, sample_b)

    data = tuple(np.arange(len(g)) for g in (a, b) if len(g) > 1)
    result = bootstrap(data, statistic, n_resamples=n_boot, confidence_level=confidence,
                       method="percentile", vectorized=True, batch=50, paired=False, rng=rng)
    low, high = result.confidence_interval
    return float(low), float(high)


def position_distances(statements: pd.DataFrame, vectors, parties=config.DEFAULT_PARTIES,
                       n_boot: int = N_BOOTSTRAP, random_state: int = config.RANDOM_SEED,
                       confidence: float = 0.95) -> pd.DataFrame:
    """How close two parties' statements are, per category, with bootstrap intervals.

    For each category both parties use (and ``all``): ``similarity``, the mean
    cosine similarity between a statement of party A and one of party B, with a
    percentile bootstrap interval (``ci_low``, ``ci_high``) from resampling each
    party's statements ``n_boot`` times; and ``centroid_similarity``, the cosine
    of the two parties' centroids (direction only: higher, and without an
    interval, because resampled centroids are biased toward lower similarity).
    Columns ``party_a, party_b, category, n_a, n_b, similarity, ci_low, ci_high,
    centroid_similarity, n_boot``.
    """
    unit = _check_inputs(statements, vectors, "position_distances")
    a_party, b_party = _check_parties(parties)
    table = statements.reset_index(drop=True)
    rng = np.random.default_rng(random_state)
    rows = []
    for category in ("all", "demand", "red_line", "threat", "concession", "other"):
        groups = []
        for party in (a_party, b_party):
            members = table["party"] == party
            if category != "all":
                members &= table["category"] == category
            groups.append(unit[members.to_numpy()])
        a, b = groups
        if not len(a) or not len(b):
            continue
        point = _mean_pair_similarity(a, b)
        low, high = _bootstrap_interval(a, b, n_boot, confidence, rng)
        centroid = float(_normalise(a.mean(0, keepdims=True))[0]
                         @ _normalise(b.mean(0, keepdims=True))[0])
        rows.append({"party_a": a_party, "party_b": b_party, "category": category,
                     "n_a": len(a), "n_b": len(b), "similarity": round(point, 4),
                     "ci_low": round(low, 4), "ci_high": round(high, 4),
                     "centroid_similarity": round(centroid, 4), "n_boot": n_boot})
    return pd.DataFrame(rows, columns=_DISTANCE_COLUMNS)


# --------------------------------------------------------------------------- figure helpers

def statement_similarity(statements: pd.DataFrame, vectors,
                         parties=config.DEFAULT_PARTIES) -> pd.DataFrame:
    """Cosine similarity of every party-A statement to every party-B statement.

    Long table ``a_statement_id, a_category, b_statement_id, b_category,
    similarity``, sorted by the two ids.
    """
    unit = _check_inputs(statements, vectors, "statement_similarity")
    a_party, b_party = _check_parties(parties)
    table = statements.reset_index(drop=True)
    a = np.flatnonzero(table["party"] == a_party)
    b = np.flatnonzero(table["party"] == b_party)
    sims = unit[a] @ unit[b].T if len(a) and len(b) else np.zeros((len(a), len(b)))
    ids, categories = table["statement_id"].to_numpy(), table["category"].to_numpy()
    rows = [{"a_statement_id": ids[i], "a_category": categories[i],
             "b_statement_id": ids[j], "b_category": categories[j],
             "similarity": round(float(sims[x, y]), 4)}
            for x, i in enumerate(a) for y, j in enumerate(b)]
    columns = ["a_statement_id", "a_category", "b_statement_id", "b_category", "similarity"]
    return (pd.DataFrame(rows, columns=columns)
            .sort_values(["a_statement_id", "b_statement_id"]).reset_index(drop=True))


def statement_map(statements: pd.DataFrame, vectors) -> pd.DataFrame:
    """A deterministic 2-D projection (PCA) of every statement.

    Returns ``statement_id, party, category, x, y`` in input order; the sign of
    each axis is fixed so the map never flips between runs.
    """
    unit = _check_inputs(statements, vectors, "statement_map")
    table = statements.reset_index(drop=True)
    centred = unit - unit.mean(axis=0) if len(unit) else unit
    if len(unit) >= 2:
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        axes = vt[:2]
        # SVD signs are arbitrary; make the largest loading of each axis positive.
        signs = np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])
        coords = centred @ (axes * signs[:, None]).T
        if coords.shape[1] < 2:
            coords = np.hstack([coords, np.zeros((len(coords), 1))])
    else:
        coords = np.zeros((len(unit), 2))
    return pd.DataFrame({"statement_id": table["statement_id"], "party": table["party"],
                         "category": table["category"], "text": table["text"],
                         "x": coords[:, 0].round(6), "y": coords[:, 1].round(6)})


# --------------------------------------------------------------------------- timeline

def timeline(statements: pd.DataFrame, docs: pd.DataFrame,
             parties: Sequence[str] | None = None) -> pd.DataFrame:
    """Statements per date, party and category, from the documents' ISO dates.

    ``docs`` needs ``doc_id, date``; statements of undated documents are left out
    (an empty table if no document has a date). Columns ``date, party, category,
    n_statements, statement_ids``, sorted.
    """
    for column in ("doc_id", "date"):
        if column not in docs.columns:
            raise input_error("timeline", f"documents table lacks column {column}")
    dates = dict(zip(docs["doc_id"].astype(str), docs["date"].fillna("").astype(str)))
    table = statements.copy()
    table["date"] = table["doc_id"].astype(str).map(dates).fillna("")
    table = table[table["date"] != ""]
    if parties is not None:
        table = table[table["party"].isin(parties)]
    rows = [{"date": date, "party": party, "category": category, "n_statements": len(group),
             "statement_ids": ";".join(sorted(group["statement_id"]))}
            for (date, party, category), group in table.groupby(["date", "party", "category"],
                                                                sort=True)]
    return pd.DataFrame(rows, columns=_TIMELINE_COLUMNS)


# --------------------------------------------------------------------------- everything

def compare(statements: pd.DataFrame, vectors, parties=config.DEFAULT_PARTIES,
            anchors: pd.DataFrame | None = None, docs: pd.DataFrame | None = None,
            n_issues: int | None = None, random_state: int = config.RANDOM_SEED,
            n_boot: int = N_BOOTSTRAP,
            embed: Callable[[Sequence[str]], np.ndarray] | None = None) -> dict[str, pd.DataFrame]:
    """Run the whole comparison; return a dict of tables.

    Keys: ``statements`` (input plus issue columns), ``issues``,
    ``position_matrix``, ``links``, ``verdicts``, ``distances``, ``settings``
    (name/value of the thresholds used), and ``timeline`` when ``docs`` is given.
    """
    parties = _check_parties(parties)
    _warn_absent_parties(statements, parties)
    with_issue, issues = assign_issues(statements, vectors, anchors=anchors, n_issues=n_issues,
                                       random_state=random_state, embed=embed)
    links = link_responses(with_issue, vectors, parties)
    tables = {
        "statements": with_issue,
        "issues": issues,
        "position_matrix": position_matrix(with_issue, vectors),
        "links": links,
        "verdicts": issue_verdicts(with_issue, links, parties),
        "distances": position_distances(with_issue, vectors, parties, n_boot=n_boot,
                                        random_state=random_state),
        "settings": pd.DataFrame({
            "name": ["parties", "response_threshold", "anchor_threshold", "n_boot",
                     "random_state"],
            "value": [";".join(parties), f"{RESPONSE_SIMILARITY_THRESHOLD:.2f}",
                      f"{ANCHOR_SIMILARITY_THRESHOLD:.2f}", str(n_boot), str(random_state)]}),
    }
    if docs is not None:
        tables["timeline"] = timeline(with_issue, docs, parties)
    return tables
