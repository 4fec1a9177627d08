"""The Dask runner gives the single-process result, row for row, on a real local cluster.

The reference is the front door itself (``NegotiationAnalyzer.run`` without a
client), not a re-assembly of stage calls, on a corpus that exercises every
step only the chain does: repairing mojibake and mapping spans back to the
original, leaving non-English documents unlabelled, extracting HTML, and
reading transcript turns. If either runner skipped a step, a column differs.
"""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import NegotiationAnalyzer, Settings, config, embeddings

distributed = pytest.importorskip("distributed")

#: Columns holding floats computed from embeddings; on a real cluster each worker
#: computes its own, so these may differ in the last bits from the single-process values.
FLOAT_COLUMNS = ["confidence"]

# Written for this test (not taken from any report).
ENGLISH = ("The union said on Monday it would not accept a pay freeze. "
           "Management offered a one-off bonus, according to the company's spokeswoman.\n\n"
           '"We will strike if the offer is not improved," the union’s president said.\n')
RUSSIAN = ("Министр заявил, что переговоры продолжатся на следующей неделе. "
           "Он сказал, что стороны обсудили условия соглашения и не достигли договорённости.\n")
TRANSCRIPT = ("MODERATOR: Next question, please.\n\n"
              "QUESTION: Will the ministry raise its offer?\n\n"
              "MS. OKAFOR: We are prepared to discuss a shorter working week. "
              "We cannot accept the union's demand for a 12 percent rise.\n")
HTML = ("<!DOCTYPE html><html><head><title>Talks resume</title></head><body>"
        "<nav>Home | World | Business</nav><article><h1>Talks resume</h1>"
        "<p>The employers' association rejected the proposal on Tuesday, its chairman said.</p>"
        "<p>The union called on the government to mediate before the deadline expires.</p>"
        "</article><footer>Subscribe to our newsletter</footer></body></html>")


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    # Mojibake: UTF-8 bytes read as cp1252 and saved again, a common scraping accident.
    (folder / "01_mojibake.txt").write_text(ENGLISH.encode("utf-8").decode("cp1252"),
                                            encoding="utf-8")
    (folder / "02_russian.txt").write_text(RUSSIAN, encoding="utf-8")
    (folder / "03_briefing.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (folder / "04_page.html").write_text(HTML, encoding="utf-8")
    shutil.copyfile(config.SEEDS_DIR / "000_a4d1898099380f22.txt", folder / "05_seed.txt")
    return folder


@pytest.fixture(scope="module")
def reference_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache-reference")


def _analyzer() -> NegotiationAnalyzer:
    # One document per group, so the cluster gets several tasks.
    return NegotiationAnalyzer(settings=Settings(docs_per_group=1))


@pytest.fixture(scope="module")
def single_process(mixed_corpus, reference_cache):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "CACHE_DIR", reference_cache)
        return _analyzer().run(mixed_corpus)


def test_the_corpus_exercises_the_chain(single_process, mixed_corpus):
    result = single_process
    statements = result.statements.set_index("doc_id")
    raw = dict(zip(result.docs["doc_id"], result.docs["raw_text"]))
    # Mojibake repaired in `text`, spans still point into the original bytes.
    repaired = statements.loc[["01_mojibake"]]
    assert repaired["text"].str.contains("union’s president").any()
    for start, end in zip(repaired["char_start"], repaired["char_end"]):
        assert 0 <= start < end <= len(raw["01_mojibake"])
    assert "â€" in raw["01_mojibake"]
    # Non-English: statements kept, no stance label.
    russian = statements.loc[["02_russian"]]
    assert (russian["category"] == "other").all()
    assert russian["evidence"].str.startswith("not classified: document language ru").all()
    # Transcript turns and HTML extraction.
    assert "transcript" in set(statements.loc[["03_briefing"], "attribution"])
    assert statements.loc[["04_page"], "text"].str.contains("rejected the proposal").any()


def test_local_cluster_gives_the_single_process_result(mixed_corpus, single_process,
                                                       reference_cache, tmp_path, monkeypatch):
    expected = single_process
    assert len(expected.statements) >= 40
    # Worker processes inherit this setting. Sharing the reference's cache spares
    # each worker re-embedding the classifier's training texts (CI time); the
    # workers still import, load the model and run every stage themselves.
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(reference_cache))
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache-client")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        # The scheduler address, as a user of a real cluster would pass it.
        found = _analyzer().run(mixed_corpus, client=cluster.scheduler_address)
        with distributed.Client(cluster) as client:
            loads = client.run(lambda: embeddings._load_model_once.cache_info().misses)
    assert sorted(loads.values()) == [1, 1]  # each worker loaded the model once

    pd.testing.assert_frame_equal(found.docs, expected.docs)
    pd.testing.assert_frame_equal(found.coverage, expected.coverage)
    exact = [c for c in expected.statements.columns if c not in FLOAT_COLUMNS]
    pd.testing.assert_frame_equal(found.statements[exact], expected.statements[exact])
    np.testing.assert_allclose(found.statements[FLOAT_COLUMNS].to_numpy(float),
                               expected.statements[FLOAT_COLUMNS].to_numpy(float), atol=1e-6)
    np.testing.assert_allclose(found.vectors, expected.vectors, atol=1e-5)
    # The workers' vectors were added to this machine's cache: a later run embeds nothing.
    embeddings.embed_texts(found.statements["text"].tolist())
    assert embeddings.last_stats().embedded == 0


def test_unknown_model_fails_before_any_cluster_work(mixed_corpus):
    from analysis.embeddings import SentenceTransformerEmbedder
    from analysis.errors import InputError

    analyzer = NegotiationAnalyzer(embedder=SentenceTransformerEmbedder("no-such-model-xyz"))
    with pytest.raises(InputError, match=config.EMBEDDING_MODEL_SETTING):
        analyzer.run(mixed_corpus, client="tcp://127.0.0.1:1")


def test_missing_corpus_folder_is_an_input_error(tmp_path):
    from analysis.errors import InputError

    with pytest.raises(InputError, match="corpus folder not found"):
        _analyzer().run(tmp_path / "absent", client="tcp://127.0.0.1:1")
