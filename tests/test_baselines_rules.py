"""Every pattern of the rules baseline, on short texts written for these tests.

Each test states the expected content, speaker, cue, type and stance by hand.
"""
import pytest

from baselines import get_baseline, text_document
from baselines.lexicon import cue_lemmas, cue_lexicon
from baselines.stance import refine_stance


def run(text):
    return get_baseline("rules").predict(text_document(text, "t"))


def one(text):
    preds = run(text)
    assert len(preds) == 1, [p["content_spans"] for p in preds]
    return preds[0]


def content(p):
    return [s["text"] for s in p["content_spans"]]


def speaker_span(p):
    return p["speaker_span"]["text"] if p["speaker_span"] else None


def test_direct_quote_before_speaker():
    p = one('"The bridge will reopen in May," Mayor Ana Lopez said on Tuesday.')
    assert content(p) == ["The bridge will reopen in May,"]
    assert (p["type"], p["stance"], p["cue"]) == ("direct", "claim", "said")
    assert p["speaker"] == "Mayor Ana Lopez"
    assert speaker_span(p) == "Mayor Ana Lopez"


def test_direct_quote_after_speaker_with_colon():
    p = one('Ana Lopez told reporters: "We have fixed every crack."')
    assert content(p) == ["We have fixed every crack."]
    assert (p["type"], p["cue"], p["speaker"]) == ("direct", "told", "Ana Lopez")


def test_inverted_said_speaker():
    p = one('"The roads are open," said Carl Brandt, the transport chief.')
    assert content(p) == ["The roads are open,"]
    assert p["speaker"] == "Carl Brandt"
    assert p["cue"] == "said"


def test_inverted_said_with_nominal_speaker():
    p = one('"Traffic is back to normal," said the transport chief.')
    assert speaker_span(p) == "the transport chief"


def test_split_quote_is_one_attribution_with_two_spans():
    p = one('"Nobody was hurt," Priya Natarajan added, "and the train is running again."')
    assert content(p) == ["Nobody was hurt,", "and the train is running again."]
    assert p["cue"] == "added"
    assert p["speaker"] == "Priya Natarajan"


def test_indirect_said_that_excludes_complementiser():
    p = one("The harbour authority said that fees would rise by 4 percent next year.")
    assert content(p) == ["fees would rise by 4 percent next year"]
    assert (p["type"], p["stance"]) == ("indirect", "claim")
    assert speaker_span(p) == "The harbour authority"


def test_indirect_said_without_that_and_time_adjunct():
    p = one("Governor Maria Sousa on Monday said the budget will be balanced by June.")
    assert content(p) == ["the budget will be balanced by June"]
    assert p["speaker"] == "Governor Maria Sousa"


def test_indirect_said_in_a_statement_that():
    p = one("The company said in a statement that its factories would stay open.")
    assert content(p) == ["its factories would stay open"]
    assert speaker_span(p) == "The company"


def test_indirect_told_hearer_that():
    p = one("Tom Briggs told the newspaper that the ferry schedule was never changed.")
    assert content(p) == ["the ferry schedule was never changed"]
    assert p["cue"] == "told"
    assert p["stance"] == "claim"  # a negative statement of fact that answers nobody (§10.3)


def test_trailing_frame_speaker_after_content():
    p = one("Fees will rise again next spring, the port authority said.")
    assert content(p) == ["Fees will rise again next spring"]
    assert speaker_span(p) == "the port authority"


def test_denied_ing():
    p = one("Tom Briggs denied breaking the agreement with the dockworkers.")
    assert content(p) == ["breaking the agreement with the dockworkers"]
    assert (p["stance"], p["cue"], p["speaker"]) == ("denial", "denied", "Tom Briggs")


def test_denied_allegations_that():
    p = one("The mayor's office rejected claims that the contract had been rigged.")
    assert content(p) == ["the contract had been rigged"]
    assert p["stance"] == "denial"  # the cue's class wins over blame words in the content


