"""How much of an analyst's issue grouping can the shipped signals find at all?

    .venv/bin/python benchmarks/issue_grouping_signals.py            # writes the results
    .venv/bin/python benchmarks/issue_grouping_signals.py --no-finetune

Issue 14 asks for B-cubed F1 >= 0.80 against the analyst's issues of the development
set. This measures where the grouping stands against what the embedding model can
tell apart, on the development set's position statements (gold rows with an issue,
the pipeline's statement for each), pooled B-cubed F1 (Amigó et al. 2009):

* ``one cluster``: every position statement of a negotiation in one issue (the floor
  any grouping must beat: recall 1);
* ``pipeline``: the shipped comparison (:func:`analysis.compare.compare` through
  :class:`analysis.NegotiationAnalyzer`, each negotiation with its main party pair);
* ``Ward, statement vectors, analyst's count``: Ward linkage of the statements'
  all-MiniLM-L6-v2 vectors cut into exactly as many issues as the analyst wrote
  (an oracle count: what the frozen vectors give with the count known);
* ``... after a linear projection``: the same on the vectors projected by a
  Fisher discriminant (within- vs between-issue scatter, ridge 10) learnt on the
  other negotiations (leave one negotiation out): does a linear map that separates
  issues in other negotiations transfer?
* ``vectors + shared words + neighbours, analyst's count``: average linkage of an
  even mix of the vectors' cosine and the package's TF-IDF cosine of content-word
  stems (:func:`analysis.compare.grouping.lexical_similarity`, actors and reporting
  words left out), plus 0.3 for two statements at most two apart in one document,
  cut into the analyst's count: do words and discourse add what the vectors miss?
* ``... fine-tuned``: Ward on vectors of a copy of the model fine-tuned on the
  other half of the negotiations (two folds, alternate negotiations in sorted order),
  batch-all triplet loss on the analyst's issues, each batch from one negotiation
  (the negatives that matter are other issues of the same negotiation), 2 epochs,
  AdamW lr 2e-5, seed fixed, 2 threads. About a minute per fold on 2 cores;
* ``fine-tuned vectors + shared words + neighbours``: the mixed row on those vectors
  (does fine-tuning add to what words and discourse already give?).

Scratch (the fine-tuned copies) lives under ``/tmp/work/issue_ft``; nothing of the
package is re-implemented for the pipeline row. Writes
``benchmarks/results/issue_grouping_signals.md``.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402 - after the path fix above

config.quiet_libraries()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis import NegotiationAnalyzer  # noqa: E402
from analysis.compare.common import actor_words  # noqa: E402
from analysis.compare.grouping import _agglomerate, lexical_similarity, non_topic_words  # noqa: E402
from analysis.errors import CorpusWarning  # noqa: E402
from analysis.evaluation import devset  # noqa: E402
from analysis.evaluation.metrics import bcubed  # noqa: E402
from analysis.evaluation.package import devset_rows, issue_scores  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "issue_grouping_signals.md"
SCRATCH = Path("/tmp/work/issue_ft")
SEED = config.RANDOM_SEED


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def ward_labels(vectors: np.ndarray, k: int) -> np.ndarray:
    z = unit(np.asarray(vectors, dtype=np.float64))
    return _agglomerate((z @ z.T).astype(np.float32), k)


def positions(rows: pd.DataFrame, results: dict) -> dict[str, tuple]:
    """Per negotiation: statement vectors, analyst's issues, texts, statement ids and the
    corpus's actor words, for its position statements."""
    out = {}
    for name, part in rows.groupby("negotiation", sort=True):
        result = results[name]
        index = {s: i for i, s in enumerate(result.statements["statement_id"])}
        part = part[(part["issue"].astype(str) != "") & part["statement_id"].isin(index)]
        at = [index[s] for s in part["statement_id"]]
        out[name] = (np.asarray(result.vectors)[at], part["issue"].tolist(),
                     result.statements["text"].iloc[at].tolist(), part["statement_id"].tolist(),
                     frozenset(actor_words(result.statements)))
    return out


def pooled(labels_by_negotiation: dict[str, tuple[list, list]]) -> tuple[float, dict[str, float]]:
    gold, pred, per = [], [], {}
    for name, (g, p) in sorted(labels_by_negotiation.items()):
        per[name] = bcubed([{x} for x in g], [{y} for y in p])[2]
        gold += [{f"{name}:{x}"} for x in g]
        pred += [{f"{name}:{y}"} for y in p]
    return bcubed(gold, pred)[2], per


