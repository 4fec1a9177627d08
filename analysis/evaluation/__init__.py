"""Scoring the pipeline against hand annotations.

* :mod:`.gold` reads a gold file (a researcher's own, or one negotiation of the
  development set) and aligns each row to the pipeline statement it names.
* :mod:`.devset` lists the development negotiations shipped with the package.
* :mod:`.metrics` holds the measures: party accuracy, per-class stance scores,
  B-cubed precision/recall for issue grouping.
"""
