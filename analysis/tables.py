"""One reader for every input table: ``metadata.csv``, ``actors.csv``, ``issues.csv``,
the cue lexicon, the exemplar bank, the seed annotations and the development set's
tables (``gold.csv``, ``verdicts.csv``, ``negotiation.csv``, the second annotation).

:func:`read_table` opens the file as documents are opened (only a regular file, and
inside the corpus folder when one is given: :func:`analysis.corpus.read_confined`),
decodes it as documents are decoded (byte-order marks, Windows-1252 from Excel, CRLF),
parses CSV strictly, and checks the table against its :class:`TableSpec`: the
columns, the shape of every row, duplicate keys, and a pandera schema for the values.
Every problem is one :class:`~analysis.errors.InputError` worded
``<file>:<line>: <what>``, where the line is the one the row starts on (a quoted
field may span lines); recoverable ones are one :class:`~analysis.errors.CorpusWarning`
in the same wording.

The table comes back as strings (stripped, except the spec's ``verbatim`` columns), one
row per data row, with the line number in column ``line``; optional columns the file
lacks are empty.
"""
from __future__ import annotations

import csv
import functools
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import CorpusWarning, input_error


@dataclass(frozen=True)
class TableSpec:
    """What one kind of input table must look like.

    ``required`` / ``optional``: column names (the header is trimmed and
    lower-cased before comparing). ``unknown``: what a column outside both
    does, ``"error"`` or ``"warn"`` (then ignored). ``short_rows``: a row with
    fewer fields than the header is an ``"error"`` or is ``"pad"``-ded with
    empty fields (spreadsheets drop trailing empty cells). ``key``: a column
    whose value names the row; a second row with the same key is a warning if
    identical and an error if not. ``schema``: builds the pandera schema the
    values must satisfy (after ``prepare``). ``delimiters``: separators tried on
    the header row, first one that shows a required column wins. ``prepare``:
    normalises values (e.g. lower-cases a column) before the schema is checked.
    ``verbatim``: columns whose values are kept exactly as written (not stripped),
    such as a gold key, which is matched against the document character for character.
    """

    what: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    unknown: str = "error"
    short_rows: str = "error"
    key: str | None = None
    schema: Callable[[], object] | None = None
    delimiters: tuple[str, ...] = (",",)
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    verbatim: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


def read_table(path: str | Path, spec: TableSpec, *, root: str | Path | None = None) -> pd.DataFrame:
    """Read and check one input table (see the module docstring).

    ``root``: the corpus folder the file must lie in (None for the project's own
    data). Returns a DataFrame with ``spec.columns`` and ``line`` (int64), in
    file order, duplicate keys dropped.
    """
    from . import corpus

    path = Path(path)
    try:
        data = corpus.read_confined(path, root)
    except corpus.UnreadableFile as exc:
        raise input_error(path, str(exc)) from None
    text = corpus.decode_text(data, path)
    rows = _parse(path, text, spec)
    frame = pd.DataFrame(rows, columns=[*spec.columns, "line"])
    frame = frame.astype({c: object for c in spec.columns}).astype({"line": "int64"})
    if spec.prepare is not None:
        frame = spec.prepare(frame)
    if spec.schema is not None and len(frame):
        _validate(path, frame, spec.schema())
    if spec.key is not None:
        frame = _drop_duplicate_keys(path, frame, spec)
    return frame.reset_index(drop=True)


def _delimiter(text: str, spec: TableSpec) -> str:
    header = next((line for line in text.split("\n") if line.strip()), "")
    for delimiter in spec.delimiters:
        cells = [cell.strip().strip('"').lower() for cell in header.split(delimiter)]
        if any(column in cells for column in spec.required):
            return delimiter
    return spec.delimiters[0]