def mixed_labels(vectors: np.ndarray, texts: list, ids: list, actors: frozenset, k: int,
                 neighbour: float = 0.3) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    z = unit(np.asarray(vectors, dtype=np.float64))
    similarity = 0.5 * (z @ z.T) + 0.5 * lexical_similarity(texts, non_topic_words(actors))
    place = [(i.rsplit(":", 1)[0], int(i.rsplit(":", 1)[1])) for i in ids]
    near = np.array([[a[0] == b[0] and abs(a[1] - b[1]) <= 2 for b in place] for a in place])
    distance = np.clip(1.0 - similarity - neighbour * near, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    return AgglomerativeClustering(n_clusters=min(k, len(ids)), metric="precomputed",
                                   linkage="average").fit_predict(distance)


def fisher_projection(train: list[tuple[np.ndarray, list]], dims: int = 64,
                      ridge: float = 10.0) -> np.ndarray:
    from scipy.linalg import eigh

    within, between = 0.0, 0.0
    for vectors, issues in train:
        x = unit(vectors)
        centre = x.mean(axis=0)
        for issue in sorted(set(issues)):
            members = x[[i for i, v in enumerate(issues) if v == issue]]
            mean = members.mean(axis=0)
            within = within + (members - mean).T @ (members - mean)
            between = between + len(members) * np.outer(mean - centre, mean - centre)
    d = within.shape[0]
    within = within / np.trace(within) * d
    between = between / np.trace(between) * d
    _, vectors = eigh(between, within + ridge * np.eye(d))
    return vectors[:, ::-1][:, :dims]


def fine_tuned_vectors(data: dict, train: list[str], test: list[str]) -> dict[str, np.ndarray]:
    import torch
    from sentence_transformers import InputExample, SentenceTransformer
    from sentence_transformers.sentence_transformer import losses
    from torch.utils.data import DataLoader, Sampler

    from analysis.embeddings import resolve_model_path

    class OneNegotiationPerBatch(Sampler):
        def __init__(self, groups, size, seed):
            self.groups, self.size, self.seed, self.epoch = groups, size, seed, 0

        def __iter__(self):
            rng = random.Random(self.seed + self.epoch)
            self.epoch += 1
            batches = []
            for group in self.groups:
                group = list(group)
                rng.shuffle(group)
                batches += [group[i:i + self.size]
                            for i in range(0, len(group) - self.size + 1, self.size)]
            rng.shuffle(batches)
            return iter(batches)

        def __len__(self):
            return sum(len(g) // self.size for g in self.groups)

    torch.set_num_threads(2)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    model = SentenceTransformer(resolve_model_path(config.DEFAULT_EMBEDDING_MODEL), device="cpu",
                                local_files_only=True, model_kwargs={"use_safetensors": True})
    model.max_seq_length = 128
    labels = sorted({f"{n}:{y}" for n in train for y in data[n][1]})
    examples, groups = [], []
    for name in train:
        _, issues, texts = data[name][:3]
        groups.append(list(range(len(examples), len(examples) + len(texts))))
        examples += [InputExample(texts=[t], label=labels.index(f"{name}:{y}"))
                     for t, y in zip(texts, issues)]
    loader = DataLoader(examples, batch_sampler=OneNegotiationPerBatch(groups, 16, SEED),
                        collate_fn=model.smart_batching_collate)
    model.old_fit(train_objectives=[(loader, losses.BatchAllTripletLoss(model))], epochs=2,
                  warmup_steps=5, optimizer_params={"lr": 2e-5}, show_progress_bar=False)
    return {name: model.encode(data[name][2], batch_size=32, convert_to_numpy=True)
            for name in test}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-finetune", action="store_true")
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        rows, results = devset_rows(NegotiationAnalyzer(), devset.DEVSET_DIR)
    data = positions(rows, results)
    names = sorted(data)
    table = {}
    table["one cluster"] = pooled({n: (data[n][1], [0] * len(data[n][1])) for n in names})
    shipped = issue_scores(devset.DEVSET_DIR, rows, results)["issue_scores"].set_index("negotiation")
    table["pipeline (shipped)"] = (float(shipped.loc["all", "bcubed_f1"]),
                                   {n: float(shipped.loc[n, "bcubed_f1"]) for n in names})
    table["Ward, statement vectors, analyst's count"] = pooled(
        {n: (data[n][1], ward_labels(data[n][0], len(set(data[n][1])))) for n in names})
    projected = {}
    for name in names:
        w = fisher_projection([(data[m][0], data[m][1]) for m in names if m != name])
        projected[name] = (data[name][1], ward_labels(unit(data[name][0]) @ w,
                                                      len(set(data[name][1]))))
    table["... after a linear projection (leave one out)"] = pooled(projected)
    table["vectors + shared words + neighbours, analyst's count"] = pooled(
        {n: (data[n][1], mixed_labels(data[n][0], data[n][2], data[n][3], data[n][4],
                                      len(set(data[n][1])))) for n in names})
    seconds = []
    if not args.no_finetune:
        tuned, tuned_mixed = {}, {}
        folds = [names[0::2], names[1::2]]
        for test in folds:
            start = time.perf_counter()
            vectors = fine_tuned_vectors(data, [n for n in names if n not in test], test)
            seconds.append(time.perf_counter() - start)
            for name in test:
                k = len(set(data[name][1]))
                tuned[name] = (data[name][1], ward_labels(vectors[name], k))
                tuned_mixed[name] = (data[name][1], mixed_labels(vectors[name], *data[name][2:5], k))
        table["... fine-tuned on the other fold"] = pooled(tuned)
        table["fine-tuned vectors + shared words + neighbours"] = pooled(tuned_mixed)
    write(table, names, seconds)


def write(table: dict, names: list[str], seconds: list[float]) -> None:
    labels = list(table)
    lines = ["| negotiation | " + " | ".join(labels) + " |", "|" + "---|" * (len(labels) + 1)]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(f"{table[k][1][name]:.2f}" for k in labels) + " |")
    lines.append("| **pooled** | " + " | ".join(f"**{table[k][0]:.3f}**" for k in labels) + " |")
    text = "\n".join([
        "# Issue grouping: what the signals can find",
        "",
        "`.venv/bin/python benchmarks/issue_grouping_signals.py` (see its docstring for each row).",
        f"Development set: {len(names)} negotiations, B-cubed F1 over the analyst's position "
        "statements (per negotiation, then pooled).",
        "",
        *lines,
        "",
        (f"Fine-tuning: {', '.join(f'{s:.0f} s' for s in seconds)} per fold (2 cores)."
         if seconds else "Fine-tuning skipped (--no-finetune)."),
        "",
    ])
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
