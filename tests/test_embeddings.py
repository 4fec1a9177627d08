"""The embedding cache: hits, misses on changed text or model, and safe concurrent writers;
vectors independent of the texts embedded with them."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from analysis import config, embeddings, onnx_embedder
from analysis.embeddings import EmbeddingCache, embed_texts, last_stats, model_identity
from analysis.errors import InputError

SEED = next(config.SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    """Real paragraphs of the seed report (with its stray full stops and odd quotes)."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    found = [line for line in lines if len(line) > 40]
    assert len(found) >= 10
    return found[:12]


@pytest.fixture(scope="module")
def bundled_folder() -> Path:
    return Path(embeddings.resolve_model_path(config.DEFAULT_EMBEDDING_MODEL))


def _linked_copy(source: Path, target: Path, real_copies: tuple[str, ...] = ()) -> Path:
    """A model folder whose files are symbolic links to ``source`` (cheap: no 90 MB copy),
    except ``real_copies`` (relative names), which are copied so they can be edited."""
    for file in source.rglob("*"):
        if not file.is_file():
            continue
        relative = file.relative_to(source)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        if relative.as_posix() in real_copies:
            shutil.copyfile(file, target / relative)
        else:
            (target / relative).symlink_to(file)
    return target


def test_cold_run_embeds_each_distinct_text_once_and_warm_run_embeds_nothing(tmp_path, paragraphs):
    texts = paragraphs + paragraphs[:3]  # repeats are embedded once
    cold = embed_texts(texts, cache=EmbeddingCache(tmp_path))
    stats = last_stats()
    assert (stats.texts, stats.distinct, stats.hits, stats.embedded) == (
        len(texts), len(paragraphs), 0, len(paragraphs))
    assert cold.dtype == np.float32 and cold.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(cold, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(cold[len(paragraphs):], cold[:3])

    # A new cache object over the same folder stands for the next process.
    warm_cache = EmbeddingCache(tmp_path)
    warm = embed_texts(list(reversed(texts)), cache=warm_cache)
    assert last_stats().embedded == 0
    assert (warm_cache.hits, warm_cache.misses) == (len(paragraphs), 0)
    np.testing.assert_array_equal(warm, cold[::-1])

    # Cached vectors are the model's own vectors.
    fresh = embed_texts(paragraphs, cache=False)
    np.testing.assert_allclose(cold[:len(paragraphs)], fresh, atol=1e-6)


def test_changed_text_is_a_miss(tmp_path, paragraphs):
    cache = EmbeddingCache(tmp_path)
    before = embed_texts(paragraphs, cache=cache)
    # One character differs: the curly quote straightened, as a re-scrape might give.
    changed = [p.replace("\u201c", '"', 1) if "\u201c" in p else p + "." for p in paragraphs]
    edited = [i for i, (a, b) in enumerate(zip(paragraphs, changed)) if a != b]
    after = embed_texts(changed, cache=cache)
    stats = last_stats()
    assert stats.misses == stats.embedded == len(edited) >= 1
    assert stats.hits == len(paragraphs) - len(edited)
    untouched = [i for i in range(len(paragraphs)) if i not in edited]
    np.testing.assert_array_equal(after[untouched], before[untouched])
    for i in edited:
        assert not np.array_equal(after[i], before[i])


def test_same_weights_under_another_name_is_another_model(tmp_path, paragraphs, bundled_folder):
    cache = EmbeddingCache(tmp_path / "cache")
    original = embed_texts(paragraphs[:4], cache=cache)
    other = str(_linked_copy(bundled_folder, tmp_path / "renamed-minilm"))
    assert model_identity(other) != model_identity()
    # Same file contents, so the same fingerprint; only the name differs.
    assert model_identity(other).split("@")[1] == model_identity().split("@")[1]
    again = embed_texts(paragraphs[:4], model_name=other, cache=cache)
    assert (last_stats().hits, last_stats().embedded) == (0, 4)
    np.testing.assert_allclose(again, original, atol=1e-6)


def test_changed_model_files_under_the_same_name_are_a_miss(tmp_path, paragraphs, bundled_folder):
    folder = _linked_copy(bundled_folder, tmp_path / "minilm",
                          real_copies=("1_Pooling/config.json",))
    cache = EmbeddingCache(tmp_path / "cache")
    mean_pooled = embed_texts(paragraphs[:4], model_name=str(folder), cache=cache)
    identity_before = model_identity(str(folder))

    pooling = folder / "1_Pooling" / "config.json"
    settings = json.loads(pooling.read_text())
    settings.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(settings))

    assert model_identity(str(folder)) != identity_before
    cls_pooled = embed_texts(paragraphs[:4], model_name=str(folder), cache=cache)
    assert (last_stats().hits, last_stats().embedded) == (0, 4)
    # Had the cache answered, these would be the mean-pooled vectors.
    assert not np.allclose(cls_pooled, mean_pooled, atol=1e-3)


