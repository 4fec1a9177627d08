"""The bad-input matrix, end to end through ``python -m analysis`` (see docs/bad_input.md).

Fatal input: exit code 2, exactly one line on stderr naming the file (and line), no
traceback, no output file. Recoverable input: exit code 0, a ``warning:`` line per
problem, the document listed in the coverage output, the rest of the corpus processed.

Command-line runs are expensive (each loads the embedding model), so the recoverable
cases share one corpus and one run, and the fatal cases run two at a time; each case
is still its own test.
"""
import codecs
import concurrent.futures
import contextlib
import errno
import io
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import warnings

import ftfy
import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252", how mojibake is made
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from analysis import config, corpus, outputs
from analysis.errors import CorpusWarning, InputError

SEED = config.SEEDS_DIR / "000_a4d1898099380f22.txt"
SEED_ID = SEED.stem
RUN_TIMEOUT = 600
#: A fatal case answers in seconds; one that blocks (a named pipe) must not hold the suite.
FATAL_TIMEOUT = 300


def run_cli(*args, env=None, preexec_fn=None, prefix=(), timeout=RUN_TIMEOUT, stdin=None):
    """Run ``python -m analysis ARGS`` from the repository root; returns CompletedProcess."""
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    full_env.pop("ANALYSIS_DEBUG", None)
    command = [*prefix, sys.executable, "-m", "analysis", *map(str, args)]
    return subprocess.run(command, cwd=config.ROOT, env=full_env, capture_output=True,
                          text=stdin is None or isinstance(stdin, str), input=stdin,
                          timeout=timeout, preexec_fn=preexec_fn)


def stderr_lines(result):
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_fatal(result, *fragments):
    """Exit code 2 and one stderr line ``error: ...`` holding every fragment, no traceback.

    Warnings about recoverable problems found before the fatal one may precede it
    (one ``warning:`` line each)."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in stderr_lines(result) if not line.startswith("warning: ")]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert stderr_lines(result)[-1] == lines[0], result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


# ---------------------------------------------------------------- documents of the matrix

ENGLISH = {
    "latin1": ("Spain's foreign minister José Manuel Albares said in Genève that Madrid "
               "backed the talks. \"Europe must have a seat at the table,\" Albares told "
               "reporters after the café meeting.\n"),
    "bom": ("Deputy Secretary of State Wendy Sherman said the United States would not allow "
            "anyone to slam closed NATO’s open-door policy. “We were firm,” Sherman said.\n"),
    "crlf": ("Russian Deputy Foreign Minister Sergei Ryabkov said Moscow demanded legally "
             "binding guarantees that NATO would not expand further east.\n\n"
             "“We have no intention of invading Ukraine,” Ryabkov told reporters.\n"),
    "mojibake": ("NATO Secretary General Jens Stoltenberg said the alliance’s door remained "
                 "open. “Russia’s demands are unacceptable,” he told reporters in Brussels.\n"),
    "noquotes": ("Ukraine's foreign minister Dmytro Kuleba said Kyiv would not accept any "
                 "decision about its future taken without it.\n\nKuleba added that Ukraine "
                 "demanded a clear timetable for the withdrawal of Russian troops from the "
                 "border.\n"),
}
RUSSIAN = (
    "Заместитель министра иностранных дел России Сергей Рябков заявил журналистам, что "
    "переговоры в Женеве были трудными, но деловыми. «Мы не намерены вторгаться на Украину», "
    "— сказал он.\n\nРоссия требует юридически обязывающих гарантий нерасширения НАТО на "
    "восток, подчеркнул Рябков.\n")
FRENCH = (
    "Le ministre français des Affaires étrangères a déclaré que l'Europe devait participer "
    "aux négociations. « Nous n'accepterons aucune décision prise sans nous », a-t-il dit "
    "aux journalistes à Genève.\n")
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Talks end without progress</title></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Talks end without progress</h1>
<p>GENEVA – The United States and Russia clashed on Monday over Ukraine without any sign of
progress in the strategic talks.</p>
<p>“We have no intention of invading Ukraine,” Deputy Foreign Minister Sergei Ryabkov told
reporters after more than seven hours of talks.</p>
<p>Sherman said Washington would respond with severe sanctions if Russia invaded.</p>
</article><footer>Comments are closed.</footer></body></html>
"""


def _binary_bytes():
    rng = random.Random(config.RANDOM_SEED)
    return b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000))


#: file name -> (bytes on disk, the decoded original the offsets must point into or None,
#: the warning expected on stderr or None, whether statements are expected)
MIXED = {
    "empty.txt": (b"", None, "empty.txt: empty file", False),
    "blank.txt": (b"  \n\t\r\n   \n", None, "blank.txt: whitespace-only file", False),
    "binary.txt": (_binary_bytes(), None, "binary.txt: binary file", False),
    "ru_cp1251.txt": (RUSSIAN.encode("cp1251"), RUSSIAN, "ru_cp1251.txt: decoded from cp1251", None),
    "latin1.txt": (ENGLISH["latin1"].encode("latin-1"), ENGLISH["latin1"],
                   "latin1.txt: decoded from cp1252", True),
    "bom.txt": (codecs.BOM_UTF8 + ENGLISH["bom"].encode(), ENGLISH["bom"], None, True),
    "crlf.txt": (ENGLISH["crlf"].replace("\n", "\r\n").encode(), ENGLISH["crlf"], None, True),
    "mojibake.txt": (ENGLISH["mojibake"].encode().decode("sloppy-windows-1252").encode(),
                     ENGLISH["mojibake"].encode().decode("sloppy-windows-1252"),
                     "mojibake.txt: text repaired by ftfy", True),
    "page_saved.txt": (PAGE.encode(), None, "page_saved.txt: HTML saved as .txt", True),
    "page.html": (PAGE.encode(), None, None, True),
    "notes.md": (("# Geneva talks\n\n" + ENGLISH["crlf"]).encode(),
                 "# Geneva talks\n\n" + ENGLISH["crlf"], None, True),
    "noquotes.txt": (ENGLISH["noquotes"].encode(), ENGLISH["noquotes"], None, True),
    "onlyquotes.txt": ("“”\"\"‘’«»\n\n“ ” \" ' ‘ ’\n„“‚‘\n".encode(),
                       "“”\"\"‘’«»\n\n“ ” \" ' ‘ ’\n„“‚‘\n", None, None),
    "french.txt": (FRENCH.encode(), FRENCH, "french.txt: non-English (fr)", None),
}
NON_ENGLISH = ("ru_cp1251", "french")
MIXED_METADATA = (
    "file,title,date,source,speaker,comment\n"
    f"{SEED.name},No progress seen after Russian-US talks,2022-01-10,News-Herald,,\n"
    "bom.txt,Sherman statement,2022-01-10,Wire,,checked\n"
    "bom.txt,Sherman statement,2022-01-10,Wire,,checked\n"
    "crlf.txt,Ryabkov remarks,10/01/2022,Wire,,\n"
    "deleted.txt,A file the researcher removed,2022-01-11,Wire,,\n"
)


