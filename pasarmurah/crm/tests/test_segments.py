"""RFM recompute over real orders: what counts, the switch to quintiles, snapshots once per day, history."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.crm import rfm, services, tasks
from pasarmurah.crm.models import SegmentRun, SegmentSettings, SegmentSnapshot
from pasarmurah.crm.selectors import member_segment_history, segment_run_before, segments_overview
from pasarmurah.crm.tests.segment_helpers import order_for
from pasarmurah.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db
PAID = ["paid", "processing", "shipped", "completed"]


def _snapshot(member, run=None):
    run = run or SegmentRun.objects.get()
    return SegmentSnapshot.objects.get(run=run, member=member)


def test_cancelled_expired_and_unpaid_orders_do_not_count():
    # given a member whose only paid order is small, plus big orders that never became paid
    member = UserFactory()
    order_for(member, days_ago=3, total=100_000, status="completed")
    for status in ("cancelled", "expired", "awaiting_payment", "payment_review"):
        order_for(member, days_ago=1, total=9_000_000, status=status)
    never = UserFactory()
    order_for(never, days_ago=1, total=9_000_000, status="cancelled")
    # when
    run = services.segments_recompute()
    # then: one paid order of Rp 100.000, three days ago: a new customer
    snap = _snapshot(member, run)
    assert (snap.orders, snap.spent, snap.recency, snap.frequency, snap.monetary) == (1, 100_000, 5, 1, 1)
    assert snap.group == rfm.Group.NEW
    assert snap.last_order_on == timezone.localdate() - datetime.timedelta(days=3)
    assert _snapshot(never, run).group == rfm.Group.NEVER
    assert (run.method, run.buyers, run.members) == ("fixed", 1, 2)


def test_staff_and_deactivated_accounts_get_no_snapshot():
    UserFactory(is_active=False)
    StaffFactory()
    member = UserFactory()
    run = services.segments_recompute()
    assert list(run.snapshots.values_list("member", flat=True)) == [member.pk]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    histories=st.lists(
        st.lists(
            st.tuples(
                st.integers(0, 400),
                st.integers(1, 3_000_000),
                st.sampled_from([s.value for s in OrderStatus]),
            ),
            max_size=7,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_fixed_scores_follow_the_paid_history(histories):
    # given members with generated histories (any status, ties of dates and amounts happen)
    SegmentRun.objects.all().delete()
    Order.objects.all().delete()
    members = []
    for history in histories:
        member = UserFactory()
        for days_ago, total, status in history:
            order_for(member, days_ago=days_ago, total=total, status=status)
        members.append((member, history))
    # when
    run = services.segments_recompute()
    # then each snapshot is the reference computation over its paid orders only
    for member, history in members:
        paid = [(days, total) for days, total, status in history if status in PAID]
        snap = _snapshot(member, run)
        if not paid:
            assert (snap.group, snap.recency, snap.frequency, snap.monetary) == (rfm.Group.NEVER, 0, 0, 0)
            continue
        days = min(d for d, _t in paid)
        spent = sum(t for _d, t in paid)
        r = 5 if days <= 30 else 4 if days <= 60 else 3 if days <= 120 else 2 if days <= 240 else 1
        f = (
            1
            if len(paid) <= 1
            else 2
            if len(paid) <= 2
            else 3
            if len(paid) <= 3
            else 4
            if len(paid) <= 5
            else 5
        )
        m = (
            1
            if spent <= 250_000
            else 2
            if spent <= 500_000
            else 3
            if spent <= 1_000_000
            else 4
            if spent <= 2_500_000
            else 5
        )
        assert (snap.orders, snap.spent, snap.recency, snap.frequency, snap.monetary) == (
            len(paid),
            spent,
            r,
            f,
            m,
        )
        assert snap.group == rfm.group_for(r, f, m)


def test_quintiles_take_over_at_the_owners_threshold():
    # given six buyers: one order each, spend rising, all on the same day
    rules = SegmentSettings.load()
    rules.quintile_min_buyers = 6
    rules.save()
    buyers = [UserFactory() for _ in range(5)]
    for i, member in enumerate(buyers):
        order_for(member, days_ago=400, total=(i + 1) * 10_000)
    # when five buyers: below the threshold, the fixed thresholds (all score 1 on money, 1 on recency)
    run = services.segments_recompute()
    assert run.method == "fixed"
    assert {_snapshot(m, run).monetary for m in buyers} == {1}
    # and with a sixth buyer: quintiles; the tie on recency and frequency gives everyone the same score
    sixth = UserFactory()
    order_for(sixth, days_ago=400, total=60_000)
    run = services.segments_recompute()
    assert run.method == "quintile"
    snaps = [_snapshot(m, run) for m in [*buyers, sixth]]
    assert [s.monetary for s in snaps] == [1, 1, 2, 3, 4, 5]
    assert {s.recency for s in snaps} == {1} and {s.frequency for s in snaps} == {1}


def test_the_job_twice_keeps_one_snapshot_per_member_and_day():
    member = UserFactory()
    order_for(member, days_ago=10)
    tasks.segments_nightly.call_local()
    tasks.segments_nightly.call_local()
    services.segments_recompute(by=StaffFactory())
    assert SegmentRun.objects.count() == 1
    assert SegmentSnapshot.objects.filter(member=member).count() == 1


def test_a_second_run_the_same_day_replaces_the_days_snapshot():
    member = UserFactory()
    services.segments_recompute()
    assert _snapshot(member).group == rfm.Group.NEVER
    order_for(member, days_ago=0)
    services.segments_recompute()
    assert _snapshot(member).group == rfm.Group.NEW


def test_history_and_movement_between_runs():
    # given a member who bought a lot 100 days ago; a run 40 days ago and one today
    today = timezone.localdate()
    loyal = UserFactory()
    for _ in range(4):
        order_for(loyal, days_ago=100, total=1_000_000)
    lapsed = UserFactory()
    order_for(lapsed, days_ago=200, total=50_000)
    services.segments_recompute(today=today - datetime.timedelta(days=40))  # loyal: R 4, F 4, M 5
    order_for(lapsed, days_ago=1, total=50_000)
    services.segments_recompute(today=today)
    # then the history of the loyal member shows the change
    history = member_segment_history(user=loyal)
    assert history.current.group == rfm.Group.LOYAL  # R 3 (100 days), FM 5
    assert [s.group for s in history.past] == [rfm.Group.CHAMPIONS]
    # and the overview counts one member moved down (loyal) and one that came back (lapsed)
    run = SegmentRun.objects.get(date=today)
    previous = segment_run_before(run=run)
    assert previous.date == today - datetime.timedelta(days=40)
    rows = {row.group: row for row in segments_overview(run=run, previous=previous)}
    assert rows[rfm.Group.LOYAL].moves["down"] == 1
    lapsed_now = _snapshot(lapsed, SegmentRun.objects.get(date=today)).group
    assert rows[lapsed_now].moves["back"] == 1
    assert rows[rfm.Group.LOYAL].revenue_share == pytest.approx(100 * 4_000_000 / 4_100_000, abs=0.1)


def test_old_runs_are_thinned_to_one_per_month():
    UserFactory()
    today = timezone.localdate()
    made = [today - datetime.timedelta(days=d) for d in (200, 199, 150, 149, 100, 70, 61, 10, 0)]
    for date in made:
        services.segments_recompute(today=date)
    kept = set(SegmentRun.objects.values_list("date", flat=True))
    recent = {date for date in made if (today - date).days <= services.KEEP_DAILY_DAYS}
    old = [date for date in made if date not in recent]
    first_of_month = {min(d for d in old if (d.year, d.month) == (date.year, date.month)) for date in old}
    assert kept == recent | first_of_month


def test_settings_refuse_thresholds_that_do_not_rise():
    from django.core.exceptions import ValidationError

    rules = SegmentSettings.load()
    rules.frequency_3 = 2
    with pytest.raises(ValidationError):
        rules.full_clean()


def test_erasure_and_export_cover_the_snapshots():
    member = UserFactory()
    order_for(member, days_ago=5)
    services.segments_recompute()
    from pasarmurah.crm.selectors import member_export_segment_data

    exported = member_export_segment_data(user=member)["segments"]
    assert exported == [
        {
            "date": timezone.localdate().isoformat(),
            "group": "new",
            "recency": 5,
            "frequency": 1,
            "monetary": 1,
        }
    ]
    services.member_erase_segment_data(user=member)
    assert not SegmentSnapshot.objects.filter(member=member).exists()
