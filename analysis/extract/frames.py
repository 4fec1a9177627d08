"""A clause's own reporting frame: the subject of a reporting or position verb.

"X said", "said X", "according to X", "X, director of Y, said", and the closing
speech frame that wins over an earlier position verb ("Russia wants results,
he told reporters."). Subjects are read from the words right before the verb
(at most :data:`~analysis.extract.clauses.SUBJECT_WINDOW` characters) and
resolved by the document's :class:`~analysis.extract.speakers.SpeakerResolver`.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import vocab
from ..actors import resolve_actor
from .clauses import (ACCORDING_TO, APPOSITIVE_BEFORE_VERB, DETERMINERS, INSERTED_ADVERBIAL, INSTITUTION_HEADS,
                      INVERTING_CUES, LEAD_CONNECTIVE, NO_COMMENT, NP_CONNECTORS, OBJECT_WINDOW, POSSESSIVE, PRONOUNS, ROLE_NOUNS,
                      SUBJECT_WINDOW, TRAILING_ADVERBS, WORD, bare_token, cues, leading_np,
                      proper_name_tail, trailing_np)
from . import descriptors, lexicon
from .records import Attribution, Speaker
from .speakers import JOINT_REFERENCE, PAIR_REFERENCE, STATE_MEDIA, STATE_ROLE, SpeakerResolver, speaker_of

#: A possessive or determiner right before a cue word makes it a noun ("the guild's
#: claims", "its demands", "these calls"), not a reporting verb.
_NOUN_BEFORE = re.compile(r"(?:(?:’s|'s|s’|s')|\b(?:[Tt]he|its|their|his|her|our|these|those|such|any|no|"
                          r"other|many|several|(?<!have\s)(?<!has\s)(?<!had\s)(?<!are\s)(?<!were\s)both|regional|"
                          r"federal|member|island|sovereign))\s+$")
#: ("have both opposed": "both" after an auxiliary floats off the subject; the verb stays one)
_CONDITION = re.compile(r"[“‘\"(]*(?:(?:but|and|so|yet),?\s+)?(?:if|unless|even\s+if|only\s+if)\s+", re.IGNORECASE)
_CLAUSE_OBJECT = re.compile(r"\s*(?:that|whether|if|how|why|what|when)\b")
#: "Iran's negotiators (E3) said", "the National Dockworkers Union (NDU) said": the
#: bracketed acronym right before the verb names the subject.
_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9+]{1,7})\)\s*$")
#: "X was quoted by the agency as saying": the passive frame's subject is the source.
_QUOTED_AS = re.compile(r"\s+(?:was|is|were|are|has\s+been|had\s+been)\s+(?:quoted|cited)\s+"
                        r"(?:by\s+[^,;]{1,60}?\s+)?as\s*$")
#: A verb whose infinitive is the cue: "X declined Tuesday to rule out", "X refused to accept".
_VERB_CHAIN = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+)?(?:declined|refused|agreed|vowed|threatened|promised|offered|wanted|wants|"
    r"sought|seeks|tried|tries|moved|hoped|hopes|appeared|appears|seemed|seems|continued|continues|"
    r"decided|decides|pledged|pledges|failed|fails|is\s+expected|are\s+expected|was\s+expected|"
    r"is\s+set|are\s+set|was\s+set|is\s+ready|are\s+ready|is\s+willing|are\s+willing)"
    r"(?:\s+(?:on\s+)?\w+day)?\s+to\s*$")
#: What follows a past participle that describes a noun ("the Convention signed in 1992",
#: "the deal approved by parliament"), not a verb with an object.
_REDUCED_RELATIVE = re.compile(r"\s+(?:in\s+(?:\d{4}|January|February|March|April|May|June|July|August|"
                               r"September|October|November|December)\b|by\b(?!\s+\w+ing\b))")
_DO_NOT_BEFORE = re.compile(r"\b(?:did|does|do)\s+not\s+$|\b(?:didn|doesn|don)[’']t\s+$")
#: "The general command of the armed forces": a lower-case head, then "of" and its owner.
_HEAD_OF = re.compile(r"(?:[Tt]he|[Aa]n?)\s+(?:[a-z\-]+\s+){0,3}[a-z\-]+\s+(?:of|for)\s+(?:the\s+)?"
                      r"[A-Za-z\-’']+(?:\s+[A-Za-z\-’']+){0,2}")
_STATE_MEDIA_END = re.compile(r"((?:(?:[Tt]he|[Aa]n?)\s+)?(?:[A-Z][\w’'\-]*\s+)?(?i:" + STATE_MEDIA.pattern[2:-2]
                             + r")(?:\s+[A-Z][A-Z0-9]{1,6})?)$")
_PLACE_PREPOSITIONS = (["in"], ["at"], ["near"], ["outside"], ["inside"], ["across"])  # venues; "officials from Kenya" is who
#: "Sudan's warring factions", "Acme's negotiating team": a possessive owner, then common nouns.
_OWNER_OF_NOUN = re.compile(r"[A-Z][\w\-]*(?:’s|'s)\s+(?:[a-z\-]+\s+){0,2}[a-z\-]+")
_RELATIVE_INSERT = re.compile(r",\s+(?:which|who)\s+(?:[^,;“”\"]|(?<=\d),(?=\d{3})){2,120}?,\s*$")
_RELATIVE_OPEN = re.compile(r",\s+(?:which|who)\s+[^,]*$")
#: "The union representing 30,000 workers said": the head before the participle is the subject.
_REPRESENTING = re.compile(r"^\s*(?P<head>(?:[Tt]he|[Aa]n?)\s+[^,;“”\"]{1,60}?)\s+(?:representing|which\s+represents|"
                           r"that\s+represents)\s+[^,;“”\"]+$")
#: A share of a union's members, or its members, as a subject ("Nearly 95% rejected the
#: offer", "64 percent of workers voted against it", "Unionized machinists voted").
_MEMBERS_SUBJECT = re.compile(
    r"(?:^|\s)(?:(?:nearly|about|some|almost|around|over|roughly|more\s+than|just\s+over|just\s+under)\s+)?"
    r"(?:\d[\d,.]*\s*(?:%|percent|per\s+cent)(?:\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w\-]+\s+){0,2}"
    r"(?:workers|members|machinists|employees))?|(?:a|the)\s+majority\s+of\s+(?:the\s+|its\s+)?(?:[\w\-]+\s+){0,2}"
    r"(?:workers|members|machinists|employees)|(?:(?:the|its|[Uu]nioni[sz]ed|[Ss]triking|[Rr]ank-and-file)\s+)?"
    r"(?:[Mm]embers|[Ww]orkers|[Mm]achinists)(?:\s+at\s+[A-Z][\w\-]*)?"
    # "over 4,000 actors", "thousands of nurses": a count of people (guideline 2a.40)
    r"|(?:\d[\d,.]*(?:\s+(?:thousand|hundred))?|thousands|hundreds|dozens)\s+(?:of\s+)?"
    r"(?!(?:countries|nations|states|governments|companies|firms|studios|employers|years|days|months|"
    r"hours|weeks|dollars|pounds|euros|points|people|pages)\b)[a-z\-]{3,}s)$", re.IGNORECASE)
#: "Vega, who described the meeting as “productive,” repeated": a subject, its relative
#: clause with a quoted word, and the verb.
_QUOTING_RELATIVE = re.compile(r"\s*(?P<subject>(?:[Tt]he\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3}),\s+"
                               r"who\s+[^;.]{2,200}?,[”\"’]?\s*(?:\w+ly\s+)?")
#: The start of a phrase that counts people ("over 4,000 actors", "more than 900 nurses").
_COUNTED_PEOPLE = re.compile(r"\s*((?:(?:nearly|about|some|almost|around|over|roughly|more\s+than)\s+)?"
                             r"(?:\d[\d,.]*|thousands|hundreds|dozens)\s+(?:of\s+)?[a-z\-]{3,}s)\b")
#: A time clause inside a sentence whose subject is a name: "… after the United States announced".
_TIME_CLAUSE_SUBJECT = re.compile(r"\s(?:after|before|until|once|during\s+which|by\s+which\s+time)\s+(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}"
                                  r"\s+(?:\w+ly\s+)?(?:had\s+|has\s+)?$")
#: A subject inside a clause that describes or supposes ("The deal that Apex walked away
#: from", "For Apex to claim that …"): no frame of the sentence (guideline 2a.35).
_EMBEDDED_SUBJECT = re.compile(
    r"(?:\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Oo]ur)\s+(?:[\w\-]+\s+){0,2}?(?!(?:of|in|on|at|by|for|with|from|to|after|before|during|under)\s)[a-z\-]+\s+(?:that|which)"
    r"|(?<![\w’'\-])[Ff]or)\s+(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}"
    r"\s+(?:\w+ly\s+)?(?:had\s+|has\s+|have\s+|to\s+)?$")
_BE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$")
_AUXILIARY_BEFORE = re.compile(r"\b(?:has|have|had|was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$")
_WENT_ON_TO = re.compile(r"\s+(?:went|goes|go|has\s+gone|had\s+gone)\s+on\s+to\s*$")
_ISSUED_TEXT_END = re.compile(r"(?:^|\s)((?:[Tt]he|[Tt]hat|[Tt]his|[Ii]ts|[Tt]heir)\s+(?:note|letter|statement|memo|"
                              r"email|e-mail|message|release|communiqu[eé]))$")
_TEXT_NOUN = r"(?:statement|note|letter|memo|email|e-mail|message|release|press\s+release|communiqu[eé]|declaration)"
#: "said a statement by the rebels", "according to an official statement released by the
#: council": a text named with its issuer after "by" or "from" is the issuer's.
_ISSUED_BY = re.compile(r"(?:(?:the|a|an|its|their|this|that)\s+)?(?:[\w\-]+\s+){0,2}?" + _TEXT_NOUN
                        + r"\s+(?:(?:released|issued|published|put\s+out|sent|signed|read\s+out)\s+)?"
                        r"(?:by|from)\s+", re.IGNORECASE)
_ISSUED_BY_END = re.compile(_TEXT_NOUN + r"\s+(?:(?:released|issued|published|put\s+out|sent|signed)\s+)?"
                            r"(?:by|from)\s+(?P<owner>[^,;:“”\"]{2,60}?)\s*$", re.IGNORECASE)
#: "The Euro Summit statement said", "the ministry's statement added": the issuer before the noun.
_ISSUER_BEFORE = re.compile(r"(?:^|\s)(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?P<owner>(?:(?!(?:[Tt]he|[Aa]n?)\s)"
                            r"[^,;:“”\"\s]+\s+){1,5}?)(?:(?:joint|official|written|new|latest|brief|short|"
                            r"separate)\s+)?" + _TEXT_NOUN + r"$")
#: Kinds of organisation (``organisation_types.csv``): "companies" -> company, "workers" -> labour.
_ORG_KINDS = lexicon.column("organisation_types", "type")
#: "Apex Inc (NYSE:APX)": a stock ticker in brackets is no part of a name (guideline 2a.33).
_TICKER = re.compile(r"\s*\((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|NSE|BSE|HKEX|SGX|Euronext|XETRA|OTC|TYO|SIX|"
                     r"[A-Z]{2,6}\s+[A-Z]{2,6})\s*:\s*[A-Z0-9][A-Z0-9.\-]{0,9}\)")
#: "The Harbour Employers Association (HEA), which negotiates for A, B and others, said":
#: a subject named with its acronym keeps its relative clause, list and all, up to the verb.
_ACRONYM_THEN_RELATIVE = re.compile(r"^(?:(?:Earlier|Later|Late|Early|On|In|Last|This)\b[^,;“”\"]{0,30},\s+)?"
                                    r"(?P<subject>[^,;“”\"]{2,90}?\([A-Z][A-Za-z0-9+\-]{1,9}\)|[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)"
                                    r",\s+(?:which|who)\s[^;“”\"]{2,240},\s*$")
#: "The State Department's message ahead of the envoy's trip said": the owner of a text
#: that a time or topic phrase follows speaks through it (guideline 2a.38).
_OWNED_TEXT_PHRASE = re.compile(
    r"^\s*(?P<owner>(?:[Tt]he\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3}|[Tt]he\s+[a-z]+)(?:’s|'s|’|')\s+"
    r"(?:(?:official|written|formal|latest|new)\s+)?(?:message|statement|response|reply|note|letter|readout|"
    r"communiqu[eé]|press\s+release)\s+(?:ahead\s+of|after|before|following|on|about|at|from|to|for)\s+"
    r"[^,;“”\"]{1,60}?\s*$")
#: "X, alongside his counterpart Y, signed": a companion between the subject and its verb
#: (guideline 2a.31); the subject is the one before it.
_COMPANION_INSERT = re.compile(r",\s+(?:alongside|along\s+with|together\s+with|accompanied\s+by|flanked\s+by|"
                               r"joined\s+by|as\s+well\s+as)\s+[^;“”\"]{2,160}?,(\s*)$")
_DASHED_APPOSITION = re.compile(r"\s+(?:[—–]|-(?=\s))\s*[^—–“”\"]{2,160}?\s+(?:[—–]|-(?=\s))\s*$")
#: "… was confirmed last night by X", "… were announced on Monday by X": a passive frame.
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been|being)\s+(?:\w+ly\s+)?$")
_PASSIVE_AGENT = re.compile(r"(?:\s+(?!by\b)[\w\-]+){0,4}?,?\s+by\s+(?=\S)")
#: "…, which Brussels, Washington and NATO had warned": a relative clause whose subject is a list.
_RELATIVE_LIST = re.compile(r",\s+(?:which|who|whom)\s+(?:[^,;]+,\s+)+[^,;]+$")
_RELATIVE = re.compile(r"\s*(?:which|who|whom|that|as|what)\b", re.IGNORECASE)
_ISSUED_NOUNS = frozenset("response reply statement note letter communique communiqué rebuttal".split())
#: "according to Qatari news site Al-Rayan", "according to the daily Al-Akhbar": a news
#: outlet that relays a report (its nationality is where it is published, not a party).
_OUTLET_AFTER = re.compile(
    r"\s*(?:the\s+|an?\s+)?(?:[A-Z][\w\-]*\s+)?(?:state-run\s+|state-owned\s+|private\s+|local\s+|online\s+)?"
    r"(?:news\s+(?:site|website|outlet|portal|channel|network)|newspaper|daily|weekly|broadcaster|"
    r"news\s+agency|magazine|website|tabloid)\b(?!\s*(?:’s|'s))")
#: "the Ministry of Water, Irrigation and Energy": portfolios listed inside one
#: institution's name after "of"/"for", not a list of subjects.
_PORTFOLIO_LIST = re.compile(
    r"\b(?i:" + "|".join(sorted(INSTITUTION_HEADS | {"minister", "secretary"})) + r")\s+(?:of|for)\s+"
    r"(?:the\s+)?[A-Z][\w\-]*(?:,\s+[A-Z][\w\-]*)+,?\s+and\s+[A-Z][\w\-]*")
_COORDINATION = re.compile(
    r"(?P<list>(?:(?:the\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3},\s+)+"
    r"(?:the\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3},?\s+and\s+(?:the\s+)?"
    r"[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3})\s*$")


def own_attribution(resolver: SpeakerResolver, start: int, end: int, mask: bytearray,
                    mask_start: int) -> Attribution | None:
    """The clause ``text[start:end]``'s own reporting frame (speaker + cue), outside quotations.

    ``mask`` is 1 inside quotations, indexed from ``mask_start``.
    """
    found = _own_attribution(resolver, start, end, mask, mask_start)
    if found is not None and not found.speaker.known and found.speaker.kind == "description" \
            and found.subject_start > start:
        speaker = _office_of_named_state(resolver, found.speaker, resolver.text[start:found.subject_start])
        if speaker is not found.speaker:
            found = replace(found, speaker=speaker)
    return found


def _office_of_named_state(resolver: SpeakerResolver, speaker: Speaker, before: str) -> Speaker:
    """"China will retaliate against any move by the US, the foreign ministry said":
    a state office that names no country ("the foreign ministry", "the government")
    speaking of a state as the subject of what it says speaks for that state, a
    better guess than the country the document names most often."""
    if not (STATE_ROLE.search(speaker.role) or STATE_MEDIA.search(speaker.role)) \
            or resolver.party_of(speaker.role, use_dominant=False) is not None:
        return speaker  # not a state office, or one that names its country ("Iran's foreign ministry")
    party = resolver.leading_state(before)
    return speaker if party is None or party == speaker.party else replace(speaker, party=party)


def _own_attribution(resolver: SpeakerResolver, start: int, end: int, mask: bytearray,
                     mask_start: int) -> Attribution | None:
    text = resolver.text
    lowered = text[start:end].lower()
    if "accord" in lowered or "words of" in lowered or "quot" in lowered or "cited" in lowered:
        according = ACCORDING_TO.finditer(text, start, end)
    else:
        according = ()
    for m in according:
        if mask[m.start() - mask_start]:
            continue
        found = noun_phrase_after(resolver, m.end(), end)
        if found:
            outlet = _OUTLET_AFTER.match(text, m.end(), end) is not None
            if (_unplaced_name(found) or outlet) and m.start() > start:
                # "The union says …, according to Deadline": a name the text never
                # introduced, cited after a frame of its own, is the outlet that
                # relays the report; the frame before it is the source.
                inner = own_attribution(resolver, start, m.start(), mask, mask_start)
                if inner is not None:
                    return inner
            comma = text.find(",", m.end(), end)
            if (_unplaced_name(found) or outlet) and m.start() == start and comma > 0 \
                    and not mask[comma - mask_start]:
                # "According to Reuters, the union rejected the offer": the outlet relays
                # the report; the frame after it is the source.
                inner = own_attribution(resolver, comma + 1, end, mask, mask_start)
                if inner is not None:
                    return inner
            if outlet:
                continue  # a news outlet relays, it never holds the position
            return Attribution(found, m.group(0).strip(), m.end())
    if "comment" in lowered or "respond" in lowered or "reached" in lowered or "repl" in lowered \
            or "not" in lowered or "n't" in lowered or "n’t" in lowered or "declined" in lowered \
            or "no " in lowered:
        if any(not mask[m.start() + start - mask_start] and next(cues(text, start, start + m.start()), None) is None
               and not _parenthetical(lowered, m.start(), m.end())
               for m in NO_COMMENT.finditer(lowered)):
            # Declining to speak is an event, not a statement ("Kenya did not specify"
            # after "he said" is what was said).
            return None
    first: Attribution | None = None
    condition = _CONDITION.match(text, start, end)
    # "If Sanaa does not want a truce, it should say …": a verb inside a leading
    # condition says what would be, not who speaks.
    condition_end = text.find(",", start, end) if condition is not None else -1
    for cue_start, cue_end, cue in cues(text, start, end):
        if mask[cue_start - mask_start] or _NOUN_BEFORE.search(text, max(start, cue_start - 40), cue_start):
            continue
        if cue_start < condition_end:
            continue
        if resolver.transcript is not None and _DO_NOT_BEFORE.search(text, max(start, cue_start - 20), cue_start):
            # In a transcript, "Russia did not commit to that" is the speaker's account of
            # what another party failed to do, not that party's position.
            continue
        agent = _PASSIVE_AGENT.match(text, cue_end, end) \
            if _PASSIVE_BEFORE.search(text, max(start, cue_start - 30), cue_start) else None
        time_clause = _TIME_CLAUSE_SUBJECT.search(text, max(start, cue_start - 80), cue_start)
        if time_clause is not None and time_clause.start() > start:
            # "The two sides met in Lima after the United States announced the lifting of
            # sanctions": a time clause dates the main clause; its subject does not speak it.
            continue
        embedded = _EMBEDDED_SUBJECT.search(text, max(start, cue_start - 80), cue_start)
        if embedded is not None and (embedded.group(0).lstrip(" “\"‘(").startswith(("For", "for"))
                                     == embedded.group(0).rstrip().endswith(" to")):
            # "The deal that Apex walked away from is worth …", "For Apex to claim that …
            # is false": the name's act describes a thing or is supposed; it is not told.
            continue
        if _REDUCED_RELATIVE.match(text, cue_end, end) and cue.endswith(("ed", "wn")) \
                and not _AUXILIARY_BEFORE.search(text, max(start, cue_start - 20), cue_start):
            # "the Convention signed in 1992", "the plan tabled at the summit": a past
            # participle after a noun describes the noun; nobody speaks.
            continue
        if agent is None and cue.endswith(("ed", "wn")) and _BE_BEFORE.search(text, max(start, cue_start - 20), cue_start) \
                and not text.startswith(" to", cue_end):
            # "the Convention was signed in 1992", "the offer was rejected": the subject of a
            # passive without its agent is what was acted on, not a source ("X is committed
            # to" is a stance of X's and stays a frame).
            continue
        if first is not None:
            # "Russia wants results quickly, he told reporters.": a trailing speech
            # frame after a comma names the source of the whole clause; the earlier
            # position verb is part of what was said.
            lead = text[max(start, cue_start - SUBJECT_WINDOW):cue_start]
            tail_np = lead[lead.rfind(",") + 1:] if "," in lead else ""
            # Only a frame that closes the clause: "…, which it says leave drivers
            # working long days" is a relative clause inside the report.
            closing = len(text[cue_end:min(end, cue_end + 120)].split()) <= 6 and not _RELATIVE.match(tail_np) \
                and not _RELATIVE_LIST.search(lead)
            if cue.split()[0] in INVERTING_CUES and closing:
                # "Russia has told diplomats that …, three sources said.": the closing
                # frame is the source; the first verb is what they report.
                if tail_np and len(tail_np.split()) <= 8:
                    subject = subject_before(resolver, start, cue_start, mask, mask_start)
                    if subject is not None:
                        return Attribution(subject, cue, cue_start)
            continue
        if agent is not None:
            # "The arrival was confirmed last night by X": the agent after "by" is the source.
            subject = noun_phrase_after(resolver, agent.end(), end)
            if subject is not None:
                first = Attribution(subject, cue, agent.end())
                continue
        subject = subject_before(resolver, start, cue_start, mask, mask_start)
        if subject is None and cue.split()[0] in INVERTING_CUES:
            lower_bound = max(start, cue_start - SUBJECT_WINDOW)
            before = text[lower_bound:cue_start].rstrip()
            if not before or before[-1] in ",”\"’»" or mask[lower_bound + len(before) - 1 - mask_start]:
                subject = noun_phrase_after(resolver, cue_end, end)
        if subject is not None:
            first = Attribution(subject, cue, cue_start)
    return first


def _strip_trailing_adverbs(window: str) -> str:
    """``window`` without the adverbs and auxiliaries that end it ("(TPLF) had until now
    vehemently " -> "(TPLF)"); a prefix of ``window``."""
    words = window.split()
    while words and words[-1].lower().strip(",") in TRAILING_ADVERBS:
        words.pop()
    return window[:window.rfind(words[-1]) + len(words[-1])] if words else ""


def _is_people_noun(word: str) -> bool:
    """Whether a common noun names people or a body ("factions", "team", "negotiators"),
    not a thing ("offer")."""
    word = word.lower()
    return word in ROLE_NOUNS or word in descriptors.ORG_NOUNS or word in descriptors.ORG_PLURALS


def _parenthetical(clause: str, start: int, end: int) -> bool:
    """Whether ``clause[start:end]`` sits in a relative clause between commas ("Acme,
    which did not immediately comment, tabled a new offer"): the main verb after it
    still frames the clause."""
    return _RELATIVE_OPEN.search(clause, 0, start) is not None and "," in clause[end:]


def _partner_before(resolver: SpeakerResolver, before: str) -> Speaker | None:
    """The first member of a subject "A and B (ACR)", when A names a state or an
    organisation with a party (None otherwise)."""
    subject = before[before.rfind(",") + 1:]
    if " and " not in subject:
        return None
    first = LEAD_CONNECTIVE.sub("", subject.rsplit(" and ", 1)[0].strip(" “‘\"("))
    found = resolver.resolve_np(first) if first else None
    if found is None or found.kind in ("person", "self") \
            or found.party in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY, vocab.INDEPENDENT):
        return None
    return found