def _doc_id(name):
    return name.rsplit(".", 1)[0]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """One corpus holding every recoverable case beside the seed, run once through the CLI."""
    folder = tmp_path_factory.mktemp("mixed") / "corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    for name, (data, *_rest) in MIXED.items():
        (folder / name).write_bytes(data)
    (folder / "metadata.csv").write_text(MIXED_METADATA, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 not a document")
    out = folder.parent / "out"
    started = time.monotonic()
    result = run_cli("statements", folder, "-o", out / "statements.csv",
                     "--coverage", out / "coverage.csv")
    elapsed = time.monotonic() - started
    read = {}
    for table in ("statements", "coverage"):
        path = out / f"{table}.csv"
        read[table] = pd.read_csv(path, keep_default_na=False) if path.exists() else None
    return {"folder": folder, "result": result, "seconds": elapsed, **read}


def test_mixed_corpus_runs_to_the_end(mixed):
    result = mixed["result"]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert mixed["statements"] is not None and mixed["coverage"] is not None
    # The good document is processed as if alone.
    assert (mixed["statements"]["doc_id"] == SEED_ID).sum() >= 10


def test_every_stderr_line_is_a_one_line_warning(mixed):
    lines = stderr_lines(mixed["result"])
    assert lines, "recoverable problems must be reported"
    assert all(line.startswith("warning: ") for line in lines), lines


@pytest.mark.parametrize("name", sorted(MIXED))
def test_recoverable_document(mixed, name):
    """Warned about (if a problem), listed in coverage, spans inside its original text."""
    data, original, warning, has_statements = MIXED[name]
    doc_id = _doc_id(name)
    if warning is not None:
        assert any(warning in line for line in stderr_lines(mixed["result"])), mixed["result"].stderr
    coverage = mixed["coverage"]
    assert (coverage["doc_id"] == doc_id).any(), f"{name} is missing from the coverage output"
    found = mixed["statements"][mixed["statements"]["doc_id"] == doc_id]
    if has_statements:
        assert len(found) >= 1, f"no statement from {name}"
    elif has_statements is False:
        assert found.empty
    if original is None and len(found):
        # Web pages: spans point into the extracted article text.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            original = corpus.read_document(mixed["folder"] / name)["raw_text"]
    for row in found.itertuples():
        assert 0 <= row.char_start < row.char_end <= len(original)
        # The span, repaired, is the statement: same first and last characters.
        source = " ".join(ftfy.fix_text(original[row.char_start:row.char_end], uncurl_quotes=False).split())
        text = " ".join(row.text.split())
        assert source[:6] == text[:6] and source[-3:] == text[-3:], (text, source)
        assert fuzz.ratio(text, source) >= 90, (text, source)


def test_empty_documents_have_a_coverage_row_saying_why(mixed):
    coverage = mixed["coverage"]
    for name in ("empty.txt", "blank.txt", "binary.txt"):
        rows = coverage[coverage["doc_id"] == _doc_id(name)]
        assert len(rows) >= 1 and (rows["status"] == "set_aside").all()
        assert (rows["reason"] != "").all()


def test_mojibake_spans_point_into_the_original_not_the_repair(mixed):
    found = mixed["statements"][mixed["statements"]["doc_id"] == "mojibake"]
    original = MIXED["mojibake.txt"][1]
    quote = next(r for r in found.itertuples() if "unacceptable" in r.text)
    span = original[quote.char_start:quote.char_end]
    assert "Russiaâ€™s demands are unacceptable" in span
    assert ftfy.fix_text(span, uncurl_quotes=False).endswith(quote.text[-10:])


def test_non_english_documents_get_no_confident_english_labels(mixed):
    found = mixed["statements"][mixed["statements"]["doc_id"].isin(NON_ENGLISH)]
    confident = found[(found["category"] != "other") & (found["confidence"] >= 0.5)]
    assert confident.empty, confident[["doc_id", "text", "category", "confidence"]]


def test_metadata_problems_are_warned_with_their_line(mixed):
    where = f"{mixed['folder'] / 'metadata.csv'}"
    lines = stderr_lines(mixed["result"])
    for expected in (f"{where}:1: unknown column(s) 'comment' ignored",
                     f"{where}:4: duplicate of line 3; ignored",
                     f"{where}:5: date '10/01/2022' is not ISO 8601",
                     f"{where}:6: 'deleted.txt' is not a document of the corpus; row ignored"):
        assert any(expected in line for line in lines), (expected, lines)


def test_unsupported_files_are_named_once(mixed):
    lines = [line for line in stderr_lines(mixed["result"]) if "scan.pdf" in line]
    assert len(lines) == 1 and "not a document" in lines[0]


# ---------------------------------------------------------------- fatal cases

def _seed_corpus(folder, **files):
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _case_empty_folder(tmp):
    (tmp / "c").mkdir()
    return ["statements", tmp / "c", "-o", tmp / "out.csv"], {}, [f"{tmp / 'c'}: no documents"]


def _case_no_txt(tmp):
    (tmp / "c").mkdir()
    (tmp / "c" / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp / "c" / "notes.docx").write_bytes(b"PK\x03\x04")
    return (["statements", tmp / "c", "-o", tmp / "out.csv"], {},
            [f"{tmp / 'c'}: no documents", "notes.docx, report.pdf"])


def _case_missing_folder(tmp):
    return (["statements", tmp / "nowhere", "-o", tmp / "out.csv"], {},
            [f"{tmp / 'nowhere'}: corpus folder not found"])


def _case_metadata_missing_column(tmp):
    c = _seed_corpus(tmp / "c", **{"metadata.csv": f"name,title\n{SEED.name},x\n"})
    return (["statements", c, "-o", tmp / "out.csv"], {},
            [f"{c / 'metadata.csv'}:1: missing required column 'file'"])


def _case_metadata_outside(tmp):
    c = _seed_corpus(tmp / "c", **{"metadata.csv": f"file\n{SEED.name}\n../../etc/passwd\n"})
    return (["statements", c, "-o", tmp / "out.csv"], {},
            [f"{c / 'metadata.csv'}:3: file '../../etc/passwd' is outside the corpus folder"])


def _case_metadata_conflict(tmp):
    c = _seed_corpus(tmp / "c", **{"metadata.csv": f"file,date\n{SEED.name},2022-01-10\n"
                                                   f"{SEED.name},2022-01-11\n"})
    return (["statements", c, "-o", tmp / "out.csv"], {},
            [f"{c / 'metadata.csv'}:3: second row for '{SEED.name}' (first at line 2)"])


def _case_metadata_extra_fields(tmp):
    c = _seed_corpus(tmp / "c", **{"metadata.csv": f"file,title\n{SEED.name},Talks, day one\n"})
    return (["statements", c, "-o", tmp / "out.csv"], {}, [f"{c / 'metadata.csv'}:2: row has 3 fields"])


def _case_actors_malformed(tmp):
    c = _seed_corpus(tmp / "c", **{"actors.csv": "name,party,role\nJohn Smith,UK,envoy\n"
                                                 "Jane Doe,US\n"})
    return (["statements", c, "-o", tmp / "out.csv"], {}, ["actors.csv:3:"])


def _case_duplicate_doc_id(tmp):
    c = _seed_corpus(tmp / "c", **{"a.txt": "One.", "a.md": "Two."})
    return (["statements", c, "-o", tmp / "out.csv"], {}, ["a.txt: document id 'a' is also used by a.md"])


def _case_output_under_a_file(tmp):
    (tmp / "blocker").write_text("a file where a folder should be")
    return (["statements", config.SEEDS_DIR, "-o", tmp / "blocker" / "out.csv"], {},
            [f"{tmp / 'blocker'}", "cannot create output folder"])


def _case_output_in_proc(tmp):
    # Root may write almost anywhere; /proc refuses new files even to root.
    return (["statements", config.SEEDS_DIR, "-o", "/proc/analysis-test/out.csv"], {},
            ["/proc/analysis-test"])


def _case_unknown_model(tmp):
    return (["statements", config.SEEDS_DIR, "-o", tmp / "out.csv"],
            {"ANALYSIS_EMBEDDING_MODEL": "nope"}, ["ANALYSIS_EMBEDDING_MODEL=nope"])


def _case_output_to_a_full_device(tmp):
    # Case 1: a device is written into, never replaced; /dev/full fails like a full disk,
    # and the coverage file of the same run is not written either.
    return (["statements", config.SEEDS_DIR, "-o", "/dev/full", "--coverage", tmp / "cov.csv"], {},
            ["/dev/full: cannot write (disk is full)"])


def _case_output_twice(tmp):
    # Case 2: `-o X --coverage X` used to lose the statements silently.
    return (["statements", config.SEEDS_DIR, "-o", tmp / "out.csv", "--coverage", tmp / "out.csv"],
            {}, [f"{tmp / 'out.csv'}: given for both --output and --coverage"])


def _case_compare_into_the_corpus(tmp):
    c = _seed_corpus(tmp / "c", **{"issues.csv": "name,description\nNATO,alliance enlargement\n"})
    return (["compare", c, "-o", c], {}, [f"{c}: output folder and corpus folder", "overlap"])


def _case_report_into_the_corpus(tmp):
    c = _seed_corpus(tmp / "c")
    return (["report", c, "-o", c / "report"], {}, ["overlap"])


def _fifo_case(table: str, command: str):
    """Case 4: metadata.csv, actors.csv and issues.csv used to be opened without a
    check, and a named pipe of that name hung the run forever."""
    def case(tmp):
        c = _seed_corpus(tmp / "c")
        os.mkfifo(c / table)
        out = tmp / ("out.csv" if command == "statements" else "out")
        return ([command, c, "-o", out], {}, [f"{c / table}: not a regular file (a named pipe)"])
    return case


_case_fifo_metadata = _fifo_case("metadata.csv", "statements")
_case_fifo_actors = _fifo_case("actors.csv", "statements")
_case_fifo_issues = _fifo_case("issues.csv", "compare")


def _case_issues_is_a_folder(tmp):
    # Case 10: a folder named issues.csv was an internal error.
    c = _seed_corpus(tmp / "c")
    (c / "issues.csv").mkdir()
    return (["compare", c, "-o", tmp / "out"], {},
            [f"{c / 'issues.csv'}: not a regular file (a folder)"])


def _case_metadata_nul_byte(tmp):
    c = _seed_corpus(tmp / "c", **{"metadata.csv": f"file,title\n{SEED.name}\x00,Talks\n"})
    return (["statements", c, "-o", tmp / "out.csv"], {},
            [f"{c / 'metadata.csv'}:2:", "control character"])


def _case_only_empty_documents_compare(tmp):
    c = tmp / "c"
    c.mkdir()
    (c / "a.txt").write_bytes(b"")
    (c / "b.txt").write_text("  \n\n")
    return (["compare", c, "-o", tmp / "out"], {}, [f"{c}: no statements in any of the 2 document(s)"])


def _case_issues_extra_fields(tmp):
    # Case 12: pandas made the extra field the index and the anchor vanished.
    c = _seed_corpus(tmp / "c", **{"issues.csv": "name,description\n"
                                                 "Enlargement,NATO expansion, open door\n"})
    return (["compare", c, "-o", tmp / "out"], {},
            [f"{c / 'issues.csv'}:2: row has 3 fields but the header has 2"])


def _case_actors_line_after_a_quoted_field(tmp):
    c = _seed_corpus(tmp / "c", **{"actors.csv": 'name,party,role\n"Olena\nPetrenko",Ukraine,envoy\n'
                                                 "Ivan Sirko,Ukraine\n"})
    return (["statements", c, "-o", tmp / "out.csv"], {}, [f"{c / 'actors.csv'}:4: row has 2 fields"])


def _case_actors_conflicting_duplicate(tmp):
    c = _seed_corpus(tmp / "c", **{"actors.csv": "name,party\nIvan Sirko,Ukraine\nIvan Sirko,Russia\n"})
    return (["statements", c, "-o", tmp / "out.csv"], {},
            [f"{c / 'actors.csv'}:3: second row for 'Ivan Sirko' (first at line 2) with different values"])


def _case_parties_none(tmp):
    return (["compare", config.SEEDS_DIR, "-o", tmp / "out", "--parties", "none", "Russia"], {},
            ["--parties: 'none' is not a party"])


FATAL = {name[len("_case_"):]: case for name, case in sorted(globals().items())
         if name.startswith("_case_")}


@pytest.fixture(scope="module")
def fatal_runs(tmp_path_factory):
    """Every fatal case run through the CLI, two at a time (the machine has two cores)."""
    def one(name):
        tmp = tmp_path_factory.mktemp(name)
        args, env, fragments = FATAL[name](tmp)
        try:
            result = run_cli(*args, env=env, timeout=FATAL_TIMEOUT)
        except subprocess.TimeoutExpired:  # e.g. blocked on a named pipe
            result = subprocess.CompletedProcess(args, None, "", f"timed out after {FATAL_TIMEOUT} s")
        return name, (tmp, result, fragments)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, sorted(FATAL)))


