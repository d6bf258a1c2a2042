"""Query budgets at shop scale: a member's order history and the staff desk's lists at 100,000 orders.

The orders are bulk-inserted (as bench/ does), spread over every status, both channels and many members, one
member with 2,000 of them; with lines on the pages shown. Query counts do not grow with the data: these
hold the budgets where a missing select_related or a count per row would show at once.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders.models import Order, OrderChannel, OrderLine, OrderStatus
from pasarmurah.orders.selectors import QUEUES

pytestmark = pytest.mark.django_db
ORDERS = 100_000
MEMBER_ORDERS = 2_000
STATUSES = list(OrderStatus.values)


def _bulk_orders(member, others, courier, product) -> None:
    now = timezone.now()
    field = Order._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        rows = []
        for n in range(ORDERS):
            owner = member if n < MEMBER_ORDERS else others[n % len(others)]
            created = now - datetime.timedelta(minutes=n)
            counter = n % 20 == 0 and n >= MEMBER_ORDERS
            rows.append(
                Order(
                    number=f"PM-SCALE-{n:07d}",
                    member=None if counter else owner,
                    channel=OrderChannel.COUNTER if counter else OrderChannel.ONLINE,
                    status=OrderStatus.COMPLETED if counter else STATUSES[n % len(STATUSES)],
                    checkout_key=f"scale-{n}",
                    recipient_name=f"Penerima {n}",
                    phone="+6281200000000",
                    street="Jl. Slamet Riyadi 1",
                    city="Surakarta",
                    province="jawa-tengah",
                    postal_code="57111",
                    courier=None if counter else courier,
                    courier_name="" if counter else courier.name,
                    weight_grams=500,
                    subtotal=100_000,
                    total=100_000,
                    payment_deadline=created + datetime.timedelta(days=1),
                    created_at=created,
                )
            )
        with transaction.atomic():
            Order.objects.bulk_create(rows, batch_size=2_000)
    finally:
        field.auto_now_add = True
    # lines for the orders the first pages show (the member's newest, each queue's oldest)
    shown = list(
        Order.objects.filter(member=member).order_by("-created_at")[:40].values_list("pk", flat=True)
    )
    for _name, status in QUEUES:
        shown += Order.objects.filter(status=status).order_by("created_at")[:40].values_list("pk", flat=True)
    OrderLine.objects.bulk_create(
        OrderLine(
            order_id=pk,
            product=product,
            product_name=product.name,
            sku=product.sku,
            base_unit_price=100_000,
            unit_price=100_000,
            quantity=1,
            weight_grams=500,
        )
        for pk in set(shown)
    )


@pytest.fixture
def many_orders(member, courier):
    User.objects.bulk_create(
        User(email=f"scale{n}@contoh.test", full_name=f"Pembeli {n}", phone=f"+62813{n:08d}")
        for n in range(200)
    )
    others = list(User.objects.filter(email__startswith="scale"))
    _bulk_orders(member, others, courier, ProductFactory())
    assert Order.objects.count() == ORDERS
    return member


def test_order_history_and_desk_lists_keep_their_budgets_at_100000_orders(
    client, cs_client, many_orders, django_assert_max_num_queries
):
    member = many_orders
    member_client = client.__class__()
    member_client.force_login(member)
    history = reverse("orders:list")
    member_client.get(history)  # warm the store profile and menu caches
    for page in ("", "?page=2", "?page=100"):
        with django_assert_max_num_queries(6):
            response = member_client.get(history + page)
        assert response.status_code == 200
        assert "PM-SCALE-" in response.content.decode()

    desk = reverse("backoffice:orders:desk")
    cs_client.get(desk)
    lists = [f"?queue={name}" for name, _status in QUEUES]
    lists += [
        "?queue=done&page=50",
        "?cari=PM-SCALE-00012",
        "?cari=Penerima",
        "?kanal=counter",
        "?kanal=online",
    ]
    for query in lists:
        with django_assert_max_num_queries(10):
            response = cs_client.get(desk + query)
        assert response.status_code == 200, query
        assert "PM-SCALE-" in response.content.decode(), query