def test_unknown_model_names_the_setting(tmp_path, monkeypatch):
    with pytest.raises(InputError, match=config.EMBEDDING_MODEL_SETTING) as raised:
        embed_texts(["Russia demands guarantees."], model_name="no-such-model-xyz",
                    cache=EmbeddingCache(tmp_path))
    assert "\n" not in str(raised.value) and "no-such-model-xyz" in str(raised.value)
    monkeypatch.setenv(config.EMBEDDING_MODEL_SETTING, str(tmp_path / "missing-folder"))
    with pytest.raises(InputError, match=config.EMBEDDING_MODEL_SETTING):
        embed_texts(["Russia demands guarantees."], cache=False)


def test_cache_files_are_parquet_in_the_configured_folder(tmp_path, monkeypatch, paragraphs):
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "configured")
    embed_texts(paragraphs[:2])
    shards = list((tmp_path / "configured").rglob("*.parquet"))
    assert len(shards) == 1
    table = pq.read_table(shards[0])
    assert table.column_names == ["text_sha256", "vector"]
    assert table.schema.metadata[b"model_identity"].decode() == model_identity()
    assert sorted(table.column("text_sha256").to_pylist()) == sorted(
        embeddings.text_digest(p) for p in paragraphs[:2])
    # The cache_dir parameter wins over the setting.
    embed_texts(paragraphs[:2], cache_dir=tmp_path / "explicit")
    assert last_stats().embedded == 2 and list((tmp_path / "explicit").rglob("*.parquet"))


def test_warm_run_does_not_import_the_model_libraries(tmp_path, paragraphs):
    embed_texts(paragraphs[:3], cache_dir=tmp_path)
    script = ("import sys, json\n"
              "from analysis.embeddings import embed_texts, last_stats\n"
              f"embed_texts(json.loads(sys.argv[1]), cache_dir={str(tmp_path)!r})\n"
              "print(last_stats().embedded, 'sentence_transformers' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script, json.dumps(paragraphs[:3])],
                          capture_output=True, text=True, cwd=config.ROOT, timeout=60)
    assert done.stdout.split() == ["0", "False"], done.stderr


def _write_shards(folder: str, worker: int, shards: int, per_shard: int) -> None:
    """Child process: store ``shards`` shards of made-up vectors (small merge threshold)."""
    embeddings._MAX_SHARDS = 3
    cache = EmbeddingCache(folder)
    rng = np.random.default_rng(worker)
    for shard in range(shards):
        keys = [embeddings.text_digest(f"w{worker} s{shard} r{r}") for r in range(per_shard)]
        cache.store("test-model@0", keys, rng.standard_normal((per_shard, 8)))


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_write_shards, args=(str(tmp_path), w, 25, 4))
               for w in range(2)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    reader = EmbeddingCache(tmp_path)
    keys = [embeddings.text_digest(f"w{w} s{s} r{r}")
            for w in range(2) for s in range(25) for r in range(4)]
    found = reader.lookup("test-model@0", keys)
    assert len(found) == len(keys)
    expected = np.random.default_rng(1).standard_normal((4, 8)).astype(np.float32)
    np.testing.assert_array_equal(
        np.stack([found[embeddings.text_digest(f"w1 s0 r{r}")] for r in range(4)]), expected)
    folder = reader.model_folder("test-model@0")
    assert not [p for p in os.listdir(folder) if p.startswith(".")]  # no temporary leftovers


def test_damaged_cache_file_is_skipped_with_a_warning(tmp_path):
    from analysis.errors import CorpusWarning

    writer = EmbeddingCache(tmp_path)
    key = embeddings.text_digest("Moscow insists on guarantees.")
    writer.store("test-model@0", [key], np.ones((1, 4)))
    damaged = writer.model_folder("test-model@0") / "part-damaged.parquet"
    damaged.write_bytes(b"not parquet")
    with pytest.warns(CorpusWarning, match="part-damaged.parquet"):
        found = EmbeddingCache(tmp_path).lookup("test-model@0", [key])
    np.testing.assert_array_equal(found[key], np.ones(4, dtype=np.float32))


