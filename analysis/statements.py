"""Statements and who holds them: clauses, speakers, parties and attributions.

:func:`extract_statements` turns the ``docs`` table into the ``statements`` table
of ``docs/design.md``; :func:`coverage` accounts for every sentence. The rules
follow ``docs/attribution_guideline.md``:

* a sentence is split into clauses where a conjunction (``, while``, ``, but``,
  ``, although``, ``, with …``, ``;``) introduces its own reporting frame, so
  "Moscow insists …, while Washington rejects …" gives two statements;
* the speaker is the subject of a reporting or position verb outside quotation
  marks ("X said", "said X", "according to X", "X, director of Y, said"),
  resolved through the actor table, pronouns ("she told reporters"), titles
  ("the minister added"), institutions or capitals ("the Kremlin", "Moscow") and
  common-noun aliases of the table ("the union", "management"); a closing
  speech frame (", he told reporters.") wins over an earlier position verb;
* sentences without their own frame continue the speaker of an open quotation
  or of the paragraph; transcripts take the speaker from ``NAME:`` tags (also
  "[Question]", bare "Q", "A:" for the document's ``speaker``) or the
  document's ``speaker``; press questions and moderators are party ``none``;
* ``party`` is whose position the statement expresses: the speaker's party,
  the owner of a position reported inside someone's words ("These include
  demands …" after "Russia's proposals"), or ``none`` for narration.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from . import vocab
from .errors import input_error
from .actors import ActorMatch, actor_index, country_party, party_of_mention, resolve_actor
from .segmentation import Segment, quote_spans, segment_document

STATEMENT_COLUMNS = ("doc_id", "statement_id", "char_start", "char_end", "text", "speaker", "party",
                     "attribution", "cue", "paragraph", "sentence")
COVERAGE_COLUMNS = ("doc_id", "sentence", "char_start", "char_end", "status", "reason",
                    "statement_ids")

# ------------------------------------------------------------------ lexicons

# Verbs that introduce what a source says or what position it holds. Nouns that
# share a form ("demands", "calls") are kept apart by requiring a resolvable
# subject right before them.
_CUE_STEMS = (
    "say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|"
    "stress|stresses|stressed|stressing|insist|insists|insisted|insisting|"
    "warn|warns|warned|warning|note|notes|noted|noting|argue|argues|argued|arguing|"
    "claim|claims|claimed|claiming|state|states|stated|stating|declare|declares|declared|declaring|"
    "explain|explains|explained|explaining|describe|describes|described|describing|"
    "call|calls|called|calling|urge|urges|urged|urging|reject|rejects|rejected|rejecting|"
    "demand|demands|demanded|demanding|want|wants|wanted|seek|seeks|sought|seeking|"
    "fear|fears|feared|accuse|accuses|accused|accusing|announce|announces|announced|"
    "acknowledge|acknowledges|acknowledged|agree|agrees|agreed|assert|asserts|asserted|"
    "confirm|confirms|confirmed|deny|denies|denied|denying|emphasise|emphasises|emphasised|"
    "emphasize|emphasizes|emphasized|emphasising|emphasizing|express|expresses|expressed|"
    "indicate|indicates|indicated|maintain|maintains|maintained|offer|offers|offered|offering|"
    "propose|proposes|proposed|proposing|reiterate|reiterates|reiterated|reiterating|"
    "reply|replies|replied|respond|responds|responded|suggest|suggests|suggested|"
    "voice|voices|voiced|voicing|write|writes|wrote|tweet|tweets|tweeted|"
    "downplay|downplays|downplayed|dismiss|dismisses|dismissed|dismissing|"
    "condemn|condemns|condemned|threaten|threatens|threatened|threatening|vow|vows|vowed|"
    "pledge|pledges|pledged|promise|promises|promised|believe|believes|believed|"
    "complain|complains|complained|admit|admits|admitted|predict|predicts|predicted|"
    "concede|concedes|conceded|signal|signals|signalled|signaled|ask|asks|asked|"
    "oppose|opposes|opposed|opposing|refuse|refuses|refused|refusing|object|objects|objected|"
    "reaffirm|reaffirms|reaffirmed|recall|recalls|recalled|remark|remarks|remarked|"
    "hint|hints|hinted|caution|cautions|cautioned|doubt|doubts|doubted|"
    "welcome|welcomes|welcomed|criticise|criticises|criticised|criticize|criticizes|criticized|"
    "rule out|rules out|ruled out|ruling out|play down|plays down|played down|"
    "spell out|spelled out|spelt out|make clear|makes clear|made clear|making clear|been clear")
_CUE_WORDS = frozenset(c for c in _CUE_STEMS.split("|") if " " not in c)
_CUE_PHRASES = {}
for _phrase in (c for c in _CUE_STEMS.split("|") if " " in c):
    _CUE_PHRASES.setdefault(_phrase.split()[0], set()).add(_phrase.split()[1])
_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def _cues(text: str, start: int, end: int):
    """Reporting and position verbs in ``text[start:end]``: (start, end, cue) in order.

    A set lookup per lower-case word is much faster than one big alternation.
    """
    words = list(_LOWER_WORD.finditer(text, start, end))
    for i, m in enumerate(words):
        word = m.group(0)
        if word in _CUE_PHRASES and i + 1 < len(words):
            nxt = words[i + 1]
            if nxt.group(0) in _CUE_PHRASES[word] and text[m.end():nxt.start()] == " ":
                yield m.start(), nxt.end(), text[m.start():nxt.end()]
                continue
        if word in _CUE_WORDS:
            yield m.start(), m.end(), word
_ACCORDING_TO = re.compile(r"\b(?:according to|in the words of|quoting|cited by)\s+", re.IGNORECASE)
#: Cues that may put the speaker after the verb ("…,” said Ryabkov).
_INVERTING_CUES = frozenset("said says added told asked stressed noted insisted warned explained "
                            "declared wrote replied continued argued according".split())

_ROLE_NOUNS = frozenset("""
official officials diplomat diplomats minister ministers spokesman spokeswoman spokesperson
spokespeople secretary president chancellor envoy envoys ambassador ambassadors negotiator
negotiators delegation delegate delegates deputy representative representatives aide aides
adviser advisers advisor advisors chief head leader leaders lawmaker lawmakers senator senators
general commander premier prime director analyst analysts expert experts professor researcher
fellow source sources government governments administration ministry ministries department
side counterpart counterparts officer officers authorities military army team member members
allies ally country countries states leadership observers observer diplomacy cabinet
office bureau staff entourage camp service spokespersons
""".split())
_NP_CONNECTORS = frozenset("of for the and de von der le la al bin van to in on at".split())
_DETERMINERS = frozenset("the a an some several two three many other senior top one its his her "
                         "their both unnamed anonymous".split())
#: Capitalised words that start sentences but never name a speaker.
_FUNCTION_CAPS = frozenset("""
But And Or Yet So As If When While Whereas Although Though However Meanwhile Still Also Then
Neither Both Either Each Every All Some Many Most Few Others Other Such This That These Those
There Here It Its They Their He She His Her We Our I My You Your Who Which What Where Why How
The A An In On At By For From With Without After Before During Since Until Echoing According
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
July August September October November December Earlier Later Last Next Asked Speaking
""".split())
_PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "we": "we", "i": "i",
             "him": "he", "her": "she", "them": "they"}  # object forms: "according to him"
_TRAILING_ADVERBS = frozenset("""
also firmly repeatedly has have had is was were are will would again then later earlier
previously already once reportedly publicly privately separately flatly strongly just still
further recently quickly openly not never did does do could can may might should must been being
itself himself herself themselves now today yesterday immediately swiftly bluntly angrily
quietly explicitly clearly consistently long even too only subsequently
""".split())
_TITLE_NOUN_GROUPS = {
    "minister": ("minister",), "ministers": ("minister",),
    "spokesman": ("spokes",), "spokeswoman": ("spokes",), "spokesperson": ("spokes",),
    "president": ("president",), "secretary": ("secretary",), "chancellor": ("chancellor",),
    "ambassador": ("ambassador", "representative"), "envoy": ("ambassador", "representative", "envoy"),
    "diplomat": ("minister", "ambassador", "representative", "secretary", "spokes", "envoy"),
    "negotiator": ("minister", "secretary", "ambassador", "representative"),
    "official": ("",), "chief": ("secretary general", "head", "chief"),
    "leader": ("president", "prime minister", "chancellor", "secretary general"),
}
#: Tags of the press side of a transcript. A journalist's question is party
#: ``none`` (see the guideline): asking is not holding a position, and the
#: positions a question quotes belong to the answer that takes them up.
_QUESTION_TAGS = frozenset({"Q", "QUESTION", "Question", "Questions", "Interviewer", "INTERVIEWER",
                            "Journalist", "JOURNALIST", "Reporter", "REPORTER"})
_ANSWER_TAGS = frozenset({"A", "Answer", "ANSWER"})
#: Tags of whoever runs the event: a speaker of their own, also party ``none``.
_MODERATOR_TAGS = frozenset({"Moderator", "MODERATOR", "Operator", "OPERATOR", "Host", "HOST",
                             "Chair", "CHAIR", "Chairman", "CHAIRMAN", "Facilitator", "FACILITATOR"})
_TAG_TITLES = re.compile(
    r"^(?:(?:MR|MS|MRS|DR|H\.?E\.?|AMBASSADOR|DEPUTY|UNDER|ASSISTANT|SECRETARY|GENERAL|FOREIGN|"
    r"MINISTER|PRESIDENT|PRIME|SPOKESPERSON|SPOKESMAN|SPOKESWOMAN|ADMIRAL|GEN|CHANCELLOR|"
    r"VICE|STATE|DEFENSE|DEFENCE|ADVISOR|ADVISER|NATIONAL|SECURITY|PRESS|HIGH|REPRESENTATIVE)"
    r"\.?\s+)+", re.IGNORECASE)

_CLAUSE_BREAK = re.compile(
    r"(?:,\s+|\s+[–—]\s+)(?=(?:while|whereas|but|although|though|even as|yet|with|as|and)\b)|;\s+")
_LEAD_CONNECTIVE = re.compile(
    r"^(?:(?:but|and|however|meanwhile|still|yet|so|while|whereas|although|though|even as|as|"
    r"with|also|moreover|instead|nonetheless|nevertheless)\b[,]?\s+)+", re.IGNORECASE)
#: A short opening adverbial ("Later, ", "On Monday, ") before a clause's subject.
_LEAD_ADVERBIAL = re.compile(r"^(?:[A-Z]\w*|[Oo]n \w+|[Ii]n \w+)(?: \w+)?,\s+")
_CARRY_START = re.compile(
    r"^[“‘\"(]*(?:but|and|however|still|yet|also|so|he|she|they|it|this|that|we|i|moreover|"
    r"instead|nonetheless|nevertheless|in that sense|at the same time)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:will|would|must|should|cannot|can’t|can't|won’t|won't|need to|needs to|"
                    r"has to|have to|will have to|is ready|are ready|is willing|are willing)\b")
_POSITION_NOUNS = (r"(?:demands?|proposals?|requests?|draft\s+(?:treaty|treaties|agreements?)|"
                   r"ultimatums?|conditions|wish\s+list|security\s+guarantees|red\s+lines?|"
                   r"positions?|concerns|insistence)")
_POSITION_OWNER = re.compile(
    r"(?P<owner>(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3})(?:’s|'s)?\s+"
    # "Russia has made proposals", "Moscow put forward demands"
    r"(?:(?:has|have|had)\s+)?(?:(?:made|put\s+forward|tabled|submitted|presented|handed\s+over|"
    r"sent|issued|set\s+out|laid\s+out)\s+(?:a\s+(?:set|series|list)\s+of\s+|its\s+|their\s+)?)?"
    r"(?:(?:key|main|central|core|security|draft|written|latest|new|sweeping|two|main|own|"
    r"stated|maximalist|principal)\s+){0,3}" + _POSITION_NOUNS + r"\b")
_ANAPHORIC_POSITION = re.compile(
    r"^(?:(?:but|and|however),?\s+)?(?:these|those|they|the\s+" + _POSITION_NOUNS + r"|its\s+"
    + _POSITION_NOUNS + r"|their\s+" + _POSITION_NOUNS + r")\s+(?:would\s+)?(?:include|included|"
    r"includes|call(?:s|ed)?\s+for|demand(?:s|ed)?|require(?:s|d)?|envisage(?:s|d)?|seek|sought|"
    r"ask(?:s|ed)?\s+for|are|were|would)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w’'.\-]+")
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_INSERTED_ADVERBIAL = re.compile(
    r"\s+(?:(?:late|early|earlier|later)\s+)?(?:on\s+(?:" + _WEEKDAYS + r")(?:\s+(?:morning|afternoon|"
    r"evening|night))?|on\s+[A-Z][a-z]+\s+\d{1,2}|(?:late|early)\s+(?:" + _WEEKDAYS + r")|in\s+an?\s+"
    r"(?:written\s+|televised\s+|joint\s+)?(?:statement|interview|address|post|tweet|briefing))\s*$")
_NO_COMMENT = re.compile(
    r"\b(?:did not|didn’t|didn't|has not|hasn’t|hasn't|have not|haven’t|haven't)\s+(?:immediately\s+)?"
    r"(?:respond|reply|comment)|\bdeclined\s+to\s+comment|\bcould\s+not\s+(?:immediately\s+)?be\s+"
    r"reached|\bno\s+immediate\s+(?:comment|response)|\bwas\s+not\s+available\s+for\s+comment")
_ANY_POSITION_NOUN = re.compile(_POSITION_NOUNS)
_ANY_POSITION_VERB = re.compile(r"\b(?:include[sd]?|call(?:s|ed)? for|envisage[sd]?|require[sd]?)\b")
_HAS_WORD = re.compile(r"[^\W_]")
_NATO_MENTION = re.compile(r"\bNATO\b|\balliance\b|\bAllies\b")
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|an|ish|ese|ch|i)")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def _bare_token(token: str) -> str:
    """A word without its trailing full stops, unless it is a run of initials ("U.S.")."""
    if not token.endswith(".") or _INITIALS.fullmatch(token):
        return token
    return token.rstrip(".")


# ------------------------------------------------------------------ records

@dataclass(frozen=True)
class Speaker:
    """A resolved source: display name, party, grammatical pronoun and kind."""

    name: str
    party: str
    pronoun: str = ""
    kind: str = "person"
    role: str = ""
    known: bool = False  # True when the name comes from the actor table


@dataclass(frozen=True)
class Attribution:
    """A clause's own reporting frame: who, by which cue, where the subject began."""

    speaker: Speaker
    cue: str
    subject_start: int