def _parse(path: Path, text: str, spec: TableSpec) -> list[list]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text, spec))
    ended = 0  # line the previous record ended on; the next one starts after it
    rows: list[list] = []
    header: list[str] | None = None
    try:
        for cells in reader:
            start, ended = ended + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _header(path, cells, spec, start)
                continue
            if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
                raise input_error(path, f"row has {len(cells)} fields but the header has "
                                        f"{len(header)} (unquoted comma?)", start)
            if len(cells) < len(header) and spec.short_rows == "error":
                raise input_error(path, f"row has {len(cells)} fields but the header has "
                                        f"{len(header)}", start)
            values = {column: cell if column in spec.verbatim else cell.strip()
                      for column, cell in zip(header, cells)}
            rows.append([values.get(column, "") for column in spec.columns] + [start])
    except csv.Error as exc:
        raise input_error(path, f"malformed CSV ({exc})", ended + 1) from None
    if header is None:
        raise input_error(path, f"empty file; expected a header row with column(s) "
                                f"{', '.join(spec.required)}", 1)
    return rows


def _header(path: Path, cells: list[str], spec: TableSpec, line: int) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    while header and not header[-1]:
        header.pop()  # spreadsheets add empty trailing columns
    missing = [column for column in spec.required if column not in header]
    if missing:
        raise input_error(path, f"missing required column {missing[0]!r} (columns: "
                                f"{', '.join(header)})", line)
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise input_error(path, f"column {repeated[0]!r} appears twice", line)
    unknown = [column for column in header if column not in spec.columns]
    if unknown:
        listed = ", ".join(map(repr, unknown))
        if spec.unknown == "error":
            raise input_error(path, f"unknown column(s) {listed} (expected {', '.join(spec.columns)})",
                              line)
        warnings.warn(f"{path}:{line}: unknown column(s) {listed} ignored (known: "
                      f"{', '.join(spec.columns)})", CorpusWarning, stacklevel=4)
    return header


