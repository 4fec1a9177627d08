"""The embedding model exported to ONNX and run by onnxruntime: the same vectors, faster on CPU.

The backend ``onnx`` of :func:`analysis.embeddings.embed_texts` (setting
``ANALYSIS_EMBEDDING_BACKEND=onnx``, or :class:`analysis.embeddings.OnnxEmbedder`).
The sentence-transformers model is exported once with ``torch.onnx.export``
(TorchScript exporter) into ``CACHE_DIR/onnx/<model>-<key>/``: its transformer
followed by the mean pooling and L2 normalisation its own modules apply, so the
graph returns finished sentence vectors. The key covers the model identity,
the torch version, the opset and this module's export code version; any
change exports again. The export is deterministic (the same model exported
twice gives byte-identical files), written atomically, and later runs load it
without importing torch: texts are tokenised with the model's tokenizer, saved
beside the export as ``tokenizer.json`` and run by the ``tokenizers`` library
with the truncation length and input names recorded at export time in
``export.json``, and batched as the torch backend batches (equal token counts,
no padding: :func:`analysis.embeddings.equal_length_batches`).

Only models made of a Transformer, a mean Pooling and optionally a Normalize
module can be exported; any other model raises InputError naming the setting.
Measured against plain ``SentenceTransformer.encode`` in
``benchmarks/results/embedding_backends.md``.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np

from . import config
from .errors import InputError
from .outputs import atomic_path

#: Bumped whenever the exported graph or its metadata change, so old exports are not reused.
EXPORT_VERSION = 1
#: ONNX operator set of the export (supported by every onnxruntime since 1.12).
OPSET = 17
#: Sub-folder of the cache folder holding exported models.
ONNX_SUBDIR = "onnx"
_MODEL_FILE = "model.onnx"
_META_FILE = "export.json"

_lock = threading.Lock()


def _setting_error(reason: str) -> InputError:
    return InputError(f"{config.EMBEDDING_BACKEND_SETTING}=onnx: {reason}")


def export_folder(identity: str, cache_dir: str | Path | None = None) -> Path:
    """Where the export of model ``identity`` lives (it may not exist yet).

    ``identity`` is :func:`analysis.embeddings.model_identity` of the torch
    model; the key adds the installed torch version (read from its metadata, so
    a warm run never imports torch), the opset and :data:`EXPORT_VERSION`.
    """
    from importlib.metadata import version

    key = hashlib.sha256(json.dumps([identity, version("torch"), OPSET, EXPORT_VERSION])
                         .encode("utf-8")).hexdigest()[:16]
    name = identity.rpartition("@")[0]
    readable = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(name).name)[:48]
    root = Path(cache_dir) if cache_dir is not None else Path(config.CACHE_DIR)
    return root / ONNX_SUBDIR / f"{readable or 'model'}-{key}"


def exported_model(model_name: str, cache_dir: str | Path | None = None) -> Path:
    """The folder of the ONNX export of ``model_name``, exporting it first if needed.

    Reuses an export already in the cache (written by this or another
    process). Raises InputError when onnx is missing or the model has modules
    the export does not reproduce.
    """
    from . import embeddings

    identity = embeddings.model_identity(model_name, backend="torch")
    folder = export_folder(identity, cache_dir)
    with _lock:
        if not (folder / _META_FILE).is_file() or not (folder / _MODEL_FILE).is_file():
            _export(model_name, identity, folder)
    return folder


def _sentence_encoder(transformer, input_names: list[str]):
    """A torch module: transformer output -> masked mean over tokens -> unit length,
    the computation of the model's Pooling (mean) and Normalize modules."""
    import torch

    class SentenceEncoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs):
            features = dict(zip(input_names, inputs))
            hidden = self.transformer(**features).last_hidden_state
            mask = features["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            vectors = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(vectors, p=2.0, dim=1)

    return SentenceEncoder().eval()


def _check_modules(model) -> None:
    """Refuse models whose modules the exported graph would not reproduce."""
    kinds = [type(module).__name__ for module in model]
    if kinds[:2] != ["Transformer", "Pooling"] or kinds[2:] not in ([], ["Normalize"]):
        raise _setting_error(f"the model's modules ({', '.join(kinds)}) are not "
                             "Transformer, Pooling[, Normalize]; use the torch backend")
    pooling = model[1].get_config_dict()
    if pooling.get("pooling_mode") != "mean" or not pooling.get("include_prompt", True):
        raise _setting_error(f"the model pools with {pooling.get('pooling_mode')!r}, the "
                             "export reproduces mean pooling only; use the torch backend")


def _export(model_name: str, identity: str, folder: Path) -> None:
    """Export the model into ``folder`` (model.onnx, tokenizer.json, export.json)."""
    try:
        import onnx  # noqa: F401  (the TorchScript exporter needs it)
    except ImportError:
        raise _setting_error("the onnx package is not installed") from None
    import torch

    from . import embeddings

    model = embeddings.load_model(model_name)
    _check_modules(model)
    tokenizer = model.tokenizer
    if (tokenizer.padding_side, tokenizer.truncation_side) != ("right", "right"):
        raise _setting_error("the model's tokenizer pads or truncates on the left; the "
                             "export pads and truncates on the right; use the torch backend")
    input_names = list(tokenizer.model_input_names)
    encoder = _sentence_encoder(model[0].auto_model, input_names)
    example = tokenizer(["An example sentence to trace.", "Short one."], padding=True,
                        return_tensors="pt")
    args = tuple(example[name] for name in input_names)
    axes = {name: {0: "batch", 1: "tokens"} for name in input_names}
    axes["sentence_embedding"] = {0: "batch"}
    meta = {"identity": identity, "torch": torch.__version__, "opset": OPSET,
            "export_version": EXPORT_VERSION, "input_names": input_names,
            "max_length": int(model.max_seq_length),
            "pad_token": tokenizer.pad_token, "pad_id": int(tokenizer.pad_token_id),
            "pad_type_id": int(getattr(tokenizer, "pad_token_type_id", 0) or 0),
            "dimension": int(embeddings._dimension_of(model))}
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_path(folder / "tokenizer.json") as tmp:
        tokenizer.backend_tokenizer.save(str(tmp))
    with atomic_path(folder / _MODEL_FILE) as tmp, warnings.catch_warnings():
        # The tracer warns about shape checks that are constant for an encoder
        # (padding length, causal masks); they say nothing to a user.
        warnings.simplefilter("ignore")
        torch.onnx.export(encoder, args, str(tmp), dynamo=False, opset_version=OPSET,
                          input_names=input_names, output_names=["sentence_embedding"],
                          dynamic_axes=axes, do_constant_folding=True)
    # Written last: its presence says the export is complete.
    with atomic_path(folder / _META_FILE) as tmp:
        tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


class OnnxSession:
    """An exported model ready to embed: tokenizer plus onnxruntime session.

    ``OnnxSession(folder)`` loads ``folder`` as written by :func:`exported_model`;
    ``threads`` is onnxruntime's intra-op thread count (default: the cores this
    process may use, as torch does).
    """

    def __init__(self, folder: str | Path, threads: int | None = None):
        try:
            import onnxruntime
        except ImportError:
            raise _setting_error("the onnxruntime package is not installed") from None
        from tokenizers import Tokenizer

        folder = Path(folder)
        self.folder = folder
        self.meta = json.loads((folder / _META_FILE).read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # The saved tokenizer may carry its own truncation/padding (often 128); the
        # model's are those recorded at export, applied here explicitly.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.meta["max_length"])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or len(os.sched_getaffinity(0))
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(folder / _MODEL_FILE), options,
                                                    providers=["CPUExecutionProvider"])

    @property
    def dimension(self) -> int:
        return int(self.meta["dimension"])

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised float32 vectors of ``texts`` (input order), shape (n, dim).

        Batched as the torch backend batches
        (:func:`analysis.embeddings.equal_length_batches`): texts of equal token
        count together, no padding, so a text's vector does not depend on the
        other texts embedded with it.
        """
        from .embeddings import capped_text, equal_length_batches

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        texts = [str(t) for t in texts]
        window = int(self.meta["max_length"])
        capped = [capped_text(t, window) for t in texts]
        encodings = self.tokenizer.encode_batch(capped)
        # A cut text that no longer fills the window: its whole text decides.
        short = [i for i, t in enumerate(texts)
                 if len(capped[i]) < len(t) and len(encodings[i].ids) < window]
        for i, encoding in zip(short, self.tokenizer.encode_batch([texts[i] for i in short])):
            encodings[i] = encoding
        fields = {"input_ids": "ids", "attention_mask": "attention_mask",
                  "token_type_ids": "type_ids"}
        names = self.meta["input_names"]
        lengths = [len(e.ids) for e in encodings]
        for batch in equal_length_batches(lengths, texts, batch_size, min_texts=2):
            shape = (len(batch), lengths[batch[0]])
            feeds = {name: np.array([getattr(encodings[i], fields[name]) for i in batch],
                                    dtype=np.int64).reshape(shape)
                     if name in fields else np.zeros(shape, dtype=np.int64) for name in names}
            out[batch] = self.session.run(["sentence_embedding"], feeds)[0]
        return out


_sessions: dict[Path, OnnxSession] = {}


def load_session(model_name: str, cache_dir: str | Path | None = None) -> OnnxSession:
    """The session of ``model_name``'s export (exported first if needed), once per process."""
    folder = exported_model(model_name, cache_dir)
    with _lock:
        if folder not in _sessions:
            _sessions[folder] = OnnxSession(folder)
        return _sessions[folder]