def test_accused_y_of():
    p = one("The union accused the harbour board of hiding the inspection report.")
    assert content(p) == ["the harbour board of hiding the inspection report"]
    assert (p["stance"], p["cue"], speaker_span(p)) == ("accusation", "accused", "The union")


def test_blamed_y_for():
    p = one("Farmers blamed the water company for the drought damage.")
    assert content(p) == ["the water company for the drought damage"]
    assert p["stance"] == "accusation"


def test_mixed_quote_runs_to_end_of_fragment():
    p = one('Lopez said the council "will not tolerate further delays."')
    assert content(p) == ['the council "will not tolerate further delays."']
    assert p["type"] == "mixed"
    assert p["stance"] == "claim"  # a warning is a claim, though it negates


def test_according_to_at_end_strips_wrapper():
    p = one("Inflation slowed to 2 percent in March, according to figures from the national statistics office.")
    assert content(p) == ["Inflation slowed to 2 percent in March"]
    assert p["cue"] == "according to"
    assert p["speaker"] == "the national statistics office"


def test_according_to_at_start():
    p = one("According to the weather service, the storm will reach the coast tonight.")
    assert content(p) == ["the storm will reach the coast tonight"]
    assert p["speaker"] == "the weather service"


def test_per_source_at_end():
    p = one("The strike cost the port $3 million in lost trade, per Bloomberg.")
    assert content(p) == ["The strike cost the port $3 million in lost trade"]
    assert (p["cue"], p["speaker"]) == ("per", "Bloomberg")


def test_per_as_rate_is_not_a_cue():
    assert run("Tickets cost $4 per ride, up from $3 last year.") == []


def test_apposition_speaker_is_the_name():
    p = one("Dana Whitfield, a lawyer for the tenants, said that the eviction notices were unlawful.")
    assert p["speaker"] == "Dana Whitfield"
    assert speaker_span(p) == "Dana Whitfield"
    assert p["stance"] == "accusation"  # blame vocabulary: unlawful


def test_nominal_speaker_with_relation():
    p = one("A spokesman for the airline said flights would resume on Friday.")
    assert speaker_span(p) == "A spokesman"  # the mention leaves out its post-modifier
    assert p["speaker"] == "A spokesman for the airline"
    assert content(p) == ["flights would resume on Friday"]


def test_pronoun_resolves_to_most_recent_compatible_person():
    text = ("Jonas Eberly arrived in Lisbon with the Mercator Group delegation.\n\n"
            "He said the talks would continue next week.")
    p = one(text)
    assert speaker_span(p) == "He"
    assert p["speaker"] == "Jonas Eberly"  # not the organisation, not the city


def test_pronoun_prefers_previous_speaker_over_later_name():
    text = ("Marta Ruiz said the vote was delayed because of Pedro Alves.\n\n"
            '"We will try again in June," she said.')
    preds = run(text)
    assert [p["speaker"] for p in preds] == ["Marta Ruiz", "Marta Ruiz"]


def test_it_resolves_to_organisation():
    text = ("The Fairfield Water Board met on Monday.\n\n"
            "It said the reservoir was full.")
    p = one(text)
    assert p["speaker"] == "Fairfield Water Board"


def test_participle_adding_inherits_agent():
    preds = run("Rosa Klein denied the report, adding that the plant had passed every inspection.")
    assert [content(p) for p in preds] == [["the report"], ["the plant had passed every inspection"]]
    assert [p["cue"] for p in preds] == ["denied", "adding"]
    assert [p["speaker"] for p in preds] == ["Rosa Klein", "Rosa Klein"]
    assert [p["stance"] for p in preds] == ["denial", "claim"]


def test_cueless_continuation_inherits_speaker_and_has_no_cue():
    text = '"The harvest was late," Ines Okafor said. "Prices will rise in the autumn."'
    first, second = run(text)
    assert content(second) == ["Prices will rise in the autumn."]
    assert second["cue"] is None and second["cue_span"] is None
    assert second["speaker"] == "Ines Okafor"
    assert speaker_span(second) == "Ines Okafor"
    assert first["type"] == second["type"] == "direct"


