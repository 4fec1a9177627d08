"""The same stages over a Dask (``dask.distributed``) cluster, partitioned by document.

When one machine is not enough, ``NegotiationAnalyzer.run(corpus, client=...)``
sends groups of whole documents to the workers of an existing Dask cluster (or
of a local one it starts). Each worker runs the chain's own per-document step,
:func:`analysis.analyzer.process_document_group` -- the function the
single-process runner calls -- and the pieces come back in document order, so
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
import os
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from .errors import input_error


def _process_partition(docs: pd.DataFrame, parts):
    """What one Dask task runs: the chain's own per-document step (module-level, importable by name)."""
    from .analyzer import process_document_group

    return process_document_group(docs, parts)


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

    def __init__(self, model_name: str, backend: str = "torch", cache_dir=None):
        self.model_name = model_name
        self.backend = backend
        self.cache_dir = cache_dir  # where the ONNX export is kept (the embedder's cache)

    def setup(self, worker):  # noqa: D102 - Dask hook
        from . import embeddings

        if self.backend == "onnx":
            from . import onnx_embedder

            onnx_embedder.load_session(self.model_name, self.cache_dir)
        else:
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
                    analyzer=None, return_vectors: bool = False):
    """Extract, classify and embed the statements of a corpus on a Dask cluster.

    A shortcut for ``analyzer.run(corpus_dir, client=client_or_address)`` (default
    analyzer: :class:`analysis.NegotiationAnalyzer` with default parts) that returns
    the statements table (and with ``return_vectors`` the vectors aligned with it).
    ``client_or_address`` is a ``distributed.Client``, a scheduler address such as
    ``"tcp://10.0.0.5:8786"``, or None to start a local cluster with one worker
    process per core for this call.
    """
    from .analyzer import NegotiationAnalyzer

    analyzer = analyzer if analyzer is not None else NegotiationAnalyzer()
    result = analyzer.run(corpus_dir, client=client_or_address if client_or_address is not None
                          else "local")
    return (result.statements, result.vectors) if return_vectors else result.statements


def run_groups(groups: Iterator[pd.DataFrame], parts, client_or_address) -> list:
    """Run :func:`analysis.analyzer.process_document_group` on each group, on a cluster.

    Groups are sent as they are read, at most two per worker at a time, and
    come back in group order as ``(docs, statements, coverage, vectors)``.
    Each worker loads the embedding model once; vectors computed on the workers
    are added to this machine's cache too, so a later run embeds nothing.
    """
    from .embeddings import SentenceTransformerEmbedder

    embedder = parts.embedder
    if isinstance(embedder, SentenceTransformerEmbedder):
        _ = embedder.model_id  # an unknown model: one-line error before any work
    client, owned = _connect(None if client_or_address == "local" else client_or_address)
    kept: list[pd.DataFrame] = []
    try:
        workers = max(1, len(client.nthreads()))
        if isinstance(embedder, SentenceTransformerEmbedder):
            client.register_plugin(ModelPreloader(embedder.model_name, embedder.backend,
                                                  embedder.cache_dir))
        [parts_on_cluster] = client.scatter([parts], broadcast=True)

        def submit(docs):
            kept.append(docs)
            return client.submit(_process_partition, docs, parts_on_cluster, pure=False)

        pieces = _run_partitions(groups, 2 * workers, submit)
    finally:
        for thing in reversed(owned):
            thing.close()
    results = [(docs, *piece) for docs, piece in zip(kept, pieces)]
    if isinstance(embedder, SentenceTransformerEmbedder) and embedder.cache:
        for _, found, _, vectors in results:
            if vectors is not None and len(found):
                _remember(found["text"].tolist(), vectors, embedder.model_name, embedder.cache_dir,
                          embedder.backend)
    return results


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


def _remember(texts: list[str], vectors: np.ndarray, model_name: str,
              cache_dir: str | Path | None, backend: str = "torch") -> None:
    """Store vectors computed on the workers in this machine's cache (missing ones only)."""
    from . import embeddings

    if not texts:
        return
    store = embeddings.default_cache(cache_dir)
    identity = embeddings.model_identity(model_name, backend)
    digests = [embeddings.text_digest(t) for t in texts]
    first_row = {}
    for row, digest in enumerate(digests):
        first_row.setdefault(digest, row)
    known = store.lookup(identity, first_row)
    missing = [d for d in first_row if d not in known]
    if missing:
        store.store(identity, missing, vectors[[first_row[d] for d in missing]])
