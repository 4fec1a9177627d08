"""The small records attribution passes around: speakers, frames and clauses."""
from __future__ import annotations

from dataclasses import dataclass

from .. import vocab
from ..segmentation import Segment


@dataclass(frozen=True)
class Speaker:
    """A resolved source: display name, party, grammatical pronoun and kind.

    ``kind`` is an actor-table kind (``person``, ``institution``, ``metonym``,
    ``country``, ``group``), ``description`` for an unnamed source ("a senior
    EU official"), ``self`` for the transcript speaker's own voice and ``press``
    for questions and moderators. ``known`` is True when the name comes from
    the actor table; a person learnt from the document has ``known`` False and
    its descriptor in ``role``.
    """

    name: str
    party: str
    pronoun: str = ""
    kind: str = "person"
    role: str = ""
    known: bool = False
    #: Party this actor stands for once one of ``context_words`` has been seen in
    #: the document ("Brussels" is NATO's seat in a text about NATO).
    context_party: str = ""
    context_words: frozenset = frozenset()


@dataclass(frozen=True)
class Attribution:
    """A clause's own reporting frame: who, by which cue, where the subject began."""

    speaker: Speaker
    cue: str
    subject_start: int


@dataclass
class Clause:
    """One statement in the making: its span, its own frame and the decisions on it."""

    start: int
    end: int
    segment: Segment
    own: Attribution | None = None
    quoted: bool = False
    starts_in_quote: bool = False
    ends_in_quote: bool = False
    speaker: Speaker | None = None
    party: str = vocab.NO_PARTY
    attribution: str = "narration"
    cue: str = ""
    transcript: Speaker | None = None  # the transcript speaker in force at this clause
    transcript_cue: str = ""
    position_owner: str | None = None  # party whose demands/proposals were last named before it
    context: frozenset = frozenset()  # context words seen so far (actor-table ``context`` column)
    holds_move: bool = False  # its party is another party's move its speaker reports
