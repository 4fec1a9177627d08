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
        reason = "a file of that name is in the way" if path.is_file() else _write_failure(exc)
        raise input_error(path, f"cannot create output folder ({reason})") from None
    if not os.access(path, os.W_OK):
        raise input_error(path, "output folder is not writable")
    return path


def _write_failure(exc: OSError) -> str:
    """Why a write failed, in the user's terms."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk is full"
    if exc.errno == errno.EFBIG:
        return "file too large for this disk or limit"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)


def check_output_dir(path: str | Path) -> Path:
    """Make sure files can be created in folder ``path`` before any long work starts.

    Creates the folder if needed and writes (then removes) a probe file, which
    catches what permission bits cannot show: read-only mounts, special file
    systems such as ``/proc``, and root's writes that ``os.access`` would allow.
    Returns the folder; raises InputError naming it otherwise.
    """
    folder = ensure_dir(path)
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-check.", dir=folder)
    except OSError as exc:
        raise input_error(folder, f"cannot write in output folder ({_write_failure(exc)})") from None
    os.close(fd)
    os.unlink(probe)
    return folder


def check_output_file(target: str | Path) -> Path:
    """Check early that ``target`` can be written (its folder works, it is not a folder)."""
    target = Path(target)
    if target.is_dir():
        raise input_error(target, "is a folder; give a file name for the output")
    check_output_dir(target.parent)
    return target


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
        raise input_error(target, f"cannot write ({_write_failure(exc)})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        # Flush to disk before the rename, so that even a power cut leaves either
        # the old file or the complete new one.
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise input_error(target, f"cannot write ({_write_failure(exc)})") from None
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
    import matplotlib

    target = Path(target)
    metadata = _FIGURE_METADATA.get(target.suffix.lower(), {})
    # SVG element ids are random unless salted; a fixed salt makes them repeatable.
    with atomic_path(target) as tmp, matplotlib.rc_context({"svg.hashsalt": "analysis"}):
        fig.savefig(tmp, dpi=dpi, metadata=metadata, format=target.suffix.lstrip(".") or "png")
    return target
