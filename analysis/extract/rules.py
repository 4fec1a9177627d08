"""Decision rules: speaker, party, attribution and cue of each clause.

Functions of one paragraph's clauses once their frames are known, following
``docs/attribution_guideline.md``: a clause with its own frame takes its
source; a clause without one continues an open quotation or the same voice, or
is narration; transcript turns belong to the tag's speaker; a clause whose
subject is another party's demands or proposals holds that party's position.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import vocab
from .clauses import LEAD_ADVERBIAL, LEAD_CONNECTIVE, NO_COMMENT, cues
from .records import Clause, Speaker

_CARRY_START = re.compile(
    r"^[“‘\"(]*(?:but|and|however|still|yet|also|so|he|she|they|it|this|that|we|i|moreover|"
    r"instead|nonetheless|nevertheless|in that sense|at the same time)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:will|would|must|should|cannot|can’t|can't|won’t|won't|need to|needs to|"
                    r"has to|have to|will have to|is ready|are ready|is willing|are willing)\b")
#: What someone should or must do: the voice of a source, not of a narrator.
_PRESCRIPTION = re.compile(r"\b(?:should|must|ought\s+to|has\s+to|have\s+to|needs\s+to|need\s+to)\b(?!\s+(?:be\s+)?"
                           r"(?:said|noted|recalled|added|stressed))")
POSITION_NOUNS = (r"(?:demands?|proposals?|requests?|offers?|counter-?offers?|counter-?proposals?|"
                  r"terms|claims|calls|draft\s+(?:treaty|treaties|agreements?)|"
                  r"ultimatums?|conditions|wish\s+list|security\s+guarantees|red\s+lines?|"
                  r"positions?|concerns|insistence)")
POSITION_OWNER = re.compile(
    r"(?P<owner>(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3})(?:’s|'s)?\s+"
    # "Russia has made proposals", "Moscow put forward demands"
    r"(?:(?:has|have|had)\s+)?(?:(?:made|put\s+forward|tabled|submitted|presented|handed\s+over|"
    r"sent|issued|set\s+out|laid\s+out)\s+(?:a\s+(?:set|series|list)\s+of\s+|its\s+|their\s+)?)?"
    r"(?:(?:key|main|central|core|security|draft|written|latest|new|sweeping|two|main|own|"
    r"stated|maximalist|principal)\s+){0,3}" + POSITION_NOUNS + r"\b")
_ANAPHORIC_POSITION = re.compile(
    r"^(?:(?:but|and|however),?\s+)?(?:these|those|they|the\s+" + POSITION_NOUNS + r"|its\s+"
    + POSITION_NOUNS + r"|their\s+" + POSITION_NOUNS + r")\s+(?:would\s+)?(?:include|included|"
    r"includes|call(?:s|ed)?\s+for|demand(?:s|ed)?|require(?:s|d)?|envisage(?:s|d)?|seek|sought|"
    r"ask(?:s|ed)?\s+for|are|were|would)\b", re.IGNORECASE)
#: "The fund, which has been called for by the island states," / "the concessions made
#: by the union": the clause's subject is named as someone's demand or offer.
_MOVE_BY = (r"(?:called\s+for|demanded|proposed|sought|pushed\s+for|put\s+forward|tabled|submitted|"
            r"presented|made|drafted|requested|offered|championed|backed|announced|unveiled|floated)")
_OWNER_NP = r"(?P<owner>(?:the\s+)?[\w’'().\-]+(?:\s+(?!(?:which|who|that|would|will|is|are|was|were|has|have|in|at|on|to|as)\b)[\w’'().\-]+){0,5})"
_SUBJECT_BY = re.compile(
    r"^(?:(?:the|this|that|such|a|an|these|those)\s+)?(?:[\w\-]+\s+){0,4}?[\w\-]+,?\s+"
    r"(?:(?:which|that)\s+(?:has|have|had|was|were|is|are)\s+(?:been\s+)?(?:\w+ly\s+)?)?"
    + _MOVE_BY + r"\s+(?:\w+\s+){0,2}?by\s+" + _OWNER_NP, re.IGNORECASE)
#: "It details the position of the island states", "Such a fund has been the core demand of
#: developing countries": a position named with its owner after "of".
_POSITION_OF = re.compile(
    r"\bthe\s+(?:(?:core|main|key|central|principal|stated|joint|latest|new|common|negotiating|"
    r"final|long-standing|longstanding|original|opening)\s+){0,2}(?:demands?|positions?|proposals?|"
    r"offers?|requests?|conditions|red\s+lines?|wish\s+list)\s+of\s+" + _OWNER_NP)
#: "Early drafts included a Danish proposal to cap the catch": a text that takes up a
#: party's proposal or demand, named by its owner's name or demonym.
_INCLUDED_POSITION = re.compile(
    r"\b(?:include[sd]?|contain(?:s|ed)?|incorporat(?:es|ed)|reflect(?:s|ed)?)\s+(?:a|an|the)\s+"
    r"(?P<owner>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,2})\s+(?:proposals?|demands?|plans?|offers?|"
    r"requests?|ideas?|conditions?)\b")
#: "It details …", "It would create a committee …": a proposal's content, when the
#: sentence before named whose proposal it is.
_PROPOSAL_CONTENT = re.compile(
    r"^(?:it|the\s+(?:draft|document|text|proposal|plan|offer|submission))\s+(?:also\s+)?"
    r"(?:details|sets\s+out|outlines|proposes|calls\s+for|envisages|would\s+(?:create|establish|"
    r"set\s+up|require|oblige|give|provide|include|allow|guarantee|see))\b", re.IGNORECASE)
_ANY_POSITION_NOUN = re.compile(POSITION_NOUNS)
_ANY_POSITION_VERB = re.compile(r"\b(?:include[sd]?|call(?:s|ed)? for|envisage[sd]?|require[sd]?)\b")


def finish_paragraph(text: str, clauses: list[Clause], previous: Clause | None,
                     following: Clause | None, party_of, last_source: Clause | None = None) -> None:
    """Decide speaker, party, attribution and cue for one paragraph's clauses.

    ``previous`` is the last clause of the paragraph before, ``following`` the
    first clause of the next one; ``party_of`` maps a mention to its party;
    ``last_source`` the last clause of an earlier paragraph that had a source.
    """
    if not clauses:
        return
    if _speaks_in_first_person(text, clauses) and last_source is not None \
            and last_source.speaker.kind in ("person", "description"):
        # A paragraph of reported speech without quotation marks ("If X wants …, it
        # should give us an idea. They told us what they don't want."): a narrator never
        # says "we" or "us", so it is the voice of the person paraphrased before.
        for c in clauses:
            set_source(c, last_source.speaker, last_source.cue, "reported", party=last_source.speaker.party)
        return
    last = clauses[-1]
    if last.own is None and last.ends_in_quote and following is not None \
            and following.own is not None and text[following.start] in "“\"«„" \
            and last.transcript is None:
        # “There will be consequences, ¶ “massive consequences,” Ms Truss said.
        last.own = replace(following.own)
    # A quotation attributed later in the paragraph ("“A. B,” she said.") and
    # quotation runs that end in an attributed clause give it their speaker.
    for i in range(len(clauses) - 2, -1, -1):
        c, nxt = clauses[i], clauses[i + 1]
        if c.own is None and c.ends_in_quote and nxt.starts_in_quote and nxt.own is not None \
                and c.transcript is None:
            c.own = replace(nxt.own)
        elif c.own is None and nxt.own is not None and c.transcript is None \
                and c.segment.sentence == nxt.segment.sentence and nxt.own.subject_start - nxt.start > 20 \
                and _closing_subject(text[nxt.start:nxt.own.subject_start]):
            # "Peru may return to the deal, and it sees no alternative, President X said":
            # a closing frame covers everything the sentence reports before it (rule 12).
            c.own = replace(nxt.own)
    for i, c in enumerate(clauses):
        if c.transcript is not None:
            decide_transcript(text, c, party_of)
            continue
        if c.own is not None:
            set_source(c, c.own.speaker, c.own.cue, "direct_quote" if c.quoted else "reported")
            override_embedded(text, c, keep_speaker=False, party_of=party_of)
            reported_move(text, c, party_of)
            continue
        source = clauses[i - 1] if i > 0 else None
        if declines_to_speak(text, c):
            # "He did not specify the date.": declining to say more is an event (rule 14).
            c.speaker, c.party, c.attribution, c.cue = None, vocab.NO_PARTY, "narration", ""
        elif source is not None and source.speaker is not None and continues(text, c, source):
            # A clause after another party's reported move is the source's own voice again.
            set_source(c, source.speaker, source.cue, "direct_quote" if c.quoted else "reported",
                       party=source.speaker.party if source.holds_move else source.party)
            reported_move(text, c, party_of)
        elif i == 0 and previous is not None and previous.speaker is not None and c.quoted \
                and (text[c.start] in "“\"«„‘" or c.starts_in_quote) and not any(o.own for o in clauses):
            # A paragraph that opens with a quotation and names nobody continues
            # the previous paragraph's speaker.
            set_source(c, previous.speaker, previous.cue, "direct_quote", party=previous.party)
        elif i == 0 and previous is not None and previous.speaker is None and c.quoted \
                and (text[c.start] in "“\"«„‘" or c.starts_in_quote) and not any(o.own for o in clauses) \
                and last_source is not None and last_source.attribution == "direct_quote" \
                and last_source.speaker.kind not in ("press", "self") \
                and previous.segment.paragraph == last_source.segment.paragraph + 1 \
                and c.segment.paragraph == previous.segment.paragraph + 1:
            # “…,” X said. ¶ The figures come on top of last year's rise. ¶ “It is clear …”:
            # one paragraph of narration between does not end the quoted speaker's turn.
            set_source(c, last_source.speaker, last_source.cue, "direct_quote", party=last_source.speaker.party)
        elif i == 0 and previous is not None and previous.speaker is not None and not c.quoted \
                and previous.attribution in ("reported", "direct_quote") \
                and _PRESCRIPTION.search(text, c.start, c.end):
            # "X has asked Y to present a plan. ¶ Meanwhile, Z should make clear …": a
            # narrator reports, it does not prescribe; an unquoted paragraph that says what
            # someone should or must do goes on with the previous paragraph's source.
            set_source(c, previous.speaker, previous.cue, "reported",
                       party=previous.speaker.party if previous.holds_move else previous.party)
        else:
            c.speaker, c.party, c.attribution, c.cue = None, vocab.NO_PARTY, "narration", ""
        override_embedded(text, c, keep_speaker=True, party_of=party_of)


def _closing_subject(before: str) -> bool:
    """Whether a frame's subject comes after what it reports: the words before the
    subject end in a comma and at most a few title words ("…, Russian President X")."""
    comma = before.rfind(",")
    return comma >= 0 and len(before[comma + 1:].split()) <= 5 and not re.search(r"[“”\"]", before[comma:])


#: What a party has done or will do in the negotiation, voiced by someone else: "Serbia
#: will stop issuing plates", "Kosovo has agreed to launch talks", "X and Y had reached a deal".
_PARTY_MOVE = re.compile(
    r"(?P<subject>(?:the\s+)?[A-Z][\w’'.\-]*(?:\s+(?:and\s+)?[A-Z][\w’'.\-]*){0,3}"
    r"(?:\s+(?:warring|rival|two|negotiating)\s+(?:parties|sides|factions|delegations))?)\s+"
    r"(?:(?:has|have|had)\s+(?:(?:also|now|fully|already|finally)\s+)?(?:agreed|committed|accepted|"
    r"reached\s+(?:a|an)\s+(?:[\w\-]+\s+)?(?:deal|agreement|accord|understanding))|agreed\s+to|"
    r"will\s+(?:stop|cease|withdraw|halt|suspend|lift|recogni[sz]e|accept|sign|implement|allow|release|"
    r"resume|end)\b)")


_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|us|[Oo]ur|ours|ourselves)\b")  # not "US"
_PRONOUN_BEFORE = re.compile(r"\b(?:he|she|they|it|we)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _speaks_in_first_person(text: str, clauses: list[Clause]) -> bool:
    """Whether a paragraph outside any transcript and without quotation marks speaks
    in the first person plural, with no frame of its own but pronoun ones ("They told us")."""
    if any(c.transcript is not None or c.quoted or c.starts_in_quote for c in clauses):
        return False
    if not any(_FIRST_PERSON.search(text, c.start, c.end) for c in clauses):
        return False
    for c in clauses:
        if c.own is not None and c.own.speaker.kind in ("person", "description") \
                and not _PRONOUN_BEFORE.search(text, max(c.start, c.own.subject_start - 30), c.own.subject_start):
            return False  # "a spokesman told us": the reporter's "us", with a named source
    return True


def opens_with_move(text: str, start: int, end: int) -> bool:
    """Whether a clause opens (after its conjunction) with a party's move ("while “Kosovo
    will cease …”"): a clause with a subject and verb of its own, split off like a frame."""
    rest = LEAD_CONNECTIVE.sub("", text[start:end].lstrip("“‘\"( ,"))
    return _PARTY_MOVE.match(rest.lstrip("“‘\"( ")) is not None