@dataclass
class _Clause:
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
    nato_context: bool = False  # NATO named so far (decides what "Brussels" stands for)


# ------------------------------------------------------------------ public API

def extract_statements(docs: pd.DataFrame, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The statements table of ``docs`` (see ``docs/design.md``), sorted by doc and offset.

    ``docs`` needs ``doc_id`` and ``text``; ``title`` and ``speaker`` are used
    when present. ``actors`` is an actor table from :func:`analysis.actors.load_actors`
    (the built-in one if None).
    """
    _check_docs(docs)
    rows = []
    for doc in _document_rows(docs):
        clauses, _ = _attribute_document(doc, actors)
        text = doc.text if isinstance(doc.text, str) else ""
        for n, c in enumerate(clauses, start=1):
            rows.append((doc.doc_id, f"{doc.doc_id}:{n:04d}", c.start, c.end,
                         clean_statement_text(text[c.start:c.end]),
                         c.speaker.name if c.speaker else "", c.party, c.attribution, c.cue,
                         c.segment.paragraph, c.segment.sentence))
    table = pd.DataFrame(rows, columns=list(STATEMENT_COLUMNS))
    table = table.astype({"char_start": "int64", "char_end": "int64", "paragraph": "int64",
                          "sentence": "int64"})
    return table.sort_values(["doc_id", "char_start"], kind="stable").reset_index(drop=True)


def coverage(docs: pd.DataFrame, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per sentence (segment) of every document: statement or set aside, and why.

    Columns as in ``docs/design.md``. A document without any text gets one
    ``set_aside`` row with reason ``empty_document``.
    """
    _check_docs(docs)
    rows = []
    for doc in _document_rows(docs):
        clauses, segments = _attribute_document(doc, actors)
        ids_by_sentence: dict[int, list[str]] = {}
        for n, c in enumerate(clauses, start=1):
            ids_by_sentence.setdefault(c.segment.sentence, []).append(f"{doc.doc_id}:{n:04d}")
        if not segments:
            # A document with no text at all (unreadable, empty) is still listed, so
            # the coverage table accounts for every document.
            rows.append((doc.doc_id, 0, 0, 0, "set_aside", "empty_document", ""))
        for seg in segments:
            ids = ids_by_sentence.get(seg.sentence, [])
            status = "statement" if ids else "set_aside"
            rows.append((doc.doc_id, seg.sentence, seg.start, seg.end, status,
                         "" if ids else (seg.reason or "empty"), ";".join(ids)))
    table = pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))
    table = table.astype({"sentence": "int64", "char_start": "int64", "char_end": "int64"})
    return table.sort_values(["doc_id", "sentence"], kind="stable").reset_index(drop=True)


