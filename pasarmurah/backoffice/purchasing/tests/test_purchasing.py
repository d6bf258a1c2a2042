import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.purchasing.models import (
    POStatus,
    PriceListRequest,
    PurchaseOrder,
    PurchaseOrderEvent,
    PurchaseOrderLine,
    Supplier,
    SupplierEvent,
    SupplierProduct,
)
from pasarmurah.purchasing.tests.factories import SupplierFactory, SupplierProductFactory

pytestmark = pytest.mark.django_db


def staff(role):
    user = StaffFactory(full_name=f"Staf {role}")
    user.groups.add(Group.objects.get(name=role))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner():
    return staff(OWNER)


@pytest.fixture
def owner_client(owner):
    return client_for(owner)


@pytest.fixture
def cs_client():
    return client_for(staff(CUSTOMER_SERVICE))


def url(name, *args):
    return reverse(f"backoffice:purchasing:{name}", args=args)


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


# --- suppliers ---------------------------------------------------------------------------------------


def test_owner_adds_a_supplier_with_a_normalised_phone_and_it_is_logged(owner_client, owner):
    response = owner_client.post(
        url("supplier_create"),
        {
            "name": "CV Optik Jaya",
            "contact_person": "Bu Sari",
            "phone": "0812-3456-7890",
            "email": "sari@optikjaya.test",
            "address": "Jl. Pasar Baru 5\r\nSurakarta",
            "payment_terms_days": "14",
            "bank_account": "BCA 123456 a.n. CV Optik Jaya",
            "notes": "",
            "is_active": "on",
        },
    )
    supplier = Supplier.objects.get()
    assert response.status_code == 302 and response["Location"] == supplier.get_absolute_url()
    assert (supplier.phone, supplier.payment_terms_days, supplier.address) == (
        "+6281234567890",
        14,
        "Jl. Pasar Baru 5\nSurakarta",
    )
    event = SupplierEvent.objects.get()
    assert event.actor == owner and event.supplier == supplier


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "12345"), ("payment_terms_days", "-3"), ("payment_terms_days", "1.5"), ("name", "")],
)
def test_a_bad_supplier_is_refused_with_a_message_and_nothing_is_saved(owner_client, field, value):
    data = {"name": "CV Optik Jaya", "phone": "0812-3456-7890", "payment_terms_days": "14", field: value}
    response = owner_client.post(url("supplier_create"), data)
    assert response.status_code == 400
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Supplier.objects.exists() and not SupplierEvent.objects.exists()


def test_owner_edits_a_supplier_and_the_changed_fields_are_logged(owner_client):
    supplier = SupplierFactory(name="CV Lama", payment_terms_days=30)
    data = {"name": "CV Baru", "phone": "", "payment_terms_days": "30", "is_active": "on"}
    assert owner_client.post(url("supplier_edit", supplier.pk), data).status_code == 302
    supplier.refresh_from_db()
    assert supplier.name == "CV Baru" and supplier.phone == ""
    assert "nama" in SupplierEvent.objects.get().note


def test_supplier_products_with_last_price_and_lead_time(owner_client):
    supplier = SupplierFactory()
    product = ProductFactory(sku="TRP-01")
    response = owner_client.post(
        url("supplier_product_set", supplier.pk),
        {"product": "trp-01", "last_price": "150000", "lead_time_days": "7", "supplier_sku": "X-9"},
    )
    assert response.status_code == 302
    offer = SupplierProduct.objects.get()
    assert (offer.product, offer.last_price, offer.lead_time_days, offer.supplier_sku) == (
        product,
        150_000,
        7,
        "X-9",
    )
    body = owner_client.get(url("supplier", supplier.pk)).content.decode()
    assert "TRP-01" in body and "Rp\u00a0150.000" in body


@pytest.mark.parametrize("price", ["-1", "1.5", "abc", "9999999999"])
def test_a_bad_supplier_price_is_refused(owner_client, price):
    supplier = SupplierFactory()
    ProductFactory(sku="TRP-01")
    response = owner_client.post(
        url("supplier_product_set", supplier.pk),
        {"product": "TRP-01", "last_price": price, "lead_time_days": "7"},
    )
    assert response.status_code == 400
    assert not SupplierProduct.objects.exists()


