"""The reports area: who sees what (item 9, both ways), downloads equal the page (item 11), bad input, query
budgets that do not grow with data, the report pack and its monthly mail."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.core.tests.money import shows_rupiah
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.reports import selectors
from pasarmurah.reports.period import ReportPeriod
from pasarmurah.reports.services import report_pack_mail
from pasarmurah.reports.tests.scenario import Shop, wib

pytestmark = pytest.mark.django_db

REPORT = "backoffice:reports:report"
DOWNLOAD = "backoffice:reports:download"
JUNE = "?periode=kustom&dari=2026-06-01&sampai=2026-06-30"


@pytest.fixture
def cs_user():
    user = StaffFactory(full_name="Sari CS")
    user.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    return user


def _sales(shop: Shop, count: int, *, day: int = 1):
    """`count` paid orders in June 2026 and one counter sale (names that try to be formulas)."""
    for n in range(count):
        order = shop.place(wib(2026, 6, day + n % 20, 9, 0), member=n % 3, items={n % 3: 1 + n % 2})
        shop.pay(order, wib(2026, 6, day + n % 20, 10, 0))
    shop.counter(wib(2026, 6, 15, 12, 0))


def test_customer_service_gets_stock_but_no_money(client, cs_user):
    shop = Shop()
    shop.products[0].name = "=HYPERLINK(1)"
    shop.products[0].save()
    _sales(shop, 2)
    client.force_login(cs_user)
    landing = client.get(reverse("backoffice:reports:landing"))
    assert landing.status_code == 200
    assert 'id="headline"' not in landing.content.decode()
    assert reverse(REPORT, args=["barang"]) in landing.content.decode()
    assert reverse(REPORT, args=["penjualan"]) not in landing.content.decode()
    # the money reports and the pack are refused
    assert client.get(reverse(REPORT, args=["penjualan"])).status_code == 403
    assert client.get(reverse(DOWNLOAD, args=["penjualan", "xlsx"])).status_code == 403
    assert client.get(reverse("backoffice:reports:pack")).status_code == 403
    # the goods report opens without any value, revenue or cost
    page = client.get(reverse(REPORT, args=["barang"]) + JUNE)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="table-low"' in html and 'id="table-best"' in html
    for money in ("Nilai pada HPP", "Nilai pada harga", "Pendapatan"):
        assert money not in html, money
    assert not shows_rupiah(html)  # no amount nor a rupiah heading
    sheet = load_workbook(io.BytesIO(client.get(reverse(DOWNLOAD, args=["barang", "xlsx"]) + JUNE).content))
    cells = [str(c.value) for ws in sheet.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert not any("HPP" in value or "harga" in value.lower() for value in cells)


def test_the_owner_sees_money_and_members_and_visitors_see_nothing(client, owner):
    Shop()
    url = reverse(REPORT, args=["penjualan"])
    assert client.get(url).status_code == 302  # visitors go to the login
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(owner)
    landing = client.get(reverse("backoffice:reports:landing")).content.decode()
    assert 'id="headline"' in landing and 'id="pack-download"' in landing
    page = client.get(url).content.decode()
    assert 'id="figure-margin"' in page and 'id="table-per-period"' in page
    assert client.get(reverse(REPORT, args=["tidak-ada"])).status_code == 404
    assert client.get(reverse(DOWNLOAD, args=["penjualan", "pdf"])).status_code == 404


def test_xlsx_and_csv_hold_the_same_numbers_as_the_page(owner_client):
    shop = Shop()
    shop.products[1].name = "@SUM(A1)"
    shop.products[1].save()
    _sales(shop, 6)
    june = ReportPeriod.month(2026, 6)
    totals = selectors.sales_totals(june)
    response = owner_client.get(reverse(DOWNLOAD, args=["penjualan", "xlsx"]) + JUNE + "&per=hari")
    book = load_workbook(io.BytesIO(response.content))
    days = book.worksheets[1]  # the first table's sheet, after the figures
    assert days.title.startswith("Penjualan per hari")
    header = [cell.value for cell in days[1]]
    rows = list(days.iter_rows(min_row=2, values_only=True))
    revenue = header.index("Pendapatan")
    assert len(rows) == 31  # 30 days and the total
    assert sum(row[revenue] for row in rows[:-1]) == rows[-1][revenue] == totals.total
    assert isinstance(rows[-1][revenue], int)
    assert days.cell(row=len(rows) + 1, column=revenue + 1).number_format.startswith('"Rp"')
    products = [row for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    names = {row[0] for row in products}
    assert "'@SUM(A1)" in names and "@SUM(A1)" not in names  # neutralised, never a formula
    csv = owner_client.get(reverse(DOWNLOAD, args=["penjualan", "csv"]) + JUNE + "&tabel=channel")
    text = csv.content.decode("utf-8-sig").splitlines()
    assert text[0].startswith("Kanal,Pesanan")
    assert sum(int(line.split(",")[header.index("Pendapatan")]) for line in text[1:]) == totals.total


@pytest.mark.parametrize(
    "query",
    [
        "?periode=kustom&dari=2026-06-30&sampai=2026-06-01",
        "?periode=kustom&dari=bukan-tanggal",
        "?periode=abad-ini&per=tahun",
        "?periode=kustom&dari=1900-01-01&sampai=2026-01-01",
        "?kanal=%3Cscript%3E&hari=-4",
    ],
)
def test_bad_filters_give_a_message_and_the_default_period(owner_client, query):
    for key in ("penjualan", "barang"):
        response = owner_client.get(reverse(REPORT, args=[key]) + query)
        assert response.status_code == 200
        assert 'class="alert' in response.content.decode() or "alert" in response.content.decode()
        assert response.context["period"] == ReportPeriod.from_preset("bulan-ini")


@pytest.mark.parametrize("key,budget", [("penjualan", 30), ("barang", 30)])
def test_query_budget_does_not_grow_with_data(owner_client, django_assert_max_num_queries, key, budget):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shop = Shop()
    url = reverse(REPORT, args=[key]) + JUNE
    _sales(shop, 2)
    owner_client.get(url)  # the first request of a session also loads what later ones find cached
    with CaptureQueriesContext(connection) as small:
        owner_client.get(url)
    _sales(shop, 25)
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as large:
        owner_client.get(url)
    assert len(large) == len(small)


def test_headline_figures_equal_the_sales_report(owner_client):
    shop = Shop()
    today = timezone.localdate()
    moment = wib(today.year, today.month, today.day, 0, 30)
    order = shop.place(moment)
    shop.pay(order, moment + datetime.timedelta(minutes=5))
    headline = selectors.headline_figures()
    month = headline.block("month")
    revenue = next(figure for figure in month.figures if figure.key == "revenue")
    report = owner_client.get(reverse(REPORT, args=["penjualan"]) + "?periode=bulan-ini")
    figure = next(f for f in report.context["page"].figures if f.key == "revenue")
    assert revenue.value == figure.value == order.total
    today_orders = next(f for f in headline.block("today").figures if f.key == "orders")
    assert today_orders.value == 1


def test_the_pack_has_every_registered_report_and_is_mailed_once_a_month(owner_client, owner, committed):
    from pasarmurah.reports import frame

    shop = Shop()
    _sales(shop, 3)
    response = owner_client.get(reverse("backoffice:reports:pack") + "?bulan=2026-06")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert owner_client.get(reverse("backoffice:reports:pack") + "?bulan=9999-99").status_code == 200
    sections = [r.key for r in frame.reports_all() if r.in_pack]
    assert {"penjualan", "barang"} <= set(sections)
    with committed():
        assert report_pack_mail(today=datetime.date(2026, 7, 1)) == 2  # the shop's owner and this one
        assert report_pack_mail(today=datetime.date(2026, 7, 1)) == 2
    mails = OutboundEmail.objects.filter(kind="report_pack")
    assert mails.count() == 2
    assert "/staf/laporan/paket/?bulan=2026-06" in mails.first().body_text
