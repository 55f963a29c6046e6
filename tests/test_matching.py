"""Content matching: trimming, exact hashing, the interval sweep and optimal assignment."""
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.matching import (TokenCounter, _sweep, candidate_pairs, content_key, match_exact, match_overlap,
                                scored_pairs, shares)


def test_content_key_trims_quotes_and_space_and_merges_touching_ranges():
    text = 'He said: "We are ready ,"  and left.'
    s = text.index('"We')
    e = text.index("and") - 1
    assert content_key(text, [(s, e)]) == ((s + 1, text.index(',"') + 1),)
    # ranges that touch or are separated by whitespace read as one; an all-space range disappears
    assert content_key(text, [(0, 2), (2, 7), (7, 8), (26, 27)]) == ((0, 8),)
    assert content_key(text, [(3, 7), (0, 2)]) == ((0, 7),)
    assert content_key(text, [(0, 2), (8, 12)]) == ((0, 2), (10, 12))


def test_a_content_cut_at_a_quote_mark_or_apostrophe_is_the_uncut_content():
    text = "They hit Putin's residence, he said."
    whole = content_key(text, [(9, 26)])
    cut = text.index("'") + 1  # `Putin'` + `s residence`: trimming each piece first would lose the `'`
    assert content_key(text, [(9, cut), (cut, 26)]) == whole == ((9, 26),)
    quoted = 'He said: "We are ready."'
    q = quoted.index('"')
    assert content_key(quoted, [(q, q + 1), (q + 1, len(quoted))]) == ((q + 1, len(quoted) - 1),)


def test_a_word_cut_into_pieces_is_one_token_not_one_per_piece():
    text = "ordering his army to carry out drone attacks"
    tokens = TokenCounter(text)
    gold = [((0, len(text)),)]  # eight tokens
    pieces = ((0, 2), (2, 5), (5, 8), (22, 24), (24, 27))  # `ord|eri|ng`, `ca|rry`: two words
    pred = [tuple(pieces)]
    assert tokens.size(pred[0]) == 2 and tokens.shared(gold[0], pred[0]) == 2
    scored = shares(gold, pred, tokens, candidate_pairs(gold, pred))
    assert scored == [(0, 0, 1.0, 2 / 8)]  # not 5 tokens of 8 shared
    assert match_overlap(scored, 0.5) == []


def test_exact_matching_is_one_to_one_and_ignores_order():
    gold = [((0, 5),), ((10, 20),), ((30, 40),)]
    pred = [((30, 40),), ((10, 20),), ((10, 20),), ((0, 6),)]
    pairs = match_exact(gold, pred)
    assert [(i, j) for i, j, _, _ in pairs] == [(1, 1), (2, 0)]  # the duplicate is left over


def test_exact_tie_goes_to_the_prediction_that_agrees_on_attributes():
    gold = [((0, 5),)]
    pred = [((0, 5),), ((0, 5),)]
    pairs = match_exact(gold, pred, bonus=lambda i, j: 2 if j == 1 else 0)
    assert [(i, j) for i, j, _, _ in pairs] == [(0, 1)]


def test_overlap_ratio_is_shared_tokens_over_the_longer_content():
    text = "one two three four five six seven eight nine ten"
    tokens = TokenCounter(text)
    gold = [((0, len(text)),)]  # ten tokens
    six = text.index("six") + 3
    pred = [((0, six),)]  # six tokens, all inside the gold
    scored = shares(gold, pred, tokens, candidate_pairs(gold, pred))
    assert scored == [(0, 0, 1.0, 0.6)]
    assert len(match_overlap(scored, 0.5)) == 1
    assert match_overlap(scored, 0.7) == []


def test_assignment_is_optimal_where_greedy_is_not():
    # greedy on the best pair (0, 0) leaves gold 1 unmatched; the optimum pairs both
    scored = [(0, 0, 0.9, 0.9), (1, 0, 0.8, 0.8), (0, 1, 0.7, 0.7)]
    pairs = match_overlap(scored, 0.5)
    assert [(i, j) for i, j, _, _ in pairs] == [(0, 1), (1, 0)]