def test_customer_service_sees_suppliers_without_prices_and_cannot_price(cs_client):
    offer = SupplierProductFactory(last_price=123_000)
    body = cs_client.get(url("supplier", offer.supplier_id)).content.decode()
    assert offer.product.sku in body and "123.000" not in body
    assert 'id="supplier-product-form"' not in body
    response = cs_client.post(
        url("supplier_product_set", offer.supplier_id),
        {"product": offer.product.sku, "last_price": "1", "lead_time_days": "1"},
    )
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.last_price == 123_000


def test_members_and_visitors_do_not_reach_purchasing():
    supplier = SupplierFactory()
    member = client_for(UserFactory())
    for name, args in [
        ("orders", ()),
        ("suppliers", ()),
        ("supplier", (supplier.pk,)),
        ("price_requests", ()),
    ]:
        assert member.get(url(name, *args)).status_code == 403
        assert Client().get(url(name, *args)).status_code == 302


def test_supplier_list_query_count_does_not_grow(cs_client, django_assert_max_num_queries):
    SupplierProductFactory.create_batch(3)
    cs_client.get(url("suppliers"))
    with django_assert_max_num_queries(10) as small:
        cs_client.get(url("suppliers"))
    SupplierProductFactory.create_batch(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert cs_client.get(url("suppliers")).status_code == 200


# --- purchase orders ---------------------------------------------------------------------------------


def draft(owner_client, supplier) -> PurchaseOrder:
    response = owner_client.post(url("order_create"), {"supplier": supplier.pk})
    order = PurchaseOrder.objects.get()
    assert response["Location"] == order.get_absolute_url()
    return order


def test_purchase_order_draft_lines_send_and_events(owner_client, owner):
    # given a supplier with a last price for one product
    offer = SupplierProductFactory(
        last_price=45_000, product=ProductFactory(sku="BAT-01", name="Baterai LP-E6")
    )
    other = ProductFactory(sku="FLT-02")
    # when the owner drafts a PO with the last price and a typed cost
    order = draft(owner_client, offer.supplier)
    assert order.status == POStatus.DRAFT
    assert order.number.startswith("PO-") and order.number.endswith(f"-{order.pk:04d}")
    assert (
        owner_client.post(
            url("order_line_set", order.pk), {"product": "BAT-01", "quantity": "10"}
        ).status_code
        == 302
    )
    owner_client.post(
        url("order_line_set", order.pk),
        {"product": "FLT-02", "quantity": "3", "unit_cost": "20000", "expected_date": "2026-12-20"},
    )
    # then the lines and the total are integer rupiah
    lines = {line.product.sku: line for line in PurchaseOrderLine.objects.select_related("product")}
    assert (lines["BAT-01"].quantity, lines["BAT-01"].unit_cost) == (10, 45_000)
    assert (lines["FLT-02"].quantity, lines["FLT-02"].unit_cost, str(lines["FLT-02"].expected_date)) == (
        3,
        20_000,
        "2026-12-20",
    )
    body = owner_client.get(order.get_absolute_url()).content.decode()
    assert "Rp\u00a0510.000" in body
    # when it is sent
    assert owner_client.post(url("order_send", order.pk)).status_code == 302
    order.refresh_from_db()
    assert order.status == POStatus.SENT and order.sent_at is not None
    mail = OutboundEmail.objects.get(kind="purchasing_purchase_order")
    assert mail.to == offer.supplier.email and order.number in mail.subject
    assert "Baterai LP-E6" in mail.body_text and "Rp\u00a0510.000" in mail.body_text
    # and a sent order's lines are fixed
    response = owner_client.post(url("order_line_set", order.pk), {"product": "FLT-02", "quantity": "99"})
    assert response.status_code == 400
    assert "Hanya order pembelian berstatus konsep yang bisa diubah." in response.content.decode()
    assert PurchaseOrderLine.objects.get(product=other).quantity == 3
    events = list(PurchaseOrderEvent.objects.filter(order=order).order_by("pk"))
    assert all(event.actor == owner for event in events)
    assert [e.to_status for e in events if e.to_status] == [POStatus.DRAFT, POStatus.SENT]
    # the PDF prints the number, the lines and the total
    text = pdf_text(owner_client.get(url("order_pdf", order.pk)))
    assert order.number in text and "Baterai LP-E6" in text and "510.000" in text


@pytest.mark.parametrize("quantity", ["0", "-2", "1.5", "abc", ""])
def test_a_bad_quantity_is_refused_and_nothing_is_written(owner_client, quantity):
    offer = SupplierProductFactory()
    order = draft(owner_client, offer.supplier)
    events_before = PurchaseOrderEvent.objects.count()
    response = owner_client.post(
        url("order_line_set", order.pk), {"product": offer.product.sku, "quantity": quantity}
    )
    assert response.status_code == 400
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not PurchaseOrderLine.objects.exists() and PurchaseOrderEvent.objects.count() == events_before


def test_a_line_without_any_price_asks_for_the_unit_cost(owner_client):
    supplier = SupplierFactory()
    ProductFactory(sku="NEW-1")
    order = draft(owner_client, supplier)
    response = owner_client.post(url("order_line_set", order.pk), {"product": "NEW-1", "quantity": "2"})
    assert response.status_code == 400 and 'id="form-errors"' in response.content.decode()
    assert not PurchaseOrderLine.objects.exists()


def test_an_empty_order_cannot_be_sent_and_cancelling_needs_a_reason(owner_client):
    order = draft(owner_client, SupplierFactory())
    owner_client.post(url("order_send", order.pk))
    order.refresh_from_db()
    assert order.status == POStatus.DRAFT and not OutboundEmail.objects.exists()
    assert owner_client.post(url("order_cancel", order.pk), {"reason": ""}).status_code == 400
    order.refresh_from_db()
    assert order.status == POStatus.DRAFT
    assert owner_client.post(url("order_cancel", order.pk), {"reason": "Harga naik"}).status_code == 302
    order.refresh_from_db()
    assert order.status == POStatus.CANCELLED
    assert PurchaseOrderEvent.objects.filter(
        order=order, to_status=POStatus.CANCELLED, note="Harga naik"
    ).exists()
    # a cancelled order is not sent any more
    owner_client.post(url("order_send", order.pk))
    order.refresh_from_db()
    assert order.status == POStatus.CANCELLED


def test_customer_service_sees_purchase_orders_without_prices_and_cannot_order(cs_client, owner_client):
    offer = SupplierProductFactory(last_price=77_000)
    order = draft(owner_client, offer.supplier)
    owner_client.post(url("order_line_set", order.pk), {"product": offer.product.sku, "quantity": "4"})
    body = cs_client.get(order.get_absolute_url()).content.decode()
    assert offer.product.sku in body and "77.000" not in body and "308.000" not in body
    assert "77.000" not in cs_client.get(url("orders")).content.decode()
    assert cs_client.post(url("order_create"), {"supplier": offer.supplier_id}).status_code == 403
    assert cs_client.post(url("order_send", order.pk)).status_code == 403
    assert cs_client.post(url("order_cancel", order.pk), {"reason": "x"}).status_code == 403
    assert cs_client.get(url("order_pdf", order.pk)).status_code == 403
    order.refresh_from_db()
    assert order.status == POStatus.DRAFT and PurchaseOrder.objects.count() == 1


def test_purchase_order_list_query_count_does_not_grow(owner_client, django_assert_max_num_queries):
    def make_orders(count):
        for _ in range(count):
            offer = SupplierProductFactory()
            order = PurchaseOrder.objects.create(
                supplier=offer.supplier, number=f"PO-T-{PurchaseOrder.objects.count()}"
            )
            PurchaseOrderLine.objects.create(order=order, product=offer.product, quantity=2, unit_cost=1000)

    make_orders(2)
    owner_client.get(url("orders"))
    with django_assert_max_num_queries(10) as small:
        owner_client.get(url("orders"))
    make_orders(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = owner_client.get(url("orders")).content.decode()
    assert body.count("Rp\u00a02.000") == 17


# --- price-list requests -----------------------------------------------------------------------------


def test_price_request_sent_answered_and_the_price_feeds_the_purchase_order(owner_client):
    # given a supplier that supplies one product, and another product to ask about
    offer = SupplierProductFactory(last_price=50_000, product=ProductFactory(sku="TAS-01", name="Tas Kamera"))
    ProductFactory(sku="STR-02", name="Strap Kulit")
    supplier = offer.supplier
    form = owner_client.get(url("price_request_create", supplier.pk)).content.decode()
    assert "TAS-01" in form  # the supplier's products are proposed
    # when a request is made for both, sent and answered
    response = owner_client.post(url("price_request_create", supplier.pk), {"skus": "TAS-01\r\nstr-02\r\n"})
    request = PriceListRequest.objects.get()
    assert response["Location"] == request.get_absolute_url()
    assert request.number.startswith("SPH-") and request.lines.count() == 2
    text = pdf_text(owner_client.get(url("price_request_pdf", request.pk)))
    assert request.number in text and "Strap Kulit" in text
    owner_client.post(url("price_request_send", request.pk))
    mail = OutboundEmail.objects.get(kind="purchasing_price_request")
    assert mail.to == supplier.email and "Tas Kamera" in mail.body_text and "Strap Kulit" in mail.body_text
    lines = {line.product.sku: line for line in request.lines.select_related("product")}
    response = owner_client.post(
        url("price_request_answer", request.pk),
        {f"price_{lines['TAS-01'].pk}": "48000", f"price_{lines['STR-02'].pk}": "30000"},
    )
    assert response.status_code == 302
    # then the answered prices are the supplier's last prices
    request.refresh_from_db()
    assert request.status == PriceListRequest.Status.ANSWERED
    prices = dict(SupplierProduct.objects.filter(supplier=supplier).values_list("product__sku", "last_price"))
    assert prices == {"TAS-01": 48_000, "STR-02": 30_000}
    # and a new purchase order line takes that price
    order = draft(owner_client, supplier)
    owner_client.post(url("order_line_set", order.pk), {"product": "STR-02", "quantity": "2"})
    assert PurchaseOrderLine.objects.get().unit_cost == 30_000


@pytest.mark.parametrize("price", ["-5", "1.5", "abc"])
def test_a_bad_answered_price_changes_nothing(owner_client, price):
    offer = SupplierProductFactory(last_price=50_000)
    owner_client.post(url("price_request_create", offer.supplier_id), {"skus": offer.product.sku})
    request = PriceListRequest.objects.get()
    owner_client.post(url("price_request_send", request.pk))
    line = request.lines.get()
    response = owner_client.post(url("price_request_answer", request.pk), {f"price_{line.pk}": price})
    assert response.status_code == 400
    offer.refresh_from_db()
    request.refresh_from_db()
    assert offer.last_price == 50_000 and request.status == PriceListRequest.Status.SENT


def test_a_price_request_with_an_unknown_sku_is_refused(owner_client):
    supplier = SupplierFactory()
    response = owner_client.post(url("price_request_create", supplier.pk), {"skus": "TIDAK-ADA"})
    assert response.status_code == 400 and "TIDAK-ADA" in response.content.decode()
    assert not PriceListRequest.objects.exists()


def test_customer_service_cannot_ask_for_prices(cs_client):
    supplier = SupplierFactory()
    assert cs_client.get(url("price_requests")).status_code == 403
    assert cs_client.post(url("price_request_create", supplier.pk), {"skus": "X"}).status_code == 403


def test_the_navigation_shows_purchasing_to_both_roles(cs_client, owner_client):
    for client in (cs_client, owner_client):
        assert url("orders") in client.get(reverse("backoffice:home")).content.decode()
