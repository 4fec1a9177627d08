"""Performance benchmarks: one command, one table, every target beside its measured value.

    .venv/bin/python benchmarks/run_benchmarks.py            # full run (tens of minutes on 2 cores)
    .venv/bin/python benchmarks/run_benchmarks.py --quick    # smoke run: 1 repeat, 100/1,000 docs

Prints a Markdown table and writes it to ``benchmarks/results/latest.md`` (and
``latest.csv``). Each row shows a baseline, the measured value, their ratio and
the target. What is measured:

1. Embedding throughput of :func:`analysis.embeddings.embed_texts` (cache off)
   against plain ``SentenceTransformer.encode`` on the same texts, alternating
   the two in the same process; median of the repeats.
2. Text stages (segmentation and attribution in ``extract_statements``; the
   stance classifier's rule features) in statements per second, pinned to one core; and their
   share of the per-statement pipeline time on the shipped texts with the
   embedding cache off (model already loaded, so start-up is not counted).
3. ``python -m analysis compare seeds -o TMP``: cold (empty cache folder), warm
   (same cache again) and warm with the stored figures deleted, each a fresh
   process; medians.
4. Scaling on generated corpora built by resampling paragraphs of the shipped
   texts (``seeds/`` and ``tests/data/corpora/*``): the product path
   (``NegotiationAnalyzer.run(corpus, embed=False)`` then ``embeddings.embed_texts``, with
   an empty embedding cache) in a fresh process per size, with the model loaded
   before the clock starts; wall time of the stages and the process's peak RSS.

Generated corpora and caches live in a temporary folder that is removed at the end.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402 - after the path fix above

config.quiet_libraries()

RESULTS_DIR = ROOT / "benchmarks" / "results"
MIB = 1024 * 1024


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    baseline: str
    measured: str
    ratio: str
    target: str
    met: str
    how: str


# --------------------------------------------------------------------------- helpers

#: The batch size timed beside the configured one (``config.EMBEDDING_BATCH_SIZE``).
OTHER_BATCH_SIZE = 64


def _shipped_corpus_dirs() -> list[Path]:
    """The seed corpus and every test corpus that ships with the repository."""
    dirs = [config.SEEDS_DIR]
    test_corpora = ROOT / "tests" / "data" / "corpora"
    if test_corpora.is_dir():
        dirs += sorted(p for p in test_corpora.iterdir() if p.is_dir())
    return dirs


def _load_docs_quietly(corpus_dir: Path):
    """The docs table of a shipped corpus, or None when it is a deliberately broken one."""
    from analysis import corpus
    from analysis.errors import InputError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return corpus.load_corpus(corpus_dir)
        except InputError:
            return None


def _shipped_docs():
    """All readable English documents of the shipped corpora, as one docs table."""
    import pandas as pd

    tables = []
    for index, folder in enumerate(_shipped_corpus_dirs()):
        docs = _load_docs_quietly(folder)
        if docs is None or not len(docs):
            continue
        docs = docs[(docs["text"].str.strip() != "") & (docs["language"].isin(["en", ""]))]
        # doc_ids may repeat across corpora; make them unique for a combined table.
        docs = docs.assign(doc_id=[f"c{index:02d}_{d}" for d in docs["doc_id"]])
        tables.append(docs)
    return pd.concat(tables, ignore_index=True).sort_values("doc_id").reset_index(drop=True)


def _paragraph_pool(docs) -> list[str]:
    """Every paragraph (blank-line separated block) of the shipped documents."""
    pool = []
    for text in docs["text"]:
        for block in re.split(r"\n\s*\n", text):
            block = block.strip()
            if len(block) >= 20:
                pool.append(block)
    return pool


def generate_corpus(folder: Path, documents: int, pool: list[str], seed: int) -> Path:
    """Write ``documents`` .txt files, each 4-14 paragraphs drawn at random from ``pool``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(documents):
        paragraphs = rng.choices(pool, k=rng.randint(4, 14))
        (folder / f"gen_{n:06d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return folder


def _median(values: list[float]) -> float:
    return statistics.median(values)


@contextlib.contextmanager
def _one_core():
    """Pin this process to one CPU while timing single-threaded text stages."""
    if not hasattr(os, "sched_setaffinity"):
        yield False
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield True
    finally:
        os.sched_setaffinity(0, before)


def _fmt(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


# --------------------------------------------------------------------------- 1. embedding

def bench_embedding(texts: list[str], repeats: int) -> list[Row]:
    """Pipeline ``embed_texts`` (cache off) vs plain ``SentenceTransformer.encode``.

    A second batch size is timed beside the configured one, so the setting can be
    checked against the alternative on the machine at hand.
    """
    from sentence_transformers import SentenceTransformer

    from analysis import embeddings

    plain_model = SentenceTransformer(embeddings.resolve_model_path(config.DEFAULT_EMBEDDING_MODEL),
                                      device="cpu")
    embeddings.load_model()
    # Warm-up: first calls allocate buffers and are not representative.
    embeddings.embed_texts(texts[:64], cache=False)
    plain_model.encode(texts[:64], show_progress_bar=False)
    pipeline_rates, plain_rates, other_batch_rates = [], [], []
    for _ in range(repeats):
        start = time.perf_counter()
        embeddings.embed_texts(texts, cache=False)
        pipeline_rates.append(len(texts) / (time.perf_counter() - start))
        start = time.perf_counter()
        plain_model.encode(texts, show_progress_bar=False)
        plain_rates.append(len(texts) / (time.perf_counter() - start))
        start = time.perf_counter()
        embeddings.embed_texts(texts, cache=False, batch_size=OTHER_BATCH_SIZE)
        other_batch_rates.append(len(texts) / (time.perf_counter() - start))
    pipeline, plain = _median(pipeline_rates), _median(plain_rates)
    other_batch = _median(other_batch_rates)

    with tempfile.TemporaryDirectory() as cache_dir:
        embeddings.embed_texts(texts, cache_dir=cache_dir)  # fills the cache
        warm_rates = []
        for _ in range(repeats):
            cache = embeddings.EmbeddingCache(cache_dir)  # as a new process would
            start = time.perf_counter()
            embeddings.embed_texts(texts, cache=cache)
            warm_rates.append(len(texts) / (time.perf_counter() - start))
    warm = _median(warm_rates)
    return [
        Row("Embedding throughput, pipeline vs plain encode", f"{_fmt(plain)} texts/s",
            f"{_fmt(pipeline)} texts/s", f"{pipeline / plain:.2f}", "ratio >= 0.9",
            "yes" if pipeline / plain >= 0.9 else "no",
            f"{len(texts)} statement texts (the shipped statements, repeated), cache off, "
            f"pipeline at its configured batch size {config.EMBEDDING_BATCH_SIZE}, plain "
            f"encode with its defaults; alternating, median of {repeats}"),
        Row(f"Embedding throughput, pipeline at batch size {OTHER_BATCH_SIZE} vs plain encode",
            f"{_fmt(plain)} texts/s", f"{_fmt(other_batch)} texts/s",
            f"{other_batch / plain:.2f}", "(none)", "-",
            f"same texts and runs as the row above, embed_texts(batch_size={OTHER_BATCH_SIZE})"),
        Row("Embedding from a warm cache vs plain encode", f"{_fmt(plain)} texts/s",
            f"{_fmt(warm)} texts/s", f"{warm / plain:.0f}", "(none)", "-",
            f"same texts, every one a cache hit, median of {repeats}"),
    ]


# --------------------------------------------------------------------------- 2. text stages

#: The stance classifier's rule-feature step, as timed.
RULE_STEP = "stance.analyse_text + stance.rule_features"


def _rule_features(texts):
    from analysis import stance

    return stance.rule_features([stance.analyse_text(t) for t in texts])


def _time_text_stages(docs, actors) -> dict:
    """Seconds spent in each text stage over ``docs`` (one core)."""
    from analysis import extract as statements

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        found = statements.extract_statements(docs, actors)
        extract = time.perf_counter() - start
        start = time.perf_counter()
        _rule_features(found["text"].tolist())
        rules = time.perf_counter() - start
    return {"statements": len(found), "extract": extract, "rules": rules}


def bench_text_stages(shipped_docs, corpus_1k, workdir: Path, repeats: int,
                      share_repeats: int) -> list[Row]:
    """Statements per second of the text stages on one core, and their share of pipeline time."""
    from analysis import NegotiationAnalyzer, corpus, embeddings, stance
    from analysis import extract as statements

    actors = NegotiationAnalyzer().actors_for(corpus_1k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = corpus.load_corpus(corpus_1k)
    _time_text_stages(docs.head(20), actors)  # warm-up (lexicons, regex compilation)
    runs = []
    with _one_core() as pinned:
        for _ in range(repeats):
            runs.append(_time_text_stages(docs, actors))
    rates = [r["statements"] / (r["extract"] + r["rules"]) for r in runs]
    rate = _median(rates)
    n_statements = runs[0]["statements"]

    # Share of per-statement pipeline time on real, distinct statements, as the pipeline
    # runs them: extract, classify (which embeds every statement into an empty cache),
    # embed (served by the cache). Model and classifier are ready before the clock starts.
    embeddings.load_model()
    stance.default_classifier()
    shares, totals = [], []
    base_actors = NegotiationAnalyzer().actors_for(config.SEEDS_DIR)
    for _ in range(share_repeats):
        config.CACHE_DIR = Path(tempfile.mkdtemp(prefix="share-cache-", dir=workdir))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            found = statements.extract_statements(shipped_docs, base_actors)
            t1 = time.perf_counter()
            _rule_features(found["text"].tolist())  # timed apart; classify repeats this work
            t2 = time.perf_counter()
            classified = stance.classify_statements(found)
            t3 = time.perf_counter()
            embeddings.embed_texts(classified["text"].tolist())
            t4 = time.perf_counter()
        text_time = (t1 - t0) + (t2 - t1)
        total = (t1 - t0) + (t3 - t2) + (t4 - t3)
        shares.append(text_time / total)
        totals.append(total)
    share = _median(shares)
    return [
        Row("Text stages (segmentation, attribution, rule features), 1 core", "-",
            f"{_fmt(rate)} statements/s", "-", ">= 5,000 statements/s",
            "yes" if rate >= 5000 else "no",
            f"{n_statements:,} statements of a generated 1,000-document corpus; "
            f"{'pinned to one core' if pinned else 'single thread'}; rule step: "
            f"{RULE_STEP}; median of {repeats}"),
        Row("Text stages' share of pipeline time", f"{_median(totals):.1f} s total",
            f"{share:.1%}", "-", "<= 10%", "yes" if share <= 0.10 else "no",
            f"{len(found):,} statements of the shipped texts: extract + classify (embeds each "
            f"statement into an empty cache) + embed (cache hits); model and classifier "
            f"loaded first; median of {share_repeats}"),
    ]


# --------------------------------------------------------------------------- 3. CLI cold/warm

def _run_cli(args: list[str], cache_dir: Path) -> float:
    env = dict(os.environ, ANALYSIS_CACHE_DIR=str(cache_dir))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"python -m analysis {' '.join(args)} failed: "
                           f"{done.stderr.strip().splitlines()[-1:]}")
    return elapsed


def bench_cli(workdir: Path, repeats: int) -> list[Row]:
    """Cold (empty cache folder) vs warm ``python -m analysis compare seeds -o TMP``."""
    out = workdir / "compare-out"
    try:
        _run_cli(["compare", "seeds", "-o", str(out)], workdir / "warmup-cache")  # font caches
    except RuntimeError as exc:
        return [Row("compare seeds, warm vs cold", "-", "-", "-", "warm >= 3x faster",
                    "no", f"CLI failed: {exc}")]
    cold, warm, redrawn = [], [], []
    for n in range(repeats):
        cache_dir = workdir / f"cli-cache-{n}"
        cold.append(_run_cli(["compare", "seeds", "-o", str(out)], cache_dir))
        warm.append(_run_cli(["compare", "seeds", "-o", str(out)], cache_dir))
        # The same warm run when every figure has to be drawn again, as after
        # any change to what the figures show: embeddings and classifier stay cached.
        shutil.rmtree(cache_dir / "figures", ignore_errors=True)
        redrawn.append(_run_cli(["compare", "seeds", "-o", str(out)], cache_dir))
    how = "`python -m analysis compare seeds -o TMP`, fresh process each"
    speedup = _median(cold) / _median(warm)
    return [
        Row("`compare seeds`: warm vs cold cache", f"{_median(cold):.1f} s cold",
            f"{_median(warm):.1f} s warm", f"{speedup:.1f}x", "warm >= 3x faster",
            "yes" if speedup >= 3 else "no",
            f"{how}; cold starts from an empty cache folder, warm reuses what the cold "
            f"run stored there (embeddings, the fitted stance classifier, drawn figures); "
            f"median of {repeats}"),
        Row("`compare seeds`: warm with every figure redrawn vs cold",
            f"{_median(cold):.1f} s cold", f"{_median(redrawn):.1f} s warm",
            f"{_median(cold) / _median(redrawn):.1f}x", "(none)", "-",
            "as the row above, with the cache's figures deleted before the warm "
            f"run (embeddings and classifier still stored); median of {repeats}"),
    ]


# --------------------------------------------------------------------------- 4. scaling

def scaling_child(corpus_dir: str) -> None:
    """Run in a fresh process: the product path over a corpus; print timings as JSON.

    The embedding cache is the default one, pointed by the parent at an empty
    folder (``ANALYSIS_CACHE_DIR``), so the classifier and the embedding step
    share it as they do in a real run.
    """
    from analysis import NegotiationAnalyzer, embeddings, stance

    # Fixed start-up costs stay off the clock: the model, the stance classifier
    # (trained once per process on its exemplars) and lazily loaded resources, warmed
    # on the seed; the clock measures per-document work.
    embeddings.load_model()
    stance.default_classifier()
    cache = embeddings.default_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Lazily loaded resources (language profiles, actor tables, country names) too.
        NegotiationAnalyzer().run(config.SEEDS_DIR, embed=False)
        before = cache.stored
        start = time.perf_counter()
        run = NegotiationAnalyzer().run(corpus_dir, embed=False)
        extracted = time.perf_counter() - start
        start = time.perf_counter()
        embeddings.embed_texts(run.statements["text"].tolist())
        embedded = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print(json.dumps({"documents": len(run.docs), "statements": len(run.statements),
                      "distinct": int(run.statements["text"].nunique()),
                      "embedded": cache.stored - before,
                      "extract_classify_s": extracted, "embed_s": embedded,
                      "total_s": extracted + embedded, "peak_rss_bytes": peak}))


def _scaling_run(corpus_dir: Path, cache_dir: Path) -> dict:
    env = dict(os.environ, ANALYSIS_CACHE_DIR=str(cache_dir))
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--scaling-child",
                           str(corpus_dir)], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"scaling run on {corpus_dir.name} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_scaling(corpora: dict[int, Path], workdir: Path, embed_rate: float,
                  small_repeats: int) -> tuple[list[Row], list[dict]]:
    """Time and peak memory of the product path at two corpus sizes (10x apart)."""
    small, large = sorted(corpora)
    runs = [_scaling_run(corpora[small], workdir / f"scale-cache-{small}-{n}")
            for n in range(small_repeats)]
    results = {small: sorted(runs, key=lambda r: r["total_s"])[len(runs) // 2],  # median run
               large: _scaling_run(corpora[large], workdir / f"scale-cache-{large}")}
    a, b = results[small], results[large]
    ratio = b["total_s"] / a["total_s"]
    peak_mib = b["peak_rss_bytes"] / MIB
    uncached = b["statements"] / embed_rate if embed_rate else float("nan")
    how = (f"NegotiationAnalyzer.run without embedding (load, segment, attribute, coverage, "
           f"classify) + embeddings.embed_texts, "
           f"fresh process and empty embedding cache per size, model and stance classifier "
           f"ready before the clock starts; {small:,} docs: {a['statements']:,} statements "
           f"({a['distinct']:,} distinct texts); {large:,} docs: {b['statements']:,} statements "
           f"({b['distinct']:,} distinct); median of {small_repeats} runs at {small:,} "
           f"documents, one run at {large:,}")
    rows = [
        Row(f"Scaling time, {large:,} vs {small:,} documents", f"{a['total_s']:.1f} s",
            f"{b['total_s']:.1f} s", f"{ratio:.1f}", "ratio <= 12",
            "yes" if ratio <= 12 else "no", how),
        Row(f"Peak memory at {large:,} documents", f"{a['peak_rss_bytes'] / MIB:,.0f} MiB "
            f"at {small:,}", f"{peak_mib:,.0f} MiB", f"{b['peak_rss_bytes'] / a['peak_rss_bytes']:.2f}",
            "<= 2,048 MiB", "yes" if peak_mib <= 2048 else "no",
            "peak RSS (getrusage ru_maxrss) of the scaling process, model included"),
        Row(f"Embedding all {b['statements']:,} statements without the cache (estimate)", "-",
            f"~{uncached / 60:.0f} min", "-", "(none)", "-",
            "statement count divided by the measured pipeline embedding throughput; "
            "resampled paragraphs repeat, so the cached run embeds only distinct texts"),
    ]
    return rows, [dict(results[n], size=n) for n in (small, large)]


# --------------------------------------------------------------------------- 5. the longest sentence

#: Sizes of the single-line documents (bytes), and the time allowed for one run.
LONGEST_LINE_SIZES = (100_000, 1_000_000, 10_000_000)
LONGEST_LINE_TIMEOUT = 900


def one_line_document(pool: list[str], size: int, seed: int) -> str:
    """About ``size`` bytes of shipped text as one line with no sentence end: paragraphs
    resampled (seeded), sentence-final punctuation and line breaks removed."""
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        part = re.sub(r"[.!?]+(?=\s|$)|\s+", " ", rng.choice(pool)).strip()
        parts.append(part)
        total += len(part.encode()) + 1
    return " ".join(parts)[:size].rstrip()


def _timed_cli(args: list[str], cache_dir: Path) -> float | None:
    """Wall time of ``python -m analysis ARGS`` in a fresh process; None past the timeout."""
    env = dict(os.environ, ANALYSIS_CACHE_DIR=str(cache_dir))
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=LONGEST_LINE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"python -m analysis {' '.join(args)} failed: "
                           f"{done.stderr.strip().splitlines()[-1:]}")
    return time.perf_counter() - start


