"""Statements, speakers and parties on the seed and on texts in other outlets' styles."""
from __future__ import annotations

import time

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis import config, vocab
from analysis.evaluation.attribution import score_attribution
from analysis.extract import (COVERAGE_COLUMNS, STATEMENT_COLUMNS, clean_statement_text, coverage,
                              extract_statements)

SEED = config.SEEDS_DIR / "000_a4d1898099380f22.txt"
SEED_ID = "000_a4d1898099380f22"
GOLD = config.SEED_ATTRIBUTION_GOLD


def make_docs(text: str, doc_id: str = "doc", title: str = "", speaker: str = "") -> pd.DataFrame:
    """A one-row docs table as ``corpus.load_corpus`` builds it."""
    return pd.DataFrame([{"doc_id": doc_id, "file": f"{doc_id}.txt", "title": title,
                          "date": "2022-01-10", "source": "", "speaker": speaker, "text": text,
                          "encoding": "utf-8", "format": "txt", "language": "en", "notes": ""}])


@pytest.fixture(scope="module")
def seed_docs() -> pd.DataFrame:
    return make_docs(SEED.read_text(encoding="utf-8"), SEED_ID,
                     "No progress seen after Russian-US talks on tensions in Ukraine")


@pytest.fixture(scope="module")
def seed_statements(seed_docs) -> pd.DataFrame:
    return extract_statements(seed_docs)


def rows(statements: pd.DataFrame, text: str) -> list[tuple[str, str, str, str]]:
    """(source span, speaker, party, attribution) per statement, for readable asserts."""
    return [(text[r.char_start:r.char_end], r.speaker, r.party, r.attribution)
            for r in statements.itertuples()]


def who(statements: pd.DataFrame, text: str, prefix: str) -> tuple[str, str]:
    """(speaker, party) of the one statement whose source span starts with ``prefix``."""
    hits = [(r.speaker, r.party) for r in statements.itertuples()
            if text[r.char_start:r.char_end].startswith(prefix)]
    assert len(hits) == 1, (prefix, hits)
    return hits[0]


def find(statements: pd.DataFrame, text: str, fragment: str):
    hits = [r for r in statements.itertuples() if fragment in text[r.char_start:r.char_end]]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


# ------------------------------------------------------------------ seed

def test_table_contract(seed_statements, seed_docs):
    assert tuple(seed_statements.columns) == STATEMENT_COLUMNS
    assert list(seed_statements["statement_id"]) == [f"{SEED_ID}:{n:04d}"
                                                    for n in range(1, len(seed_statements) + 1)]
    assert seed_statements["char_start"].is_monotonic_increasing
    assert set(seed_statements["attribution"]) <= set(vocab.ATTRIBUTIONS)
    for party in seed_statements["party"]:
        assert vocab.is_party_name(party), party


def test_every_span_reproduces_its_source(seed_statements, seed_docs):
    text = seed_docs.loc[0, "text"]
    for r in seed_statements.itertuples():
        source = text[r.char_start:r.char_end]
        assert source and source == source.strip()
        assert clean_statement_text(source) == r.text


def test_seed_accuracy_against_gold_annotation(seed_statements):
    gold = pd.read_csv(GOLD, keep_default_na=False)
    score = score_attribution(seed_statements, gold)
    assert score["party_accuracy"] >= 0.95, score["errors"]
    assert score["speaker_accuracy"] >= 0.95, score["errors"]
    assert score["boilerplate_as_statement"] == 0
    assert score["mixed_party_statements"] == 0


def test_gold_annotation_spans_match_the_seed(seed_docs):
    text = seed_docs.loc[0, "text"]
    gold = pd.read_csv(GOLD, keep_default_na=False)
    for r in gold.itertuples():
        assert text[r.char_start:r.char_end] == r.text


def test_two_parties_in_one_sentence_become_two_statements(seed_statements, seed_docs):
    text = seed_docs.loc[0, "text"]
    moscow = find(seed_statements, text, "Moscow insists on guarantees")
    washington = find(seed_statements, text, "Washington firmly rejects")
    assert (moscow.party, washington.party) == ("Russia", "US")
    assert moscow.sentence == washington.sentence and moscow.char_end < washington.char_start
    assert (moscow.cue, washington.cue) == ("insists", "rejects")
    russia = find(seed_statements, text, "Russia has said it wants")
    nato = find(seed_statements, text, "NATO fears Putin")
    assert (russia.party, nato.party) == ("Russia", "NATO")


