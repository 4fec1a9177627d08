"""Scaling of the comparison stage on DISTINCT generated statements (issue 17).

    .venv/bin/python benchmarks/scaling_compare.py                 # 1k, 10k, 100k statements
    .venv/bin/python benchmarks/scaling_compare.py --sizes 1000 10000 --repeats 1

Each size runs in ``--repeats`` fresh processes (3; each stage's median is
reported, and the largest peak memory). Statements are generated, every one distinct
(a subject, a cue of one of the four move categories or a narration frame, one
of 40 objects with one of 30 qualifiers, a place and a serial number), spread
over documents of 12 statements with ISO dates over a year, two parties plus
narration. Embeddings come from a deterministic fake embedder (hashed word
n-grams, 384 dimensions, L2-normalised) because real embedding cost at 100k is a
separate measurement (``benchmarks/run_benchmarks.py``, embedding throughput);
the comparison does exactly the same work on fake vectors as on real ones.

Timed per stage (a stage under five seconds three times, the median reported): ``assign_issues`` (objects, their embedding,
grouping, naming), ``link_responses``, ``issue_verdicts`` + ``issue_timeline``,
``position_matrix``, ``position_distances`` and the figure data
(``statement_similarity``, ``statement_map``); peak RSS of the process. A
reference row times one pass over the vectors (``normalise``), which is linear
work: its growth is what this machine's memory hierarchy adds to any stage that
reads the vectors, and it is not part of the total. Prints a
Markdown table with the growth ratio of each stage from one size to the next
and writes it to ``benchmarks/results/scaling_compare.md``.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OBJECTS = ["tariffs on steel", "fishing quotas", "troop withdrawal", "sanctions relief",
           "a prisoner exchange", "the ceasefire line", "border crossings", "pension reform",
           "a pay rise", "night shift rosters", "uranium enrichment", "inspections of sites",
           "the loss and damage fund", "coal phase-out", "aid convoys", "the port of entry",
           "water rights", "grain exports", "a referendum", "land reform", "drug crop eradication",
           "missile deployments", "military exercises", "an arms embargo", "debt relief",
           "state subsidies", "data protection rules", "visa requirements", "gas transit fees",
           "the airport lease", "customs checks", "overtime pay", "hiring quotas",
           "streaming residuals", "use of artificial intelligence", "a transitional council",
           "election monitoring", "refugee returns", "mining licences", "the peace fund"]
QUALIFIERS = ["for the coming year", "in the northern region", "before the summit",
              "under the current mandate", "for small producers", "along the coast",
              "by the end of March", "in the capital", "for seasonal workers", "at the border",
              "over five years", "for the disputed areas", "in the next round", "from July",
              "for member states", "in the draft text", "for the third phase", "on weekends",
              "within ninety days", "for public services", "in all sectors", "for key ports",
              "during the truce", "for local firms", "across the region", "on a trial basis",
              "for the poorest", "in the free zone", "for freight traffic", "after the vote"]
MOVES = {"demand": ["demands", "insists on", "calls for", "wants"],
         "red_line": ["rejects", "will not accept", "rules out", "refuses"],
         "concession": ["is ready to discuss", "offers", "agreed to consider", "accepts"],
         "threat": ["warns of a walkout over", "threatens sanctions over", "warns of retaliation over",
                    "threatens to quit the talks over"],
         "other": ["discussed", "reported on", "mentioned", "reviewed"]}
PARTIES = ["Alpha", "Beta", "none"]
#: Stages faster than this are run three times and the median is reported.
SHORT_STAGE_S = 5.0


def generate(n: int):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    categories = list(MOVES)
    rows = []
    for i in range(n):
        party = PARTIES[int(rng.integers(3))]
        category = "other" if party == "none" else categories[int(rng.integers(5))]
        cue = MOVES[category][int(rng.integers(4))]
        obj = OBJECTS[int(rng.integers(len(OBJECTS)))]
        qual = QUALIFIERS[int(rng.integers(len(QUALIFIERS)))]
        subject = {"Alpha": "The Alpha delegation", "Beta": "Beta's negotiator",
                   "none": "The committee"}[party]
        doc = i // 12
        text = f"{subject} {cue} {obj} {qual}, item {i}."
        rows.append({"doc_id": f"doc{doc:06d}", "statement_id": f"doc{doc:06d}:{i % 12 + 1:04d}",
                     "char_start": (i % 12) * 100, "paragraph": (i % 12) // 3,
                     "text": text, "party": party, "category": category,
                     "categories": category, "confidence": 0.9,
                     "evidence": cue if category != "other" else ""})
    statements = pd.DataFrame(rows)
    docs = pd.DataFrame({"doc_id": sorted(statements["doc_id"].unique())})
    docs["date"] = [f"2024-{1 + k % 12:02d}-{1 + (k // 12) % 28:02d}" for k in range(len(docs))]
    return statements, docs


def fake_embed(texts, dim: int = 384):
    """Deterministic stand-in embedder: hashed word unigrams and bigrams, unit length."""
    import numpy as np

    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, text in enumerate(texts):
        tokens = str(text).lower().split()
        for gram in tokens + [" ".join(p) for p in zip(tokens, tokens[1:])]:
            h = zlib.crc32(gram.encode())
            out[i, h % dim] += 1.0 if (h >> 16) & 1 else -1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def measure(n: int) -> dict:
    """Run every stage once on ``n`` statements; return seconds per stage and peak RSS."""
    import warnings

    from analysis import compare
    from analysis.compare import common as compare_common

    warnings.simplefilter("ignore")
    times = {}
    start = time.perf_counter()
    statements, docs = generate(n)
    vectors = fake_embed(statements["text"].tolist())
    times["generate+embed (fake)"] = time.perf_counter() - start
    # What linear growth looks like on this machine: one pass over the vectors. At
    # 10,000 statements they (15 MB) fit a 32 MB L3 cache, at 100,000 (150 MB) not,
    # so any stage that reads the vectors grows more than 10x with no extra work.
    start = time.perf_counter()
    compare_common.normalise(vectors)
    times["reference: one pass over the vectors"] = time.perf_counter() - start
    parties = ("Alpha", "Beta")
    settings = compare.DEFAULT_SETTINGS

    def timed(name, fn):
        t = time.perf_counter()
        value = fn()
        runs = [time.perf_counter() - t]
        # Short stages are timed again (the median of three): a second of load from
        # another process would otherwise decide their growth ratio.
        while runs[0] < SHORT_STAGE_S and len(runs) < 3:
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        times[name] = statistics.median(runs)
        return value

    with_issue, issues = timed("assign_issues", lambda: compare.assign_issues(
        statements, vectors, settings=settings, embed=fake_embed))
    links = timed("link_responses", lambda: compare.link_responses(with_issue, vectors, parties, docs=docs))
    timed("verdicts+issue_timeline", lambda: (
        compare.issue_verdicts(with_issue, links, parties, docs),
        compare.issue_timeline(with_issue, links, parties, docs)))
    timed("position_matrix", lambda: compare.position_matrix(with_issue, vectors))
    timed("position_distances", lambda: compare.position_distances(with_issue, vectors, parties))
    timed("figure data", lambda: (compare.statement_similarity(with_issue, vectors, parties),
                                  compare.statement_map(with_issue, vectors)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "distinct": int(statements["text"].nunique()), "issues": len(issues),
            "times": times, "peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeats", type=int, default=3,
                        help="fresh processes per size; each stage's median is reported")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    results = []
    for n in args.sizes:
        runs = []
        for _ in range(max(args.repeats, 1)):
            done = subprocess.run([sys.executable, __file__, "--one", str(n)],
                                  capture_output=True, text=True, check=True, cwd=ROOT)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        # One process is at the mercy of the machine (page faults of fresh memory cost
        # tens of microseconds here): each stage's median over the processes.
        merged = dict(runs[0])
        merged["times"] = {stage: statistics.median(r["times"][stage] for r in runs)
                           for stage in runs[0]["times"]}
        merged["peak_mib"] = max(r["peak_mib"] for r in runs)
        results.append(merged)
        print(f"{n}: done", file=sys.stderr)
    stages = list(results[0]["times"])
    lines = ["| stage | " + " | ".join(f"{r['n']:,} stmts (s)" for r in results)
             + " | " + " | ".join(f"x {a['n']:,}->{b['n']:,}" for a, b in zip(results, results[1:]))
             + " |", "|---" * (1 + 2 * len(results) - 1) + "|"]
    for stage in stages + ["compare total"]:
        def value(r, stage=stage):
            if stage == "compare total":
                return sum(v for k, v in r["times"].items()
                           if not k.startswith(("generate", "reference")))
            return r["times"][stage]
        cells = [f"{value(r):.2f}" for r in results]
        ratios = [f"{value(b) / max(value(a), 1e-9):.1f}" for a, b in zip(results, results[1:])]
        lines.append(f"| {stage} | " + " | ".join(cells + ratios) + " |")
    lines.append("| peak RSS (MiB) | " + " | ".join(f"{r['peak_mib']:.0f}" for r in results)
                 + " | " + " | ".join(f"{b['peak_mib'] / a['peak_mib']:.1f}"
                                      for a, b in zip(results, results[1:])) + " |")
    lines.append("| distinct statements / issues | " + " | ".join(
        f"{r['distinct']:,} / {r['issues']}" for r in results) + " |" + " |" * (len(results) - 1))
    table = "\n".join(lines)
    print(table)
    out = ROOT / "benchmarks" / "results" / "scaling_compare.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Comparison stage on distinct statements\n\n"
                   f"`{' '.join(['benchmarks/scaling_compare.py'] + sys.argv[1:])}`; fake "
                   "embedder (see the module docstring); 2 cores.\n\n" + table + "\n")


if __name__ == "__main__":
    main()