def _unplaced_name(found: Speaker) -> bool:
    """A lone name the text never introduced or described ("according to Portwatch"):
    an organisation of its own by guess, or nobody's."""
    return not found.known and found.kind in ("group", "person") and " " not in found.name \
        and found.party in (found.name, vocab.UNKNOWN_PARTY) and found.role in (found.name, "")


def subject_before(resolver: SpeakerResolver, start: int, cue_start: int, mask: bytearray,
                   mask_start: int) -> Speaker | None:
    """The subject noun phrase right before a cue, resolved (None if it names nobody)."""
    text = resolver.text
    index = resolver.index
    lower_bound = max(start, cue_start - SUBJECT_WINDOW)
    # The subject window starts after the last quoted character before the cue.
    window_start = mask.rfind(1, lower_bound - mask_start, cue_start - mask_start) + 1 + mask_start
    window_start = max(window_start, lower_bound)
    if window_start > lower_bound and lower_bound == start:
        # "Vega, who described the talks as “productive,” repeated": a relative clause that
        # quotes a word stands between the subject and its verb (guideline 2a.41).
        quoting = _QUOTING_RELATIVE.fullmatch(text, start, cue_start)
        if quoting is not None:
            found = resolver.resolve_np(quoting.group("subject"))
            if found is not None:
                return found
    window = text[window_start:cue_start]
    # Commas inside an institution's name are no list (same length: offsets hold).
    window = _PORTFOLIO_LIST.sub(lambda m: m.group(0).replace(",", " "), window)
    bracketed = _BRACKETED_ACRONYM.search(_strip_trailing_adverbs(window))
    if bracketed is not None:
        found = resolver.resolve_np(bracketed.group(1))
        partner = _partner_before(resolver, window[:bracketed.start()]) \
            if found is not None and found.kind != "person" else None
        if partner is not None:
            # "The Kenyan government and the Ogaden Front (OF) signed": a joint
            # subject, whose party is the first named (guideline 2a.6).
            phrase = window[window.rfind(",") + 1:].strip()
            return Speaker(phrase, partner.party, "they", "group",
                           f"joint: {partner.party};{found.party}", False)
        if found is not None and found.kind != "person" and not _unplaced_name(found):
            return found
    if "—" in window or "–" in window or " - " in window:
        # "Germany — the biggest contributor to the loans — responded": the dashed
        # apposition between the subject and its verb.
        window = _DASHED_APPOSITION.sub("", window)
    owned = _OWNED_TEXT_PHRASE.match(window) if window_start == start else None
    if owned is not None:
        owner = resolver.resolve_np(owned.group("owner"))
        if owner is not None:
            return owner
    if "(" in window:
        window = _TICKER.sub("", window)
    if ", which " in window or ", who " in window:
        relative = _ACRONYM_THEN_RELATIVE.match(window)
        if relative is not None and window_start == start:
            window = relative.group("subject") + " "
    if window.count(",") >= 2:
        window = _COMPANION_INSERT.sub(r",\1", window)
        if window.count(",") == 1 and window.rstrip().endswith(","):
            window = window.rstrip()[:-1] + " "  # "The president, flanked by X, said"
    if ", which " in window or ", who " in window:
        # "Acme, which did not immediately comment, put forward": the relative clause
        # between the subject and its verb.
        stripped = _RELATIVE_INSERT.sub("", window)
        last = stripped[stripped.rfind(",") + 1:]
        if stripped != window and len(stripped.split()) <= 5 and "," not in stripped:
            window = stripped  # only a short subject opening the clause, not an object before it
        elif stripped != window and "," in stripped and len(last.split()) <= 6 \
                and re.match(r"\s*(?:the\s+|[A-Z])", last):
            # "The strikes start on Monday, the Nurses Guild (NG), which represents 9,000
            # nurses, said": a closing frame whose subject has its own relative clause.
            window = stripped
    if "quot" in window or "cited" in window:
        window = _QUOTED_AS.sub("", window)
    if " on to" in window:
        window = _WENT_ON_TO.sub("", window)  # "the statement went on to say"
    if window.endswith("to ") or window.endswith("to"):
        window = _VERB_CHAIN.sub("", window)  # "X declined on Tuesday to rule out": X is the subject
    # "Thomas Greminger, director of the Geneva Center for Security Policy, said";
    # auxiliaries and adverbs may stand between ("…, Antony Blinken, has warned").
    appositive = APPOSITIVE_BEFORE_VERB.search(window) if window.count(",") >= 2 else None
    if appositive and appositive.group(2).lstrip().lower().startswith(("which ", "where ", "when ")):
        appositive = None  # "…the United States, which will be settled in talks, said X": a thing's clause
    if appositive and not window.rstrip().endswith(("and", "but")):
        head, inserted = appositive.group(1), appositive.group(2).strip()
        # "Ukraine's foreign minister, Dmytro Kuleba, urged": the inserted part is the name.
        inserted_words = inserted.split()
        if 1 <= len(inserted_words) <= 4 and all(w[:1].isupper() for w in inserted_words):
            named = resolve_actor(inserted, index)
            if named is not None and named.kind == "person":
                return speaker_of(named)
            if any(w.lower() in ROLE_NOUNS for w in head.split()):
                known = resolver.introduced.get(inserted)
                if known is not None:
                    return known
                party = resolver.party_of(head) or vocab.UNKNOWN_PARTY
                return Speaker(inserted, party, "", "person", head.strip(), False)
        pair = inserted.split(" and ")
        if len(pair) == 2 and all(1 <= len(p.split()) <= 4 and all(w[:1].isupper() for w in p.split()) for p in pair) \
                and any(w.lower() in ROLE_NOUNS for w in head.split()):
            # "The co-chairs of the committee, Ana Silva and Piet Botha, said": two people
            # speaking together, for the party their shared descriptor gives.
            party = resolver.party_of(head) or vocab.UNKNOWN_PARTY
            return Speaker(inserted, party, "they", "group", f"joint: {party}", False)
        tail_name = proper_name_tail(inserted_words)
        if len(tail_name.split()) >= 2 and len(inserted_words) > len(tail_name.split()) \
                and any(w.lower() in ROLE_NOUNS for w in head.split() + inserted_words):
            # "The African Union's envoy, former Nigerian president Olusegun Obasanjo, said"
            named = resolve_actor(tail_name, index)
            if named is not None and named.kind == "person":
                return speaker_of(named)
            party = resolver.party_of(inserted) or resolver.party_of(head)
            return Speaker(tail_name, party or vocab.UNKNOWN_PARTY, "", "person", inserted, False)
        # "Thomas Greminger, director of the Geneva Center for Security Policy, said"
        head_np = trailing_np(head)
        head_before = head[:len(head) - len(head_np)].split() if head_np and head.endswith(head_np) else []
        if head_before[-1:] in _PLACE_PREPOSITIONS and len(inserted_words) <= 3:
            # "The local union in Riverton, Local 12, released": the place is where the
            # subject is, and the inserted name is the subject's own; read the subject.
            window = head
        else:
            name = resolver.resolve_np(head_np, title=inserted)
            if name is not None:
                return name
    joint = _COORDINATION.search(window)
    if joint is not None:
        group = _joint_subject(resolver, joint.group("list"))
        if group is not None:
            return group
    if " and " in window and window_start == start:
        led = _led_subject(resolver, window)
        if led is not None:
            return led
    if window.rstrip().endswith(" by") and text[cue_start:cue_start + 30].split()[0].endswith("ing") \
            and window_start == start:
        # "The president turned to public opinion by declaring …": the means of the
        # clause's subject.
        lead = resolver.resolve_np(leading_np(text[start:cue_start]))
        if lead is not None:
            return lead
    if "," in window:
        after_comma = window[window.rindex(",") + 1:]
        cue_word = text[cue_start:cue_start + 20].split()[0] if text[cue_start:cue_start + 20].split() else ""
        if not after_comma.strip() and cue_word.endswith("ing") and cue_start > mask_start \
                and not mask[cue_start - 1 - mask_start]:
            # "Hamas rejected the plan, saying …", "X addressed the talks, telling
            # reporters …": the participle's subject is the clause's.
            lead = resolver.resolve_np(leading_np(text[start:cue_start]))
            if lead is not None:
                return lead
        window = after_comma
    # "The Kremlin on Thursday rejected", "Moscow in a statement said": a time or
    # manner adverbial between subject and verb (usual in agency copy).
    window = INSERTED_ADVERBIAL.sub("", window)
    words = window.split()
    while words and words[-1].lower().strip(",") in TRAILING_ADVERBS:
        words.pop()
    if words and words[-1].lower() in ("and", "but", "or"):
        # "The United States downplayed hopes … and said": the clause's subject.
        return resolver.resolve_np(leading_np(text[start:cue_start]))
    tail = " ".join(words)
    issuer = _ISSUER_BEFORE.search(tail[-80:]) if re.search(_TEXT_NOUN + r"$", tail) else None
    if issuer is not None:
        # "The Euro Summit statement said": the text of a named issuer.
        found = resolver.resolve_np(POSSESSIVE.sub("", issuer.group("owner").strip()))
        if found is not None and found.party != vocab.UNKNOWN_PARTY:
            return found
    issued = _ISSUED_BY_END.search(tail[-120:])
    if issued is not None:
        # "A statement by the Sendero rebels said": the issuer named after "by".
        found = resolver.resolve_np(issued.group("owner")) or resolver.organisation(issued.group("owner"))
        if found is not None:
            return found
    issued = _ISSUED_TEXT_END.search(tail[-40:])
    if issued is not None:
        # "The statement added", "the letter went on to say": the text its source issued.
        found = resolver.resolve_np(issued.group(1))
        if found is not None:
            return found
    named = index.find_all(tail[-80:])
    if named and named[-1][1] == len(tail[-80:]) and named[-1][2].kind != "person" \
            and not re.search(r"\band\s+(?:the\s+)?$", tail[-80:][:named[-1][0]]) \
            and tail[-80:][:named[-1][0]].split()[-1:] not in (["in"], ["at"], ["from"], ["of"], ["to"],
                                                              ["for"], ["with"], ["on"]):
        # "The UN refugee agency warned": a table alias that ends the subject, even
        # one with lower-case words the noun-phrase reader would stop at.
        return speaker_of(named[-1][2])
    phrase = trailing_np(tail)
    if " and " in phrase:
        group = _joint_subject(resolver, phrase)
        if group is not None:
            return group
    elif phrase:
        pair = re.search(r"((?:the\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3})\s+and\s+(?:the\s+)?"
                         + re.escape(phrase) + r"$", tail)
        if pair is not None:
            # "On Monday, Saudi Arabia and the US announced": two members, the second
            # with its article (the noun-phrase reader stops at "the").
            group = _joint_subject(resolver, f"{pair.group(1)} and {phrase}")
            if group is not None:
                return group
    before = tail[:len(tail) - len(phrase)].rstrip() if tail.endswith(phrase) else ""
    if _COMPANIONS.match(phrase) and before.endswith(" and"):
        # "President X and other officials have insisted": X's side speaks.
        lead = resolver.resolve_np(trailing_np(before[:-4]))
        if lead is not None and lead.party != vocab.UNKNOWN_PARTY:
            return lead
    media = _STATE_MEDIA_END.search(tail)
    if media is not None:
        # "…, state media KCNA said": the news agency of a state (not an organisation of
        # its own under its acronym).
        found = resolver.resolve_np(media.group(1))
        if found is not None:
            return found
    if _MEMBERS_SUBJECT.search(tail):
        # "Nearly 95% rejected the offer": the members of the one union the text (or the
        # corpus) knows vote for it.
        unions = resolver.organisations.of_type("labour")
        if len(unions) == 1:
            return resolver.organisation(unions[0].short)
    representing = _REPRESENTING.match(tail)
    if representing is not None and re.match(r"\s*[Aa]n?\s", representing.group("head")):
        # "a group that represents media companies said": an unnamed organisation known by
        # whom it represents is the text's one organisation of that side (guideline 2a.34).
        kinds = {_ORG_KINDS.get(w.lower().strip(",.")) for w in tail[representing.end("head"):].split()}
        side = "employers" if kinds & {"company", "employers"} else "labour" if "labour" in kinds else None
        known = resolver.organisations.of_type(side) if side else []
        if len(known) == 1:
            return resolver.organisation(known[0].short)
    if representing is not None:
        # "The union representing thousands of factory workers said": its head speaks.
        head = resolver.resolve_np(representing.group("head"))
        if head is None:
            head = resolver.organisation(representing.group("head"))
        if head is not None:
            return head
    found = resolver.resolve_np(phrase)
    if found is not None and found.kind in ("country", "metonym", "group") and not found.known \
            and before.split()[-1:] in _PLACE_PREPOSITIONS or \
            found is not None and found.kind in ("country", "metonym") and before.split()[-1:] in _PLACE_PREPOSITIONS:
        # "the plan signed in Nairobi noted": a place after a preposition is where, not
        # who; "Leaders of the dockers' union in Tema said": the head before it speaks.
        head = LEAD_CONNECTIVE.sub("", before.rsplit(" ", 1)[0].strip(" “‘\"(")) if " " in before else ""
        if window_start == start and head and "," not in head and len(head.split()) <= 14 \
                and any(w.lower() in ROLE_NOUNS for w in head.split()):
            return resolver.resolve_np(head)
        if head and len(head.split()) <= 4:
            # "the local union in Riverton released": an organisation named by its noun.
            return _common_noun_subject(resolver, [w.strip(",“”\"") for w in head.split()])
        return None
    if found is None:
        # "The authority rejected …", "the union said": an institution named by a
        # common-noun alias of the actor table, which the name scanner skips.
        organisation = _common_noun_subject(resolver, words)
        if organisation is not None:
            return organisation
        whole = LEAD_CONNECTIVE.sub("", tail.strip(" “‘\"("))
        if window_start == start and _HEAD_OF.fullmatch(whole) \
                and (STATE_ROLE.search(whole) or any(w.lower() in ROLE_NOUNS for w in whole.split())):
            # "The general command of the armed forces said": a lower-case title whose
            # head comes before "of", read whole.
            return resolver.resolve_np(whole)
        if JOINT_REFERENCE.fullmatch(whole.lower()) or PAIR_REFERENCE.fullmatch(whole.lower()):
            # "Both sides agreed", "the pair said": the joint subject before
            return resolver.resolve_np(whole)
        if window_start == start and _OWNER_OF_NOUN.fullmatch(whole) \
                and whole.split()[-1].lower() in _ISSUED_NOUNS and len(whole.split()[0]) > 2:
            # "Chile’s response underscored": the owner speaks through its text.
            owner = resolver.resolve_np(POSSESSIVE.sub("", whole.split()[0]))
            if owner is not None and owner.kind != "person":
                return owner
        if window_start == start and _OWNER_OF_NOUN.fullmatch(whole) and _is_people_noun(whole.split()[-1]):
            # "Sudan's warring factions committed": the owner's people act for it.
            owner = resolver.resolve_np(POSSESSIVE.sub("", whole.split()[0]) if len(whole.split()[0]) > 2
                                        else whole)
            if owner is not None and owner.kind != "person":
                return owner
    return found


