"""Reused figures: the same bytes as drawing, redrawn whenever what they show changes."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from analysis import config, figure_store
from analysis.plotting import comparison as plots
from analysis.results import write_figures


@pytest.fixture(scope="module")
def seed_run(seed_result):
    return seed_result


@pytest.fixture()
def figure_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache" / "figures"


def test_second_run_reuses_every_figure_with_identical_bytes(seed_run, figure_cache, tmp_path,
                                                             monkeypatch):
    first = write_figures(seed_run, tmp_path / "first")
    assert len(first) >= 6 and len(list(figure_cache.glob("*.png"))) == len(first)

    def must_not_draw(*args, **kwargs):
        raise AssertionError("a stored figure was drawn again")

    specs = plots.figure_specs
    monkeypatch.setattr(plots, "figure_specs", lambda *a, **k: {
        name: (_Named(plot, must_not_draw), args) for name, (plot, args) in specs(*a, **k).items()})
    second = write_figures(seed_run, tmp_path / "second")
    assert [p.name for p in second] == [p.name for p in first]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


class _Named:
    """Has ``plot``'s name (so its key is unchanged) but runs ``body`` when called."""

    def __init__(self, plot, body):
        self.__module__, self.__qualname__ = plot.__module__, plot.__qualname__
        self._body = body

    def __call__(self, *args, **kwargs):
        return self._body(*args, **kwargs)


def test_a_changed_value_or_party_pair_is_another_key(seed_run):
    specs = plots.figure_specs(seed_run.statements, seed_run.vectors, seed_run.tables)
    plot, (distances,) = specs["distances"]
    key = figure_store.figure_key(plot, (distances,))
    nudged = distances.copy()
    column = nudged.select_dtypes("float").columns[0]
    nudged.loc[nudged.index[0], column] += 1e-12  # below any CSV rounding
    assert figure_store.figure_key(plot, (nudged,)) != key
    swapped = plots.figure_specs(seed_run.statements, seed_run.vectors, seed_run.tables,
                                 parties=("Russia", "US"))
    plot, args = specs["statement_map"]
    assert figure_store.figure_key(plot, args) != figure_store.figure_key(*swapped["statement_map"])


_KEY_OF_CSV = """
import io, sys
import pandas as pd
from analysis import figure_store
from analysis.plotting import comparison as plots

frame = pd.read_csv(io.StringIO(sys.stdin.read()), keep_default_na=False,
                    float_precision="round_trip")
print(figure_store.figure_key(plots.plot_distances, (frame,)))
"""


def test_keys_are_the_same_in_another_process(seed_run):
    """No memory addresses, hash seeds or dict order in a key."""
    # The table travels as CSV at full precision and is read back exactly on both sides.
    csv = seed_run.tables["distances"].to_csv(index=False, float_format="%.17g")
    runs = [subprocess.run([sys.executable, "-c", _KEY_OF_CSV], input=csv, capture_output=True,
                           text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
            for seed in ("1", "123")]
    keys = {run.stdout.strip() for run in runs}
    assert len(keys) == 1 and len(keys.pop()) == 64


def test_a_damaged_stored_figure_is_drawn_again(seed_run, figure_cache, tmp_path):
    first = write_figures(seed_run, tmp_path / "first")
    for stored in figure_cache.glob("*.png"):
        stored.write_bytes(stored.read_bytes()[:200])
    second = write_figures(seed_run, tmp_path / "second")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    for stored in figure_cache.glob("*.png"):  # replaced by complete files
        assert stored.read_bytes().endswith(b"IEND\xaeB`\x82")


def test_unknown_argument_types_are_refused():
    with pytest.raises(TypeError):
        figure_store.figure_key(plots.plot_distances, (object(),))
