"""Command line: ``python -m analysis {run,statements,classify,compare,evaluate,report}``.

Exit codes: 0 success; 2 bad input or usage, with one line on stderr saying what
and where; 130 when interrupted. No traceback reaches the user unless
``ANALYSIS_DEBUG=1`` is set.
"""
from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

from . import config
from .errors import CorpusWarning, InputError

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class _OneLineParser(argparse.ArgumentParser):
    """argparse prints usage plus a message; the project promises one line."""

    def error(self, message: str):  # noqa: D102 - argparse hook
        raise InputError(f"{self.prog}: {message} (see --help)")


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """Recoverable corpus problems print as ``warning: <message>``, one line each."""
    if issubclass(category, CorpusWarning):
        print(f"warning: {message}", file=sys.stderr)


def _build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    parser.add_argument("--model", metavar="NAME",
                        help=f"sentence-transformers model (setting {config.EMBEDDING_MODEL_SETTING}; "
                             f"default {config.DEFAULT_EMBEDDING_MODEL})")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_OneLineParser)

    p = commands.add_parser("run", help="run the whole chain once and save every result "
                                        "(tables, vectors, evaluation, figures) for the notebooks")
    p.add_argument("corpus", nargs="?", type=Path, default=None, metavar="CORPUS_DIR",
                   help="default: the seed corpus (results in reports/seed, figures in figures/)")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="OUT_DIR")
    p.add_argument("--parties", nargs=2, default=list(config.DEFAULT_PARTIES),
                   metavar=("A", "B"), help="the two parties to compare (default: US Russia)")
    p.add_argument("--no-evaluation", action="store_true",
                   help="skip scoring the package's models on the development set")

    p = commands.add_parser("statements", help="one CSV row per statement of a corpus")
    p.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.csv", help="default: standard output")
    p.add_argument("--coverage", type=Path, metavar="COVERAGE.csv",
                   help="also write every sentence's fate (statement or set aside, and why)")

    p = commands.add_parser("classify", help="classify one text per line")
    p.add_argument("input", nargs="?", default="-", metavar="FILE|-")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.csv", help="default: standard output")

    p = commands.add_parser("compare", help="comparison tables and figures for a corpus")
    p.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT_DIR")
    p.add_argument("--parties", nargs=2, default=list(config.DEFAULT_PARTIES),
                   metavar=("A", "B"), help="the two parties to compare (default: US Russia)")

    p = commands.add_parser("evaluate", help="score party and category against your own gold.csv")
    p.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    p.add_argument("--gold", type=Path, required=True, metavar="GOLD.csv",
                   help="file,key,party,category[,acceptable,...] (see docs/evaluation.md)")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="OUT_DIR",
                   help="also write the aligned rows and the scores as CSV here")

    p = commands.add_parser("report", help="run the notebooks on a corpus into an HTML report")
    p.add_argument("corpus", nargs="?", type=Path, default=None, metavar="CORPUS_DIR",
                   help="default: the seed corpus, refreshing the committed notebooks and figures")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="OUT_DIR")
    p.add_argument("--parties", nargs=2, default=list(config.DEFAULT_PARTIES), metavar=("A", "B"))
    p.add_argument("--update-manifest", action="store_true",
                   help="after a seed run, record the figures' checksums (make figures)")
    return parser


def _read_lines(source: str) -> list[str]:
    from . import corpus

    if source == "-":
        # Bytes, decoded as documents are: a pipe of cp1251 text is no different from a file.
        text = corpus.decode_text(sys.stdin.buffer.read(), "standard input")
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{path}: file not found")
        text = corpus.read_text_file(path)
    return [line.strip() for line in text.splitlines() if line.strip()]


#: Party labels that mark who holds no position; a comparison between them means nothing.
_NOT_PARTIES = ("none", "unknown", "independent")


def _check_parties(parties: list[str]) -> None:
    for party in parties:
        if party.strip().lower() in _NOT_PARTIES:
            raise InputError(f"--parties: {party!r} is not a party (it marks statements that hold "
                             "no party's position); name two parties, e.g. --parties US Russia")
    if parties[0] == parties[1]:
        raise InputError(f"--parties: {parties[0]!r} given twice; name two different parties")


