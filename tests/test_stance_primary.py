"""Moves that a corpus coded with one label per sentence expects as the primary label.

Round two of issue 13: gold corpora with a single label per sentence (event-coding
projects) count an agreement's content, a commitment or a threat by consequence as
that move, where the first rounds left them ``other``. Every sentence here was
written for this test; none comes from the seed or the development set.
"""
from __future__ import annotations

import pytest

from analysis import stance


def primary(text: str) -> str:
    return stance.analyse_text(text).primary


def check(text: str, expected: str) -> None:
    found = stance.analyse_text(text)
    assert found.primary == expected, (text, found.primary, found.evidence)


# --------------------------------------------------------------------------- what a deal gives

@pytest.mark.parametrize("text", [
    "The accord provides for a phased release of the detained fishermen.",
    "The settlement includes a 12 percent rise over three years and a signing bonus.",
    "The truce, agreed late on Sunday after two weeks of shuttle diplomacy, provides for "
    "the reopening of the river crossings.",
    "The new offer also guarantees that no depot will close before 2030.",
    "The accord stipulates that the militia will leave the airport within a month.",
    "Under the agreement the garrison will leave the valley within ten days.",
    "Under the terms of the deal, nurses get an extra week of leave.",
    "The revised timetable was accepted by both sides on Friday.",
    "The mediators' compromise has been accepted by the union.",
    "After a week of talks the delegations reached preliminary understandings on prisoner exchanges.",
    "Negotiators found common ground on the border crossings.",
    "The two unions signed provisions on shift swaps and overtime.",
])
def test_the_content_of_an_agreement_or_offer_stated_as_fact_is_a_concession(text):
    check(text, "concession")


@pytest.mark.parametrize("text", [
    "The budget includes funds for new roads.",
    "The delegations discussed what a deal would include.",
    "The offer does not include any pension increase.",
    "Under the old agreement, the fees were paid monthly.",
    "Violations under the agreement were reported in the north.",
    "His resignation was accepted by the president.",
    "But she hopes to find some common ground on the tariffs by the autumn.",
])
def test_budgets_open_questions_negated_content_and_hopes_give_nothing(text):
    check(text, "other")


def test_a_deal_that_must_include_something_is_still_a_demand():
    check("Any agreement must include a timetable for the withdrawal.", "demand")


# --------------------------------------------------------------------------- commitments and steps

@pytest.mark.parametrize("text", [
    "The ministry remains committed to reaching a settlement with the teachers.",
    '"We remain committed to bargaining until there is a fair contract," the carrier said.',
    "The rebels said they were fully committed to the ceasefire.",
    "The two ministers will continue the negotiations next week.",
    "The army said it would participate in the talks convened by the regional bloc.",
    "Both sides agreed to hold another round of talks in March.",
    "The federation said it would study the new proposal carefully.",
    "The council will review the union's counter-proposal on Monday.",
])
def test_commitments_to_talks_and_reviewing_an_offer_are_concessions(text):
    check(text, "concession")


@pytest.mark.parametrize("text", [
    "The government remains committed to economic growth.",
    "The fighting will continue despite the talks.",
    "The strike will continue until a deal is reached.",
    "The board reviewed the plan last year.",
    "The federation said it would not study the proposal.",
])
def test_goals_continuing_hostilities_and_past_reviews_are_not_concessions(text):
    check(text, "other")


# --------------------------------------------------------------------------- threats by consequence

@pytest.mark.parametrize("text", [
    "Any ship that enters the zone will pay a price.",
    '"They will pay the price for this provocation," the minister said.',
    "We will make them pay for every broken promise.",
    "The ministry is planning to impose duties on imported steel.",
    '"We are going to tariff their steel," the president said.',
    "The dockers say they are in this for the long haul.",
    "The nurses vowed to keep holding the line at the hospital gates.",
    "The rebels said they would resume the fighting if the army entered the town.",
    "The front announced that it will go to war if its conditions are not met.",
    "We hope we never need it; but if they cross the river we will use it.",
])
def test_costs_penalties_and_resumed_force_are_threats(text):
    check(text, "threat")


