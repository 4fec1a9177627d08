"""The same stages over a Dask (``dask.distributed``) cluster, partitioned by document.

When one machine is not enough, :func:`run_distributed` sends groups of whole
documents to the workers of an existing Dask cluster (or of a local one it
starts), runs the ordinary stage functions on each group --
:func:`analysis.statements.extract_statements`,
:func:`analysis.stance.classify_statements` and
:func:`analysis.embeddings.embed_texts` -- and puts the pieces back in
``doc_id, char_start`` order. Every stage works on one document at a time, so
the result equals the single-process chain row for row.

Each worker process loads the embedding model once (a worker plugin warms it
when the worker starts, and :func:`analysis.embeddings.load_model` keeps it)
and caches vectors in its own :data:`analysis.config.CACHE_DIR`. The workers
must have this package and the model installed; the corpus is read on the
client, so the workers need no access to its folder.

    >>> from analysis.distributed import run_distributed
    >>> statements = run_distributed("corpus/", "tcp://scheduler.example.org:8786")
"""
from __future__ import annotations

import logging
import math
import os
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from . import config
from .errors import input_error

#: Columns that order the statements table (docs/design.md).
_STATEMENT_ORDER = ["doc_id", "char_start"]


def _corpus_actors(corpus_dir: Path):
    """The actor table the single-process pipeline uses for this corpus."""
    from . import pipeline

    return pipeline.corpus_actors(corpus_dir)


def iter_document_batches(corpus_dir: str | Path, docs_per_batch: int) -> Iterator[pd.DataFrame]:
    """The ``docs`` table of a corpus in consecutive groups of ``docs_per_batch`` documents.

    Reads through :func:`analysis.corpus.iter_documents`, so at most one group
    of document texts is held at a time; groups come in ``doc_id`` order.
    """
    from . import corpus

    if docs_per_batch < 1:
        raise ValueError("docs_per_batch must be at least 1")
    batch: list[dict] = []
    for doc in corpus.iter_documents(corpus_dir):
        batch.append(doc)
        if len(batch) == docs_per_batch:
            yield pd.DataFrame(batch, columns=list(corpus.DOC_COLUMNS))
            batch = []
    if batch:
        yield pd.DataFrame(batch, columns=list(corpus.DOC_COLUMNS))


