"""One frozen settings object: every value a run uses, and the values it writes out.

``settings.csv`` (and the ``settings`` table of a saved result) is serialised
from the :class:`Settings` instance the run used, so what is reported is what
was in force. Paths stay in :mod:`analysis.config`; this holds choices.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd

from . import config


def _compare_settings():
    # The comparison stage owns its own settings; nested here so one object holds all.
    try:
        from .compare.settings import CompareSettings
    except ImportError:  # the comparison package predates its settings object
        return None
    return CompareSettings()


@dataclass(frozen=True)
class Settings:
    """What a run of :class:`analysis.NegotiationAnalyzer` uses.

    ``parties`` is the pair the comparison is drawn for; without it a run
    extracts, classifies and embeds but draws no comparison (library code
    never guesses a pair; the command line and the notebooks default to
    ``US Russia``, the seed's pair).
    """

    parties: tuple[str, str] | None = None
    #: Seed of every random step (clustering, projections, cross-validation folds).
    random_seed: int = config.RANDOM_SEED
    #: Statements embedded per batch; memory grows with this, not with the corpus.
    embedding_batch_size: int = config.EMBEDDING_BATCH_SIZE
    #: Documents extracted together: spreads per-call overhead, keeps memory that of a few articles.
    docs_per_group: int = 32
    #: Languages the stance model was built for; statements of other documents stay unlabelled.
    classified_languages: tuple[str, ...] = ("en",)
    #: The comparison stage's thresholds and sizes (None when that stage has no settings object).
    compare: object | None = field(default_factory=_compare_settings)

    def __post_init__(self):
        if self.parties is not None:
            parties = tuple(str(p) for p in self.parties)
            if len(parties) != 2 or parties[0] == parties[1] or not all(parties):
                raise ValueError(f"parties must be two different names, got {self.parties!r}")
            object.__setattr__(self, "parties", parties)
        if self.docs_per_group < 1 or self.embedding_batch_size < 1:
            raise ValueError("docs_per_group and embedding_batch_size must be at least 1")

    def replace(self, **changes) -> Settings:
        """A copy with some values changed (the object itself never changes)."""
        return dataclasses.replace(self, **changes)

    def to_frame(self) -> pd.DataFrame:
        """``name, value`` rows, nested settings as ``compare.<name>``; sorted by name."""
        rows = []
        for name, value in _flatten(self):
            rows.append({"name": name, "value": _text(value)})
        return pd.DataFrame(rows, columns=["name", "value"]).sort_values("name", kind="stable") \
            .reset_index(drop=True)


def _flatten(obj, prefix: str = ""):
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            yield from _flatten(value, f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}", value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return " ".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)