def _document_rows(docs: pd.DataFrame):
    """Rows of ``docs`` with only the columns attribution reads (not ``raw_text``,
    which would be converted to a Python string for every document for nothing)."""
    wanted = [c for c in ("doc_id", "text", "title", "speaker") if c in docs.columns]
    return docs[wanted].itertuples(index=False)


def _check_docs(docs: pd.DataFrame) -> None:
    missing = [c for c in ("doc_id", "text") if c not in docs.columns]
    if missing:
        raise input_error("docs table", f"missing column {missing[0]!r} (see docs/design.md)")


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


# ------------------------------------------------------------------ per document

_DOC_CACHE: dict[tuple, tuple[list[_Clause], list[Segment]]] = {}


def _attribute_document(doc, actors: pd.DataFrame | None) -> tuple[list[_Clause], list[Segment]]:
    text = doc.text if isinstance(doc.text, str) else ""
    title = _text(getattr(doc, "title", ""))
    default_speaker = _text(getattr(doc, "speaker", "")).strip()
    index = actor_index(actors)
    # extract_statements and coverage are called one after the other on the same
    # document by the pipeline; remember the last few results instead of redoing them.
    key = (id(index), hash(text), title, default_speaker)
    if key in _DOC_CACHE:
        return _DOC_CACHE[key]
    result = _DocumentAttributor(text, title, default_speaker, actors).run()
    if len(_DOC_CACHE) > 64:
        _DOC_CACHE.clear()
    _DOC_CACHE[key] = result
    return result


