"""What every step of the comparison shares: vocabularies, input checks, word lists, stems.

The word lists are data (``analysis/data/issue_words.csv``, one ``list,word`` row
each), not code: ``frame`` (how a statement was reported), ``stance`` (the move,
not its object), ``weak``/``quantity``/``holder``/``leading`` (words that never
start or make a name), ``object_noun`` (stance words that may end a name),
``reference_noun``/``reference_word`` (what a reply points back with: "the
demands", "this"), ``generic`` (words that never name an issue alone) and
``vague`` (words that never name an issue, though they may tell topics apart:
"development", "outcome", "hope") and ``group`` (nouns for groups of people,
"rebels", "workers": they never end a name, which says what, not who) and
``instrument`` (words for a named agreement or arrangement, "Brussels Agreement",
"Zangezur Corridor": a run of capitalised words ending on one names a thing, any
other names a person, place or body).
"""
from __future__ import annotations

import functools
import re
import warnings
from typing import Sequence

import numpy as np
import pandas as pd

from .. import config, vocab
from ..errors import CorpusWarning, InputError, input_error

#: Categories that state a position another party can answer.
POSITION_CATEGORIES = ("demand", "red_line", "threat", "concession")
#: Categories whose statements ask something of the other side and so expect an answer.
ASKING_CATEGORIES = ("demand", "red_line", "threat")
#: What a response of each category does to the statement it answers.
RELATION_OF_CATEGORY = {"red_line": "rejects", "concession": "concedes",
                        "demand": "counter_demands", "threat": "counter_threatens"}
RELATIONS = ("rejects", "concedes", "counter_demands", "counter_threatens", "unanswered")
VERDICTS = ("deadlock", "bargaining_space", "one_sided", "unanswered")
#: The visible group of small leftover topics (never a verdict of its own).
OTHER_TOPICS = "other topics"

WORDS_FILE = config.DATA_DIR / "issue_words.csv"