def test_continuation_in_next_paragraph_opening_with_quote():
    text = ('"The harvest was late," Ines Okafor said.\n\n'
            '"Prices will rise in the autumn, and bakeries will feel it first."')
    preds = run(text)
    assert len(preds) == 2 and preds[1]["speaker"] == "Ines Okafor"


def test_quote_in_unrelated_paragraph_is_not_a_continuation():
    text = ('"The harvest was late," Ines Okafor said.\n\nThe market opened at nine.\n\n'
            'Its motto, "fresh bread for every table in town," hangs over the door.')
    assert len(run(text)) == 1


def test_short_scare_quote_is_not_a_quote():
    assert run('The so-called "green bonds" were sold out by noon.') == []


def test_declined_to_comment_is_not_an_attribution():
    assert run("The minister declined to comment on the report.") == []


def test_instruction_is_not_an_attribution():
    assert run("The mayor instructed the council to speed up work on the bridge.") == []


def test_noun_uses_of_cue_words_are_ignored():
    assert run("Pedro Alves's remarks drew applause from the crowd.") == []
    assert run("The United States and Canada signed the treaty.") == []


def test_stance_from_cue_class():
    assert one("The ministry denied that soldiers were in the town.")["stance"] == "denial"
    assert one("The opposition accused the cabinet of wasting money.")["stance"] == "accusation"
    assert one("The ministry said that soldiers were in the town.")["stance"] == "claim"


@pytest.mark.parametrize("text, stance", [
    ("the vote was rigged by the committee", "accusation"),
    ("the report is a smear campaign", "accusation"),
    ("we did not take the money", "denial"),
    ("the rumours are baseless", "denial"),
    ("there was no cover-up", "denial"),  # negated blame word is a denial, not an accusation
    ("the bridge will reopen in May", "claim"),
])
def test_stance_refined_by_content(text, stance):
    assert refine_stance(text) == stance


def test_content_refinement_through_a_claim_cue():
    p = one("The senator claimed the election was rigged by her opponents.")
    assert p["stance"] == "accusation"
    p = one("The senator insisted that she had never met the donor.")
    assert p["stance"] == "denial"


def test_lexicon_has_at_least_sixty_cues_with_stance_classes():
    lemmas = cue_lemmas()
    assert len(lemmas) >= 60
    for needed in ("say", "tell", "add", "claim", "insist", "argue", "estimate", "announce", "deny",
                   "reject", "dismiss", "refute", "accuse", "blame", "charge", "according to", "per",
                   "as quoted by"):
        assert needed in lemmas, needed
    assert lemmas["deny"][0] == "denial" and lemmas["accuse"][0] == "accusation"
    assert lemmas["say"][0] == "claim"
    assert cue_lexicon()[("said",)].lemma == "say"


def test_intermediary_is_not_the_speaker():
    text = '"The border is closed," he said, as quoted by the Daily Courier. Kofi Mensah had arrived at noon.'
    preds = run("Kofi Mensah spoke at noon.\n\n" + text)
    assert len(preds) == 1
    assert preds[0]["speaker"] == "Kofi Mensah"
    assert "Courier" not in preds[0]["speaker"]


def test_offsets_match_text():
    text = "The harbour authority said that fees would rise.\n\n“Ships are waiting,” Ana Lopez said."
    for p in run(text):
        for s in p["content_spans"] + [p["speaker_span"], p["cue_span"]]:
            if s:
                assert text[s["start"]:s["end"]] == s["text"]


def test_interposed_frame_gives_two_spans():
    p = one("The new bridge, Mayor Ana Lopez said, will carry twice the traffic.")
    assert content(p) == ["The new bridge", "will carry twice the traffic"]
    assert (p["speaker"], p["cue"]) == ("Mayor Ana Lopez", "said")


