"""Aligning text-only prediction content to the document."""
import benchmark
from benchmark.align import MIN_SIMILARITY, align

TEXT = ('The minister said the “new plan” will cut  waiting times by half. '
        '"Fans," he added, "deserve an answer." The mayor said the plan will fail.')


def test_verbatim_content_is_found_and_edge_quotes_are_trimmed():
    s = TEXT.index("the plan will fail")
    assert align(TEXT, '"the plan will fail."') == ((s, s + len("the plan will fail.")),)


def test_curly_quotes_whitespace_and_case_are_normalised():
    s = TEXT.index("the “new")
    e = TEXT.index("by half") + len("by half")
    assert align(TEXT, 'The "new plan" will cut waiting times by half') == ((s, e),)


def test_fuzzy_fallback_accepts_a_small_typo():
    s = TEXT.index("the “new")
    e = TEXT.index("by half") + len("by half")
    assert align(TEXT, 'the "new plan" will cut wating times by half') == ((s, e),)


def test_invented_quote_is_not_aligned():
    assert MIN_SIMILARITY == 0.8
    assert align(TEXT, "the minister resigned after the vote on taxes") is None
    assert align(TEXT, '""') is None


def test_ellipsis_gives_a_discontinuous_quote():
    a = TEXT.index("Fans,")
    b = TEXT.index("deserve")
    assert align(TEXT, "Fans, … deserve an answer.") == ((a, a + 5), (b, b + len("deserve an answer.")))
    assert align(TEXT, "Fans, ... deserve an answer.") == ((a, a + 5), (b, b + len("deserve an answer.")))


def test_repeated_content_goes_to_the_occurrence_nearest_the_cue():
    text = "A said the plan will fail. B said the plan will fail."
    first = text.index("the plan")
    second = text.index("the plan", first + 1)
    assert align(text, "the plan will fail") == ((first, first + 18),)
    assert align(text, "the plan will fail", near=text.index("B said") + 2) == ((second, second + 18),)



def test_fuzzy_paraphrase_is_found_where_its_longest_shared_phrase_first_occurs_elsewhere():
    # ` is focusing on repairing its own bridges ` opens both sentences; the paraphrase
    # belongs to the second one, which the first longest block alone never looks at
    text = ("The council said the town is focusing on repairing its own bridges after the storm. "
            "Later the mayor said the city is focusing on repairing its own bridges amid the floods.")
    s = text.index("the city")
    assert align(text, "the city is concentrating on repairing its bridges amid floods") == ((s, len(text) - 1),)


def test_fuzzy_paraphrase_of_a_gold_quote_lands_on_that_quote():
    # A2 and A8 share `is focusing on defending its own territories`; this paraphrase is A8's
    doc = benchmark.load_gold()[0]
    a8 = next(a for a in doc.attributions if a.id == "A8").content[0]
    assert align(doc.text, "Kyiv is concentrating on defending its territories amid Russia's invasion") == (
        (a8.start, a8.end),)


def test_an_ellipsis_aligns_the_pieces_beside_each_other_not_at_a_first_mention():
    text = 'Day was born in 1922. Late in life, Day, her son said, desired no memorials.'
    second_day = text.index("Day", 5)
    assert align(text, "Day … desired no memorials") == (
        (second_day, second_day + 3), (text.index("desired"), text.index("desired") + len("desired no memorials")))


def test_an_ellipsis_is_tried_before_a_fuzzy_window_that_would_swallow_the_cue():
    text = 'The guardrail would be examined, Roberts said, to determine if it had performed as designed.'
    a, b = text.index("The guardrail"), text.index(", Roberts")
    c = text.index("to determine")
    assert align(text, "The guardrail would be examined … to determine if it had performed as designed") == (
        (a, b), (c, len(text) - 1))


def test_a_bracketed_ellipsis_splits_and_an_ellipsis_printed_in_the_article_does_not():
    text = 'She said: "We waited. We asked for help [...] Nobody came." Then she left.'
    start, end = text.index("We waited"), text.index('came."') + 5
    assert align(text, "We waited. We asked for help [...] Nobody came.") == ((start, end),)
    assert align(text, "We waited. … Nobody came.") == (
        (start, start + len("We waited.")), (text.index("Nobody"), end))
    assert align(text, "We waited. [...] Nobody came.") == (
        (start, start + len("We waited.")), (text.index("Nobody"), end))


def test_an_occurrence_inside_a_word_does_not_count():
    text = 'Critics called the plan "unhinged, even for him." He was "unhinged" as "unhinged" goes.'
    # `as "unhinged` must not land inside `was "unhinged`
    start = text.index('as "unhinged" goes') + 4
    assert align(text, 'as "unhinged"') == ((start - 4, start + len("unhinged")),)


def test_repeated_text_goes_where_the_context_speaker_or_cue_point():
    text = ('Ann Lee said the plan will fail. Critics disagreed. '
            'Bob Ray wrote that the plan will fail. Nobody answered.')
    first, second = text.index("the plan will fail"), text.rindex("the plan will fail")
    span = lambda s: ((s, s + len("the plan will fail")),)  # noqa: E731
    assert align(text, "the plan will fail") == span(first)
    assert align(text, "the plan will fail", hints=[("context", "Bob Ray wrote that the plan will fail.")]) == span(second)
    assert align(text, "the plan will fail", hints=[("speaker", "Bob Ray")]) == span(second)
    assert align(text, "the plan will fail", hints=[("speaker", "Ann Lee")]) == span(first)
    assert align(text, "the plan will fail", hints=[("cue", "wrote")]) == span(second)
    # a hint that does not tell the occurrences apart leaves the first
    assert align(text, "the plan will fail", hints=[("speaker", "Zed")]) == span(first)
    # an offset beats every text hint
    assert align(text, "the plan will fail", near=0, hints=[("speaker", "Bob Ray")]) == span(first)


def test_a_fuzzy_window_is_widened_to_whole_words():
    text = "The minister said the new rules will be introduced gradually over the next year."
    (span,) = align(text, "the new rules will be introduced slowly over the next year")
    s, e = span
    assert not (text[s - 1].isalnum() and text[s].isalnum()) and not (e < len(text) and text[e].isalnum())
