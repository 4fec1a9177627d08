"""Atomic and deterministic writing of output files."""
import hashlib

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import outputs
from analysis.errors import InputError


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["demand", "threat"], [3, 1])
    ax.set_xlabel("category")
    ax.set_ylabel("statements")
    return fig


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_same_figure_gives_same_bytes(tmp_path, suffix):
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    outputs.save_figure(_figure(), first)
    outputs.save_figure(_figure(), second)
    plt.close("all")
    assert _digest(first) == _digest(second)
    assert b"matplotlib.org" not in first.read_bytes()  # no software/version stamp


def test_failed_write_keeps_previous_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "table.csv"
    outputs.write_csv(pd.DataFrame({"a": [1]}), target)
    before = target.read_bytes()
    with pytest.raises(RuntimeError):
        with outputs.atomic_path(target) as tmp:
            tmp.write_text("half a tab")
            raise RuntimeError("interrupted")
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_csv_floats_are_rounded_for_stable_bytes(tmp_path):
    target = outputs.write_csv(pd.DataFrame({"x": [1 / 3]}), tmp_path / "x.csv")
    assert target.read_text() == "x\n0.3333\n"


def test_output_under_a_file_is_a_one_line_input_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(InputError, match="cannot create output folder"):
        outputs.write_csv(pd.DataFrame({"a": [1]}), blocker / "out" / "t.csv")
