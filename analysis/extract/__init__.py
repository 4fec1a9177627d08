"""Statements and who holds them: clauses, speakers, parties and attributions.

:func:`extract` turns the ``docs`` table into the ``statements`` table of
``docs/design.md`` and the ``coverage`` table that accounts for every sentence,
in one pass; :func:`extract_statements` and :func:`coverage` return one of the
two. The rules follow ``docs/attribution_guideline.md``; the modules are

* :mod:`.clauses` — pure text functions: reporting cues, clause breaks,
  quotation masks, noun phrases;
* :mod:`.descriptors` — how a person or organisation is introduced
  ("Iran's foreign ministry spokesman Saeed Karimi", "the Tamil Tigers rebel
  group", "the National Dockworkers Union (NDU)");
* :mod:`.speakers` — :class:`SpeakerResolver`, which turns a subject into a
  speaker and party and keeps the document's discourse memory (pronouns,
  titles, surnames, organisations introduced earlier);
* :mod:`.frames` — a clause's own reporting frame ("X said", "said X",
  "according to X", joint subjects);
* :mod:`.transcripts` — speaker tags, press questions, moderators, answers;
* :mod:`.rules` — the decisions on each clause (continuation, narration,
  embedded positions, context-dependent parties);
* :mod:`.lexicon` — the word lists in ``analysis/data/lexicon/``.
"""
from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from ..errors import input_error
from .document import attribute_document
from .records import Attribution, Clause, Speaker
from .rules import executive_party, executive_source
from .speakers import CorpusMemory, SpeakerResolver, corpus_memory

STATEMENT_COLUMNS = ("doc_id", "statement_id", "char_start", "char_end", "text", "speaker", "party",
                     "attribution", "cue", "paragraph", "sentence")
COVERAGE_COLUMNS = ("doc_id", "sentence", "char_start", "char_end", "status", "reason",
                    "statement_ids")

__all__ = ["COVERAGE_COLUMNS", "STATEMENT_COLUMNS", "Attribution", "Clause", "CorpusMemory", "Extraction", "Speaker",
           "SpeakerResolver", "clean_statement_text", "coverage", "extract", "extract_statements"]


class Extraction(NamedTuple):
    """What :func:`extract` returns: the statements and the coverage of one docs table."""

    statements: pd.DataFrame
    coverage: pd.DataFrame


def extract(docs: pd.DataFrame, actors: pd.DataFrame | None = None,
            parties: tuple[str, str] | None = None) -> Extraction:
    """Statements and coverage of ``docs``, from one pass over each document.

    ``docs`` needs ``doc_id`` and ``text``; ``title`` and ``speaker`` are used
    when present. ``actors`` is an actor table from
    :func:`analysis.actors.load_actors` (the built-in one if None). Both tables
    are as in ``docs/design.md``: statements sorted by doc and offset, coverage
    one row per sentence (a document without text gets one ``set_aside`` row
    with reason ``empty_document``). ``parties`` is the negotiation's party pair
    (``Settings.parties``): when it names a state's executive seat instead of the
    state ("White House"), the executive's sources speak for that party.
    """
    _check_docs(docs)
    executive = executive_party(parties, actors)
    statement_rows, coverage_rows = [], []
    rows = list(_document_rows(docs))
    texts = [doc.text if isinstance(doc.text, str) else "" for doc in rows]
    # Two passes: what each document says about people and organisations is read
    # first, so that a name another report of the corpus describes is known.
    resolvers = [SpeakerResolver(text, actors, title=_text(getattr(doc, "title", "")),
                                 about=f"{_text(getattr(doc, 'source', ''))}\n{_text(getattr(doc, 'title', ''))}",
                                 parties=parties)
                 for doc, text in zip(rows, texts)]
    memory = corpus_memory(resolvers) if len(resolvers) > 1 else None
    for doc, text, resolver in zip(rows, texts, resolvers):
        if memory is not None:
            resolver.use_corpus(memory)
        clauses, segments = attribute_document(text, _text(getattr(doc, "title", "")),
                                               _text(getattr(doc, "speaker", "")).strip(), actors,
                                               _text(getattr(doc, "source", "")), resolver)
        ids_by_sentence: dict[int, list[str]] = {}
        for n, c in enumerate(clauses, start=1):
            statement_id = f"{doc.doc_id}:{n:04d}"
            ids_by_sentence.setdefault(c.segment.sentence, []).append(statement_id)
            statement_rows.append((doc.doc_id, statement_id, c.start, c.end,
                                   clean_statement_text(text[c.start:c.end]),
                                   c.speaker.name if c.speaker else "",
                                   executive_source(c.speaker, c.party, executive), c.attribution, c.cue,
                                   c.segment.paragraph, c.segment.sentence))
        if not segments:
            # A document with no text at all (unreadable, empty) is still listed, so
            # the coverage table accounts for every document.
            coverage_rows.append((doc.doc_id, 0, 0, 0, "set_aside", "empty_document", ""))
        for seg in segments:
            ids = ids_by_sentence.get(seg.sentence, [])
            coverage_rows.append((doc.doc_id, seg.sentence, seg.start, seg.end,
                                  "statement" if ids else "set_aside",
                                  "" if ids else (seg.reason or "empty"), ";".join(ids)))
    statements = pd.DataFrame(statement_rows, columns=list(STATEMENT_COLUMNS)).astype(
        {"char_start": "int64", "char_end": "int64", "paragraph": "int64", "sentence": "int64"})
    cover = pd.DataFrame(coverage_rows, columns=list(COVERAGE_COLUMNS)).astype(
        {"sentence": "int64", "char_start": "int64", "char_end": "int64"})
    return Extraction(
        statements.sort_values(["doc_id", "char_start"], kind="stable").reset_index(drop=True),
        cover.sort_values(["doc_id", "sentence"], kind="stable").reset_index(drop=True))


def extract_statements(docs: pd.DataFrame, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The statements table of ``docs`` (see :func:`extract`)."""
    return extract(docs, actors).statements


def coverage(docs: pd.DataFrame, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The coverage table of ``docs`` (see :func:`extract`); call :func:`extract`
    when both tables are needed, so each document is read once."""
    return extract(docs, actors).coverage


def _document_rows(docs: pd.DataFrame):
    """Rows of ``docs`` with only the columns attribution reads (not ``raw_text``,
    which would be converted to a Python string for every document for nothing)."""
    wanted = [c for c in ("doc_id", "text", "title", "speaker", "source") if c in docs.columns]
    return docs[wanted].itertuples(index=False)


def _check_docs(docs: pd.DataFrame) -> None:
    missing = [c for c in ("doc_id", "text") if c not in docs.columns]
    if missing:
        raise input_error("docs table", f"missing column {missing[0]!r} (see docs/design.md)")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


_STRAY_STOP = re.compile(r"\b(?!(?:etc|approx|vs|al)\.)([a-z]{2,})\.\s+(?=[a-z])")


def clean_statement_text(text: str) -> str:
    """Statement text for reading and classifying: whitespace collapsed and stray
    mid-sentence full stops removed ("politics. of the open door" -> "politics of
    the open door"). Offsets always refer to the original, not to this text.
    """
    text = " ".join(text.split())  # str.split and regex \s agree on what whitespace is
    if ". " not in text:  # most statements have no inner full stop: skip the regex
        return text
    return _STRAY_STOP.sub(r"\1 ", text)