@pytest.mark.parametrize("name", sorted(FATAL))
def test_fatal_input(fatal_runs, name):
    tmp, result, fragments = fatal_runs[name]
    assert_fatal(result, *fragments)
    assert not (tmp / "out.csv").exists()
    assert list(tmp.glob("*.csv")) == []


# ---------------------------------------------------------------- read-only and full output folders

def _namespace_prefix(mount_options, folder):
    """Command prefix running the CLI in a private mount namespace where ``folder`` is a
    fresh tmpfs (gone when the process ends); None where namespaces are not allowed."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-m", "true"],
                                                     capture_output=True).returncode != 0:
        return None
    script = f'mount -t tmpfs -o {mount_options} tmpfs "{folder}" && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh"]


def test_read_only_output_folder(tmp_path):
    # Tests run as root, whom permission bits do not stop: mount a read-only file
    # system over the output folder instead (in a private namespace, gone on exit).
    out = tmp_path / "ro"
    out.mkdir()
    prefix = _namespace_prefix("ro,size=1m", out)
    if prefix is None:
        # No mount namespaces here: /proc is the read-only file system every Linux has.
        result = run_cli("statements", config.SEEDS_DIR, "-o", "/proc/analysis-out/statements.csv")
        assert_fatal(result, "/proc/analysis-out")
        return
    result = run_cli("statements", config.SEEDS_DIR, "-o", out / "statements.csv", prefix=prefix)
    assert_fatal(result, str(out))
    assert list(out.iterdir()) == []


def test_full_output_folder_keeps_the_previous_file(tmp_path):
    """A 4 kB tmpfs fills up while the table is written; where mounts are not allowed a
    file-size limit makes the write fail the same way (EFBIG instead of ENOSPC)."""
    out = tmp_path / "full"
    out.mkdir()
    target = out / "statements.csv"
    prefix = _namespace_prefix("size=4k", out)
    if prefix is not None:
        result = run_cli("statements", config.SEEDS_DIR, "-o", target, prefix=prefix)
        assert_fatal(result, f"{target}: cannot write (disk is full)")
        assert list(out.iterdir()) == []
        return
    target.write_text("previous complete output\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    result = run_cli("statements", config.SEEDS_DIR, "-o", target, preexec_fn=limit)
    assert_fatal(result, f"{target}: cannot write")
    assert target.read_text() == "previous complete output\n"
    assert sorted(p.name for p in out.iterdir()) == ["statements.csv"]


def test_output_checks_in_process(tmp_path):
    (tmp_path / "file").write_text("a file where a folder should be")
    with pytest.raises(InputError, match="cannot create output folder"):
        outputs.check_output_file(tmp_path / "file" / "x.csv")
    with pytest.raises(InputError, match="is a folder"):
        outputs.check_output_file(tmp_path)
    with pytest.raises(InputError, match="/proc"):
        outputs.check_output_dir("/proc/analysis-test")
    assert outputs.check_output_dir(tmp_path / "new") == tmp_path / "new"
    assert list((tmp_path / "new").iterdir()) == []  # the probe file is gone


@pytest.mark.parametrize("code, reason", [(errno.ENOSPC, "disk is full"),
                                          (errno.EROFS, "read-only file system")])
def test_failed_rename_is_one_line_and_keeps_the_previous_file(tmp_path, monkeypatch, code, reason):
    target = tmp_path / "statements.csv"
    target.write_text("previous complete output\n")

    def refuse(*_args):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(outputs.os, "replace", refuse)
    with pytest.raises(InputError, match=f"statements.csv: cannot write \\({reason}\\)"):
        outputs.write_csv(pd.DataFrame({"a": [1]}), target)
    assert target.read_text() == "previous complete output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["statements.csv"]


# ---------------------------------------------------------------- interrupted runs

_SLOW_WRITER = """
import sys
import pandas as pd
from analysis import outputs
frame = pd.DataFrame({"text": ["a long statement about NATO guarantees " * 4] * 400_000})
outputs.write_csv(frame, sys.argv[1])
"""


def _ctrl_c_as_in_a_terminal():
    """Run in the child before Python starts: a shell's background job starts its
    children with SIGINT ignored, and Python then never turns Ctrl-C into
    KeyboardInterrupt; in a terminal it does."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _temp_files(folder, target):
    return [p for p in folder.iterdir() if p.name.startswith(f".{target.name}.")]


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_interrupt_during_a_write_leaves_the_previous_file(tmp_path, how):
    """Signal a writer while its temporary file is being filled: the target never changes."""
    target = tmp_path / "statements.csv"
    target.write_text("previous complete output\n")
    process = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)], cwd=config.ROOT,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=_ctrl_c_as_in_a_terminal)
    deadline = time.monotonic() + 120
    while not _temp_files(tmp_path, target) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    assert process.poll() is None, "the write finished before it could be interrupted"
    time.sleep(0.05)  # mid-write
    process.send_signal(how)
    process.communicate(timeout=60)
    assert target.read_text() == "previous complete output\n"
    if how == signal.SIGINT:  # Python unwinds and removes its temporary file
        assert _temp_files(tmp_path, target) == []


