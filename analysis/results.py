"""A run's results on disk: written once by ``python -m analysis run``, loaded by the notebooks.

Layout of a results folder::

    docs.parquet  statements.parquet  coverage.parquet
    tables/<name>.parquet       comparison tables (issues, verdicts, links, ...)
    evaluation/<name>.parquet   scores against hand annotations (when computed)
    vectors.npy                 float32, one row per statement (never a pickle)
    settings.json               the Settings object the run used (settings.csv: the same, readable)
    model.txt                   the embedding model's identity

Parquet keeps dtypes and is read back exactly, so a notebook that loads a
result shows what the run computed, to the last digit.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import config, outputs
from .analyzer import AnalysisResult
from .errors import CorpusWarning, InputError, input_error
from .settings import Settings

RESULTS_SUBDIR = "results"
#: The evaluation table the confusion-matrix figure shows: the pooled
#: leave-one-negotiation-out predictions when computed, else the seed's cross-validation.
CONFUSION_TABLES = ("stance_lono_confusion", "seed_stance_confusion")


@dataclass(frozen=True)
class RunPaths:
    """Where one run reads its corpus and writes its results, tables and figures."""

    corpus: Path
    results: Path
    tables: Path
    figures: Path
    #: The output folder holding all three, whose stale files a new run removes; None
    #: for the seed's in-place run (its figures go to the committed figures/ folder).
    root: Path | None = None

    @classmethod
    def for_corpus(cls, corpus_dir: str | Path | None = None,
                   out_dir: str | Path | None = None) -> RunPaths:
        """Seed defaults (``seeds/``, ``reports/seed``, ``figures/``) or a corpus's own folder.

        A corpus other than the seed never writes into the committed ``figures/``.
        """
        if corpus_dir is None:
            out = Path(out_dir) if out_dir else config.REPORTS_DIR / "seed"
            figures = out / "figures" if out_dir else config.FIGURES_DIR
            return cls(config.SEEDS_DIR, out / RESULTS_SUBDIR, out / "tables", figures,
                       out if out_dir else None)
        corpus_dir = Path(corpus_dir)
        out = Path(out_dir) if out_dir else config.REPORTS_DIR / corpus_dir.name
        return cls(corpus_dir, out / RESULTS_SUBDIR, out / "tables", out / "figures", out)


def save_result(result: AnalysisResult, folder: str | Path,
                evaluation: dict[str, pd.DataFrame] | None = None,
                output: outputs.OutputSet | None = None) -> Path:
    """Write ``result`` (and evaluation tables) into ``folder``; returns the folder.

    The files are one output set (all appear or none changes, files of an earlier
    save that this one does not write are removed), or part of ``output`` when given.
    """
    folder = Path(folder)
    own = output is None
    with (outputs.OutputSet(root=folder) if own else contextlib.nullcontext(output)) as out:
        _write_parquet(out, _plain(result.docs), folder / "docs.parquet")
        _write_parquet(out, _plain(result.statements), folder / "statements.parquet")
        _write_parquet(out, _plain(result.coverage), folder / "coverage.parquet")
        for sub, tables in (("tables", result.tables), ("evaluation", evaluation or {})):
            for name, table in sorted(tables.items()):
                if isinstance(table, pd.DataFrame):
                    _write_parquet(out, _plain(table), folder / sub / f"{name}.parquet")
        if result.vectors is not None:
            with open(out.staged_path(folder / "vectors.npy"), "wb") as handle:
                np.save(handle, np.ascontiguousarray(result.vectors, dtype=np.float32),
                        allow_pickle=False)
        out.write_text(json.dumps(settings_dict(result.settings), indent=1, sort_keys=True) + "\n",
                       folder / "settings.json")
        out.write_csv(result.settings.to_frame(), folder / "settings.csv")
        out.write_text(result.model_id + "\n", folder / "model.txt")
    return folder


def load_result(folder: str | Path) -> tuple[AnalysisResult, dict[str, pd.DataFrame]]:
    """The result and evaluation tables saved by :func:`save_result`."""
    folder = Path(folder)
    if not (folder / "statements.parquet").is_file():
        raise input_error(folder, "no saved results here (run `python -m analysis run` first)")
    tables = {p.stem: pd.read_parquet(p) for p in sorted((folder / "tables").glob("*.parquet"))}
    evaluation = {p.stem: pd.read_parquet(p)
                  for p in sorted((folder / "evaluation").glob("*.parquet"))}
    vectors_path = folder / "vectors.npy"
    vectors = np.load(vectors_path, allow_pickle=False) if vectors_path.is_file() else None
    settings = settings_from_dict(json.loads((folder / "settings.json").read_text(encoding="utf-8")))
    result = AnalysisResult(docs=pd.read_parquet(folder / "docs.parquet"),
                            statements=pd.read_parquet(folder / "statements.parquet"),
                            coverage=pd.read_parquet(folder / "coverage.parquet"),
                            vectors=vectors, tables=tables, settings=settings,
                            model_id=(folder / "model.txt").read_text(encoding="utf-8").strip())
    return result, evaluation


def settings_dict(settings: Settings) -> dict:
    """The settings as plain JSON values (tuples as lists, nested dataclasses as dicts)."""
    return json.loads(json.dumps(dataclasses.asdict(settings)))


def settings_from_dict(values: dict) -> Settings:
    """Rebuild a :class:`Settings` from :func:`settings_dict`'s output."""
    values = dict(values)
    compare = values.pop("compare", None)
    if compare is not None:
        from .compare.settings import CompareSettings

        compare = CompareSettings(**{k: tuple(v) if isinstance(v, list) else v
                                     for k, v in compare.items()})
    for name in ("parties", "classified_languages"):
        if values.get(name) is not None:
            values[name] = tuple(values[name])
    return Settings(**values, compare=compare)