def test_pronouns_quotes_and_continuations_on_seed(seed_statements, seed_docs):
    text = seed_docs.loc[0, "text"]
    said = find(seed_statements, text, "It was not what you would call")
    assert (said.speaker, said.cue, said.attribution) == ("Wendy Sherman", "told", "direct_quote")
    assert find(seed_statements, text, "We’re not at the point").speaker == "Wendy Sherman"
    assert find(seed_statements, text, "without Ukraine, Europe without Europe").speaker == "Wendy Sherman"
    # Ryabkov quoting Putin is still Ryabkov speaking.
    assert find(seed_statements, text, "As President Putin has said").speaker == "Sergei Ryabkov"
    # The subject of "said" is Sherman, not Blinken named in the participle before it.
    assert find(seed_statements, text, "Echoing similar comments").speaker == "Wendy Sherman"
    assert find(seed_statements, text, "further violation of Ukrainian").speaker == "Annalena Baerbock"
    analyst = find(seed_statements, text, "Thomas Greminger, director")
    assert (analyst.speaker, analyst.party) == ("Thomas Greminger", vocab.INDEPENDENT)
    # A described source named by the garbled fragment that follows it.
    assert find(seed_statements, text, "will not discuss European security").speaker == "Ned Price"


def test_narration_has_no_party(seed_statements, seed_docs):
    text = seed_docs.loc[0, "text"]
    for fragment in ("clashed on Monday", "Ryabkov spoke following talks", "He did not develop.",
                     "Strategic Security Dialogue", "Talks between Russia and NATO are scheduled"):
        r = find(seed_statements, text, fragment)
        assert (r.speaker, r.party, r.attribution, r.cue) == ("", vocab.NO_PARTY, "narration", "")


def test_coverage_accounts_for_every_seed_sentence(seed_docs, seed_statements):
    cover = coverage(seed_docs)
    assert tuple(cover.columns) == COVERAGE_COLUMNS
    assert list(cover["sentence"]) == list(range(len(cover)))
    assert set(cover["status"]) == {"statement", "set_aside"}
    assert (cover.loc[cover.status == "set_aside", "reason"] != "").all()
    assert (cover.loc[cover.status == "statement", "reason"] == "").all()
    listed = sorted(i for ids in cover["statement_ids"] if ids for i in ids.split(";"))
    assert listed == sorted(seed_statements["statement_id"])
    reasons = set(cover["reason"]) - {""}
    assert {"boilerplate", "contribution_line", "heading", "dateline"} <= reasons
    text = seed_docs.loc[0, "text"]
    visible = [i for i, ch in enumerate(text) if not ch.isspace()]
    covered = bytearray(len(text))
    for r in cover.itertuples():
        covered[r.char_start:r.char_end] = b"\x01" * (r.char_end - r.char_start)
    assert all(covered[i] for i in visible)


def test_clean_statement_text_repairs_stray_stops():
    assert clean_statement_text("shut down “politics. of the open door “of NATO\n which") == \
        "shut down “politics of the open door “of NATO which"
    assert clean_statement_text("the U.S. officials said etc. and so on") == \
        "the U.S. officials said etc. and so on"


# ------------------------------------------------------------------ other outlets

REUTERS_STYLE = """U.S., Russia fail to bridge gaps in Geneva talks on Ukraine | Reuters

By Humeyra Pamuk and Dmitry Antonov

GENEVA, Jan 10 (Reuters) - Russia told the United States on Monday that it must stop NATO's eastward expansion, but Washington said it would not let anyone slam shut the alliance's "open door" policy.

"We are not sure the American side understands the urgency," Deputy Foreign Minister Sergei Ryabkov told reporters after the talks. He added that Moscow needed "ironclad" guarantees.

U.S. Deputy Secretary of State Wendy Sherman said the United States had pushed back on proposals that are "simply non-starters." The deputy secretary said Washington was open to discussing missile deployments.

According to a senior State Department official, the two sides agreed to keep talking.

"We need results," the Kremlin spokesman said.

Russia has massed around 100,000 troops near Ukraine's border. Moscow denies planning an invasion, while Western officials say they fear an attack.

"Talks are the only way forward," said NATO Secretary-General Jens Stoltenberg.

Samuel Charap, a senior political scientist at the RAND Corporation, said the gap between the sides remained wide.

(Reporting by Humeyra Pamuk; Additional reporting by Dmitry Antonov in Moscow; Editing by Grant McCool)
"""


def test_reuters_style_report():
    statements = extract_statements(make_docs(REUTERS_STYLE))
    text = REUTERS_STYLE
    assert who(statements, text, "Russia told the United States on Monday") == ("Russia", "Russia")
    assert who(statements, text, "but Washington said it would not let any") == ("Washington", "US")
    assert who(statements, text, '"We are not sure the American side under') == ("Sergei Ryabkov", "Russia")
    assert who(statements, text, "He added that Moscow needed \"ironclad\" gu") == ("Sergei Ryabkov", "Russia")
    assert who(statements, text, "The deputy secretary said Washington was") == ("Wendy Sherman", "US")
    assert who(statements, text, "According to a senior State Department o") == ("a senior State Department official", "US")
    assert who(statements, text, '"We need results," the Kremlin spokesman') == ("Dmitry Peskov", "Russia")
    assert who(statements, text, "Russia has massed around 100,000 troops ") == ("", vocab.NO_PARTY)
    assert who(statements, text, "Moscow denies planning an invasion,") == ("Moscow", "Russia")
    assert who(statements, text, "while Western officials say they fear an")[1] == "NATO"
    assert who(statements, text, '"Talks are the only way forward," said NA') == ("Jens Stoltenberg", "NATO")
    assert who(statements, text, "Samuel Charap, a senior political scient") == ("Samuel Charap", vocab.INDEPENDENT)
    cover = coverage(make_docs(REUTERS_STYLE))
    assert {"heading", "byline", "dateline", "credit"} <= set(cover["reason"])
    assert not any("Reporting by" in s for s, *_ in rows(statements, text))