def _statement_counts(table: Path) -> tuple[int, int, int]:
    """Statements, distinct statement texts, and the tokens the model reads of those
    texts (each cut at the model's window) in a ``statements`` output table."""
    import pandas as pd

    from analysis import embeddings

    texts = pd.read_csv(table, dtype=str, keep_default_na=False)["text"].tolist()
    distinct = list(dict.fromkeys(texts))
    model = embeddings.load_model()
    ids = model.tokenizer(distinct, truncation=True, max_length=model.max_seq_length)["input_ids"]
    return len(texts), len(distinct), sum(len(row) for row in ids)


def bench_longest_line(workdir: Path, pool: list[str],
                       sizes: tuple[int, ...] = LONGEST_LINE_SIZES) -> list[Row]:
    """One single-line document of each size through ``statements`` and ``classify``.

    Each command runs in a fresh process on a warm cache; the same command on a
    one-statement document gives the start-up time (the stance classifier is fitted
    and stored before, so no row counts its fitting), which is subtracted before the
    growth ratio is taken (10x the text in 10x the time is linear). ``statements``
    runs twice per document: first it embeds every statement (the cache holds none
    of them), then, with their vectors cached, it shows what the text stages
    (repair, segmentation, extraction, cue rules) and the classifier cost alone. The
    difference of the two runs is the embedding, shown per distinct statement text.
    """
    cache_dir = workdir / "longest-line-cache"
    rows = []
    tiny = workdir / "line-tiny"
    tiny.mkdir(parents=True, exist_ok=True)
    (tiny / "line.txt").write_text("Union negotiator Tom Becker said the pay offer was still far too low\n",
                                   encoding="utf-8")

    def statements(folder):
        return ["statements", str(folder), "-o", str(folder.parent / f"{folder.name}.csv")]

    def classify(folder):
        return ["classify", str(folder / "line.txt"), "-o",
                str(folder.parent / f"{folder.name}-classified.csv")]

    commands = {"statements": statements, "statements (statement vectors cached)": statements,
                "classify": classify}
    all_times: dict[str, dict[int, float | None]] = {}
    for command, arguments in commands.items():
        _timed_cli(arguments(tiny), cache_dir)  # fills the cache (classifier, embeddings)
        startup = _timed_cli(arguments(tiny), cache_dir) or 0.0
        times: dict[int, float | None] = {}
        for size in sizes:
            folder = workdir / f"line-{size}"
            if not folder.exists():
                folder.mkdir(parents=True)
                (folder / "line.txt").write_text(one_line_document(pool, size, config.RANDOM_SEED)
                                                 + "\n", encoding="utf-8")
            print(f"   {command}: one line of {size:,} bytes", file=sys.stderr)
            times[size] = _timed_cli(arguments(folder), cache_dir)
        all_times[command] = times
        shown = ", ".join(f"{size / 1e6:g} MB: " + (f"{t:.1f} s" if t is not None else
                                                    f"> {LONGEST_LINE_TIMEOUT} s")
                          for size, t in times.items())
        small, large = sizes[-2], sizes[-1]
        if times[small] is not None and times[large] is not None:
            growth = (times[large] - startup) / max(times[small] - startup, 1e-3)
            ratio = f"{growth:.1f}x for {large // small}x the text"
        else:
            growth, ratio = None, "-"
        met = (times[large] is not None and times[large] < 60
               and growth is not None and growth <= 1.5 * large / small)
        name, _, note = command.partition(" (")
        cached = (" (" + note) if note else ""
        rows.append(Row(f"longest sentence: `{name}` on one line{cached}", f"{startup:.1f} s start-up",
                        shown, ratio, "linear; 10 MB under 60 s", "yes" if met else "no",
                        f"`python -m analysis {name}` on a document that is one line of "
                        f"resampled shipped text without sentence ends, fresh process, warm cache"
                        f"{'; every statement already embedded by the run before' if note else ''}; "
                        f"growth ratio of the times minus start-up ({small / 1e6:g} MB to "
                        f"{large / 1e6:g} MB)"))
    # What the first run had to embed, and how fast it did.
    counts, rates = [], []
    first, again = all_times["statements"], all_times["statements (statement vectors cached)"]
    for size in sizes:
        table = workdir / f"line-{size}.csv"
        if first[size] is None or again[size] is None or not table.is_file():
            continue
        found, distinct, tokens = _statement_counts(table)
        counts.append(f"{size / 1e6:g} MB: {found:,} statements, {distinct:,} distinct, "
                      f"{tokens:,} tokens")
        seconds = max(first[size] - again[size], 1e-3)
        rates.append(f"{size / 1e6:g} MB: {distinct / seconds:.0f} statements/s "
                     f"({tokens / seconds:,.0f} tokens/s)")
    if rates:
        rows.append(Row("longest sentence: embedding the statements of one line", "; ".join(counts),
                        ", ".join(rates), "-", "(none)", "-",
                        "distinct statement texts of each line (the tokens are those the model "
                        "reads: each text cut at its 256-token window) divided by the time the "
                        "first `statements` run took beyond the run with every vector cached "
                        "(loading the model, a few seconds, included)"))
    return rows