def reported_move(text: str, c: Clause, party_of) -> None:
    """A clause in which a source reports another party's move ("“Serbia will stop issuing
    plates,” the envoy said", "The mediator announced that X and Y had reached a deal")
    holds that party's position (the first named of several); the speaker stays the source."""
    if c.speaker is None or c.speaker.kind in ("self", "press"):
        return
    body = text[c.start:c.end]
    starts = [0]
    if c.own is not None and c.own.cue:
        starts += [m.end() for m in re.finditer(re.escape(c.own.cue) + r"\s+(?:\w+\s+)?(?:that\s+)?", body)]
        # "… announced in a joint statement that X agreed to …"
        starts += [m.end() for m in re.finditer(re.escape(c.own.cue) + r"\s+(?:[\w\-]+\s+){1,6}?that\s+", body)]
    starts += [m.end() for m in re.finditer(r"[“\"]", body)]
    for offset in sorted(set(starts)):
        rest = LEAD_CONNECTIVE.sub("", body[offset:].lstrip("“‘\"( ,"))
        move = _PARTY_MOVE.match(rest)
        if move is None:
            continue
        first = re.split(r"\s+and\s+", move.group("subject"))[0]
        owner = party_of(first)
        if owner and owner not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT, vocab.NO_PARTY, c.speaker.party):
            c.party, c.holds_move = owner, True
        return


