"""Text-stage throughput of this checkout beside an earlier revision, side by side.

    .venv/bin/python benchmarks/text_stage_baseline.py --baseline ab892f8 [--repeats 5]

The earlier revision is checked out with ``git worktree`` into a temporary folder
(removed afterwards). Both extract statements (segmentation, attribution,
coverage) from the same documents — the seed and every development negotiation,
repeated until there are at least 2,000 statements — in fresh processes that
alternate (baseline, current, baseline, …) so that a busy machine slows both alike.
Then the stance cue layer labels the statements found. Prints statements per second
for each (median over the repeats) and the ratios, and writes
them to ``benchmarks/results/text_stage_baseline.md``.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Run in a fresh interpreter with the checkout to measure first on sys.path.
_MEASURE = r"""
import json, sys, time, warnings
sys.path.insert(0, sys.argv[1])
warnings.simplefilter("ignore")
import pandas as pd
from analysis.corpus import load_corpus
from analysis.extract import extract
folders = [f for f in json.loads(sys.argv[2])]
docs = pd.concat([load_corpus(f).assign(doc_id=lambda d, i=i: f"{i}:" + d["doc_id"].astype(str))
                  for i, f in enumerate(folders)], ignore_index=True)
per_copy = len(extract(docs).statements)  # also loads imports and word lists before the clock starts
copies = -(-2000 // per_copy)
corpus = pd.concat([docs.assign(doc_id=docs["doc_id"] + f"#{k}") for k in range(copies)], ignore_index=True)
start = time.perf_counter()
found = extract(corpus).statements
seconds = time.perf_counter() - start
from analysis.stance import analyse_texts
texts = found["text"].tolist()
analyse_texts(texts[:10])
start = time.perf_counter()
analyse_texts(texts)
print(json.dumps({"statements": len(found), "seconds": seconds, "cue_seconds": time.perf_counter() - start}))
"""


def _folders(root: Path) -> list[str]:
    devset = sorted(p for p in (root / "analysis" / "data" / "devset").iterdir() if (p / "gold.csv").is_file())
    return [str(root / "seeds"), *map(str, devset)]


def _run(checkout: Path, folders: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(checkout), json.dumps(folders)],
                         check=True, capture_output=True, text=True, cwd=checkout)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", required=True, help="git revision to compare with")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "text_stage_baseline.md"))
    args = parser.parse_args(argv)
    folders = _folders(ROOT)  # the same documents for both (the current development set)
    rates: dict[str, list[float]] = {"baseline": [], "current": []}
    cue_rates: dict[str, list[float]] = {"baseline": [], "current": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.baseline],
                       check=True, capture_output=True, cwd=ROOT)
        try:
            for _ in range(args.repeats):
                for name, checkout in (("baseline", base), ("current", ROOT)):
                    found = _run(checkout, folders)
                    rates[name].append(found["statements"] / found["seconds"])
                    cue_rates[name].append(found["statements"] / found["cue_seconds"])
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], capture_output=True, cwd=ROOT)
    base_rate, current_rate = statistics.median(rates["baseline"]), statistics.median(rates["current"])
    base_cues, current_cues = statistics.median(cue_rates["baseline"]), statistics.median(cue_rates["current"])
    table = "\n".join([
        "# Text-stage throughput beside an earlier revision", "",
        f"Command: `.venv/bin/python benchmarks/text_stage_baseline.py --baseline {args.baseline} "
        f"--repeats {args.repeats}`; the seed and the development set repeated to at least 2,000 "
        "statements; fresh processes, alternating; median over the repeats.", "",
        "| measure | baseline | current | ratio |", "|---|---|---|---|",
        f"| statements/s (segmentation, attribution, coverage; 1 core) | {base_rate:,.0f} "
        f"({args.baseline}) | {current_rate:,.0f} | {current_rate / base_rate:.2f} |",
        f"| statements/s (stance cue layer, `analyse_texts`; 1 core) | {base_cues:,.0f} "
        f"({args.baseline}) | {current_cues:,.0f} | {current_cues / base_cues:.2f} |", ""])
    Path(args.output).write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