@pytest.mark.parametrize("text", [
    "Consumers will pay the price of the drought, analysts said.",
    "The ministry does not plan to impose new duties.",
    "Schools will resume classes on Monday.",
    "If the grant arrives, we will use it for the new clinic.",
])
def test_prices_of_events_plans_not_made_and_ordinary_uses_are_no_threats(text):
    check(text, "other")


# --------------------------------------------------------------------------- rejections by description

@pytest.mark.parametrize("text", [
    "The tenants' committee is firmly against the landlord's new proposal.",
    "The guild is against any deal that caps residuals.",
    "The growers criticised the ministry's plan as a giveaway to importers.",
    "The lenders responded coolly to the city's plea for more time.",
    "The nurses said the ministry's offer was wholly inadequate.",
    "The council's revised plan is neither fair nor nearly enough, the tenants said.",
    "The tenants called the plan neither fair, nor anywhere near enough.",
    "The pilots' delegation left the talks before lunch.",
    "The pilots' union announced the suspension of its participation in the mediation talks.",
    "The opposition said the draft lacks essential safeguards for tenants.",
    "The fishermen objected to the new quota rules.",
    "The growers objected to the new import licences and insisted on a quota.",
])
def test_being_against_criticising_and_leaving_the_talks_are_red_lines(text):
    check(text, "red_line")


@pytest.mark.parametrize("text", [
    "The vote was 60 to 40 against the motion in the other chamber last year, historians note.",
    "The minister criticised the weather service for its late warning.",
    "Nobody is against the idea of a safer workplace, the mayor said.",
    "Reporters left the talks venue at noon.",
    "No one objected to the schedule, the chair said.",
])
def test_history_criticism_of_others_and_leaving_a_building_are_not_red_lines(text):
    check(text, "other")


# --------------------------------------------------------------------------- urgency and expectations

@pytest.mark.parametrize("text", [
    "The carriers said a decision on the slots is urgent.",
    "The regulator expects fresh proposals from the airport by June.",
    "The chancellor said another meeting was possible but that it was up to the Danes.",
])
def test_urgency_expected_proposals_and_the_ball_in_their_court_are_demands(text):
    check(text, "demand")


@pytest.mark.parametrize("text", [
    "The minister said a decision on the slots was not urgent.",
    "It is up to the courts to decide.",
])
def test_denied_urgency_and_deferring_to_the_courts_are_no_demands(text):
    check(text, "other")


# --------------------------------------------------------------------------- the event-coding register

@pytest.mark.parametrize("text", [
    "The donors pledged 40 million euros in aid for the rebuilding of the port.",
    "Belgrade promised to cooperate with the tribunal.",
    "The authorities released the opposition leader from house arrest.",
    "The governor ordered the release of the detained students.",
    "The army pulled its troops back from the buffer zone.",
    "The carrier said it would resume flights to the island next month.",
    "Seoul will resume food aid to the North.",
    "Beijing voiced support for the mediators' roadmap.",
    "The rebels have started handing over their weapons.",
    "The army opened a humanitarian corridor for the besieged town.",
    "Pakistan will send a delegation to the talks in the capital.",
    "The governor invited the strikers' leaders to talks at his office.",
    "Seoul offered humanitarian aid to the North.",
    "The fishermen's union welcomed the ministry's compromise on quotas.",
])
def test_pledges_releases_reopenings_invitations_and_welcomes_are_concessions(text):
    check(text, "concession")


@pytest.mark.parametrize("text", [
    "The report promised a detailed account in aid of transparency.",
    "The court ordered the release of the documents.",
    "The strike will resume on Monday.",
    "Fans voiced support for the coach.",
    "The soldiers opened fire on the crowd.",
    "The ministry denied the reports that it had requested troops.",
    "The spokesman denied any request had been made.",
])
def test_documents_resumed_strikes_gunfire_and_denied_reports_are_no_concessions(text):
    check(text, "other")


