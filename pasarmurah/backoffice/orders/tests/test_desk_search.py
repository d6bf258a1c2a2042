"""The order desk's search paths and queue counts: each way of reading fewer rows finds the same orders."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.backoffice.navigation import request_counts
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.orders.selectors import orders_for_desk, queue_counts
from pasarmurah.orders.services import order_place

pytestmark = pytest.mark.django_db
S = OrderStatus


@pytest.fixture
def orders(address, courier):
    """Three orders: two of Rina Marlina (oldest first), one delivered to Budi Penerima for another member."""
    rina = UserFactory(full_name="Rina Marlina", email="rina.m@contoh.test", phone="+6281399887766")
    other = UserFactory(full_name="Joko", email="joko@contoh.test", phone="+6285700001111")
    places = [
        (rina, AddressFactory(user=rina, province=address.province, phone="+6282100000001")),
        (rina, AddressFactory(user=rina, province=address.province, phone="+6282100000002")),
        (
            other,
            AddressFactory(
                user=other, province=address.province, recipient_name="Budi Penerima", phone="+6282155554444"
            ),
        ),
    ]
    product = ProductFactory(stock=10)
    return [
        order_place(
            member=member,
            items={product.pk: 1},
            checkout_key=f"search-{n}",
            address=place,
            courier_code=courier.code,
        )
        for n, (member, place) in enumerate(places)
    ]


def found(query: str) -> list[Order]:
    return list(orders_for_desk(query=query))


def test_a_whole_order_number_finds_that_order_alone_in_any_case(orders):
    first = orders[0]
    assert found(first.number) == [first]
    assert found(f"  {first.number.lower()} ") == [first]
    assert found("PM-0001-999999") == []  # a whole number that does not exist finds nothing


def test_the_start_of_a_number_finds_every_order_it_begins_newest_first(orders):
    newest_first = list(reversed(orders))
    assert found(orders[0].number[:7]) == newest_first  # "PM-YYMM"
    assert found(orders[0].number[:7].lower()) == newest_first
    assert found("PM-0000") == []


def test_other_text_finds_member_name_email_phone_recipient_and_part_of_a_number(orders):
    rina_first, rina_second, budi = orders
    assert found("marlina") == [rina_second, rina_first]
    assert found("rina.m@") == [rina_second, rina_first]
    assert found("0813 9988") == [rina_second, rina_first]  # the member's phone, written nationally
    assert found("0821 5555") == [budi]  # the phone the order was delivered to
    assert found("penerima") == [budi]
    assert found(budi.number[3:]) == [budi]  # a number without its "PM-" is still found
    assert found("Tidak Ada") == []


def test_a_search_within_a_channel_and_a_queue_keeps_both_filters(orders):
    rina_first, _rina_second, _budi = orders
    Order.objects.filter(pk=rina_first.pk).update(status=S.CANCELLED)
    assert list(orders_for_desk(queue="cancelled", query="Marlina")) == [rina_first]
    assert list(orders_for_desk(channel="counter", query="Marlina")) == []


def test_queue_counts_count_every_queue_and_the_orders_about_to_expire(orders):
    assert queue_counts()["unpaid"] == 3 and queue_counts()["expiring"] == 0
    soon = timezone.now() + datetime.timedelta(hours=1)
    Order.objects.filter(pk=orders[0].pk).update(payment_deadline=soon)
    Order.objects.filter(pk=orders[1].pk).update(status=S.COMPLETED, payment_deadline=soon)
    counts = queue_counts()
    assert counts == {
        "verify": 0,
        "process": 0,
        "ship": 0,
        "unpaid": 2,
        "shipped": 0,
        "done": 1,
        "cancelled": 0,
        "expired": 0,
        "expiring": 1,  # an unpaid order only: the completed one is not about to expire
    }
    assert queue_counts(work_only=True) == {
        "verify": 0,
        "process": 0,
        "ship": 0,
        "unpaid": 2,
        "expiring": 1,
    }


def test_queue_counts_of_an_empty_shop_are_zero():
    assert set(queue_counts().values()) == {0}
    assert set(queue_counts(work_only=True).values()) == {0}


def test_the_desk_counts_its_queues_once_and_the_staff_menu_shows_the_same_counts(cs_client, orders):
    desk = reverse("backoffice:orders:desk")
    cs_client.get(desk)  # the caches of the layout are warm
    with CaptureQueriesContext(connection) as queries:
        response = cs_client.get(desk, {"queue": "unpaid"})
    counting = [
        q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"] and "orders_order" in q["sql"]
    ]
    assert len(counting) == 1
    menu = request_counts(response.wsgi_request).orders
    assert (menu["verify"], menu["process"], menu["ship"], menu["unpaid"]) == (0, 0, 0, 3)
    tabs = {name: count for name, _label, count in response.context["queues"]}
    assert (tabs["unpaid"], tabs["expiring"], tabs["done"]) == (3, 0, 0)