def _complete_statements(content, reference):
    """True if ``content`` is the whole statements table of ``reference`` (same rows, same spans)."""
    if not content.endswith(b"\n"):
        return False
    key = ["doc_id", "statement_id", "char_start", "char_end", "text"]
    try:
        table = pd.read_csv(io.BytesIO(content), keep_default_na=False)
    except (ValueError, pd.errors.ParserError):
        return False
    expected = pd.read_csv(reference, keep_default_na=False)
    return list(table.columns) == list(expected.columns) and table[key].equals(expected[key])


def test_interrupted_cli_run_leaves_no_truncated_output(tmp_path):
    corpus_dir = _seed_corpus(tmp_path / "c")
    reference = tmp_path / "reference.csv"
    started = time.monotonic()
    complete = run_cli("statements", corpus_dir, "-o", reference)
    duration = time.monotonic() - started
    assert complete.returncode == 0, complete.stderr
    for how, share in ((signal.SIGINT, 0.6), (signal.SIGKILL, 0.95)):
        target = tmp_path / "out" / "statements.csv"
        target.parent.mkdir(exist_ok=True)
        target.write_text("previous complete output\n")
        process = subprocess.Popen([sys.executable, "-m", "analysis", "statements", str(corpus_dir),
                                    "-o", str(target)], cwd=config.ROOT, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   preexec_fn=_ctrl_c_as_in_a_terminal)
        time.sleep(duration * share)
        process.send_signal(how)
        _, err = process.communicate(timeout=RUN_TIMEOUT)
        content = target.read_bytes()
        assert content == b"previous complete output\n" or _complete_statements(content, reference)
        if how == signal.SIGINT:
            assert "Traceback" not in err, err
            if process.returncode == -signal.SIGINT:
                # The signal's default action: before the interpreter installed its handler
                # (a slow start on a busy machine) or while it shut down after a finished
                # run. Either way the output is the previous one or complete (above).
                pass
            elif process.returncode != 0:
                assert process.returncode == 130
                assert len([line for line in err.splitlines() if line.strip()]) == 1, err
            assert _temp_files(target.parent, target) == []


