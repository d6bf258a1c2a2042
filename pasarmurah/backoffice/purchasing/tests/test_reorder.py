import datetime

import pytest
from django.utils import timezone

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.backoffice.purchasing.tests.test_purchasing import client_for, staff, url
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory
from pasarmurah.crm.models import Ticket, TicketKind, TicketStatus
from pasarmurah.crm.services import wishlist_add
from pasarmurah.orders.models import Order, OrderLine, OrderStatus
from pasarmurah.purchasing.models import POStatus, PurchaseOrder, PurchaseOrderLine
from pasarmurah.purchasing.reorder import reorder_suggestions
from pasarmurah.purchasing.tests.factories import SupplierFactory, SupplierProductFactory

pytestmark = pytest.mark.django_db


def sold(product, quantity, *, days_ago, status=OrderStatus.PAID):
    member = UserFactory()
    order = Order.objects.create(
        member=member,
        status=status,
        checkout_key=f"k{Order.objects.count()}-{product.pk}-{days_ago}",
        recipient_name="A",
        phone="+6281234567890",
        street="Jl. 1",
        city="Solo",
        province="JT",
        postal_code="57111",
        courier_name="JNE",
        weight_grams=100,
        subtotal=1000,
        total=1000,
        payment_deadline=timezone.now(),
    )
    OrderLine.objects.create(
        order=order,
        product=product,
        product_name=product.name,
        sku=product.sku,
        base_unit_price=1000,
        unit_price=1000,
        quantity=quantity,
        weight_grams=100,
    )
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_suggestion_weighs_sales_stock_on_order_minimum_and_demand():
    # given a product selling 30 in 30 days (and 45 in 90), 5 in stock, 4 on order, minimum 3
    supplier = SupplierFactory()
    product = ProductFactory(sku="TRP-01", stock=5, min_stock=3)
    offer = SupplierProductFactory(supplier=supplier, product=product, lead_time_days=16, last_price=90_000)
    sold(product, 30, days_ago=10)
    sold(product, 15, days_ago=60)
    sold(product, 99, days_ago=5, status=OrderStatus.AWAITING_PAYMENT)  # not paid: no demand yet
    sold(product, 99, days_ago=5, status=OrderStatus.CANCELLED)
    open_po = PurchaseOrder.objects.create(supplier=supplier, number="PO-X-1", status=POStatus.SENT)
    PurchaseOrderLine.objects.create(
        order=open_po, product=product, quantity=6, unit_cost=1, received_quantity=2
    )
    # and two members wishing for it, one open product request (a closed one does not count)
    wishlist_add(user=UserFactory(), product=product)
    wishlist_add(user=UserFactory(), product=product)
    for status in (TicketStatus.OPEN, TicketStatus.CLOSED):
        Ticket.objects.create(
            kind=TicketKind.RECOMMENDATION,
            subject="Stok",
            product=product,
            status=status,
            visitor_email="a@b.c",
        )
    # when the suggestions are computed
    [suggestion] = reorder_suggestions(supplier=supplier)
    # then: velocity 1/day × (16 + 14) days = 30, + minimum 3 + demand 3 = 36, − stock 5 − on order 4 = 27
    assert (suggestion.sold_30, suggestion.sold_90, suggestion.on_order) == (30, 45, 4)
    assert (suggestion.wishlists, suggestion.requests, suggestion.minimum) == (2, 1, 3)
    assert suggestion.quantity == 27 and suggestion.offer == offer


def test_the_category_minimum_applies_and_nothing_is_suggested_when_stock_suffices():
    supplier = SupplierFactory()
    product = ProductFactory(stock=50, min_stock=None, category=CategoryFactory(min_stock_default=7))
    SupplierProductFactory(supplier=supplier, product=product)
    [suggestion] = reorder_suggestions(supplier=supplier)
    assert (suggestion.minimum, suggestion.quantity) == (7, 0)


def test_one_click_turns_the_suggestions_into_a_draft_purchase_order(django_assert_max_num_queries):
    owner = staff(OWNER)
    client = client_for(owner)
    supplier = SupplierFactory()
    low = ProductFactory(sku="LOW-1", stock=0, min_stock=4)
    SupplierProductFactory(supplier=supplier, product=low, last_price=12_000)
    SupplierProductFactory(supplier=supplier, product=ProductFactory(stock=100, min_stock=1))
    client.get(url("reorder", supplier.pk))
    with django_assert_max_num_queries(10) as small:
        body = client.get(url("reorder", supplier.pk)).content.decode()
    assert "LOW-1" in body
    SupplierProductFactory.create_batch(10, supplier=supplier)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("reorder", supplier.pk))
    response = client.post(url("reorder", supplier.pk))
    order = PurchaseOrder.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert order.status == POStatus.DRAFT and order.created_by == owner
    line = order.lines.get(product=low)
    assert (line.quantity, line.unit_cost) == (4, 12_000)


def test_nothing_to_reorder_makes_no_order_and_customer_service_cannot():
    supplier = SupplierFactory()
    SupplierProductFactory(supplier=supplier, product=ProductFactory(stock=100, min_stock=0))
    response = client_for(staff(OWNER)).post(url("reorder", supplier.pk))
    assert response.status_code == 302 and not PurchaseOrder.objects.exists()
    cs = client_for(staff(CUSTOMER_SERVICE))
    assert cs.get(url("reorder", supplier.pk)).status_code == 403
    assert cs.post(url("reorder", supplier.pk)).status_code == 403
    assert not PurchaseOrder.objects.exists()
