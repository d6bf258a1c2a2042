"""Every report page (and the reports' landing page with the Owner's headline) keeps a fixed query budget: the
same number of queries with a little data and with more, never more than its budget."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pasarmurah.backoffice.reports.tests.test_more_reports import _more_data
from pasarmurah.reports import frame
from pasarmurah.reports.tests.scenario import Shop, wib

pytestmark = pytest.mark.django_db

# The customer report is left to its own tests (its summaries are being reworked).
# The counts include the session, the permissions and the navigation's (about half of them).
BUDGETS = {
    "penjualan": 22,
    "barang": 17,
    "ulang-tahun": 12,
    "pembelian": 18,
    "keluhan": 21,
    "kampanye": 9,
}
UNBUDGETED = {"pelanggan"}
YEAR = "?periode=kustom&dari=2025-06-01&sampai=2026-05-31"  # twelve months with edge days in both ends


def _sales(shop: Shop, count: int, days=None):
    """Paid orders on the first day, in whole months and on the last day of YEAR (or on `days`), and a
    counter sale."""
    days = days or [wib(2025, 6, 1, 10), wib(2025, 9, 15, 10), wib(2026, 5, 31, 20)]
    for n in range(count):
        moment = days[n % len(days)]
        order = shop.place(moment, member=n % 3, items={n % 3: 1 + n % 2})
        shop.pay(order, moment)
    shop.counter(wib(2026, 5, 15, 12))


def test_every_report_but_the_customers_has_a_budget():
    assert set(BUDGETS) | UNBUDGETED == {report.key for report in frame.reports_all()}


@pytest.mark.parametrize("key", sorted(BUDGETS))
def test_each_report_page_keeps_its_query_budget(owner_client, django_assert_max_num_queries, key):
    shop = Shop()
    url = reverse("backoffice:reports:report", args=[key]) + YEAR
    _sales(shop, 2)
    _more_data(1)
    assert owner_client.get(url).status_code == 200  # the first request also fills the per-session caches
    with django_assert_max_num_queries(BUDGETS[key]) as small:
        owner_client.get(url)
    _sales(shop, 12)
    _more_data(4)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        owner_client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_landing_page_with_the_headline_keeps_its_budget(owner_client, django_assert_max_num_queries):
    shop = Shop()
    url = reverse("backoffice:reports:landing")
    now = timezone.now()
    recent = [
        now - datetime.timedelta(hours=1),
        now - datetime.timedelta(days=3),
        now - datetime.timedelta(days=20),
    ]
    _sales(shop, 2, recent)
    owner_client.get(url)
    with django_assert_max_num_queries(16) as small:
        assert 'id="headline"' in owner_client.get(url).content.decode()
    _sales(shop, 9, recent)
    with django_assert_max_num_queries(len(small.captured_queries)):
        owner_client.get(url)