AP_STYLE = ("Russia, US hold talks amid Ukraine tensions\r\n\r\nBy JAMEY KEATEN and MATTHEW LEE "
            "Associated Press\r\n\r\nVIENNA (AP) — Russian Foreign Minister Sergey Lavrov said Thursday "
            "that Moscow wanted a written answer within days. The top Russian diplomat added that the "
            "West had ignored Russia's concerns for years.\r\n\r\n\"We will not wait forever,\" Lavrov "
            "said. \"Our patience has limits.\"\r\n\r\nA Russian official, speaking on condition of "
            "anonymity, said Moscow was disappointed.\r\n\r\nUkraine's foreign minister, Dmytro Kuleba, "
            "urged the West to impose sanctions now. He warned that Russia could attack at any moment."
            "\r\n\r\nAn unnamed Belarusian diplomat said Minsk backed Moscow.\r\n\r\nFILE - Russian "
            "President Vladimir Putin attends a meeting in Moscow. (Kremlin Pool Photo via AP)\r\n\r\n"
            "Associated Press writer Vladimir Isachenkov in Moscow contributed to this report.\r\n")


def test_ap_style_titles_pronouns_and_unknown_sources():
    statements = extract_statements(make_docs(AP_STYLE))
    text = AP_STYLE
    assert who(statements, text, "The top Russian diplomat added") == ("Sergei Lavrov", "Russia")
    assert who(statements, text, '"Our patience has limits."') == ("Sergei Lavrov", "Russia")
    assert who(statements, text, "A Russian official, speaking o") == ("A Russian official", "Russia")
    assert who(statements, text, "Ukraine's foreign minister, Dm") == ("Dmytro Kuleba", "Ukraine")
    assert who(statements, text, "He warned that Russia could at") == ("Dmytro Kuleba", "Ukraine")
    assert who(statements, text, "An unnamed Belarusian diplomat")[1] == "Belarus"
    assert not any(span.startswith(("FILE", "Associated Press writer", "By JAMEY"))
                   for span, *_ in rows(statements, AP_STYLE))
    for r in statements.itertuples():
        assert "\r" not in r.text


STATE_BRIEFING = """Department Press Briefing - January 10, 2022

Ned Price, Department Spokesperson
Washington, D.C.

MR PRICE: Good afternoon. Deputy Secretary Sherman met today with Russian Deputy Foreign Minister Ryabkov in Geneva. We made clear that we will not negotiate over the heads of our European allies.

Russia's proposals include a halt to NATO enlargement. These include demands to stop admitting new members, and we have been clear that those are non-starters.

QUESTION: Ned, did the Russians give any indication they would pull back troops?

MR PRICE: We have not seen any de-escalation. Moscow says it has no intention of invading Ukraine, but its actions tell a different story.
"""


def test_state_department_transcript_tags_and_embedded_positions():
    statements = extract_statements(make_docs(STATE_BRIEFING))
    text = STATE_BRIEFING
    got = rows(statements, text)
    assert all(attribution == "transcript" for *_, attribution in got)
    assert who(statements, text, "We made clear that we will n") == ("Ned Price", "US")
    assert who(statements, text, "Russia's proposals include a") == ("Ned Price", "Russia")
    assert who(statements, text, "These include demands to sto") == ("Ned Price", "Russia")
    assert who(statements, text, "and we have been clear that ") == ("Ned Price", "US")
    assert who(statements, text, "Ned, did the Russians give a") == ("Question", vocab.NO_PARTY)
    assert who(statements, text, "Moscow says it has no intent") == ("Ned Price", "Russia")
    assert who(statements, text, "but its actions tell a diffe") == ("Ned Price", "US")
    assert set(statements["cue"]) == {"MR PRICE", "QUESTION"}
    assert not any("Department Spokesperson" in span for span, *_ in got)


def test_mfa_transcript_title_case_tags_and_document_speaker():
    mfa = ("Foreign Minister Sergey Lavrov's remarks and answers to media questions\n\n"
           "Sergey Lavrov: We have conveyed our proposals to the United States and NATO.\n\n"
           "Question: Will Russia walk away from the talks?\n\n"
           "Sergey Lavrov: We do not want to walk away, but our patience is not unlimited.\n")
    got = rows(extract_statements(make_docs(mfa)), mfa)
    assert [(s, p) for _, s, p, _ in got] == [("Sergei Lavrov", "Russia"), ("Question", "none"),
                                              ("Sergei Lavrov", "Russia")]
    statement = ("NATO has received Russia's draft treaty.\r\n\r\nThese include demands to stop "
                 "admitting new members. Allies will not compromise on core principles.")
    got = rows(extract_statements(make_docs(statement, speaker="Jens Stoltenberg")), statement)
    assert [(s, p, a) for _, s, p, a in got] == [
        ("Jens Stoltenberg", "NATO", "transcript"), ("Jens Stoltenberg", "Russia", "transcript"),
        ("Jens Stoltenberg", "NATO", "transcript")]


