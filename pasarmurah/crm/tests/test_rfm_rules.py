"""The RFM scoring rules on their own (crm.rfm): fixed thresholds, quintiles, the R × FM grid."""

from hypothesis import given
from hypothesis import strategies as st

from pasarmurah.crm import rfm

DEFAULTS = rfm.Thresholds((30, 60, 120, 240), (1, 2, 3, 5), (250_000, 500_000, 1_000_000, 2_500_000))


def _expected_recency(days):
    # Written out on purpose, not with bisect: the reference the rule is checked against.
    if days <= 30:
        return 5
    if days <= 60:
        return 4
    if days <= 120:
        return 3
    if days <= 240:
        return 2
    return 1


def _expected_upward(value, bounds):
    for score, bound in enumerate(bounds, start=1):
        if value <= bound:
            return score
    return 5


@given(st.integers(min_value=0, max_value=2000))
def test_recency_fixed_score(days):
    assert rfm.fixed_score(days, DEFAULTS.recency_days, lower_is_better=True) == _expected_recency(days)


@given(st.integers(min_value=1, max_value=50), st.integers(min_value=0, max_value=10_000_000))
def test_frequency_and_monetary_fixed_scores(orders, spent):
    assert rfm.fixed_score(orders, DEFAULTS.frequency) == _expected_upward(orders, DEFAULTS.frequency)
    assert rfm.fixed_score(spent, DEFAULTS.monetary) == _expected_upward(spent, DEFAULTS.monetary)


def test_fixed_boundaries_exactly():
    recency = [
        rfm.fixed_score(d, DEFAULTS.recency_days, lower_is_better=True) for d in (30, 31, 60, 61, 240, 241)
    ]
    assert recency == [5, 4, 4, 3, 2, 1]
    assert [rfm.fixed_score(n, DEFAULTS.frequency) for n in (1, 2, 3, 4, 5, 6)] == [1, 2, 3, 4, 4, 5]
    money = [rfm.fixed_score(v, DEFAULTS.monetary) for v in (250_000, 250_001, 2_500_000, 2_500_001)]
    assert money == [1, 2, 4, 5]


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=300))
def test_quintiles_share_ties_and_rise_with_the_value(values):
    up = rfm.QuintileScorer(values)
    down = rfm.QuintileScorer(values, lower_is_better=True)
    for a in values:
        assert 1 <= up.score(a) <= 5 and 1 <= down.score(a) <= 5
        for b in values:
            if a == b:
                assert up.score(a) == up.score(b)
            if a < b:
                assert up.score(a) <= up.score(b)
                assert down.score(a) >= down.score(b)
    # The smallest value scores 1 (nobody is worse) upward, 1 downward for the largest.
    assert up.score(min(values)) == 1
    assert down.score(max(values)) == 1


@given(st.integers(min_value=5, max_value=400))
def test_distinct_values_fill_the_quintiles_evenly(n):
    scorer = rfm.QuintileScorer(list(range(n)))
    counts = [sum(1 for v in range(n) if scorer.score(v) == s) for s in range(1, 6)]
    assert max(counts) - min(counts) <= 1


def test_every_cell_of_the_grid_has_a_group_and_every_buyer_group_is_reachable():
    reached = {rfm.group_for(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)}
    assert reached == set(rfm.Group) - {rfm.Group.NEVER}
    assert rfm.group_for(5, 5, 5) == rfm.Group.CHAMPIONS
    assert rfm.group_for(5, 1, 1) == rfm.Group.NEW
    assert rfm.group_for(1, 1, 1) == rfm.Group.LOST
    assert rfm.group_for(1, 5, 5) == rfm.Group.CANNOT_LOSE
    assert rfm.group_for(3, 3, 3) == rfm.Group.NEED_ATTENTION
    assert set(rfm.MEANING) == set(rfm.Group) and set(rfm.RANK) == set(rfm.Group)


@given(
    st.lists(
        st.tuples(st.integers(0, 500), st.integers(1, 12), st.integers(1, 8_000_000)), min_size=0, max_size=60
    ),
    st.integers(min_value=5, max_value=40),
)
def test_the_method_switches_at_the_threshold(rows, minimum):
    buyers = [rfm.Buyer(i, days, orders, spent) for i, (days, orders, spent) in enumerate(rows)]
    method, scored = rfm.score_buyers(buyers, thresholds=DEFAULTS, quintile_min_buyers=minimum)
    assert method == ("quintile" if len(buyers) >= minimum else "fixed")
    assert len(scored) == len(buyers)
    for buyer, (r, f, m, group) in zip(buyers, scored, strict=True):
        assert group == rfm.group_for(r, f, m)
        if method == "fixed":
            assert (r, f, m) == (
                _expected_recency(buyer.days_since),
                _expected_upward(buyer.orders, DEFAULTS.frequency),
                _expected_upward(buyer.spent, DEFAULTS.monetary),
            )