def _common_noun_subject(resolver: SpeakerResolver, words: list[str]) -> Speaker | None:
    """"The authority rejected …", "the union said": an institution named by a
    common-noun alias of the actor table (which the name scanner skips), or an
    organisation of the document named by its noun."""
    institution = resolver.index.common_noun_at_end([w.strip(",“”\"") for w in words])
    if institution is not None:
        return speaker_of(institution)
    organisation = resolver.organisation(" ".join(words[-4:])) if words else None
    if organisation is None and len(words) >= 2 and words[-2].lower() in ("the", "their", "its"):
        # "their union said": the owner's organisation of that kind, as "the union".
        organisation = resolver.organisation("the " + words[-1])
        if organisation is None:
            organisation = resolver.recent_organisation(words[-1])
    return organisation


#: The rest of a subject that only accompanies its first member ("X and other officials",
#: "X and his aides").
_COMPANIONS = re.compile(r"(?:other|his|her|their|its|several|some|senior|top|fellow|many|most|a\s+few)\b",
                         re.IGNORECASE)


def _led_subject(resolver: SpeakerResolver, window: str) -> Speaker | None:
    """"Canada and many other Commonwealth members reject", "Peru's government and
    Bolivia's farmers want", "X and other officials remain concerned": a subject of two
    members joined by "and", the first a name, speaks for the first member's party
    (guideline: a joint subject's party is the first named). Only when the first
    member opens the clause, so "… sanctions on Russia and Moscow's allies warned"
    (an object, then a new subject) is not read as one."""
    subject = window.rsplit(",", 1)[-1] if "," in window else window
    subject = INSERTED_ADVERBIAL.sub("", subject)
    first, _, rest = LEAD_CONNECTIVE.sub("", subject.strip(" “‘\"(")).rpartition(" and ")
    # "X and other facilitators of the talks": the companions' own modifiers after "of".
    rest = re.split(r"\s+(?:of|in|at|from|for|between|to)\s+", rest, maxsplit=1)[0]
    rest_words = rest.split()
    if not first or not 2 <= len(rest_words) <= 5 or any(not w.replace("’", "").replace("'", "")
                                                           .replace("-", "").isalpha() for w in rest_words):
        return None
    if not (_COMPANIONS.match(rest) or POSSESSIVE.search(rest_words[0])):
        return None  # "Marquez and De la Calle", "China and the United States": two members of their own
    lead = trailing_np(first)
    if not lead or lead.lower() != first.strip().lower() or " and " in lead:
        return None  # the first member is not the whole of what precedes "and"
    found = resolver.resolve_np(lead)
    if found is None or found.party in (vocab.UNKNOWN_PARTY, vocab.NO_PARTY, vocab.INDEPENDENT) \
            or found.kind == "self":
        return None
    if found.kind == "person":
        return found  # "X and other officials": X's side speaks, X is its voice
    return Speaker(f"{lead} and {rest}", found.party, "they", "group", f"joint: {found.party}", False)