def test_corpus_actor_table_is_used(tmp_path):
    from analysis.actors import load_actors

    extra = tmp_path / "actors.csv"
    extra.write_text("name,aliases,party,pronoun\nOlena Petrenko,Petrenko,Ukraine,she\n",
                     encoding="utf-8")
    text = "Petrenko said Kyiv would not yield. “We stand firm,” she said."
    got = rows(extract_statements(make_docs(text), load_actors(extra)), text)
    assert [(s, p) for _, s, p, _ in got] == [("Olena Petrenko", "Ukraine")] * 2


def test_several_documents_are_sorted_and_numbered_per_document():
    docs = pd.concat([make_docs("Lavrov said no. Blinken said yes.", "b"),
                      make_docs("Peskov said maybe.", "a")], ignore_index=True)
    statements = extract_statements(docs)
    assert list(statements["statement_id"]) == ["a:0001", "b:0001", "b:0002"]
    assert list(statements["party"]) == ["Russia", "Russia", "US"]


def test_empty_and_boilerplate_only_documents():
    assert extract_statements(make_docs("")).empty
    empty = coverage(make_docs(""))
    assert list(empty[["status", "reason"]].iloc[0]) == ["set_aside", "empty_document"]
    docs = make_docs("Source link\n\nComments are closed.")
    assert extract_statements(docs).empty
    assert set(coverage(docs)["status"]) == {"set_aside"}


def test_speed_of_text_stages(seed_docs):
    docs = pd.concat([seed_docs.assign(doc_id=f"d{i:03d}", text=seed_docs.loc[0, "text"] + " " * i)
                      for i in range(40)], ignore_index=True)
    started = time.process_time()
    n = len(extract_statements(docs))
    rate = n / (time.process_time() - started)
    assert rate > 1000, rate  # target ~5,000/s on an idle core; loose bound for busy CI


# ------------------------------------------------------------------ properties

_PIECES = st.sampled_from([
    "Lavrov said", " she said", "“", "”", "\"", "‘", "’", ". ", ", while ", ", but ", "Moscow",
    " insists ", "We cannot. go back", "\n\n", "\r\n", "MR PRICE: ", "QUESTION: ", "Source link",
    "According to officials, ", "the minister added", "x", "Ä", " ", "!", "?", "…", "___", "– ",
    "GENEVA – ", "NATO", "a", "U.S.", ";", "[Question] ", "\nQ ", "\nA: ", "(Laughter.)",
    "Read more:\n", "NATO Secretary General Jens Stoltenberg: ", "MODERATOR: ", "the union said",
])


@settings(max_examples=120, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from(["", "Ned Price"]))
def test_statement_invariants_on_generated_text(text, speaker):
    docs = make_docs(text, speaker=speaker)
    statements = extract_statements(docs)
    cover = coverage(docs)
    previous_end = 0
    in_statement = bytearray(len(text))
    for r in statements.itertuples():
        assert 0 <= r.char_start < r.char_end <= len(text)
        assert r.char_start >= previous_end  # sorted, non-overlapping
        previous_end = r.char_end
        assert vocab.is_party_name(r.party) or r.party
        assert r.attribution in vocab.ATTRIBUTIONS
        in_statement[r.char_start:r.char_end] = b"\x01" * (r.char_end - r.char_start)
    for r in cover.itertuples():
        if r.status == "statement":
            body = text[r.char_start:r.char_end]
            lost = [ch for i, ch in enumerate(body)
                    if not ch.isspace() and not in_statement[r.char_start + i]]
            assert lost == []
        else:
            assert r.reason
    visible = sum(1 for ch in text if not ch.isspace())
    covered = bytearray(len(text))
    for r in cover.itertuples():
        covered[r.char_start:r.char_end] = b"\x01" * (r.char_end - r.char_start)
    assert sum(1 for i, ch in enumerate(text) if covered[i] and not ch.isspace()) == visible


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_no_crash_on_arbitrary_unicode(text):
    statements = extract_statements(make_docs(text))
    assert (statements["char_end"] <= len(text)).all()


BBC_STYLE = """Mr Lavrov said Russia had been "deceived" by Nato for decades. Ms Sherman told the BBC that America would stand by its allies.

The White House said in a statement that it remained committed to diplomacy.

“There will be consequences,

“massive consequences,” Ms Truss said.

The UK's foreign secretary said Britain stood with Ukraine. Still, officials in London played down the prospect of troops.

It is not clear when talks will resume, a senior US administration official told reporters.

Kyiv has rejected any deal made without it, and Poland warned that Europe faced its gravest crisis in decades.
"""