# --------------------------------------------------------------------------- report

def _markdown(rows: list[Row], header: list[str], scaling: list[dict], quick: bool) -> str:
    lines = ["# Benchmark results", "", *header, "",
             "| Measure | Baseline | Measured | Ratio | Target | Met |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.measure} | {r.baseline} | {r.measured} | {r.ratio} | {r.target} | {r.met} |")
    lines += ["", "What each row measured:", ""]
    lines += [f"- **{r.measure}**: {r.how}." for r in rows]
    if scaling:
        lines += ["", "Scaling runs (seconds). Newly embedded: distinct statement texts not "
                  "already in the cache, which the stance classifier's training (seed "
                  "statements among them) fills first:", "",
                  "| Documents | Statements | Distinct texts | Newly embedded | Extract + classify "
                  "| Embed | Total | Peak RSS |",
                  "|---|---|---|---|---|---|---|---|"]
        for s in scaling:
            lines.append(f"| {s['size']:,} | {s['statements']:,} | {s['distinct']:,} | "
                         f"{s['embedded']:,} | "
                         f"{s['extract_classify_s']:.1f} | {s['embed_s']:.1f} | {s['total_s']:.1f} | "
                         f"{s['peak_rss_bytes'] / MIB:,.0f} MiB |")
    if quick:
        lines += ["", "Quick mode: one repeat and smaller corpora; not the reference figures."]
    return "\n".join(lines) + "\n"


