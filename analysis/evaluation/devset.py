"""The development set: annotated excerpts of other negotiations, shipped with the package.

Each negotiation is a corpus folder (documents, ``metadata.csv``) with its
annotation beside it (``gold.csv``, ``verdicts.csv``, ``negotiation.csv``); the
format is in ``analysis/data/devset/README.md``. ``devset/`` is what rules and
models were developed on; ``devset_heldout/`` was kept unseen and is scored
only to report how the finished pipeline does on negotiations nobody looked at.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config, tables
from ..errors import CorpusWarning, input_error
from .gold import read_gold

DEVSET_DIR = config.DATA_DIR / "devset"
HELDOUT_DIR = config.DATA_DIR / "devset_heldout"


@dataclass(frozen=True)
class Negotiation:
    """One annotated negotiation: its corpus folder and what an analyst coded in it."""

    id: str
    title: str
    kind: str
    parties: tuple[str, str]
    folder: Path

    @property
    def gold_path(self) -> Path:
        return self.folder / "gold.csv"

    def gold(self) -> pd.DataFrame:
        """The statement annotations (see :func:`analysis.evaluation.gold.read_gold`)."""
        return read_gold(self.gold_path)

    def verdicts(self) -> pd.DataFrame:
        """The analyst's verdict per issue for the main party pair."""
        path = self.folder / "verdicts.csv"
        if not path.is_file():
            return pd.DataFrame(columns=list(tables.VERDICTS.columns))
        return tables.read_table(path, tables.VERDICTS, root=self.folder).drop(columns="line")


def negotiations(root: str | Path = DEVSET_DIR) -> list[Negotiation]:
    """Every complete negotiation under ``root`` (one with a ``gold.csv``), sorted by id."""
    root = Path(root)
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        info_path = folder / "negotiation.csv"
        if not (folder / "gold.csv").is_file() or not info_path.is_file():
            continue
        info = tables.read_table(info_path, tables.NEGOTIATION, root=folder)
        if info.empty:
            raise input_error(info_path, "no row describing the negotiation (only a header)",
                              line=2)
        if len(info) > 1:
            warnings.warn(f"{info_path}:{info['line'].iloc[1]}: only the first row describes "
                          "the negotiation; the others are ignored", CorpusWarning, stacklevel=2)
        info = info.iloc[0]
        found.append(Negotiation(id=info["id"] or folder.name, title=info["title"],
                                 kind=info["kind"], parties=(info["party_a"], info["party_b"]),
                                 folder=folder))
    return found


#: A blind second annotation of 20 random statements per development negotiation
#: (party and category only), made without seeing the first annotation.
SECOND_ANNOTATION = DEVSET_DIR / "agreement" / "second_annotation.csv"


def annotator_agreement(path: str | Path = SECOND_ANNOTATION,
                        root: str | Path = DEVSET_DIR) -> pd.DataFrame:
    """Agreement between the first annotation and the blind second one, per negotiation and pooled.

    Columns: ``negotiation``, ``statements``, ``party_agreement``,
    ``category_agreement`` (exact), ``category_agreement_acceptable`` (the second
    label is the first or one the first annotator marked acceptable), and Cohen's
    kappa for party and category.
    """
    from sklearn.metrics import cohen_kappa_score

    from .gold import category_matches, normalise_party

    second = tables.read_table(path, tables.SECOND_ANNOTATION).drop(columns="line")
    first = pd.concat([n.gold().assign(negotiation=n.id) for n in negotiations(root)],
                      ignore_index=True)
    both = second.merge(first, on=["negotiation", "file", "key"], suffixes=("_second", ""),
                        validate="one_to_one")
    rows = []
    for name, part in [*both.groupby("negotiation", sort=True), ("all", both)]:
        party_a = part["party"].map(normalise_party)
        party_b = part["party_second"].map(normalise_party)
        rows.append({
            "negotiation": name, "statements": len(part),
            "party_agreement": float((party_a == party_b).mean()),
            "category_agreement": float((part["category"] == part["category_second"]).mean()),
            "category_agreement_acceptable": float(pd.Series(
                [category_matches(b, a, acc) for a, acc, b in
                 zip(part["category"], part["acceptable"], part["category_second"])]).mean()),
            "party_kappa": float(cohen_kappa_score(party_a, party_b)) if name == "all" else float("nan"),
            "category_kappa": float(cohen_kappa_score(part["category"], part["category_second"]))
            if name == "all" else float("nan"),
        })
    return pd.DataFrame(rows)
