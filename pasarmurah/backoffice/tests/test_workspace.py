"""The staff workspace: /staf/ home, one navigation with permission checks and labelled waiting counts."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.backoffice.navigation import AREAS
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm import services as crm
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.orders.services import order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
HOME = "/staf/"


def staff_client(*, role=None, permissions=()):
    user = StaffFactory()
    if role:
        user.groups.add(Group.objects.get(name=role))
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        user.user_permissions.add(permission)
    client = Client()
    client.force_login(user)
    return client


def far_birth_date() -> datetime.date:
    """A birth date whose window opens four months from now: never among this week's birthdays (the
    dashboard's card), whatever today is."""
    return (timezone.localdate() + datetime.timedelta(days=120)).replace(year=1990)


def place_orders(statuses, **changes):
    """Orders of one new member (born far from this week) moved to these statuses (and other `changes`)."""
    member = UserFactory(birth_date=far_birth_date())
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    orders = []
    for n, status in enumerate(statuses):
        order = order_place(
            member=member,
            items={ProductFactory(stock=5).pk: 1},
            checkout_key=f"w{member.pk}-{n}",
            address=address,
            courier_code=courier.code,
        )
        Order.objects.filter(pk=order.pk).update(status=status, **changes)
        orders.append(order)
    return orders


def test_staff_home_exists_at_staf_and_lists_the_areas_with_labelled_waiting_work():
    # given: 2 proofs to verify, 1 paid and 1 packed order to ship, 3 messages waiting
    S = OrderStatus
    place_orders([S.PAYMENT_REVIEW, S.PAYMENT_REVIEW, S.PAID, S.PROCESSING, S.AWAITING_PAYMENT])
    for n in range(3):
        crm.ticket_open(member=UserFactory(), kind="complaint", subject=f"s{n}", message="m")
    # when
    response = staff_client(role=CUSTOMER_SERVICE).get(HOME)
    # then
    assert reverse("backoffice:home") == HOME
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 bukti perlu diverifikasi" in body
    assert "2 pesanan perlu dikirim" in body
    assert "3 pesan menunggu" in body
    for key in ("orders", "tickets", "members"):
        assert f'id="area-{key}"' in body
    assert 'id="area-birthday"' not in body  # Customer Service has no birthday report


@pytest.mark.parametrize("who", ["visitor", "member", "staff without role"])
def test_staff_home_is_denied_like_every_staff_page(who):
    client = Client()
    if who == "member":
        client.force_login(UserFactory())
    elif who == "staff without role":
        client.force_login(StaffFactory())
    response = client.get(HOME)
    if who == "visitor":
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 403


def test_workspace_has_its_own_layout_without_the_storefront_search():
    client = staff_client(role=OWNER)
    for url in (
        HOME,
        reverse("backoffice:orders:desk"),
        reverse("backoffice:tickets:inbox"),
        reverse("backoffice:members:list"),
        reverse("backoffice:birthday:report"),
    ):
        body = client.get(url).content.decode()
        assert 'id="staff-header"' in body and 'id="staff-nav"' in body, url
        assert 'id="search-form"' not in body and 'name="q"' not in body, url  # no storefront search box
        assert 'class="shop-footer' not in body, url
        assert 'id="breadcrumbs"' in body, url
        assert f'href="{reverse("storefront:home")}" id="staff-storefront-link"' in body, url
        assert f'href="{reverse("admin:index")}" id="staff-admin-link"' in body, url
        assert "<style" not in body and 'style="' not in body and " onclick=" not in body, url


def test_the_active_area_is_marked_in_the_navigation():
    body = staff_client(role=OWNER).get(reverse("backoffice:tickets:guestbook")).content.decode()
    active = re.findall(r'class="nav-link[^"]*\bactive\b[^"]*"[^>]*id="nav-area-(\w+)"', body)
    assert active == ["tickets"]


@pytest.mark.parametrize(
    ("permissions", "shown"),
    [
        ((), []),
        (("accounts.view_user",), ["members"]),
        (("crm.change_ticket",), ["tickets"]),
        (("orders.change_order", "promotions.change_birthdayprogramme"), ["orders", "birthday"]),
    ],
)
def test_a_staff_link_shows_only_with_its_permission(permissions, shown):
    client = staff_client(permissions=permissions)
    storefront = client.get(reverse("storefront:home")).content.decode()
    for area in AREAS:
        link = f'href="{reverse(area.url_name)}"'
        assert (link in storefront) == (area.key in shown), (area.key, "storefront header")
    if shown:
        workspace = client.get(HOME).content.decode()
        assert re.findall(r'id="area-(\w+)"', workspace) == shown
        for area in AREAS:
            assert (f'id="nav-area-{area.key}"' in workspace) == (area.key in shown)
            opened = client.get(reverse(area.url_name)).status_code
            assert opened == (200 if area.key in shown else 403), area.key
    else:
        assert client.get(HOME).status_code == 403
        assert 'id="nav-staff-home"' not in storefront


def test_every_count_in_the_storefront_header_has_a_visible_label():
    for n in range(3):
        crm.ticket_open(member=UserFactory(), kind="suggestion", subject=f"s{n}", message="m")
    place_orders([OrderStatus.PAYMENT_REVIEW])
    body = staff_client(role=CUSTOMER_SERVICE).get(reverse("storefront:home")).content.decode()
    badge = re.search(r'<span class="badge[^"]*" id="nav-staff-badge">([^<]*)</span>', body)
    assert badge and badge.group(1).strip() == "4 menunggu"
    assert "3 pesan menunggu" in body and "1 bukti perlu diverifikasi" in body
    # the account button's accessible name is its content (no aria-label hiding the count)
    button = re.search(r'<button[^>]*id="nav-account"[^>]*>', body).group(0)
    assert "aria-label" not in button


def test_members_see_no_staff_links():
    client = Client()
    client.force_login(UserFactory())
    body = client.get(reverse("storefront:home")).content.decode()
    assert "/staf/" not in body and 'id="nav-staff-badge"' not in body


def test_staff_home_query_count_does_not_grow(django_assert_max_num_queries):
    client = staff_client(role=OWNER)
    place_orders([OrderStatus.PAYMENT_REVIEW])
    client.get(HOME)
    # 4 session/user/permissions + 7 panel counts + the Owner's headline figures and backup check
    with django_assert_max_num_queries(22) as few:
        client.get(HOME)
    place_orders([OrderStatus.PAYMENT_REVIEW, OrderStatus.PAID, OrderStatus.PROCESSING] * 3)
    for n in range(5):
        crm.ticket_open(member=UserFactory(), kind="complaint", subject=f"s{n}", message="m")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(HOME)
