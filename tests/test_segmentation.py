"""Segmentation of damaged news text and transcripts: spans, boundaries, set-aside text."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from analysis import config
from analysis.segmentation import (paragraph_spans, quote_spans, segment_document,
                                   sentence_spans, set_aside_reason)

SEED = config.SEEDS_DIR / "000_a4d1898099380f22.txt"
SEED_TITLE = "No progress seen after Russian-US talks on tensions in Ukraine"


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_stray_full_stop_before_lower_case_does_not_split():
    text = "He said. in an interview. that the door of NATO stays open. The talks went on."
    assert _sentences(text) == ["He said. in an interview. that the door of NATO stays open.",
                                "The talks went on."]


def test_abbreviations_initials_and_us_do_not_split():
    text = ("Mr. Price met Gen. Mark Milley and Joseph R. Biden in the U.S. capital on Jan. 10. "
            "The U.S. The talks then resumed.")
    sentences = _sentences(text)
    assert sentences[0].endswith("on Jan. 10.")
    assert sentences[1] == "The U.S."
    assert sentences[2] == "The talks then resumed."


def test_quote_spanning_sentences_and_trailing_quote_stay_attached():
    text = "“We cannot go back. We cannot go back.” Ryabkov said. “"
    assert _sentences(text) == ["“We cannot go back.", "We cannot go back.”", "Ryabkov said. “"]


def test_crlf_paragraphs_and_hard_wrapped_lines():
    text = ("First paragraph starts here and is wrapped at a fixed width by the\r\n"
            "site so it continues on this line.\r\n\r\nSecond paragraph.")
    spans = paragraph_spans(text)
    assert len(spans) == 2
    assert text[spans[0][0]:spans[0][1]].endswith("continues on this line.")
    assert text[spans[1][0]:spans[1][1]] == "Second paragraph."


def test_transcript_tags_start_new_paragraphs_even_without_blank_lines():
    text = "MR PRICE: Good afternoon.\nQUESTION: Any news?\nMR PRICE: None yet."
    segments = segment_document(text)
    tags = [s.tag for s in segments if s.reason == "speaker_tag"]
    assert tags == ["MR PRICE", "QUESTION", "MR PRICE"]
    content = [text[s.start:s.end] for s in segments if not s.reason]
    assert content == ["Good afternoon.", "Any news?", "None yet."]


def test_misplaced_opening_quote_after_comma_closes_the_quotation():
    text = "“It is very difficult, “Blinken told ABC’s” This Week."
    spans, still_open = quote_spans(text, 0, len(text))
    inside = "".join(text[a:b] for a, b in spans)
    assert "Blinken told" not in inside
    assert not still_open


def test_unclosed_quote_reports_open_state():
    text = "She said Washington “will not give up. And we will not."
    spans, still_open = quote_spans(text, 0, len(text))
    assert still_open and text[spans[0][0]] == "“"


def test_seed_boilerplate_and_headings_are_set_aside():
    text = _seed_text()
    segments = segment_document(text, SEED_TITLE)
    reasons = {text[s.start:s.end]: s.reason for s in segments if s.reason}
    assert reasons["Source link"] == "boilerplate"
    assert reasons["Comments are closed."] == "boilerplate"
    assert reasons["GENEVA –"] == "dateline"
    assert reasons["‘State, Ned Price."] == "fragment"
    assert reasons["Lee reported from Washington."] == "contribution_line"
    assert reasons["___"] == "separator"
    assert any(r == "heading" and k.endswith("News-Herald") for k, r in reasons.items())
    stray = [text[s.start:s.end] for s in segments if "politics. of the open door" in text[s.start:s.end]]
    assert len(stray) == 1 and stray[0].endswith("join. the Alliance.")


def test_other_outlets_furniture():
    cases = {
        "By Humeyra Pamuk and Dmitry Antonov": "byline",
        "(Reporting by Humeyra Pamuk; Editing by Grant McCool)": "credit",
        "Associated Press writer Vladimir Isachenkov in Moscow contributed to this report.":
            "contribution_line",
        "FILE - Russian President Vladimir Putin attends a meeting (AP Photo/Alexander Zemlianichenko)":
            "caption",
        "Skip to content": "boilerplate",
        "Share this article": "boilerplate",
    }
    for line, reason in cases.items():
        assert set_aside_reason(line, line, 3) == reason, line
    prose = "Moscow insists on guarantees to stop NATO’s eastward expansion."
    assert set_aside_reason(prose, prose, 3) == ""


_ALPHABET = st.sampled_from(list("abcXYZ .,;:!?“”‘’\"'–-_\n\r\t") + ["Mr.", "U.S.", " said ", "\n\n",
                                                                     "MR PRICE: ", "Moscow", "é", "…"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_segments_are_in_bounds_ordered_and_cover_every_visible_character(text):
    segments = segment_document(text)
    covered = bytearray(len(text))
    previous_end = 0
    for seg in segments:
        assert 0 <= seg.start < seg.end <= len(text)
        assert seg.start >= previous_end
        assert not text[seg.start].isspace() and not text[seg.end - 1].isspace()
        covered[seg.start:seg.end] = b"\x01" * (seg.end - seg.start)
        previous_end = seg.end
    lost = [ch for ch, flag in zip(text, covered) if not flag and not ch.isspace()]
    assert lost == []


# ------------------------------------------------------------------ other outlets' furniture

def _reasons(text: str) -> dict[str, str]:
    return {text[s.start:s.end]: s.reason for s in segment_document(text)}


def test_link_lists_and_image_captions_after_their_label_are_set_aside():
    text = ("Russia wants guarantees, Ryabkov said.\n\nRead more:\n\n"
            "Explainer: What does Russia want from the West?\n\n"
            "Image caption,\n\nRyabkov (left) and Sherman met in Geneva\n\n"
            "More on this story\n\nWhy is Russia threatening Ukraine?\n\n"
            "The talks ended after eight hours. Both sides said they would report home.")
    reasons = _reasons(text)
    assert reasons["Explainer: What does Russia want from the West?"] == "boilerplate"
    assert reasons["Ryabkov (left) and Sherman met in Geneva"] == "caption"
    assert reasons["Why is Russia threatening Ukraine?"] == "boilerplate"
    # Prose after the list is content again.
    assert reasons["The talks ended after eight hours."] == ""
    assert reasons["Russia wants guarantees, Ryabkov said."] == ""


def test_agency_copyright_trust_principles_and_newsletter_lines():
    text = ("Moscow wants answers, Peskov said.\n\n"
            "Copyright 2022 The Associated Press. All rights reserved. This material may not be "
            "published, broadcast, rewritten or redistributed.\n\n"
            "Our Standards: The Thomson Reuters Trust Principles.\n\n"
            "Sign up to the daily Business Today email or follow Guardian Business on Twitter at "
            "@BusinessDesk")
    segments = [s for s in segment_document(text) if s.start > text.index("Copyright") - 1]
    assert segments and all(s.reason for s in segments), [(text[s.start:s.end], s.reason) for s in segments]


def test_transcript_stage_directions_and_short_turns():
    text = ("MR PRICE: We will not slam the door. (Laughter.) I know.\n\n"
            "QUESTION: Thank you.\n\n(The briefing was concluded at 2:51 p.m.)")
    reasons = _reasons(text)
    assert reasons["(Laughter.)"] == "stage_direction"
    assert reasons["(The briefing was concluded at 2:51 p.m.)"] == "stage_direction"
    # Inside a turn, a short line is what the speaker said, not a heading or fragment.
    assert reasons["Thank you."] == ""
    assert reasons["I know."] == ""


def test_speaker_tags_of_several_transcript_styles():
    text = ("NATO Secretary General Jens Stoltenberg: Good afternoon.\n\n[Question] Is there a "
            "risk of war?\n\nDEPUTY SECRETARY SHERMAN: Thank you.\n\nQ Thanks, Jen.\n\n"
            "Sergey Ryabkov: Good evening.")
    tags = [s.tag for s in segment_document(text) if s.reason == "speaker_tag"]
    assert tags == ["NATO Secretary General Jens Stoltenberg", "Question", "DEPUTY SECRETARY SHERMAN",
                    "Q", "Sergey Ryabkov"]
    # Lower-case words before a colon are a sentence, not a tag.
    assert not [s for s in segment_document("The envoy said one thing: no.") if s.reason]


def test_sentences_that_start_like_boilerplate_are_kept():
    # "Source:" lines and "Updated 3 hours ago" are page furniture; sentences that
    # merely begin with the same word are statements.
    kept = ["Sources close to the negotiations said a deal was near.",
            "Published reports said the delegation would walk away."]
    furniture = ["Source: Reuters", "Updated 3 hours ago", "Published: 10 January 2022"]
    for line in kept:
        assert [s.reason for s in segment_document(line, "")] == [""], line
    for line in furniture:
        assert [s.reason for s in segment_document(line, "")] == ["boilerplate"], line


def test_a_title_run_into_the_first_paragraph_is_a_heading_and_the_paragraph_is_content():
    # One line break (no blank line) between the title and a first paragraph whose
    # title line is too long to pass for a short heading line on its own.
    title = "Harbour dues standoff deepens as ferry operators reject the council's plan"
    text = (f"{title}\nThe ferry operators rejected the council's plan on Monday, saying "
            "the new dues would double fares.\nThe council said it would not withdraw it.\n")
    segments = segment_document(text, title)
    reasons = [(s.reason, text[s.start:s.end]) for s in segments]
    assert reasons[0] == ("heading", title)
    assert [r for r, _ in reasons[1:]] == ["", ""]
    # A first paragraph that merely begins with the title's words is left alone.
    text = f"{title} for a third week.\nThe council said it would not withdraw it.\n"
    assert all(text[s.start:s.end] != title for s in segment_document(text, title))
