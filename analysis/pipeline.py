"""Glue that runs the stages in order; used by the CLI, the notebooks and the report.

Nothing here decides anything about text: each step calls the stage module that
owns it. What this module adds is the order of the steps, where their outputs go,
and document-by-document streaming so memory follows the batch, not the corpus.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import config, corpus, outputs
from .errors import input_error


@dataclass(frozen=True)
class RunPaths:
    """Where one run reads its corpus and writes its tables and figures."""

    corpus: Path
    tables: Path
    figures: Path

    @classmethod
    def for_corpus(cls, corpus_dir: str | Path | None = None,
                   out_dir: str | Path | None = None) -> "RunPaths":
        """Seed defaults (``seeds/``, ``reports/seed``, ``figures/``) or a corpus's own folder.

        A corpus other than the seed never writes into the committed ``figures/``.
        """
        if corpus_dir is None:
            out = Path(out_dir) if out_dir else config.REPORTS_DIR / "seed"
            figures = out / "figures" if out_dir else config.FIGURES_DIR
            return cls(config.SEEDS_DIR, out / "tables", figures)
        corpus_dir = Path(corpus_dir)
        out = Path(out_dir) if out_dir else config.REPORTS_DIR / corpus_dir.name
        return cls(corpus_dir, out / "tables", out / "figures")

    @property
    def is_seed(self) -> bool:
        return self.corpus.resolve() == config.SEEDS_DIR.resolve()


@dataclass
class CorpusRun:
    """Every table of one run over a corpus, aligned row by row where it matters."""

    docs: pd.DataFrame
    statements: pd.DataFrame
    coverage: pd.DataFrame
    vectors: np.ndarray | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def has_timeline(run: CorpusRun) -> bool:
    """A timeline is drawn only when documents carry two or more distinct dates."""
    return "timeline" in run.tables and len(set(run.docs["date"]) - {""}) >= 2


def corpus_actors(corpus_dir: str | Path) -> pd.DataFrame:
    """The built-in actor table extended by the corpus's own ``actors.csv`` if present."""
    from . import actors

    extra = Path(corpus_dir) / "actors.csv"
    return actors.load_actors(extra if extra.exists() else None)


def corpus_issue_anchors(corpus_dir: str | Path) -> pd.DataFrame | None:
    """User-given issue anchors (``issues.csv`` in the corpus folder), or None."""
    from . import comparison

    path = Path(corpus_dir) / "issues.csv"
    return comparison.read_issue_anchors(path) if path.exists() else None


#: Documents extracted together: enough to spread per-call overhead, few enough
#: that memory stays that of a handful of articles.
DOCS_PER_GROUP = 32


def extract(corpus_dir: str | Path, classify: bool = True, progress: bool = False,
            batch_statements: int = 2048) -> CorpusRun:
    """Load a corpus, extract statements (and classify them), with a coverage table.

    Documents are read one at a time and extracted in groups of
    :data:`DOCS_PER_GROUP`; statements are classified in batches of about
    ``batch_statements``, so working memory follows the batch, not the corpus.
    Spans point into each document's decoded original (``raw_text``).
    ``progress`` shows a tqdm bar on stderr (never in notebooks).
    """
    from . import stance, statements

    corpus_dir = Path(corpus_dir)
    actors = corpus_actors(corpus_dir)
    documents = corpus.iter_documents(corpus_dir)
    if progress:
        from tqdm import tqdm

        documents = tqdm(documents, total=len(corpus.document_paths(corpus_dir)),
                         desc="documents", unit="doc", leave=False)
    doc_rows, group, coverage_parts, done, pending = [], [], [], [], []
    languages: dict[str, str] = {}

    def extract_group():
        if group:
            frame = pd.DataFrame(group, columns=list(corpus.DOC_COLUMNS))
            pending.append(corpus.map_table_spans_to_original(
                statements.extract_statements(frame, actors), frame))
            coverage_parts.append(corpus.map_table_spans_to_original(
                statements.coverage(frame, actors), frame))
            group.clear()

    def classify_pending():
        if pending:
            batch = pd.concat(pending, ignore_index=True)
            if classify and len(batch):
                batch = _withhold_non_english(stance.classify_statements(batch), languages)
            done.append(batch)
            pending.clear()

    for doc in documents:
        languages[doc["doc_id"]] = doc["language"]
        doc_rows.append(doc)
        group.append(doc)
        if len(group) >= DOCS_PER_GROUP:
            extract_group()
            if sum(len(p) for p in pending) >= batch_statements:
                classify_pending()
    extract_group()
    classify_pending()
    docs = pd.DataFrame(doc_rows, columns=list(corpus.DOC_COLUMNS))
    return CorpusRun(docs=docs, statements=pd.concat(done, ignore_index=True),
                     coverage=pd.concat(coverage_parts, ignore_index=True))


