"""The segments area: who may open it, the Owner's recompute, the pages' contents and query budgets."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory
from pasarmurah.crm import rfm
from pasarmurah.crm.models import SegmentRun, SegmentSettings, SegmentSnapshot
from pasarmurah.crm.services import segments_recompute
from pasarmurah.crm.tests.segment_helpers import order_for

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("backoffice:segments:overview")
RECOMPUTE = reverse("backoffice:segments:recompute")
BEHAVIOUR = reverse("backoffice:segments:behaviour")


def _staff(role):
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=role))
    return staff


@pytest.fixture
def cs():
    return _staff(CUSTOMER_SERVICE)


@pytest.fixture
def owner():
    return _staff(OWNER)


def _shop(buyers: int):
    for i in range(buyers):
        member = UserFactory()
        for _ in range(i % 3 + 1):
            order_for(member, days_ago=i * 7, total=150_000 + i * 50_000)
    UserFactory()  # one who never bought
    return segments_recompute()


def test_customer_service_views_but_may_not_recompute(client, cs):
    _shop(3)
    client.force_login(cs)
    page = client.get(OVERVIEW)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="recompute"' not in html and 'id="segment-settings"' not in html
    assert "Belum pernah beli" in html and "Pelanggan Baru" in html
    runs = list(SegmentRun.objects.values_list("pk", "computed_at"))
    assert client.post(RECOMPUTE).status_code == 403
    assert list(SegmentRun.objects.values_list("pk", "computed_at")) == runs
    assert client.get(BEHAVIOUR).status_code == 200
    # the settings in the admin are the Owner's
    assert client.get(reverse("admin:crm_segmentsettings_changelist")).status_code == 403


def test_owner_recomputes_and_is_recorded_as_the_actor(client, owner):
    member = UserFactory()
    order_for(member, days_ago=2)
    client.force_login(owner)
    assert 'id="recompute"' in client.get(OVERVIEW).content.decode()
    response = client.post(RECOMPUTE, follow=True)
    assert response.redirect_chain[-1][0] == OVERVIEW
    run = SegmentRun.objects.get()
    assert run.by == owner
    assert SegmentSnapshot.objects.get(member=member).group == rfm.Group.NEW
    assert "Segmen dihitung ulang" in response.content.decode()
    assert client.get(RECOMPUTE).status_code == 405


def test_owner_edits_the_settings_in_the_admin(client, owner):
    client.force_login(owner)
    changelist = client.get(reverse("admin:crm_segmentsettings_changelist"))
    assert changelist.status_code == 302
    change = changelist.url
    assert client.get(change).status_code == 200
    data = {
        "quintile_min_buyers": 50,
        **{f"recency_days_{i}": v for i, v in enumerate((14, 45, 90, 180), start=1)},
        **{f"frequency_{i}": v for i, v in enumerate((1, 2, 4, 8), start=1)},
        **{f"monetary_{i}": v for i, v in enumerate((100_000, 300_000, 900_000, 2_000_000), start=1)},
    }
    assert client.post(change, data).status_code == 302
    assert SegmentSettings.load().quintile_min_buyers == 50
    # thresholds that do not rise are refused with a message and change nothing
    response = client.post(change, data | {"monetary_3": 200_000})
    assert response.status_code == 200 and "harus naik" in response.content.decode()
    assert SegmentSettings.load().monetary_3 == 900_000


@pytest.mark.parametrize(
    "url", [OVERVIEW, BEHAVIOUR, reverse("backoffice:segments:members", args=["champions"])]
)
def test_members_and_visitors_never_see_segments(client, url):
    _shop(2)
    assert client.get(url).status_code == 302  # to the login
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(RECOMPUTE).status_code == 403
    assert SegmentRun.objects.count() == 1


def test_each_group_links_to_its_member_list(client, cs):
    member = UserFactory(full_name="Budi Fotografer")
    order_for(member, days_ago=1, total=3_000_000)
    for _ in range(5):
        order_for(member, days_ago=3, total=1_000_000)
    segments_recompute()
    client.force_login(cs)
    link = reverse("backoffice:segments:members", args=["champions"])
    assert link in client.get(OVERVIEW).content.decode()
    html = client.get(link).content.decode()
    assert "Budi Fotografer" in html and "Rp\u00a08.000.000" in html
    assert client.get(reverse("backoffice:segments:members", args=["bogus"])).status_code == 404


def test_overview_without_any_run_says_so(client, owner):
    client.force_login(owner)
    html = client.get(OVERVIEW).content.decode()
    assert 'id="no-run"' in html and 'id="recompute"' in html


@pytest.mark.parametrize("buyers", [3, 30])
def test_list_pages_keep_their_query_budget(client, cs, django_assert_max_num_queries, buyers):
    _shop(buyers)
    segments_recompute()  # a second run the same day
    client.force_login(cs)
    client.get(OVERVIEW)  # the store profile and menu are cached from here on, as on a running shop
    for group in rfm.Group.values:
        with django_assert_max_num_queries(10):
            assert client.get(reverse("backoffice:segments:members", args=[group])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(OVERVIEW).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(BEHAVIOUR).status_code == 200


def test_behaviour_page_shows_cohorts_intervals_and_categories(client, cs):
    tripods, bags = CategoryFactory(name="Tripod"), CategoryFactory(name="Tas Kamera")
    tripod, bag = ProductFactory(category=tripods), ProductFactory(category=bags)
    member = UserFactory()
    order_for(member, days_ago=20, products=[tripod])
    order_for(member, days_ago=5, products=[bag])
    order_for(member, days_ago=1, products=[bag], status="cancelled")
    client.force_login(cs)
    html = client.get(BEHAVIOUR).content.decode()
    assert "2 pesanan dibayar dari 1 pembeli" in html
    assert "Jarak khas: 15 hari." in html
    assert '<td>Tripod</td><td>Tas Kamera</td><td class="text-end">1</td>' in html
    assert 'id="chart-hours" type="application/json"' in html


def test_member_segment_include_shows_the_group_now_and_before():
    import datetime

    from django.template.loader import render_to_string
    from django.utils import timezone

    from pasarmurah.crm.selectors import member_segment_history

    member = UserFactory()
    today = timezone.localdate()
    segments_recompute(today=today - datetime.timedelta(days=3))  # never bought yet
    order_for(member, days_ago=0)
    segments_recompute(today=today)
    html = render_to_string(
        "backoffice/segments/includes/member_segment.html",
        {"segment_history": member_segment_history(user=member)},
    )
    assert 'id="member-segment-now">Pelanggan Baru<' in html
    assert "Belum pernah beli" in html and 'id="member-segment-history"' in html


def test_the_customer_360_shows_the_segment_and_its_history(client, cs):
    import datetime

    from django.utils import timezone

    member = UserFactory()
    today = timezone.localdate()
    segments_recompute(today=today - datetime.timedelta(days=3))  # never bought yet
    order_for(member, days_ago=0)
    segments_recompute(today=today)
    client.force_login(cs)
    page = client.get(reverse("backoffice:members:detail", args=[member.pk])).content.decode()
    assert 'id="member-segment-now">Pelanggan Baru<' in page
    assert "Belum pernah beli" in page.split('id="member-segment-history"', 1)[1]


def test_the_customer_list_filters_by_the_latest_segment(client, cs):
    import datetime

    from django.utils import timezone

    buyer = UserFactory(full_name="Baru Membeli")
    UserFactory(full_name="Belum Membeli")
    order_for(buyer, days_ago=0)
    segments_recompute(today=timezone.localdate() - datetime.timedelta(days=1))
    segments_recompute()
    client.force_login(cs)
    url = reverse("backoffice:members:list")
    new_ones = client.get(url, {"segmen": rfm.Group.NEW}).content.decode()
    never = client.get(url, {"segmen": rfm.Group.NEVER}).content.decode()
    assert "Baru Membeli" in new_ones and "Belum Membeli" not in new_ones
    assert "Belum Membeli" in never and "Baru Membeli" not in never
    assert client.get(url, {"segmen": "bukan-segmen"}).status_code == 200  # dropped and named, no 500


def test_the_area_shows_in_the_navigation_for_both_roles(client, cs, owner):
    for person in (cs, owner):
        client.force_login(person)
        assert OVERVIEW in client.get(reverse("backoffice:home")).content.decode()