class _DocumentAttributor:
    """Walks one document's segments in order, carrying speakers and quotes along."""

    def __init__(self, text: str, title: str, default_speaker: str, actors: pd.DataFrame | None):
        self.text = text
        self.title = title
        self.index = actor_index(actors)
        self.actors = self.index
        self.recent: list[Speaker] = []  # speakers of earlier clauses, most recent last
        self._mentioned: list[Speaker] = []  # persons named anywhere, most recent last
        # Sentences not yet scanned for person names; scanned only when a pronoun
        # or title needs them, since most documents never do.
        self.pending_mentions: list[tuple[int, int, bytes]] = []
        self.position_owner: str | None = None
        self.transcript: Speaker | None = None
        self.transcript_cue = ""
        self.nato_context = False
        self.document_speaker: Speaker | None = None
        self.introduced: dict[str, Speaker] = {}  # surname -> person named in full earlier
        if default_speaker:
            self.transcript = self._speaker_from_name(default_speaker)
            self.document_speaker = self.transcript

    # -------------------------------------------------------------- driver
    def run(self) -> tuple[list[_Clause], list[Segment]]:
        segments = self._check_tags(segment_document(self.text, self.title))
        clauses: list[_Clause] = []
        paragraphs: list[list[_Clause]] = []
        paragraph_clauses: list[_Clause] = []
        current_paragraph = -1
        in_quote = False
        for seg in segments:
            if seg.paragraph != current_paragraph:
                if paragraph_clauses:
                    paragraphs.append(paragraph_clauses)
                paragraph_clauses = []
                current_paragraph = seg.paragraph
                in_quote = False
            if seg.reason == "speaker_tag":
                self._switch_transcript_speaker(seg.tag)
                continue
            if seg.reason == "fragment":
                self._apply_fragment(seg, paragraph_clauses)
                continue
            if seg.reason:
                continue
            if _NATO_MENTION.search(self.text, seg.start, seg.end):
                self.nato_context = True
            new, in_quote = self._clauses_of(seg, in_quote)
            paragraph_clauses.extend(new)
            clauses.extend(new)
        if paragraph_clauses:
            paragraphs.append(paragraph_clauses)
        # Speakers are decided once all frames are known, so a quotation that runs
        # over a paragraph break can take the attribution given after it.
        previous_last: _Clause | None = None
        for i, paragraph in enumerate(paragraphs):
            following = paragraphs[i + 1][0] if i + 1 < len(paragraphs) else None
            self._finish_paragraph(paragraph, previous_last, following)
            previous_last = paragraph[-1]
        return clauses, segments

    # -------------------------------------------------------------- clauses
    def _clauses_of(self, seg: Segment, in_quote: bool) -> tuple[list[_Clause], bool]:
        text = self.text
        spans, still_open = quote_spans(text, seg.start, seg.end, in_quote)
        mask = bytearray(seg.end - seg.start)
        for a, b in spans:
            mask[a - seg.start:b - seg.start] = b"\x01" * (b - a)
        breaks = [m for m in _CLAUSE_BREAK.finditer(text, seg.start, seg.end)
                  if not mask[m.start() - seg.start]]
        bounds = [seg.start] + [m.end() for m in breaks] + [seg.end]
        # The comma or semicolon that ends a clause stays with it, so the clauses
        # of a sentence cover all of its characters.
        cut_ends = [m.start() + (1 if text[m.start()] in ",;" else 0) for m in breaks] + [seg.end]
        pieces: list[_Clause] = []
        for i in range(len(bounds) - 1):
            start, end = bounds[i], cut_ends[i]
            piece = _Clause(start, end, seg)
            piece.own = self._own_attribution(start, end, mask, seg.start)
            # In a transcript, "Moscow says X, but …" returns to the speaker's own
            # voice after the connector: the clause reporting another party ends there.
            back_to_speaker = (self.transcript is not None and pieces and piece.own is None
                               and pieces[-1].own is not None
                               and pieces[-1].own.speaker.party != self.transcript.party
                               and pieces[-1].own.speaker.kind != "self"
                               and not text[start:end].lower().startswith(("with", "as")))
            if back_to_speaker:
                piece.own = Attribution(Speaker(self.transcript.name, self.transcript.party, "", "self"),
                                        "", start)
            if pieces and (piece.own is None or len(text[pieces[-1].start:pieces[-1].end].split()) < 4):
                pieces[-1].end = end
                if pieces[-1].own is None:
                    pieces[-1].own = piece.own
            else:
                pieces.append(piece)
            if piece.own is not None:
                self._remember(piece.own.speaker)
        for piece in pieces:
            piece.transcript, piece.transcript_cue = self.transcript, self.transcript_cue
            piece.position_owner, piece.nato_context = self.position_owner, self.nato_context
            piece.quoted = any(_HAS_WORD.search(text, max(a, piece.start), min(b, piece.end))
                               for a, b in spans if a < piece.end and b > piece.start)
            piece.starts_in_quote = bool(mask[piece.start - seg.start]) or \
                (piece.start == seg.start and in_quote)
            piece.ends_in_quote = bool(mask[piece.end - 1 - seg.start])
        if pieces:
            pieces[-1].ends_in_quote = still_open or pieces[-1].ends_in_quote
        self.pending_mentions.append((seg.start, seg.end, bytes(mask)))
        self._note_position_owner(seg, mask)
        return pieces, still_open

    def _finish_paragraph(self, clauses: list[_Clause], previous: _Clause | None,
                          following: _Clause | None = None) -> None:
        """Decide speaker, party, attribution and cue for one paragraph's clauses.

        ``previous`` is the last clause of the paragraph before, ``following`` the
        first clause of the next one.
        """
        if not clauses:
            return
        last = clauses[-1]
        if last.own is None and last.ends_in_quote and following is not None \
                and following.own is not None and self.text[following.start] in "“\"«„" \
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
        for i, c in enumerate(clauses):
            if c.transcript is not None:
                self._decide_transcript(c)
                continue
            if c.own is not None:
                self._set(c, c.own.speaker, c.own.cue, "direct_quote" if c.quoted else "reported")
                self._override_embedded(c, keep_speaker=False)
                continue
            source = clauses[i - 1] if i > 0 else None
            if source is not None and source.speaker is not None and self._continues(c, source):
                self._set(c, source.speaker, source.cue,
                          "direct_quote" if c.quoted else "reported", party=source.party)
            elif i == 0 and previous is not None and previous.speaker is not None and c.quoted \
                    and self.text[c.start] in "“\"«„‘" and not any(o.own for o in clauses):
                # A paragraph that opens with a quotation and names nobody
                # continues the previous paragraph's speaker.
                self._set(c, previous.speaker, previous.cue, "direct_quote", party=previous.party)
            else:
                c.speaker, c.party, c.attribution, c.cue = None, vocab.NO_PARTY, "narration", ""
            self._override_embedded(c, keep_speaker=True)

    def _continues(self, clause: _Clause, source: _Clause) -> bool:
        """Whether an unattributed clause goes on with the previous clause's source."""
        if clause.starts_in_quote or (clause.quoted and source.quoted):
            return True
        body = self.text[clause.start:clause.end]
        return bool(_CARRY_START.match(body) or _MODAL.search(body))

    def _decide_transcript(self, c: _Clause) -> None:
        speaker = c.transcript
        c.speaker, c.attribution, c.cue = speaker, "transcript", c.transcript_cue
        c.party = speaker.party
        if speaker.kind == "press":
            return  # questions and moderation hold no party's position
        if c.own is not None and c.own.speaker.kind != "self" and not c.quoted \
                and c.own.speaker.party not in (speaker.party, vocab.UNKNOWN_PARTY):
            # Another party's position reported inside the speaker's words.
            c.party = c.own.speaker.party
        self._override_embedded(c, keep_speaker=True)

    def _set(self, c: _Clause, speaker: Speaker, cue: str, attribution: str, party: str | None = None):
        c.speaker, c.cue, c.attribution = speaker, cue, attribution
        c.party = party if party is not None else speaker.party
        if c.party == "EU" and speaker.name == "Brussels" and c.nato_context:
            c.party = "NATO"

    def _override_embedded(self, c: _Clause, keep_speaker: bool) -> None:
        """A clause whose subject is another party's demands or proposals holds that
        party's position, whoever reports it."""
        if c.own is not None and not (c.transcript and keep_speaker):
            return
        if not _ANY_POSITION_NOUN.search(self.text, c.start, c.end) and \
                not _ANY_POSITION_VERB.search(self.text, c.start, c.end):
            return
        body = _LEAD_CONNECTIVE.sub("", self.text[c.start:c.end].lstrip("“‘\"( "))
        body = _LEAD_ADVERBIAL.sub("", body)
        owner = None
        head = _POSITION_OWNER.match(body)
        if head:
            owner = party_of_mention(head.group("owner"), self.actors)
        elif _ANAPHORIC_POSITION.match(body):
            owner = c.position_owner
        if owner and owner not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT):
            c.party = owner
            if c.attribution == "narration":
                c.attribution = "reported"

    def _note_position_owner(self, seg: Segment, mask: bytearray) -> None:
        if not _ANY_POSITION_NOUN.search(self.text, seg.start, seg.end):
            return
        for m in _POSITION_OWNER.finditer(self.text, seg.start, seg.end):
            if mask[m.start() - seg.start]:
                continue
            party = party_of_mention(m.group("owner"), self.actors)
            if party and party not in (vocab.UNKNOWN_PARTY, vocab.INDEPENDENT):
                self.position_owner = party

    # -------------------------------------------------------------- transcripts
    def _check_tags(self, segments: list[Segment]) -> list[Segment]:
        """A lone line-initial label that names nobody known ("NEW DELHI:",
        "Last Updated:") is a dateline or heading, not a transcript turn."""
        tags = [s for s in segments if s.reason == "speaker_tag"]
        if len(tags) != 1:
            return segments
        label = tags[0].tag
        if label.rstrip(".") in _QUESTION_TAGS | _MODERATOR_TAGS | _ANSWER_TAGS \
                or self._speaker_from_name(label).known:
            return segments
        return [replace(s, reason="dateline", tag="") if s is tags[0] else s for s in segments]

    def _switch_transcript_speaker(self, tag: str) -> None:
        label = tag.strip()
        self.transcript_cue = label
        if label.rstrip(".") in _QUESTION_TAGS or label.rstrip(".").upper() == "Q":
            self.transcript = Speaker("Question", vocab.NO_PARTY, "", "press")
            return
        if label.rstrip(".") in _ANSWER_TAGS:
            # "Q:" / "A:" interviews: the answer is the document's speaker (metadata).
            self.transcript = self.document_speaker or Speaker("Answer", vocab.UNKNOWN_PARTY, "", "person")
            return
        if label.rstrip(".") in _MODERATOR_TAGS:
            self.transcript = Speaker("Moderator", vocab.NO_PARTY, "", "press")
            return
        self.transcript = self._speaker_from_name(label)

    def _speaker_from_name(self, label: str) -> Speaker:
        found = resolve_actor(label, self.actors)
        if found is None:
            stripped = _TAG_TITLES.sub("", label).strip()
            found = resolve_actor(stripped, self.actors) if stripped else None
        if found is not None:
            return _speaker_of(found)
        name = label.title() if label.isupper() else label
        party = party_of_mention(label, self.actors) or vocab.UNKNOWN_PARTY
        return Speaker(name, party, "", "person", label, False)

    def _apply_fragment(self, seg: Segment, clauses: list[_Clause]) -> None:
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
            last.own = Attribution(_speaker_of(people[0]), last.own.cue, last.own.subject_start)
            self._remember(last.own.speaker)

    # -------------------------------------------------------------- attribution
    def _own_attribution(self, start: int, end: int, mask: bytearray, mask_start: int) -> Attribution | None:
        """The clause's own reporting frame (speaker + cue), outside quotations."""
        text = self.text
        lowered = text[start:end].lower()
        if "accord" in lowered or "words of" in lowered or "quot" in lowered or "cited" in lowered:
            according = _ACCORDING_TO.finditer(text, start, end)
        else:
            according = ()
        for m in according:
            if mask[m.start() - mask_start]:
                continue
            found = self._noun_phrase_after(m.end(), end, mask, mask_start)
            if found:
                return Attribution(found, m.group(0).strip(), m.end())
        if "comment" in lowered or "respond" in lowered or "reached" in lowered or "repl" in lowered:
            if any(not mask[m.start() + start - mask_start] for m in _NO_COMMENT.finditer(lowered)):
                return None  # declining to speak is an event, not a statement
        first: Attribution | None = None
        for cue_start, cue_end, cue in _cues(text, start, end):
            if mask[cue_start - mask_start]:
                continue
            if first is not None:
                # "Russia wants results quickly, he told reporters.": a trailing
                # speech frame after a comma names the source of the whole clause;
                # the earlier position verb is part of what was said.
                lead = text[start:cue_start]
                tail_np = lead[lead.rfind(",") + 1:] if "," in lead else ""
                # Only a frame that closes the clause: "…, which it says leave drivers
                # working long days" is a relative clause inside the report.
                closing = len(text[cue_end:end].split()) <= 6 and \
                    not re.match(r"\s*(?:which|who|whom|that|as|what)\b", tail_np, re.IGNORECASE)
                if cue.split()[0] in _INVERTING_CUES and closing:
                    # "Russia has told diplomats that …, three sources said.": the
                    # closing frame is the source; the first verb is what they report.
                    if tail_np and len(tail_np.split()) <= 8:
                        subject = self._subject_before(start, cue_start, mask, mask_start)
                        if subject is not None:
                            return Attribution(subject, cue, cue_start)
                continue
            subject = self._subject_before(start, cue_start, mask, mask_start)
            if subject is None and cue.split()[0] in _INVERTING_CUES:
                before = text[start:cue_start].rstrip()
                if not before or before[-1] in ",”\"’»" or mask[len(before) - 1 + start - mask_start]:
                    subject = self._noun_phrase_after(cue_end, end, mask, mask_start)
            if subject is not None:
                first = Attribution(subject, cue, cue_start)
        return first

    def _subject_before(self, start: int, cue_start: int, mask: bytearray, mask_start: int) -> Speaker | None:
        text = self.text
        # The subject window starts after the last quoted character before the cue.
        window_start = mask.rfind(1, start - mask_start, cue_start - mask_start) + 1 + mask_start
        window_start = max(window_start, start)
        window = text[window_start:cue_start]
        # "Thomas Greminger, director of the Geneva Center for Security Policy, said";
        # auxiliaries and adverbs may stand between ("…, Antony Blinken, has warned").
        appositive = _APPOSITIVE_BEFORE_VERB.search(window) if window.count(",") >= 2 else None
        if appositive and not window.rstrip().endswith(("and", "but")):
            head, inserted = appositive.group(1), appositive.group(2).strip()
            # "Ukraine's foreign minister, Dmytro Kuleba, urged": the inserted part is the name.
            inserted_words = inserted.split()
            if 1 <= len(inserted_words) <= 4 and all(w[:1].isupper() for w in inserted_words):
                named = resolve_actor(inserted, self.actors)
                if named is not None and named.kind == "person":
                    return _speaker_of(named)
                if _trailing_np(head) and any(w.lower() in _ROLE_NOUNS for w in head.split()):
                    party = party_of_mention(head, self.actors) or vocab.UNKNOWN_PARTY
                    return Speaker(inserted, party, "", "person", head.strip(), False)
            tail_name = _proper_name_tail(inserted_words)
            if len(tail_name.split()) >= 2 and len(inserted_words) > len(tail_name.split()) \
                    and any(w.lower() in _ROLE_NOUNS for w in head.split() + inserted_words):
                # "The African Union's envoy, former Nigerian president Olusegun Obasanjo, said"
                named = resolve_actor(tail_name, self.actors)
                if named is not None and named.kind == "person":
                    return _speaker_of(named)
                party = party_of_mention(inserted, self.actors) or party_of_mention(head, self.actors)
                return Speaker(tail_name, party or vocab.UNKNOWN_PARTY, "", "person", inserted, False)
            # "Thomas Greminger, director of the Geneva Center for Security Policy, said"
            name = self._resolve_np(_trailing_np(head), title=inserted)
            if name is not None:
                return name
        if "," in window:
            window = window[window.rindex(",") + 1:]
        # "The Kremlin on Thursday rejected", "Moscow in a statement said": a time or
        # manner adverbial between subject and verb (usual in agency copy).
        window = _INSERTED_ADVERBIAL.sub("", window)
        words = window.split()
        while words and words[-1].lower().strip(",") in _TRAILING_ADVERBS:
            words.pop()
        # "on Sunday", "in Brussels" between subject and verb are rare; stop there.
        if words and words[-1].lower() in ("and", "but", "or"):
            # "The United States downplayed hopes … and said": the clause's subject.
            return self._resolve_np(_leading_np(text[start:cue_start]))
        found = self._resolve_np(_trailing_np(" ".join(words)))
        if found is None:
            # "The authority rejected …", "the union said": an institution named by a
            # common-noun alias of the actor table, which the name scanner skips.
            institution = self.index.common_noun_at_end([w.strip(",“”\"") for w in words])
            if institution is not None:
                return _speaker_of(institution)
        return found

    def _noun_phrase_after(self, pos: int, end: int, mask: bytearray, mask_start: int) -> Speaker | None:
        tail = self.text[pos:end]
        tokens: list[str] = []
        words = _WORD.findall(tail.split(",")[0].split("“")[0].split("”")[0])[:12]
        institution = self.index.common_noun_at_start([w.rstrip(".") for w in words])
        if institution is not None:  # "according to the union", "said management"
            return _speaker_of(institution)
        for i, tok in enumerate(words):
            bare = _bare_token(tok)
            low = bare.lower()
            if not tokens and low in _PRONOUNS:
                tokens.append(bare)
                break
            head_ahead = any(w.lower() in _ROLE_NOUNS or w[:1].isupper() for w in words[i + 1:i + 4])
            if bare[:1].isupper() or low in _ROLE_NOUNS or (tokens and low in _NP_CONNECTORS):
                tokens.append(bare)
            elif (low in _DETERMINERS or bare.islower()) and head_ahead and \
                    not any(t[:1].isupper() or t.lower() in _ROLE_NOUNS for t in tokens):
                tokens.append(bare)  # "a senior", "a high-ranking" before the head noun
            else:
                break
        if tokens and not any(t[:1].isupper() or t.lower() in _ROLE_NOUNS or t.lower() in _PRONOUNS
                              for t in tokens):
            return None
        while tokens and tokens[-1].lower() in _NP_CONNECTORS:
            tokens.pop()
        found = self._resolve_np(" ".join(tokens))
        if found is not None and not found.known and found.party == vocab.UNKNOWN_PARTY:
            # "said Samuel Charap, a political scientist at the Rand Corporation":
            # the apposition after the name tells whose voice it is.
            apposition = tail.split(",")[1] if tail.count(",") >= 1 else ""
            party = party_of_mention(apposition, self.actors) if apposition.strip() else None
            if party:
                found = replace(found, party=party, role=apposition.strip())
        return found

    def _resolve_np(self, np: str, title: str = "") -> Speaker | None:
        """Turn a subject noun phrase into a :class:`Speaker` (None if it names nobody)."""
        np = np.strip(" ,:;“”\"‘’")
        if not np:
            return None
        lower = np.lower()
        if lower in _PRONOUNS:
            return self._resolve_pronoun(_PRONOUNS[lower])
        words = np.split()
        content = [w for w in words if w.lower() not in _NP_CONNECTORS and w.lower() not in _DETERMINERS]
        if not content or all(w in _FUNCTION_CAPS for w in content):
            return None
        if len(words) >= 2 and words[-1].lower() in _ROLE_NOUNS and re.search(r"(?:’s|'s)$", words[-2]):
            # "Macron's office", "the Kremlin's spokesman": someone speaking for the owner.
            owner = resolve_actor(re.sub(r"(?:’s|'s)$", "", " ".join(words[:-1])), self.actors)
            if owner is not None and owner.kind == "person":
                return Speaker(np, owner.party, "it", "description", np, False)
        found = resolve_actor(np, self.actors)
        if found is not None:
            if found.kind == "country" and _is_demonym(found.alias) and found.alias == np:
                return None  # "Russian demands": an adjective, not a subject
            return _speaker_of(found)
        has_role = any(w.lower() in _ROLE_NOUNS for w in words)
        if has_role:
            carried = self._carry_title(np)
            if carried is not None:
                return carried
            party = party_of_mention(np + (" " + title if title else ""), self.actors)
            if party is None:
                party = party_of_mention(title, self.actors) if title else None
            name = _proper_name_tail(words)
            if name and not _has_role_tail(words):
                return Speaker(name, party or vocab.UNKNOWN_PARTY, "", "person", np, False)
            return Speaker(np, party or vocab.UNKNOWN_PARTY, "they" if np.endswith("s") else "",
                           "description", np, False)
        name_words = [w for w in words if w[:1].isupper() and w not in _FUNCTION_CAPS]
        if not name_words or len(name_words) > 5:
            return None
        if len(name_words) == 1 and name_words[0] in self.introduced:
            return self.introduced[name_words[0]]
        party = None
        if title:
            party = party_of_mention(title, self.actors)
        if party is None:
            # A lone capitalised word that is a country or capital ("Britain") is covered
            # by the table or country_converter; an unknown name is a person.
            party = party_of_mention(np, self.actors)
            if party is not None and len(name_words) == 1:
                return Speaker(np, party, "it", "country", "", False)
        return Speaker(" ".join(name_words), party or vocab.UNKNOWN_PARTY, "", "person", title, False)

    def _resolve_pronoun(self, pronoun: str) -> Speaker | None:
        if pronoun in ("we", "i"):
            if self.transcript is not None:
                return Speaker(self.transcript.name, self.transcript.party, "", "self")
            return None
        for pool in (lambda: self.recent[-12:], lambda: self.mentioned[-12:]):
            for cand in reversed(pool()):
                if pronoun in ("he", "she") and cand.kind == "person" and cand.pronoun in (pronoun, ""):
                    return cand
                if pronoun == "they" and (cand.pronoun == "they" or cand.kind in ("description",)):
                    return cand
                if pronoun == "it" and cand.kind in ("institution", "country", "metonym"):
                    return cand
        return None

    def _carry_title(self, np: str) -> Speaker | None:
        """"the minister", "the Russian diplomat", "the Kremlin spokesman": an actor
        named earlier (or, failing that, the table's unique holder of the role)."""
        words = np.lower().split()
        if words[0] in ("a", "an", "one", "some", "several", "two", "three") or any(
                w[:1].isupper() for w in np.split()[1:]
                if w.lower() not in _ROLE_NOUNS and not _is_demonym(w)
                and w not in ("Kremlin", "NATO", "State") and not self._names_a_state(w)):
            return None
        if words[0] in ("its", "their") and len(words) > 1:
            # "its spokesman said" after "The Kremlin said": the role at that institution.
            owner = self._resolve_pronoun("it" if words[0] == "its" else "they")
            if owner is None or owner.kind == "person":
                return None
            rest = " ".join(np.split()[1:])
            holder = self.index.holder_of_role(f"{owner.name} {rest}", owner.party)
            if holder is not None:
                return _speaker_of(holder)
            return Speaker(f"{owner.name} {rest}", owner.party, "", "description", rest, False)
        nationality = party_of_mention(np, self.actors)
        head = words[-1]
        if head in _INSTITUTION_HEADS:
            # "Russia's Foreign Ministry said … The ministry also accused …"
            for cand in reversed(self.recent[-8:]):
                if cand.kind in ("institution", "description") and head in cand.name.lower() \
                        and (nationality is None or cand.party == nationality):
                    return cand
        for cand in reversed(self.recent[-6:]):
            # "an Elysee official said … the official added": the same unnamed source.
            if not cand.known and cand.kind in ("person", "description") \
                    and head in cand.name.lower().split() and cand.party in (nationality or cand.party,):
                return cand
        wanted = _TITLE_NOUN_GROUPS.get(head, (head,))
        for pool in (lambda: self.recent[-12:], lambda: self.mentioned[-6:]):
            for cand in reversed(pool()):
                if cand.kind != "person" or not cand.known:
                    continue
                if nationality and cand.party != nationality:
                    continue
                if any(w in cand.role.lower() for w in wanted):
                    return cand
        holder = self.index.holder_of_role(np, nationality)
        return _speaker_of(holder) if holder is not None else None

    def _names_a_state(self, word: str) -> bool:
        """Whether a capitalised word inside a title names a state or institution
        ("the UK's foreign secretary"), not a person."""
        bare = re.sub(r"(?:’s|'s)$", "", word)
        found = resolve_actor(bare, self.actors)
        if found is not None:
            return found.kind != "person"
        return country_party(bare) is not None

    @property
    def mentioned(self) -> list[Speaker]:
        for start, end, mask in self.pending_mentions:
            for name_start, _, match in self.index.find_all(self.text[start:end]):
                if match.kind == "person" and not mask[name_start]:
                    self._mentioned.append(_speaker_of(match))
        self.pending_mentions = []
        return self._mentioned

    def _remember(self, speaker: Speaker) -> None:
        if speaker.kind == "self":
            return
        if not speaker.known and speaker.kind == "person" and len(speaker.name.split()) >= 2:
            # "Azerbaijani President Ilham Aliyev … Aliyev said": later surname mentions.
            self.introduced[speaker.name.split()[-1]] = speaker
        self.recent.append(speaker)
        if len(self.recent) > 50:
            del self.recent[:25]