def test_trailing_inverted_frame_with_apposition():
    p = one("The ferry will be late this week, said Kai Holm, a spokesman for the operator.")
    assert content(p) == ["The ferry will be late this week"]
    assert p["speaker"] == "Kai Holm"


def test_trailing_frame_followed_by_writer_clause():
    p = one("Prices have doubled since May, Ines Okafor said, because the harvest failed.")
    assert content(p) == ["Prices have doubled since May"]


def test_title_abbreviation_does_not_end_the_frame():
    p = one('"We are proud of you," Mr. Holm told the crew.')
    assert (p["speaker"], p["cue"]) == ("Mr. Holm", "told")


def test_coordinated_cue_shares_the_agent():
    preds = run("The mayor praised the crew and said the bridge would open in May.")
    assert len(preds) == 1
    assert content(preds[0]) == ["the bridge would open in May"]
    assert speaker_span(preds[0]) == "The mayor"


def test_nominal_subject_with_participial_apposition_and_hyphenated_head():
    p = one("The report, published on Tuesday, said that rents had risen.")
    assert (speaker_span(p), content(p)) == ("The report", ["rents had risen"])
    p = one('"I never took the money," the 45-year-old said.')
    assert speaker_span(p) == "the 45-year-old"
    assert p["stance"] == "denial"


def test_inverted_speaker_with_premodifier_and_parenthetical_affiliation():
    p = one('"The plan is 100 percent wrong," said harbour pilot Jan Visser.')
    assert p["speaker"] == "Jan Visser"
    p = one("Senator Ruth Ames (D-Ore.) said the ferry subsidy would be renewed.")
    assert (p["speaker"], content(p)) == ("Senator Ruth Ames", ["the ferry subsidy would be renewed"])
    p = one('"The vote will pass," Senator Ruth Ames, D-Ore., said Tuesday.')
    assert p["speaker"] == "Senator Ruth Ames"


def test_non_reporting_senses_are_ignored():
    assert run("The council denied them permits until the survey was done.") == []
    assert run("Shops charged customers higher fees after the storm.") == []
    assert run("Coastal state Oregon is larger than it looks.") == []
    p = run("Two days after the harbour board condemned the strike, the ferries stopped.")[0]
    assert speaker_span(p) == "the harbour board"  # not `Two days`


def test_bullet_lines_are_sentences_of_their_own():
    text = ("Storm closes harbour\n\n"
            "  • According to the coastguard, three boats sank overnight\n"
            "  • The mayor said the harbour would reopen on Friday\n")
    preds = run(text)
    assert [content(p) for p in preds] == [["three boats sank overnight"], ["the harbour would reopen on Friday"]]
    assert [p["speaker"] for p in preds] == ["the coastguard", "The mayor"]


def test_quoted_as_saying_and_appositive_name():
    p = one("The senator was quoted as saying the bill would fail.")
    assert (speaker_span(p), p["cue"], content(p)) == ("The senator", "saying", ["the bill would fail"])
    p = one("The agency's spokesman, Jane Roe, said the office would close.")
    assert p["speaker"] == "Jane Roe"


def test_told_hearer_without_that():
    p = one("Ana Lopez told reporters the ferry would run on Sunday.")
    assert content(p) == ["the ferry would run on Sunday"]
    p = one("Ana Lopez told the Daily Courier the vote was rigged.")
    assert (content(p), p["stance"]) == (["the vote was rigged"], "accusation")
    assert run("Ana Lopez told the story of the ferry.") == []


def test_participle_without_earlier_cue_takes_the_clause_subject():
    p = one("The mayor attacked the council, saying it had wasted money.")
    assert (speaker_span(p), p["cue"], content(p), p["stance"]) == (
        "The mayor", "saying", ["it had wasted money"], "accusation")


def test_trailing_frame_with_time_adjunct_after_the_cue():
    p = one("The agency has not approved the plan, a spokeswoman for the agency said on Wednesday.")
    assert content(p) == ["The agency has not approved the plan"]
    assert (speaker_span(p), p["stance"]) == ("a spokeswoman", "claim")  # negates, denies nothing


