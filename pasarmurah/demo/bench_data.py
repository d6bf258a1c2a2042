"""Large, fast synthetic data for the benchmarks in bench/ (bulk inserts, one password hash for all).

Randomness here only varies fake data, seeded for repeatable runs; nothing secret depends on it.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from pasarmurah.accounts.models import Address, User
from pasarmurah.catalog.models import Brand, Category, Product
from pasarmurah.catalog.search import search_index_refresh
from pasarmurah.core.provinces import Province
from pasarmurah.demo import demo_data
from pasarmurah.inventory.services import opening_balances_record

BENCH_PASSWORD = "BenchMember#2026"  # noqa: S105 - synthetic benchmark accounts only
BATCH = 5000
# Orders move on within days in a shop: an unpaid one expires at its deadline (the expiry job) and a paid one
# is packed, shipped and received; so only the last fortnight's generated orders are still open.
STILL_OPEN = {
    "awaiting_payment": "expired",
    "paid": "completed",
    "processing": "completed",
    "shipped": "completed",
}
SETTLED_AFTER = datetime.timedelta(days=14)
ADJECTIVES = ["Pro", "Lite", "Mini", "Max", "Plus", "Compact", "Travel", "Studio", "Outdoor", "Ultra", "Slim"]
MATERIALS = ["Aluminium", "Karbon", "Kulit", "Kanvas", "Nilon", "Plastik ABS", "Kaca Optik", "Magnesium"]


def _names_by_category() -> dict[str, list[str]]:
    return {spec["slug"]: [item["name"] for item in spec["products"]] for spec in demo_data.CATEGORIES}


def generate_products(count: int, *, seed: int = 1) -> int:
    """Insert `count` more products named like the demo catalog, over the demo categories and brands."""
    rng = random.Random(seed)  # noqa: S311
    categories = list(Category.objects.filter(slug__in=[spec["slug"] for spec in demo_data.CATEGORIES]))
    brands = list(Brand.objects.all())
    if not categories or not brands:
        raise RuntimeError(
            "Load the demo shop first (manage.py load_demo): bench data reuses its categories."
        )
    names = _names_by_category()
    start = Product.objects.filter(sku__startswith="BN-").count()
    now = timezone.now()
    made = 0
    for offset in range(0, count, BATCH):
        rows = []
        for n in range(start + offset, start + min(offset + BATCH, count)):
            category = categories[n % len(categories)]
            base = rng.choice(names[category.slug])
            name = f"{base} {rng.choice(ADJECTIVES)} {rng.choice(MATERIALS)} Seri {n}"
            rows.append(
                Product(
                    sku=f"BN-{n:07d}",
                    name=name[:200],
                    slug=f"bn-{n}",
                    category=category,
                    brand=rng.choice(brands),
                    description=(
                        f"{base}. Varian {rng.choice(ADJECTIVES)} berbahan {rng.choice(MATERIALS).lower()}, "
                        "cocok untuk fotografer dan videografer. "
                        f"Garansi resmi {rng.choice([3, 6, 12])} bulan."
                    ),
                    price=rng.randrange(15_000, 5_000_000, 500),
                    weight_grams=rng.randrange(50, 5000, 10),
                    stock=rng.choice([0, 1, 2, 5, 10, 25, 60, 100]),
                    sold_count=rng.randrange(0, 500),
                    is_featured=rng.random() < 0.01,
                    created_at=now - datetime.timedelta(minutes=n),
                    updated_at=now,
                )
            )
        with transaction.atomic():
            Product.objects.bulk_create(rows, batch_size=1000)
        made += len(rows)
    # Bulk inserts skip catalog.services: give the new products their brand and category search words,
    # and skip the stock ledger: open it with each new product's stock.
    search_index_refresh(Product.objects.filter(sku__startswith="BN-", search_text=""))
    opening_balances_record(products=Product.objects.filter(sku__startswith="BN-"))
    return made


def _provinces() -> tuple[list[str], list[int]]:
    """The provinces with weights: most of the shop's members live in Central Java and the big Javanese
    cities, and some in every other province."""
    heavy = {"jawa-tengah": 30, "di-yogyakarta": 10, "jawa-timur": 12, "jawa-barat": 12, "dki-jakarta": 10}
    codes = [value for value, _label in Province.choices]
    return codes, [heavy.get(code, 1) for code in codes]


def _addresses(rng: random.Random, members: list[User], provinces) -> list[Address]:
    """Each member's default address (its province also kept on the member row), and a second one for some."""
    rows = []
    for member in members:
        for n in range(2 if rng.random() < 0.15 else 1):
            rows.append(
                Address(
                    user_id=member.pk,
                    label="Rumah" if n == 0 else "Kantor",
                    recipient_name=member.full_name,
                    phone=member.phone,
                    street=f"Jl. Bench No. {member.pk % 300 + 1}",
                    city="Surakarta",
                    province=member.default_province if n == 0 else rng.choices(*provinces)[0],
                    postal_code="57111",
                    is_default=n == 0,
                )
            )
    return rows


