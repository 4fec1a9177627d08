"""What lowers the embedding cost on CPU, measured side by side with plain ``encode`` (issue 17).

    .venv/bin/python benchmarks/embedding_backends.py               # 3 rounds
    .venv/bin/python benchmarks/embedding_backends.py --rounds 5

Texts: the statements the pipeline extracts from the development set
(``analysis/data/devset/*``, never the held-out slice) and the stance exemplars
(``analysis/data/stance_exemplars.csv``): real English sentences, all distinct.
Every way of embedding them is timed once per round in the same process, in an
order rotated from round to round so that drift on a shared machine hits each
alike; the table gives the median time and the median over rounds of the ratio
``plain time / variant time`` measured in the same round (above 1 = faster).

Baseline ("plain"): ``SentenceTransformer.encode(texts, batch_size=32,
normalize_embeddings=True)`` with torch's default threads. Variants:

* pre-sorted: the texts sorted by token count before ``encode`` (which itself
  sorts each call's texts by character length, longest first);
* unsorted batches: ``encode`` called once per 32 texts in input order, i.e.
  without the library's sort across batches (what that sort is worth);
* torch 1 thread: ``torch.set_num_threads(1)``;
* torch bf16: ``torch.autocast("cpu", torch.bfloat16)`` around ``encode``;
* onnx: the model exported by :mod:`analysis.onnx_embedder` run by onnxruntime
  with as many threads as torch (and with 1 thread, to compare with torch's
  1 thread: on a busy machine fewer threads can be faster for both);
* onnx int8: that export quantised with ``onnxruntime.quantization.quantize_dynamic``
  (int8 weights per channel, dynamic activations; per-tensor weights lose more);
* de-duplicated: texts with duplicates (half the distinct texts, each twice,
  shuffled) through :func:`analysis.embeddings.embed_texts` with an empty cache
  (it embeds each distinct text once and stores it), against plain ``encode``
  of the same list with duplicates, timed in the same round.

Quality: cosine of every text's vector to the plain vector (minimum and 1st
percentile over all texts). Writes ``benchmarks/results/embedding_backends.md``.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402 - after the path fix above

config.quiet_libraries()

RESULTS = ROOT / "benchmarks" / "results" / "embedding_backends.md"
BATCH = 32
#: Heading of the hand-written part of the results file, kept when the table is rewritten.
NOTES = "## Notes"


def benchmark_texts() -> tuple[list[str], int]:
    """Statement texts of the development set, then the stance exemplars (distinct, in order)."""
    import pandas as pd

    from analysis import NegotiationAnalyzer
    from analysis.evaluation import devset

    statements: list[str] = []
    for negotiation in devset.negotiations():
        result = NegotiationAnalyzer().run(negotiation.folder, classify=False, embed=False)
        statements += result.statements["text"].tolist()
    exemplars = pd.read_csv(config.DATA_DIR / "stance_exemplars.csv")["text"].tolist()
    texts = list(dict.fromkeys(statements + exemplars))
    return texts, len(dict.fromkeys(statements))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)  # onnxruntime.quantization's advice on the root logger
    load_before = os.getloadavg()
    started = time.perf_counter()

    import numpy as np
    import torch

    from analysis import embeddings, onnx_embedder

    texts, n_statements = benchmark_texts()
    if args.limit:
        texts = texts[:args.limit]
    model = embeddings.load_model()
    threads = torch.get_num_threads()

    def plain(items):
        return model.encode(items, batch_size=BATCH, show_progress_bar=False,
                            convert_to_numpy=True, normalize_embeddings=True)

    def token_counts(items):
        return [len(ids) for ids in model.tokenizer(items, truncation=True,
                                                    max_length=model.max_seq_length)["input_ids"]]

    def presorted(items):
        # The token count is part of the variant's cost (a tokenizer pass of its own).
        order = np.argsort([-n for n in token_counts(items)], kind="stable")
        vectors = plain([items[i] for i in order])
        out = np.empty_like(vectors)
        out[order] = vectors
        return out

    def unsorted_batches(items):
        # Input order shuffled once, then encode per batch: no sort across batches.
        shuffled = list(range(len(items)))
        random.Random(0).shuffle(shuffled)
        out = np.empty((len(items), model.get_sentence_embedding_dimension()), np.float32)
        for start in range(0, len(items), BATCH):
            rows = shuffled[start:start + BATCH]
            out[rows] = plain([items[i] for i in rows])
        return out

    def one_thread(items):
        torch.set_num_threads(1)
        try:
            return plain(items)
        finally:
            torch.set_num_threads(threads)

    def bf16(items):
        with torch.autocast("cpu", dtype=torch.bfloat16):
            vectors = model.encode(items, batch_size=BATCH, show_progress_bar=False,
                                   convert_to_tensor=True, normalize_embeddings=True)
        return vectors.float().numpy()

    scratch = Path(tempfile.mkdtemp(prefix="embedding-backends-"))
    t = time.perf_counter()
    folder = onnx_embedder.exported_model(config.embedding_model_name(), scratch)
    export_seconds = time.perf_counter() - t
    t = time.perf_counter()
    session = onnx_embedder.OnnxSession(folder)
    session_seconds = time.perf_counter() - t

    session_one = onnx_embedder.OnnxSession(folder, threads=1)

    def onnx(items):
        return session.encode(items, BATCH)

    variants = {"plain encode (baseline)": plain, "pre-sorted by token count": presorted,
                "unsorted batches": unsorted_batches, "torch, 1 thread": one_thread,
                "torch bf16 autocast": bf16, "onnx (onnxruntime, fp32)": onnx,
                "onnx, 1 thread": lambda items: session_one.encode(items, BATCH)}
    int8_note = ""
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        int8_folder = scratch / "int8"
        int8_folder.mkdir()
        for name in ("tokenizer.json", "export.json"):
            (int8_folder / name).write_bytes((folder / name).read_bytes())
        quantize_dynamic(str(folder / "model.onnx"), str(int8_folder / "model.onnx"),
                         weight_type=QuantType.QInt8, per_channel=True)
        int8 = onnx_embedder.OnnxSession(int8_folder)
        variants["onnx int8 (dynamic, per channel)"] = lambda items: int8.encode(items, BATCH)
    except Exception as exc:  # quantisation is optional here
        int8_note = f"int8 not measured: {type(exc).__name__}: {exc}"

    # Texts with duplicates: half the distinct texts, each twice, shuffled.
    rng = random.Random(1)
    half = rng.sample(texts, len(texts) // 2)
    duplicated = half + half
    rng.shuffle(duplicated)

    def deduplicated(items):
        with tempfile.TemporaryDirectory() as cache_dir:
            store = embeddings.EmbeddingCache(cache_dir)
            return embeddings.embed_texts(items, cache=store, backend="torch")

    for fn in variants.values():  # warm-up: first calls pay one-off initialisation
        fn(texts[:BATCH])
    reference = plain(texts)
    dup_reference = plain(duplicated)

    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    ratios: dict[str, list[float]] = {name: [] for name in variants}
    dedup_times: dict[str, list[float]] = {"plain": [], "dedup": []}
    outputs: dict[str, np.ndarray] = {}
    names = list(variants)
    for round_ in range(args.rounds):
        order = names[round_ % len(names):] + names[:round_ % len(names)]
        for name in order:
            t, c = time.perf_counter(), time.process_time()
            outputs[name] = variants[name](texts)
            times[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
        for name in names:
            ratios[name].append(times["plain encode (baseline)"][-1] / times[name][-1])
        for name, fn in ([("plain", plain), ("dedup", deduplicated)] if round_ % 2 == 0
                         else [("dedup", deduplicated), ("plain", plain)]):
            t = time.perf_counter()
            vectors = fn(duplicated)
            dedup_times[name].append(time.perf_counter() - t)
            if name == "dedup":
                outputs["dedup"] = vectors
        print(f"round {round_ + 1} done", file=sys.stderr)

    def quality(vectors, ref):
        cosines = np.sum(np.asarray(vectors, np.float32) * ref, axis=1)
        return float(cosines.min()), float(np.percentile(cosines, 1))

    rows = []
    for name in names:
        lo, p1 = quality(outputs[name], reference)
        median_time = statistics.median(times[name])
        cpu_ratio = statistics.median(b / a for a, b in zip(cpu[name], cpu[names[0]]))
        rows.append(f"| {name} | {median_time:.1f} | {len(texts) / median_time:,.0f} | "
                    f"{statistics.median(ratios[name]):.2f} | "
                    f"{' / '.join(f'{r:.2f}' for r in ratios[name])} | "
                    f"{statistics.median(cpu[name]):.1f} | {cpu_ratio:.2f} | {lo:.5f} | {p1:.5f} |")
    dedup_ratio = [p / d for p, d in zip(dedup_times["plain"], dedup_times["dedup"])]
    lo, p1 = quality(outputs["dedup"], dup_reference)
    median_dedup = statistics.median(dedup_times["dedup"])
    rows.append(f"| de-duplicated (embed_texts, empty cache), texts with duplicates | "
                f"{median_dedup:.1f} | {len(duplicated) / median_dedup:,.0f} | "
                f"{statistics.median(dedup_ratio):.2f} | "
                f"{' / '.join(f'{r:.2f}' for r in dedup_ratio)} | | | {lo:.5f} | {p1:.5f} |")
    rows.append(f"| (plain encode of the texts with duplicates) | "
                f"{statistics.median(dedup_times['plain']):.1f} | "
                f"{len(duplicated) / statistics.median(dedup_times['plain']):,.0f} | 1.00 | | | | | |")

    import onnxruntime

    counts = token_counts(texts)
    load_after = os.getloadavg()
    minutes = (time.perf_counter() - started) / 60
    command = " ".join([".venv/bin/python", "benchmarks/embedding_backends.py"] + sys.argv[1:])
    lines = [
        "# Embedding backends on CPU, side by side",
        "",
        f"Machine: {os.cpu_count()} CPU cores ({platform.machine()}), Python "
        f"{platform.python_version()}, torch {torch.__version__} ({threads} threads), "
        f"onnxruntime {onnxruntime.__version__}, model {config.embedding_model_name()}. "
        f"Load average (1 min) {load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end "
        "(a shared machine: other jobs ran).",
        f"Command: `{command}` (took {minutes:.0f} min).",
        f"Texts: {len(texts):,} distinct real sentences ({n_statements} statements extracted from "
        "the development set, then the stance exemplars), median "
        f"{int(np.median(counts))} tokens, longest {max(counts)}; batch size {BATCH}. "
        f"Texts with duplicates: {len(half):,} of them, each twice ({len(duplicated):,} texts), "
        "shuffled.",
        f"ONNX export (once per model and torch version, then read from the cache): "
        f"{export_seconds:.1f} s including loading the torch model; loading the exported "
        f"session: {session_seconds:.1f} s.",
        "",
        f"Median of {args.rounds} rounds; speed-up = plain wall time / variant wall time in the "
        "same round (above 1 is faster); CPU time = the process's CPU seconds (all threads; "
        "a thread waiting for a busy core spins and counts too), CPU ratio = plain / variant; "
        "cosine to the plain vectors over every text.",
        "",
        "| variant | median time (s) | texts/s | speed-up (median) | speed-up per round | "
        "CPU time (s) | CPU ratio | min cosine | 1st-percentile cosine |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
    ]
    if int8_note:
        lines += ["", int8_note]
    text = "\n".join(lines) + "\n"
    print(text)
    # Notes written by hand below the table (earlier runs, what was decided) are kept.
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    notes = previous[previous.find(NOTES):] if NOTES in previous else ""
    RESULTS.write_text(text + ("\n" + notes if notes else ""), encoding="utf-8")
    with contextlib.suppress(OSError):
        import shutil

        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
