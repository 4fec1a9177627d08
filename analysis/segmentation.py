"""Paragraphs and sentences with character spans, for damaged news text and transcripts.

Scraped and machine-translated reports break the usual cues: full stops in the
middle of a sentence ("politics. of the open door"), quotes that open and never
close, closing quotes typed as opening ones, CRLF line ends, site furniture
("Source link", "Comments are closed.") and photo credits. The segmenter is rule
based so it can be told about that damage:

* a full stop splits only before an upper-case letter or a digit (after any
  opening quote), never after a known abbreviation or an initial;
* a trailing run of punctuation or quote marks stays with its sentence;
* datelines ("GENEVA –") and transcript speaker tags ("MR PRICE:") become
  segments of their own, so statements start at the first word of content;
* every segment that is site furniture gets a set-aside ``reason``; a label
  line such as "Read more:" or "Image caption," also sets aside the short link
  or caption lines after it, and bracketed transcript notes ("(Laughter.)")
  are ``stage_direction``.

Every span is a ``(start, end)`` pair into the original text, with no leading or
trailing whitespace.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

#: Reasons a segment is kept out of the statements.
SET_ASIDE_REASONS = ("heading", "dateline", "byline", "caption", "credit", "contribution_line",
                     "boilerplate", "separator", "speaker_tag", "fragment", "stage_direction")

OPENING_QUOTES = "“„«‹\"‘‚"
CLOSING_QUOTES = "”»›\"’"
_QUOTE_CHARS = OPENING_QUOTES + CLOSING_QUOTES + "'"


@dataclass(frozen=True)
class Segment:
    """One sentence (or set-aside unit) of a document.

    ``reason`` is "" for content and one of :data:`SET_ASIDE_REASONS` otherwise;
    ``tag`` holds the speaker named by a transcript tag segment.
    """

    start: int
    end: int
    paragraph: int
    sentence: int
    reason: str = ""
    tag: str = ""


# ------------------------------------------------------------------ paragraphs

# "\r(?!\n)" so that one CRLF is never read as two line breaks.
_NEWLINE = r"(?:\r\n|\n|\r(?!\n))"
_BLANK_LINES = re.compile(_NEWLINE + r"[ \t\u00a0]*(?:" + _NEWLINE + r"[ \t\u00a0]*)+")
_LINE_BREAK = re.compile(_NEWLINE)
#: A transcript speaker tag at the start of a line: upper-case words before a
#: colon ("MR PRICE:", "DEPUTY SECRETARY SHERMAN:", "QUESTION:", "Q:"), or a
#: title-case name/role ("Sergey Lavrov:", "Question:") of at most four words.
SPEAKER_TAG = re.compile(
    r"\[(?P<btag>Question|Questions|Q|Journalist|Reporter|Moderator|Answer|A)\]\s*(?=\S)"
    # White House style: a bare "Q" and spaces before the question, no colon.
    r"|(?P<qtag>Q)\s+(?=[A-Z“\"])"
    r"|(?P<tag>(?:[A-Z][A-Z.’'\-]*\s+){0,5}[A-Z][A-Z.’'\-]*"
    r"|(?:Question|Answer|Moderator|Operator|Host|Interviewer|Journalist|Reporter)"
    # Mixed case, titles and acronyms included: "NATO Secretary General Jens Stoltenberg:".
    r"|(?:[A-Z][\w’'.\-]*\s+){1,5}[A-Z][a-z’'\-]+)"
    r"(?:\s*\([^)\n]{1,40}\))?\s*:(?=\s)")
_TAG_STOPWORDS = {"Note", "Update", "Updated", "Editor", "Source", "Photo", "Related", "Tags", "Read",
                  "Watch", "Listen", "Caption", "Image", "Video", "Warning", "Correction", "Last",
                  "Published", "Posted", "Date", "Time", "Location", "Filed", "By", "Topics",
                  "Category", "Keywords", "Summary", "Background", "Context", "Disclaimer", "Also",
                  "See", "More", "Follow", "Share", "Credit", "Credits", "Pictured", "Editing",
                  "Reporting", "Writing", "Contact", "Email", "Subscribe", "Advertisement", "Our",
                  "Explainer", "Analysis", "Opinion", "Factbox", "Timeline", "Live"}


def tag_label(match: re.Match) -> str:
    """The speaker label of a :data:`SPEAKER_TAG` match ("MR PRICE", "Question")."""
    return (match.group("tag") or match.group("btag") or match.group("qtag") or "").strip()


def is_speaker_tag(label: str) -> bool:
    """Whether ``label`` (the text before a line-initial colon) looks like a speaker tag."""
    label = label.strip()
    words = label.split()
    if not words or len(words) > 6 or len(label) > 60:
        return False
    return words[0].strip(".").capitalize() not in _TAG_STOPWORDS


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks between blank lines, split further at lines that
    start a transcript turn or follow a line that ends a sentence or a heading.

    Hard-wrapped prose (lines ending mid-sentence) stays one paragraph.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in list(_BLANK_LINES.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        spans.extend(_split_block(text, pos, end))
        pos = m.end() if m else len(text)
    return spans


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines = []
    pos = start
    for m in _LINE_BREAK.finditer(text, start, end):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, end))
    out: list[list[int]] = []
    for ls, le in lines:
        ls, le = _strip(text, ls, le)
        if ls >= le:
            continue
        line = text[ls:le]
        if out:
            prev = text[out[-1][0]:out[-1][1]]
            tag = SPEAKER_TAG.match(line)
            new_turn = bool(tag and is_speaker_tag(tag_label(tag)))
            starts_upper = line[:1].isupper() or line[:1] in OPENING_QUOTES
            ends_unit = bool(re.search(r"[.!?:…”\"’»]\s*$", prev)) or (len(prev) < 50 and starts_upper)
            if not new_turn and not ends_unit:
                out[-1][1] = le
                continue
        out.append([ls, le])
    return [(a, b) for a, b in out]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ------------------------------------------------------------------ sentences

_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col maj capt cmdr adm sgt sen rep gov pres amb st jr sr rev hon
no nos vs etc approx dept est inc corp co ltd bros fig al jan feb mar apr jun jul aug sep
sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ft mt p.m a.m
""".split())
#: Words that start a new sentence even after "U.S." or another dotted abbreviation.
_SENTENCE_STARTERS = frozenset("""
The He She It They We I But And In This That These Those There His Her Its Their A An
Mr Ms Mrs On At As If When While However Meanwhile Still Yet So After Before
""".split())
# One leading character class lets the regex engine skip ahead to the next mark.
_BOUNDARY = re.compile(r"[.!?…]+[”’\"»)\]]*(?=\s)")
_OPENERS_AT = re.compile(r"[\s“‘\"'«„(\[–—-]*")
_SEPARATOR_START = re.compile(r"[_*=~#]{3,}")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_WORD_BEFORE_MARK = re.compile(r"([\w.’'-]*)$")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (one paragraph).

    A terminal mark (``.``, ``!``, ``?``, ``…``, with any closing quotes) ends a
    sentence only if the next word starts with an upper-case letter or a digit,
    the mark does not close an abbreviation or initial, and some letter or
    digit follows in the paragraph (trailing stray quotes stay attached).
    """
    end = len(text) if end is None else end
    start, end = _strip(text, start, end)
    spans = []
    sent_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.end()
        nxt = _OPENERS_AT.match(text, cut, end)
        pos = nxt.end() if nxt else cut
        if pos >= end:
            break
        following = text[pos]
        separator_next = bool(_SEPARATOR_START.match(text, pos, pos + 3))
        if not (following.isupper() or following.isdigit() or separator_next):
            continue  # "politics. of the open door": a stray stop, not a boundary
        if not _closes_sentence(text, sent_start, m.start(), text[m.start()], pos):
            continue
        if not separator_next and not _LETTER_OR_DIGIT.search(text, pos, end):
            break
        spans.append(_strip(text, sent_start, cut))
        sent_start = cut
    spans.append(_strip(text, sent_start, end))
    return [s for s in spans if s[0] < s[1]]


def _closes_sentence(text: str, sent_start: int, mark: int, mark_char: str, next_pos: int) -> bool:
    if mark_char != ".":
        return True
    word = _WORD_BEFORE_MARK.search(text, max(sent_start, mark - 20), mark).group(1)
    bare = word.lower().strip("’'")
    if not bare:
        return True
    if len(bare) == 1 and word.isupper():
        return False  # an initial: "Joseph R. Biden"
    if bare in ("no", "nos"):
        return not text[next_pos:next_pos + 1].isdigit()  # "No. 10" but "said no. Then"
    if bare in _ABBREVIATIONS:
        return False
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare):  # U.S, U.N, e.g
        nxt_word = re.match(r"\w+", text[next_pos:next_pos + 20])
        return bool(nxt_word and nxt_word.group(0) in _SENTENCE_STARTERS)
    return True


# ------------------------------------------------------------------ boilerplate

_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.’'\-]{2,}(?:[ ,]+[A-Z][A-Za-z.’'\-]+){0,3}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?)"
    r"(?:\s*\([^)\n]{1,40}\))?\s*(?:[–—]|-{1,2})\s+(?=\S)")

#: News-agency datelines without a dash: "GENEVA, January 10. /TASS/."
_AGENCY_DATELINE = re.compile(
    r"[A-Z][A-Z.’'\-]{2,}(?:[ ,]+[A-Z][A-Za-z.’'\-]+){0,3}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}\.?)?"
    r"\s*/\s*[A-Z][A-Za-z\- ]{1,20}\s*/\.?\s+(?=\S)")
_BOILERPLATE_LINES = re.compile(r"""^(?:
    source\ link | sources? | sources?:.{0,60} | comments\ are\ closed\.? | skip\ to\ (?:main\ )?content |
    leave\ a\ (?:comment|reply) | share(?:\ this(?:\ (?:article|story))?)?(?:\ on\ \w+)? |
    advertisement | read\ more.{0,80} | related(?:\ (?:articles?|stories|coverage))?:?.{0,80} |
    (?:click|tap)\ here.{0,80} | sign\ up.{0,200} | subscribe.{0,200} | all\ rights\ reserved\.? |
    (?:copyright|©).{0,400} | this\ material\ may\ not\ be\ published.{0,120} |
    our\ standards:.{0,80} | (?:the\ )?thomson\ reuters\ trust\ principles\.? | follow\ us.{0,60} | follow\ [\w .]{2,40}\ on\ (?:twitter|telegram|facebook|instagram|x)\b.{0,120} | print | e-?mail | tweet | whatsapp |
    posted\ in.{0,80} | filed\ under.{0,80} | tags?:.{0,200} | (?:last\ )?(?:updated|modified|published)
    (?:\ on)?(?::.{0,60}|\ [^.]{0,40}\d[^.]{0,20}\.?)? | this\ (?:article|story)\ (?:was|has\ been)\ (?:updated|corrected).{0,120} |
    image\ (?:caption|source|copyright).{0,200} | media\ caption.{0,200} | listen\ to\ this\ article.{0,40} |
    (?:min|minute)s?\ read | cookie.{0,120} | we\ use\ cookies.{0,200} | back\ to\ top |
    (?:previous|next)\ (?:post|article).{0,120} | you\ may\ also\ like.{0,40} | more\ from.{0,60} |
    loading\.{0,3} | menu | search | home | watch:.{0,120}
)$""", re.IGNORECASE | re.VERBOSE)
_SEPARATOR = re.compile(r"^[\W_]*$")
_BYLINE = re.compile(
    r"^(?:[Bb]y|BY|[Ff]rom)\s+[A-Z][\w.’'\-]+(?:\s+[A-Z][\w.’'\-]+){0,3}"
    r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)[A-Z][\w.’'\-]+(?:\s+[A-Z][\w.’'\-]+){0,3})*"
    r"(?:\s*[,|–—-]\s*[\w .’'\-]{0,40})?\.?$")
_CREDIT = re.compile(
    r"^\(?(?:(?:additional\ )?reporting|writing|editing|compiled|translated|produced)\ by\b|"
    r"\b(?:AP\ Photo|AFP\ via\ Getty|Getty\ Images|REUTERS/|Reuters/|Photograph:|Photo(?:graph)?\ by|"
    r"Photo\ credit|\(Photo|/AP\)|/AFP\)|/Reuters\)|Pool\ Photo|via\ REUTERS)",
    re.VERBOSE | re.IGNORECASE)
_CAPTION = re.compile(r"^(?:FILE\s*(?:PHOTO)?\s*[-–—:]|PHOTO:|Photo:|Image:|Caption:|Pictured:|"
                      r"In this (?:file )?(?:photo|image)\b|This (?:photo|image) (?:taken|released)\b)")
_CONTRIBUTION = re.compile(
    r"(?:\b(?:contributed|contributing)(?:\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article|"
    r"reporting))?|\bcontributed\s+reporting(?:\s+from\s+[\w ,]+)?)\.?[)”\"’]*$"
    r"|^[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2}\s+reported\s+(?:from|in)\s+[A-Z][\w .,’'\-]{1,40}\.$"
    r"|^\((?:AP|Reuters|AFP|Bloomberg|CNN)\)$")
#: Transcript notes in brackets: "(Laughter.)", "[inaudible]", "(The briefing was
#: concluded at 2:51 p.m.)". Nobody says them, so they are no one's statement.
_STAGE_DIRECTION = re.compile(
    r"^[(\[]\s*(?:laughter|applause|crosstalk|cross-talk|inaudible|unintelligible|off[- ]mic(?:rophone)?|"
    r"audio\b[^)\]]{0,60}|technical\ difficult(?:y|ies)|pause|silence|break|music|end|"
    r"in\ (?:russian|english|french|german|ukrainian)|through\ (?:an\ )?interpreter|"
    r"as\ prepared(?:\ for\ delivery)?|(?:the\ )?(?:briefing|press\ conference|call|"
    r"meeting|conference|session)\ (?:was\ |is\ )?(?:concluded|ended|adjourned)[^)\]]{0,60})"
    r"[.!…\s]*[)\]]\.?$", re.IGNORECASE | re.VERBOSE)
_FRAGMENT_WORD = re.compile(r"[^\W\d_][\w’'\-]*")


@functools.lru_cache(maxsize=4096)
def _paragraph_reason(paragraph: str) -> str:
    if _BOILERPLATE_LINES.match(paragraph):
        return "boilerplate"
    if _CAPTION.match(paragraph):
        return "caption"
    return ""


def set_aside_reason(sentence: str, paragraph: str, paragraph_index: int, title: str = "") -> str:
    """Why a sentence is not a statement ("" if it is content).

    ``paragraph`` is the text of the sentence's paragraph and ``paragraph_index``
    its position, so a headline can be told from a short line of content.
    """
    s = sentence.strip()
    if not s or _SEPARATOR.match(s):
        return "separator"
    if s[0] in "([" and _STAGE_DIRECTION.match(s):
        return "stage_direction"
    whole = _paragraph_reason(paragraph.strip())
    if whole:
        return whole
    if s != paragraph.strip() and _BOILERPLATE_LINES.match(s):
        return "boilerplate"
    # Cheap substring tests first: most sentences are prose and skip every regex.
    lower = s.lower()
    if ("by" in lower or "photo" in lower or "/" in s or "getty" in lower) and _CREDIT.search(s):
        return "credit"
    if lower.startswith(("by ", "from ")) and len(s) < 120 and _BYLINE.match(s):
        return "byline"
    if ("contribut" in lower or " reported " in lower or s.startswith("(")) and len(s) < 300 \
            and _CONTRIBUTION.search(s):
        return "contribution_line"
    if paragraph_index == 0 and _is_headline(paragraph, title):
        return "heading"
    if len(s) <= 90 and paragraph.strip() == s and _looks_like_heading(s):
        return "heading"
    if len(s) < 80 and _is_fragment(s):
        return "fragment"
    return ""


@functools.lru_cache(maxsize=256)
def _is_headline(paragraph: str, title: str) -> bool:
    # Asked once per sentence of the first paragraph: cached, so a first paragraph of
    # one megabyte-long line is searched once, not once per sentence (issue 16, case 5).
    p = paragraph.strip()
    if title and (p == title.strip() or p.startswith(title.strip())):
        return True
    # "Title – Outlet" / "Title | Outlet" without sentence punctuation.
    return bool(re.search(r"\s[–—|-]\s+[\w .’'&\-]{2,40}$", p)) and not re.search(r"[.!?][”\"’]?$", p)


def _looks_like_heading(s: str) -> bool:
    """A short line with no sentence punctuation and no lower-case verb-like run."""
    if re.search(r"[.!?:;,”\"’»]$", s) or len(s) > 90:
        return False
    words = s.split()
    return 1 <= len(words) <= 12 and s[0] not in OPENING_QUOTES


def _is_fragment(s: str) -> bool:
    """A few capitalised words and nothing else ("‘State, Ned Price."): a garbled
    attribution or label, not a sentence."""
    if s[-1:] in "?!":
        return False
    words = _FRAGMENT_WORD.findall(s)
    return 2 <= len(words) <= 5 and all(w[0].isupper() for w in words)


# ------------------------------------------------------------------ documents

def segment_document(text: str, title: str = "") -> list[Segment]:
    """All segments of a document, in text order, with paragraph and sentence indices.

    Datelines and transcript tags are split off their paragraph as segments of
    their own; every other segment is a sentence, set aside or not.
    """
    segments: list[Segment] = []
    sentence_no = 0
    link_block = ""  # reason of the link list or caption opened by the last label line
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        paragraph = text[p_start:p_end]
        content_start = p_start
        heads: list[tuple[int, int, str, str]] = []
        title_end = _title_line_end(text, p_start, p_end, title) if p_index == 0 else None
        if title_end is not None:
            # The title on a line of its own, run into the first paragraph by a single
            # line break: a heading, and the paragraph under it is content.
            heads.append((p_start, title_end, "heading", ""))
            content_start, paragraph = title_end, text[title_end:p_end]
        tag = SPEAKER_TAG.match(paragraph)
        if tag and is_speaker_tag(tag_label(tag)) and tag.end() < len(paragraph):
            heads.append((content_start, content_start + tag.end(), "speaker_tag", tag_label(tag)))
            content_start = content_start + tag.end()
        else:
            date = _DATELINE.match(paragraph) or _AGENCY_DATELINE.match(paragraph)
            if date and p_index < 6 and date.end() < len(paragraph):
                heads.append((content_start, content_start + date.end(), "dateline", ""))
                content_start = content_start + date.end()
        for h_start, h_end, reason, label in heads:
            h_start, h_end = _strip(text, h_start, h_end)
            segments.append(Segment(h_start, h_end, p_index, sentence_no, reason, label))
            sentence_no += 1
        block_reason = link_block if link_block and _is_link_line(paragraph) else ""
        if link_block == "caption":
            link_block = ""  # an image caption is one paragraph
        elif not block_reason:
            link_block = ""
        label = _LINK_BLOCK_LABEL.match(paragraph)
        if label:
            link_block = "caption" if label.group("caption") else "boilerplate"
        in_turn = bool(heads) and heads[0][2] == "speaker_tag"
        for s_start, s_end in sentence_spans(text, content_start, p_end):
            reason = block_reason or set_aside_reason(text[s_start:s_end], paragraph, p_index, title)
            if in_turn and reason in ("heading", "fragment"):
                reason = ""  # "Thanks, Jen.", "Go ahead." are what a speaker said
            if label and not reason:
                reason = "boilerplate"
            segments.append(Segment(s_start, s_end, p_index, sentence_no, reason))
            sentence_no += 1
    return segments


#: Lines that open a list of links or an image caption ("Read more:", BBC's
#: "Related Topics", "Image caption,"): the short lines after them are site
#: furniture, not content, whatever they say.
_LINK_BLOCK_LABEL = re.compile(
    r"^(?:(?P<caption>image\ caption|media\ caption|caption)[,:]?|read\ (?:more|also|next)|"
    r"also\ read|see\ also|related(?:\ (?:topics|stories|articles|coverage|content|news))?|"
    r"more\ on\ this\ (?:story|topic)|more\ from\ [\w ]{1,30}|explore\ more\ on\ these\ topics|"
    r"you\ (?:may|might)\ also\ (?:like|be\ interested\ in)|most\ (?:read|popular|viewed)|"
    r"top\ stories|recommended|further\ reading|latest\ news|in\ pictures)\s*:?$",
    re.IGNORECASE | re.VERBOSE)


def _title_line_end(text: str, start: int, end: int, title: str) -> int | None:
    """End of the document's title when the paragraph at ``start`` opens with it on a
    line of its own and goes on below it; else None."""
    title = title.strip()
    if not title:
        return None
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    cut = start + lead + len(title)
    if cut >= end or text[start + lead:cut] != title:
        return None
    rest = re.match(r"[ \t]*\r?\n\s*\S", text[cut:end])
    return cut if rest else None


def _is_link_line(paragraph: str) -> bool:
    """A headline-like line of a link list: short, one sentence at most."""
    p = paragraph.strip()
    if len(p) > 160 or "\n" in p:
        return False
    return len(sentence_spans(p)) <= 1


_QUOTE_MARK = re.compile(r"[“„«”»\"]")


def quote_spans(text: str, start: int, end: int,
                open_at_start: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Spans of ``text[start:end]`` that lie inside quotations (marks included).

    Double quotes only (single curly quotes double as apostrophes). An opening
    mark met while a quote is already open closes it when it directly follows
    a comma or terminal mark (the usual typo for a closing quote: ``…, “Blinken
    told``); otherwise it nests. A closing mark with no open quote is a stray
    and covers only itself. Returns the spans and whether a quote is still
    open at ``end`` (quotes may run on into the next sentence or paragraph).
    """
    spans: list[tuple[int, int]] = []
    open_from = start if open_at_start else None
    for m in _QUOTE_MARK.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        closes = ch in "”»" or (ch == '"' and open_from is not None) or \
            (ch in "“„«" and open_from is not None and _after_clause_punct(text, start, i))
        if closes:
            spans.append((open_from if open_from is not None else i, i + 1))
            open_from = None
        elif open_from is None:
            open_from = i
    if open_from is not None:
        spans.append((open_from, end))
    return spans, open_from is not None


def _after_clause_punct(text: str, start: int, i: int) -> bool:
    j = i - 1
    while j >= start and text[j] == " ":
        j -= 1
    return j >= start and text[j] in ",.!?;" and (i - j) <= 2
