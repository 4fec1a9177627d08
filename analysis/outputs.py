"""Safe, deterministic writing of every output file (CSV, figures, HTML, JSON, Parquet).

One mechanism for every writer: an :class:`OutputSet` stages each output in a
temporary file and, only once every file of the set is complete, puts them all in
place. What "in place" means depends on what the target is:

- ``-``: standard output (the staged bytes are copied to it);
- a regular file, or a path that does not exist yet: replaced atomically (the
  temporary file sits beside it, is flushed to disk and renamed over it), keeping
  the previous file's permission bits; a file without write permission is refused;
- a symbolic link: what it points to is written, the link stays;
- a device or a named pipe (``/dev/null``, ``/dev/stdout``, a FIFO): streamed into,
  never replaced;
- a folder: refused.

An output set can protect folders (the corpus: no output may land inside it) and,
given a ``root``, remembers the files it wrote there so that the next run's set
removes those it no longer writes (a ``timeline.png`` of another corpus). Problems
with the destination (read-only, full disk) become one-line
:class:`~analysis.errors.InputError` messages naming the path; when any output
fails, none is changed.
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import input_error

#: The target name that means standard output.
STDOUT = "-"
#: Hidden file in an output folder listing the files the last run wrote there.
MANIFEST_NAME = ".analysis-outputs"
#: Sub-folders a folder-writing command fills (figures, tables, executed notebooks).
OUTPUT_SUBFOLDERS = ("figures", "tables", "notebooks")

# Metadata that matplotlib would otherwise fill with its version and the time.
_FIGURE_METADATA = {
    ".png": {"Software": None},
    ".svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
    ".pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
}
#: Permission bits of a newly created output file.
_NEW_FILE_MODE = 0o644


def ensure_dir(path: str | Path) -> Path:
    """Create ``path`` (and parents) or raise an InputError saying why not."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "a file of that name is in the way" if _is_non_folder(path) else _write_failure(exc)
        raise input_error(path, f"cannot create output folder ({reason})") from None
    if not os.access(path, os.W_OK):
        raise input_error(path, "output folder is not writable")
    return path


def _is_non_folder(path: Path) -> bool:
    """True if ``path`` or one of its parents exists and is not a folder."""
    for candidate in (path, *path.parents):
        with contextlib.suppress(OSError):
            if candidate.exists():
                return not candidate.is_dir()
    return False


