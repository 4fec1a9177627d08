"""The front door: one object that holds the stages and runs the chain.

::

    from analysis import NegotiationAnalyzer, Settings
    analyzer = NegotiationAnalyzer(settings=Settings(parties=("US", "Russia")))
    result = analyzer.run("seeds")            # documents, statements, coverage, vectors, tables
    result.statements[["speaker", "party", "category", "evidence"]]
    result.tables["verdicts"]

Every part is injected and can be swapped without touching the rest:

* ``actors``: an actor table (``analysis.actors.load_actors``); default: the
  built-in table extended by the corpus's own ``actors.csv``.
* ``embedder``: anything with ``model_id`` and ``embed(texts) -> float32 rows``
  (:class:`analysis.embeddings.Embedder`); default: the bundled
  sentence-transformers model behind the vector cache.
* ``stance_model``: any fitted scikit-learn classifier over texts exposing
  ``classes_`` and ``predict_proba``; default: the package's own model.
* ``issue_grouping``: how the comparison groups statements into issues
  (passed to :func:`analysis.compare.compare`); default: the package's.
* ``settings``: one frozen :class:`analysis.settings.Settings`.

The command line, the report, the notebooks and the Dask runner all go
through :meth:`NegotiationAnalyzer.run`, and both the single-process and the
Dask runner process documents with the one function
:func:`process_document_group`, so their outputs cannot drift apart.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import schemas
from .settings import Settings

#: Columns that order the statements table (docs/design.md).
STATEMENT_ORDER = ["doc_id", "char_start"]


@dataclass
class AnalysisResult:
    """Everything one run produced, aligned row by row where it matters.

    ``vectors`` has one row per row of ``statements``. ``tables`` holds the
    comparison tables (issues, position matrix, links, verdicts, distances,
    ...) when the settings name a party pair. ``settings`` is the object the
    run used; ``model_id`` the embedding model's identity.
    """

    docs: pd.DataFrame
    statements: pd.DataFrame
    coverage: pd.DataFrame
    vectors: np.ndarray | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    model_id: str = ""

    @property
    def parties(self) -> tuple[str, str] | None:
        return self.settings.parties

    def has_timeline(self) -> bool:
        """A timeline is drawn only when documents carry two or more distinct dates."""
        return "timeline" in self.tables and len(set(self.docs["date"]) - {""}) >= 2


@dataclass(frozen=True)
class _GroupParts:
    """What a document group needs besides its documents (sent once to Dask workers)."""

    actors: pd.DataFrame | None
    embedder: object | None
    stance_model: object | None
    classify: bool
    classified_languages: tuple[str, ...]
    parties: tuple[str, str] | None = None  # the pair's executive seat, if named (guideline 2a.16)


def process_document_group(docs: pd.DataFrame, parts: _GroupParts, vectors_for=None
                           ) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray | None]:
    """Extract, embed and classify one group of documents: the chain's per-document step.

    ``docs`` is a slice of the docs table. Returns the group's statements
    (sorted by ``doc_id, char_start``, spans in the decoded original), its
    coverage rows, and the statements' vectors (``vectors_for(statements)``
    if given: vectors computed before, aligned with these statements; else
    embedded by ``parts.embedder``; None without either). Statements of documents in
    a language the stance model was not built for keep their rows but no label.
    """
    from . import corpus
    from . import extract as extraction

    extracted = extraction.extract(docs, parts.actors, parts.parties)  # statements and coverage, one pass
    found = corpus.map_table_spans_to_original(extracted.statements, docs)
    covered = corpus.map_table_spans_to_original(extracted.coverage, docs)
    found = found.sort_values(STATEMENT_ORDER, kind="stable").reset_index(drop=True)
    vectors = None
    if vectors_for is not None:
        vectors = vectors_for(found)
    elif parts.embedder is not None:
        vectors = parts.embedder.embed(found["text"].tolist())
    if parts.classify and len(found):
        found = _classify(found, parts.stance_model, vectors)
        languages = dict(zip(docs["doc_id"], docs["language"]))
        found = withhold_unclassified_languages(found, languages, parts.classified_languages)
    elif parts.classify:
        # No statements (empty documents): the table still has every column.
        found = found.assign(**{name: pd.Series(dtype=dtype) for name, dtype in _STANCE_DTYPES.items()})
    return found, covered, vectors


#: The stance columns and their types, for tables with no statements.
_STANCE_DTYPES = {"category": str, "categories": str, "confidence": float, "evidence": str,
                  "conditional": bool, "negated": bool, "hypothetical": bool}


def _classify(statements: pd.DataFrame, model, vectors: np.ndarray | None) -> pd.DataFrame:
    from . import stance

    return stance.classify_statements(statements, model)


def withhold_unclassified_languages(statements: pd.DataFrame, languages: dict[str, str],
                                    classified: Iterable[str] = ("en",)) -> pd.DataFrame:
    """Replace stance labels of statements from documents in other languages by ``other``.

    The cue rules and the training sentences are English; a label on Russian or
    French text would look confident and mean nothing. The statement stays,
    with confidence 0 and the reason in ``evidence``. Documents whose language
    could not be detected ("") keep their labels.
    """
    language = statements["doc_id"].map(languages).fillna("")
    foreign = (language != "") & ~language.isin(tuple(classified))
    if not foreign.any():
        return statements
    statements = statements.copy()
    statements.loc[foreign, ["category", "categories"]] = "other"
    statements.loc[foreign, "confidence"] = 0.0
    statements.loc[foreign, "evidence"] = "not classified: document language " + language[foreign]
    for flag in ("conditional", "negated", "hypothetical"):
        statements.loc[foreign, flag] = False
    return statements


class NegotiationAnalyzer:
    """Statements, stances and the comparison of two parties' positions, for any corpus.

    The constructor only stores its parts (see the module docstring); nothing
    is loaded until :meth:`run`.
    """

    def __init__(self, *, actors: pd.DataFrame | None = None, embedder=None, stance_model=None,
                 issue_grouping=None, settings: Settings | None = None):
        self.actors = actors
        self.embedder = embedder
        self.stance_model = stance_model
        self.issue_grouping = issue_grouping
        self.settings = settings if settings is not None else Settings()

    def __repr__(self) -> str:
        parts = [f"{name}={value!r}" for name, value in
                 (("embedder", self.embedder), ("stance_model", self.stance_model),
                  ("issue_grouping", self.issue_grouping)) if value is not None]
        return f"NegotiationAnalyzer({', '.join(parts + [f'settings={self.settings!r}'])})"

    # ------------------------------------------------------------------ parts

    def embedder_(self):
        """The embedder in force (the injected one, or the default)."""
        if self.embedder is not None:
            return self.embedder
        from .embeddings import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(batch_size=self.settings.embedding_batch_size)

    def actors_for(self, corpus_dir: str | Path | None) -> pd.DataFrame:
        """The actor table in force for a corpus: the injected one, or built-in + ``actors.csv``."""
        from . import actors, corpus

        if self.actors is not None:
            return self.actors
        return actors.load_actors(corpus.corpus_file(corpus_dir, "actors.csv")
                                  if corpus_dir is not None else None)

    def _parts(self, corpus_dir, classify: bool, embed: bool) -> _GroupParts:
        return _GroupParts(actors=self.actors_for(corpus_dir),
                           embedder=self.embedder_() if embed else None,
                           stance_model=self.stance_model, classify=classify,
                           classified_languages=self.settings.classified_languages,
                           parties=self.settings.parties)

    # ------------------------------------------------------------------ running

    def run(self, corpus, embeddings: np.ndarray | None = None, *, classify: bool = True,
            embed: bool = True, client=None, progress: bool = False) -> AnalysisResult:
        """Run the chain on ``corpus`` and return one :class:`AnalysisResult`.

        ``corpus`` is a corpus folder or a docs table (``analysis.load_corpus``).
        ``embeddings``, if given, are the statements' vectors from an earlier
        run over the same corpus (``result.vectors``): they are used as they
        are, never re-embedded, for the stance model and the comparison alike.
        ``classify=False`` or ``embed=False`` stop after extraction (no
        comparison then). ``client`` runs the per-document step on a Dask
        cluster (a ``distributed.Client``, a scheduler address, or ``"local"``
        for a local cluster); the result is the same as without it.
        ``progress`` shows a progress bar on standard error (never in notebooks).
        """
        corpus_dir, groups, total = self._document_groups(corpus)
        embed = embed and embeddings is None
        parts = self._parts(corpus_dir, classify=classify, embed=embed)
        if embeddings is not None:
            embeddings = np.asarray(embeddings)
        if client is not None:
            if embeddings is not None:
                raise ValueError("precomputed embeddings are used by the single-process runner; "
                                 "run without a client")
            pieces = self._run_on_cluster(groups, parts, client)
        else:
            pieces = self._run_here(groups, parts, embeddings, total, progress)
        docs = pd.concat([p[0] for p in pieces], ignore_index=True) if pieces else _empty_docs()
        statements = _concat([p[1] for p in pieces], STATEMENT_ORDER)
        coverage = _concat([p[2] for p in pieces], None)
        vectors = self._join_vectors([p[3] for p in pieces], embeddings, len(statements))
        # Contracts are checked once per run, on whole tables (per group would cost more
        # than the stages on a large corpus).
        schemas.validate(docs, "docs", "corpus loading")
        schemas.validate(statements, "classified" if classify else "statements", "extraction")
        schemas.validate(coverage, "coverage", "extraction")
        result = AnalysisResult(docs=docs, statements=statements, coverage=coverage,
                                vectors=vectors, settings=self.settings,
                                model_id=self._model_id(vectors))
        if classify and vectors is not None and self.settings.parties is not None \
                and len(statements):  # nothing to compare in a corpus without statements
            self.compare(result, anchors=_issue_anchors(corpus_dir))
        return result

    def compare(self, result: AnalysisResult, anchors: pd.DataFrame | None = None) -> AnalysisResult:
        """Add the comparison tables for ``settings.parties`` to ``result`` (in place)."""
        from . import compare as comparison

        if self.settings.parties is None:
            raise ValueError("settings.parties names no party pair to compare")
        if result.vectors is None:
            raise ValueError("the comparison needs the statements' vectors")
        embedder = self.embedder_()
        tables = comparison.compare(result.statements, result.vectors,
                                    parties=self.settings.parties, anchors=anchors,
                                    docs=result.docs, settings=self.settings.compare,
                                    embed=embedder.embed, grouping=self.issue_grouping)
        # One settings table for the whole run, written from the object it used.
        tables["settings"] = self.settings.to_frame()
        result.statements = tables.pop("statements", result.statements)
        for contract in ("issues", "verdicts"):
            if contract in tables:
                schemas.validate(tables[contract], contract, "comparison")
        result.tables = tables
        return result

    def _model_id(self, vectors) -> str:
        if vectors is None:
            return ""
        embedder = self.embedder_()
        try:
            return str(embedder.model_id)
        except Exception:  # an embedder whose identity cannot be read is still usable
            return type(embedder).__name__

    def _document_groups(self, corpus) -> tuple[Path | None, Iterator[pd.DataFrame], int | None]:
        """Groups of ``settings.docs_per_group`` documents, read one at a time."""
        from . import corpus as corpus_module
        from .errors import input_error

        size = self.settings.docs_per_group
        if isinstance(corpus, pd.DataFrame):
            docs = corpus.reset_index(drop=True)
            return None, (docs.iloc[i:i + size] for i in range(0, len(docs), size)), len(docs)
        corpus_dir = Path(corpus)
        if not corpus_dir.is_dir():
            raise input_error(corpus_dir, "corpus folder not found")
        columns = list(corpus_module.DOC_COLUMNS)

        def groups():
            batch = []
            for doc in corpus_module.iter_documents(corpus_dir):
                batch.append(doc)
                if len(batch) == size:
                    yield pd.DataFrame(batch, columns=columns)
                    batch = []
            if batch:
                yield pd.DataFrame(batch, columns=columns)

        return corpus_dir, groups(), None

    def _run_here(self, groups, parts, embeddings, total, progress):
        if progress:
            from tqdm import tqdm

            groups = tqdm(groups, desc="document groups", unit="group", leave=False)
        pieces, offset = [], 0

        def next_slice(found: pd.DataFrame) -> np.ndarray:
            # Statements come out in corpus order, so a group's rows are the next slice.
            return _slice_vectors(embeddings, offset, len(found))

        for docs in groups:
            found, covered, vectors = process_document_group(
                docs, parts, next_slice if embeddings is not None else None)
            offset += len(found)
            pieces.append((docs, found, covered, vectors))
        if embeddings is not None and offset != len(embeddings):
            raise ValueError(f"embeddings: {len(embeddings)} rows for {offset} statements")
        return pieces

    def _run_on_cluster(self, groups, parts, client):
        from . import distributed

        return distributed.run_groups(groups, parts, client)

    @staticmethod
    def _join_vectors(parts, given, rows) -> np.ndarray | None:
        if given is not None:
            from .embeddings import check_vectors

            return check_vectors(given, rows)
        present = [p for p in parts if p is not None]
        if not present:
            return None
        nonempty = [p for p in present if len(p)]
        if not nonempty:
            return present[0].astype(np.float32, copy=False)
        return np.concatenate(nonempty).astype(np.float32, copy=False)


def _slice_vectors(embeddings: np.ndarray, offset: int, rows: int) -> np.ndarray:
    from .embeddings import check_vectors

    if offset + rows > len(embeddings):
        raise ValueError(f"embeddings: {len(embeddings)} rows, fewer than the statements found")
    return check_vectors(embeddings[offset:offset + rows], rows)


def _issue_anchors(corpus_dir: Path | None) -> pd.DataFrame | None:
    """User-given issue anchors (``issues.csv`` in the corpus folder), or None.

    Read by the one table reader (:func:`analysis.tables.read_issue_anchors`)."""
    from . import corpus, tables

    if corpus_dir is None:
        return None
    path = corpus.corpus_file(corpus_dir, "issues.csv")
    return tables.read_issue_anchors(path, root=corpus_dir) if path is not None else None


def _concat(frames: list[pd.DataFrame], order: list[str] | None) -> pd.DataFrame:
    # Empty pieces only matter when every piece is empty (they carry the columns).
    frames = [f for f in frames if len(f)] or frames[:1]
    if not frames:
        return pd.DataFrame()
    frame = pd.concat(frames, ignore_index=True)
    if order:
        frame = frame.sort_values(order, kind="stable").reset_index(drop=True)
    return frame


def _empty_docs() -> pd.DataFrame:
    from . import corpus

    return pd.DataFrame({c: pd.Series(dtype=object) for c in corpus.DOC_COLUMNS})
