"""The customer, birthday, purchase and care reports through the frame's pages: who may open them, what
Customer Service sees, and that the page, its CSV and XLSX and the PDF pack show the same figures."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pasarmurah.core.tests.money import shows_rupiah
from pasarmurah.promotions.models import BirthdayRedemption
from pasarmurah.reports.tests.helpers import member_joined, sale, ticket, wib

pytestmark = pytest.mark.django_db

OWNER_REPORTS = ["pelanggan", "ulang-tahun", "pembelian"]
MY_REPORTS = [*OWNER_REPORTS, "keluhan"]
MAY = "?periode=kustom&dari=2026-05-01&sampai=2026-05-31"


@pytest.fixture
def may_data():
    buyer = member_joined(wib(2026, 1, 1), birth_date=datetime.date(1990, 5, 15), full_name="=SUM(1;2) Sari")
    order = sale(buyer, wib(2026, 5, 14), total=270_000)
    BirthdayRedemption.objects.create(member=buyer, year=2026, order=order, amount=30_000)
    sale(buyer, wib(2026, 5, 31, 23, 59), total=100_000)
    ticket(wib(2026, 5, 10), member=buyer, rating=4)
    return buyer


@pytest.mark.parametrize("key", MY_REPORTS)
def test_owner_opens_each_report_its_downloads_and_every_grain(owner_client, may_data, key):
    url = reverse("backoffice:reports:report", args=[key])
    assert owner_client.get(url).status_code == 200
    for grain in ("hari", "minggu", "bulan"):
        assert owner_client.get(f"{url}{MAY}&per={grain}").status_code == 200
    assert owner_client.get(url + "?periode=tahun-ini").status_code == 200
    assert owner_client.get(url + "?periode=kustom&dari=2026-05-31&sampai=2026-05-01").status_code == 200
    assert owner_client.get(url + "?periode=bogus&dari=x").status_code == 200
    download = reverse("backoffice:reports:download", args=[key, "xlsx"])
    assert owner_client.get(download + MAY).status_code == 200
    assert (
        owner_client.get(reverse("backoffice:reports:download", args=[key, "csv"]) + MAY).status_code == 200
    )


@pytest.mark.parametrize("key", OWNER_REPORTS)
def test_customer_service_may_not_open_the_owners_reports(cs_client, key):
    assert cs_client.get(reverse("backoffice:reports:report", args=[key])).status_code == 403
    assert cs_client.get(reverse("backoffice:reports:download", args=[key, "xlsx"])).status_code == 403


def test_customer_service_sees_the_care_report(cs_client, may_data):
    response = cs_client.get(reverse("backoffice:reports:report", args=["keluhan"]) + MAY)
    assert response.status_code == 200
    assert not shows_rupiah(response.content.decode())
    landing = cs_client.get(reverse("backoffice:reports:landing")).content.decode()
    assert reverse("backoffice:reports:report", args=["keluhan"]) in landing
    assert reverse("backoffice:reports:report", args=["pelanggan"]) not in landing


def test_customer_report_links_each_customer_to_its_360_and_agrees_with_its_xlsx(owner_client, may_data):
    page = owner_client.get(reverse("backoffice:reports:report", args=["pelanggan"]) + MAY)
    html = page.content.decode()
    assert reverse("backoffice:members:detail", args=[may_data.pk]) in html
    top = page.context["page"].table("top_spend")
    assert [(row["orders"], row["spent"]) for row in top.rows] == [(2, 370_000)]

    xlsx = owner_client.get(reverse("backoffice:reports:download", args=["pelanggan", "xlsx"]) + MAY)
    book = load_workbook(io.BytesIO(xlsx.content))
    tables = [table.key for table in page.context["page"].tables]
    sheet = book.worksheets[1 + tables.index("top_spend")]  # the first sheet holds the figures
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "'=SUM(1;2) Sari"  # a formula start is neutralised
    assert (rows[1][2], rows[1][3]) == (2, 370_000)  # numbers stay numbers


def test_birthday_report_page_and_csv_show_the_selector_figures(owner_client, may_data):
    page = owner_client.get(reverse("backoffice:reports:report", args=["ulang-tahun"]) + MAY)
    figures = {figure.key: figure.value for figure in page.context["page"].figures}
    assert (figures["redeemed"], figures["discount_given"], figures["revenue"]) == (1, 30_000, 270_000)
    csv = owner_client.get(
        reverse("backoffice:reports:download", args=["ulang-tahun", "csv"]) + MAY + "&tabel=months"
    ).content.decode("utf-8-sig")
    assert csv.splitlines()[-1].split(",")[-2:] == ["30000", "270000"]  # the total row


def test_the_pack_has_a_section_for_each_of_these_reports(owner, may_data):
    from pasarmurah.reports.pack import pack_sections

    keys = [report.key for report, _page in pack_sections(year=2026, month=5, user=owner)]
    assert set(MY_REPORTS) <= set(keys)


def _more_data(count: int):
    from pasarmurah.catalog.tests.factories import ProductFactory
    from pasarmurah.purchasing.tests.factories import SupplierFactory
    from pasarmurah.reports.tests.test_purchases_and_care import _receive

    for n in range(count):
        buyer = member_joined(wib(2026, 1, 1 + n), birth_date=datetime.date(1990, 5, 1 + n))
        order = sale(buyer, wib(2026, 5, 1 + n), total=100_000 + n)
        BirthdayRedemption.objects.create(member=buyer, year=2026, order=order, amount=10_000)
        sale(buyer, wib(2026, 5, 20 + n))
        ticket(wib(2026, 5, 2 + n), member=buyer, subject="Ongkir mahal", rating=5)
        ticket(wib(2026, 5, 3 + n), kind="recommendation", subject=f"Lensa {n}", product=ProductFactory())
        _receive(
            SupplierFactory(),
            sent=wib(2026, 4, 1),
            nota_date=datetime.date(2026, 5, 5 + n),
            lines=[(ProductFactory(), 2, 50_000 + n)],
        )


@pytest.mark.parametrize("key", MY_REPORTS)
def test_query_count_of_each_page_does_not_grow_with_data(owner_client, key):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("backoffice:reports:report", args=[key]) + MAY
    counts = []
    for size in (1, 4):
        _more_data(size)
        owner_client.get(url)  # warm the per-request caches (session, store profile)
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 40