@pytest.mark.parametrize("text", [
    "India warned the militia of a befitting reply.",
    "The farmers vowed to block the ring road until the levy is scrapped.",
    "The insurgents said they would target government buildings.",
    "Ankara said it was prepared to send troops across the border.",
])
def test_warned_replies_vowed_blockades_targets_and_troops_across_a_border_are_threats(text):
    check(text, "threat")


@pytest.mark.parametrize("text", [
    "The peacekeepers will deploy in the valley next month.",
    "The central bank will target inflation of two percent.",
    "The charity vowed to continue its work.",
])
def test_peacekeeping_inflation_targets_and_charity_are_no_threats(text):
    check(text, "other")


def test_denying_a_request_is_a_red_line():
    check("The ministry denied the aid agencies access to the camps.", "red_line")


# ----------------------------------------------------------------- codebook rules 35-41, as written there

@pytest.mark.parametrize("text, expected", [
    ("The union said the package is not good enough for our members.", "red_line"),
    ("The airline pulled its offer off the table.", "red_line"),
    ("The farmers' delegation walked out of the talks.", "red_line"),
    ("The rebels froze the dialogue until the prisoners are freed.", "demand"),
    ("The owners remain adamant that they will not reopen the mine.", "red_line"),
    ("The council decided not to renew the licence.", "red_line"),
    ("The board declined to put the offer to a vote.", "red_line"),
    ("The board declined to comment.", "other"),
    ("The minister declined to say when the talks would resume.", "other"),
    ("The ministry committed to publishing the figures.", "concession"),
    ("The two councils said they would work towards a ceasefire.", "concession"),
    ("The mayor backed the drivers' proposal.", "concession"),
    ("The two neighbours restored diplomatic relations.", "concession"),
    ("The president pardoned the jailed reporters.", "concession"),
    ("The two sides extended the truce by a week.", "concession"),
    ("The guilds signed an accord on training funds.", "concession"),
    ("The members will decide whether to strike if the offer is rejected.", "other"),
    ("If this happens we will need a written guarantee from the lenders.", "demand"),
    ("The islanders want guarantees that the ferry will not be cut.", "demand"),
    ("The only way to end the lockout is for the owners to reopen the books.", "demand"),
    ("The union would only sign if the night shifts were capped.", "demand"),
    ("A new contract is impossible unless the bonus returns.", "demand"),
    ("The ministry would be well advised to publish the tender.", "demand"),
    ('The union said it would not "give up the fight".', "red_line"),
    ('The drivers pressed "for a shorter week" at the meeting.', "demand"),
])
def test_the_codebook_examples_of_rules_35_to_41(text, expected):
    check(text, expected)


# ------------------------------------------------------------- participles and missing flexibility

@pytest.mark.parametrize("text", [
    "Moving from a temporary truce, once agreed, to a lasting one will take months.",
    "The text cannot change until agreed by all members.",
    "The bill passed without further debate from the floor.",
])
def test_agreed_as_a_participle_and_debate_from_the_floor_make_no_move(text):
    check(text, "other")


def test_progress_without_more_flexibility_from_the_other_side_is_a_demand():
    check("Without more flexibility from the employers, the talks on rosters will go nowhere.",
          "demand")


# ------------------------------------------------ conditions set, apologies requested, calls ignored

@pytest.mark.parametrize("text, expected", [
    ("The ferry operators set four conditions for a return to the table.", "demand"),
    ("The fishing nation requested an apology from its neighbour.", "demand"),
    ("The council ignored repeated calls to lower the fares.", "red_line"),
    ("The junta ignored calls for the release of political prisoners.", "red_line"),
    ("The match was played under conditions for which nobody was prepared.", "other"),
    ("The driver ignored the warning light.", "other"),
])
def test_setting_conditions_requesting_apologies_and_ignoring_calls(text, expected):
    check(text, expected)
