"""Statement-level analysis of negotiation positions.

The stages, each a module with a small DataFrame API (see ``docs/design.md``)::

    docs = load_corpus("seeds")
    statements = classify_statements(extract_statements(docs))
    vectors = embed_texts(statements["text"])
    tables = compare(statements, vectors, parties=("US", "Russia"))

``analysis.pipeline`` runs them in order for the CLI and the notebooks.
"""
from .comparison import (assign_issues, compare, issue_verdicts, link_responses,
                         position_distances, position_matrix)
from .corpus import iter_documents, load_corpus
from .embeddings import embed_texts
from .errors import CorpusWarning, InputError
from .stance import (CueRuleClassifier, EmbeddingStanceClassifier, StanceClassifier,
                     classify_statements, classify_texts)
from .statements import coverage, extract_statements

__all__ = [
    "load_corpus", "iter_documents", "extract_statements", "coverage", "classify_statements",
    "classify_texts", "StanceClassifier", "CueRuleClassifier", "EmbeddingStanceClassifier",
    "embed_texts", "compare", "assign_issues", "position_matrix", "link_responses",
    "issue_verdicts", "position_distances", "InputError", "CorpusWarning",
]
