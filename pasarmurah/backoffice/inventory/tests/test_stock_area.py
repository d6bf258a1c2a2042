import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import CategoryFactory
from pasarmurah.inventory.models import CountStatus, StockCount, StockMovement
from pasarmurah.inventory.models import MovementReason as R
from pasarmurah.inventory.services import stock_count_line_record, stock_count_start, stock_move
from pasarmurah.inventory.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


def staff(role):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cs():
    return staff(CUSTOMER_SERVICE)


@pytest.fixture
def owner():
    return staff(OWNER)


def test_members_and_staff_without_a_role_cannot_open_the_stock_area():
    product = stocked_product(stock=1)
    for user in (UserFactory(), StaffFactory()):
        response = client_for(user).get(reverse("backoffice:inventory:ledger", args=[product.pk]))
        assert response.status_code in (302, 403)
    assert Client().get(reverse("backoffice:inventory:low_stock")).status_code == 302


def test_low_stock_lists_products_at_or_under_their_minimum(cs):
    category = CategoryFactory(min_stock_default=3)
    low = stocked_product(stock=3, category=category, name="Baterai Habis")
    stocked_product(stock=4, category=category, name="Baterai Cukup")
    own = stocked_product(stock=5, category=category, name="Lensa Minimum Sendiri", min_stock=5)
    stocked_product(stock=2, category=category, name="Lensa Nol", min_stock=0)
    body = client_for(cs).get(reverse("backoffice:inventory:low_stock")).content.decode()
    assert low.name in body and own.name in body
    assert "Baterai Cukup" not in body and "Lensa Nol" not in body


def test_a_scanned_sku_opens_the_products_ledger(cs):
    product = stocked_product(stock=2, sku="TRP-001")
    response = client_for(cs).get(reverse("backoffice:inventory:low_stock"), {"cari": "trp-001"})
    assert response.status_code == 302
    assert response.url == reverse("backoffice:inventory:ledger", args=[product.pk])