def generate_members(count: int, *, seed: int = 2) -> int:
    """Insert `count` more members with plausible names, phones, birth dates spread over the year, and an
    address book (a default address each, in a province weighted as the shop's members are)."""
    rng = random.Random(seed)  # noqa: S311
    provinces = _provinces()
    password = make_password(BENCH_PASSWORD)
    first = [
        "Agus",
        "Budi",
        "Citra",
        "Dewi",
        "Eko",
        "Fitri",
        "Gilang",
        "Hana",
        "Indra",
        "Joko",
        "Kartika",
        "Lestari",
        "Made",
        "Nur",
        "Putri",
        "Rizky",
        "Sari",
        "Teguh",
        "Wahyu",
        "Yuni",
    ]
    last = [
        "Santoso",
        "Wijaya",
        "Saputra",
        "Lestari",
        "Hidayat",
        "Pratama",
        "Nugroho",
        "Siregar",
        "Wibowo",
        "Kusuma",
        "Setiawan",
        "Rahman",
        "Sihombing",
        "Putra",
        "Halim",
    ]
    start = User.objects.filter(email__endswith="@bench.test").count()
    now = timezone.now()
    made = 0
    for offset in range(0, count, BATCH):
        rows = []
        for n in range(start + offset, start + min(offset + BATCH, count)):
            rows.append(
                User(
                    email=f"member{n}@bench.test",
                    full_name=f"{rng.choice(first)} {rng.choice(last)}",
                    phone=f"+62812{n:08d}",
                    birth_date=datetime.date(1960, 1, 1)
                    + datetime.timedelta(days=rng.randrange(0, 365 * 45)),
                    password=password,
                    date_joined=now - datetime.timedelta(days=rng.randrange(1, 2000)),
                    default_province=rng.choices(*provinces)[0],
                )
            )
        with transaction.atomic():
            User.objects.bulk_create(rows, batch_size=1000)
            if any(row.pk is None for row in rows):  # a database that returns no ids from a bulk insert
                ids = dict(
                    User.objects.filter(email__in=[row.email for row in rows]).values_list("email", "pk")
                )
                for row in rows:
                    row.pk = ids[row.email]
            Address.objects.bulk_create(_addresses(rng, rows, provinces), batch_size=1000)
        made += len(rows)
    return made


