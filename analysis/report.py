"""The notebook report: run the numbered notebooks on a corpus, export HTML.

With no corpus the committed notebooks are re-executed in place on ``seeds/`` and
refresh ``figures/``; with a corpus everything goes to a separate output folder
and the committed notebooks and figures stay untouched. Notebooks are executed by
papermill (their ``parameters`` cell takes ``corpus_dir``, ``out_dir`` and
``parties``); volatile execution metadata is stripped so that two runs on the
same input give identical files.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import config, outputs
from .errors import InputError, input_error

#: The notebook exported to HTML for readers without Python.
REPORT_NOTEBOOK = "05_report.ipynb"
MANIFEST_NAME = "MANIFEST.sha256"


def notebooks() -> list[Path]:
    """The numbered notebooks, in the order they run."""
    return sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def _strip_volatile(notebook: dict) -> dict:
    """Drop papermill/nbclient timings so re-runs produce the same bytes."""
    notebook.get("metadata", {}).pop("papermill", None)
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if meta.get("tags") == []:
            meta.pop("tags")
    return notebook


def _execute(source: Path, target: Path, parameters: dict | None) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    outputs.ensure_dir(target.parent)
    tmp = target.with_name(f".running.{target.name}")
    try:
        papermill.execute_notebook(str(source), str(tmp), parameters=parameters or None,
                                   kernel_name="python3", progress_bar=False,
                                   log_output=False, cwd=str(config.NOTEBOOKS_DIR),
                                   # the kernel's start-up log lines are not the user's business
                                   extra_arguments=["--log-level=ERROR"])
    except PapermillExecutionError as exc:
        tmp.unlink(missing_ok=True)
        last = (exc.evalue or exc.ename).strip().splitlines()
        raise input_error(source.name, f"cell {exc.exec_count} failed: {exc.ename}: "
                                       f"{last[-1] if last else ''}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    notebook = _strip_volatile(json.loads(tmp.read_text(encoding="utf-8")))
    tmp.unlink()
    outputs.write_text(json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                       target)


def export_html(notebook_path: Path, target: Path) -> Path:
    """Export an executed notebook to one self-contained HTML file (figures embedded)."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook_path, as_version=4))
    return outputs.write_text(body, target)


def build_report(corpus_dir: str | Path | None = None, out_dir: str | Path | None = None,
                 parties=config.DEFAULT_PARTIES, progress: bool = False,
                 model: str | None = None, analyzer=None) -> Path:
    """Run the chain once, then the notebooks on its saved results; returns ``report.html``.

    ``corpus_dir=None`` runs the seed corpus: with no ``out_dir`` the committed
    notebooks are re-executed in place (refreshing ``figures/``), otherwise
    everything goes to ``out_dir`` like any other corpus. ``analyzer`` (a
    :class:`analysis.NegotiationAnalyzer` with its own parts) replaces the
    default one built from ``parties`` and ``model``. The heavy work
    (extraction, classification, embedding, comparison, evaluation, figures)
    happens once, in :func:`analysis.results.run_and_save`; the notebooks load
    its results and only explain and display them.
    """
    from . import corpus, results
    from .analyzer import NegotiationAnalyzer
    from .embeddings import SentenceTransformerEmbedder
    from .settings import Settings

    if analyzer is not None:
        if analyzer.settings.parties is None:
            raise ValueError("the analyzer's settings name no party pair for the report")
        parties = analyzer.settings.parties
    seed = corpus_dir is None
    in_place = seed and out_dir is None
    if not seed:
        corpus_dir = Path(corpus_dir).resolve()
        if not corpus_dir.is_dir():
            raise input_error(corpus_dir, "corpus folder not found")
        corpus.load_corpus(corpus_dir)  # fail fast, with one line, before any work
    if in_place:
        parameters = None
        notebook_dir = config.NOTEBOOKS_DIR
        out_dir = config.REPORTS_DIR / "seed"
    else:
        name = "seed" if seed else corpus_dir.name
        out_dir = Path(out_dir or config.REPORTS_DIR / name).resolve()
        notebook_dir = out_dir / "notebooks"
        parameters = {"corpus_dir": None if seed else str(corpus_dir), "out_dir": str(out_dir),
                      "parties": list(parties)}
    outputs.ensure_dir(out_dir)
    steps = notebooks()
    if not steps:
        raise InputError(f"{config.NOTEBOOKS_DIR}: no numbered notebooks found")
    paths = results.RunPaths.for_corpus(None if seed else corpus_dir, None if in_place else out_dir)
    if analyzer is None:
        analyzer = NegotiationAnalyzer(embedder=SentenceTransformerEmbedder(model),
                                       settings=Settings(parties=tuple(parties)))
    results.run_and_save(analyzer, paths, evaluate=True, progress=progress)
    if progress:
        from tqdm import tqdm

        steps = tqdm(steps, desc="notebooks", unit="nb", leave=False)
    for source in steps:
        _execute(source, notebook_dir / source.name, parameters)
    return export_html(notebook_dir / REPORT_NOTEBOOK, Path(out_dir) / "report.html")


def figure_manifest(figures_dir: str | Path = config.FIGURES_DIR) -> str:
    """``sha256  name`` lines for every figure file, sorted by name."""
    figures_dir = Path(figures_dir)
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}"
             for p in sorted(figures_dir.iterdir())
             if p.is_file() and p.suffix.lower() in {".png", ".svg", ".pdf"}]
    return "\n".join(lines) + "\n"


def write_figure_manifest(figures_dir: str | Path = config.FIGURES_DIR) -> Path:
    """Record the current figures' checksums (``make figures`` calls this)."""
    return outputs.write_text(figure_manifest(figures_dir), Path(figures_dir) / MANIFEST_NAME)
