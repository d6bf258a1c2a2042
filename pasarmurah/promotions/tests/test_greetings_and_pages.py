import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.models import Order
from pasarmurah.promotions.models import BirthdayGreeting, BirthdayProgramme
from pasarmurah.promotions.selectors import birthday_programme_forget
from pasarmurah.promotions.services import birthday_greetings_send
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
OLD = timezone.now() - datetime.timedelta(days=400)


def test_greetings_go_once_per_member_and_year_to_members_entering_their_window():
    today = datetime.date(2026, 6, 12)  # 3 days before 15 June
    entering = UserFactory(birth_date=datetime.date(1990, 6, 15), date_joined=OLD, accepts_marketing=False)
    inside = UserFactory(birth_date=datetime.date(1991, 6, 10), date_joined=OLD)  # birthday 2 days ago
    UserFactory(birth_date=datetime.date(1990, 7, 15), date_joined=OLD)  # not yet
    UserFactory(birth_date=datetime.date(1990, 6, 15), date_joined=timezone.now())  # too new an account
    assert birthday_greetings_send(today=today) == 2
    assert birthday_greetings_send(today=today) == 0  # a second run (or a second server) sends nothing
    assert birthday_greetings_send(today=today + datetime.timedelta(days=1)) == 0
    mails = OutboundEmail.objects.filter(kind="birthday_greeting")
    assert sorted(mails.values_list("to", flat=True)) == sorted([entering.email, inside.email])
    body = mails.get(to=entering.email).body_text
    assert "10%" in body and "Rp\u00a0100.000" in body and "22 Juni 2026" in body
    assert BirthdayGreeting.objects.filter(year=2026).count() == 2


def test_leap_day_members_are_greeted_in_common_years():
    leap = UserFactory(birth_date=datetime.date(2000, 2, 29), date_joined=OLD)
    assert birthday_greetings_send(today=datetime.date(2027, 2, 25)) == 1
    assert BirthdayGreeting.objects.get(member=leap).window_ends == datetime.date(2027, 3, 7)


def test_switched_off_programme_greets_nobody():
    BirthdayProgramme.objects.filter(pk=1).update(is_active=False)
    birthday_programme_forget()  # as saving in the admin does
    UserFactory(birth_date=datetime.date(1990, 6, 15), date_joined=OLD)
    assert birthday_greetings_send(today=datetime.date(2026, 6, 15)) == 0


def _birthday_member():
    today = timezone.localdate()
    birth = datetime.date(1996, 2, 29) if (today.month, today.day) == (2, 29) else today.replace(year=1990)
    return UserFactory(birth_date=birth, date_joined=OLD)


def test_banner_cart_and_checkout_show_the_birthday_discount(client):
    member = _birthday_member()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province, price_per_kg=10_000).courier
    product = ProductFactory(price=400_000, stock=5, weight_grams=800)
    client.force_login(member)
    assert 'id="birthday-banner"' in client.get("/").content.decode()
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    cart = client.get(reverse("checkout:cart")).content.decode()
    assert "Diskon ulang tahun 10%" in cart and "Rp\u00a0360.000" in cart
    page = client.get(reverse("checkout:checkout"))
    assert "Rp\u00a0370.000" in page.content.decode()  # 400.000 − 40.000 + 10.000
    client.post(
        reverse("checkout:checkout"),
        {
            "address": address.pk,
            "courier": courier.code,
            "place": "1",
            "checkout_key": MemberCart(member).checkout_key,
        },
    )
    assert Order.objects.get().total == 370_000
    # used this year: the banner is gone
    assert 'id="birthday-banner"' not in client.get("/").content.decode()


def test_other_members_see_no_banner(client):
    client.force_login(
        UserFactory(
            birth_date=datetime.date(1990, 1, 1)
            if timezone.localdate().month > 2
            else datetime.date(1990, 8, 1),
            date_joined=OLD,
        )
    )
    assert 'id="birthday-banner"' not in client.get("/").content.decode()


def test_voucher_at_checkout_with_clear_refusals(client):
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province, price_per_kg=10_000).courier
    product = ProductFactory(price=200_000, stock=5, weight_grams=800)
    VoucherFactory(code="JEPRET10", kind="percent", value=10, min_purchase=100_000)
    VoucherFactory(code="BESAR", kind="fixed", value=50_000, min_purchase=1_000_000)
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    data = {"address": address.pk, "courier": courier.code, "checkout_key": MemberCart(member).checkout_key}
    refused = client.post(reverse("checkout:checkout"), data | {"voucher": "besar", "apply": "1"})
    assert "membutuhkan belanja minimal Rp\u00a01.000.000" in refused.content.decode()
    unknown = client.post(
        reverse("checkout:checkout"), data | {"voucher": "<script>x</script>", "apply": "1"}
    )
    assert "tidak dikenal" in unknown.content.decode() and "<script>x" not in unknown.content.decode()
    applied = client.post(reverse("checkout:checkout"), data | {"voucher": "jepret10", "apply": "1"})
    assert "Voucher JEPRET10" in applied.content.decode() and "Rp\u00a0190.000" in applied.content.decode()
    assert Order.objects.count() == 0
    client.post(reverse("checkout:checkout"), data | {"voucher": "jepret10", "place": "1"})
    assert Order.objects.get().total == 190_000