def _write_failure(exc: OSError) -> str:
    """Why a write failed, in the user's terms."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk is full"
    if exc.errno == errno.EFBIG:
        return "file too large for this disk or limit"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)


def check_output_dir(path: str | Path) -> Path:
    """Make sure files can be created in folder ``path`` before any long work starts.

    Creates the folder if needed and writes (then removes) a probe file, which
    catches what permission bits cannot show: read-only mounts, special file
    systems such as ``/proc``, and root's writes that ``os.access`` would allow.
    Returns the folder; raises InputError naming it otherwise.
    """
    folder = ensure_dir(path)
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-check.", dir=folder)
    except OSError as exc:
        raise input_error(folder, f"cannot write in output folder ({_write_failure(exc)})") from None
    os.close(fd)
    os.unlink(probe)
    return folder


# --------------------------------------------------------------------------- targets

@dataclass(frozen=True)
class Target:
    """Where one output goes, decided before anything is written.

    ``kind`` is ``"stdout"``, ``"stream"`` (a device or named pipe, opened and
    written into) or ``"file"`` (a regular file replaced atomically); ``path`` is
    the path to open (stream) or the real file to replace (file, symbolic links
    resolved); ``mode`` the permission bits to keep, or None for a new file.
    """

    given: str
    kind: str
    path: Path | None
    mode: int | None = None

    @property
    def identity(self) -> tuple:
        """Equal for two targets that are the same destination."""
        if self.kind == "stdout":
            return ("stdout",)
        with contextlib.suppress(OSError):
            info = os.stat(self.path)
            return ("inode", info.st_dev, info.st_ino)
        return ("path", os.path.abspath(self.path))


def resolve_target(target: str | Path) -> Target:
    """Classify an output path (see the module docstring); raises InputError for a folder,
    a read-only file, a socket or a path that cannot be examined."""
    given = str(target)
    if given == STDOUT:
        return Target(given, "stdout", None)
    path = Path(target)
    try:
        info = os.stat(path)  # follows symbolic links: what the link points to decides
    except FileNotFoundError:
        # Absent, or a link to a file yet to be made: create the file where it points.
        return Target(given, "file", Path(os.path.realpath(path)))
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            return Target(given, "file", Path(os.path.realpath(path)))  # ensure_dir says why
        raise input_error(path, f"cannot write ({_write_failure(exc)})") from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise input_error(path, "is a folder; give a file name for the output")
    if stat.S_ISREG(mode):
        if not mode & 0o222:
            raise input_error(path, "cannot write (the file is read-only; remove it or choose "
                                    "another name)")
        return Target(given, "file", Path(os.path.realpath(path)), stat.S_IMODE(mode))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode):
        return Target(given, "stream", path)
    raise input_error(path, "cannot write (not a file, device or pipe)")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def refuse_inside(target: Target, protect: Iterable[str | Path]) -> None:
    """InputError if ``target`` lies inside a protected folder (the corpus) or is a
    protected file (the input of ``classify``)."""
    if target.kind == "stdout":
        return
    where = _real(target.path)
    for protected in map(_real, protect):
        if protected.is_dir() and _inside(where, protected):
            raise input_error(target.given, f"is inside the corpus folder {protected}; write "
                                            "outputs elsewhere (they would change or join the input)")
        if where == protected:
            raise input_error(target.given, "is the input file; write the output elsewhere")


def check_output_file(target: str | Path, protect: Iterable[str | Path] = ()) -> Target:
    """Check early that ``target`` can be written: what it is, that it is outside the
    protected folders, and for a file that its folder works. Returns its :class:`Target`."""
    resolved = resolve_target(target)
    refuse_inside(resolved, protect)
    if resolved.kind == "file":
        check_output_dir(resolved.path.parent)
    return resolved


def check_output_folder(folder: str | Path, protect: Iterable[str | Path] = ()) -> Path:
    """Check early that ``folder`` can receive a command's output set.

    Refused: the folder is, or is inside, a protected folder (the corpus), or a
    protected folder is one of its :data:`OUTPUT_SUBFOLDERS`. Then checked as
    :func:`check_output_dir` does (created if missing).
    """
    real = _real(folder)
    for protected in map(_real, protect):
        if _inside(real, protected) or protected in [real / sub for sub in OUTPUT_SUBFOLDERS]:
            raise input_error(folder, f"output folder and corpus folder {protected} overlap; "
                                      "write outputs elsewhere (they would change or join the input)")
    return check_output_dir(folder)


def check_outputs(files: dict[str, str | Path | None], protect: Iterable[str | Path] = ()) -> None:
    """Check every output file of a command at once: each as :func:`check_output_file`,
    and no two the same destination (``-o X --coverage X``). ``files`` maps the option
    name to its target (None: option not given)."""
    protect = list(protect)
    seen: dict[tuple, str] = {}
    for option, target in files.items():
        if target is None:
            continue
        resolved = check_output_file(target, protect)
        if resolved.identity in seen:
            raise input_error(target, f"given for both {seen[resolved.identity]} and {option}; "
                                      "each output needs its own file")
        seen[resolved.identity] = option


# --------------------------------------------------------------------------- the output set

@dataclass
class _Staged:
    target: Target
    tmp: Path


class OutputSet:
    """Files written together: all of them appear, or none changes.

    Use as a context manager; each ``write_*`` call (or :meth:`staged_path` for
    writers that need a path) stages one output, and leaving the block without
    an exception commits the set::

        with OutputSet(root=out_dir, protect=[corpus_dir]) as out:
            out.write_csv(statements, out_dir / "statements.csv")
            out.save_figure(fig, out_dir / "figures" / "matrix.png")

    Commit order: streams (standard output, devices, pipes) are fed first, since
    nothing can take back what they received; if one fails, the staged files are
    dropped and no file changes. Then every file is renamed into place. A closed
    pipe (``| head``) is not a failure: the reader has what it wanted, and the
    files are still written. With ``root``, files the previous set wrote under
    ``root`` and this one does not are removed (tracked in :data:`MANIFEST_NAME`).
    """

    def __init__(self, root: str | Path | None = None, protect: Iterable[str | Path] = ()):
        self.root = Path(root) if root is not None else None
        self.protect = [Path(p) for p in protect]
        self.broken_pipe = False
        self._staged: list[_Staged] = []
        self._current: str | None = None

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        if kind is None:
            self.commit()
            return
        self.discard()
        if isinstance(exc, OSError) and self._current is not None:
            raise input_error(self._current, f"cannot write ({_write_failure(exc)})") from None

    def staged_path(self, target: str | Path, suffix: str | None = None) -> Path:
        """A temporary file that becomes ``target`` on commit (``suffix`` defaults to the target's)."""
        resolved = resolve_target(target)
        refuse_inside(resolved, self.protect)
        if any(s.target.identity == resolved.identity for s in self._staged):
            raise input_error(target, "written twice in one output set")
        if resolved.kind == "file":
            folder = ensure_dir(resolved.path.parent)
            name = resolved.path.name
        else:
            folder, name = None, "stdout" if resolved.kind == "stdout" else Path(target).name
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.",
                                            suffix=suffix or Path(name).suffix, dir=folder)
        except OSError as exc:
            raise input_error(target, f"cannot write ({_write_failure(exc)})") from None
        os.close(fd)
        self._staged.append(_Staged(resolved, Path(tmp_name)))
        self._current = str(target)
        return Path(tmp_name)

    @contextlib.contextmanager
    def _writing(self, target: str | Path, suffix: str | None = None) -> Iterator[Path]:
        tmp = self.staged_path(target, suffix)
        try:
            yield tmp
        except OSError as exc:
            self.discard()
            raise input_error(target, f"cannot write ({_write_failure(exc)})") from None

    def write_bytes(self, data: bytes, target: str | Path) -> Path:
        """Stage ``data`` as ``target``."""
        with self._writing(target) as tmp:
            tmp.write_bytes(data)
        return Path(target)

    def write_text(self, text: str, target: str | Path) -> Path:
        """Stage UTF-8 text (LF line endings on every platform) as ``target``."""
        with self._writing(target) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="\n")
        return Path(target)

    def write_csv(self, frame: pd.DataFrame, target: str | Path, float_format: str = "%.4f") -> Path:
        """Stage a DataFrame as UTF-8 CSV without the index; floats rounded by
        ``float_format`` so that re-runs give identical bytes."""
        with self._writing(target, ".csv") as tmp:
            frame.to_csv(tmp, index=False, float_format=float_format, lineterminator="\n")
        return Path(target)

    def save_figure(self, fig, target: str | Path, dpi: int = 120) -> Path:
        """Stage a matplotlib Figure with no time or version in its metadata (same
        figure, same bytes)."""
        suffix = Path(str(target)).suffix.lower() or ".png"
        with self._writing(target, suffix) as tmp:
            render_figure(fig, tmp, dpi)
        return Path(target)

    def discard(self) -> None:
        """Drop every staged file; nothing is changed."""
        for staged in self._staged:
            staged.tmp.unlink(missing_ok=True)
        self._staged = []

    def commit(self) -> list[Path]:
        """Put every staged output in place (order in the class docstring); returns the targets."""
        staged, done = self._staged, []
        try:
            for item in staged:
                if item.target.kind != "file":
                    self._stream(item)
            for item in staged:
                if item.target.kind == "file":
                    self._replace(item)
                    done.append(item)
        except BaseException:
            for item in staged:
                if item not in done:
                    item.tmp.unlink(missing_ok=True)
            self._staged = []
            raise
        for item in staged:
            item.tmp.unlink(missing_ok=True)  # stream copies (files were renamed away)
        self._staged = []
        if self.root is not None:
            self._remove_stale([item.target for item in staged if item.target.kind == "file"])
        return [Path(item.target.given) for item in staged]

    def _stream(self, item: _Staged) -> None:
        if self.broken_pipe and item.target.kind == "stdout":
            return
        try:
            with open(item.tmp, "rb") as source:
                if item.target.kind == "stdout":
                    sys.stdout.flush()
                    shutil.copyfileobj(source, sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                else:
                    with open(item.target.path, "wb") as sink:
                        shutil.copyfileobj(source, sink)
        except BrokenPipeError:
            # The reader closed the pipe (`| head`): it has what it wanted.
            self.broken_pipe = True
            if item.target.kind == "stdout":
                silence_stdout()
        except OSError as exc:
            raise input_error(item.target.given, f"cannot write ({_write_failure(exc)})") from None

    def _replace(self, item: _Staged) -> None:
        tmp, target = item.tmp, item.target
        try:
            os.chmod(tmp, target.mode if target.mode is not None else _NEW_FILE_MODE)
            # Flush to disk before the rename, so that even a power cut leaves either
            # the old file or the complete new one.
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, target.path)
        except OSError as exc:
            raise input_error(target.given, f"cannot write ({_write_failure(exc)})") from None

    def _remove_stale(self, written: list[Target]) -> None:
        root = _real(self.root)
        names = sorted({t.path.relative_to(root).as_posix() for t in written
                        if root in t.path.parents})
        manifest = root / MANIFEST_NAME
        try:
            previous = manifest.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            previous = []
        for name in sorted(set(previous) - set(names)):
            stale = root / name
            if not name or ".." in Path(name).parts or Path(name).is_absolute():
                continue  # a hand-edited manifest never reaches outside the folder
            if any(_inside(_real(stale), _real(p)) for p in self.protect):
                continue
            with contextlib.suppress(OSError):
                if stale.is_symlink() or stale.is_file():
                    stale.unlink()
        with contextlib.suppress(OSError):
            fd, tmp = tempfile.mkstemp(prefix=f".{MANIFEST_NAME}.", dir=root)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write("".join(f"{name}\n" for name in names))
            os.chmod(tmp, _NEW_FILE_MODE)
            os.replace(tmp, manifest)