def test_writer_clause_after_a_comma_ends_the_content():
    p = one("The minister warned on Monday that borrowing would rise, as pressure grew to cut taxes.")
    assert content(p) == ["borrowing would rise"]


def test_coordinated_cue_after_appositive_subject():
    preds = run('Its leader, Sara Lind, called the row "a shambles" and said voters deserved better.')
    assert [(p["speaker"], content(p)) for p in preds] == [  # calling with quoted words is a report (§10.1)
        ("Sara Lind", ['the row "a shambles"']), ("Sara Lind", ["voters deserved better"])]


def test_multi_paragraph_quote_continues_with_the_same_speaker():
    text = ('"The figures are out of date," Omar Haddad said. "They ignore the cost of waiting.\n\n'
            '"I have made this case to the cabinet and I will keep making it."')
    preds = run(text)
    assert [content(p) for p in preds] == [
        ["The figures are out of date,"], ["They ignore the cost of waiting."],
        ["I have made this case to the cabinet and I will keep making it."]]
    assert [p["speaker"] for p in preds] == ["Omar Haddad"] * 3
    assert [p["cue"] for p in preds] == ["said", None, None]


def test_single_quotes_british_style():
    text = "‘These towns depend on us,’ Lars Eklund said. ‘If we leave, nobody else will come.’"
    preds = run(text)
    assert [content(p) for p in preds] == [["These towns depend on us,"], ["If we leave, nobody else will come."]]
    assert [p["speaker"] for p in preds] == ["Lars Eklund", "Lars Eklund"]
    assert run("The pilots' union and the '90s crowd met at Bob's bar.") == []


def test_headline_colon_quote_without_cue():
    p = one("Airline chief: 'We will keep every regional route'\n\nThe board meets today.")
    assert (content(p), speaker_span(p), p["cue"], p["type"]) == (
        ["We will keep every regional route"], "Airline chief", None, "direct")


def test_bare_verb_form_after_plural_subject():
    p = one("Analysts at Fjord Bank estimate the airline lost 85 million euros last year.")
    assert (speaker_span(p), p["cue"]) == ("Analysts", "estimate")


def test_said_in_a_statement_without_that():
    p = one("Greenline Logistics said in a statement it was cooperating with investigators.")
    assert content(p) == ["it was cooperating with investigators"]


def test_quote_inside_a_longer_content_is_not_direct():
    p = one('The company blamed "a criminal act" for the blaze.')
    assert (p["type"], p["stance"], content(p)) == ("mixed", "accusation", ['"a criminal act" for the blaze'])


def test_direct_quote_with_according_to():
    p = one('Ana Lopez spoke first.\n\n"The season is over for us," according to the coach.')
    assert (content(p), p["type"], p["speaker"], p["cue"]) == (
        ["The season is over for us,"], "direct", "the coach", "according to")


def test_it_resolves_to_a_previous_nominal_speaker():
    text = "The league said the date was fixed in May.\n\nIt said the broadcaster had chosen the weekday."
    preds = run(text)
    assert [p["speaker"] for p in preds] == ["The league", "The league"]
    assert speaker_span(preds[1]) == "It"


def test_quote_only_cues_frame_direct_quotes_but_not_paraphrase():
    p = one('"Why now, after ten years?" asked Senator Ruth Ames.')
    assert (content(p), p["speaker"], p["cue"]) == (["Why now, after ten years?"], "Senator Ruth Ames", "asked")
    assert run("The senator asked the minister to resign by Friday.") == []


def test_apposition_after_a_title_with_place_and_a_comma_before_the_time_adjunct():
    p = one("The mayor of Brookfield, Ellen Carter, on Tuesday rejected claims that the city had hidden the cost.")
    assert content(p) == ["the city had hidden the cost"]
    assert (p["speaker"], p["cue"], p["stance"]) == ("Ellen Carter", "rejected", "denial")


