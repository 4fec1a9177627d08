"""Statement-level analysis of negotiation positions.

One front door, :class:`NegotiationAnalyzer`, holds the stages and runs the chain::

    from analysis import NegotiationAnalyzer, Settings
    result = NegotiationAnalyzer(settings=Settings(parties=("US", "Russia"))).run("seeds")
    result.statements        # one row per statement: speaker, party, category, evidence, span
    result.tables["verdicts"]

Its parts (actor table, embedder, stance model, issue grouping, settings) are
injected; see :mod:`analysis.analyzer`. The stage modules (``corpus``,
``statements``, ``stance``, ``embeddings``, ``comparison``) keep their own
functions for finer work. Names are imported on first use, so ``import
analysis`` (and the CLI's start and its handling of Ctrl-C) does not wait for
scikit-learn, pandas or torch.
"""
import importlib

_EXPORTS = {
    "NegotiationAnalyzer": "analyzer", "AnalysisResult": "analyzer",
    "Settings": "settings",
    "load_corpus": "corpus",
    "Embedder": "embeddings", "SentenceTransformerEmbedder": "embeddings",
    "OnnxEmbedder": "embeddings",
    "StanceClassifier": "stance",
    "save_result": "results", "load_result": "results",
    "InputError": "errors", "CorpusWarning": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