def render_figure(fig, path: str | Path, dpi: int = 120) -> None:
    """Draw ``fig`` into ``path`` (format from its suffix, PNG by default) with no time or
    version in the file; for a path already staged (:meth:`OutputSet.staged_path`)."""
    import matplotlib

    suffix = Path(path).suffix.lower() or ".png"
    metadata = _FIGURE_METADATA.get(suffix, {})
    # SVG element ids are random unless salted; a fixed salt makes them repeatable.
    with matplotlib.rc_context({"svg.hashsalt": "analysis"}):
        fig.savefig(path, dpi=dpi, metadata=metadata, format=suffix.lstrip("."))


def silence_stdout() -> None:
    """After a closed pipe, point standard output at /dev/null so that Python's final
    flush at exit does not report the pipe again."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


# --------------------------------------------------------------------------- one file

@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path; on success it becomes ``target`` as an :class:`OutputSet`
    of one puts it in place.

    On any exception (including KeyboardInterrupt) the temporary file is removed
    and ``target`` keeps its previous content, or stays absent.
    """
    # A set of one: staged, then put in place on success; dropped on any exception.
    with OutputSet() as output, output._writing(target, suffix) as tmp:
        yield tmp


def write_text(text: str, target: str | Path) -> Path:
    """Write UTF-8 text safely (LF line endings on every platform)."""
    with OutputSet() as output:
        output.write_text(text, target)
    return Path(target)


def write_csv(frame: pd.DataFrame, target: str | Path, float_format: str = "%.4f") -> Path:
    """Write a DataFrame as UTF-8 CSV safely, without the index.

    Floats are rounded by ``float_format`` so that re-runs give identical bytes.
    """
    with OutputSet() as output:
        output.write_csv(frame, target, float_format)
    return Path(target)


def save_figure(fig, target: str | Path, dpi: int = 120) -> Path:
    """Save a matplotlib Figure safely with no time or version in its metadata.

    The same figure drawn from the same data gives the same bytes on every run.
    """
    with OutputSet() as output:
        output.save_figure(fig, target, dpi)
    return Path(target)