#: Languages the stance classifier was built for; other documents keep their
#: statements but get no stance label.
CLASSIFIED_LANGUAGES = ("en",)


def _withhold_non_english(statements: pd.DataFrame, languages: dict[str, str]) -> pd.DataFrame:
    """Replace stance labels of statements from non-English documents by ``other``.

    The cue rules and the exemplar bank are English; a label on Russian or French
    text would look confident and mean nothing. The statement stays, with
    confidence 0 and the reason in ``evidence``. Documents whose language could
    not be detected ("") keep their labels.
    """
    language = statements["doc_id"].map(languages).fillna("")
    foreign = (language != "") & ~language.isin(CLASSIFIED_LANGUAGES)
    if not foreign.any():
        return statements
    statements = statements.copy()
    statements.loc[foreign, ["category", "categories"]] = "other"
    statements.loc[foreign, "confidence"] = 0.0
    statements.loc[foreign, "evidence"] = "not classified: document language " + language[foreign]
    for flag in ("conditional", "negated", "hypothetical"):
        statements.loc[foreign, flag] = False
    return statements


def embed(run: CorpusRun) -> CorpusRun:
    """Embed every statement once (cached per model and text)."""
    from . import embeddings

    run.vectors = embeddings.embed_texts(run.statements["text"].tolist())
    return run


def compare(run: CorpusRun, parties=config.DEFAULT_PARTIES, anchors=None) -> CorpusRun:
    """Add the comparison tables (issues, matrix, links, verdicts, distances)."""
    from . import comparison

    if run.vectors is None:
        embed(run)
    run.tables = comparison.compare(run.statements, run.vectors, parties=tuple(parties),
                                    anchors=anchors, docs=run.docs)
    run.statements = run.tables.get("statements", run.statements)
    return run


def write_tables(run: CorpusRun, out_dir: str | Path) -> list[Path]:
    """Write statements, coverage and every comparison table as CSV into ``out_dir``."""
    out_dir = outputs.ensure_dir(out_dir)
    written = [outputs.write_csv(run.statements, out_dir / "statements.csv"),
               outputs.write_csv(run.coverage, out_dir / "coverage.csv")]
    for name, table in sorted(run.tables.items()):
        if name != "statements" and isinstance(table, pd.DataFrame):
            written.append(outputs.write_csv(table, out_dir / f"{name}.csv"))
    return written


def write_figures(run: CorpusRun, figures_dir: str | Path,
                  parties=config.DEFAULT_PARTIES) -> list[Path]:
    """Draw every figure of the comparison and save it (PNG) into ``figures_dir``.

    A figure whose data, code and settings are those of one drawn before is
    copied from the cache folder instead of drawn (see :mod:`analysis.figure_store`).
    """
    import matplotlib.pyplot as plt

    from . import figure_store
    from .plotting import comparison as plots

    figures_dir = outputs.ensure_dir(figures_dir)
    tables = run.tables if has_timeline(run) else {
        name: table for name, table in run.tables.items() if name != "timeline"}
    written, memo = [], {}
    for name, (plot, args) in plots.figure_specs(run.statements, run.vectors, tables,
                                                 parties=tuple(parties)).items():
        target = figures_dir / f"{name}.png"
        key = figure_store.figure_key(plot, args, memo)
        if not figure_store.reuse(key, target):
            fig = plot(*args)
            outputs.save_figure(fig, target)
            plt.close(fig)
            figure_store.keep(key, target)
        written.append(target)
    return written


def run_compare(corpus_dir: str | Path, out_dir: str | Path, parties=config.DEFAULT_PARTIES,
                progress: bool = False) -> CorpusRun:
    """The whole chain for the ``compare`` command: tables and figures into ``out_dir``."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise input_error(corpus_dir, "corpus folder not found")
    run = extract(corpus_dir, progress=progress)
    compare(embed(run), parties=parties, anchors=corpus_issue_anchors(corpus_dir))
    write_tables(run, out_dir)
    write_figures(run, Path(out_dir) / "figures", parties=parties)
    return run