def _speaker_of(match: ActorMatch) -> Speaker:
    return Speaker(match.name, match.party, match.pronoun, match.kind, match.role, True)


def _is_demonym(word: str) -> bool:
    return bool(_DEMONYM.fullmatch(word))


def _has_role_tail(words: list[str]) -> bool:
    """Whether a noun phrase ends in a role noun ("US officials"), not in a name."""
    return bool(words) and words[-1].lower() in _ROLE_NOUNS


def _proper_name_tail(words: list[str]) -> str:
    """The run of capitalised non-title words at the end of a noun phrase."""
    tail: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() and w.lower() not in _ROLE_NOUNS and w not in _FUNCTION_CAPS:
            tail.append(w)
        else:
            break
    tail.reverse()
    before = words[len(words) - len(tail) - 1].lower() if len(words) > len(tail) else ""
    if before in _NP_CONNECTORS - {"the"}:
        return ""  # "officials in London": a place, not a name
    if tail and all(_is_demonym(w) or w.isupper() for w in tail):
        return ""
    return " ".join(tail)


_ARTICLES = frozenset("a an the".split())
_INSTITUTION_HEADS = frozenset("ministry department office government administration alliance "
                               "bloc agency council commission presidency embassy mission".split())
_APPOSITIVE_BEFORE_VERB = re.compile(
    r"([^,]+),\s*([^,]{3,120}),\s*(?:(?:has|have|had|was|were|is|also|again|later|earlier|"
    r"previously|repeatedly|already|then|on\s+\w+day)\s+)*$")
