"""Statement-level analysis of negotiation positions.

The stages, each a module with a small DataFrame API (see ``docs/design.md``)::

    from analysis import load_corpus, extract_statements, classify_statements, embed_texts, compare
    docs = load_corpus("seeds")
    statements = classify_statements(extract_statements(docs))
    vectors = embed_texts(statements["text"])
    tables = compare(statements, vectors, parties=("US", "Russia"))

``analysis.pipeline`` runs them in order for the CLI and the notebooks. Names are
imported on first use, so ``import analysis`` (and the CLI's start, and its
handling of Ctrl-C) does not wait for scikit-learn, pandas or torch.
"""
import importlib

_EXPORTS = {
    "load_corpus": "corpus", "iter_documents": "corpus",
    "extract_statements": "statements", "coverage": "statements",
    "classify_statements": "stance", "classify_texts": "stance",
    "StanceClassifier": "stance", "CueRuleClassifier": "stance",
    "EmbeddingStanceClassifier": "stance",
    "embed_texts": "embeddings",
    "compare": "comparison", "assign_issues": "comparison", "position_matrix": "comparison",
    "link_responses": "comparison", "issue_verdicts": "comparison",
    "position_distances": "comparison",
    "InputError": "errors", "CorpusWarning": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
