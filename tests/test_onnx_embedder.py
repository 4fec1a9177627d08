"""The ONNX backend: the same vectors as sentence-transformers, an export made once and reused,
and vectors that never mix with torch's in the cache."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from analysis import config, embeddings, onnx_embedder
from analysis.embeddings import EmbeddingCache, OnnxEmbedder, embed_texts, model_identity
from analysis.errors import InputError

#: Sentences written for these tests: reported positions of made-up talks, a
#: question, a one-word line, accents and symbols, and one longer than the
#: model's 256-token window (the export must truncate where the model does,
#: not at the 128 tokens its tokenizer file carries).
SENTENCES = [
    "The dockworkers' union said it would not accept a pay offer below eight percent.",
    "Ministers from both delegations agreed to meet again in Oslo next Tuesday.",
    "Is the government ready to drop its demand for a binding arbitration clause?",
    "Yes.",
    "The mayor warned that the city would cut the contract if the strike went on.",
    "Négociateurs et médiateurs ont travaillé jusqu'à l'aube, selon un porte-parole.",
    "A spokesperson refused to comment on the 3.5% tariff or the €2bn fund.",
    "  Leading and trailing spaces, and\ta tab inside.  ",
    "We are open to a phased withdrawal, provided inspections start within 30 days.",
    " ".join(["The committee reviewed clause {} of the draft and noted the objections "
              "raised by the northern provinces about fishing rights.".format(i)
              for i in range(40)]),
]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory):
    """One export for the module (a few seconds), in a cache folder of its own."""
    cache = tmp_path_factory.mktemp("onnx-cache")
    onnx_embedder.exported_model(config.DEFAULT_EMBEDDING_MODEL, cache)
    return cache


@pytest.fixture(scope="module")
def torch_vectors():
    return embed_texts(SENTENCES, cache=False, backend="torch")


def test_onnx_vectors_match_sentence_transformers(export_dir, torch_vectors):
    vectors = embed_texts(SENTENCES, cache=False, cache_dir=export_dir, backend="onnx")
    assert vectors.shape == torch_vectors.shape and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(vectors * torch_vectors, axis=1)
    assert cosines.min() >= 0.99, cosines
    # In fact the same numbers up to float rounding.
    assert cosines.min() >= 0.9999, cosines


def test_onnx_order_and_batches_do_not_change_vectors(export_dir):
    session = onnx_embedder.load_session(config.DEFAULT_EMBEDDING_MODEL, export_dir)
    together = session.encode(SENTENCES, batch_size=32)
    alone = np.stack([session.encode([text], batch_size=1)[0] for text in SENTENCES])
    reversed_ = session.encode(SENTENCES[::-1], batch_size=3)[::-1]
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(together, reversed_, atol=1e-5)


def test_tokenisation_matches_the_model(export_dir):
    model = embeddings.load_model()
    session = onnx_embedder.load_session(config.DEFAULT_EMBEDDING_MODEL, export_dir)
    expected = model.tokenizer(SENTENCES, truncation=True, max_length=model.max_seq_length)
    got = session.tokenizer.encode_batch(SENTENCES)
    assert [e.ids for e in got] == expected["input_ids"]
    assert max(len(e.ids) for e in got) == model.max_seq_length == 256


def test_cached_export_is_reused(export_dir, monkeypatch):
    [model_file] = (export_dir / "onnx").glob("*/model.onnx")
    before = model_file.stat().st_mtime_ns

    def no_second_export(*args):
        raise AssertionError("exported again although the cache holds the export")

    monkeypatch.setattr(onnx_embedder, "_export", no_second_export)
    assert onnx_embedder.exported_model(config.DEFAULT_EMBEDDING_MODEL, export_dir) \
        == model_file.parent
    assert model_file.stat().st_mtime_ns == before


def test_export_is_reproducible(export_dir, tmp_path):
    again = onnx_embedder.exported_model(config.DEFAULT_EMBEDDING_MODEL, tmp_path)
    [first] = (export_dir / "onnx").glob("*/model.onnx")
    assert again.name == first.parent.name  # same key: same model, torch version, settings
    assert (again / "model.onnx").read_bytes() == first.read_bytes()
    a = onnx_embedder.OnnxSession(first.parent).encode(SENTENCES)
    b = onnx_embedder.OnnxSession(again).encode(SENTENCES)
    np.testing.assert_array_equal(a, b)


def test_onnx_vectors_are_cached_apart_from_torch(export_dir):
    store = EmbeddingCache(export_dir)
    onnx_vectors = embed_texts(SENTENCES[:3], cache=store, backend="onnx")
    torch_id, onnx_id = (model_identity(backend="torch"), model_identity(backend="onnx"))
    assert onnx_id == torch_id + "+onnx"
    assert store.lookup(torch_id, [embeddings.text_digest(t) for t in SENTENCES[:3]]) == {}
    found = store.lookup(onnx_id, [embeddings.text_digest(t) for t in SENTENCES[:3]])
    assert len(found) == 3
    assert store.model_folder(onnx_id) != store.model_folder(torch_id)
    assert store.model_folder(onnx_id).name.startswith(config.DEFAULT_EMBEDDING_MODEL + "-onnx-")
    # A torch run over the same cache embeds afresh rather than reusing onnx vectors.
    embed_texts(SENTENCES[:3], cache=store, backend="torch")
    assert embeddings.last_stats().embedded == 3
    np.testing.assert_array_equal(embed_texts(SENTENCES[:3], cache=store, backend="onnx"),
                                  onnx_vectors)
    assert embeddings.last_stats().embedded == 0


def test_setting_selects_the_backend(monkeypatch, export_dir):
    monkeypatch.setenv(config.EMBEDDING_BACKEND_SETTING, "onnx")
    assert embeddings.SentenceTransformerEmbedder().backend == "onnx"
    assert model_identity().endswith("+onnx")
    embedder = OnnxEmbedder(cache_dir=export_dir)
    assert embedder.model_id == model_identity(backend="onnx")
    assert embedder.embed(SENTENCES[:2]).shape == (2, 384)
    monkeypatch.setenv(config.EMBEDDING_BACKEND_SETTING, "tensorflow")
    with pytest.raises(InputError, match=config.EMBEDDING_BACKEND_SETTING):
        embed_texts(["x"], cache=False)
    monkeypatch.delenv(config.EMBEDDING_BACKEND_SETTING)
    assert embeddings.SentenceTransformerEmbedder().backend == "torch"


def test_warm_onnx_run_does_not_import_torch(export_dir):
    """With the export in the cache, new texts are embedded without torch."""
    script = ("import sys, json\n"
              "from analysis.embeddings import embed_texts, last_stats\n"
              f"v = embed_texts(json.loads(sys.argv[1]), cache_dir={str(export_dir)!r}, "
              "backend='onnx')\n"
              "print(last_stats().embedded, v.shape[1], 'torch' in sys.modules)\n")
    texts = ["A sentence no earlier test embedded, about grain export licences."]
    done = subprocess.run([sys.executable, "-c", script, json.dumps(texts)],
                          capture_output=True, text=True, cwd=config.ROOT, timeout=120)
    assert done.stdout.split() == ["1", "384", "False"], done.stderr


def _module(kind: str, config: dict | None = None):
    """A stand-in for a sentence-transformers module: only its class name and config matter."""
    return type(kind, (), {"get_config_dict": lambda self: dict(config or {})})()


def test_models_the_export_cannot_reproduce_are_refused():
    with pytest.raises(InputError, match="use the torch backend"):
        onnx_embedder._check_modules([_module("Transformer"),
                                      _module("Pooling", {"pooling_mode": "cls"})])
    with pytest.raises(InputError, match="use the torch backend"):
        onnx_embedder._check_modules([_module("Transformer"), _module("Dense")])
    onnx_embedder._check_modules([_module("Transformer"),
                                  _module("Pooling", {"pooling_mode": "mean"}),
                                  _module("Normalize")])


def test_vectors_from_cluster_workers_are_remembered_under_their_backend(tmp_path):
    from analysis import distributed

    texts = SENTENCES[:2]
    vectors = np.eye(2, 384, dtype=np.float32)
    distributed._remember(texts, vectors, config.DEFAULT_EMBEDDING_MODEL, tmp_path, "onnx")
    store = EmbeddingCache(tmp_path)
    digests = [embeddings.text_digest(t) for t in texts]
    assert len(store.lookup(model_identity(backend="onnx"), digests)) == 2
    assert store.lookup(model_identity(backend="torch"), digests) == {}
