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
from .clauses import (ACCORDING_TO, APPOSITIVE_BEFORE_VERB, DETERMINERS, INSERTED_ADVERBIAL,
                      INVERTING_CUES, LEAD_CONNECTIVE, NO_COMMENT, NP_CONNECTORS, OBJECT_WINDOW, POSSESSIVE, PRONOUNS, ROLE_NOUNS,
                      SUBJECT_WINDOW, TRAILING_ADVERBS, WORD, bare_token, cues, leading_np,
                      proper_name_tail, trailing_np)
from .records import Attribution, Speaker
from .speakers import STATE_ROLE, SpeakerResolver, speaker_of

#: A possessive or determiner right before a cue word makes it a noun ("the guild's
#: claims", "its demands", "these calls"), not a reporting verb.
_NOUN_BEFORE = re.compile(r"(?:(?:’s|'s|s’|s')|\b(?:[Tt]he|its|their|his|her|our|these|those|such|any|no|"
                          r"other|many|several|both|regional|federal|member|island|sovereign))\s+$")
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
_DASHED_APPOSITION = re.compile(r"\s+[—–]\s+[^—–“”\"]{2,160}?\s+[—–]\s*$")
#: "… was confirmed last night by X", "… were announced on Monday by X": a passive frame.
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been|being)\s+(?:\w+ly\s+)?$")
_PASSIVE_AGENT = re.compile(r"(?:\s+(?!by\b)[\w\-]+){0,4}?,?\s+by\s+(?=\S)")
#: "…, which Brussels, Washington and NATO had warned": a relative clause whose subject is a list.
_RELATIVE_LIST = re.compile(r",\s+(?:which|who|whom)\s+(?:[^,;]+,\s+)+[^,;]+$")
_RELATIVE = re.compile(r"\s*(?:which|who|whom|that|as|what)\b", re.IGNORECASE)
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
    if not STATE_ROLE.search(speaker.name) or resolver.party_of(speaker.name, use_dominant=False) is not None:
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
            if _unplaced_name(found) and m.start() > start:
                # "The union says …, according to Deadline": a name the text never
                # introduced, cited after a frame of its own, is the outlet that
                # relays the report; the frame before it is the source.
                inner = own_attribution(resolver, start, m.start(), mask, mask_start)
                if inner is not None:
                    return inner
            return Attribution(found, m.group(0).strip(), m.end())
    if "comment" in lowered or "respond" in lowered or "reached" in lowered or "repl" in lowered \
            or "not" in lowered or "n't" in lowered or "n’t" in lowered or "declined" in lowered \
            or "no " in lowered:
        if any(not mask[m.start() + start - mask_start] and next(cues(text, start, start + m.start()), None) is None
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
        agent = _PASSIVE_AGENT.match(text, cue_end, end) \
            if _PASSIVE_BEFORE.search(text, max(start, cue_start - 30), cue_start) else None
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
    window = text[window_start:cue_start]
    bracketed = _BRACKETED_ACRONYM.search(window)
    if bracketed is not None:
        found = resolver.resolve_np(bracketed.group(1))
        if found is not None and found.kind != "person" and not _unplaced_name(found):
            return found
    if "—" in window or "–" in window:
        # "Germany — the biggest contributor to the loans — responded": the dashed
        # apposition between the subject and its verb.
        window = _DASHED_APPOSITION.sub("", window)
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
        name = resolver.resolve_np(trailing_np(head), title=inserted)
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
    before = tail[:len(tail) - len(phrase)].rstrip() if tail.endswith(phrase) else ""
    if _COMPANIONS.match(phrase) and before.endswith(" and"):
        # "President X and other officials have insisted": X's side speaks.
        lead = resolver.resolve_np(trailing_np(before[:-4]))
        if lead is not None and lead.party != vocab.UNKNOWN_PARTY:
            return lead
    found = resolver.resolve_np(phrase)
    if found is None:
        # "The authority rejected …", "the union said": an institution named by a
        # common-noun alias of the actor table, which the name scanner skips.
        institution = index.common_noun_at_end([w.strip(",“”\"") for w in words])
        if institution is not None:
            return speaker_of(institution)
        organisation = resolver.organisation(" ".join(words[-4:])) if words else None
        if organisation is None and len(words) >= 2 and words[-2].lower() == "the":
            organisation = resolver.organisation("the " + words[-1])
            if organisation is None:
                organisation = resolver.recent_organisation(words[-1])
        if organisation is not None:
            return organisation
    return found


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
        return resolver.organisation(" ".join(words[:2]))
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
