"""Table contracts, checked by code: one pandera schema per stage output.

The analyzer validates each stage's output at its boundary
(:func:`validate`), so a stage that drops a column, breaks a span or invents
a category fails there, with the table and the column named, rather than
three stages later. Input CSVs are checked by :mod:`analysis.tables`.
Columns not listed are allowed (stages may add their own); listed columns
must be present with the given type and checks.
"""
from __future__ import annotations

import functools

import pandas as pd

from .vocab import ATTRIBUTIONS, CATEGORIES


class ContractError(ValueError):
    """A stage returned a table that breaks its contract: a bug, not bad input."""


@functools.cache
def _schemas() -> dict:
    # pandera is imported on first validation, not with the package.
    import pandera.pandas as pa

    def text(**kw):
        return pa.Column(str, **kw)

    def span_checks():
        return [pa.Check(lambda t: (t["char_start"] >= 0).all(), error="char_start >= 0"),
                pa.Check(lambda t: (t["char_end"] >= t["char_start"]).all(),
                         error="char_end >= char_start")]

    docs = pa.DataFrameSchema({
        "doc_id": text(unique=True), "file": text(), "title": text(), "date": text(),
        "source": text(), "speaker": text(), "text": text(), "raw_text": text(),
        "language": text(), "notes": text(),
    }, name="docs")
    statements = pa.DataFrameSchema({
        "doc_id": text(), "statement_id": text(unique=True),
        "char_start": pa.Column(int), "char_end": pa.Column(int),
        "text": text(), "speaker": text(), "party": text(),
        "attribution": text(checks=pa.Check.isin(ATTRIBUTIONS)), "cue": text(),
        "paragraph": pa.Column(int), "sentence": pa.Column(int),
    }, checks=span_checks(), name="statements")
    stance = {
        "category": text(checks=pa.Check.isin(CATEGORIES)), "categories": text(),
        "confidence": pa.Column(float, checks=pa.Check.in_range(0.0, 1.0)),
        "evidence": text(),
        "conditional": pa.Column(bool), "negated": pa.Column(bool), "hypothetical": pa.Column(bool),
    }
    classified = statements.add_columns(stance)
    classified.name = "classified statements"
    coverage = pa.DataFrameSchema({
        "doc_id": text(), "sentence": pa.Column(int), "char_start": pa.Column(int),
        "char_end": pa.Column(int), "status": text(checks=pa.Check.isin(["statement", "set_aside"])),
        "reason": text(), "statement_ids": text(),
    }, checks=span_checks(), name="coverage")
    verdicts = pa.DataFrameSchema({
        "issue": text(), "verdict": text(checks=pa.Check.isin(
            ["deadlock", "bargaining_space", "one_sided", "unanswered"])),
    }, name="verdicts")
    issues = pa.DataFrameSchema({"issue": text()}, name="issues")
    return {"docs": docs, "statements": statements, "classified": classified,
            "coverage": coverage, "verdicts": verdicts, "issues": issues}


def validate(table: pd.DataFrame, contract: str, stage: str) -> pd.DataFrame:
    """Check ``table`` against the named contract; raise :class:`ContractError` naming ``stage``."""
    import pandera.errors

    schema = _schemas()[contract]
    if table.empty:
        # No values to check (a corpus of empty documents), and an empty column has no
        # string dtype for pandera to see: only the columns must be there.
        missing = [c for c in schema.columns if c not in table.columns]
        if missing:
            raise ContractError(f"{stage} returned a {contract} table that breaks its contract: "
                                f"column {missing[0]!r} missing")
        return table
    try:
        return schema.validate(table, lazy=False)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ContractError(f"{stage} returned a {contract} table that breaks its contract: "
                            f"{first}") from None