# ---------------------------------------------------------------- a 5 MB document

def _five_megabytes(folder):
    """The seed's paragraphs resampled (fixed seed) into one ~5 MB document."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    rng = random.Random(config.RANDOM_SEED)
    parts, size = [], 0
    while size < 5_000_000:
        parts.append(rng.choice(paragraphs))
        size += len(parts[-1].encode()) + 2
    folder.mkdir(parents=True)
    (folder / "wire_dump.txt").write_text("\n\n".join(parts), encoding="utf-8")
    return folder


def test_five_megabyte_document_loads_quickly(tmp_path):
    folder = _five_megabytes(tmp_path / "big")
    started = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)  # nothing about it is a problem
        docs = corpus.load_corpus(folder)
    seconds = time.monotonic() - started
    assert (folder / "wire_dump.txt").stat().st_size >= 5_000_000
    assert docs.loc[0, "text"] == (folder / "wire_dump.txt").read_text(encoding="utf-8")
    assert docs.loc[0, "notes"] == "" and docs.loc[0, "language"] == "en"
    assert seconds < 20, f"loading 5 MB took {seconds:.1f} s"


def test_five_megabyte_document_end_to_end(tmp_path):
    folder = _five_megabytes(tmp_path / "big")
    out = tmp_path / "out"
    result = run_cli("statements", folder, "-o", out / "statements.csv", "--coverage",
                     out / "coverage.csv")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    statements = pd.read_csv(out / "statements.csv", keep_default_na=False)
    coverage = pd.read_csv(out / "coverage.csv", keep_default_na=False)
    text = (folder / "wire_dump.txt").read_text(encoding="utf-8")
    assert len(statements) > 1000
    assert statements["char_end"].max() <= len(text)
    assert set(statements["statement_id"]) <= set(
        sid for ids in coverage["statement_ids"] for sid in str(ids).split(";") if sid)


# ---------------------------------------------------------------- the classify command's input

def test_classify_rejects_binary_input(tmp_path):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(_binary_bytes())
    assert_fatal(run_cli("classify", blob, "-o", tmp_path / "out.csv"), f"{blob}: not a text file")
    assert not (tmp_path / "out.csv").exists()


# ---------------------------------------------------------------- where outputs go (cases 1, 2, 6, 11)

def test_a_device_as_output_is_written_into_not_replaced(tmp_path):
    """Case 1: `--coverage DEVICE` used to replace the device node with a regular file."""
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError:
        pytest.skip("cannot create a device node here")
    result = run_cli("statements", config.SEEDS_DIR, "-o", tmp_path / "s.csv", "--coverage", device)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert len(pd.read_csv(tmp_path / "s.csv", keep_default_na=False)) >= 30


def test_a_symlinked_output_writes_its_target_and_a_read_only_file_is_kept(tmp_path):
    """Case 1: a link was replaced instead of its target; a read-only file was replaced."""
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_text("old\n")
    link.symlink_to(real)
    result = run_cli("statements", config.SEEDS_DIR, "-o", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and real.read_text().startswith("doc_id,statement_id,")
    kept = tmp_path / "kept.csv"
    kept.write_text("mine\n")
    kept.chmod(0o444)
    assert_fatal(run_cli("statements", config.SEEDS_DIR, "-o", kept), f"{kept}: cannot write",
                 "read-only")
    assert kept.read_text() == "mine\n"


def test_outputs_never_overwrite_the_corpus(tmp_path):
    """Case 2: outputs inside the corpus replaced metadata.csv or a document."""
    c = _seed_corpus(tmp_path / "c", **{"metadata.csv": f"file,title\n{SEED.name},Talks\n"})
    before = {p.name: p.read_bytes() for p in c.iterdir()}
    for args in (["-o", c / "metadata.csv"], ["-o", c / SEED.name],
                 ["-o", tmp_path / "s.csv", "--coverage", c / "coverage.csv"]):
        assert_fatal(run_cli("statements", c, *args), "is inside the corpus folder")
    assert {p.name: p.read_bytes() for p in c.iterdir()} == before
    assert not (tmp_path / "s.csv").exists()


BRIEFING = ("MR PRICE: We have been clear that NATO's open door policy is not up for negotiation.\n\n"
            "QUESTION: Will the United States discuss limits on exercises?\n\n"
            "MR PRICE: We are prepared to discuss reciprocal limits on the size and scope of "
            "exercises.\n")


def test_compare_writes_its_outputs_as_one_set(tmp_path):
    """Case 6: a figure failure used to exit 2 after every CSV was replaced, and a
    timeline from an earlier corpus stayed beside the new outputs."""
    dated = _seed_corpus(tmp_path / "dated", **{
        "001_briefing.txt": BRIEFING,
        "metadata.csv": f"file,date\n{SEED.name},2022-01-10\n001_briefing.txt,2022-01-11\n"})
    out = tmp_path / "out"
    result = run_cli("compare", dated, "-o", out)
    assert result.returncode == 0, result.stderr
    assert (out / "figures" / "timeline.png").exists()
    single = _seed_corpus(tmp_path / "single")
    result = run_cli("compare", single, "-o", out)
    assert result.returncode == 0, result.stderr
    assert not (out / "figures" / "timeline.png").exists()  # stale: this corpus has one date
    assert set(pd.read_csv(out / "statements.csv", keep_default_na=False)["doc_id"]) == {SEED_ID}
    # A figure folder blocked by a file: the run fails and no table changes.
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "statements.csv").write_text("previous complete output\n")
    (blocked / "figures").write_text("a file where the figures go")
    assert_fatal(run_cli("compare", single, "-o", blocked), f"{blocked / 'figures'}")
    assert (blocked / "statements.csv").read_text() == "previous complete output\n"
    assert sorted(p.name for p in blocked.iterdir()) == ["figures", "statements.csv"]


def test_a_closed_pipe_still_writes_the_coverage_file(tmp_path):
    """Case 11: `statements ... --coverage C | head -1` exited 0 without writing C."""
    coverage = tmp_path / "coverage.csv"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen([sys.executable, "-m", "analysis", "statements", str(config.SEEDS_DIR),
                                "--coverage", str(coverage)], cwd=config.ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before anything is written, as `| head` may be
    err = process.stderr.read().decode()
    assert process.wait(timeout=RUN_TIMEOUT) == 0, err
    assert err.strip() == "", err
    table = pd.read_csv(coverage, keep_default_na=False)
    assert len(table) >= 50 and set(table["status"]) == {"statement", "set_aside"}


# ---------------------------------------------------------------- input files (cases 7, 8, 10)

def test_classify_decodes_standard_input_as_it_decodes_files(tmp_path):
    """Case 7: non-UTF-8 bytes on standard input exited 1 (TypeError)."""
    data = ENGLISH["latin1"].encode("latin-1")
    piped = run_cli("classify", "-", stdin=data)
    assert piped.returncode == 0, piped.stderr
    (tmp_path / "lines.txt").write_bytes(data)
    from_file = run_cli("classify", tmp_path / "lines.txt")
    assert from_file.returncode == 0, from_file.stderr
    assert piped.stdout.decode() == from_file.stdout
    assert "José Manuel Albares" in from_file.stdout


def test_a_document_linked_from_outside_the_corpus_is_not_read(tmp_path):
    """Case 8: `ln -s /etc/passwd CORPUS/passwd.txt` put the file's lines in statements.csv."""
    outside = tmp_path / "private" / "notes.txt"
    outside.parent.mkdir()
    outside.write_text("The envoy said privately that Moscow demanded binding guarantees.\n")
    c = _seed_corpus(tmp_path / "c")
    (c / "linked.txt").symlink_to(outside)
    (c / "inside.txt").symlink_to(c / SEED.name)  # a link within the folder is fine
    out = tmp_path / "out"
    result = run_cli("statements", c, "-o", out / "s.csv", "--coverage", out / "c.csv")
    assert result.returncode == 0, result.stderr
    assert any(f"{c / 'linked.txt'}: symbolic link to a file outside the corpus folder" in line
               for line in stderr_lines(result)), result.stderr
    statements = pd.read_csv(out / "s.csv", keep_default_na=False)
    assert not statements["text"].str.contains("envoy said privately").any()
    assert (statements["doc_id"] == "inside").sum() == (statements["doc_id"] == SEED_ID).sum() > 0
    coverage = pd.read_csv(out / "c.csv", keep_default_na=False)
    assert (coverage["doc_id"] == "linked").any()