def declines_to_speak(text: str, clause: Clause) -> bool:
    """Whether an unattributed clause, outside quotations, says its subject declined
    to speak or to say more ("did not specify", "declined to comment")."""
    if clause.quoted or clause.starts_in_quote:
        return False
    found = NO_COMMENT.search(text[clause.start:clause.end].lower())
    return found is not None and next(cues(text, clause.start, clause.start + found.start()), None) is None


def continues(text: str, clause: Clause, source: Clause) -> bool:
    """Whether an unattributed clause goes on with the previous clause's source."""
    if clause.starts_in_quote or (clause.quoted and source.quoted):
        return True
    body = text[clause.start:clause.end]
    if _SUBJECT_BY.match(LEAD_ADVERBIAL.sub("", LEAD_CONNECTIVE.sub("", body.lstrip("“‘\"( ")))[:200]):
        # "An improved offer announced by Acme would …": a subject named as another
        # party's move is that party's position, not the previous source's voice.
        return False
    return bool(_CARRY_START.match(body) or _MODAL.search(body))


def decide_transcript(text: str, c: Clause, party_of) -> None:
    """A clause inside a transcript turn: the tag's speaker, unless it reports
    another party's position."""
    speaker = c.transcript
    c.speaker, c.attribution, c.cue = speaker, "transcript", c.transcript_cue
    c.party = speaker.party
    if speaker.kind == "press":
        return  # questions and moderation hold no party's position
    if c.own is not None and c.own.speaker.kind != "self" and not c.quoted \
            and c.own.speaker.party not in (speaker.party, vocab.UNKNOWN_PARTY):
        # Another party's position reported inside the speaker's words.
        c.party = c.own.speaker.party
    override_embedded(text, c, keep_speaker=True, party_of=party_of)