def test_bbc_style_honorifics_institutions_and_quotes_over_paragraphs():
    statements = extract_statements(make_docs(BBC_STYLE))
    text = BBC_STYLE
    assert who(statements, text, "Mr Lavrov said") == ("Sergei Lavrov", "Russia")
    assert who(statements, text, "Ms Sherman told the BBC") == ("Wendy Sherman", "US")
    assert who(statements, text, "The White House said") == ("White House", "US")
    # A quotation running over a paragraph break takes the attribution after it.
    assert who(statements, text, "“There will be consequences,") == ("Liz Truss", "UK")
    assert who(statements, text, "The UK's foreign secretary said") == ("Liz Truss", "UK")
    assert who(statements, text, "Still, officials in London") == ("officials in London", "UK")
    # An indefinite description keeps its article: it introduces a new, unnamed source.
    assert who(statements, text, "It is not clear when talks") == \
        ("a senior US administration official", "US")
    assert who(statements, text, "Kyiv has rejected") == ("Kyiv", "Ukraine")
    assert who(statements, text, "and Poland warned") == ("Poland", "Poland")


def test_a_lone_unknown_line_label_is_not_a_transcript_speaker():
    text = ("NEW DELHI: The United States and Russia held talks in Geneva on Monday.\n\n"
            "Russia insisted on guarantees, while Washington rejected them.")
    statements = extract_statements(make_docs(text))
    assert "transcript" not in set(statements["attribution"])
    assert who(statements, text, "The United States and Russia held") == ("", vocab.NO_PARTY)
    assert who(statements, text, "while Washington rejected") == ("Washington", "US")
    assert "dateline" in set(coverage(make_docs(text))["reason"])


TASS_STYLE = """Ryabkov: Russia expects concrete answers from US on security guarantees

GENEVA, January 10. /TASS/. Russia expects the United States to give concrete answers to its proposals on security guarantees, Russian Deputy Foreign Minister Sergey Ryabkov told reporters after the talks.

"We need legally binding guarantees," the diplomat stressed. According to him, Moscow will decide on further steps after the NATO-Russia Council meeting.

Earlier, Kremlin Spokesman Dmitry Peskov said that Moscow had no illusions about the talks. The US delegation was headed by Deputy Secretary of State Wendy Sherman.
"""


def test_agency_style_dateline_trailing_attribution_and_object_pronoun():
    text = TASS_STYLE
    statements = extract_statements(make_docs(text))
    assert who(statements, text, "Russia expects the United States") == ("Sergei Ryabkov", "Russia")
    assert who(statements, text, '"We need legally binding') == ("Sergei Ryabkov", "Russia")
    according = find(statements, text, "According to him")
    assert (according.speaker, according.cue) == ("Sergei Ryabkov", "According to")
    assert who(statements, text, "Earlier, Kremlin Spokesman") == ("Dmitry Peskov", "Russia")
    assert who(statements, text, "The US delegation was headed") == ("", vocab.NO_PARTY)
    reasons = coverage(make_docs(text))["reason"]
    assert list(reasons[reasons != ""]) == ["heading", "dateline"]


def test_docs_table_without_text_is_an_input_error():
    from analysis.errors import InputError

    with pytest.raises(InputError, match="missing column 'text'"):
        extract_statements(pd.DataFrame({"doc_id": ["a"]}))


def test_anaphoric_demands_take_the_owner_named_before_them():
    text = ("Russia's draft treaty was handed over in December. These include demands to stop "
            "admitting new members. Later, Ukraine's proposals were tabled in Paris.")
    got = rows(extract_statements(make_docs(text, speaker="Jens Stoltenberg")), text)
    assert [p for _, _, p, _ in got] == ["Russia", "Russia", "Ukraine"]


# ------------------------------------------------------------------ generalisation patterns
# Short texts written for each rule; they stand for other outlets' reports and for
# official transcripts (State Department, Russian MFA, NATO, White House).

LABOUR_DIR = config.ROOT / "tests" / "data" / "corpora" / "labour"


def test_institutions_named_by_common_nouns_of_a_corpus_actor_table():
    from analysis import actors, corpus

    table = actors.load_actors(LABOUR_DIR / "actors.csv")
    statements = extract_statements(corpus.load_corpus(LABOUR_DIR), table)
    by_id = statements.set_index("statement_id")
    assert by_id.loc["001_strike_vote:0005", "text"].startswith("The authority rejected")
    assert by_id.loc["001_strike_vote:0005", "party"] == "Employer"
    assert by_id.loc["002_talks_resume:0010", "text"].startswith("The authority warned")
    assert by_id.loc["002_talks_resume:0010", "party"] == "Employer"
    assert by_id.loc["003_mediator:0003", "text"].startswith("The union said it accepts")
    assert tuple(by_id.loc["003_mediator:0003", ["speaker", "party"]]) == \
        ("Transit Workers Union", "Union")
    text = ("Management rejected the claim. Talks will resume on Monday, according to the union. "
            "\u201cWe are not moving,\u201d said the company. A company spokesman said the offer "
            "was final. He said the door stayed open. The price of tickets rose.")
    found = extract_statements(make_docs(text), table)
    assert who(found, text, "Management rejected") == ("Metro Transit Authority", "Employer")
    assert who(found, text, "Talks will resume") == ("Transit Workers Union", "Union")
    assert who(found, text, "\u201cWe are not moving") == ("Metro Transit Authority", "Employer")
    assert who(found, text, "A company spokesman said") == ("A company spokesman", "Employer")
    assert who(found, text, "He said the door") == ("A company spokesman", "Employer")
    assert who(found, text, "The price of tickets") == ("", "none")