def test_customer_service_adjusts_stock_with_a_reason_and_a_note(cs):
    product = stocked_product(stock=5)
    response = client_for(cs).post(
        reverse("backoffice:inventory:adjust", args=[product.pk]),
        {"reason": R.DAMAGE, "quantity": "-2", "note": "Jatuh saat display"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.stock == 3
    move = StockMovement.objects.filter(product=product).first()
    assert (move.reason, move.quantity, move.actor, move.note) == (R.DAMAGE, -2, cs, "Jatuh saat display")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": R.CORRECTION, "quantity": "-9", "note": "hitung ulang"}, "tinggal 5"),
        ({"reason": R.CORRECTION, "quantity": "1.5", "note": "x"}, "bilangan bulat"),
        ({"reason": R.CORRECTION, "quantity": "0", "note": "x"}, "tidak boleh nol"),
        ({"reason": R.CORRECTION, "quantity": "2", "note": ""}, "wajib"),
        ({"reason": R.RECEIPT, "quantity": "2", "note": "x"}, "pilihan"),
    ],
)
def test_a_bad_adjustment_is_refused_with_a_message_and_changes_nothing(cs, data, message):
    product = stocked_product(stock=5)
    response = client_for(cs).post(reverse("backoffice:inventory:adjust", args=[product.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode().lower() or message in response.content.decode()
    product.refresh_from_db()
    assert product.stock == 5
    assert StockMovement.objects.filter(product=product).count() == 1


def test_the_ledger_filters_by_reason_and_keeps_its_query_budget(cs, django_assert_max_num_queries):
    product = stocked_product(stock=50)
    stock_move(product_id=product.pk, quantity=-1, reason=R.COUNTER_SALE, by=cs)
    client = client_for(cs)
    url = reverse("backoffice:inventory:ledger", args=[product.pk])
    body = client.get(url, {"reason": R.COUNTER_SALE}).content.decode()
    assert "Penjualan toko" in body and "Saldo awal" not in body.split('id="ledger-table"')[1]
    client.get(url)
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    for _ in range(20):
        stock_move(product_id=product.pk, quantity=-1, reason=R.COUNTER_SALE, by=staff(CUSTOMER_SERVICE))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_low_stock_list_keeps_its_query_budget(cs, django_assert_max_num_queries):
    stocked_product(stock=0)
    client = client_for(cs)
    url = reverse("backoffice:inventory:low_stock")
    client.get(url)  # warms the store caches, as on a running shop
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    for _ in range(10):
        stocked_product(stock=0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_only_the_owner_sees_cost_prices(cs, owner):
    product = stocked_product(stock=1)
    Product.objects.filter(pk=product.pk).update(cost_price=987_654)
    url = reverse("backoffice:inventory:ledger", args=[product.pk])
    assert "987.654" in client_for(owner).get(url).content.decode()
    assert "987.654" not in client_for(cs).get(url).content.decode()
    admin_url = reverse("admin:catalog_product_change", args=[product.pk])
    assert "987.654" not in client_for(cs).get(admin_url).content.decode().replace("987654", "987.654")


def test_the_admin_shows_stock_read_only(owner):
    product = stocked_product(stock=4)
    client = client_for(owner)
    body = client.get(reverse("admin:catalog_product_change", args=[product.pk])).content.decode()
    assert 'name="stock"' not in body


def test_counting_a_category_submit_and_owner_approval_post_the_differences(cs, owner):
    category = CategoryFactory()
    first = stocked_product(stock=5, category=category)
    second = stocked_product(stock=3, category=category)
    stocked_product(stock=9)  # another category
    counter = client_for(cs)
    response = counter.post(
        reverse("backoffice:inventory:count_start"), {"scope": "category", "category": category.pk}
    )
    count = StockCount.objects.get()
    assert response.status_code == 302 and count.lines.count() == 2
    lines = {line.product_id: line for line in count.lines.all()}
    # a sale during the count, before the first product is counted: the shelf and the stock both lose 1
    stock_move(product_id=first.pk, quantity=-1, reason=R.COUNTER_SALE, by=cs)
    line_url = reverse("backoffice:inventory:count_line", args=[count.pk, lines[first.pk].pk])
    assert counter.post(line_url, {"counted": "3"}).status_code == 302  # 4 expected: one missing
    line_url = reverse("backoffice:inventory:count_line", args=[count.pk, lines[second.pk].pk])
    assert counter.post(line_url, {"counted": "3"}).status_code == 302
    # a sale after counting moves shelf and stock alike: the posted difference stays right
    stock_move(product_id=second.pk, quantity=-1, reason=R.COUNTER_SALE, by=cs)
    assert counter.post(reverse("backoffice:inventory:count_submit", args=[count.pk])).status_code == 302
    count.refresh_from_db()
    assert count.status == CountStatus.SUBMITTED
    # the count waits for the Owner: its approval is the Owner's waiting work, not Customer Service's
    waiting = "1 stok opname menunggu persetujuan"
    assert waiting in client_for(owner).get(reverse("backoffice:home")).content.decode()
    assert waiting not in counter.get(reverse("backoffice:home")).content.decode()
    # Customer Service cannot approve
    assert counter.post(reverse("backoffice:inventory:count_approve", args=[count.pk])).status_code == 403
    count.refresh_from_db()
    assert count.status == CountStatus.SUBMITTED
    client_for(owner).post(reverse("backoffice:inventory:count_approve", args=[count.pk]))
    count.refresh_from_db()
    assert (count.status, count.decided_by) == (CountStatus.POSTED, owner)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stock, second.stock) == (3, 2)
    posted = StockMovement.objects.get(reason=R.OPNAME)
    assert (posted.product_id, posted.quantity, posted.ref_kind, posted.ref_id, posted.actor) == (
        first.pk,
        -1,
        "opname",
        count.pk,
        owner,
    )


@pytest.mark.parametrize("counted", ["-1", "2.5", "", "abc"])
def test_a_bad_counted_quantity_is_refused_with_a_message(cs, counted):
    product = stocked_product(stock=2)
    count = stock_count_start(scope="selection", product_ids=[product.pk], by=cs)
    line = count.lines.get()
    response = client_for(cs).post(
        reverse("backoffice:inventory:count_line", args=[count.pk, line.pk]), {"counted": counted}
    )
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    line.refresh_from_db()
    assert line.counted is None


def test_submitting_needs_a_counted_line_and_a_closed_count_takes_no_counts(cs, owner):
    product = stocked_product(stock=2)
    count = stock_count_start(scope="selection", product_ids=[product.pk], by=cs)
    client = client_for(cs)
    client.post(reverse("backoffice:inventory:count_submit", args=[count.pk]))
    count.refresh_from_db()
    assert count.status == CountStatus.OPEN
    stock_count_line_record(line=count.lines.get(), counted=2, by=cs)
    client.post(reverse("backoffice:inventory:count_submit", args=[count.pk]))
    line = count.lines.get()
    response = client.post(
        reverse("backoffice:inventory:count_line", args=[count.pk, line.pk]), {"counted": "7"}, follow=True
    )
    assert "tidak lagi" in response.content.decode()
    line.refresh_from_db()
    assert line.counted == 2


def test_starting_a_selection_with_an_unknown_sku_is_refused(cs):
    response = client_for(cs).post(
        reverse("backoffice:inventory:count_start"), {"scope": "selection", "skus": "TIDAK-ADA"}
    )
    assert response.status_code == 400
    assert "TIDAK-ADA" in response.content.decode()
    assert not StockCount.objects.exists()


def test_the_count_sheet_finds_a_scanned_sku_and_prints(cs):
    product = stocked_product(stock=2, sku="SCAN-42", name="Filter UV 52mm")
    other = stocked_product(stock=1, name="Tali Kamera")
    count = stock_count_start(scope="selection", product_ids=[product.pk, other.pk], by=cs)
    client = client_for(cs)
    body = client.get(
        reverse("backoffice:inventory:count", args=[count.pk]), {"cari": "SCAN-42"}
    ).content.decode()
    assert "Filter UV 52mm" in body and "Tali Kamera" not in body
    printed = client.get(reverse("backoffice:inventory:count_print", args=[count.pk])).content.decode()
    assert "SCAN-42" in printed and "Tali Kamera" in printed


def test_the_admin_refuses_to_delete_a_product_with_movements(owner):
    product = stocked_product(stock=1)
    client = client_for(owner)
    url = reverse("admin:catalog_product_delete", args=[product.pk])
    page = client.get(url).content.decode()
    assert "stock movement" in page.lower() or "mutasi stok" in page.lower()
    client.post(url, {"post": "yes"})
    assert Product.objects.filter(pk=product.pk).exists()
