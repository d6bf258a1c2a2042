"""Best, slowest and top products ranked by the database (selectors.ranked_products): the same as summing
every product of the period and sorting, with whole months read from ProductMonth and the days at the ends of
the period from ProductDay."""

import datetime
import random

import pytest

from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.reports import selectors
from pasarmurah.reports.models import ProductDay, ProductMonth
from pasarmurah.reports.period import ReportPeriod

pytestmark = pytest.mark.django_db

PERIOD = ReportPeriod(datetime.date(2025, 12, 2), datetime.date(2026, 12, 1))


def _sales(rng: random.Random, products: list[int]) -> None:
    """Day rows from November 2025 to December 2026 and their months, for both channels."""
    days, months = [], {}
    day = datetime.date(2025, 11, 25)
    while day <= datetime.date(2026, 12, 3):
        for product_id in rng.sample(products, k=3):
            channel = rng.choice(["online", "counter"])
            units = rng.randint(1, 4)
            row = {
                "lines": 1,
                "units": units,
                "gross": units * 1000,
                "revenue": units * 900,
                "cogs": units * 600,
            }
            days.append(ProductDay(day=day, product_id=product_id, channel=channel, **row))
            month = months.setdefault((day.replace(day=1), product_id, channel), dict.fromkeys(row, 0))
            for name, value in row.items():
                month[name] += value
        day += datetime.timedelta(days=1)
    ProductDay.objects.bulk_create(days)
    ProductMonth.objects.bulk_create(
        ProductMonth(month=month, product_id=product_id, channel=channel, **sums)
        for (month, product_id, channel), sums in months.items()
    )


def _by_hand(filters=None) -> dict[int, dict]:
    rows = ProductDay.objects.filter(day__range=(PERIOD.start, PERIOD.end))
    if filters:
        rows = rows.filter(channel=filters["kanal"])
    sums: dict[int, dict] = {}
    for row in rows:
        target = sums.setdefault(row.product_id, dict.fromkeys(selectors.PRODUCT_MEASURES, 0))
        for name in selectors.PRODUCT_MEASURES:
            target[name] += getattr(row, name)
    return sums


@pytest.mark.parametrize("filters", [None, {"kanal": "counter"}])
def test_ranked_products_equal_summing_every_day_and_sorting(filters):
    rng = random.Random(5)
    products = [ProductFactory().pk for _ in range(12)] + [0]  # 0: a line whose product was deleted
    _sales(rng, products)
    expected = _by_hand(filters)

    assert selectors.products_sold(PERIOD, filters) == expected
    ranked = selectors.ranked_products(
        PERIOD, filters, rankings={"best": ("-units", 5), "slowest": ("units", 4), "top": ("-revenue", 50)}
    )
    for key, (name, limit, sign) in {
        "best": ("units", 5, -1),
        "slowest": ("units", 4, 1),
        "top": ("revenue", 50, -1),
    }.items():
        order = sorted(expected.items(), key=lambda item: (sign * item[1][name], item[0]))[:limit]
        assert [(product.pk if product else 0, sums) for product, sums in ranked[key]] == order
    assert len(ranked["top"]) == len(expected) < 50
    assert ranked["top"] == selectors.top_products(PERIOD, filters, limit=50)
    deleted = [sums for product, sums in ranked["top"] if product is None]
    assert deleted == [expected[0]]


def test_ties_go_by_product_id_and_an_empty_period_ranks_nothing():
    first, second = ProductFactory(), ProductFactory()
    for product in (second, first):
        ProductDay.objects.create(
            day=datetime.date(2026, 6, 10), product_id=product.pk, channel="online", units=2, revenue=10
        )
    days = ReportPeriod(datetime.date(2026, 6, 5), datetime.date(2026, 6, 20))  # no whole month: ProductDay

    assert [product for product, _sums in selectors.top_products(days, order="-units")] == [first, second]
    assert selectors.top_products(ReportPeriod.month(2026, 7)) == []


def test_products_not_sold_in_the_last_days_read_whole_months_and_edge_days():
    today = datetime.date(2026, 12, 1)  # 90 days: 3 September to 1 December
    edge, month, last_day, before, never, most = (ProductFactory(stock=10 + n) for n in range(6))
    hidden, sold_out = ProductFactory(stock=99, is_active=False), ProductFactory(stock=0)
    sold = {edge: datetime.date(2026, 9, 3), month: datetime.date(2026, 10, 20), last_day: today}
    sold |= {hidden: today, sold_out: today}  # not counted either way: not active, or no stock
    sold[before] = datetime.date(2026, 9, 2)  # its September row is not a whole month of the window
    for product, day in sold.items():
        ProductDay.objects.create(day=day, product_id=product.pk, channel="online", units=1)
        ProductMonth.objects.create(
            month=day.replace(day=1), product_id=product.pk, channel="online", units=1
        )

    count, first = selectors.products_not_sold(days=90, today=today, limit=2)

    assert count == 3
    assert first == [most, never]
    assert selectors.products_not_sold(days=91, today=today)[1] == [most, never]
    assert selectors.products_not_sold(days=1, today=today)[0] == 5