def test_builtin_common_noun_institutions_are_subjects():
    text = "The alliance rejected the demand. The military alliance said it would not close its door."
    found = extract_statements(make_docs(text))
    assert who(found, text, "The alliance rejected") == ("NATO", "NATO")
    assert who(found, text, "The military alliance said") == ("NATO", "NATO")


NATO_PRESSER = """NATO Secretary General Jens Stoltenberg: Good afternoon. Russia has made proposals on European security. These include demands to stop admitting new members.

Allies will not compromise on core principles.

Moderator: We start with Reuters.

[Question] Did Russia say that it would withdraw its troops?

NATO Secretary General Jens Stoltenberg: Russia did not commit to that. [inaudible] We are ready to meet again.

(Laughter.)
"""


def test_nato_transcript_mixed_case_tags_bracketed_questions_and_moderator():
    text = NATO_PRESSER
    found = extract_statements(make_docs(text))
    assert set(found["attribution"]) == {"transcript"}
    assert who(found, text, "Good afternoon.") == ("Jens Stoltenberg", "NATO")
    assert who(found, text, "Russia has made proposals") == ("Jens Stoltenberg", "Russia")
    assert who(found, text, "These include demands") == ("Jens Stoltenberg", "Russia")
    assert who(found, text, "Allies will not") == ("Jens Stoltenberg", "NATO")
    assert who(found, text, "We start with Reuters.") == ("Moderator", "none")
    # A question that names Russia's position is still the press asking: party none.
    assert who(found, text, "Did Russia say") == ("Question", "none")
    assert who(found, text, "Russia did not commit") == ("Jens Stoltenberg", "NATO")
    cover = coverage(make_docs(text))
    laughter = cover[cover["char_start"] == text.index("(Laughter.)")]
    assert list(laughter["reason"]) == ["stage_direction"]
    tags = cover[cover["reason"] == "speaker_tag"]
    assert [text[r.char_start:r.char_end] for r in tags.itertuples()][:3] == \
        ["NATO Secretary General Jens Stoltenberg:", "Moderator:", "[Question]"]


def test_question_answer_interview_takes_the_document_speaker_and_bare_q_tags():
    text = ("Q: What did the talks achieve?\n\nA: The results are not encouraging. NATO must stop "
            "its expansion.\n\nQ: And if the West says no?\n\nA: Then we will take measures.")
    found = extract_statements(make_docs(text, speaker="Sergey Lavrov"))
    assert who(found, text, "What did the talks") == ("Question", "none")
    assert who(found, text, "The results are not") == ("Sergei Lavrov", "Russia")
    assert who(found, text, "And if the West") == ("Question", "none")
    assert who(found, text, "Then we will") == ("Sergei Lavrov", "Russia")
    white_house = ("MS. PSAKI: Hi, everyone. We've been clear about the costs.\n\n"
                   "Q Thanks, Jen. The Russians say they see no reason for more talks.\n\n"
                   "MS. PSAKI: Go ahead.\n\nQ Just to follow up \u2014\n\nMS. PSAKI: Thanks, everyone.")
    found = extract_statements(make_docs(white_house))
    assert who(found, white_house, "Thanks, Jen.") == ("Question", "none")
    assert who(found, white_house, "The Russians say") == ("Question", "none")
    assert who(found, white_house, "Go ahead.") == ("Jen Psaki", "US")
    assert who(found, white_house, "Just to follow up") == ("Question", "none")