def test_only_empty_documents_give_a_full_statements_header(tmp_path):
    """Case 10: `statements` wrote a header without the classification columns."""
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.txt").write_bytes(b"")
    (c / "b.txt").write_text("   \n")
    result = run_cli("statements", c)
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0].split(",")
    assert {"category", "categories", "confidence", "evidence"} <= set(header)


def _unprivileged_prefix():
    """Run the CLI as an ordinary user in a user namespace (root ignores permission bits);
    None where user namespaces are not allowed."""
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    if not shutil.which("unshare") or subprocess.run([*prefix, "true"],
                                                     capture_output=True).returncode != 0:
        return None
    return prefix


def test_unreadable_table_and_unsearchable_folder_are_one_line_errors(tmp_path):
    """Case 10: an unreadable issues.csv and a folder without search permission were
    internal errors (exit 1)."""
    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("user namespaces are not allowed here")
    c = _seed_corpus(tmp_path / "c", **{"issues.csv": "name,description\nNATO,alliance enlargement\n"})
    d = _seed_corpus(tmp_path / "d")
    (c / "issues.csv").chmod(0)
    d.chmod(0o644)
    try:
        assert_fatal(run_cli("compare", c, "-o", tmp_path / "out", prefix=prefix),
                     f"{c / 'issues.csv'}: unreadable file (Permission denied)")
        assert_fatal(run_cli("statements", d, "-o", tmp_path / "o.csv", prefix=prefix),
                     f"{d}", "Permission denied")
    finally:
        d.chmod(0o755)
        (c / "issues.csv").chmod(0o644)
    assert not (tmp_path / "o.csv").exists()