def test_trailing_source_with_a_modifier_that_is_also_a_cue_form():
    p = one("Ferries will stop running in March, the state transport agency said on Friday.")
    assert content(p) == ["Ferries will stop running in March"]
    assert (p["speaker"], p["cue"], p["type"]) == ("the state transport agency", "said", "indirect")


def test_reporting_noun_after_a_preposition_opens_no_attribution():
    preds = run("The airline grounded its fleet after reports that a wing had cracked, the agency said.")
    assert [content(p) for p in preds] == [["The airline grounded its fleet after reports that a wing had cracked"]]
    assert preds[0]["speaker"] == "the agency"


def test_quote_after_the_cue_stops_at_its_closing_mark_before_a_trailing_adjunct():
    p = one('Smith said "the bridge is closed" on Monday.')
    assert (content(p), p["type"], speaker_span(p)) == (["the bridge is closed"], "direct", "Smith")
    # a clause after the quote is still part of a mixed content
    p = one('Jones said "the ferry is late" and that nobody cared.')
    assert (content(p), p["type"]) == (['"the ferry is late" and that nobody cared'], "mixed")


def test_inverted_speaker_keeps_its_abbreviated_title():
    p = one('"This is the smallest planet yet," said Dr. Elena Varga.')
    assert (content(p), p["speaker"], p["stance"]) == (["This is the smallest planet yet,"], "Dr. Elena Varga", "claim")


def test_a_refusal_to_comment_is_not_an_attribution():
    assert run("The association said it would not comment on an ongoing case.") == []
    assert len(run("The association said it would not renew the contract.")) == 1


@pytest.mark.parametrize("content, stance", [
    ("World No. 14 Nadia Petrov has been suspended", "claim"),         # the number sign
    ("If the rains do not come by October, we will have to go further", "claim"),  # a condition
    ("Unless the board acts, nothing will change and we did not start this", "denial"),
    ("We do not attack anyone", "denial"),
])
def test_negation_that_is_not_a_denial(content, stance):
    assert refine_stance(content) == stance


def test_a_group_located_by_in_speaks_not_the_place():
    p = one("Health officials in Pine County said the water was safe.")
    assert (speaker_span(p), content(p)) == ("Health officials", ["the water was safe"])
    p = one("A spokesman in Brussels said the talks had failed.")
    assert speaker_span(p) == "A spokesman"


# ------------------------------------------------------------------ stance of the rules (baselines/rules/stance.py)

@pytest.mark.parametrize("sentence, stance", [
    # negations that deny nothing are claims
    ("The coach said they had never seen a crowd this large.", "claim"),
    ("The firm said it has not yet decided where to build the plant.", "claim"),
    # a negation that rejects a charge, or a rejection word, is a denial
    ("The minister said she never threatened the journalists.", "denial"),
    ("The club said the reports were completely false.", "denial"),
    ("His lawyer said the driver was innocent.", "denial"),
    ("The mayor said there had been no cover-up.", "denial"),
    # blame vocabulary used to fight wrongdoing names no wrongdoer
    ("The agency said it had opened a criminal investigation into the sale.", "claim"),
    ("The minister said the new law would punish corruption more severely.", "claim"),
    ("The senator claimed the ballots were rigged.", "accusation"),
])
def test_rules_stance_from_content(sentence, stance):
    assert one(sentence)["stance"] == stance


# ------------------------------------------------------------------ speakers: heads, relations, inverted cues

def test_a_person_of_an_organisation_speaks_not_the_organisation():
    p = one("Marta Keller of the Alpine Rescue Service said the pass would stay closed.")
    assert (p["speaker"], content(p)) == ("Marta Keller", ["the pass would stay closed"])
    p = one("Ivo Rand of the UK's Coastal Guard said the storm had passed.")
    assert p["speaker"] == "Ivo Rand"


def test_a_source_within_a_ministry_is_the_source():
    p = one("A source within the central Transport Ministry said the tender was cancelled.")
    assert speaker_span(p) == "A source"