def set_source(c: Clause, speaker: Speaker, cue: str, attribution: str, party: str | None = None) -> None:
    """Give a clause its source; an actor whose party depends on the document's
    context (actor table ``context_party``) takes it when a context word was seen."""
    c.speaker, c.cue, c.attribution = speaker, cue, attribution
    c.party = party if party is not None else speaker.party
    if party is None and speaker.context_party and c.context & speaker.context_words:
        c.party = speaker.context_party


def override_embedded(text: str, c: Clause, keep_speaker: bool, party_of) -> None:
    """A clause whose subject is another party's demands or proposals holds that
    party's position, whoever reports it."""
    if c.own is not None and not (c.transcript and keep_speaker):
        return
    if not _ANY_POSITION_NOUN.search(text, c.start, c.end) and \
            not _ANY_POSITION_VERB.search(text, c.start, c.end) and " by " not in text[c.start:c.end] \
            and not (c.position_owner and c.attribution == "narration"):
        return
    body = LEAD_CONNECTIVE.sub("", text[c.start:c.end].lstrip("“‘\"( "))
    body = LEAD_ADVERBIAL.sub("", body)
    owner = None
    head = POSITION_OWNER.match(body)
    if head and head.group("owner").lower() in ("a", "an", "the", "this", "that", "its", "their"):
        head = None  # "A new offer …": an article, not an owner
    if head:
        owner = party_of(head.group("owner"))
    elif _ANAPHORIC_POSITION.match(body):
        owner = c.position_owner
    elif c.attribution == "narration":
        # Narration whose subject is a party's proposal or demand holds that position.
        by = _SUBJECT_BY.match(body[:200])
        named = by or _POSITION_OF.search(body[:200]) or _INCLUDED_POSITION.search(body[:250])
        if named is not None:
            owner = party_of(named.group("owner"))
        elif _PROPOSAL_CONTENT.match(body):
            owner = c.position_owner
    if owner and owner not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT):
        c.party = owner
        if c.attribution == "narration":
            c.attribution = "reported"


