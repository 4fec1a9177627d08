"""Figures: one function per figure, each takes DataFrames and returns a matplotlib Figure.

``style`` (palette and fonts, applied on import), ``stance`` (classifier
evaluation) and ``comparison`` (the party comparison).
"""
