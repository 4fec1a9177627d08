"""Atomic, deterministic writing of every output file (CSV, figures, HTML, JSON).

Each file is written to a temporary file in the destination folder and renamed
over the target, so an interrupted run never leaves a truncated file behind.
Problems with the destination (read-only, full disk) become one-line
:class:`~analysis.errors.InputError` messages naming the path.
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Iterator

import pandas as pd

from .errors import input_error

# Metadata that matplotlib would otherwise fill with its version and the time.
_FIGURE_METADATA = {
    ".png": {"Software": None},
    ".svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
    ".pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}


def ensure_dir(path: str | Path) -> Path:
    """Create ``path`` (and parents) or raise an InputError saying why not."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise input_error(path, f"cannot create output folder ({exc.strerror or exc})") from None
    if not os.access(path, os.W_OK):
        raise input_error(path, "output folder is not writable")
    return path


@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    On any exception (including KeyboardInterrupt) the temporary file is removed
    and ``target`` keeps its previous content, or stays absent.
    """
    target = Path(target)
    folder = ensure_dir(target.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix or target.suffix,
                                        dir=folder)
    except OSError as exc:
        raise input_error(target, f"cannot write ({exc.strerror or exc})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = "disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise input_error(target, f"cannot write ({reason})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(text: str, target: str | Path) -> Path:
    """Write UTF-8 text atomically (LF line endings on every platform)."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(target)


def write_csv(frame: pd.DataFrame, target: str | Path, float_format: str = "%.4f") -> Path:
    """Write a DataFrame as UTF-8 CSV atomically, without the index.

    Floats are rounded by ``float_format`` so that re-runs give identical bytes.
    """
    with atomic_path(target) as tmp:
        frame.to_csv(tmp, index=False, float_format=float_format, lineterminator="\n")
    return Path(target)


def save_figure(fig, target: str | Path, dpi: int = 120) -> Path:
    """Save a matplotlib Figure atomically with no time or version in its metadata.

    The same figure drawn from the same data gives the same bytes on every run.
    """
    target = Path(target)
    metadata = _FIGURE_METADATA.get(target.suffix.lower(), {})
    with atomic_path(target) as tmp:
        fig.savefig(tmp, dpi=dpi, metadata=metadata, format=target.suffix.lstrip(".") or "png")
    return target
