"""Does contrastive fine-tuning of the sentence-transformer on the stance labels transfer
across negotiations better than the frozen embedding? (SetFit-style body training.)

    .venv/bin/python benchmarks/stance_finetune.py                  # full run, writes the results
    .venv/bin/python benchmarks/stance_finetune.py --probe     # determinism check only (timing)

Design: the package's own leave-one-negotiation-out evaluation
(:func:`analysis.stance.evaluation.lono_predictions`, 11 development negotiations,
849 gold statements, the pipeline's statements as test units, a prediction counts
if it is the gold or an acceptable label) with five models side by side in one run:

* ``combined``, ``rules``, ``embedding``: the package's ablation models on the frozen
  bundled model (today's figures);
* ``ft_combined``, ``ft_embedding``: the same two estimators
  (:class:`~analysis.stance.models.StanceClassifier`,
  :class:`~analysis.stance.models.EmbeddingStanceClassifier`, default parameters)
  whose ``model_name`` is a copy of the bundled model fine-tuned on the fold's
  training texts (exemplars + seed + the other ten negotiations) and labels. The
  package accepts any local sentence-transformers folder as ``model_name``, so the
  fine-tuned vectors go through the package's own embedding code (equal-length
  batches, cache keyed by the folder's content) and the package's own classifiers:
  nothing of the package is re-implemented or edited.

Fine-tuning: ``SentenceTransformer.old_fit`` (the library's ``model.fit``-style loop;
``fit``/the trainer need the ``datasets`` package, which is not installed) with a
label-based loss that needs no pairs (``BatchAllTripletLoss`` by default), one
shuffled pass order from a seeded generator, AdamW lr 2e-5, linear warm-up over 10 %
of the steps, ``max_seq_length`` 128 during training (the longest statement has
fewer than 100 tokens; the saved copy keeps the base model's 256, so only the
weights differ), torch 2 threads, ``torch.use_deterministic_algorithms(True)``.
One fine-tuning per fold, shared by the two fine-tuned estimators (keyed by a hash
of the training texts and labels).

Determinism: the first fold is fine-tuned a second time from scratch with the same
seed and the vectors of its training and test texts compared (max abs difference).

Scratch (fine-tuned copies, the vector cache) lives under ``/tmp/work/finetune/``;
``ANALYSIS_CACHE_DIR`` is pointed there so the project's ``.cache`` is not touched.
Writes ``benchmarks/results/stance_finetune.md``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import sys
import time
import warnings
from pathlib import Path

SCRATCH = Path("/tmp/work/finetune")
os.environ["ANALYSIS_CACHE_DIR"] = str(SCRATCH / "cache")  # before analysis.config is read
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402 - after the path fix above

config.quiet_libraries()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402
from sklearn.base import BaseEstimator, ClassifierMixin  # noqa: E402

from analysis.errors import CorpusWarning  # noqa: E402
from analysis.stance import evaluation as ev  # noqa: E402
from analysis.stance.models import EmbeddingStanceClassifier, StanceClassifier  # noqa: E402
from analysis.stance.training import devset_folders  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "stance_finetune.md"
SEED = config.RANDOM_SEED
SETTINGS = {"loss": "BatchAllTripletLoss", "epochs": 1, "batch_size": 16,
            "max_seq_length": 128, "lr": 2e-5, "warmup_fraction": 0.1}
#: Fine-tuning log: one dict per fine-tuning (fold, seconds, steps).
LOG: list[dict] = []
_MEMO: dict[str, str] = {}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def fine_tune(texts: list[str], labels: list[str], out: Path, settings: dict,
              seed: int = SEED) -> dict:
    """Fine-tune a fresh copy of the bundled model on ``texts``/``labels``; save to ``out``."""
    from sentence_transformers import InputExample, SentenceTransformer
    from sentence_transformers.sentence_transformer import losses
    from torch.utils.data import DataLoader

    from analysis.embeddings import resolve_model_path

    start = time.perf_counter()
    seed_everything(seed)
    model = SentenceTransformer(resolve_model_path(config.DEFAULT_EMBEDDING_MODEL), device="cpu",
                                local_files_only=True, model_kwargs={"use_safetensors": True})
    base_length = model.max_seq_length
    model.max_seq_length = settings["max_seq_length"]
    classes = sorted(set(labels))
    examples = [InputExample(texts=[t], label=classes.index(y)) for t, y in zip(texts, labels)]
    generator = torch.Generator().manual_seed(seed)
    loader = DataLoader(examples, batch_size=settings["batch_size"], shuffle=True,
                        generator=generator, drop_last=True)
    loss = getattr(losses, settings["loss"])(model)
    steps = len(loader) * settings["epochs"]
    model.old_fit(train_objectives=[(loader, loss)], epochs=settings["epochs"],
                  warmup_steps=max(1, int(settings["warmup_fraction"] * steps)),
                  optimizer_params={"lr": settings["lr"]}, show_progress_bar=False)
    model.max_seq_length = base_length
    if out.exists():
        shutil.rmtree(out)
    model.save(str(out))
    return {"seconds": time.perf_counter() - start, "steps": steps, "texts": len(texts)}


def tuned_model(texts: list[str], labels: list[str]) -> str:
    """Folder of the model fine-tuned on exactly these texts and labels (once per fold)."""
    key = hashlib.sha256("\0".join(f"{t}\1{y}" for t, y in zip(texts, labels)).encode()
                         ).hexdigest()[:16]
    if key not in _MEMO:
        for old in list(_MEMO.values()):  # one fold at a time: drop the previous copy
            shutil.rmtree(old, ignore_errors=True)
        _MEMO.clear()
        out = SCRATCH / "models" / f"fold-{key}"
        info = fine_tune(texts, labels, out, SETTINGS)
        LOG.append({"key": key, **info})
        print(f"  fine-tuned on {info['texts']} texts, {info['steps']} steps, "
              f"{info['seconds']:.1f} s", flush=True)
        _MEMO[key] = str(out)
    return _MEMO[key]


class FineTuned(ClassifierMixin, BaseEstimator):
    """A package stance estimator whose embedding model is fine-tuned on its training data.

    ``kind`` is ``combined`` (StanceClassifier) or ``embedding`` (EmbeddingStanceClassifier).
    """

    def __init__(self, kind: str = "combined"):
        self.kind = kind

    def fit(self, X, y):
        texts, labels = list(X), list(y)
        folder = tuned_model(texts, labels)
        start = time.perf_counter()
        inner = (StanceClassifier if self.kind == "combined" else EmbeddingStanceClassifier)
        self.model_ = inner(model_name=folder).fit(texts, labels)
        LOG[-1][f"fit_{self.kind}_s"] = time.perf_counter() - start  # embeds the training texts
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(X)

    def predict(self, X):
        return self.model_.predict(X)

    def decide(self, X):
        if hasattr(self.model_, "decide"):
            return self.model_.decide(X)
        proba = self.model_.predict_proba(X)
        return proba, self.classes_[np.argmax(proba, axis=1)], np.zeros(len(proba), dtype=bool)


def determinism_check(root: Path | None) -> dict:
    """Fine-tune the first fold twice from scratch; max abs difference of the vectors."""
    from analysis.embeddings import embed_texts
    from analysis.stance.training import devset_folders, training_data

    first = devset_folders(root)[0].name
    data = training_data(devset_root=root)
    train = data[data["group"] != first]
    test = ev.heldout_units(devset_folders(root)[0])
    texts = train["text"].tolist() + [t for t in test["text"] if t]
    vectors, seconds = [], []
    for run in ("a", "b"):
        out = SCRATCH / "determinism" / run
        info = fine_tune(train["text"].tolist(), train["category"].tolist(), out, SETTINGS)
        seconds.append(info["seconds"])
        vectors.append(embed_texts(texts, model_name=str(out), cache=False))
    from analysis.embeddings import model_identity

    same_files = model_identity(str(SCRATCH / "determinism" / "a")).split("@")[1] == \
        model_identity(str(SCRATCH / "determinism" / "b")).split("@")[1]
    return {"fold": first, "texts": len(texts), "max_abs_diff": float(np.abs(vectors[0] - vectors[1]).max()),
            "identical": bool(np.array_equal(vectors[0], vectors[1])),
            "same_weights_hash": same_files, "seconds": seconds}


def markdown(frame: pd.DataFrame) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join((f"{v:.1f}" if "(s)" in c else f"{v:.3f}")
                                        if isinstance(v, float) else str(v)
                                        for c, v in zip(cols, row)) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--probe", action="store_true",
                        help="only the determinism check (times one fold's fine-tuning twice)")
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batch_size"])
    parser.add_argument("--loss", default=SETTINGS["loss"])
    parser.add_argument("--no-determinism", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--report-only", action="store_true",
                        help="rebuild the Markdown from the saved predictions.csv and run.json")
    args = parser.parse_args()
    SETTINGS.update(epochs=args.epochs, batch_size=args.batch_size, loss=args.loss)

    torch.set_num_threads(2)
    deterministic = True
    try:
        torch.use_deterministic_algorithms(True)
    except Exception as exc:  # pragma: no cover - reported, not fatal
        deterministic = f"failed: {exc}"
    warnings.simplefilter("ignore", CorpusWarning)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    load_start = os.getloadavg()[0]

    if args.report_only:  # rebuild the Markdown from a finished run's saved outputs
        predictions = pd.read_csv(SCRATCH / "predictions.csv", keep_default_na=False)
        run = json.loads((SCRATCH / "run.json").read_text())
    else:
        det = None
        if not args.no_determinism:
            t0 = time.perf_counter()
            det = determinism_check(None)
            print(f"determinism: {det} ({time.perf_counter() - t0:.0f} s)", flush=True)
        if args.probe:
            return
        models = {**ev.ablation_models(),
                  "ft_combined": FineTuned("combined"), "ft_embedding": FineTuned("embedding")}
        t0 = time.perf_counter()
        predictions = ev.lono_predictions(models)
        run = {"models": list(models), "lono_seconds": time.perf_counter() - t0,
               "total_seconds": time.perf_counter() - began, "load_start": load_start,
               "load_end": os.getloadavg()[0], "deterministic": str(deterministic),
               "settings": SETTINGS, "log": LOG, "determinism": det,
               "held_out": [f.name for f in devset_folders()], "rebuilt": ""}
        predictions.to_csv(SCRATCH / "predictions.csv", index=False)
        (SCRATCH / "run.json").write_text(json.dumps(run, indent=1))
    write_report(predictions, run, write=not args.no_write)


def write_report(predictions: pd.DataFrame, run: dict, write: bool = True) -> None:
    names, det, settings = run["models"], run["determinism"], run["settings"]
    report = ev.lono_report(predictions, models=names)
    print(report.overview.to_string(index=False))
    deterministic, lono_seconds, total = run["deterministic"], run["lono_seconds"], run["total_seconds"]

    # ---------------------------------------------------------------- tables
    overview = report.overview.set_index("model")
    pooled = pd.DataFrame([{"model": m, "n": int(overview.at[m, "n"]),
                            "accuracy": overview.at[m, "accuracy"],
                            "macro_f1": overview.at[m, "macro_f1"], "ece": overview.at[m, "ece"]}
                           for m in names])
    by = report.by_negotiation.pivot(index="negotiation", columns="model", values="accuracy")
    n = report.by_negotiation.drop_duplicates("negotiation").set_index("negotiation")["n"]
    per_neg = by[names].copy()
    per_neg.insert(0, "n", n)
    per_neg["ft_emb − emb"] = per_neg["ft_embedding"] - per_neg["embedding"]
    per_neg["ft_comb − comb"] = per_neg["ft_combined"] - per_neg["combined"]
    per_neg = per_neg.reset_index()
    wins = {k: (int((per_neg[k] > 1e-9).sum()), int((per_neg[k] < -1e-9).sum()))
            for k in ("ft_emb − emb", "ft_comb − comb")}
    per_class = report.per_class[report.per_class["model"].isin(["embedding", "ft_embedding",
                                                                  "combined", "ft_combined"])]
    per_class = per_class[per_class["class"].isin(["demand", "red_line", "concession", "threat",
                                                   "other"])]
    f1 = per_class.pivot(index="class", columns="model", values="f1")[
        ["embedding", "ft_embedding", "combined", "ft_combined"]].reset_index()
    folds = pd.DataFrame(run["log"])
    folds.insert(0, "held_out", run["held_out"][:len(folds)])
    fold_table = folds.rename(columns={"seconds": "fine-tune (s)", "texts": "train texts",
                                       "fit_combined_s": "embed+fit combined (s)",
                                       "fit_embedding_s": "embed+fit embedding (s)"}
                              ).drop(columns=["key"], errors="ignore")

    text = [
        "# Stance: contrastive fine-tuning of the embedding model, leave one negotiation out",
        "",
        f"Command: `.venv/bin/python benchmarks/stance_finetune.py"
        f"{'' if settings['epochs'] == 1 else ' --epochs ' + str(settings['epochs'])}` "
        f"(HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONHASHSEED=0; took {total / 60:.1f} min, "
        f"LONO part {lono_seconds / 60:.1f} min).",
        f"Machine: {os.cpu_count()} CPU cores (shared), Python {platform.python_version()}, "
        f"torch {torch.__version__} (2 threads), sentence-transformers "
        f"{__import__('sentence_transformers').__version__}; load average (1 min) "
        f"{run['load_start']:.1f} at the start, {run['load_end']:.1f} at the end.",
        f"Fine-tuning: `SentenceTransformer.old_fit` with `losses.{settings['loss']}` on the "
        f"fold's training texts and their primary labels, {settings['epochs']} epoch(s), batch "
        f"{settings['batch_size']} (shuffled, last partial batch dropped), AdamW lr "
        f"{settings['lr']}, linear warm-up {settings['warmup_fraction']:.0%} of steps, "
        f"max_seq_length {settings['max_seq_length']} in training (saved copy keeps 256; no "
        f"statement reaches 128 tokens), seed {SEED} (random, numpy, torch, loader generator), "
        f"torch.use_deterministic_algorithms: {deterministic}.",
        "Evaluation: `analysis.stance.evaluation.lono_predictions` with the package's models; the "
        "fine-tuned variants are the same `StanceClassifier` / `EmbeddingStanceClassifier` with "
        "`model_name` = the fold's fine-tuned folder (vectors through `analysis.embeddings`). "
        "Correct = gold or acceptable label; macro-F1 over the gold classes.",
        "",
        *([run["rebuilt"], ""] if run.get("rebuilt") else []),
        "## Pooled (849 statements, 11 folds)",
        "",
        markdown(pooled),
        "",
        "## Accuracy per held-out negotiation",
        "",
        markdown(per_neg),
        "",
        f"Fine-tuned better / worse than frozen, negotiations: embedding-only "
        f"{wins['ft_emb − emb'][0]} / {wins['ft_emb − emb'][1]}, combined "
        f"{wins['ft_comb − comb'][0]} / {wins['ft_comb − comb'][1]}.",
        "",
        "## F1 per class (pooled)",
        "",
        markdown(f1),
        "",
        "## Time per fold",
        "",
        markdown(fold_table),
        "",
        f"Fine-tuning: median {folds['seconds'].median():.1f} s, max {folds['seconds'].max():.1f} s "
        f"per fold; total {folds['seconds'].sum() / 60:.1f} min.",
        "",
        "## Determinism",
        "",
    ]
    if det:
        text.append(
            f"Fold `{det['fold']}` fine-tuned twice from scratch with seed {SEED}: vectors of its "
            f"{det['texts']} training and test texts {'bitwise identical' if det['identical'] else 'differ'}"
            f" (max abs difference {det['max_abs_diff']:.3g}); saved weights "
            f"{'identical (same content hash)' if det['same_weights_hash'] else 'differ'}; "
            f"the two fine-tunings took {det['seconds'][0]:.1f} s and {det['seconds'][1]:.1f} s.")
    else:
        text.append("Not run (`--no-determinism`).")
    out = "\n".join(text) + "\n"
    print(out)
    (SCRATCH / "report.md").write_text(out)
    if write:
        notes = ""
        if RESULTS.exists() and "\n## Notes" in RESULTS.read_text():
            notes = "\n## Notes" + RESULTS.read_text().split("\n## Notes", 1)[1]
        RESULTS.write_text(out + notes)
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
