"""The project's error types; one helper builds every message so they read alike."""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input or usage: the CLI prints ``error: <message>`` and exits with 2."""


def input_error(where: str | Path, what: str, line: int | None = None) -> InputError:
    """Build an :class:`InputError` that names the file (and line) and the problem.

    >>> str(input_error("corpus/metadata.csv", "missing column 'file'", line=1))
    "corpus/metadata.csv:1: missing column 'file'"
    """
    place = str(where) if line is None else f"{where}:{line}"
    return InputError(f"{place}: {what}")


class CorpusWarning(UserWarning):
    """A recoverable problem with one document; the rest of the corpus goes on."""