def generate_orders(lines: int, *, seed: int = 3, lines_per_order: int = 3) -> int:
    """Insert orders with `lines` order lines in all for the bench members, over the last two years.

    Most orders are paid or later (with payment, shipping and closing times, a courier and a province); about
    one in ten is cancelled (some after payment), expired or unpaid; one in eight is a counter sale with its
    payment method; some carry a birthday or voucher discount. Lines snapshot the product's cost price.
    Bulk inserts with the times set here (`created_at` is `auto_now_add`, switched off meanwhile); they go
    around the services, so run `manage.py rebuild_report_summaries` afterwards (the command does).
    """
    from pasarmurah.orders.models import CounterPayment, Order, OrderDiscount, OrderLine
    from pasarmurah.shipping.models import Courier

    rng = random.Random(seed)  # noqa: S311
    members = list(User.objects.filter(email__endswith="@bench.test").values_list("pk", flat=True))
    products = list(Product.objects.values_list("pk", "name", "sku", "price", "cost_price")[:5000])
    couriers = list(Courier.objects.values_list("pk", "name")) or [(None, "Bench REG")]
    provinces = [value for value, _label in Province.choices]
    statuses = ["completed"] * 6 + [
        "shipped",
        "paid",
        "processing",
        "cancelled",
        "expired",
        "awaiting_payment",
    ]
    methods = ["cash", "cash", "qris", "card", "transfer"]
    # A few buyers buy often, most once or twice, many never (as in a real shop).
    buyers = rng.sample(members, k=max(1, len(members) * 3 // 5))
    weights = [rng.paretovariate(1.5) for _ in buyers]
    now = timezone.now()
    field = Order._meta.get_field("created_at")
    field.auto_now_add = False
    made = 0
    hour = datetime.timedelta(hours=1)
    try:
        start = Order.objects.count()
        n = start
        while made < lines:
            chosen = rng.choices(buyers, weights=weights, k=BATCH // lines_per_order)
            orders, planned, extras = [], [], []
            for member_id in chosen:
                count = min(
                    rng.randint(1, lines_per_order * 2 - 1), lines - made - sum(len(p) for p in planned)
                )
                if count <= 0:
                    break
                picked = [rng.choice(products) for _ in range(count)]
                subtotal = sum(price for _pk, _name, _sku, price, _cost in picked)
                created = now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 3, 730 * 24 * 60))
                counter = rng.random() < 0.125
                status = "completed" if counter else rng.choice(statuses)
                if counter and rng.random() < 0.02:
                    status = "cancelled"
                if now - created > SETTLED_AFTER and status in STILL_OPEN:
                    status = STILL_OPEN[status]
                paid_at = shipped_at = closed_at = None
                paid_cancel = status == "cancelled" and (counter or rng.random() < 0.4)
                if status in ("paid", "processing", "shipped", "completed") or paid_cancel:
                    paid_at = created if counter else created + hour * rng.uniform(0.2, 20)
                if status in ("shipped", "completed") and not counter:
                    shipped_at = paid_at + hour * rng.uniform(2, 48)
                if status == "completed":
                    closed_at = created if counter else shipped_at + hour * rng.uniform(24, 150)
                elif status in ("cancelled", "expired"):
                    closed_at = (paid_at or created) + hour * rng.uniform(1, 30)
                discount = 0
                kind = None
                if not counter and rng.random() < 0.06:
                    kind = rng.choice(["birthday", "voucher"])
                    discount = min(subtotal, rng.choice([10_000, 25_000, 50_000]))
                shipping = 0 if counter else 10_000 * max(1, count // 2)
                courier_pk, courier_name = (None, "") if counter else rng.choice(couriers)
                orders.append(
                    Order(
                        number=f"PM-BENCH-{n:07d}",
                        member_id=None if counter and rng.random() < 0.5 else member_id,
                        status=status,
                        channel="counter" if counter else "online",
                        checkout_key=f"bench-{n}",
                        recipient_name="Bench",
                        phone="+6281200000000",
                        street="Jl. Bench 1",
                        city="Surakarta",
                        province="jawa-tengah" if counter else rng.choice(provinces),
                        postal_code="57111",
                        courier_id=courier_pk,
                        courier_name=courier_name,
                        is_pickup=counter,
                        weight_grams=500 * count,
                        subtotal=subtotal,
                        discount_total=discount,
                        shipping_cost=shipping,
                        total=subtotal - discount + shipping,
                        payment_deadline=created + datetime.timedelta(hours=24),
                        paid_at=paid_at,
                        shipped_at=shipped_at,
                        closed_at=closed_at,
                        created_at=created,
                    )
                )
                planned.append(picked)
                extras.append((kind, discount, rng.choice(methods) if counter else None))
                n += 1
            with transaction.atomic():
                Order.objects.bulk_create(orders, batch_size=1000)
                keys = dict(
                    Order.objects.filter(checkout_key__in=[o.checkout_key for o in orders]).values_list(
                        "checkout_key", "pk"
                    )
                )
                OrderLine.objects.bulk_create(
                    [
                        OrderLine(
                            order_id=keys[order.checkout_key],
                            product_id=pk,
                            product_name=name,
                            sku=sku,
                            base_unit_price=price,
                            unit_price=price,
                            quantity=1,
                            weight_grams=500,
                            unit_cost=cost or price * 6 // 10,
                        )
                        for order, picked in zip(orders, planned, strict=True)
                        for pk, name, sku, price, cost in picked
                    ],
                    batch_size=2000,
                )
                OrderDiscount.objects.bulk_create(
                    [
                        OrderDiscount(order_id=keys[order.checkout_key], kind=kind, label=kind, amount=amount)
                        for order, (kind, amount, _method) in zip(orders, extras, strict=True)
                        if kind
                    ]
                )
                CounterPayment.objects.bulk_create(
                    [
                        CounterPayment(
                            order_id=keys[order.checkout_key], method=method, amount_received=order.total
                        )
                        for order, (_kind, _amount, method) in zip(orders, extras, strict=True)
                        if method
                    ]
                )
            made += sum(len(p) for p in planned)
            if not orders:
                break
    finally:
        field.auto_now_add = True
    return made
