"""Safe, atomic and deterministic writing of output files and output sets."""
import hashlib
import io
import os
import stat
import threading

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


# ---------------------------------------------------------------- what the target is decides

def _table():
    return pd.DataFrame({"statement": ["We demand guarantees."], "confidence": [0.5]})


CSV = "statement,confidence\nWe demand guarantees.,0.5000\n"


def test_a_symbolic_link_writes_its_target_and_stays_a_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    outputs.write_csv(_table(), link)
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text() == CSV


def test_a_read_only_file_is_refused_and_kept(tmp_path):
    target = tmp_path / "kept.csv"
    target.write_text("mine\n")
    target.chmod(0o444)
    with pytest.raises(InputError, match="kept.csv: cannot write \\(the file is read-only"):
        outputs.write_csv(_table(), target)
    assert target.read_text() == "mine\n"


def test_a_replaced_file_keeps_its_permission_bits(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    outputs.write_csv(_table(), target)
    assert (target.stat().st_mode & 0o777, target.read_text()) == (0o600, CSV)


def test_a_named_pipe_is_streamed_into(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    outputs.write_csv(_table(), pipe)
    reader.join(timeout=30)
    assert received == [CSV.encode()]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_a_device_is_streamed_into_not_replaced(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot create a device node here")
    outputs.write_csv(_table(), device)
    assert stat.S_ISCHR(os.stat(device).st_mode)
    with pytest.raises(InputError, match="/dev/full: cannot write \\(disk is full\\)"):
        outputs.write_csv(_table(), "/dev/full")


def test_dash_is_standard_output(capfd):
    outputs.write_csv(_table(), "-")
    assert capfd.readouterr().out == CSV


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        outputs.write_csv(_table(), tmp_path)


# ---------------------------------------------------------------- output sets

def test_nothing_changes_when_one_output_of_a_set_fails(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("previous a\n")
    with pytest.raises(InputError, match="/dev/full: cannot write"):
        with outputs.OutputSet() as out:
            out.write_csv(_table(), first)
            out.write_csv(_table(), "/dev/full")
    assert first.read_text() == "previous a\n" and not second.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]  # no temporary file left


def test_a_failing_writer_leaves_the_set_unwritten(tmp_path):
    with pytest.raises(RuntimeError):
        with outputs.OutputSet() as out:
            out.write_csv(_table(), tmp_path / "statements.csv")
            raise RuntimeError("a figure failed to draw")
    assert list(tmp_path.iterdir()) == []


def test_outputs_may_not_enter_the_protected_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "metadata.csv").write_text("file\n")
    with pytest.raises(InputError, match="is inside the corpus folder"):
        with outputs.OutputSet(protect=[corpus]) as out:
            out.write_csv(_table(), corpus / "metadata.csv")
    assert (corpus / "metadata.csv").read_text() == "file\n"
    for folder in (corpus, corpus / "out"):
        with pytest.raises(InputError, match="overlap"):
            outputs.check_output_folder(folder, protect=[corpus])
    outputs.check_output_folder(tmp_path, protect=[corpus])  # the corpus's parent is fine


def test_two_outputs_to_one_file_are_refused(tmp_path):
    target = tmp_path / "x.csv"
    with pytest.raises(InputError, match="given for both --output and --coverage"):
        outputs.check_outputs({"--output": target, "--coverage": target})
    link = tmp_path / "link.csv"
    target.write_text("x\n")
    link.symlink_to(target)
    with pytest.raises(InputError, match="given for both"):
        outputs.check_outputs({"--output": target, "--coverage": link})
    with pytest.raises(InputError, match="given for both"):
        outputs.check_outputs({"--output": "-", "--coverage": "-"})


def test_a_set_with_a_root_removes_what_the_previous_run_wrote_and_this_one_does_not(tmp_path):
    with outputs.OutputSet(root=tmp_path) as out:
        out.write_csv(_table(), tmp_path / "statements.csv")
        out.write_bytes(b"png", tmp_path / "figures" / "timeline.png")
    (tmp_path / "notes.txt").write_text("the user's own file\n")
    with outputs.OutputSet(root=tmp_path) as out:
        out.write_csv(_table(), tmp_path / "statements.csv")
    assert not (tmp_path / "figures" / "timeline.png").exists()
    assert (tmp_path / "notes.txt").exists() and (tmp_path / "statements.csv").exists()


def test_a_closed_pipe_still_lets_the_files_be_written(tmp_path, monkeypatch):
    class ClosedPipe(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(outputs.sys, "stdout", io.TextIOWrapper(io.BufferedWriter(ClosedPipe())))
    monkeypatch.setattr(outputs, "silence_stdout", lambda: None)
    with outputs.OutputSet() as out:
        out.write_csv(_table(), "-")
        out.write_csv(_table(), tmp_path / "coverage.csv")
    assert out.broken_pipe and (tmp_path / "coverage.csv").read_text() == CSV
