"""One document, segment by segment: clauses, frames, transcript turns, then decisions."""
from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from .. import vocab
from ..segmentation import Segment
from . import rules, transcripts
from .clauses import (DETERMINERS, HAS_WORD, LEAD_CONNECTIVE, NP_CONNECTORS, ROLE_NOUNS, TITLE_MODIFIERS,
                      WORD, clause_breaks, leading_np, quote_mask)
from .frames import own_attribution, subject_before
from .records import Attribution, Clause, Speaker
from .speakers import SpeakerResolver, speaker_of


def attribute_document(text: str, title: str, default_speaker: str, actors: pd.DataFrame | None,
                       source: str = "", resolver: SpeakerResolver | None = None
                       ) -> tuple[list[Clause], list[Segment]]:
    """The decided clauses of one document and all its segments.

    ``title``, ``default_speaker`` and ``source`` are the document's metadata;
    ``resolver`` a :class:`SpeakerResolver` already made for ``text`` (one that
    knows the rest of the corpus), else a new one is made.
    """
    return _DocumentAttributor(text, title, default_speaker, actors, source, resolver).run()


#: A sentence announcing a text that follows: "X released the following statement",
#: "Below is their full statement", "The full statement reads:".
_TEXT = r"(?:statement|remarks|declaration|communiqu[eé]|text|address|speech|letter)"
_INTRODUCER = re.compile(
    r"(?P<verb>\b(?:made|released|issued|published|delivered|gave|read\s+out|put\s+out|sent)\s+the\s+"
    r"following\s+(?:(?:joint|written|press|short|brief|official)\s+)?" + _TEXT + r")"
    r"|^(?:[Bb]elow|[Hh]ere)\s+(?:is|are)\s+(?:(?:the|a)\s+)?(?P<owner>their|its|his|her)?\s*"
    r"(?:(?:full|complete|joint|official)\s+)*(?:text\s+of\s+(?:the\s+|their\s+|its\s+)?)?" + _TEXT +
    r"|^(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:(?:full|complete|joint)\s+)*" + _TEXT + r"\s+reads(?:\s+as\s+follows)?\s*:")
#: A heading line naming the sender of the text under it: "A Message from the Harbour
#: Workers Union", "Statement by the Ministry of Health", "Open letter from X".
_SENDER_HEADING = re.compile(r"(?:An?\s+)?(?:(?:[Oo]pen|[Jj]oint|[Ff]ull)\s+)?(?:[Mm]essage|[Ss]tatement|[Ll]etter)\s+"
                             r"(?:from|by)\s+(?P<issuer>(?:the\s+)?[A-Z][\w’'&.\-]*(?:\s+(?:of\s+(?:the\s+)?)?"
                             r"[A-Z][\w’'&.\-]*){0,6})[ \t]*(?:\n|$)")
#: A call or meeting, whose readout a following quotation gives.
_CALL = re.compile(r"\b(?:spoke|talked|met|phoned|(?:held|had)\s+(?:talks|a\s+(?:phone\s+|telephone\s+|video\s+)?"
                   r"(?:call|conversation|meeting)))\s+(?:with|to)?\b")
_REPORTER_FRAME = re.compile(r"^[^“\"]{2,120}?\b(?:said|says|told|added)\b")


def _subject_phrase(sentence: str) -> str:
    """The noun phrase a sentence opens with, lower-case title words included ("The
    foreign ministers of the African Union met …")."""
    taken: list[str] = []
    for word in WORD.findall(LEAD_CONNECTIVE.sub("", sentence.lstrip("“‘\"( ")).split(",")[0]):
        low = word.lower()
        if word[:1].isupper() or low in ROLE_NOUNS or low in TITLE_MODIFIERS or \
                (taken and low in NP_CONNECTORS) or (not taken and low in DETERMINERS):
            taken.append(word)
        else:
            break
    while taken and taken[-1].lower() in NP_CONNECTORS:
        taken.pop()
    return " ".join(taken) or leading_np(sentence)