#: Sentences written for the company tests: several of one token count (so they
#: share batches), short ones (a forward pass of a few token rows takes other
#: matrix code paths), an empty line and one past the model's 256-token window.
COMPANY = [
    "The port authority said the strike would end on Friday.",
    "The rail union said the ballot would close on Monday.",
    "The farm lobby said the tariff would rise in March.",
    "No.",
    "We refuse.",
    "Both sides agreed.",
    "",
    "Negotiators for the two cities met again to discuss water rights along the border "
    "river, and a spokesperson said both delegations expected a draft text by June.",
    " ".join(f"Delegates read article {i} of the fisheries draft aloud and objected to the "
             "quota table." for i in range(30)),
]
#: Other texts embedded alongside them, of the same token counts and others.
STRANGERS = [
    "The dock workers said the offer would fail by Sunday.",
    "Yes.",
    "The mediator asked both teams to return to the table after the holiday weekend.",
    "They accept.",
]


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory) -> Path:
    """One ONNX export for the module (a few seconds), in a cache folder of its own."""
    cache = tmp_path_factory.mktemp("onnx-cache")
    onnx_embedder.exported_model(config.DEFAULT_EMBEDDING_MODEL, cache)
    return cache


@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_a_texts_vector_does_not_depend_on_the_texts_embedded_with_it(backend, onnx_cache):
    def embed(texts, batch_size=None):
        return embed_texts(texts, cache=False, backend=backend, cache_dir=onnx_cache,
                           batch_size=batch_size)

    alone = np.stack([embed([text])[0] for text in COMPANY])
    together = embed(COMPANY)
    crowd = STRANGERS + COMPANY[::-1] + STRANGERS[::-1]
    in_a_crowd = embed(crowd, batch_size=2)[len(STRANGERS):len(STRANGERS) + len(COMPANY)][::-1]
    # Bitwise, not approximately: a cold cache and one filled by other runs must agree.
    np.testing.assert_array_equal(together, alone)
    np.testing.assert_array_equal(in_a_crowd, alone)


def test_equal_length_batches_need_no_padding():
    lengths = [5, 300, 5, 40, 5, 40, 300]
    texts = [f"text {i}" for i in range(len(lengths))]
    batches = embeddings.equal_length_batches(lengths, texts, batch_size=2)
    for batch in batches:
        assert len({lengths[i] for i in batch}) == 1
        assert len(batch) * lengths[batch[0]] >= embeddings.MIN_BATCH_ROWS
    assert sorted(set(i for batch in batches for i in batch)) == list(range(len(lengths)))
    # The same texts in another order make the same batches.
    order = [6, 2, 0, 5, 1, 4, 3]
    again = embeddings.equal_length_batches([lengths[i] for i in order],
                                            [texts[i] for i in order], batch_size=2)
    assert [[texts[order[i]] for i in batch] for batch in again] \
        == [[texts[i] for i in batch] for batch in batches]
    assert all(len(b) >= 2 for b in embeddings.equal_length_batches(
        [300], ["one text"], batch_size=32, min_texts=2))


def test_long_texts_are_cut_before_tokenising_without_changing_their_vectors(monkeypatch):
    window = embeddings.load_model().max_seq_length
    long_text = " ".join(f"The envoys of the northern and southern provinces met for round {i} "
                         "of the talks on grazing land." for i in range(200))
    no_space = "x" * (window * 10)  # one unbroken word: nothing to cut at
    # Words too long for the vocabulary are one token each: cut, this text would
    # no longer fill the window, so its whole text must be tokenised.
    unknown_words = " ".join(["y" * 150] * 30)
    assert len(embeddings.capped_text(long_text, window)) < len(long_text) // 4
    assert len(embeddings.capped_text(unknown_words, window)) < len(unknown_words)
    assert embeddings.capped_text(no_space, window) == no_space
    assert embeddings.capped_text("Short text.", window) == "Short text."
    texts = [long_text, no_space, unknown_words]
    cut = embed_texts(texts, cache=False)
    monkeypatch.setattr(embeddings, "_CHARS_PER_TOKEN", 10**9)  # never cut
    np.testing.assert_array_equal(embed_texts(texts, cache=False), cut)