def test_officials_in_two_places_are_the_officials():
    p = one("Yesterday, officials in Lower Vale and Upper Vale announced that the dam was safe.")
    assert speaker_span(p) == "officials"


def test_inverted_cue_stops_before_a_medium_adjunct():
    p = one('"The band was my family," wrote Lena Varo in a statement.')
    assert p["speaker"] == "Lena Varo"


def test_inverted_cue_with_a_description_then_the_name():
    p = one('"He changed the field," said Westfield University\'s rector, Anton Brell.')
    assert p["speaker"] == "Anton Brell"


# ------------------------------------------------------------------ acts of calling with quoted words

def test_called_x_quoted_words_is_a_mixed_attribution():
    p = one('The harbour master called the collision "a disgraceful failure of seamanship."')
    assert content(p) == ['the collision "a disgraceful failure of seamanship."']
    assert (p["type"], p["cue"], speaker_span(p), p["stance"]) == ("mixed", "called", "The harbour master", "accusation")


def test_described_as_runs_to_the_end_of_the_clause():
    p = one('She described the mayor as "a tireless builder" who was "never far from the people."')
    assert content(p) == ['the mayor as "a tireless builder" who was "never far from the people."']
    assert (p["type"], p["stance"]) == ("mixed", "claim")


def test_called_with_a_title_or_a_bare_name_is_no_attribution():
    assert run('The band released a song called "Winter Comes Early" in May.') == []
    assert run('Doctors often called the illness "marsh fever" back then.') == []  # naming (§10.5)
    assert run('The illness is commonly called "marsh fever".') == []  # passive naming: no source


def test_speaking_to_an_audience_does_not_take_the_subject():
    p = one('Prime minister Ana Sobral speaking to the trade council called the tariff "a blunt weapon".')
    assert p["speaker"] == "Ana Sobral" or speaker_span(p).endswith("Ana Sobral")


# ------------------------------------------------------------------ pronouns

def test_he_does_not_resolve_to_a_name_with_a_female_title():
    preds = run('Tom Clark thanked Mrs Ana Weber for the donation. "We will rebuild the hall," he said.')
    assert [(p["speaker"], speaker_span(p)) for p in preds] == [("Tom Clark", "he")]


def test_a_speaker_of_the_other_gender_is_passed_over():
    text = ('Ms Lena Marsh met Paul Iver in Oslo. "The deal is done," Ms Lena Marsh said. '
            'Paul Iver left early. "It was a long night," he added.')
    assert [p["speaker"] for p in run(text)] == ["Ms Lena Marsh", "Paul Iver"]


# ------------------------------------------------------------------ second reports, hearers

def test_a_second_report_joined_by_but_takes_the_subject():
    preds = run("He denied any wrongdoing, but later admitted that he had kept the money.")
    assert [(p["cue"], content(p), p["stance"]) for p in preds] == [
        ("denied", ["any wrongdoing"], "denial"), ("admitted", ["he had kept the money"], "claim")]


def test_a_second_report_after_but_with_its_own_subject_ends_the_first():
    preds = run("Roe denied any wrongdoing, but upon seeing the footage he claimed the money had been a loan.")
    assert [content(p) for p in preds] == [["any wrongdoing"], ["the money had been a loan"]]


def test_the_outlet_told_is_the_hearer_not_the_speaker():
    p = one("The harvest failed, the farmer told AFP.")
    assert (content(p), speaker_span(p), p["cue"]) == (["The harvest failed"], "the farmer", "told")
    p = one('"We will not leave," the farmer told AFP.')
    assert speaker_span(p) == "the farmer"


def test_a_quote_after_a_colon_opens_the_next_paragraph():
    p = one('The mayor of Ashford, Jane Roe, said:\n\n"We will rebuild every house that was lost."')
    assert (content(p), p["speaker"], p["cue"], p["type"]) == (
        ["We will rebuild every house that was lost."], "Jane Roe", "said", "direct")
    p = one('The coach told reporters:\n"We played badly and we know it."')
    assert (speaker_span(p), p["cue"]) == ("The coach", "told")