def _resumes_open_quote(text: str, start: int) -> bool:
    """Whether the paragraph at ``start`` goes on with a quotation the paragraph before
    left open, written without the reopening mark ("“… not good enough. ¶ Holding the
    line is more important than ever.”"): it does not open with a quote mark and its
    first mark closes (a ”, or an odd number of straight quotes)."""
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    if not line or line.lstrip()[:1] in "“\"«„‘'":
        return False
    curly = re.search(r"[“”]", line)
    if curly is not None:
        return curly.group(0) == "”"
    return line.count('"') % 2 == 1


class _DocumentAttributor:
    """Walks one document's segments in order, carrying speakers and quotes along."""

    def __init__(self, text: str, title: str, default_speaker: str, actors, source: str = "",
                 resolver: SpeakerResolver | None = None):
        self.text = text
        self.title = title
        self.resolver = resolver if resolver is not None else SpeakerResolver(text, actors, title=title)
        if default_speaker:
            self.resolver.set_document_speaker(default_speaker, about=f"{source}\n{title}")
        self.index = self.resolver.index
        self.position_owner: str | None = None
        self.transcript_cue = ""
        self.context: frozenset = frozenset()
        #: The transcript speaker and cue in force before a republished text began
        #: ("X made the following statement:"), while that text runs.
        self.introduced_text: tuple[Speaker | None, str] | None = None
        self.previous_segment: Segment | None = None

    def run(self) -> tuple[list[Clause], list[Segment]]:
        segments = transcripts.check_tags(self.resolver.segments(), self.resolver)
        clauses: list[Clause] = []
        paragraphs: list[list[Clause]] = []
        paragraph_clauses: list[Clause] = []
        current_paragraph = -1
        in_quote = False
        context_pattern = self.index.context_pattern
        for seg in segments:
            if seg.paragraph != current_paragraph:
                if paragraph_clauses:
                    paragraphs.append(paragraph_clauses)
                paragraph_clauses = []
                current_paragraph = seg.paragraph
                in_quote = in_quote and _resumes_open_quote(self.text, seg.start)
            if seg.reason == "speaker_tag":
                self.resolver.transcript, self.transcript_cue = \
                    transcripts.speaker_of_tag(seg.tag, self.resolver, self.text[seg.start:seg.end])
                continue
            if seg.reason == "fragment":
                self._apply_fragment(seg, paragraph_clauses)
                continue
            if seg.reason in ("", "heading"):
                self._sender_heading(seg)
            if seg.reason:
                continue
            if context_pattern is not None:
                seen = {m.group(0) for m in context_pattern.finditer(self.text, seg.start, seg.end)}
                if not seen <= self.context:
                    self.context = self.context | seen
            announces = _INTRODUCER.search(self.text[seg.start:seg.end]) is not None
            if self.introduced_text is not None and (announces or self._reporter_resumes(seg)):
                # "Tsipras said …" after a republished statement: the reporter speaks again.
                self.resolver.transcript, self.transcript_cue = self.introduced_text
                self.introduced_text = None
            new, in_quote = self._clauses_of(seg, in_quote)
            paragraph_clauses.extend(new)
            clauses.extend(new)
            introduced = self._introduced_source(seg) if announces else None
            if introduced is not None:
                if self.introduced_text is None:
                    self.introduced_text = (self.resolver.transcript, self.transcript_cue)
                self.resolver.transcript, self.transcript_cue = introduced, "following statement"
            self.previous_segment = seg
        if paragraph_clauses:
            paragraphs.append(paragraph_clauses)
        # Speakers are decided once all frames are known, so a quotation that runs
        # over a paragraph break can take the attribution given after it.
        previous_last: Clause | None = None
        last_source: Clause | None = None
        for i, paragraph in enumerate(paragraphs):
            following = paragraphs[i + 1][0] if i + 1 < len(paragraphs) else None
            rules.finish_paragraph(self.text, paragraph, previous_last, following, self.resolver.party_of,
                                   last_source)
            previous_last = paragraph[-1]
            last_source = next((c for c in reversed(paragraph) if c.speaker is not None
                                and c.speaker.kind not in ("press", "self")), last_source)
        return clauses, segments

    def _clauses_of(self, seg: Segment, in_quote: bool) -> tuple[list[Clause], bool]:
        text = self.text
        resolver = self.resolver
        spans, still_open, mask = quote_mask(text, seg.start, seg.end, in_quote)
        resolver.learn(seg.start, seg.end, mask)
        breaks = clause_breaks(text, seg.start, seg.end, mask)
        bounds = [seg.start] + [m.end() for m in breaks] + [seg.end]
        # The comma or semicolon that ends a clause stays with it, so the clauses
        # of a sentence cover all of its characters.
        cut_ends = [m.start() + (1 if text[m.start()] in ",;" else 0) for m in breaks] + [seg.end]
        transcript = resolver.transcript
        pieces: list[Clause] = []
        for i in range(len(bounds) - 1):
            start, end = bounds[i], cut_ends[i]
            piece = Clause(start, end, seg)
            piece.own = own_attribution(resolver, start, end, mask, seg.start)
            # In a transcript, "Moscow says X, but …" returns to the speaker's own
            # voice after the connector: the clause reporting another party ends there.
            back_to_speaker = (transcript is not None and pieces and piece.own is None
                               and pieces[-1].own is not None
                               and pieces[-1].own.speaker.party != transcript.party
                               and pieces[-1].own.speaker.kind != "self"
                               and not text[start:end].lower().startswith(("with", "as")))
            if back_to_speaker:
                piece.own = Attribution(Speaker(transcript.name, transcript.party, "", "self"), "", start)
            if pieces and ((piece.own is None and not rules.opens_with_move(text, start, end))
                           or len(text[pieces[-1].start:pieces[-1].end].split()) < 4):
                pieces[-1].end = end
                if pieces[-1].own is None:
                    pieces[-1].own = piece.own
                if pieces[-1].own is None and piece.own is None and text[start:end].lstrip().startswith("and "):
                    # "Tokyo has regarded … with suspicion, and has sought to …": a verb
                    # whose subject opens the sentence, read over the joined clause.
                    pieces[-1].own = own_attribution(resolver, pieces[-1].start, end, mask, seg.start)
            else:
                pieces.append(piece)
            if piece.own is not None:
                resolver.remember(piece.own.speaker)
        for piece in pieces:
            piece.transcript, piece.transcript_cue = transcript, self.transcript_cue
            piece.position_owner, piece.context = self.position_owner, self.context
            piece.quoted = any(HAS_WORD.search(text, max(a, piece.start), min(b, piece.end))
                               for a, b in spans if a < piece.end and b > piece.start)
            piece.starts_in_quote = bool(mask[piece.start - seg.start]) or \
                (piece.start == seg.start and in_quote)
            piece.ends_in_quote = bool(mask[piece.end - 1 - seg.start])
        if pieces:
            pieces[-1].ends_in_quote = still_open or pieces[-1].ends_in_quote
        if transcript is None and pieces and not mask[0] and all(p.own is None for p in pieces) and any(mask):
            self._readout(seg, pieces, mask)
        if transcript is None and pieces and not mask[0] and all(p.own is None for p in pieces):
            # "X decided to leave the talks. He told reporters …": a person who is the
            # subject of a sentence without a frame is who the next "he" or "she" means.
            subject = leading_np(text[seg.start:seg.end])
            found = resolver.resolve_np(subject) if any(w[:1].isupper() for w in subject.split()) else None
            if found is not None and found.kind == "person":
                resolver.remember(found)
        resolver.pending_mentions.append((seg.start, seg.end, bytes(mask)))
        resolver.read_organisations(seg.start, seg.end)
        owner = rules.position_owner_in(text, seg.start, seg.end, mask, resolver.party_of)
        if owner is not None:
            self.position_owner = owner
        return pieces, still_open

    def _readout(self, seg: Segment, pieces: list[Clause], mask: bytearray) -> None:
        """"X spoke with Y and “commended his role …”", "She also spoke with Z “on how to
        …”": a quotation after a call or meeting, with no reporting verb, quotes the
        readout of the subject's side; the subject is its source."""
        call = _CALL.search(self.text, seg.start, seg.end)
        if call is None or 1 in mask[:call.end() - seg.start]:
            return  # no call, or a quotation before it (not its readout)
        opening = mask.find(1, call.end() - seg.start)
        closing = mask.find(0, opening) if opening >= 0 else -1
        quote = self.text[seg.start + opening:seg.start + closing if closing >= 0 else seg.end]
        before = self.text[call.end():seg.start + opening].rstrip(" “‘\"")
        if opening < 0 or len(quote.split()) < 4 or not (before.endswith((",", " and")) or not before):
            return  # a quoted name or phrase ("near the “peace palace”"), not a readout
        subject = subject_before(self.resolver, seg.start, call.start(), mask, seg.start)
        if subject is None or subject.kind in ("self", "press") \
                or subject.party in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY):
            return
        for piece in pieces:
            piece.own = Attribution(subject, call.group(0).strip(), seg.start)
        self.resolver.remember(subject)

    def _sender_heading(self, seg: Segment) -> None:
        """"A Message from the X Committee" over a text: the text is X's words, until
        the reporter speaks again (as after "X released the following statement")."""
        sender = _SENDER_HEADING.match(self.text, seg.start, seg.end)
        if sender is None:
            return
        name = sender.group("issuer")
        # "the HWU Bargaining Committee": a body of an organisation speaks for it.
        party = self.resolver.party_of(name)
        issuer = self.resolver.resolve_np(name)
        if party and party not in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY) \
                and (issuer is None or issuer.party in (vocab.UNKNOWN_PARTY, name.removeprefix("the "))):
            issuer = Speaker(name.removeprefix("the "), party, "they", "group", name, False)
        if issuer is None or issuer.party in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY) \
                or issuer.kind in ("self", "press"):
            return
        if self.introduced_text is None:
            self.introduced_text = (self.resolver.transcript, self.transcript_cue)
        self.resolver.transcript = replace(issuer, pronoun=issuer.pronoun or "they")
        self.transcript_cue = sender.group(0).strip()

    def _introduced_source(self, seg: Segment) -> Speaker | None:
        """The source of the text a sentence announces ("President X made the following
        statement.", "Below is their full statement:", "The statement reads:"), whose
        words the next paragraphs are; None if the sentence announces none."""
        sentence = self.text[seg.start:seg.end]
        found = _INTRODUCER.search(sentence)
        if found is None:
            return None
        if found.group("owner"):
            owner = found.group("owner").lower()
            speaker = self.resolver.resolve_pronoun({"their": "they", "its": "it", "his": "he",
                                                     "her": "she"}.get(owner, "it"))
            if speaker is None and self.previous_segment is not None:
                # "The leaders of the EU met today. Below is their statement:" — the subject
                # of the sentence before, with or without a reporting frame of its own.
                prev = self.previous_segment
                speaker = self.resolver.resolve_np(_subject_phrase(self.text[prev.start:prev.end]))
        elif found.group("verb"):
            speaker = self.resolver.resolve_np(_subject_phrase(sentence[:found.start("verb")]))
        else:  # "The statement reads:": the text the last source issued
            speaker = self.resolver.recent[-1] if self.resolver.recent else None
        if speaker is None or speaker.kind in ("self", "press"):
            return None
        return replace(speaker, pronoun=speaker.pronoun or "they")

    def _reporter_resumes(self, seg: Segment) -> bool:
        """Whether a paragraph-opening sentence is a reporter's frame ("X said", "X told
        reporters"), which ends a republished statement."""
        if seg.start == 0 or not self.text[:seg.start].rstrip(" \t").endswith("\n"):
            return False
        return _REPORTER_FRAME.search(self.text[seg.start:min(seg.end, seg.start + 200)]) is not None

    def _apply_fragment(self, seg: Segment, clauses: list[Clause]) -> None:
        """A verbless name after a statement ("‘State, Ned Price.") names its source
        when that source was only described ("the spokesperson … said")."""
        if not clauses:
            return
        last = clauses[-1]
        if last.own is None or last.own.speaker.known:
            return
        people = [m for _, _, m in self.index.find_all(self.text[seg.start:seg.end])
                  if m.kind == "person"]
        if len(people) == 1:
            last.own = Attribution(speaker_of(people[0]), last.own.cue, last.own.subject_start)
            self.resolver.remember(last.own.speaker)