def position_owner_in(text: str, start: int, end: int, mask: bytearray, party_of) -> str | None:
    """The party whose demands or proposals a sentence names last (outside quotes), if any."""
    if not _ANY_POSITION_NOUN.search(text, start, end):
        return None
    owner = None
    for m in POSITION_OWNER.finditer(text, start, end):
        if mask[m.start() - start]:
            continue
        party = party_of(m.group("owner"))
        if party and party not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT):
            owner = party
    if owner is None:
        # "the proposals submitted … by the island states", "the position of X"
        for m in (*_PROPOSAL_BY.finditer(text, start, end), *_POSITION_OF.finditer(text, start, end)):
            if not mask[m.start() - start]:
                party = party_of(m.group("owner"))
                if party and party not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT):
                    owner = party
    return owner


_PROPOSAL_BY = re.compile(POSITION_NOUNS + r"\b[^.;“”\"]{0,120}?\b" + _MOVE_BY + r"\s+(?:[^\s.;“”\"]+\s+){0,10}?by\s+"
                          + _OWNER_NP)


def executive_party(parties: tuple[str, str] | None, actors) -> tuple[str, str, re.Pattern] | None:
    """(state, party, pattern) when the party pair names a state's executive seat
    instead of the state: ("Republicans", "White House") names the White House,
    whose state (US) is not in the pair. The pattern finds the executive's words
    (lexicon ``executive_words.csv`` and the seat's names) in a source's name or role.
    None for a pair of states or organisations (no source changes party)."""
    if not parties:
        return None
    from ..actors import actor_index, resolve_actor  # lazy: actors is heavy to build
    from .lexicon import terms

    index = actor_index(actors)
    for party in parties:
        seat = resolve_actor(party, index)
        if seat is None or seat.kind != "institution" or seat.party in parties or seat.party == party:
            continue
        names = {seat.name, seat.alias, party} | set(terms("executive_words"))
        words = sorted((re.escape(n.removeprefix("the ")) for n in names if n), key=lambda w: (-len(w), w))
        return seat.party, party, re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    return None


def executive_source(speaker: Speaker | None, party: str, executive: tuple[str, str, re.Pattern] | None) -> str:
    """``party`` of a statement, or the pair's executive seat when the source is of its
    state's executive ("President X", "a White House official", "the administration";
    not "House Speaker X", a legislator of the same state): guideline 2a.16."""
    if executive is None or speaker is None or party != executive[0]:
        return party
    state, seat, pattern = executive
    if pattern.search(speaker.name) or pattern.search(speaker.role or ""):
        return seat
    return party