#: Lower-case words inside a title before its head noun ("deputy foreign minister",
#: "the secretary of state", "a senior defence official").
_TITLE_MODIFIERS = frozenset("""
foreign defence defense interior finance economy trade vice assistant national security general
executive press chief senior top deputy principal first prime state affairs relations labour labor
diplomatic military intelligence administration government ministry informed knowledgeable
western
""".split())


def _trailing_np(window: str) -> str:
    """The noun phrase at the end of ``window`` (the words right before a verb)."""
    tokens = _WORD.findall(window)
    taken: list[str] = []
    i = len(tokens)
    while i > 0:
        i -= 1
        tok = tokens[i]
        bare = _bare_token(tok)
        low = bare.lower()
        if low in _PRONOUNS and not taken:
            return bare
        if bare[:1].isupper() and bare not in _FUNCTION_CAPS:
            taken.append(bare)
        elif low in _ROLE_NOUNS or (taken and low in _NP_CONNECTORS):
            taken.append(bare)
        elif taken and low in _TITLE_MODIFIERS:
            taken.append(bare)
        elif taken and low in _DETERMINERS:
            taken.append(bare)
            if i > 0 and low not in _ARTICLES and tokens[i - 1].lower() in _ARTICLES:
                taken.append(tokens[i - 1])  # "a senior official": keep the article
            break
        elif taken and bare.isalpha() and bare.islower() and i > 0 \
                and tokens[i - 1].lower() in _ARTICLES and taken[-1].lower() in _ROLE_NOUNS:
            # "a company spokesman", "a union official": a noun naming the employer
            taken.extend([bare, tokens[i - 1]])
            break
        else:
            break
    while taken and taken[-1].lower() in _NP_CONNECTORS - {"the"}:
        taken.pop()
    taken.reverse()
    return " ".join(taken)


