"""Aligning text-only prediction content to the document."""
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
