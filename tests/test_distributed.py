"""The Dask path gives the single-process statements, row for row, on a real local cluster."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config, corpus, embeddings, pipeline, stance, statements
from analysis.distributed import run_distributed
from analysis.errors import InputError

distributed = pytest.importorskip("distributed")

#: Columns holding floats computed from embeddings; on a real cluster each worker
#: computes its own, so these may differ in the last bits from the single-process values.
FLOAT_COLUMNS = ["confidence"]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """The seed plus the shipped English test documents, in one folder (real text only)."""
    folder = tmp_path_factory.mktemp("corpus")
    sources = [config.SEEDS_DIR]
    test_corpora = config.ROOT / "tests" / "data" / "corpora"
    if test_corpora.is_dir():
        sources += sorted(p for p in test_corpora.iterdir() if p.is_dir())
    for index, source in enumerate(sources):
        for path in sorted(source.glob("*.txt"))[:3]:
            shutil.copyfile(path, folder / f"c{index:02d}_{path.name}")
    assert len(list(folder.glob("*.txt"))) >= 1
    return folder


@pytest.fixture(scope="module")
def reference_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache-reference")


@pytest.fixture(scope="module")
def single_process(small_corpus, reference_cache):
    """The reference: the stage functions called in order in this process."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "CACHE_DIR", reference_cache)
        docs = corpus.load_corpus(small_corpus)
        found = statements.extract_statements(docs, pipeline.corpus_actors(small_corpus))
        found = stance.classify_statements(found)
        found = found.sort_values(["doc_id", "char_start"], kind="stable").reset_index(drop=True)
        vectors = embeddings.embed_texts(found["text"].tolist())
    return found, vectors


def test_local_cluster_gives_the_single_process_rows(small_corpus, single_process,
                                                     reference_cache, tmp_path, monkeypatch):
    expected, expected_vectors = single_process
    assert len(expected) >= 10
    # Worker processes inherit this setting. Sharing the reference's cache spares
    # each worker re-embedding the classifier's training texts (CI time); the
    # workers still import, load the model and run every stage themselves.
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(reference_cache))
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache-client")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        # The scheduler address, as a user of a real cluster would pass it.
        found, vectors = run_distributed(small_corpus, cluster.scheduler_address,
                                         docs_per_partition=1, return_vectors=True)
        with distributed.Client(cluster) as client:
            loads = client.run(lambda: embeddings._load_model_once.cache_info().misses)
    assert sorted(loads.values()) == [1, 1]  # each worker loaded the model once

    exact = [c for c in expected.columns if c not in FLOAT_COLUMNS]
    pd.testing.assert_frame_equal(found[exact], expected[exact])
    np.testing.assert_allclose(found[FLOAT_COLUMNS].to_numpy(float),
                               expected[FLOAT_COLUMNS].to_numpy(float), atol=1e-6)
    np.testing.assert_allclose(vectors, expected_vectors, atol=1e-5)
    # The workers' vectors were added to this machine's cache: a later run embeds nothing.
    embeddings.embed_texts(found["text"].tolist())
    assert embeddings.last_stats().embedded == 0


def test_unknown_model_fails_before_any_cluster_work(small_corpus):
    with pytest.raises(InputError, match=config.EMBEDDING_MODEL_SETTING):
        run_distributed(small_corpus, "tcp://127.0.0.1:1", model_name="no-such-model-xyz")


def test_missing_corpus_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="corpus folder not found"):
        run_distributed(tmp_path / "absent", "tcp://127.0.0.1:1")