def write_tables(result: AnalysisResult, out_dir: str | Path,
                 output: outputs.OutputSet | None = None) -> list[Path]:
    """Statements, coverage and every comparison table as CSV into ``out_dir``.

    The tables are one output set (all appear or none changes), or part of
    ``output`` when given (committed by its owner).
    """
    out_dir = Path(out_dir)
    with contextlib.nullcontext(output) if output is not None else outputs.OutputSet() as out:
        written = [out.write_csv(result.statements, out_dir / "statements.csv"),
                   out.write_csv(result.coverage, out_dir / "coverage.csv")]
        for name, table in sorted(result.tables.items()):
            if isinstance(table, pd.DataFrame):
                written.append(out.write_csv(table, out_dir / f"{name}.csv"))
    return written


def write_figures(result: AnalysisResult, figures_dir: str | Path,
                  evaluation: dict[str, pd.DataFrame] | None = None,
                  output: outputs.OutputSet | None = None) -> list[Path]:
    """Draw every figure of the run and save it (PNG) into ``figures_dir``.

    The run is each figure's one owner: notebooks display these files and draw
    nothing. A figure whose data, code and settings are those of one drawn
    before is copied from the cache folder instead (:mod:`analysis.figure_store`).
    The figures are one output set, or part of ``output`` when given.
    """
    import matplotlib.pyplot as plt

    from . import figure_store
    from .plotting import comparison as plots
    from .plotting import style

    figures_dir = Path(figures_dir)
    specs = {}
    if result.parties is not None and result.tables:
        tables = result.tables if result.has_timeline() else {
            name: table for name, table in result.tables.items() if name != "timeline"}
        specs.update(plots.figure_specs(result.statements, result.vectors, tables,
                                        parties=result.parties))
    confusion = next((evaluation[name] for name in CONFUSION_TABLES if name in (evaluation or {})),
                     None)
    if confusion is not None:
        from .plotting import stance as stance_plots

        # Saved tables keep the gold labels as their first column.
        specs["confusion_matrix"] = (stance_plots.plot_confusion_matrix,
                                     (confusion.set_index(confusion.columns[0]),))
    written, memo = [], {}
    with style.house_style(), (contextlib.nullcontext(output) if output is not None
                               else outputs.OutputSet()) as out:
        for name, (plot, args) in sorted(specs.items()):
            target = figures_dir / f"{name}.png"
            staged = out.staged_path(target)
            key = figure_store.figure_key(plot, args, memo)
            if not figure_store.reuse(key, staged):
                fig = plot(*args)
                outputs.render_figure(fig, staged)
                plt.close(fig)
                try:
                    figure_store.keep(key, staged)
                except InputError as exc:  # a cache that cannot be written costs a redraw, not the run
                    warnings.warn(f"figure cache not written: {exc}", CorpusWarning, stacklevel=2)
            written.append(target)
    return written


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding mixed values become strings, so Parquet can store them."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            values = frame[column]
            if not all(isinstance(v, str) for v in values):
                frame[column] = ["" if v is None or (isinstance(v, float) and np.isnan(v))
                                 else v if isinstance(v, str) else str(v) for v in values]
    return frame


def _write_parquet(out: outputs.OutputSet, frame: pd.DataFrame, target: Path) -> Path:
    frame.to_parquet(out.staged_path(target), index=False, compression="zstd")
    return target


def run_and_save(analyzer, paths: RunPaths, evaluate: bool = True,
                 progress: bool = False) -> tuple[AnalysisResult, dict[str, pd.DataFrame]]:
    """The one heavy step of a report: run the chain, score it, save everything.

    Writes the results folder (for the notebooks), the CSV tables and every
    figure as one output set: all of them appear, or none changes (a failure
    while drawing the last figure leaves the previous results in place). The
    notebooks then only load and explain.
    """
    result = analyzer.run(paths.corpus, progress=progress)
    evaluation: dict[str, pd.DataFrame] = {}
    if evaluate:
        from .evaluation import package

        evaluation = package.evaluate(analyzer, result, corpus_dir=paths.corpus)
    protect = [] if paths.corpus is None else [paths.corpus]
    with outputs.OutputSet(root=paths.root, protect=protect) as out:
        save_result(result, paths.results, evaluation, output=out)
        write_tables(result, paths.tables, output=out)
        write_figures(result, paths.figures, evaluation, output=out)
    return result, evaluation