def _machine(load_before: tuple[float, ...]) -> list[str]:
    import torch

    # Other jobs on the machine slow every timing; the load average says how busy it was.
    load_after = os.getloadavg() if hasattr(os, "getloadavg") else ()
    load = (f" Load average (1 min) {load_before[0]:.1f} at the start, {load_after[0]:.1f} "
            f"at the end." if load_before and load_after else "")
    return [f"Machine: {os.cpu_count()} CPU cores ({platform.machine()}), Python "
            f"{platform.python_version()}, torch {torch.__version__} "
            f"({torch.get_num_threads()} threads), model {config.DEFAULT_EMBEDDING_MODEL}.{load}"]


def _shown_arguments(args: argparse.Namespace) -> str:
    """The options that shape the results, as typed, for the results header."""
    shown = " --quick" if args.quick else ""
    if args.repeats is not None:
        shown += f" --repeats {args.repeats}"
    if args.sizes is not None:
        shown += f" --sizes {args.sizes[0]} {args.sizes[1]}"
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="one repeat, 100 and 1,000 documents (a smoke run)")
    parser.add_argument("--repeats", type=int, default=None, help="repeats per timing (default 5)")
    parser.add_argument("--sizes", type=int, nargs=2, default=None, metavar=("SMALL", "LARGE"),
                        help="documents in the two scaling corpora (default 1000 10000)")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "latest.md")
    parser.add_argument("--scaling-child", metavar="CORPUS", help=argparse.SUPPRESS)
    parser.add_argument("--longest-line", action="store_true",
                        help="only the longest-sentence rows (100 KB, 1 MB, 10 MB single-line "
                             "documents); written to results/longest_line.md")
    args = parser.parse_args(argv)
    if args.scaling_child:
        scaling_child(args.scaling_child)
        return 0
    if args.longest_line:
        return _longest_line_only(args)
    repeats = args.repeats or (1 if args.quick else 5)
    sizes = args.sizes or ((100, 1000) if args.quick else (1000, 10000))

    from analysis import outputs

    workdir = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    # Never read or fill the repository's cache: every cold figure starts empty.
    config.CACHE_DIR = workdir / "cache"
    os.environ["ANALYSIS_CACHE_DIR"] = str(config.CACHE_DIR)
    try:
        started = time.perf_counter()
        load_before = os.getloadavg() if hasattr(os, "getloadavg") else ()
        shipped = _shipped_docs()
        pool = _paragraph_pool(shipped)
        corpora = {n: generate_corpus(workdir / f"corpus-{n}", n, pool, seed=config.RANDOM_SEED + n)
                   for n in sorted(set(sizes) | {1000})}
        print(f"shipped texts: {len(shipped)} documents, {len(pool)} paragraphs; "
              f"generated corpora: {', '.join(f'{n:,}' for n in corpora)} documents",
              file=sys.stderr)

        from analysis import NegotiationAnalyzer
        from analysis import extract as statements

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            shipped_statements = statements.extract_statements(
                shipped, NegotiationAnalyzer().actors_for(config.SEEDS_DIR))
        texts = list(dict.fromkeys(shipped_statements["text"]))
        distinct_texts = len(texts)
        texts = texts * -(-512 // len(texts))  # at least 512 texts, for stable timings
        rows = []
        print("1/5 embedding throughput", file=sys.stderr)
        rows += bench_embedding(texts, repeats)
        embed_rate = float(rows[0].measured.split()[0].replace(",", ""))
        print("2/5 text stages", file=sys.stderr)
        rows += bench_text_stages(shipped, corpora[1000], workdir, repeats, max(1, min(repeats, 3)))
        print("3/5 compare seeds, cold and warm", file=sys.stderr)
        rows += bench_cli(workdir, max(1, min(repeats, 3)))
        print("4/5 scaling", file=sys.stderr)
        scale_rows, scaling = bench_scaling({n: corpora[n] for n in sizes}, workdir, embed_rate,
                                            max(1, min(repeats, 3)))
        rows += scale_rows
        print("5/5 the longest sentence", file=sys.stderr)
        rows += bench_longest_line(workdir, pool)
        header = _machine(load_before) + [
            f"Command: `.venv/bin/python benchmarks/run_benchmarks.py{_shown_arguments(args)}`"
            f" (took {(time.perf_counter() - started) / 60:.0f} min).",
            f"Texts: {len(shipped)} shipped documents ({distinct_texts} distinct statements); "
            f"generated corpora resample their {len(pool)} paragraphs (seeded)."]
        report = _markdown(rows, header, scaling, args.quick)
        print(report)
        outputs.write_text(report, args.output)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["measure", "baseline", "measured", "ratio", "target", "met", "how"])
        for r in rows:
            writer.writerow([r.measure, r.baseline, r.measured, r.ratio, r.target, r.met, r.how])
        outputs.write_text(buffer.getvalue(), args.output.with_suffix(".csv"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _longest_line_only(args: argparse.Namespace) -> int:
    """``--longest-line``: just :func:`bench_longest_line`, in its own results file."""
    from analysis import outputs

    workdir = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    os.environ["ANALYSIS_CACHE_DIR"] = str(workdir / "cache")
    target = args.output if args.output != RESULTS_DIR / "latest.md" else RESULTS_DIR / "longest_line.md"
    try:
        started = time.perf_counter()
        load_before = os.getloadavg() if hasattr(os, "getloadavg") else ()
        rows = bench_longest_line(workdir, _paragraph_pool(_shipped_docs()))
        header = _machine(load_before) + [
            "Command: `.venv/bin/python benchmarks/run_benchmarks.py --longest-line`"
            f" (took {(time.perf_counter() - started) / 60:.0f} min)."]
        report = _markdown(rows, header, [], quick=False)
        # Notes written by hand below the table are kept.
        previous = target.read_text(encoding="utf-8") if target.is_file() else ""
        if "\n## Notes" in previous:
            report += previous[previous.index("\n## Notes"):]
        print(report)
        outputs.write_text(report, target)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
