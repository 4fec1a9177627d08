"""Tests of the stance classifier: each codebook rule, the estimator contract, the tables.

Rule tests use sentences written for them (never the seed's wording); the seed
is used only where the test is about the seed annotation or its evaluation.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer

from analysis import config, stance
from analysis.errors import InputError
from analysis.vocab import CATEGORIES, is_party_name


def rules(text: str) -> stance.RuleAnalysis:
    return stance.analyse_text(text)


# --------------------------------------------------------------------------- codebook rules

@pytest.mark.parametrize("text", [
    "The Arab League called on both sides to observe the truce.",
    "Brussels urged Belgrade to rein in the paramilitary groups.",
    "Caracas insists on the unfreezing of its gold reserves in London.",
    "The dockers' union demanded that the port operator reinstate the sacked workers.",
    "Armenia must withdraw its forces from the corridor, the statement said.",
    "Ankara pressed Stockholm to extradite the suspects before it ratifies the accession.",
])
def test_calls_urges_insists_demands_and_must_are_demands(text):
    assert rules(text).primary == "demand"


def test_a_conditional_demand_is_a_demand_flagged_conditional():
    found = rules("Aid will resume only if the junta frees the detained ministers.")
    assert (found.primary, found.conditional) == ("demand", True)


def test_progress_that_depends_on_the_other_side_is_a_demand():
    assert rules("A deal on grain exports depends on Kyiv lifting its port blockade.").primary == "demand"


@pytest.mark.parametrize("text", [
    "Cyprus said a two-state solution was a red line.",
    "Seoul said the compensation fund is non-negotiable.",
    "Dublin called the proposal a non-starter.",
    "The teachers' union rejects the revised pay scale.",
    "We cannot accept any limit on our civilian space programme.",
    "Hanoi will not allow foreign survey ships in its economic zone.",
    "Tokyo ruled out any transfer of the disputed islands.",
    "The guerrillas refused to hand over their weapons.",
])
def test_exclusions_and_rejections_are_red_lines(text):
    assert rules(text).primary == "red_line"


def test_red_line_stated_as_a_refusal_is_flagged_negated():
    found = rules("Madrid will never recognise the breakaway government.")
    assert (found.primary, found.negated) == ("red_line", True)


@pytest.mark.parametrize("text", [
    "Pyongyang is ready to discuss a moratorium on launches.",
    "The regional government said it was open to a mediated dialogue.",
    "The carrier offered a 7 percent rise to its cabin crew.",
    "Both factions agreed to a prisoner exchange next week.",
    "Washington signalled flexibility on the timing of troop reductions.",
])
def test_offers_and_readiness_are_concessions(text):
    assert rules(text).primary == "concession"


@pytest.mark.parametrize("text", [
    "Neither side was ready to offer anything new.",
    "The ministry is unlikely to make concessions before the election.",
    "The board did not agree to the union's terms.",
])
def test_a_negated_concession_is_not_a_concession(text):
    found = rules(text)
    assert "concession" not in found.categories and found.negated


def test_refusing_to_concede_is_a_red_line():
    assert rules("We will not make any concessions on the status of the city.").primary == "red_line"


@pytest.mark.parametrize("text", [
    "Any incursion would require a decisive military response from the alliance.",
    "If Minsk closes the border there will be significant costs and consequences.",
    "The union threatened to shut down the refineries.",
    "Beijing vowed countermeasures against the export controls.",
    "Ottawa said it would impose matching tariffs on American aluminium.",
])
def test_warnings_of_costs_or_force_are_threats(text):
    assert rules(text).primary == "threat"


def test_threat_modality_flags():
    found = rules("If the tests continue, the sanctions would be severe and far-reaching penalties would follow.")
    assert (found.primary, found.conditional, found.hypothetical) == ("threat", True, True)


def test_a_rejection_that_is_also_a_threat_is_primarily_a_threat():
    found = rules("Tehran rejected the resolution and said it would retaliate against any inspection.")
    assert found.primary == "threat"
    assert found.categories == ("threat", "red_line")


@pytest.mark.parametrize("text", [
    "Beijing has no intention of attacking Taiwan.",
    "The manoeuvres pose no threat to our neighbours.",
    "Moscow is not planning to invade anyone, the spokesman said.",
])
def test_denials_and_reassurances_are_other(text):
    found = rules(text)
    assert (found.primary, found.negated, found.denial) == ("other", True, True)


def test_a_reassurance_is_not_a_concession():
    assert rules("Our exercises are defensive and respect the sovereignty of every neighbour.").primary == "other"


def test_a_denial_overrides_the_rejection_verb_it_contains():
    assert rules("Officials rejected the accusations as baseless.").primary == "other"


def test_a_denied_threat_does_not_count_as_a_threat():
    found = rules("We have no intention of using force, and there will be no retaliation.")
    assert found.primary == "other"


@pytest.mark.parametrize("reported, direct", [
    ("Seoul urged Pyongyang to return to the talks.",
     "\u201cWe urge Pyongyang to return to the talks,\u201d the minister said."),
    ("Paris rejected the proposal for a joint command.",
     "\u201cWe reject the proposal for a joint command,\u201d the minister said."),
])
def test_reported_and_direct_speech_get_the_same_label(reported, direct):
    assert rules(reported).primary == rules(direct).primary != "other"


def test_should_at_the_start_of_a_clause_is_a_condition_not_a_demand():
    found = rules("Should the talks collapse, the pilots' union would take strike action.")
    assert (found.primary, found.conditional) == ("threat", True)


@pytest.mark.parametrize("text", [
    "The build-up is widely seen as a threat to regional stability.",
    "The demands of both delegations were discussed at length.",
    "Analysts said concessions were unlikely this year.",
    "The summit was postponed until March.",
])
def test_nouns_and_narration_are_other(text):
    assert rules(text).primary == "other"


def test_no_negates_only_what_it_governs():
    assert rules("No deal would mean serious consequences for both economies.").primary == "threat"
    assert rules("There will be no serious consequences, the minister said.").primary == "other"


def test_negation_does_not_cross_a_clause_boundary():
    found = rules("Athens did not comment, but it urged Ankara to withdraw the survey ship.")
    assert found.primary == "demand" and found.evidence == "urged"


@pytest.mark.parametrize("text", [
    "The guerrillas freed four kidnapped surveyors.",
    "Minsk released a detained Polish journalist.",
    "The teachers called off their planned stoppage.",
    "The dock workers suspended their strike pending a ballot.",
    "Ankara lifted its objection to the enlargement.",
    "The coastguard allowed the fishing boats to return to port.",
    "The municipality withdrew its plan to close the clinic.",
    "The brigade pulled back from the ridge overnight.",
    "The mediator proposed a new round of proximity talks.",
    "The government offered the militias an amnesty.",
])
def test_third_person_yield_verbs_are_concessions(text):
    assert rules(text).primary == "concession"


@pytest.mark.parametrize("text", [
    "The health ministry released its weekly figures.",
    "The rebels released a video of the captured pilot.",
    "The army said it had freed the valley from insurgents.",
    "The summit was called off because of the storm.",
    "Moscow called off the talks.",
    "The president agreed with reporters that the mood was tense.",
])
def test_yield_verbs_about_documents_places_or_cancelled_meetings_are_not_concessions(text):
    assert rules(text).primary == "other"


@pytest.mark.parametrize("text", [
    "Shareholders voted down the merger proposal.",
    "There can be no compromise on the independence of the courts.",
    "Vienna blocked the bloc's joint statement on the crisis.",
    "Leaving the customs union is simply not an option for Dublin.",
    "The board declined the pilots' request for mediation.",
    "Lisbon dismissed the counter-proposals as cosmetic.",
])
def test_vetoes_votes_and_exclusions_are_red_lines(text):
    assert rules(text).primary == "red_line"


@pytest.mark.parametrize("text", [
    "The clan elders vowed revenge for the raid.",
    "The insurgents vowed to keep shelling the port.",
    "The coastal batteries are ready to respond with force to any landing.",
    "If the border is closed, there will be consequences.",
    "If the quota is cut, the costs will be enormous.",
    "If the embargo stays, Caracas would respond.",
    "Tehran said it would take the necessary measures to protect its shipping.",
    "Minsk said it could station nuclear weapons near the border.",
    "The exporters could face steep fines and export controls.",
    "Hanoi refused to rule out a military response.",
    "Seoul warned of a stern response to any further launches.",
])
def test_vows_readiness_and_announced_consequences_are_threats(text):
    assert rules(text).primary == "threat"


@pytest.mark.parametrize("text", [
    "Analysts warned that the ceasefire remains fragile.",
    "The ambassador warned that the region was drifting toward crisis.",
    "There will be no consequences for the players, the league said.",
])
def test_warnings_without_an_announced_cost_are_other(text):
    assert rules(text).primary == "other"


def test_a_conditional_respond_is_a_threat_but_an_unconditional_one_is_not():
    assert rules("If the drills go ahead, Beijing would respond.").primary == "threat"
    assert rules("Washington would respond to the proposals in writing.").primary == "other"


@pytest.mark.parametrize("text", [
    "We need Ankara to open the crossing this week.",
    "Quito wants written assurances on the fishing grounds.",
    "The ministry expects a formal apology from the embassy.",
    "The union proposed that the council freeze rents.",
    "Farmers blocked the motorway to demand lower fuel prices.",
    "The cabin crew are seeking a higher hourly rate.",
])
def test_needs_wants_expects_and_proposals_that_are_demands(text):
    assert rules(text).primary == "demand"


def test_a_denied_report_cancels_the_moves_it_reports():
    found = rules("The ministry denied reports that it had asked for foreign troops.")
    assert (found.primary, found.denial, found.negated) == ("other", True, True)
    assert found.evidence.startswith("denied reports that")


@pytest.mark.parametrize("text", [
    "QUESTION: Did the delegation offer to pull back any troops?",
    "Q: Are you ready to accept their terms?",
])
def test_a_journalists_question_makes_no_move(text):
    found = rules(text)
    assert (found.primary, found.matches, found.negated) == ("other", (), False)


def test_an_answer_after_a_question_label_is_still_coded():
    assert rules("MR SMITH: We are ready to meet them halfway.").primary == "concession"


def test_negation_stops_at_and_before_a_new_past_tense_verb():
    found = rules("Oslo said the offer did not meet its needs and rejected it.")
    assert found.primary == "red_line" and found.evidence == "rejected"


@pytest.mark.parametrize("text", [
    "The militia has yet to agree to the truce.",
    "The regime failed to lift the curfew.",
])
def test_yet_to_and_failed_to_negate_a_concession(text):
    found = rules(text)
    assert found.primary == "other" and found.negated


@pytest.mark.parametrize("text", [
    "The nurses said they would not call off the walkout.",
    "The junta said it would not lift the curfew until order returned.",
    "The mayor said he would never reopen the bridge to lorries.",
])
def test_announcing_that_a_concession_will_not_be_made_is_a_red_line(text):
    assert rules(text).primary == "red_line"


def test_past_indecision_is_not_a_red_line_but_refusing_to_decide_is():
    assert rules("The council did not make a decision on Tuesday.").primary == "other"
    assert rules("We will not make decisions about Kyiv without Kyiv.").primary == "red_line"


@pytest.mark.parametrize("text", [
    "It is up to Pristina to show good faith.",
    "We need firm, written, legally binding guarantees.",
])
def test_putting_the_onus_on_the_other_side_is_a_demand(text):
    assert rules(text).primary == "demand"


def test_warning_people_to_leave_is_a_threat():
    assert rules("The army warned villagers to leave before the assault.").primary == "threat"


def test_a_conditional_step_forward_is_a_concession():
    found = rules("We could move forward on tariffs if Ottawa drops the levy.")
    assert (found.primary, found.conditional) == ("concession", True)


def test_ordering_the_other_side_out_is_a_demand():
    assert rules("Bamako ordered the peacekeepers to leave within a month.").primary == "demand"


@pytest.mark.parametrize("text", [
    "The watchdog warned the airline it faced a heavy penalty.",
    "The gang warned traders to stay out of the market.",
])
def test_warning_of_a_cost_to_the_addressee_is_a_threat(text):
    assert rules(text).primary == "threat"


@pytest.mark.parametrize("text", [
    "The garrison handed over control of the port to the navy.",
    "The dockers accepted a 6 percent rise and went back to work.",
])
def test_handing_over_control_and_accepting_a_settlement_are_concessions(text):
    assert rules(text).primary == "concession"


def test_something_that_threatens_security_is_an_assessment_not_a_threat():
    assert rules("Minsk says the new base threatens its security.").primary == "other"
    assert rules("Minsk threatened to close the border.").primary == "threat"


def test_evidence_is_an_exact_span_of_the_original_text():
    text = "Ankara won\u2019t accept a federal solution for the island."
    found = rules(text)
    assert found.primary == "red_line"
    assert found.evidence == "won\u2019t accept" and found.evidence in text
    assert all(text[m.start:m.end] == m.text for m in found.matches)


def test_precedence_follows_the_vocabulary_order():
    found = rules("Israel agreed to the pause but insisted on the release of all hostages.")
    assert found.categories == ("demand", "concession")
    assert list(stance.CUE_CATEGORIES) == [c for c in CATEGORIES if c != "other"]


def test_cue_lexicon_examples_fire_their_own_category():
    for cue in stance.load_cues():
        if cue.kind == "stance" and cue.strength == "strong":
            found = rules(cue.example)
            assert cue.category in found.categories, cue.example


CUE_HEADER = "kind,category,strength,negation,requires,pattern,example\n"


@pytest.mark.parametrize("row, message", [
    ("stance,demand,strong,cancel,,\\bcall(,x", r"cues\.csv:3: bad pattern"),
    ("stance,ultimatum,strong,cancel,,\\bdemand,x", r"cues\.csv:3: invalid category 'ultimatum'"),
    ("rumour,,strong,cancel,,\\bsaid,x", r"cues\.csv:3: invalid kind 'rumour' \(expected a cue kind"),
    ("stance,demand,loud,cancel,,\\bdemand,x", r"cues\.csv:3: invalid strength 'loud'"),
    ("stance,demand,strong,cancel,always,\\bdemand,x", r"cues\.csv:3: invalid requires 'always'"),
    ("stance,demand,strong,cancel,,\\bdemand,x,extra", r"cues\.csv:3: row has 8 fields"),
])
def test_a_malformed_cue_lexicon_names_file_and_line(tmp_path, row, message):
    """The lexicon is read by the one table reader: file, line, what, in one wording."""
    path = tmp_path / "cues.csv"
    path.write_text(CUE_HEADER + "denial,other,,keep,,\\bno intention of,x\n" + row + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=message):
        stance.load_cues(path)


def test_unknown_category_in_training_data_names_file_and_line(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("text,category\nWe urge calm.,demand\nThey left.,ultimatum\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bank\.csv:3: invalid category 'ultimatum' \(expected a category"):
        stance.load_exemplars(path)


# --------------------------------------------------------------------------- one scan for every cue

def _shipped_texts() -> list[str]:
    """Texts in many registers: the seed, the exemplar bank, the development documents."""
    from analysis import corpus

    folders = [config.SEEDS_DIR, *sorted(p for p in (config.DATA_DIR / "devset").iterdir()
                                         if p.is_dir() and (p / "gold.csv").is_file())]
    texts = [corpus.read_text_file(path) for folder in folders for path in sorted(folder.glob("*.txt"))]
    return texts + [" ".join(stance.load_exemplars()["text"])]


# Written for the test: capitals, curly quotes, tabs, line breaks, non-breaking spaces and
# characters that only case-insensitive matching ties to ASCII letters (Kelvin sign, long s).
_ODD_TEXT = ("WE WILL NOT ACCEPT\tany\npreconditions. İf they refuse, we WON’T go back\u00a0now; "
             "the union ſhould \u212Aeep striking, \u201cthe mayor said\u201d. QUESTION: will you? "
             "Unless the board pays, we will strike - and never agree to a pay freeze.")


def test_one_scan_finds_exactly_what_each_cue_pattern_finds():
    """The gated scan (analysis/stance/cue_search.py) must not change a single match."""
    from analysis.stance.cue_search import CueSearch

    cues = stance.load_cues()
    search = CueSearch(cue.pattern for cue in cues)
    for text in [*_shipped_texts(), _ODD_TEXT, _ODD_TEXT.lower(), _ODD_TEXT.upper()]:
        plain = text.translate(str.maketrans({"’": "'", "‘": "'"}))
        expected = [[m.span() for m in cue.pattern.finditer(plain)] for cue in cues]
        assert [[m.span() for m in found] for found in search.find_all(plain)] == expected


def test_nearly_every_cue_is_searched_through_the_gate():
    """If this fails after a Python upgrade, re._parser changed: cues still match (plain
    finditer), but long texts are several times slower; update leading_strings in
    analysis/stance/cue_search.py."""
    from analysis.stance.cue_search import CueSearch

    search = CueSearch(cue.pattern for cue in stance.load_cues())
    assert len(search.ungated) <= 3, f"{len(search.ungated)} cues without leading strings"


@pytest.mark.parametrize("pattern, expected", [
    (r"\b(?:will|would)\s+not\b", {"will n", "will  ", "would "}),
    (r"(?<!analysts\s)\bwarn(?:s|ed)?\b", {"warn", "warns", "warned"}),
    (r"\bred[\s-]lines?", {"red li", "red-li"}),
    (r"\bdemand", {"demand"}),
    (r"[\w-]+'s\s+conditions", None),  # may start with any word character
    (r"\b(?:é|e)tat", None),             # a cased letter outside ASCII: not mirrored
])
def test_leading_strings_start_every_match(pattern, expected):
    import re

    from analysis.stance.cue_search import leading_strings

    found = leading_strings(re.compile(pattern, re.IGNORECASE))
    assert (set(found) if found is not None else None) == expected


# --------------------------------------------------------------------------- shipped data

def test_seed_gold_spans_point_into_the_seed_text():
    gold = stance.load_seed_gold()
    doc = (config.SEEDS_DIR / "000_a4d1898099380f22.txt").read_text(encoding="utf-8")
    assert len(gold) >= 40
    for row in gold.itertuples():
        assert doc[row.char_start:row.char_end] == row.text
        assert row.categories.split(";")[0] == row.category
        assert is_party_name(row.party)
    assert gold["char_start"].is_monotonic_increasing


def test_exemplar_bank_is_varied_and_never_repeats_the_seed():
    bank = stance.load_exemplars()
    assert len(bank) >= 250 and bank["text"].is_unique
    assert set(bank["category"]) == set(CATEGORIES)
    assert bank["topic"].nunique() >= 10
    seed_units = set(stance.load_seed_gold()["text"])
    assert not seed_units & set(bank["text"])


# --------------------------------------------------------------------------- estimators

@pytest.fixture(scope="module")
def bank():
    data = stance.load_exemplars()
    return data["text"].tolist(), data["category"].tolist()


@pytest.fixture(scope="module")
def fitted(bank):
    return stance.StanceClassifier().fit(*bank)


UNSEEN = ["The federation urged the clubs to delay the new season.",
          "Minsk said the border would stay closed no matter what Warsaw decided.",
          "The ministry offered to reopen consultations on the pension age.",
          "Any blockade of the strait would be met with force.",
          "The delegations met for four hours in a hotel by the lake."]


@pytest.mark.parametrize("estimator", [
    stance.CueRuleClassifier(smoothing=2.0),
    stance.EmbeddingStanceClassifier(C=3.0),
    stance.StanceClassifier(C=1.5, min_confidence=0.3),
])
def test_get_params_and_clone_round_trip(estimator):
    twin = clone(estimator)
    assert twin.get_params() == estimator.get_params()
    assert type(twin)(**estimator.get_params()).get_params() == estimator.get_params()
    assert not [name for name in vars(twin) if name.endswith("_")]


def test_fit_returns_self_and_learns_classes(bank):
    model = stance.CueRuleClassifier()
    assert model.fit(*bank) is model
    assert sorted(model.classes_) == sorted(CATEGORIES)


def test_calibrated_probabilities_sum_to_one(fitted):
    proba = fitted.predict_proba(UNSEEN)
    assert proba.shape == (len(UNSEEN), len(fitted.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)
    assert ((proba >= 0) & (proba <= 1)).all()


def test_combined_model_classifies_unseen_sentences(fitted):
    assert list(fitted.predict(UNSEEN)) == ["demand", "red_line", "concession", "threat", "other"]


def test_fitting_is_deterministic(bank, fitted):
    again = clone(fitted).fit(*bank)
    np.testing.assert_array_equal(again.predict_proba(UNSEEN), fitted.predict_proba(UNSEEN))


def test_usable_inside_a_pipeline(bank):
    strip = FunctionTransformer(lambda texts: [t.strip() for t in texts])
    pipe = make_pipeline(strip, stance.CueRuleClassifier())
    assert isinstance(pipe, Pipeline)
    pipe.fit(*bank)
    assert list(pipe.predict(["  Cairo urged restraint.  "])) == ["demand"]
    pipe.set_params(cueruleclassifier__smoothing=5.0)
    assert pipe.get_params()["cueruleclassifier__smoothing"] == 5.0


def test_cross_val_predict_with_group_folds(bank):
    texts, labels = bank
    groups = pd.read_csv(stance.EXEMPLARS_PATH)["topic"].to_numpy()
    predicted = cross_val_predict(stance.EmbeddingStanceClassifier(), texts, labels,
                                  groups=groups, cv=GroupKFold(n_splits=3))
    assert len(predicted) == len(texts) and set(predicted) <= set(CATEGORIES)
    proba = cross_val_predict(stance.CueRuleClassifier(), texts, labels, groups=groups,
                              cv=GroupKFold(n_splits=3), method="predict_proba")
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_low_confidence_falls_back_on_the_cue_rules_keeping_the_probability(bank):
    # Codebook rule 68: an unsure learned label yields to the cue rules' decision,
    # which is `other` when no cue fired.
    strict = stance.StanceClassifier(min_confidence=0.999).fit(*bank)
    table = stance.classify_texts(UNSEEN, strict)
    ruled = [a.primary for a in stance.analyse_texts(UNSEEN)]
    assert ruled == ["demand", "red_line", "concession", "threat", "other"]
    assert table["category"].tolist() == ruled
    assert (table["confidence"] < 0.999).all() and (table["confidence"] > 0.2).all()
    proba = strict.predict_proba(UNSEEN)
    top = strict.classes_[proba.argmax(axis=1)]
    for row, best in zip(table.itertuples(), top):
        assert row.categories.split(";")[0] == row.category
        assert best in row.categories.split(";")  # the label that fell short is named
        if row.category != "other":
            assert row.evidence and row.evidence in row.text  # the cue that decided


RULE_68 = ["The drivers' union countered with a four percent rise for night shifts.",
           "The landlords have agreed to an independent review of the service charges.",
           "The ferry operator rejected the timetable the port authority put forward.",
           "Both delegations toured the harbour before the session."]


def test_a_firing_cue_keeps_its_category_unless_the_learned_part_is_confident(bank):
    ruled = [a.primary for a in stance.analyse_texts(RULE_68)]
    assert ruled == ["concession", "concession", "red_line", "other"]
    model = stance.StanceClassifier().fit(*bank)
    proba, labels, fell_back = model.decide(RULE_68)
    top = model.classes_[proba.argmax(axis=1)]
    confident = proba.max(axis=1) >= model.min_confidence
    for label, rule, best, sure, back in zip(labels, ruled, top, confident, fell_back):
        assert label == (best if sure else rule)
        assert back == (label != best)
    # with no threshold the learned part alone decides, whatever the cues say
    plain = stance.StanceClassifier(min_confidence=0.0).fit(*bank)
    assert list(plain.predict(RULE_68)) == list(plain.classes_[
        plain.predict_proba(RULE_68).argmax(axis=1)])


# --------------------------------------------------------------------------- tables

def test_classify_texts_columns_types_and_evidence(fitted):
    table = stance.classify_texts(UNSEEN, fitted)
    assert list(table.columns) == ["text", *stance.STANCE_COLUMNS]
    assert table["text"].tolist() == UNSEEN
    assert set(table["category"]) <= set(CATEGORIES)
    for row in table.itertuples():
        assert row.categories.split(";")[0] == row.category
        assert 0.0 <= row.confidence <= 1.0
        if row.category != "other" and not row.evidence.startswith("like: "):
            assert row.evidence in row.text
    assert table.loc[1, "evidence"] == "no matter what"
    assert table[["conditional", "negated", "hypothetical"]].dtypes.eq(bool).all()


def test_classify_texts_on_nothing_gives_an_empty_table(fitted):
    assert list(stance.classify_texts([], fitted).columns) == ["text", *stance.STANCE_COLUMNS]


def test_classify_statements_keeps_rows_index_and_columns(fitted):
    statements = pd.DataFrame({"statement_id": ["d:0002", "d:0001"], "text": UNSEEN[:2],
                               "category": ["stale", "stale"]}, index=[7, 3])
    result = stance.classify_statements(statements, fitted)
    assert list(result.index) == [7, 3]
    assert list(result.columns) == ["statement_id", "text", *stance.STANCE_COLUMNS]
    assert result["category"].tolist() == ["demand", "red_line"]


def test_classify_statements_needs_a_text_column(fitted):
    with pytest.raises(InputError, match="text"):
        stance.classify_statements(pd.DataFrame({"body": ["x"]}), fitted)


# --------------------------------------------------------------------------- evaluation

def test_grouped_cv_on_the_seed_meets_the_targets():
    result = stance.evaluate_grouped_cv(n_splits=5)
    metrics = result.metrics.set_index(["model", "category"])
    assert metrics.loc[("combined", "accuracy"), "f1"] >= 0.85
    assert metrics.loc[("combined", "macro avg"), "f1"] >= 0.75
    assert set(metrics.index.get_level_values("model")) == {"combined", "rules", "embedding"}
    assert result.confusion.to_numpy().sum() == len(stance.load_seed_gold())
    assert list(result.confusion.index) == list(CATEGORIES)
    assert {"first", "second", "agreement", "cohen_kappa"} <= set(result.agreement.columns)


def test_grouped_cv_never_tests_exemplars_nor_trains_on_the_test_paragraph():
    seen: list[tuple[set, set]] = []

    class Spy(stance.CueRuleClassifier):
        def fit(self, X, y):
            self.trained_on_ = set(X)
            return super().fit(X, y)

        def predict(self, X):
            seen.append((self.trained_on_, set(X)))
            return super().predict(X)

    gold = stance.load_seed_gold()
    bank = stance.load_exemplars()
    out = stance.grouped_cv_predictions(gold, bank, {"spy": Spy()}, n_splits=4)
    assert len(out) == len(gold) and (out["pred_spy"] != "").all()
    for trained, tested in seen:
        assert not trained & tested
        assert not tested & set(bank["text"])
        held_out = set(gold.loc[gold["text"].isin(tested), "paragraph"])
        assert not set(gold.loc[gold["paragraph"].isin(held_out), "text"]) & trained


def test_calibration_table_scores_probabilities_from_grouped_cv():
    gold = stance.load_seed_gold()
    models = stance.ablation_models()
    predictions = stance.grouped_cv_predictions(gold, models=models, n_splits=4, with_proba=True)
    table = stance.calibration_table(predictions)
    assert list(table["model"]) == ["combined", "rules", "embedding"]
    assert list(table.columns) == ["model", "n", "accuracy", "mean_confidence", "brier", "ece"]
    assert (table["n"] == len(gold)).all()
    for name in ("combined", "rules", "embedding"):
        proba = predictions[[f"proba_{name}_{c}" for c in CATEGORIES]].to_numpy()
        assert np.allclose(proba.sum(axis=1), 1.0)
    assert table[["brier", "ece"]].ge(0).all().all() and table["brier"].le(2).all()
    # evaluate_grouped_cv reuses the same run and agrees on the combined accuracy
    evaluation = stance.evaluate_grouped_cv(predictions=predictions)
    metrics = evaluation.metrics.set_index(["model", "category"])
    assert metrics.loc[("combined", "accuracy"), "f1"] == pytest.approx(
        np.mean(predictions["pred_combined"] == predictions["category"]), abs=1e-3)


def test_calibration_error_of_known_probabilities():
    frame = pd.DataFrame({"category": ["demand", "other"]})
    for name in ("combined", "rules", "embedding"):
        for c in CATEGORIES:
            frame[f"proba_{name}_{c}"] = [1.0 if c == "demand" else 0.0] * 2
    table = stance.calibration_table(frame).set_index("model")
    # one unit right with certainty, one wrong with certainty: Brier (0 + 2) / 2, ECE 0.5
    assert table.loc["combined", "brier"] == pytest.approx(1.0)
    assert table.loc["combined", "ece"] == pytest.approx(0.5)
    with pytest.raises(InputError, match="with_proba"):
        stance.calibration_table(frame[["category"]])


def test_confusion_matrix_figure_has_labelled_axes():
    from analysis.plotting.stance import plot_confusion_matrix

    table = stance.confusion_table(["demand", "other", "threat"], ["demand", "demand", "threat"])
    fig = plot_confusion_matrix(table)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Predicted category" and ax.get_ylabel() == "Gold category"
    assert [t.get_text() for t in ax.get_yticklabels()] == list(CATEGORIES)
    assert table.loc["other", "demand"] == 1