# ------------------------------------------------------------------ round 2

def test_a_semicolon_ends_indirect_content():
    preds = run("The players said they would appeal; the coach wept on the bench.")
    assert [(content(p), speaker_span(p)) for p in preds] == [(["they would appeal"], "The players")]
    preds = run("Roe claimed the deal was fair; Doe claimed it was rigged.")
    assert [(content(p), speaker_span(p)) for p in preds] == [
        (["the deal was fair"], "Roe"), (["it was rigged"], "Doe")]


def test_saying_after_an_intransitive_verb_takes_the_clause_subject():
    p = one("The minister spoke to reporters, saying the talks had failed.")
    assert (content(p), speaker_span(p), p["cue"], p["stance"]) == (
        ["the talks had failed"], "The minister", "saying", "claim")
    p = one("In May, the parents tried to free him by saying they forgave him for the crime.")
    assert (content(p), speaker_span(p), p["cue"]) == (["they forgave him for the crime"], "the parents", "saying")
    p = one("His mother wept upon hearing the verdict and said she believed he was innocent.")
    assert (content(p), speaker_span(p)) == (["she believed he was innocent"], "His mother")


def test_further_saying_after_a_quote_ending_in_a_comma_opens_a_direct_quote():
    preds = run('Dr Jane Roe said the tax "costs farmers a fortune," further saying, '
                '"It also hurts the towns that depend on them."')
    assert [(content(p), p["type"], p["cue"], p["speaker"]) for p in preds] == [
        (['the tax "costs farmers a fortune,"'], "mixed", "said", "Dr Jane Roe"),
        (["It also hurts the towns that depend on them."], "direct", "saying", "Dr Jane Roe")]


def test_dismissing_a_lawsuit_is_a_legal_act_not_a_denial():
    assert run("The judge dismissed the farmer's lawsuit against the city.") == []
    assert run("The court rejected an appeal by the two companies.") == []
    p = one("Roe rejected the claims that she had lied.")
    assert (p["cue"], p["stance"]) == ("rejected", "denial")


def test_a_report_of_a_report_is_one_attribution_of_the_inner_source():
    p = one("Reuters reported on Monday a senior government source said the ban was not part of a wider plan.")
    assert (content(p), speaker_span(p), p["cue"], p["stance"]) == (
        ["the ban was not part of a wider plan"], "a senior government source", "said", "claim")
    p = one("The agency reported that officials said the bridge would reopen in May.")
    assert (content(p), speaker_span(p), p["cue"]) == (["the bridge would reopen in May"], "officials", "said")
    p = one("Roe said the minister lied.")
    assert (content(p), speaker_span(p)) == (["the minister lied"], "Roe")


def test_a_block_quotation_after_a_colon_cue_is_the_speakers_direct_quote():
    text = ('The judge rejected this argument:\n\n The claim of immunity has no basis in law. It also ignores '
            'the precedents.\n\nFor these reasons the court denies the motion.\n\n – Judge Jane Roe, "Order"\n\n'
            'The firm will appeal.')
    p = one(text)
    assert (p["type"], p["cue"], speaker_span(p), p["stance"]) == ("direct", "rejected", "The judge", "denial")
    assert content(p) == ["The claim of immunity has no basis in law. It also ignores the precedents.\n\n"
                          "For these reasons the court denies the motion."]
    # an unindented paragraph with no credit line and no quotation marks stays the writer's
    assert run("The mayor said:\n\nThe storm passed on Monday and the town was quiet.") == []


def test_footage_without_an_author_is_no_source():
    assert run("According to videos posted online, two men pushed the guard to the ground.") == []
    p = one("According to footage released by the Coast Guard, the boat sank within minutes.")
    assert p["cue"] == "According to"
    p = one("According to these videos and the BBC, the police then arrived at the scene.")
    assert content(p) == ["the police then arrived at the scene"]