def _brute_force_best(scored, threshold):
    """Largest total ratio over all one-to-one pairings, by exhaustive search."""
    edges = {(i, j): min(sp, sg) for i, j, sp, sg in scored if min(sp, sg) >= threshold}
    gold = sorted({i for i, _ in edges})

    def best(k, used):
        if k == len(gold):
            return 0.0
        out = best(k + 1, used)  # gold[k] unmatched
        for (i, j), w in edges.items():
            if i == gold[k] and j not in used:
                out = max(out, w + best(k + 1, used | {j}))
        return out

    return best(0, frozenset())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from([0.2, 0.5, 0.6, 0.75, 1.0]),
                          st.sampled_from([0.5, 0.6, 0.8, 1.0])), max_size=12, unique_by=lambda t: (t[0], t[1])))
def test_assignment_total_equals_brute_force_maximum(scored):
    pairs = match_overlap(scored, 0.5)
    assert len({i for i, *_ in pairs}) == len(pairs) == len({j for _, j, *_ in pairs})
    total = sum(min(sp, sg) for _, _, sp, sg in pairs)
    assert abs(total - _brute_force_best(scored, 0.5)) < 1e-6


ranges = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), max_size=15).map(
    lambda xs: [((s, s + n),) for s, n in xs])


@settings(max_examples=200, deadline=None)
@given(ranges, ranges)
def test_candidates_are_exactly_the_intersecting_pairs(gold, pred):
    brute = sorted((i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)
                   if g[0][0] < p[0][1] and p[0][0] < g[0][1])
    assert sorted(candidate_pairs(gold, pred)) == brute  # binary search or sweep, as the data allows
    assert sorted(_sweep(gold, pred)) == brute
    nested = [((0, 100),)] + gold  # a gold extent holding others forces the sweep
    assert sorted(candidate_pairs(nested, pred)) == sorted(
        [(0, j) for j, p in enumerate(pred) if p[0][0] < 100] + [(i + 1, j) for i, j in brute])


def _disjoint(draw_list):
    """Non-overlapping single-span contents (as nervaluate's strict mode expects)."""
    out, pos = [], 0
    for gap, n in draw_list:
        s = pos + gap
        out.append((s, s + n))
        pos = s + n
    return out


spans = st.lists(st.tuples(st.integers(0, 4), st.integers(1, 6)), max_size=12).map(_disjoint)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(spans, spans), min_size=1, max_size=4))
def test_exact_counts_equal_nervaluate_strict(docs):
    from nervaluate import Evaluator

    true = [[{"label": "Q", "start": s, "end": e - 1} for s, e in g] for g, _ in docs]
    pred = [[{"label": "Q", "start": s, "end": e - 1} for s, e in p] for _, p in docs]
    strict = Evaluator(true, pred, tags=["Q"], loader="dict").evaluate()["overall"]["strict"]
    tp = sum(len(match_exact([((s, e),) for s, e in g], [((s, e),) for s, e in p])) for g, p in docs)
    n_gold = sum(len(g) for g, _ in docs)
    n_pred = sum(len(p) for _, p in docs)
    assert tp == strict.correct
    assert n_pred - tp == strict.actual - strict.correct  # false positives
    assert n_gold - tp == strict.possible - strict.correct  # false negatives


def test_the_scorer_shortcut_knows_every_character_trim_removes():
    """Spans whose edge characters are outside `_EDGE` skip trimming: an em space or a
    paragraph separator at an edge must still be trimmed."""
    from benchmark.scorer import _EDGE
    from benchmark.text import trim

    removed = {chr(c) for c in range(0x110000) if trim(chr(c), 0, 1) == (1, 1)}
    assert "\u2003" in removed and "\u2029" in removed
    assert removed <= _EDGE


def test_a_range_cutting_a_joined_token_counts_it_once():
    from benchmark.matching import whole_tokens

    text = "Russia lost a total of 191,940 military personnel"
    cut = text.index("191,") + 4  # `191,` out of `191,940`
    assert whole_tokens(text, 0, cut) == (0, text.index(" military"))
    gold = [((0, len(text)),)]  # eight tokens; `191,940` is one
    pred = [((0, cut),)]
    scored = scored_pairs(gold, pred, text, candidate_pairs(gold, pred))
    assert scored == [(0, 0, 1.0, 6 / 8)]  # six tokens, not `191` and `,` as two
