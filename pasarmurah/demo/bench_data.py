"""Large, fast synthetic data for the benchmarks in bench/ (bulk inserts, one password hash for all).

Randomness here only varies fake data, seeded for repeatable runs; nothing secret depends on it.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.catalog.models import Brand, Category, Product
from pasarmurah.catalog.search import search_index_refresh
from pasarmurah.demo import demo_data

BENCH_PASSWORD = "BenchMember#2026"  # noqa: S105 - synthetic benchmark accounts only
BATCH = 5000
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
    # Bulk inserts skip catalog.services: give the new products their brand and category search words.
    search_index_refresh(Product.objects.filter(sku__startswith="BN-", search_text=""))
    return made


def generate_members(count: int, *, seed: int = 2) -> int:
    """Insert `count` more members with plausible names, phones and birth dates spread over the year."""
    rng = random.Random(seed)  # noqa: S311
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
                )
            )
        with transaction.atomic():
            User.objects.bulk_create(rows, batch_size=1000)
        made += len(rows)
    return made