def _joint_subject(resolver: SpeakerResolver, phrase: str) -> Speaker | None:
    """"Egypt, Qatar and the United States said": several governments speaking
    together. The speaker is the list as written, the party the first named
    (as "US and NATO officials" is the US's); None unless every member is a
    state, organisation or bloc."""
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase) if p.strip()]
    if len(parts) < 2:
        return None
    parties = []
    for part in parts:
        found = resolver.resolve_np(part)
        if found is None or found.kind not in ("country", "institution", "metonym", "group"):
            return None
        parties.append(found.party)
    return Speaker(phrase.strip(), parties[0], "they", "group", "joint: " + ";".join(parties), False)


def noun_phrase_after(resolver: SpeakerResolver, pos: int, end: int) -> Speaker | None:
    """The subject after an inverted cue or "according to" ("…,” said the envoy")."""
    tail = resolver.text[pos:min(end, pos + OBJECT_WINDOW)]
    if _CLAUSE_OBJECT.match(tail):
        return None  # "said that the talks …": what was said, not who said it
    issued = _ISSUED_BY.match(tail, len(tail) - len(tail.lstrip()))
    if issued is not None:
        # "…,” said a statement by the rebels: the issuer speaks.
        found = noun_phrase_after(resolver, pos + issued.end(), end)
        if found is not None:
            return found
    counted = _COUNTED_PEOPLE.match(tail)
    if counted is not None and _MEMBERS_SUBJECT.search(counted.group(1)):
        # "an open letter was signed by over 4,000 dockers": the members of the one union.
        unions = resolver.organisations.of_type("labour")
        if len(unions) == 1:
            return resolver.organisation(unions[0].short)
    tokens: list[str] = []
    words = WORD.findall(tail.split(",")[0].split("“")[0].split("”")[0])[:12]
    institution = resolver.index.common_noun_at_start([w.rstrip(".") for w in words])
    if institution is not None:  # "according to the union", "said management"
        return speaker_of(institution)
    for i, tok in enumerate(words):
        bare = bare_token(tok)
        low = bare.lower()
        if not tokens and low in PRONOUNS:
            tokens.append(bare)
            break
        head_ahead = any(w.lower() in ROLE_NOUNS or w[:1].isupper() for w in words[i + 1:i + 4])
        if bare[:1].isupper() or low in ROLE_NOUNS or (tokens and low in NP_CONNECTORS) \
                or (bare.isdigit() and tokens and tokens[-1] == "of"):  # "the Group of 77"
            tokens.append(bare)
        elif (low in DETERMINERS or bare.islower()) and head_ahead and \
                not any(t[:1].isupper() or t.lower() in ROLE_NOUNS for t in tokens):
            tokens.append(bare)  # "a senior", "a high-ranking" before the head noun
        else:
            break
    if tokens and not any(t[:1].isupper() or t.lower() in ROLE_NOUNS or t.lower() in PRONOUNS
                          for t in tokens):
        organisation = resolver.organisation(" ".join(words[:3]))
        return organisation
    while tokens and tokens[-1].lower() in NP_CONNECTORS:
        tokens.pop()
    if not tokens:
        # ("according to the company.": the sentence's full stop is not part of the noun)
        bare = [w.rstrip(".") for w in words[:2]]
        found = resolver.organisation(" ".join(bare))
        if found is None and len(bare) == 2 and bare[0].lower() == "the":
            found = resolver.recent_organisation(bare[1])  # as "the company said" (rule 2a.3)
        return found
    found = resolver.resolve_np(" ".join(tokens))
    if found is not None and not found.known and (found.party == vocab.UNKNOWN_PARTY
                                                  or (found.kind == "person" and not found.role)):
        # "said Samuel Charap, a political scientist at the Rand Corporation":
        # the apposition after the name tells whose voice it is.
        apposition = tail.split(",")[1] if tail.count(",") >= 1 else ""
        party = resolver.party_of(apposition) if apposition.strip() else None
        if party:
            found = replace(found, party=party, role=apposition.strip())
    return found
