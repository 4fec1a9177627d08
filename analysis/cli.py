"""Command line: ``python -m analysis {statements,classify,compare,report}``.

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

    p = commands.add_parser("report", help="run the notebooks on a corpus into an HTML report")
    p.add_argument("corpus", nargs="?", type=Path, default=None, metavar="CORPUS_DIR",
                   help="default: the seed corpus, refreshing the committed notebooks and figures")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="OUT_DIR")
    p.add_argument("--parties", nargs=2, default=list(config.DEFAULT_PARTIES), metavar=("A", "B"))
    p.add_argument("--update-manifest", action="store_true",
                   help="after a seed run, record the figures' checksums (make figures)")
    return parser


def _emit_csv(frame, output: Path | None) -> None:
    from . import outputs

    if output is None:
        frame.to_csv(sys.stdout, index=False, float_format="%.4f", lineterminator="\n")
    else:
        outputs.write_csv(frame, output)


def _read_lines(source: str) -> list[str]:
    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{path}: file not found")
        from . import corpus

        text = corpus.read_text_file(path)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _run(args: argparse.Namespace) -> int:
    from . import pipeline

    from . import outputs

    interactive = sys.stderr.isatty()
    # Check where results go before minutes of work, not after.
    for target in (getattr(args, "output", None), getattr(args, "coverage", None)):
        if target is not None:
            (outputs.check_output_dir if args.command in ("compare", "report")
             else outputs.check_output_file)(target)
    if args.command == "statements":
        run = pipeline.extract(args.corpus, progress=interactive)
        _emit_csv(run.statements, args.output)
        if args.coverage is not None:
            _emit_csv(run.coverage, args.coverage)
    elif args.command == "classify":
        from . import stance

        lines = _read_lines(args.input)
        _emit_csv(stance.classify_texts(lines), args.output)
    elif args.command == "compare":
        pipeline.run_compare(args.corpus, args.output, parties=args.parties, progress=interactive)
    elif args.command == "report":
        from . import report

        html = report.build_report(args.corpus, args.output, parties=args.parties,
                                   progress=interactive)
        if args.update_manifest:
            report.write_figure_manifest()
        print(f"report written: {html}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    warnings.showwarning = _show_warning
    try:
        args = _build_parser().parse_args(argv)
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
        return 0
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (rerun with ANALYSIS_DEBUG=1 "
              "for details)", file=sys.stderr)
        return 1
