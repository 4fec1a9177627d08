"""Transcript turns: which tags are the press, the moderator or an answer, and
when a lone line label is not a turn at all."""
from __future__ import annotations

import re
from dataclasses import replace

from .. import vocab
from ..segmentation import Segment
from . import lexicon
from .records import Speaker

_TAGS = lexicon.transcript_tags()
#: Tags of the press side of a transcript. A journalist's question is party
#: ``none`` (see the guideline): asking is not holding a position, and the
#: positions a question quotes belong to the answer that takes them up.
QUESTION_TAGS = _TAGS["question"]
ANSWER_TAGS = _TAGS["answer"]
#: Tags of whoever runs the event: a speaker of their own, also party ``none``.
MODERATOR_TAGS = _TAGS["moderator"]
TAG_TITLES = lexicon.tag_titles()


def is_role_tag(label: str) -> bool:
    """Whether a tag names a role (question, answer, moderator) rather than a person."""
    return _bare_tag(label) in QUESTION_TAGS | MODERATOR_TAGS | ANSWER_TAGS


def _bare_tag(label: str) -> str:
    """A tag without its closing full stop and a leading article ("The Chair:")."""
    bare = label.strip().rstrip(".")
    return bare[4:] if bare[:4] in ("The ", "THE ", "the ") else bare


_BRACKETED = re.compile(r"\(([^()]{2,60})\)")


def speaker_of_tag(label: str, resolver, line: str = "") -> tuple[Speaker, str]:
    """The speaker a line-initial tag makes current, and the cue (the tag as written).

    ``resolver`` is the document's :class:`~analysis.extract.speakers.SpeakerResolver`;
    answers ("A:") belong to the document's default speaker. ``line`` is the whole
    tag as written: a bracket after the name ("Mr. Okafor (Nigeria):", the habit of
    UN records) says whom the speaker represents.
    """
    speaker, cue = _speaker_of_tag(label, resolver)
    bracket = _BRACKETED.search(line)
    if bracket is not None and not speaker.known and speaker.kind == "person" \
            and speaker.party == vocab.UNKNOWN_PARTY:
        party = resolver.party_of(bracket.group(1))
        if party and party != vocab.UNKNOWN_PARTY:
            speaker = replace(speaker, party=party, role=bracket.group(1))
    return speaker, cue


def _speaker_of_tag(label: str, resolver) -> tuple[Speaker, str]:
    label = label.strip()
    bare = _bare_tag(label)
    if bare in QUESTION_TAGS or bare.upper() == "Q":
        return Speaker("Question", vocab.NO_PARTY, "", "press"), label
    if bare in ANSWER_TAGS:
        # "Q:" / "A:" interviews: the answer is the document's speaker (metadata).
        return (resolver.document_speaker or Speaker("Answer", vocab.UNKNOWN_PARTY, "", "person"),
                label)
    if bare in MODERATOR_TAGS:
        return Speaker("Moderator", vocab.NO_PARTY, "", "press"), label
    return resolver.speaker_from_name(label), label


def check_tags(segments: list[Segment], resolver) -> list[Segment]:
    """A lone line-initial label that names nobody known ("NEW DELHI:",
    "Last Updated:") is a dateline or heading, not a transcript turn."""
    tags = [s for s in segments if s.reason == "speaker_tag"]
    if len(tags) != 1:
        return segments
    label = tags[0].tag
    if is_role_tag(label) or resolver.speaker_from_name(label).known:
        return segments
    return [replace(s, reason="dateline", tag="") if s is tags[0] else s for s in segments]
