#!/usr/bin/env python3
"""Reorder suggestions at size (issue 12: 50,000 products and 1,000,000 order lines under 5 s).

    .venv/bin/python bench/run_reorder.py                                  # SQLite, full size
    .venv/bin/python bench/run_reorder.py --products 5000 --lines 100000   # a quick look
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_bench_reorder .venv/bin/python bench/run_reorder.py

The data go to their own database (by default `var/bench/reorder-<products>-<lines>.sqlite3`), made once with
`migrate`, `load_demo` (the catalog), bulk inserts (`demo.bench_data.generate_products`, `generate_members`,
`generate_orders`) and, for the worst case, one supplier that supplies every active product, with open
purchase-order lines for a tenth of them and wishlist entries; later runs reuse it. Then
`purchasing.reorder.reorder_suggestions(supplier=...)` (the page's one query plus the arithmetic on its rows)
runs `--runs` times; wall and CPU time of each run, the medians, the query count and the load are printed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _supplier_with_everything():
    from pasarmurah.accounts.models import User
    from pasarmurah.catalog.models import Product
    from pasarmurah.crm.models import WishlistItem
    from pasarmurah.purchasing.models import (
        POStatus,
        PurchaseOrder,
        PurchaseOrderLine,
        Supplier,
        SupplierProduct,
    )

    supplier = Supplier.objects.filter(name="Bench Grosir").first()
    if supplier is not None:
        return supplier
    supplier = Supplier.objects.create(name="Bench Grosir")
    products = list(Product.objects.filter(is_active=True).values_list("pk", flat=True))
    SupplierProduct.objects.bulk_create(
        (SupplierProduct(supplier=supplier, product_id=pk, last_price=50_000) for pk in products),
        batch_size=2000,
    )
    staff = User.objects.filter(is_staff=True).first()
    order = PurchaseOrder.objects.create(
        supplier=supplier, number="PO-BENCH-0001", status=POStatus.SENT, created_by=staff
    )
    PurchaseOrderLine.objects.bulk_create(
        (
            PurchaseOrderLine(order=order, product_id=pk, quantity=10, unit_cost=50_000)
            for pk in products[::10]
        ),
        batch_size=2000,
    )
    members = list(User.objects.filter(email__endswith="@bench.test").values_list("pk", flat=True)[:5000])
    WishlistItem.objects.bulk_create(
        (
            WishlistItem(user_id=member, product_id=products[i % len(products)])
            for i, member in enumerate(members)
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    return supplier


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"reorder-{args.products}-{args.lines}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarmurah.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pasarmurah.accounts.models import User
    from pasarmurah.catalog.models import Product
    from pasarmurah.demo import bench_data
    from pasarmurah.orders.models import OrderLine
    from pasarmurah.purchasing.reorder import reorder_suggestions

    call_command("migrate", verbosity=0)
    if not User.objects.filter(email__endswith="@bench.test").exists():
        started = time.perf_counter()
        call_command("load_demo", verbosity=0)
        bench_data.generate_products(args.products)
        bench_data.generate_members(args.members)
        bench_data.generate_orders(args.lines)
        print(f"data generated in {time.perf_counter() - started:.0f} s", flush=True)
    supplier = _supplier_with_everything()
    products = Product.objects.count()
    offers = supplier.products.count()
    lines = OrderLine.objects.count()
    print(f"{connection.vendor}: {products} products, {lines} order lines, {offers} supplied", flush=True)
    timings, cpu = [], []
    for run in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            suggestions = reorder_suggestions(supplier=supplier)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        to_order = sum(1 for suggestion in suggestions if suggestion.quantity)
        print(
            f"run {run + 1}: {timings[-1]:.2f} s wall, {cpu[-1]:.2f} s CPU of this process, "
            f"{len(suggestions)} products, {to_order} to order, {len(queries)} queries",
            flush=True,
        )
    load = os.getloadavg()[0]
    print(
        f"median {statistics.median(timings):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
        f"(target < 5 s); load average {load:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
