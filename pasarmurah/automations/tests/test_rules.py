"""The pure trigger rules: who is due and the once-only occasion key (Hypothesis where it fits)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from pasarmurah.automations import rules

DAY0 = datetime.date(2026, 1, 1)
GROUPS = st.sampled_from(["at_risk", "hibernating", "champions", "loyal", "lost", "never"])
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


def simulate(groups: list[str], every_days: int) -> list[tuple[datetime.date, str]]:
    """A nightly job over a member's daily groups; returns the (day, occasion) of each win-back sent."""
    snapshots, sent = [], []
    for offset, group in enumerate(groups):
        day = DAY0 + datetime.timedelta(days=offset)
        snapshots.append((day, group))
        for _run in range(2):  # the job runs twice each day
            occasion = rules.winback_occasion(
                snapshots=snapshots, sent_on=[d for d, _ in sent], today=day, every_days=every_days
            )
            if occasion:
                sent.append((day, occasion))
    return sent


@settings(deadline=None)  # a year of nightly runs per example: slow on a loaded machine, never wrong
@given(st.lists(GROUPS, max_size=400), st.integers(min_value=7, max_value=120))
def test_winback_is_never_sent_twice_within_the_period_nor_twice_for_one_occasion(groups, every_days):
    sent = simulate(groups, every_days)
    days = [day for day, _ in sent]
    assert all((b - a).days >= every_days for a, b in zip(days, days[1:], strict=False))
    assert len({occasion for _, occasion in sent}) == len(sent)


@settings(deadline=None)
@given(st.lists(GROUPS, min_size=1, max_size=200), st.integers(min_value=7, max_value=120))
def test_every_winback_goes_to_a_member_in_a_winback_group_entering_it(groups, every_days):
    for day, occasion in simulate(groups, every_days):
        group, entered = occasion.split(":")
        index = (day - DAY0).days
        assert groups[index] == group in rules.WINBACK_GROUPS
        start = (datetime.date.fromisoformat(entered) - DAY0).days
        assert all(g == group for g in groups[start : index + 1])
        assert start == 0 or groups[start - 1] != group


def test_winback_mails_a_member_entering_at_risk_once_and_again_after_the_period():
    groups = (
        ["loyal"] * 3 + ["at_risk"] * 10 + ["loyal"] * 2 + ["at_risk"] * 5 + ["loyal"] + ["at_risk"] * 100
    )
    sent = simulate(groups, every_days=90)
    assert [day for day, _ in sent] == [DAY0 + datetime.timedelta(days=3), DAY0 + datetime.timedelta(days=93)]
    assert sent[0][1] == "at_risk:2026-01-04"


def test_winback_is_not_due_outside_the_groups_or_without_history():
    assert rules.winback_occasion(snapshots=[], sent_on=[], today=DAY0, every_days=90) is None
    assert (
        rules.winback_occasion(snapshots=[(DAY0, "champions")], sent_on=[], today=DAY0, every_days=90) is None
    )
    assert (
        rules.winback_occasion(snapshots=[(DAY0, "hibernating")], sent_on=[], today=DAY0, every_days=90)
        == "hibernating:2026-01-01"
    )


ITEMS = st.dictionaries(
    st.integers(min_value=1, max_value=50), st.integers(min_value=1, max_value=5), min_size=1
)


def cart(items, **changes):
    facts = {
        "items": items,
        "last_change": NOW - datetime.timedelta(hours=11),
        "now": NOW,
        "idle_hours": 10,
        "ordered_since": False,
        "in_stock": True,
    }
    return rules.cart_occasion(**(facts | changes))


@given(ITEMS)
def test_a_cart_is_one_occasion_whatever_the_order_of_its_lines(items):
    reordered = dict(reversed(list(items.items())))
    assert cart(items) == cart(reordered)
    assert cart(items).startswith("cart:")


@given(ITEMS, st.integers(min_value=1, max_value=50), st.integers(min_value=1, max_value=5))
def test_a_changed_cart_is_a_new_occasion(items, product_id, quantity):
    changed = {**items, product_id: quantity}
    assert (cart(changed) == cart(items)) == (changed == items)


@given(ITEMS, st.integers(min_value=0, max_value=20 * 60))
def test_a_cart_is_due_only_after_it_was_idle_long_enough(items, minutes):
    occasion = cart(items, last_change=NOW - datetime.timedelta(minutes=minutes))
    assert (occasion is not None) == (minutes >= 10 * 60)


def test_a_cart_with_an_order_since_or_nothing_in_stock_or_empty_is_not_due():
    assert cart({1: 1}, ordered_since=True) is None
    assert cart({1: 1}, in_stock=False) is None
    assert cart({}) is None


@given(st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31)))
def test_the_weekly_digest_has_one_occasion_per_iso_week(day):
    monday = day - datetime.timedelta(days=day.weekday())
    assert rules.week_occasion(day) == rules.week_occasion(monday)
    assert rules.week_occasion(day) != rules.week_occasion(monday - datetime.timedelta(days=1))


def test_windows_of_after_delivery_and_payment_reminder():
    start, end = rules.after_delivery_window(now=NOW, days=3)
    assert end == NOW - datetime.timedelta(days=3) and start == end - datetime.timedelta(days=7)
    assert rules.payment_reminder_window(now=NOW, hours_before=3) == (NOW, NOW + datetime.timedelta(hours=3))
    assert rules.order_occasion("PM-1") == "order:PM-1"
