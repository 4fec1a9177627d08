"""The phenomena issue 13 lists under "Why", one test per rule, on sentences written here.

None of these sentences comes from the seed or the development set; each is a
plain English way of reporting a move in some negotiation.
"""
from __future__ import annotations

import pytest

from analysis import stance


def rules(text: str) -> stance.RuleAnalysis:
    return stance.analyse_text(text)


# --------------------------------------------------------------------------- dropping one's own demand

@pytest.mark.parametrize("text", [
    "The union dropped its demand that the depot stay open.",
    "Ankara withdrew its objection to the pipeline route.",
    "The landlords' association softened its opposition to rent caps.",
    "Quito abandoned its insistence on a five-year moratorium.",
    "The pilots no longer insist on a seniority clause.",
    "Madrid has backed away from its demand for a written apology.",
    "The ministry scaled back its requirements for the licence.",
    "Hanoi no longer rules out joint patrols in the gulf.",
])
def test_dropping_withdrawing_or_softening_ones_own_demand_is_a_concession(text):
    found = rules(text)
    assert found.primary == "concession", (text, found.matches)
    assert "demand" not in found.categories and "red_line" not in found.categories


def test_a_dropped_demand_keeps_the_demand_cue_but_cancelled():
    found = rules("The rebels withdrew their demand that the governor resign.")
    assert found.primary == "concession"
    assert any(m.category == "demand" and m.negated for m in found.matches)


# --------------------------------------------------------------------------- rejections beyond the lexicon

@pytest.mark.parametrize("text", [
    "The finance minister scrapped the idea of a windfall levy.",
    "Tokyo nixed the plan for a joint fishing authority.",
    "The assembly dismissed the resolution as meddling.",
    "The cabinet turned down the proposal for a referendum.",
    "The board brushed aside the workers' demands.",
    "The premier laughed off the opposition's ultimatum.",
    "The envoy called the other side's demands absurd.",
    "Those are delusional demands, the spokesman said.",
    "We have never agreed to conditions of that kind.",
    "The ministry will accept nothing beyond what was signed in 2015.",
    "That is what we are willing to discuss and nothing more.",
    "These questions are beyond the scope of the talks.",
    "The status of the airport is not subject to negotiation.",
    "There will be no extension of the deadline, the minister said.",
    "The governor vowed never to pardon the organisers.",
    "We are not leaving the disputed ridge.",
    "The studio does not want to reopen the residuals formula.",
    "The agency cannot make such a commitment on behalf of its successor.",
])
def test_rejection_verbs_and_phrasings_are_red_lines(text):
    assert rules(text).primary == "red_line", (text, rules(text).matches)


def test_a_rejection_phrasing_that_is_an_excuse_for_no_comment_is_not_a_red_line():
    assert rules("The spokesman did not want to comment on the talks.").primary == "other"


# --------------------------------------------------------------------------- imperatives and necessity

@pytest.mark.parametrize("text", [
    "Show us the documents.",
    "\u201cRelease the fishermen now,\u201d the minister told the embassy.",
    "MS OKAFOR: Give the inspectors their access back.",
    "Stop the shelling and we will talk.",
    "Don't even think about crossing the river.",
])
def test_imperatives_addressed_to_the_other_side_are_demands(text):
    found = rules(text)
    assert found.primary in ("demand", "threat"), (text, found.matches)
    assert found.imperative and "demand" in found.categories


@pytest.mark.parametrize("text", [
    "Release of the prisoners began on Tuesday.",
    "Return is not an easy word for the refugees.",
    "Let me be clear about our position on the levy.",
    "Talks resumed in Doha on Monday.",
])
def test_a_sentence_starting_with_a_base_form_noun_or_let_me_is_not_an_order(text):
    found = rules(text)
    assert not found.imperative
    assert "demand" not in found.categories


@pytest.mark.parametrize("text", [
    "What is required now is a serious proposal.",
    "A new approach is essential.",
    "What we need is a date for the withdrawal.",
    "It is time for the employers to come back with a real offer.",
    "There is no time to lose on the grain corridor.",
    "We very much need a change in approach from Brussels.",
    "We want it signed before the end of the month.",
    "The nurses argued for mandatory staffing ratios.",
])
def test_necessity_constructions_and_first_person_needs_are_demands(text):
    assert rules(text).primary == "demand", (text, rules(text).matches)


def test_must_haves_are_a_noun_not_a_demand():
    assert rules("The campaigners listed their must-haves for the summit.").primary == "other"


# --------------------------------------------------------------------------- readiness and openness

