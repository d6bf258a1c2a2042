#!/usr/bin/env python3
"""Checkout benchmark: what the stock ledger's writes cost an order (issue 12: at most 10% slower).

    .venv/bin/python bench/run_checkout_ledger.py                  # 3-line orders, 7 rounds of 40 orders
    .venv/bin/python bench/run_checkout_ledger.py --lines 5 --rounds 9 --orders 60

One process, one fresh SQLite database under var/bench/ (the test settings: jobs in-process, mail in memory).
"After" is `orders.services.order_place` as it is (the lines through `inventory.services.stock_moves`: each
line's conditional UPDATE ... RETURNING, one INSERT of the movements). "Before" is the same `order_place`
with the stock step swapped, in this process only, for what placing did before the ledger (the bare
conditional UPDATE of stock and units sold). Rounds alternate before/after so drift of the machine hits
both; the median CPU time per order of each is reported (with SQLite the database work runs in this process,
so CPU time is the cost of the code and does not move with what else the machine runs, as wall time does),
and the ratio against the 1.10 target. "Ledger alone" is the ledger with the reports' per-day stock summary
(StockDay, which listens to every move in the same transaction) switched off for the round.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=3)
    parser.add_argument("--orders", type=int, default=40, help="orders per round")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of each variant")
    args = parser.parse_args()

    database = ROOT / "var" / "bench" / "checkout-ledger.sqlite3"
    database.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "pasarmurah.settings_test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import F

    call_command("migrate", verbosity=0)

    from pasarmurah.accounts.models import Address, User
    from pasarmurah.catalog.models import Brand, Category, Product
    from pasarmurah.core.provinces import Province
    from pasarmurah.inventory.models import StockMovement
    from pasarmurah.inventory.services import OutOfStock
    from pasarmurah.orders import services as order_services
    from pasarmurah.shipping.models import Courier, ShippingRate

    member = User.objects.create_user(email="bench@pasarmurah.test", password=None, full_name="Bench")
    address = Address.objects.create(
        user=member,
        recipient_name="Bench",
        phone="+6281234567890",
        street="Jl. Slamet Riyadi 1",
        city="Surakarta",
        province=Province.JAWA_TENGAH,
        postal_code="57111",
    )
    courier = Courier.objects.create(code="bench", name="Bench Express")
    ShippingRate.objects.create(courier=courier, province=address.province, price_per_kg=10_000)
    category = Category.objects.create(name="Bench", slug="bench")
    brand = Brand.objects.create(name="Bench", slug="bench")
    products = [
        Product.objects.create(
            sku=f"BENCH-{i}",
            name=f"Produk Bench {i}",
            slug=f"produk-bench-{i}",
            category=category,
            brand=brand,
            price=100_000,
            weight_grams=500,
            stock=1_000_000,
        )
        for i in range(args.lines)
    ]
    items = {product.pk: 1 for product in products}

    ledger_move = order_services.stock_moves
    from pasarmurah.inventory.signals import stock_moved
    from pasarmurah.reports.receivers import on_stock_moved

    def ledger_alone(**kwargs):
        """The ledger without the reports' per-day stock summary (StockDay) that listens to each move."""
        stock_moved.disconnect(dispatch_uid="reports-stock-moved")
        try:
            return ledger_move(**kwargs)
        finally:
            stock_moved.connect(on_stock_moved, dispatch_uid="reports-stock-moved")

    def bare_update(*, moves, only_active=False, **_reference):
        """What placing did before the ledger: one conditional UPDATE per line, no movement rows."""
        for product_id, quantity in sorted(moves):
            rows = Product.objects.filter(pk=product_id, stock__gte=-quantity)
            if only_active:
                rows = rows.filter(is_active=True)
            if not rows.update(stock=F("stock") + quantity, sold_count=F("sold_count") - quantity):
                raise OutOfStock("out of stock", product_id=product_id, available=0)

    counter = iter(range(10**9))

    def round_of(variant) -> float:
        order_services.stock_moves = variant
        started = time.process_time()
        for _ in range(args.orders):
            order_services.order_place(
                member=member,
                items=items,
                checkout_key=f"bench-{next(counter)}",
                address=address,
                courier_code=courier.code,
            )
        return (time.process_time() - started) / args.orders

    round_of(ledger_move)  # warm-up: caches, the first rows of every table
    round_of(bare_update)
    before, after, alone = [], [], []
    for _ in range(args.rounds):
        before.append(round_of(bare_update))
        after.append(round_of(ledger_move))
        alone.append(round_of(ledger_alone))
    order_services.stock_moves = ledger_move

    b, a, m = statistics.median(before), statistics.median(after), statistics.median(alone)
    ratio = a / b
    print(f"orders of {args.lines} lines, {args.rounds} rounds of {args.orders} orders each")
    print(f"before (bare UPDATE): median {b * 1000:.2f} ms per order (CPU)")
    print(f"ledger alone (no stock summary): median {m * 1000:.2f} ms per order, ratio {m / b:.3f}")
    print(f"after (ledger and the reports' stock summary): median {a * 1000:.2f} ms per order")
    print(f"ratio {ratio:.3f} (target <= 1.10): {'met' if ratio <= 1.10 else 'NOT met'}")
    print(f"movements written: {StockMovement.objects.count()}")
    return 0 if ratio <= 1.10 else 1


if __name__ == "__main__":
    sys.exit(main())