def process_documents(docs: pd.DataFrame, actors=None, *, classify: bool = True,
                      embed: bool = True, model_name: str | None = None,
                      cache: bool = True, cache_dir: str | Path | None = None
                      ) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Run the stages on one group of documents.

    ``docs`` is a slice of the docs table; ``actors`` the corpus actor table.
    Returns the statements of those documents (with stance columns if
    ``classify``) sorted by ``doc_id, char_start``, and their vectors (rows
    aligned with the statements) if ``embed``, else None.
    """
    from . import embeddings, stance, statements

    found = statements.extract_statements(docs, actors)
    if classify and len(found):
        found = stance.classify_statements(found)
    found = found.sort_values(_STATEMENT_ORDER, kind="stable").reset_index(drop=True)
    vectors = None
    if embed:
        vectors = embeddings.embed_texts(found["text"].tolist(), model_name=model_name,
                                         cache=cache, cache_dir=cache_dir)
    return found, vectors


def _process_partition(docs: pd.DataFrame, actors, classify: bool, embed: bool,
                       model_name: str | None, cache: bool, cache_dir: str | None):
    """What one Dask task runs (module-level so workers import it by name)."""
    return process_documents(docs, actors, classify=classify, embed=embed,
                             model_name=model_name, cache=cache, cache_dir=cache_dir)


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - distributed is a declared dependency
    _WorkerPlugin = object


class ModelPreloader(_WorkerPlugin):
    """Worker plugin: load the embedding model once when each worker starts.

    :func:`analysis.embeddings.load_model` keeps it for the worker's life, so
    every task on that worker reuses the same model.
    """

    name = "analysis-embedding-model"

    def __init__(self, model_name: str):
        self.model_name = model_name

    def setup(self, worker):  # noqa: D102 - Dask hook
        from . import embeddings

        embeddings.load_model(self.model_name)


def _connect(client_or_address):
    """A ``(client, owned_objects)`` pair; owned objects are closed by the caller."""
    from distributed import Client, LocalCluster

    if isinstance(client_or_address, Client):
        return client_or_address, []
    if client_or_address is None:
        # A local cluster of single-threaded worker processes, one per core; no
        # dashboard, so that nothing listens on a fixed port.
        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
        return client, [client, cluster]
    try:
        client = Client(str(client_or_address), timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise input_error(client_or_address, "cannot reach the Dask scheduler "
                                             f"({type(exc).__name__})") from None
    return client, [client]


def run_distributed(corpus_dir: str | Path, client_or_address=None, *,
                    docs_per_partition: int | None = None, classify: bool = True,
                    embed: bool = True, model_name: str | None = None,
                    cache: bool = True, cache_dir: str | Path | None = None,
                    return_vectors: bool = False):
    """Extract, classify and embed the statements of a corpus on a Dask cluster.

    ``client_or_address`` is a ``distributed.Client``, a scheduler address such
    as ``"tcp://10.0.0.5:8786"``, or None to start a local cluster with one
    worker process per core for this call. Documents are read here and sent
    to the workers in groups of ``docs_per_partition`` (default: about four
    groups per worker), at most two groups per worker at a time. Returns the statements table (sorted by
    ``doc_id, char_start``, equal to the single-process chain), and with
    ``return_vectors`` also the float32 vectors aligned with its rows. Vectors
    computed on the workers are added to this machine's cache too, so a later
    single-process comparison embeds nothing.
    """
    from . import embeddings

    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise input_error(corpus_dir, "corpus folder not found")
    model_name = model_name or config.embedding_model_name()
    if embed:
        embeddings.model_identity(model_name)  # unknown model: one-line error before any work
    actors = _corpus_actors(corpus_dir)
    client, owned = _connect(client_or_address)
    try:
        workers = max(1, len(client.nthreads()))
        if embed:
            client.register_plugin(ModelPreloader(model_name))
        actors_on_cluster = client.scatter(actors, broadcast=True) if actors is not None else None
        size = docs_per_partition or _default_partition_size(corpus_dir, workers)
        worker_cache_dir = str(cache_dir) if cache_dir is not None else None
        pieces = _run_partitions(
            iter_document_batches(corpus_dir, size), 2 * workers,
            lambda part: client.submit(_process_partition, part, actors_on_cluster, classify,
                                       embed, model_name, cache, worker_cache_dir, pure=False))
    finally:
        for thing in reversed(owned):
            thing.close()
    statements = _concat_statements([found for found, _ in pieces])
    vectors = None
    if embed:
        vectors = _concat_vectors([vecs for _, vecs in pieces])
        if cache:
            _remember(statements["text"].tolist(), vectors, model_name, cache_dir)
    return (statements, vectors) if return_vectors else statements


def _run_partitions(batches: Iterator[pd.DataFrame], in_flight: int, submit) -> list:
    """Results of ``submit(batch)`` for every batch, in batch order.

    At most ``in_flight`` batches are on the cluster at a time, so neither this
    machine nor the cluster holds more than a few groups of document texts.
    """
    from distributed import as_completed

    batches = enumerate(batches)
    position: dict[str, int] = {}
    pending = as_completed()
    results: dict[int, object] = {}

    def submit_next() -> bool:
        for index, batch in batches:
            future = submit(batch)
            position[future.key] = index
            pending.add(future)
            return True
        return False

    for _ in range(max(1, in_flight)):
        if not submit_next():
            break
    for future in pending:
        results[position[future.key]] = future.result()
        future.release()
        submit_next()
    return [results[i] for i in range(len(results))]


def _default_partition_size(corpus_dir: Path, workers: int) -> int:
    """About four partitions per worker, so a slow group does not hold up the others."""
    files = sum(1 for p in corpus_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    return max(1, math.ceil(files / (4 * workers)))


def _concat_statements(parts: list[pd.DataFrame]) -> pd.DataFrame:
    # Empty pieces only matter when every piece is empty (they carry the columns).
    parts = [p for p in parts if len(p)] or parts[:1]
    frame = pd.concat(parts, ignore_index=True)
    # Partitions arrive in document order already; sorting makes it a guarantee.
    return frame.sort_values(_STATEMENT_ORDER, kind="stable").reset_index(drop=True)


def _concat_vectors(parts: list[np.ndarray]) -> np.ndarray:
    nonempty = [p for p in parts if p is not None and len(p)]
    if not nonempty:
        return parts[0] if parts else np.zeros((0, 0), dtype=np.float32)
    return np.concatenate(nonempty).astype(np.float32, copy=False)


def _remember(texts: list[str], vectors: np.ndarray, model_name: str,
              cache_dir: str | Path | None) -> None:
    """Store vectors computed on the workers in this machine's cache (missing ones only)."""
    from . import embeddings

    if not texts:
        return
    store = embeddings.default_cache(cache_dir)
    identity = embeddings.model_identity(model_name)
    digests = [embeddings.text_digest(t) for t in texts]
    first_row = {}
    for row, digest in enumerate(digests):
        first_row.setdefault(digest, row)
    known = store.lookup(identity, first_row)
    missing = [d for d in first_row if d not in known]
    if missing:
        store.store(identity, missing, vectors[[first_row[d] for d in missing]])