def _leading_np(clause: str) -> str:
    """The noun phrase that opens a clause (its grammatical subject, usually)."""
    body = _LEAD_CONNECTIVE.sub("", clause.lstrip("“‘\"( "))
    tokens = _WORD.findall(body.split(",")[0])
    taken: list[str] = []
    for tok in tokens:
        bare = _bare_token(tok)
        low = bare.lower()
        if not taken and (low in _DETERMINERS or bare[:1].isupper() or low in _ROLE_NOUNS):
            taken.append(bare)
        elif taken and (bare[:1].isupper() or low in _ROLE_NOUNS or low in _NP_CONNECTORS):
            taken.append(bare)
        else:
            break
    while taken and taken[-1].lower() in _NP_CONNECTORS:
        taken.pop()
    return " ".join(taken)


# ------------------------------------------------------------------ evaluation

def score_attribution(statements: pd.DataFrame, gold: pd.DataFrame,
                      actors: pd.DataFrame | None = None) -> dict:
    """Compare predicted statements with a gold annotation, matched by character overlap.

    ``gold`` has ``char_start``, ``char_end``, ``speaker``, ``party`` and optionally
    ``doc_id`` and ``is_boilerplate`` (truthy rows are set-aside text). Each gold
    statement is matched to the predicted statement that overlaps it most (same
    ``doc_id`` when both tables have one); an unmatched gold statement counts as
    wrong. Speakers are compared after resolving both through the actor table.

    Returns ``n_gold``, ``n_predicted``, ``n_matched``, ``party_accuracy``,
    ``speaker_accuracy``, ``boilerplate_as_statement`` (gold set-aside rows that a
    prediction overlaps), ``mixed_party_statements`` (predictions overlapping gold
    statements of two parties by more than 10 characters each) and ``errors``
    (a DataFrame of the mismatches).
    """
    gold = gold.copy()
    flag = gold["is_boilerplate"] if "is_boilerplate" in gold else pd.Series(False, index=gold.index)
    flag = flag.astype(str).str.lower().isin(["1", "true", "yes"])
    gold_statements = gold[~flag]
    gold_set_aside = gold[flag]
    use_doc = "doc_id" in gold and "doc_id" in statements
    pred = statements.reset_index(drop=True)

    def candidates(row):
        if use_doc:
            return pred[pred["doc_id"] == row.doc_id]
        return pred

    def overlap(a0, a1, b0, b1):
        return max(0, min(a1, b1) - max(a0, b0))

    party_ok = speaker_ok = matched = 0
    errors = []
    by_pred: dict[int, list[tuple[str, int]]] = {}
    for row in gold_statements.itertuples(index=False):
        cand = candidates(row)
        best, best_overlap = None, 0
        for idx, p in zip(cand.index, cand.itertuples(index=False)):
            o = overlap(row.char_start, row.char_end, p.char_start, p.char_end)
            if o > best_overlap:
                best, best_overlap = idx, o
            if o > 10:
                by_pred.setdefault(idx, []).append((str(row.party), o))
        if best is None:
            errors.append({"char_start": row.char_start, "gold_speaker": row.speaker,
                           "gold_party": row.party, "speaker": "", "party": "", "problem": "unmatched"})
            continue
        matched += 1
        p = pred.loc[best]
        same_party = str(p["party"]) == str(row.party)
        same_speaker = _same_speaker(str(p["speaker"]), _text(row.speaker), actors)
        party_ok += same_party
        speaker_ok += same_speaker
        if not (same_party and same_speaker):
            errors.append({"char_start": row.char_start, "gold_speaker": _text(row.speaker),
                           "gold_party": row.party, "speaker": p["speaker"], "party": p["party"],
                           "problem": "party" if not same_party else "speaker"})
    boiler = 0
    for row in gold_set_aside.itertuples(index=False):
        cand = candidates(row)
        if any(overlap(row.char_start, row.char_end, p.char_start, p.char_end) > 0
               for p in cand.itertuples(index=False)):
            boiler += 1
    mixed = sum(1 for hits in by_pred.values() if len({party for party, _ in hits}) > 1)
    n = len(gold_statements)
    return {
        "n_gold": n,
        "n_predicted": len(pred),
        "n_matched": matched,
        "party_accuracy": party_ok / n if n else float("nan"),
        "speaker_accuracy": speaker_ok / n if n else float("nan"),
        "boilerplate_as_statement": boiler,
        "mixed_party_statements": mixed,
        "errors": pd.DataFrame(errors, columns=["char_start", "gold_speaker", "gold_party", "speaker",
                                                "party", "problem"]),
    }


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _same_speaker(predicted: str, gold: str, actors: pd.DataFrame | None) -> bool:
    if not predicted or not gold:
        return not predicted and not gold

    def canonical(name: str) -> str:
        found = resolve_actor(name, actors)
        if found is not None:
            return found.name
        return re.sub(r"^(?:the|a|an)\s+", "", name.strip().casefold())

    return canonical(predicted) == canonical(gold)