REJECTION = re.compile(
    r"\b(reject\w*|refus\w*|dismiss\w*|den(?:y|ies|ied)|rul(?:e|es|ed) out|non-?negotiable|"
    r"not negotiable|unacceptable|out of the question|non-?starter|no intention|"
    r"(?:will|would|could|can|do|does|did|shall)\s*(?:not|n[o']t)\s+(?:accept|allow|agree|"
    r"give up|discuss|negotiate|compromise|permit|tolerate|yield|budge|back down)|"
    r"cannot (?:accept|allow|agree)|never (?:accept|allow|agree)|push(?:ed|es|ing)? back)\b",
    re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    """The word lists of ``issue_words.csv``, by list name."""
    table = pd.read_csv(WORDS_FILE, dtype=str, keep_default_na=False)
    return {name: frozenset(group["word"].str.lower())
            for name, group in table.groupby("list", sort=True)}


def words(*names: str) -> frozenset[str]:
    """The union of the named word lists."""
    lists = word_lists()
    return frozenset().union(*(lists.get(n, frozenset()) for n in names))


def check_inputs(statements: pd.DataFrame, vectors, where: str,
                 columns: Sequence[str] = ("statement_id", "text", "party", "category"),
                 unit: bool = True) -> np.ndarray:
    """Unit-length float vectors aligned with ``statements``; InputError on a mismatch.

    ``unit=False`` returns them checked but as given (float32), for a stage that
    reads only some rows and normalises those: rows are normalised one by one, so
    the numbers are the same.
    """
    missing = [c for c in columns if c not in statements.columns]
    if missing:
        raise input_error(where, f"statements table lacks column(s) {', '.join(missing)}")
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != len(statements):
        raise input_error(where, f"embeddings have shape {vectors.shape}, expected "
                                 f"({len(statements)}, dim): one row per statement")
    if statements["statement_id"].duplicated().any():
        dup = statements.loc[statements["statement_id"].duplicated(), "statement_id"].iloc[0]
        raise input_error(where, f"statement_id {dup!r} occurs more than once")
    return normalise(vectors) if unit else vectors


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero).

    Done in blocks of rows that fit the processor's cache: the same arithmetic as
    on the whole array (each row is its own sum), without two temporaries as large
    as the input.
    """
    vectors = np.asarray(vectors)
    out = np.empty(vectors.shape, dtype=np.result_type(vectors.dtype, np.float32))
    step = _NORMALISE_ROWS
    for start in range(0, len(vectors), step):
        block = vectors[start:start + step]
        norms = np.linalg.norm(block, axis=1, keepdims=True)
        np.divide(block, np.where(norms == 0, 1.0, norms), out=out[start:start + step])
    return out


#: Rows per block of :func:`normalise` (4,096 x 384 float32 = 6 MB).
_NORMALISE_ROWS = 4096


def check_parties(parties) -> tuple[str, str]:
    """The party pair as two different strings; InputError otherwise."""
    if parties is None or isinstance(parties, str):
        raise InputError(f"parties: need two different parties, got {parties!r}")
    parties = tuple(str(p) for p in parties)
    if len(parties) != 2 or parties[0] == parties[1]:
        raise InputError(f"parties: need two different parties, got {parties!r}")
    return parties


def warn_absent_parties(statements: pd.DataFrame, parties: tuple[str, str]) -> None:
    """Warn when a compared party says nothing in the corpus, naming the parties that do."""
    counts = statements["party"].value_counts() if "party" in statements.columns else pd.Series()
    special = {vocab.NO_PARTY, vocab.UNKNOWN_PARTY, vocab.INDEPENDENT}
    speaking = sorted(((int(n), str(p)) for p, n in counts.items() if p not in special),
                      key=lambda item: (-item[0], item[1]))
    listed = ", ".join(f"{p} ({n})" for n, p in speaking[:6]) or "none"
    for party in parties:
        if party not in counts.index:
            warnings.warn(f"parties: {party!r} has no statements in this corpus; parties with "
                          f"statements: {listed}; choose the pair with --parties",
                          CorpusWarning, stacklevel=3)


def issue_sets(statements: pd.DataFrame) -> list[frozenset[str]]:
    """The issues of each statement: its ``issues`` list if present, else its ``issue``."""
    primary = [str(i) for i in statements["issue"].to_numpy(dtype=object)]
    if "issues" not in statements.columns:
        return [frozenset([i]) for i in primary]
    # A corpus repeats a few combinations: each is split once (per-row work on
    # Arrow-backed strings was most of the cost at 100,000 statements).
    listed = [str(v) for v in statements["issues"].fillna("").to_numpy(dtype=object)]
    known: dict[tuple[str, str], frozenset[str]] = {}
    out = []
    for v, i in zip(listed, primary):
        found = known.get((v, i))
        if found is None:
            found = known[(v, i)] = frozenset(x for x in v.split(";") if x) or frozenset([i])
        out.append(found)
    return out


def default_embed(texts: Sequence[str]) -> np.ndarray:
    """The project's embedding model (cached per text)."""
    from ..embeddings import embed_texts

    return embed_texts(list(texts))


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word (cached: words repeat a lot)."""
    return _stemmer().stemWord(word)


@functools.lru_cache(maxsize=1)
def _actor_table() -> pd.DataFrame | None:
    try:
        from .. import actors

        return actors.load_actors()
    except Exception:  # the actor table is optional here: names are only less clean
        return None


def holder_words(statements: pd.DataFrame) -> set[str]:
    """Lower-case capitalised words of this corpus's speakers and parties ("writers"
    of "Writers Guild", "hamas"): the holders of its positions."""
    return _capitalised_words(_holder_values(statements))


def _holder_values(statements: pd.DataFrame) -> list[str]:
    values = []
    for column in ("speaker", "party"):
        if column in statements.columns:
            values += statements[column].fillna("").astype(str).unique().tolist()
    return values


def _capitalised_words(values) -> set[str]:
    # Only capitalised words: aliases such as "the military alliance" must not
    # turn "military" into an actor name.
    found: set[str] = set()
    for value in values:
        # Hyphenated names count whole and in parts ("Jean-Pierre", "jean", "pierre"):
        # issue names are read in whole hyphenated words.
        for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", value):
            found.update(w.lower() for w in {word, *word.split("-")} if len(w) > 1 and w[0].isupper())
    return found


def actor_words(statements: pd.DataFrame) -> set[str]:
    """Lower-case capitalised words that name actors: speakers, parties, the actor table."""
    values = _holder_values(statements)
    table = _actor_table()
    if table is not None:
        for column in ("name", "aliases", "party", "bloc"):
            if column in table.columns:
                values += table[column].fillna("").astype(str).tolist()
    return _capitalised_words(values)


@functools.lru_cache(maxsize=1)
def actor_alias_pattern() -> re.Pattern | None:
    """Multi-word lower-case actor aliases ("the military alliance") as one regex."""
    table = _actor_table()
    if table is None:
        return None
    phrases = set()
    for value in table.get("aliases", pd.Series(dtype=str)).fillna("").astype(str):
        for alias in value.split(";"):
            parts = alias.strip().split()
            while parts and parts[0].lower() in ("the", "a", "an"):
                parts = parts[1:]
            if len(parts) > 1 and not any(w[0].isupper() for w in parts):
                phrases.add(" ".join(parts))
    if not phrases:
        return None
    ordered = sorted(phrases, key=lambda a: (-len(a), a))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b", re.IGNORECASE)


@functools.lru_cache(maxsize=50_000)
def is_country_word(word: str) -> bool:
    """True if ``word`` names a country or its people ("russia", "russian")."""
    try:
        from ..actors import country_party
    except ImportError:
        return False
    return country_party(word.capitalize()) is not None


class PhraseReader:
    """Splits text into candidate issue phrases (runs of content words).

    A run breaks at punctuation, stop words, reporting words, stance words and
    actor names, so what remains is the object of the position ("eastward
    expansion", "offensive missiles", "pay rise"). Each word is kept with its
    stem so that "deploy" and "deployments" count as the same word.
    """

    def __init__(self, statements: pd.DataFrame, keep: frozenset[str] = frozenset(),
                 keep_actors: bool = False):
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        # ``keep``: words that break runs by default but may stand inside a name.
        breaks = set(ENGLISH_STOP_WORDS) | words("frame", "stance")
        if not keep_actors:
            breaks |= actor_words(statements)
        self.breaks = breaks - set(keep)
        self.keep_actors = keep_actors

    def breaks_at(self, word: str) -> bool:
        if word in self.breaks or len(word) < 3:
            return True
        return not self.keep_actors and is_country_word(word)

    def runs(self, text: str, evidence: str = "") -> list[list[tuple[str, str]]]:
        """Runs of (word, stem) pairs in ``text``; the ``evidence`` cue span is skipped."""
        if evidence and evidence in text:
            text = text.replace(evidence, " | ")
        aliases = actor_alias_pattern()
        if aliases is not None and not self.keep_actors:
            text = aliases.sub(" | ", text)
        runs, current = [], []
        for token in re.findall(r"[A-Za-z][A-Za-z'’\-]*|[^\sA-Za-z]", text):
            word = re.sub(r"['’]s$", "", token.lower()).strip("'’-")
            if not word or not word[0].isalpha() or self.breaks_at(word):
                if current:
                    runs.append(current)
                current = []
            else:
                current.append((word, stem(word)))
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
