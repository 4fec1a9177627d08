"""Do the torch and ONNX embedding backends give the same results? (issue 17, item 3)

    .venv/bin/python benchmarks/backend_equivalence.py

Runs, once per backend (``ANALYSIS_EMBEDDING_BACKEND=torch`` / ``onnx``), each
in a fresh process with its own empty cache folder (so the stance classifier
is trained on that backend's vectors and every statement is embedded by it):

* the seed with its party pair (US, Russia): predicted categories and the
  verdict of every issue;
* the development set (``analysis/data/devset``; never the held-out slice):
  party and stance scores per negotiation (``analysis.evaluation.package``)
  and the issue scores (B-cubed, verdict agreement; ``analysis.evaluation.issues``).

Prints what differs between the two and the wall time of each whole run
(a cold first run: classifier training, embedding, comparison), and appends
nothing anywhere: quote the printout.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one_run() -> dict:
    """Everything compared, for the backend set in the environment."""
    import warnings

    warnings.simplefilter("ignore")
    from analysis import NegotiationAnalyzer, Settings
    from analysis.evaluation import devset, issues, package

    start = time.perf_counter()
    seed = NegotiationAnalyzer(settings=Settings(parties=("US", "Russia"))).run("seeds")
    verdicts = seed.tables["verdicts"]
    rows, _ = package.devset_rows(NegotiationAnalyzer())
    scores = package.scores_by_negotiation(rows)
    issue_rows, pooled = issues.evaluate_devset(devset.negotiations())
    return {
        "model_id": seed.model_id,
        "seconds": time.perf_counter() - start,
        "seed_categories": seed.statements["category"].tolist(),
        "seed_confidence": seed.statements["confidence"].astype(float).tolist(),
        "seed_verdicts": sorted(map(list, zip(verdicts["issue"].astype(str),
                                              verdicts["verdict"].astype(str)))),
        "devset_predicted": [f"{p}|{c}" for p, c in zip(rows["pred_party"], rows["pred_category"])],
        "devset_scores": json.loads(scores.round(4).to_json(orient="records")),
        "issue_scores": json.loads(issue_rows.to_json(orient="records")),
        "pooled_bcubed_f1": round(float(pooled), 4),
    }


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one_run()))
        return
    runs = {}
    for backend in ("torch", "onnx"):
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, ANALYSIS_EMBEDDING_BACKEND=backend, ANALYSIS_CACHE_DIR=cache)
            done = subprocess.run([sys.executable, __file__, "--one"], capture_output=True,
                                  text=True, env=env, cwd=ROOT)
            if done.returncode:
                sys.exit(f"{backend} run failed:\n{done.stderr[-3000:]}")
            runs[backend] = json.loads(done.stdout.strip().splitlines()[-1])
    torch_run, onnx_run = runs["torch"], runs["onnx"]
    print(f"model ids: {torch_run['model_id']} / {onnx_run['model_id']}")
    print(f"cold run (seed + development set, empty cache): torch {torch_run['seconds']:.0f} s, "
          f"onnx {onnx_run['seconds']:.0f} s (ONNX export included)")
    for key in ("seed_categories", "seed_verdicts", "devset_predicted", "devset_scores",
                "issue_scores", "pooled_bcubed_f1"):
        a, b = torch_run[key], onnx_run[key]
        if a == b:
            print(f"{key}: identical")
        elif isinstance(a, list) and len(a) == len(b):
            differing = [(x, y) for x, y in zip(a, b) if x != y]
            print(f"{key}: {len(differing)} of {len(a)} differ: {differing[:10]}")
        else:
            print(f"{key}: torch {a} / onnx {b}")
    gap = max(abs(x - y) for x, y in zip(torch_run["seed_confidence"], onnx_run["seed_confidence"]))
    print(f"seed confidence: largest difference {gap:.2e}")
    print("seed verdicts:", onnx_run["seed_verdicts"])


if __name__ == "__main__":
    main()