def _validate(path: Path, frame: pd.DataFrame, schema) -> None:
    """Raise InputError for the first row (by line) that breaks ``schema``."""
    import pandera.pandas as pa

    try:
        schema.validate(frame.set_index("line", drop=False), lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        rows = cases[cases["index"].notna()]
        if rows.empty:  # a table-level failure (a column's type): no line to name
            first = cases.iloc[0]
            raise input_error(path, f"{first['column']}: {first['check']}") from None
        first = rows.assign(line=rows["index"].astype("int64")).sort_values(
            ["line", "check_number"], kind="stable").iloc[0]
        raise input_error(path, f"invalid {first['column']} {first['failure_case']!r} "
                                f"({first['check']})", int(first["line"])) from None


def _drop_duplicate_keys(path: Path, frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    first_line: dict[str, int] = {}
    first_values: dict[str, tuple] = {}
    keep = []
    for row in frame.itertuples(index=False):
        record = row._asdict()
        key, line = record[spec.key], record["line"]
        values = tuple(record[c] for c in spec.columns)
        if key not in first_line:
            first_line[key], first_values[key] = line, values
            keep.append(True)
            continue
        if values != first_values[key]:
            raise input_error(path, f"second row for {key!r} (first at line {first_line[key]}) "
                                    "with different values", line)
        warnings.warn(f"{path}:{line}: duplicate of line {first_line[key]}; ignored",
                      CorpusWarning, stacklevel=3)
        keep.append(False)
    return frame[keep]


# --------------------------------------------------------------------------- the project's tables

def _one_of(values, what: str):
    import pandera.pandas as pa

    return pa.Check.isin(list(values), error=f"expected {what}: {', '.join(v or '(empty)' for v in values)}")


def _not_empty(what: str):
    import pandera.pandas as pa

    return pa.Check(lambda s: s.str.len() > 0, element_wise=False, error=f"{what} must not be empty")


def _without(char: str, what: str):
    import pandera.pandas as pa

    return pa.Check(lambda s: ~s.str.contains(char, regex=False), error=f"{what} must not contain {char!r}")


def _columns(**checks) -> object:
    import pandera.pandas as pa

    return pa.DataFrameSchema({name: pa.Column(str, list(c), nullable=False)
                               for name, c in checks.items()}, strict=False)


#: Columns of a corpus ``metadata.csv`` (only ``file`` required); see :mod:`analysis.corpus`.
METADATA = TableSpec("metadata", required=("file",),
                     # url: where the document was published (kept for citation, not used)
                     optional=("title", "date", "source", "speaker", "url"),
                     unknown="warn", short_rows="pad", delimiters=(",", ";", "\t"))

@functools.lru_cache(maxsize=1)
def _actors_schema():
    from .actors import KINDS, PRONOUNS

    return _columns(name=[_not_empty("actor name")],
                    party=[_not_empty("party"), _without(";", "party")],
                    pronoun=[_one_of(PRONOUNS, "a pronoun")],
                    kind=[_one_of(KINDS, "a kind")])


def _actor_defaults(frame: pd.DataFrame) -> pd.DataFrame:
    frame["pronoun"] = frame["pronoun"].str.lower()
    frame["kind"] = frame["kind"].str.lower().replace("", "person")
    return frame


#: The actor table (built-in ``analysis/data/actors.csv`` and a corpus ``actors.csv``).
#: A name given twice with different values is an error (which row should win?).
ACTORS = TableSpec("actors", required=("name", "party"),
                   optional=("aliases", "role", "bloc", "pronoun", "kind", "members",
                             "context_party", "context_words"),
                   key="name", schema=_actors_schema, prepare=_actor_defaults)


@functools.lru_cache(maxsize=1)
def _issues_schema():
    return _columns(name=[_not_empty("issue name"), _without(";", "issue name")])


#: User-given issue anchors (``issues.csv``): one name, one or more ``;``-separated phrases.
ISSUES = TableSpec("issue anchors", required=("name", "description"), schema=_issues_schema)


def read_issue_anchors(path: str | Path, root: str | Path | None = None) -> pd.DataFrame:
    """A user's ``issues.csv``: columns ``name`` and ``description``.

    Each row gives one issue name and one description phrase; a name may appear on
    several rows, or one description may hold several phrases separated by ``;``.
    Returns a table ``name, description`` (one phrase per row, sorted by name, then
    phrase). Raises InputError naming the file (and line), as every table reader does.
    """
    table = read_table(path, ISSUES, root=root)
    if table.empty:
        raise input_error(path, "no issue anchors in file (only a header)", 2)
    rows = []
    for name, description in zip(table["name"], table["description"]):
        phrases = [p.strip() for p in description.split(";") if p.strip()] or [name]
        rows.extend({"name": name, "description": phrase} for phrase in phrases)
    return (pd.DataFrame(rows).drop_duplicates().sort_values(["name", "description"])
            .reset_index(drop=True))


@functools.lru_cache(maxsize=1)
def _cues_schema():
    from .stance.rules import CUE_KINDS, CUE_REQUIREMENTS

    return _columns(kind=[_one_of(CUE_KINDS, "a cue kind")],
                    strength=[_one_of(("", "strong", "weak"), "a strength")],
                    negation=[_one_of(("", "cancel", "keep"), "a negation rule")],
                    requires=[_one_of(CUE_REQUIREMENTS, "a requirement")],
                    pattern=[_not_empty("pattern")])


#: The cue lexicon (``analysis/data/stance_cues.csv``); whether a stance cue's
#: category is one a cue can signal, and whether its pattern compiles, is checked by
#: :func:`analysis.stance.rules.load_cues`, which knows both.
CUES = TableSpec("cue lexicon", required=("kind", "category", "strength", "negation", "requires",
                                          "pattern", "example"), schema=_cues_schema)


@functools.lru_cache(maxsize=1)
def _labelled_schema():
    from . import vocab

    return _columns(text=[_not_empty("text")],
                    category=[_one_of(vocab.CATEGORIES, "a category")])


#: Labelled texts: the exemplar bank (``stance_exemplars.csv``).
EXEMPLARS = TableSpec("exemplars", required=("text", "category"),
                      optional=("categories", "topic", "register", "origin"), schema=_labelled_schema)
#: The seed's stance annotation (``annotations/seed_gold_stance.csv``).
STANCE_GOLD = TableSpec("stance annotation", required=("doc_id", "unit", "char_start", "char_end",
                                                       "paragraph", "text", "category"),
                        optional=("categories", "party"), schema=_labelled_schema)
#: Shortest gold key accepted: shorter pieces of text are rarely unique in a document.
GOLD_MIN_KEY_CHARS = 8


def _categories_listed(what: str):
    import pandera.pandas as pa
    from . import vocab

    def valid(value: str) -> bool:
        return all(part.strip() in vocab.CATEGORIES for part in value.split(";") if part.strip())

    return pa.Check(valid, element_wise=True,
                    error=f"{what}: expected categories separated by ';' from "
                          f"{', '.join(vocab.CATEGORIES)}")


def _key_length():
    import pandera.pandas as pa

    return pa.Check(lambda s: s.str.strip().str.len() >= GOLD_MIN_KEY_CHARS,
                    error=f"key shorter than {GOLD_MIN_KEY_CHARS} characters")


@functools.lru_cache(maxsize=1)
def _gold_schema():
    from . import vocab

    return _columns(file=[_not_empty("file")],
                    key=[_not_empty("key"), _key_length()],
                    party=[_not_empty("party")],
                    category=[_one_of(vocab.CATEGORIES, "a category")],
                    acceptable=[_categories_listed("acceptable")])


#: A development negotiation's statement annotation (``gold.csv``; format in
#: ``analysis/data/devset/README.md``). ``key`` is kept verbatim, spaces included: it is
#: found in the document character for character.
GOLD = TableSpec("gold annotation", required=("file", "key", "party", "category"),
                 optional=("speaker", "party_alternatives", "acceptable", "issue", "note"),
                 unknown="warn", schema=_gold_schema, verbatim=("key",))


@functools.lru_cache(maxsize=1)
def _agreement_schema():
    from . import vocab

    return _columns(negotiation=[_not_empty("negotiation")], file=[_not_empty("file")],
                    key=[_not_empty("key")], party=[_not_empty("party")],
                    category=[_one_of(vocab.CATEGORIES, "a category")])


#: The blind second annotation of development statements (``devset/agreement/``).
SECOND_ANNOTATION = TableSpec("second annotation",
                              required=("negotiation", "file", "key", "party", "category"),
                              # where each statement's document was published (as in its metadata.csv)
                              optional=("source", "url"),
                              schema=_agreement_schema, verbatim=("key",))


@functools.lru_cache(maxsize=1)
def _negotiation_schema():
    return _columns(party_a=[_not_empty("party_a")], party_b=[_not_empty("party_b")])


#: A development negotiation's description (``negotiation.csv``, one row; ``id``
#: defaults to the folder's name).
NEGOTIATION = TableSpec("negotiation", required=("party_a", "party_b"),
                        optional=("id", "title", "kind", "period"), schema=_negotiation_schema)


@functools.lru_cache(maxsize=1)
def _verdicts_schema():
    from .compare.common import VERDICTS

    return _columns(issue=[_not_empty("issue")],
                    verdict=[_one_of(VERDICTS, "a verdict")])


#: An analyst's verdict per issue in a development negotiation (``verdicts.csv``).
VERDICTS = TableSpec("verdicts", required=("issue", "party_a", "party_b", "verdict"),
                     schema=_verdicts_schema)

#: The seed's attribution annotation (``annotations/seed_gold_attribution.csv``).
ATTRIBUTION_GOLD = TableSpec("attribution annotation",
                             required=("doc_id", "char_start", "char_end", "text"),
                             optional=("speaker", "party", "attribution", "is_boilerplate", "note"))


def integer_columns(frame: pd.DataFrame, path: str | Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with ``columns`` turned into int64; InputError naming the first bad cell's line."""
    frame = frame.copy()
    for column in columns:
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad = numbers.isna() | (numbers != numbers.round())
        if bad.any():
            line = int(frame.loc[bad, "line"].iloc[0])
            raise input_error(path, f"invalid {column} {frame.loc[bad, column].iloc[0]!r} "
                                    "(expected a whole number)", line)
        frame[column] = numbers.astype("int64")
    return frame


__all__ = ["TableSpec", "read_table", "integer_columns", "METADATA", "ACTORS", "ISSUES", "CUES",
           "EXEMPLARS", "STANCE_GOLD", "ATTRIBUTION_GOLD", "GOLD", "GOLD_MIN_KEY_CHARS",
           "SECOND_ANNOTATION", "NEGOTIATION", "VERDICTS", "read_issue_anchors"]
