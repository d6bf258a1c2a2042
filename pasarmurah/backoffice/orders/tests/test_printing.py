"""Staff printing for every order: the shop's copy of the nota, the packing slip (no prices), the label."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pasarmurah.core.tests.money import shows_rupiah
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.store.models import StoreProfile

pytestmark = pytest.mark.django_db
PRINTS = ["nota", "nota_pdf", "packing_slip", "shipping_label"]


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("name", PRINTS)
def test_prints_are_for_the_desk_only(client, order, name):
    url = reverse(f"backoffice:orders:{name}", args=[order.number])
    assert client.get(url).status_code == 302  # a visitor goes to the login
    client.force_login(order.member)
    assert client.get(url).status_code == 403  # the member has its own nota, not the shop's


@pytest.mark.parametrize("name", PRINTS)
def test_an_unknown_order_is_a_404(cs_client, name):
    assert cs_client.get(reverse(f"backoffice:orders:{name}", args=["PM-0000-999999"])).status_code == 404


def test_the_order_page_links_every_print(cs_client, order):
    html = cs_client.get(reverse("backoffice:orders:order", args=[order.number])).content.decode()
    for name in ["nota", "packing_slip", "shipping_label"]:
        assert reverse(f"backoffice:orders:{name}", args=[order.number]) in html


def test_shop_copy_of_an_unpaid_order_has_no_lunas_stamp_and_a_paid_one_has(cs_client, order):
    url = reverse("backoffice:orders:nota", args=[order.number])
    html = cs_client.get(url).content.decode()
    assert "Salinan toko" in html
    assert "LUNAS" not in html
    assert "Belum dibayar" in html
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.PAID, paid_at=timezone.now())
    html = cs_client.get(url + "?ukuran=a5").content.decode()
    assert "LUNAS" in html
    assert 'class="invoice invoice-a5"' in html
    # back to the desk, not to the member page
    assert reverse("backoffice:orders:order", args=[order.number]) in html
    assert f'href="{reverse("orders:detail", args=[order.number])}"' not in html


def test_shop_copy_pdf_says_whose_copy_it_is(cs_client, order):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.PAID, paid_at=timezone.now())
    response = cs_client.get(reverse("backoffice:orders:nota_pdf", args=[order.number]) + "?ukuran=a5")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "SALINAN TOKO" in text
    assert "LUNAS" in text
    assert order.number in text


def test_packing_slip_lists_items_and_quantities_without_any_price(cs_client, order):
    line = order.lines.get()
    html = cs_client.get(reverse("backoffice:orders:packing_slip", args=[order.number])).content.decode()
    assert line.product_name in html
    assert line.sku in html
    assert order.number in html
    assert not shows_rupiah(html)
    assert 'id="items-total">1<' in html


def test_shipping_label_carries_addresses_courier_resi_and_number(cs_client, order):
    store = StoreProfile.load()
    Order.objects.filter(pk=order.pk).update(tracking_number="JNE0123456789")
    html = cs_client.get(reverse("backoffice:orders:shipping_label", args=[order.number])).content.decode()
    for text in [
        order.number,
        order.courier_name,
        "JNE0123456789",
        order.recipient_name,
        order.city,
        order.postal_code,
        store.name,
        store.city,
    ]:
        assert text in html
    assert not shows_rupiah(html)