def test_trailing_speech_frame_names_the_source_of_the_clause():
    text = ("Kremlin spokesman Dmitry Peskov said Russia would not wait. Russia wants results "
            "quickly, he told reporters.\n\nRussia has told Western diplomats that it could walk "
            "away, three diplomatic sources said on Thursday.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "Russia wants results") == ("Dmitry Peskov", "Russia")
    assert who(found, text, "Russia has told Western") == ("three diplomatic sources", "unknown")
    # A relative clause ("which it says …") inside the report is not a closing frame.
    text = "The Kremlin said the talks were useful. NATO rejects the demand, which it says is unacceptable."
    found = extract_statements(make_docs(text))
    assert who(found, text, "NATO rejects") == ("NATO", "NATO")


def test_appositions_with_auxiliaries_and_names_after_titles():
    text = ("The US secretary of state, Antony Blinken, has warned Russia of massive consequences. "
            "Nato's secretary general, Jens Stoltenberg, has said the door stays open. "
            "The African Union's envoy, former Nigerian president Olusegun Obasanjo, said both "
            "sides wanted peace. \u201cNeither side expected a breakthrough,\u201d said Samuel "
            "Charap, a political scientist at the Rand Corporation.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "The US secretary of state") == ("Antony Blinken", "US")
    assert who(found, text, "Nato's secretary general") == ("Jens Stoltenberg", "NATO")
    assert who(found, text, "The African Union's envoy")[0] == "Olusegun Obasanjo"
    assert who(found, text, "\u201cNeither side") == ("Samuel Charap", "independent")


def test_unnamed_officials_keep_their_description_and_party():
    text = ("U.S. Deputy Secretary of State Wendy Sherman said the talks were frank. A senior State "
            "Department official said no date was set. \u201cWe are ready,\u201d the official added."
            "\n\nWestern diplomats said privately they saw little room for compromise. Russian "
            "officials denied planning an invasion, while western governments say the troops "
            "remain. Russia's deputy foreign minister said Moscow's concerns were ignored."
            "\n\nThe Kremlin said it was not satisfied. Moscow wants a written response, its "
            "spokesman said. An Elysee official said Paris wanted dialogue. \u201cThere is no "
            "alternative,\u201d the official added.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "A senior State") == ("A senior State Department official", "US")
    assert who(found, text, "\u201cWe are ready") == ("A senior State Department official", "US")
    assert who(found, text, "Western diplomats") == ("Western diplomats", "NATO")
    assert who(found, text, "while western governments")[1] == "NATO"
    assert who(found, text, "Russia's deputy foreign minister")[1] == "Russia"
    assert who(found, text, "Moscow wants a written") == ("Dmitry Peskov", "Russia")
    assert who(found, text, "\u201cThere is no alternative") == ("An Elysee official", "France")


def test_surnames_capitals_and_people_outside_the_table():
    text = ("Azerbaijani President Ilham Aliyev demanded a corridor. \u201cThere can be no peace "
            "without it,\u201d Aliyev said. The Armenian foreign ministry rejected the demand, while "
            "Baku accused Yerevan of stalling. Michel told reporters both leaders agreed.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "\u201cThere can be no peace") == ("Ilham Aliyev", "Azerbaijan")
    assert who(found, text, "The Armenian foreign ministry")[1] == "Armenia"
    assert who(found, text, "while Baku accused") == ("Baku", "Azerbaijan")
    assert who(found, text, "Michel told") == ("Charles Michel", "EU")


def test_declining_to_comment_is_narration():
    text = ("Eritrea did not respond to a request for comment. The Kremlin declined to comment. "
            "Peskov said Russia would respond. \u201cWe did not respond to threats,\u201d Lavrov said.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "Eritrea did not") == ("", "none")
    assert who(found, text, "The Kremlin declined") == ("", "none")
    assert who(found, text, "Peskov said") == ("Dmitry Peskov", "Russia")
    assert who(found, text, "\u201cWe did not respond") == ("Sergei Lavrov", "Russia")


def test_adverbials_between_subject_and_verb_and_institution_titles():
    text = ("MOSCOW (AP) \u2014 The Kremlin on Thursday rejected U.S. warnings of sanctions. "
            "Russia's Foreign Ministry said in a statement that the situation was dangerous. "
            "The ministry also accused the alliance of aggressive maneuvers. The talks ended "
            "on Thursday.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "The Kremlin on Thursday") == ("Kremlin", "Russia")
    assert who(found, text, "The ministry also accused") == ("Russian Foreign Ministry", "Russia")
    assert who(found, text, "The talks ended") == ("", "none")


def test_a_republished_statement_belongs_to_whoever_the_text_announces():
    text = ("The foreign ministers of the African Union met in Addis Ababa on Monday.\n\n"
            "Below is their full statement after the meeting:\n\n"
            "We call on both sides to return to the table without conditions. "
            "The parties will meet again in Nairobi on 3 May.\n\n"
            "AU Commission Chairperson Moussa Faki Mahamat made the following statement after the meeting.\n\n"
            "No side can win this war. I urge the leaders to choose peace.\n\n"
            "Kenyan Foreign Minister Amani Juma said Nairobi was ready to host the talks.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "Below is their")[1] == "none"
    assert who(found, text, "We call on both sides")[1] == "African Union"
    assert who(found, text, "The parties will meet")[1] == "African Union"
    assert who(found, text, "AU Commission Chairperson")[1] == "none"
    assert who(found, text, "No side can win") == ("Moussa Faki Mahamat", "African Union")
    assert who(found, text, "I urge the leaders")[1] == "African Union"
    assert who(found, text, "Kenyan Foreign Minister") == ("Amani Juma", "Kenya")


def test_he_after_a_sentence_whose_subject_is_a_person_is_that_person():
    text = ("US envoy Daniel Brooks praised the Kenyan mediators. "
            "Ghanaian Finance Minister Kofi Asante left the talks early. "
            "He told reporters that Accra would not sign.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "US envoy") == ("Daniel Brooks", "US")
    assert who(found, text, "He told reporters") == ("Kofi Asante", "Ghana")


def test_a_dashed_apposition_between_subject_and_verb():
    text = "However, Kenya — the largest donor to the fund — responded coldly to the request."
    found = extract_statements(make_docs(text))
    assert who(found, text, "However, Kenya") == ("Kenya", "Kenya")


def test_a_mediator_reporting_a_partys_move_gives_that_partys_position():
    text = ("EU envoy Anna Berg announced overnight that Kenya and Somalia had reached a deal to end "
            "their row over fishing rights, which Nairobi, Washington and the African Union had warned "
            "could escalate. “Kenya will stop issuing licences with Somali port names,” Berg said, while "
            "“Somalia will cease any further arrests of fishing crews.” “This is a good day.” "
            "Berg said the EU will now monitor the deal.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "EU envoy Anna Berg") == ("Anna Berg", "Kenya")
    assert who(found, text, "“Kenya will stop") == ("Anna Berg", "Kenya")
    assert who(found, text, "while “Somalia will cease") == ("Anna Berg", "Somalia")
    assert who(found, text, "“This is a good day") == ("Anna Berg", "EU")
    assert who(found, text, "Berg said the EU") == ("Anna Berg", "EU")


def test_requested_is_a_frame_after_an_apposition():
    text = ("The US special envoy for the Horn of Africa, Daniel Brooks, has requested that Mogadishu "
            "come up with a proposal.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "The US special envoy") == ("Daniel Brooks", "US")


def test_a_subject_with_companions_speaks_for_its_first_member():
    text = ("But Canada and many other Commonwealth members reject the proposed levy.\n\n"
            "Peru's government and Bolivia’s indigenous farmers want the quota lifted.\n\n"
            "Chilean Defence Minister Luis Ortega said the navy would stay. "
            "Ortega and other government officials remain concerned about the rebels’ motives.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "But Canada and")[1] == "Canada"
    assert who(found, text, "Peru's government and")[1] == "Peru"
    assert who(found, text, "Ortega and other") == ("Luis Ortega", "Chile")


def test_the_government_of_a_place_a_movement_is_named_after_and_its_spelling_variants():
    text = ("The Karavia People's Liberation Front (KPLF) said it was ready for talks with Moldova. "
            "Moldovan troops stayed near the border of Moldova.\n\n"
            "In a statement, the government of Karavia says Moldovan forces continue to shell villages.\n\n"
            "The Karavya regional government said it wants the troops withdrawn.\n\n"
            "Karavyan authorities said they want monitors.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "In a statement")[1] == "KPLF"
    assert who(found, text, "The Karavya regional")[1] == "KPLF"
    assert who(found, text, "Karavyan authorities")[1] == "KPLF"


def test_a_frameless_paragraph_that_prescribes_continues_the_last_speaker():
    text = ("The UN special envoy for Yemen, Hans Lund, has asked Riyadh to come up with a plan for the port.\n\n"
            "Meanwhile, the rebels should make clear that attacks on ships will end.\n\n"
            "The port was closed in March.\n\n"
            "Lund said the talks would go on. If Sanaa does not want a truce, it should say what it wants instead.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "Meanwhile, the rebels") == ("Hans Lund", "UN")
    assert who(found, text, "The port was closed")[1] == "none"
    assert who(found, text, "If Sanaa does not") == ("Hans Lund", "UN")


def test_a_quoted_readout_after_a_call_belongs_to_the_caller():
    text = ("Rebel delegates arrived in Oslo on Monday. Earlier, Norwegian Foreign Minister Anne Holt spoke "
            "with Chile’s President, Luis Ortega, and “praised his role in keeping the talks alive.” "
            "She also spoke with Peru’s foreign minister, Ana Rojas, “on how to keep the talks on track.”\n\n"
            "The delegates met in a hotel near the “peace palace”.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "Earlier, Norwegian") == ("Anne Holt", "Norway")
    assert who(found, text, "She also spoke") == ("Anne Holt", "Norway")
    assert who(found, text, "The delegates met")[1] == "none"


def test_thanks_and_commendations_are_frames_after_a_relative_clause():
    text = ("Former Chilean president Luis Ortega, who is also involved in the talks, thanked the "
            "commanders for their commitment to peace.\n\n"
            "The Norwegian foreign ministry commended both delegations for their patience.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "Former Chilean")[0] == "Luis Ortega"
    assert who(found, text, "The Norwegian foreign")[1] == "Norway"


def test_echoing_is_a_frame_and_an_included_proposal_is_its_owners():
    text = ("Ana Rojas, the chair of the Peruvian senate committee on trade, essentially echoed the "
            "minister’s view that the quotas must go.\n\n"
            "Early drafts of the text the ministers reached on Monday included a Danish proposal to cap "
            "the catch for five years.")
    found = extract_statements(make_docs(text))
    assert who(found, text, "Ana Rojas") == ("Ana Rojas", "Peru")
    assert who(found, text, "Early drafts")[1] == "Denmark"
