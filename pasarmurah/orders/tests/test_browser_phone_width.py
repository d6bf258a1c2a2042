"""On a 390 px phone the cart, checkout and nota fit the screen: no sideways scrolling, every amount on one
line, and the nota's LUNAS stamp covers no text."""

import pytest
from django.test import Client

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.orders.services import order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory
from pasarmurah.store.models import StoreProfile
from pasarmurah.store.selectors import store_profile_forget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every "Rp 1.250.000" (with its sign) in the page: the number of lines each one is drawn on.
_AMOUNT_LINES = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const match of node.data.matchAll(/-?Rp\u00a0[\d.]+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
      if (!rects.length) continue;  // not displayed (a collapsed menu, a hidden element)
      const tops = new Set(rects.map(r => Math.round(r.top)));
      found.push([match[0], tops.size]);
    }
  }
  return found;
}"""

# The rectangles of text inside the nota that the LUNAS stamp overlaps.
_UNDER_STAMP = r"""() => {
  const stamp = document.querySelector(".lunas-stamp");
  const box = stamp.getBoundingClientRect();
  const hits = [];
  const walker = document.createTreeWalker(document.querySelector(".invoice-sheet"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (stamp.contains(node) || !node.data.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top) {
        hits.push(node.data.trim());
      }
    }
  }
  return hits;
}"""


def _assert_fits(page, name):
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    amounts = page.evaluate(_AMOUNT_LINES)
    assert amounts, f"{name} shows no amount"
    broken = [text for text, lines in amounts if lines != 1]
    assert broken == [], f"{name}: amounts broken across lines"


def test_cart_checkout_and_nota_fit_a_phone(live_server, phone_page):
    store = StoreProfile.load()
    store.email = "pelayanan.pelanggan.toko@pasarmurahsolo-kamera.co.id"
    store.address = "Jl. Dr. Radjiman No. 123, Laweyan"
    store.phone, store.whatsapp = "+62271712345", "+6281234567890"
    store.save()
    store_profile_forget()
    member = UserFactory(
        full_name="Bernadeta Kusumawardhani Prasetyaningrum",
        email="bernadeta.kusumawardhani.prasetyaningrum@contoh-surel-panjang.test",
    )
    address = AddressFactory(
        user=member, street="Jl. Kapten Pierre Tendean Gg. Kenanga III No. 127B RT 004/RW 011"
    )
    courier = ShippingRateFactory(
        province=address.province, price_per_kg=125_000, courier__name="J&T Express Reguler"
    ).courier
    products = [
        ProductFactory(name="Tripod Karbon Profesional Benro Mach3 TMA38CL Long", price=8_750_000, stock=9),
        ProductFactory(name="Tas Kamera Lowepro ProTactic 450 AW II", price=3_607_000, stock=9),
    ]
    cart = MemberCart(member)
    for product in products:
        cart.set(product.pk, 3)
    client = Client()
    client.force_login(member)
    page, base = phone_page, live_server.url
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])

    page.goto(base + "/keranjang/")
    _assert_fits(page, "cart")
    assert page.locator("#cart-badge").count() == 1

    page.goto(base + "/checkout/")
    page.wait_for_selector("#checkout-total")
    _assert_fits(page, "checkout")

    order = order_place(
        member=member,
        items=cart.items(),
        checkout_key=cart.checkout_key,
        address=address,
        courier_code=courier.code,
    )
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.PAID)
    page.goto(base + f"/pesanan/{order.number}/nota/")
    _assert_fits(page, "nota")
    assert page.locator(".lunas-stamp").is_visible()
    assert page.evaluate(_UNDER_STAMP) == []
    page.goto(base + f"/pesanan/{order.number}/nota/?ukuran=a5")
    _assert_fits(page, "nota A5")
    assert page.evaluate(_UNDER_STAMP) == []
    assert page.console_errors == []
