"""Drawn figures reused while what they show is unchanged.

Drawing a figure costs a few tenths of a second, mostly laying out text; a
corpus re-run after editing ``issues.csv`` or the party pair changes only some
of the figures. Each PNG is therefore kept in :data:`analysis.config.CACHE_DIR`
``/figures/`` under a key made of:

- the plot function's name and every argument it gets (DataFrames at full
  precision, arrays byte for byte);
- the source of the whole ``analysis`` package, so any code change redraws;
- the versions of matplotlib, NumPy and pandas and matplotlib's settings in force.

A figure whose key is stored is copied instead of drawn: the same bytes drawing
would give, since figure files are deterministic (:func:`analysis.outputs.save_figure`).
"""
from __future__ import annotations

import functools
import hashlib
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .outputs import atomic_path

_FIGURES_SUBDIR = "figures"


@functools.lru_cache(maxsize=1)
def _environment_digest() -> bytes:
    """Digest of the package source, library versions and matplotlib settings."""
    import matplotlib

    digest = hashlib.sha256()
    for path in sorted(config.PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(config.PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    for version in (matplotlib.__version__, np.__version__, pd.__version__):
        digest.update(version.encode())
    digest.update(repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items())).encode())
    return digest.digest()


def _content_digest(value, memo: dict) -> bytes:
    """Digest of one figure argument; ``memo`` (by object id, valid while the
    arguments are alive and unchanged) spares hashing a shared table twice."""
    if isinstance(value, (pd.DataFrame, np.ndarray)) and id(value) in memo:
        return memo[id(value)]
    digest = hashlib.sha256()
    if isinstance(value, pd.DataFrame):
        digest.update(b"frame")
        digest.update(repr(list(value.columns)).encode())
        digest.update(repr([str(t) for t in value.dtypes]).encode())
        # Full float precision: rounding could give two different tables one key.
        digest.update(value.to_csv(float_format="%.17g", lineterminator="\n").encode())
    elif isinstance(value, np.ndarray):
        digest.update(b"array" + repr((value.shape, str(value.dtype))).encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (tuple, list)):
        digest.update(b"seq%d" % len(value))
        for item in value:
            digest.update(_content_digest(item, memo))
    elif value is None or isinstance(value, (str, int, float, bool)):
        digest.update(b"atom" + repr(value).encode())
    else:
        raise TypeError(f"cannot key a figure argument of type {type(value).__name__}")
    if isinstance(value, (pd.DataFrame, np.ndarray)):
        memo[id(value)] = digest.digest()
    return digest.digest()


def figure_key(plot, args: tuple, memo: dict | None = None) -> str:
    """Key of the figure ``plot(*args)`` would draw (hex SHA-256).

    Pass the same ``memo`` dict when keying several figures over the same tables
    in one go.
    """
    digest = hashlib.sha256(_environment_digest())
    digest.update(f"{plot.__module__}.{plot.__qualname__}".encode())
    digest.update(_content_digest(tuple(args), {} if memo is None else memo))
    return digest.hexdigest()


def stored_path(key: str, folder: str | Path | None = None) -> Path:
    """Where the figure ``key`` is kept (PNG)."""
    folder = Path(folder) if folder is not None else Path(config.CACHE_DIR)
    return folder / _FIGURES_SUBDIR / f"{key[:40]}.png"


#: First and last bytes of every complete PNG file.
_PNG_START, _PNG_END = b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"


def reuse(key: str, target: str | Path, folder: str | Path | None = None) -> bool:
    """Copy the stored figure ``key`` to ``target`` (atomically).

    False, and nothing written, if none is stored or the stored file is not a
    complete PNG (then it is drawn again and replaced).
    """
    stored = stored_path(key, folder)
    try:
        data = stored.read_bytes()
    except OSError:
        return False
    if not (data.startswith(_PNG_START) and data.endswith(_PNG_END)):
        return False
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return True


def keep(key: str, drawn: str | Path, folder: str | Path | None = None) -> Path:
    """Store the PNG file ``drawn`` under ``key`` for later runs."""
    stored = stored_path(key, folder)
    with atomic_path(stored) as tmp:
        shutil.copyfile(drawn, tmp)
    return stored