# ---------------------------------------------------------------- the cache (case 9, smaller ones)

def _damaged(kind, digests, vectors, identity):
    import pyarrow as pa

    if kind == "no digest column":
        return pa.table({"vector": pa.FixedSizeListArray.from_arrays(
            pa.array(vectors.reshape(-1), pa.float32()), vectors.shape[1])})
    if kind == "variable-length vectors":
        return pa.table({"text_sha256": pa.array(digests),
                         "vector": pa.array([list(v[: 5 + i]) for i, v in enumerate(vectors)],
                                            pa.list_(pa.float32()))})
    short = vectors[:, :5]  # "another dimension", same texts, labelled as this model's
    table = pa.table({"text_sha256": pa.array(digests), "vector": pa.FixedSizeListArray.from_arrays(
        pa.array(short.reshape(-1), pa.float32()), 5)})
    return table.replace_schema_metadata({"model_identity": identity, "dimension": "5"})


@pytest.mark.parametrize("kind", ["no digest column", "variable-length vectors", "another dimension"])
def test_a_damaged_embedding_cache_file_is_warned_about_and_recomputed(tmp_path, kind):
    """Case 9: shards that still parse but are not usable were fatal (exit 1)."""
    import pyarrow.parquet as pq

    from analysis import embeddings

    texts = ["We demand binding guarantees.", "The talks resumed on Tuesday."]
    fresh = embeddings.embed_texts(texts, cache=embeddings.EmbeddingCache(tmp_path))
    identity = embeddings.model_identity()
    folder = embeddings.EmbeddingCache(tmp_path).model_folder(identity)
    digests = [embeddings.text_digest(t) for t in texts]
    # Sorted first, so its vectors would win over the good shard's.
    damaged = folder / "part-000000000000000000000000.parquet"
    pq.write_table(_damaged(kind, digests, fresh, identity), damaged)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = embeddings.embed_texts(texts, cache=embeddings.EmbeddingCache(tmp_path))
    messages = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
    assert any(f"{damaged}: damaged embedding cache file" in m for m in messages), messages
    assert not damaged.exists()
    assert again.shape == fresh.shape and float(abs(again - fresh).max()) < 1e-5


def test_empty_cache_setting_means_the_default_folder(tmp_path):
    """Smaller: ANALYSIS_CACHE_DIR="" wrote the cache into the current folder."""
    code = "from analysis import config; print(config.CACHE_DIR)"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "ANALYSIS_CACHE_DIR": "", "PYTHONPATH": str(config.ROOT)})
    assert result.stdout.strip() == str(config.ROOT / ".cache"), result.stderr


def test_an_unwritable_cache_costs_a_warning_not_the_run(tmp_path):
    """Smaller: cache write failures were reported as output-folder errors after the work
    (the stored classifier's folder ended the run with exit 2)."""
    (tmp_path / "blocker").write_text("a file where the cache folder should be")
    result = run_cli("statements", config.SEEDS_DIR, "-o", tmp_path / "s.csv",
                     env={"ANALYSIS_CACHE_DIR": str(tmp_path / "blocker" / "cache")})
    assert result.returncode == 0, result.stderr
    assert all(line.startswith("warning: ") for line in stderr_lines(result)), result.stderr
    warned = " ".join(stderr_lines(result))
    assert "embedding cache not written" in warned and "stored-model cache not written" in warned
    # The same statements, speakers, parties and labels as a run with a working cache.
    reference = run_cli("statements", config.SEEDS_DIR, "-o", tmp_path / "reference.csv")
    assert reference.returncode == 0, reference.stderr
    columns = ["statement_id", "speaker", "party", "category", "evidence"]
    blocked = pd.read_csv(tmp_path / "s.csv", keep_default_na=False)
    expected = pd.read_csv(tmp_path / "reference.csv", keep_default_na=False)
    assert len(blocked) >= 30 and blocked[columns].equals(expected[columns])