@pytest.mark.parametrize("text", [
    "We are open to a good-faith effort to settle this.",
    "Negotiators will return to the table next week.",
    "The federation stands ready to talk to the clubs.",
    "The government said its door remained open to the strikers.",
    "Pretoria signalled willingness to revisit the tariff schedule.",
    "The rebels announced a unilateral ceasefire over the holidays.",
    "The two unions reached a tentative agreement with the port operator.",
    "The council approved the mediators' proposal on Friday.",
])
def test_readiness_and_openness_are_concessions(text):
    assert rules(text).primary == "concession", (text, rules(text).matches)


def test_resuming_talks_as_a_prediction_is_not_a_concession():
    assert rules("An aide said the best outcome would be an easing of tensions and "
                 "resumed talks at some point.").primary == "other"


@pytest.mark.parametrize("text", [
    "The ministry conceded that no progress had been made.",
    "The framework agreed by both leaders last year still stands.",
    "Nothing is agreed until everything is agreed.",
])
def test_admissions_and_agreed_as_a_participle_are_not_concessions(text):
    assert rules(text).primary == "other", (text, rules(text).matches)


# --------------------------------------------------------------------------- conditional harm and ultimatums

@pytest.mark.parametrize("text", [
    "The alliance will pull its troops out unless the junta sets an election date.",
    "Brussels is prepared to tighten sanctions should the talks fail.",
    "The army gave the rebels an ultimatum to leave the valley.",
    "The donors will suspend aid if the government does not free the journalists.",
    "The defence minister said the army would keep attacking rebel units.",
    "The insurgents vowed to step up their offensive in the north.",
    "We will be on strike from Monday morning.",
])
def test_conditional_harmful_steps_and_ultimatums_are_threats(text):
    assert rules(text).primary == "threat", (text, rules(text).matches)


def test_a_conditional_withdrawal_offered_in_return_stays_a_concession():
    found = rules("We would withdraw two battalions if the other side did the same.")
    assert (found.primary, found.conditional) == ("concession", True)
    assert not found.negative_conditional


# --------------------------------------------------------------------------- third parties' positions

@pytest.mark.parametrize("text, expected", [
    ("The mediators insisted that the rebels had rejected the latest map.", "red_line"),
    ("Officials insisted that Lagos had agreed to the swap.", "concession"),
    ("The envoy insists the junta will not hand over power.", "red_line"),
    ("Diplomats said the monarchy was ready to accept a federal model.", "concession"),
    ("The president insists that the fund will not happen.", "red_line"),
])
def test_a_statement_about_a_third_partys_position_is_labelled_for_that_position(text, expected):
    assert rules(text).primary == expected, (text, rules(text).matches)


def test_insisting_on_a_demand_is_still_a_demand():
    assert rules("Santiago insists on a binding arbitration clause.").primary == "demand"


def test_an_insistence_that_only_asserts_a_fact_makes_no_demand():
    assert rules("The commissioner insisted that membership was the best arrangement.").primary == "other"


# --------------------------------------------------------------------------- features

def test_subject_person_and_modality_features():
    first = rules("We must see the ceasefire respected.")
    third = rules("The union must see the ceasefire respected.")
    order = rules("Open the crossings.")
    assert (first.person, third.person, order.person) == (1, 3, 2)
    assert first.necessity and not rules("The talks ended.").necessity
    assert rules("The union will strike if the offer is not improved.").negative_conditional
    features = stance.rule_features([first, order])
    names = list(stance.RULE_FEATURE_NAMES)
    assert features.shape == (2, len(names))
    assert features[0, names.index("person_1")] == 1 and features[1, names.index("imperative")] == 1


# --------------------------------------------------------------------------- long input (issue 16, case 5)

def test_a_long_unpunctuated_line_is_analysed_in_one_pass():
    # Thousands of clause breaks and cues in one line: clause lookups are binary
    # searches over breaks found once, so this finishes quickly (not timed here;
    # benchmarks/ times 100 KB, 1 MB and 10 MB).
    chunk = ("the union said it would not accept and rejected the offer should talks fail "
             "while the employer urged calm and offered a raise but insisted on cuts ")
    text = chunk * 2000  # about 290,000 characters, no sentence punctuation
    found = rules(text)
    assert found.primary == "threat" or found.primary == "red_line"
    assert len(found.matches) >= 8000
    assert all(text[m.start:m.end] == m.text for m in found.matches[:50])
    # the clause of a position is the same as the one found by scanning the text from the start
    from analysis.stance.rules import _CLAUSE_BREAK

    short = chunk * 3
    for position in range(0, len(short), 7):
        expected = 0
        for brk in _CLAUSE_BREAK.finditer(short):
            if brk.end() > position:
                break
            expected = brk.end()
        assert stance.clause_start(short, position) == expected