def _check_outputs(args: argparse.Namespace) -> list[Path]:
    """Check where results go before minutes of work, not after; returns the protected
    folders (the corpus) that no output may enter."""
    from . import outputs

    corpus_dir = getattr(args, "corpus", None)
    if corpus_dir is None and args.command in ("report", "run"):
        corpus_dir = config.SEEDS_DIR
    protect = [corpus_dir] if corpus_dir is not None else []
    if args.command == "classify" and args.input != "-":
        protect = [Path(args.input)]
    if args.command in ("compare", "report", "run", "evaluate"):
        if args.command != "evaluate":
            _check_parties(args.parties)
        if args.output is not None:
            outputs.check_output_folder(args.output, protect)
    else:
        outputs.check_outputs({"--output": args.output or outputs.STDOUT,
                               "--coverage": getattr(args, "coverage", None)}, protect)
    return protect


def _analyzer(args: argparse.Namespace, parties=None):
    from .analyzer import NegotiationAnalyzer
    from .embeddings import SentenceTransformerEmbedder
    from .settings import Settings

    settings = Settings(parties=tuple(parties) if parties else None)
    return NegotiationAnalyzer(embedder=SentenceTransformerEmbedder(args.model), settings=settings)


def _run(args: argparse.Namespace) -> int:
    from . import outputs

    interactive = sys.stderr.isatty()
    protect = _check_outputs(args)  # where results go is checked before minutes of work
    if args.command == "statements":
        result = _analyzer(args).run(args.corpus, progress=interactive)
        # One output set: every file appears complete, or none changes.
        with outputs.OutputSet(protect=protect) as out:
            out.write_csv(result.statements, args.output or outputs.STDOUT)
            if args.coverage is not None:
                out.write_csv(result.coverage, args.coverage)
    elif args.command == "classify":
        from . import stance

        lines = _read_lines(args.input)
        with outputs.OutputSet(protect=protect) as out:
            out.write_csv(stance.classify_texts(lines), args.output or outputs.STDOUT)
    elif args.command == "compare":
        from . import results

        result = _analyzer(args, args.parties).run(args.corpus, progress=interactive)
        if result.statements.empty:
            raise InputError(f"{args.corpus}: no statements in any of the {len(result.docs)} "
                             "document(s) (see the warnings above); nothing to compare")
        # Tables and figures are one set: all or nothing, stale files of an earlier run removed.
        with outputs.OutputSet(root=args.output, protect=protect) as out:
            results.write_tables(result, args.output, output=out)
            results.write_figures(result, args.output / "figures", output=out)
    elif args.command == "run":
        from . import results

        paths = results.RunPaths.for_corpus(args.corpus, args.output)
        results.run_and_save(_analyzer(args, args.parties), paths,
                             evaluate=not args.no_evaluation, progress=interactive)
    elif args.command == "evaluate":
        from .evaluation import gold

        report = gold.evaluate_corpus(_analyzer(args), args.corpus, args.gold)
        print(gold.format_report(report))
        if args.output is not None:
            with outputs.OutputSet(protect=protect) as out:
                for name, table in sorted(report.items()):
                    out.write_csv(table, args.output / f"{name}.csv")
    elif args.command == "report":
        from . import report

        html = report.build_report(args.corpus, args.output, parties=args.parties,
                                   progress=interactive, model=args.model)
        if args.update_manifest:
            report.write_figure_manifest()
        print(f"report written: {html}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    warnings.showwarning = _show_warning
    try:
        args = _build_parser().parse_args(argv)
        # Entry-point settings (the package itself sets no global state on import):
        # figures are files here, never windows; the model choice reaches every stage.
        os.environ.setdefault("MPLBACKEND", "Agg")
        if args.model:
            os.environ[config.EMBEDDING_MODEL_SETTING] = args.model
        return _run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted: no partial output was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `... | head` closed the pipe: not an error of ours.
        from .outputs import silence_stdout

        silence_stdout()
        return 0
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (rerun with ANALYSIS_DEBUG=1 "
              "for details)", file=sys.stderr)
        return 1