_SIGINT_AT_EXIT = """
import atexit, os, signal, sys, time
sys.argv = ["analysis", "classify", sys.argv[1]]
# A Ctrl-C that arrives while the interpreter shuts down (exit hooks, thread joins).
atexit.register(lambda: (os.kill(os.getpid(), signal.SIGINT), time.sleep(0.5)))
from analysis.__main__ import run
raise SystemExit(run())
"""


def test_ctrl_c_during_shutdown_prints_no_traceback(tmp_path):
    """Smaller: a Ctrl-C during shutdown printed a traceback."""
    result = subprocess.run([sys.executable, "-c", _SIGINT_AT_EXIT, str(tmp_path / "missing.txt")],
                            cwd=config.ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT,
                            preexec_fn=_ctrl_c_as_in_a_terminal)
    assert "Traceback" not in result.stderr, result.stderr
    assert_fatal(result, "missing.txt: file not found")


# ---------------------------------------------------------------- a long line, generated corpora

def test_a_long_single_line_document_is_processed(tmp_path):
    """A 300 KB line without a sentence end goes through `statements` (case 5's input;
    the time is measured by `benchmarks/run_benchmarks.py --longest-line`, not here)."""
    words = [w.strip(".!?") for w in SEED.read_text(encoding="utf-8").split()]
    rng = random.Random(config.RANDOM_SEED)
    line = " ".join(rng.choice(words) for _ in range(300_000 // 6))
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "line.txt").write_text(line + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("statements", folder, "-o", out / "s.csv", "--coverage", out / "c.csv")
    assert result.returncode == 0, result.stderr
    coverage = pd.read_csv(out / "c.csv", keep_default_na=False)
    assert coverage["char_end"].max() <= len(line) and (coverage["doc_id"] == "line").any()


#: Fragments of news and transcript text, and the punctuation between them (the kind of
#: material /work/shared/repro/gen_fuzz.py draws from).
FRAGMENTS = ['"', "“", "”", "‘", "’", "'", ":", ";", ".", ",", "?", "!", "\n", "\n\n", " ", "—", "–",
             "(", ")", "[", "]", "MR SMITH:", "QUESTION:", "the minister said", "he said", "said",
             "the union", "the company", "the government", "rebels", "demands", "will not allow",
             "if", "would", "not", "we", "They", "the envoy told reporters", "according to", "...",
             "…", "*", "#", "|", "-", "\t", "Mr.", "Dr.", "U.S.", "e.g.", "12.5", "2022", "AP", "By",
             "Photo:", "©", "warned", "asked", "told", "said:", ">", "<", "&", "http://x.y/z",
             "We demand an immediate ceasefire", "is a red line", "we are ready to compromise on",
             "sanctions will follow", "the talks ended without agreement"]
FUZZ_EXAMPLES = int(os.environ.get("ANALYSIS_FUZZ_EXAMPLES", "3"))
FUZZ_MAX_DOCS = int(os.environ.get("ANALYSIS_FUZZ_MAX_DOCS", "12"))


def _fuzz_corpus(folder, documents, seed):
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for n in range(documents):
        size = rng.randint(0, 300)
        joiner = " " if rng.random() < 0.8 else ""
        (folder / f"f{n:04d}.txt").write_text(joiner.join(rng.choice(FRAGMENTS) for _ in range(size)),
                                             encoding="utf-8")
    return folder


def _check_compare_outputs(out, folder):
    written = (out / outputs.MANIFEST_NAME).read_text(encoding="utf-8").split()
    assert {"statements.csv", "coverage.csv", "issues.csv", "verdicts.csv"} <= set(written)
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*")
               if p.is_file() and not p.name.startswith(".")}
    assert on_disk == set(written)  # complete, and nothing left from elsewhere
    tables = {name: pd.read_csv(out / name, keep_default_na=False)
              for name in written if name.endswith(".csv")}
    statements, coverage = tables["statements.csv"], tables["coverage.csv"]
    assert statements["statement_id"].is_unique
    docs = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
    assert set(coverage["doc_id"]) == set(docs)
    for row in statements.itertuples():
        assert 0 <= row.char_start < row.char_end <= len(docs[row.doc_id])
    for name in written:
        if name.endswith(".png"):
            data = (out / name).read_bytes()
            assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82"), name


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(documents=st.integers(1, FUZZ_MAX_DOCS), seed=st.integers(0, 2**32 - 1))
def test_compare_end_to_end_on_generated_corpora(tmp_path_factory, documents, seed):
    """Property: on any generated corpus, `compare` exits 0 with a complete, well-formed
    output set. Deeper: ANALYSIS_FUZZ_EXAMPLES=20 ANALYSIS_FUZZ_MAX_DOCS=300."""
    from analysis import cli

    tmp = tmp_path_factory.mktemp("fuzz")
    folder = _fuzz_corpus(tmp / "corpus", documents, seed)
    out = tmp / "out"
    shown = warnings.showwarning
    errors = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(errors):
            code = cli.main(["compare", str(folder), "-o", str(out)])
    finally:
        warnings.showwarning = shown
    lines = [line for line in errors.getvalue().splitlines() if line.strip()]
    if code == 2 and lines and "no statements in any of the" in lines[-1]:
        assert not out.exists() or not any(out.iterdir())  # fatal: nothing written
        return
    assert code == 0, errors.getvalue()
    assert all(line.startswith("warning: ") for line in lines), lines
    _check_compare_outputs(out, folder)
